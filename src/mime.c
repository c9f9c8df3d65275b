/*
 * mime: see mime.h.
 */
#include <string.h>
#include <strings.h>

#include <magic.h>

#include "mime.h"

static magic_t mime_magic;

/* Text types libmagic cannot tell apart, and a few it names oddly. */
static const struct {
	const char	*ext;
	const char	*type;
} mime_ext[] = {
	{ "gmi", "text/gemini" },
	{ "gemini", "text/gemini" },
	{ "txt", "text/plain" },
	{ "md", "text/markdown" },
	{ "markdown", "text/markdown" },
	{ "html", "text/html" },
	{ "htm", "text/html" },
	{ "css", "text/css" },
	{ "csv", "text/csv" },
	{ "tsv", "text/tab-separated-values" },
	{ "xml", "application/xml" },
	{ "atom", "application/atom+xml" },
	{ "rss", "application/rss+xml" },
	{ "json", "application/json" },
	{ "svg", "image/svg+xml" },
	{ "vtt", "text/vtt" },
	{ "ics", "text/calendar" },
};

int
mime_init(const char **errstr)
{
	if ((mime_magic = magic_open(MAGIC_MIME_TYPE | MAGIC_SYMLINK |
	    MAGIC_ERROR)) == NULL) {
		*errstr = "libmagic: cannot open";
		return -1;
	}
	if (magic_load(mime_magic, NULL) == -1) {
		*errstr = magic_error(mime_magic);
		if (*errstr == NULL)
			*errstr = "libmagic: cannot load its database";
		return -1;
	}
	return 0;
}

void
mime_close(void)
{
	if (mime_magic != NULL)
		magic_close(mime_magic);
	mime_magic = NULL;
}

const char *
mime_detect(int fd, const char *name)
{
	const char *dot = strrchr(name, '.'), *t;
	size_t i;

	if (dot != NULL)
		for (i = 0; i < sizeof(mime_ext) / sizeof(mime_ext[0]); i++)
			if (strcasecmp(dot + 1, mime_ext[i].ext) == 0)
				return mime_ext[i].type;
	if (mime_magic == NULL || (t = magic_descriptor(mime_magic, fd)) ==
	    NULL)
		return "application/octet-stream";
	return t;
}

const char *
mime_buffer(const void *data, size_t len)
{
	const char *t;

	if (mime_magic == NULL || (t = magic_buffer(mime_magic, data, len)) ==
	    NULL)
		return "application/octet-stream";
	return t;
}

char
mime_gopher_type(const char *mime)
{
	if (strncmp(mime, "text/html", 9) == 0)
		return 'h';
	if (strncmp(mime, "text/", 5) == 0)
		return '0';
	if (strcmp(mime, "image/gif") == 0)
		return 'g';
	if (strncmp(mime, "image/", 6) == 0)
		return 'I';
	return '9';
}
