// SPDX-License-Identifier: GPL-2.0
/*
 * Which functions never return to their caller.  This file alone decides;
 * the walk and the other passes ask.  A function never returns when
 *  - its name is on the documented list (arch/arm64/noreturns.h), and
 *    its body, if the object has one, cannot be replaced at link time;
 *  - the object defines it, and no path from its entry reaches a return,
 *    a tail call or an indirect jump: every path ends in a call to a
 *    function that never returns, a trap or a loop (inference from its
 *    own body, before the walk).
 * Nothing else makes a function noreturn: a function this object does not
 * define and the list does not name returns, whatever the code after a
 * call to it looks like.  A join that mismatches or a fall-off after such
 * a call is a finding at that site, never a guess.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "noreturn.h"
#include "par.h"
#include "validate/vec.h"

/* Whether off is a word of a code section, with a bit of its own in
 * ctx->noreturn_starts. */
static bool word_covers(const struct ctx *ctx, uint32_t sec, uint64_t off)
{
	return sec < ctx->obj->nr_secs && ctx->noreturn_starts[sec] &&
	       !(off & 3) && off / 4 <= ctx->obj->secs[sec].size / 4;
}

/*
 * Flag a symbol noreturn; a defined one's start joins ctx->noreturn_at at
 * once, as the inference asks about calls between its marks.
 */
static int mark_noreturn(struct ctx *ctx, size_t idx)
{
	const struct symbol *s = &ctx->obj->syms[idx];
	struct place at = { s->sec, s->offset };
	size_t i;

	ctx->sym_flags[idx] |= SYMF_NORETURN;
	if (!s->sec)
		return 0;
	if (VEC_GROW(ctx->noreturn_at, ctx->alloc_noreturn_at, ctx->nr_noreturn_at))
		return -1;
	i = lower_bound(ctx->noreturn_at, ctx->nr_noreturn_at, sizeof(at), &at,
			cmp_place);
	memmove(&ctx->noreturn_at[i + 1], &ctx->noreturn_at[i],
		(ctx->nr_noreturn_at - i) * sizeof(at));
	ctx->noreturn_at[i] = at;
	ctx->nr_noreturn_at++;
	if (word_covers(ctx, s->sec, s->offset))
		bitmap_set(ctx->noreturn_starts[s->sec], s->offset / 4);
	return 0;
}

/* On the documented list, as a body that cannot be replaced or none. */
static bool named_noreturn(const struct ctx *ctx, const struct symbol *s)
{
	return (s->type == STT_FUNC || s->type == STT_NOTYPE) && !s->mapping &&
	       !(s->sec && symbol_replaceable(ctx->obj, s)) &&
	       arch_name_is_noreturn(s->name);
}

/* A large object's symbols looked up on -j's threads (par.c). */
struct named_split {
	const struct ctx *ctx;
	bool *named;
};

static int named_item(void *arg, unsigned int thread, size_t k)
{
	struct named_split *n = arg;

	(void)thread;
	n->named[k + 1] = named_noreturn(n->ctx, &n->ctx->obj->syms[k + 1]);
	return 0;
}

/*
 * The documented list, looked up once a symbol: a bsearch of its name,
 * 10 ms over vmlinux.o's 243,000 symbols, split over the threads; the
 * functions found are marked in symbol order all the same.
 */
int noreturn_named(struct ctx *ctx)
{
	unsigned int threads = par_threads(ctx);
	struct named_split n = { .ctx = ctx };
	size_t i, nr = ctx->obj->nr_syms;
	int ret = 0;

	if (threads > 1 && nr > 1) {
		n.named = calloc(nr, sizeof(*n.named));
		if (!n.named || par_for(threads, nr - 1, 4096, named_item, &n)) {
			free(n.named);
			return -1;
		}
	}
	for (i = 1; i < nr && !ret; i++)
		if (n.named ? n.named[i] : named_noreturn(ctx, &ctx->obj->syms[i]))
			ret = mark_noreturn(ctx, i);
	free(n.named);
	return ret;
}

struct reach {
	struct place *stack;
	size_t nr, alloc;
	/* a search beside others (infer_split()): in generation gen, on
	 * what is the function's own only; the calls and branches it found
	 * to return, asked again in turn (struct asked) */
	bool split;
	uint32_t gen;
	struct asked *asked;
	size_t nr_asked, alloc_asked;
	/* while split, the jump tables this search took (a table's own gen
	 * may be another search's to write) */
	uint32_t *tables;
	size_t nr_tables, alloc_tables;
};

