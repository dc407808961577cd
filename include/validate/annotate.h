/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Annotations for hand-written assembly (Documentation/annotations.md):
 * what the code is, where the instructions alone cannot say it.  objtool's
 * UNWIND_HINT_* and STACK_FRAME_NON_STANDARD, for the arm64 validator.
 *
 * Usable from .S files (preprocessed: #include <validate/annotate.h> with
 * this project's include/ on the path) and from C.  Depends on no other
 * header, the kernel's included.
 *
 * Each annotation is an entry of .discard.validate_hints, a section every
 * kernel link discards (the DISCARDS of vmlinux.lds.h and module.lds.S
 * take .discard.*), so it costs nothing in a linked image.  An entry is 16
 * bytes:
 *
 *	u64 where	absolute relocation (R_AARCH64_ABS64) to the instruction
 *			the hint is for, or to the function IGNORE_FUNC names
 *	u32 type	VALIDATE_HINT_TYPE_*
 *	s32 arg		REGS: the offset; 0 for the others
 *
 * In assembler, a hint applies to the instruction that follows it:
 *
 *	VALIDATE_HINT_REGS [offset]	from here, sp + offset points at an
 *					exception frame (struct pt_regs): the
 *					state of exception entry; offset 0 when
 *					omitted
 *	VALIDATE_HINT_END_OF_STACK	the outermost frame: no caller, calls
 *					from here need no frame record of
 *					their own
 *	VALIDATE_HINT_UNDEFINED		no unwinding is possible from here (a
 *					stack switch under way) until the next
 *					hint; the range is listed, not judged
 *	VALIDATE_HINT_FUNC		a function's entry state again (after a
 *					stack switch completes)
 *	VALIDATE_IGNORE_FUNC(sym)	the function is not validated; it is
 *					listed as such (C and assembler)
 *
 * The offset of VALIDATE_HINT_REGS is a plain number: this header knows no
 * kernel structure.  Kernel code passes its asm-offsets, e.g.
 * VALIDATE_HINT_REGS -PT_REGS_SIZE before the frame is allocated.
 */
#ifndef VALIDATE_ANNOTATE_H
#define VALIDATE_ANNOTATE_H

#define VALIDATE_HINT_SECTION		".discard.validate_hints"

#define VALIDATE_HINT_TYPE_REGS		1
#define VALIDATE_HINT_TYPE_END_OF_STACK	2
#define VALIDATE_HINT_TYPE_UNDEFINED	3
#define VALIDATE_HINT_TYPE_FUNC		4
#define VALIDATE_HINT_TYPE_IGNORE_FUNC	5

#ifdef __ASSEMBLER__

/* One entry for the instruction that follows. */
.macro VALIDATE_HINT type:req, arg=0
.Lvalidate_hint_\@:
	.pushsection .discard.validate_hints, "aw"
	.balign	8
	.quad	.Lvalidate_hint_\@
	.long	\type, \arg
	.popsection
.endm

.macro VALIDATE_HINT_REGS offset=0
	VALIDATE_HINT VALIDATE_HINT_TYPE_REGS, \offset
.endm

.macro VALIDATE_HINT_END_OF_STACK
	VALIDATE_HINT VALIDATE_HINT_TYPE_END_OF_STACK
.endm

.macro VALIDATE_HINT_UNDEFINED
	VALIDATE_HINT VALIDATE_HINT_TYPE_UNDEFINED
.endm

.macro VALIDATE_HINT_FUNC
	VALIDATE_HINT VALIDATE_HINT_TYPE_FUNC
.endm

#define VALIDATE_IGNORE_FUNC(sym)					\
	.pushsection .discard.validate_hints, "aw";			\
	.balign	8;							\
	.quad	sym;							\
	.long	VALIDATE_HINT_TYPE_IGNORE_FUNC, 0;			\
	.popsection

#else /* C */

struct validate_hint {
	const void *where;
	unsigned int type;
	int arg;
};

/*
 * Taking the function's address keeps it, and its name, even when it is
 * static and inlined elsewhere.  At file scope, after the definition.
 */
#define VALIDATE_IGNORE_FUNC(func)					\
	static struct validate_hint __validate_ignore_##func		\
	__attribute__((used, aligned(8),				\
		       section(VALIDATE_HINT_SECTION))) =		\
		{ (const void *)(func), VALIDATE_HINT_TYPE_IGNORE_FUNC, 0 }

#endif /* __ASSEMBLER__ */
#endif /* VALIDATE_ANNOTATE_H */
