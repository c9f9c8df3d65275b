/*
 * server: what capsuled's pieces share: the configuration, the worker
 * threads and the listeners.
 *
 * capsuled.c owns every structure here: it fills the configuration at
 * start (and on SIGHUP), starts one worker per thread and gives each
 * worker its own event loop.  Protocol modules (gemini.c) receive a
 * worker and never outlive it.
 */
#ifndef CAPSULE_SERVER_H
#define CAPSULE_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "ev.h"

struct ratelimit;
struct tls_ctx;

/* Everything a flag or the --config file can set. */
struct server_conf {
	char		*sc_store;
	char		*sc_host;
	char		*sc_gemini;		/* ADDR:PORT */
	char		*sc_gopher;		/* ADDR:PORT, or "off" */
	int		 sc_gopher_public_port;	/* 0: the listening port */
	int		 sc_gopher_ascii;	/* --gopher-charset ascii */
	char		*sc_cert;
	char		*sc_key;
	int		 sc_public_port;	/* 0: the listening port */
	int		 sc_workers;		/* 0: one per core */
	unsigned	 sc_read_timeout;	/* ms, for the request */
	unsigned	 sc_write_timeout;	/* ms without progress */
	unsigned	 sc_max_conns;		/* per worker */
	unsigned	 sc_max_conns_per_addr;	/* per client; 0: no cap */
	int		 sc_anonymous;		/* no client addresses logged */
	unsigned	 sc_ticket_lifetime;	/* s; keys rotate at half */
	char		*sc_user;		/* NULL: see priv.h */
	int		 sc_chroot;		/* chroot to the store */
	unsigned	 sc_rate_requests;	/* per client; 0: no limit */
	unsigned	 sc_rate_seconds;
};

struct server;
struct conn_proto;

#define SERVER_LISTENERS 2	/* gemini, gopher */

/* A worker's watch on one shared listening socket. */
struct listener {
	struct ev_io		 l_io;	/* first: the loop's handle */
	struct worker		*l_w;
	const struct conn_proto	*l_proto;
};

struct worker {
	struct server	*w_srv;
	struct ev_loop	*w_loop;
	pthread_t	 w_thread;
	int		 w_id;
	struct listener	 w_listen[SERVER_LISTENERS];
	int		 w_nlisten;
	struct ev_timer	 w_pause;	/* listeners resting after EMFILE */
	struct ev_io	 w_wake;	/* eventfd: stop */
	unsigned	 w_nconns;
	unsigned	 w_peak;	/* w_nconns' high mark since a trim */
};

struct server {
	struct server_conf	 s_conf;
	int			 s_gemini_port;	/* public port in URLs */
	int			 s_gemini_fd;
	int			 s_gopher_port;	/* public port in menus */
	int			 s_gopher_fd;	/* -1: no gopher listener */
	struct worker		*s_workers;
	int			 s_nworkers;
	pthread_mutex_t		 s_tls_lock;
	struct tls_ctx		*s_tls;
	unsigned		 s_nerrors;	/* articles skipped at a load */
	struct ratelimit	*s_ratelimit;	/* shared by the workers */
	/*
	 * The limits workers read for every connection, copied from s_conf
	 * at start and on SIGHUP: the main thread writes them while the
	 * workers run, hence atomics.
	 */
	atomic_uint		 s_read_timeout;	/* ms */
	atomic_uint		 s_write_timeout;	/* ms */
	atomic_uint		 s_max_conns;		/* per worker */
	atomic_uint		 s_max_conns_per_addr;	/* 0: no cap */
};

/* A reference to the TLS context in service; tls_ctx_unref() it. */
struct tls_ctx	*server_tls(struct server *);

#endif
