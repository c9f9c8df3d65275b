/*
 * metrics: see metrics.h.  The counters are plain relaxed atomics: a
 * scrape needs each value, not a consistent cut across them, so the
 * request path pays one uncontended-in-the-common-case add and nothing
 * else.
 */
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "metrics.h"

#define RLX	memory_order_relaxed

static const char *const metrics_words[] = { "http", "limit", "error",
    "long" };
#define METRICS_WORD0	(100 + 94)
#define METRICS_OTHER	(METRICS_NSTATUS - 1)

static const char *const metrics_protos[METRICS_NPROTO] = { NULL, "gemini",
    "gopher" };

static atomic_uint_fast64_t m_requests[METRICS_NPROTO][METRICS_NSTATUS];
static atomic_uint_fast64_t m_bytes[METRICS_NPROTO];
static atomic_uint_fast64_t m_hs_full, m_hs_resumed;
static atomic_uint_fast64_t m_open, m_refused, m_limited;
static atomic_uint_fast64_t m_generation, m_articles, m_reload_ms,
    m_reload_time;
/*
 * The store's version, 8 characters a word; m_ver_seq is odd while the
 * reload thread writes it, and a scrape that saw it change reads again.
 */
#define METRICS_VER_WORDS	(METRICS_VERSION_MAX / 8)
static atomic_uint_fast64_t m_ver[METRICS_VER_WORDS], m_ver_seq;
static atomic_uint_fast64_t m_uploads[METRICS_UP_N];
static const char *const metrics_up_names[METRICS_UP_N] = { "written",
    "malformed", "denied", "unavailable" };

size_t
metrics_status_slot(const char *s)
{
	size_t i;

	if (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
	    s[2] == '\0')
		return (size_t)(s[0] - '0') * 10 + (size_t)(s[1] - '0');
	if (s[0] > ' ' && s[0] < 0x7f && s[1] == '\0')
		return 100 + (size_t)(s[0] - '!');
	for (i = 0; i < sizeof(metrics_words) / sizeof(metrics_words[0]); i++)
		if (strcmp(s, metrics_words[i]) == 0)
			return METRICS_WORD0 + i;
	return METRICS_OTHER;
}

void
metrics_status_label(size_t slot, char *out, size_t outsz)
{
	if (slot < 100)
		snprintf(out, outsz, "%02zu", slot);
	else if (slot < METRICS_WORD0)
		snprintf(out, outsz, "%c", (char)('!' + (slot - 100)));
	else if (slot < METRICS_OTHER)
		snprintf(out, outsz, "%s", metrics_words[slot - METRICS_WORD0]);
	else
		snprintf(out, outsz, "other");
}

void
metrics_request(enum metrics_proto p, const char *status, uint64_t bytes)
{
	if (p <= METRICS_NONE || p >= METRICS_NPROTO)
		return;
	atomic_fetch_add_explicit(&m_requests[p][metrics_status_slot(status)],
	    1, RLX);
	atomic_fetch_add_explicit(&m_bytes[p], bytes, RLX);
}

void
metrics_handshake(int resumed)
{
	atomic_fetch_add_explicit(resumed ? &m_hs_resumed : &m_hs_full, 1,
	    RLX);
}

void
metrics_conn_open(void)
{
	atomic_fetch_add_explicit(&m_open, 1, RLX);
}

void
metrics_conn_close(void)
{
	atomic_fetch_sub_explicit(&m_open, 1, RLX);
}

void
metrics_conn_refused(void)
{
	atomic_fetch_add_explicit(&m_refused, 1, RLX);
}

void
metrics_rate_limited(void)
{
	atomic_fetch_add_explicit(&m_limited, 1, RLX);
}

void
metrics_upload(int status)
{
	enum metrics_upload o;

	if (status == 30)
		o = METRICS_UP_WRITTEN;
	else if (status == 59 || status == 53)
		o = METRICS_UP_MALFORMED;
	else if (status >= 60 && status <= 62)
		o = METRICS_UP_DENIED;
	else
		o = METRICS_UP_UNAVAILABLE;
	atomic_fetch_add_explicit(&m_uploads[o], 1, RLX);
}

