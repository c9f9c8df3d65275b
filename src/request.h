/*
 * request: pure: the request line, from the bytes a client sent to the
 * URL gemini.c routes or the reason it refuses it.  conn.c finds where
 * a line ends (for Gemini and Gopher alike); gemini.c checks the line
 * and whether it asks for this server.  The module includes nothing
 * from the project but url.h, so the request fuzzer runs exactly the
 * code the daemon does.
 *
 * Ownership: request_parse() fills a struct url that the caller frees
 * with url_free(); after a failure there is nothing to free.
 */
#ifndef CAPSULE_REQUEST_H
#define CAPSULE_REQUEST_H

#include <stddef.h>

#include "url.h"

#define REQUEST_MAX	1024	/* bytes of a Gemini URI, CRLF not counted */

/*
 * Looks for the end of the line in buf[0..len): CRLF, or when lf is set
 * (Gopher) also a bare LF.  Returns 1 with the length of the line before
 * its end in *linelen, or 0 when no line end has arrived yet.
 */
int	request_line(const char *buf, size_t len, int lf, size_t *linelen);

/*
 * Checks a Gemini request line (its CRLF already cut off) and parses
 * its URI into *u.  Returns 0, or -1 with *errstr set to the meta of
 * the 59 response ("Bad request", "Host missing"...) and *u cleared.
 */
int	request_parse(const char *line, size_t len, struct url *u,
	    const char **errstr);

/*
 * Whether the URL that request_parse() accepted is one this server
 * answers, for host (the name it serves) and port (where it listens):
 * 0 when it is, -1 for a proxy request (another scheme, host or port).
 */
int	request_local(const struct url *u, const char *host, int port);

#endif
