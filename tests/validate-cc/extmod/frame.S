/* SPDX-License-Identifier: GPL-2.0 */
/* Hand-written assembly with one known finding: a call before the frame. */
#include <linux/linkage.h>

SYM_FUNC_START(vcc_test_early)
	bl	vcc_test_helper		/* no frame record yet */
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	ldp	x29, x30, [sp], #16
	ret
SYM_FUNC_END(vcc_test_early)

SYM_FUNC_START_LOCAL(vcc_test_helper)
	mov	x0, #0
	ret
SYM_FUNC_END(vcc_test_helper)
