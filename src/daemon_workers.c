/*
 * daemon_workers: capsuled's listening sockets and worker threads (see
 * server.h).  Each worker runs its own event loop, where conn.c serves
 * the connections of both listeners; the main thread only starts and
 * stops them.
 */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "gemini.h"
#include "gopher.h"
#include "log.h"
#include "metrics_http.h"
#include "server.h"

/*
 * "ADDR:PORT", "[V6ADDR]:PORT" or "*:PORT" into a bound, listening,
 * non-blocking socket.  Returns the descriptor and the port, or -1 after
 * logging why.
 */
int
daemon_listen(const char *spec, int *portp)
{
	struct addrinfo hints, *res, *ai;
	char host[256], *colon;
	const char *h;
	int port, fd = -1, on = 1, e;

	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');

		if (close == NULL || close[1] != ':' ||
		    (size_t)(close - spec) >= sizeof(host)) {
			log_warn("%s: expected [ADDRESS]:PORT", spec);
			return -1;
		}
		memcpy(host, spec + 1, (size_t)(close - spec - 1));
		host[close - spec - 1] = '\0';
		colon = (char *)close + 1;
	} else {
		if ((colon = strrchr(spec, ':')) == NULL ||
		    (size_t)(colon - spec) >= sizeof(host)) {
			log_warn("%s: expected ADDRESS:PORT", spec);
			return -1;
		}
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
	}
	if (daemon_opts_port(colon + 1, &port) == -1) {
		log_warn("%s: bad port", spec);
		return -1;
	}
	h = strcmp(host, "*") == 0 || *host == '\0' ? NULL : host;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((e = getaddrinfo(h, colon + 1, &hints, &res)) != 0) {
		log_warn("%s: %s", spec, gai_strerror(e));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
			    sizeof(on));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 4096) == 0)
			break;
		e = errno;
		close(fd);
		fd = -1;
		errno = e;
	}
	e = errno;
	if (fd == -1)
		log_warn("%s: %s", spec, strerror(e));
	freeaddrinfo(res);
	*portp = port;
	errno = e;	/* capsuled --check tells a port in use from others */
	return fd;
}

static void
worker_wake(struct ev_io *io, uint32_t revents)
{
	struct worker *w = (struct worker *)((char *)io -
	    offsetof(struct worker, w_wake));
	uint64_t v;

	(void)revents;
	if (read(io->ei_fd, &v, sizeof(v)) == -1 && errno != EAGAIN)
		return;
	ev_stop(w->w_conn.cw_loop);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;

	log_buffer(1);
	ev_before_wait(w->w_conn.cw_loop, log_flush);
	ev_run(w->w_conn.cw_loop);
	log_buffer(0);
	return NULL;
}

static int
worker_start(struct server *srv, struct worker *w, int id)
{
	w->w_id = id;
	w->w_conn.cw_limits = &srv->s_limits;
	if ((w->w_conn.cw_loop = ev_new()) == NULL)
		return -1;
	w->w_wake.ei_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->w_wake.ei_cb = worker_wake;
	if (w->w_wake.ei_fd == -1 ||
	    ev_watch(w->w_conn.cw_loop, &w->w_wake, EPOLLIN) == -1)
		return -1;
	if (conn_listen(&w->w_conn, srv->s_gemini_fd, &gemini_proto,
	    srv->s_gemini_port, NULL) == -1)
		return -1;
	if (srv->s_gopher_fd != -1 && conn_listen(&w->w_conn, srv->s_gopher_fd,
	    &gopher_proto, srv->s_gopher_port, NULL) == -1)
		return -1;
	if (srv->s_gemini_proxy_fd != -1 && conn_listen(&w->w_conn,
	    srv->s_gemini_proxy_fd, &gemini_proto, srv->s_gemini_port,
	    &srv->s_conf.sc_proxy_from) == -1)
		return -1;
	if (srv->s_gopher_proxy_fd != -1 && conn_listen(&w->w_conn,
	    srv->s_gopher_proxy_fd, &gopher_proto, srv->s_gopher_port,
	    &srv->s_conf.sc_proxy_from) == -1)
		return -1;
	if (srv->s_metrics_fd != -1 && conn_listen(&w->w_conn,
	    srv->s_metrics_fd, &metrics_http_proto, 0, NULL) == -1)
		return -1;
	if (pthread_create(&w->w_thread, NULL, worker_main, w) != 0)
		return -1;
	return 0;
}

int
daemon_workers_start(struct server *srv)
{
	int i, n = srv->s_conf.sc_workers;

	if ((srv->s_workers = calloc((size_t)n, sizeof(*srv->s_workers))) ==
	    NULL)
		return -1;
	srv->s_nworkers = n;
	for (i = 0; i < n; i++)
		if (worker_start(srv, &srv->s_workers[i], i) == -1)
			return -1;
	return 0;
}

void
daemon_workers_stop(struct server *srv)
{
	uint64_t one = 1;
	int i;

	for (i = 0; i < srv->s_nworkers; i++)
		if (write(srv->s_workers[i].w_wake.ei_fd, &one, sizeof(one)) ==
		    -1)
			log_warn("worker %d: %s", i, strerror(errno));
	for (i = 0; i < srv->s_nworkers; i++) {
		pthread_join(srv->s_workers[i].w_thread, NULL);
		close(srv->s_workers[i].w_wake.ei_fd);
		ev_free(srv->s_workers[i].w_conn.cw_loop);
	}
	free(srv->s_workers);
}
