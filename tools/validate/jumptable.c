// SPDX-License-Identifier: GPL-2.0
/*
 * Switch tables, from the code alone.  GCC and Clang compile a dense switch
 * on arm64 to
 *
 *	cmp	wI, #N			bounds check: b.hi/b.hs to the default,
 *					or b.ls/b.lo to the table code; none
 *					when ubfx/lsr/and bounds the index
 *	adrp	xT, table		(relocated against the table; it may be
 *	add	xT, xT, :lo12:table	 hoisted, or spilled to the stack)
 *	ldrb	wE, [xT, wI, uxtw]	or ldrh ... uxtw #1, ldrsw ... lsl #2
 *	adr	xB, anchor
 *	add	xD, xB, wE, sxtb #2	(GCC, signed) or xE, lsl #2 (Clang)
 *	br	xD
 *
 * Each register is traced back to its definition over the function's
 * control-flow graph (breadth first, nearest definition wins); every entry
 * of the table becomes an edge from the br.  Nothing here is a guess: if any
 * step is not found, or any target is not an instruction of the function,
 * the br stays unresolved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jumptable.h"
#include "noreturn.h"
#include "par.h"
#include "validate/vec.h"

#define MAX_ENTRIES	4096
#define MAX_VISIT	(1 << 18)	/* instructions a backward search examines */

/* Direct branches of one function, sorted by target: predecessors. */
struct branch_src {
	uint64_t target;
	uint64_t source;
};

/* Edges found, added to the context once every function is scanned. */
struct pending {
	struct edge *e;
	size_t nr, alloc;
};

struct jump_table {
	bool absolute;		/* addresses, relocated (computed goto) */
	uint32_t tsec;		/* the table of offsets */
	uint64_t toff;
	unsigned int size;	/* bytes an entry */
	bool is_signed;
	unsigned int shift;	/* entry << shift is the byte offset */
	uint64_t anchor;	/* in the function's section */
	unsigned int count;
};

/* One br of a group; dropped when the strict search disagrees. */
struct candidate_br {
	uint64_t br;
	unsigned int reg;
	bool dropped;
};

/* A table found (or supposed), and every br that jumps through it. */
struct group {
	struct jump_table jt;
	uint64_t *targets;	/* sorted, without repeats */
	size_t nr_targets;
	struct candidate_br *brs;
	size_t nr_brs, alloc_brs;
	size_t nr_live;		/* brs not dropped */
	uint32_t gen;		/* the search that last queued its brs */
};

/* A target of a group, for the predecessor search (sorted by target). */
struct group_src {
	uint64_t target;
	size_t group;
};

struct groups {
	struct group *g;
	size_t nr, alloc;
	struct group_src *srcs;
	size_t nr_srcs, alloc_srcs;
};

struct jt_scan {
	struct ctx *ctx;
	struct pending *out;
	const struct section *sec;
	const struct symbol *func;
	struct branch_src *srcs;
	size_t nr_srcs, alloc_srcs;
	/* the tables found so far, and the candidates of this round: their
	 * targets are predecessors of their brs' (the latter under the
	 * hypothesis verify() checks) */
	struct groups found, hyp;
	/* finding candidates: a path that meets code with no predecessor
	 * (reached only through a br not resolved yet) is no objection */
	bool lenient;
	const char *why;	/* the last search's reason to fail */
	uint32_t *seen;		/* per word of the function: search generation */
	uint8_t *done;		/* per word: a br already resolved */
	const char **br_why;	/* per word: why its br is not, yet */
	unsigned int resolved;
	/* reaching definitions, per register, for the graph of version */
	struct flow *flow;
	uint32_t version;	/* the graph's: bumped when its edges change */
	uint32_t gen;
	uint64_t *queue;	/* pairs: offset, and the search's own word */
	size_t alloc;
};


static bool in_func(const struct jt_scan *s, uint64_t off)
{
	return off >= s->func->offset && off < s->func->offset + s->func->size &&
	       sec_word_is_code(s->sec, off);
}

static int cmp_src(const void *a, const void *b)
{
	const struct branch_src *x = a, *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return x->source < y->source ? -1 : x->source > y->source;
}

static int cmp_src_target(const void *key, const void *elem)
{
	uint64_t target = *(const uint64_t *)key;
	const struct branch_src *b = elem;

	return target < b->target ? -1 : target > b->target;
}

static int add_src(struct jt_scan *s, uint64_t target, uint64_t source)
{
	if (VEC_GROW(s->srcs, s->alloc_srcs, s->nr_srcs))
		return -1;
	s->srcs[s->nr_srcs++] = (struct branch_src){ target, source };
	return 0;
}

/*
 * Edges from special sections are predecessors too: code after a branch
 * that an alternative or a static key turns into a nop is reached by
 * running into it.
 */
static int add_edge_sources(struct jt_scan *s)
{
	const struct symbol *f = s->func;
	uint64_t off;

	for (off = f->offset; off + 4 <= f->offset + f->size; off += 4) {
		const struct edge *e;
		size_t nr, i;

		e = edges_from(s->ctx, f->sec, off, &nr);
		for (i = 0; i < nr; i++)
			if (e[i].to_sec == f->sec && in_func(s, e[i].to) &&
			    add_src(s, e[i].to, off))
				return -1;
	}
	return 0;
}

static int build_sources(struct jt_scan *s)
{
	const struct symbol *f = s->func;
	uint64_t off;

	for (off = f->offset; off + 4 <= f->offset + f->size; off += 4) {
		struct insn_desc d;
		struct target t;

		enum insn_kind k;

		if (!sec_word_is_code(s->sec, off))
			continue;
		k = slot_kind(s->ctx, f->sec, off);
		if (k != INSN_JUMP && k != INSN_JUMP_COND)
			continue;
		arch_decode(insn_word(s->sec, off), &d);
		branch_target(s->ctx, s->sec, off, &d, &t);
		if (t.kind != TARGET_CODE || t.sec != f->sec || !in_func(s, t.off))
			continue;
		if (add_src(s, t.off, off))
			return -1;
	}
	if (add_edge_sources(s))
		return -1;
	if (s->nr_srcs > 1)
		qsort(s->srcs, s->nr_srcs, sizeof(*s->srcs), cmp_src);
	s->seen = calloc(f->size / 4 + 1, sizeof(*s->seen));
	return s->seen ? 0 : -1;
}

/*
 * A backward search.  Each queue item is an instruction to examine and a
 * word of the caller's own state carried along the path (the register being
 * traced, and what the last range check crossed said).
 */
struct search {
	struct jt_scan *s;
	size_t head, tail;
	bool full;	/* MAX_VISIT reached: paths were dropped */
	bool open;	/* a path reached code with no predecessor */
};

static int enqueue(struct search *q, uint64_t off, uint64_t word)
{
	struct jt_scan *s = q->s;
	uint32_t *seen;

	if (!in_func(s, off))
		return 0;
	seen = &s->seen[(off - s->func->offset) / 4];
	if (*seen == s->gen)
		return 0;
	if (q->tail >= 2 * MAX_VISIT) {
		q->full = true;
		return 0;
	}
	*seen = s->gen;
	if (VEC_GROW(s->queue, s->alloc, q->tail + 1))
		return -1;
	s->queue[q->tail++] = off;
	s->queue[q->tail++] = word;
	return 0;
}

/* A trap that execution goes on after: a WARN, a kprobe, ... */
static bool brk_continues(const struct jt_scan *s, uint64_t off)
{
	const struct edge *e;
	struct insn_desc d;
	size_t nr, i;

	arch_decode(insn_word(s->sec, off), &d);
	if (arch_brk_continues(d.imm))
		return true;
	e = edges_from(s->ctx, s->func->sec, off, &nr);
	for (i = 0; i < nr; i++)
		if (e[i].type == EDGE_WARN)
			return true;
	return false;
}

/* A call to a function that never returns (by name: inference runs later). */
static bool calls_noreturn(const struct jt_scan *s, uint64_t off)
{
	struct insn_desc d;
	struct target t;

	arch_decode(insn_word(s->sec, off), &d);
	branch_target(s->ctx, s->sec, off, &d, &t);
	return noreturn_target(s->ctx, &t);
}

/* The instruction before off falls into it unless it always leaves. */
static bool falls_into(const struct jt_scan *s, uint64_t prev)
{
	if (!in_func(s, prev))
		return false;
	switch (slot_kind(s->ctx, s->func->sec, prev)) {
	case INSN_JUMP:
	case INSN_JUMP_IND:
	case INSN_RET:
	case INSN_ERET:
	case INSN_UDF:
	case INSN_HLT:
		return false;
	case INSN_BRK:
		return brk_continues(s, prev);
	case INSN_CALL:
		return !calls_noreturn(s, prev);
	default:
		return true;
	}
}

/* Range-check state carried along a path: the condition crossed, if any. */
#define CW_REG(w)	((unsigned int)((w) & 0xff))
#define CW_COND(w)	((unsigned int)(((w) >> 8) & 0xff))
#define CW_TAKEN(w)	(((w) >> 16) & 1)
#define CW_HAVE(w)	(((w) >> 17) & 1)
#define CW(reg, cond, taken, have) \
	((uint64_t)(reg) | (uint64_t)(cond) << 8 | (uint64_t)(taken) << 16 | \
	 (uint64_t)(have) << 17)