void
metrics_reload(uint64_t articles, uint64_t ms, uint64_t t)
{
	atomic_fetch_add_explicit(&m_generation, 1, RLX);
	atomic_store_explicit(&m_articles, articles, RLX);
	atomic_store_explicit(&m_reload_ms, ms, RLX);
	atomic_store_explicit(&m_reload_time, t, RLX);
}

void
metrics_version(const char *v)
{
	char pad[METRICS_VERSION_MAX] = { 0 };
	uint64_t w;
	size_t i, n = strlen(v);

	memcpy(pad, v, n < sizeof(pad) ? n : sizeof(pad));
	atomic_fetch_add(&m_ver_seq, 1);
	for (i = 0; i < METRICS_VER_WORDS; i++) {
		memcpy(&w, pad + i * 8, 8);
		atomic_store(&m_ver[i], w);
	}
	atomic_fetch_add(&m_ver_seq, 1);
}

static void
metrics_version_read(char *out)
{
	uint64_t seq, w;
	size_t i;

	do {
		while ((seq = atomic_load(&m_ver_seq)) & 1)
			;
		for (i = 0; i < METRICS_VER_WORDS; i++) {
			w = atomic_load(&m_ver[i]);
			memcpy(out + i * 8, &w, 8);
		}
	} while (atomic_load(&m_ver_seq) != seq);
	out[METRICS_VERSION_MAX] = '\0';
}

static int m_statm = -1;

int
metrics_open(void)
{
	if (m_statm == -1)
		m_statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	return m_statm == -1 ? -1 : 0;
}

/* The second field of /proc/self/statm, in bytes; 0 when unknown. */
static uint64_t
metrics_rss(void)
{
	unsigned long long size, res;
	long page = sysconf(_SC_PAGESIZE);
	char line[128];
	ssize_t n;

	if (page <= 0 || m_statm == -1 ||
	    (n = pread(m_statm, line, sizeof(line) - 1, 0)) <= 0)
		return 0;
	line[n] = '\0';
	if (sscanf(line, "%llu %llu", &size, &res) != 2)
		return 0;
	return (uint64_t)res * (uint64_t)page;
}

void
metrics_read(struct metrics_snap *s)
{
	size_t p, i;

	memset(s, 0, sizeof(*s));
	for (p = 0; p < METRICS_NPROTO; p++) {
		for (i = 0; i < METRICS_NSTATUS; i++)
			s->ms_requests[p][i] = atomic_load_explicit(
			    &m_requests[p][i], RLX);
		s->ms_bytes[p] = atomic_load_explicit(&m_bytes[p], RLX);
	}
	s->ms_handshakes_full = atomic_load_explicit(&m_hs_full, RLX);
	s->ms_handshakes_resumed = atomic_load_explicit(&m_hs_resumed, RLX);
	s->ms_conns_open = atomic_load_explicit(&m_open, RLX);
	s->ms_conns_refused = atomic_load_explicit(&m_refused, RLX);
	s->ms_rate_limited = atomic_load_explicit(&m_limited, RLX);
	s->ms_generation = atomic_load_explicit(&m_generation, RLX);
	s->ms_articles = atomic_load_explicit(&m_articles, RLX);
	s->ms_reload_ms = atomic_load_explicit(&m_reload_ms, RLX);
	s->ms_reload_time = atomic_load_explicit(&m_reload_time, RLX);
	metrics_version_read(s->ms_version);
	s->ms_rss = metrics_rss();
	for (i = 0; i < METRICS_UP_N; i++)
		s->ms_uploads[i] = atomic_load_explicit(&m_uploads[i], RLX);
}

static void
metrics_head(struct buf *b, const char *name, const char *type,
    const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
metrics_one(struct buf *b, const char *name, const char *type,
    const char *help, unsigned long long v)
{
	metrics_head(b, name, type, help);
	buf_printf(b, "%s %llu\n", name, v);
}

/* A label value: backslash and double quote escaped (no newline comes). */
static void
metrics_label(struct buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			buf_putc(b, '\\');
		buf_putc(b, *v);
	}
}

