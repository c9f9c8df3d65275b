/*
 * proxy: see proxy.h.  The rules are those of HAProxy's
 * proxy-protocol.txt; the quotes below are from it.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "proxy.h"

/*
 * v2: "The binary header format starts with a constant 12 bytes block
 * containing the protocol signature".
 */
static const unsigned char proxy_sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};
static const char proxy_v1[] = "PROXY ";

/* 1 when s[0..len) starts like p[0..plen) does, as far as it goes. */
static int
proxy_prefix(const unsigned char *s, size_t len, const void *p, size_t plen)
{
	return memcmp(s, p, len < plen ? len : plen) == 0;
}

/*
 * "the source and destination ports are represented as a decimal
 * integer in the range 0..65535 inclusive"; a leading zero is refused
 * so that one port has one spelling.
 */
static int
proxy_port(const char *s, size_t n, unsigned *port)
{
	unsigned v = 0;
	size_t i;

	if (n == 0 || n > 5 || (s[0] == '0' && n > 1))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > 65535)
		return -1;
	*port = v;
	return 0;
}

static int
proxy_addr(int af, const char *s, size_t n, void *out)
{
	char tmp[INET6_ADDRSTRLEN];

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(af, tmp, out) == 1 ? 0 : -1;
}

/*
 * v1: "PROXY" SP ("TCP4" | "TCP6" | "UNKNOWN") SP src SP dst SP sport
 * SP dport CRLF, "a maximum of 107 characters" with the CRLF; fields
 * are separated by exactly one space.  "If the announced transport
 * protocol is "UNKNOWN", then the receiver knows that the sender speaks
 * the correct PROXY protocol ... but is not able to provide the
 * connection's endpoints; the rest of the line [is] ignored".
 */
static int
proxy_parse_v1(const unsigned char *b, size_t len, struct proxy_hdr *h,
    const char **errstr)
{
	const char *f[5], *line = (const char *)b;
	size_t fl[5], i, end, nf = 0, start;
	unsigned sport, dport;
	int af;
	union {
		struct in_addr	 a4;
		struct in6_addr	 a6;
	} src, dst;

	for (end = 0; end < len && end < PROXY_V1_MAX; end++) {
		if (b[end] == '\n') {
			*errstr = "v1: LF without CR";
			return PROXY_INVALID;
		}
		if (b[end] == '\r')
			break;
	}
	if (end == PROXY_V1_MAX || end + 2 > PROXY_V1_MAX) {
		*errstr = "v1: line longer than 107 bytes";
		return PROXY_INVALID;
	}
	if (end == len)
		return PROXY_MORE;
	if (end + 1 == len)
		return PROXY_MORE;
	if (b[end + 1] != '\n') {
		*errstr = "v1: CR without LF";
		return PROXY_INVALID;
	}
	h->ph_version = 1;
	h->ph_len = end + 2;
	start = sizeof(proxy_v1) - 1;
	if (end - start >= 7 && memcmp(line + start, "UNKNOWN", 7) == 0 &&
	    (end - start == 7 || line[start + 7] == ' ')) {
		h->ph_local = 1;
		return PROXY_DONE;
	}
	for (i = start; i <= end; i++) {
		if (i < end && line[i] != ' ')
			continue;
		if (nf == 5 || i == start) {
			*errstr = "v1: not 5 fields separated by one space";
			return PROXY_INVALID;
		}
		f[nf] = line + start;
		fl[nf++] = i - start;
		start = i + 1;
	}
	if (nf != 5) {
		*errstr = "v1: not 5 fields separated by one space";
		return PROXY_INVALID;
	}
	if (fl[0] == 4 && memcmp(f[0], "TCP4", 4) == 0)
		af = AF_INET;
	else if (fl[0] == 4 && memcmp(f[0], "TCP6", 4) == 0)
		af = AF_INET6;
	else {
		*errstr = "v1: protocol not TCP4, TCP6 or UNKNOWN";
		return PROXY_INVALID;
	}
	if (proxy_addr(af, f[1], fl[1], &src) == -1 ||
	    proxy_addr(af, f[2], fl[2], &dst) == -1) {
		*errstr = "v1: bad address";
		return PROXY_INVALID;
	}
	if (proxy_port(f[3], fl[3], &sport) == -1 ||
	    proxy_port(f[4], fl[4], &dport) == -1) {
		*errstr = "v1: bad port";
		return PROXY_INVALID;
	}
	if (af == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&h->ph_src;

		sin->sin_family = AF_INET;
		sin->sin_addr = src.a4;
		sin->sin_port = htons((uint16_t)sport);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&h->ph_src;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = src.a6;
		sin6->sin6_port = htons((uint16_t)sport);
	}
	return PROXY_DONE;
}

/*
 * v2: the signature, then "The 13th byte is the protocol version and
 * command": the version "must always be \x2" (high nibble), the command
 * LOCAL (\x0: "the receiver must accept this connection as valid and
 * must use the real connection endpoints and discard the protocol
 * block including the family") or PROXY (\x1), any other "must be
 * rejected".  "The 14th byte contains the transport protocol and
 * address family": only TCP over IPv4 (\x11: 4+4+2+2 address bytes)
 * and IPv6 (\x21: 16+16+2+2) are served, and UNSPEC (\x00: "the
 * receiver should ... use the real connection endpoints").  "The 15th
 * and 16th bytes is the address length in bytes in network endian
 * order", addresses and TLVs; TLVs are skipped.
 */
