/*
 * fuzz_import: the cleaner of scraped text and Markdown, in both modes
 * and with detection, and plain text again with its own first line as
 * the title (the page rules' headline path).  Whatever it produces with
 * a title and a date must be a valid article.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "import.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const enum import_format formats[] = { IMPORT_DETECT,
	    IMPORT_PLAIN, IMPORT_MARKDOWN };
	struct import_opts io;
	struct article a;
	const char *errstr;
	unsigned line;
	size_t i;

	char title[128];
	const uint8_t *nl;
	size_t tl;

	/* A title the text holds, as --title with a copied page. */
	nl = memchr(data, '\n', len);
	tl = nl != NULL ? (size_t)(nl - data) : len;
	if (tl >= sizeof(title))
		tl = sizeof(title) - 1;
	memcpy(title, data, tl);
	title[tl] = '\0';
	for (i = 0; i <= sizeof(formats) / sizeof(formats[0]); i++) {
		memset(&io, 0, sizeof(io));
		memset(&a, 0, sizeof(a));
		io.io_format = i < 3 ? formats[i] : IMPORT_PLAIN;
		io.io_title = i == 1 ? NULL : i == 3 ? title : "A given title";
		io.io_date = "2024-06-18T09:00:00Z";
		if (import_text((const char *)data, len, &io, &a, &line,
		    &errstr) == 0) {
			if (io.io_title != NULL &&
			    article_validate(&a, &line, &errstr) == -1)
				abort();
			article_free(&a);
		}
	}
	return 0;
}
