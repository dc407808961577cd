// The readiness summary of an object with annotations (tests/run-gate.sh):
// each function VALIDATE_IGNORE_FUNC skips is named, and non-function code
// walked from hints counts as walked; what no walk reaches is listed.
#include <validate/annotate.h>

#define FRAME_SIZE	336	/* like struct pt_regs */
#define STACKFRAME	304	/* its frame record */

	.text
	.globl	helper
	.type	helper, %function
helper:
	ret
	.size	helper, .-helper

// Ignored, under two names: named once, as it is counted once.
	.globl	skipped
	.type	skipped, %function
	.globl	skipped_alias
	.type	skipped_alias, %function
skipped:
skipped_alias:
	bl	helper
	ret
	.size	skipped, .-skipped
	.size	skipped_alias, .-skipped_alias
	VALIDATE_IGNORE_FUNC(skipped)

	.section .entry.text, "ax"
// A vector slot: walked from its hints, an UNDEFINED range nothing reaches
// counted with it (as in a function), its padding in neither list.
	.balign	128
	.globl	vec
vec:
	VALIDATE_HINT_REGS -FRAME_SIZE
	sub	sp, sp, #FRAME_SIZE
	b	el1_h
	VALIDATE_HINT_UNDEFINED
	add	sp, sp, x0
	sub	x0, sp, x0
	VALIDATE_HINT_REGS
	b	el1_h
	.balign	128
	.size	vec, .-vec

// No hint: walked from the vector's branches, but for its tail, which no
// path reaches.
	.globl	el1_h
el1_h:
	stp	x0, x1, [sp]
	stp	x28, x29, [sp, #224]
	stp	x30, x21, [sp, #240]
	mrs	x22, elr_el1
	stp	x29, x22, [sp, #STACKFRAME]
	add	x29, sp, #STACKFRAME
	bl	helper
	ldp	x0, x1, [sp]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret
	dsb	nsh
	isb
	.size	el1_h, .-el1_h

// No hint, and no path: not walked.
	.globl	orphan
orphan:
	mov	x0, #1
	eret
	.size	orphan, .-orphan