/* may_return(): the search reached what another search may write. */
#define RET_GIVEN_UP	3

static int reach_push(struct reach *r, uint32_t sec, uint64_t off)
{
	if (VEC_GROW(r->stack, r->alloc, r->nr))
		return -1;
	r->stack[r->nr++] = (struct place){ sec, off };
	return 0;
}

static bool took_table(const struct reach *r, uint32_t table)
{
	size_t i;

	for (i = 0; i < r->nr_tables; i++)
		if (r->tables[i] == table)
			return true;
	return false;
}

/* Where an edge goes; a jump table's targets once a search. */
static int reach_edge(struct ctx *ctx, struct reach *r, const struct edge *e,
		      uint32_t gen)
{
	struct jump_targets *t;
	uint32_t k;

	if (e->type == EDGE_WARN)
		return 0;
	if (e->type != EDGE_JUMP_TABLE)
		return reach_push(r, e->to_sec, e->to);
	t = &ctx->tables[e->to];
	if (r->split) {
		if (took_table(r, (uint32_t)e->to))
			return 0;
		if (VEC_GROW(r->tables, r->alloc_tables, r->nr_tables))
			return -1;
		r->tables[r->nr_tables++] = (uint32_t)e->to;
	} else {
		if (t->gen == gen)
			return 0;
		t->gen = gen;
	}
	for (k = 0; k < t->nr; k++)
		if (reach_push(r, t->sec, t->off[k]))
			return -1;
	return 0;
}

/*
 * Follow (sec, off) from an instruction at `from`: in f, or in the
 * replacement stream `from` belongs to.  False if that leaves f.
 */
static bool reach_next(struct ctx *ctx, const struct symbol *f,
		       const struct place *from, struct target *t)
{
	struct alt_group *g;
	int stream;

	if (t->kind != TARGET_CODE)
		return false;
	if ((ctx->slots[from->sec][from->off / 4].alt & ALT_REPL) &&
	    alt_stream_at(ctx, from->sec, from->off, &g, &stream) &&
	    alt_stream_next(g, stream, &t->sec, &t->off) == ALT_NEXT_STREAM)
		return true;
	return target_in(f, t);
}

/* A word the search goes straight past: code that only falls through. */
static bool plain_word(const struct section *sec, const struct insn_slot *slot,
		       uint64_t off)
{
	switch (slot->kind) {
	case INSN_JUMP: case INSN_JUMP_COND: case INSN_JUMP_IND:
	case INSN_CALL: case INSN_RET: case INSN_ERET:
	case INSN_BRK: case INSN_HLT: case INSN_UDF:
		return false;
	default:
		return sec_word_is_code(sec, off) && !slot->has_edges &&
		       !(slot->alt & ALT_REPL);
	}
}

/*
 * After a word of f's own that only falls through: the words after it
 * that do the same, seen as the search would see them one at a time, and
 * where it goes on (*at) or false if that runs off the end of f.  Most of
 * a function is such runs, and each costs a slot test a word this way.
 */
static bool past_plain(struct ctx *ctx, const struct symbol *f,
		       struct place *at, uint32_t gen)
{
	const struct section *sec = &ctx->obj->secs[f->sec];
	struct insn_slot *slots = ctx->slots[f->sec];
	uint64_t off = at->off + 4, end = f->offset + f->size;

	for (; off < end; off += 4) {
		struct insn_slot *slot = &slots[off / 4];

		/* the kind first: another search's stream word under f's
		 * symbol is no plain word, and its gen that search's */
		if (!plain_word(sec, slot, off) || slot_seen(slot, gen))
			break;
		slot_see(slot, gen);
	}
	at->off = off;
	return off < end;
}

/* While split: a word of f's, or of a replacement stream of f's. */
static bool search_owns(struct ctx *ctx, const struct symbol *f,
			const struct place *at)
{
	struct alt_group *g;
	int stream;

	if (ctx->slots[at->sec][at->off / 4].alt & ALT_REPL)
		return alt_stream_at(ctx, at->sec, at->off, &g, &stream) &&
		       symbol_covers(f, g->sec, g->off) &&
		       g->len <= f->offset + f->size - g->off;
	return symbol_covers(f, at->sec, at->off);
}

