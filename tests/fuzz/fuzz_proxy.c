/*
 * fuzz_proxy: the bytes a proxy (or anyone) sends first on a PROXY
 * listener, fed to proxy_parse() as the daemon does: growing prefixes
 * of the input.  What must hold: a header, once whole, is never longer
 * than what was given nor than PROXY_MAX; every prefix of it said MORE
 * and longer inputs give the same header; once INVALID, longer inputs
 * stay INVALID; a client address is IPv4 or IPv6.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proxy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_hdr h, first;
	const char *err;
	size_t n;
	int rc, state = PROXY_MORE;
	uint8_t *buf;

	if (size > 2 * PROXY_MAX)
		size = 2 * PROXY_MAX;
	memset(&first, 0, sizeof(first));
	for (n = 0; n <= size; n++) {
		/* Exactly n bytes on the heap: a read past them is caught. */
		if ((buf = malloc(n == 0 ? 1 : n)) == NULL)
			return 0;
		memcpy(buf, data, n);
		rc = proxy_parse(buf, n, &h, &err);
		free(buf);
		if (rc == PROXY_INVALID) {
			if (err == NULL || state == PROXY_DONE)
				abort();
			state = PROXY_INVALID;
			continue;
		}
		if (state == PROXY_INVALID)
			abort();
		if (rc == PROXY_MORE) {
			if (state != PROXY_MORE)
				abort();
			continue;
		}
		if (h.ph_len == 0 || h.ph_len > n || h.ph_len > PROXY_MAX ||
		    (h.ph_version != 1 && h.ph_version != 2) ||
		    (h.ph_version == 1 && h.ph_len > PROXY_V1_MAX))
			abort();
		if (!h.ph_local && h.ph_src.ss_family != AF_INET &&
		    h.ph_src.ss_family != AF_INET6)
			abort();
		if (state == PROXY_MORE) {
			if (h.ph_len != n)
				abort();
			first = h;
			state = PROXY_DONE;
		} else if (memcmp(&h, &first, sizeof(h)) != 0)
			abort();
	}
	return 0;
}
