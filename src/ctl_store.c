/*
 * ctl_store: capsulectl's access to the store: opening and loading it,
 * reading one article, and the checks on slugs and articles that every
 * command writing one makes first.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "ctl.h"
#include "pub.h"
#include "store.h"
#include "util.h"

int
ctl_open(struct ctl *c)
{
	struct stat st;

	if ((c->c_dirfd = open(c->c_store, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		ctl_err("%s: %s (name the store with --store DIR or "
		    "CAPSULE_STORE, or create one with 'capsulectl init')",
		    c->c_store, strerror(errno));
		return -1;
	}
	if (fstatat(c->c_dirfd, STORE_CONF, &st, 0) == -1) {
		ctl_err("%s/%s: %s (not a store? name the store with "
		    "--store DIR or CAPSULE_STORE, or create one with "
		    "'capsulectl init')", c->c_store, STORE_CONF,
		    strerror(errno));
		return -1;
	}
	if ((c->c_artfd = openat(c->c_dirfd, STORE_ARTICLES, O_RDONLY |
	    O_DIRECTORY | O_CLOEXEC)) == -1) {
		ctl_err("%s/%s: %s", c->c_store, STORE_ARTICLES,
		    strerror(errno));
		return -1;
	}
	return 0;
}

void
ctl_report(void *ctx, const char *path, unsigned line, int warning,
    const char *msg)
{
	struct ctl *c = ctx;

	if (line > 0)
		fprintf(stderr, "capsulectl: %s: %s/%s:%u: %s\n", warning ?
		    "warning" : "error", c->c_store, path, line, msg);
	else
		fprintf(stderr, "capsulectl: %s: %s/%s: %s\n", warning ?
		    "warning" : "error", c->c_store, path, msg);
}

struct store *
ctl_load(struct ctl *c)
{
	const char *errpath, *errstr;
	struct store *s;
	unsigned line;
	char where[PATH_MAX];

	s = store_load(c->c_store, ctl_report, c, &errpath, &line, &errstr);
	if (s == NULL) {
		if (errpath != NULL)
			snprintf(where, sizeof(where), "%s/%s", c->c_store,
			    errpath);
		else
			snprintf(where, sizeof(where), "%s", c->c_store);
		ctl_err_at(where, line, errstr);
	}
	return s;
}

int
ctl_slug_check(const char *slug)
{
	if (!article_name_valid(slug)) {
		ctl_err("%s: not a slug (lower-case letters, digits and '-', "
		    "at most %d)", slug, ARTICLE_SLUG_MAX);
		return -1;
	}
	return 0;
}

static void
ctl_lock_waiting(int sig)
{
	static const char msg[] = "capsulectl: waiting for the store's lock "
	    "(another capsulectl is writing)...\n";
	ssize_t w;

	(void)sig;
	w = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)w;
}

/*
 * The store's lock (store_lock), saying on standard error when it has
 * been waited for a second; pub words a failure.  The alarm's EINTR only
 * makes store_lock's flock start waiting again.
 */
static int
ctl_lock(int dirfd)
{
	struct sigaction sa, old;
	int lock, saved;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ctl_lock_waiting;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	alarm(1);
	lock = store_lock(dirfd);
	saved = errno;
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	errno = saved;
	return lock;
}

void
ctl_pub(struct ctl *c, struct pub *p)
{
	static char who[64];
	struct passwd *pw;

	if ((pw = getpwuid(getuid())) != NULL)
		snprintf(who, sizeof(who), "%s", pw->pw_name);
	else
		snprintf(who, sizeof(who), "uid-%u", (unsigned)getuid());
	pub_init(p, c->c_dirfd, c->c_artfd, who, NULL, 0);
	p->p_lock = ctl_lock;
}

void
ctl_pub_err(struct ctl *c, const struct pub *p, const char *input)
{
	const struct pub_err *e = &p->p_err;
	char where[PATH_MAX];

	if (e->pe_file[0] != '\0') {
		snprintf(where, sizeof(where), "%s/%s", c->c_store, e->pe_file);
		ctl_err_at(where, e->pe_line, e->pe_msg);
	} else if (e->pe_input && input != NULL)
		ctl_err_at(input, e->pe_line, e->pe_msg);
	else
		ctl_err("%s", e->pe_msg);
}

