/*
 * mime: the media type of a file under media/, from a table of
 * extensions for text types (libmagic calls them all text/plain) and from
 * libmagic for everything else.
 *
 * libmagic's handle is not thread-safe: mime_detect() is called only
 * while a snapshot is built, by the one thread that builds them.
 */
#ifndef CAPSULE_MIME_H
#define CAPSULE_MIME_H

#include <stddef.h>

/* Opens libmagic and loads its database; 0, or -1 with *errstr. */
int		 mime_init(const char **errstr);
void		 mime_close(void);

/*
 * The type of the open file fd called name: a static string, or one
 * libmagic owns until the next call (copy it).  Never NULL:
 * application/octet-stream when nothing is known.
 */
const char	*mime_detect(int fd, const char *name);

/*
 * The type libmagic finds in data[0..len) alone, name unseen: for an
 * upload whose claimed type must be checked (the writer process, one
 * thread).  Never NULL; a string libmagic owns until the next call.
 */
const char	*mime_buffer(const void *data, size_t len);

/*
 * The gopher item type for a media type (RFC 1436 and common use):
 * '0' text, 'g' GIF, 'I' other images, 'h' HTML, '9' anything else.
 */
char		 mime_gopher_type(const char *mime);

#endif
