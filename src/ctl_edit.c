/*
 * ctl_edit: the edit command.  The article is edited as a copy outside
 * the store, held to edit's rules, and written back under the lock only
 * if nobody changed it meanwhile.
 */
#include <sys/wait.h>

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

/* Runs $VISUAL or $EDITOR (vi by default) through the shell on path. */
static int
ctl_run_editor(const char *path)
{
	const char *ed;
	pid_t pid;
	int status;

	if ((ed = getenv("VISUAL")) == NULL || *ed == '\0')
		if ((ed = getenv("EDITOR")) == NULL || *ed == '\0')
			ed = "vi";
	if ((pid = fork()) == -1) {
		ctl_err("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		char cmd[PATH_MAX + 32];

		snprintf(cmd, sizeof(cmd), "%s \"$1\"", ed);
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			ctl_err("waitpid: %s", strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ctl_err("%s: editor failed (status %d); nothing changed", ed,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

/* 1 when a reader would see a different article. */
static int
ctl_text_changed(const struct article *a, const struct article *b)
{
	const char *ta = a->a_summary ? a->a_summary : "";
	const char *tb = b->a_summary ? b->a_summary : "";

	return strcmp(a->a_title, b->a_title) != 0 || strcmp(ta, tb) != 0 ||
	    a->a_bodylen != b->a_bodylen ||
	    memcmp(a->a_body, b->a_body, a->a_bodylen) != 0;
}

/*
 * Copies orig to a new temporary file, named in tmp, runs the editor on
 * it and reads it back into *edited.  Edited outside the store, so that
 * no lock is held while a human types.  On failure tmp is "" unless the
 * file was made (the caller removes it).
 */
static int
ctl_edit_copy(const char *slug, const char *orig, size_t olen, char *tmp,
    size_t tmpsz, char **edited, size_t *elen)
{
	const char *dir;
	int fd;

	if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(tmp, tmpsz, "%s/capsule-%s-XXXXXX.gmi", dir, slug);
	if ((fd = mkstemps(tmp, 4)) == -1) {
		ctl_err("%s: %s", tmp, strerror(errno));
		tmp[0] = '\0';
		return -1;
	}
	if (write(fd, orig, olen) != (ssize_t)olen || close(fd) == -1) {
		ctl_err("%s: %s", tmp, strerror(errno));
		return -1;
	}
	if (ctl_run_editor(tmp) == -1)
		return -1;
	if (util_read_at(AT_FDCWD, tmp, STORE_ARTICLE_MAX, edited, elen) ==
	    -1) {
		ctl_err("%s: %s", tmp, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Parses the edited text (from tmp) into new and holds it to edit's
 * rules: the Date never changes, and a published article whose text
 * changed gets Updated unless minor or the editor set it.
 */
static int
ctl_edit_check(const struct article *old, struct article *new,
    const char *edited, size_t elen, const char *tmp, int minor)
{
	const char *errstr;
	unsigned line;
	char now[32];

	if (article_parse(new, edited, elen, &line, &errstr) == -1) {
		ctl_err_at(tmp, line, errstr);
		return -1;
	}
	if (new->a_date != old->a_date) {
		ctl_err("%s: Date is the first publication and never changes; "
		    "record a correction in Updated", tmp);
		return -1;
	}
	if (!minor && !new->a_draft && ctl_text_changed(old, new) &&
	    new->a_updated == old->a_updated) {
		ctl_now(now);
		if (article_set(new, "Updated", now) == -1 ||
		    ctl_validate(new, tmp) == -1)
			return -1;
	}
	return 0;
}

/*
 * Writes new as articles/SLUG.gmi under the lock, unless the file is no
 * longer the orig[0..olen) the edit started from.
 */
static int
ctl_edit_commit(struct ctl *c, const char *slug, const struct article *new,
    const char *orig, size_t olen)
{
	char name[ARTICLE_SLUG_MAX + 8], *cur = NULL, *text;
	size_t clen, tlen;
	int lock, rc = -1;

	if (ctl_serialise_locked(c, new, &text, &tlen, &lock) == -1)
		return -1;
	snprintf(name, sizeof(name), "%s.gmi", slug);
	if (util_read_at(c->c_artfd, name, STORE_ARTICLE_MAX, &cur, &clen) ==
	    -1 || clen != olen || memcmp(cur, orig, olen) != 0)
		ctl_err("%s: changed or removed while you edited it", slug);
	else if (util_write_atomic(c->c_artfd, name, text, tlen, 0) == -1)
		ctl_err("%s/%s/%s: %s", c->c_store, STORE_ARTICLES, name,
		    strerror(errno));
	else {
		ctl_record(c, slug);
		rc = 0;
	}
	store_unlock(lock);
	free(cur);
	free(text);
	return rc;
}

int
cmd_edit(struct ctl *c, int argc, char **argv)
{
	struct article old = { 0 }, new = { 0 };
	char tmp[PATH_MAX], *orig = NULL, *edited = NULL;
	size_t olen, elen;
	const char *slug;
	int rc = CTL_ERR;

	if (argc - optind != 1)
		return ctl_usage();
	slug = argv[optind];
	if (ctl_open(c) == -1 ||
	    ctl_read_article(c, slug, &old, &orig, &olen) == -1)
		return CTL_ERR;
	if (ctl_edit_copy(slug, orig, olen, tmp, sizeof(tmp), &edited,
	    &elen) == -1)
		goto done;
	if (elen == olen && memcmp(edited, orig, olen) == 0) {
		fprintf(stderr, "capsulectl: %s: no changes\n", slug);
		rc = CTL_OK;
		goto done;
	}
	if (ctl_edit_check(&old, &new, edited, elen, tmp,
	    c->c_args.ca_minor) == -1 ||
	    ctl_edit_commit(c, slug, &new, orig, olen) == -1) {
		fprintf(stderr, "capsulectl: your version is kept in %s\n",
		    tmp);
		tmp[0] = '\0';
		goto done;
	}
	rc = CTL_OK;
done:
	if (tmp[0] != '\0')
		unlink(tmp);
	article_free(&old);
	article_free(&new);
	free(orig);
	free(edited);
	return rc;
}
