// SPDX-License-Identifier: GPL-2.0
/*
 * The pool behind -j: commits in submission order whatever order the work
 * ends in (messages without work among the items), the window's bounds on
 * what is taken and not committed (by count and by weight; the front item
 * goes whatever it weighs), and pool_drain().
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../tools/validate/pool.h"
#include "unit.h"

#define NR_ITEMS	300
#define THREADS		4

struct probe {
	size_t committed[NR_ITEMS];	/* in commit order */
	size_t nr_committed;
	size_t taken_weight, max_taken_weight;	/* work started, not committed */
	size_t taken, max_taken;
};

struct test_item {
	struct pool_item item;		/* first */
	struct probe *probe;
	size_t idx;
	unsigned int spin_us;
};

static void item_work(struct pool_item *item, void *worker)
{
	struct test_item *t = (struct test_item *)item;
	struct probe *p = t->probe;
	size_t w, n;

	(void)worker;
	w = __atomic_add_fetch(&p->taken_weight, item->weight, __ATOMIC_SEQ_CST);
	n = __atomic_add_fetch(&p->taken, 1, __ATOMIC_SEQ_CST);
	/* only this thread raises the maxima past what it saw */
	for (size_t m = __atomic_load_n(&p->max_taken_weight, __ATOMIC_SEQ_CST);
	     w > m && !__atomic_compare_exchange_n(&p->max_taken_weight, &m, w,
						   false, __ATOMIC_SEQ_CST,
						   __ATOMIC_SEQ_CST);)
		;
	for (size_t m = __atomic_load_n(&p->max_taken, __ATOMIC_SEQ_CST);
	     n > m && !__atomic_compare_exchange_n(&p->max_taken, &m, n, false,
						   __ATOMIC_SEQ_CST,
						   __ATOMIC_SEQ_CST);)
		;
	usleep(t->spin_us);
}

/* Commits are one at a time: no lock needed for the probe's list. */
static void item_commit(struct pool_item *item)
{
	struct test_item *t = (struct test_item *)item;
	struct probe *p = t->probe;

	p->committed[p->nr_committed++] = t->idx;
	if (item->work) {
		__atomic_sub_fetch(&p->taken_weight, item->weight, __ATOMIC_SEQ_CST);
		__atomic_sub_fetch(&p->taken, 1, __ATOMIC_SEQ_CST);
	}
	free(t);
}

/* Every 7th item a message with no work; the work lasts 0-400 us, some
 * items (every 50th) 20 ms: the others finish behind them. */
static void run_items(struct probe *probe, size_t max_weight, size_t heavy)
{
	void *workers[THREADS] = { 0 };
	struct pool *pool = pool_open(THREADS, workers, max_weight);
	uint32_t x = 12345;
	size_t i;

	ck_assert_ptr_nonnull(pool);
	for (i = 0; i < NR_ITEMS; i++) {
		struct test_item *t = calloc(1, sizeof(*t));

		ck_assert_ptr_nonnull(t);
		x = x * 1103515245 + 12345;
		t->probe = probe;
		t->idx = i;
		t->spin_us = i % 50 == 0 ? 20000 : (x >> 16) % 400;
		t->item.commit = item_commit;
		if (i % 7) {
			t->item.work = item_work;
			t->item.weight = i == 3 ? heavy : 10 + (x >> 8) % 30;
		}
		ck_assert_int_eq(pool_submit(pool, &t->item), 0);
	}
	pool_close(pool);
}

START_TEST(test_commits_in_order)
{
	struct probe *probe = calloc(1, sizeof(*probe));
	size_t i;

	ck_assert_ptr_nonnull(probe);
	run_items(probe, SIZE_MAX, 0);
	ck_assert_uint_eq(probe->nr_committed, NR_ITEMS);
	for (i = 0; i < NR_ITEMS; i++)
		ck_assert_uint_eq(probe->committed[i], i);
	/* the slow items let the others run ahead, as far as the window */
	ck_assert_uint_gt(probe->max_taken, THREADS);
	ck_assert_uint_le(probe->max_taken, THREADS * 16);
	free(probe);
}
END_TEST

START_TEST(test_weight_bound)
{
	struct probe *probe = calloc(1, sizeof(*probe));
	size_t i;

	ck_assert_ptr_nonnull(probe);
	/* item 3 weighs more than the bound: it goes, alone in front */
	run_items(probe, 100, 500);
	ck_assert_uint_eq(probe->nr_committed, NR_ITEMS);
	for (i = 0; i < NR_ITEMS; i++)
		ck_assert_uint_eq(probe->committed[i], i);
	ck_assert_uint_le(probe->max_taken_weight, 500);
	free(probe);
	probe = calloc(1, sizeof(*probe));
	ck_assert_ptr_nonnull(probe);
	run_items(probe, 100, 20);
	ck_assert_uint_eq(probe->nr_committed, NR_ITEMS);
	ck_assert_uint_le(probe->max_taken_weight, 100);
	/* the bound was what held them back, not the count */
	ck_assert_uint_gt(probe->max_taken_weight, 40);
	free(probe);
}
END_TEST

START_TEST(test_drain)
{
	struct probe *probe = calloc(1, sizeof(*probe));
	void *workers[THREADS] = { 0 };
	struct pool *pool = pool_open(THREADS, workers, SIZE_MAX);
	size_t i;

	ck_assert_ptr_nonnull(probe);
	ck_assert_ptr_nonnull(pool);
	for (i = 0; i < 40; i++) {
		struct test_item *t = calloc(1, sizeof(*t));

		ck_assert_ptr_nonnull(t);
		t->probe = probe;
		t->idx = i;
		t->spin_us = i == 0 ? 30000 : 100;
		t->item.commit = item_commit;
		t->item.work = item_work;
		ck_assert_int_eq(pool_submit(pool, &t->item), 0);
	}
	pool_drain(pool);
	ck_assert_uint_eq(probe->nr_committed, 40);
	pool_close(pool);
	free(probe);
}
END_TEST

TCase *pool_tests(void)
{
	TCase *tc = tcase_create("pool");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_commits_in_order);
	tcase_add_test(tc, test_weight_bound);
	tcase_add_test(tc, test_drain);
	return tc;
}
