// SPDX-License-Identifier: GPL-2.0
/*
 * The walk of one large object split over -j's threads: each function on
 * any thread, with a copy of the context of its own (findings, stats,
 * Capstone's handle) and a walker that writes only the function's own
 * (walk.c's owns()).  A walk that would reach more (code no symbol
 * covers, another function's alternative or jump table) gives up; those
 * functions, and those whose ranges overlap, are walked after the threads,
 * alone.  Then, in the order one thread walks them, the findings are put
 * back: the output is the one thread's, byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include "par.h"
#include "walk.h"
#include "walksplit.h"
#include "validate/vec.h"

/* functions a thread takes at a time: few enough to balance the load */
#define SPLIT_BATCH		64

/* What a thread did with the function at one place of the order. */
struct split_result {
	bool done;			/* walked; else walked after, alone */
	uint32_t thread;
	size_t first, end;		/* its findings in the thread's ctx */
};

/* Read-only while the threads run, but for res[]: each entry its item's
 * thread's. */
struct walk_split {
	const uint32_t *order;		/* the functions walked, in order */
	size_t nr;
	bool *alone;			/* overlaps another walked function */
	bool *shared_table;		/* per ctx->tables: brs of two functions */
	struct split_result *res;
};

struct split_thread {
	struct walk_split *sp;
	struct ctx ctx;			/* a copy: its own findings, stats, dis */
	struct walker *w;
	uint32_t idx;
};

/* Replacement streams that share a word (a slot): their walks would.
 * In (section, offset) order: a stream shares one iff it starts before
 * the furthest end so far. */
static bool streams_overlap(const struct ctx *ctx)
{
	uint64_t end = 0;
	uint32_t sec = 0;
	size_t i;

	for (i = 0; i < ctx->nr_repl; i++) {
		const struct alt_repl *r = &ctx->repl[i];

		if (!r->len)
			continue;
		if (r->sec != sec)
			end = 0;
		sec = r->sec;
		if (r->off / 4 < end)
			return true;
		if ((r->off + r->len + 3) / 4 > end)
			end = (r->off + r->len + 3) / 4;
	}
	return false;
}

/* How many threads the walk takes: 1, not split. */
static uint32_t split_threads_for(const struct ctx *ctx, size_t nr)
{
	/* --dump-cfi prints the rows as each function is walked */
	if (ctx->dump || nr < 2 || streams_overlap(ctx))
		return 1;
	return par_threads(ctx);
}

/* Jump tables that brs of two functions share (their gen and state). */
static void mark_shared_tables(struct ctx *ctx, struct walk_split *sp,
			       const struct symbol **owner)
{
	size_t s, i;

	for (s = 1; s < ctx->obj->nr_secs; s++) {
		const struct edge_list *l = &ctx->edges[s];

		for (i = 0; i < l->nr; i++) {
			const struct edge *e = &l->e[i];
			const struct symbol *f;

			if (e->type != EDGE_JUMP_TABLE || e->to >= ctx->nr_tables)
				continue;
			f = func_at(ctx->obj, &ctx->obj->secs[s], e->from);
			if (owner[e->to] && owner[e->to] != f)
				sp->shared_table[e->to] = true;
			owner[e->to] = f;
		}
	}
}

/* Aliases share one range: walk it once, under the first name. */
static bool is_alias_of_walked(struct ctx *ctx, const struct section *sec,
			       size_t i)
{
	const struct symbol *f = &ctx->obj->syms[sec->funcs[i]];
	const struct symbol *prev;

	if (!i)
		return false;
	prev = &ctx->obj->syms[sec->funcs[i - 1]];
	return prev->offset == f->offset && prev->size == f->size;
}

/* The functions to walk, in order; those not walked counted by reason. */
static uint32_t *walk_order(struct ctx *ctx, size_t *nr)
{
	uint32_t *order = malloc((ctx->obj->nr_syms + 1) * sizeof(*order));
	size_t s, i;

	*nr = 0;
	if (!order)
		return NULL;
	for (s = 1; s < ctx->obj->nr_secs; s++) {
		const struct section *sec = &ctx->obj->secs[s];

		for (i = 0; i < sec->nr_funcs; i++) {
			uint32_t fidx = sec->funcs[i];
			enum unwalked why;

			if (is_alias_of_walked(ctx, sec, i))
				continue;
			why = func_unwalked(sec, &ctx->obj->syms[fidx]);
			if (why == WALKED && ctx->sym_flags[fidx] & SYMF_IGNORED)
				why = UNWALKED_IGNORED;
			if (why != WALKED)
				ctx->stats.unwalked[why]++;
			else
				order[(*nr)++] = fidx;
		}
	}
	return order;
}

/* One function on a thread: walked, or given up and left for later. */
static int split_walk_one(struct split_thread *t, size_t k)
{
	struct ctx *ctx = &t->ctx;
	struct stats before = ctx->stats;
	size_t first = ctx->nr_findings;
	int rc = walker_walk(t->w, t->sp->order[k]);

	if (!rc) {
		t->sp->res[k] = (struct split_result){ true, t->idx, first,
						       ctx->nr_findings };
		return 0;
	}
	if (rc < 0)
		return -1;
	/* walked again later, as a whole: nothing of this try stays */
	ctx->stats = before;
	findings_truncate(ctx, first);
	return 0;
}

/* Item k of par_for(): arg is the threads' array. */
static int split_item(void *arg, unsigned int thread, size_t k)
{
	struct split_thread *t = (struct split_thread *)arg + thread;

	return t->sp->alone[k] ? 0 : split_walk_one(t, k);
}

