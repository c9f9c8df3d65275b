/*
 * Unit tests for the metrics module: the exact exposition text for given
 * values, status slots and their labels, and the counters that the
 * request path bumps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "metrics.h"

static const char expected[] =
    "# HELP capsule_requests_total Requests answered, by protocol and "
    "status.\n"
    "# TYPE capsule_requests_total counter\n"
    "capsule_requests_total{protocol=\"gemini\",status=\"20\"} 7\n"
    "capsule_requests_total{protocol=\"gemini\",status=\"51\"} 2\n"
    "capsule_requests_total{protocol=\"gopher\",status=\"\\\"\"} 1\n"
    "capsule_requests_total{protocol=\"gopher\",status=\"1\"} 3\n"
    "capsule_requests_total{protocol=\"gopher\",status=\"\\\\\"} 1\n"
    "capsule_requests_total{protocol=\"gopher\",status=\"limit\"} 4\n"
    "capsule_requests_total{protocol=\"gopher\",status=\"other\"} 5\n"
    "# HELP capsule_sent_bytes_total Bytes sent in answers, by protocol.\n"
    "# TYPE capsule_sent_bytes_total counter\n"
    "capsule_sent_bytes_total{protocol=\"gemini\"} 1234\n"
    "capsule_sent_bytes_total{protocol=\"gopher\"} 0\n"
    "# HELP capsule_tls_handshakes_total TLS handshakes completed, full or "
    "resuming a session.\n"
    "# TYPE capsule_tls_handshakes_total counter\n"
    "capsule_tls_handshakes_total{kind=\"full\"} 9\n"
    "capsule_tls_handshakes_total{kind=\"resumed\"} 8\n"
    "# HELP capsule_connections_open Connections open now, the metrics "
    "listener's included.\n"
    "# TYPE capsule_connections_open gauge\n"
    "capsule_connections_open 3\n"
    "# HELP capsule_connections_refused_total Connections closed at "
    "accept: worker cap, per-address cap, rate limit drop, or a peer not "
    "allowed to send a PROXY header.\n"
    "# TYPE capsule_connections_refused_total counter\n"
    "capsule_connections_refused_total 11\n"
    "# HELP capsule_rate_limited_total Requests answered with the rate "
    "limit's refusal.\n"
    "# TYPE capsule_rate_limited_total counter\n"
    "capsule_rate_limited_total 12\n"
    "# HELP capsule_snapshot_generation Snapshots of the store put in "
    "service since start.\n"
    "# TYPE capsule_snapshot_generation gauge\n"
    "capsule_snapshot_generation 2\n"
    "# HELP capsule_store_articles Articles in the snapshot in service.\n"
    "# TYPE capsule_store_articles gauge\n"
    "capsule_store_articles 42\n"
    "# HELP capsule_reload_duration_seconds How long the last load of the "
    "store took until it was in service.\n"
    "# TYPE capsule_reload_duration_seconds gauge\n"
    "capsule_reload_duration_seconds 1.005\n"
    "# HELP capsule_reload_timestamp_seconds When the last load of the "
    "store went into service (Unix time).\n"
    "# TYPE capsule_reload_timestamp_seconds gauge\n"
    "capsule_reload_timestamp_seconds 1796430000\n"
    "# HELP capsule_titan_uploads_total Titan uploads answered, by outcome: "
    "written (30), malformed (59), denied (60-62), unavailable (40).\n"
    "# TYPE capsule_titan_uploads_total counter\n"
    "capsule_titan_uploads_total{outcome=\"written\"} 5\n"
    "capsule_titan_uploads_total{outcome=\"malformed\"} 0\n"
    "capsule_titan_uploads_total{outcome=\"denied\"} 2\n"
    "capsule_titan_uploads_total{outcome=\"unavailable\"} 1\n"
    "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
    "# TYPE process_resident_memory_bytes gauge\n"
    "process_resident_memory_bytes 4096\n";

static void
test_render(void **state)
{
	static struct metrics_snap s;
	struct buf b;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.ms_requests[METRICS_GEMINI][metrics_status_slot("20")] = 7;
	s.ms_requests[METRICS_GEMINI][metrics_status_slot("51")] = 2;
	s.ms_requests[METRICS_GOPHER][metrics_status_slot("1")] = 3;
	s.ms_requests[METRICS_GOPHER][metrics_status_slot("\"")] = 1;
	s.ms_requests[METRICS_GOPHER][metrics_status_slot("\\")] = 1;
	s.ms_requests[METRICS_GOPHER][metrics_status_slot("limit")] = 4;
	s.ms_requests[METRICS_GOPHER][metrics_status_slot("text/x")] = 5;
	/* Never shown: the metrics listener's own requests. */
	s.ms_requests[METRICS_NONE][metrics_status_slot("20")] = 99;
	s.ms_bytes[METRICS_GEMINI] = 1234;
	s.ms_handshakes_full = 9;
	s.ms_handshakes_resumed = 8;
	s.ms_conns_open = 3;
	s.ms_conns_refused = 11;
	s.ms_rate_limited = 12;
	s.ms_generation = 2;
	s.ms_articles = 42;
	s.ms_reload_ms = 1005;
	s.ms_reload_time = 1796430000;
	s.ms_rss = 4096;
	s.ms_uploads[METRICS_UP_WRITTEN] = 5;
	s.ms_uploads[METRICS_UP_DENIED] = 2;
	s.ms_uploads[METRICS_UP_UNAVAILABLE] = 1;
	buf_init(&b);
	metrics_render(&s, &b);
	assert_int_equal(buf_ok(&b), 0);
	buf_putc(&b, '\0');
	assert_string_equal(b.b_data, expected);
	buf_free(&b);
}

