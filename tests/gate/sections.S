// One object for the summary's inventory: code under symbols that are no
// functions, functions the walk cannot take (one without a size, one that
// starts with data), and a finding in each of three section classes.
	.section .entry.text, "ax"
	.globl	vectors
vectors:
	b	el1_sync
	.size	vectors, .-vectors
el1_sync:
	eret
	.size	el1_sync, .-el1_sync

	.section .noinstr.text, "ax"
	.globl	noinstr_leak
	.type	noinstr_leak, %function
noinstr_leak:
	sub	sp, sp, #16
	ret
	.size	noinstr_leak, .-noinstr_leak

	.section .init.text, "ax"
	.type	init_leak, %function
init_leak:
	str	x19, [sp, #-16]!
	ret
	.size	init_leak, .-init_leak

	.text
	.globl	no_size
	.type	no_size, %function
no_size:
	ret
	.globl	data_first
	.type	data_first, %function
data_first:
	.word	0x12345678
	ret
	.size	data_first, .-data_first
	.globl	fine
	.type	fine, %function
fine:
	ret
	.size	fine, .-fine
