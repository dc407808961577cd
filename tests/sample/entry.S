/* Sample input, hand-written: three mistakes a reviewer can miss. */
	.text
	.globl	copy_or_fail
	.type	copy_or_fail, %function
copy_or_fail:
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x19, [sp, #16]
	cbz	x0, 1f
	bl	memcpy
	ldr	x19, [sp, #16]
	ldp	x29, x30, [sp], #32
	ret
1:	ldp	x29, x30, [sp], #32	/* x19 is not reloaded on this path */
	ret
	.size	copy_or_fail, .-copy_or_fail

	.globl	early_call
	.type	early_call, %function
early_call:
	bl	helper			/* no frame record yet */
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	ldp	x29, x30, [sp], #16
	ret
	.size	early_call, .-early_call

	.globl	helper
	.type	helper, %function
helper:
	sub	sp, sp, #32
	cbnz	x0, 2f
	add	sp, sp, #16		/* only half of the frame */
2:	add	sp, sp, #16
	ret
	.size	helper, .-helper