static void
test_slots(void **state)
{
	char label[16];
	size_t i, seen_other = 0;

	(void)state;
	assert_int_equal(metrics_status_slot("00"), 0);
	assert_int_equal(metrics_status_slot("59"), 59);
	assert_int_equal(metrics_status_slot("5"), metrics_status_slot("5"));
	assert_int_equal(metrics_status_slot("595"),
	    metrics_status_slot("nonsense"));
	assert_int_equal(metrics_status_slot(""), metrics_status_slot("x y"));
	/* Every slot has a distinct label that maps back to it. */
	for (i = 0; i < METRICS_NSTATUS; i++) {
		metrics_status_label(i, label, sizeof(label));
		if (strcmp(label, "other") == 0) {
			seen_other++;
			continue;
		}
		assert_int_equal(metrics_status_slot(label), i);
	}
	assert_int_equal(seen_other, 1);
}

static void
test_counters(void **state)
{
	struct metrics_snap a, b;
	size_t s20 = metrics_status_slot("20");

	(void)state;
	metrics_read(&a);
	metrics_request(METRICS_GEMINI, "20", 100);
	metrics_request(METRICS_GEMINI, "20", 5);
	metrics_request(METRICS_NONE, "20", 7);
	metrics_handshake(1);
	metrics_conn_open();
	metrics_conn_open();
	metrics_conn_close();
	metrics_conn_refused();
	metrics_rate_limited();
	metrics_reload(17, 250, 1000);
	metrics_read(&b);
	assert_int_equal(b.ms_requests[METRICS_GEMINI][s20],
	    a.ms_requests[METRICS_GEMINI][s20] + 2);
	assert_int_equal(b.ms_requests[METRICS_NONE][s20],
	    a.ms_requests[METRICS_NONE][s20]);
	assert_int_equal(b.ms_bytes[METRICS_GEMINI],
	    a.ms_bytes[METRICS_GEMINI] + 105);
	assert_int_equal(b.ms_handshakes_resumed, a.ms_handshakes_resumed + 1);
	assert_int_equal(b.ms_handshakes_full, a.ms_handshakes_full);
	assert_int_equal(b.ms_conns_open, a.ms_conns_open + 1);
	assert_int_equal(b.ms_conns_refused, a.ms_conns_refused + 1);
	assert_int_equal(b.ms_rate_limited, a.ms_rate_limited + 1);
	assert_int_equal(b.ms_generation, a.ms_generation + 1);
	assert_int_equal(b.ms_articles, 17);
	assert_int_equal(b.ms_reload_ms, 250);
	assert_int_equal(b.ms_reload_time, 1000);
	assert_int_equal(metrics_open(), 0);
	metrics_read(&b);
	assert_true(b.ms_rss > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_counters),
	};

	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