/*
 * A call or branch a split search found to return, to ask
 * noreturn_target() again after the threads: a place in a code section
 * (sec > 0), or else the callee target_callee() names (sec 0, an extern,
 * or a place past 4 GiB); a target with no callee never changes its
 * answer.  8 bytes, not the target's 24: vmlinux.o's searches ask about
 * 300,000 calls, and their pages, faulted in by two threads at once, cost
 * more than the searches; nor the callee's lookup a call, most of which
 * no mark ever concerns.
 */
struct asked {
	uint32_t sec;
	uint32_t off_or_sym;
};

/* noreturn_target(), its "returns" answers kept while split: 1, 0, or
 * -1 out of memory. */
static int asked(struct ctx *ctx, struct reach *r, const struct target *t)
{
	struct asked a = { .sec = t->sec, .off_or_sym = (uint32_t)t->off };
	const struct symbol *f;

	if (noreturn_target(ctx, t))
		return 1;
	if (!r->split)
		return 0;
	if (t->kind != TARGET_CODE || !t->sec || t->off > UINT32_MAX) {
		if (!(f = target_callee(ctx, t)))
			return 0;
		a = (struct asked){ 0, (uint32_t)(f - ctx->obj->syms) };
	}
	if (VEC_GROW(r->asked, r->alloc_asked, r->nr_asked))
		return -1;
	r->asked[r->nr_asked++] = a;
	return 0;
}

/*
 * 2 if some path from the entry of f reaches a return or an indirect tail
 * call (whatever other functions turn out to do), 1 if some path leaves it
 * otherwise than by a noreturn call or a trap, 0 if none does, -1 on
 * allocation failure; while split, RET_GIVEN_UP if it reaches what is not
 * f's own.
 */
static int may_return(struct ctx *ctx, const struct symbol *f, struct reach *r)
{
	uint32_t gen = r->split ? r->gen : ctx_new_gen(ctx);
	struct place at;
	bool carry = false;	/* at is the next word, pushed and popped */

	r->nr = 0;
	r->nr_tables = 0;
	if (reach_push(r, f->sec, f->offset))
		return -1;
	while (carry || r->nr) {
		const struct section *sec;
		struct target t;
		const struct edge *e;
		struct insn_desc d;
		size_t nr, i;
		bool next = true;
		int nr_ret;

		if (!carry)
			at = r->stack[--r->nr];
		carry = false;
		sec = &ctx->obj->secs[at.sec];
		t = (struct target){ .kind = TARGET_CODE, .sec = at.sec };
		if (!sec_word_is_code(sec, at.off))
			continue;
		if (r->split && !search_owns(ctx, f, &at))
			return RET_GIVEN_UP;
		if (slot_seen(&ctx->slots[at.sec][at.off / 4], gen))
			continue;
		slot_see(&ctx->slots[at.sec][at.off / 4], gen);
		d.kind = slot_kind(ctx, at.sec, at.off);
		if (d.kind == INSN_JUMP || d.kind == INSN_JUMP_COND || d.kind == INSN_CALL)
			arch_decode(insn_word(sec, at.off), &d);
		e = edges_from(ctx, at.sec, at.off, &nr);
		for (i = 0; i < nr; i++)
			if (reach_edge(ctx, r, &e[i], gen))
				return -1;
		switch (d.kind) {
		case INSN_RET:
		case INSN_ERET:
			return 2;
		case INSN_JUMP_IND:
			if (!nr)
				return 2;	/* an indirect tail call */
			next = false;
			break;
		case INSN_JUMP:
		case INSN_JUMP_COND:
			branch_target(ctx, sec, at.off, &d, &t);
			if (reach_next(ctx, f, &at, &t)) {
				if (reach_push(r, t.sec, t.off))
					return -1;
			} else if ((nr_ret = asked(ctx, r, &t)) <= 0) {
				return nr_ret < 0 ? -1 : 1;
			}
			next = d.kind == INSN_JUMP_COND;
			break;
		case INSN_CALL:
			branch_target(ctx, sec, at.off, &d, &t);
			if ((nr_ret = asked(ctx, r, &t)) < 0)
				return -1;
			next = !nr_ret;
			break;
		case INSN_BRK:
			arch_decode(insn_word(sec, at.off), &d);
			next = arch_brk_continues(d.imm);
			for (i = 0; i < nr; i++)
				next |= e[i].type == EDGE_WARN;
			break;
		case INSN_HLT:
		case INSN_UDF:
			next = false;
			break;
		default:
			break;
		}
		if (!next)
			continue;
		/* on to the next word of f: past those that only fall through */
		if (symbol_covers(f, at.sec, at.off) &&
		    !(ctx->slots[at.sec][at.off / 4].alt & ALT_REPL)) {
			if (!past_plain(ctx, f, &at, gen))
				return 1;	/* falls into whatever follows */
			carry = true;
			continue;
		}
		t = (struct target){ .kind = TARGET_CODE, .sec = at.sec, .off = at.off + 4 };
		if (!reach_next(ctx, f, &at, &t))
			return 1;		/* falls into whatever follows */
		/* pushed last, it would be popped first: go on with it */
		at = (struct place){ t.sec, t.off };
		carry = true;
	}
	return 0;
}

