// SPDX-License-Identifier: GPL-2.0
/*
 * A64 instruction classifier: one 32-bit word in, a struct insn_desc out.
 *
 * Only what matters to control flow and to sp, x29, x30 and the
 * callee-saved registers is decoded.  The word's form comes from the one
 * table of forms (forms.h); a handler a form class says what the word does.
 * Every other word is INSN_OTHER without stack effect, never an error.
 */
#include <string.h>

#include "fields.h"
#include "form.h"
#include "quiet.h"

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

/*
 * A general register write the model does not follow: only sp and x29
 * count, x30, whose value at entry the model keeps track of, and x18,
 * the shadow call stack's pointer where a function uses one.
 */
static void clobber(struct insn_desc *d, unsigned int reg)
{
	if (is_frame_reg(reg) || reg == REG_LR || reg == REG_X18)
		add_op(d, SOP_CLOBBER, reg, REG_NONE, 8, 0);
}

/* ---- Data processing ---- */

/* add/sub of an immediate, and addg/subg: rd = rn +/- imm */
static void decode_addsub_imm(uint32_t w, struct insn_desc *d, int32_t imm)
{
	bool sub = bits(w, 30, 30);
	unsigned int dst = setflags(w) ? reg_zr(rd(w)) : reg_sp(rd(w));
	unsigned int src = reg_sp(rn(w));

	if (!is_frame_reg(dst)) {
		clobber(d, dst);
		return;
	}
	if (sf(w) && is_frame_reg(src))
		add_op(d, SOP_ADD, dst, src, 8, sub ? -imm : imm);
	else
		clobber(d, dst);
}

/* add/sub (extended register): sub sp, sp, x16 is followed, if plain */
static void decode_addsub_ext(uint32_t w, struct insn_desc *d)
{
	unsigned int dst = reg_sp(rd(w)), src = reg_sp(rn(w)), reg = rm(w);
	bool plain = sf(w) && bits(w, 15, 13) == 3 && bits(w, 12, 10) == 0;

	if (setflags(w))
		clobber(d, reg_zr(rd(w)));	/* adds, subs: rd 31 is xzr */
	else if (is_frame_reg(dst) && is_frame_reg(src) && plain && reg != 31)
		add_op(d, SOP_ADD_REG, dst, src, reg, bits(w, 30, 30) ? -1 : 1);
	else
		clobber(d, dst);
}

/*
 * mov xd, xm (orr with xzr): a move of its own where x29 or x30 is copied
 * or moved back, or x18 is written; otherwise a write like any other.
 */
static void decode_logic_shift(uint32_t w, struct insn_desc *d)
{
	unsigned int dst = reg_zr(rd(w)), src = reg_zr(rm(w));
	bool mov = (w & 0xffe0ffe0) == 0xaa0003e0;

	if (mov && (dst == REG_FP || dst == REG_LR || dst == REG_X18 ||
		    src == REG_FP || src == REG_LR))
		add_op(d, SOP_MOVE, dst, src, 8, 0);
	else
		clobber(d, dst);
}

/* x30 signed, authenticated (key, modifier) or stripped. */
static void ra_op(struct insn_desc *d, uint8_t type, unsigned int modifier,
		  unsigned int key)
{
	d->flags |= INSN_F_PAC;
	add_op(d, type, REG_LR, modifier, key, 0);
}

/*
 * pacia, pacib, autia, autib (modifier xn or sp), their z forms (zero) and
 * xpaci: only their use on x30 is followed; the data keys on x30, or any
 * form on x29 or x18, are writes like any other.
 */
static void decode_pac(uint32_t w, struct insn_desc *d)
{
	unsigned int op = bits(w, 15, 10), key = op & 1;

	if (reg_zr(rd(w)) != REG_LR) {
		clobber(d, reg_zr(rd(w)));
		return;
	}
	switch (op) {
	case 0: case 1:		/* pacia, pacib x30, xn|sp */
		ra_op(d, SOP_RA_SIGN, reg_sp(rn(w)), key);
		break;
	case 4: case 5:		/* autia, autib */
		ra_op(d, SOP_RA_AUTH, reg_sp(rn(w)), key);
		break;
	case 8: case 9:		/* paciza, pacizb */
		ra_op(d, SOP_RA_SIGN, REG_ZR, key);
		break;
	case 12: case 13:	/* autiza, autizb */
		ra_op(d, SOP_RA_AUTH, REG_ZR, key);
		break;
	case 16:		/* xpaci */
		ra_op(d, SOP_RA_STRIP, REG_NONE, 0);
		break;
	default:
		clobber(d, REG_LR);
		break;
	}
}

