/*
 * pub: every write to a store (pub.h).  Each operation checks what it
 * can before the lock, takes the lock, reads what it changes as it is
 * then, writes with util_write_atomic(), and ends in pub_record().
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "import.h"
#include "pub.h"
#include "publishers.h"
#include "store.h"
#include "utf8.h"
#include "util.h"

#define PUB_NAME_LEN	(ARTICLE_SLUG_MAX + 8)	/* "SLUG.gmi" */

void
pub_init(struct pub *p, int dirfd, int artfd, const char *who,
    const char *fp, enum publishers_role role)
{
	memset(p, 0, sizeof(*p));
	p->p_dirfd = dirfd;
	p->p_artfd = artfd;
	p->p_who = who;
	p->p_fp = fp;
	p->p_role = role;
}

static int __attribute__((format(printf, 5, 6)))
pub_fail(struct pub_err *e, enum pub_kind kind, const char *file,
    unsigned line, const char *fmt, ...)
{
	va_list ap;

	memset(e, 0, sizeof(*e));
	e->pe_kind = kind;
	e->pe_line = line;
	if (file != NULL)
		snprintf(e->pe_file, sizeof(e->pe_file), "%s", file);
	va_start(ap, fmt);
	vsnprintf(e->pe_msg, sizeof(e->pe_msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* A problem in the text given, at its line (0: none). */
static int
pub_fail_input(struct pub_err *e, unsigned line, const char *msg)
{
	pub_fail(e, PUB_EINPUT, NULL, line, "%s", msg);
	e->pe_input = 1;
	return -1;
}

static int
pub_nomem(struct pub *p)
{
	return pub_fail(&p->p_err, PUB_ESYSTEM, NULL, 0, "%s",
	    strerror(ENOMEM));
}

static int
pub_denied(struct pub *p, const char *what)
{
	return pub_fail(&p->p_err, PUB_EDENIED, NULL, 0,
	    "%s may not %s (role %s)", p->p_who,
	    what, publishers_role_name(p->p_role));
}

/* Copies s into out (size n) with blanks and controls made '_'. */
static void
pub_field(char *out, size_t n, const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0')
		s = "-";
	for (i = 0; i + 1 < n && s[i] != '\0'; i++)
		out[i] = (unsigned char)s[i] <= ' ' || s[i] == 0x7f ? '_' :
		    s[i];
	out[i] = '\0';
}

/*
 * Where every successful write ends: one line appended to STORE_LOG,
 * "TIME WHO FINGERPRINT ACTION NAME BYTES" separated by tabs, written
 * with one write(2) on an O_APPEND descriptor so that lines from
 * capsulectl and the writer never interleave.  A failure to log does not
 * undo the write; it is reported in p_logfail.
 */
static void
pub_record(struct pub *p, const char *action, const char *name, size_t bytes)
{
	char line[1024], now[ARTICLE_DATE_LEN + 1];
	char who[PUBLISHERS_NAME_MAX + 1], fp[PUBLISHERS_FP_LEN + 1];
	char what[PUB_RESULT_MAX];
	int fd, n;

	article_date_format((int64_t)time(NULL), now);
	pub_field(who, sizeof(who), p->p_who);
	pub_field(fp, sizeof(fp), p->p_fp);
	pub_field(what, sizeof(what), name);
	n = snprintf(line, sizeof(line), "%s\t%s\t%s\t%s\t%s\t%zu\n", now,
	    who, fp, action, what, bytes);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1, line[n - 1] = '\n';
	p->p_logfail = 0;
	if ((fd = openat(p->p_dirfd, STORE_LOG, O_WRONLY | O_APPEND |
	    O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644)) == -1) {
		p->p_logfail = errno;
		return;
	}
	if (write(fd, line, (size_t)n) != n)
		p->p_logfail = errno != 0 ? errno : EIO;
	close(fd);
}

/*
 * The store's lock; when it cannot be taken because the store belongs
 * to someone else, the message names the owner.
 */
static int
pub_lock(struct pub *p)
{
	struct passwd *pw;
	struct stat st;
	int lock, saved;

	lock = p->p_lock != NULL ? p->p_lock(p->p_dirfd) :
	    store_lock(p->p_dirfd);
	if (lock != -1)
		return lock;
	saved = errno;
	if (saved == EACCES && fstat(p->p_dirfd, &st) == 0) {
		if ((pw = getpwuid(st.st_uid)) != NULL)
			pub_fail(&p->p_err, PUB_ESYSTEM, STORE_LOCK, 0,
			    "%s (publish as the store's owner, %s)",
			    strerror(saved), pw->pw_name);
		else
			pub_fail(&p->p_err, PUB_ESYSTEM, STORE_LOCK, 0,
			    "%s (publish as the store's owner, uid %u)",
			    strerror(saved), (unsigned)st.st_uid);
	} else
		pub_fail(&p->p_err, PUB_ESYSTEM, STORE_LOCK, 0, "%s",
		    strerror(saved));
	errno = saved;
	return -1;
}

static int
pub_slug_check(struct pub *p, const char *slug)
{
	if (!article_name_valid(slug))
		return pub_fail(&p->p_err, PUB_EINPUT, NULL, 0,
		    "%s: not a slug (lower-case letters, digits and '-', "
		    "at most %d)", slug, ARTICLE_SLUG_MAX);
	return 0;
}

/* article_validate(), failing on file (a store path) or, NULL, the input. */
static int
pub_validate(struct pub *p, struct article *a, const char *file)
{
	const char *errstr;
	unsigned line;

	if (article_validate(a, &line, &errstr) == 0)
		return 0;
	if (file == NULL)
		return pub_fail_input(&p->p_err, line, errstr);
	return pub_fail(&p->p_err, PUB_EINPUT, file, line, "%s", errstr);
}

/* Reads and parses articles/SLUG.gmi; *textp (if asked for) keeps it. */
static int
pub_read(struct pub *p, const char *slug, struct article *a, char **textp,
    size_t *lenp)
{
	char name[PUB_NAME_LEN], file[PUB_NAME_LEN + 16];
	const char *errstr;
	unsigned line;
	size_t len;
	char *text;

	snprintf(name, sizeof(name), "%s.gmi", slug);
	snprintf(file, sizeof(file), "%s/%s", STORE_ARTICLES, name);
	if (util_read_at(p->p_artfd, name, STORE_ARTICLE_MAX, &text, &len) ==
	    -1) {
		if (errno == ENOENT)
			return pub_fail(&p->p_err, PUB_ENOENT, NULL, 0,
			    "%s: no such article", slug);
		return pub_fail(&p->p_err, PUB_ESYSTEM, file, 0, "%s",
		    strerror(errno));
	}
	if (article_parse(a, text, len, &line, &errstr) == -1) {
		free(text);
		return pub_fail(&p->p_err, PUB_ESYSTEM, file, line, "%s",
		    errstr);
	}
	if (textp != NULL) {
		*textp = text;
		*lenp = len;
	} else
		free(text);
	return 0;
}

/*
 * With the lock held, writes text as a new article under base, or
 * base-2, base-3... the first free one, into slug.
 */
static int
pub_write_free(struct pub *p, const char *base, const char *text,
    size_t len, char *slug)
{
	char name[PUB_NAME_LEN + 8], suffix[16], file[PUB_NAME_LEN + 24];
	unsigned n;
	int sl, bl;

	for (n = 1; n < 100000; n++) {
		if (n == 1)
			snprintf(slug, ARTICLE_SLUG_MAX + 1, "%s", base);
		else {
			sl = snprintf(suffix, sizeof(suffix), "-%u", n);
			bl = (int)strlen(base);
			if (bl + sl > ARTICLE_SLUG_MAX)
				bl = ARTICLE_SLUG_MAX - sl;
			snprintf(slug, ARTICLE_SLUG_MAX + 1, "%.*s%s", bl,
			    base, suffix);
		}
		snprintf(name, sizeof(name), "%s.gmi", slug);
		if (faccessat(p->p_artfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
			continue;
		if (util_write_atomic(p->p_artfd, name, text, len, 1) == 0)
			return 0;
		if (errno != EEXIST) {
			snprintf(file, sizeof(file), "%s/%s", STORE_ARTICLES,
			    name);
			return pub_fail(&p->p_err, PUB_ESYSTEM, file, 0, "%s",
			    strerror(errno));
		}
	}
	return pub_fail(&p->p_err, PUB_ESYSTEM, NULL, 0, "%s: no free slug",
	    base);
}

/* A's Author (when missing) and Filed-By for a writer's filing. */
static int
pub_writer_marks(struct pub *p, struct article *a)
{
	if (article_set(a, "Status", "draft") == -1 ||
	    (article_get(a, "Author") == NULL &&
	    article_set(a, "Author", p->p_who) == -1) ||
	    article_set(a, PUB_FILED_BY, p->p_who) == -1)
		return pub_nomem(p);
	return 0;
}

int
pub_add(struct pub *p, struct article *a, const char *want, int draft)
{
	char base[ARTICLE_SLUG_MAX + 1], slug[ARTICLE_SLUG_MAX + 1];
	char now[ARTICLE_DATE_LEN + 1];
	size_t len;
	char *text;
	int lock, rc;

	if (want != NULL && pub_slug_check(p, want) == -1)
		return -1;
	if (article_get(a, "Date") == NULL) {
		article_date_format((int64_t)time(NULL), now);
		if (article_set(a, "Date", now) == -1)
			return pub_nomem(p);
	}
	if (draft && article_set(a, "Status", "draft") == -1)
		return pub_nomem(p);
	if (p->p_role == PUBLISHERS_WRITER && pub_writer_marks(p, a) == -1)
		return -1;
	if (pub_validate(p, a, NULL) == -1)
		return -1;
	if (want != NULL)
		snprintf(base, sizeof(base), "%s", want);
	else if (article_slugify(a->a_title, base) == -1)
		snprintf(base, sizeof(base), "article");
	/* Serialised first, so that the lock lasts as long as the write. */
	if ((text = article_serialise(a, &len)) == NULL)
		return pub_nomem(p);
	if ((lock = pub_lock(p)) == -1) {
		free(text);
		return -1;
	}
	if ((rc = pub_write_free(p, base, text, len, slug)) == 0) {
		snprintf(p->p_result, sizeof(p->p_result), "%s", slug);
		p->p_draft = a->a_draft;
		pub_record(p, "add", slug, len);
	}
	store_unlock(lock);
	free(text);
	return rc;
}

/* 1 when a reader would see a different article. */
static int
pub_text_changed(const struct article *a, const struct article *b)
{
	const char *ta = a->a_summary ? a->a_summary : "";
	const char *tb = b->a_summary ? b->a_summary : "";

	return strcmp(a->a_title, b->a_title) != 0 || strcmp(ta, tb) != 0 ||
	    a->a_bodylen != b->a_bodylen ||
	    memcmp(a->a_body, b->a_body, a->a_bodylen) != 0;
}

/*
 * a's Previous-Slugs with old added at the end: the first one stays
 * first, since the feed's entry id is made from it.  Reads a_prevslugs,
 * so it comes before any other article_set() since the last validation.
 */
static int
pub_prevslugs_add(struct article *a, const char *old)
{
	const char *prev = article_get(a, "Previous-Slugs");
	char *joined;
	size_t i, n;
	int rc;

	for (i = 0; i < a->a_nprevslugs; i++)
		if (strcmp(a->a_prevslugs[i], old) == 0)
			return 0;
	if (prev == NULL || a->a_nprevslugs == 0)
		return article_set(a, "Previous-Slugs", old);
	n = strlen(prev) + strlen(old) + 3;
	if ((joined = malloc(n)) == NULL)
		return -1;
	snprintf(joined, n, "%s, %s", prev, old);
	rc = article_set(a, "Previous-Slugs", joined);
	free(joined);
	return rc;
}

/*
 * Writes text for the article that was SLUG: in place, or under want
 * (refused when taken) with the old file then removed.
 */
static int
pub_write_as(struct pub *p, const char *slug, const char *want,
    const char *text, size_t len)
{
	char name[PUB_NAME_LEN], to[PUB_NAME_LEN], file[PUB_NAME_LEN + 16];

	snprintf(name, sizeof(name), "%s.gmi", slug);
	if (want == NULL || strcmp(want, slug) == 0) {
		if (util_write_atomic(p->p_artfd, name, text, len, 0) == -1) {
			snprintf(file, sizeof(file), "%s/%s", STORE_ARTICLES,
			    name);
			return pub_fail(&p->p_err, PUB_ESYSTEM, file, 0, "%s",
			    strerror(errno));
		}
		return 0;
	}
	snprintf(to, sizeof(to), "%s.gmi", want);
	if (util_write_atomic(p->p_artfd, to, text, len, 1) == -1) {
		if (errno == EEXIST)
			return pub_fail(&p->p_err, PUB_ECONFLICT, NULL, 0,
			    "%s: an article has this slug already; nothing "
			    "changed", want);
		snprintf(file, sizeof(file), "%s/%s", STORE_ARTICLES, to);
		return pub_fail(&p->p_err, PUB_ESYSTEM, file, 0, "%s",
		    strerror(errno));
	}
	if (unlinkat(p->p_artfd, name, 0) == -1 || fsync(p->p_artfd) == -1) {
		snprintf(file, sizeof(file), "%s/%s", STORE_ARTICLES, name);
		return pub_fail(&p->p_err, PUB_ESYSTEM, file, 0,
		    "%s (the article is now also %s)", strerror(errno), want);
	}
	return 0;
}

/* The checks and changes of a replace, old and new both validated. */
static int
pub_replace_rules(struct pub *p, const struct article *old,
    struct article *new, const char *slug, const char *want, int minor)
{
	const char *filed = article_get(old, PUB_FILED_BY);
	char now[ARTICLE_DATE_LEN + 1], *owner = NULL;
	int stamp, rc = -1;

	if (new->a_date != old->a_date) {
		pub_fail_input(&p->p_err, 0, "Date is the first publication "
		    "and never changes; record a correction in Updated");
		return -1;
	}
	if (p->p_role == PUBLISHERS_WRITER && (!old->a_draft ||
	    filed == NULL || strcmp(filed, p->p_who) != 0))
		return pub_fail(&p->p_err, PUB_EDENIED, NULL, 0,
		    "%s: %s may replace only their own drafts (role writer)",
		    slug, p->p_who);
	stamp = !minor && !new->a_draft && p->p_role !=
	    PUBLISHERS_WRITER && pub_text_changed(old, new) &&
	    new->a_updated == old->a_updated;
	/* Filed-By is the record of ownership: only the shell changes it. */
	if (filed != NULL && (owner = strdup(filed)) == NULL)
		return pub_nomem(p);
	if (want != NULL && strcmp(want, slug) != 0 &&
	    pub_prevslugs_add(new, slug) == -1)
		goto nomem;
	if (p->p_role != 0 && article_set(new, PUB_FILED_BY, owner) == -1)
		goto nomem;
	if (p->p_role == PUBLISHERS_WRITER &&
	    article_set(new, "Status", "draft") == -1)
		goto nomem;
	if (stamp) {
		article_date_format((int64_t)time(NULL), now);
		if (article_set(new, "Updated", now) == -1)
			goto nomem;
	}
	rc = pub_validate(p, new, NULL);
	goto done;
nomem:
	pub_nomem(p);
done:
	free(owner);
	return rc;
}

int
pub_replace(struct pub *p, const char *slug, struct article *new,
    const char *want, const char *orig, size_t olen, int minor)
{
	struct article old = { 0 };
	const char *date;
	char *cur = NULL, *text = NULL;
	size_t clen, len;
	int lock, rc = -1;

	if (pub_slug_check(p, slug) == -1 ||
	    (want != NULL && pub_slug_check(p, want) == -1))
		return -1;
	if (p->p_role == PUBLISHERS_WRITER && want != NULL &&
	    strcmp(want, slug) != 0)
		return pub_denied(p, "rename an article");
	if ((lock = pub_lock(p)) == -1)
		return -1;
	if (pub_read(p, slug, &old, &cur, &clen) == -1) {
		if (orig != NULL && p->p_err.pe_kind == PUB_ENOENT)
			pub_fail(&p->p_err, PUB_ECONFLICT, NULL, 0,
			    "%s: changed or removed while you edited it",
			    slug);
		goto done;
	}
	if (article_get(new, "Date") == NULL &&
	    (date = article_get(&old, "Date")) != NULL &&
	    article_set(new, "Date", date) == -1) {
		pub_nomem(p);
		goto done;
	}
	if (pub_validate(p, new, NULL) == -1 ||
	    pub_replace_rules(p, &old, new, slug, want, minor) == -1)
		goto done;
	if (orig != NULL && (clen != olen || memcmp(cur, orig, olen) != 0)) {
		pub_fail(&p->p_err, PUB_ECONFLICT, NULL, 0,
		    "%s: changed or removed while you edited it", slug);
		goto done;
	}
	if ((text = article_serialise(new, &len)) == NULL) {
		pub_nomem(p);
		goto done;
	}
	if (pub_write_as(p, slug, want, text, len) == -1)
		goto done;
	snprintf(p->p_result, sizeof(p->p_result), "%s", want != NULL ?
	    want : slug);
	p->p_draft = new->a_draft;
	pub_record(p, "replace", p->p_result, len);
	rc = 0;
done:
	store_unlock(lock);
	article_free(&old);
	free(cur);
	free(text);
	return rc;
}

int
pub_modify(struct pub *p, const char *slug, const char *action,
    int (*fn)(struct article *, void *), void *arg)
{
	char name[PUB_NAME_LEN], file[PUB_NAME_LEN + 16];
	struct article a = { 0 };
	size_t len;
	char *text = NULL;
	int lock, r, rc = -1;

	if (pub_slug_check(p, slug) == -1)
		return -1;
	if (p->p_role == PUBLISHERS_WRITER)
		return pub_denied(p, action);
	if ((lock = pub_lock(p)) == -1)
		return -1;
	snprintf(name, sizeof(name), "%s.gmi", slug);
	snprintf(file, sizeof(file), "%s/%s", STORE_ARTICLES, name);
	if (pub_read(p, slug, &a, NULL, NULL) == -1)
		goto done;
	snprintf(p->p_result, sizeof(p->p_result), "%s", slug);
	if ((r = fn(&a, arg)) == -1) {
		pub_nomem(p);
		goto done;
	}
	if (r == 1) {
		p->p_draft = a.a_draft;
		rc = 0;
		goto done;
	}
	if (pub_validate(p, &a, file) == -1)
		goto done;
	if ((text = article_serialise(&a, &len)) == NULL) {
		pub_nomem(p);
		goto done;
	}
	if (util_write_atomic(p->p_artfd, name, text, len, 0) == -1) {
		pub_fail(&p->p_err, PUB_ESYSTEM, file, 0, "%s",
		    strerror(errno));
		goto done;
	}
	p->p_draft = a.a_draft;
	pub_record(p, action, slug, len);
	rc = 0;
done:
	free(text);
	article_free(&a);
	store_unlock(lock);
	return rc;
}

static int
pub_status_apply(struct article *a, void *arg)
{
	const char *want = arg;

	if ((a->a_draft ? "draft" : "published")[0] == want[0])
		return 1;
	return article_set(a, "Status", want) == -1 ? -1 : 0;
}

int
pub_set_status(struct pub *p, const char *slug, int draft)
{
	return pub_modify(p, slug, draft ? "unpublish" : "publish",
	    pub_status_apply, draft ? "draft" : "published");
}

int
pub_trash(struct pub *p, const char *slug)
{
	char name[PUB_NAME_LEN], dest[ARTICLE_SLUG_MAX + 64];
	char file[PUB_NAME_LEN + 16], stamp[ARTICLE_DATE_LEN + 1];
	struct stat st;
	int lock, rc = -1, trashfd = -1;
	unsigned n;

	if (pub_slug_check(p, slug) == -1)
		return -1;
	if (p->p_role == PUBLISHERS_WRITER)
		return pub_denied(p, "delete");
	if ((lock = pub_lock(p)) == -1)
		return -1;
	snprintf(name, sizeof(name), "%s.gmi", slug);
	snprintf(file, sizeof(file), "%s/%s", STORE_ARTICLES, name);
	if (fstatat(p->p_artfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		pub_fail(&p->p_err, PUB_ENOENT, NULL, 0,
		    "%s: no such article", slug);
		goto done;
	}
	if ((mkdirat(p->p_dirfd, STORE_TRASH, 0755) == -1 &&
	    errno != EEXIST) || (trashfd = openat(p->p_dirfd, STORE_TRASH,
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		pub_fail(&p->p_err, PUB_ESYSTEM, STORE_TRASH, 0, "%s",
		    strerror(errno));
		goto done;
	}
	/* An article removed twice keeps both copies, the older stamped. */
	snprintf(dest, sizeof(dest), "%s", name);
	article_date_format((int64_t)time(NULL), stamp);
	for (n = 1; faccessat(trashfd, dest, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	    n++)
		snprintf(dest, sizeof(dest), "%s.%s.%u.gmi", slug, stamp, n);
	if (renameat(p->p_artfd, name, trashfd, dest) == -1 ||
	    fsync(p->p_artfd) == -1 || fsync(trashfd) == -1) {
		pub_fail(&p->p_err, PUB_ESYSTEM, file, 0, "%s",
		    strerror(errno));
		goto done;
	}
	snprintf(p->p_result, sizeof(p->p_result), "%s/%s", STORE_TRASH,
	    dest);
	pub_record(p, "trash", slug, (size_t)st.st_size);
	rc = 0;
done:
	if (trashfd != -1)
		close(trashfd);
	store_unlock(lock);
	return rc;
}

int
pub_rename(struct pub *p, const char *slug, const char *title,
    const char *want, int minor)
{
	char name[PUB_NAME_LEN], file[PUB_NAME_LEN + 16];
	char base[ARTICLE_SLUG_MAX + 1], to[ARTICLE_SLUG_MAX + 1];
	char now[ARTICLE_DATE_LEN + 1];
	struct article a = { 0 };
	size_t len;
	char *text = NULL;
	int lock, rc = -1;

	if (pub_slug_check(p, slug) == -1 ||
	    (want != NULL && pub_slug_check(p, want) == -1))
		return -1;
	if (p->p_role == PUBLISHERS_WRITER)
		return pub_denied(p, "rename an article");
	if ((lock = pub_lock(p)) == -1)
		return -1;
	snprintf(name, sizeof(name), "%s.gmi", slug);
	snprintf(file, sizeof(file), "%s/%s", STORE_ARTICLES, name);
	if (pub_read(p, slug, &a, NULL, NULL) == -1)
		goto done;
	if (want != NULL)
		snprintf(base, sizeof(base), "%s", want);
	else if (article_slugify(title, base) == -1)
		snprintf(base, sizeof(base), "article");
	/* First: article_set() drops the parsed a_prevslugs it reads. */
	if (strcmp(base, slug) != 0 && pub_prevslugs_add(&a, slug) == -1)
		goto nomem;
	if (article_set(&a, "Title", title) == -1)
		goto nomem;
	if (!minor && !a.a_draft) {
		article_date_format((int64_t)time(NULL), now);
		if (article_set(&a, "Updated", now) == -1)
			goto nomem;
	}
	if (pub_validate(p, &a, file) == -1)
		goto done;
	if ((text = article_serialise(&a, &len)) == NULL)
		goto nomem;
	if (strcmp(base, slug) == 0 || want != NULL) {
		/* The same slug: a new headline only, in place. */
		if (pub_write_as(p, slug, want, text, len) == -1)
			goto done;
		snprintf(to, sizeof(to), "%s", want != NULL ? want : slug);
	} else if (pub_write_free(p, base, text, len, to) == -1)
		goto done;
	else if (unlinkat(p->p_artfd, name, 0) == -1 ||
	    fsync(p->p_artfd) == -1) {
		pub_fail(&p->p_err, PUB_ESYSTEM, file, 0,
		    "%s (the article is now also %s)", strerror(errno), to);
		goto done;
	}
	snprintf(p->p_result, sizeof(p->p_result), "%s", to);
	p->p_draft = a.a_draft;
	pub_record(p, "rename", to, len);
	rc = 0;
	goto done;
nomem:
	pub_nomem(p);
done:
	free(text);
	article_free(&a);
	store_unlock(lock);
	return rc;
}

int
pub_media_name_valid(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 128 && s[0] != '.' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n;
}

int
pub_media(struct pub *p, const char *name, const void *data, size_t len)
{
	char file[256];
	int lock, mfd, rc = -1;

	if (!pub_media_name_valid(name))
		return pub_fail(&p->p_err, PUB_EINPUT, NULL, 0,
		    "%s: not a media file name (letters, digits, '.', '_' "
		    "and '-', not starting with '.')", name);
	if (p->p_role == PUBLISHERS_WRITER)
		return pub_denied(p, "upload media");
	snprintf(file, sizeof(file), "%s/%s", STORE_MEDIA, name);
	if ((lock = pub_lock(p)) == -1)
		return -1;
	if ((mfd = openat(p->p_dirfd, STORE_MEDIA, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC | O_NOFOLLOW)) == -1) {
		pub_fail(&p->p_err, PUB_ESYSTEM, STORE_MEDIA, 0, "%s",
		    strerror(errno));
		goto done;
	}
	if (util_write_atomic(mfd, name, data, len, 0) == -1) {
		pub_fail(&p->p_err, PUB_ESYSTEM, file, 0, "%s",
		    strerror(errno));
		goto done;
	}
	snprintf(p->p_result, sizeof(p->p_result), "%s", name);
	pub_record(p, "media", name, len);
	rc = 0;
done:
	if (mfd != -1)
		close(mfd);
	store_unlock(lock);
	return rc;
}

int
pub_publishers(struct pub *p, const char *action, const char *name,
    int (*fn)(struct publishers *, void *, const char **errstr), void *arg)
{
	struct publishers ps = { 0 };
	const char *errstr;
	unsigned line;
	size_t len;
	char *text = NULL;
	int lock, rc = -1;

	if (p->p_role != 0)
		return pub_denied(p, "change the publishers");
	if ((lock = pub_lock(p)) == -1)
		return -1;
	if (publishers_load(p->p_dirfd, &ps, &line, &errstr) == -1) {
		pub_fail(&p->p_err, PUB_ESYSTEM, PUBLISHERS_FILE, line, "%s",
		    errstr);
		goto done;
	}
	if (fn(&ps, arg, &errstr) == -1) {
		pub_fail(&p->p_err, PUB_EINPUT, NULL, 0, "%s", errstr);
		goto done;
	}
	if ((text = publishers_serialise(&ps, &len)) == NULL) {
		pub_nomem(p);
		goto done;
	}
	/* Token hashes are nobody else's business. */
	if (util_write_atomic_mode(p->p_dirfd, PUBLISHERS_FILE, text, len, 0,
	    0600) == -1) {
		pub_fail(&p->p_err, PUB_ESYSTEM, PUBLISHERS_FILE, 0, "%s",
		    strerror(errno));
		goto done;
	}
	snprintf(p->p_result, sizeof(p->p_result), "%s", name);
	pub_record(p, action, name, len);
	rc = 0;
done:
	free(text);
	publishers_free(&ps);
	store_unlock(lock);
	return rc;
}

/* 1 when mime (parameters ignored) is type. */
static int
pub_mime_is(const char *mime, const char *type)
{
	size_t n = strlen(type);

	return strncasecmp(mime, type, n) == 0 && (mime[n] == '\0' ||
	    mime[n] == ';' || mime[n] == ' ');
}

/*
 * Bare gemtext: the first "# " heading is the title and leaves the body,
 * with the blank line after it.
 */
static int
pub_bare_gemtext(const char *text, size_t len, struct article *a,
    struct pub_err *err)
{
	const char *line, *nl, *end = text + len, *t, *te, *rest, *c;
	char *title = NULL, *body = NULL;
	size_t head, tail, n;
	int rc = -1;

	for (line = text; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		if (nl - line >= 2 && line[0] == '#' && line[1] == ' ')
			break;
		if (nl == end) {
			line = end;
			break;
		}
	}
	if (line >= end)
		return pub_fail_input(err, 0, "no title: begin with a header "
		    "block (Title: ...) or a \"# \" heading");
	for (t = line + 2; t < nl && (*t == ' ' || *t == '\t'); t++)
		;
	for (te = nl; te > t && (te[-1] == '\r' || te[-1] == ' ' ||
	    te[-1] == '\t'); te--)
		;
	if (te == t)
		return pub_fail_input(err, 0, "the \"# \" heading is empty");
	if ((title = strndup(t, (size_t)(te - t))) == NULL)
		return pub_fail(err, PUB_ESYSTEM, NULL, 0, "%s",
		    strerror(ENOMEM));
	rest = nl < end ? nl + 1 : end;
	if (rest < end && (*rest == '\n' || (*rest == '\r' && rest + 1 < end &&
	    rest[1] == '\n')))
		rest += *rest == '\r' ? 2 : 1;
	/* The text before the heading and after it, the heading left out. */
	head = (size_t)(line - text);
	tail = (size_t)(end - rest);
	if ((body = malloc(head + tail + 1)) == NULL)
		goto nomem;
	/* CRLF line ends become LF, as article_parse() makes them. */
	for (n = 0, c = text; c < end; c++) {
		if (c == line)
			c = rest;
		if (c == end)
			break;
		if (!(*c == '\r' && c + 1 < end && c[1] == '\n'))
			body[n++] = *c;
	}
	if (article_set(a, "Title", title) == -1 ||
	    article_set_body(a, body, n) == -1)
		goto nomem;
	rc = 0;
	goto done;
nomem:
	pub_fail(err, PUB_ESYSTEM, NULL, 0, "%s", strerror(ENOMEM));
done:
	free(body);
	free(title);
	return rc;
}

int
pub_text(const char *text, size_t len, const char *mime, struct article *a,
    struct pub_err *err)
{
	struct import_opts io = { 0 };
	const char *errstr;
	unsigned line, n;
	size_t bad, i;

	if (utf8_validate(text, len, &bad) == -1) {
		for (i = 0, n = 1; i < bad; i++)
			if (text[i] == '\n')
				n++;
		return pub_fail_input(err, n, "not valid UTF-8");
	}
	if (mime == NULL || *mime == '\0' || pub_mime_is(mime, "text/gemini")) {
		if (article_read(a, text, len, &line, &errstr) == 0 &&
		    article_get(a, "Title") != NULL)
			return 0;
		article_free(a);
		memset(a, 0, sizeof(*a));
		if (pub_bare_gemtext(text, len, a, err) == 0)
			return 0;
		article_free(a);
		memset(a, 0, sizeof(*a));
		return -1;
	}
	if (pub_mime_is(mime, "text/plain"))
		io.io_format = IMPORT_PLAIN;
	else if (pub_mime_is(mime, "text/markdown"))
		io.io_format = IMPORT_MARKDOWN;
	else
		return pub_fail_input(err, 0, "not an article type (text/gemini, "
		    "text/plain or text/markdown)");
	if (import_text(text, len, &io, a, &line, &errstr) == -1) {
		article_free(a);
		memset(a, 0, sizeof(*a));
		return pub_fail_input(err, line, errstr);
	}
	return 0;
}
