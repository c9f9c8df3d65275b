/*
 * gemini_titan: Titan uploads on the Gemini listener (issue #12): who
 * may send what, decided before a byte of the body is read, then the
 * body handed to the writer process by way of upload.h.
 *
 * Everything said before the body is a pre-check, from the publishers
 * file as it is now: the writer reads it again and decides (a token is
 * only checked there: its scrypt hash costs tens of milliseconds, which
 * no worker's loop may spend).  Statuses, per the Gemini specification:
 * 60 no certificate, 62 one outside its dates, 61 one that is no
 * publisher's or whose role does not allow the request, with its
 * fingerprint in the meta so that the publisher can send it to an
 * editor; 59 a malformed request or a size over the cap; 53 another
 * host.
 *
 * The access log shows the request line: the token in it is cut out as
 * soon as the line is read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conn.h"
#include "gemini.h"
#include "log.h"
#include "metrics.h"
#include "publishers.h"
#include "snapshot.h"
#include "titan.h"
#include "tls.h"
#include "upload.h"
#include "writer.h"

_Static_assert(TITAN_MIME_MAX == WRITER_MIME_MAX, "mime sizes");
_Static_assert(TITAN_TOKEN_MAX == WRITER_TOKEN_MAX, "token sizes");
_Static_assert(TLS_FP_LEN == PUBLISHERS_FP_LEN, "fingerprint sizes");
_Static_assert(UPLOAD_BASE_MAX >= sizeof(((struct snapshot *)0)->sn_base),
    "base URL size");

static void
titan_reply(struct conn *c, int status, const char *meta, const char *fp)
{
	char st[4];

	snprintf(st, sizeof(st), "%d", status);
	buf_truncate(&c->c_dyn, 0);
	if (fp != NULL)
		buf_printf(&c->c_dyn, "%d %s: %s\r\n", status, meta, fp);
	else
		buf_printf(&c->c_dyn, "%d %s\r\n", status, meta);
	metrics_upload(status);
	conn_send_dyn(c, st);
}

/*
 * Cuts the token's value out of the request line the access log will
 * show: ";token=SECRET" becomes ";token=".
 */
static void
titan_redact(struct conn *c)
{
	char *p = c->c_req, *end = c->c_req + c->c_reqlen, *v, *q;

	for (; p + 7 <= end; p++) {
		if (*p != ';' || strncasecmp(p + 1, "token=", 6) != 0)
			continue;
		v = p + 7;
		for (q = v; q < end && *q != ';'; q++)
			;
		memmove(v, q, (size_t)(end - q));
		c->c_reqlen -= (size_t)(q - v);
		end = c->c_req + c->c_reqlen;
	}
}

static int
titan_slug_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");

	return n > 0 && s[n] == '\0' && n <= WRITER_MEDIA_NAME_MAX;
}

static int
titan_media_ok(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._-");

	return n > 0 && s[n] == '\0' && s[0] != '.' &&
	    n <= WRITER_MEDIA_NAME_MAX;
}

/* What the path asks for, into req; NULL, or the 59 meta. */
static const char *
titan_target(const struct titan_req *t, struct writer_req *req)
{
	const char *path = t->t_url.u_path;

	if (strcmp(path, "/articles/") == 0) {
		req->wq_op = WRITER_ADD;
		return t->t_size == 0 ? "An empty article" : NULL;
	}
	if (strncmp(path, "/articles/", 10) == 0) {
		if (!titan_slug_ok(path + 10))
			return "Not an article's slug";
		req->wq_op = t->t_size == 0 ? WRITER_TRASH : WRITER_REPLACE;
		snprintf(req->wq_target, sizeof(req->wq_target), "%s",
		    path + 10);
		return NULL;
	}
	if (strncmp(path, "/media/", 7) == 0) {
		if (!titan_media_ok(path + 7))
			return "A media file's name is letters, digits, '.', "
			    "'_' and '-'";
		if (t->t_size == 0)
			return "An empty media file";
		req->wq_op = WRITER_MEDIA;
		snprintf(req->wq_target, sizeof(req->wq_target), "%s",
		    path + 7);
		return NULL;
	}
	return "Uploads go to /articles/, /articles/SLUG or /media/NAME";
}

/*
 * The checks before the body: 0 with u's request filled, or -1 with the
 * response set.
 */