static int
proxy_parse_v2(const unsigned char *b, size_t len, struct proxy_hdr *h,
    const char **errstr)
{
	size_t total, alen;
	unsigned cmd;

	if (len >= 13) {
		cmd = b[12] & 0x0f;
		if ((b[12] >> 4) != 2) {
			*errstr = "v2: version not 2";
			return PROXY_INVALID;
		}
		if (cmd > 1) {
			*errstr = "v2: command not LOCAL or PROXY";
			return PROXY_INVALID;
		}
	}
	if (len >= 14 && (b[12] & 0x0f) == 1 && b[13] != 0x00 &&
	    b[13] != 0x11 && b[13] != 0x21) {
		*errstr = "v2: not TCP over IPv4 or IPv6";
		return PROXY_INVALID;
	}
	if (len < 16)
		return PROXY_MORE;
	alen = (size_t)b[14] << 8 | b[15];
	total = 16 + alen;
	if (total > PROXY_MAX) {
		*errstr = "v2: header longer than PROXY_MAX";
		return PROXY_INVALID;
	}
	if ((b[12] & 0x0f) == 1 && ((b[13] == 0x11 && alen < 12) ||
	    (b[13] == 0x21 && alen < 36))) {
		*errstr = "v2: address block too short";
		return PROXY_INVALID;
	}
	if (len < total)
		return PROXY_MORE;
	h->ph_version = 2;
	h->ph_len = total;
	if ((b[12] & 0x0f) == 0 || b[13] == 0x00) {
		h->ph_local = 1;
		return PROXY_DONE;
	}
	if (b[13] == 0x11) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&h->ph_src;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, b + 16, 4);
		memcpy(&sin->sin_port, b + 24, 2);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&h->ph_src;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, b + 16, 16);
		memcpy(&sin6->sin6_port, b + 48, 2);
	}
	return PROXY_DONE;
}

int
proxy_parse(const void *buf, size_t len, struct proxy_hdr *h,
    const char **errstr)
{
	const unsigned char *b = buf;

	memset(h, 0, sizeof(*h));
	*errstr = NULL;
	if (len == 0)
		return PROXY_MORE;
	if (b[0] == proxy_v1[0]) {
		if (!proxy_prefix(b, len, proxy_v1, sizeof(proxy_v1) - 1)) {
			*errstr = "not a PROXY header";
			return PROXY_INVALID;
		}
		if (len < sizeof(proxy_v1) - 1)
			return PROXY_MORE;
		return proxy_parse_v1(b, len, h, errstr);
	}
	if (!proxy_prefix(b, len, proxy_sig, sizeof(proxy_sig))) {
		*errstr = "not a PROXY header";
		return PROXY_INVALID;
	}
	if (len < sizeof(proxy_sig))
		return PROXY_MORE;
	return proxy_parse_v2(b, len, h, errstr);
}

static int
proxy_net_parse(const char *s, size_t n, struct proxy_net *pn)
{
	char tmp[INET6_ADDRSTRLEN + 4];
	const char *slash;
	unsigned bits = 0, max, i;
	size_t alen;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	slash = strchr(tmp, '/');
	alen = slash == NULL ? n : (size_t)(slash - tmp);
	tmp[alen] = '\0';
	memset(pn, 0, sizeof(*pn));
	if (inet_pton(AF_INET, tmp, pn->pn_addr) == 1) {
		pn->pn_family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, tmp, pn->pn_addr) == 1) {
		pn->pn_family = AF_INET6;
		max = 128;
	} else
		return -1;
	if (slash == NULL)
		bits = max;
	else {
		const char *p = tmp + alen + 1;

		if (*p == '\0' || strlen(p) > 3 || (p[0] == '0' && p[1] != '\0'))
			return -1;
		for (; *p != '\0'; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			bits = bits * 10 + (unsigned)(*p - '0');
		}
		if (bits > max)
			return -1;
	}
	pn->pn_bits = bits;
	for (i = bits; i < max; i++)
		if (pn->pn_addr[i / 8] & (0x80 >> (i % 8)))
			return -1;
	return 0;
}

int
proxy_from_parse(const char *s, struct proxy_from *pf, const char **errstr)
{
	const char *comma;
	size_t n;

	pf->pf_n = 0;
	for (;;) {
		comma = strchr(s, ',');
		n = comma == NULL ? strlen(s) : (size_t)(comma - s);
		if (pf->pf_n == PROXY_FROM_MAX) {
			*errstr = "more than 16 networks";
			return -1;
		}
		if (proxy_net_parse(s, n, &pf->pf_nets[pf->pf_n]) == -1) {
			*errstr = "expected ADDRESS[/BITS][,...] with no host "
			    "bits under the mask";
			return -1;
		}
		pf->pf_n++;
		if (comma == NULL)
			return 0;
		s = comma + 1;
	}
}

static int
proxy_net_match(const struct proxy_net *pn, const unsigned char *a)
{
	unsigned full = pn->pn_bits / 8, rest = pn->pn_bits % 8;

	if (memcmp(pn->pn_addr, a, full) != 0)
		return 0;
	return rest == 0 ||
	    ((pn->pn_addr[full] ^ a[full]) & (0xff00 >> rest) & 0xff) == 0;
}

int
proxy_from_match(const struct proxy_from *pf, const struct sockaddr *sa)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	const unsigned char *a;
	int af = sa->sa_family;
	size_t i;

	if (af == AF_INET)
		a = (const unsigned char *)&((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr;
	else if (af == AF_INET6) {
		a = (const unsigned char *)&((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr;
		if (memcmp(a, mapped, sizeof(mapped)) == 0) {
			af = AF_INET;
			a += sizeof(mapped);
		}
	} else
		return 0;
	for (i = 0; i < pf->pf_n; i++)
		if (pf->pf_nets[i].pn_family == af &&
		    proxy_net_match(&pf->pf_nets[i], a))
			return 1;
	return 0;
}
