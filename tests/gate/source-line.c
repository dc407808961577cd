/*
 * Source lines: a return in inline assembly with the frame still set up.
 * Compiled with -g by GCC and clang-19, the return-modified-frame finding
 * names line 13 and the unreachable code after it line 14.
 */
void helper(long);

void early_return(long n)
{
	helper(n);
	/* the frame is still set up: */

	asm volatile("ret");
	helper(n + 1);
}
