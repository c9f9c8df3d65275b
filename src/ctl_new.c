/*
 * ctl_new: the commands that make a new file: init (a store), add and
 * import (an article under a free slug).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "ctl.h"
#include "import.h"
#include "pub.h"
#include "store.h"
#include "util.h"

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

/*
 * The Tags lines of the header in *data (up to the blank line) folded
 * into store form (ctl_tags_fold), each staying one line so that errors
 * keep their line numbers.  *data is replaced when something changed.
 */
static int
ctl_fold_header_tags(const char *name, char **data, size_t *len)
{
	char *text = *data, *end = *data + *len, *line, *nl, *v, *vend;
	char *tags, *out, where[PATH_MAX];
	size_t head, tail, tl, n;
	unsigned lineno = 0;

	for (line = text; line < end; line = nl + 1) {
		lineno++;
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		if (nl == line || (nl == line + 1 && *line == '\r'))
			break;
		if ((size_t)(nl - line) < 5 || strncasecmp(line, "Tags:", 5) != 0)
			continue;
		v = line + 5;
		vend = nl > v && nl[-1] == '\r' ? nl - 1 : nl;
		if ((size_t)(vend - v) == strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789-, \t") || memchr(v, '\n', (size_t)(vend - v)))
			continue;
		snprintf(where, sizeof(where), "%s:%u", name, lineno);
		if (ctl_tags_fold(where, v, (size_t)(vend - v), &tags) == -1)
			return -1;
		head = (size_t)(v - text);
		tail = (size_t)(end - vend);
		tl = strlen(tags);
		n = head + 1 + tl + tail;
		if ((out = malloc(n + 1)) == NULL) {
			free(tags);
			ctl_err("%s", strerror(ENOMEM));
			return -1;
		}
		memcpy(out, text, head);
		out[head] = ' ';
		memcpy(out + head + 1, tags, tl);
		memcpy(out + head + 1 + tl, vend, tail);
		out[n] = '\0';
		free(tags);
		nl = out + head + 1 + tl + (nl - vend);
		free(text);
		*data = text = out;
		*len = n;
		end = out + n;
		if (nl >= end)
			break;
	}
	return 0;
}

/*
 * The common end of add and import: a missing Date is now, the draft
 * flag, validation against the input's name, the warnings, then
 * pub_add (a free slug, the write) and the slug printed.
 */
static int
ctl_finish_new(struct ctl *c, struct article *a, const char *name,
    const char *slug, int draft)
{
	char now[ARTICLE_DATE_LEN + 1];
	const char *errstr;
	unsigned line;
	struct pub p;

	if (article_get(a, "Date") == NULL) {
		article_date_format((int64_t)time(NULL), now);
		if (article_set(a, "Date", now) == -1) {
			ctl_err("%s", strerror(ENOMEM));
			return CTL_ERR;
		}
	}
	if (draft && article_set(a, "Status", "draft") == -1) {
		ctl_err("%s", strerror(ENOMEM));
		return CTL_ERR;
	}
	if (article_validate(a, &line, &errstr) == -1) {
		ctl_err_at(name, line, errstr);
		return CTL_ERR;
	}
	ctl_warn_new(c, a);
	ctl_pub(c, &p);
	if (pub_add(&p, a, slug, 0) == -1) {
		ctl_pub_err(c, &p, name);
		return CTL_ERR;
	}
	printf("%s\n", p.p_result);
	ctl_pub_done(c, &p);
	return CTL_OK;
}

int
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
	if (ctl_fold_header_tags(name, &data, &len) == -1)
		goto done;
	if (article_read(&a, data, len, &line, &errstr) == -1) {
		ctl_err_at(name, line, errstr);
		goto done;
	}
	if (article_days_expand(&a) == -1) {
		ctl_err("%s", strerror(ENOMEM));
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

int
cmd_import(struct ctl *c, int argc, char **argv)
{
	const struct ctl_args *ca = &c->c_args;
	struct import_opts io = { 0 };
	struct article a = { 0 };
	const char *name, *errstr;
	char date[64], *data = NULL, *tags = NULL;
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
	if (ca->ca_tags != NULL && ctl_tags_fold("--tags",
	    ca->ca_tags, strlen(ca->ca_tags), &tags) == -1)
		return CTL_ERR;
	io.io_tags = tags;
	io.io_source = ca->ca_source;
	if (ca->ca_format == 'm')
		io.io_format = IMPORT_MARKDOWN;
	else if (ca->ca_format == 'p')
		io.io_format = IMPORT_PLAIN;
	if (ctl_open(c) == -1 ||
	    ctl_read_input(argv[optind], &data, &len, &name) == -1)
		goto done;
	if (import_text(data, len, &io, &a, &line, &errstr) == -1) {
		ctl_err_at(name, line, errstr);
		goto done;
	}
	rc = ctl_finish_new(c, &a, name, ca->ca_slug, ca->ca_draft);
done:
	article_free(&a);
	free(data);
	free(tags);
	return rc;
}

static const char ctl_conf_template[] =
    "# capsule.conf: site settings read by capsuled and capsulectl\n"
    "title = %s\n"
    "description = \n"
    "hostname = localhost\n"
    "lang = en\n"
    "copyright = \n"
    "emoji = \n";

int
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
