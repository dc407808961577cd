/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pool.c: work done on threads, results taken in the order the work was
 * given.  A run over many objects (-j) validates them side by side and
 * prints them as one thread would: each item's work runs on some worker,
 * in any order; its commit runs once that item and every item before it
 * are done, one commit at a time.  Knows nothing of objects.
 */
#ifndef VALIDATE_POOL_H
#define VALIDATE_POOL_H

#include <stdbool.h>

struct pool_item {
	/* on a worker thread, given that worker's own state; NULL: nothing
	 * to do (a message that only has to wait its turn) */
	void (*work)(struct pool_item *item, void *worker);
	/* in submission order, one at a time; may free the item */
	void (*commit)(struct pool_item *item);
	/* what holding the item's result costs (an object's file size):
	 * the pool bounds the weight done and not yet committed */
	size_t weight;
	bool done;		/* the pool's */
};

struct pool;

/*
 * nr threads, worker[i] handed to every work() thread i runs; at most
 * max_weight of items taken and not committed, beyond the first.  NULL
 * when a thread cannot be started (none are left running).
 */
struct pool *pool_open(unsigned int nr, void **worker, size_t max_weight);
/* Queued behind every item submitted before; -1 when out of memory (the
 * item is not queued). */
int pool_submit(struct pool *p, struct pool_item *item);
/* Waits until every item submitted has been committed. */
void pool_drain(struct pool *p);
/* Waits for every item's work and commit, then ends the threads. */
void pool_close(struct pool *p);

#endif
