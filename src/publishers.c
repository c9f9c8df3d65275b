/*
 * publishers: the publishers file (publishers.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "publishers.h"
#include "utf8.h"
#include "util.h"

/* scrypt's cost for new hashes: about 16 MiB and 50 ms a check. */
#define PUB_SCRYPT_N	16384
#define PUB_SCRYPT_R	8
#define PUB_SCRYPT_P	1
#define PUB_SALT_LEN	16
#define PUB_HASH_LEN	32

int
publishers_name_valid(const char *s)
{
	size_t n = strlen(s), i, bad;

	if (n == 0 || n > PUBLISHERS_NAME_MAX || s[0] == '#' ||
	    utf8_validate(s, n, &bad) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	return 1;
}

int
publishers_fp_valid(const char *s)
{
	return strlen(s) == PUBLISHERS_FP_LEN &&
	    strncmp(s, "sha256:", 7) == 0 &&
	    strspn(s + 7, "0123456789abcdef") == 64;
}

const char *
publishers_role_name(enum publishers_role role)
{
	return role == PUBLISHERS_EDITOR ? "editor" : role ==
	    PUBLISHERS_WRITER ? "writer" : "none";
}

int
publishers_role_parse(const char *s, enum publishers_role *role)
{
	if (strcmp(s, "writer") == 0)
		*role = PUBLISHERS_WRITER;
	else if (strcmp(s, "editor") == 0)
		*role = PUBLISHERS_EDITOR;
	else
		return -1;
	return 0;
}

static int
pub_hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : -1;
}