/* Whether f is searched in this round: not yet known either way. */
static bool undecided(const struct ctx *ctx, uint32_t idx)
{
	const struct symbol *f = &ctx->obj->syms[idx];

	return !(ctx->sym_flags[idx] & (SYMF_NORETURN | SYMF_RETURNS)) &&
	       !symbol_replaceable(ctx->obj, f) && f->size;
}

/* What a search found, kept: 0 marks f noreturn (and *changed). */
static int settle(struct ctx *ctx, uint32_t idx, int ret, bool *changed)
{
	const struct symbol *f = &ctx->obj->syms[idx];

	/* a return of its own: no later round can change it */
	if (ret == 2)
		ctx->sym_flags[idx] |= SYMF_RETURNS;
	if (ret)
		return 0;
	if (mark_noreturn(ctx, idx))
		return -1;
	*changed = true;
	if (ctx->opts->verbose)
		fprintf(ctx->log, "%s: %s never returns: no path from its entry returns; each ends in a call that never returns, a trap or a loop\n",
			ctx->obj->name, f->name);
	return 0;
}

/* One round over every function, in order, on one thread. */
static int infer_round(struct ctx *ctx, struct reach *r, bool *changed)
{
	const struct object *obj = ctx->obj;
	size_t s, i;

	for (s = 1; s < obj->nr_secs; s++) {
		const struct section *sec = &obj->secs[s];

		for (i = 0; i < sec->nr_funcs; i++) {
			uint32_t idx = sec->funcs[i];
			int ret;

			if (!undecided(ctx, idx))
				continue;
			ret = may_return(ctx, &obj->syms[idx], r);
			if (ret < 0 || settle(ctx, idx, ret, changed))
				return -1;
		}
	}
	return 0;
}

/*
 * The first round of a large object on -j's threads (par.c): each search
 * on what is its function's own, in one generation, with the flags as
 * the round found them; then in order, as one thread: a search whose
 * function a search before it in the round made noreturn would have gone
 * otherwise (a call or branch it found to return now does not), and one
 * that gave up, are done again, alone.  The rest are as they were.
 */
struct infer_item {
	int ret;
	uint32_t thread;
	size_t asked, end_asked;	/* of that thread's asked[] */
};

struct infer_split {
	struct ctx *ctx;
	uint32_t *funcs;		/* undecided, in order */
	bool *alone;			/* shares a slot: done after, alone */
	struct infer_item *res;
	struct reach r[PAR_THREADS_MAX];
};

static int infer_item(void *arg, unsigned int thread, size_t k)
{
	struct infer_split *sp = arg;
	struct reach *r = &sp->r[thread];
	struct infer_item *it = &sp->res[k];

	it->thread = thread;
	it->asked = r->nr_asked;
	it->ret = sp->alone[k] ? RET_GIVEN_UP :
		  may_return(sp->ctx, &sp->ctx->obj->syms[sp->funcs[k]], r);
	it->end_asked = r->nr_asked;
	return it->ret < 0 ? -1 : 0;
}

/* Whether a call or branch the search found to return now does not. */
static bool answer_changed(struct ctx *ctx, const struct reach *r,
			   const struct infer_item *it)
{
	size_t i;

	for (i = it->asked; i < it->end_asked; i++) {
		const struct asked *a = &r->asked[i];
		struct target t = { .kind = TARGET_CODE, .sec = a->sec,
				    .off = a->off_or_sym };

		/* noreturn_target() of a target whose callee it is: marks
		 * come from mark_noreturn() alone */
		if (a->sec ? noreturn_target(ctx, &t) :
			     ctx->sym_flags[a->off_or_sym] & SYMF_NORETURN)
			return true;
	}
	return false;
}

