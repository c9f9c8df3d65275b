/*
 * conf: pure parser for the "key = value" files capsule reads
 * (capsule.conf in the store, capsuled's --config file).
 *
 * Grammar, one line at a time:
 *   line    = blank / comment / setting
 *   comment = *WSP "#" *any
 *   setting = *WSP key *WSP "=" *WSP value *WSP
 *   key     = 1*( ALPHA / DIGIT / "-" / "_" )
 * The value runs to the end of the line, surrounding white space cut;
 * a value wrapped in double quotes keeps its inner spaces and loses the
 * quotes.  The text must be UTF-8.
 */
#ifndef CAPSULE_CONF_H
#define CAPSULE_CONF_H

#include <stddef.h>

/*
 * Called once per setting, with NUL-terminated copies that live only for
 * the call.  Returns 0, or -1 with *errstr set to reject the setting
 * (an unknown key, a bad value).
 */
typedef int (*conf_fn)(void *ctx, const char *key, const char *value,
    const char **errstr);

/* Returns 0, or -1 with *errline (1-based) and *errstr set. */
int	conf_parse(const char *text, size_t len, conf_fn, void *ctx,
	    unsigned *errline, const char **errstr);

/*
 * For a conf_fn refusing key: "unknown setting 'KEY'", then hint (may be
 * NULL).  The text lives in a buffer of the calling thread's, until its
 * next call.
 */
const char	*conf_unknown(const char *key, const char *hint);

#endif
