// SPDX-License-Identifier: GPL-2.0
/*
 * A loop over items on threads: each thread takes the next batch of
 * items until none is left, so a slow batch holds up no other.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "par.h"

/*
 * An object of fewer code words is done on one thread whatever -j says:
 * its passes cost less than starting threads (vmlinux.o has 1.2M words, a
 * large module 256K).  VALIDATE_SPLIT_WORDS (main.c) sets it for the
 * tests.
 */
#define PAR_WORDS	(1ull << 18)

uint64_t par_min_words(const struct options *opts)
{
	return opts->split_words ? opts->split_words : PAR_WORDS;
}

unsigned int par_threads(const struct ctx *ctx)
{
	if (ctx->opts->jobs < 2 ||
	    object_code_words(ctx->obj) < par_min_words(ctx->opts))
		return 1;
	return ctx->opts->jobs < PAR_THREADS_MAX ? ctx->opts->jobs : PAR_THREADS_MAX;
}

/*
 * A function's slots are its offset / 4 up to its end rounded up (a
 * corrupt symbol need not be aligned).  By section, then offset: a
 * function shares a slot iff it starts before the furthest end so far,
 * or ends after the next one starts.
 */
static void shared_slots(const struct object *obj, const uint32_t *syms,
			 size_t nr, bool *alone)
{
	uint64_t max_end = 0;
	uint32_t sec = 0;
	size_t k;

	for (k = 0; k < nr; k++) {
		const struct symbol *f = &obj->syms[syms[k]];
		const struct symbol *n = k + 1 < nr ? &obj->syms[syms[k + 1]] : NULL;
		uint64_t lo = f->offset / 4, hi = (f->offset + f->size + 3) / 4;

		if (f->sec != sec)
			max_end = 0;
		sec = f->sec;
		alone[k] = lo < max_end ||
			   (n && n->sec == sec && n->offset / 4 < hi);
		if (hi > max_end)
			max_end = hi;
	}
}

/* The functions holding another group's stream word: by_sym[index]. */
static void foreign_streams(const struct ctx *ctx, bool *by_sym)
{
	const struct object *obj = ctx->obj;
	size_t i;

	for (i = 0; i < ctx->nr_repl; i++) {
		const struct alt_repl *r = &ctx->repl[i];
		const struct alt_group *g = &ctx->alts[r->group];
		const struct section *sec = &obj->secs[r->sec];
		uint64_t off;

		for (off = r->off; off < r->off + r->len; off += 4) {
			const struct symbol *f = func_at(obj, sec, off);

			if (f && !symbol_covers(f, g->sec, g->off))
				by_sym[f - obj->syms] = true;
		}
	}
}

int par_alone(const struct ctx *ctx, const uint32_t *syms, size_t nr,
	      bool *alone)
{
	bool *foreign = calloc(ctx->obj->nr_syms + 1, sizeof(*foreign));
	size_t k;

	if (!foreign)
		return -1;
	shared_slots(ctx->obj, syms, nr, alone);
	foreign_streams(ctx, foreign);
	for (k = 0; k < nr; k++)
		alone[k] |= foreign[syms[k]];
	free(foreign);
	return 0;
}

struct par_loop {
	size_t n, batch;
	size_t next;			/* the next batch's first item: atomic */
	bool failed;			/* atomic */
	par_fn fn;
	void *arg;
};

struct par_thread {
	struct par_loop *loop;
	unsigned int idx;
	pthread_t tid;
};

static void *par_run(void *p)
{
	struct par_thread *t = p;
	struct par_loop *l = t->loop;
	size_t k, end;

	while (!__atomic_load_n(&l->failed, __ATOMIC_RELAXED) &&
	       (k = __atomic_fetch_add(&l->next, l->batch, __ATOMIC_RELAXED)) < l->n) {
		end = l->n - k > l->batch ? k + l->batch : l->n;
		for (; k < end; k++)
			if (l->fn(l->arg, t->idx, k)) {
				__atomic_store_n(&l->failed, true, __ATOMIC_RELAXED);
				return NULL;
			}
	}
	return NULL;
}

/* A loop under way: threads 1.. started, thread 0 the caller's to come. */
struct par_job {
	struct par_loop loop;
	struct par_thread th[PAR_THREADS_MAX];
	unsigned int started;
};

static void par_start(struct par_job *j, unsigned int nr_threads, size_t n,
		      size_t batch, par_fn fn, void *arg)
{
	unsigned int i;

	j->loop = (struct par_loop){ .n = n, .batch = batch ? batch : 1,
				     .fn = fn, .arg = arg };
	if (nr_threads > PAR_THREADS_MAX)
		nr_threads = PAR_THREADS_MAX;
	for (i = 0; i < nr_threads; i++)
		j->th[i] = (struct par_thread){ .loop = &j->loop, .idx = i };
	for (j->started = 1; j->started < nr_threads; j->started++)
		if (pthread_create(&j->th[j->started].tid, NULL, par_run,
				   &j->th[j->started]))
			break;
}

static int par_finish(struct par_job *j)
{
	unsigned int i;

	par_run(&j->th[0]);
	for (i = 1; i < j->started; i++)
		pthread_join(j->th[i].tid, NULL);
	return j->loop.failed ? -1 : 0;
}

int par_for(unsigned int nr_threads, size_t n, size_t batch, par_fn fn,
	    void *arg)
{
	struct par_job j;

	par_start(&j, nr_threads, n, batch, fn, arg);
	return par_finish(&j);
}

struct par_job *par_begin(unsigned int nr_threads, size_t n, size_t batch,
			  par_fn fn, void *arg)
{
	struct par_job *j = malloc(sizeof(*j));

	if (j)
		par_start(j, nr_threads, n, batch, fn, arg);
	return j;
}

int par_join(struct par_job *j)
{
	int ret = par_finish(j);

	free(j);
	return ret;
}
