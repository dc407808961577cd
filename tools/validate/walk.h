/* SPDX-License-Identifier: GPL-2.0 */
/* walk.c: every path of a function, the state at each instruction. */
#ifndef VALIDATE_WALK_H
#define VALIDATE_WALK_H

#include "validate/model.h"

/*
 * One walker a thread (walksplit.c).  With shared_table (per ctx->tables:
 * brs of two functions jump through it) the walker walks beside others:
 * in generation split_gen, writing only the function's own, and gives up
 * where it would write more.  NULL: it walks alone.
 */
struct walker;
struct walker *walker_new(struct ctx *ctx, const bool *shared_table,
			  uint32_t split_gen);
void walker_free(struct walker *w);
/* Walk function fidx: 0; 1 given up (beside others only); -1 out of memory. */
int walker_walk(struct walker *w, uint32_t fidx);
/* Walk the code under non-function symbols from its hints (hints.c). */
int walker_walk_units(struct walker *w);

#endif
