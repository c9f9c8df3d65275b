/*
 * gophermap_int: what the parts of the gophermap module share; private
 * to src/gophermap*.c.  Pure like gophermap.h: libc and the pure
 * modules buf, render and route only.
 *
 * Who owns what, each file calling only those below it:
 *   gophermap.c       the pages: every gophermap_*() but the URL check
 *   gophermap_link.c  links as items, gemtext walked into a menu,
 *                     gophermap_url_ok()
 *   gophermap_line.c  the menu being written: lines, fields, notes,
 *                     wrapped text, headings, our own items
 * Each function is described where it is defined.
 */
#ifndef CAPSULE_GOPHERMAP_INT_H
#define CAPSULE_GOPHERMAP_INT_H

#include <stddef.h>

#include "buf.h"
#include "gophermap.h"
#include "render.h"
#include "route.h"

#define GO_WIDTH	69	/* code points in a display string */

/* One menu being written; the scratch buffers live as long as it. */
struct go {
	struct buf			*g_out;
	const struct render_site	*g_site;
	const struct gophermap_opts	*g_opts;
	struct buf			 g_tmp;	/* a display string */
	struct buf			 g_sel;	/* a selector */
	struct buf			 g_wrap; /* text_wrap() output */
	int				 g_err;	/* text_wrap() failed */
};

/* gophermap_line.c */
void	go_init(struct go *g, struct buf *out, const struct render_site *site,
    const struct gophermap_opts *o);
int	go_end(struct go *g);
int	go_set(const char *s);
struct buf	*go_tmp(struct go *g);
struct buf	*go_sel(struct go *g);
void	go_line(struct go *g, char type, const char *disp, size_t dlen,
    const char *sel, size_t slen, const char *host, size_t hlen, int port);
void	go_own(struct go *g, char type, const char *disp, size_t dlen,
    const char *sel, size_t slen);
struct buf	*go_path(struct go *g, enum route_kind k, const char *arg);
void	go_own_kind(struct go *g, char type, const char *disp,
    enum route_kind k);
const char	*go_articles_dir(char *out);
void	go_own_composed(struct go *g, char type);
void	go_note(struct go *g, char type, const char *s, size_t len);
void	go_info(struct go *g, const char *s, size_t len);
void	go_blank(struct go *g);
size_t	go_wrap(struct go *g, char first, const char *prefix, const char *s,
    size_t len);
size_t	go_text(struct go *g, const char *prefix, const char *s, size_t len);
void	go_str(struct go *g, const char *s);
void	go_heading(struct go *g, const char *s, size_t len, char rule);
void	go_title(struct go *g, const char *s);
void	go_composed(struct go *g, char rule);
void	go_section(struct go *g, const char *s);

/* gophermap_link.c */
void	go_link(struct go *g, const char *url, size_t len, const char *label,
    size_t llen, const char *base);
size_t	go_gemtext(struct go *g, const char *s, size_t len,
    const char *heading);

#endif
