// SPDX-License-Identifier: GPL-2.0
/*
 * Decoder unit tests: a table of real encodings (checked against binutils'
 * objdump) and what the classifier must say about each, including the
 * v8.1-v8.5 forms Capstone 4 cannot decode.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "validate/arch.h"
#include "../../arch/arm64/decode/form.h"
#include "../../arch/arm64/decode/quiet.h"
#include "unit.h"

#define OP(t, d, s, sz, i)	{ SOP_##t, d, s, sz, i }
#define FP	REG_FP
#define LR	REG_LR
#define SP	REG_SP
#define X18	REG_X18

struct dcase {
	uint32_t word;
	const char *text;
	uint8_t kind;
	bool has_target;
	int32_t target;
	uint8_t reg;
	uint8_t flags;
	uint8_t nr_ops;
	struct stack_op ops[INSN_MAX_OPS];
};

static const struct dcase cases[] = {
	/* returns, branches, calls, the PAC forms */
	{ 0xd65f03c0, "ret", INSN_RET, false, 0, LR, 0, 0, { { 0 } } },
	/* retaa and retab authenticate x30 with sp, then return */
	{ 0xd65f0bff, "retaa", INSN_RET, false, 0, LR, INSN_F_PAC, 1, { OP(RA_AUTH, LR, SP, PAC_KEY_A, 0) } },
	{ 0xd65f0fff, "retab", INSN_RET, false, 0, LR, INSN_F_PAC, 1, { OP(RA_AUTH, LR, SP, PAC_KEY_B, 0) } },
	{ 0xd69f03e0, "eret", INSN_ERET, false, 0, 31, 0, 0, { { 0 } } },
	{ 0xd69f0bff, "eretaa", INSN_ERET, false, 0, 31, INSN_F_PAC, 0, { { 0 } } },
	{ 0xd69f0fff, "eretab", INSN_ERET, false, 0, 31, INSN_F_PAC, 0, { { 0 } } },
	{ 0xd61f0040, "br x2", INSN_JUMP_IND, false, 0, 2, 0, 0, { { 0 } } },
	{ 0xd61f083f, "braaz x1", INSN_JUMP_IND, false, 0, 1, INSN_F_PAC, 0, { { 0 } } },
	{ 0xd61f0c5f, "brabz x2", INSN_JUMP_IND, false, 0, 2, INSN_F_PAC, 0, { { 0 } } },
	{ 0xd71f08a6, "braa x5, x6", INSN_JUMP_IND, false, 0, 5, INSN_F_PAC, 0, { { 0 } } },
	{ 0xd71f0ce8, "brab x7, x8", INSN_JUMP_IND, false, 0, 7, INSN_F_PAC, 0, { { 0 } } },
	/* a call writes the return address to x30 */
	{ 0xd63f0020, "blr x1", INSN_CALL_IND, false, 0, 1, 0, 1, { OP(LINK, LR, REG_NONE, 8, 0) } },
	{ 0xd63f087f, "blraaz x3", INSN_CALL_IND, false, 0, 3, INSN_F_PAC, 1, { OP(LINK, LR, REG_NONE, 8, 0) } },
	{ 0xd63f0c9f, "blrabz x4", INSN_CALL_IND, false, 0, 4, INSN_F_PAC, 1, { OP(LINK, LR, REG_NONE, 8, 0) } },
	{ 0xd73f092a, "blraa x9, x10", INSN_CALL_IND, false, 0, 9, INSN_F_PAC, 1, { OP(LINK, LR, REG_NONE, 8, 0) } },
	{ 0xd73f0d7f, "blrab x11, sp", INSN_CALL_IND, false, 0, 11, INSN_F_PAC, 1, { OP(LINK, LR, REG_NONE, 8, 0) } },
	{ 0x94000010, "bl .+0x40", INSN_CALL, true, 0x40, REG_NONE, 0, 1, { OP(LINK, LR, REG_NONE, 8, 0) } },
	/* moves to and from x29, x30 and to x18 are followed: copies go back */
	{ 0xaa0003fe, "mov x30, x0", INSN_OTHER, false, 0, REG_NONE, 0, 1, { OP(MOVE, LR, 0, 8, 0) } },
	{ 0xaa1e03e9, "mov x9, x30", INSN_OTHER, false, 0, REG_NONE, 0, 1, { OP(MOVE, 9, LR, 8, 0) } },
	{ 0xaa0003f2, "mov x18, x0", INSN_OTHER, false, 0, REG_NONE, 0, 1, { OP(MOVE, X18, 0, 8, 0) } },
	{ 0x910013de, "add x30, x30, #4", INSN_OTHER, false, 0, REG_NONE, 0, 1, { OP(CLOBBER, LR, REG_NONE, 8, 0) } },
	/* x18 written: by data processing, a load, or a written-back base */
	{ 0x91002252, "add x18, x18, #8", INSN_OTHER, false, 0, REG_NONE, 0, 1, { OP(CLOBBER, X18, REG_NONE, 8, 0) } },
	{ 0xf94007f2, "ldr x18, [sp, #8]", INSN_OTHER, false, 0, REG_NONE, 0, 1, { OP(LOAD, X18, SP, 8, 8) } },
	{ 0xf8408640, "ldr x0, [x18], #8", INSN_OTHER, false, 0, REG_NONE, 0, 1, { OP(CLOBBER, X18, REG_NONE, 8, 0) } },
	{ 0x17ffffce, "b .-0xc8", INSN_JUMP, true, -0xc8, REG_NONE, 0, 0, { { 0 } } },
	{ 0x5400056b, "b.lt .+0xac", INSN_JUMP_COND, true, 0xac, REG_NONE, 0, 0, { { 0 } } },
	{ 0x54000010, "bc.eq .", INSN_JUMP_COND, true, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0xb4000500, "cbz x0, .+0xa0", INSN_JUMP_COND, true, 0xa0, REG_NONE, 0, 0, { { 0 } } },
	{ 0x35fffd5b, "cbnz w27, .-0x58", INSN_JUMP_COND, true, -0x58, REG_NONE, 0, 0, { { 0 } } },
	{ 0x36fffef4, "tbz w20, #31, .-0x24", INSN_JUMP_COND, true, -0x24, REG_NONE, 0, 0, { { 0 } } },
	/* traps, system calls, hints */
	{ 0xd4210000, "brk #0x800", INSN_BRK, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0xd4400000, "hlt #0", INSN_HLT, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0x00000000, "udf #0", INSN_UDF, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0xd4000001, "svc #0", INSN_SYSCALL, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0xd4000002, "hvc #0", INSN_SYSCALL, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0xd503201f, "nop", INSN_NOP, false, 0, REG_NONE, 0, 0, { { 0 } } },
	/* pointer authentication of x30: sign, authenticate (modifier, key),
	 * strip; paciasp and pacibsp are landing pads for BTI too */
	{ 0xd503233f, "paciasp", INSN_HINT, false, 0, REG_NONE, INSN_F_PAC | INSN_F_CALL_PAD, 1,
	  { OP(RA_SIGN, LR, SP, PAC_KEY_A, 0) } },
	{ 0xd50323bf, "autiasp", INSN_HINT, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_AUTH, LR, SP, PAC_KEY_A, 0) } },
	{ 0xd503237f, "pacibsp", INSN_HINT, false, 0, REG_NONE, INSN_F_PAC | INSN_F_CALL_PAD, 1,
	  { OP(RA_SIGN, LR, SP, PAC_KEY_B, 0) } },
	{ 0xd50323ff, "autibsp", INSN_HINT, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_AUTH, LR, SP, PAC_KEY_B, 0) } },
	{ 0xd503231f, "paciaz", INSN_HINT, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_SIGN, LR, REG_ZR, PAC_KEY_A, 0) } },
	{ 0xd503239f, "autiaz", INSN_HINT, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_AUTH, LR, REG_ZR, PAC_KEY_A, 0) } },
	{ 0xd50320ff, "xpaclri", INSN_HINT, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_STRIP, LR, REG_NONE, 0, 0) } },
	{ 0xd503211f, "pacia1716: x17, not x30", INSN_HINT, false, 0, REG_NONE, INSN_F_PAC, 0, { { 0 } } },
	{ 0xdac103fe, "pacia x30, sp", INSN_OTHER, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_SIGN, LR, SP, PAC_KEY_A, 0) } },
	{ 0xdac1153e, "autib x30, x9", INSN_OTHER, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_AUTH, LR, 9, PAC_KEY_B, 0) } },
	{ 0xdac123fe, "paciza x30", INSN_OTHER, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_SIGN, LR, REG_ZR, PAC_KEY_A, 0) } },
	{ 0xdac137fe, "autizb x30", INSN_OTHER, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_AUTH, LR, REG_ZR, PAC_KEY_B, 0) } },
	{ 0xdac143fe, "xpaci x30", INSN_OTHER, false, 0, REG_NONE, INSN_F_PAC, 1,
	  { OP(RA_STRIP, LR, REG_NONE, 0, 0) } },
	{ 0xdac1081e, "pacda x30, x0: a data key", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(CLOBBER, LR, REG_NONE, 8, 0) } },
	{ 0xdac10020, "pacia x0, x1", INSN_OTHER, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0xd503245f, "bti c", INSN_HINT, false, 0, REG_NONE, INSN_F_BTI | INSN_F_CALL_PAD, 0, { { 0 } } },
	{ 0xd503249f, "bti j", INSN_HINT, false, 0, REG_NONE, INSN_F_BTI, 0, { { 0 } } },
	{ 0xd50324df, "bti jc", INSN_HINT, false, 0, REG_NONE, INSN_F_BTI | INSN_F_CALL_PAD, 0, { { 0 } } },
	/* frame set-up and tear-down */
	{ 0xa9ba7bfd, "stp x29, x30, [sp, #-96]!", INSN_OTHER, false, 0, REG_NONE, 0, 3,
	  { OP(ADD, SP, SP, 8, -96), OP(STORE, FP, SP, 8, 0), OP(STORE, LR, SP, 8, 8) } },
	{ 0xa8c67bfd, "ldp x29, x30, [sp], #96", INSN_OTHER, false, 0, REG_NONE, 0, 3,
	  { OP(LOAD, FP, SP, 8, 0), OP(LOAD, LR, SP, 8, 8), OP(ADD, SP, SP, 8, 96) } },
	{ 0x910003fd, "mov x29, sp", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(ADD, FP, SP, 8, 0) } },
	{ 0x910003bf, "mov sp, x29", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(ADD, SP, FP, 8, 0) } },
	{ 0x910143ff, "add sp, sp, #0x50", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(ADD, SP, SP, 8, 0x50) } },
	{ 0xd14007ff, "sub sp, sp, #1, lsl #12", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(ADD, SP, SP, 8, -4096) } },
	{ 0xa90153f3, "stp x19, x20, [sp, #16]", INSN_OTHER, false, 0, REG_NONE, 0, 2,
	  { OP(STORE, 19, SP, 8, 16), OP(STORE, 20, SP, 8, 24) } },
	{ 0xf9402bfb, "ldr x27, [sp, #80]", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(LOAD, 27, SP, 8, 80) } },
	{ 0xf81f83f3, "stur x19, [sp, #-8]", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(STORE, 19, SP, 8, -8) } },
	{ 0xf85f83b3, "ldur x19, [x29, #-8]", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(LOAD, 19, FP, 8, -8) } },
	{ 0x29be53f3, "stp w19, w20, [sp, #-16]!", INSN_OTHER, false, 0, REG_NONE, 0, 3,
	  { OP(ADD, SP, SP, 8, -16), OP(STORE, 19, SP, 4, 0), OP(STORE, 20, SP, 4, 4) } },
	{ 0x694007fd, "ldpsw x29, x1, [sp]", INSN_OTHER, false, 0, REG_NONE, 0, 2,
	  { OP(LOAD, FP, SP, 4, 0), OP(LOAD, 1, SP, 4, 4) } },
	/* floating-point and vector saves */
	{ 0xadbe27e8, "stp q8, q9, [sp, #-64]!", INSN_OTHER, false, 0, REG_NONE, 0, 3,
	  { OP(ADD, SP, SP, 8, -64), OP(STORE, REG_V(8), SP, 16, 0),
	    OP(STORE, REG_V(9), SP, 16, 16) } },
	{ 0x6cc127e8, "ldp d8, d9, [sp], #16", INSN_OTHER, false, 0, REG_NONE, 0, 3,
	  { OP(LOAD, REG_V(8), SP, 8, 0), OP(LOAD, REG_V(9), SP, 8, 8),
	    OP(ADD, SP, SP, 8, 16) } },
	{ 0xfc1f0fea, "str d10, [sp, #-16]!", INSN_OTHER, false, 0, REG_NONE, 0, 2,
	  { OP(ADD, SP, SP, 8, -16), OP(STORE, REG_V(10), SP, 8, 0) } },
	{ 0x3dc00bab, "ldr q11, [x29, #32]", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(LOAD, REG_V(11), FP, 16, 32) } },
	/* MTE: tag stores move sp only through writeback; stgp stores data */
	{ 0xd93fffff, "stg sp, [sp, #-16]!", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(ADD, SP, SP, 8, -16) } },
	{ 0xd92027e0, "stg x0, [sp], #32", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(ADD, SP, SP, 8, 32) } },
	{ 0xd9bfefff, "st2g sp, [sp, #-32]!", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(ADD, SP, SP, 8, -32) } },
	{ 0xd9601be0, "stzg x0, [sp, #16]", INSN_OTHER, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0x69bf07e0, "stgp x0, x1, [sp, #-32]!", INSN_OTHER, false, 0, REG_NONE, 0, 3,
	  { OP(ADD, SP, SP, 8, -32), OP(STORE, 0, SP, 8, 0), OP(STORE, 1, SP, 8, 8) } },
	{ 0x918107ff, "addg sp, sp, #16, #1", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(ADD, SP, SP, 8, 16) } },
	/* shadow call stack: x30 to and from x18, not the stack */
	{ 0xf800865e, "str x30, [x18], #8", INSN_OTHER, false, 0, REG_NONE, INSN_F_SCS, 1,
	  { OP(SCS_PUSH, LR, X18, 8, 0) } },
	{ 0xf85f8e5e, "ldr x30, [x18, #-8]!", INSN_OTHER, false, 0, REG_NONE, INSN_F_SCS, 1,
	  { OP(SCS_POP, LR, X18, 8, 0) } },
	/* the wrong way round: no push, x18 written back */
	{ 0xf81f8e5e, "str x30, [x18, #-8]!", INSN_OTHER, false, 0, REG_NONE, INSN_F_SCS, 1,
	  { OP(CLOBBER, X18, REG_NONE, 8, 0) } },
	/* what the model cannot follow */
	/* sp minus a register: the analysis may know the register's value */
	{ 0xcb3063ff, "sub sp, sp, x16", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(ADD_REG, SP, SP, 16, -1) } },
	{ 0x8b2143ff, "add sp, sp, w1, uxtw", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(CLOBBER, SP, REG_NONE, 8, 0) } },
	{ 0x9100003f, "mov sp, x1", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(CLOBBER, SP, REG_NONE, 8, 0) } },
	{ 0x927cec1f, "and sp, x0, #~15", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(CLOBBER, SP, REG_NONE, 8, 0) } },
	{ 0xaa0003fd, "mov x29, x0", INSN_OTHER, false, 0, REG_NONE, 0, 1,
	  { OP(MOVE, FP, 0, 8, 0) } },
	/* no stack effect, never an error: LSE atomics, adrp, cmp */
	{ 0xf8200041, "ldadd x0, x1, [x2]", INSN_OTHER, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0xb821001f, "stadd w1, [x0]", INSN_OTHER, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0xc8e0ffe1, "casal x0, x1, [sp]", INSN_OTHER, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0x90000005, "adrp x5, 0", INSN_OTHER, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0xeb1302bf, "cmp x21, x19", INSN_OTHER, false, 0, REG_NONE, 0, 0, { { 0 } } },
	{ 0x910003e0, "mov x0, sp", INSN_OTHER, false, 0, REG_NONE, 0, 0, { { 0 } } },
};

