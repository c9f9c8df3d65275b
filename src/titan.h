/*
 * titan: pure: the request line of a Titan upload, the Gemini companion
 * protocol for sending data to a server (see titan.c for the rules it
 * follows).  gemini.c decides what the upload may do and reads its
 * body; this module only splits and checks the line.  It includes
 * nothing from the project but request.h and url.h, so fuzz_titan runs
 * exactly the code the daemon does.
 *
 * Ownership: titan_parse() fills a struct titan_req that the caller
 * frees with titan_free(); after a failure there is nothing to free.
 */
#ifndef CAPSULE_TITAN_H
#define CAPSULE_TITAN_H

#include <stddef.h>
#include <stdint.h>

#include "url.h"

#define TITAN_MIME_MAX		127	/* bytes of the mime parameter */
#define TITAN_TOKEN_MAX		255	/* bytes of the token, decoded */
#define TITAN_DEFAULT_MIME	"text/gemini"

struct titan_req {
	struct url	t_url;		/* the URL without its parameters */
	uint64_t	t_size;		/* bytes of body after the line */
	/* "type/subtype", lower-cased, its own parameters dropped */
	char		t_mime[TITAN_MIME_MAX + 1];
	char		t_token[TITAN_TOKEN_MAX + 1];	/* "": none */
};

/* 1 when line[0..len) asks for the titan scheme (any case), else 0. */
int	titan_is(const char *line, size_t len);

/*
 * Checks and splits a Titan request line (CRLF cut off) into *t.
 * Returns 0, or -1 with *errstr set to the meta of a 59 response and *t
 * cleared.
 */
int	titan_parse(const char *line, size_t len, struct titan_req *t,
	    const char **errstr);

/*
 * 0 when the URL titan_parse() accepted names this server (host, and
 * port when it has one), -1 when it is for another.
 */
int	titan_local(const struct titan_req *t, const char *host, int port);

void	titan_free(struct titan_req *t);

#endif
