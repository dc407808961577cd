/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One bit a code word, for what a vmlinux.o's millions of words each need
 * a yes or no for: a byte a word would be 8 times the memory.
 */
#ifndef VALIDATE_BITMAP_H
#define VALIDATE_BITMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* nbits bits, all clear; NULL if out of memory.  free() it. */
static inline uint64_t *bitmap_new(uint64_t nbits)
{
	return calloc(nbits / 64 + 1, sizeof(uint64_t));
}

static inline bool bitmap_test(const uint64_t *map, uint64_t bit)
{
	return map[bit / 64] >> (bit % 64) & 1;
}

static inline void bitmap_set(uint64_t *map, uint64_t bit)
{
	map[bit / 64] |= 1ull << (bit % 64);
}

/* The bits [lo, hi) of one 64-bit word, 0 <= lo < hi <= 64. */
static inline uint64_t bitmap_mask(unsigned int lo, unsigned int hi)
{
	return (~0ull << lo) & (~0ull >> (64 - hi));
}

/*
 * Bits [from, to): a mask for each partial 64-bit word, whole words
 * between (anon.c sets a range a symbol: 208,000 in a vmlinux.o, a bit at
 * a time was half its pass).
 */
static inline void bitmap_set_range(uint64_t *map, uint64_t from, uint64_t to)
{
	uint64_t first = from / 64, last;

	if (from >= to)
		return;
	last = (to - 1) / 64;
	if (first == last) {
		map[first] |= bitmap_mask(from % 64, (to - 1) % 64 + 1);
		return;
	}
	map[first] |= bitmap_mask(from % 64, 64);
	while (++first < last)
		map[first] = ~0ull;
	map[last] |= bitmap_mask(0, (to - 1) % 64 + 1);
}

/* The first set bit in [from, to), or to if none: 64 bits at a time. */
static inline uint64_t bitmap_next(const uint64_t *map, uint64_t from,
				   uint64_t to)
{
	while (from < to) {
		uint64_t bits = map[from / 64] >> (from % 64);

		if (bits) {
			from += (uint64_t)__builtin_ctzll(bits);
			return from < to ? from : to;
		}
		from = (from | 63) + 1;
	}
	return to;
}

/* How many of bits [from, to) are set: whole 64-bit words where it can. */
static inline uint64_t bitmap_count(const uint64_t *map, uint64_t from,
				    uint64_t to)
{
	uint64_t n = 0;

	for (; from < to && from % 64; from++)
		n += bitmap_test(map, from);
	for (; from < to && to - from >= 64; from += 64)
		n += (uint64_t)__builtin_popcountll(map[from / 64]);
	for (; from < to; from++)
		n += bitmap_test(map, from);
	return n;
}

#endif