/* ---- Branches, exception generation and system ---- */

static void branch(struct insn_desc *d, uint8_t kind, int32_t target)
{
	d->kind = kind;
	d->has_target = true;
	d->target = target;
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
	/* bti c, bti jc, and paciasp, pacibsp, which BTI takes as bti c */
	if (hint == 34 || hint == 38 || hint == 25 || hint == 27)
		d->flags |= INSN_F_CALL_PAD;
	if (hint >= 32 && hint <= 38 && !(hint & 1))	/* bti, c, j, jc */
		d->flags |= INSN_F_BTI;
	if (hint == 7)				/* xpaclri */
		ra_op(d, SOP_RA_STRIP, REG_NONE, 0);
	else if (hint >= 24 && hint <= 31) /* aut (4), key B (2), sp (1) */
		ra_op(d, hint & 4 ? SOP_RA_AUTH : SOP_RA_SIGN,
		      hint & 1 ? REG_SP : REG_ZR, hint & 2 ? PAC_KEY_B : PAC_KEY_A);
}

/* br, blr, ret, eret and their PAC forms; the register is bits 9:5 */
static void branch_reg(uint32_t w, struct insn_desc *d, uint8_t kind,
		       uint8_t flags)
{
	d->kind = kind;
	d->flags = flags;
	d->reg = rn(w);
	/* retaa and retab return to x30; their rn field is 31 */
	if (kind == INSN_RET && (flags & INSN_F_PAC))
		d->reg = REG_LR;
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

static bool scs_pop(const struct ldst *l)
{
	return l->rn == REG_X18 && l->rt == REG_LR && l->rt2 == REG_NONE &&
	       l->size == 8 && l->load && l->pre && l->wb == -8;
}

static bool scs_push(const struct ldst *l)
{
	return l->rn == REG_X18 && l->rt == REG_LR && l->rt2 == REG_NONE &&
	       l->size == 8 && !l->load && l->post && l->wb == 8;
}

/* The shadow call stack's push and pop: str x30, [x18], #8 and
 * ldr x30, [x18, #-8]! (a single register, never a pair). */
static void shadow_call_stack(struct insn_desc *d, const struct ldst *l)
{
	if (l->rn != REG_X18 || l->rt != REG_LR || l->size != 8)
		return;
	if (l->pre || l->post)
		d->flags |= INSN_F_SCS;
	if (scs_push(l))
		add_op(d, SOP_SCS_PUSH, REG_LR, REG_X18, 8, 0);
	if (scs_pop(l))
		add_op(d, SOP_SCS_POP, REG_LR, REG_X18, 8, 0);
}

static void emit_ldst(struct insn_desc *d, const struct ldst *l)
{
	bool track_wb = (l->pre || l->post) && is_frame_reg(l->rn);

	if (l->pre && track_wb)
		add_op(d, SOP_ADD, l->rn, l->rn, 8, l->wb);
	/* the pop gives x30 its value at entry back: no mere clobber */
	if (!scs_pop(l))
		emit_transfer(d, l, l->rt, l->offset);
	emit_transfer(d, l, l->rt2, l->offset + (int32_t)l->size);
	if (l->post && track_wb)
		add_op(d, SOP_ADD, l->rn, l->rn, 8, l->wb);
	/* a written-back x18 or x30, but for the shadow call stack's own */
	if ((l->pre || l->post) && !track_wb && !scs_push(l) && !scs_pop(l))
		clobber(d, l->rn);
	shadow_call_stack(d, l);
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
	struct ldst l = { .load = bits(w, 22, 22), .rn = reg_sp(rn(w)) };
	unsigned int scale;

	if (v) {
		if (opc == 3)
			return;
		l.size = 4u << opc;
		l.rt = REG_V(rd(w));
		l.rt2 = REG_V(rt2(w));
		scale = l.size;
	} else if (opc == 1 && !l.load) {		/* stgp */
		l.size = 8;
		scale = 16;
		l.rt = reg_zr(rd(w));
		l.rt2 = reg_zr(rt2(w));
		if (type == 0)
			return;
	} else {
		if (opc == 3)
			return;
		l.size = opc == 2 ? 8 : 4;		/* ldpsw reads 4 */
		l.rt = reg_zr(rd(w));
		l.rt2 = reg_zr(rt2(w));
		scale = l.size;
	}
	set_index(&l, type, (int32_t)sext(bits(w, 21, 15), 7) * (int32_t)scale);
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
		l->rt = REG_V(rd(w));
	} else {
		if (size == 3 && opc == 2)
			return false;			/* prfm */
		l->load = opc != 0;
		l->size = 1u << size;
		l->rt = reg_zr(rd(w));
	}
	*scale = l->size;
	return true;
}

