/*
 * snap_page: the page blob (snapshot.h's struct snap_page): made in one
 * allocation from a buffer, then shared by reference count between the
 * snapshot and the connections sending it.  See snap_int.h.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "snap_int.h"
#include "snapshot.h"

/*
 * Makes a page of the bytes of b, in one allocation of their exact size
 * (with its language), and empties b for the next page (its memory is
 * kept for reuse); -1 when out of memory.
 */
int
snap_take(struct snap_page **pp, struct buf *b, const char *mime,
    const char *lang)
{
	struct snap_page *p;
	size_t langsz = lang != NULL ? strlen(lang) + 1 : 0;

	*pp = NULL;
	if (buf_ok(b) == -1 ||
	    (p = malloc(sizeof(*p) + b->b_len + 1 + langsz)) == NULL)
		return -1;
	atomic_init(&p->sp_refs, 1);
	p->sp_mime = mime;
	p->sp_len = b->b_len;
	if (b->b_len > 0)
		memcpy(p->sp_data, b->b_data, b->b_len);
	p->sp_data[b->b_len] = '\0';
	p->sp_lang = NULL;
	if (lang != NULL) {
		p->sp_lang = p->sp_data + b->b_len + 1;
		memcpy(p->sp_data + b->b_len + 1, lang, langsz);
	}
	buf_truncate(b, 0);
	*pp = p;
	return 0;
}

void
snapshot_page_ref(struct snap_page *p)
{
	atomic_fetch_add_explicit(&p->sp_refs, 1, memory_order_relaxed);
}

void
snapshot_page_unref(struct snap_page *p)
{
	if (p != NULL && atomic_fetch_sub_explicit(&p->sp_refs, 1,
	    memory_order_acq_rel) == 1)
		free(p);
}
