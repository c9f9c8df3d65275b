/*
 * Unit tests for the proxy module: PROXY protocol v1 and v2 headers
 * (whole, cut short, refused) and --proxy-from lists.
 *
 * Every input is copied into a heap buffer of exactly its length, so
 * that ASan catches a read past it; every proper prefix of a valid
 * header must say PROXY_MORE.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxy.h"
#include "fixtures.h"

#define S(s)	s, sizeof(s) - 1

/* v2 signature, then version/command, family, length. */
#define SIG	"\r\n\r\n\0\r\nQUIT\n"
#define V4	"\x21\x11\x00\x0c"
#define V6	"\x21\x21\x00\x24"
#define A4	"\xc0\x00\x02\x01" "\x0a\x00\x00\x01" "\x30\x39" "\x07\xad"
#define A6	"\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x07" \
		"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01" "\x30\x39" "\x07\xad"

/*
 * One header a line: its bytes, then what proxy_parse() says: the
 * result, the header's length (0: the whole input), LOCAL or not, and
 * the client's address and port when there is one.
 */
static const struct {
	const char	*in;
	size_t		 len;
	int		 want;
	size_t		 hlen;
	int		 local;
	const char	*addr;
	unsigned	 port;
} cases[] = {
	/* v1 */
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 12345 1965\r\n"), 1, 0, 0,
	    "192.0.2.1", 12345 },
	{ S("PROXY TCP6 2001:db8::7 ::1 65535 70\r\n"), 1, 0, 0,
	    "2001:db8::7", 65535 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 0 1965\r\n\x16\x03\x01"), 1,
	    38, 0, "192.0.2.1", 0 },
	{ S("PROXY UNKNOWN\r\n"), 1, 0, 1, NULL, 0 },
	{ S("PROXY UNKNOWN ffff::1 ::1 1 2\r\nx"), 1, 31, 1, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 12345"), 0, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 12345 1965\r"), 0, 0, 0, NULL, 0 },
	{ S("PROX"), 0, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 65536 1965\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 -1 1965\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 012 1965\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 12a 1965\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.256 10.0.0.1 1 2\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 ::1 10.0.0.1 1 2\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP6 192.0.2.1 ::1 1 2\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1  10.0.0.1 1 2\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 1 2 3\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 1\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 1 2 \r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY UDP4 192.0.2.1 10.0.0.1 1 2\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 1 2\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXY TCP4 192.0.2.1 10.0.0.1 1 2\rx"), -1, 0, 0, NULL, 0 },
	{ S("proxy TCP4 192.0.2.1 10.0.0.1 1 2\r\n"), -1, 0, 0, NULL, 0 },
	{ S("PROXYTCP4"), -1, 0, 0, NULL, 0 },
	/* 105 bytes and CRLF: 107, the most; one more is too long. */
	{ S("PROXY UNKNOWN 0123456789012345678901234567890123456789"
	    "012345678901234567890123456789012345678901234567890\r\n"), 1, 0,
	    1, NULL, 0 },
	{ S("PROXY UNKNOWN 0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789012345678901\r\n"), -1, 0,
	    0, NULL, 0 },
	{ S("PROXY UNKNOWN 0123456789012345678901234567890123456789"
	    "01234567890123456789012345678901234567890123456789012"), -1, 0,
	    0, NULL, 0 },
	/* TLS and Gemini on a proxy port: refused at the first byte. */
	{ S("\x16\x03\x01\x02\x00"), -1, 0, 0, NULL, 0 },
	{ S("gemini://h/\r\n"), -1, 0, 0, NULL, 0 },
	/* v2 */
	{ S(SIG V4 A4), 1, 0, 0, "192.0.2.1", 12345 },
	{ S(SIG V6 A6), 1, 0, 0, "2001:db8::7", 12345 },
	{ S(SIG V4 A4 "\x16\x03"), 1, 28, 0, "192.0.2.1", 12345 },
	/* TLVs (a NOOP of 3 bytes, an ALPN) after the addresses: skipped. */
	{ S(SIG "\x21\x11\x00\x18" A4 "\x04\x00\x03xyz" "\x01\x00\x03" "gem"),
	    1, 0, 0, "192.0.2.1", 12345 },
	{ S(SIG "\x20\x00\x00\x00"), 1, 0, 1, NULL, 0 },
	/* LOCAL ignores the family and its block. */
	{ S(SIG "\x20\x11\x00\x0c" A4), 1, 0, 1, NULL, 0 },
	{ S(SIG "\x21\x00\x00\x00"), 1, 0, 1, NULL, 0 },
	{ S(SIG V4 "\xc0\x00\x02"), 0, 0, 0, NULL, 0 },
	{ S(SIG "\x21"), 0, 0, 0, NULL, 0 },
	{ S("\r\n\r\n\0\r\nQU"), 0, 0, 0, NULL, 0 },
	{ S("\r\n\r\n\0\r\nQUIX"), -1, 0, 0, NULL, 0 },
	{ S(SIG "\x11\x11\x00\x0c" A4), -1, 0, 0, NULL, 0 },
	{ S(SIG "\x22\x11\x00\x0c" A4), -1, 0, 0, NULL, 0 },
	{ S(SIG "\x21\x12\x00\x0c" A4), -1, 0, 0, NULL, 0 },
	{ S(SIG "\x21\x31\x00\xd8"), -1, 0, 0, NULL, 0 },
	{ S(SIG "\x21\x11\x00\x0b" "\xc0\x00\x02\x01\x0a\x00\x00\x01\x30\x39"
	    "\x07"), -1, 0, 0, NULL, 0 },
	{ S(SIG "\x21\x21\x00\x0c" A4), -1, 0, 0, NULL, 0 },
	{ S(SIG "\x21\x11\x03\xf1"), -1, 0, 0, NULL, 0 },
	{ S(SIG "\x21\x11\xff\xff"), -1, 0, 0, NULL, 0 },
};