/* the same word with another range check crossed; the candidate kept */
#define CW_CHECK(w, cond, taken) \
	(((w) & ~0x3ffffull) | CW(CW_REG(w), cond, taken, 1))
/*
 * A bounds check found on another register, waiting for a "mov idx, reg"
 * further back to show it bounds the index too: reg + 1 (0: none) and
 * the count it gives; bit 63 says it bounds only the low bits of reg
 * that the traced mask keeps (CW_MASK below), not reg.
 */
#define CW_CAND_BITS	(0xffffffull << 32 | 1ull << 63)
#define CW_CAND_REG(w)	((unsigned int)(((w) >> 32) & 0xff))
#define CW_CAND_N(w)	((unsigned int)(((w) >> 40) & 0xffff))
#define CW_CAND_MASKED(w)	(((w) >> 63) & 1)
#define CW_CAND(w, reg, n) \
	(((w) & ~CW_CAND_BITS) | (uint64_t)((reg) + 1) << 32 | \
	 (uint64_t)(n) << 40)

static bool is_range_cond(unsigned int cond)
{
	return cond == RANGE_ABOVE || cond == RANGE_AT_LEAST ||
	       cond == RANGE_AT_MOST || cond == RANGE_BELOW;
}

/* Queue the sources in srcs[0..nr) that branch to off. */
static int enqueue_sources(struct search *q, const struct branch_src *srcs,
			   size_t nr, uint64_t off, uint64_t word, bool *any)
{
	struct jt_scan *s = q->s;
	struct value_op v;
	size_t i;

	for (i = lower_bound(srcs, nr, sizeof(*srcs), &off, cmp_src_target);
	     i < nr && srcs[i].target == off; i++) {
		uint64_t src = srcs[i].source, w = word;

		*any = true;
		arch_decode_value(insn_word(s->sec, src), &v);
		if (v.kind == VAL_BCOND && is_range_cond(v.cond))
			w = CW_CHECK(word, v.cond, 1);
		if (enqueue(q, src, w))
			return -1;
	}
	return 0;
}

static int cmp_group_src(const void *key, const void *elem)
{
	uint64_t target = *(const uint64_t *)key;
	const struct group_src *g = elem;

	return target < g->target ? -1 : target > g->target;
}

/*
 * Queue the brs of the tables with a target at off.  A table's brs are
 * queued once a search: its other targets have the same ones (N brs
 * through one table of N entries stay N, not N * N).
 */
static int enqueue_groups(struct search *q, struct groups *gs, uint64_t off,
			  uint64_t word, bool *any)
{
	size_t i, k;

	for (i = lower_bound(gs->srcs, gs->nr_srcs, sizeof(*gs->srcs), &off,
			     cmp_group_src);
	     i < gs->nr_srcs && gs->srcs[i].target == off; i++) {
		struct group *g = &gs->g[gs->srcs[i].group];

		*any |= g->nr_live > 0;
		if (g->gen == q->s->gen)
			continue;
		g->gen = q->s->gen;
		for (k = 0; k < g->nr_brs; k++)
			if (!g->brs[k].dropped && enqueue(q, g->brs[k].br, word))
				return -1;
	}
	return 0;
}

/*
 * Queue the predecessors of off, updating the carried condition.  Code
 * with none (the entry, or code only an unresolved br reaches) leaves the
 * search open: a path there met nothing.
 */
static int enqueue_preds(struct search *q, uint64_t off, uint64_t word)
{
	struct jt_scan *s = q->s;
	struct value_op v;
	bool any = false;

	if (falls_into(s, off - 4)) {
		uint64_t w = word;

		any = true;
		arch_decode_value(insn_word(s->sec, off - 4), &v);
		if (v.kind == VAL_BCOND && is_range_cond(v.cond))
			w = CW_CHECK(word, v.cond, 0);
		if (enqueue(q, off - 4, w))
			return -1;
	}
	if (enqueue_sources(q, s->srcs, s->nr_srcs, off, word, &any) ||
	    enqueue_groups(q, &s->found, off, word, &any) ||
	    enqueue_groups(q, &s->hyp, off, word, &any))
		return -1;
	q->open |= !any;
	return 0;
}

static void search_start(struct search *q, struct jt_scan *s)
{
	q->s = s;
	q->head = q->tail = 0;
	q->full = q->open = false;
	s->gen++;
}

/* Fail, with the reason the br's message will give. */
static bool why(struct jt_scan *s, const char *reason)
{
	s->why = reason;
	return false;
}

/* The places a search found: one on each path back from where it began. */
#define MAX_REACHING	16

struct reaching {
	uint64_t at[MAX_REACHING];
	struct value_op v[MAX_REACHING];
	unsigned int nr;
};

static bool reached(struct reaching *r, uint64_t at, const struct value_op *v)
{
	if (r->nr == MAX_REACHING)
		return false;
	r->at[r->nr] = at;
	r->v[r->nr++] = *v;
	return true;
}

/*
 * Reaching definitions, for the brs of a function at once: a search back
 * from each of them would cross the whole function every time (the BPF
 * interpreter keeps its table's address in x21 from its first
 * instructions and dispatches from 200 places).  For a register, what
 * reaches the start of each instruction: the nearest definitions on the
 * paths to it, and whether a path starts with none (at the entry, or at
 * code nothing leads to) or meets a call that may change it first: what a
 * search back from there finds, from one pass forward over the graph.
 */
#define FLOW_OPEN	1	/* a path with no definition from its start */
#define FLOW_CLOBBER	2	/* a call that may change the register */
#define FLOW_MANY	4	/* more definitions than are kept */

struct defset {
	uint8_t flags;
	uint8_t nr;
	uint32_t def[MAX_REACHING];	/* words from the function's start */
};

/*
 * What a word does to registers, and its edges that no table adds: the
 * graph's table edges may change, these not (noreturn inference, which
 * could change falls, runs after the scan).  Kept, not asked again, since
 * the flow passes over every word once a register and graph.
 */
struct word_facts {
	uint32_t writes;	/* x0-x30 */
	uint32_t src;		/* 1 + its first branch in by_source; 0: none */
	bool call;
	bool falls;		/* runs on into the next word, in the function */
	bool fallen_into;	/* the word before runs on into it */
};

struct flow {
	struct word_facts *facts;	/* per word */
	struct branch_src *by_source;	/* the direct sources, by source */
	size_t nr_by_source;
	struct defset *in[31];		/* per register: per word */
	uint32_t version[31];		/* the graph's, when in[] was made */
	uint32_t *stack;
	uint8_t *queued;
	int32_t *br_group;		/* per word: 1 + group of a br, or 0 */
	struct defset *acc;		/* per group: what reaches its brs */
};

static bool group_target(const struct groups *gs, uint64_t off)
{
	size_t i;

	for (i = lower_bound(gs->srcs, gs->nr_srcs, sizeof(*gs->srcs), &off,
			     cmp_group_src);
	     i < gs->nr_srcs && gs->srcs[i].target == off; i++)
		if (gs->g[gs->srcs[i].group].nr_live)
			return true;
	return false;
}

/* Whether anything but the instruction before leads to off. */
static bool branched_into(const struct jt_scan *s, uint64_t off)
{
	size_t i = lower_bound(s->srcs, s->nr_srcs, sizeof(*s->srcs), &off,
			       cmp_src_target);

	return (i < s->nr_srcs && s->srcs[i].target == off) ||
	       group_target(&s->found, off) || group_target(&s->hyp, off);
}

static int cmp_src_source(const void *a, const void *b)
{
	const struct branch_src *x = a, *y = b;

	return x->source < y->source ? -1 : x->source > y->source;
}

static void flow_free(struct jt_scan *s)
{
	struct flow *fl = s->flow;
	int reg;

	if (!fl)
		return;
	for (reg = 0; reg < 31; reg++)
		free(fl->in[reg]);
	free(fl->facts);
	free(fl->by_source);
	free(fl->stack);
	free(fl->queued);
	free(fl->br_group);
	free(fl->acc);
	free(fl);
	s->flow = NULL;
}

