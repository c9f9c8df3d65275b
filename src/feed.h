/*
 * feed: pure Atom 1.0 (RFC 4287) writer for /atom.xml and
 * /tags/TAG/atom.xml.
 *
 * Entry ids are tag URIs (RFC 4151) built from the host name, the date of
 * first publication and the article's first slug (the first of its
 * Previous-Slugs, else its slug), so an id survives a change of slug.
 */
#ifndef CAPSULE_FEED_H
#define CAPSULE_FEED_H

#include <stddef.h>

#include "buf.h"
#include "render.h"

/*
 * base is the capsule's URL without a trailing slash
 * ("gemini://example.org" or "gemini://example.org:1966"); self is the
 * feed's own path ("/atom.xml"); title the feed title; arts[0..n) the
 * entries, newest first.  The feed's <updated> is the newest entry time,
 * so the same store always gives the same bytes.
 */
int	feed_atom(struct buf *, const struct render_site *, const char *base,
	    const char *self, const char *title,
	    const struct article *const *arts, size_t n);

/*
 * The same feed for gopher readers: base is "gopher://host:port", each
 * link a gopher URL (RFC 4266) with its item type ("/1/articles/SLUG",
 * "/0/atom.xml"), and no type attribute on the links to menus (there is
 * no media type for one).  Every id, the feed's and its entries', is the
 * Gemini feed's: it is one feed read two ways, and a reader that moves
 * from one to the other keeps what it has read.
 */
int	feed_atom_gopher(struct buf *, const struct render_site *,
	    const char *base, const char *self, const char *title,
	    const struct article *const *arts, size_t n);

/*
 * Appends s[0..len) escaped as XML (and so HTML) text or attribute
 * value; the gopher side uses it for its URL: redirect page.
 */
void	feed_esc(struct buf *, const char *s, size_t len);

/* The entry id of an article (see above) into out (at least 256 bytes). */
void	feed_entry_id(const struct render_site *, const struct article *,
	    char *out, size_t outsz);

#endif
