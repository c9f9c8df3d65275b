/*
 * gemini: the Gemini protocol side of capsuled (see gemini.c).
 */
#ifndef CAPSULE_GEMINI_H
#define CAPSULE_GEMINI_H

#include <stdint.h>

#include "ev.h"

/*
 * The callback of a worker's Gemini listener (struct worker's w_gemini):
 * accepts every waiting connection and starts serving each.
 */
void	gemini_accept(struct ev_io *, uint32_t revents);

#endif