static int
titan_check(struct conn *c, const struct titan_req *t, struct upload *u)
{
	struct writer_req *req = &u->u_req;
	struct publishers ps;
	const struct publisher *p;
	struct tls_peer peer;
	const char *errstr;
	char msg[64];
	size_t cap;
	int r, rc = -1;

	if ((errstr = titan_target(t, req)) != NULL) {
		titan_reply(c, 59, errstr, NULL);
		return -1;
	}
	if ((r = c->c_tls != NULL ? tls_peer(c->c_tls, &peer) : 0) == -1) {
		titan_reply(c, 40, "Temporary failure", NULL);
		return -1;
	}
	if (r == 0) {
		titan_reply(c, 60, "A client certificate is needed to publish",
		    NULL);
		return -1;
	}
	if (peer.tp_outside) {
		titan_reply(c, 62, "Certificate outside its validity dates",
		    peer.tp_fp);
		return -1;
	}
	if (upload_publishers(&ps, &errstr) == -1) {
		if (errno != EACCES) {
			log_warn("publishers: %s", errstr);
			titan_reply(c, 40, "The publishers file cannot be read",
			    NULL);
			return -1;
		}
		/*
		 * The file is the store owner's alone (it holds token
		 * hashes) and capsuled runs as another user: no pre-check,
		 * the writer decides once the body is in.
		 */
		p = NULL;
	} else if ((p = publishers_lookup(&ps, peer.tp_fp)) == NULL) {
		titan_reply(c, 61, "Not a publisher", peer.tp_fp);
		publishers_free(&ps);
		return -1;
	}
	if (p == NULL)
		memset(&ps, 0, sizeof(ps));
	if (p != NULL && p->p_role != PUBLISHERS_EDITOR &&
	    req->wq_op != WRITER_ADD && req->wq_op != WRITER_REPLACE)
		titan_reply(c, 61, "Only an editor may do that", peer.tp_fp);
	else if (p != NULL && p->p_hash != NULL && t->t_token[0] == '\0')
		titan_reply(c, 61, "This publisher needs a token", peer.tp_fp);
	else if (t->t_size > (cap = upload_cap(req->wq_op == WRITER_MEDIA))) {
		snprintf(msg, sizeof(msg), "Too large: at most %zu bytes", cap);
		titan_reply(c, 59, msg, NULL);
	} else if (req->wq_op != WRITER_MEDIA && t->t_size > 0 &&
	    strcmp(t->t_mime, "text/gemini") != 0 &&
	    strcmp(t->t_mime, "text/plain") != 0 &&
	    strcmp(t->t_mime, "text/markdown") != 0)
		titan_reply(c, 59, "An article is text/gemini, text/plain or "
		    "text/markdown", NULL);
	else {
		if (p != NULL) {
			snprintf(req->wq_name, sizeof(req->wq_name), "%s",
			    p->p_name);
			req->wq_role = p->p_role;
		}
		memcpy(req->wq_fp, peer.tp_fp, sizeof(req->wq_fp));
		memcpy(req->wq_mime, t->t_mime, sizeof(req->wq_mime));
		memcpy(req->wq_token, t->t_token, sizeof(req->wq_token));
		rc = 0;
	}
	publishers_free(&ps);
	return rc;
}

static void
titan_data_free(void *p)
{
	upload_free(p);
}

void
gemini_titan_request(struct conn *c)
{
	struct titan_req t;
	struct upload *u = NULL;
	const char *errstr;

	if (titan_parse(c->c_req, c->c_reqlen, &t, &errstr) == -1) {
		titan_redact(c);
		titan_reply(c, 59, errstr, NULL);
		return;
	}
	titan_redact(c);
	if ((c->c_snap = snapshot_acquire()) == NULL)
		titan_reply(c, 40, "Starting up", NULL);
	else if (titan_local(&t, c->c_snap->sn_host, c->c_port) == -1)
		titan_reply(c, 53, "Proxy request refused", NULL);
	else if ((u = upload_new(c, NULL)) == NULL)
		titan_reply(c, 40, "Temporary failure", NULL);
	else if (titan_check(c, &t, u) == 0) {
		snprintf(u->u_base, sizeof(u->u_base), "%s",
		    c->c_snap->sn_base);
		if (upload_reserve(u, (size_t)t.t_size) == -1)
			titan_reply(c, 40, "Too many uploads at once; try "
			    "again in a minute", NULL);
		else if (conn_expect_body(c, (size_t)t.t_size) == -1)
			titan_reply(c, 40, "Temporary failure", NULL);
		else {
			c->c_data = u;
			c->c_datafree = titan_data_free;
			u = NULL;
		}
	}
	upload_free(u);
	titan_free(&t);
}

/* On the worker's thread: the writer's answer, or why there is none. */
static void
titan_done(struct upload *u)
{
	struct conn *c = u->u_ctx;
	const struct writer_resp *r = &u->u_resp;

	buf_truncate(&c->c_dyn, 0);
	if (r->wr_status == 30) {
		if (u->u_req.wq_op == WRITER_TRASH)
			buf_printf(&c->c_dyn, "30 %s/publish/\r\n", u->u_base);
		else if (r->wr_media)
			buf_printf(&c->c_dyn, "30 %s/media/%s\r\n", u->u_base,
			    r->wr_slug);
		else if (r->wr_draft)
			buf_printf(&c->c_dyn, "30 %s/publish/preview/%s\r\n",
			    u->u_base, r->wr_slug);
		else
			buf_printf(&c->c_dyn, "30 %s/articles/%s\r\n",
			    u->u_base, r->wr_slug);
		conn_send_dyn(c, "30");
		metrics_upload(30);
	} else
		titan_reply(c, r->wr_status, r->wr_meta[0] != '\0' ?
		    r->wr_meta : "Temporary failure", NULL);
	upload_free(u);
	conn_resume(c);
}

void
gemini_titan_body(struct conn *c)
{
	struct upload *u = c->c_data;

	c->c_data = NULL;
	u->u_body = c->c_body;
	u->u_req.wq_body = c->c_body;
	u->u_req.wq_len = c->c_bodylen;
	c->c_body = NULL;
	u->u_done = titan_done;
	if (upload_submit(u, c->c_w->cw_loop) == -1) {
		upload_free(u);
		titan_reply(c, 40, "Publishing is not available now", NULL);
		return;
	}
	conn_park(c);
}