/* The facts of every word and the sources by source: once a function. */
static int flow_init(struct jt_scan *s)
{
	size_t words = s->func->size / 4 + 1, w;
	struct flow *fl = calloc(1, sizeof(*fl));

	if (!fl)
		return -1;
	s->flow = fl;
	fl->facts = calloc(words, sizeof(*fl->facts));
	fl->stack = malloc(words * sizeof(*fl->stack));
	fl->queued = calloc(words, 1);
	fl->br_group = calloc(words, sizeof(*fl->br_group));
	fl->by_source = malloc((s->nr_srcs + 1) * sizeof(*fl->by_source));
	if (!fl->facts || !fl->stack || !fl->queued || !fl->br_group ||
	    !fl->by_source)
		return -1;
	if (s->nr_srcs)
		memcpy(fl->by_source, s->srcs, s->nr_srcs * sizeof(*s->srcs));
	fl->nr_by_source = s->nr_srcs;
	if (s->nr_srcs > 1)
		qsort(fl->by_source, s->nr_srcs, sizeof(*fl->by_source), cmp_src_source);
	for (w = fl->nr_by_source; w-- > 0;)
		fl->facts[(fl->by_source[w].source - s->func->offset) / 4].src =
			(uint32_t)w + 1;
	for (w = 0; w + 1 < words; w++) {
		uint64_t off = s->func->offset + w * 4;
		struct value_op v;
		unsigned int reg;

		if (!sec_word_is_code(s->sec, off))
			continue;
		arch_decode_value(insn_word(s->sec, off), &v);
		fl->facts[w].call = v.kind == VAL_CALL;
		for (reg = 0; reg < 31; reg++)
			if (value_writes(&v, reg))
				fl->facts[w].writes |= 1u << reg;
		fl->facts[w].falls = falls_into(s, off) && in_func(s, off + 4);
		fl->facts[w].fallen_into = w && falls_into(s, off - 4);
	}
	return 0;
}

static void defset_add(struct defset *ds, uint32_t def)
{
	unsigned int i;

	for (i = 0; i < ds->nr; i++)
		if (ds->def[i] == def)
			return;
	if (ds->nr == MAX_REACHING)
		ds->flags |= FLOW_MANY;
	else
		ds->def[ds->nr++] = def;
}

/* dst gets what src has; whether that changed it. */
static bool defset_merge(struct defset *dst, const struct defset *src)
{
	uint8_t flags = dst->flags, nr = dst->nr;
	unsigned int i;

	dst->flags |= src->flags;
	for (i = 0; i < src->nr; i++)
		defset_add(dst, src->def[i]);
	return dst->flags != flags || dst->nr != nr;
}

/* What leaves word w: its own definition, a call's clobber, or what came. */
static void flow_out(const struct flow *fl, uint32_t w, unsigned int reg,
		     const struct defset *in, struct defset *out)
{
	if (fl->facts[w].writes & (1u << reg)) {
		*out = (struct defset){ .nr = 1, .def = { w } };
	} else if (fl->facts[w].call && arch_reg_call_clobbered(reg)) {
		*out = (struct defset){ .flags = FLOW_CLOBBER };
	} else {
		*out = *in;
	}
}

static void flow_push(struct flow *fl, size_t *nr, uint32_t w)
{
	if (!fl->queued[w]) {
		fl->queued[w] = 1;
		fl->stack[(*nr)++] = w;
	}
}

static void flow_into(struct flow *fl, struct defset *in, size_t *nr,
		      uint32_t w, const struct defset *what)
{
	if (defset_merge(&in[w], what))
		flow_push(fl, nr, w);
}

/* Which group each live br belongs to, and empty accumulators. */
static int flow_groups(struct jt_scan *s)
{
	struct flow *fl = s->flow;
	const struct groups *sets[2] = { &s->found, &s->hyp };
	size_t i, k, n = 0, j;

	memset(fl->br_group, 0, (s->func->size / 4 + 1) * sizeof(*fl->br_group));
	free(fl->acc);
	fl->acc = calloc(s->found.nr + s->hyp.nr + 1, sizeof(*fl->acc));
	if (!fl->acc)
		return -1;
	for (j = 0; j < 2; j++)
		for (i = 0; i < sets[j]->nr; i++, n++)
			for (k = 0; k < sets[j]->g[i].nr_brs; k++)
				if (!sets[j]->g[i].brs[k].dropped)
					fl->br_group[(sets[j]->g[i].brs[k].br -
						      s->func->offset) / 4] = (int32_t)n + 1;
	return 0;
}

static const struct group *flow_group(const struct jt_scan *s, int32_t n)
{
	size_t i = (size_t)n - 1;

	return i < s->found.nr ? &s->found.g[i] : &s->hyp.g[i - s->found.nr];
}

/* Where word w's register state goes: on, branched, through a table. */
static void flow_succs(struct jt_scan *s, struct defset *in, size_t *nr,
		       uint32_t w, const struct defset *out)
{
	struct flow *fl = s->flow;
	const struct symbol *f = s->func;
	uint64_t off = f->offset + (uint64_t)w * 4;
	size_t i;
	int32_t g;

	if (fl->facts[w].falls)
		flow_into(fl, in, nr, w + 1, out);
	for (i = fl->facts[w].src; i && i <= fl->nr_by_source &&
	     fl->by_source[i - 1].source == off; i++)
		flow_into(fl, in, nr, (fl->by_source[i - 1].target - f->offset) / 4, out);
	g = fl->br_group[w];
	/* a table's brs share its targets: one accumulator, then them */
	if (g && defset_merge(&fl->acc[g - 1], out)) {
		const struct group *grp = flow_group(s, g);

		for (i = 0; i < grp->nr_targets; i++)
			flow_into(fl, in, nr, (grp->targets[i] - f->offset) / 4,
				  &fl->acc[g - 1]);
	}
}

/* The reaching definitions of reg, for the graph as it is now. */
static int flow_compute(struct jt_scan *s, unsigned int reg)
{
	const struct symbol *f = s->func;
	size_t words = f->size / 4, nr = 0, w;
	struct flow *fl = s->flow;
	struct defset *in;

	free(fl->in[reg]);
	in = fl->in[reg] = calloc(words + 1, sizeof(*in));
	if (!in || flow_groups(s))
		return -1;
	for (w = words; w-- > 0;) {
		uint64_t off = f->offset + w * 4;

		if (!sec_word_is_code(s->sec, off))
			continue;
		/* the entry, and what nothing leads to, start paths */
		if (!w || (!fl->facts[w].fallen_into && !branched_into(s, off)))
			in[w].flags |= FLOW_OPEN;
		flow_push(fl, &nr, (uint32_t)w);
	}
	while (nr) {
		uint32_t at = fl->stack[--nr];
		struct defset out;

		fl->queued[at] = 0;
		flow_out(fl, at, reg, &in[at], &out);
		flow_succs(s, in, &nr, at, &out);
	}
	fl->version[reg] = s->version;
	return 0;
}

/* find_defs() through the flow: what reaches off, for reg. */
static bool defs_by_flow(struct jt_scan *s, uint64_t off, unsigned int reg,
			 struct reaching *r)
{
	const struct defset *ds;
	unsigned int i;

	if ((!s->flow && flow_init(s)) ||
	    ((!s->flow->in[reg] || s->flow->version[reg] != s->version) &&
	     flow_compute(s, reg)))
		return why(s, "out of memory");
	ds = &s->flow->in[reg][(off - s->func->offset) / 4];
	if (ds->flags & FLOW_CLOBBER)
		return why(s, "a call on the way to it may change a register of the sequence");
	if (ds->flags & FLOW_MANY)
		return why(s, "the search for its table was cut short");
	if (!ds->nr || (!s->lenient && (ds->flags & FLOW_OPEN)))
		return why(s, "a path reaches it on which a register of the sequence is not set");
	for (i = 0; i < ds->nr; i++) {
		r->at[i] = s->func->offset + (uint64_t)ds->def[i] * 4;
		arch_decode_value(insn_word(s->sec, r->at[i]), &r->v[i]);
	}
	r->nr = ds->nr;
	return true;
}

/*
 * Finding candidates, whether no definition of reg reaches off, only
 * paths from code that nothing leads to yet: the br's own targets, when
 * a copy of the table's address is made in a case (verify() then has
 * them as predecessors).
 */
static bool only_open(const struct jt_scan *s, uint64_t off, unsigned int reg)
{
	const struct defset *ds;

	if (!s->lenient || reg >= 31 || !s->flow || !s->flow->in[reg])
		return false;
	ds = &s->flow->in[reg][(off - s->func->offset) / 4];
	return !ds->nr && ds->flags == FLOW_OPEN;
}

/*
 * The definitions of reg that reach off: the nearest on each path back
 * from it.  Every path must have one: false if one reaches code with no
 * predecessor first, or a call that clobbers reg, or the search is cut.
 */
static bool find_defs(struct jt_scan *s, uint64_t off, unsigned int reg,
		      struct reaching *r)
{
	struct search q;
	struct value_op v;

	r->nr = 0;
	if (reg < 31)
		return defs_by_flow(s, off, reg, r);
	search_start(&q, s);
	if (enqueue_preds(&q, off, reg))
		return false;
	while (q.head < q.tail) {
		uint64_t at = s->queue[q.head++];

		q.head++;
		arch_decode_value(insn_word(s->sec, at), &v);
		if (value_writes(&v, reg)) {
			if (!reached(r, at, &v))
				return false;
			continue;
		}
		if (v.kind == VAL_CALL && arch_reg_call_clobbered(reg))
			return why(s, "a call on the way to it may change a register of the sequence");
		if (enqueue_preds(&q, at, reg))
			return false;
	}
	if (q.full)
		return why(s, "the search for its table was cut short");
	if (!r->nr || (!s->lenient && q.open))
		return why(s, "a path reaches it on which a register of the sequence is not set");
	return true;
}

