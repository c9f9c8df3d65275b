/*
 * tls: see tls.h.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/buffer.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "tls.h"

#define TLS_CERT_YEARS 30
#define TLS_SESSION_CACHE 20480	/* sessions kept for id resumption */
#define TLS_KEY_MAX	(1u << 20)	/* a PEM key file, RSA-16384 fits */

struct tls_ticket_key {
	unsigned char	tk_name[16];
	unsigned char	tk_aes[32];
	unsigned char	tk_hmac[32];
	int		tk_set;
};

/* The current ticket key and the one before; see tls.h. */
static pthread_mutex_t		tls_tk_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tls_ticket_key	tls_tk_cur, tls_tk_prev;
static unsigned			tls_tk_lifetime = 3600;

/*
 * A tls_ctx is an SSL_CTX and a tls_conn an SSL, cast: OpenSSL already
 * counts the context's references, so nothing wraps them.
 */

/*
 * The reason for the last error, drained from the queue; a failed system
 * call in it (a file that cannot be opened) wins, since it says more than
 * the "system lib" of the layer above it.
 */
static const char *
tls_reason(const char *fallback)
{
	unsigned long e, last = 0;
	const char *r;
	int sys = 0;

	while ((e = ERR_get_error()) != 0) {
		if (ERR_SYSTEM_ERROR(e))
			sys = ERR_GET_REASON(e);
		last = e;
	}
	if (sys != 0)
		return strerror(sys);
	r = last != 0 ? ERR_reason_error_string(last) : NULL;
	return r != NULL ? r : fallback;
}

static int
tls_add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	int rc;

	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	if ((ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value)) == NULL)
		return -1;
	rc = X509_add_ext(x, ext, -1) == 1 ? 0 : -1;
	X509_EXTENSION_free(ext);
	return rc;
}

/*
 * Writes a PEM file by way of a temporary file and a rename.  The PEM is
 * made in a memory BIO, not a stdio buffer: OpenSSL grows that with
 * BUF_MEM_grow_clean and frees it with OPENSSL_clear_free, so no copy of
 * a private key is left behind in freed heap.
 */
static int
tls_write_pem(const char *path, mode_t mode, EVP_PKEY *key, X509 *cert)
{
	char tmp[4096];
	BUF_MEM *bm;
	BIO *b;
	const char *p;
	size_t left;
	ssize_t w;
	int fd = -1, rc = -1, made = 0, saved;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		return -1;
	if ((b = BIO_new(BIO_s_mem())) == NULL)
		return -1;
	if ((key != NULL ? PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0,
	    NULL, NULL) : PEM_write_bio_X509(b, cert)) != 1 ||
	    BIO_get_mem_ptr(b, &bm) != 1)
		goto done;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, mode)) == -1)
		goto done;
	made = 1;
	for (p = bm->data, left = bm->length; left > 0; p += w,
	    left -= (size_t)w)
		if ((w = write(fd, p, left)) == -1) {
			if (errno != EINTR)
				goto done;
			w = 0;
		}
	if (fsync(fd) == -1)
		goto done;
	if (close(fd) == -1) {
		fd = -1;
		goto done;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto done;
	rc = 0;
done:
	saved = errno;
	if (fd != -1)
		close(fd);
	if (rc == -1 && made)
		unlink(tmp);
	BIO_free(b);
	errno = saved;
	return rc;
}

