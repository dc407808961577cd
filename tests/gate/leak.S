// The baseline's subject: x19 is saved and never reloaded, so the return
// leaves it described as saved (return-modified-frame at the ret).
// Assembled as it is, and with gas symbols (-Wa,--defsym,NAME=1):
//   EXTRA   one instruction more at the start: the bad site moves four
//           bytes, the instructions around it do not change
//   FIXED   x19 reloaded: no finding
//   CLONE1  the compiler's next clone number: leak.constprop.1
	.text
	.globl	helper
	.ifdef	CLONE1
	.type	leak.constprop.1, %function
leak.constprop.1:
	.else
	.type	leak.constprop.0, %function
leak.constprop.0:
	.endif
	.ifdef	EXTRA
	mov	x2, #1
	.endif
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x19, [sp, #16]
	mov	x19, x0
	bl	helper
	add	x0, x0, x19
	.ifdef	FIXED
	ldr	x19, [sp, #16]
	.endif
	ldp	x29, x30, [sp], #32
	ret
	.ifdef	CLONE1
	.size	leak.constprop.1, .-leak.constprop.1
	.else
	.size	leak.constprop.0, .-leak.constprop.0
	.endif
