/*
 * ctl_write: the commands that change one article under the store lock:
 * tag, publish, unpublish, and rm (to .trash/).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "ctl.h"
#include "store.h"
#include "util.h"

/*
 * Applies fn to one article under the store lock and writes it back.
 * fn returns 0 to write, 1 when nothing changed, -1 after an error.
 */
static int
ctl_modify(struct ctl *c, const char *slug,
    int (*fn)(struct article *, void *), void *arg)
{
	char name[ARTICLE_SLUG_MAX + 8], where[PATH_MAX];
	struct article a = { 0 };
	size_t len;
	char *text = NULL;
	int lock, r, rc = -1;

	if (ctl_slug_check(slug) == -1)
		return -1;
	if ((lock = ctl_lock(c)) == -1)
		return -1;
	snprintf(name, sizeof(name), "%s.gmi", slug);
	snprintf(where, sizeof(where), "%s/%s/%s", c->c_store, STORE_ARTICLES,
	    name);
	if (ctl_read_article(c, slug, &a, NULL, NULL) == -1)
		goto done;
	if ((r = fn(&a, arg)) == -1)
		goto done;
	if (r == 1) {
		rc = 0;
		goto done;
	}
	if (ctl_validate(&a, where) == -1)
		goto done;
	if ((text = article_serialise(&a, &len)) == NULL) {
		ctl_err("%s", strerror(ENOMEM));
		goto done;
	}
	if (util_write_atomic(c->c_artfd, name, text, len, 0) == -1) {
		ctl_err("%s: %s", where, strerror(errno));
		goto done;
	}
	ctl_record(c, slug);
	rc = 0;
done:
	free(text);
	article_free(&a);
	store_unlock(lock);
	return rc;
}

struct ctl_tagedit {
	char	**te_args;
	int	  te_nargs;
};

static int
ctl_tag_apply(struct article *a, void *arg)
{
	struct ctl_tagedit *te = arg;
	char **tags = NULL, *joined = NULL;
	size_t ntags = 0, i, len = 1;
	int k, rc = -1, changed = 0;

	if ((tags = calloc(a->a_ntags + (size_t)te->te_nargs + 1,
	    sizeof(*tags))) == NULL)
		goto nomem;
	for (i = 0; i < a->a_ntags; i++)
		tags[ntags++] = a->a_tags[i];
	for (k = 0; k < te->te_nargs; k++) {
		const char *t = te->te_args[k];
		int add = *t != '-';

		if (*t == '+' || *t == '-')
			t++;
		for (i = 0; i < ntags && strcmp(tags[i], t) != 0; i++)
			;
		if (add && i == ntags) {
			tags[ntags++] = (char *)t;
			changed = 1;
		} else if (!add && i < ntags) {
			memmove(&tags[i], &tags[i + 1], (ntags - i - 1) *
			    sizeof(*tags));
			ntags--;
			changed = 1;
		}
	}
	if (!changed) {
		rc = 1;
		goto done;
	}
	for (i = 0; i < ntags; i++)
		len += strlen(tags[i]) + 2;
	if ((joined = malloc(len)) == NULL)
		goto nomem;
	joined[0] = '\0';
	for (i = 0; i < ntags; i++) {
		if (i > 0)
			strcat(joined, ", ");
		strcat(joined, tags[i]);
	}
	/* The header goes when the last tag does: an empty one says nothing. */
	if (article_set(a, "Tags", ntags > 0 ? joined : NULL) == -1)
		goto nomem;
	rc = 0;
	goto done;
nomem:
	ctl_err("%s", strerror(ENOMEM));
done:
	free(joined);
	free(tags);
	return rc;
}

