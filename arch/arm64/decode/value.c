// SPDX-License-Identifier: GPL-2.0
/*
 * Value-level decoding: the handful of integer forms a jump-table sequence
 * is made of, and for every other word the registers it writes, so that a
 * backward search for a register's definition knows where to stop.
 */
#include <string.h>

#include "validate/arch.h"

static inline uint32_t bits(uint32_t w, unsigned int hi, unsigned int lo)
{
	return (w >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static inline int64_t sext64(uint64_t v, unsigned int width)
{
	uint64_t m = 1ull << (width - 1);

	return (int64_t)((v ^ m) - m);
}

static unsigned int sp_or(uint32_t field)
{
	return field == 31 ? REG_SP : field;
}

static unsigned int zr_or(uint32_t field)
{
	return field == 31 ? REG_ZR : field;
}

/*
 * Forms that leave fewer than 2^k possible values: ubfx and lsr (ubfm with
 * imms >= immr keeps imms - immr + 1 bits), and "and" with a mask of k low
 * ones (a logical immediate with no rotation, one element the register's
 * size).  A jump table indexed by such a value needs no bounds check.
 */
static bool decode_bound(uint32_t w, struct value_op *v)
{
	unsigned int sf = bits(w, 31, 31), n = bits(w, 22, 22);
	unsigned int immr = bits(w, 21, 16), imms = bits(w, 15, 10), k;

	if ((w & 0x7f800000) == 0x53000000 && n == sf && imms >= immr)
		k = imms - immr + 1;			/* ubfm: ubfx, lsr */
	else if ((w & 0x7f800000) == 0x12000000 && !immr &&
		 (sf ? n : !n && !(imms & 0x20)) && imms != (sf ? 63 : 31))
		k = imms + 1;				/* and #(2^k - 1) */
	else
		return false;
	if (k > 31)
		return false;
	v->kind = VAL_BOUND;
	v->dst = zr_or(bits(w, 4, 0));
	v->src1 = zr_or(bits(w, 9, 5));
	v->imm = 1ll << k;
	return true;
}

/* A load or store of a general register at [base + imm]. */
static void ldst_imm(uint32_t w, struct value_op *v, int64_t imm)
{
	v->kind = bits(w, 22, 22) ? VAL_LOAD_IMM : VAL_STORE_IMM;
	if (v->kind == VAL_LOAD_IMM)
		v->dst = zr_or(bits(w, 4, 0));
	else
		v->src2 = zr_or(bits(w, 4, 0));
	v->src1 = sp_or(bits(w, 9, 5));
	v->size = 1u << bits(w, 31, 30);
	v->imm = imm;
}

/* The A64 condition codes of unsigned comparisons (C1.2.4). */
static enum range_cond range_cond(unsigned int cond)
{
	switch (cond) {
	case 2:	return RANGE_AT_LEAST;	/* hs */
	case 3:	return RANGE_BELOW;	/* lo */
	case 8:	return RANGE_ABOVE;	/* hi */
	case 9:	return RANGE_AT_MOST;	/* ls */
	default: return RANGE_NONE;
	}
}

static bool decode_forms(uint32_t w, struct value_op *v)
{
	if (decode_bound(w, v))
		return true;
	if ((w & 0x1f000000) == 0x10000000) {		/* adr, adrp */
		int64_t imm = sext64(bits(w, 23, 5) << 2 | bits(w, 30, 29), 21);

		v->kind = bits(w, 31, 31) ? VAL_ADRP : VAL_ADR;
		v->imm = v->kind == VAL_ADRP ? imm * 4096 : imm;
		v->dst = bits(w, 4, 0);
	} else if ((w & 0x1f800000) == 0x11000000) {	/* add/sub (immediate) */
		int64_t imm = bits(w, 21, 10) << (bits(w, 22, 22) ? 12 : 0);

		if (bits(w, 29, 29) && bits(w, 4, 0) == 31) {
			if (!bits(w, 30, 30))
				return false;		/* cmn */
			v->kind = VAL_CMP_IMM;
			v->src1 = sp_or(bits(w, 9, 5));
			v->imm = imm;
			return true;
		}
		v->kind = VAL_ADD_IMM;
		v->dst = bits(w, 29, 29) ? zr_or(bits(w, 4, 0)) : sp_or(bits(w, 4, 0));
		v->src1 = sp_or(bits(w, 9, 5));
		v->imm = bits(w, 30, 30) ? -imm : imm;
	} else if ((w & 0x7fe00000) == 0x0b200000) {	/* add (extended register) */
		v->kind = VAL_ADD_REG;
		v->dst = sp_or(bits(w, 4, 0));
		v->src1 = sp_or(bits(w, 9, 5));
		v->src2 = zr_or(bits(w, 20, 16));
		v->extend = bits(w, 15, 13);
		v->shift = bits(w, 12, 10);
	} else if ((w & 0x7f200000) == 0x0b000000) {	/* add (shifted register) */
		if (bits(w, 23, 22) != 0)
			return false;
		v->kind = VAL_ADD_REG;
		v->dst = zr_or(bits(w, 4, 0));
		v->src1 = zr_or(bits(w, 9, 5));
		v->src2 = zr_or(bits(w, 20, 16));
		v->extend = EXT_LSL;
		v->shift = bits(w, 15, 10);
	} else if ((w & 0x7fe0ffe0) == 0x2a0003e0) {	/* mov (orr with zr) */
		v->kind = VAL_MOV;
		v->dst = zr_or(bits(w, 4, 0));
		v->src1 = zr_or(bits(w, 20, 16));
	} else if ((w & 0x3f200c00) == 0x38200800) {	/* ldr (register offset), GPR */
		unsigned int size = bits(w, 31, 30), opc = bits(w, 23, 22);

		if (opc == 0 || (size == 3 && opc >= 2) || (size == 2 && opc == 3))
			return false;			/* store, prfm */
		v->kind = VAL_LOAD_IDX;
		v->dst = zr_or(bits(w, 4, 0));
		v->src1 = sp_or(bits(w, 9, 5));
		v->src2 = zr_or(bits(w, 20, 16));
		v->size = 1u << size;
		v->is_signed = opc >= 2;
		v->shift = bits(w, 12, 12) ? size : 0;
		v->extend = bits(w, 15, 13);
	} else if ((w & 0x3fc00000) == 0x39000000 || (w & 0x3fc00000) == 0x39400000) {
		/* str, ldr (unsigned offset), general registers */
		ldst_imm(w, v, (int64_t)bits(w, 21, 10) << bits(w, 31, 30));
	} else if ((w & 0x3f200c00) == 0x38000000 && bits(w, 23, 22) <= 1 &&
		   bits(w, 31, 30) >= 2) {
		/* stur, ldur: 32 and 64 bits, a signed unscaled offset */
		ldst_imm(w, v, sext64(bits(w, 20, 12), 9));
	} else if ((w & 0x1f800000) == 0x12800000 && bits(w, 30, 29) != 1) {
		/* movn (00), movz (10), movk (11) */
		unsigned int opc = bits(w, 30, 29), shift = bits(w, 22, 21) * 16;
		uint64_t imm = (uint64_t)bits(w, 20, 5) << shift;

		v->dst = zr_or(bits(w, 4, 0));
		v->shift = shift;
		if (opc == 3) {
			v->kind = VAL_MOVK;
			v->imm = bits(w, 20, 5);
		} else {
			v->kind = VAL_MOV_IMM;
			v->imm = (int64_t)(opc ? imm : ~imm);
			if (!bits(w, 31, 31))
				v->imm &= 0xffffffff;
		}
	} else if ((w & 0xff000010) == 0x54000000) {	/* b.cond */
		v->kind = VAL_BCOND;
		v->cond = range_cond(bits(w, 3, 0));
	} else if ((w & 0x7c000000) == 0x14000000 && bits(w, 31, 31)) {
		v->kind = VAL_CALL;			/* bl */
	} else if ((w & 0xfffff000) == 0xd63f0000 || (w & 0xfffff800) == 0xd73f0800) {
		v->kind = VAL_CALL;			/* blr and its PAC forms */
	} else {
		return false;
	}
	return true;
}

/* Register field 31 of a data-processing destination: sp or xzr. */
static unsigned int dp_dst(uint32_t w)
{
	uint32_t rd = bits(w, 4, 0);
	bool setflags = bits(w, 29, 29);

	switch (bits(w, 28, 23)) {
	case 0x22:	/* add/sub (immediate) */
	case 0x23:	/* addg/subg */
		return setflags ? zr_or(rd) : sp_or(rd);
	case 0x24:	/* logical (immediate): ands writes xzr */
		return bits(w, 30, 29) == 3 ? zr_or(rd) : sp_or(rd);
	default:
		break;
	}
	if ((w & 0x1fe00000) == 0x0b200000 && !setflags)	/* add/sub extended */
		return sp_or(rd);
	return zr_or(rd);
}

/* For any other word: the general registers it writes, as far as matters. */
static void decode_writes(uint32_t w, struct value_op *v)
{
	unsigned int op0 = bits(w, 28, 25);

	if ((op0 & 0xe) == 0x8) {			/* data processing, immediate */
		v->dst = dp_dst(w);
	} else if ((op0 & 0x7) == 0x5) {		/* data processing, register */
		if ((w & 0x1fe00000) != 0x1a400000)	/* not ccmp/ccmn */
			v->dst = dp_dst(w);
	} else if ((op0 & 0x5) == 0x4) {		/* loads and stores */
		bool pair = (w & 0x3a000000) == 0x28000000;
		bool vec = bits(w, 26, 26);

		if (!vec && pair && bits(w, 22, 22)) {
			v->dst = zr_or(bits(w, 4, 0));
			v->dst2 = zr_or(bits(w, 14, 10));
		} else if (!vec && (w & 0x3f000000) == 0x08000000) {
			/* exclusives: loads write rt, stores their status */
			v->dst = zr_or(bits(w, bits(w, 22, 22) ? 4 : 20,
					    bits(w, 22, 22) ? 0 : 16));
		} else if (!vec && !pair && (bits(w, 23, 22) != 0 ||
					     (w & 0x3b000000) == 0x18000000)) {
			v->dst = zr_or(bits(w, 4, 0));
		}
		/* writeback forms write the base */
		if ((w & 0x3b200400) == 0x38000400 || (pair && bits(w, 23, 23)))
			v->dst2 = sp_or(bits(w, 9, 5));
	} else if ((w & 0xfff00000) == 0xd5300000) {	/* mrs */
		v->dst = zr_or(bits(w, 4, 0));
	} else if ((op0 & 0x7) == 0x7) {		/* simd: moves to general */
		if ((w & 0x5f20fc00) == 0x1e200000 || (w & 0xbfe0ec00) == 0x0e002c00)
			v->dst = zr_or(bits(w, 4, 0));
	}
}

static bool sets_flags(uint32_t w)
{
	if ((w & 0x3f800000) == 0x31000000)		/* adds/subs (immediate) */
		return true;
	if ((w & 0x7f800000) == 0x72000000)		/* ands (immediate) */
		return true;
	if ((w & 0x3f000000) == 0x2b000000)		/* adds/subs (register) */
		return true;
	if ((w & 0x7f000000) == 0x6a000000)		/* ands/bics (register) */
		return true;
	if ((w & 0x1fe00000) == 0x1a400000)		/* ccmp, ccmn */
		return true;
	return (w & 0xff20fc07) == 0x1e202000;		/* fcmp */
}

void arch_decode_value(uint32_t w, struct value_op *v)
{
	memset(v, 0, sizeof(*v));
	v->dst = v->dst2 = v->src1 = v->src2 = REG_NONE;
	if (!decode_forms(w, v)) {
		v->kind = VAL_OTHER;
		decode_writes(w, v);
	}
	v->sets_flags = sets_flags(w);
}