void
metrics_render(const struct metrics_snap *s, struct buf *b)
{
	char label[16];
	size_t p, i;

	metrics_head(b, "capsule_requests_total", "counter",
	    "Requests answered, by protocol and status.");
	for (p = METRICS_NONE + 1; p < METRICS_NPROTO; p++)
		for (i = 0; i < METRICS_NSTATUS; i++) {
			if (s->ms_requests[p][i] == 0)
				continue;
			metrics_status_label(i, label, sizeof(label));
			buf_printf(b, "capsule_requests_total{protocol=\"%s\","
			    "status=\"", metrics_protos[p]);
			metrics_label(b, label);
			buf_printf(b, "\"} %llu\n",
			    (unsigned long long)s->ms_requests[p][i]);
		}
	metrics_head(b, "capsule_sent_bytes_total", "counter",
	    "Bytes sent in answers, by protocol.");
	for (p = METRICS_NONE + 1; p < METRICS_NPROTO; p++)
		buf_printf(b, "capsule_sent_bytes_total{protocol=\"%s\"} %llu\n",
		    metrics_protos[p], (unsigned long long)s->ms_bytes[p]);
	metrics_head(b, "capsule_tls_handshakes_total", "counter",
	    "TLS handshakes completed, full or resuming a session.");
	buf_printf(b, "capsule_tls_handshakes_total{kind=\"full\"} %llu\n",
	    (unsigned long long)s->ms_handshakes_full);
	buf_printf(b, "capsule_tls_handshakes_total{kind=\"resumed\"} %llu\n",
	    (unsigned long long)s->ms_handshakes_resumed);
	metrics_one(b, "capsule_connections_open", "gauge",
	    "Connections open now, the metrics listener's included.",
	    (unsigned long long)s->ms_conns_open);
	metrics_one(b, "capsule_connections_refused_total", "counter",
	    "Connections closed at accept: worker cap, per-address cap, rate "
	    "limit drop, or a peer not allowed to send a PROXY header.",
	    (unsigned long long)s->ms_conns_refused);
	metrics_one(b, "capsule_rate_limited_total", "counter",
	    "Requests answered with the rate limit's refusal.",
	    (unsigned long long)s->ms_rate_limited);
	metrics_one(b, "capsule_snapshot_generation", "gauge",
	    "Snapshots of the store put in service since start.",
	    (unsigned long long)s->ms_generation);
	metrics_one(b, "capsule_store_articles", "gauge",
	    "Articles in the snapshot in service.",
	    (unsigned long long)s->ms_articles);
	metrics_head(b, "capsule_reload_duration_seconds", "gauge",
	    "How long the last load of the store took until it was in service.");
	buf_printf(b, "capsule_reload_duration_seconds %llu.%03llu\n",
	    (unsigned long long)(s->ms_reload_ms / 1000),
	    (unsigned long long)(s->ms_reload_ms % 1000));
	metrics_one(b, "capsule_reload_timestamp_seconds", "gauge",
	    "When the last load of the store went into service (Unix time).",
	    (unsigned long long)s->ms_reload_time);
	if (s->ms_version[0] != '\0') {
		metrics_head(b, "capsule_store_version_info", "gauge",
		    "The git commit of the snapshot in service.");
		buf_printf(b, "capsule_store_version_info{commit=\"%s\"} 1\n",
		    s->ms_version);
	}
	metrics_head(b, "capsule_titan_uploads_total", "counter",
	    "Titan uploads answered, by outcome: written (30), malformed "
	    "(59), denied (60-62), unavailable (40).");
	for (i = 0; i < METRICS_UP_N; i++)
		buf_printf(b, "capsule_titan_uploads_total{outcome=\"%s\"} "
		    "%llu\n", metrics_up_names[i],
		    (unsigned long long)s->ms_uploads[i]);
	metrics_one(b, "process_resident_memory_bytes", "gauge",
	    "Resident memory size in bytes.", (unsigned long long)s->ms_rss);
}