static size_t list_undecided(const struct ctx *ctx, uint32_t *funcs)
{
	const struct object *obj = ctx->obj;
	size_t s, i, n = 0;

	for (s = 1; s < obj->nr_secs; s++)
		for (i = 0; i < obj->secs[s].nr_funcs; i++)
			if (undecided(ctx, obj->secs[s].funcs[i]))
				funcs[n++] = obj->secs[s].funcs[i];
	return n;
}

static int infer_split(struct ctx *ctx, struct reach *alone,
		       unsigned int threads, bool *changed)
{
	struct infer_split sp = { .ctx = ctx };
	uint32_t gen = ctx_new_gen(ctx);
	size_t n = 0, k;
	unsigned int t;
	int ret = -1;

	sp.funcs = malloc((ctx->obj->nr_syms + 1) * sizeof(*sp.funcs));
	sp.alone = calloc(ctx->obj->nr_syms + 1, sizeof(*sp.alone));
	sp.res = calloc(ctx->obj->nr_syms + 1, sizeof(*sp.res));
	for (t = 0; t < threads; t++)
		sp.r[t] = (struct reach){ .split = true, .gen = gen };
	if (sp.funcs && sp.alone && sp.res) {
		n = list_undecided(ctx, sp.funcs);
		/* aliases and nested functions: one search's marks would
		 * end the other's */
		if (!par_alone(ctx, sp.funcs, n, sp.alone))
			ret = par_for(threads, n, 64, infer_item, &sp);
	}
	for (k = 0; !ret && k < n; k++) {
		struct infer_item *it = &sp.res[k];
		int rc = it->ret;

		if (rc == RET_GIVEN_UP || answer_changed(ctx, &sp.r[it->thread], it))
			rc = may_return(ctx, &ctx->obj->syms[sp.funcs[k]], alone);
		ret = rc < 0 ? -1 : settle(ctx, sp.funcs[k], rc, changed);
	}
	for (t = 0; t < threads; t++) {
		free(sp.r[t].stack);
		free(sp.r[t].asked);
		free(sp.r[t].tables);
	}
	free(sp.res);
	free(sp.alone);
	free(sp.funcs);
	return ret;
}

/*
 * Mark the functions of this object that provably never return.  Knowing one
 * can prove its callers, so repeat until nothing changes.  Must run before
 * the walk, which ends a path at a call to a noreturn function.
 */
int noreturn_infer(struct ctx *ctx)
{
	unsigned int threads = par_threads(ctx);
	struct reach r = { 0 };
	bool changed = true;
	int rounds = 0, ret = 0;

	if (threads > 1) {
		changed = false;
		rounds = 1;
		ret = infer_split(ctx, &r, threads, &changed);
	}
	while (!ret && changed && rounds++ < 16) {
		changed = false;
		ret = infer_round(ctx, &r, &changed);
	}
	free(r.stack);
	return ret;
}

/* Whether a symbol flagged noreturn starts at (sec, off): a search
 * written out, as every call asks. */
static bool noreturn_starts_at(const struct ctx *ctx, uint32_t sec, uint64_t off)
{
	const struct place *p = ctx->noreturn_at;
	size_t lo = 0, hi = ctx->nr_noreturn_at;

	/* a code word: its bit knows, without the search (the walk asks at
	 * every branch and call) */
	if (word_covers(ctx, sec, off))
		return bitmap_test(ctx->noreturn_starts[sec], off / 4);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p[mid].sec < sec || (p[mid].sec == sec && p[mid].off < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ctx->nr_noreturn_at && p[lo].sec == sec && p[lo].off == off;
}

/*
 * The callee target_callee() finds for code starts where the target is,
 * in its section: with no flagged symbol starting there it returns, and
 * the search for it is spared.
 */
bool noreturn_target(struct ctx *ctx, const struct target *t)
{
	const struct symbol *f;

	if (t->kind == TARGET_CODE && !noreturn_starts_at(ctx, t->sec, t->off))
		return false;
	f = target_callee(ctx, t);
	return f && (ctx->sym_flags[f - ctx->obj->syms] & SYMF_NORETURN);
}

/*
 * A blr last in its function: the compiler placed nothing after the call,
 * so it knew the function it calls through the pointer never returns
 * (a noreturn function pointer type).  That explains running off the
 * function there; it names no function to make noreturn.
 */
bool noreturn_blr_at_end(struct ctx *ctx, uint32_t sec, uint64_t call)
{
	const struct section *s = &ctx->obj->secs[sec];

	return sec_word_is_code(s, call) && slot_kind(ctx, sec, call) == INSN_CALL_IND;
}
