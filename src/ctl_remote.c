/*
 * ctl_remote: capsulectl --remote gemini://HOST[:PORT]/ --identity CERT
 * KEY: add, import, rm, publish and edit on a capsule elsewhere, by
 * Titan with a client certificate (issue #12).  The remote capsuled's
 * writer does what the local command would (the same pub.c code), so
 * the store files come out the same; what travels is the article's
 * text, and what comes back is a Gemini status.
 *
 * add FILE|-       titan://HOST/articles/;mime=text/gemini
 * import FILE|-    the same with text/markdown (--markdown, or a name
 *                  ending in .md) or text/plain: the remote importer
 * rm SLUG          titan://HOST/articles/SLUG;size=0
 * publish SLUG     the source (gemini://HOST/publish/source/SLUG) with
 *                  Status: published, sent back as a replacement
 * edit SLUG        the source in $VISUAL or $EDITOR, sent back changed
 *
 * $CAPSULE_TOKEN, when set, goes with every upload as its token.  The
 * server's certificate is not checked (capsules have self-signed ones);
 * its fingerprint is printed with every error, to compare.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "buf.h"
#include "ctl.h"
#include "store.h"
#include "tls.h"
#include "url.h"
#include "util.h"

#define REMOTE_TIMEOUT	60		/* seconds */
#define REMOTE_MAX	(16u << 20)	/* bytes of an answer */

struct remote {
	const struct ctl	*r_ctl;
	char			 r_host[256];
	char			 r_port[8];
	char			 r_base[300];	/* HOST[:PORT] as URLs carry */
	char			 r_srvfp[TLS_FP_LEN + 1];
};

static int
remote_parse(struct remote *r, const struct ctl *c)
{
	struct url u;
	const char *errstr;

	r->r_ctl = c;
	if (url_parse(c->c_remote, strlen(c->c_remote), &u, &errstr) == -1 ||
	    strcmp(u.u_scheme, "gemini") != 0 || u.u_host == NULL ||
	    *u.u_host == '\0' || strlen(u.u_host) >= sizeof(r->r_host)) {
		if (errstr == NULL || u.u_scheme != NULL)
			url_free(&u);
		ctl_err("--remote %s: not a gemini://HOST[:PORT]/ URL",
		    c->c_remote);
		return -1;
	}
	snprintf(r->r_host, sizeof(r->r_host), "%s", u.u_host);
	snprintf(r->r_port, sizeof(r->r_port), "%d", u.u_port == -1 ? 1965 :
	    u.u_port);
	if (u.u_port == -1)
		snprintf(r->r_base, sizeof(r->r_base), "%s", u.u_host);
	else
		snprintf(r->r_base, sizeof(r->r_base), "%s:%d", u.u_host,
		    u.u_port);
	url_free(&u);
	if (c->c_cert == NULL || c->c_key == NULL) {
		ctl_err("--remote needs --identity CERT KEY (capsulectl "
		    "identity new NAME makes them)");
		return -1;
	}
	return 0;
}

/*
 * One request; the answer's status in *status and the rest of its first
 * line in meta, the body (after the line) in *body (malloc'd; NULL when
 * not wanted).  0, or -1 after saying why.
 */
static int
remote_fetch(struct remote *r, const char *line, const char *data,
    size_t len, int *status, char *meta, size_t metasz, char **body,
    size_t *bodylen)
{
	const char *errstr, *eol;
	char *resp;
	size_t n;

	if (tls_client_fetch(r->r_host, r->r_port, r->r_ctl->c_cert,
	    r->r_ctl->c_key, line, strlen(line), data, len, REMOTE_MAX,
	    REMOTE_TIMEOUT, &resp, &n, r->r_srvfp, &errstr) == -1) {
		ctl_err("%s:%s: %s", r->r_host, r->r_port, errstr);
		return -1;
	}
	if (n < 3 || resp[0] < '1' || resp[0] > '6' || resp[1] < '0' ||
	    resp[1] > '9' || (eol = strstr(resp, "\r\n")) == NULL) {
		ctl_err("%s:%s: not a Gemini answer", r->r_host, r->r_port);
		free(resp);
		return -1;
	}
	*status = (resp[0] - '0') * 10 + (resp[1] - '0');
	snprintf(meta, metasz, "%.*s", (int)(eol - resp > 3 ?
	    eol - resp - 3 : 0), resp + 3);
	if (body != NULL) {
		*bodylen = n - (size_t)(eol + 2 - resp);
		memmove(resp, eol + 2, *bodylen);
		resp[*bodylen] = '\0';
		*body = resp;
	} else
		free(resp);
	return 0;
}

