// SPDX-License-Identifier: GPL-2.0
/*
 * Stack-clash probe loops (clang -fstack-clash-protection, LLVM's inline
 * stack probing): a frame over a probe interval is allocated a page at a
 * time, each page touched, until sp reaches a bound set before the loop:
 *
 *	sub	x9, sp, #25, lsl #12	the frame's new bottom
 *   1:	sub	sp, sp, #1, lsl #12	a page
 *	cmp	sp, x9
 *	str	xzr, [sp]		the probe
 *	b.ne	1b
 *
 * The loop ends when sp equals x9, and only then: its exit has sp where
 * x9 points, which is what the compiler's CFI says, and going round it
 * again only moves sp toward x9.  The walk takes it as a known loop: the
 * exit with sp at the bound, the branch back not followed.
 */
#include "probe.h"

/* words a body may have, and words back from it to the bound's setting */
#define MAX_BODY	8
#define MAX_BACK	16

/* The instruction at off has no control flow of its own. */
static bool plain(const struct ctx *ctx, uint32_t sec, uint64_t off)
{
	enum insn_kind k;

	if (!sec_word_is_code(&ctx->obj->secs[sec], off))
		return false;
	k = slot_kind(ctx, sec, off);
	return k == INSN_OTHER || k == INSN_NOP || k == INSN_HINT;
}

/*
 * The loop's body [head, br): straight-line code that moves sp down by a
 * constant step and nothing else, with cmp sp, xN the last to set the
 * flags.  The step and xN.
 */
static bool probe_body(const struct ctx *ctx, const struct section *s,
		       uint64_t head, uint64_t br, int32_t *step,
		       unsigned int *bound)
{
	uint64_t off;

	*step = 0;
	*bound = REG_NONE;
	for (off = head; off < br; off += 4) {
		struct insn_desc d;
		struct value_op v;
		unsigned int i;

		if (!plain(ctx, s->idx, off))
			return false;
		arch_decode(insn_word(s, off), &d);
		for (i = 0; i < d.nr_ops; i++) {
			const struct stack_op *op = &d.ops[i];

			if (op->dst == REG_FP || op->dst == REG_LR)
				return false;
			if (op->dst != REG_SP)
				continue;
			if (op->type != SOP_ADD || op->src != REG_SP || op->imm >= 0)
				return false;
			*step += op->imm;
		}
		arch_decode_value(insn_word(s, off), &v);
		if (v.kind == VAL_CMP_REG && v.src1 == REG_SP)
			*bound = v.src2;
		else if (v.sets_flags || (*bound != REG_NONE && value_writes(&v, *bound)))
			return false;
	}
	return *step < 0 && *bound != REG_NONE && *bound < REG_SP;
}

/*
 * Where the bound register points, relative to the CFA: set by
 * sub xN, sp, #imm in the straight-line code before the loop, whose
 * state the walk recorded.
 */
static bool probe_bound(const struct ctx *ctx, uint32_t gen, uint64_t floor,
			const struct section *s, uint64_t head,
			unsigned int bound, int32_t *at)
{
	uint64_t off = head;
	int n;

	/* below floor nothing is this walk's: nothing it saw */
	for (n = 0; n < MAX_BACK && off >= floor + 4; n++) {
		const struct insn_slot *slot;
		struct value_op v;

		/* a branch into the code before the loop: other paths */
		if (off != head && ctx->slots[s->idx][off / 4].branched_to)
			return false;
		off -= 4;
		if (!plain(ctx, s->idx, off))
			return false;
		arch_decode_value(insn_word(s, off), &v);
		if (!value_writes(&v, bound))
			continue;
		slot = &ctx->slots[s->idx][off / 4];
		if (v.kind != VAL_ADD_IMM || v.src1 != REG_SP || !slot_seen(slot, gen) ||
		    !slot_state(ctx, slot)->sp_known || v.imm > 0 || v.imm < INT32_MIN / 2)
			return false;
		*at = slot_state(ctx, slot)->sp_off + (int32_t)v.imm;
		return true;
	}
	return false;
}

const struct cfi_state *probe_loop_exit(struct ctx *ctx, uint32_t gen,
					uint64_t floor, uint32_t sec, uint64_t off,
					const struct insn_desc *d,
					const struct cfi_state *after)
{
	const struct section *s = &ctx->obj->secs[sec];
	const struct insn_slot *head_slot;
	struct cfi_state exit;
	struct value_op v;
	unsigned int bound;
	int32_t step, at, from;
	uint64_t head;

	/* most conditional branches go forward: no loop, no second decode */
	if (d->target >= 0 || (uint64_t)-d->target > off ||
	    (uint64_t)-d->target > MAX_BODY * 4)
		return NULL;
	arch_decode_value(insn_word(s, off), &v);
	if (v.kind != VAL_BCOND || v.cond != RANGE_NOT_EQUAL)
		return NULL;
	head = off + d->target;
	if (head < floor)
		return NULL;
	head_slot = &ctx->slots[sec][head / 4];
	if (!slot_seen(head_slot, gen) || !slot_state(ctx, head_slot)->sp_known ||
	    !probe_body(ctx, s, head, off, &step, &bound) ||
	    !probe_bound(ctx, gen, floor, s, head, bound, &at))
		return NULL;
	/* sp reaches the bound going down a whole number of steps */
	from = slot_state(ctx, head_slot)->sp_off;
	if (at >= from || (from - at) % -step)
		return NULL;
	exit = *after;
	exit.sp_known = true;
	exit.sp_off = at;
	return cfi_intern(ctx->cfi, &exit);
}