/* hex (exactly 2 n lower-case digits) into out[0..n). */
static int
pub_unhex(const char *hex, size_t hl, unsigned char *out, size_t n)
{
	size_t i;
	int hi, lo;

	if (hl != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		if ((hi = pub_hexval(hex[2 * i])) == -1 ||
		    (lo = pub_hexval(hex[2 * i + 1])) == -1)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/*
 * A TOKEN-HASH split into its parameters; -1 when it is not one with
 * bounded costs (the file is the owner's, but a typo must not make each
 * check take minutes).
 */
static int
pub_hash_split(const char *h, uint64_t *n, uint64_t *r, uint64_t *p,
    unsigned char salt[PUB_SALT_LEN], unsigned char hash[PUB_HASH_LEN])
{
	const char *s, *d;
	char *end;

	if (strncmp(h, "scrypt$", 7) != 0)
		return -1;
	errno = 0;
	*n = strtoull(h + 7, &end, 10);
	if (*end != '$' || *n < 2 || *n > (1u << 20) || (*n & (*n - 1)) != 0)
		return -1;
	*r = strtoull(end + 1, &end, 10);
	if (*end != '$' || *r < 1 || *r > 32)
		return -1;
	*p = strtoull(end + 1, &end, 10);
	if (*end != '$' || *p < 1 || *p > 16 || errno != 0)
		return -1;
	/* scrypt needs 128 r N bytes: at most 64 MiB a check. */
	if (128 * *r * *n > (64u << 20))
		return -1;
	s = end + 1;
	if ((d = strchr(s, '$')) == NULL ||
	    pub_unhex(s, (size_t)(d - s), salt, PUB_SALT_LEN) == -1 ||
	    pub_unhex(d + 1, strlen(d + 1), hash, PUB_HASH_LEN) == -1)
		return -1;
	return 0;
}

void
publishers_free(struct publishers *ps)
{
	size_t i;

	for (i = 0; i < ps->ps_n; i++) {
		free(ps->ps_list[i].p_name);
		free(ps->ps_list[i].p_hash);
	}
	free(ps->ps_list);
	ps->ps_list = NULL;
	ps->ps_n = 0;
}

const struct publisher *
publishers_lookup(const struct publishers *ps, const char *fingerprint)
{
	size_t i;

	for (i = 0; i < ps->ps_n; i++)
		if (strcmp(ps->ps_list[i].p_fp, fingerprint) == 0)
			return &ps->ps_list[i];
	return NULL;
}

const struct publisher *
publishers_find(const struct publishers *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->ps_n; i++)
		if (strcmp(ps->ps_list[i].p_name, name) == 0)
			return &ps->ps_list[i];
	return NULL;
}

int
publishers_add(struct publishers *ps, const char *name,
    const char *fingerprint, enum publishers_role role, const char *hash,
    const char **errstr)
{
	unsigned char salt[PUB_SALT_LEN], h[PUB_HASH_LEN];
	struct publisher *np, *p;
	uint64_t n, r, pp;

	if (!publishers_name_valid(name)) {
		*errstr = "not a publisher's name (1 to 64 bytes of UTF-8, no "
		    "blank or control character, not starting with '#')";
		return -1;
	}
	if (!publishers_fp_valid(fingerprint)) {
		*errstr = "not a fingerprint (sha256: and 64 lower-case hex "
		    "digits, as 'capsulectl identity new' prints)";
		return -1;
	}
	if (role != PUBLISHERS_WRITER && role != PUBLISHERS_EDITOR) {
		*errstr = "not a role (writer or editor)";
		return -1;
	}
	if (hash != NULL && (strlen(hash) > PUBLISHERS_HASH_MAX ||
	    pub_hash_split(hash, &n, &r, &pp, salt, h) == -1)) {
		*errstr = "not a token hash (scrypt$N$r$p$SALT$HASH)";
		return -1;
	}
	if (publishers_find(ps, name) != NULL) {
		*errstr = "a publisher has this name already";
		return -1;
	}
	if (publishers_lookup(ps, fingerprint) != NULL) {
		*errstr = "a publisher has this fingerprint already";
		return -1;
	}
	if ((np = reallocarray(ps->ps_list, ps->ps_n + 1, sizeof(*np))) ==
	    NULL) {
		*errstr = strerror(ENOMEM);
		return -1;
	}
	ps->ps_list = np;
	p = &np[ps->ps_n];
	memset(p, 0, sizeof(*p));
	p->p_role = role;
	memcpy(p->p_fp, fingerprint, PUBLISHERS_FP_LEN + 1);
	if ((p->p_name = strdup(name)) == NULL ||
	    (hash != NULL && (p->p_hash = strdup(hash)) == NULL)) {
		free(p->p_name);
		*errstr = strerror(ENOMEM);
		return -1;
	}
	ps->ps_n++;
	return 0;
}

int
publishers_remove(struct publishers *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->ps_n; i++)
		if (strcmp(ps->ps_list[i].p_name, name) == 0)
			break;
	if (i == ps->ps_n)
		return -1;
	free(ps->ps_list[i].p_name);
	free(ps->ps_list[i].p_hash);
	memmove(&ps->ps_list[i], &ps->ps_list[i + 1], (ps->ps_n - i - 1) *
	    sizeof(ps->ps_list[0]));
	ps->ps_n--;
	return 0;
}

int
publishers_parse(struct publishers *ps, const char *text, size_t len,
    unsigned *errline, const char **errstr)
{
	const char *line, *nl, *end = text + len;
	char buf[512], *f[5], *save, *tok;
	enum publishers_role role;
	unsigned lineno = 0;
	size_t n;
	int nf;

	*errline = 0;
	for (line = text; line < end; line = nl + 1) {
		lineno++;
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		n = (size_t)(nl - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n >= sizeof(buf)) {
			*errstr = "line too long";
			goto fail;
		}
		memcpy(buf, line, n);
		buf[n] = '\0';
		if (memchr(buf, '\0', n) != NULL) {
			*errstr = "a NUL byte";
			goto fail;
		}
		nf = 0;
		for (tok = strtok_r(buf, " \t", &save); tok != NULL && nf < 5;
		    tok = strtok_r(NULL, " \t", &save))
			f[nf++] = tok;
		if (nf == 0 || f[0][0] == '#')
			continue;
		if (nf < 3) {
			*errstr = "expected NAME ROLE FINGERPRINT [TOKEN-HASH]";
			goto fail;
		}
		if (nf > 4) {
			*errstr = "too many fields (NAME ROLE FINGERPRINT "
			    "[TOKEN-HASH])";
			goto fail;
		}
		if (publishers_role_parse(f[1], &role) == -1) {
			*errstr = "not a role (writer or editor)";
			goto fail;
		}
		if (publishers_add(ps, f[0], f[2], role, nf == 4 ? f[3] : NULL,
		    errstr) == -1)
			goto fail;
		if (nl == end)
			break;
	}
	return 0;
fail:
	*errline = lineno;
	publishers_free(ps);
	return -1;
}