static int
parse(const char *s, size_t len, struct proxy_hdr *h, const char **err)
{
	char *buf = fix_dup_n(s, len);
	int rc;

	rc = proxy_parse(buf, len, h, err);
	free(buf);
	return rc;
}

static void
test_proxy_cases(void **state)
{
	struct proxy_hdr h;
	const char *err;
	char got[INET6_ADDRSTRLEN];
	size_t i, k, hlen;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = parse(cases[i].in, cases[i].len, &h, &err);
		if (rc != cases[i].want)
			fail_msg("case %zu: %d, want %d (%s)", i, rc,
			    cases[i].want, err != NULL ? err : "");
		if (rc == PROXY_INVALID) {
			assert_non_null(err);
			continue;
		}
		if (rc == PROXY_MORE)
			continue;
		hlen = cases[i].hlen != 0 ? cases[i].hlen : cases[i].len;
		if (h.ph_len != hlen)
			fail_msg("case %zu: length %zu, want %zu", i, h.ph_len,
			    hlen);
		assert_int_equal(h.ph_local, cases[i].local);
		/* Every proper prefix of a header is its beginning. */
		for (k = 0; k < hlen; k++)
			if (parse(cases[i].in, k, &h, &err) != PROXY_MORE)
				fail_msg("case %zu: prefix %zu not MORE", i, k);
		rc = parse(cases[i].in, cases[i].len, &h, &err);
		if (cases[i].addr == NULL)
			continue;
		if (h.ph_src.ss_family == AF_INET) {
			const struct sockaddr_in *sin = (const void *)&h.ph_src;

			inet_ntop(AF_INET, &sin->sin_addr, got, sizeof(got));
			assert_int_equal(ntohs(sin->sin_port), cases[i].port);
		} else {
			const struct sockaddr_in6 *sin6 = (const void *)&h.ph_src;

			assert_int_equal(h.ph_src.ss_family, AF_INET6);
			inet_ntop(AF_INET6, &sin6->sin6_addr, got, sizeof(got));
			assert_int_equal(ntohs(sin6->sin6_port), cases[i].port);
		}
		assert_string_equal(got, cases[i].addr);
	}
}