int
tls_cert_create(const char *host, const char *certfile, const char *keyfile,
    const char **errstr)
{
	unsigned char serial[16], addr[16];
	char san[300];
	EVP_PKEY *key = NULL;
	X509 *x = NULL;
	X509_NAME *name;
	BIGNUM *bn = NULL;
	int rc = -1, isip;

	isip = inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1;
	if (snprintf(san, sizeof(san), "%s:%s", isip ? "IP" : "DNS", host) >=
	    (int)sizeof(san)) {
		*errstr = "host name too long";
		return -1;
	}
	*errstr = "cannot make a certificate";
	if ((key = EVP_EC_gen("P-256")) == NULL || (x = X509_new()) == NULL)
		goto done;
	/* A random positive 127-bit serial, as RFC 5280 asks for. */
	if (RAND_bytes(serial, sizeof(serial)) != 1)
		goto done;
	serial[0] &= 0x7f;
	if ((bn = BN_bin2bn(serial, sizeof(serial), NULL)) == NULL ||
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL)
		goto done;
	if (X509_set_version(x, 2) != 1 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), -86400) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), TLS_CERT_YEARS * 365, 0,
	    NULL) == NULL || X509_set_pubkey(x, key) != 1)
		goto done;
	name = X509_get_subject_name(x);
	if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)host, -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, name) != 1)
		goto done;
	if (tls_add_ext(x, NID_subject_alt_name, san) == -1 ||
	    tls_add_ext(x, NID_basic_constraints, "critical,CA:FALSE") == -1 ||
	    tls_add_ext(x, NID_key_usage, "critical,digitalSignature") == -1 ||
	    tls_add_ext(x, NID_ext_key_usage, "serverAuth") == -1)
		goto done;
	if (X509_sign(x, key, EVP_sha256()) == 0)
		goto done;
	if (tls_write_pem(keyfile, 0600, key, NULL) == -1 ||
	    tls_write_pem(certfile, 0644, NULL, x) == -1) {
		*errstr = strerror(errno);
		goto done;
	}
	rc = 0;
done:
	if (rc == -1 && ERR_peek_last_error() != 0)
		*errstr = tls_reason(*errstr);
	BN_free(bn);
	X509_free(x);
	EVP_PKEY_free(key);
	return rc;
}

int
tls_tickets_init(unsigned lifetime)
{
	tls_tk_lifetime = lifetime;
	return tls_tickets_rotate();
}

int
tls_tickets_rotate(void)
{
	struct tls_ticket_key k;

	if (RAND_bytes(k.tk_name, sizeof(k.tk_name)) != 1 ||
	    RAND_priv_bytes(k.tk_aes, sizeof(k.tk_aes)) != 1 ||
	    RAND_priv_bytes(k.tk_hmac, sizeof(k.tk_hmac)) != 1) {
		ERR_clear_error();
		OPENSSL_cleanse(&k, sizeof(k));
		return -1;
	}
	k.tk_set = 1;
	pthread_mutex_lock(&tls_tk_lock);
	OPENSSL_cleanse(&tls_tk_prev, sizeof(tls_tk_prev));
	tls_tk_prev = tls_tk_cur;
	tls_tk_cur = k;
	pthread_mutex_unlock(&tls_tk_lock);
	OPENSSL_cleanse(&k, sizeof(k));
	return 0;
}

void
tls_tickets_wipe(void)
{
	pthread_mutex_lock(&tls_tk_lock);
	OPENSSL_cleanse(&tls_tk_cur, sizeof(tls_tk_cur));
	OPENSSL_cleanse(&tls_tk_prev, sizeof(tls_tk_prev));
	pthread_mutex_unlock(&tls_tk_lock);
}

/* Keys a ticket's cipher (AES-256-CBC) and MAC (HMAC-SHA256). */
static int
tls_ticket_keys(const struct tls_ticket_key *k, unsigned char *iv,
    EVP_CIPHER_CTX *cctx, EVP_MAC_CTX *hctx, int enc)
{
	OSSL_PARAM params[3];

	params[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY,
	    (void *)k->tk_hmac, sizeof(k->tk_hmac));
	params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	params[2] = OSSL_PARAM_construct_end();
	if (EVP_MAC_CTX_set_params(hctx, params) != 1)
		return -1;
	if (enc)
		return EVP_EncryptInit_ex(cctx, EVP_aes_256_cbc(), NULL,
		    k->tk_aes, iv) == 1 ? 0 : -1;
	return EVP_DecryptInit_ex(cctx, EVP_aes_256_cbc(), NULL, k->tk_aes,
	    iv) == 1 ? 0 : -1;
}

/*
 * OpenSSL's ticket callback: seal with the current key; open with the
 * current one (1) or the previous one (2: "renew", a fresh ticket goes
 * back); 0 for a ticket whose key is gone, which means a full handshake.
 */
