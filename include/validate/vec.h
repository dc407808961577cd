/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Growing arrays and searching sorted ones.
 *
 * VEC_GROW(arr, alloc, nr) makes room for element nr of arr (alloc
 * elements so far), doubling.  0, or -1 if out of memory (arr is then
 * left as it was).
 */
#ifndef VALIDATE_VEC_H
#define VALIDATE_VEC_H

#include <stddef.h>
#include <stdlib.h>

#define VEC_GROW(arr, alloc, nr) ({					\
	int __ret = 0;							\
	if ((nr) >= (alloc)) {						\
		size_t __n = (alloc) ? (alloc) * 2 : 16;		\
		void *__more = realloc((arr), __n * sizeof(*(arr)));	\
		if (__more) {						\
			(arr) = __more;					\
			(alloc) = __n;					\
		} else {						\
			__ret = -1;					\
		}							\
	}								\
	__ret;								\
})

/*
 * The first element of the sorted array base[0..nr) that is not below
 * key: the index of the first i with cmp(key, &base[i]) <= 0, or nr.
 * Inline, so that a constant cmp is inlined too (edges_from() is on the
 * walk's hot path).
 */
static inline size_t lower_bound(const void *base, size_t nr, size_t size,
				 const void *key,
				 int (*cmp)(const void *key, const void *elem))
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp(key, (const char *)base + mid * size) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

#endif
