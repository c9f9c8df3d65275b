/*
 * fuzz_publishers: any bytes as the store's publishers file.  What must
 * hold: a file that parses is written back (publishers_serialise) as one
 * that parses to the same publishers, in the same order; every
 * fingerprint and name looked up finds its own entry; a file that does
 * not parse names a line within it and leaves nothing behind.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "publishers.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct publishers ps = { 0 }, back = { 0 };
	const char *errstr = NULL;
	unsigned line = 0, lines = 1;
	size_t i, len;
	char *buf, *text;

	if ((buf = malloc(size == 0 ? 1 : size)) == NULL)
		return 0;
	memcpy(buf, data, size);
	for (i = 0; i < size; i++)
		lines += buf[i] == '\n';
	if (publishers_parse(&ps, buf, size, &line, &errstr) == -1) {
		if (errstr == NULL || line == 0 || line > lines ||
		    ps.ps_n != 0 || ps.ps_list != NULL)
			abort();
		free(buf);
		return 0;
	}
	free(buf);
	for (i = 0; i < ps.ps_n; i++)
		if (publishers_lookup(&ps, ps.ps_list[i].p_fp) !=
		    &ps.ps_list[i] || publishers_find(&ps,
		    ps.ps_list[i].p_name) != &ps.ps_list[i])
			abort();
	if ((text = publishers_serialise(&ps, &len)) == NULL)
		abort();
	if (publishers_parse(&back, text, len, &line, &errstr) == -1 ||
	    back.ps_n != ps.ps_n)
		abort();
	for (i = 0; i < ps.ps_n; i++)
		if (strcmp(back.ps_list[i].p_name, ps.ps_list[i].p_name) != 0 ||
		    strcmp(back.ps_list[i].p_fp, ps.ps_list[i].p_fp) != 0 ||
		    back.ps_list[i].p_role != ps.ps_list[i].p_role ||
		    (back.ps_list[i].p_hash == NULL) !=
		    (ps.ps_list[i].p_hash == NULL) ||
		    (ps.ps_list[i].p_hash != NULL &&
		    strcmp(back.ps_list[i].p_hash, ps.ps_list[i].p_hash) != 0))
			abort();
	free(text);
	publishers_free(&back);
	publishers_free(&ps);
	return 0;
}