int
cmd_tag(struct ctl *c, int argc, char **argv)
{
	struct ctl_tagedit te;
	struct article a = { 0 };
	char (*folded)[ARTICLE_SLUG_MAX + 2];
	size_t i;
	int k, rc = CTL_ERR;

	/* Not getopt: "-b" here removes a tag, it is not an option. */
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return ctl_help();
	if (argc < 2 || argv[1][0] == '-')
		return ctl_usage();
	/* Each argument becomes its sign and its folded tag. */
	if ((folded = calloc((size_t)argc, sizeof(*folded))) == NULL) {
		ctl_err("%s", strerror(ENOMEM));
		return CTL_ERR;
	}
	for (k = 2; k < argc; k++) {
		char *t = argv[k];

		if (*t == '+' || *t == '-')
			folded[k][0] = *t++;
		if (ctl_tag_fold(NULL, t, strlen(t), folded[k] +
		    (folded[k][0] != '\0')) == -1)
			goto done;
		argv[k] = folded[k];
	}
	if (ctl_open(c) == -1)
		goto done;
	if (argc > 2) {
		te.te_args = argv + 2;
		te.te_nargs = argc - 2;
		if (ctl_modify(c, argv[1], ctl_tag_apply, &te) == -1)
			goto done;
	}
	if (ctl_read_article(c, argv[1], &a, NULL, NULL) == -1)
		goto done;
	for (i = 0; i < a.a_ntags; i++)
		printf("%s%s", i > 0 ? ", " : "", a.a_tags[i]);
	if (a.a_ntags > 0)
		putchar('\n');
	article_free(&a);
	rc = CTL_OK;
done:
	free(folded);
	return rc;
}

static int
ctl_status_apply(struct article *a, void *arg)
{
	const char *want = arg;

	if ((a->a_draft ? "draft" : "published")[0] == want[0])
		return 1;
	if (article_set(a, "Status", want) == -1) {
		ctl_err("%s", strerror(ENOMEM));
		return -1;
	}
	return 0;
}

static int
ctl_set_status(struct ctl *c, int argc, char **argv, const char *status)
{
	int rc;

	if ((rc = ctl_one_slug(argc, argv)) != -1)
		return rc;
	if (ctl_open(c) == -1 ||
	    ctl_modify(c, argv[1], ctl_status_apply, (void *)status) == -1)
		return CTL_ERR;
	return CTL_OK;
}

int
cmd_publish(struct ctl *c, int argc, char **argv)
{
	return ctl_set_status(c, argc, argv, "published");
}

int
cmd_unpublish(struct ctl *c, int argc, char **argv)
{
	return ctl_set_status(c, argc, argv, "draft");
}

