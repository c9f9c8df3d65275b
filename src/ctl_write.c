/*
 * ctl_write: the commands that change one article, through pub.h: tag,
 * publish, unpublish, rm (to .trash/) and rename.
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
#include "pub.h"
#include "store.h"
#include "util.h"

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
	rc = -1;
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
	struct pub p;
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
		ctl_pub(c, &p);
		if (pub_modify(&p, argv[1], "tag", ctl_tag_apply, &te) ==
		    -1) {
			ctl_pub_err(c, &p, NULL);
			goto done;
		}
		ctl_pub_done(c, &p);
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
ctl_set_status(struct ctl *c, int argc, char **argv, int draft)
{
	struct pub p;
	int rc;

	if ((rc = ctl_one_slug(argc, argv)) != -1)
		return rc;
	if (ctl_open(c) == -1)
		return CTL_ERR;
	ctl_pub(c, &p);
	if (pub_set_status(&p, argv[1], draft) == -1) {
		ctl_pub_err(c, &p, NULL);
		return CTL_ERR;
	}
	ctl_pub_done(c, &p);
	return CTL_OK;
}

int
cmd_publish(struct ctl *c, int argc, char **argv)
{
	return ctl_set_status(c, argc, argv, 0);
}

int
cmd_unpublish(struct ctl *c, int argc, char **argv)
{
	return ctl_set_status(c, argc, argv, 1);
}

int
cmd_rm(struct ctl *c, int argc, char **argv)
{
	struct pub p;
	int rc;

	if ((rc = ctl_one_slug(argc, argv)) != -1)
		return rc;
	if (ctl_open(c) == -1)
		return CTL_ERR;
	ctl_pub(c, &p);
	if (pub_trash(&p, argv[1]) == -1) {
		ctl_pub_err(c, &p, NULL);
		return CTL_ERR;
	}
	printf("%s\n", p.p_result);
	ctl_pub_done(c, &p);
	return CTL_OK;
}

int
cmd_rename(struct ctl *c, int argc, char **argv)
{
	const char *want = c->c_args.ca_slug;
	struct pub p;

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
	if (ctl_open(c) == -1)
		return CTL_ERR;
	ctl_pub(c, &p);
	if (pub_rename(&p, argv[optind], argv[optind + 1], want,
	    c->c_args.ca_minor) == -1) {
		ctl_pub_err(c, &p, NULL);
		return CTL_ERR;
	}
	printf("%s\n", p.p_result);
	ctl_pub_done(c, &p);
	return CTL_OK;
}
