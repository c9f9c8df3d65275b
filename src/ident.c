/*
 * ident: random bytes, scrypt, fingerprints and client identities
 * (ident.h), from libcrypto.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "ident.h"

int
ident_random(void *buf, size_t n)
{
	return n > 0x7fffffff || RAND_bytes(buf, (int)n) != 1 ? -1 : 0;
}

int
ident_scrypt(const char *pass, size_t passlen, const unsigned char *salt,
    size_t saltlen, uint64_t n, uint64_t r, uint64_t p, unsigned char *out,
    size_t outlen)
{
	/* Room for the memory scrypt needs (128 r N bytes) and some. */
	uint64_t maxmem = 128 * r * n + (1u << 20);

	return EVP_PBE_scrypt(pass, passlen, salt, saltlen, n, r, p, maxmem,
	    out, outlen) == 1 ? 0 : -1;
}

int
ident_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

void
ident_fingerprint(const unsigned char *der, size_t len,
    char out[IDENT_FP_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;

	EVP_Digest(der, len, md, &mdlen, EVP_sha256(), NULL);
	memcpy(out, "sha256:", 7);
	for (i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
	out[IDENT_FP_LEN] = '\0';
}

/* Writes fn's PEM of obj to a new file path of mode mode. */
static int
ident_write_new(const char *path, unsigned mode, int (*fn)(FILE *, void *),
    void *obj)
{
	FILE *f;
	int fd, rc;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, (mode_t)mode)) == -1)
		return -1;
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(path);
		return -1;
	}
	rc = fn(f, obj);
	if (fflush(f) != 0 || fsync(fd) != 0)
		rc = 0;
	if (fclose(f) != 0)
		rc = 0;
	if (rc != 1) {
		unlink(path);
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

static int
ident_pem_key(FILE *f, void *k)
{
	return PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
}

static int
ident_pem_cert(FILE *f, void *x)
{
	return PEM_write_X509(f, x);
}

int
ident_new(const char *name, int days, const char *certpath,
    const char *keypath, char fp[IDENT_FP_LEN + 1], const char **errstr)
{
	static char msg[512];
	EVP_PKEY *key = NULL;
	X509 *x = NULL;
	X509_NAME *xn;
	unsigned char serial[16], *der = NULL;
	BIGNUM *bn = NULL;
	int derlen, rc = -1;

	/* Before the key is made: making one takes a while. */
	if (access(keypath, F_OK) == 0 || access(certpath, F_OK) == 0) {
		snprintf(msg, sizeof(msg), "%s: %s",
		    access(keypath, F_OK) == 0 ? keypath : certpath,
		    strerror(EEXIST));
		*errstr = msg;
		return -1;
	}
	*errstr = "cannot make the key or the certificate";
	if ((key = EVP_RSA_gen(2048)) == NULL || (x = X509_new()) == NULL)
		goto done;
	if (ident_random(serial, sizeof(serial)) == -1)
		goto done;
	serial[0] &= 0x7f;
	if ((bn = BN_bin2bn(serial, sizeof(serial), NULL)) == NULL ||
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL)
		goto done;
	if (X509_set_version(x, 2) != 1 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), 0) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), days, 0, NULL) == NULL ||
	    X509_set_pubkey(x, key) != 1)
		goto done;
	xn = X509_get_subject_name(x);
	if (X509_NAME_add_entry_by_txt(xn, "CN", MBSTRING_UTF8,
	    (const unsigned char *)name, -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, xn) != 1 ||
	    X509_sign(x, key, EVP_sha256()) == 0)
		goto done;
	if ((derlen = i2d_X509(x, &der)) <= 0)
		goto done;
	if (ident_write_new(keypath, 0600, ident_pem_key, key) == -1) {
		snprintf(msg, sizeof(msg), "%s: %s", keypath, strerror(errno));
		*errstr = msg;
		goto done;
	}
	if (ident_write_new(certpath, 0644, ident_pem_cert, x) == -1) {
		snprintf(msg, sizeof(msg), "%s: %s", certpath,
		    strerror(errno));
		*errstr = msg;
		unlink(keypath);
		goto done;
	}
	ident_fingerprint(der, (size_t)derlen, fp);
	rc = 0;
done:
	OPENSSL_free(der);
	BN_free(bn);
	X509_free(x);
	EVP_PKEY_free(key);
	return rc;
}
