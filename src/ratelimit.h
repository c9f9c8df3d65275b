/*
 * ratelimit: the limits per client address, one table shared by every
 * worker thread (a client's connections land on any worker): a token
 * bucket for the connections a client may open, and a count of those
 * it holds open.
 *
 * A client is an IPv4 address, or the /64 prefix of an IPv6 one: a
 * single site is normally given a whole /64, so counting each IPv6
 * address apart would let one host take 2^64 buckets.  Its bucket holds
 * REQUESTS tokens and refills at REQUESTS per SECONDS; every connection
 * takes a token when it is accepted, before any TLS work, since a full
 * handshake is the dearest thing a client can make the server do, and a
 * connection is one request in both protocols.  A connection that finds
 * no token is still let in to be told why, at most RATELIMIT_REFUSALS
 * times per SECONDS (a second bucket, refilled at that rate): it is
 * refused with the whole seconds until the next token.  Past both, it
 * is closed at once, unanswered and without a handshake.  So a client
 * costs at most REQUESTS + RATELIMIT_REFUSALS handshakes per SECONDS
 * once its first allowance is spent.
 *
 * Memory is fixed when the table is made, whatever addresses arrive: a
 * bucket that has refilled is the same as no bucket, so only clients
 * below their full allowance take a slot, and a newcomer that finds its
 * set of slots taken evicts the fullest bucket there.  Under a flood of
 * addresses the table forgets and so lets requests through; it never
 * refuses one it should not.  Locks are striped by set, so workers only
 * wait for each other on the same stripe, for a few instructions.
 *
 * The count of open connections must be exact instead: an entry per
 * client with a connection open, allocated at its first and freed at
 * its last, so its memory follows the connections open, which other
 * limits bound.  Its locks are the same stripes.
 *
 * Ownership: ratelimit_new() returns a table that the caller frees with
 * ratelimit_free() once no thread uses it.  Nothing else allocates but
 * ratelimit_conn_enter(), whose entry the matching
 * ratelimit_conn_leave() frees.
 */
#ifndef CAPSULE_RATELIMIT_H
#define CAPSULE_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define RATELIMIT_SLOTS		65536	/* capsuled's table: 1.5 MiB */
#define RATELIMIT_REQUESTS_MAX	1000000
#define RATELIMIT_SECONDS_MAX	86400
#define RATELIMIT_REFUSALS	10	/* answered per SECONDS, past the limit */
#define RATELIMIT_CONNS_MAX	1000000	/* --max-conns-per-address */

/* What ratelimit_take() says of a new connection. */
enum ratelimit_verdict {
	RATELIMIT_PASS = 0,	/* serve it */
	RATELIMIT_REFUSE = -1,	/* answer it with the wait, serve nothing */
	RATELIMIT_DROP = -2	/* close it at once */
};

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
 * goes back) for a new connection: RATELIMIT_PASS when it may go on;
 * else *wait is set to the seconds (at least 1) until the bucket holds
 * a token, and the verdict is RATELIMIT_REFUSE while the client has
 * refusals left (one is taken), RATELIMIT_DROP once it has none.
 * Neither takes a token of the bucket.
 */
int		 ratelimit_take(struct ratelimit *, uint64_t key, uint64_t now,
		    unsigned *wait);

/*
 * Counts a connection of key opened: 0, or -1 when key holds max
 * already (max 0: no cap) or when out of memory; then nothing is
 * counted.  Every 0 must be matched by one ratelimit_conn_leave() of
 * the same key when that connection closes.
 */
int		 ratelimit_conn_enter(struct ratelimit *, uint64_t key,
		    unsigned max);
void		 ratelimit_conn_leave(struct ratelimit *, uint64_t key);

/*
 * Parses a --max-conns-per-address value, a number or "off" (0).
 * Returns 0, or -1 with *errstr set.
 */
int		 ratelimit_conn_parse(const char *, unsigned *max,
		    const char **errstr);

/*
 * Parses a --rate-limit value into requests and seconds (requests 0
 * for "off").  Returns 0, or -1 with *errstr set.
 */
int		 ratelimit_parse(const char *, unsigned *requests,
		    unsigned *seconds, const char **errstr);

#endif
