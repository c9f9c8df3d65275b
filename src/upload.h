/*
 * upload: Titan uploads between the workers' event loops and the writer
 * process (writer.h).
 *
 * writer_call() blocks for as long as the writer takes (the store's
 * lock, a temporary file, fsync, rename): called from a worker it would
 * stop every other connection of that worker meanwhile.  So a worker
 * only reads an upload's body, without blocking (conn.h), then queues
 * the complete upload here; one thread of this module calls the writer,
 * one upload at a time (the writer serves one at a time anyway), and
 * hands the answer back to the worker through an eventfd the upload
 * watches on the worker's loop.  A slow writer delays uploads only;
 * readers are never kept waiting by it.
 *
 * Who owns what: capsuled configures the module (upload_start, with the
 * writer handle and the store directory, both still its own; the caps
 * with upload_caps, also on SIGHUP) and stops it after the workers.
 * gemini.c makes each struct upload, which owns its body, and frees it
 * in its done callback, on the worker's thread.
 */
#ifndef CAPSULE_UPLOAD_H
#define CAPSULE_UPLOAD_H

#include <stddef.h>

#include "ev.h"
#include "publishers.h"
#include "writer.h"

#define UPLOAD_BASE_MAX	320	/* gemini://host[:port], as sn_base */
/*
 * Bytes of bodies held at once, every connection's together: a crowd of
 * uploads (or, when capsuled cannot read publishers, of strangers'
 * bodies) cannot hold more memory than this.
 */
#define UPLOAD_INFLIGHT_MAX	(128u << 20)

struct upload {
	struct ev_io		 u_io;		/* first: the eventfd back */
	struct writer_req	 u_req;		/* wq_body points into u_body */
	struct writer_resp	 u_resp;
	char			*u_body;
	char			 u_base[UPLOAD_BASE_MAX];
	void			*u_ctx;		/* the caller's (its conn) */
	/* Called on the worker's thread once u_resp is set; frees u. */
	void			(*u_done)(struct upload *);
	size_t			 u_reserved;	/* of UPLOAD_INFLIGHT_MAX */
	struct upload		*u_next;	/* the queue's */
	struct ev_loop		*u_loop;
};

/*
 * Starts the thread that calls w for every upload; storefd is the store
 * directory (publishers are read from it, never written).  Neither is
 * owned.  0, or -1 with errno set.
 */
int	 upload_start(struct writer *w, int storefd);
/* Lets the thread finish the upload in hand, stops it; idempotent. */
void	 upload_stop(void);
/* 1 once upload_start() has run: Titan requests are taken. */
int	 upload_enabled(void);

/* The caps, in bytes, for articles and media (SIGHUP may change them). */
void	 upload_caps(size_t articles, size_t media);
size_t	 upload_cap(int media);

/* The publishers file as it is now, for a check before a body is read. */
int	 upload_publishers(struct publishers *ps, const char **errstr);

/*
 * A new upload for ctx, with done to call on the thread of loop; NULL
 * when out of memory.  upload_submit() queues it: 0, or -1 (nothing
 * queued; the caller still owns u and frees it with upload_free).
 */
struct upload	*upload_new(void *ctx, void (*done)(struct upload *));
int	 upload_submit(struct upload *u, struct ev_loop *loop);
void	 upload_free(struct upload *u);

/*
 * Counts n bytes of body against UPLOAD_INFLIGHT_MAX for u, until
 * upload_free(u): 0, or -1 when they do not fit now.
 */
int	 upload_reserve(struct upload *u, size_t n);

#endif
