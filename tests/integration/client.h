/*
 * client: what the test clients (gemreq, hostile, trickle, swarm) share: the
 * escapes their command lines use to spell bytes a shell cannot pass,
 * and a millisecond clock for their deadlines.  Header-only, as each
 * client is one file built on its own and never instrumented.
 */
#ifndef CAPSULE_TEST_CLIENT_H
#define CAPSULE_TEST_CLIENT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

/*
 * Decodes \r \n \t \0 \\ and \xHH in s into out, which must hold
 * strlen(s) bytes; -1 on any other escape.
 */
static inline int
client_unescape(const char *s, unsigned char *out, size_t *outlen)
{
	size_t o = 0;
	unsigned v;

	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			out[o++] = (unsigned char)*s;
			continue;
		}
		switch (*++s) {
		case 'r':
			out[o++] = '\r';
			break;
		case 'n':
			out[o++] = '\n';
			break;
		case 't':
			out[o++] = '\t';
			break;
		case '0':
			out[o++] = '\0';
			break;
		case '\\':
			out[o++] = '\\';
			break;
		case 'x':
			if (sscanf(s + 1, "%2x", &v) != 1)
				return -1;
			out[o++] = (unsigned char)v;
			s += 2;
			break;
		default:
			return -1;
		}
	}
	*outlen = o;
	return 0;
}

static inline long
client_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif
