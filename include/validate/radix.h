/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stable radix sort of (key, index) pairs, least significant digit
 * first: for the long lists an object sorts by place, its symbols
 * (elf.c) and its edges (edges.c), where a comparison sort reads the
 * elements compared at random places of a large table each step.
 */
#ifndef VALIDATE_RADIX_H
#define VALIDATE_RADIX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct radix_item {
	uint64_t key;
	uint32_t idx;
};

/* Digits of 11 bits for many keys (vmlinux.o's), of 8 for a few (a
 * module's, where clearing and summing 2048 counts a pass cost more than
 * the keys). */
#define RADIX_BITS_MAX		11
#define RADIX_BITS_FEW		8
#define RADIX_FEW_KEYS		(1u << 16)

/* One stable counting pass over the digit of bits at shift, in to out. */
static inline void radix_pass(const struct radix_item *in,
			      struct radix_item *out, size_t n,
			      unsigned int shift, unsigned int bits)
{
	size_t count[1u << RADIX_BITS_MAX], i, sum = 0, c;
	uint64_t mask = (1u << bits) - 1;

	memset(count, 0, (1u << bits) * sizeof(count[0]));
	for (i = 0; i < n; i++)
		count[in[i].key >> shift & mask]++;
	for (i = 0; i < (1u << bits); i++) {
		c = count[i];
		count[i] = sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		out[count[in[i].key >> shift & mask]++] = in[i];
}

static inline unsigned int radix_width(uint64_t v)
{
	return v ? 64 - __builtin_clzll(v) : 0;
}

/*
 * items[0..n) by key, ties in the order given; the keys below 2^width.
 * tmp has room for n: the sorted items are in whichever of the two it
 * returns.
 */
static inline struct radix_item *radix_sort(struct radix_item *items,
					    struct radix_item *tmp, size_t n,
					    unsigned int width)
{
	unsigned int bits = n < RADIX_FEW_KEYS ? RADIX_BITS_FEW : RADIX_BITS_MAX;
	unsigned int shift;
	struct radix_item *t;

	for (shift = 0; shift < width; shift += bits) {
		radix_pass(items, tmp, n, shift, bits);
		t = items;
		items = tmp;
		tmp = t;
	}
	return items;
}

#endif
