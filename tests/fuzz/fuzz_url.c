/*
 * fuzz_url: the Gemini request URI parser, and the invariants routing
 * relies on: a parsed path is rooted, has no dot segment and no NUL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"
#include "url.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *errstr;
	struct route r;
	struct url u;
	char *dec, enc[256];
	size_t declen;

	memset(&u, 0, sizeof(u));
	if (url_parse((const char *)data, len, &u, &errstr) == 0) {
		if (u.u_path[0] != '/' || strstr(u.u_path, "/../") != NULL ||
		    strstr(u.u_path, "/./") != NULL ||
		    (strlen(u.u_path) >= 3 &&
		    strcmp(u.u_path + strlen(u.u_path) - 3, "/..") == 0))
			abort();
		route_match(u.u_path, &r);
		/* A media path is served from disk: it must stay beneath. */
		if (r.r_kind == ROUTE_MEDIA && (strncmp(r.r_arg, "../", 3) ==
		    0 || strstr(r.r_arg, "/../") != NULL))
			abort();
		url_free(&u);
	}
	if (url_decode((const char *)data, len, &dec, &declen, &errstr) == 0) {
		if (memchr(dec, '\0', declen) != NULL)
			abort();
		url_encode(dec, enc, sizeof(enc));
		free(dec);
	}
	return 0;
}
