// SPDX-License-Identifier: GPL-2.0
/*
 * par_for(), behind a large object's split passes: every item done once,
 * each thread's items in increasing order, thread numbers below the count
 * asked for, more threads than items, and a failing item stopping the
 * loop (its thread's at once) with -1.  par_begin(): the other threads at
 * work before par_join(), which the caller joins as thread 0.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../tools/validate/par.h"
#include "unit.h"

#define NR_ITEMS	10000

struct probe {
	unsigned int done[NR_ITEMS];	/* times done */
	size_t last[PAR_THREADS_MAX];	/* a thread's last item + 1 */
	unsigned int threads;
	size_t fail_at;			/* SIZE_MAX: none */
	size_t nr_done;			/* atomic */
	int out_of_order;		/* atomic */
};

static int item(void *arg, unsigned int thread, size_t k)
{
	struct probe *p = arg;

	ck_assert_uint_lt(thread, p->threads);
	if (p->last[thread] > k)
		__atomic_store_n(&p->out_of_order, 1, __ATOMIC_RELAXED);
	p->last[thread] = k + 1;
	__atomic_add_fetch(&p->done[k], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&p->nr_done, 1, __ATOMIC_RELAXED);
	return k == p->fail_at ? -1 : 0;
}

static struct probe *run(unsigned int threads, size_t n, size_t batch,
			 size_t fail_at, int *ret)
{
	struct probe *p = calloc(1, sizeof(*p));

	ck_assert_ptr_nonnull(p);
	p->threads = threads;
	p->fail_at = fail_at;
	*ret = par_for(threads, n, batch, item, p);
	return p;
}

START_TEST(test_every_item_once)
{
	static const unsigned int threads[] = { 1, 2, 4, PAR_THREADS_MAX };
	static const size_t batches[] = { 1, 7, 64, NR_ITEMS * 2 };
	size_t t, b, k;
	int ret;

	for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		for (b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
			struct probe *p = run(threads[t], NR_ITEMS, batches[b],
					      SIZE_MAX, &ret);

			ck_assert_int_eq(ret, 0);
			for (k = 0; k < NR_ITEMS; k++)
				ck_assert_uint_eq(p->done[k], 1);
			ck_assert_int_eq(p->out_of_order, 0);
			free(p);
		}
	}
}
END_TEST

START_TEST(test_few_items)
{
	struct probe *p;
	int ret;

	p = run(PAR_THREADS_MAX, 3, 1, SIZE_MAX, &ret);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(p->nr_done, 3);
	free(p);
	p = run(4, 0, 64, SIZE_MAX, &ret);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(p->nr_done, 0);
	free(p);
}
END_TEST

START_TEST(test_failure_stops)
{
	struct probe *p;
	int ret;

	/* one thread: nothing after the failing item */
	p = run(1, NR_ITEMS, 64, 100, &ret);
	ck_assert_int_eq(ret, -1);
	ck_assert_uint_eq(p->nr_done, 101);
	free(p);
	/* several: the loop fails, though the others may have done the
	 * rest while the failing thread waited for a core */
	p = run(4, NR_ITEMS, 16, 100, &ret);
	ck_assert_int_eq(ret, -1);
	ck_assert_uint_eq(p->done[100], 1);
	free(p);
}
END_TEST

static struct probe *begin(unsigned int threads, size_t fail_at,
			   struct par_job **job)
{
	struct probe *p = calloc(1, sizeof(*p));

	ck_assert_ptr_nonnull(p);
	p->threads = threads;
	p->fail_at = fail_at;
	*job = par_begin(threads, NR_ITEMS, 16, item, p);
	ck_assert_ptr_nonnull(*job);
	return p;
}

START_TEST(test_begun)
{
	struct par_job *job;
	struct probe *p;
	size_t k;

	/* one thread: nothing is done until the caller joins */
	p = begin(1, SIZE_MAX, &job);
	ck_assert_uint_eq(__atomic_load_n(&p->nr_done, __ATOMIC_RELAXED), 0);
	ck_assert_int_eq(par_join(job), 0);
	ck_assert_uint_eq(p->nr_done, NR_ITEMS);
	free(p);
	/* two: the other thread works while the caller waits for it */
	p = begin(2, SIZE_MAX, &job);
	while (!__atomic_load_n(&p->nr_done, __ATOMIC_RELAXED))
		;
	ck_assert_int_eq(par_join(job), 0);
	for (k = 0; k < NR_ITEMS; k++)
		ck_assert_uint_eq(p->done[k], 1);
	ck_assert_int_eq(p->out_of_order, 0);
	free(p);
	/* a failure is par_join()'s */
	p = begin(2, 100, &job);
	ck_assert_int_eq(par_join(job), -1);
	ck_assert_uint_eq(p->done[100], 1);
	free(p);
}
END_TEST

TCase *par_tests(void)
{
	TCase *tc = tcase_create("par");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_item_once);
	tcase_add_test(tc, test_few_items);
	tcase_add_test(tc, test_failure_stops);
	tcase_add_test(tc, test_begun);
	return tc;
}