static void
remote_refused(const struct remote *r, int status, const char *meta)
{
	ctl_err("%s: %d %s (server certificate %s)", r->r_base, status, meta,
	    r->r_srvfp);
}

/*
 * An upload of data to PATH; on 30, with say, the last segment of its
 * URL printed (the slug, as a local add prints it).
 */
static int
remote_upload(struct remote *r, const char *path, const char *mime,
    const char *data, size_t len, int say)
{
	char line[2048], tok[3 * 256 + 1], meta[1100];
	const char *token = getenv("CAPSULE_TOKEN"), *slash;
	int status;

	tok[0] = '\0';
	if (token != NULL && *token != '\0' &&
	    url_encode(token, tok, sizeof(tok)) >= sizeof(tok)) {
		ctl_err("CAPSULE_TOKEN is too long");
		return CTL_ERR;
	}
	if (snprintf(line, sizeof(line), "titan://%s%s;size=%zu%s%s%s%s\r\n",
	    r->r_base, path, len, mime != NULL ? ";mime=" : "",
	    mime != NULL ? mime : "", tok[0] != '\0' ? ";token=" : "", tok) >=
	    (int)sizeof(line)) {
		ctl_err("%s: the request is too long", path);
		return CTL_ERR;
	}
	if (remote_fetch(r, line, data, len, &status, meta, sizeof(meta),
	    NULL, NULL) == -1)
		return CTL_ERR;
	if (status != 30) {
		remote_refused(r, status, meta);
		return CTL_ERR;
	}
	slash = strrchr(meta, '/');
	if (say)
		printf("%s\n", slash != NULL && slash[1] != '\0' ? slash + 1 :
		    meta);
	return CTL_OK;
}

