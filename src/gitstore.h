/*
 * gitstore: a store kept in git, through the git command-line tool.
 *
 * Every change a writer makes to a store whose capsule.conf says
 * "git = yes" becomes one commit (gitstore_commit), made while the
 * writer still holds the store's lock, so two writers' commits never
 * mix.  git runs as a child with an explicit argv and environment
 * (GIT_DIR, GIT_WORK_TREE, author and committer), never through a
 * shell; its standard output is dropped, its standard error is the
 * caller's.  What the repository tracks is the store's content:
 * GITSTORE_IGNORE (written as .gitignore) leaves out the lock, the
 * audit log, .trash/ (git's history keeps what was removed), the
 * publishers file (token hashes stay on the primary), writers'
 * temporary files and a replica's .version.
 *
 * A replica's store is a checkout of one commit made by capsulectl
 * sync, with the commit's id in .version; gitstore_version() reads that,
 * or a primary's .git/HEAD, without running anything (capsuled calls it
 * under Landlock).
 *
 * Nothing here keeps state between calls; errors go to *errstr (static
 * text or a buffer of this module, valid until the next call).
 */
#ifndef CAPSULE_GITSTORE_H
#define CAPSULE_GITSTORE_H

#include <stddef.h>

#define GITSTORE_DIR		".git"
#define GITSTORE_VERSION	".version"
#define GITSTORE_ID_MAX		64	/* hex digits of a SHA-256 commit */

/* The lines of the .gitignore gitstore_init() writes. */
#define GITSTORE_IGNORE \
	"# written by capsulectl: what a capsule store's git leaves out\n" \
	"/.lock\n/.log\n/.trash/\n/.version\n/publishers\n.tmp-*\n"

/* Who a commit is by: the publisher. */
struct gitstore_who {
	const char	*gw_name;
	const char	*gw_email;
};

/*
 * Runs git with argv (argv[0] is "git"; NULL-terminated) in the store
 * dirfd (-1: where we are, no GIT_DIR or GIT_WORK_TREE), who as author and
 * committer (NULL: the process's user).  out, when not NULL, receives
 * up to outsz-1 bytes of git's standard output, NUL-terminated, its
 * trailing newline cut.  Returns git's exit status (0 success), or -1
 * when git could not be run at all (*errstr says why).
 */
int	gitstore_run(int dirfd, const struct gitstore_who *who,
	    char *const argv[], char *out, size_t outsz, const char **errstr);

/*
 * The publisher by default: the user running the process, as its login
 * and "login@capsule" (the names the audit log uses).  The strings live
 * in static storage.
 */
void	gitstore_who_default(struct gitstore_who *who);

/*
 * Makes the store's repository when it has none: git init, .gitignore (when
 * missing), and a first commit of everything in the store with message
 * "init".  0 when the repository exists afterwards, -1 otherwise.
 */
int	gitstore_init(int dirfd, const struct gitstore_who *who,
	    const char **errstr);

/*
 * Commits every change in the store (git add --all) as one commit
 * "ACTION: SLUG" (or "ACTION" when slug is NULL), making the repository
 * first when it has none.  Nothing to commit is success.  On failure
 * the store's files are as the writer left them, and the next commit
 * takes them in.  0, or -1 with *errstr set.
 */
int	gitstore_commit(int dirfd, const struct gitstore_who *who,
	    const char *action, const char *slug, const char **errstr);

/*
 * Writes the tree of commit id in the repository gitdir into the
 * existing folder dest (git archive piped into tar, neither through a
 * shell; file times are the extraction's).  0, or -1 with *errstr set.
 */
int	gitstore_export(const char *gitdir, const char *id, const char *dest,
	    const char **errstr);

/*
 * The commit the store at dirfd holds: its .version (a replica's
 * checkout), else what .git/HEAD names (loose ref or packed-refs).
 * out gets at most GITSTORE_ID_MAX hex digits and a NUL.  0, or -1
 * (no git, or not readable) with out empty.
 */
int	gitstore_version(int dirfd, char *out, size_t outsz);

#endif
