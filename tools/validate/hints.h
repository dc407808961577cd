/* SPDX-License-Identifier: GPL-2.0 */
/* hints.c: the annotations of .discard.validate_hints (annotate.h). */
#ifndef VALIDATE_HINTS_H
#define VALIDATE_HINTS_H

#include "validate/annotate.h"
#include "validate/model.h"

/*
 * Read every hint into ctx->hints (sorted), report the malformed ones
 * (bad-hint), mark the functions VALIDATE_IGNORE_FUNC names, give each
 * UNDEFINED hint its range and find the non-function code the hints make
 * walkable (ctx->hint_units).  Must run before the walk, which starts from
 * the hints' states, and before anon_find(), which lists non-function code
 * (and, where there are hints, leaves the listing to hints_list_unwalked).
 */
int hints_read(struct ctx *ctx);

/* The hint at (sec, off) that gives a state (REGS, END_OF_STACK, FUNC). */
const struct hint *hint_state_at(const struct ctx *ctx, uint32_t sec,
				 uint64_t off);
/* The UNDEFINED hint whose range holds (sec, off), or NULL. */
const struct hint *hint_undefined_at(const struct ctx *ctx, uint32_t sec,
				     uint64_t off);

/*
 * Whether a path that arrives at hint h with state s contradicts it: a
 * REGS hint where sp cannot point at such a frame.  The words say why.
 */
bool hint_contradicted(const struct hint *h, const struct cfi_state *s,
		       char *why, size_t len);

/*
 * After the walk: ctx->nonfunc keeps only the non-function code that no
 * walk reached and no UNDEFINED range holds, and -v lists it.
 */
int hints_list_unwalked(struct ctx *ctx);

/*
 * After the walk: whether the instruction at (sec, off) is code that the
 * walk reached or an UNDEFINED range holds, what hints_list_unwalked()
 * leaves out of ctx->nonfunc (the readiness summary counts it, summary.c).
 */
bool hint_code_walked(const struct ctx *ctx, uint32_t sec, uint64_t off);

#endif
