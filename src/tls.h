/*
 * tls: the only module that includes OpenSSL headers.
 *
 * A struct tls_ctx holds the server's certificate and settings (TLS 1.2
 * and 1.3 only); it is shared by every worker and reference counted, so a
 * SIGHUP can swap in a new one while connections finish on the old: the
 * one in service is published here (tls_ctx_publish) and each new
 * connection takes a reference to it (tls_ctx_acquire), as snapshots
 * are.  A struct tls_conn is one non-blocking connection.
 *
 * The I/O calls never block; they return TLS_WANT_READ or TLS_WANT_WRITE
 * when the socket must become readable or writable first.
 */
#ifndef CAPSULE_TLS_H
#define CAPSULE_TLS_H

#include <stddef.h>
#include <sys/types.h>

struct tls_ctx;
struct tls_conn;

enum tls_status {
	TLS_OK = 0,
	TLS_WANT_READ = -2,
	TLS_WANT_WRITE = -3,
	TLS_CLOSED = -4,	/* the peer closed (close_notify or EOF) */
	TLS_ERROR = -5		/* a protocol or socket error */
};

/*
 * Creates an EC P-256 key and a self-signed certificate for host (CN and
 * subjectAltName; an IP address becomes an IP SAN) valid for 30 years,
 * written to certfile (0644) and keyfile (0600) by atomic renames.
 * Returns 0, or -1 with *errstr set.
 */
int		 tls_cert_create(const char *host, const char *certfile,
		    const char *keyfile, const char **errstr);

/*
 * Session tickets are sealed with keys of our own, the same for every
 * context (so a certificate reload keeps them valid): a new key every
 * lifetime / 2 seconds, the one before kept to open older tickets, and
 * older ones wiped, so a stolen key opens at most one lifetime of
 * sessions.  tls_tickets_init() makes the first key and sets how long a
 * ticket lives; tls_tickets_rotate() is called by the main thread on
 * that schedule.  Returns 0, or -1 when the random generator fails.
 */
int		 tls_tickets_init(unsigned lifetime);
int		 tls_tickets_rotate(void);
void		 tls_tickets_wipe(void);

/*
 * Loads certfile and keyfile into a new context (reference count 1).
 * The key's PEM text is wiped from memory once parsed; an encrypted key
 * is refused (nobody is there to type a passphrase).  Returns NULL with
 * *errstr set when they are missing, unreadable or do not match: a
 * static string, overwritten by the next call, that names the file and
 * says what is wrong with it in words of ours, not OpenSSL's.
 * Called by one thread at a time.
 */
struct tls_ctx	*tls_ctx_new(const char *certfile, const char *keyfile,
		    const char **errstr);
/*
 * What a client holds against the first certificate in certfile now:
 * -1 with *errstr set when it cannot be read, has expired or is not yet
 * valid; else 0, with *warnstr set when it does not name host (a DNS
 * name or an IP address), NULL otherwise.  Static messages, as
 * tls_ctx_new()'s.
 */
int		 tls_cert_check(const char *certfile, const char *host,
		    const char **errstr, const char **warnstr);
void		 tls_ctx_ref(struct tls_ctx *);
void		 tls_ctx_unref(struct tls_ctx *);

/*
 * Puts c in service (taking over the caller's reference; NULL to stop)
 * and lets the previous one go; connections already made keep theirs.
 */
void		 tls_ctx_publish(struct tls_ctx *c);
/* A reference to the context in service, or NULL before the first. */
struct tls_ctx	*tls_ctx_acquire(void);

/* A server connection on the connected socket fd (not owned). */
struct tls_conn	*tls_conn_new(struct tls_ctx *, int fd);
void		 tls_conn_free(struct tls_conn *);

/* Drives the handshake: TLS_OK when done. */
int		 tls_handshake(struct tls_conn *);

/* Bytes read (> 0), or a tls_status. */
ssize_t		 tls_read(struct tls_conn *, void *, size_t);

/* Bytes written (> 0, possibly fewer than asked), or a tls_status. */
ssize_t		 tls_write(struct tls_conn *, const void *, size_t);

/* Sends close_notify: TLS_OK once it is out (the peer's is not awaited). */
int		 tls_close(struct tls_conn *);

/* 1 when the handshake resumed a session (ticket), 0 when it was full. */
int		 tls_resumed(const struct tls_conn *);

/*
 * The client's certificate, which every client is asked for and which is
 * never checked against an authority (any is taken, self-signed ones
 * included): its SHA-256 fingerprint (of the DER encoding), written
 * "sha256:" and 64 lower-case hex digits, and whether the time now is
 * outside its notBefore..notAfter.  A resumed session keeps the
 * certificate of the handshake it came from.
 */
#define TLS_FP_LEN	71
struct tls_peer {
	char	tp_fp[TLS_FP_LEN + 1];
	int	tp_outside;	/* not yet or no longer valid */
};
/* 1 with *p filled, 0 when the client sent none, -1 on error. */
int		 tls_peer(const struct tls_conn *, struct tls_peer *p);

/*
 * capsulectl --remote's one request: connects to host:port (a name or
 * an address), TLS 1.2 or 1.3 with SNI host, presenting the client
 * certificate in certfile with the key in keyfile; sends req[0..reqlen)
 * and body[0..bodylen), then reads the response until the server closes
 * (at most max bytes, within timeout seconds) into *resp (malloc'd,
 * NUL-terminated, its length in *resplen).  The server's certificate is
 * not checked (Gemini servers' are self-signed; see capsulectl(1)); its
 * fingerprint goes to srvfp when that is not NULL.  Blocking; 0, or -1
 * with *errstr set (static, or one of OpenSSL's reasons).
 */
int		 tls_client_fetch(const char *host, const char *port,
		    const char *certfile, const char *keyfile,
		    const char *req, size_t reqlen, const char *body,
		    size_t bodylen, size_t max, int timeout, char **resp,
		    size_t *resplen, char srvfp[TLS_FP_LEN + 1],
		    const char **errstr);

/* The negotiated protocol ("TLSv1.3"), for logs and tests. */
const char	*tls_version(const struct tls_conn *);

#endif
