// SPDX-License-Identifier: GPL-2.0
/*
 * A GCC 12 CFI defect --check-dwarf finds (Documentation/corpus.md): with
 * a frame over 512 bytes, GCC puts the frame record at the bottom of the
 * frame, and __builtin_frame_address (or alloca) makes it describe the CFA
 * from x29.  The epilogue reloads x29 with "ldp x29, x30, [sp]" before
 * "add sp, sp, #2144", and the CFI keeps the CFA at x29+2144 until then:
 * for three instructions an unwinder computes the CFA from the caller's
 * frame pointer.  clang-19 switches the CFA to sp first.
 *
 * tests/run-fixtures.sh compiles this at -O2 with both compilers and
 * expects exactly these findings:
 */
// expect gcc: dwarf-mismatch big_frame+0x38
// expect clang:

extern void fill(char *p, unsigned long n, void *frame);
extern int check(char *p);

int big_frame(int x)
{
	char buf[2100];

	if (x < 0)
		return 0;
	fill(buf, sizeof(buf), __builtin_frame_address(0));
	return check(buf) + x;
}
