/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Growing arrays: VEC_GROW(arr, alloc, nr) makes room for element nr of
 * arr (alloc elements so far), doubling.  0, or -1 if out of memory (arr
 * is then left as it was).
 */
#ifndef VALIDATE_VEC_H
#define VALIDATE_VEC_H

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

#endif
