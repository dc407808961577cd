/* SPDX-License-Identifier: GPL-2.0 */
/*
 * par.c: a loop over the items of one object (its functions, its words)
 * on several threads, the caller's among them, for the passes that split
 * a large object's work under -j (walksplit.c, validate.c, entries.c).
 */
#ifndef VALIDATE_PAR_H
#define VALIDATE_PAR_H

#include <stddef.h>

#include "validate/model.h"

#define PAR_THREADS_MAX	16

/*
 * The threads an object's passes split over: -j's (at most
 * PAR_THREADS_MAX) for an object of 256K code words or more (vmlinux.o,
 * the largest modules), else 1.
 */
unsigned int par_threads(const struct ctx *ctx);

/* The code words from which an object is split: what par_threads()
 * compares with, for object_load(), which has no context yet. */
uint64_t par_min_words(const struct options *opts);

/*
 * Which of the functions syms[0..nr) (symbol indices, by section then
 * offset) a split pass must do alone, after the threads: alone[k].  Those
 * that share a slot, a code word, with another of them (aliases, nested
 * or unaligned symbols), and those that hold under their symbol a word
 * of a replacement stream whose group's original block is elsewhere
 * (hand-written or corrupt input): the slot is another's to write, and
 * the function's passes read it.  0, or -1: out of memory.
 */
int par_alone(const struct ctx *ctx, const uint32_t *syms, size_t nr,
	      bool *alone);

/* One item: 0, or -1 (out of memory), which stops the loop. */
typedef int (*par_fn)(void *arg, unsigned int thread, size_t k);

/*
 * fn(arg, t, k) for every k < n, on threads t < nr_threads (t 0 is the
 * caller's; fewer if a thread cannot start), each taking batch items at
 * a time, in increasing k on each thread.  0, or -1 if fn failed: then
 * some items were not done.
 */
int par_for(unsigned int nr_threads, size_t n, size_t batch, par_fn fn,
	    void *arg);

/*
 * par_for() begun: threads 1.. take batches while the caller goes on with
 * work that writes nothing fn reads, nor reads what fn writes;
 * par_join() makes the caller thread 0, which takes the batches left,
 * and waits for the others.  NULL: out of memory (nothing started).
 */
struct par_job;
struct par_job *par_begin(unsigned int nr_threads, size_t n, size_t batch,
			  par_fn fn, void *arg);
int par_join(struct par_job *j);

#endif