START_TEST(test_decode_table)
{
	const struct dcase *c = &cases[_i];
	struct insn_desc d;
	unsigned int i;

	arch_decode(c->word, &d);
	ck_assert_msg(d.kind == c->kind, "%s: kind %s, expected %s", c->text,
		      arch_kind_name(d.kind), arch_kind_name(c->kind));
	ck_assert_msg(d.has_target == c->has_target, "%s: has_target", c->text);
	if (c->has_target)
		ck_assert_msg(d.target == c->target, "%s: target %d, expected %d",
			      c->text, d.target, c->target);
	if (c->kind == INSN_RET || c->kind == INSN_JUMP_IND || c->kind == INSN_CALL_IND)
		ck_assert_msg(d.reg == c->reg, "%s: reg %u", c->text, d.reg);
	ck_assert_msg(d.flags == c->flags, "%s: flags %#x, expected %#x", c->text,
		      d.flags, c->flags);
	ck_assert_msg(d.nr_ops == c->nr_ops, "%s: %u ops, expected %u", c->text,
		      d.nr_ops, c->nr_ops);
	for (i = 0; i < c->nr_ops; i++) {
		const struct stack_op *a = &d.ops[i], *b = &c->ops[i];

		ck_assert_msg(a->type == b->type && a->dst == b->dst &&
			      a->src == b->src && a->size == b->size && a->imm == b->imm,
			      "%s: op %u is {%u, %s, %s, %u, %d}, expected {%u, %s, %s, %u, %d}",
			      c->text, i, a->type, arch_reg_name(a->dst),
			      arch_reg_name(a->src), a->size, a->imm, b->type,
			      arch_reg_name(b->dst), arch_reg_name(b->src), b->size, b->imm);
	}
}
END_TEST

