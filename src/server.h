/*
 * server: what the daemon's own files (capsuled.c, daemon_*.c) share:
 * the configuration, the worker threads and the listeners.  Nothing of
 * the library includes it: connections see only the struct conn_worker
 * and struct conn_limits they are given (conn.h).
 *
 * capsuled.c owns every structure here: it fills the configuration at
 * start (and on SIGHUP), starts one worker per thread and gives each
 * worker its own event loop.
 */
#ifndef CAPSULE_SERVER_H
#define CAPSULE_SERVER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conn.h"
#include "ev.h"
#include "proxy.h"

#define CAPSULED_VERSION	"0.1"

/* Everything a flag or the --config file can set. */
struct server_conf {
	char		*sc_store;
	char		*sc_host;
	char		*sc_gemini;		/* ADDR:PORT */
	char		*sc_gopher;		/* ADDR:PORT, or "off" */
	/* PROXY protocol listeners (proxy.h): "off", or ADDR:PORT */
	char		*sc_gemini_proxy;
	char		*sc_gopher_proxy;
	struct proxy_from sc_proxy_from;	/* who may send a header */
	char		*sc_metrics;		/* ADDR:PORT, or "off" */
	/* A replica's primary: "HOST[:PORT]" writes go to, or "off" */
	char		*sc_primary;
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
	int		 sc_foreground;		/* not detached, logs to stderr */
	unsigned	 sc_rate_requests;	/* per client; 0: no limit */
	unsigned	 sc_rate_seconds;
	int		 sc_titan;		/* SERVER_TITAN_* */
	size_t		 sc_titan_max_article;	/* bytes of an upload */
	size_t		 sc_titan_max_media;
};

/* --titan: uploads by Titan (writer.h, upload.h). */
enum {
	SERVER_TITAN_OFF,
	SERVER_TITAN_ON,
	SERVER_TITAN_AUTO	/* on when the store has a publishers file */
};

/* One worker thread: its own event loop and connections (conn.h). */
struct worker {
	struct conn_worker	 w_conn;	/* its loop, listeners, count */
	pthread_t		 w_thread;
	int			 w_id;
	struct ev_io		 w_wake;	/* eventfd: stop */
};

struct server {
	struct server_conf	 s_conf;
	int			 s_gemini_port;	/* public port in URLs */
	int			 s_gemini_fd;
	int			 s_gopher_port;	/* public port in menus */
	int			 s_gopher_fd;	/* -1: no gopher listener */
	int			 s_gemini_proxy_fd;	/* -1: none */
	int			 s_gopher_proxy_fd;	/* -1: none */
	int			 s_metrics_fd;		/* -1: none */
	struct worker		*s_workers;
	int			 s_nworkers;
	unsigned		 s_nerrors;	/* articles skipped at a load */
	/*
	 * What every connection obeys, from s_conf at start and on SIGHUP;
	 * the rate limit table in it is shared by the workers.
	 */
	struct conn_limits	 s_limits;
};

/*
 * daemon_opts.c: the options, from one table that gives each its long
 * name (also its configuration key), its parser and its field.
 */

/* The usage message, to f. */
void	daemon_opts_usage(FILE *f);
/*
 * The command line's own options (--config, --check, --help,
 * --version): 0 to go on, 1 to exit with *status (help and version
 * printed, or the usage after a bad option).
 */
int	daemon_opts_argv(int argc, char **argv, const char **conf_file,
	    int *check, int *status);
/*
 * Builds the configuration: defaults, then the file conf_file (NULL:
 * none), then the command line, which wins.  Returns 0, or -1 after
 * logging the problem; c is to be freed with daemon_opts_free() either
 * way.
 */
int	daemon_opts_load(struct server_conf *c, const char *conf_file,
	    int argc, char **argv);
void	daemon_opts_free(struct server_conf *c);
/* "1-65535" into *port: 0, or -1. */
int	daemon_opts_port(const char *s, int *port);

/*
 * daemon_workers.c: "ADDR:PORT", "[V6ADDR]:PORT" or "*:PORT" into a
 * bound, listening, non-blocking socket; the descriptor and the port,
 * or -1 after logging why.
 */
int	daemon_listen(const char *spec, int *portp);
/*
 * One worker thread per sc_workers, each serving every listener with
 * s_limits; 0, or -1 (errno set; the caller gives up).
 */
int	daemon_workers_start(struct server *);
/* Wakes every worker, waits for it and frees it. */
void	daemon_workers_stop(struct server *);

#endif
