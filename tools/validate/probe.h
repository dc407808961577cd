/* SPDX-License-Identifier: GPL-2.0 */
/* probe.c: stack probe loops, as a known loop the walk need not go round. */
#ifndef VALIDATE_PROBE_H
#define VALIDATE_PROBE_H

#include "validate/model.h"

/*
 * If the conditional branch at (sec, off), decoded as d, with the state
 * after it, closes a stack probe loop, the state its exit has (sp at the
 * probe's target); the branch back need not be followed.  NULL otherwise.
 * gen is the walk's: the states it recorded in the slots before the loop
 * are read.  Below floor in sec, slots are not the walk's (0: any may be):
 * another walk's, which it must not read while that walk runs (walk.c's
 * split), and none the walk saw.
 */
const struct cfi_state *probe_loop_exit(struct ctx *ctx, uint32_t gen,
					uint64_t floor, uint32_t sec, uint64_t off,
					const struct insn_desc *d,
					const struct cfi_state *after);

#endif
