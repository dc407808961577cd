/* SPDX-License-Identifier: GPL-2.0 */
/* noreturn.c: which functions never return; the only file that decides. */
#ifndef VALIDATE_NORETURN_H
#define VALIDATE_NORETURN_H

#include "validate/model.h"

/* The functions the documented list names (arch/arm64/noreturns.h). */
int noreturn_named(struct ctx *ctx);
/*
 * Inference over the object, from the named ones.  Must run before the
 * walk, which ends a path at a call to a function that never returns.
 */
int noreturn_infer(struct ctx *ctx);
/* Whether a call to this target never returns. */
bool noreturn_target(struct ctx *ctx, const struct target *t);
/* A blr last in its function: its callee never returns (the compiler
 * knew).  Explains a fall-off right after it. */
bool noreturn_blr_at_end(struct ctx *ctx, uint32_t sec, uint64_t call);

#endif
