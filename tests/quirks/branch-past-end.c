// SPDX-License-Identifier: GPL-2.0
/*
 * Compilers mark a path they proved unreachable with a branch to the end
 * of the function (ClangBuiltLinux issues 679 and 1435 show clang's on
 * x86).  GCC's lands in the padding after the function when there is
 * some, which is not reported (design.md, "noreturn"); here "after"
 * follows with no padding, and both GCC 12 and clang-19 branch from
 * inside the frame to it: branch-past-end, not a tail call to "after"
 * with the frame set up.
 *
 * tests/run-fixtures.sh compiles this at -O2 with both compilers and
 * expects exactly these findings:
 */
// expect gcc: branch-past-end probe+0x18
// expect clang: branch-past-end probe+0x18

extern int work(int);
enum mode { ONLY } mode;

int probe(int x)
{
	int r = work(x);

	switch (mode) {
	case ONLY:
		asm("");
		__builtin_unreachable();
	default:
		break;
	}
	return r + work(r);
}

int after(int x)
{
	return x + 1;
}
