// SPDX-License-Identifier: GPL-2.0
/*
 * Secondary entry points: labels inside a function that other functions
 * call or branch to.  The walk starts there too.
 */
#include <stdlib.h>

#include "entries.h"
#include "validate/vec.h"

static int add_entry(struct ctx *ctx, uint32_t sec, uint64_t off)
{
	if (VEC_GROW(ctx->entries, ctx->alloc_entries, ctx->nr_entries))
		return -1;
	ctx->entries[ctx->nr_entries++] = (struct place){ sec, off };
	return 0;
}

static int scan_entries(struct ctx *ctx, const struct section *sec,
			const struct symbol *f)
{
	uint64_t first = f->offset / 4, w;

	for (w = next_transfer(ctx, f, first); w < func_slot_end(f);
	     w = next_transfer(ctx, f, w + 1)) {
		uint64_t off = f->offset + (w - first) * 4;
		const struct symbol *g;
		struct insn_desc d;
		struct target t;
		enum insn_kind k = slot_kind(ctx, sec->idx, off);

		if (k != INSN_JUMP && k != INSN_JUMP_COND && k != INSN_CALL)
			continue;
		arch_decode(insn_word(sec, off), &d);
		branch_target(ctx, sec, off, &d, &t);
		if (t.kind != TARGET_CODE || target_in(f, &t))
			continue;
		g = func_at(ctx->obj, &ctx->obj->secs[t.sec], t.off);
		if (g && g->offset != t.off && add_entry(ctx, t.sec, t.off))
			return -1;
	}
	return 0;
}

/*
 * Hand-written code is entered in the middle too: a call or branch from
 * one function to a label inside another.  Such places are entries of the
 * function that holds them, with the state of a function entry.
 */
int entries_find(struct ctx *ctx)
{
	const struct object *obj = ctx->obj;
	size_t s, i, j;

	for (s = 1; s < obj->nr_secs; s++) {
		const struct section *sec = &obj->secs[s];

		for (i = 0; i < sec->nr_funcs; i++)
			if (scan_entries(ctx, sec, &obj->syms[sec->funcs[i]]))
				return -1;
	}
	if (ctx->nr_entries > 1)
		qsort(ctx->entries, ctx->nr_entries, sizeof(*ctx->entries), cmp_place);
	for (i = j = 0; i < ctx->nr_entries; i++)	/* unique */
		if (!j || cmp_place(&ctx->entries[j - 1], &ctx->entries[i]))
			ctx->entries[j++] = ctx->entries[i];
	ctx->nr_entries = j;
	return 0;
}
