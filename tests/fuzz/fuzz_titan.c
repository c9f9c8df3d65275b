/*
 * fuzz_titan: a Titan request line through titan_parse(), as the daemon
 * runs it on the line a connection read (at most 1024 bytes and CRLF).
 * An accepted line must be what gemini.c assumes: the titan scheme, a
 * host, a rooted path without dot segments, no query, a size of at
 * most 2^53, a "type/subtype" mime in lower case, a token without
 * control characters; a refused one has a reason and nothing to free.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "titan.h"
#include "url.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_accepted(const char *s, size_t len, const struct titan_req *t)
{
	const char *slash;
	size_t i;

	if (len > REQUEST_MAX || !titan_is(s, len) ||
	    memchr(s, ';', len) == NULL)
		abort();
	if (strcmp(t->t_url.u_scheme, "titan") != 0 ||
	    t->t_url.u_host == NULL || t->t_url.u_host[0] == '\0' ||
	    t->t_url.u_path[0] != '/' || t->t_url.u_query != NULL ||
	    t->t_url.u_userinfo || t->t_url.u_fragment ||
	    strstr(t->t_url.u_path, "/../") != NULL ||
	    strstr(t->t_url.u_path, "//") != NULL)
		abort();
	if (t->t_size > (UINT64_C(1) << 53))
		abort();
	if ((slash = strchr(t->t_mime, '/')) == NULL || slash == t->t_mime ||
	    slash[1] == '\0' || strchr(slash + 1, '/') != NULL)
		abort();
	for (i = 0; t->t_mime[i] != '\0'; i++)
		if ((unsigned char)t->t_mime[i] <= 0x20 ||
		    (unsigned char)t->t_mime[i] >= 0x7f ||
		    (t->t_mime[i] >= 'A' && t->t_mime[i] <= 'Z') ||
		    t->t_mime[i] == ';')
			abort();
	for (i = 0; t->t_token[i] != '\0'; i++)
		if ((unsigned char)t->t_token[i] < 0x20 ||
		    t->t_token[i] == 0x7f)
			abort();
	if (i > TITAN_TOKEN_MAX)
		abort();
	/* Whatever the host, the answer is yes or no. */
	i = (size_t)titan_local(t, "localhost", 1965);
	(void)i;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *s = (const char *)data, *errstr = NULL;
	struct titan_req t;
	size_t n, linelen;

	n = len < REQUEST_MAX + 2 ? len : REQUEST_MAX + 2;
	if (request_line(s, n, 0, &linelen) == 0)
		linelen = n;
	if (titan_parse(s, linelen, &t, &errstr) == -1) {
		if (errstr == NULL || t.t_url.u_scheme != NULL ||
		    t.t_url.u_host != NULL || t.t_url.u_path != NULL ||
		    t.t_token[0] != '\0')
			abort();
		return 0;
	}
	check_accepted(s, linelen, &t);
	titan_free(&t);
	return 0;
}
