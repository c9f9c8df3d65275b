/*
 * gitstore: see gitstore.h.
 *
 * The git command-line tool rather than libgit2: every Debian machine
 * that would replicate a store has git already, its behaviour (hooks,
 * configuration, transports for sync) is what the operator knows, and
 * a handful of commands per change cost milliseconds, nothing next to a
 * publisher's pace.  libgit2 would add a library to capsulectl for the
 * same result and none of git's transports' configuration.
 */
#define _GNU_SOURCE	/* posix_spawn_file_actions_addfchdir_np */
#include <sys/stat.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitstore.h"
#include "util.h"

extern char **environ;

#define GITSTORE_ENV_MAX	8	/* variables gitstore_run() sets */

static char gitstore_err[PATH_MAX + 128];

/* A pipe neither end of which a child inherits unless dup2'd. */
static int
gitstore_pipe(int p[2])
{
	if (pipe(p) == -1)
		return -1;
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static const char *
gitstore_fail(const char *what, int err)
{
	snprintf(gitstore_err, sizeof(gitstore_err), "%s: %s", what,
	    strerror(err));
	return gitstore_err;
}

void
gitstore_who_default(struct gitstore_who *who)
{
	static char name[256], email[256 + 16];
	struct passwd *pw = getpwuid(getuid());

	if (pw != NULL)
		snprintf(name, sizeof(name), "%s", pw->pw_name);
	else
		snprintf(name, sizeof(name), "uid-%u", (unsigned)getuid());
	snprintf(email, sizeof(email), "%s@capsule", name);
	who->gw_name = name;
	who->gw_email = email;
}

/*
 * The child's environment: ours without any GIT_ variable (a caller's
 * GIT_DIR must not redirect the store's commits), then the store's and
 * the publisher's.  NULL when out of memory.
 */
static char **
gitstore_env(int dirfd, const struct gitstore_who *who)
{
	const char *set[GITSTORE_ENV_MAX][2];
	char **env;
	size_t n = 0, i, k = 0, first, len;

	for (i = 0; environ[i] != NULL; i++)
		n++;
	if ((env = calloc(n + GITSTORE_ENV_MAX + 1, sizeof(*env))) == NULL)
		return NULL;
	for (i = 0; environ[i] != NULL; i++)
		if (strncmp(environ[i], "GIT_", 4) != 0)
			env[k++] = environ[i];
	n = 0;
	/* The child starts in the store (gitstore_run). */
	if (dirfd != -1) {
		set[n][0] = "GIT_DIR=";
		set[n++][1] = GITSTORE_DIR;
		set[n][0] = "GIT_WORK_TREE=";
		set[n++][1] = ".";
	}
	if (who != NULL) {
		set[n][0] = "GIT_AUTHOR_NAME=";
		set[n++][1] = who->gw_name;
		set[n][0] = "GIT_AUTHOR_EMAIL=";
		set[n++][1] = who->gw_email;
		set[n][0] = "GIT_COMMITTER_NAME=";
		set[n++][1] = who->gw_name;
		set[n][0] = "GIT_COMMITTER_EMAIL=";
		set[n++][1] = who->gw_email;
	}
	first = k;
	for (i = 0; i < n; i++) {
		len = strlen(set[i][0]) + strlen(set[i][1]);
		if ((env[k] = malloc(len + 1)) == NULL)
			goto nomem;
		snprintf(env[k++], len + 1, "%s%s", set[i][0], set[i][1]);
	}
	return env;
nomem:
	for (i = first; i < k; i++)
		free(env[i]);
	free(env);
	return NULL;
}

static void
gitstore_env_free(char **env)
{
	size_t i;

	for (i = 0; env[i] != NULL; i++)
		if (strncmp(env[i], "GIT_", 4) == 0)
			free(env[i]);
	free(env);
}

/* Waits for pid: its exit status, 128+signal, or -1. */
static int
gitstore_wait(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

int
gitstore_run(int dirfd, const struct gitstore_who *who,
    char *const argv[], char *out, size_t outsz, const char **errstr)
{
	posix_spawn_file_actions_t fa;
	char **env;
	int p[2] = { -1, -1 }, rc = -1, err;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if ((env = gitstore_env(dirfd, who)) == NULL) {
		*errstr = gitstore_fail("git", ENOMEM);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	if (dirfd != -1)
		posix_spawn_file_actions_addfchdir_np(&fa, dirfd);
	if (out != NULL) {
		if (gitstore_pipe(p) == -1) {
			*errstr = gitstore_fail("pipe", errno);
			goto done;
		}
		posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
	} else
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
		    "/dev/null", O_WRONLY, 0);
	if ((err = posix_spawnp(&pid, "git", &fa, NULL, argv, env)) != 0) {
		*errstr = gitstore_fail("git", err);
		goto done;
	}
	if (out != NULL) {
		close(p[1]);
		p[1] = -1;
		/* All of it is read, so git never blocks on a full pipe. */
		for (;;) {
			char sink[512];

			if (got + 1 < outsz)
				n = read(p[0], out + got, outsz - 1 - got);
			else
				n = read(p[0], sink, sizeof(sink));
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			if (got + 1 < outsz)
				got += (size_t)n;
		}
		out[got] = '\0';
		while (got > 0 && out[got - 1] == '\n')
			out[--got] = '\0';
	}
	if ((rc = gitstore_wait(pid)) == -1)
		*errstr = gitstore_fail("git", errno);
	else if (rc != 0) {
		snprintf(gitstore_err, sizeof(gitstore_err), "git %s: exit "
		    "status %d", argv[1] != NULL ? argv[1] : "", rc);
		*errstr = gitstore_err;
	}
done:
	posix_spawn_file_actions_destroy(&fa);
	if (p[0] != -1)
		close(p[0]);
	if (p[1] != -1)
		close(p[1]);
	gitstore_env_free(env);
	return rc;
}

int
gitstore_export(const char *gitdir, const char *id, const char *dest,
    const char **errstr)
{
	char gd[PATH_MAX + 16];
	char *archive[] = { "git", gd, "archive", "--format=tar", NULL, NULL };
	char *tar[] = { "tar", "-x", "-m", "--no-same-owner",
	    "--no-same-permissions", "-f", "-", "-C",
	    NULL, NULL };
	posix_spawn_file_actions_t fa, fb;
	pid_t pa = -1, pb = -1;
	char **env;
	int p[2], err, ra, rb;

	snprintf(gd, sizeof(gd), "--git-dir=%s", gitdir);
	archive[4] = (char *)id;
	tar[8] = (char *)dest;
	if ((env = gitstore_env(-1, NULL)) == NULL) {
		*errstr = gitstore_fail("git", ENOMEM);
		return -1;
	}
	if (gitstore_pipe(p) == -1) {
		*errstr = gitstore_fail("pipe", errno);
		gitstore_env_free(env);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_init(&fb);
	posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fb, p[0], STDIN_FILENO);
	if ((err = posix_spawnp(&pa, "git", &fa, NULL, archive, env)) != 0)
		*errstr = gitstore_fail("git archive", err);
	else if ((err = posix_spawnp(&pb, "tar", &fb, NULL, tar, env)) != 0)
		*errstr = gitstore_fail("tar", err);
	close(p[0]);
	close(p[1]);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawn_file_actions_destroy(&fb);
	gitstore_env_free(env);
	ra = pa != -1 ? gitstore_wait(pa) : -1;
	rb = pb != -1 ? gitstore_wait(pb) : -1;
	if (pa == -1 || pb == -1)
		return -1;
	if (ra != 0 || rb != 0) {
		snprintf(gitstore_err, sizeof(gitstore_err), "git archive %s "
		    "| tar: exit status %d, %d", id, ra, rb);
		*errstr = gitstore_err;
		return -1;
	}
	return 0;
}

/* git init and the .gitignore, when dir has no repository yet. */
static int
gitstore_make(int dirfd, const char **errstr)
{
	static char *const init[] = { "git", "init", "--quiet",
	    "--initial-branch=main", NULL };

	if (faccessat(dirfd, GITSTORE_DIR, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return 0;
	if (util_write_atomic(dirfd, ".gitignore", GITSTORE_IGNORE,
	    sizeof(GITSTORE_IGNORE) - 1, 1) == -1 && errno != EEXIST) {
		*errstr = gitstore_fail(".gitignore", errno);
		return -1;
	}
	return gitstore_run(dirfd, NULL, init, NULL, 0, errstr) == 0 ? 0 : -1;
}

static int
gitstore_commit_all(int dirfd, const struct gitstore_who *who,
    const char *msg, const char **errstr)
{
	static char *const add[] = { "git", "add", "--all", NULL };
	static char *const staged[] = { "git", "diff", "--cached", "--quiet",
	    NULL };
	char *commit[] = { "git", "commit", "--quiet", "-m", NULL, NULL };
	struct gitstore_who me;
	int rc;

	if (who == NULL) {
		gitstore_who_default(&me);
		who = &me;
	}
	commit[4] = (char *)msg;
	if (gitstore_run(dirfd, who, add, NULL, 0, errstr) != 0)
		return -1;
	if ((rc = gitstore_run(dirfd, who, staged, NULL, 0, errstr)) == 0)
		return 0;
	if (rc != 1)
		return -1;
	return gitstore_run(dirfd, who, commit, NULL, 0, errstr) == 0 ? 0 : -1;
}

int
gitstore_init(int dirfd, const struct gitstore_who *who,
    const char **errstr)
{
	if (gitstore_make(dirfd, errstr) == -1)
		return -1;
	return gitstore_commit_all(dirfd, who, "init", errstr);
}

int
gitstore_commit(int dirfd, const struct gitstore_who *who,
    const char *action, const char *slug, const char **errstr)
{
	char msg[256];

	if (slug != NULL)
		snprintf(msg, sizeof(msg), "%s: %s", action, slug);
	else
		snprintf(msg, sizeof(msg), "%s", action);
	if (gitstore_make(dirfd, errstr) == -1)
		return -1;
	return gitstore_commit_all(dirfd, who, msg, errstr);
}

/* The hex id at the start of s into out: 0, or -1 when there is none. */
static int
gitstore_id(const char *s, size_t len, char *out, size_t outsz)
{
	size_t n = 0;

	while (n < len && n < GITSTORE_ID_MAX && isxdigit((unsigned char)s[n]))
		n++;
	if (n < 40 || n + 1 > outsz || (n < len && !isspace((unsigned char)
	    s[n])))
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* ref's id from packed-refs: "<id> <ref>" lines. */
static int
gitstore_packed(int dirfd, const char *ref, char *out, size_t outsz)
{
	char *text, *line, *end, *sp;
	size_t len, rl = strlen(ref);
	int rc = -1;

	if (util_read_at(dirfd, GITSTORE_DIR "/packed-refs", 1 << 24, &text,
	    &len) == -1)
		return -1;
	for (line = text; line < text + len; line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(text + len - line))) ==
		    NULL)
			end = text + len;
		if ((sp = memchr(line, ' ', (size_t)(end - line))) == NULL)
			continue;
		if ((size_t)(end - sp - 1) == rl &&
		    memcmp(sp + 1, ref, rl) == 0) {
			rc = gitstore_id(line, (size_t)(sp - line), out, outsz);
			break;
		}
	}
	free(text);
	return rc;
}

int
gitstore_version(int dirfd, char *out, size_t outsz)
{
	char path[PATH_MAX], *text;
	size_t len;
	int rc = -1;

	if (outsz > 0)
		out[0] = '\0';
	if (util_read_at(dirfd, GITSTORE_VERSION, 256, &text, &len) == 0) {
		rc = gitstore_id(text, len, out, outsz);
		free(text);
		return rc;
	}
	if (util_read_at(dirfd, GITSTORE_DIR "/HEAD", 1024, &text, &len) == -1)
		return -1;
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	text[len] = '\0';
	if (strncmp(text, "ref: ", 5) != 0)
		rc = gitstore_id(text, len, out, outsz);
	else if (strstr(text, "..") == NULL && (size_t)snprintf(path,
	    sizeof(path), GITSTORE_DIR "/%s", text + 5) < sizeof(path)) {
		free(text);
		if (util_read_at(dirfd, path, 256, &text, &len) == 0)
			rc = gitstore_id(text, len, out, outsz);
		else
			return gitstore_packed(dirfd, path +
			    sizeof(GITSTORE_DIR), out, outsz);
	}
	free(text);
	if (rc == -1 && outsz > 0)
		out[0] = '\0';
	return rc;
}