/* The one definition of reg that reaches off on every path. */
static bool find_def(struct jt_scan *s, uint64_t off, unsigned int reg,
		     uint64_t *def, struct value_op *v)
{
	struct reaching r;

	if (!find_defs(s, off, reg, &r))
		return false;
	if (r.nr != 1)
		return why(s, "a register of the sequence is set differently on different paths");
	*def = r.at[0];
	*v = r.v[0];
	return true;
}

/* The register a load fills from [src1 + *imm], if it loads reg. */
static bool loads_reg(const struct value_op *v, unsigned int reg, int64_t *imm)
{
	if (v->kind != VAL_LOAD_IMM)
		return false;
	*imm = v->imm;
	if (v->dst == reg)
		return true;
	*imm += v->size;
	return v->dst2 == reg;
}

/* The register a store puts at [base + imm] (8 bytes), or REG_NONE. */
static unsigned int stored_at(const struct value_op *v, unsigned int base,
			      int64_t imm)
{
	if (v->kind != VAL_STORE_IMM || v->src1 != base || v->size != 8)
		return REG_NONE;
	if (v->imm == imm)
		return v->src2;
	if (v->src3 != REG_NONE && v->imm + 8 == imm)
		return v->src3;
	return REG_NONE;
}

/* The register a store puts at [base + imm], any size, or REG_NONE. */
static unsigned int stored_slot(const struct value_op *v, unsigned int base,
				int64_t imm)
{
	if (v->kind != VAL_STORE_IMM || v->src1 != base)
		return REG_NONE;
	if (v->imm == imm)
		return v->src2;
	if (v->src3 != REG_NONE && v->imm + v->size == imm)
		return v->src3;
	return REG_NONE;
}

/* Whether a store through base writes any byte of [imm, imm + 8). */
static bool store_overlaps(const struct value_op *v, unsigned int base,
			   int64_t imm)
{
	int64_t len = v->size * (v->src3 != REG_NONE ? 2 : 1);

	return v->kind == VAL_STORE_IMM && v->src1 == base &&
	       v->imm < imm + 8 && imm < v->imm + len;
}

/*
 * The stores to the stack slot [base + imm] that reach off: the nearest
 * on each path back from it, a register each.  Every path must store the
 * whole slot before anything writes base or another store changes part
 * of it, and before code with no predecessor.
 */
static bool find_spills(struct jt_scan *s, uint64_t off, unsigned int base,
			int64_t imm, struct reaching *r)
{
	struct search q;
	struct value_op v;

	r->nr = 0;
	search_start(&q, s);
	if (enqueue_preds(&q, off, 0))
		return false;
	while (q.head < q.tail) {
		uint64_t at = s->queue[q.head++];

		q.head++;
		arch_decode_value(insn_word(s->sec, at), &v);
		if (stored_at(&v, base, imm) != REG_NONE) {
			v.src2 = stored_at(&v, base, imm);
			if (!reached(r, at, &v))
				return false;
			continue;
		}
		if (value_writes(&v, base) || store_overlaps(&v, base, imm))
			return why(s, "a path reaches the reload of the table's address without storing it to its stack slot");
		if (enqueue_preds(&q, at, 0))
			return false;
	}
	if (q.full)
		return why(s, "the search for its table was cut short");
	if (!r->nr || (!s->lenient && q.open))
		return why(s, "a path reaches the reload of the table's address without storing it to its stack slot");
	return true;
}

#define MAX_DEPTH	8
#define MAX_COPIES	32

/*
 * The definitions a search for one value has followed, copies and
 * reloads: one met again adds no value (a copy in a loop, mov x25, x14
 * before a call and mov x14, x25 after it, holds what came into the loop).
 * An offset starts another value, and another set.
 */
struct followed {
	uint64_t def[MAX_COPIES];
	unsigned int nr;
};

/* Whether def is followed already; if not, it is now. */
static bool followed_before(struct followed *f, uint64_t def, bool *full)
{
	unsigned int i;

	for (i = 0; i < f->nr; i++)
		if (f->def[i] == def)
			return true;
	if (f->nr == MAX_COPIES)
		*full = true;
	else
		f->def[f->nr++] = def;
	return false;
}

static bool address_of(struct jt_scan *s, struct followed *f, uint64_t off,
		       unsigned int reg, int depth, uint32_t *sec,
		       uint64_t *addr, bool *any);

/* An offset into the address reg holds at def: a value of its own. */
static bool address_offset(struct jt_scan *s, uint64_t def, unsigned int reg,
			   int depth, uint32_t *sec, uint64_t *addr)
{
	struct followed f = { .nr = 0 };
	bool any = false;

	return address_of(s, &f, def, reg, depth + 1, sec, addr, &any) && any;
}

/*
 * The address one definition of a table register computes; *any false
 * if it adds none: a copy or reload followed before.
 */
static bool address_by(struct jt_scan *s, struct followed *f, uint64_t def,
		       const struct value_op *v, unsigned int reg, int depth,
		       uint32_t *sec, uint64_t *addr, bool *any)
{
	const struct object *obj = s->ctx->obj;
	const struct reloc *r = reloc_at(s->sec, def);
	struct reaching spills;
	struct value_op page;
	bool full = false;
	uint64_t pdef;
	int64_t imm;
	unsigned int i;

	*any = true;
	if (v->kind == VAL_ADD_IMM && !r && !obj->linked && v->src1 == reg) {
		/* add xT, xT, #k after the :lo12: add: an offset into it */
		if (!address_offset(s, def, reg, depth, sec, addr))
			return false;
		*addr += v->imm;
		return true;
	}
	if (v->kind == VAL_MOV && v->extend == EXT_UXTX && v->src1 < 31) {
		/* a copy of the whole register (clang 14 keeps the table's
		 * address in a callee-saved one across calls) */
		*any = false;
		if (followed_before(f, def, &full))
			return !full;
		return address_of(s, f, def, v->src1, depth + 1, sec, addr, any);
	}
	if (loads_reg(v, reg, &imm) && v->size == 8 &&
	    (v->src1 == REG_SP || v->src1 == REG_FP)) {
		/* spilled: follow the value into the stack slot, from every
		 * store that reaches the reload */
		*any = false;
		if (followed_before(f, def, &full))
			return !full;
		if (!find_spills(s, def, v->src1, imm, &spills))
			return false;
		for (i = 0; i < spills.nr; i++) {
			uint32_t osec;
			uint64_t oaddr;
			bool got = false;

			if (!address_of(s, f, spills.at[i], spills.v[i].src2, depth + 1,
					*any ? &osec : sec, *any ? &oaddr : addr, &got))
				return false;
			if (got && *any && (osec != *sec || oaddr != *addr))
				return why(s, "the stack slot it reloads the table's address from holds different addresses on different paths");
			*any |= got;
		}
		return true;
	}
	if (v->kind != VAL_ADD_IMM)
		return false;
	if (r && arch_reloc_kind(r->type) == RELOC_ADD_LO12) {
		const struct symbol *sym = &obj->syms[r->sym];
		int64_t dest = reloc_dest(obj, r);

		if (!sym->sec || dest < 0 || (uint64_t)dest >= obj->secs[sym->sec].size)
			return false;
		*sec = sym->sec;
		*addr = dest;
		return true;
	}
	if (r || !obj->linked || !find_def(s, def, v->src1, &pdef, &page) ||
	    page.kind != VAL_ADRP)
		return false;
	{
		uint64_t a = ((s->sec->addr + pdef) & ~0xfffull) + page.imm + v->imm;
		const struct section *t = section_by_addr(obj, a);

		if (!t)
			return false;
		*sec = t->idx;
		*addr = a - t->addr;
		return true;
	}
}

/*
 * The address in reg at off, computed by adrp + add (through relocations
 * in objects), perhaps offset, perhaps through a stack slot or copies:
 * the same on every path, or no address.  *any: a definition gave one.
 */
static bool address_of(struct jt_scan *s, struct followed *f, uint64_t off,
		       unsigned int reg, int depth, uint32_t *sec,
		       uint64_t *addr, bool *any)
{
	const char *before = s->why;
	struct reaching defs;
	unsigned int i;

	if (depth >= MAX_DEPTH)
		return false;
	if (!find_defs(s, off, reg, &defs)) {
		if (!only_open(s, off, reg))
			return false;
		s->why = before;	/* no address, and no objection */
		return true;
	}
	for (i = 0; i < defs.nr; i++) {
		uint32_t osec;
		uint64_t oaddr;
		bool got;

		if (!address_by(s, f, defs.at[i], &defs.v[i], reg, depth,
				*any ? &osec : sec, *any ? &oaddr : addr, &got))
			return false;
		if (got && *any && (osec != *sec || oaddr != *addr))
			return why(s, "the table's address differs between the paths that reach it");
		*any |= got;
	}
	return true;
}

static bool find_address(struct jt_scan *s, uint64_t off, unsigned int reg,
			 uint32_t *sec, uint64_t *addr)
{
	struct followed f = { .nr = 0 };
	bool any = false;

	return address_of(s, &f, off, reg, 0, sec, addr, &any) && any;
}

/*
 * The index may be spilled on the way (clang -O0 reloads it from the stack
 * after the check): the search then traces the stack slot [base + imm]
 * until the store that filled it.  CW_REG is CW_SLOT, bits 18-31 hold
 * imm / 4 (signed), bit 56 says the base is x29 rather than sp, and bit
 * 62 that the reload read 8 bytes rather than 4.
 */
