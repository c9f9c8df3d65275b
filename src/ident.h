/*
 * ident: what capsule needs from libcrypto besides TLS itself (tls.c):
 * random bytes, scrypt for publishers' tokens, certificate fingerprints
 * and the long-lived self-signed client certificates publishers present.
 * With tls.c, the only file that includes OpenSSL.  Nothing here keeps
 * state; every function may be called from any thread.
 */
#ifndef CAPSULE_IDENT_H
#define CAPSULE_IDENT_H

#include <stddef.h>
#include <stdint.h>

#define IDENT_FP_LEN	71	/* "sha256:" + 64 lower-case hex digits */

/* n bytes from the system's random source into buf: 0, or -1. */
int	ident_random(void *buf, size_t n);

/* scrypt(pass, salt, N, r, p) into out[0..outlen): 0, or -1. */
int	ident_scrypt(const char *pass, size_t passlen,
	    const unsigned char *salt, size_t saltlen, uint64_t n, uint64_t r,
	    uint64_t p, unsigned char *out, size_t outlen);

/* 1 when a[0..n) and b[0..n) are equal, in time independent of where
 * they differ. */
int	ident_equal(const void *a, const void *b, size_t n);

/* "sha256:" and the SHA-256 of der[0..len) in lower-case hex. */
void	ident_fingerprint(const unsigned char *der, size_t len,
	    char out[IDENT_FP_LEN + 1]);

/*
 * Makes a self-signed client certificate for CN=name, valid from now for
 * days days, with a new key (RSA 2048, which every Gemini client takes):
 * the certificate written to certpath (PEM, mode 0644), the key to
 * keypath (PEM, mode 0600), neither replacing an existing file.  fp gets
 * the certificate's fingerprint.  0, or -1 with *errstr (static).
 */
int	ident_new(const char *name, int days, const char *certpath,
	    const char *keypath, char fp[IDENT_FP_LEN + 1],
	    const char **errstr);

#endif
