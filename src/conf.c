/*
 * conf: see conf.h for the grammar.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "utf8.h"

int
conf_parse(const char *text, size_t len, conf_fn fn, void *ctx,
    unsigned *errline, const char **errstr)
{
	const char *p = text, *end = text + len, *eol, *k, *ke, *v, *ve;
	char *key = NULL, *value = NULL;
	unsigned line = 0;
	size_t bad;
	int rc = -1;

	while (p < end) {
		line++;
		*errline = line;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (utf8_validate(p, (size_t)(eol - p), &bad) == -1) {
			*errstr = "not valid UTF-8";
			goto done;
		}
		for (k = p; k < eol && isspace((unsigned char)*k); k++)
			;
		if (k == eol || *k == '#') {
			p = eol + (eol < end);
			continue;
		}
		for (ke = k; ke < eol && (isalnum((unsigned char)*ke) ||
		    *ke == '-' || *ke == '_'); ke++)
			;
		for (v = ke; v < eol && (*v == ' ' || *v == '\t'); v++)
			;
		if (ke == k || v == eol || *v != '=') {
			*errstr = "expected \"key = value\"";
			goto done;
		}
		for (v++; v < eol && (*v == ' ' || *v == '\t'); v++)
			;
		for (ve = eol; ve > v && isspace((unsigned char)ve[-1]); ve--)
			;
		if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
			v++;
			ve--;
		}
		for (bad = 0; v + bad < ve; bad++)
			if ((unsigned char)v[bad] < 0x20 && v[bad] != '\t') {
				*errstr = "control character in value";
				goto done;
			}
		if ((key = strndup(k, (size_t)(ke - k))) == NULL ||
		    (value = strndup(v, (size_t)(ve - v))) == NULL) {
			*errstr = strerror(ENOMEM);
			goto done;
		}
		if (fn(ctx, key, value, errstr) == -1)
			goto done;
		free(key);
		free(value);
		key = value = NULL;
		p = eol + (eol < end);
	}
	*errline = 0;
	rc = 0;
done:
	free(key);
	free(value);
	return rc;
}

const char *
conf_unknown(const char *key, const char *hint)
{
	static _Thread_local char msg[256];

	snprintf(msg, sizeof(msg), "unknown setting '%.64s'%s%s", key,
	    hint != NULL ? " " : "", hint != NULL ? hint : "");
	return msg;
}
