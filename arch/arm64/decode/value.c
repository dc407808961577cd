// SPDX-License-Identifier: GPL-2.0
/*
 * Value-level decoding: the handful of integer forms a jump-table sequence
 * is made of, and for every other word the registers it writes, so that a
 * backward search for a register's definition knows where to stop.  The
 * word's form comes from the same table as the classifier's (forms.h).
 */
#include <string.h>

#include "fields.h"
#include "form.h"

/* The A64 condition codes of unsigned comparisons (C1.2.4). */
static enum range_cond range_cond(unsigned int cond)
{
	switch (cond) {
	case 0:	return RANGE_EQUAL;		/* eq */
	case 1:	return RANGE_NOT_EQUAL;		/* ne */
	case 2:	return RANGE_AT_LEAST;	/* hs */
	case 3:	return RANGE_BELOW;	/* lo */
	case 8:	return RANGE_ABOVE;	/* hi */
	case 9:	return RANGE_AT_MOST;	/* ls */
	default: return RANGE_NONE;
	}
}

/*
 * Forms that leave fewer than 2^k possible values: ubfx and lsr (ubfm with
 * imms >= immr keeps imms - immr + 1 bits from bit immr), and "and" with a
 * mask of k low ones (a logical immediate with no rotation, one element
 * the register's size).  A jump table indexed by such a value needs no
 * bounds check.  *lsb is the lowest bit kept: two of them bound the same
 * bits of a register only if they start at the same one.
 */
static bool bound_bits(uint32_t w, enum a64_form f, unsigned int *k,
		       unsigned int *lsb)
{
	unsigned int n = bits(w, 22, 22), opc = bits(w, 30, 29);
	unsigned int immr = bits(w, 21, 16), imms = bits(w, 15, 10);

	*lsb = 0;
	if (f == F_bitfield && opc == 2 && n == sf(w) && imms >= immr) {
		*k = imms - immr + 1;			/* ubfm: ubfx, lsr */
		*lsb = immr;
	} else if (f == F_logic_imm && opc == 0 && !immr &&
		   (sf(w) ? n : !n && !(imms & 0x20)) && imms != (sf(w) ? 63 : 31)) {
		*k = imms + 1;				/* and #(2^k - 1) */
	} else {
		return false;
	}
	return *k <= 31;
}

static void value_bound(uint32_t w, struct value_op *v, unsigned int k,
			unsigned int lsb)
{
	v->kind = VAL_BOUND;
	v->dst = reg_zr(rd(w));
	v->src1 = reg_zr(rn(w));
	v->imm = 1ll << k;
	v->shift = lsb;		/* dst = (src1 >> shift) & (imm - 1) */
}

static void value_adr(uint32_t w, struct value_op *v, enum a64_form f)
{
	int64_t imm = sext(bits(w, 23, 5) << 2 | bits(w, 30, 29), 21);

	v->kind = f == F_adrp ? VAL_ADRP : VAL_ADR;
	v->imm = f == F_adrp ? imm * 4096 : imm;
	v->dst = rd(w);
}

/* add/sub (immediate); cmp is subs to xzr, cmn (adds to xzr) is no compare */
static bool value_addsub_imm(uint32_t w, struct value_op *v)
{
	int64_t imm = bits(w, 21, 10) << (bits(w, 22, 22) ? 12 : 0);
	bool sub = bits(w, 30, 30);

	if (setflags(w) && rd(w) == 31) {
		if (!sub)
			return false;
		v->kind = VAL_CMP_IMM;
		v->src1 = reg_sp(rn(w));
		v->imm = imm;
		return true;
	}
	v->kind = VAL_ADD_IMM;
	v->dst = setflags(w) ? reg_zr(rd(w)) : reg_sp(rd(w));
	v->src1 = reg_sp(rn(w));
	v->imm = sub ? -imm : imm;
	return true;
}

/* cmp of two registers: subs to xzr, the whole of the second (uxtx/lsl #0) */
static bool value_cmp_reg(uint32_t w, struct value_op *v, bool ext)
{
	bool whole = ext ? bits(w, 15, 13) == (sf(w) ? 3 : 2) && !bits(w, 12, 10) :
			   !bits(w, 23, 22) && !bits(w, 15, 10);

	if (bits(w, 30, 29) != 3 || rd(w) != 31 || !whole)
		return false;
	v->kind = VAL_CMP_REG;
	v->src1 = ext ? reg_sp(rn(w)) : reg_zr(rn(w));
	v->src2 = reg_zr(rm(w));
	return true;
}

/* add (extended register): not sub, not adds */
static bool value_add_ext(uint32_t w, struct value_op *v)
{
	if (value_cmp_reg(w, v, true))
		return true;
	if (bits(w, 30, 29) != 0)
		return false;
	v->kind = VAL_ADD_REG;
	v->dst = reg_sp(rd(w));
	v->src1 = reg_sp(rn(w));
	v->src2 = reg_zr(rm(w));
	v->extend = bits(w, 15, 13);
	v->shift = bits(w, 12, 10);
	return true;
}

