/*
 * proxy: the PROXY protocol header (HAProxy's proxy-protocol.txt,
 * versions 1 and 2) that a load balancer sends before the client's own
 * bytes, and the list of peers allowed to send one (--proxy-from).
 * Pure: no I/O, no project header; the caller reads the bytes.
 *
 * proxy_parse() is given the bytes read so far from the connection's
 * start and says: PROXY_MORE (the bytes are all a header's beginning,
 * not yet whole: every one of them may be consumed), PROXY_DONE (a
 * header of ph_len bytes; what follows is the client's), or
 * PROXY_INVALID (*errstr says why; nothing more can make it valid).
 * A header never exceeds PROXY_MAX bytes: a longer v2 one is refused.
 */
#ifndef CAPSULE_PROXY_H
#define CAPSULE_PROXY_H

#include <sys/socket.h>

#include <stddef.h>

#define PROXY_MAX	1024	/* bytes of a v2 header, TLVs included */
#define PROXY_V1_MAX	107	/* bytes of a v1 line, CRLF included */

#define PROXY_MORE	0
#define PROXY_DONE	1
#define PROXY_INVALID	(-1)

struct proxy_hdr {
	size_t			 ph_len;	/* bytes of the header */
	int			 ph_version;	/* 1 or 2 */
	/*
	 * No client address: v2 LOCAL (a health check), v2 PROXY with an
	 * unspecified family, v1 UNKNOWN.  The connection is the proxy's.
	 */
	int			 ph_local;
	struct sockaddr_storage	 ph_src;	/* the client, unless ph_local */
};

int	proxy_parse(const void *buf, size_t len, struct proxy_hdr *,
	    const char **errstr);

#define PROXY_FROM_MAX	16	/* networks in a --proxy-from list */
#define PROXY_FROM_DEFAULT "127.0.0.0/8,::1/128"

struct proxy_net {
	int		 pn_family;	/* AF_INET or AF_INET6 */
	unsigned char	 pn_addr[16];	/* network order, host bits zero */
	unsigned	 pn_bits;
};

struct proxy_from {
	size_t		 pf_n;
	struct proxy_net pf_nets[PROXY_FROM_MAX];
};

/*
 * "CIDR[,CIDR...]" (an address alone is a /32 or /128) into *pf; 0, or
 * -1 with *errstr set.  Host bits set under the mask are an error: a
 * typo in an allow list should not widen it silently.
 */
int	proxy_from_parse(const char *s, struct proxy_from *pf,
	    const char **errstr);

/* 1 when sa (IPv4, IPv6, or IPv4-mapped IPv6) is in pf, else 0. */
int	proxy_from_match(const struct proxy_from *pf,
	    const struct sockaddr *sa);

#endif
