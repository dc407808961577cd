// SPDX-License-Identifier: GPL-2.0
/*
 * Decode every code word once and keep its kind: the passes before the
 * walk look for branches, calls and br, and decode in full only those;
 * they find them in ctx->transfers (br alone in ctx->ind_jumps), not
 * word by word.  Branch targets are marked too: the walk reads a constant
 * from the words before an instruction only if no branch lands in
 * between.
 *
 * A large object's words are decoded in runs on -j's threads (par.c).
 */
#include <stdlib.h>

#include "kinds.h"
#include "par.h"
#include "validate/vec.h"

/* Words a run: a multiple of 64, so that a word of ctx->transfers is one
 * run's alone. */
#define RUN_WORDS	(1u << 15)

/* A run of one section's words [lo, hi). */
struct run {
	uint32_t sec;
	uint64_t lo, hi;
};

/* Branch targets in another run, whose branched_to bit (its slot's
 * second byte) that run's thread may be writing: set after the threads. */
struct far {
	struct place *at;
	size_t nr, alloc;
};

struct kinds_split {
	struct ctx *ctx;
	struct run *runs;
	size_t nr_runs, alloc_runs;
	struct far far[PAR_THREADS_MAX];
};

static bool is_transfer(uint8_t k)
{
	return k == INSN_JUMP || k == INSN_JUMP_COND || k == INSN_CALL ||
	       k == INSN_JUMP_IND;
}

/* far: NULL on one thread, else where targets outside the run go. */
static int decode_word(struct ctx *ctx, const struct run *r, uint64_t w,
		       struct far *far)
{
	const struct section *sec = &ctx->obj->secs[r->sec];
	struct insn_slot *slots = ctx->slots[r->sec];
	int32_t target;
	int64_t to;
	uint8_t k;

	k = arch_decode_kind(insn_word(sec, w * 4), &target);
	slots[w].kind = k;
	if (is_transfer(k))
		bitmap_set(ctx->transfers[r->sec], w);
	if (k == INSN_JUMP_IND)
		bitmap_set(ctx->ind_jumps[r->sec], w);
	/* where the branch lands without its relocation, if any */
	to = (int64_t)w * 4 + target;
	if ((k != INSN_JUMP && k != INSN_JUMP_COND) || to < 0 ||
	    (uint64_t)to + 4 > sec->size || (to & 3))
		return 0;
	if (!far || ((uint64_t)to / 4 >= r->lo && (uint64_t)to / 4 < r->hi)) {
		slots[to / 4].branched_to = 1;
		return 0;
	}
	if (VEC_GROW(far->at, far->alloc, far->nr))
		return -1;
	far->at[far->nr++] = (struct place){ r->sec, (uint64_t)to };
	return 0;
}

/*
 * 64 words at a time: those the arch says may have a kind, less data; a
 * slot's kind is INSN_OTHER (0) from its allocation, and most words keep
 * it.
 */
static int decode_run(struct ctx *ctx, const struct run *r, struct far *far)
{
	const struct section *sec = &ctx->obj->secs[r->sec];
	uint64_t w, end;

	for (w = r->lo; w < r->hi; w = end) {
		uint64_t todo;

		end = (w | 63) + 1 < r->hi ? (w | 63) + 1 : r->hi;
		todo = arch_words_with_kind(sec->data + w * 4, (unsigned int)(end - w)) &
		       ~(sec_words_data(sec, w) >> (w % 64));
		for (; todo; todo &= todo - 1)
			if (decode_word(ctx, r, w + __builtin_ctzll(todo), far))
				return -1;
	}
	return 0;
}

static int add_runs(struct kinds_split *k)
{
	const struct object *obj = k->ctx->obj;
	size_t i;

	for (i = 1; i < obj->nr_secs; i++) {
		uint64_t words = obj->secs[i].size / 4, lo;

		if (!sec_is_code(&obj->secs[i]))
			continue;
		for (lo = 0; lo < words; lo += RUN_WORDS) {
			if (VEC_GROW(k->runs, k->alloc_runs, k->nr_runs))
				return -1;
			k->runs[k->nr_runs++] = (struct run){
				(uint32_t)i, lo, words - lo > RUN_WORDS ? lo + RUN_WORDS : words };
		}
	}
	return 0;
}

static int run_item(void *arg, unsigned int thread, size_t i)
{
	struct kinds_split *k = arg;

	return decode_run(k->ctx, &k->runs[i], &k->far[thread]);
}

static int decode_split(struct ctx *ctx, unsigned int threads)
{
	struct kinds_split k = { .ctx = ctx };
	unsigned int t;
	size_t i;
	int ret;

	ret = add_runs(&k) ||
	      par_for(threads, k.nr_runs, 1, run_item, &k) ? -1 : 0;
	for (t = 0; t < threads; t++) {
		for (i = 0; !ret && i < k.far[t].nr; i++)
			ctx->slots[k.far[t].at[i].sec][k.far[t].at[i].off / 4].branched_to = 1;
		free(k.far[t].at);
	}
	free(k.runs);
	return ret;
}

int decode_kinds(struct ctx *ctx)
{
	unsigned int threads = par_threads(ctx);
	size_t i;

	if (threads > 1)
		return decode_split(ctx, threads);
	for (i = 1; i < ctx->obj->nr_secs; i++) {
		const struct section *sec = &ctx->obj->secs[i];
		struct run r = { (uint32_t)i, 0, sec->size / 4 };

		if (sec_is_code(sec) && decode_run(ctx, &r, NULL))
			return -1;
	}
	return 0;
}