#define CW_SLOT			0xfe
/*
 * The traced value is a masked copy of the register (and x9, x2, #0xff,
 * or a field of it, ubfx x9, x2, #24, #5): bits 57-61 hold 1 + the mask's
 * place in the search's list of masks, so that a compare of another copy
 * through the same mask (and w8, w2, #0xff; cmp w8, #47) is seen to bound
 * it too.
 */
#define CW_MASK(w)		((unsigned int)(((w) >> 57) & 0x1f))
#define CW_WITH_MASK(w, k)	(((w) & ~(0x1full << 57)) | (uint64_t)(k) << 57)
#define CW_SLOT_BITS		(0xfffc00ffull | 1ull << 56 | 1ull << 62)
#define CW_SLOT_IMM(w)		(sext14(((w) >> 18) & 0x3fff) * 4)
#define CW_SLOT_BASE(w)		(((w) >> 56) & 1 ? REG_FP : REG_SP)
#define CW_SLOT_SIZE(w)		(((w) >> 62) & 1 ? 8u : 4u)
#define CW_WITH_REG(w, reg)	(((w) & ~CW_SLOT_BITS) | (reg))
#define CW_WITH_SLOT(w, base, imm, size) \
	(((w) & ~CW_SLOT_BITS) | CW_SLOT | \
	 (uint64_t)(((imm) / 4) & 0x3fff) << 18 | (uint64_t)((base) == REG_FP) << 56 | \
	 (uint64_t)((size) == 8) << 62)

static int64_t sext14(uint64_t v)
{
	return (int64_t)((v ^ 0x2000) - 0x2000);
}

/* cmp xN, #k, or subs xD, xN, #k, which sets the flags the same way. */
static bool compare_form(const struct value_op *v, unsigned int *src,
			 int64_t *imm)
{
	if (v->kind == VAL_CMP_IMM) {
		*src = v->src1;
		*imm = v->imm;
		return true;
	}
	if (v->kind == VAL_ADD_IMM && v->sets_flags && v->imm <= 0) {
		*src = v->src1;
		*imm = -v->imm;
		return true;
	}
	return false;
}

/* A stack slot: [sp + imm] or [x29 + imm], in what the word can hold. */
static bool is_slot(const struct value_op *v)
{
	return (v->src1 == REG_SP || v->src1 == REG_FP) && v->size >= 4 &&
	       v->imm >= -0x8000 && v->imm < 0x8000 && !(v->imm & 3);
}

/* A spill reload of the traced register: trace its stack slot instead. */
static bool is_reload(const struct value_op *v, unsigned int reg, int64_t *imm)
{
	return loads_reg(v, reg, imm) && is_slot(v) && *imm >= -0x8000 &&
	       *imm < 0x8000;
}

/* A compare's count, unless a mask on the way bounds the index tighter. */
static unsigned int tighter(int64_t bound, int64_t n)
{
	return (unsigned int)(bound && bound < n ? bound : n);
}

/* What one instruction on a path back from the table load says. */
enum count_step {
	COUNT_MORE,	/* nothing yet: the next check of this instruction */
	COUNT_FOUND,	/* the count is known */
	COUNT_STOP,	/* a range check of another kind: the search ends */
	COUNT_FOLLOW,	/* on to the instruction's predecessors */
	COUNT_DROP,	/* this path redefines the index: not followed */
};

#define MAX_MASKS	31

/* A mask of the index: the bits [lsb, lsb + log2(limit)) of a register. */
struct mask {
	int64_t limit;
	unsigned int lsb;
};

struct count_search {
	struct search q;
	int64_t bound;		/* from ubfx/lsr/and, if no compare is found */
	unsigned int count;
	struct mask masks[MAX_MASKS];	/* the masks of CW_MASK */
	unsigned int nr_masks;
};

/* 1 + the place of v's mask in the list, or 0 if the list is full. */
static unsigned int mask_id(struct count_search *c, const struct value_op *v)
{
	unsigned int i;

	for (i = 0; i < c->nr_masks; i++)
		if (c->masks[i].limit == v->imm && c->masks[i].lsb == v->shift)
			return i + 1;
	if (c->nr_masks == MAX_MASKS)
		return 0;
	c->masks[c->nr_masks++] = (struct mask){ v->imm, v->shift };
	return c->nr_masks;
}

static enum count_step found(struct count_search *c, int64_t n)
{
	c->count = tighter(c->bound, n);
	return COUNT_FOUND;
}

/*
 * cmp idx, #N and the range branch the path crossed after it: reaching
 * the load through a taken b.ls/b.lo, or past an untaken b.hi/b.hs,
 * bounds the index.  A compare of another register may bound it through
 * a copy further back: it becomes the candidate.
 */
static enum count_step count_compare(struct count_search *c,
				     const struct value_op *v, uint64_t *w,
				     bool *fresh)
{
	unsigned int reg = CW_REG(*w), cond = CW_COND(*w), src;
	bool ok, taken = CW_TAKEN(*w);
	int64_t n, imm;

	if (!compare_form(v, &src, &imm) || !CW_HAVE(*w))
		return COUNT_MORE;
	ok = taken ? (cond == RANGE_AT_MOST || cond == RANGE_BELOW) :
		     (cond == RANGE_ABOVE || cond == RANGE_AT_LEAST);
	n = imm + (cond == RANGE_ABOVE || cond == RANGE_AT_MOST);
	if (!ok || n <= 0 || n > MAX_ENTRIES)
		return COUNT_STOP;
	if (src == reg && v->dst != reg)
		return found(c, n);
	/* mov wI, wX (or a spill of wX) before cmp wX, #N */
	if (src < 32) {
		*w = CW_CAND(*w, src, n);
		*fresh = true;	/* subs may write src itself */
	}
	return COUNT_MORE;
}

/* The same bits of a register as the traced mask keeps. */
static bool same_mask(const struct count_search *c, const struct value_op *v,
		      uint64_t w)
{
	unsigned int id = CW_MASK(w);

	return v->kind == VAL_BOUND && id && c->masks[id - 1].limit == v->imm &&
	       c->masks[id - 1].lsb == v->shift;
}

/*
 * The candidate turns out to bound the index: a copy, another mask, or a
 * reload of the stack slot the index is reloaded from.  A candidate that
 * is itself the mask of another register hands its bound on to that one
 * (*fresh: the candidate changed here, it was not overwritten).
 */
static enum count_step count_candidate(struct count_search *c,
				       const struct value_op *v, uint64_t *w,
				       bool *fresh)
{
	unsigned int reg = CW_REG(*w), cand = CW_CAND_REG(*w);
	int64_t imm;

	if (!cand)
		return COUNT_MORE;
	if (v->kind == VAL_MOV && v->dst == reg && v->src1 == cand - 1)
		return found(c, CW_CAND_N(*w));
	/* the candidate is another masked copy of what is traced */
	if (same_mask(c, v, *w) && v->dst == cand - 1 && v->src1 == reg)
		return found(c, CW_CAND_N(*w));
	/*
	 * the same, of a register that turns out further back to be a copy
	 * of the traced one (clang 14: mov w24, w0; and w8, w0, #0xff;
	 * cmp w8, #0xe; b.hi; and x8, x24, #0xff is the index)
	 */
	if (same_mask(c, v, *w) && v->dst == cand - 1 && v->src1 < 31) {
		*w = CW_CAND(*w, v->src1, CW_CAND_N(*w)) | 1ull << 63;
		*fresh = true;
		return COUNT_MORE;
	}
	/*
	 * the candidate is a reload of the traced stack slot, as wide as the
	 * index's (clang 14: ldr x9, [sp, #24]; cmp w9, #5; b.ls; ...;
	 * ldr x12, [sp, #24] is the index): the same bytes
	 */
	if (CW_REG(*w) == CW_SLOT && is_reload(v, cand - 1, &imm) &&
	    v->src1 == CW_SLOT_BASE(*w) && imm == CW_SLOT_IMM(*w) &&
	    v->size == CW_SLOT_SIZE(*w))
		return found(c, CW_CAND_N(*w));
	/*
	 * the index is a masked copy of the candidate, checked after the
	 * mask (and w0, w1, #0xff; cmp w1, #29; b.hi): both bound it
	 */
	if (v->kind == VAL_BOUND && v->dst == reg && v->src1 == cand - 1 &&
	    !CW_CAND_MASKED(*w))
		return found(c, v->imm < CW_CAND_N(*w) ? v->imm : CW_CAND_N(*w));
	return COUNT_MORE;
}

/* The store that filled the traced stack slot: trace the stored register. */
static enum count_step count_slot_store(struct count_search *c,
					const struct value_op *v, uint64_t *w)
{
	unsigned int stored;

	if (CW_REG(*w) != CW_SLOT)
		return COUNT_MORE;
	stored = stored_slot(v, CW_SLOT_BASE(*w), CW_SLOT_IMM(*w));
	if (stored == REG_NONE)
		return COUNT_MORE;
	if (CW_CAND_REG(*w) && stored == CW_CAND_REG(*w) - 1)
		return found(c, CW_CAND_N(*w));
	*w = CW_WITH_REG(*w, stored);
	return COUNT_FOLLOW;
}

