/*
 * writer: the one process that writes the store for Titan uploads
 * (issue #12), and the socketpair protocol capsuled speaks to it.
 *
 * Who owns what:
 *   - capsuled (h2's side) calls writer_spawn() once, from the main
 *     thread, BEFORE priv_drop() and before any other thread exists, and
 *     preferably before it loads the TLS key (the processes it forks keep
 *     a copy of the memory they were forked from).  It parses Titan,
 *     checks sizes against its own caps, reads the whole body, and only
 *     then calls writer_call() from a worker thread.
 *   - writer.c forks a small supervisor, which confines itself (below)
 *     and forks the writer proper; when the writer dies, the supervisor
 *     starts another on a new socketpair and hands capsuled its end.
 *     Restarting needs a process the daemon's own Landlock does not bind,
 *     which is why capsuled never forks writers itself.
 *   - The writer decides, authoritatively: it reads PUBLISHERS_FILE again
 *     for every request, finds the publisher by fingerprint, verifies the
 *     token, and takes the name and role from the file, never from the
 *     request (wq_name and wq_role are what capsuled believed; a
 *     disagreement is 61).  Every write goes through pub.h, the same code
 *     capsulectl uses, and so ends in the audit log.
 *
 * Confinement of the supervisor and the writer: no_new_privs and, where
 * the kernel has Landlock, writing (creating, removing, renaming,
 * truncating) only beneath the store's articles/, media/, .trash/ and
 * .git/ (when there is one), and writing to the existing files .lock and
 * .log; no TCP bind or connect.  Reading is not restricted.  publishers
 * is read, never written, by the writer.  Started as root, both run as
 * the owner of the store directory.
 *
 * Roles (publishers.h), enforced here:
 *   writer  WRITER_ADD only lands as "Status: draft" (whatever the header
 *           says), with Author: filled from the name when missing and
 *           "Filed-By: NAME" set (the ownership record, kept by every
 *           later replace); WRITER_REPLACE only of a draft whose Filed-By
 *           is its own name, and the result stays a draft.  Anything else
 *           (media, trash, publish, another's article) is 61.
 *   editor  everything; its Status: header is obeyed.
 */
#ifndef CAPSULE_WRITER_H
#define CAPSULE_WRITER_H

#include <stddef.h>
#include <sys/types.h>

#include "publishers.h"
#include "store.h"

#define WRITER_MEDIA_NAME_MAX	128	/* [A-Za-z0-9._-], no leading '.' */
#define WRITER_MIME_MAX		127
#define WRITER_TOKEN_MAX	255
#define WRITER_META_MAX		1024	/* a Gemini meta, bytes */
/* Ceilings the writer itself enforces; capsuled's caps sit below them. */
#define WRITER_ARTICLE_MAX	STORE_ARTICLE_MAX
#define WRITER_MEDIA_MAX	(64u << 20)

enum writer_op {
	WRITER_ADD = 1,		/* titan://HOST/articles/ */
	WRITER_REPLACE,		/* titan://HOST/articles/SLUG, size > 0 */
	WRITER_TRASH,		/* titan://HOST/articles/SLUG, size = 0 */
	WRITER_MEDIA,		/* titan://HOST/media/NAME */
	WRITER_PUBLISH		/* set Status: published on SLUG (editor) */
};

struct writer_req {
	enum writer_op		 wq_op;
	char			 wq_name[PUBLISHERS_NAME_MAX + 1];
	enum publishers_role	 wq_role;
	char			 wq_fp[PUBLISHERS_FP_LEN + 1];
	/* The slug (REPLACE, TRASH, PUBLISH) or media name; "" for ADD. */
	char			 wq_target[WRITER_MEDIA_NAME_MAX + 1];
	/*
	 * Titan's mime parameter: for articles text/gemini (also when
	 * empty), text/plain or text/markdown; for media the type claimed,
	 * which libmagic must confirm.
	 */
	char			 wq_mime[WRITER_MIME_MAX + 1];
	char			 wq_token[WRITER_TOKEN_MAX + 1];	/* "": none */
	const char		*wq_body;	/* the complete upload */
	size_t			 wq_len;
};

struct writer_resp {
	/*
	 * A Gemini status: 30 written; 40 the writer is not running (or
	 * died during the request: the write may or may not have happened);
	 * 59 the upload is malformed (or too large); 61 not allowed; 40
	 * also when the store could not be written (the message says so).
	 */
	int		 wr_status;
	/*
	 * On 30 empty: capsuled builds the URL from wr_slug and wr_draft
	 * with route_path().  Otherwise the message for the client, for 59
	 * "LINE: message" as capsulectl check words it (no file name).
	 */
	char		 wr_meta[WRITER_META_MAX + 1];
	/* On 30: the article's slug or the media file's name. */
	char		 wr_slug[WRITER_MEDIA_NAME_MAX + 1];
	int		 wr_draft;	/* on 30: the article is a draft */
	int		 wr_media;	/* on 30: wr_slug is under media/ */
};

struct writer;

/*
 * Forks the supervisor for the store directory store and waits until the
 * first writer is ready.  Creates .lock, .log, media/ and .trash/ first
 * when missing (Landlock lets the writer write only what exists), owned
 * by the store's owner.  Returns a handle, or NULL with *errstr set (a
 * static message).  The handle is the daemon's: writer_call() may be
 * used on it from any thread.
 */
struct writer	*writer_spawn(const char *store, const char **errstr);

/*
 * Sends req and waits for the answer, filling resp.  Thread-safe: calls
 * on one handle are serialised by a mutex inside it (the writer serves
 * one request at a time in any case).  Returns 0 when the writer
 * answered (or, for a body over WRITER_MEDIA_MAX, resp is a 59 sent
 * without asking it), -1 when it did not (down, died, timed out: 30 s);
 * resp is then a 40 with a message, so the caller may send resp either
 * way.  Blocks the calling thread for the whole exchange.
 */
int		 writer_call(struct writer *w, const struct writer_req *req,
		    struct writer_resp *resp);

/* The pid of the writer in service (0 while none), for tests and logs. */
pid_t		 writer_pid(struct writer *w);

/* Stops the supervisor and the writer, waits for them, frees w. */
void		 writer_stop(struct writer *w);

#endif
