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
#include "pub.h"
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
 * Parses the edited text (from tmp) and writes it back through
 * pub_replace(), which holds it to edit's rules (the Date never changes;
 * a published article whose text changed gets Updated unless minor or
 * the editor set it) and writes nothing when the file is no longer the
 * orig[0..olen) the edit started from.
 */
static int
ctl_edit_commit(struct ctl *c, const char *slug, struct article *new,
    const char *edited, size_t elen, const char *tmp, const char *orig,
    size_t olen)
{
	const char *errstr;
	unsigned line;
	struct pub p;

	if (article_parse(new, edited, elen, &line, &errstr) == -1) {
		ctl_err_at(tmp, line, errstr);
		return -1;
	}
	ctl_pub(c, &p);
	if (pub_replace(&p, slug, new, NULL, orig, olen,
	    c->c_args.ca_minor) == -1) {
		ctl_pub_err(c, &p, tmp);
		return -1;
	}
	ctl_pub_done(c, &p);
	return 0;
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
	if (ctl_edit_commit(c, slug, &new, edited, elen, tmp, orig, olen) ==
	    -1) {
		fprintf(stderr, "capsulectl: your version is kept in %s\n",
		    tmp);
		tmp[0] = '\0';
		goto done;
	}
	ctl_warn_edit(c, slug, &old, &new);
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