/*
 * adds wI, wX, #N; b.hs: wI = wX + N is in range when it carries.  And
 * ubfx/lsr/and: the index cannot reach past 2^k; a compare further back
 * may bound it tighter, so the source is traced on.
 */
static enum count_step count_arith(struct count_search *c,
				   const struct value_op *v, uint64_t *w)
{
	unsigned int reg = CW_REG(*w), cond = CW_COND(*w);
	bool taken = CW_TAKEN(*w);

	if (v->kind == VAL_ADD_IMM && v->sets_flags && v->dst == reg &&
	    CW_HAVE(*w) && v->imm > 0 && v->imm <= MAX_ENTRIES &&
	    (taken ? cond == RANGE_AT_LEAST : cond == RANGE_BELOW)) {
		c->count = (unsigned int)v->imm;
		return COUNT_FOUND;
	}
	if (v->kind != VAL_BOUND || v->dst != reg)
		return COUNT_MORE;
	if (v->imm <= MAX_ENTRIES && (!c->bound || v->imm < c->bound))
		c->bound = v->imm;
	if (CW_CAND_MASKED(*w))	/* it bounds the bits of this mask's result */
		*w &= ~CW_CAND_BITS;
	*w = CW_WITH_MASK((*w & ~0xffull) | v->src1, mask_id(c, v));
	return COUNT_FOLLOW;
}

/* Otherwise: carry the traced value back through copies and reloads. */
static enum count_step count_carry(const struct value_op *v, uint64_t *w)
{
	unsigned int reg = CW_REG(*w);
	int64_t imm;

	if (v->sets_flags)	/* that check was about something else */
		*w = (*w & ~0x3ffffull) | CW(reg, 0, 0, 0);
	if (is_reload(v, reg, &imm))
		*w = CW_WITH_SLOT(*w, v->src1, imm, v->size);
	else if (v->kind == VAL_MOV && v->dst == reg)
		*w = (*w & ~0x3ffffull) |
		     CW(v->src1, CW_COND(*w), CW_TAKEN(*w), CW_HAVE(*w));
	else if (value_writes(v, reg) ||
		 (reg == CW_SLOT && value_writes(v, CW_SLOT_BASE(*w))) ||
		 (v->kind == VAL_CALL && arch_reg_call_clobbered(reg)))
		return COUNT_DROP;
	return COUNT_FOLLOW;
}

static enum count_step count_at(struct count_search *c,
				const struct value_op *v, uint64_t *w)
{
	unsigned int cand;
	enum count_step r;
	bool fresh = false;

	if ((r = count_compare(c, v, w, &fresh)) != COUNT_MORE ||
	    (r = count_candidate(c, v, w, &fresh)) != COUNT_MORE ||
	    (r = count_slot_store(c, v, w)) != COUNT_MORE)
		return r;
	cand = CW_CAND_REG(*w);
	if (!fresh && cand && value_writes(v, cand - 1))
		*w &= ~CW_CAND_BITS;	/* the candidate changed first */
	if ((r = count_arith(c, v, w)) != COUNT_MORE)
		return r;
	return count_carry(v, w);
}

/*
 * The bounds check that dominates the table load, searched back from it
 * along every path; else the bound of a mask on the way.
 */
static bool find_count(struct jt_scan *s, uint64_t load, unsigned int idx,
		       unsigned int *count)
{
	struct count_search c = { .bound = 0 };
	struct value_op v;

	search_start(&c.q, s);
	if (enqueue_preds(&c.q, load, CW(idx, 0, 0, 0)))
		return false;
	while (c.q.head < c.q.tail) {
		uint64_t at = s->queue[c.q.head++], w = s->queue[c.q.head++];
		enum count_step r;

		arch_decode_value(insn_word(s->sec, at), &v);
		r = count_at(&c, &v, &w);
		if (r == COUNT_FOUND) {
			*count = c.count;
			return true;
		}
		if (r == COUNT_STOP)
			break;
		if (r == COUNT_FOLLOW && enqueue_preds(&c.q, at, w))
			return false;
	}
	if (!c.bound)
		return false;
	*count = (unsigned int)c.bound;
	return true;
}

static bool entry_sign(const struct value_op *add, const struct value_op *load)
{
	switch (add->extend) {
	case EXT_SXTB:
	case EXT_SXTH:
	case EXT_SXTW:
		return true;
	default:
		return load->is_signed;
	}
}

static int cmp_sym_after(const void *key, const void *elem)
{
	const struct object *obj = ((const void *const *)key)[0];
	uint64_t off = *(const uint64_t *)((const void *const *)key)[1];

	return off < obj->syms[*(const uint32_t *)elem].offset ? -1 : 1;
}

/* The size of the data object holding the table, in entries from it. */
static unsigned int object_entries(const struct object *obj, uint32_t sec,
				   uint64_t off, unsigned int size)
{
	const struct section *s = &obj->secs[sec];
	const void *key[2] = { obj, &off };
	size_t i = lower_bound(s->syms, s->nr_syms, sizeof(*s->syms), key,
			       cmp_sym_after);

	/* back from the last symbol at or before off */
	while (i-- > 0) {
		const struct symbol *o = &obj->syms[s->syms[i]];

		if (o->type == STT_OBJECT && o->size && off < o->offset + o->size)
			return (o->offset + o->size - off) / size;
	}
	return 0;
}

/*
 * GCC's computed goto (labels as values): ldr xD, [xT, wI, sxtw #3]; br xD
 * through a table of addresses, each with an ABS64 relocation.  Its size is
 * the bounds check's, or else its data object's.
 */
static bool recognise_absolute(struct jt_scan *s, uint64_t d_load,
			       const struct value_op *load, struct jump_table *jt)
{
	jt->absolute = true;
	jt->size = 8;
	if (!find_address(s, d_load, load->src1, &jt->tsec, &jt->toff))
		return false;
	if (find_count(s, d_load, load->src2, &jt->count))
		return true;
	jt->count = object_entries(s->ctx->obj, jt->tsec, jt->toff, 8);
	return jt->count > 0 && jt->count <= MAX_ENTRIES;
}

/* Recognise the sequence that ends at the br at off through register reg. */
static bool recognise(struct jt_scan *s, uint64_t off, unsigned int reg,
		      struct jump_table *jt)
{
	struct value_op add, base, load;
	uint64_t d_add, d_base, d_load;

	memset(jt, 0, sizeof(*jt));
	s->why = "no jump table is recognised";
	if (!find_def(s, off, reg, &d_add, &add))
		return false;
	if (add.kind == VAL_LOAD_IDX && add.size == 8)
		return recognise_absolute(s, d_add, &add, jt);
	if (add.kind != VAL_ADD_REG || add.shift > 4)
		return false;
	if (!find_def(s, d_add, add.src2, &d_load, &load) ||
	    load.kind != VAL_LOAD_IDX)
		return false;
	jt->size = load.size;
	jt->shift = add.shift;
	jt->is_signed = entry_sign(&add, &load);
	if (!find_def(s, d_add, add.src1, &d_base, &base) || base.kind != VAL_ADR)
		return false;
	jt->anchor = d_base + base.imm;
	if (!find_address(s, d_load, load.src1, &jt->tsec, &jt->toff))
		return false;
	return find_count(s, d_load, load.src2, &jt->count) ||
	       why(s, "no bounds check limits the index of its table");
}

/* An absolute entry: its relocation names the target. */
static bool read_absolute(const struct object *obj, const struct jump_table *jt,
			  unsigned int i, int64_t *target, uint32_t *tsec)
{
	const struct section *t = &obj->secs[jt->tsec];
	const struct reloc *r = reloc_at(t, jt->toff + (uint64_t)i * 8);
	const struct symbol *sym;

	if (!r || arch_reloc_kind(r->type) != RELOC_ABS64)
		return false;
	sym = &obj->syms[r->sym];
	*tsec = sym->sec;
	*target = reloc_dest(obj, r);
	return sym->sec != 0;
}

static bool read_entry(const struct object *obj, const struct jump_table *jt,
		       unsigned int i, int64_t *val)
{
	const struct section *t = &obj->secs[jt->tsec];
	uint64_t at = jt->toff + (uint64_t)i * jt->size;
	const uint8_t *p;
	uint64_t u = 0;
	unsigned int b;

	if (!t->data || at + jt->size > t->size || reloc_at(t, at))
		return false;
	p = t->data + at;
	for (b = 0; b < jt->size; b++)
		u |= (uint64_t)p[obj->big_endian ? jt->size - 1 - b : b] << (8 * b);
	if (jt->is_signed && jt->size < 8)
		*val = (int64_t)(u << (64 - 8 * jt->size)) >> (64 - 8 * jt->size);
	else
		*val = (int64_t)u;
	return true;
}

