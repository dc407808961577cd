// SPDX-License-Identifier: GPL-2.0
/*
 * A64 instruction classifier: one 32-bit word in, a struct insn_desc out.
 *
 * Only what matters to control flow and to sp, x29, x30 and the
 * callee-saved registers is decoded.  The word is dispatched on the
 * top-level op0 field (bits 28:25) to one class decoder per encoding group
 * of the Arm ARM (C4.1); each class decoder matches masks within its group.
 * Every other word is INSN_OTHER without stack effect, never an error.
 */
#include <string.h>

#include "validate/arch.h"

static inline uint32_t bits(uint32_t w, unsigned int hi, unsigned int lo)
{
	return (w >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static inline int32_t sext(uint32_t v, unsigned int width)
{
	uint32_t m = 1u << (width - 1);

	return (int32_t)((v ^ m) - m);
}

static void add_op(struct insn_desc *d, uint8_t type, uint8_t dst, uint8_t src,
		   uint8_t size, int32_t imm)
{
	struct stack_op *op;

	if (d->nr_ops >= INSN_MAX_OPS)
		return;
	op = &d->ops[d->nr_ops++];
	op->type = type;
	op->dst = dst;
	op->src = src;
	op->size = size;
	op->imm = imm;
}

static bool is_frame_reg(unsigned int reg)
{
	return reg == REG_SP || reg == REG_FP;
}

/* A general register write the model does not follow: only sp and x29 count. */
static void clobber(struct insn_desc *d, unsigned int reg)
{
	if (is_frame_reg(reg))
		add_op(d, SOP_CLOBBER, reg, REG_NONE, 8, 0);
}

/* Register field 31 means sp in base and sp-capable operands, xzr elsewhere. */
static unsigned int reg_sp(uint32_t field)
{
	return field == 31 ? REG_SP : field;
}

static unsigned int reg_zr(uint32_t field)
{
	return field == 31 ? REG_ZR : field;
}

/* ---- Reserved space: udf ---- */

static void decode_reserved(uint32_t w, struct insn_desc *d)
{
	if ((w & 0xffff0000) == 0x00000000) {
		d->kind = INSN_UDF;
		d->imm = bits(w, 15, 0);
	}
}

/* ---- Data processing, immediate ---- */

static void decode_addsub_imm(uint32_t w, struct insn_desc *d, int32_t imm)
{
	bool sf = bits(w, 31, 31), sub = bits(w, 30, 30), setflags = bits(w, 29, 29);
	unsigned int rd = setflags ? reg_zr(bits(w, 4, 0)) : reg_sp(bits(w, 4, 0));
	unsigned int rn = reg_sp(bits(w, 9, 5));

	if (!is_frame_reg(rd))
		return;
	if (sf && is_frame_reg(rn))
		add_op(d, SOP_ADD, rd, rn, 8, sub ? -imm : imm);
	else
		clobber(d, rd);
}

static void decode_dp_imm(uint32_t w, struct insn_desc *d)
{
	unsigned int rd = bits(w, 4, 0);

	switch (bits(w, 25, 23)) {
	case 2:	/* add/sub (immediate) */
		decode_addsub_imm(w, d, bits(w, 21, 10) << (bits(w, 22, 22) ? 12 : 0));
		return;
	case 3:	/* addg/subg: the address moves by uimm6 granules */
		if (bits(w, 29, 29) == 0 && bits(w, 22, 22) == 0)
			decode_addsub_imm(w, d, bits(w, 21, 16) << 4);
		return;
	case 4:	/* logical (immediate): rd 31 is sp except for ands */
		clobber(d, bits(w, 30, 29) == 3 ? reg_zr(rd) : reg_sp(rd));
		return;
	default: /* adr, adrp, move wide, bitfield, extract */
		clobber(d, reg_zr(rd));
		return;
	}
}

/* ---- Branches, exception generation and system ---- */

struct branch_reg_form {
	uint32_t mask;
	uint32_t match;
	uint8_t kind;
	uint8_t flags;
};

/* Unconditional branch (register), one row a form; the register is bits 9:5. */
static const struct branch_reg_form branch_reg_forms[] = {
	{ 0xfffffc1f, 0xd61f0000, INSN_JUMP_IND, 0 },		/* br */
	{ 0xfffffc1f, 0xd61f081f, INSN_JUMP_IND, INSN_F_PAC },	/* braaz */
	{ 0xfffffc1f, 0xd61f0c1f, INSN_JUMP_IND, INSN_F_PAC },	/* brabz */
	{ 0xfffffc00, 0xd71f0800, INSN_JUMP_IND, INSN_F_PAC },	/* braa */
	{ 0xfffffc00, 0xd71f0c00, INSN_JUMP_IND, INSN_F_PAC },	/* brab */
	{ 0xfffffc1f, 0xd63f0000, INSN_CALL_IND, 0 },		/* blr */
	{ 0xfffffc1f, 0xd63f081f, INSN_CALL_IND, INSN_F_PAC },	/* blraaz */
	{ 0xfffffc1f, 0xd63f0c1f, INSN_CALL_IND, INSN_F_PAC },	/* blrabz */
	{ 0xfffffc00, 0xd73f0800, INSN_CALL_IND, INSN_F_PAC },	/* blraa */
	{ 0xfffffc00, 0xd73f0c00, INSN_CALL_IND, INSN_F_PAC },	/* blrab */
	{ 0xfffffc1f, 0xd65f0000, INSN_RET, 0 },		/* ret */
	{ 0xffffffff, 0xd65f0bff, INSN_RET, INSN_F_PAC },	/* retaa */
	{ 0xffffffff, 0xd65f0fff, INSN_RET, INSN_F_PAC },	/* retab */
	{ 0xffffffff, 0xd69f03e0, INSN_ERET, 0 },		/* eret */
	{ 0xffffffff, 0xd69f0bff, INSN_ERET, INSN_F_PAC },	/* eretaa */
	{ 0xffffffff, 0xd69f0fff, INSN_ERET, INSN_F_PAC },	/* eretab */
};

static void decode_branch_reg(uint32_t w, struct insn_desc *d)
{
	size_t i;

	for (i = 0; i < sizeof(branch_reg_forms) / sizeof(branch_reg_forms[0]); i++) {
		const struct branch_reg_form *f = &branch_reg_forms[i];

		if ((w & f->mask) == f->match) {
			d->kind = f->kind;
			d->flags = f->flags;
			d->reg = bits(w, 9, 5);
			/* retaa and retab return to x30; their rn field is 31 */
			if (f->kind == INSN_RET && (f->flags & INSN_F_PAC))
				d->reg = REG_LR;
			return;
		}
	}
}

static void decode_exception(uint32_t w, struct insn_desc *d)
{
	unsigned int opc = bits(w, 23, 21), ll = bits(w, 1, 0);

	if (bits(w, 4, 2) != 0)
		return;
	d->imm = bits(w, 20, 5);
	if (opc == 0 && ll != 0)
		d->kind = INSN_SYSCALL;
	else if (opc == 1 && ll == 0)
		d->kind = INSN_BRK;
	else if (opc == 2 && ll == 0)
		d->kind = INSN_HLT;
}

/* Hint space: CRm:op2 selects the hint. */
static void decode_hint(uint32_t w, struct insn_desc *d)
{
	unsigned int hint = bits(w, 11, 5);

	if (hint == 0) {
		d->kind = INSN_NOP;
		return;
	}
	d->kind = INSN_HINT;
	/* xpaclri, pac/aut 1716, pac/aut z and sp */
	if (hint == 7 || (hint >= 8 && hint <= 14 && !(hint & 1)) ||
	    (hint >= 24 && hint <= 31))
		d->flags |= INSN_F_PAC;
}

static void decode_system(uint32_t w, struct insn_desc *d)
{
	if ((w & 0xfffff01f) == 0xd503201f)
		decode_hint(w, d);
	else if ((w & 0xfff00000) == 0xd5300000 || (w & 0xfff80000) == 0xd5280000)
		clobber(d, reg_zr(bits(w, 4, 0)));	/* mrs, sysl */
	else if ((w & 0xfffff0ff) == 0xd50040bf)
		clobber(d, REG_SP);	/* msr spsel, #imm: sp becomes another sp */
}

static void decode_branch_sys(uint32_t w, struct insn_desc *d)
{
	if ((w & 0x7c000000) == 0x14000000) {		/* b, bl */
		d->kind = bits(w, 31, 31) ? INSN_CALL : INSN_JUMP;
		d->has_target = true;
		d->target = sext(bits(w, 25, 0), 26) * 4;
	} else if ((w & 0xff000000) == 0x54000000) {	/* b.cond, bc.cond */
		d->kind = INSN_JUMP_COND;
		d->has_target = true;
		d->target = sext(bits(w, 23, 5), 19) * 4;
	} else if ((w & 0x7e000000) == 0x34000000) {	/* cbz, cbnz */
		d->kind = INSN_JUMP_COND;
		d->has_target = true;
		d->target = sext(bits(w, 23, 5), 19) * 4;
	} else if ((w & 0x7e000000) == 0x36000000) {	/* tbz, tbnz */
		d->kind = INSN_JUMP_COND;
		d->has_target = true;
		d->target = sext(bits(w, 18, 5), 14) * 4;
	} else if ((w & 0xff000000) == 0xd4000000) {
		decode_exception(w, d);
	} else if ((w & 0xffc00000) == 0xd5000000) {
		decode_system(w, d);
	} else if ((w & 0xfe000000) == 0xd6000000) {
		decode_branch_reg(w, d);
	}
}

/* ---- Loads and stores ---- */

/*
 * One transfer of register rt at [rn + offset], with optional writeback of
 * wb to rn before (pre-index) or after (post-index) the access.
 */
struct ldst {
	bool load;
	unsigned int rt, rt2;	/* rt2 REG_NONE unless a pair */
	unsigned int rn;
	unsigned int size;	/* bytes of each register */
	int32_t offset;		/* of the access from rn (after pre-index) */
	int32_t wb;
	bool pre, post;
};

static void emit_transfer(struct insn_desc *d, const struct ldst *l,
			  unsigned int rt, int32_t off)
{
	if (rt == REG_NONE)
		return;
	if (is_frame_reg(l->rn))
		add_op(d, l->load ? SOP_LOAD : SOP_STORE, rt, l->rn, l->size, off);
	else if (l->load)
		clobber(d, rt);
}

static void emit_ldst(struct insn_desc *d, const struct ldst *l)
{
	bool track_wb = (l->pre || l->post) && is_frame_reg(l->rn);

	if (l->pre && track_wb)
		add_op(d, SOP_ADD, l->rn, l->rn, 8, l->wb);
	emit_transfer(d, l, l->rt, l->offset);
	emit_transfer(d, l, l->rt2, l->offset + (int32_t)l->size);
	if (l->post && track_wb)
		add_op(d, SOP_ADD, l->rn, l->rn, 8, l->wb);
	if (l->rn == REG_X18 && l->rt == REG_LR && l->size == 8 &&
	    (l->pre || l->post))
		d->flags |= INSN_F_SCS;
	/* the shadow call stack's push and pop: str x30, [x18], #8 and
	 * ldr x30, [x18, #-8]! (a single register, never a pair) */
	if (l->rn == REG_X18 && l->rt == REG_LR && l->rt2 == REG_NONE &&
	    l->size == 8 && !l->load && l->post && l->wb == 8)
		add_op(d, SOP_SCS_PUSH, REG_LR, REG_X18, 8, 0);
	if (l->rn == REG_X18 && l->rt == REG_LR && l->rt2 == REG_NONE &&
	    l->size == 8 && l->load && l->pre && l->wb == -8)
		add_op(d, SOP_SCS_POP, REG_LR, REG_X18, 8, 0);
}

static void set_index(struct ldst *l, unsigned int mode, int32_t imm)
{
	/* 1: post-index, 3: pre-index, otherwise an offset form */
	l->pre = mode == 3;
	l->post = mode == 1;
	l->wb = imm;
	l->offset = l->post || l->pre ? 0 : imm;
}

static void decode_ldst_pair(uint32_t w, struct insn_desc *d)
{
	unsigned int opc = bits(w, 31, 30), v = bits(w, 26, 26);
	unsigned int type = bits(w, 24, 23);
	struct ldst l = { .load = bits(w, 22, 22), .rn = reg_sp(bits(w, 9, 5)) };
	unsigned int scale;

	if (v) {
		if (opc == 3)
			return;
		l.size = 4u << opc;
		l.rt = REG_V(bits(w, 4, 0));
		l.rt2 = REG_V(bits(w, 14, 10));
		scale = l.size;
	} else if (opc == 1 && !l.load) {		/* stgp */
		l.size = 8;
		scale = 16;
		l.rt = reg_zr(bits(w, 4, 0));
		l.rt2 = reg_zr(bits(w, 14, 10));
		if (type == 0)
			return;
	} else {
		if (opc == 3)
			return;
		l.size = opc == 2 ? 8 : 4;		/* ldpsw reads 4 */
		l.rt = reg_zr(bits(w, 4, 0));
		l.rt2 = reg_zr(bits(w, 14, 10));
		scale = l.size;
	}
	set_index(&l, type, sext(bits(w, 21, 15), 7) * (int32_t)scale);
	emit_ldst(d, &l);
}

/* Size class of a single-register transfer; false for prefetches. */
static bool ldst_reg_kind(uint32_t w, struct ldst *l, unsigned int *scale)
{
	unsigned int size = bits(w, 31, 30), opc = bits(w, 23, 22);

	if (bits(w, 26, 26)) {
		bool q = opc >= 2;

		if (q && size != 0)
			return false;
		l->load = opc & 1;
		l->size = q ? 16 : 1u << size;
		l->rt = REG_V(bits(w, 4, 0));
	} else {
		if (size == 3 && opc == 2)
			return false;			/* prfm */
		l->load = opc != 0;
		l->size = 1u << size;
		l->rt = reg_zr(bits(w, 4, 0));
	}
	*scale = l->size;
	return true;
}

static void decode_ldst_reg(uint32_t w, struct insn_desc *d)
{
	struct ldst l = { .rn = reg_sp(bits(w, 9, 5)), .rt2 = REG_NONE };
	unsigned int scale;

	if (!ldst_reg_kind(w, &l, &scale))
		return;
	if (bits(w, 24, 24)) {				/* unsigned offset */
		set_index(&l, 2, bits(w, 21, 10) * scale);
	} else if (!bits(w, 21, 21)) {			/* imm9 forms */
		unsigned int mode = bits(w, 11, 10);

		set_index(&l, mode == 2 ? 0 : mode, sext(bits(w, 20, 12), 9));
	} else if (bits(w, 11, 10) == 2) {		/* register offset */
		if (l.load)
			clobber(d, l.rt);
		return;
	} else {
		return;
	}
	emit_ldst(d, &l);
}

/* ldraa/ldrab: a 64-bit load, optionally writing the address back. */
static void decode_ldra(uint32_t w, struct insn_desc *d)
{
	struct ldst l = { .load = true, .rn = reg_sp(bits(w, 9, 5)),
			  .rt = reg_zr(bits(w, 4, 0)), .rt2 = REG_NONE, .size = 8 };
	int32_t imm = sext((bits(w, 22, 22) << 9) | bits(w, 20, 12), 10) * 8;

	set_index(&l, bits(w, 11, 11) ? 3 : 2, imm);
	emit_ldst(d, &l);
}

/* stg, stzg, st2g, stz2g: tag stores, no data; only the writeback matters. */
static void decode_mte(uint32_t w, struct insn_desc *d)
{
	unsigned int mode = bits(w, 11, 10);
	unsigned int rn = reg_sp(bits(w, 9, 5));

	if (mode == 0) {
		/* stzgm, ldg, stgm, ldgm: the loads write their register */
		if (bits(w, 22, 22))
			clobber(d, reg_zr(bits(w, 4, 0)));
		return;
	}
	if ((mode == 1 || mode == 3) && is_frame_reg(rn))
		add_op(d, SOP_ADD, rn, rn, 8, sext(bits(w, 20, 12), 9) * 16);
}

/* Exclusives, ordered and compare-and-swap: never a writeback. */
static void decode_ldst_excl(uint32_t w, struct insn_desc *d)
{
	bool load = bits(w, 22, 22), o2 = bits(w, 23, 23), o1 = bits(w, 21, 21);

	if (o2 && o1) {			/* cas family writes rs */
		clobber(d, reg_zr(bits(w, 20, 16)));
	} else if (load) {
		clobber(d, reg_zr(bits(w, 4, 0)));
		if (o1)
			clobber(d, reg_zr(bits(w, 14, 10)));
	} else if (!o2) {		/* store exclusive writes its status */
		clobber(d, reg_zr(bits(w, 20, 16)));
	}
}

static void decode_ldst(uint32_t w, struct insn_desc *d)
{
	if ((w & 0xff200000) == 0xd9200000)
		decode_mte(w, d);
	else if ((w & 0x3f000000) == 0x08000000)
		decode_ldst_excl(w, d);
	else if ((w & 0x3b000000) == 0x18000000) {	/* literal */
		if (!bits(w, 26, 26) && bits(w, 31, 30) != 3)
			clobber(d, reg_zr(bits(w, 4, 0)));
	} else if ((w & 0x3f200c00) == 0x19000000) {	/* ldapur/stlur */
		if (bits(w, 23, 22) != 0)
			clobber(d, reg_zr(bits(w, 4, 0)));
	} else if ((w & 0x3a000000) == 0x28000000)
		decode_ldst_pair(w, d);
	else if ((w & 0xff200400) == 0xf8200400)
		decode_ldra(w, d);
	else if ((w & 0x3b200c00) == 0x38200000) {	/* lse atomics */
		clobber(d, reg_zr(bits(w, 4, 0)));
	} else if ((w & 0x38000000) == 0x38000000)
		decode_ldst_reg(w, d);
}

/* ---- Data processing, register ---- */

static void decode_dp_reg(uint32_t w, struct insn_desc *d)
{
	unsigned int rd = bits(w, 4, 0);

	if ((w & 0x1fe00000) == 0x1a400000)
		return;				/* conditional compare: no rd */
	if ((w & 0x1fe00000) == 0x0b200000 && !bits(w, 29, 29)) {
		/* add/sub (extended register): rd 31 is sp */
		unsigned int rn = reg_sp(bits(w, 9, 5)), rm = bits(w, 20, 16);
		bool plain = bits(w, 31, 31) && bits(w, 15, 13) == 3 &&
			     bits(w, 12, 10) == 0;	/* uxtx #0: the register */

		if (is_frame_reg(reg_sp(rd)) && is_frame_reg(rn) && plain && rm != 31)
			add_op(d, SOP_ADD_REG, reg_sp(rd), rn, rm,
			       bits(w, 30, 30) ? -1 : 1);
		else
			clobber(d, reg_sp(rd));
		return;
	}
	clobber(d, reg_zr(rd));
}

/* ---- SIMD and floating point: only moves into general registers ---- */

static void decode_simd(uint32_t w, struct insn_desc *d)
{
	unsigned int opcode = bits(w, 18, 16);

	/* float/integer conversions: opcode 010, 011 and 111 write a vector */
	if ((w & 0x5f20fc00) == 0x1e200000 && opcode != 2 && opcode != 3 &&
	    opcode != 7)
		clobber(d, reg_zr(bits(w, 4, 0)));
	/* umov, smov */
	else if ((w & 0xbfe0ec00) == 0x0e002c00)
		clobber(d, reg_zr(bits(w, 4, 0)));
}

void arch_decode(uint32_t w, struct insn_desc *d)
{
	memset(d, 0, sizeof(*d));
	d->reg = REG_NONE;

	switch (bits(w, 28, 25)) {
	case 0x0:
		decode_reserved(w, d);
		break;
	case 0x8: case 0x9:
		decode_dp_imm(w, d);
		break;
	case 0xa: case 0xb:
		decode_branch_sys(w, d);
		break;
	case 0x4: case 0x6: case 0xc: case 0xe:
		decode_ldst(w, d);
		break;
	case 0x5: case 0xd:
		decode_dp_reg(w, d);
		break;
	case 0x7: case 0xf:
		decode_simd(w, d);
		break;
	default:
		break;
	}
}

static const char *const kind_names[INSN_KIND_MAX] = {
	[INSN_OTHER] = "other",
	[INSN_NOP] = "nop",
	[INSN_HINT] = "hint",
	[INSN_JUMP] = "jump",
	[INSN_JUMP_COND] = "conditional jump",
	[INSN_JUMP_IND] = "indirect jump",
	[INSN_CALL] = "call",
	[INSN_CALL_IND] = "indirect call",
	[INSN_RET] = "return",
	[INSN_ERET] = "exception return",
	[INSN_BRK] = "brk",
	[INSN_HLT] = "hlt",
	[INSN_UDF] = "udf",
	[INSN_SYSCALL] = "system call",
};

const char *arch_kind_name(enum insn_kind kind)
{
	return kind < INSN_KIND_MAX ? kind_names[kind] : "?";
}

const char *arch_reg_name(unsigned int reg)
{
	static const char *const names[] = {
		"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		"x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18",
		"x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
		"x28", "x29", "x30", "sp",
		"d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9",
		"d10", "d11", "d12", "d13", "d14", "d15", "d16", "d17", "d18",
		"d19", "d20", "d21", "d22", "d23", "d24", "d25", "d26", "d27",
		"d28", "d29", "d30", "d31", "xzr",
	};

	return reg < sizeof(names) / sizeof(names[0]) ? names[reg] : "?";
}

/*
 * Control flow lives in two encoding groups: reserved (udf) and branches,
 * exception generation and system.  Every other group is INSN_OTHER, so
 * the pass that classifies every code word need not build stack
 * operations for the nine words in ten that are data processing or memory.
 */
enum insn_kind arch_decode_kind(uint32_t w, int32_t *target)
{
	struct insn_desc d;

	*target = 0;
	switch (bits(w, 28, 25)) {
	case 0x0: case 0xa: case 0xb:
		arch_decode(w, &d);
		*target = d.target;
		return d.kind;
	default:
		return INSN_OTHER;
	}
}
