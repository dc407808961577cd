// SPDX-License-Identifier: GPL-2.0
/*
 * Secondary entry points: labels inside a function that other functions
 * call or branch to.  The walk starts there too.
 */
#include <stdlib.h>

#include "entries.h"
#include "par.h"
#include "validate/vec.h"

/* Places found, sorted and made unique at the end: in any order. */
struct places {
	struct place *p;
	size_t nr, alloc;
};

static int add_entry(struct places *v, uint32_t sec, uint64_t off)
{
	if (VEC_GROW(v->p, v->alloc, v->nr))
		return -1;
	v->p[v->nr++] = (struct place){ sec, off };
	return 0;
}

static int scan_entries(struct ctx *ctx, const struct symbol *f,
			struct places *out)
{
	const struct section *sec = &ctx->obj->secs[f->sec];
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
		if (g && g->offset != t.off && add_entry(out, t.sec, t.off))
			return -1;
	}
	return 0;
}

/* A large object's functions on -j's threads (par.c), a list each. */
struct entries_split {
	struct ctx *ctx;
	const struct symbol **funcs;
	struct places found[PAR_THREADS_MAX];
};

static int scan_item(void *arg, unsigned int thread, size_t k)
{
	struct entries_split *e = arg;

	return scan_entries(e->ctx, e->funcs[k], &e->found[thread]);
}

static int scan_split(struct ctx *ctx, struct places *out, unsigned int threads)
{
	struct entries_split e = { .ctx = ctx };
	size_t s, i, n = 0;
	unsigned int t;
	int ret;

	e.funcs = malloc((ctx->obj->nr_syms + 1) * sizeof(*e.funcs));
	if (!e.funcs)
		return -1;
	for (s = 1; s < ctx->obj->nr_secs; s++)
		for (i = 0; i < ctx->obj->secs[s].nr_funcs; i++)
			e.funcs[n++] = &ctx->obj->syms[ctx->obj->secs[s].funcs[i]];
	ret = par_for(threads, n, 256, scan_item, &e);
	for (t = 0; t < threads; t++) {
		for (i = 0; !ret && i < e.found[t].nr; i++)
			ret = add_entry(out, e.found[t].p[i].sec, e.found[t].p[i].off);
		free(e.found[t].p);
	}
	free(e.funcs);
	return ret;
}

static int scan_all(struct ctx *ctx, struct places *out)
{
	const struct object *obj = ctx->obj;
	unsigned int threads = par_threads(ctx);
	size_t s, i;

	if (threads > 1)
		return scan_split(ctx, out, threads);
	for (s = 1; s < obj->nr_secs; s++) {
		const struct section *sec = &obj->secs[s];

		for (i = 0; i < sec->nr_funcs; i++)
			if (scan_entries(ctx, &obj->syms[sec->funcs[i]], out))
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
	struct places v = { ctx->entries, ctx->nr_entries, ctx->alloc_entries };
	size_t i, j;
	int ret = scan_all(ctx, &v);

	ctx->entries = v.p;
	ctx->nr_entries = v.nr;
	ctx->alloc_entries = v.alloc;
	if (ret)
		return -1;
	if (ctx->nr_entries > 1)
		qsort(ctx->entries, ctx->nr_entries, sizeof(*ctx->entries), cmp_place);
	for (i = j = 0; i < ctx->nr_entries; i++)	/* unique */
		if (!j || cmp_place(&ctx->entries[j - 1], &ctx->entries[i]))
			ctx->entries[j++] = ctx->entries[i];
	ctx->nr_entries = j;
	return 0;
}