/* The brk immediate is what BUG/WARN and KASAN recognition needs. */
START_TEST(test_decode_immediates)
{
	struct insn_desc d;

	arch_decode(0xd4210000, &d);
	ck_assert_uint_eq(d.imm, 0x800);
	arch_decode(0xd4212000 | (0x3f << 5), &d);	/* brk #0x93f */
	ck_assert_int_eq(d.kind, INSN_BRK);
	ck_assert_uint_eq(d.imm, 0x93f);
	arch_decode(0x0000dead, &d);
	ck_assert_int_eq(d.kind, INSN_UDF);
	ck_assert_uint_eq(d.imm, 0xdead);
}
END_TEST

/* The kind-only classifier agrees with the full decoder on every word. */
START_TEST(test_decode_kind_only)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned long i, differ = 0;
	int32_t target;

	for (i = 0; i < 4000000; i++) {
		struct insn_desc d;
		uint32_t w;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		w = (uint32_t)x;
		arch_decode(w, &d);
		differ += arch_decode_kind(w, &target) != d.kind ||
			  target != d.target;
	}
	ck_assert_uint_eq(differ, 0);
}
END_TEST

/* The value view used by jump-table recognition. */
START_TEST(test_decode_values)
{
	struct value_op v;

	arch_decode_value(0x8b228822, &v);		/* add x2, x1, w2, sxtb #2 */
	ck_assert_int_eq(v.kind, VAL_ADD_REG);
	ck_assert_uint_eq(v.dst, 2);
	ck_assert_uint_eq(v.src1, 1);
	ck_assert_uint_eq(v.src2, 2);
	ck_assert_uint_eq(v.extend, EXT_SXTB);
	ck_assert_uint_eq(v.shift, 2);
	arch_decode_value(0x38614842, &v);		/* ldrb w2, [x2, w1, uxtw] */
	ck_assert_int_eq(v.kind, VAL_LOAD_IDX);
	ck_assert_uint_eq(v.size, 1);
	ck_assert(!v.is_signed);
	arch_decode_value(0x10000061, &v);		/* adr x1, .+12 */
	ck_assert_int_eq(v.kind, VAL_ADR);
	ck_assert_int_eq(v.imm, 12);
	arch_decode_value(0x71002c3f, &v);		/* cmp w1, #0xb */
	ck_assert_int_eq(v.kind, VAL_CMP_IMM);
	ck_assert_int_eq(v.imm, 11);
	ck_assert(v.sets_flags);
	arch_decode_value(0x54000688, &v);		/* b.hi */
	ck_assert_int_eq(v.kind, VAL_BCOND);
	ck_assert_uint_eq(v.cond, RANGE_ABOVE);
	arch_decode_value(0x54000682, &v);		/* b.hs */
	ck_assert_uint_eq(v.cond, RANGE_AT_LEAST);
	arch_decode_value(0x54000689, &v);		/* b.ls */
	ck_assert_uint_eq(v.cond, RANGE_AT_MOST);
	arch_decode_value(0x54000683, &v);		/* b.lo */
	ck_assert_uint_eq(v.cond, RANGE_BELOW);
	arch_decode_value(0x5400068b, &v);		/* b.lt: signed */
	ck_assert_uint_eq(v.cond, RANGE_NONE);
	arch_decode_value(0xeb1302bf, &v);		/* cmp x21, x19 */
	ck_assert_int_eq(v.kind, VAL_CMP_REG);
	ck_assert_uint_eq(v.src1, 21);
	ck_assert_uint_eq(v.src2, 19);
	ck_assert(v.sets_flags);
	arch_decode_value(0xeb2963ff, &v);		/* cmp sp, x9 */
	ck_assert_int_eq(v.kind, VAL_CMP_REG);
	ck_assert_uint_eq(v.src1, REG_SP);
	ck_assert_uint_eq(v.src2, 9);
	arch_decode_value(0x54fffe81, &v);		/* b.ne */
	ck_assert_uint_eq(v.cond, RANGE_NOT_EQUAL);
	arch_decode_value(0xa90363f7, &v);		/* stp x23, x24, [sp, #48] */
	ck_assert_int_eq(v.kind, VAL_STORE_IMM);
	ck_assert_uint_eq(v.src2, 23);
	ck_assert_uint_eq(v.src3, 24);
	ck_assert_int_eq(v.imm, 48);
	arch_decode_value(0xa8c17bfd, &v);		/* ldp x29, x30, [sp], #16 */
	ck_assert(value_writes(&v, REG_FP) && value_writes(&v, REG_LR) &&
		  value_writes(&v, REG_SP));
	arch_decode_value(0xf9400fe0, &v);		/* ldr x0, [sp, #24] */
	ck_assert_int_eq(v.kind, VAL_LOAD_IMM);
	ck_assert_uint_eq(v.src1, REG_SP);
	ck_assert_int_eq(v.imm, 24);
	/* an index with fewer than 2^k values needs no bounds check */
	arch_decode_value(0xd3597062, &v);		/* ubfx x2, x3, #25, #4 */
	ck_assert_int_eq(v.kind, VAL_BOUND);
	ck_assert_uint_eq(v.dst, 2);
	ck_assert_uint_eq(v.src1, 3);
	ck_assert_int_eq(v.imm, 16);
	arch_decode_value(0x531c7c01, &v);		/* lsr w1, w0, #28 */
	ck_assert_int_eq(v.kind, VAL_BOUND);
	ck_assert_int_eq(v.imm, 16);
	arch_decode_value(0x12000003, &v);		/* and w3, w0, #0x1 */
	ck_assert_int_eq(v.kind, VAL_BOUND);
	ck_assert_int_eq(v.imm, 2);
	arch_decode_value(0x92401c01, &v);		/* and x1, x0, #0xff */
	ck_assert_int_eq(v.kind, VAL_BOUND);
	ck_assert_int_eq(v.imm, 256);
	arch_decode_value(0x927c2c01, &v);		/* and x1, x0, #0xfff0 */
	ck_assert_int_ne(v.kind, VAL_BOUND);
	ck_assert_uint_eq(v.dst, 1);
	arch_decode_value(0x531e7401, &v);		/* lsl w1, w0, #2 */
	ck_assert_int_ne(v.kind, VAL_BOUND);
	ck_assert_uint_eq(v.dst, 1);
	/* clang 14's zero-extension: mov w2, w8, as the value view has it */
	arch_decode_value(0x92407d02, &v);		/* and x2, x8, #0xffffffff */
	ck_assert_int_eq(v.kind, VAL_MOV);
	ck_assert_uint_eq(v.dst, 2);
	ck_assert_uint_eq(v.src1, 8);
	arch_decode_value(0xd3407d02, &v);		/* ubfx x2, x8, #0, #32 */
	ck_assert_int_eq(v.kind, VAL_MOV);
	arch_decode_value(0x92407c1f, &v);		/* and sp, x0, #0xffffffff */
	ck_assert_int_ne(v.kind, VAL_MOV);
	ck_assert_uint_eq(v.dst, REG_SP);
	arch_decode_value(0xd360fd0a, &v);		/* lsr x10, x8, #32 */
	ck_assert_int_ne(v.kind, VAL_MOV);
	ck_assert_uint_eq(v.dst, 10);
	/* clang -O0 spills to x29-relative slots */
	arch_decode_value(0xf81f03a8, &v);		/* stur x8, [x29, #-16] */
	ck_assert_int_eq(v.kind, VAL_STORE_IMM);
	ck_assert_uint_eq(v.src1, REG_FP);
	ck_assert_uint_eq(v.src2, 8);
	ck_assert_int_eq(v.imm, -16);
	ck_assert_uint_eq(v.size, 8);
	arch_decode_value(0xf85f03ab, &v);		/* ldur x11, [x29, #-16] */
	ck_assert_int_eq(v.kind, VAL_LOAD_IMM);
	ck_assert_uint_eq(v.dst, 11);
	ck_assert_int_eq(v.imm, -16);
	arch_decode_value(0xf1007d08, &v);		/* subs x8, x8, #0x1f */
	ck_assert_int_eq(v.kind, VAL_ADD_IMM);
	ck_assert_int_eq(v.imm, -31);
	ck_assert(v.sets_flags);
}
END_TEST

