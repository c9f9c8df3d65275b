/*
 * ratelimit: see ratelimit.h.
 *
 * A bucket is kept as one number, the time at which it will be full
 * again (rs_full): with T the refill interval of one token, a bucket
 * full at F holds REQUESTS - (F - now) / T tokens, so a request may go
 * on while F - now <= (REQUESTS - 1) * T, and taking a token moves F on
 * by T.  The refusals are a second bucket kept the same way (rs_refused).
 * A slot whose two times have passed holds full buckets, which is what
 * a client without a slot has: such a slot is free.
 *
 * The table is RL_WAYS-way set-associative: a key's hash picks a set,
 * and the key lives in one of that set's slots or nowhere.  Finding,
 * adding and evicting are a scan of one set under its stripe's lock.
 *
 * The open connections are a chained hash table of RL_CONN_BUCKETS
 * chains, a chain under the lock of its stripe.
 */
#include <sys/random.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ratelimit.h"

#define RL_WAYS		8	/* slots per set: three cache lines */
#define RL_STRIPES	64	/* locks */
#define RL_CONN_BUCKETS	4096	/* chains of open-connection counts */
#define RL_USEC		1000000ULL
/*
 * IPv4 keys: the ffff:ffff::/32 block of IPv6 is multicast, never the
 * source of a TCP connection, so no /64 prefix can take these values.
 */
#define RL_V4		0xffffffff00000000ULL

struct rl_slot {
	uint64_t	 rs_key;
	uint64_t	 rs_full;	/* µs: full again then */
	uint64_t	 rs_refused;	/* µs: refusals full again then */
};

/* A client's open connections. */
struct rl_conn {
	uint64_t	 rc_key;
	unsigned	 rc_n;
	struct rl_conn	*rc_next;
};

/* A lock per cache line, so that workers on two stripes never share one. */
struct rl_stripe {
	_Alignas(64) pthread_mutex_t	 st_lock;
};

struct ratelimit {
	struct rl_stripe	 rl_stripes[RL_STRIPES];
	struct rl_slot		*rl_slots;	/* rl_nsets * RL_WAYS */
	size_t			 rl_nsets;	/* a power of two */
	uint64_t		 rl_seed;
	/* Written with every stripe locked, read with one. */
	uint64_t		 rl_interval;	/* µs per token; 0: no limit */
	uint64_t		 rl_burst;	/* µs: (REQUESTS - 1) tokens */
	uint64_t		 rl_rinterval;	/* µs per refusal */
	uint64_t		 rl_rburst;
	unsigned		 rl_requests;
	unsigned		 rl_seconds;
	struct rl_conn		*rl_conns[RL_CONN_BUCKETS];
};

uint64_t
ratelimit_key(const struct sockaddr *sa)
{
	const struct sockaddr_in6 *s6;
	const unsigned char *a;
	uint64_t k = 0;
	int i;

	if (sa->sa_family == AF_INET)
		return RL_V4 | ntohl(((const struct sockaddr_in *)(const void *)
		    sa)->sin_addr.s_addr);
	if (sa->sa_family != AF_INET6)
		return 0;
	s6 = (const struct sockaddr_in6 *)(const void *)sa;
	a = s6->sin6_addr.s6_addr;
	if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
		return RL_V4 | (uint64_t)a[12] << 24 | (uint64_t)a[13] << 16 |
		    (uint64_t)a[14] << 8 | a[15];
	for (i = 0; i < 8; i++)
		k = k << 8 | a[i];
	return k;
}

/*
 * The set of a key.  The seed is secret, so a client cannot pick
 * addresses that crowd one set to push a victim out of it.
 */
