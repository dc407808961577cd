/* SPDX-License-Identifier: GPL-2.0 */
/* sframecheck.c: the object's .sframe against the walk (--check-sframe). */
#ifndef VALIDATE_SFRAMECHECK_H
#define VALIDATE_SFRAMECHECK_H

#include "validate/model.h"

/*
 * Compares every row of every function descriptor with the states the
 * walk left, and names walked functions without a descriptor: after the
 * walk.  0, or -1 with the problem in ctx->err (a malformed .sframe).
 */
int sframe_check(struct ctx *ctx);

#endif
