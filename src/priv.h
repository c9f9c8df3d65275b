/*
 * priv: what capsuled gives up once it holds its listening sockets and
 * its certificate, before it reads the store: the root user, the rest of
 * the file system (an optional chroot to the store, and Landlock where
 * the kernel has it) and every way back (no_new_privs).
 *
 * capsuled.c calls priv_drop() once, from the main thread, before any
 * other thread exists: no_new_privs and Landlock bind the calling thread
 * (and the threads it starts later) only, so priv_drop() refuses to run
 * beside another.  Nothing here allocates anything the caller must free.
 */
#ifndef CAPSULE_PRIV_H
#define CAPSULE_PRIV_H

struct priv_conf {
	const char	*pc_user;	/* NULL: "capsule" if that user
					   exists, else "nobody" */
	int		 pc_chroot;	/* chroot(2) to the store */
	const char	*pc_store;	/* stays readable, beneath */
	const char	*pc_cert;	/* its directory stays readable */
	const char	*pc_key;	/* its directory stays readable */
	const char	*pc_conf;	/* its folder stays readable (the
					   file alone when that folder is
					   / or /etc); NULL: none */
	int		 pc_trial;	/* capsuled --check, or the trial
					   before a first start, in a child
					   that then exits: nothing logged,
					   a certificate folder not made yet
					   left out */
};

/* What priv_drop() applied. */
struct priv_state {
	int	ps_dropped;	/* started as root, now ps_uid */
	int	ps_chroot;	/* the store is "/" from now on */
	int	ps_landlock;	/* the Landlock ABI in force; 0: none */
	int	ps_conf_dir;	/* pc_conf's folder is readable, so a
				   file renamed over pc_conf is too */
	unsigned ps_uid;
	char	ps_user[64];
};

/*
 * Started as root: resolves the user, optionally chroots to the store,
 * switches to that user and group for good (and checks that root cannot
 * be regained); started as anyone else: checks that no other user and no
 * chroot were asked for, since neither is possible.  Then, either way,
 * sets no_new_privs and restricts the process with Landlock to reading
 * the store, the certificate's and key's directories and the
 * configuration file's (nothing writable, no TCP bind or connect), where
 * the kernel has Landlock.  The configuration's folder rather than the
 * file, since an editor saves by writing a new file and renaming it
 * over the old one, which a rule on the old file would not cover; but
 * a folder as wide as / or /etc is not opened for one file.  Logs one
 * line saying what was applied.
 * Returns 0, or -1 with *errstr set (a static message, valid until the
 * next call); the process must then stop, since it may be half-dropped.
 */
int	priv_drop(const struct priv_conf *, struct priv_state *,
	    const char **errstr);

/*
 * For the writer process (writer.h), from a process no Landlock binds
 * yet: sets no_new_privs and, where the kernel has Landlock, allows
 * writing (making, removing, renaming, truncating files) only beneath
 * the store's articles/, media/, .trash/ and .git/ (those that exist)
 * and to the existing files .lock and .log, below the store's directory
 * storefd; no TCP bind or connect.  Reading and running programs stay
 * as they were.  *abi gets the Landlock ABI applied (0: none).  Returns
 * 0, or -1 with *errstr (static).
 */
int	priv_confine_writer(int storefd, int *abi, const char **errstr);

#endif