/* ldr/str of one register: unsigned offset, imm9 forms, register offset */
static void decode_ldst_reg(uint32_t w, struct insn_desc *d, enum a64_form f)
{
	struct ldst l = { .rn = reg_sp(rn(w)), .rt2 = REG_NONE };
	unsigned int scale;

	if (!ldst_reg_kind(w, &l, &scale))
		return;
	if (f == F_ldst_roff) {
		if (l.load)
			clobber(d, l.rt);
		return;
	}
	if (f == F_ldst_uimm) {
		set_index(&l, 2, bits(w, 21, 10) * scale);
	} else {
		unsigned int mode = bits(w, 11, 10);

		set_index(&l, mode == 2 ? 0 : mode, (int32_t)sext(bits(w, 20, 12), 9));
	}
	emit_ldst(d, &l);
}

/* ldraa/ldrab: a 64-bit load, optionally writing the address back. */
static void decode_ldra(uint32_t w, struct insn_desc *d)
{
	struct ldst l = { .load = true, .rn = reg_sp(rn(w)),
			  .rt = reg_zr(rd(w)), .rt2 = REG_NONE, .size = 8 };
	int32_t imm = (int32_t)sext((bits(w, 22, 22) << 9) | bits(w, 20, 12), 10) * 8;

	set_index(&l, bits(w, 11, 11) ? 3 : 2, imm);
	emit_ldst(d, &l);
}

/* stg, stzg, st2g, stz2g: tag stores, no data; only the writeback matters. */
static void decode_mte(uint32_t w, struct insn_desc *d)
{
	unsigned int mode = bits(w, 11, 10);
	unsigned int base = reg_sp(rn(w));

	if (mode == 0) {
		/* stzgm, ldg, stgm, ldgm: the loads write their register */
		if (bits(w, 22, 22))
			clobber(d, reg_zr(rd(w)));
		return;
	}
	if ((mode == 1 || mode == 3) && is_frame_reg(base))
		add_op(d, SOP_ADD, base, base, 8, (int32_t)sext(bits(w, 20, 12), 9) * 16);
}

/* Exclusives, ordered and compare-and-swap: never a writeback. */
static void decode_exclusive(uint32_t w, struct insn_desc *d)
{
	bool load = bits(w, 22, 22), o2 = bits(w, 23, 23), o1 = bits(w, 21, 21);

	if (o2 && o1) {			/* cas family writes rs */
		clobber(d, reg_zr(rm(w)));
	} else if (load) {
		clobber(d, reg_zr(rd(w)));
		if (o1)
			clobber(d, reg_zr(rt2(w)));
	} else if (!o2) {		/* store exclusive writes its status */
		clobber(d, reg_zr(rm(w)));
	}
}

/* ---- SIMD and floating point: only moves into general registers ---- */

static void decode_fp_int(uint32_t w, struct insn_desc *d)
{
	unsigned int opcode = bits(w, 18, 16);

	/* opcode 010, 011 and 111 write a vector */
	if (opcode != 2 && opcode != 3 && opcode != 7)
		clobber(d, reg_zr(rd(w)));
}