static uint64_t
rl_hash(const struct ratelimit *rl, uint64_t key)
{
	uint64_t h = key ^ rl->rl_seed;

	/* A bijective 64-bit mixer (the splitmix64 finaliser). */
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static size_t
rl_set(const struct ratelimit *rl, uint64_t key)
{
	return (size_t)rl_hash(rl, key) & (rl->rl_nsets - 1);
}

/* The slot's later time: the slot is free once it has passed. */
static uint64_t
rl_busy(const struct rl_slot *s)
{
	return s->rs_full > s->rs_refused ? s->rs_full : s->rs_refused;
}

struct ratelimit *
ratelimit_new(size_t slots)
{
	struct ratelimit *rl;
	struct timespec ts;
	size_t nsets = 1;
	int i;

	while (nsets * RL_WAYS < slots && nsets < ((size_t)1 << 40))
		nsets *= 2;
	if ((rl = aligned_alloc(64, sizeof(*rl))) == NULL)
		return NULL;
	memset(rl, 0, sizeof(*rl));
	if ((rl->rl_slots = calloc(nsets * RL_WAYS,
	    sizeof(*rl->rl_slots))) == NULL) {
		free(rl);
		return NULL;
	}
	rl->rl_nsets = nsets;
	if (getrandom(&rl->rl_seed, sizeof(rl->rl_seed), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(rl->rl_seed)) {
		/* Only fairness under a crafted flood depends on it. */
		clock_gettime(CLOCK_REALTIME, &ts);
		rl->rl_seed = (uint64_t)ts.tv_nsec << 32 ^ (uint64_t)ts.tv_sec ^
		    (uint64_t)(uintptr_t)rl;
	}
	for (i = 0; i < RL_STRIPES; i++)
		pthread_mutex_init(&rl->rl_stripes[i].st_lock, NULL);
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	struct rl_conn *rc, *next;
	int i;

	if (rl == NULL)
		return;
	for (i = 0; i < RL_CONN_BUCKETS; i++)
		for (rc = rl->rl_conns[i]; rc != NULL; rc = next) {
			next = rc->rc_next;
			free(rc);
		}
	for (i = 0; i < RL_STRIPES; i++)
		pthread_mutex_destroy(&rl->rl_stripes[i].st_lock);
	free(rl->rl_slots);
	free(rl);
}

void
ratelimit_set(struct ratelimit *rl, unsigned requests, unsigned seconds)
{
	int i;

	if (requests > RATELIMIT_REQUESTS_MAX)
		requests = RATELIMIT_REQUESTS_MAX;
	if (seconds < 1)
		seconds = 1;
	else if (seconds > RATELIMIT_SECONDS_MAX)
		seconds = RATELIMIT_SECONDS_MAX;
	/* In order, so two callers cannot deadlock; workers take one. */
	for (i = 0; i < RL_STRIPES; i++)
		pthread_mutex_lock(&rl->rl_stripes[i].st_lock);
	if (requests != rl->rl_requests || (requests != 0 &&
	    seconds != rl->rl_seconds)) {
		/* Buckets kept in the old unit would mean nothing now. */
		memset(rl->rl_slots, 0, rl->rl_nsets * RL_WAYS *
		    sizeof(*rl->rl_slots));
		rl->rl_requests = requests;
		rl->rl_seconds = seconds;
		rl->rl_interval = requests == 0 ? 0 :
		    (uint64_t)seconds * RL_USEC / requests;
		rl->rl_burst = requests == 0 ? 0 :
		    (uint64_t)(requests - 1) * rl->rl_interval;
		rl->rl_rinterval = (uint64_t)seconds * RL_USEC /
		    RATELIMIT_REFUSALS;
		rl->rl_rburst = (RATELIMIT_REFUSALS - 1) * rl->rl_rinterval;
	}
	for (i = RL_STRIPES - 1; i >= 0; i--)
		pthread_mutex_unlock(&rl->rl_stripes[i].st_lock);
}

int
ratelimit_take(struct ratelimit *rl, uint64_t key, uint64_t now,
    unsigned *wait)
{
	size_t set = rl_set(rl, key);
	pthread_mutex_t *lock = &rl->rl_stripes[set % RL_STRIPES].st_lock;
	struct rl_slot *s = &rl->rl_slots[set * RL_WAYS], *b = NULL;
	uint64_t late;
	int i, rc = RATELIMIT_PASS;

	pthread_mutex_lock(lock);
	if (rl->rl_interval == 0)
		goto done;
	for (i = 0; i < RL_WAYS; i++) {
		if (s[i].rs_key == key && rl_busy(&s[i]) > now) {
			b = &s[i];
			break;
		}
		/* Else the slot whose buckets are (or come) fullest first. */
		if (b == NULL || rl_busy(&s[i]) < rl_busy(b))
			b = &s[i];
	}
	if (b->rs_key != key || rl_busy(b) <= now) {
		b->rs_key = key;
		b->rs_full = b->rs_refused = now;
	}
	/* One bucket may be full while the other is not. */
	if (b->rs_full < now)
		b->rs_full = now;
	if (b->rs_refused < now)
		b->rs_refused = now;
	if (b->rs_full - now <= rl->rl_burst) {
		b->rs_full += rl->rl_interval;
		goto done;
	}
	late = b->rs_full - now - rl->rl_burst;
	*wait = (unsigned)((late + RL_USEC - 1) / RL_USEC);
	if (b->rs_refused - now <= rl->rl_rburst) {
		b->rs_refused += rl->rl_rinterval;
		rc = RATELIMIT_REFUSE;
	} else
		rc = RATELIMIT_DROP;
done:
	pthread_mutex_unlock(lock);
	return rc;
}

/* The chain of key's count, and its lock. */
static struct rl_conn **
rl_chain(struct ratelimit *rl, uint64_t key, pthread_mutex_t **lock)
{
	size_t i = (size_t)(rl_hash(rl, key) >> 32) & (RL_CONN_BUCKETS - 1);

	*lock = &rl->rl_stripes[i % RL_STRIPES].st_lock;
	return &rl->rl_conns[i];
}

int
ratelimit_conn_enter(struct ratelimit *rl, uint64_t key, unsigned max)
{
	pthread_mutex_t *lock;
	struct rl_conn **head = rl_chain(rl, key, &lock), *rc;
	int r = 0;

	pthread_mutex_lock(lock);
	for (rc = *head; rc != NULL; rc = rc->rc_next)
		if (rc->rc_key == key)
			break;
	if (rc == NULL) {
		if ((rc = malloc(sizeof(*rc))) == NULL)
			r = -1;
		else {
			rc->rc_key = key;
			rc->rc_n = 1;
			rc->rc_next = *head;
			*head = rc;
		}
	} else if (max != 0 && rc->rc_n >= max)
		r = -1;
	else
		rc->rc_n++;
	pthread_mutex_unlock(lock);
	return r;
}

void
ratelimit_conn_leave(struct ratelimit *rl, uint64_t key)
{
	pthread_mutex_t *lock;
	struct rl_conn **head = rl_chain(rl, key, &lock), **pp, *rc;

	pthread_mutex_lock(lock);
	for (pp = head; (rc = *pp) != NULL; pp = &rc->rc_next)
		if (rc->rc_key == key) {
			if (--rc->rc_n == 0) {
				*pp = rc->rc_next;
				free(rc);
			}
			break;
		}
	pthread_mutex_unlock(lock);
}

/*
 * capsuled(8), --max-conns-per-address:
 *   max = "off" / 1*DIGIT	; 0 (as off) to 1000000
 */
int
ratelimit_conn_parse(const char *s, unsigned *max, const char **errstr)
{
	unsigned long v = 0;
	const char *p;

	if (strcmp(s, "off") == 0) {
		*max = 0;
		return 0;
	}
	for (p = s; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (unsigned long)(*p - '0')) >
		    RATELIMIT_CONNS_MAX)
			break;
	if (p == s || *p != '\0') {
		*errstr = "max-conns-per-address is a number, 1-1000000, "
		    "or off";
		return -1;
	}
	*max = (unsigned)v;
	return 0;
}

/*
 * capsuled(8), --rate-limit:
 *   rate-limit = "off" / requests "/" seconds
 *   requests   = 1*DIGIT	; 1 to 1000000
 *   seconds    = 1*DIGIT	; 1 to 86400
 */
int
ratelimit_parse(const char *s, unsigned *requests, unsigned *seconds,
    const char **errstr)
{
	unsigned long v[2];
	const char *p = s;
	int i;

	if (strcmp(s, "off") == 0) {
		*requests = 0;
		*seconds = 1;
		return 0;
	}
	for (i = 0; i < 2; i++) {
		v[i] = 0;
		if (*p < '0' || *p > '9')
			goto bad;
		for (; *p >= '0' && *p <= '9'; p++)
			if ((v[i] = v[i] * 10 + (unsigned long)(*p - '0')) >
			    RATELIMIT_REQUESTS_MAX)
				goto range;
		if (*p != (i == 0 ? '/' : '\0'))
			goto bad;
		p++;
	}
	if (v[0] < 1 || v[1] < 1 || v[1] > RATELIMIT_SECONDS_MAX)
		goto range;
	*requests = (unsigned)v[0];
	*seconds = (unsigned)v[1];
	return 0;
bad:
	*errstr = "rate-limit is REQUESTS/SECONDS (such as 300/60) or off";
	return -1;
range:
	*errstr = "rate-limit: REQUESTS must be 1-1000000, SECONDS 1-86400";
	return -1;
}