/* FILE, or standard input for "-": malloc'd, length in *len. */
static char *
remote_read(const char *path, size_t *len)
{
	char *data = NULL, *grown;
	size_t cap = 0, n = 0;
	ssize_t r;

	if (strcmp(path, "-") != 0) {
		if (util_read_at(AT_FDCWD, path, STORE_ARTICLE_MAX, &data,
		    len) == -1) {
			ctl_err("%s: %s", path, strerror(errno));
			return NULL;
		}
		return data;
	}
	for (;;) {
		if (n == cap) {
			if (cap > STORE_ARTICLE_MAX) {
				ctl_err("standard input: more than %u bytes",
				    STORE_ARTICLE_MAX);
				free(data);
				return NULL;
			}
			cap = cap == 0 ? 65536 : cap * 2;
			if ((grown = realloc(data, cap)) == NULL) {
				free(data);
				ctl_err("%s", strerror(ENOMEM));
				return NULL;
			}
			data = grown;
		}
		if ((r = read(STDIN_FILENO, data + n, cap - n)) == -1) {
			if (errno == EINTR)
				continue;
			ctl_err("standard input: %s", strerror(errno));
			free(data);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return data;
}

/* The article's source, as gemini://HOST/publish/source/SLUG gives it. */
static char *
remote_source(struct remote *r, const char *slug, size_t *len)
{
	char line[1100], meta[1100], *body;
	int status;

	snprintf(line, sizeof(line), "gemini://%s/publish/source/%s\r\n",
	    r->r_base, slug);
	if (remote_fetch(r, line, NULL, 0, &status, meta, sizeof(meta), &body,
	    len) == -1)
		return NULL;
	if (status != 20) {
		free(body);
		remote_refused(r, status, meta);
		return NULL;
	}
	return body;
}

static int
remote_publish(struct remote *r, const char *slug)
{
	struct article a;
	const char *errstr;
	char *text, *out, path[300];
	size_t len;
	unsigned line;
	int rc;

	if ((text = remote_source(r, slug, &len)) == NULL)
		return CTL_ERR;
	memset(&a, 0, sizeof(a));
	if (article_read(&a, text, len, &line, &errstr) == -1) {
		ctl_err("%s: the source is not an article: %u: %s", slug, line,
		    errstr);
		free(text);
		return CTL_ERR;
	}
	free(text);
	if (article_set(&a, "Status", "published") == -1 ||
	    (out = article_serialise(&a, &len)) == NULL) {
		article_free(&a);
		ctl_err("%s", strerror(ENOMEM));
		return CTL_ERR;
	}
	article_free(&a);
	snprintf(path, sizeof(path), "/articles/%s", slug);
	rc = remote_upload(r, path, "text/gemini", out, len, 0);
	free(out);
	return rc;
}

/* Runs $VISUAL or $EDITOR (vi) on path: 0 when it exited 0. */
static int
remote_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;
	int st;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, path,
		    (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int
remote_edit(struct remote *r, const char *slug)
{
	char tmp[PATH_MAX], path[300], *text, *after = NULL;
	const char *dir = getenv("TMPDIR");
	size_t len, alen;
	int fd, rc = CTL_ERR;

	if ((text = remote_source(r, slug, &len)) == NULL)
		return CTL_ERR;
	snprintf(tmp, sizeof(tmp), "%s/capsulectl-%s-XXXXXX.gmi",
	    dir != NULL && *dir != '\0' ? dir : "/tmp", slug);
	if ((fd = mkstemps(tmp, 4)) == -1 ||
	    write(fd, text, len) != (ssize_t)len || close(fd) == -1) {
		ctl_err("%s: %s", tmp, strerror(errno));
		free(text);
		return CTL_ERR;
	}
	if (remote_editor(tmp) == -1)
		ctl_err("the editor failed; %s kept", tmp);
	else if ((after = remote_read(tmp, &alen)) == NULL)
		;
	else if (alen == len && memcmp(after, text, len) == 0) {
		ctl_err("%s: unchanged; nothing sent", slug);
		unlink(tmp);
		rc = CTL_OK;
	} else {
		snprintf(path, sizeof(path), "/articles/%s", slug);
		if ((rc = remote_upload(r, path, "text/gemini", after,
		    alen, 0)) == CTL_OK)
			unlink(tmp);
		else
			ctl_err("your text is kept in %s", tmp);
	}
	free(after);
	free(text);
	return rc;
}

int
ctl_remote(struct ctl *c, int argc, char **argv)
{
	struct remote r;
	const char *cmd = argv[0], *mime;
	char *data, path[300];
	size_t len, n;
	int rc;

	memset(&r, 0, sizeof(r));
	if (remote_parse(&r, c) == -1)
		return CTL_USAGE;
	if (strcmp(cmd, "add") == 0 || strcmp(cmd, "import") == 0) {
		if (c->c_args.ca_slug != NULL || c->c_args.ca_draft ||
		    c->c_args.ca_title != NULL || c->c_args.ca_date != NULL ||
		    c->c_args.ca_tags != NULL || c->c_args.ca_source != NULL) {
			ctl_err("%s --remote takes only the file (and import "
			    "--markdown or --plain): put the rest in it", cmd);
			return CTL_USAGE;
		}
		if (argc - optind != 1)
			return ctl_usage();
		if ((data = remote_read(argv[optind], &len)) == NULL)
			return CTL_ERR;
		n = strlen(argv[optind]);
		mime = strcmp(cmd, "add") == 0 ? "text/gemini" :
		    c->c_args.ca_format == 'm' || (c->c_args.ca_format == 0 &&
		    n > 3 && strcmp(argv[optind] + n - 3, ".md") == 0) ?
		    "text/markdown" : "text/plain";
		rc = remote_upload(&r, "/articles/", mime, data, len, 1);
		free(data);
		return rc;
	}
	if (strcmp(cmd, "rm") == 0 || strcmp(cmd, "publish") == 0 ||
	    strcmp(cmd, "edit") == 0) {
		if (argc - optind != 1)
			return ctl_usage();
		if (ctl_slug_check(argv[optind]) == -1)
			return CTL_USAGE;
		if (strcmp(cmd, "publish") == 0)
			return remote_publish(&r, argv[optind]);
		if (strcmp(cmd, "edit") == 0)
			return remote_edit(&r, argv[optind]);
		snprintf(path, sizeof(path), "/articles/%s", argv[optind]);
		if ((rc = remote_upload(&r, path, NULL, "", 0, 0)) == CTL_OK)
			printf("%s: moved to .trash/ on %s\n", argv[optind],
			    r.r_base);
		return rc;
	}
	ctl_err("%s: not with --remote (add, import, edit, rm and publish "
	    "are)", cmd);
	return CTL_USAGE;
}
