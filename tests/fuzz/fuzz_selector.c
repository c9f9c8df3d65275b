/*
 * fuzz_selector: routing of whatever path a request can carry, and the
 * gopher search path: search words are user input rendered into menus.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gophermap.h"
#include "gemtext.h"
#include "route.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const struct render_site site = { "s", "", "en", "", "h" };
	struct gophermap_opts go = { "localhost", 70, 0, NULL, NULL };
	struct buf b = BUF_INIT;
	struct route r;
	char *s;

	if ((s = malloc(len + 1)) == NULL)
		return 0;
	memcpy(s, data, len);
	s[len] = '\0';
	route_match(s, &r);
	if (r.r_arg != NULL && (r.r_arg < s || r.r_arg + r.r_arglen > s + len))
		abort();
	gophermap_search(&b, &site, &go, s, NULL, 0);
	gophermap_error(&b, &go, s);
	gemtext_search(&b, &site, s, NULL, 0);
	buf_free(&b);
	free(s);
	return 0;
}
