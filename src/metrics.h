/*
 * metrics: the counters capsuled exports in the Prometheus text format
 * (--metrics).  Connections, the front ends and the daemon bump them
 * with one relaxed atomic add each, never a lock; a scrape reads them
 * all (metrics_read) into a struct metrics_snap, and metrics_render()
 * writes that as text, a pure function of the values it is given.
 *
 * The counters are the process's own, one set for every worker; nothing
 * here owns memory.  A request's status is kept in a fixed slot: Gemini's
 * two digits, a Gopher item type (one character), or one of a few words
 * (metrics_status_slot); anything else counts as "other".
 */
#ifndef CAPSULE_METRICS_H
#define CAPSULE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum metrics_proto {
	METRICS_NONE,		/* not counted: the metrics listener itself */
	METRICS_GEMINI,
	METRICS_GOPHER,
	METRICS_NPROTO
};

/* Hex digits of a git commit id (SHA-256 ones included). */
#define METRICS_VERSION_MAX	64
/* What became of a Titan upload, by its answer's status. */
enum metrics_upload {
	METRICS_UP_WRITTEN,	/* 30 */
	METRICS_UP_MALFORMED,	/* 59, 53 */
	METRICS_UP_DENIED,	/* 60, 61, 62 */
	METRICS_UP_UNAVAILABLE,	/* 40 and anything else */
	METRICS_UP_N
};

/* 00-99, 94 printable characters, the words, "other". */
#define METRICS_NSTATUS	(100 + 94 + 4 + 1)

/* The values of one scrape. */
struct metrics_snap {
	uint64_t	ms_requests[METRICS_NPROTO][METRICS_NSTATUS];
	uint64_t	ms_bytes[METRICS_NPROTO];
	uint64_t	ms_handshakes_full;
	uint64_t	ms_handshakes_resumed;
	uint64_t	ms_conns_open;
	uint64_t	ms_conns_refused;
	uint64_t	ms_rate_limited;
	uint64_t	ms_generation;		/* snapshots published */
	uint64_t	ms_articles;
	uint64_t	ms_reload_ms;		/* the last reload's duration */
	uint64_t	ms_reload_time;		/* its end, Unix seconds */
	uint64_t	ms_rss;			/* bytes; 0: unknown */
	char		ms_version[METRICS_VERSION_MAX + 1];	/* "": none */
	uint64_t	ms_uploads[METRICS_UP_N];
};

/* The slot of a status string, and the label of a slot. */
size_t	 metrics_status_slot(const char *status);
void	 metrics_status_label(size_t slot, char *out, size_t outsz);

/* Bumped by whoever sees the event; proto METRICS_NONE is ignored. */
void	 metrics_request(enum metrics_proto, const char *status,
	    uint64_t bytes);
void	 metrics_handshake(int resumed);
void	 metrics_conn_open(void);
void	 metrics_conn_close(void);
void	 metrics_conn_refused(void);
void	 metrics_rate_limited(void);
/* A Titan upload answered with this Gemini status. */
void	 metrics_upload(int status);
/* A snapshot went into service: its articles, after ms, at Unix time t. */
void	 metrics_reload(uint64_t articles, uint64_t ms, uint64_t t);

/*
 * The store's version in service: its git commit (hex, at most
 * METRICS_VERSION_MAX digits), or "" when it has none.  Written by the
 * thread that reloads; a scrape never sees half of one.
 */
void	 metrics_version(const char *commit);

/*
 * Opens /proc/self/statm for metrics_read, before the process locks
 * itself out of /proc (landlock, chroot): 0, or -1 (memory then 0).
 */
int	 metrics_open(void);

/* Every counter now, and the process's resident memory. */
void	 metrics_read(struct metrics_snap *);

/* The Prometheus text exposition (version 0.0.4) of s, appended to b. */
void	 metrics_render(const struct metrics_snap *s, struct buf *b);

#endif