static int
tls_ticket_cb(SSL *ssl, unsigned char *name, unsigned char *iv,
    EVP_CIPHER_CTX *cctx, EVP_MAC_CTX *hctx, int enc)
{
	struct tls_ticket_key k;
	int rc = -1;

	(void)ssl;
	pthread_mutex_lock(&tls_tk_lock);
	if (enc)
		k = tls_tk_cur;
	else if (tls_tk_cur.tk_set &&
	    memcmp(name, tls_tk_cur.tk_name, sizeof(k.tk_name)) == 0) {
		k = tls_tk_cur;
		rc = 1;
	} else if (tls_tk_prev.tk_set &&
	    memcmp(name, tls_tk_prev.tk_name, sizeof(k.tk_name)) == 0) {
		k = tls_tk_prev;
		rc = 2;
	} else
		k.tk_set = 0;
	pthread_mutex_unlock(&tls_tk_lock);
	if (!k.tk_set) {
		/* No key yet (or any more): no ticket, or a full handshake. */
		rc = 0;
		goto done;
	}
	if (enc) {
		memcpy(name, k.tk_name, sizeof(k.tk_name));
		if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 1 ||
		    tls_ticket_keys(&k, iv, cctx, hctx, 1) == -1)
			goto done;
		rc = 1;
	} else if (tls_ticket_keys(&k, iv, cctx, hctx, 0) == -1)
		rc = -1;
done:
	OPENSSL_cleanse(&k, sizeof(k));
	return rc;
}

/*
 * Every client is asked for a certificate and any is taken, self-signed
 * or expired: it is an identity (its fingerprint), not a proof from an
 * authority, and what it may do is the publishers file's to say
 * (publishers.h).  A client without one goes on as before.
 */
static int
tls_accept_any(int ok, X509_STORE_CTX *x)
{
	(void)ok;
	(void)x;
	return 1;
}

/* No passphrase: a daemon has no one to ask, and must not block asking. */
static int
tls_no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* The message tls_ctx_new() hands back: one at a time, see tls.h. */
static char tls_msg[2 * PATH_MAX + 256];

static const char *tls_say(const char *, ...)
    __attribute__((format(printf, 1, 2)));

static const char *
tls_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tls_msg, sizeof(tls_msg), fmt, ap);
	va_end(ap);
	return tls_msg;
}

/* "FILE: " and errno's text, for *errstr. */
static const char *
tls_file_errno(const char *file)
{
	return tls_say("%s: %s", file, strerror(errno));
}

/*
 * What a PEM file that OpenSSL refused holds, from its first "-----BEGIN
 * " line: the label ("CERTIFICATE", "EC PRIVATE KEY"...) into label, or
 * "" when there is none; -1 (errno set) when it cannot be read.  Only
 * the start is looked at, and wiped: a label is all that is wanted.
 */
static int
tls_pem_label(const char *path, char *label, size_t size)
{
	char buf[4096];
	const char *p, *e;
	ssize_t n;
	int fd;

	*label = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	if ((p = strstr(buf, "-----BEGIN ")) != NULL &&
	    (e = strstr(p + 11, "-----")) != NULL)
		snprintf(label, size, "%.*s", (int)(e - p - 11), p + 11);
	OPENSSL_cleanse(buf, sizeof(buf));
	return 0;
}

/*
 * OpenSSL's words ("PEM lib", "no start line", "unsupported") turned
 * into what is wrong with file, which should hold want ("certificate"
 * or "private key").
 */
static const char *
tls_pem_problem(const char *file, const char *want)
{
	char label[64];
	const char *why = tls_reason("cannot be read");
	int is_key = strcmp(want, "private key") == 0;

	if (tls_pem_label(file, label, sizeof(label)) == -1)
		return tls_file_errno(file);
	if (*label == '\0')
		return tls_say("%s: not a PEM %s (no \"-----BEGIN\" line)",
		    file, want);
	if (is_key && strstr(label, "ENCRYPTED") != NULL)
		return tls_say("%s: an encrypted private key, and capsuled "
		    "has no one to ask for its passphrase: write it out "
		    "unencrypted (openssl pkey -in %s -out NEW)", file, file);
	if (is_key && strstr(label, "PRIVATE KEY") == NULL)
		return tls_say("%s: not a PEM private key but a \"%s\"%s",
		    file, label, strstr(label, "CERTIFICATE") != NULL ?
		    " (are --cert and --key swapped?)" : "");
	if (!is_key && strcmp(label, "CERTIFICATE") != 0 &&
	    strcmp(label, "TRUSTED CERTIFICATE") != 0)
		return tls_say("%s: not a PEM certificate but a \"%s\"%s",
		    file, label, strstr(label, "PRIVATE KEY") != NULL ?
		    " (are --cert and --key swapped?)" : "");
	return tls_say("%s: a PEM %s cut short or damaged (OpenSSL: %s)", file,
	    want, why);
}

