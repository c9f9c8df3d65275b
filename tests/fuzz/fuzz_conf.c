/*
 * fuzz_conf: the "key = value" grammar of conf.c, which both
 * capsule.conf (store.c) and capsuled's --config file (capsuled.c) are
 * read with, and ratelimit_parse(), the one value parser of the daemon's
 * settings outside capsuled.c.  What else the two apply to a value is
 * a string copy (store.c) or capsuled.c's own small number and yes/no
 * readers, which live in the daemon's main file and are not linked here.
 *
 * Promises checked: every setting handed on has a key of letters,
 * digits, "-" and "_" and a value that is UTF-8 without a control
 * character but TAB; a refusal from the callback is what the parse
 * returns; an error names a line of the input; a rate limit accepted
 * is in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "ratelimit.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fc {
	unsigned	fc_calls;
	unsigned	fc_refuse;	/* refuse the Nth setting (1-based) */
};

static int
fc_setting(void *ctx, const char *key, const char *value,
    const char **errstr)
{
	struct fc *fc = ctx;
	unsigned requests, seconds;
	const char *rerr = NULL;
	size_t i, bad;

	if (key[0] == '\0')
		abort();
	for (i = 0; key[i] != '\0'; i++)
		if (!((key[i] >= '0' && key[i] <= '9') ||
		    (key[i] >= 'a' && key[i] <= 'z') ||
		    (key[i] >= 'A' && key[i] <= 'Z') ||
		    key[i] == '-' || key[i] == '_'))
			abort();
	for (i = 0; value[i] != '\0'; i++)
		if (((unsigned char)value[i] < 0x20 && value[i] != '\t') ||
		    value[i] == '\n')
			abort();
	if (utf8_validate(value, strlen(value), &bad) == -1)
		abort();
	if (ratelimit_parse(value, &requests, &seconds, &rerr) == 0) {
		if (!(requests == 0 && seconds == 1 &&
		    strcmp(value, "off") == 0) &&
		    (requests < 1 || requests > 1000000 || seconds < 1 ||
		    seconds > 86400))
			abort();
	} else if (rerr == NULL)
		abort();
	if (++fc->fc_calls == fc->fc_refuse) {
		*errstr = "refused";
		return -1;
	}
	return 0;
}

/* The line number of byte off: 1 + the newlines before it. */
static unsigned
fc_lines(const char *s, size_t len)
{
	unsigned n = 1;
	size_t i;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *text = (const char *)data, *errstr;
	unsigned line, lines = fc_lines(text, len);
	struct fc fc;
	int rc, refuse;

	/* Once taking every setting, once refusing the second. */
	for (refuse = 0; refuse <= 2; refuse += 2) {
		memset(&fc, 0, sizeof(fc));
		fc.fc_refuse = (unsigned)refuse;
		errstr = NULL;
		line = 12345;
		rc = conf_parse(text, len, fc_setting, &fc, &line, &errstr);
		if (rc == 0 && (line != 0 || (refuse && fc.fc_calls >= 2)))
			abort();
		if (rc == -1 && (errstr == NULL || line < 1 || line > lines))
			abort();
		if (rc == -1 && refuse && fc.fc_calls == 2 &&
		    strcmp(errstr, "refused") != 0)
			abort();
	}
	return 0;
}
