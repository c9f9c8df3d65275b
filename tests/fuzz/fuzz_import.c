/*
 * fuzz_import: the cleaner of scraped text and Markdown, in both modes
 * and with detection.  Whatever it produces with a title and a date must
 * be a valid article.
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

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		memset(&io, 0, sizeof(io));
		memset(&a, 0, sizeof(a));
		io.io_format = formats[i];
		io.io_title = i == 1 ? NULL : "A given title";
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
