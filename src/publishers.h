/*
 * publishers: the store's "publishers" file, who may publish by Titan
 * (issue #12).  Never served: the loaders skip it, no route names it.
 *
 * Who owns what: this module parses, looks up, changes and writes back
 * the file's text; capsulectl ("publishers add|list|rm") changes it under
 * the store lock through pub.h; capsuled's front end may read it to
 * answer 60/61 early; the writer process (writer.h) reads it again for
 * every request and is the one that decides.  A struct publishers owns
 * every string it points to; publishers_free() releases it.
 *
 * The file, one publisher a line, fields separated by blanks, '#' starts
 * a comment line, blank lines ignored:
 *
 *   NAME ROLE FINGERPRINT [TOKEN-HASH]
 *
 * NAME: 1-64 bytes of UTF-8, no blank, control character or '#' at its
 * start (it fills Author: and the audit log); ROLE: "writer" or "editor";
 * FINGERPRINT: "sha256:" and 64 lower-case hex digits, the SHA-256 of the
 * client certificate (DER); TOKEN-HASH: "scrypt$N$r$p$SALT$HASH" (SALT
 * and HASH lower-case hex), the salted scrypt hash of the publisher's
 * token.  Names and fingerprints are unique.
 *
 * Errors: functions return 0 or -1; *errstr is a static English message
 * and *errline the 1-based line of the text (0 when it has none), so a
 * caller prints "publishers:LINE: message".
 */
#ifndef CAPSULE_PUBLISHERS_H
#define CAPSULE_PUBLISHERS_H

#include <stddef.h>

#define PUBLISHERS_FILE		"publishers"
#define PUBLISHERS_NAME_MAX	64	/* bytes */
#define PUBLISHERS_FP_LEN	71	/* "sha256:" + 64 hex */
#define PUBLISHERS_HASH_MAX	160	/* a TOKEN-HASH field, bytes */
#define PUBLISHERS_TOKEN_LEN	32	/* a generated token, characters */
#define PUBLISHERS_FILE_MAX	(1u << 20)

enum publishers_role {
	PUBLISHERS_WRITER = 1,	/* new drafts; replaces its own drafts */
	PUBLISHERS_EDITOR = 2	/* everything: publish, any article,
				   media, delete */
};

struct publisher {
	char			*p_name;
	enum publishers_role	 p_role;
	char			 p_fp[PUBLISHERS_FP_LEN + 1];
	char			*p_hash;	/* NULL: no token */
};

struct publishers {
	struct publisher	*ps_list;	/* in file order */
	size_t			 ps_n;
};

/* Pure: text[0..len) into ps (zeroed by the caller). */
int		 publishers_parse(struct publishers *ps, const char *text,
		    size_t len, unsigned *errline, const char **errstr);

/*
 * Reads and parses PUBLISHERS_FILE below the store's directory fd; no
 * such file is an empty list, not an error.
 */
int		 publishers_load(int dirfd, struct publishers *ps,
		    unsigned *errline, const char **errstr);

void		 publishers_free(struct publishers *ps);

/* The publisher with that fingerprint, or that name; NULL when none. */
const struct publisher *publishers_lookup(const struct publishers *ps,
		    const char *fingerprint);
const struct publisher *publishers_find(const struct publishers *ps,
		    const char *name);

/*
 * Appends a publisher; hash may be NULL (no token).  Fails on a bad name
 * or fingerprint form or a name or fingerprint already listed, with a
 * message saying which.
 */
int		 publishers_add(struct publishers *ps, const char *name,
		    const char *fingerprint, enum publishers_role role,
		    const char *hash, const char **errstr);

/* Removes the publisher called name; -1 when there is none. */
int		 publishers_remove(struct publishers *ps, const char *name);

/* The file form, malloc'd (the caller frees), length in *len. */
char		*publishers_serialise(const struct publishers *ps,
		    size_t *len);

/* 1 when s is a well-formed name, fingerprint; 0 otherwise. */
int		 publishers_name_valid(const char *s);
int		 publishers_fp_valid(const char *s);

/* "writer", "editor"; and back (-1 for anything else). */
const char	*publishers_role_name(enum publishers_role role);
int		 publishers_role_parse(const char *s,
		    enum publishers_role *role);

/*
 * A new token: PUBLISHERS_TOKEN_LEN characters from [A-Za-z0-9] drawn
 * from the system's random source, NUL-terminated in out.
 */
int		 publishers_token_new(char out[PUBLISHERS_TOKEN_LEN + 1],
		    const char **errstr);

/* The TOKEN-HASH of token with a fresh random salt (scrypt). */
int		 publishers_token_hash(const char *token,
		    char out[PUBLISHERS_HASH_MAX + 1], const char **errstr);

/*
 * 1 when token matches p's hash (compared in constant time), or when p
 * has no token whatever token is; 0 otherwise (a NULL or empty token
 * against a hash included).
 */
int		 publishers_token_verify(const struct publisher *p,
		    const char *token);

#endif