int
cmd_rm(struct ctl *c, int argc, char **argv)
{
	char name[ARTICLE_SLUG_MAX + 8], dest[ARTICLE_SLUG_MAX + 64];
	char stamp[32];
	int rc, lock, trashfd = -1;
	unsigned n;

	if ((rc = ctl_one_slug(argc, argv)) != -1)
		return rc;
	if (ctl_open(c) == -1 || ctl_slug_check(argv[1]) == -1)
		return CTL_ERR;
	if ((lock = ctl_lock(c)) == -1)
		return CTL_ERR;
	rc = CTL_ERR;
	snprintf(name, sizeof(name), "%s.gmi", argv[1]);
	if (faccessat(c->c_artfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == -1) {
		ctl_err("%s: no such article", argv[1]);
		goto done;
	}
	if ((mkdirat(c->c_dirfd, STORE_TRASH, 0755) == -1 && errno != EEXIST) ||
	    (trashfd = openat(c->c_dirfd, STORE_TRASH, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		ctl_err("%s/%s: %s", c->c_store, STORE_TRASH, strerror(errno));
		goto done;
	}
	/* An article removed twice keeps both copies, the older stamped. */
	snprintf(dest, sizeof(dest), "%s", name);
	ctl_now(stamp);
	for (n = 1; faccessat(trashfd, dest, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	    n++)
		snprintf(dest, sizeof(dest), "%s.%s.%u.gmi", argv[1], stamp, n);
	if (renameat(c->c_artfd, name, trashfd, dest) == -1 ||
	    fsync(c->c_artfd) == -1 || fsync(trashfd) == -1) {
		ctl_err("%s/%s/%s: %s", c->c_store, STORE_ARTICLES, name,
		    strerror(errno));
		goto done;
	}
	printf("%s/%s\n", STORE_TRASH, dest);
	ctl_record(c, argv[1]);
	rc = CTL_OK;
done:
	if (trashfd != -1)
		close(trashfd);
	store_unlock(lock);
	return rc;
}

/*
 * a's Previous-Slugs with old added at the end: the first one stays
 * first, since the feed's entry id is made from it.
 */
static int
ctl_prevslugs_add(struct article *a, const char *old)
{
	const char *prev = article_get(a, "Previous-Slugs");
	char *joined;
	size_t i, n;
	int rc;

	for (i = 0; i < a->a_nprevslugs; i++)
		if (strcmp(a->a_prevslugs[i], old) == 0)
			return 0;
	if (prev == NULL || a->a_nprevslugs == 0)
		return article_set(a, "Previous-Slugs", old);
	n = strlen(prev) + strlen(old) + 3;
	if ((joined = malloc(n)) == NULL)
		return -1;
	snprintf(joined, n, "%s, %s", prev, old);
	rc = article_set(a, "Previous-Slugs", joined);
	free(joined);
	return rc;
}

/*
 * The article with its new title (and Updated), written under its new
 * slug, then the old file unlinked, all under the store's lock: capsuled
 * sees the old article, then both for a moment, then the new one whose
 * Previous-Slugs answers for the old address.
 */
static int
ctl_rename(struct ctl *c, const char *slug, const char *title,
    const char *want, int minor)
{
	char name[ARTICLE_SLUG_MAX + 8], where[PATH_MAX];
	char base[ARTICLE_SLUG_MAX + 1], to[ARTICLE_SLUG_MAX + 1], now[32];
	struct article a = { 0 };
	size_t len;
	char *text = NULL;
	int lock, rc = -1;

	if ((lock = ctl_lock(c)) == -1)
		return -1;
	snprintf(name, sizeof(name), "%s.gmi", slug);
	snprintf(where, sizeof(where), "%s/%s/%s", c->c_store, STORE_ARTICLES,
	    name);
	if (ctl_read_article(c, slug, &a, NULL, NULL) == -1)
		goto done;
	if (want != NULL)
		snprintf(base, sizeof(base), "%s", want);
	else if (article_slugify(title, base) == -1)
		snprintf(base, sizeof(base), "article");
	/* First: article_set() drops the parsed a_prevslugs it reads. */
	if (strcmp(base, slug) != 0 && ctl_prevslugs_add(&a, slug) == -1)
		goto nomem;
	if (article_set(&a, "Title", title) == -1)
		goto nomem;
	if (!minor && !a.a_draft) {
		ctl_now(now);
		if (article_set(&a, "Updated", now) == -1)
			goto nomem;
	}
	if (ctl_validate(&a, where) == -1)
		goto done;
	if ((text = article_serialise(&a, &len)) == NULL)
		goto nomem;
	if (strcmp(base, slug) == 0) {
		/* The same slug: a new headline only, in place. */
		if (util_write_atomic(c->c_artfd, name, text, len, 0) == -1) {
			ctl_err("%s: %s", where, strerror(errno));
			goto done;
		}
		snprintf(to, sizeof(to), "%s", slug);
	} else if (want != NULL) {
		snprintf(to, sizeof(to), "%s.gmi", want);
		if (util_write_atomic(c->c_artfd, to, text, len, 1) == -1) {
			if (errno == EEXIST)
				ctl_err("%s: an article has this slug already; "
				    "nothing changed", want);
			else
				ctl_err("%s/%s/%s: %s", c->c_store,
				    STORE_ARTICLES, to, strerror(errno));
			goto done;
		}
		snprintf(to, sizeof(to), "%s", want);
	} else if (ctl_write_free(c, base, text, len, to) == -1)
		goto done;
	if (strcmp(to, slug) != 0 && (unlinkat(c->c_artfd, name, 0) == -1 ||
	    fsync(c->c_artfd) == -1)) {
		ctl_err("%s: %s (the article is now also %s)", where,
		    strerror(errno), to);
		goto done;
	}
	printf("%s\n", to);
	if (strcmp(to, slug) != 0) {
		snprintf(base, sizeof(base), "%s", slug);
		snprintf(where, sizeof(where), "%s (was %s)", to, base);
		ctl_record(c, where);
	} else
		ctl_record(c, to);
	rc = 0;
	goto done;
nomem:
	ctl_err("%s", strerror(ENOMEM));
done:
	free(text);
	article_free(&a);
	store_unlock(lock);
	return rc;
}

int
cmd_rename(struct ctl *c, int argc, char **argv)
{
	const char *want = c->c_args.ca_slug;

	if (argc - optind != 2)
		return ctl_usage();
	if (ctl_slug_check(argv[optind]) == -1 ||
	    (want != NULL && ctl_slug_check(want) == -1))
		return CTL_ERR;
	if (strchr(argv[optind + 1], '\n') != NULL ||
	    argv[optind + 1][strspn(argv[optind + 1], " \t")] == '\0') {
		ctl_err("the new headline must be one non-empty line");
		return CTL_ERR;
	}
	if (ctl_open(c) == -1 || ctl_rename(c, argv[optind], argv[optind + 1],
	    want, c->c_args.ca_minor) == -1)
		return CTL_ERR;
	return CTL_OK;
}
