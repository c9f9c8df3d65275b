/*
 * capsulectl: publishes articles into a capsule store.
 *
 * Exit status: 0 on success, 1 on a user error (one line on standard
 * error naming the file and line), 2 on a usage error.  Every change to
 * the store is made under the store's lock by an atomic rename
 * (util_write_atomic), so capsuled and concurrent capsulectl runs see each
 * file either whole and old or whole and new.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "gemtext.h"
#include "import.h"
#include "mime.h"
#include "snapshot.h"
#include "store.h"
#include "util.h"

#define CTL_OK		0
#define CTL_ERR		1
#define CTL_USAGE	2

/*
 * What the options of every command set; each command reads its own.
 * Filled by ctl_options() from the command's table of options.
 */
struct ctl_args {
	const char	*ca_slug;	/* --slug */
	const char	*ca_title;	/* --title */
	const char	*ca_date;	/* import --date, as given */
	const char	*ca_tags;	/* import --tags */
	const char	*ca_source;	/* import --source */
	const char	*ca_tag;	/* list --tag */
	const char	*ca_host;	/* render --host */
	const char	*ca_port;	/* render --port */
	int		 ca_draft;	/* --draft */
	int		 ca_json;	/* list --json */
	int		 ca_minor;	/* edit --minor */
	int		 ca_ascii;	/* render --ascii */
	int		 ca_format;	/* import: 'm' --markdown, 'p' --plain */
	int		 ca_form;	/* render: 'g', 't' or 'G' */
};

struct ctl {
	const char	*c_store;	/* the store directory as given */
	int		 c_dirfd;
	int		 c_artfd;
	struct ctl_args	 c_args;
};

/*
 * One option of a command: --co_name or -co_ch.  A flag sets its int
 * field to 1, a choice sets it to co_ch (the last one given wins), a
 * string points its field at the argument.
 */
struct ctl_opt {
	const char	*co_name;
	int		 co_ch;
	enum { CO_FLAG, CO_CHOICE, CO_STR } co_kind;
	size_t		 co_off;
};

#define CTL_ARG(f)	offsetof(struct ctl_args, f)
#define CTL_OPTS_MAX	16

struct ctl_cmd {
	const char		*cc_name;
	int			(*cc_fn)(struct ctl *, int, char **);
	/* NULL: the command reads its arguments itself (see cmd_tag). */
	const struct ctl_opt	*cc_opts;
	const char		*cc_usage;
	const char		*cc_help;
};

static const struct ctl_cmd *ctl_current;

static void ctl_err(const char *, ...)
    __attribute__((format(printf, 1, 2)));