int
publishers_load(int dirfd, struct publishers *ps, unsigned *errline,
    const char **errstr)
{
	char *text;
	size_t len;
	int rc;

	*errline = 0;
	if (util_read_at(dirfd, PUBLISHERS_FILE, PUBLISHERS_FILE_MAX, &text,
	    &len) == -1) {
		if (errno == ENOENT)
			return 0;
		*errstr = strerror(errno);
		return -1;
	}
	rc = publishers_parse(ps, text, len, errline, errstr);
	free(text);
	return rc;
}

char *
publishers_serialise(const struct publishers *ps, size_t *len)
{
	const struct publisher *p;
	size_t size = 128, o, i;
	char *out;

	for (i = 0; i < ps->ps_n; i++)
		size += strlen(ps->ps_list[i].p_name) + PUBLISHERS_FP_LEN +
		    PUBLISHERS_HASH_MAX + 16;
	if ((out = malloc(size)) == NULL)
		return NULL;
	o = (size_t)snprintf(out, size, "# capsule publishers: NAME ROLE "
	    "FINGERPRINT [TOKEN-HASH]\n");
	for (i = 0; i < ps->ps_n; i++) {
		p = &ps->ps_list[i];
		o += (size_t)snprintf(out + o, size - o, "%s %s %s%s%s\n",
		    p->p_name, publishers_role_name(p->p_role), p->p_fp,
		    p->p_hash != NULL ? " " : "", p->p_hash != NULL ?
		    p->p_hash : "");
	}
	*len = o;
	return out;
}

int
publishers_token_new(char out[PUBLISHERS_TOKEN_LEN + 1], const char **errstr)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char r[PUBLISHERS_TOKEN_LEN];
	size_t i, o = 0;

	/* 62 letters: bytes past the last whole multiple are drawn again. */
	while (o < PUBLISHERS_TOKEN_LEN) {
		if (ident_random(r, sizeof(r)) == -1) {
			*errstr = "no random bytes";
			return -1;
		}
		for (i = 0; i < sizeof(r) && o < PUBLISHERS_TOKEN_LEN; i++)
			if (r[i] < 248)
				out[o++] = set[r[i] % 62];
	}
	out[o] = '\0';
	return 0;
}

int
publishers_token_hash(const char *token, char out[PUBLISHERS_HASH_MAX + 1],
    const char **errstr)
{
	unsigned char salt[PUB_SALT_LEN], h[PUB_HASH_LEN];
	size_t i, o;

	if (ident_random(salt, sizeof(salt)) == -1 ||
	    ident_scrypt(token, strlen(token), salt, sizeof(salt),
	    PUB_SCRYPT_N, PUB_SCRYPT_R, PUB_SCRYPT_P, h, sizeof(h)) == -1) {
		*errstr = "scrypt failed";
		return -1;
	}
	o = (size_t)snprintf(out, PUBLISHERS_HASH_MAX + 1, "scrypt$%u$%u$%u$",
	    PUB_SCRYPT_N, PUB_SCRYPT_R, PUB_SCRYPT_P);
	for (i = 0; i < sizeof(salt); i++, o += 2)
		snprintf(out + o, 3, "%02x", salt[i]);
	out[o++] = '$';
	for (i = 0; i < sizeof(h); i++, o += 2)
		snprintf(out + o, 3, "%02x", h[i]);
	out[o] = '\0';
	return 0;
}

int
publishers_token_verify(const struct publisher *p, const char *token)
{
	unsigned char salt[PUB_SALT_LEN], want[PUB_HASH_LEN], got[PUB_HASH_LEN];
	uint64_t n, r, pp;

	if (p->p_hash == NULL)
		return 1;
	if (token == NULL || *token == '\0' ||
	    pub_hash_split(p->p_hash, &n, &r, &pp, salt, want) == -1 ||
	    ident_scrypt(token, strlen(token), salt, sizeof(salt), n, r, pp,
	    got, sizeof(got)) == -1)
		return 0;
	return ident_equal(got, want, sizeof(want));
}