static void decode_form(uint32_t w, struct insn_desc *d, enum a64_form f)
{
	switch (f) {
	case F_udf:
		d->kind = INSN_UDF;
		d->imm = bits(w, 15, 0);
		break;
	case F_addsub_imm:
		decode_addsub_imm(w, d, bits(w, 21, 10) << (bits(w, 22, 22) ? 12 : 0));
		break;
	case F_addsubg:		/* the address moves by uimm6 granules */
		decode_addsub_imm(w, d, bits(w, 21, 16) << 4);
		break;
	case F_logic_imm:	/* rd 31 is sp except for ands */
		clobber(d, bits(w, 30, 29) == 3 ? reg_zr(rd(w)) : reg_sp(rd(w)));
		break;
	case F_adr: case F_adrp: case F_movw: case F_bitfield: case F_extract:
	case F_mrs: case F_sysl: case F_dp_reg:
	case F_addsub_shift: case F_addsub_reg: case F_umov:
		clobber(d, reg_zr(rd(w)));
		break;
	case F_logic_shift:
		decode_logic_shift(w, d);
		break;
	case F_pac:
		decode_pac(w, d);
		break;
	case F_addsub_ext:
		decode_addsub_ext(w, d);
		break;
	case F_b:
		branch(d, INSN_JUMP, (int32_t)sext(bits(w, 25, 0), 26) * 4);
		break;
	case F_bl:		/* a call writes the return address to x30 */
		branch(d, INSN_CALL, (int32_t)sext(bits(w, 25, 0), 26) * 4);
		add_op(d, SOP_LINK, REG_LR, REG_NONE, 8, 0);
		break;
	case F_b_cond: case F_bc_cond: case F_cbz:
		branch(d, INSN_JUMP_COND, (int32_t)sext(bits(w, 23, 5), 19) * 4);
		break;
	case F_tbz:
		branch(d, INSN_JUMP_COND, (int32_t)sext(bits(w, 18, 5), 14) * 4);
		break;
	case F_exception:
		decode_exception(w, d);
		break;
	case F_hint:
		decode_hint(w, d);
		break;
	case F_msr_spsel:	/* sp becomes another sp */
		clobber(d, REG_SP);
		break;
	case F_br:	branch_reg(w, d, INSN_JUMP_IND, 0); break;
	case F_braaz: case F_brabz: case F_braa: case F_brab:
		branch_reg(w, d, INSN_JUMP_IND, INSN_F_PAC);
		break;
	case F_blr:
		branch_reg(w, d, INSN_CALL_IND, 0);
		add_op(d, SOP_LINK, REG_LR, REG_NONE, 8, 0);
		break;
	case F_blraaz: case F_blrabz: case F_blraa: case F_blrab:
		branch_reg(w, d, INSN_CALL_IND, INSN_F_PAC);
		add_op(d, SOP_LINK, REG_LR, REG_NONE, 8, 0);
		break;
	case F_ret:	branch_reg(w, d, INSN_RET, 0); break;
	case F_retaa: case F_retab:	/* authenticate x30 with sp, return */
		branch_reg(w, d, INSN_RET, INSN_F_PAC);
		ra_op(d, SOP_RA_AUTH, REG_SP, f == F_retab ? PAC_KEY_B : PAC_KEY_A);
		break;
	case F_eret:	branch_reg(w, d, INSN_ERET, 0); break;
	case F_eretaa: case F_eretab:
		branch_reg(w, d, INSN_ERET, INSN_F_PAC);
		break;
	case F_mte_tags:
		decode_mte(w, d);
		break;
	case F_exclusive:
		decode_exclusive(w, d);
		break;
	case F_literal:
		if (!bits(w, 26, 26) && bits(w, 31, 30) != 3)
			clobber(d, reg_zr(rd(w)));
		break;
	case F_rcpc_unscaled:
		if (bits(w, 23, 22) != 0)
			clobber(d, reg_zr(rd(w)));
		break;
	case F_pair:
		decode_ldst_pair(w, d);
		break;
	case F_ldra:
		decode_ldra(w, d);
		break;
	case F_atomic:
		clobber(d, reg_zr(rd(w)));
		break;
	case F_ldst_roff: case F_ldst_uimm: case F_ldst_imm9:
		decode_ldst_reg(w, d, f);
		break;
	case F_fp_int:
		decode_fp_int(w, d);
		break;
	default:	/* ccmp, fcmp, other system words: nothing followed */
		break;
	}
}

/*
 * Quiet words, which decode to nothing (INSN_OTHER, no operation, no
 * flag), told before their form's handler runs: a form listed below gives
 * something only when one of the register fields it names holds 31 (sp),
 * x29, x30 or x18.  Half the words the walk decodes are quiet, and the
 * handler's jump costs each a misprediction more often than not.  A form
 * not listed (control flow, system, PAC) is always decoded.  Checked over
 * all 2^32 words against the handlers (tests/unit/test_decode.c does it
 * over random words of each form).
 */
#define Q_RD		(1u << 0)	/* bits 4:0: rd, rt */
#define Q_RN		(1u << 1)	/* bits 9:5 */
#define Q_RA		(1u << 2)	/* bits 14:10: rt2, ra */
#define Q_RM		(1u << 3)	/* bits 20:16: rm, rs */
#define Q_LISTED	(1u << 4)

