// SPDX-License-Identifier: GPL-2.0
/*
 * Work on threads, results in submission order (pool.h).  One lock guards
 * the queue; commits run under it, so they are one at a time and in
 * order without a lock of their own.  Items are taken in order too, and
 * at most a window of them is taken and not yet committed: an item that
 * finishes early holds what its commit needs (a whole object's analysis)
 * until the items before it are done.  The window bounds that memory, by
 * count and by weight; it is wide, because one large object among small
 * ones (btrfs.ko among the modules) would otherwise leave the other
 * threads waiting for it with nothing to do.
 */
#include <pthread.h>
#include <stdlib.h>

#include "pool.h"
#include "validate/vec.h"

/* items taken and not committed, a thread: a slow item in front lets the
 * others run this far ahead of it (4: -j 2 over the modules took 0.38 s,
 * 16: 0.31 s, 64: no better) */
#define WINDOW_PER_THREAD	16

struct worker {
	struct pool *p;
	void *state;
	pthread_t tid;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t wake;		/* an item to take, or the end */
	struct pool_item **items;	/* NULL once committed */
	size_t nr, alloc;
	size_t take;			/* the next item to look at for work */
	size_t commit;			/* the next item to commit */
	size_t window;
	size_t weight, max_weight;	/* of the items taken, not committed */
	bool closing;
	unsigned int nr_threads;	/* started */
	struct worker *workers;
};

/* Lock held.  Every done item at the front, in order. */
static void commit_ready(struct pool *p)
{
	bool any = false;

	while (p->commit < p->nr && p->items[p->commit]->done) {
		struct pool_item *it = p->items[p->commit];

		p->items[p->commit++] = NULL;
		p->weight -= it->weight;
		it->commit(it);
		any = true;
	}
	if (any)
		pthread_cond_broadcast(&p->wake);
}

/* Lock held.  The next item with work, if the window allows; NULL if not. */
static struct pool_item *next_work(struct pool *p)
{
	/* messages committed while waiting their turn are behind commit */
	if (p->take < p->commit)
		p->take = p->commit;
	while (p->take < p->nr && !p->items[p->take]->work)
		p->take++;
	if (p->take == p->nr || p->take - p->commit >= p->window)
		return NULL;
	/* the front item goes whatever it weighs: nothing else would */
	if (p->take > p->commit &&
	    p->weight + p->items[p->take]->weight > p->max_weight)
		return NULL;
	p->weight += p->items[p->take]->weight;
	return p->items[p->take++];
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->p;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct pool_item *it = next_work(p);

		if (it) {
			pthread_mutex_unlock(&p->lock);
			it->work(it, w->state);
			pthread_mutex_lock(&p->lock);
			it->done = true;
			commit_ready(p);
			continue;
		}
		if (p->closing && p->take == p->nr)
			break;
		pthread_cond_wait(&p->wake, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Ends the threads started: each finishes the work it can take. */
static void stop_threads(struct pool *p)
{
	unsigned int i;

	pthread_mutex_lock(&p->lock);
	p->closing = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nr_threads; i++)
		pthread_join(p->workers[i].tid, NULL);
}

static void pool_free(struct pool *p)
{
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p->workers);
	free(p->items);
	free(p);
}

struct pool *pool_open(unsigned int nr, void **worker, size_t max_weight)
{
	struct pool *p = calloc(1, sizeof(*p));
	unsigned int i;

	if (!p)
		return NULL;
	p->workers = calloc(nr, sizeof(*p->workers));
	p->window = (size_t)nr * WINDOW_PER_THREAD;
	p->max_weight = max_weight;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	for (i = 0; p->workers && i < nr; i++) {
		p->workers[i].p = p;
		p->workers[i].state = worker[i];
		if (pthread_create(&p->workers[i].tid, NULL, worker_main,
				   &p->workers[i]))
			break;
		p->nr_threads++;
	}
	if (p->nr_threads < nr) {
		stop_threads(p);
		pool_free(p);
		return NULL;
	}
	return p;
}

int pool_submit(struct pool *p, struct pool_item *item)
{
	int ret = 0;

	pthread_mutex_lock(&p->lock);
	if (VEC_GROW(p->items, p->alloc, p->nr)) {
		ret = -1;
	} else {
		item->done = !item->work;
		p->items[p->nr++] = item;
		if (item->done)
			commit_ready(p);
		else
			pthread_cond_signal(&p->wake);
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

void pool_drain(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	/* commit_ready wakes every waiter when the front moves */
	while (p->commit < p->nr)
		pthread_cond_wait(&p->wake, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

void pool_close(struct pool *p)
{
	stop_threads(p);
	/* every item is done: the threads have committed all of them */
	pool_free(p);
}
