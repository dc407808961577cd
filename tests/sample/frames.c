// SPDX-License-Identifier: GPL-2.0
/* Sample input, compiled C: a switch (a jump table), alloca, a large frame,
 * a noreturn path.  The validator finds nothing wrong here. */
#include <stddef.h>

extern void consume(void *p, size_t n);
extern void panic(const char *fmt, ...) __attribute__((noreturn));

int dispatch(int op, int a, int b)
{
	switch (op) {
	case 0: return a + b;
	case 1: return a - b;
	case 2: return a * b;
	case 3: return b ? a / b : 0;
	case 4: return a & b;
	case 5: return a | b;
	case 6: return a ^ b;
	default: panic("bad op");
	}
}

void scratch(size_t n)
{
	char *buf = __builtin_alloca(n);

	consume(buf, n);
}

void big_frame(void)
{
	char buf[8192];

	consume(buf, sizeof(buf));
}
