/* SPDX-License-Identifier: GPL-2.0 */
/* noreturn.c: which functions never return; the only file that decides. */
#ifndef VALIDATE_NORETURN_H
#define VALIDATE_NORETURN_H

#include "validate/model.h"

/*
 * The named functions, then inference over the object.  Must run before
 * the walk, which ends a path at a call to a function that never returns.
 */
int noreturn_infer(struct ctx *ctx);
/* Whether a call to this target never returns. */
bool noreturn_target(struct ctx *ctx, const struct target *t);
bool noreturn_suspect(struct ctx *ctx, uint32_t sec, uint64_t call,
		      bool at_end, uint32_t *callee);
/* The walk of func found callee never returns, at the call at offset call. */
void noreturn_learn(struct ctx *ctx, uint32_t callee, const struct symbol *func,
		    uint64_t call);

#endif
