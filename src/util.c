/*
 * util: see util.h.
 */
#define _GNU_SOURCE	/* renameat2 */
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/openat2.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define UTIL_TEMP_PREFIX ".tmp-"

int
util_read_fd(int fd, size_t max, char **data, size_t *len)
{
	size_t cap = 8192, n = 0;
	char *buf = NULL, *nb;
	ssize_t r;

	for (;;) {
		if (buf == NULL || n + 1 >= cap) {
			if (buf != NULL)
				cap *= 2;
			if ((nb = realloc(buf, cap)) == NULL)
				goto fail;
			buf = nb;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	return -1;
}

/*
 * Reads the regular file open at fd, then closes it.  With stp, its
 * fstat(2) from before the read goes there and *moved says whether it
 * was written meanwhile.
 */
static int
util_read_open(int fd, size_t max, char **data, size_t *len,
    struct stat *stp, int *moved)
{
	struct stat st, after;
	int rc = -1, saved;

	if (fstat(fd, &st) == -1)
		goto done;
	if (stp != NULL)
		*stp = st;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto done;
	}
	if ((size_t)st.st_size > max) {
		errno = EFBIG;
		goto done;
	}
	rc = util_read_fd(fd, max, data, len);
	if (rc == 0 && moved != NULL)
		*moved = fstat(fd, &after) == -1 ||
		    (off_t)*len != st.st_size || after.st_size != st.st_size ||
		    after.st_mtim.tv_sec != st.st_mtim.tv_sec ||
		    after.st_mtim.tv_nsec != st.st_mtim.tv_nsec;
done:
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/*
 * O_NONBLOCK: a FIFO named like an article would otherwise block the
 * open until a writer came, and with it the store loader and the
 * signals it answers.  Regular files ignore the flag.
 */
int
util_read_at(int dirfd, const char *path, size_t max, char **data,
    size_t *len)
{
	int fd;

	if ((fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) == -1)
		return -1;
	return util_read_open(fd, max, data, len, NULL, NULL);
}

int
util_read_beneath(int dirfd, const char *path, size_t max, char **data,
    size_t *len)
{
	int fd;

	if ((fd = util_open_beneath(dirfd, path)) == -1)
		return -1;
	return util_read_open(fd, max, data, len, NULL, NULL);
}

int
util_read_beneath_st(int dirfd, const char *path, size_t max, char **data,
    size_t *len, struct stat *st, int *moved)
{
	int fd;

	if ((fd = util_open_beneath(dirfd, path)) == -1)
		return -1;
	return util_read_open(fd, max, data, len, st, moved);
}

static int
util_write_all(int fd, const char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int
util_write_atomic(int dirfd, const char *name, const void *data, size_t len,
    int noreplace)
{
	return util_write_atomic_mode(dirfd, name, data, len, noreplace, 0644);
}

int
util_write_atomic_mode(int dirfd, const char *name, const void *data,
    size_t len, int noreplace, unsigned mode)
{
	char tmp[256];
	int fd, saved;

	if (snprintf(tmp, sizeof(tmp), UTIL_TEMP_PREFIX "%ld-%s", (long)getpid(),
	    name) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, (mode_t)mode);
	if (fd == -1)
		return -1;
	if (util_write_all(fd, data, len) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) == -1) {
		saved = errno;
		goto fail;
	}
	if (noreplace) {
		/*
		 * renameat2 refuses to clobber atomically; a file system
		 * without it gets link+unlink, which refuses the same way.
		 */
		if (renameat2(dirfd, tmp, dirfd, name, RENAME_NOREPLACE) == -1) {
			if (errno != EINVAL && errno != ENOSYS) {
				saved = errno;
				goto fail;
			}
			if (linkat(dirfd, tmp, dirfd, name, 0) == -1) {
				saved = errno;
				goto fail;
			}
			unlinkat(dirfd, tmp, 0);
		}
	} else if (renameat(dirfd, tmp, dirfd, name) == -1) {
		saved = errno;
		goto fail;
	}
	return fsync(dirfd);
fail:
	unlinkat(dirfd, tmp, 0);
	errno = saved;
	return -1;
}

static int
util_open_walk(int dirfd, const char *path)
{
	char seg[NAME_MAX + 1];
	int fd = dirfd, next, saved;
	size_t n;

	for (;;) {
		n = strcspn(path, "/");
		if (n == 0 || n > NAME_MAX || (n == 2 && path[0] == '.' &&
		    path[1] == '.')) {
			errno = EACCES;
			goto fail;
		}
		memcpy(seg, path, n);
		seg[n] = '\0';
		next = openat(fd, seg, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
		    O_NOCTTY | O_NONBLOCK |
		    (path[n] == '/' ? O_DIRECTORY : 0));
		if (fd != dirfd) {
			saved = errno;
			close(fd);
			errno = saved;
		}
		if ((fd = next) == -1)
			return -1;
		if (path[n] == '\0')
			return fd;
		path += n + 1;
	}
fail:
	if (fd != dirfd)
		close(fd);
	return -1;
}

static int
util_open_nofollow(int dirfd, const char *path)
{
#ifdef SYS_openat2
	struct open_how how;
	long fd;

	memset(&how, 0, sizeof(how));
	how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
	    RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
		return (int)fd;
#endif
	return util_open_walk(dirfd, path);
}

/*
 * Non-blocking, and only a regular file: a FIFO that took a media file's
 * place after the snapshot listed it would otherwise hold a worker in
 * open() until a writer came, and then be sent as an empty body.
 */
int
util_open_beneath(int dirfd, const char *path)
{
	struct stat st;
	int fd;

	if ((fd = util_open_nofollow(dirfd, path)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int
util_is_temp(const char *name)
{
	return strncmp(name, UTIL_TEMP_PREFIX, strlen(UTIL_TEMP_PREFIX)) == 0;
}

void
util_remove_temps(int dirfd)
{
	struct dirent *de;
	DIR *d;
	int fd;

	if ((fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (util_is_temp(de->d_name))
			unlinkat(dirfd, de->d_name, 0);
	closedir(d);
}