/* One --proxy-from list a line, an address, and whether it matches. */
static const struct {
	const char	*list;
	const char	*addr;
	int		 want;	/* -1: the list is refused */
} from_cases[] = {
	{ PROXY_FROM_DEFAULT, "127.0.0.1", 1 },
	{ PROXY_FROM_DEFAULT, "127.255.0.9", 1 },
	{ PROXY_FROM_DEFAULT, "::1", 1 },
	{ PROXY_FROM_DEFAULT, "::ffff:127.0.0.1", 1 },
	{ PROXY_FROM_DEFAULT, "128.0.0.1", 0 },
	{ PROXY_FROM_DEFAULT, "::2", 0 },
	{ "127.0.0.2/32", "127.0.0.1", 0 },
	{ "127.0.0.2/32", "127.0.0.2", 1 },
	{ "127.0.0.2", "127.0.0.2", 1 },
	{ "10.1.0.0/17,192.0.2.0/24", "10.1.127.255", 1 },
	{ "10.1.0.0/17,192.0.2.0/24", "10.1.128.0", 0 },
	{ "10.1.0.0/17,192.0.2.0/24", "192.0.2.200", 1 },
	{ "0.0.0.0/0", "203.0.113.9", 1 },
	{ "0.0.0.0/0", "2001:db8::1", 0 },
	{ "2001:db8::/33", "2001:db8:7fff::1", 1 },
	{ "2001:db8::/33", "2001:db8:8000::1", 0 },
	{ "10.0.0.1/8", "10.0.0.1", -1 },
	{ "10.0.0.0/33", "10.0.0.1", -1 },
	{ "10.0.0.0/", "10.0.0.1", -1 },
	{ "10.0.0.0/08", "10.0.0.1", -1 },
	{ "10.0.0.0/8,", "10.0.0.1", -1 },
	{ ",10.0.0.0/8", "10.0.0.1", -1 },
	{ "localhost", "127.0.0.1", -1 },
	{ "", "127.0.0.1", -1 },
	{ "1.0.0.0/8,2.0.0.0/8,3.0.0.0/8,4.0.0.0/8,5.0.0.0/8,6.0.0.0/8,"
	  "7.0.0.0/8,8.0.0.0/8,9.0.0.0/8,10.0.0.0/8,11.0.0.0/8,12.0.0.0/8,"
	  "13.0.0.0/8,14.0.0.0/8,15.0.0.0/8,16.0.0.0/8,17.0.0.0/8",
	  "1.2.3.4", -1 },
};

static void
test_proxy_from(void **state)
{
	struct proxy_from pf;
	struct sockaddr_storage ss;
	const char *err;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(from_cases) / sizeof(from_cases[0]); i++) {
		memset(&ss, 0, sizeof(ss));
		if (inet_pton(AF_INET, from_cases[i].addr,
		    &((struct sockaddr_in *)&ss)->sin_addr) == 1)
			ss.ss_family = AF_INET;
		else {
			assert_int_equal(inet_pton(AF_INET6, from_cases[i].addr,
			    &((struct sockaddr_in6 *)&ss)->sin6_addr), 1);
			ss.ss_family = AF_INET6;
		}
		rc = proxy_from_parse(from_cases[i].list, &pf, &err);
		if (rc == -1) {
			if (from_cases[i].want != -1)
				fail_msg("from case %zu refused: %s", i, err);
			continue;
		}
		if (from_cases[i].want == -1)
			fail_msg("from case %zu accepted", i);
		if (proxy_from_match(&pf, (struct sockaddr *)&ss) !=
		    from_cases[i].want)
			fail_msg("from case %zu: wrong match", i);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proxy_cases),
		cmocka_unit_test(test_proxy_from),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