static int pend(struct pending *p, uint32_t sec, uint64_t from, uint64_t table)
{
	if (VEC_GROW(p->e, p->alloc, p->nr))
		return -1;
	p->e[p->nr++] = (struct edge){ .from = from, .to = table, .to_sec = sec,
				       .type = EDGE_JUMP_TABLE };
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The table's targets, sorted, without repeats; NULL if one is no
 * instruction of this function (then it is no table). */
static uint64_t *table_targets(struct jt_scan *s, const struct jump_table *jt,
			       size_t *nr)
{
	const struct symbol *f = s->func;
	uint64_t *targets = calloc(jt->count, sizeof(*targets));
	unsigned int i;
	size_t n = 0;

	for (i = 0; targets && i < jt->count; i++) {
		uint32_t tsec = f->sec;
		int64_t v, t;

		if (jt->absolute) {
			if (!read_absolute(s->ctx->obj, jt, i, &t, &tsec))
				break;
		} else if (read_entry(s->ctx->obj, jt, i, &v)) {
			/* unsigned: a corrupt entry wraps, and in_func rejects it */
			t = (int64_t)(jt->anchor + ((uint64_t)v << jt->shift));
		} else {
			break;
		}
		if (tsec != f->sec || t < 0 || !in_func(s, (uint64_t)t))
			break;
		targets[i] = t;
	}
	if (!targets)
		return NULL;
	if (i < jt->count) {
		free(targets);
		why(s, "an entry of its table is no instruction of this function");
		return NULL;
	}
	qsort(targets, jt->count, sizeof(*targets), cmp_u64);
	for (i = 0; i < jt->count; i++)
		if (!n || targets[n - 1] != targets[i])
			targets[n++] = targets[i];
	*nr = n;
	return targets;
}

static bool same_table(const struct jump_table *a, const struct jump_table *b)
{
	return a->absolute == b->absolute && a->tsec == b->tsec &&
	       a->toff == b->toff && a->size == b->size &&
	       a->is_signed == b->is_signed && a->shift == b->shift &&
	       a->anchor == b->anchor && a->count == b->count;
}

static void groups_free(struct groups *gs)
{
	size_t i;

	for (i = 0; i < gs->nr; i++) {
		free(gs->g[i].targets);
		free(gs->g[i].brs);
	}
	free(gs->g);
	free(gs->srcs);
	memset(gs, 0, sizeof(*gs));
}

/* The group of table jt, made (with its targets) if there is none. */
static struct group *group_of(struct jt_scan *s, struct groups *gs,
			      const struct jump_table *jt)
{
	struct group *g;
	size_t i;

	for (i = 0; i < gs->nr; i++)
		if (same_table(&gs->g[i].jt, jt))
			return &gs->g[i];
	if (VEC_GROW(gs->g, gs->alloc, gs->nr))
		return NULL;
	g = &gs->g[gs->nr];
	memset(g, 0, sizeof(*g));
	g->jt = *jt;
	g->targets = table_targets(s, jt, &g->nr_targets);
	if (!g->targets)
		return NULL;
	gs->nr++;
	return g;
}

static int group_add(struct group *g, uint64_t br, unsigned int reg)
{
	if (VEC_GROW(g->brs, g->alloc_brs, g->nr_brs))
		return -1;
	g->brs[g->nr_brs++] = (struct candidate_br){ .br = br, .reg = reg };
	g->nr_live++;
	return 0;
}

static int cmp_group_src_sort(const void *a, const void *b)
{
	const struct group_src *x = a, *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return x->group < y->group ? -1 : x->group > y->group;
}

/* The groups' targets, sorted, for enqueue_groups(). */
static int index_groups(struct jt_scan *s, struct groups *gs)
{
	size_t i, k;

	gs->nr_srcs = 0;
	for (i = 0; i < gs->nr; i++)
		for (k = 0; k < gs->g[i].nr_targets; k++) {
			if (VEC_GROW(gs->srcs, gs->alloc_srcs, gs->nr_srcs))
				return -1;
			gs->srcs[gs->nr_srcs++] = (struct group_src){
				gs->g[i].targets[k], i };
		}
	if (gs->nr_srcs > 1)
		qsort(gs->srcs, gs->nr_srcs, sizeof(*gs->srcs), cmp_group_src_sort);
	s->version++;	/* the graph changed */
	return 0;
}

/*
 * Every unresolved br whose table a lenient search finds, in the group of
 * its table (a table with an entry that is no instruction is none).
 */
static int find_candidates(struct jt_scan *s)
{
	const struct symbol *f = s->func;
	uint64_t off;

	s->lenient = true;
	for (off = f->offset; off + 4 <= f->offset + f->size; off += 4) {
		struct jump_table jt;
		struct insn_desc d;
		struct group *g;

		if (!sec_word_is_code(s->sec, off) || s->done[(off - f->offset) / 4] ||
		    slot_kind(s->ctx, f->sec, off) != INSN_JUMP_IND)
			continue;
		arch_decode(insn_word(s->sec, off), &d);
		if (d.reg >= REG_SP)
			continue;
		if (!s->seen && build_sources(s))
			return -1;
		if (!recognise(s, off, d.reg, &jt) ||
		    !(g = group_of(s, &s->hyp, &jt))) {
			s->br_why[(off - f->offset) / 4] = s->why;
			continue;
		}
		if (group_add(g, off, d.reg))
			return -1;
	}
	s->lenient = false;
	return index_groups(s, &s->hyp);
}

/*
 * A resolution must hold on every path that reaches the br.  Paths through
 * code that only the candidates' own br reach are taken with the
 * candidates' targets as given, and the strict search must then find the
 * same table from every path; a candidate it does not is dropped, and the
 * others are checked again without it.  Sound by induction over the
 * executions of the br: the first reaches it on a path that passes no br
 * of the hypothesis, and each later one on a path from an earlier one.
 */
static void verify(struct jt_scan *s)
{
	bool changed = true;
	size_t i, k;

	while (changed) {
		changed = false;
		for (i = 0; i < s->hyp.nr; i++) {
			struct group *g = &s->hyp.g[i];

			for (k = 0; k < g->nr_brs; k++) {
				struct candidate_br *c = &g->brs[k];
				struct jump_table jt;

				if (c->dropped || (recognise(s, c->br, c->reg, &jt) &&
						   same_table(&jt, &g->jt)))
					continue;
				if (recognise(s, c->br, c->reg, &jt))
					why(s, "the table found differs between the paths that reach it");
				s->br_why[(c->br - s->func->offset) / 4] = s->why;
				c->dropped = true;
				g->nr_live--;
				s->version++;	/* its targets are its no more */
				changed = true;
			}
		}
	}
}

/* The checked candidates join the tables found; their targets become
 * predecessors. */
static int accept(struct jt_scan *s)
{
	const struct symbol *f = s->func;
	size_t i, k;

	for (i = 0; i < s->hyp.nr; i++) {
		const struct group *h = &s->hyp.g[i];
		struct group *g = NULL;

		for (k = 0; k < h->nr_brs; k++) {
			const struct candidate_br *c = &h->brs[k];

			if (c->dropped)
				continue;
			if (!g && !(g = group_of(s, &s->found, &h->jt)))
				return -1;
			if (group_add(g, c->br, c->reg))
				return -1;
			s->done[(c->br - f->offset) / 4] = 1;
			s->resolved++;
			if (s->ctx->opts->verbose)
				fprintf(s->ctx->log, "%s: %s+0x%llx: br through a table of %u entries at %s+0x%llx\n",
					s->ctx->obj->name, f->name,
					(unsigned long long)(c->br - f->offset),
					h->jt.count, s->ctx->obj->secs[h->jt.tsec].name,
					(unsigned long long)h->jt.toff);
		}
	}
	return index_groups(s, &s->found);
}

/* The tables found become the context's, one edge a br. */
static int emit_tables(struct jt_scan *s)
{
	struct ctx *ctx = s->ctx;
	size_t i, k;

	for (i = 0; i < s->found.nr; i++) {
		struct group *g = &s->found.g[i];
		struct jump_targets *t;

		if (VEC_GROW(ctx->tables, ctx->alloc_tables, ctx->nr_tables))
			return -1;
		t = &ctx->tables[ctx->nr_tables];
		*t = (struct jump_targets){ .sec = s->func->sec, .off = g->targets,
					    .nr = (uint32_t)g->nr_targets };
		g->targets = NULL;
		for (k = 0; k < g->nr_brs; k++)
			if (pend(s->out, s->func->sec, g->brs[k].br, ctx->nr_tables))
				return -1;
		ctx->nr_tables++;
	}
	return 0;
}

/* Why each br left without a table has none, for its finding. */
static int note_unresolved(struct jt_scan *s)
{
	struct ctx *ctx = s->ctx;
	uint64_t w;

	for (w = 0; w < s->func->size / 4; w++) {
		if (s->done[w] || !s->br_why[w])
			continue;
		if (VEC_GROW(ctx->br_notes, ctx->alloc_br_notes, ctx->nr_br_notes))
			return -1;
		ctx->br_notes[ctx->nr_br_notes++] = (struct br_note){
			{ s->func->sec, s->func->offset + w * 4 }, s->br_why[w] };
	}
	return 0;
}

/*
 * Whether f has a br for find_candidates() to trace.  Almost no function
 * has one (vmlinux.o: 488 in 63,809 functions), and then it needs neither
 * the scan's arrays nor its passes.
 */
static bool has_br(const struct ctx *ctx, const struct symbol *f)
{
	return bitmap_next(ctx->ind_jumps[f->sec], f->offset / 4,
			   func_slot_end(f)) < func_slot_end(f);
}

/*
 * A table's targets are predecessors of code that only they reach, where
 * other tables' registers are defined (GCC's computed goto dispatches from
 * every handler): look again while that finds more.
 */
static int scan_function(struct ctx *ctx, struct pending *out, uint32_t secidx,
			 const struct symbol *func)
{
	struct jt_scan s = { .ctx = ctx, .out = out, .sec = &ctx->obj->secs[secidx],
			     .func = func };
	unsigned int before;
	int ret = 0;

	if (!has_br(ctx, func))
		return 0;
	s.done = calloc(func->size / 4 + 1, 1);
	s.br_why = calloc(func->size / 4 + 1, sizeof(*s.br_why));
	if (!s.done || !s.br_why) {
		free(s.done);
		free(s.br_why);
		return -1;
	}
	do {
		before = s.resolved;
		ret = find_candidates(&s);
		if (!ret && s.hyp.nr) {
			verify(&s);
			ret = accept(&s);
		}
		groups_free(&s.hyp);
	} while (!ret && s.resolved != before);
	if (!ret)
		ret = note_unresolved(&s) || emit_tables(&s);
	groups_free(&s.found);
	flow_free(&s);
	free(s.br_why);
	free(s.srcs);
	free(s.seen);
	free(s.queue);
	free(s.done);
	return ret;
}

/* Function i of sec is scanned: not an alias, by offset, of the one before. */
static bool scanned(const struct object *obj, const struct section *sec,
		    size_t i)
{
	return !i || obj->syms[sec->funcs[i]].offset !=
		     obj->syms[sec->funcs[i - 1]].offset;
}

/* Every function but aliases, one by one. */
static int scan_all(struct ctx *ctx, struct pending *out)
{
	const struct object *obj = ctx->obj;
	size_t s, i;

	for (s = 1; s < obj->nr_secs; s++) {
		const struct section *sec = &obj->secs[s];

		for (i = 0; i < sec->nr_funcs; i++)
			if (scanned(obj, sec, i) &&
			    scan_function(ctx, out, s, &obj->syms[sec->funcs[i]]))
				return -1;
	}
	return 0;
}

/*
 * A large object's functions on -j's threads (par.c): each thread a copy
 * of the context for the tables and notes it makes, and a pending list;
 * then the tables in the order of one thread, renumbered.
 */
struct jt_thread {
	struct ctx ctx;
	struct pending out;
	/* -v: the notes, put in order with the tables (ctx.log): valid
	 * after a flush */
	char *notes;
	size_t len;
};

/* What function k's scan made, in its thread's lists. */
struct jt_result {
	uint32_t thread;
	size_t tables, end_tables;	/* [ , ) of ctx.tables */
	size_t pending, end_pending;	/* of out.e: to is an index there */
	size_t br_notes, end_br_notes;	/* of ctx.br_notes */
	long notes, end_notes;		/* -v: of the thread's notes */
};

struct jt_split {
	struct ctx *ctx;
	const struct symbol **funcs;
	struct jt_result *res;
	struct jt_thread th[PAR_THREADS_MAX];
};

static int scan_item(void *arg, unsigned int thread, size_t k)
{
	struct jt_split *j = arg;
	struct jt_thread *t = &j->th[thread];
	struct jt_result *r = &j->res[k];
	const struct symbol *f = j->funcs[k];
	int ret;

	r->thread = thread;
	r->tables = t->ctx.nr_tables;
	r->pending = t->out.nr;
	r->br_notes = t->ctx.nr_br_notes;
	r->notes = t->ctx.opts->verbose ? ftell(t->ctx.log) : 0;
	ret = scan_function(&t->ctx, &t->out, f->sec, f);
	r->end_tables = t->ctx.nr_tables;
	r->end_pending = t->out.nr;
	r->end_br_notes = t->ctx.nr_br_notes;
	r->end_notes = t->ctx.opts->verbose ? ftell(t->ctx.log) : 0;
	return ret;
}

/* Function k's tables and edges, moved over with the tables renumbered. */
static int merge_one(struct ctx *ctx, struct pending *out, struct jt_thread *t,
		     const struct jt_result *r)
{
	size_t base = ctx->nr_tables, i;

	for (i = r->tables; i < r->end_tables; i++) {
		if (VEC_GROW(ctx->tables, ctx->alloc_tables, ctx->nr_tables))
			return -1;
		ctx->tables[ctx->nr_tables++] = t->ctx.tables[i];
		t->ctx.tables[i].off = NULL;
	}
	for (i = r->pending; i < r->end_pending; i++) {
		const struct edge *e = &t->out.e[i];

		if (pend(out, e->to_sec, e->from, base + (e->to - r->tables)))
			return -1;
	}
	/* in order too: nested functions note one br twice, and the sort
	 * by place orders those two as they come */
	for (i = r->br_notes; i < r->end_br_notes; i++) {
		if (VEC_GROW(ctx->br_notes, ctx->alloc_br_notes, ctx->nr_br_notes))
			return -1;
		ctx->br_notes[ctx->nr_br_notes++] = t->ctx.br_notes[i];
	}
	if (r->end_notes > r->notes)
		fwrite(t->notes + r->notes, 1, (size_t)(r->end_notes - r->notes),
		       ctx->log);
	return 0;
}

static size_t list_functions(const struct object *obj, const struct symbol **funcs)
{
	size_t s, i, n = 0;

	for (s = 1; s < obj->nr_secs; s++) {
		const struct section *sec = &obj->secs[s];

		for (i = 0; i < sec->nr_funcs; i++)
			if (scanned(obj, sec, i))
				funcs[n++] = &obj->syms[sec->funcs[i]];
	}
	return n;
}

/* A thread's copy of the context: its own tables, notes and log. */
static int jt_thread_init(struct jt_thread *t, const struct ctx *ctx)
{
	memset(t, 0, sizeof(*t));
	t->ctx = *ctx;
	t->ctx.tables = NULL;
	t->ctx.nr_tables = t->ctx.alloc_tables = 0;
	t->ctx.br_notes = NULL;
	t->ctx.nr_br_notes = t->ctx.alloc_br_notes = 0;
	if (!ctx->opts->verbose)
		return 0;
	t->ctx.log = open_memstream(&t->notes, &t->len);
	return t->ctx.log ? 0 : -1;
}

static void jt_thread_free(struct jt_thread *t, const struct ctx *ctx)
{
	size_t k;

	if (t->ctx.log && t->ctx.log != ctx->log)
		fclose(t->ctx.log);
	for (k = 0; k < t->ctx.nr_tables; k++)
		free(t->ctx.tables[k].off);
	free(t->ctx.tables);
	free(t->ctx.br_notes);
	free(t->out.e);
	free(t->notes);
}

static int scan_split(struct ctx *ctx, struct pending *out, unsigned int threads)
{
	struct jt_split j = { .ctx = ctx };
	size_t n = 0, k;
	unsigned int t;
	int ret = 0;

	j.funcs = malloc((ctx->obj->nr_syms + 1) * sizeof(*j.funcs));
	j.res = calloc(ctx->obj->nr_syms + 1, sizeof(*j.res));
	if (!j.funcs || !j.res)
		ret = -1;
	for (t = 0; t < threads; t++)
		if (jt_thread_init(&j.th[t], ctx))
			ret = -1;
	if (!ret) {
		n = list_functions(ctx->obj, j.funcs);
		ret = par_for(threads, n, 64, scan_item, &j);
	}
	/* -v: the notes' buffers made final */
	for (t = 0; t < threads && !ret && ctx->opts->verbose; t++)
		ret = fflush(j.th[t].ctx.log) ? -1 : 0;
	for (k = 0; !ret && k < n; k++)
		ret = merge_one(ctx, out, &j.th[j.res[k].thread], &j.res[k]);
	for (t = 0; t < threads; t++)
		jt_thread_free(&j.th[t], ctx);
	free(j.res);
	free(j.funcs);
	return ret;
}

/*
 * Find the table of every br.  Must run before noreturn inference and the
 * walk, which both follow the edges made here, and after the special
 * sections' edges are sorted, which it reads as predecessors.
 */
int jump_tables_find(struct ctx *ctx)
{
	unsigned int threads = par_threads(ctx);
	struct pending out = { 0 };
	size_t i;
	int ret;

	ret = threads > 1 ? scan_split(ctx, &out, threads) : scan_all(ctx, &out);
	if (ctx->nr_br_notes > 1)
		qsort(ctx->br_notes, ctx->nr_br_notes, sizeof(*ctx->br_notes), cmp_place);
	/* every source the edges' list is read as, then the new edges */
	for (i = 0; i < out.nr && !ret; i++) {
		const struct edge *e = &out.e[i];

		ret = edge_add(ctx, e->to_sec, e->from, e->to_sec, e->to, EDGE_JUMP_TABLE);
	}
	free(out.e);
	return ret;
}