/* Every count in struct stats is a sum over functions. */
static void stats_add(struct stats *to, const struct stats *from)
{
	unsigned long *a = (unsigned long *)to;
	const unsigned long *b = (const unsigned long *)from;
	size_t i;

	_Static_assert(sizeof(struct stats) % sizeof(unsigned long) == 0,
		       "struct stats is counts");
	for (i = 0; i < sizeof(struct stats) / sizeof(unsigned long); i++)
		a[i] += b[i];
}

static int split_thread_init(struct split_thread *t, struct ctx *ctx,
			     struct walk_split *sp, uint32_t idx, uint32_t gen)
{
	memset(t, 0, sizeof(*t));
	t->sp = sp;
	t->idx = idx;
	t->ctx = *ctx;
	t->ctx.findings = NULL;
	t->ctx.nr_findings = t->ctx.alloc_findings = 0;
	t->ctx.links = NULL;
	t->ctx.nr_links = t->ctx.alloc_links = 0;
	memset(&t->ctx.stats, 0, sizeof(t->ctx.stats));
	/* Capstone's handle is one thread's (a finding's words) */
	t->ctx.dis = idx ? arch_disasm_open() : ctx->dis;
	if (!t->ctx.dis)
		return -1;
	t->w = walker_new(&t->ctx, sp->shared_table, gen);
	return t->w ? 0 : -1;
}

static void split_thread_free(struct split_thread *t)
{
	walker_free(t->w);
	if (t->idx && t->ctx.dis)
		arch_disasm_close(t->ctx.dis);
	findings_free(&t->ctx);
	free(t->ctx.links);
}

/*
 * In order, as one thread walks them: the findings of the functions
 * walked on the threads, moved over; the others walked now, alone.
 */
static int split_merge(struct ctx *ctx, struct walker *w,
		       struct walk_split *sp, struct split_thread *th,
		       uint32_t nr_threads)
{
	size_t k, i;

	for (i = 0; i < nr_threads; i++)
		stats_add(&ctx->stats, &th[i].ctx.stats);
	ctx->stats.split_objects = 1;
	ctx->stats.split_threads = nr_threads;
	for (k = 0; k < sp->nr; k++) {
		const struct split_result *r = &sp->res[k];
		struct ctx *from = &th[r->thread].ctx;

		if (!r->done) {
			ctx->stats.split_alone++;
			if (walker_walk(w, sp->order[k]))
				return -1;
			continue;
		}
		for (i = r->first; i < r->end; i++) {
			if (VEC_GROW(ctx->findings, ctx->alloc_findings,
				     ctx->nr_findings))
				return -1;
			ctx->findings[ctx->nr_findings++] = from->findings[i];
			memset(&from->findings[i], 0, sizeof(from->findings[i]));
		}
	}
	return 0;
}

/*
 * The threads share one walk generation: each writes only its function's
 * slots, which no other walk reads (probe.c and walk.c's look-backs stop
 * at the function's start).  Thread 0 is the caller's.
 */
static int split_threads(struct ctx *ctx, struct walker *w,
			 struct walk_split *sp, uint32_t nr_threads)
{
	struct split_thread th[PAR_THREADS_MAX];
	uint32_t gen = ctx_new_gen(ctx), i;
	int ret = 0;

	for (i = 0; i < nr_threads; i++)
		if (split_thread_init(&th[i], ctx, sp, i, gen))
			ret = -1;
	cfi_table_share(ctx->cfi, true);
	if (!ret)
		ret = par_for(nr_threads, sp->nr, SPLIT_BATCH, split_item, th);
	cfi_table_share(ctx->cfi, false);
	if (!ret)
		ret = split_merge(ctx, w, sp, th, nr_threads);
	for (i = 0; i < nr_threads; i++)
		split_thread_free(&th[i]);
	return ret;
}

static int walk_split(struct ctx *ctx, struct walker *w,
		      const uint32_t *order, size_t nr, uint32_t nr_threads)
{
	struct walk_split sp = { .order = order, .nr = nr };
	const struct symbol **owner;
	int ret = -1;

	sp.alone = calloc(nr + 1, sizeof(*sp.alone));
	sp.res = calloc(nr + 1, sizeof(*sp.res));
	sp.shared_table = calloc(ctx->nr_tables + 1, sizeof(*sp.shared_table));
	owner = calloc(ctx->nr_tables + 1, sizeof(*owner));
	if (sp.alone && sp.res && sp.shared_table && owner &&
	    !par_alone(ctx, sp.order, sp.nr, sp.alone)) {
		mark_shared_tables(ctx, &sp, owner);
		ret = split_threads(ctx, w, &sp, nr_threads);
	}
	free(owner);
	free(sp.shared_table);
	free(sp.res);
	free(sp.alone);
	return ret;
}

int walk_functions(struct ctx *ctx)
{
	struct walker *w = walker_new(ctx, NULL, 0);
	uint32_t *order = NULL, threads;
	size_t nr, i;
	int ret = -1;

	if (w)
		order = walk_order(ctx, &nr);
	if (order) {
		ret = 0;
		threads = split_threads_for(ctx, nr);
		if (threads > 1)
			ret = walk_split(ctx, w, order, nr, threads);
		else
			for (i = 0; i < nr && !ret; i++)
				ret = walker_walk(w, order[i]);
	}
	/* non-function code from its hints: after every function */
	if (!ret)
		ret = walker_walk_units(w);
	walker_free(w);
	free(order);
	return ret;
}