void
ctl_pub_done(struct ctl *c, const struct pub *p)
{
	if (p->p_logfail != 0)
		fprintf(stderr, "capsulectl: warning: %s/%s: %s (the change "
		    "is made but not in the audit log)\n", c->c_store,
		    STORE_LOG, strerror(p->p_logfail));
}

/* Reads and parses articles/SLUG.gmi; *text (if asked for) keeps the bytes. */
int
ctl_read_article(struct ctl *c, const char *slug, struct article *a,
    char **textp, size_t *lenp)
{
	char name[ARTICLE_SLUG_MAX + 8], where[PATH_MAX];
	const char *errstr;
	unsigned line;
	size_t len;
	char *text;

	if (ctl_slug_check(slug) == -1)
		return -1;
	snprintf(name, sizeof(name), "%s.gmi", slug);
	snprintf(where, sizeof(where), "%s/%s/%s", c->c_store, STORE_ARTICLES,
	    name);
	if (util_read_at(c->c_artfd, name, STORE_ARTICLE_MAX, &text, &len) ==
	    -1) {
		if (errno == ENOENT)
			ctl_err("%s: no such article", slug);
		else
			ctl_err("%s: %s", where, strerror(errno));
		return -1;
	}
	if (a != NULL && article_parse(a, text, len, &line, &errstr) == -1) {
		ctl_err_at(where, line, errstr);
		free(text);
		return -1;
	}
	if (textp != NULL) {
		*textp = text;
		*lenp = len;
	} else
		free(text);
	return 0;
}

/*
 * One tag as given (a word or words, any case) in store form into out
 * (ARTICLE_SLUG_MAX + 1 bytes), folded as a title is into a slug: "City
 * Hall" is "city-hall", with a note saying so.  -1 (said why) when
 * nothing is left of it.  where (or NULL) names the file and line.
 */
int
ctl_tag_fold(const char *where, const char *in, size_t n, char *out)
{
	char given[ARTICLE_SLUG_MAX * 4 + 1];

	while (n > 0 && (*in == ' ' || *in == '\t'))
		in++, n--;
	while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		n--;
	if (n >= sizeof(given))
		n = sizeof(given) - 1;
	memcpy(given, in, n);
	given[n] = '\0';
	if (article_name_valid(given)) {
		memcpy(out, given, n + 1);
		return 0;
	}
	if (article_slugify(given, out) == -1) {
		ctl_err("%s%stag \"%s\": nothing to fold into a tag "
		    "(lower-case letters, digits and '-')", where != NULL ?
		    where : "", where != NULL ? ": " : "", given);
		return -1;
	}
	fprintf(stderr, "capsulectl: note: %s%stag \"%s\" folded to "
	    "\"%s\"\n", where != NULL ? where : "", where != NULL ? ": " : "",
	    given, out);
	return 0;
}

/*
 * A comma-separated list of tags folded one by one (ctl_tag_fold), joined
 * with ", " into a new string in *out.  -1 (said why) on a tag that does
 * not fold or out of memory.
 */
int
ctl_tags_fold(const char *where, const char *list, size_t len, char **out)
{
	char tag[ARTICLE_SLUG_MAX + 1], *joined;
	const char *end = list + len, *comma, *q;
	size_t o = 0, size = ARTICLE_SLUG_MAX + 3;

	for (q = list; q < end; q++)
		if (*q == ',')
			size += ARTICLE_SLUG_MAX + 2;
	if ((joined = malloc(size)) == NULL) {
		ctl_err("%s", strerror(ENOMEM));
		return -1;
	}
	joined[0] = '\0';
	for (; list <= end; list = comma + 1) {
		if ((comma = memchr(list, ',', (size_t)(end - list))) == NULL)
			comma = end;
		for (q = list; q < comma && (*q == ' ' || *q == '\t'); q++)
			;
		if (q == comma)
			continue;
		if (ctl_tag_fold(where, list, (size_t)(comma - list), tag) == -1) {
			free(joined);
			return -1;
		}
		o += (size_t)snprintf(joined + o, size - o, "%s%s",
		    o > 0 ? ", " : "", tag);
	}
	*out = joined;
	return 0;
}
