/*
 * VALIDATE_IGNORE_FUNC from C: an assembly function with a call and no
 * frame record (a call-without-frame finding unless ignored), and a static
 * function the compiler would otherwise inline away; both are listed as
 * not validated (-v, and the summary's "ignored").  No finding.
 */
#include <validate/annotate.h>

void helper(void);
void early_setup(void);

void helper(void)
{
}

__asm__(".text\n"
	".globl early_setup\n"
	".type early_setup, %function\n"
	"early_setup:\n"
	"	bl	helper\n"
	"	ret\n"
	".size early_setup, .-early_setup\n");
VALIDATE_IGNORE_FUNC(early_setup);

static int twice(int x)
{
	return 2 * x;
}
VALIDATE_IGNORE_FUNC(twice);

int use(int y)
{
	return twice(y) + 1;
}
