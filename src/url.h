/*
 * url: pure parser for the absolute URIs of Gemini requests (RFC 3986)
 * and helpers for percent-encoding.
 *
 * url_parse() splits and checks; it does not decide what a protocol
 * accepts (that is gemini.c's job): it reports userinfo, a fragment or a
 * port so that the caller answers with the right status.
 *
 * Ownership: struct url owns its strings; url_free() releases them.
 */
#ifndef CAPSULE_URL_H
#define CAPSULE_URL_H

#include <stddef.h>

struct url {
	char	*u_scheme;	/* lower-cased */
	char	*u_host;	/* lower-cased, percent-decoded reg-name or IP
				 * literal (IPv6 with its brackets); "" for an
				 * empty authority ("gemini:///"), NULL without
				 * one ("gemini:/path") */
	int	 u_port;	/* -1 when absent or empty ("host:") */
	char	*u_path;	/* percent-decoded UTF-8 without controls, dot
				 * segments removed, runs of "/" collapsed;
				 * always begins with "/" ("/" when empty) */
	char	*u_query;	/* as sent (still encoded); NULL when absent */
	int	 u_userinfo;	/* 1 when the authority had "user@" */
	int	 u_fragment;	/* 1 when a "#fragment" was present */
};

/*
 * Parses s[0..len) as an absolute URI:
 *   absolute-URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
 *   hier-part    = "//" authority path-abempty / path-absolute /
 *                  path-rootless / path-empty
 * s need not be NUL-terminated.  Characters outside the RFC 3986 set
 * (spaces, controls, non-ASCII bytes, NUL), bad percent escapes and an
 * encoded NUL ("%00") are refused, as are ports outside 0-65535, an
 * encoded slash or backslash ("%2F", "%5C") in the path, and a path that
 * does not decode to UTF-8 text.  Relative references are refused.
 * Returns 0, or -1 with *errstr set (a static string) and *u cleared:
 * there is nothing to free after a failure.
 */
int	url_parse(const char *s, size_t len, struct url *, const char **errstr);
void	url_free(struct url *);

/*
 * Percent-decodes s[0..len) into a malloc'd, NUL-terminated string
 * (length in *outlen), with "+" kept as "+".  Refuses bad escapes, "%00"
 * and a NUL byte, but not other bytes: the caller checks what it needs
 * (UTF-8, controls).  The caller frees *out.  Returns 0, or -1 with
 * *errstr set and *out NULL.
 */
int	url_decode(const char *s, size_t len, char **out, size_t *outlen,
	    const char **errstr);

/*
 * Writes s percent-encoded into out (size outsz, NUL-terminated when
 * outsz > 0) for a path segment or query: everything but unreserved
 * characters (ALPHA DIGIT - . _ ~) is escaped, in upper-case hex.
 * Returns the length it needed, NUL excluded (as snprintf does); on
 * truncation out holds only whole escapes.  out may be NULL if outsz is 0.
 */
size_t	url_encode(const char *s, char *out, size_t outsz);

#endif