/* add (shifted register), lsl only */
static bool value_add_shift(uint32_t w, struct value_op *v)
{
	if (value_cmp_reg(w, v, false))
		return true;
	if (bits(w, 30, 29) != 0 || bits(w, 23, 22) != 0)
		return false;
	v->kind = VAL_ADD_REG;
	v->dst = reg_zr(rd(w));
	v->src1 = reg_zr(rn(w));
	v->src2 = reg_zr(rm(w));
	v->extend = EXT_LSL;
	v->shift = bits(w, 15, 10);
	return true;
}

/*
 * mov: orr with xzr, no shift.  extend says how much moves: EXT_UXTX the
 * whole register, EXT_UXTW its low half, zero-extended (mov wD, wN), which
 * is the same index but not the same address.
 */
static bool value_mov(uint32_t w, struct value_op *v)
{
	if ((w & 0x7fe0ffe0) != 0x2a0003e0)
		return false;
	v->kind = VAL_MOV;
	v->dst = reg_zr(rd(w));
	v->src1 = reg_zr(rm(w));
	v->extend = sf(w) ? EXT_UXTX : EXT_UXTW;
	return true;
}

/*
 * The zero-extension of wN into xD as clang 14 writes it, and xD, xN,
 * #0xffffffff (ubfx xD, xN, #0, #32 is the same): what mov wD, wN does,
 * so the same view.  and to sp (Rd 31) is no move.
 */
static bool value_zext(uint32_t w, enum a64_form f, struct value_op *v)
{
	bool is_and = f == F_logic_imm && bits(w, 30, 29) == 0 && rd(w) != 31;
	bool is_ubfm = f == F_bitfield && bits(w, 30, 29) == 2;

	if (!sf(w) || !bits(w, 22, 22) || bits(w, 21, 16) || bits(w, 15, 10) != 31 ||
	    !(is_and || is_ubfm))
		return false;
	v->kind = VAL_MOV;
	v->dst = reg_zr(rd(w));
	v->src1 = reg_zr(rn(w));
	v->extend = EXT_UXTW;
	return true;
}

/* ldr (register offset) of a general register, not a store or prfm */
static bool value_load_idx(uint32_t w, struct value_op *v)
{
	unsigned int size = bits(w, 31, 30), opc = bits(w, 23, 22);

	if (bits(w, 26, 26) || opc == 0 || (size == 3 && opc >= 2) ||
	    (size == 2 && opc == 3))
		return false;
	v->kind = VAL_LOAD_IDX;
	v->dst = reg_zr(rd(w));
	v->src1 = reg_sp(rn(w));
	v->src2 = reg_zr(rm(w));
	v->size = 1u << size;
	v->is_signed = opc >= 2;
	v->shift = bits(w, 12, 12) ? size : 0;
	v->extend = bits(w, 15, 13);
	return true;
}

/* A load or store of a general register at [base + imm]. */
static void ldst_imm(uint32_t w, struct value_op *v, int64_t imm)
{
	v->kind = bits(w, 22, 22) ? VAL_LOAD_IMM : VAL_STORE_IMM;
	if (v->kind == VAL_LOAD_IMM)
		v->dst = reg_zr(rd(w));
	else
		v->src2 = reg_zr(rd(w));
	v->src1 = reg_sp(rn(w));
	v->size = 1u << bits(w, 31, 30);
	v->imm = imm;
}

/* str, ldr (unsigned offset) of a general register, not the sign-extending ones */
static bool value_ldst_uimm(uint32_t w, struct value_op *v)
{
	if (bits(w, 26, 26) || bits(w, 23, 23))
		return false;
	ldst_imm(w, v, (int64_t)bits(w, 21, 10) << bits(w, 31, 30));
	return true;
}

/* stur, ldur: 32 and 64 bits, a signed unscaled offset */
static bool value_ldst_unscaled(uint32_t w, struct value_op *v)
{
	if (bits(w, 26, 26) || bits(w, 11, 10) != 0 || bits(w, 23, 22) > 1 ||
	    bits(w, 31, 30) < 2)
		return false;
	ldst_imm(w, v, sext(bits(w, 20, 12), 9));
	return true;
}

/*
 * stp, ldp, stnp, ldnp of two general registers at [base + imm], without
 * writeback (a spill of a table base may be either register of a pair).
 */
static bool value_ldst_pair(uint32_t w, struct value_op *v)
{
	unsigned int opc = bits(w, 31, 30), type = bits(w, 24, 23);
	unsigned int size = opc == 2 ? 8 : 4;

	if (bits(w, 26, 26) || (opc != 0 && opc != 2) || (type != 0 && type != 2))
		return false;
	v->src1 = reg_sp(rn(w));
	v->size = size;
	v->imm = sext(bits(w, 21, 15), 7) * size;
	if (bits(w, 22, 22)) {
		v->kind = VAL_LOAD_IMM;
		v->dst = reg_zr(rd(w));
		v->dst2 = reg_zr(rt2(w));
	} else {
		v->kind = VAL_STORE_IMM;
		v->src2 = reg_zr(rd(w));
		v->src3 = reg_zr(rt2(w));
	}
	return true;
}

