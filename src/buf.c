/*
 * buf: see buf.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
buf_init(struct buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
buf_free(struct buf *b)
{
	free(b->b_data);
	buf_init(b);
}

int
buf_reserve(struct buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->b_err)
		return -1;
	if (n < b->b_cap - b->b_len)
		return 0;
	if (n > (size_t)-1 / 2 - b->b_len - 1)
		goto fail;
	cap = b->b_cap ? b->b_cap : 256;
	while (cap - b->b_len <= n)
		cap *= 2;
	if ((p = realloc(b->b_data, cap)) == NULL)
		goto fail;
	b->b_data = p;
	b->b_cap = cap;
	return 0;
fail:
	b->b_err = 1;
	return -1;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0 || buf_reserve(b, n) == -1)
		return;
	memcpy(b->b_data + b->b_len, p, n);
	b->b_len += n;
	b->b_data[b->b_len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	if (b->b_err)
		return;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->b_err = 1;
		return;
	}
	if (buf_reserve(b, (size_t)n) == -1)
		return;
	vsnprintf(b->b_data + b->b_len, (size_t)n + 1, fmt, ap);
	b->b_len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->b_len) {
		b->b_len = len;
		b->b_data[len] = '\0';
	}
}

int
buf_ok(const struct buf *b)
{
	return b->b_err ? -1 : 0;
}

char *
buf_release(struct buf *b, size_t *len)
{
	char *p;

	if (b->b_err) {
		buf_free(b);
		return NULL;
	}
	if (b->b_data == NULL && buf_reserve(b, 0) == -1)
		return NULL;
	b->b_data[b->b_len] = '\0';
	p = b->b_data;
	*len = b->b_len;
	buf_init(b);
	return p;
}
