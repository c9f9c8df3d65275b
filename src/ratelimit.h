/*
 * ratelimit: a token bucket per client address, one table shared by
 * every worker thread (a client's connections land on any worker).
 *
 * A client is an IPv4 address, or the /64 prefix of an IPv6 one: a
 * single site is normally given a whole /64, so counting each IPv6
 * address apart would let one host take 2^64 buckets.  Its bucket holds
 * REQUESTS tokens and refills at REQUESTS per SECONDS; a request takes
 * a token, and a request that finds none is refused with the whole
 * seconds until the next one.
 *
 * Memory is fixed when the table is made, whatever addresses arrive: a
 * bucket that has refilled is the same as no bucket, so only clients
 * below their full allowance take a slot, and a newcomer that finds its
 * set of slots taken evicts the fullest bucket there.  Under a flood of
 * addresses the table forgets and so lets requests through; it never
 * refuses one it should not.  Locks are striped by set, so workers only
 * wait for each other on the same stripe, for a few instructions.
 *
 * Ownership: ratelimit_new() returns a table that the caller frees with
 * ratelimit_free() once no thread uses it.  Nothing else allocates.
 */
#ifndef CAPSULE_RATELIMIT_H
#define CAPSULE_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define RATELIMIT_SLOTS		65536	/* capsuled's table: 1 MiB */
#define RATELIMIT_REQUESTS_MAX	1000000
#define RATELIMIT_SECONDS_MAX	86400

struct sockaddr;
struct ratelimit;

/*
 * The client a socket address stands for: an IPv4 address (also when
 * IPv4-mapped in IPv6) or an IPv6 /64 prefix.  Other families share one
 * key.
 */
uint64_t	 ratelimit_key(const struct sockaddr *);

/*
 * A table of at least slots buckets (rounded up to whole sets), with
 * the limit off; NULL when out of memory.
 */
struct ratelimit *ratelimit_new(size_t slots);
void		 ratelimit_free(struct ratelimit *);

/*
 * Sets the limit: requests per seconds, requests 0 for none.  Safe
 * while other threads take tokens.  A change empties the table (every
 * client starts with a full bucket); setting the limit in force again
 * keeps it.
 */
void		 ratelimit_set(struct ratelimit *, unsigned requests,
		    unsigned seconds);

/*
 * Takes a token from key's bucket at now (µs on any clock that never
 * goes back): 0 when the request may go on, -1 when it is refused, with
 * *wait set to the seconds (at least 1) until the bucket holds a token.
 */
int		 ratelimit_take(struct ratelimit *, uint64_t key, uint64_t now,
		    unsigned *wait);

/*
 * Parses a --rate-limit value into requests and seconds (requests 0
 * for "off").  Returns 0, or -1 with *errstr set.
 */
int		 ratelimit_parse(const char *, unsigned *requests,
		    unsigned *seconds, const char **errstr);

#endif