/* movn (00), movz (10), movk (11); 01 is unallocated */
static bool value_movw(uint32_t w, struct value_op *v)
{
	unsigned int opc = bits(w, 30, 29), shift = bits(w, 22, 21) * 16;
	uint64_t imm = (uint64_t)bits(w, 20, 5) << shift;

	if (opc == 1)
		return false;
	v->dst = reg_zr(rd(w));
	v->shift = shift;
	if (opc == 3) {
		v->kind = VAL_MOVK;
		v->imm = bits(w, 20, 5);
	} else {
		v->kind = VAL_MOV_IMM;
		v->imm = (int64_t)(opc ? imm : ~imm);
		if (!sf(w))
			v->imm &= 0xffffffff;
	}
	return true;
}

/* The forms a jump-table search follows; false for any other word. */
static bool value_form(uint32_t w, enum a64_form f, struct value_op *v)
{
	unsigned int k, lsb;

	if (bound_bits(w, f, &k, &lsb)) {
		value_bound(w, v, k, lsb);
		return true;
	}
	if (value_zext(w, f, v))
		return true;
	switch (f) {
	case F_adr: case F_adrp:
		value_adr(w, v, f);
		return true;
	case F_addsub_imm:
		return value_addsub_imm(w, v);
	case F_addsub_ext:
		return value_add_ext(w, v);
	case F_addsub_shift:
		return value_add_shift(w, v);
	case F_logic_shift:
		return value_mov(w, v);
	case F_ldst_roff:
		return value_load_idx(w, v);
	case F_ldst_uimm:
		return value_ldst_uimm(w, v);
	case F_ldst_imm9:
		return value_ldst_unscaled(w, v);
	case F_movw:
		return value_movw(w, v);
	case F_pair:
		return value_ldst_pair(w, v);
	case F_b_cond:
		v->kind = VAL_BCOND;
		v->cond = range_cond(bits(w, 3, 0));
		return true;
	case F_bl: case F_blr: case F_blraaz: case F_blrabz: case F_blraa:
	case F_blrab:
		v->kind = VAL_CALL;	/* the caller-saved registers are lost */
		return true;
	default:
		return false;
	}
}

/* A load or store's writes: loaded registers, and a written-back base. */
static void ldst_writes(uint32_t w, enum a64_form f, struct value_op *v)
{
	bool vec = bits(w, 26, 26), load = bits(w, 22, 22);

	if (!vec && f == F_pair && load) {
		v->dst = reg_zr(rd(w));
		v->dst2 = reg_zr(rt2(w));
	} else if (!vec && f == F_exclusive) {
		/* loads write rt, stores their status */
		v->dst = reg_zr(load ? rd(w) : rm(w));
	} else if (!vec && f != F_pair &&
		   (bits(w, 23, 22) != 0 || (w & 0x3b000000) == 0x18000000)) {
		v->dst = reg_zr(rd(w));
	}
	/* writeback forms write the base */
	if ((w & 0x3b200400) == 0x38000400 || (f == F_pair && bits(w, 23, 23)))
		v->dst3 = reg_sp(rn(w));
}

/* For any other word: the general registers it writes, as far as matters. */
static void value_writes_of(uint32_t w, enum a64_form f, struct value_op *v)
{
	unsigned int op0 = bits(w, 28, 25);

	switch (f) {
	case F_addsub_imm: case F_addsubg: case F_addsub_tags:
		v->dst = setflags(w) ? reg_zr(rd(w)) : reg_sp(rd(w));
		return;
	case F_logic_imm:	/* ands writes xzr */
		v->dst = bits(w, 30, 29) == 3 ? reg_zr(rd(w)) : reg_sp(rd(w));
		return;
	case F_addsub_ext:
		v->dst = setflags(w) ? reg_zr(rd(w)) : reg_sp(rd(w));
		return;
	case F_ccmp:
		return;
	case F_mrs: case F_fp_int: case F_umov:
		v->dst = reg_zr(rd(w));
		return;
	default:
		break;
	}
	if ((op0 & 0xe) == 0x8 || (op0 & 0x7) == 0x5)	/* data processing */
		v->dst = reg_zr(rd(w));
	else if ((op0 & 0x5) == 0x4)			/* loads and stores */
		ldst_writes(w, f, v);
}

static bool sets_flags(uint32_t w, enum a64_form f)
{
	switch (f) {
	case F_addsub_imm:	/* adds, subs */
	case F_addsub_ext:
	case F_addsub_shift:
	case F_addsub_reg:
		return setflags(w);
	case F_logic_imm:	/* ands */
	case F_logic_shift:	/* ands, bics */
		return bits(w, 30, 29) == 3;
	case F_ccmp:
	case F_fcmp:
		return true;
	default:
		return false;
	}
}

void arch_decode_value(uint32_t w, struct value_op *v)
{
	enum a64_form f = a64_form(w);

	memset(v, 0, sizeof(*v));
	v->dst = v->dst2 = v->dst3 = REG_NONE;
	v->src1 = v->src2 = v->src3 = REG_NONE;
	if (!value_form(w, f, v)) {
		v->kind = VAL_OTHER;
		value_writes_of(w, f, v);
	}
	v->sets_flags = sets_flags(w, f);
}
