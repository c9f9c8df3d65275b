/*
 * log: see log.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define LOG_LINE_MAX 4096
#define LOG_STAMP_LEN 21	/* "2026-01-01T00:00:00Z " */

#define LOG_BUFFER (16u << 10)

static int log_anonymous;
static int log_syslog;

/* A worker's pending access-log lines. */
static _Thread_local char	*log_tbuf;
static _Thread_local size_t	 log_tlen;

void
log_syslog_connect(void)
{
	openlog("capsuled", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_use_syslog(void)
{
	log_syslog_connect();
	log_syslog = 1;
}

void
log_set_anonymous(int on)
{
	log_anonymous = on;
}

static size_t
log_stamp(char *out, size_t outsz)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	return strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ ", &tm);
}

/* Ends the line and writes it whole. */
static void
log_emit(char *line, size_t len)
{
	ssize_t w;

	if (len > LOG_LINE_MAX - 1)
		len = LOG_LINE_MAX - 1;
	if (log_syslog) {
		/* syslog stamps the time itself: skip ours. */
		line[len] = '\0';
		syslog(LOG_INFO, "%s", line + LOG_STAMP_LEN);
		return;
	}
	line[len++] = '\n';
	do
		w = write(STDERR_FILENO, line, len);
	while (w == -1 && errno == EINTR);
}

static void
log_write_all(const char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		if ((w = write(STDERR_FILENO, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += w;
		len -= (size_t)w;
	}
}

void
log_flush(void)
{
	if (log_tlen > 0)
		log_write_all(log_tbuf, log_tlen);
	log_tlen = 0;
}

void
log_buffer(int on)
{
	log_flush();
	if (!on) {
		free(log_tbuf);
		log_tbuf = NULL;
	} else if (log_tbuf == NULL && !log_syslog)
		log_tbuf = malloc(LOG_BUFFER);
}

static void	log_vmsg(const char *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

static void
log_vmsg(const char *level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	size_t n;
	int r;

	n = log_stamp(line, sizeof(line));
	r = snprintf(line + n, sizeof(line) - n, "%s", level);
	n += r > 0 ? (size_t)r : 0;
	r = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	n += r > 0 ? (size_t)r : 0;
	log_emit(line, n);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg("", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg("error: ", fmt, ap);
	va_end(ap);
}

void
log_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg("fatal: ", fmt, ap);
	va_end(ap);
	exit(1);
}

void
log_access(const char *addr, const char *proto, const char *req,
    size_t reqlen, const char *status, uint64_t bytes, uint64_t usec)
{
	static const char hex[] = "0123456789abcdef";
	char line[LOG_LINE_MAX];
	size_t n, i;
	int r;

	n = log_stamp(line, sizeof(line));
	r = snprintf(line + n, sizeof(line) - n, "%s %s ",
	    log_anonymous ? "-" : addr, proto);
	n += r > 0 ? (size_t)r : 0;
	for (i = 0; i < reqlen && n < sizeof(line) - 128; i++) {
		unsigned char c = (unsigned char)req[i];

		if (c > 0x20 && c < 0x7f && c != '\\')
			line[n++] = (char)c;
		else {
			line[n++] = '\\';
			line[n++] = 'x';
			line[n++] = hex[c >> 4];
			line[n++] = hex[c & 15];
		}
	}
	if (reqlen == 0)
		line[n++] = '-';
	r = snprintf(line + n, sizeof(line) - n, " %s %llu %lluus", status,
	    (unsigned long long)bytes, (unsigned long long)usec);
	n += r > 0 ? (size_t)r : 0;
	if (log_tbuf == NULL) {
		log_emit(line, n);
		return;
	}
	if (n > LOG_LINE_MAX - 1)
		n = LOG_LINE_MAX - 1;
	line[n++] = '\n';
	if (log_tlen + n > LOG_BUFFER)
		log_flush();
	memcpy(log_tbuf + log_tlen, line, n);
	log_tlen += n;
}
