/*
 * pub: every write to a store, in one place: capsulectl's commands and
 * the writer process (writer.h) both call these, so that a Titan upload
 * and a command line take the same lock, temporary file, fsync and
 * rename, follow the same rules, and leave the same audit line.
 *
 * Who owns what: the caller opens the store (p_dirfd, p_artfd) and keeps
 * the descriptors; pub takes and releases the store's lock around each
 * write itself, and never prints: a failure is described in p_err for
 * the caller to word (capsulectl) or to send (the writer).  Every write
 * that succeeds ends in one static function of pub.c, pub_record(),
 * which appends the audit line to STORE_LOG (and is where anything else
 * that must follow every write belongs); it runs with the store's lock
 * still held, so what it does is serialised with the writes.
 *
 * Roles: p_role 0 is the store's owner at a shell (capsulectl), allowed
 * everything; PUBLISHERS_EDITOR likewise; PUBLISHERS_WRITER files drafts
 * only (see writer.h), checked here under the lock against the file as
 * it is then.
 */
#ifndef CAPSULE_PUB_H
#define CAPSULE_PUB_H

#include <stddef.h>

#include "article.h"
#include "publishers.h"

#define STORE_LOG	".log"
/* Records a writer's ownership of what it filed (writer.h). */
#define PUB_FILED_BY	"Filed-By"
#define PUB_RESULT_MAX	256

enum pub_kind {
	PUB_EINPUT = 1,	/* the text given is wrong: Titan 59 */
	PUB_EDENIED,	/* the role does not allow it: 61 */
	PUB_ENOENT,	/* no such article: 51 */
	PUB_ECONFLICT,	/* taken slug, changed meanwhile: 59 */
	PUB_ESYSTEM	/* the store could not be written: 40 */
};

/*
 * A failure: pe_msg is the message; where it is about a file of the
 * store, pe_file is its path relative to the store ("articles/x.gmi");
 * pe_input says it is about the text given (pe_line then its line, or
 * 0); neither: the message stands alone.
 */
struct pub_err {
	enum pub_kind	pe_kind;
	int		pe_input;
	unsigned	pe_line;
	char		pe_file[128];
	char		pe_msg[512];
};

struct pub {
	int			 p_dirfd;	/* the store */
	int			 p_artfd;	/* its articles/ */
	const char		*p_who;		/* the log's name */
	const char		*p_fp;		/* NULL: "-" in the log */
	enum publishers_role	 p_role;	/* 0: the local owner */
	/* Takes the lock (store_lock when NULL): capsulectl's says when it waits. */
	int			(*p_lock)(int dirfd);
	struct pub_err		 p_err;		/* after a -1 */
	/* After a 0: the slug written (".trash/NAME" after a trash). */
	char			 p_result[PUB_RESULT_MAX];
	int			 p_draft;	/* the article written is a draft */
	int			 p_logfail;	/* the audit line could not be
						   written (errno value) */
};

/* p zeroed and filled with the store, its articles/, who and fp. */
void	pub_init(struct pub *p, int dirfd, int artfd, const char *who,
	    const char *fp, enum publishers_role role);

/*
 * A new article under a free slug: want, or the title's (base-2,
 * base-3... when taken).  a was read (article_read or import_text), not
 * yet validated; a missing Date is now; draft sets Status: draft.  A
 * writer's lands as a draft
 * with Author (when missing) and Filed-By set to p_who.
 */
int	pub_add(struct pub *p, struct article *a, const char *want,
	    int draft);

/*
 * Replaces articles/SLUG.gmi with new (read, not validated) by edit's
 * rules: a missing Date is the old one, a different one is refused;
 * Updated is set to now when a published article's title, summary or
 * body changed, unless minor or new sets Updated itself.  want (NULL:
 * none) is a new slug, the old one then kept in Previous-Slugs as
 * rename does.  orig (NULL: no check) is the text the edit started from:
 * when the file no longer holds it, nothing is written.
 */
int	pub_replace(struct pub *p, const char *slug, struct article *new,
	    const char *want, const char *orig, size_t olen, int minor);

/*
 * Applies fn to articles/SLUG.gmi under the lock and writes it back;
 * fn returns 0 to write, 1 when nothing changed, -1 out of memory.
 * action names it in the audit log ("tag", "publish"...).
 */
int	pub_modify(struct pub *p, const char *slug, const char *action,
	    int (*fn)(struct article *, void *), void *arg);

/* Status: draft (draft 1) or published; nothing written when already so. */
int	pub_set_status(struct pub *p, const char *slug, int draft);

/* Moves articles/SLUG.gmi to .trash/ (an older copy there kept, stamped). */
int	pub_trash(struct pub *p, const char *slug);

/*
 * A new title (and slug: want, or the title's made free) for SLUG; the
 * old slug goes to Previous-Slugs, Updated is set unless minor or a
 * draft.
 */
int	pub_rename(struct pub *p, const char *slug, const char *title,
	    const char *want, int minor);

/* Writes media/NAME (replacing it); the caller checked the type. */
int	pub_media(struct pub *p, const char *name, const void *data,
	    size_t len);

/*
 * Changes the publishers file under the lock: loads it, applies fn
 * (which returns 0, or -1 with *errstr), writes it back mode 0600.
 * action and name go to the audit log.
 */
int	pub_publishers(struct pub *p, const char *action, const char *name,
	    int (*fn)(struct publishers *, void *, const char **errstr),
	    void *arg);

/*
 * Turns an uploaded body into an article (read, not validated), by its
 * type: text/gemini (NULL or "" too) is an article with its header block
 * or bare gemtext whose first "# " heading is the title; text/plain and
 * text/markdown go through the importer.  On -1, err says why (input).
 */
int	pub_text(const char *text, size_t len, const char *mime,
	    struct article *a, struct pub_err *err);

/* 1 when s is a usable media file name: [A-Za-z0-9._-], no leading '.'. */
int	pub_media_name_valid(const char *s);

#endif
