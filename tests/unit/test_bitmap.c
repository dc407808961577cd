// SPDX-License-Identifier: GPL-2.0
/*
 * The bitmaps' range operations against one bit at a time, over every
 * range of a map that spans several 64-bit words, so that each of their
 * three loops (the head, whole words, the tail) is taken alone and
 * together.
 */
#include <stdint.h>

#include "validate/bitmap.h"
#include "unit.h"

#define NBITS	200

/* A fixed pattern with runs of set and clear bits across word edges. */
static void fill(uint64_t *map)
{
	uint64_t b, x = 0x9e3779b97f4a7c15ull;

	for (b = 0; b < NBITS; b++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if ((b >= 60 && b < 140) ? (x & 7) != 0 : (x & 1))
			bitmap_set(map, b);
	}
}

START_TEST(test_count_every_range)
{
	uint64_t *map = bitmap_new(NBITS), from, to, b, n;

	ck_assert_ptr_nonnull(map);
	fill(map);
	for (from = 0; from <= NBITS; from++)
		for (to = from; to <= NBITS; to++) {
			for (n = 0, b = from; b < to; b++)
				n += bitmap_test(map, b);
			ck_assert_msg(bitmap_count(map, from, to) == n,
				      "[%lu, %lu): %lu, not %lu", (unsigned long)from,
				      (unsigned long)to,
				      (unsigned long)bitmap_count(map, from, to),
				      (unsigned long)n);
		}
	free(map);
}
END_TEST

START_TEST(test_next_every_range)
{
	uint64_t *map = bitmap_new(NBITS), from, to, b;

	ck_assert_ptr_nonnull(map);
	fill(map);
	for (from = 0; from <= NBITS; from++)
		for (to = from; to <= NBITS; to++) {
			for (b = from; b < to && !bitmap_test(map, b); b++)
				;
			ck_assert_msg(bitmap_next(map, from, to) == b,
				      "[%lu, %lu): %lu, not %lu", (unsigned long)from,
				      (unsigned long)to,
				      (unsigned long)bitmap_next(map, from, to),
				      (unsigned long)b);
		}
	free(map);
}
END_TEST

START_TEST(test_set_range_every_range)
{
	uint64_t from, to, b;

	for (from = 0; from <= NBITS; from += 3)
		for (to = from; to <= NBITS; to += 5) {
			uint64_t *map = bitmap_new(NBITS);

			ck_assert_ptr_nonnull(map);
			bitmap_set_range(map, from, to);
			for (b = 0; b < NBITS; b++)
				ck_assert_int_eq(bitmap_test(map, b),
						 b >= from && b < to);
			ck_assert_uint_eq(bitmap_count(map, 0, NBITS), to - from);
			free(map);
		}
}
END_TEST

TCase *bitmap_tests(void)
{
	TCase *tc = tcase_create("bitmap");

	tcase_add_test(tc, test_count_every_range);
	tcase_add_test(tc, test_next_every_range);
	tcase_add_test(tc, test_set_range_every_range);
	return tc;
}