static const uint8_t quiet_fields[F_OTHER + 1] = {
	[F_addsub_imm]	= Q_LISTED | Q_RD | Q_RN,	/* sp, x29 from sp, x29 */
	[F_addsubg]	= Q_LISTED | Q_RD | Q_RN,	/* likewise */
	[F_addsub_tags]	= Q_LISTED,			/* nothing followed */
	[F_movw]	= Q_LISTED | Q_RD,		/* rd written */
	[F_adrp]	= Q_LISTED | Q_RD,
	[F_adr]		= Q_LISTED | Q_RD,
	[F_logic_imm]	= Q_LISTED | Q_RD,
	[F_bitfield]	= Q_LISTED | Q_RD,
	[F_extract]	= Q_LISTED | Q_RD,
	[F_ldst_uimm]	= Q_LISTED | Q_RD | Q_RN,	/* rt, base rn */
	[F_ldst_imm9]	= Q_LISTED | Q_RD | Q_RN,
	[F_ldst_roff]	= Q_LISTED | Q_RD | Q_RN | Q_RM,
	[F_pair]	= Q_LISTED | Q_RD | Q_RN | Q_RA,	/* rt, rt2, base */
	[F_literal]	= Q_LISTED | Q_RD,
	[F_atomic]	= Q_LISTED | Q_RD,
	[F_exclusive]	= Q_LISTED | Q_RD | Q_RN | Q_RA | Q_RM,
	[F_ldra]	= Q_LISTED | Q_RD | Q_RN,
	[F_rcpc_unscaled] = Q_LISTED | Q_RD,
	[F_mte_tags]	= Q_LISTED | Q_RD | Q_RN,
	[F_logic_shift]	= Q_LISTED | Q_RD | Q_RN | Q_RM,	/* mov xd, x30 */
	[F_addsub_shift] = Q_LISTED | Q_RD,
	[F_addsub_ext]	= Q_LISTED | Q_RD | Q_RN | Q_RM,	/* sub sp, sp, x16 */
	[F_addsub_reg]	= Q_LISTED | Q_RD,
	[F_ccmp]	= Q_LISTED,
	[F_dp_reg]	= Q_LISTED | Q_RD,
	[F_fp_int]	= Q_LISTED | Q_RD,
	[F_fcmp]	= Q_LISTED,
	[F_umov]	= Q_LISTED | Q_RD,
	[F_OTHER]	= Q_LISTED,			/* no form: nothing */
};

/* Which register fields hold 31, x29, x30 or x18: all four at once. */
static inline uint32_t followed_fields(uint32_t w)
{
	const uint32_t regs = 1u << 31 | 1u << REG_LR | 1u << REG_FP |
			      1u << REG_X18;

	return (regs >> (w & 31) & 1) * Q_RD |
	       (regs >> (w >> 5 & 31) & 1) * Q_RN |
	       (regs >> (w >> 10 & 31) & 1) * Q_RA |
	       (regs >> (w >> 16 & 31) & 1) * Q_RM;
}

static inline bool quiet(uint32_t w, enum a64_form f)
{
	uint32_t q = quiet_fields[f];

	return (q & Q_LISTED) && !(followed_fields(w) & q);
}

void arch_decode(uint32_t w, struct insn_desc *d)
{
	enum a64_form f = a64_form(w);

	memset(d, 0, sizeof(*d));
	d->reg = REG_NONE;
	if (!quiet(w, f))
		decode_form(w, d, f);
}

bool a64_quiet(uint32_t w)
{
	return quiet(w, a64_form(w));
}

void a64_decode_form(uint32_t w, struct insn_desc *d)
{
	memset(d, 0, sizeof(*d));
	d->reg = REG_NONE;
	decode_form(w, d, a64_form(w));
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
#define KIND_GROUPS	(1u << 0x0 | 1u << 0xa | 1u << 0xb)	/* op0, bits 28:25 */

enum insn_kind arch_decode_kind(uint32_t w, int32_t *target)
{
	struct insn_desc d;

	*target = 0;
	if (!(KIND_GROUPS >> bits(w, 28, 25) & 1))
		return INSN_OTHER;
	arch_decode(w, &d);
	*target = d.target;
	return d.kind;
}

/* Without a branch a word: one in ten has a kind, at no pattern. */
uint64_t arch_words_with_kind(const uint8_t *p, unsigned int n)
{
	uint64_t found = 0;
	unsigned int i;

	for (i = 0; i < n; i++)		/* bits 28:25 are bits 4:1 of byte 3 */
		found |= (uint64_t)(KIND_GROUPS >> (p[4 * i + 3] >> 1 & 0xf) & 1) << i;
	return found;
}
