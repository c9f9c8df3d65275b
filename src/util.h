/*
 * util: small file-system helpers shared by capsuled and capsulectl.
 *
 * Every path is relative to a directory descriptor, so that code working
 * on the store never builds absolute paths from untrusted names.
 */
#ifndef CAPSULE_UTIL_H
#define CAPSULE_UTIL_H

#include <stddef.h>

struct stat;

/*
 * Reads the whole regular file at dirfd/path (at most max bytes) into a
 * malloc'd, NUL-terminated buffer the caller frees.  Returns 0, or -1 with
 * errno set (EFBIG past max, EINVAL for something not a regular file,
 * a FIFO included: it is never waited on).
 */
int	util_read_at(int dirfd, const char *path, size_t max, char **data,
	    size_t *len);

/*
 * The same for a file of the store, opened as util_open_beneath() does:
 * a symbolic link anywhere on the way fails with ELOOP, so that a link
 * in articles/ or pages/ cannot publish a file from outside the store.
 */
int	util_read_beneath(int dirfd, const char *path, size_t max,
	    char **data, size_t *len);

/*
 * util_read_beneath() for a reader that must not take a file being
 * written for a whole one: *st gets the file's fstat(2) from before the
 * read (whenever the file could be opened), and *moved is 1 when its
 * size or modification time changed during the read or the bytes read
 * were not its size.
 */
int	util_read_beneath_st(int dirfd, const char *path, size_t max,
	    char **data, size_t *len, struct stat *st, int *moved);

/* The same for a file descriptor already open (standard input, say). */
int	util_read_fd(int fd, size_t max, char **data, size_t *len);

/*
 * Replaces (or, with noreplace, creates) dirfd/name with data so that a
 * reader or a crash sees either the old file or the whole new one: a
 * temporary ".tmp-" file in the same directory is written, fsync'd and
 * renamed into place, then the directory is fsync'd.  With noreplace an
 * existing name fails with EEXIST.  Returns 0, or -1 with errno set.
 */
int	util_write_atomic(int dirfd, const char *name, const void *data,
	    size_t len, int noreplace);

/* The same with the new file's mode (before the umask): 0600, say. */
int	util_write_atomic_mode(int dirfd, const char *name, const void *data,
	    size_t len, int noreplace, unsigned mode);

/*
 * Opens path for reading below dirfd without following any symbolic link
 * and without leaving dirfd: openat2(2) with RESOLVE_BENEATH and
 * RESOLVE_NO_SYMLINKS where the kernel has it, else a walk that opens
 * each component with O_NOFOLLOW.  path must be relative.  The file is
 * opened O_NONBLOCK, so that a FIFO never holds the caller, and must be a
 * regular file (else EINVAL).  Returns the descriptor, or -1 with errno
 * set.
 */
int	util_open_beneath(int dirfd, const char *path);

/* Removes the ".tmp-" files a killed writer left in dirfd. */
void	util_remove_temps(int dirfd);

/* 1 when name is a leftover of util_write_atomic(). */
int	util_is_temp(const char *name);

#endif
