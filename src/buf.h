/*
 * buf: a growable byte buffer, the one way renderers build output.
 *
 * A leaf module like utf8: it includes nothing from the project, so the
 * pure modules (gemtext, gophermap, text, feed) may use it and still link
 * alone.  Errors are sticky: after an allocation fails every append is a
 * no-op and b_err stays set, so a renderer appends freely and checks once
 * (buf_ok) at the end.
 *
 * Ownership: the buffer owns b_data until buf_release() hands it to the
 * caller (who frees it) or buf_free() releases it.  b_data is always
 * NUL-terminated when b_len > 0 and the buffer is not in error.
 */
#ifndef CAPSULE_BUF_H
#define CAPSULE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*b_data;
	size_t	 b_len;
	size_t	 b_cap;
	int	 b_err;
};

#define BUF_INIT { NULL, 0, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
/* Makes room for n more bytes; 0 or -1 (and the buffer in error). */
int	 buf_reserve(struct buf *, size_t n);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Drops everything past len (len <= b_len). */
void	 buf_truncate(struct buf *, size_t len);
/* 0 when every append so far succeeded, else -1. */
int	 buf_ok(const struct buf *);
/*
 * Hands the bytes to the caller (malloc'd, NUL-terminated, length in
 * *len) and leaves the buffer empty; NULL when the buffer is in error.
 */
char	*buf_release(struct buf *, size_t *len);

#endif
