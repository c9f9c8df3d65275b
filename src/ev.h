/*
 * ev: a small epoll event loop, one per worker thread.
 *
 * Descriptors are watched through a struct ev_io the caller embeds in its
 * own state (a connection, a listener); timers through a struct ev_timer.
 * Timers are kept in one list per duration: the daemon arms only a few
 * durations (read timeout, write timeout, a pause), and timers of one
 * duration armed in turn expire in turn, so every insert is at a tail
 * and costs O(1) however many connections wait.
 *
 * Nothing here allocates per event; the loop owns no caller memory.
 * A loop is used by one thread only.
 */
#ifndef CAPSULE_EV_H
#define CAPSULE_EV_H

#include <stdint.h>

struct ev_loop;

struct ev_io {
	int	  ei_fd;
	uint32_t  ei_events;		/* EPOLLIN / EPOLLOUT now watched */
	void	(*ei_cb)(struct ev_io *, uint32_t revents);
};

struct ev_tlist;

struct ev_timer {
	struct ev_timer	 *et_prev;
	struct ev_timer	 *et_next;
	struct ev_tlist	 *et_list;	/* NULL when unarmed */
	uint64_t	  et_deadline;	/* ms, monotonic */
	void		(*et_cb)(struct ev_timer *);
};

struct ev_loop	*ev_new(void);
void		 ev_free(struct ev_loop *);

/* Starts, changes or stops watching io->ei_fd; 0 or -1 with errno. */
int		 ev_watch(struct ev_loop *, struct ev_io *, uint32_t events);
void		 ev_unwatch(struct ev_loop *, struct ev_io *);

/* Arms t to fire ms milliseconds from now, replacing any earlier arming. */
void		 ev_timer_set(struct ev_loop *, struct ev_timer *, uint64_t ms);
void		 ev_timer_stop(struct ev_loop *, struct ev_timer *);

/* Calls fn each time the loop is about to wait for events. */
void		 ev_before_wait(struct ev_loop *, void (*fn)(void));

/* Milliseconds on the monotonic clock, as of the last wake-up. */
uint64_t	 ev_now(const struct ev_loop *);

/*
 * Runs until ev_stop().  Callbacks may watch, unwatch, arm and stop
 * anything, free the object of the current callback included.
 */
void		 ev_run(struct ev_loop *);
void		 ev_stop(struct ev_loop *);

#endif