/*
 * The generated table (gen-form-table.c) picks the form a scan of the
 * word's group picks: for words made from each row (its value, the bits
 * its mask leaves free set at random, one mask bit flipped) and for
 * random words (few enough for the sanitizer build's 4 s; all 2^32 were
 * checked once).
 */
static uint32_t next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (uint32_t)*x;
}

START_TEST(test_decode_form_table)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned int i, k;

	for (i = 0; i < F_OTHER; i++) {
		const struct a64_form_row *r = &a64_form_rows[i];

		for (k = 0; k < 512; k++) {
			uint32_t w = r->value | (next_random(&x) & ~r->mask);

			ck_assert_int_eq(a64_form(w), a64_form_scan(w));
			w ^= r->mask & (1u << (next_random(&x) % 32));
			ck_assert_int_eq(a64_form(w), a64_form_scan(w));
		}
		ck_assert_int_eq(a64_form(r->value), a64_form_scan(r->value));
	}
	for (k = 0; k < (1u << 18); k++) {
		uint32_t w = next_random(&x);

		ck_assert_int_eq(a64_form(w), a64_form_scan(w));
	}
}
END_TEST

/*
 * A word arch_decode() takes as quiet is one the form's handler gives
 * nothing: every value of the top 16 bits, with 8 random low halves each
 * (the whole 2^32 agree, checked once: 3.6 G quiet words); and common
 * words are quiet or not as expected.
 */