static void
ctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("capsulectl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A problem in a file: "capsulectl: FILE:LINE: what" (no line when 0). */
static void
ctl_err_at(const char *file, unsigned line, const char *msg)
{
	if (line > 0)
		ctl_err("%s:%u: %s", file, line, msg);
	else
		ctl_err("%s: %s", file, msg);
}

static int
ctl_usage(void)
{
	fprintf(stderr, "usage: capsulectl [--store DIR] %s %s\n"
	    "Try 'capsulectl %s --help'.\n", ctl_current->cc_name,
	    ctl_current->cc_usage, ctl_current->cc_name);
	return CTL_USAGE;
}

static int
ctl_help(void)
{
	printf("usage: capsulectl [--store DIR] %s %s\n\n%s\n",
	    ctl_current->cc_name, ctl_current->cc_usage, ctl_current->cc_help);
	return CTL_OK;
}

static void
ctl_now(char *out)
{
	article_date_format((int64_t)time(NULL), out);
}

static int
ctl_open(struct ctl *c)
{
	struct stat st;

	if ((c->c_dirfd = open(c->c_store, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		ctl_err("%s: %s (create a store with 'capsulectl init')",
		    c->c_store, strerror(errno));
		return -1;
	}
	if (fstatat(c->c_dirfd, STORE_CONF, &st, 0) == -1) {
		ctl_err("%s/%s: %s (not a store? create one with "
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

static void
ctl_report(void *ctx, const char *path, unsigned line, int warning,
    const char *msg)
{
	struct ctl *c = ctx;

	if (line > 0)
		fprintf(stderr, "capsulectl: %s/%s:%u: %s%s\n", c->c_store,
		    path, line, warning ? "warning: " : "", msg);
	else
		fprintf(stderr, "capsulectl: %s/%s: %s%s\n", c->c_store, path,
		    warning ? "warning: " : "", msg);
}

static struct store *
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

/* Reads FILE, or standard input for "-", naming it in *name for errors. */
static int
ctl_read_input(const char *arg, char **data, size_t *len, const char **name)
{
	int rc;

	if (strcmp(arg, "-") == 0) {
		*name = "<stdin>";
		rc = util_read_fd(STDIN_FILENO, STORE_ARTICLE_MAX, data, len);
	} else {
		*name = arg;
		rc = util_read_at(AT_FDCWD, arg, STORE_ARTICLE_MAX, data, len);
	}
	if (rc == -1)
		ctl_err("%s: %s", *name, errno == EFBIG ?
		    "larger than 4 MiB" : strerror(errno));
	return rc;
}

static int
ctl_slug_check(const char *slug)
{
	if (!article_name_valid(slug)) {
		ctl_err("%s: not a slug (lower-case letters, digits and '-', "
		    "at most %d)", slug, ARTICLE_SLUG_MAX);
		return -1;
	}
	return 0;
}

/*
 * Writes a new article under a free slug: the wanted one, or the title's,
 * made unique with "-2", "-3"...  Holds the store lock meanwhile so that
 * two writers never pick the same name.  Prints the slug.
 */
static int
ctl_store_new(struct ctl *c, struct article *a, const char *want)
{
	char base[ARTICLE_SLUG_MAX + 1], name[ARTICLE_SLUG_MAX + 16];
	char slug[ARTICLE_SLUG_MAX + 1];
	unsigned n;
	size_t len;
	char *text;
	int lock, rc = -1;

	if (want != NULL)
		snprintf(base, sizeof(base), "%s", want);
	else if (article_slugify(a->a_title, base) == -1)
		snprintf(base, sizeof(base), "article");
	if ((text = article_serialise(a, &len)) == NULL) {
		ctl_err("%s", strerror(ENOMEM));
		return -1;
	}
	if ((lock = store_lock(c->c_dirfd)) == -1) {
		ctl_err("%s/%s: %s", c->c_store, STORE_LOCK, strerror(errno));
		free(text);
		return -1;
	}
	for (n = 1; n < 100000; n++) {
		if (n == 1)
			snprintf(slug, sizeof(slug), "%s", base);
		else {
			char suffix[16];
			int sl = snprintf(suffix, sizeof(suffix), "-%u", n);
			int bl = (int)strlen(base);

			if (bl + sl > ARTICLE_SLUG_MAX)
				bl = ARTICLE_SLUG_MAX - sl;
			snprintf(slug, sizeof(slug), "%.*s%s", bl, base, suffix);
		}
		snprintf(name, sizeof(name), "%s.gmi", slug);
		if (faccessat(c->c_artfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
			continue;
		if (util_write_atomic(c->c_artfd, name, text, len, 1) == 0) {
			printf("%s\n", slug);
			rc = 0;
			break;
		}
		if (errno != EEXIST) {
			ctl_err("%s/%s/%s: %s", c->c_store, STORE_ARTICLES,
			    name, strerror(errno));
			break;
		}
	}
	if (n == 100000)
		ctl_err("%s: no free slug", base);
	store_unlock(lock);
	free(text);
	return rc;
}

static int
ctl_validate(struct article *a, const char *name)
{
	const char *errstr;
	unsigned line;

	if (article_validate(a, &line, &errstr) == -1) {
		ctl_err_at(name, line, errstr);
		return -1;
	}
	return 0;
}

/*
 * The common end of add and import: a missing Date is now, the draft
 * flag, validation against the input's name, then a free slug and the
 * write.
 */
static int
ctl_finish_new(struct ctl *c, struct article *a, const char *name,
    const char *slug, int draft)
{
	char now[32];

	if (article_get(a, "Date") == NULL) {
		ctl_now(now);
		if (article_set(a, "Date", now) == -1) {
			ctl_err("%s", strerror(ENOMEM));
			return CTL_ERR;
		}
	}
	if (draft && article_set(a, "Status", "draft") == -1) {
		ctl_err("%s", strerror(ENOMEM));
		return CTL_ERR;
	}
	if (ctl_validate(a, name) == -1 || ctl_store_new(c, a, slug) == -1)
		return CTL_ERR;
	return CTL_OK;
}

static const struct ctl_opt add_opts[] = {
	{ "slug", 's', CO_STR, CTL_ARG(ca_slug) },
	{ "draft", 'd', CO_FLAG, CTL_ARG(ca_draft) },
	{ NULL, 0, CO_FLAG, 0 }
};

static int
cmd_add(struct ctl *c, int argc, char **argv)
{
	struct article a = { 0 };
	const char *slug = c->c_args.ca_slug, *name, *errstr;
	char *data;
	size_t len;
	unsigned line;
	int rc = CTL_ERR;

	if (argc - optind != 1)
		return ctl_usage();
	if (slug != NULL && ctl_slug_check(slug) == -1)
		return CTL_ERR;
	if (ctl_open(c) == -1 ||
	    ctl_read_input(argv[optind], &data, &len, &name) == -1)
		return CTL_ERR;
	if (article_read(&a, data, len, &line, &errstr) == -1) {
		ctl_err_at(name, line, errstr);
		goto done;
	}
	rc = ctl_finish_new(c, &a, name, slug, c->c_args.ca_draft);
done:
	article_free(&a);
	free(data);
	return rc;
}

/* "YYYY-MM-DD" is taken as midnight UTC; anything else must be RFC 3339. */
static int
ctl_date_arg(const char *arg, char *out, size_t outsz)
{
	const char *errstr;
	int64_t t;

	if (strlen(arg) == 10)
		snprintf(out, outsz, "%sT00:00:00Z", arg);
	else
		snprintf(out, outsz, "%s", arg);
	if (article_date_parse(out, &t, &errstr) == -1) {
		ctl_err("--date %s: %s", arg, errstr);
		return -1;
	}
	return 0;
}

static const struct ctl_opt import_opts[] = {
	{ "title", 't', CO_STR, CTL_ARG(ca_title) },
	{ "date", 'D', CO_STR, CTL_ARG(ca_date) },
	{ "tags", 'T', CO_STR, CTL_ARG(ca_tags) },
	{ "source", 'S', CO_STR, CTL_ARG(ca_source) },
	{ "slug", 's', CO_STR, CTL_ARG(ca_slug) },
	{ "markdown", 'm', CO_CHOICE, CTL_ARG(ca_format) },
	{ "plain", 'p', CO_CHOICE, CTL_ARG(ca_format) },
	{ "draft", 'd', CO_FLAG, CTL_ARG(ca_draft) },
	{ NULL, 0, CO_FLAG, 0 }
};

static int
cmd_import(struct ctl *c, int argc, char **argv)
{
	const struct ctl_args *ca = &c->c_args;
	struct import_opts io = { 0 };
	struct article a = { 0 };
	const char *name, *errstr;
	char date[64], *data;
	size_t len;
	unsigned line;
	int rc = CTL_ERR;

	/* Without --date, a date in Markdown front matter, else now. */
	if (ca->ca_date != NULL) {
		if (ctl_date_arg(ca->ca_date, date, sizeof(date)) == -1)
			return CTL_ERR;
		io.io_date = date;
	}
	if (argc - optind != 1)
		return ctl_usage();
	if (ca->ca_slug != NULL && ctl_slug_check(ca->ca_slug) == -1)
		return CTL_ERR;
	io.io_title = ca->ca_title;
	io.io_tags = ca->ca_tags;
	io.io_source = ca->ca_source;
	if (ca->ca_format == 'm')
		io.io_format = IMPORT_MARKDOWN;
	else if (ca->ca_format == 'p')
		io.io_format = IMPORT_PLAIN;
	if (ctl_open(c) == -1 ||
	    ctl_read_input(argv[optind], &data, &len, &name) == -1)
		return CTL_ERR;
	if (import_text(data, len, &io, &a, &line, &errstr) == -1) {
		ctl_err_at(name, line, errstr);
		goto done;
	}
	rc = ctl_finish_new(c, &a, name, ca->ca_slug, ca->ca_draft);
done:
	article_free(&a);
	free(data);
	return rc;
}

/* Reads and parses articles/SLUG.gmi; *text (if asked for) keeps the bytes. */
static int
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
 * Applies fn to one article under the store lock and writes it back.
 * fn returns 0 to write, 1 when nothing changed, -1 after an error.
 */
static int
ctl_modify(struct ctl *c, const char *slug,
    int (*fn)(struct article *, void *), void *arg)
{
	char name[ARTICLE_SLUG_MAX + 8], where[PATH_MAX];
	struct article a = { 0 };
	size_t len;
	char *text = NULL;
	int lock, r, rc = -1;

	if (ctl_slug_check(slug) == -1)
		return -1;
	if ((lock = store_lock(c->c_dirfd)) == -1) {
		ctl_err("%s/%s: %s", c->c_store, STORE_LOCK, strerror(errno));
		return -1;
	}
	snprintf(name, sizeof(name), "%s.gmi", slug);
	snprintf(where, sizeof(where), "%s/%s/%s", c->c_store, STORE_ARTICLES,
	    name);
	if (ctl_read_article(c, slug, &a, NULL, NULL) == -1)
		goto done;
	if ((r = fn(&a, arg)) == -1)
		goto done;
	if (r == 1) {
		rc = 0;
		goto done;
	}
	if (ctl_validate(&a, where) == -1)
		goto done;
	if ((text = article_serialise(&a, &len)) == NULL) {
		ctl_err("%s", strerror(ENOMEM));
		goto done;
	}
	if (util_write_atomic(c->c_artfd, name, text, len, 0) == -1) {
		ctl_err("%s: %s", where, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	free(text);
	article_free(&a);
	store_unlock(lock);
	return rc;
}

struct ctl_tagedit {
	char	**te_args;
	int	  te_nargs;
};

static int
ctl_tag_apply(struct article *a, void *arg)
{
	struct ctl_tagedit *te = arg;
	char **tags = NULL, *joined = NULL;
	size_t ntags = 0, i, len = 1;
	int k, rc = -1, changed = 0;

	if ((tags = calloc(a->a_ntags + (size_t)te->te_nargs + 1,
	    sizeof(*tags))) == NULL)
		goto nomem;
	for (i = 0; i < a->a_ntags; i++)
		tags[ntags++] = a->a_tags[i];
	for (k = 0; k < te->te_nargs; k++) {
		const char *t = te->te_args[k];
		int add = *t != '-';

		if (*t == '+' || *t == '-')
			t++;
		for (i = 0; i < ntags && strcmp(tags[i], t) != 0; i++)
			;
		if (add && i == ntags) {
			tags[ntags++] = (char *)t;
			changed = 1;
		} else if (!add && i < ntags) {
			memmove(&tags[i], &tags[i + 1], (ntags - i - 1) *
			    sizeof(*tags));
			ntags--;
			changed = 1;
		}
	}
	if (!changed) {
		rc = 1;
		goto done;
	}
	for (i = 0; i < ntags; i++)
		len += strlen(tags[i]) + 2;
	if ((joined = malloc(len)) == NULL)
		goto nomem;
	joined[0] = '\0';
	for (i = 0; i < ntags; i++) {
		if (i > 0)
			strcat(joined, ", ");
		strcat(joined, tags[i]);
	}
	/* The header goes when the last tag does: an empty one says nothing. */
	if (article_set(a, "Tags", ntags > 0 ? joined : NULL) == -1)
		goto nomem;
	rc = 0;
	goto done;
nomem:
	ctl_err("%s", strerror(ENOMEM));
done:
	free(joined);
	free(tags);
	return rc;
}

static int
cmd_tag(struct ctl *c, int argc, char **argv)
{
	struct ctl_tagedit te;
	struct article a = { 0 };
	size_t i;
	int k;

	/* Not getopt: "-b" here removes a tag, it is not an option. */
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return ctl_help();
	if (argc < 2 || argv[1][0] == '-')
		return ctl_usage();
	for (k = 2; k < argc; k++) {
		const char *t = argv[k];

		if (*t == '+' || *t == '-')
			t++;
		if (!article_name_valid(t)) {
			ctl_err("%s: not a tag (lower-case letters, digits "
			    "and '-')", argv[k]);
			return CTL_ERR;
		}
	}
	if (ctl_open(c) == -1)
		return CTL_ERR;
	if (argc > 2) {
		te.te_args = argv + 2;
		te.te_nargs = argc - 2;
		if (ctl_modify(c, argv[1], ctl_tag_apply, &te) == -1)
			return CTL_ERR;
	}
	if (ctl_read_article(c, argv[1], &a, NULL, NULL) == -1)
		return CTL_ERR;
	for (i = 0; i < a.a_ntags; i++)
		printf("%s%s", i > 0 ? ", " : "", a.a_tags[i]);
	if (a.a_ntags > 0)
		putchar('\n');
	article_free(&a);
	return CTL_OK;
}

static int
ctl_status_apply(struct article *a, void *arg)
{
	const char *want = arg;

	if ((a->a_draft ? "draft" : "published")[0] == want[0])
		return 1;
	if (article_set(a, "Status", want) == -1) {
		ctl_err("%s", strerror(ENOMEM));
		return -1;
	}
	return 0;
}

static int
ctl_one_slug(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return ctl_help();
	if (argc != 2 || argv[1][0] == '-')
		return ctl_usage();
	return -1;
}

static int
ctl_set_status(struct ctl *c, int argc, char **argv, const char *status)
{
	int rc;

	if ((rc = ctl_one_slug(argc, argv)) != -1)
		return rc;
	if (ctl_open(c) == -1 ||
	    ctl_modify(c, argv[1], ctl_status_apply, (void *)status) == -1)
		return CTL_ERR;
	return CTL_OK;
}

static int
cmd_publish(struct ctl *c, int argc, char **argv)
{
	return ctl_set_status(c, argc, argv, "published");
}

static int
cmd_unpublish(struct ctl *c, int argc, char **argv)
{
	return ctl_set_status(c, argc, argv, "draft");
}

static int
cmd_show(struct ctl *c, int argc, char **argv)
{
	size_t len;
	char *text;
	int rc;

	if ((rc = ctl_one_slug(argc, argv)) != -1)
		return rc;
	if (ctl_open(c) == -1 ||
	    ctl_read_article(c, argv[1], NULL, &text, &len) == -1)
		return CTL_ERR;
	fwrite(text, 1, len, stdout);
	free(text);
	return CTL_OK;
}

static int
cmd_rm(struct ctl *c, int argc, char **argv)
{
	char name[ARTICLE_SLUG_MAX + 8], dest[ARTICLE_SLUG_MAX + 64];
	char stamp[32];
	int rc, lock, trashfd = -1;
	unsigned n;

	if ((rc = ctl_one_slug(argc, argv)) != -1)
		return rc;
	if (ctl_open(c) == -1 || ctl_slug_check(argv[1]) == -1)
		return CTL_ERR;
	if ((lock = store_lock(c->c_dirfd)) == -1) {
		ctl_err("%s/%s: %s", c->c_store, STORE_LOCK, strerror(errno));
		return CTL_ERR;
	}
	rc = CTL_ERR;
	snprintf(name, sizeof(name), "%s.gmi", argv[1]);
	if (faccessat(c->c_artfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == -1) {
		ctl_err("%s: no such article", argv[1]);
		goto done;
	}
	if ((mkdirat(c->c_dirfd, STORE_TRASH, 0755) == -1 && errno != EEXIST) ||
	    (trashfd = openat(c->c_dirfd, STORE_TRASH, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		ctl_err("%s/%s: %s", c->c_store, STORE_TRASH, strerror(errno));
		goto done;
	}
	/* An article removed twice keeps both copies, the older stamped. */
	snprintf(dest, sizeof(dest), "%s", name);
	ctl_now(stamp);
	for (n = 1; faccessat(trashfd, dest, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	    n++)
		snprintf(dest, sizeof(dest), "%s.%s.%u.gmi", argv[1], stamp, n);
	if (renameat(c->c_artfd, name, trashfd, dest) == -1 ||
	    fsync(c->c_artfd) == -1 || fsync(trashfd) == -1) {
		ctl_err("%s/%s/%s: %s", c->c_store, STORE_ARTICLES, name,
		    strerror(errno));
		goto done;
	}
	printf("%s/%s\n", STORE_TRASH, dest);
	rc = CTL_OK;
done:
	if (trashfd != -1)
		close(trashfd);
	store_unlock(lock);
	return rc;
}

/* A JSON string (RFC 8259, section 7): quote, backslash and controls escaped. */
static void
ctl_json_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void
ctl_json_field(const char *key, const char *value)
{
	printf(", \"%s\": ", key);
	if (value == NULL)
		fputs("null", stdout);
	else
		ctl_json_str(value);
}

/* One article as an object of list --json, after a comma unless first. */
static void
ctl_json_article(const struct article *a, int first)
{
	char date[32];
	size_t j;

	printf("%s\n  {\"slug\": ", first ? "" : ",");
	ctl_json_str(a->a_slug);
	ctl_json_field("title", a->a_title);
	article_date_format(a->a_date, date);
	ctl_json_field("date", date);
	if (a->a_updated != 0)
		article_date_format(a->a_updated, date);
	ctl_json_field("updated", a->a_updated ? date : NULL);
	ctl_json_field("author", a->a_author);
	ctl_json_field("summary", a->a_summary);
	ctl_json_field("status", a->a_draft ? "draft" : "published");
	fputs(", \"tags\": [", stdout);
	for (j = 0; j < a->a_ntags; j++) {
		if (j > 0)
			fputs(", ", stdout);
		ctl_json_str(a->a_tags[j]);
	}
	fputs("]}", stdout);
}

static const struct ctl_opt list_opts[] = {
	{ "tag", 't', CO_STR, CTL_ARG(ca_tag) },
	{ "json", 'j', CO_FLAG, CTL_ARG(ca_json) },
	{ NULL, 0, CO_FLAG, 0 }
};

static int
cmd_list(struct ctl *c, int argc, char **argv)
{
	const char *tag = c->c_args.ca_tag;
	int json = c->c_args.ca_json;
	struct store *s;
	char date[32];
	size_t i, j, shown = 0;

	(void)argv;
	if (argc != optind)
		return ctl_usage();
	if (ctl_open(c) == -1 || (s = ctl_load(c)) == NULL)
		return CTL_ERR;
	if (json)
		putchar('[');
	for (i = 0; i < s->s_narts; i++) {
		struct article *a = s->s_bydate[i];

		if (tag != NULL && !article_has_tag(a, tag))
			continue;
		if (json) {
			ctl_json_article(a, shown++ == 0);
			continue;
		}
		article_date_format(a->a_date, date);
		printf("%.10s  %-9s  %s  %s\n", date,
		    a->a_draft ? "draft" : "published", a->a_slug, a->a_title);
	}
	if (json)
		fputs(shown ? "\n]\n" : "]\n", stdout);
	j = s->s_nerrors;
	store_free(s);
	return j > 0 ? CTL_ERR : CTL_OK;
}

static int
cmd_check(struct ctl *c, int argc, char **argv)
{
	struct store *s;
	struct stat st;
	size_t i;
	unsigned bad;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return ctl_help();
	if (argc != 1)
		return ctl_usage();
	if (ctl_open(c) == -1 || (s = ctl_load(c)) == NULL)
		return CTL_ERR;
	bad = s->s_nerrors;
	for (i = 0; i < s->s_narts; i++) {
		struct article *a = &s->s_arts[i];
		char where[PATH_MAX];

		if (a->a_image == NULL || strncmp(a->a_image, "media/", 6) != 0)
			continue;
		if (fstatat(c->c_dirfd, a->a_image, &st, 0) == 0 &&
		    S_ISREG(st.st_mode))
			continue;
		snprintf(where, sizeof(where), "%s/%s/%s.gmi", c->c_store,
		    STORE_ARTICLES, a->a_slug);
		ctl_err("%s: Image %s: no such file in the store", where,
		    a->a_image);
		bad++;
	}
	printf("%s: %zu articles (%zu published), %zu tags, %zu months; "
	    "%u with errors\n", c->c_store, s->s_narts, s->s_npub, s->s_ntags,
	    s->s_nmonths, bad);
	store_free(s);
	return bad > 0 ? CTL_ERR : CTL_OK;
}

static const struct ctl_opt render_opts[] = {
	{ "gemini", 'g', CO_CHOICE, CTL_ARG(ca_form) },
	{ "text", 't', CO_CHOICE, CTL_ARG(ca_form) },
	{ "gopher", 'G', CO_CHOICE, CTL_ARG(ca_form) },
	{ "ascii", 'a', CO_FLAG, CTL_ARG(ca_ascii) },
	{ "host", 'H', CO_STR, CTL_ARG(ca_host) },
	{ "port", 'P', CO_STR, CTL_ARG(ca_port) },
	{ NULL, 0, CO_FLAG, 0 }
};

/* The store as capsuled would serve it under sc, or NULL (said why). */
static struct snapshot *
ctl_render_snapshot(struct ctl *c, struct snap_conf *sc)
{
	const char *errpath, *errstr;
	struct snapshot *sn;
	unsigned line;
	char where[PATH_MAX];

	sc->sc_store = c->c_store;
	/* Media types as capsuled detects them, or gopher items would differ. */
	if (mime_init(&errstr) == -1) {
		ctl_err("%s", errstr);
		return NULL;
	}
	sn = snapshot_build(sc, NULL, ctl_report, c, &errpath, &line,
	    &errstr);
	mime_close();
	if (sn == NULL) {
		snprintf(where, sizeof(where), "%s%s%s", c->c_store,
		    errpath != NULL ? "/" : "", errpath != NULL ? errpath : "");
		ctl_err_at(where, line, errstr);
	}
	return sn;
}

static int
cmd_render(struct ctl *c, int argc, char **argv)
{
	const struct ctl_args *ca = &c->c_args;
	const struct snap_page *page, *text = NULL;
	struct snap_conf sc = { NULL, "localhost", 1965, 70, 0, NULL };
	struct snapshot *sn;
	struct article *a;
	int form = ca->ca_form;
	int port = ca->ca_port != NULL ? atoi(ca->ca_port) : 0;
	int n = 0;
	char head[4096];

	if (argc - optind != 1 || form == 0 || port < 0 || port > 65535)
		return ctl_usage();
	sc.sc_gopher_ascii = ca->ca_ascii;
	if (ca->ca_host != NULL)
		sc.sc_host = ca->ca_host;
	if (port != 0 && form == 'G')
		sc.sc_gopher_port = port;
	else if (port != 0)
		sc.sc_gemini_port = port;
	if (ctl_open(c) == -1 || ctl_slug_check(argv[optind]) == -1)
		return CTL_ERR;
	if ((sn = ctl_render_snapshot(c, &sc)) == NULL)
		return CTL_ERR;
	/* Drafts too: render is how a publisher previews before publishing. */
	if ((a = store_find(sn->sn_store, argv[optind])) == NULL) {
		ctl_err("%s: no such article (or it failed to load)",
		    argv[optind]);
		snapshot_unref(sn);
		return CTL_ERR;
	}
	page = snapshot_article_page(sn, a, form == 't' ? ROUTE_ARTICLE_TXT :
	    ROUTE_ARTICLE, form == 'G' ? SNAP_GOPHER : SNAP_GEMINI);
	if (form == 'G')
		text = snapshot_article_page(sn, a, ROUTE_ARTICLE_TXT,
		    SNAP_GOPHER);
	if (page == NULL || (form == 'G' && text == NULL) || (form != 'G' &&
	    (n = gemtext_header(head, sizeof(head), page->sp_mime,
	    page->sp_lang)) == -1)) {
		ctl_err("%s", strerror(ENOMEM));
		snapshot_unref(sn);
		return CTL_ERR;
	}
	if (form != 'G')
		fwrite(head, 1, (size_t)n, stdout);
	fwrite(page->sp_data, 1, page->sp_len, stdout);
	if (text != NULL)
		fwrite(text->sp_data, 1, text->sp_len, stdout);
	snapshot_unref(sn);
	return CTL_OK;
}

static const char ctl_conf_template[] =
    "# capsule.conf: site settings read by capsuled and capsulectl\n"
    "title = %s\n"
    "description = \n"
    "hostname = localhost\n"
    "lang = en\n"
    "copyright = \n"
    "emoji = \n";

static const struct ctl_opt init_opts[] = {
	{ "title", 't', CO_STR, CTL_ARG(ca_title) },
	{ NULL, 0, CO_FLAG, 0 }
};

static int
cmd_init(struct ctl *c, int argc, char **argv)
{
	static const char *const dirs[] = { STORE_ARTICLES, STORE_MEDIA,
	    STORE_PAGES };
	const char *title = c->c_args.ca_title;
	char conf[1024];
	size_t i;
	int n;

	if (title == NULL)
		title = "capsule";
	if (argc - optind > 1)
		return ctl_usage();
	if (argc - optind == 1)
		c->c_store = argv[optind];
	if (strchr(title, '\n') != NULL || *title == '\0') {
		ctl_err("--title: must be one non-empty line");
		return CTL_ERR;
	}
	if (mkdir(c->c_store, 0755) == -1 && errno != EEXIST) {
		ctl_err("%s: %s", c->c_store, strerror(errno));
		return CTL_ERR;
	}
	if ((c->c_dirfd = open(c->c_store, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		ctl_err("%s: %s", c->c_store, strerror(errno));
		return CTL_ERR;
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdirat(c->c_dirfd, dirs[i], 0755) == -1 &&
		    errno != EEXIST) {
			ctl_err("%s/%s: %s", c->c_store, dirs[i],
			    strerror(errno));
			return CTL_ERR;
		}
	n = snprintf(conf, sizeof(conf), ctl_conf_template, title);
	if (n < 0 || (size_t)n >= sizeof(conf)) {
		ctl_err("--title: too long");
		return CTL_ERR;
	}
	if (util_write_atomic(c->c_dirfd, STORE_CONF, conf, (size_t)n, 1) ==
	    -1) {
		if (errno == EEXIST)
			ctl_err("%s/%s: already a store; nothing changed",
			    c->c_store, STORE_CONF);
		else
			ctl_err("%s/%s: %s", c->c_store, STORE_CONF,
			    strerror(errno));
		return CTL_ERR;
	}
	printf("%s\n", c->c_store);
	return CTL_OK;
}

/* Runs $VISUAL or $EDITOR (vi by default) through the shell on path. */
static int
ctl_run_editor(const char *path)
{
	const char *ed;
	pid_t pid;
	int status;

	if ((ed = getenv("VISUAL")) == NULL || *ed == '\0')
		if ((ed = getenv("EDITOR")) == NULL || *ed == '\0')
			ed = "vi";
	if ((pid = fork()) == -1) {
		ctl_err("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		char cmd[PATH_MAX + 32];

		snprintf(cmd, sizeof(cmd), "%s \"$1\"", ed);
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			ctl_err("waitpid: %s", strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ctl_err("%s: editor failed (status %d); nothing changed", ed,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

/* 1 when a reader would see a different article. */
static int
ctl_text_changed(const struct article *a, const struct article *b)
{
	const char *ta = a->a_summary ? a->a_summary : "";
	const char *tb = b->a_summary ? b->a_summary : "";

	return strcmp(a->a_title, b->a_title) != 0 || strcmp(ta, tb) != 0 ||
	    a->a_bodylen != b->a_bodylen ||
	    memcmp(a->a_body, b->a_body, a->a_bodylen) != 0;
}

/*
 * Copies orig to a new temporary file, named in tmp, runs the editor on
 * it and reads it back into *edited.  Edited outside the store, so that
 * no lock is held while a human types.  On failure tmp is "" unless the
 * file was made (the caller removes it).
 */
static int
ctl_edit_copy(const char *slug, const char *orig, size_t olen, char *tmp,
    size_t tmpsz, char **edited, size_t *elen)
{
	const char *dir;
	int fd;

	if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(tmp, tmpsz, "%s/capsule-%s-XXXXXX.gmi", dir, slug);
	if ((fd = mkstemps(tmp, 4)) == -1) {
		ctl_err("%s: %s", tmp, strerror(errno));
		tmp[0] = '\0';
		return -1;
	}
	if (write(fd, orig, olen) != (ssize_t)olen || close(fd) == -1) {
		ctl_err("%s: %s", tmp, strerror(errno));
		return -1;
	}
	if (ctl_run_editor(tmp) == -1)
		return -1;
	if (util_read_at(AT_FDCWD, tmp, STORE_ARTICLE_MAX, edited, elen) ==
	    -1) {
		ctl_err("%s: %s", tmp, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Parses the edited text (from tmp) into new and holds it to edit's
 * rules: the Date never changes, and a published article whose text
 * changed gets Updated unless minor or the editor set it.
 */
static int
ctl_edit_check(const struct article *old, struct article *new,
    const char *edited, size_t elen, const char *tmp, int minor)
{
	const char *errstr;
	unsigned line;
	char now[32];

	if (article_parse(new, edited, elen, &line, &errstr) == -1) {
		ctl_err_at(tmp, line, errstr);
		return -1;
	}
	if (new->a_date != old->a_date) {
		ctl_err("%s: Date is the first publication and never changes; "
		    "record a correction in Updated", tmp);
		return -1;
	}
	if (!minor && !new->a_draft && ctl_text_changed(old, new) &&
	    new->a_updated == old->a_updated) {
		ctl_now(now);
		if (article_set(new, "Updated", now) == -1 ||
		    ctl_validate(new, tmp) == -1)
			return -1;
	}
	return 0;
}

/*
 * Writes new as articles/SLUG.gmi under the lock, unless the file is no
 * longer the orig[0..olen) the edit started from.
 */
static int
ctl_edit_commit(struct ctl *c, const char *slug, const struct article *new,
    const char *orig, size_t olen)
{
	char name[ARTICLE_SLUG_MAX + 8], *cur = NULL, *text;
	size_t clen, tlen;
	int lock, rc = -1;

	if ((text = article_serialise(new, &tlen)) == NULL) {
		ctl_err("%s", strerror(ENOMEM));
		return -1;
	}
	if ((lock = store_lock(c->c_dirfd)) == -1) {
		ctl_err("%s/%s: %s", c->c_store, STORE_LOCK, strerror(errno));
		free(text);
		return -1;
	}
	snprintf(name, sizeof(name), "%s.gmi", slug);
	if (util_read_at(c->c_artfd, name, STORE_ARTICLE_MAX, &cur, &clen) ==
	    -1 || clen != olen || memcmp(cur, orig, olen) != 0)
		ctl_err("%s: changed or removed while you edited it", slug);
	else if (util_write_atomic(c->c_artfd, name, text, tlen, 0) == -1)
		ctl_err("%s/%s/%s: %s", c->c_store, STORE_ARTICLES, name,
		    strerror(errno));
	else
		rc = 0;
	store_unlock(lock);
	free(cur);
	free(text);
	return rc;
}

static const struct ctl_opt edit_opts[] = {
	{ "minor", 'm', CO_FLAG, CTL_ARG(ca_minor) },
	{ NULL, 0, CO_FLAG, 0 }
};

static int
cmd_edit(struct ctl *c, int argc, char **argv)
{
	struct article old = { 0 }, new = { 0 };
	char tmp[PATH_MAX], *orig = NULL, *edited = NULL;
	size_t olen, elen;
	const char *slug;
	int rc = CTL_ERR;

	if (argc - optind != 1)
		return ctl_usage();
	slug = argv[optind];
	if (ctl_open(c) == -1 ||
	    ctl_read_article(c, slug, &old, &orig, &olen) == -1)
		return CTL_ERR;
	if (ctl_edit_copy(slug, orig, olen, tmp, sizeof(tmp), &edited,
	    &elen) == -1)
		goto done;
	if (elen == olen && memcmp(edited, orig, olen) == 0) {
		fprintf(stderr, "capsulectl: %s: no changes\n", slug);
		rc = CTL_OK;
		goto done;
	}
	if (ctl_edit_check(&old, &new, edited, elen, tmp,
	    c->c_args.ca_minor) == -1 ||
	    ctl_edit_commit(c, slug, &new, orig, olen) == -1) {
		fprintf(stderr, "capsulectl: your version is kept in %s\n",
		    tmp);
		tmp[0] = '\0';
		goto done;
	}
	rc = CTL_OK;
done:
	if (tmp[0] != '\0')
		unlink(tmp);
	article_free(&old);
	article_free(&new);
	free(orig);
	free(edited);
	return rc;
}

static const struct ctl_cmd ctl_cmds[] = {
	{ "init", cmd_init, init_opts, "[--title T] [DIR]",
	    "Creates a store: DIR (or --store, default ./capsule) with\n"
	    "capsule.conf, articles/, media/ and pages/.  Refuses to touch an\n"
	    "existing store." },
	{ "add", cmd_add, add_opts, "[--slug S] [--draft] FILE|-",
	    "Adds an article written in the store format (header lines, a\n"
	    "blank line, a gemtext body) from FILE or standard input.  A\n"
	    "missing Date is set to now.  Prints the new slug, made from the\n"
	    "title (or --slug) and made unique." },
	{ "import", cmd_import, import_opts,
	    "[--title T] [--date D] [--tags a,b] [--source URL] [--slug S] "
	    "[--markdown|--plain] [--draft] FILE|-",
	    "Cleans scraped plain text or Markdown into an article: NBSP and\n"
	    "control characters go, paragraphs are rejoined, \"Written by\",\n"
	    "\"Tags:\", photo credits, \"Read also:\" and copyright lines become\n"
	    "headers.  Without --title the text must start with a heading.\n"
	    "--date takes RFC 3339 or YYYY-MM-DD (default: now).  Markdown is\n"
	    "detected unless --markdown or --plain says.  Prints the slug." },
	{ "edit", cmd_edit, edit_opts, "[--minor] SLUG",
	    "Opens the article in $VISUAL or $EDITOR (vi).  A changed text of\n"
	    "a published article gets Updated set to now unless --minor.  A\n"
	    "bad edit is refused and kept in a temporary file." },
	{ "list", cmd_list, list_opts, "[--tag T] [--json]",
	    "Lists every article, drafts too, newest first: date, status,\n"
	    "slug, title.  --json prints an array of objects." },
	{ "show", cmd_show, NULL, "SLUG", "Prints the article file." },
	{ "tag", cmd_tag, NULL, "SLUG [+TAG|-TAG|TAG]...",
	    "Adds (+TAG or TAG) and removes (-TAG) tags, then prints the\n"
	    "article's tags." },
	{ "publish", cmd_publish, NULL, "SLUG", "Sets Status: published." },
	{ "unpublish", cmd_unpublish, NULL, "SLUG",
	    "Sets Status: draft: capsuled stops serving it." },
	{ "rm", cmd_rm, NULL, "SLUG",
	    "Moves the article to .trash/ in the store (never deletes) and\n"
	    "prints where it went." },
	{ "render", cmd_render, render_opts,
	    "--gemini|--text|--gopher [--ascii] [--host H] [--port P] SLUG",
	    "Prints the article exactly as capsuled serves it: --gemini the\n"
	    "gemtext page and --text the text/plain one (/articles/SLUG.txt),\n"
	    "status line included; --gopher the gopher card menu followed by\n"
	    "the type 0 text (--ascii: as --gopher-charset ascii serves\n"
	    "them).  Drafts render too, as a preview.  --host and --port are\n"
	    "the names links carry (default localhost, and 1965 or 70), as\n"
	    "capsuled's --host and public ports." },
	{ "check", cmd_check, NULL, "",
	    "Validates capsule.conf and every article; prints each problem as\n"
	    "FILE:LINE: message and exits 1 when there is one." },
};

static void
ctl_main_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: capsulectl [--store DIR] COMMAND [ARGS]\n\n"
	    "Commands:\n");
	for (i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", ctl_cmds[i].cc_name,
		    ctl_cmds[i].cc_usage);
	fprintf(f, "\nThe store is --store DIR, else $CAPSULE_STORE, else "
	    "./capsule.\n'capsulectl COMMAND --help' explains a command.\n");
}

/*
 * Parses the options of ctl_current from its table into c->c_args,
 * leaving optind at the first operand.  -1 to go on, else the exit
 * status (--help, or a usage error).
 */
static int
ctl_options(struct ctl *c, int argc, char **argv)
{
	const struct ctl_opt *o, *opts = ctl_current->cc_opts;
	struct option lo[CTL_OPTS_MAX + 2];
	char shortopts[2 * CTL_OPTS_MAX + 1], *sp = shortopts;
	size_t n = 0;
	int ch;

	for (o = opts; o->co_name != NULL && n < CTL_OPTS_MAX; o++, n++) {
		lo[n].name = o->co_name;
		lo[n].has_arg = o->co_kind == CO_STR ? required_argument :
		    no_argument;
		lo[n].flag = NULL;
		lo[n].val = o->co_ch;
		*sp++ = (char)o->co_ch;
		if (o->co_kind == CO_STR)
			*sp++ = ':';
	}
	*sp = '\0';
	lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	optind = 1;
	while ((ch = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		if (ch == 'h')
			return ctl_help();
		for (o = opts; o->co_name != NULL && o->co_ch != ch; o++)
			;
		if (o->co_name == NULL)
			return ctl_usage();
		if (o->co_kind == CO_STR)
			*(const char **)((char *)&c->c_args + o->co_off) =
			    optarg;
		else
			*(int *)((char *)&c->c_args + o->co_off) =
			    o->co_kind == CO_FLAG ? 1 : o->co_ch;
	}
	return -1;
}

/*
 * The options before the command (--store, --help), in argv[1..]; *argi
 * ends at the command.  -1 to go on, else the exit status.
 */
static int
ctl_main_options(struct ctl *c, int argc, char **argv, int *argi)
{
	const char *o;

	if ((c->c_store = getenv("CAPSULE_STORE")) == NULL ||
	    *c->c_store == '\0')
		c->c_store = "capsule";
	for (*argi = 1; *argi < argc && argv[*argi][0] == '-'; ) {
		o = argv[*argi];
		if ((strcmp(o, "--store") == 0 || strcmp(o, "-s") == 0) &&
		    *argi + 1 < argc) {
			c->c_store = argv[*argi + 1];
			*argi += 2;
		} else if (strncmp(o, "--store=", 8) == 0) {
			c->c_store = o + 8;
			(*argi)++;
		} else if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
			ctl_main_usage(stdout);
			return CTL_OK;
		} else {
			ctl_main_usage(stderr);
			return CTL_USAGE;
		}
	}
	if (*argi >= argc) {
		ctl_main_usage(stderr);
		return CTL_USAGE;
	}
	return -1;
}

/* The command called name, or NULL. */
static const struct ctl_cmd *
ctl_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++)
		if (strcmp(name, ctl_cmds[i].cc_name) == 0)
			return &ctl_cmds[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	struct ctl c = { NULL, -1, -1, { 0 } };
	int argi, rc;

	if ((rc = ctl_main_options(&c, argc, argv, &argi)) != -1)
		return rc;
	if (strcmp(argv[argi], "help") == 0) {
		if (argi + 1 < argc &&
		    (ctl_current = ctl_find(argv[argi + 1])) != NULL)
			return ctl_help();
		ctl_main_usage(stdout);
		return CTL_OK;
	}
	if ((ctl_current = ctl_find(argv[argi])) == NULL) {
		ctl_err("%s: unknown command", argv[argi]);
		ctl_main_usage(stderr);
		return CTL_USAGE;
	}
	optind = 1;
	if (ctl_current->cc_opts != NULL &&
	    (rc = ctl_options(&c, argc - argi, argv + argi)) != -1)
		return rc;
	rc = ctl_current->cc_fn(&c, argc - argi, argv + argi);
	if (fflush(stdout) == EOF) {
		ctl_err("standard output: %s", strerror(errno));
		rc = CTL_ERR;
	}
	return rc;
}
