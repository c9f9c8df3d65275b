/*
 * log: messages and the access log, on standard error.
 *
 * Each line is written with one write(2), so lines from several worker
 * threads never interleave.  log_fatal() is for start-up problems only: a
 * client's mistake is never fatal.
 */
#ifndef CAPSULE_LOG_H
#define CAPSULE_LOG_H

#include <stddef.h>
#include <stdint.h>

/*
 * Sends every line to syslog (facility daemon) instead of standard error:
 * for a daemon that has detached from its terminal.
 */
void	log_use_syslog(void);

/*
 * Connects to syslog at once, without sending anything to it yet: for a
 * daemon about to chroot, after which /dev/log is out of reach.
 * log_use_syslog() later reuses the connection.
 */
void	log_syslog_connect(void);

/* 1 hides client addresses from the access log ("-" instead). */
void	log_set_anonymous(int);

void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
/* What refuses a start or a configuration, said before giving up. */
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Worker threads keep their access-log lines in a buffer of their own and
 * write them with one write(2) per loop turn (log_flush, called before
 * the loop sleeps), not one per request.  log_buffer(1) starts that for
 * the calling thread; log_buffer(0) flushes and stops it.
 */
void	log_buffer(int on);
void	log_flush(void);

/*
 * One request: "TIME ADDR PROTO REQUEST STATUS BYTES DURATIONus".  The
 * request is printed with control and non-ASCII bytes escaped, so a
 * hostile request cannot forge log lines.
 */
void	log_access(const char *addr, const char *proto, const char *request,
	    size_t reqlen, const char *status, uint64_t bytes, uint64_t usec);

#endif