START_TEST(test_decode_quiet)
{
	static const struct insn_desc none = { .kind = INSN_OTHER, .reg = REG_NONE };
	uint64_t x = 0x2545f4914f6cdd1dull;
	unsigned long hi, k, quiet = 0, wrong = 0;

	for (hi = 0; hi < (1ul << 16); hi++)
		for (k = 0; k < 8; k++) {
			uint32_t w = (uint32_t)hi << 16 | (next_random(&x) & 0xffff);
			struct insn_desc d;

			if (!a64_quiet(w))
				continue;
			quiet++;
			a64_decode_form(w, &d);
			wrong += memcmp(&d, &none, sizeof(d)) != 0;
		}
	ck_assert_uint_eq(wrong, 0);
	ck_assert_uint_gt(quiet, (1ul << 19) / 2);
	ck_assert(a64_quiet(0xaa020020));		/* orr x0, x1, x2 */
	ck_assert(a64_quiet(0x8b020020));		/* add x0, x1, x2 */
	ck_assert(a64_quiet(0x91002020));		/* add x0, x1, #8 */
	ck_assert(a64_quiet(0xf9400420));		/* ldr x0, [x1, #8] */
	ck_assert(!a64_quiet(0x910003fd));		/* mov x29, sp */
	ck_assert(!a64_quiet(0xa9bf7bfd));		/* stp x29, x30, [sp, #-16]! */
	ck_assert(!a64_quiet(0xaa1e03e9));		/* mov x9, x30 */
	ck_assert(!a64_quiet(0xd10043ff));		/* sub sp, sp, #16 */
	ck_assert(!a64_quiet(0xf90003e0));		/* str x0, [sp] */
	ck_assert(!a64_quiet(0x94000000));		/* bl */
	ck_assert(!a64_quiet(0xdac103e0));		/* pacia x0, sp: PAC is decoded */
}
END_TEST

