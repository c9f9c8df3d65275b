/*
 * upload: see upload.h.
 */
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ev.h"
#include "publishers.h"
#include "upload.h"
#include "writer.h"

static pthread_mutex_t	 up_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 up_cond = PTHREAD_COND_INITIALIZER;
static struct upload	*up_head, *up_tail;	/* under up_lock */
static int		 up_stopping;		/* under up_lock */
static pthread_t	 up_thread;
static atomic_int	 up_on;
static struct writer	*up_writer;
static int		 up_storefd = -1;
static atomic_size_t	 up_cap_articles = WRITER_ARTICLE_MAX;
static atomic_size_t	 up_cap_media = 16u << 20;
static atomic_size_t	 up_inflight;

/*
 * The thread: one upload at a time, in the order they came.  Once the
 * eventfd is written the upload is the worker's again (it may be freed
 * at once), so nothing touches it after.
 */
static void *
upload_main(void *arg)
{
	struct upload *u;
	uint64_t one = 1;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&up_lock);
		while (up_head == NULL && !up_stopping)
			pthread_cond_wait(&up_cond, &up_lock);
		if ((u = up_head) == NULL) {
			pthread_mutex_unlock(&up_lock);
			return NULL;
		}
		if ((up_head = u->u_next) == NULL)
			up_tail = NULL;
		pthread_mutex_unlock(&up_lock);
		writer_call(up_writer, &u->u_req, &u->u_resp);
		while (write(u->u_io.ei_fd, &one, sizeof(one)) == -1 &&
		    errno == EINTR)
			;
	}
}

int
upload_start(struct writer *w, int storefd)
{
	int e;

	up_writer = w;
	up_storefd = storefd;
	if ((e = pthread_create(&up_thread, NULL, upload_main, NULL)) != 0) {
		errno = e;
		return -1;
	}
	atomic_store(&up_on, 1);
	return 0;
}

void
upload_stop(void)
{
	if (!atomic_load(&up_on))
		return;
	pthread_mutex_lock(&up_lock);
	up_stopping = 1;
	pthread_cond_signal(&up_cond);
	pthread_mutex_unlock(&up_lock);
	pthread_join(up_thread, NULL);
	atomic_store(&up_on, 0);
}

int
upload_enabled(void)
{
	return atomic_load_explicit(&up_on, memory_order_relaxed);
}

void
upload_caps(size_t articles, size_t media)
{
	atomic_store(&up_cap_articles, articles);
	atomic_store(&up_cap_media, media);
}

size_t
upload_cap(int media)
{
	return atomic_load_explicit(media ? &up_cap_media : &up_cap_articles,
	    memory_order_relaxed);
}

int
upload_publishers(struct publishers *ps, const char **errstr)
{
	unsigned line;

	memset(ps, 0, sizeof(*ps));
	return publishers_load(up_storefd, ps, &line, errstr);
}

struct upload *
upload_new(void *ctx, void (*done)(struct upload *))
{
	struct upload *u;

	if ((u = calloc(1, sizeof(*u))) == NULL)
		return NULL;
	u->u_io.ei_fd = -1;
	u->u_ctx = ctx;
	u->u_done = done;
	return u;
}

int
upload_reserve(struct upload *u, size_t n)
{
	size_t cur = atomic_load(&up_inflight);

	do {
		if (n > UPLOAD_INFLIGHT_MAX - cur)
			return -1;
	} while (!atomic_compare_exchange_weak(&up_inflight, &cur, cur + n));
	u->u_reserved += n;
	return 0;
}

void
upload_free(struct upload *u)
{
	if (u == NULL)
		return;
	atomic_fetch_sub(&up_inflight, u->u_reserved);
	if (u->u_io.ei_fd != -1)
		close(u->u_io.ei_fd);
	free(u->u_body);
	explicit_bzero(u->u_req.wq_token, sizeof(u->u_req.wq_token));
	free(u);
}

/* On the worker's loop: the writer has answered. */
static void
upload_back(struct ev_io *io, uint32_t revents)
{
	struct upload *u = (struct upload *)io;
	uint64_t v;

	(void)revents;
	if (read(io->ei_fd, &v, sizeof(v)) == -1 && errno == EAGAIN)
		return;
	ev_unwatch(u->u_loop, io);
	u->u_done(u);
}

int
upload_submit(struct upload *u, struct ev_loop *loop)
{
	if ((u->u_io.ei_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1)
		return -1;
	u->u_io.ei_cb = upload_back;
	u->u_loop = loop;
	if (ev_watch(loop, &u->u_io, EPOLLIN) == -1)
		return -1;
	pthread_mutex_lock(&up_lock);
	if (up_stopping) {
		pthread_mutex_unlock(&up_lock);
		ev_unwatch(loop, &u->u_io);
		return -1;
	}
	u->u_next = NULL;
	if (up_tail != NULL)
		up_tail->u_next = u;
	else
		up_head = u;
	up_tail = u;
	pthread_cond_signal(&up_cond);
	pthread_mutex_unlock(&up_lock);
	return 0;
}
