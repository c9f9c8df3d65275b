/*
 * render: the types the pure renderers (gemtext, text, feed, gophermap)
 * share.  Header only; it includes nothing but article.h.
 *
 * Every renderer appends to a struct buf (buf.h) and borrows what it is
 * given: nothing here is owned by the renderer, nothing is kept after a
 * call returns.
 */
#ifndef CAPSULE_RENDER_H
#define CAPSULE_RENDER_H

#include <stddef.h>

#include "article.h"

/* The site as capsule.conf describes it. */
struct render_site {
	const char	*rs_title;
	const char	*rs_description;	/* "" when unset */
	const char	*rs_lang;		/* BCP 47 */
	const char	*rs_copyright;		/* "" when unset */
	const char	*rs_hostname;
};

/* A headline of a "Related:" header and the article it names, if any. */
struct render_headline {
	const char		*rh_text;
	const struct article	*rh_art;	/* NULL: not in the store */
};

/*
 * Everything an article page shows beyond the article itself.  The
 * related articles by shared tags are given only when no Related:
 * header names any; previous and next are the older and newer article
 * of its first tag as the Tags header lists them, ra_tag (NULL: none).
 */
struct render_article {
	const struct article		 *ra_art;
	const struct article *const	 *ra_related;	/* by shared tags */
	size_t				  ra_nrelated;	/* at most 5 */
	const struct render_headline	 *ra_headlines;	/* Related: headers */
	size_t				  ra_nheadlines;
	const char			 *ra_tag;	/* the first tag */
	const struct article		 *ra_prev;	/* older in ra_tag */
	const struct article		 *ra_next;	/* newer in ra_tag */
};

/* A section of the front page: a tag and its newest headlines. */
struct render_section {
	const char			 *rc_tag;
	const struct article *const	 *rc_arts;
	size_t				  rc_n;
};

/* A language of the capsule's articles: its page is /lang/CODE/. */
struct render_lang {
	const char	*rl_code;		/* "fr" */
	size_t		 rl_count;
};

/*
 * The front page: the lead story, the sections, the newest articles
 * (the only list written as gemsub entries, so each article is one
 * entry of the subscription), the languages when there are several,
 * the extra pages' names.
 */
struct render_front {
	const struct article		 *rf_lead;	/* NULL: nothing yet */
	const struct render_section	 *rf_sections;
	size_t				  rf_nsections;
	const struct article *const	 *rf_latest;
	size_t				  rf_nlatest;
	const struct render_lang	 *rf_langs;	/* none when one */
	size_t				  rf_nlangs;
	const char *const		 *rf_pages;
	size_t				  rf_npages;
};

/* A tag and how many published articles carry it. */
struct render_tag {
	const char	*rt_name;
	size_t		 rt_count;
};

/*
 * A byline and how many published articles carry it; slug is its name
 * in paths (article_slugify() of the byline).
 */
struct render_author {
	const char	*rw_name;
	const char	*rw_slug;
	size_t		 rw_count;
};

/* A month of the archive. */
struct render_month {
	int		 rm_year;
	int		 rm_month;	/* 1-12 */
	size_t		 rm_count;
};

/* A search hit: the article and a short snippet around the match. */
struct render_hit {
	const struct article	*rh_art;
	const char		*rh_snippet;	/* one line, may be "" */
};

#endif