/*
 * Reads the private key in keyfile into ctx.  The file is read with
 * read(2) into one buffer sized from fstat(2), never grown (a realloc
 * would leave a copy behind), parsed from a memory BIO that points into
 * it, then wiped with OPENSSL_cleanse before it is freed; a file that
 * grows meanwhile is refused.  Copies OpenSSL makes while decoding are
 * its own to clear.  What stays is the EVP_PKEY the SSL_CTX holds: every
 * handshake signs with it, so it lives as long as the context, and
 * OpenSSL clears the private scalar when the last reference goes.
 */
static int
tls_use_key(SSL_CTX *ctx, const char *certfile, const char *keyfile,
    const char **errstr)
{
	struct stat st;
	EVP_PKEY *key = NULL;
	unsigned char *pem = NULL;
	size_t cap = 0, n = 0;
	ssize_t r;
	BIO *bio = NULL;
	int fd, rc = -1;

	if ((fd = open(keyfile, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		*errstr = tls_file_errno(keyfile);
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		*errstr = tls_file_errno(keyfile);
		goto done;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (size_t)st.st_size > TLS_KEY_MAX) {
		*errstr = tls_say("%s: %s", keyfile, !S_ISREG(st.st_mode) ?
		    "not a regular file" : st.st_size <= 0 ? "empty, not a "
		    "PEM private key" : "larger than 1 MiB, not a private key");
		goto done;
	}
	cap = (size_t)st.st_size + 1;
	if ((pem = malloc(cap)) == NULL) {
		*errstr = tls_file_errno(keyfile);
		goto done;
	}
	while (n < cap) {
		if ((r = read(fd, pem + n, cap - n)) == -1) {
			if (errno == EINTR)
				continue;
			*errstr = tls_file_errno(keyfile);
			goto done;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n == cap) {
		*errstr = tls_say("%s: changed while it was read", keyfile);
		goto done;
	}
	if ((bio = BIO_new_mem_buf(pem, (int)n)) == NULL) {
		*errstr = tls_say("%s: %s", keyfile, strerror(ENOMEM));
		goto done;
	}
	if ((key = PEM_read_bio_PrivateKey(bio, NULL, tls_no_passphrase,
	    NULL)) == NULL) {
		*errstr = tls_pem_problem(keyfile, "private key");
		goto done;
	}
	/* The certificate is in already: this is where a foreign key fails. */
	if (SSL_CTX_use_PrivateKey(ctx, key) != 1) {
		ERR_clear_error();
		*errstr = tls_say("the key in %s does not belong to the "
		    "certificate in %s", keyfile, certfile);
		goto done;
	}
	rc = 0;
done:
	BIO_free(bio);
	EVP_PKEY_free(key);
	if (pem != NULL) {
		OPENSSL_cleanse(pem, cap);
		free(pem);
	}
	close(fd);
	return rc;
}

struct tls_ctx *
tls_ctx_new(const char *certfile, const char *keyfile, const char **errstr)
{
	static const unsigned char sid[] = "capsule";
	SSL_CTX *ctx;

	ERR_clear_error();
	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL) {
		*errstr = tls_reason("cannot create a TLS context");
		return NULL;
	}
	/* The Gemini specification: TLS 1.2 or higher. */
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION |
	    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
	/*
	 * The session id context is what lets a session that carries a
	 * client certificate be resumed at all; the certificate stays in
	 * the session (and its ticket), so a resumed connection still has
	 * the client's identity.  Without FAIL_IF_NO_PEER_CERT a client
	 * may send none.
	 */
	SSL_CTX_set_session_id_context(ctx, sid, sizeof(sid) - 1);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, tls_accept_any);
	/*
	 * One TLS 1.3 ticket, not OpenSSL's two: a Gemini connection is one
	 * request, so a second ticket is a wasted write.  Reading ahead takes
	 * a record's header and body in one read.
	 */
	SSL_CTX_set_num_tickets(ctx, 1);
	SSL_CTX_set_read_ahead(ctx, 1);
	/* Resumption: our rotated ticket keys, and a cache for session ids. */
	SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, tls_ticket_cb);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
	SSL_CTX_sess_set_cache_size(ctx, TLS_SESSION_CACHE);
	SSL_CTX_set_timeout(ctx, tls_tk_lifetime);
	if (SSL_CTX_use_certificate_chain_file(ctx, certfile) != 1) {
		*errstr = tls_pem_problem(certfile, "certificate");
		goto fail;
	}
	if (tls_use_key(ctx, certfile, keyfile, errstr) == -1)
		goto fail;
	if (SSL_CTX_check_private_key(ctx) != 1) {
		ERR_clear_error();
		*errstr = tls_say("the key in %s does not belong to the "
		    "certificate in %s", keyfile, certfile);
		goto fail;
	}
	return (struct tls_ctx *)ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

void
tls_ctx_ref(struct tls_ctx *c)
{
	SSL_CTX_up_ref((SSL_CTX *)c);
}

void
tls_ctx_unref(struct tls_ctx *c)
{
	SSL_CTX_free((SSL_CTX *)c);
}

/* The context in service; the lock guards the pointer only. */
static pthread_mutex_t	 tls_cur_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tls_ctx	*tls_current;

void
tls_ctx_publish(struct tls_ctx *c)
{
	struct tls_ctx *old;

	pthread_mutex_lock(&tls_cur_lock);
	old = tls_current;
	tls_current = c;
	pthread_mutex_unlock(&tls_cur_lock);
	if (old != NULL)
		tls_ctx_unref(old);
}

struct tls_ctx *
tls_ctx_acquire(void)
{
	struct tls_ctx *c;

	pthread_mutex_lock(&tls_cur_lock);
	if ((c = tls_current) != NULL)
		tls_ctx_ref(c);
	pthread_mutex_unlock(&tls_cur_lock);
	return c;
}

/*
 * Writes go through a buffer that is flushed at the end of each handshake
 * flight (OpenSSL does that) and by tls_close(): a response is short, so
 * its records and the close_notify go out in one system call instead of
 * one each.  Reads come straight from the socket.
 */
struct tls_conn *
tls_conn_new(struct tls_ctx *c, int fd)
{
	BIO *rbio = NULL, *wbio = NULL, *sock = NULL;
	SSL *ssl;

	if ((ssl = SSL_new((SSL_CTX *)c)) == NULL)
		goto fail;
	if ((rbio = BIO_new_socket(fd, BIO_NOCLOSE)) == NULL ||
	    (sock = BIO_new_socket(fd, BIO_NOCLOSE)) == NULL ||
	    (wbio = BIO_new(BIO_f_buffer())) == NULL)
		goto fail;
	wbio = BIO_push(wbio, sock);
	sock = NULL;
	SSL_set_bio(ssl, rbio, wbio);
	SSL_set_accept_state(ssl);
	return (struct tls_conn *)ssl;
fail:
	ERR_clear_error();
	BIO_free(rbio);
	BIO_free(sock);
	BIO_free_all(wbio);
	SSL_free(ssl);
	return NULL;
}

void
tls_conn_free(struct tls_conn *t)
{
	SSL_free((SSL *)t);
}

/* Maps the outcome of an SSL call to a tls_status. */
static int
tls_status(SSL *ssl, int r)
{
	int e = SSL_get_error(ssl, r);

	ERR_clear_error();
	switch (e) {
	case SSL_ERROR_WANT_READ:
		return TLS_WANT_READ;
	case SSL_ERROR_WANT_WRITE:
		return TLS_WANT_WRITE;
	case SSL_ERROR_ZERO_RETURN:
		return TLS_CLOSED;
	case SSL_ERROR_SYSCALL:
		return errno == 0 || errno == ECONNRESET || errno == EPIPE ?
		    TLS_CLOSED : TLS_ERROR;
	default:
		return TLS_ERROR;
	}
}

int
tls_handshake(struct tls_conn *t)
{
	SSL *ssl = (SSL *)t;
	int r;

	ERR_clear_error();
	errno = 0;
	if ((r = SSL_do_handshake(ssl)) == 1)
		return TLS_OK;
	return tls_status(ssl, r);
}

ssize_t
tls_read(struct tls_conn *t, void *p, size_t n)
{
	SSL *ssl = (SSL *)t;
	size_t got;
	int r;

	ERR_clear_error();
	errno = 0;
	if ((r = SSL_read_ex(ssl, p, n, &got)) == 1)
		return (ssize_t)got;
	return tls_status(ssl, r);
}

ssize_t
tls_write(struct tls_conn *t, const void *p, size_t n)
{
	SSL *ssl = (SSL *)t;
	size_t put;
	int r;

	ERR_clear_error();
	errno = 0;
	if ((r = SSL_write_ex(ssl, p, n, &put)) == 1)
		return (ssize_t)put;
	return tls_status(ssl, r);
}

/* Pushes out what the write buffer holds: TLS_OK, or a tls_status. */
static int
tls_flush(SSL *ssl)
{
	BIO *wbio = SSL_get_wbio(ssl);

	errno = 0;
	if (BIO_flush(wbio) == 1)
		return TLS_OK;
	if (BIO_should_retry(wbio))
		return TLS_WANT_WRITE;
	ERR_clear_error();
	return errno == EPIPE || errno == ECONNRESET ? TLS_CLOSED : TLS_ERROR;
}

int
tls_close(struct tls_conn *t)
{
	SSL *ssl = (SSL *)t;
	int r;

	ERR_clear_error();
	errno = 0;
	/*
	 * 0: our close_notify is queued and we do not wait for the peer's;
	 * then the buffer goes out, the response with it.
	 */
	if ((r = SSL_shutdown(ssl)) >= 0)
		return tls_flush(ssl);
	if ((r = tls_status(ssl, r)) == TLS_WANT_WRITE)
		return tls_flush(ssl) == TLS_OK ? TLS_WANT_WRITE : r;
	return r;
}

int
tls_resumed(const struct tls_conn *t)
{
	return SSL_session_reused((SSL *)t) == 1;
}

/* "sha256:" and x's SHA-256 (of its DER form) in hex: 0, or -1. */
static int
tls_fingerprint(X509 *x, char fp[TLS_FP_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n, i;
	char *o;

	if (X509_digest(x, EVP_sha256(), md, &n) != 1 || n != 32) {
		ERR_clear_error();
		return -1;
	}
	memcpy(fp, "sha256:", 7);
	for (o = fp + 7, i = 0; i < n; i++) {
		*o++ = hex[md[i] >> 4];
		*o++ = hex[md[i] & 15];
	}
	*o = '\0';
	return 0;
}

int
tls_peer(const struct tls_conn *t, struct tls_peer *p)
{
	X509 *x;

	memset(p, 0, sizeof(*p));
	if ((x = SSL_get0_peer_certificate((const SSL *)t)) == NULL)
		return 0;
	if (tls_fingerprint(x, p->tp_fp) == -1)
		return -1;
	/* Not yet valid, or no longer: neither date may be unreadable. */
	p->tp_outside = X509_cmp_current_time(X509_get0_notBefore(x)) >= 0 ||
	    X509_cmp_current_time(X509_get0_notAfter(x)) <= 0;
	ERR_clear_error();
	return 1;
}

/* A connected, blocking socket to host:port with timeouts: fd or -1. */
static int
tls_client_connect(const char *host, const char *port, int timeout,
    const char **errstr)
{
	struct addrinfo hints, *res, *ai;
	struct timeval tv;
	int fd = -1, e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((e = getaddrinfo(host, port, &hints, &res)) != 0) {
		*errstr = gai_strerror(e);
		return -1;
	}
	tv.tv_sec = timeout;
	tv.tv_usec = 0;
	*errstr = "cannot connect";
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol)) == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		*errstr = strerror(errno);
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* Writes all of p[0..n): 0, or -1. */
static int
tls_client_write(SSL *ssl, const char *p, size_t n)
{
	size_t put;

	while (n > 0) {
		if (SSL_write_ex(ssl, p, n, &put) != 1)
			return -1;
		p += put;
		n -= put;
	}
	return 0;
}

int
tls_client_fetch(const char *host, const char *port, const char *certfile,
    const char *keyfile, const char *req, size_t reqlen, const char *body,
    size_t bodylen, size_t max, int timeout, char **resp, size_t *resplen,
    char srvfp[TLS_FP_LEN + 1], const char **errstr)
{
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	X509 *x;
	char *out = NULL, *grown;
	size_t len = 0, cap = 0, got;
	int fd = -1, rc = -1, r;

	*resp = NULL;
	ERR_clear_error();
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		*errstr = tls_reason("cannot create a TLS context");
		return -1;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	if (SSL_CTX_use_certificate_file(ctx, certfile, SSL_FILETYPE_PEM) != 1) {
		*errstr = tls_reason("cannot load the certificate");
		goto done;
	}
	SSL_CTX_set_default_passwd_cb(ctx, tls_no_passphrase);
	if (SSL_CTX_use_PrivateKey_file(ctx, keyfile, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		*errstr = tls_reason("cannot load the key");
		goto done;
	}
	if ((fd = tls_client_connect(host, port, timeout, errstr)) == -1)
		goto done;
	if ((ssl = SSL_new(ctx)) == NULL || SSL_set_fd(ssl, fd) != 1 ||
	    SSL_set_tlsext_host_name(ssl, host) != 1 ||
	    SSL_connect(ssl) != 1) {
		*errstr = tls_reason("TLS handshake failed");
		goto done;
	}
	if (srvfp != NULL) {
		srvfp[0] = '\0';
		if ((x = SSL_get0_peer_certificate(ssl)) != NULL)
			tls_fingerprint(x, srvfp);
	}
	if (tls_client_write(ssl, req, reqlen) == -1 ||
	    (bodylen > 0 && tls_client_write(ssl, body, bodylen) == -1)) {
		*errstr = tls_reason("the server stopped reading");
		goto done;
	}
	for (;;) {
		if (cap - len < 4096 + 1) {
			if (cap >= max + 4096 + 1) {
				*errstr = "the response is too long";
				goto done;
			}
			cap = cap == 0 ? 8192 : cap * 2;
			if ((grown = realloc(out, cap)) == NULL) {
				*errstr = strerror(ENOMEM);
				goto done;
			}
			out = grown;
		}
		if ((r = SSL_read_ex(ssl, out + len, cap - len - 1, &got)) != 1)
			break;
		len += got;
	}
	if (len == 0) {
		*errstr = "no response";
		goto done;
	}
	out[len] = '\0';
	*resp = out;
	*resplen = len;
	out = NULL;
	rc = 0;
done:
	ERR_clear_error();
	free(out);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	if (fd != -1)
		close(fd);
	return rc;
}

const char *
tls_version(const struct tls_conn *t)
{
	return SSL_get_version((const SSL *)t);
}

/* t as "YYYY-MM-DD HH:MM UTC" into out. */
static void
tls_time_text(const ASN1_TIME *t, char *out, size_t size)
{
	struct tm tm;

	if (ASN1_TIME_to_tm(t, &tm) != 1 || strftime(out, size,
	    "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(out, size, "(an unreadable date)");
}

int
tls_cert_check(const char *certfile, const char *host, const char **errstr,
    const char **warnstr)
{
	static char warn[PATH_MAX + 256];
	unsigned char addr[16];
	char when[64];
	X509 *x = NULL;
	BIO *b;
	int rc = -1, isip;

	*warnstr = NULL;
	ERR_clear_error();
	if ((b = BIO_new_file(certfile, "r")) == NULL ||
	    (x = PEM_read_bio_X509(b, NULL, NULL, NULL)) == NULL) {
		*errstr = tls_pem_problem(certfile, "certificate");
		goto done;
	}
	if (X509_cmp_current_time(X509_get0_notAfter(x)) <= 0) {
		tls_time_text(X509_get0_notAfter(x), when, sizeof(when));
		*errstr = tls_say("%s: expired on %s; clients refuse it or "
		    "warn their readers: make a new one with the same key",
		    certfile, when);
		goto done;
	}
	if (X509_cmp_current_time(X509_get0_notBefore(x)) >= 0) {
		tls_time_text(X509_get0_notBefore(x), when, sizeof(when));
		*errstr = tls_say("%s: not valid before %s (is this "
		    "machine's clock right?)", certfile, when);
		goto done;
	}
	isip = inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1;
	if ((isip ? X509_check_ip_asc(x, host, 0) :
	    X509_check_host(x, host, strlen(host), 0, NULL)) != 1) {
		snprintf(warn, sizeof(warn), "%s: made for another name than "
		    "%s (--host): clients that check the name refuse it",
		    certfile, host);
		*warnstr = warn;
	}
	rc = 0;
done:
	ERR_clear_error();
	X509_free(x);
	BIO_free(b);
	return rc;
}
