/*
 * ev: see ev.h.
 */
#include <sys/epoll.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ev.h"

#define EV_BATCH	256
#define EV_TLISTS	8	/* durations; the last list takes the rest */

/* Timers of one duration, earliest deadline first. */
struct ev_tlist {
	uint64_t	 tl_ms;
	struct ev_timer	*tl_head;
	struct ev_timer	*tl_tail;
};

struct ev_loop {
	int		 el_epfd;
	int		 el_stop;
	uint64_t	 el_now;
	struct ev_tlist	 el_lists[EV_TLISTS];
	int		 el_nlists;
	void		(*el_before_wait)(void);
};

static uint64_t
ev_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct ev_loop *
ev_new(void)
{
	struct ev_loop *l;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	if ((l->el_epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		free(l);
		return NULL;
	}
	l->el_now = ev_clock();
	return l;
}

void
ev_free(struct ev_loop *l)
{
	if (l == NULL)
		return;
	close(l->el_epfd);
	free(l);
}

int
ev_watch(struct ev_loop *l, struct ev_io *io, uint32_t events)
{
	struct epoll_event ee;
	int op;

	if (io->ei_events == events && events != 0)
		return 0;
	memset(&ee, 0, sizeof(ee));
	ee.events = events;
	ee.data.ptr = io;
	if (events == 0) {
		ev_unwatch(l, io);
		return 0;
	}
	op = io->ei_events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
	if (epoll_ctl(l->el_epfd, op, io->ei_fd, &ee) == -1)
		return -1;
	io->ei_events = events;
	return 0;
}

void
ev_unwatch(struct ev_loop *l, struct ev_io *io)
{
	if (io->ei_events != 0)
		epoll_ctl(l->el_epfd, EPOLL_CTL_DEL, io->ei_fd, NULL);
	io->ei_events = 0;
}

void
ev_timer_stop(struct ev_loop *l, struct ev_timer *t)
{
	struct ev_tlist *tl = t->et_list;

	(void)l;
	if (tl == NULL)
		return;
	if (t->et_prev != NULL)
		t->et_prev->et_next = t->et_next;
	else
		tl->tl_head = t->et_next;
	if (t->et_next != NULL)
		t->et_next->et_prev = t->et_prev;
	else
		tl->tl_tail = t->et_prev;
	t->et_prev = t->et_next = NULL;
	t->et_list = NULL;
}

/*
 * The list for a duration: its own while there are lists to spare, else
 * the last one, which then holds mixed durations and is searched from
 * its tail.
 */
static struct ev_tlist *
ev_tlist(struct ev_loop *l, uint64_t ms)
{
	int i;

	for (i = 0; i < l->el_nlists; i++)
		if (l->el_lists[i].tl_ms == ms)
			return &l->el_lists[i];
	if (l->el_nlists < EV_TLISTS) {
		l->el_lists[l->el_nlists].tl_ms = ms;
		return &l->el_lists[l->el_nlists++];
	}
	return &l->el_lists[EV_TLISTS - 1];
}

void
ev_timer_set(struct ev_loop *l, struct ev_timer *t, uint64_t ms)
{
	struct ev_tlist *tl;
	struct ev_timer *at;

	ev_timer_stop(l, t);
	tl = ev_tlist(l, ms);
	t->et_deadline = l->el_now + ms + 1;
	t->et_list = tl;
	for (at = tl->tl_tail; at != NULL && at->et_deadline > t->et_deadline;
	    at = at->et_prev)
		;
	t->et_prev = at;
	if (at == NULL) {
		t->et_next = tl->tl_head;
		tl->tl_head = t;
	} else {
		t->et_next = at->et_next;
		at->et_next = t;
	}
	if (t->et_next != NULL)
		t->et_next->et_prev = t;
	else
		tl->tl_tail = t;
}

/* The earliest armed timer, or NULL. */
static struct ev_timer *
ev_first(const struct ev_loop *l)
{
	struct ev_timer *first = NULL;
	int i;

	for (i = 0; i < l->el_nlists; i++) {
		struct ev_timer *h = l->el_lists[i].tl_head;

		if (h != NULL && (first == NULL ||
		    h->et_deadline < first->et_deadline))
			first = h;
	}
	return first;
}

void
ev_before_wait(struct ev_loop *l, void (*fn)(void))
{
	l->el_before_wait = fn;
}

uint64_t
ev_now(const struct ev_loop *l)
{
	return l->el_now;
}

void
ev_stop(struct ev_loop *l)
{
	l->el_stop = 1;
}

static void
ev_fire_timers(struct ev_loop *l)
{
	struct ev_timer *t;

	while ((t = ev_first(l)) != NULL && t->et_deadline <= l->el_now) {
		ev_timer_stop(l, t);
		t->et_cb(t);
	}
}

void
ev_run(struct ev_loop *l)
{
	struct epoll_event evs[EV_BATCH];
	struct ev_timer *first;
	int n, i, timeout;

	while (!l->el_stop) {
		timeout = -1;
		if ((first = ev_first(l)) != NULL)
			timeout = first->et_deadline <= l->el_now ? 0 :
			    (int)(first->et_deadline - l->el_now);
		if (l->el_before_wait != NULL)
			l->el_before_wait();
		n = epoll_wait(l->el_epfd, evs, EV_BATCH, timeout);
		l->el_now = ev_clock();
		if (n == -1 && errno != EINTR)
			return;
		for (i = 0; i < n; i++) {
			struct ev_io *io = evs[i].data.ptr;

			io->ei_cb(io, evs[i].events);
		}
		ev_fire_timers(l);
	}
}