/*
 * A word arch_words_with_kind() leaves out decodes to INSN_OTHER with no
 * target; nothing is said of the words past n; data processing and
 * memory are left out, branches and udf not.
 */
START_TEST(test_decode_words_with_kind)
{
	uint64_t x = 0x3c6ef372fe94f82bull;
	unsigned long block, missed = 0, left_out = 0;
	uint8_t bytes[64 * 4];
	unsigned int i, n;

	for (block = 0; block < 40000; block++) {
		uint64_t found;

		n = block % 2 ? 64 : (unsigned int)(block % 64);
		for (i = 0; i < 64; i++) {
			uint32_t w = next_random(&x);

			memcpy(&bytes[4 * i], &w, 4);	/* the host is little-endian */
		}
		found = arch_words_with_kind(bytes, n);
		ck_assert_uint_eq(n < 64 ? found >> n : 0, 0);
		for (i = 0; i < n; i++) {
			uint32_t w;
			int32_t target;

			memcpy(&w, &bytes[4 * i], 4);
			if (found >> i & 1)
				continue;
			left_out++;
			missed += arch_decode_kind(w, &target) != INSN_OTHER ||
				  target != 0;
		}
	}
	ck_assert_uint_eq(missed, 0);
	ck_assert_uint_gt(left_out, 40000ul * 48 * 3 / 4);
	memcpy(bytes, (const uint32_t[]){ 0x94000000, 0x8b020020, 0x00000000,
					  0xd65f03c0, 0xf9400420 }, 20);
	ck_assert_uint_eq(arch_words_with_kind(bytes, 5), 0xd);	/* bl, udf, ret */
}
END_TEST

TCase *decode_tests(void)
{
	TCase *tc = tcase_create("decode");

	/* the form table's and the quiet words' samples, under ASan */
	tcase_set_timeout(tc, 60);

	tcase_add_loop_test(tc, test_decode_table, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_decode_immediates);
	tcase_add_test(tc, test_decode_kind_only);
	tcase_add_test(tc, test_decode_words_with_kind);
	tcase_add_test(tc, test_decode_values);
	tcase_add_test(tc, test_decode_form_table);
	tcase_add_test(tc, test_decode_quiet);
	return tc;
}
