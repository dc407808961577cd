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

/*
 * The calls and branches of f to a place inside another function, not its
 * start.  Reads the words, the transfer bitmap, the relocations and the
 * symbols, never a slot: it runs beside the passes that write slots' alt
 * and anon bits (entries_begin()), which share a byte with the kind.
 */
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
		int32_t ignored;
		uint8_t k;

		arch_decode(insn_word(sec, off), &d);
		/* the kind of slot w, the aligned word: a symbol that is not
		 * (corrupt input) has its own words decoded at off */
		k = off & 3 ? arch_decode_kind(insn_word(sec, w * 4), &ignored) :
			      d.kind;
		if (k != INSN_JUMP && k != INSN_JUMP_COND && k != INSN_CALL)
			continue;
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
struct entries_scan {
	struct ctx *ctx;
	const struct symbol **funcs;
	struct places found[PAR_THREADS_MAX];
	unsigned int threads;
	struct par_job *job;
};

static int scan_item(void *arg, unsigned int thread, size_t k)
{
	struct entries_scan *e = arg;

	return scan_entries(e->ctx, e->funcs[k], &e->found[thread]);
}

static void scan_free(struct entries_scan *e)
{
	unsigned int t;

	for (t = 0; t < PAR_THREADS_MAX; t++)
		free(e->found[t].p);
	free(e->funcs);
	free(e);
}

int entries_begin(struct ctx *ctx, struct entries_scan **scan)
{
	unsigned int threads = par_threads(ctx);
	struct entries_scan *e;
	size_t s, i, n = 0;

	*scan = NULL;
	if (threads < 2)
		return 0;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -1;
	e->ctx = ctx;
	e->threads = threads;
	e->funcs = malloc((ctx->obj->nr_syms + 1) * sizeof(*e->funcs));
	if (!e->funcs) {
		scan_free(e);
		return -1;
	}
	for (s = 1; s < ctx->obj->nr_secs; s++)
		for (i = 0; i < ctx->obj->secs[s].nr_funcs; i++)
			e->funcs[n++] = &ctx->obj->syms[ctx->obj->secs[s].funcs[i]];
	e->job = par_begin(e->threads, n, 256, scan_item, e);
	if (!e->job) {
		scan_free(e);
		return -1;
	}
	*scan = e;
	return 0;
}

/* The lists found (a thread's each), into ctx->entries, sorted and made
 * unique. */
static int entries_keep(struct ctx *ctx, struct places *found,
			unsigned int lists)
{
	struct places v = { ctx->entries, ctx->nr_entries, ctx->alloc_entries };
	unsigned int t;
	size_t i, j;
	int ret = 0;

	for (t = 0; t < lists; t++)
		for (i = 0; !ret && i < found[t].nr; i++)
			ret = add_entry(&v, found[t].p[i].sec, found[t].p[i].off);
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

/* One thread: every function in turn, one list. */
static int scan_all(struct ctx *ctx)
{
	const struct object *obj = ctx->obj;
	struct places found = { 0 };
	size_t s, i;
	int ret = 0;

	for (s = 1; s < obj->nr_secs && !ret; s++) {
		const struct section *sec = &obj->secs[s];

		for (i = 0; i < sec->nr_funcs && !ret; i++)
			ret = scan_entries(ctx, &obj->syms[sec->funcs[i]], &found);
	}
	if (!ret)
		ret = entries_keep(ctx, &found, 1);
	free(found.p);
	return ret ? -1 : 0;
}

int entries_end(struct ctx *ctx, struct entries_scan *e)
{
	int ret;

	if (!e)
		return scan_all(ctx);
	ret = par_join(e->job);
	if (!ret)
		ret = entries_keep(ctx, e->found, e->threads);
	scan_free(e);
	return ret;
}
