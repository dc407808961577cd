/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The A64 instruction forms the classifier (decode.c) and the value view
 * (value.c) tell apart, one a line: FORM(name, mask, value) matches a word
 * w when (w & mask) == value.  Forms come in the encoding groups of the
 * Arm ARM (C4.1), selected by op0 (bits 28:25); within a group the first
 * form that matches wins, so a narrow form comes before the wider one it
 * carves out of (hint, mrs, sysl and msr_spsel before system; addsubg
 * before addsub_tags; the add/sub register forms before addsub_reg, and
 * every DP_REG form before dp_reg).  Otherwise the forms of a group are
 * disjoint, and come in the order compiled code uses them most, since
 * every decoded word scans its group's rows.  A word no form matches is
 * "other": no control flow, no register either view follows.  In the
 * style of the kernel's arch/arm64/include/asm/insn.h.
 */

GROUP(RESERVED)			/* op0 0000 */
FORM(udf,		0xffff0000, 0x00000000)	/* udf #imm16 */
GROUP_END(RESERVED)

GROUP(DP_IMM)			/* op0 100x: data processing, immediate */
FORM(addsub_imm,	0x1f800000, 0x11000000)	/* add, adds, sub, subs; cmp, cmn, mov sp */
FORM(movw,		0x1f800000, 0x12800000)	/* movn, movz, movk */
FORM(adrp,		0x9f000000, 0x90000000)
FORM(logic_imm,		0x1f800000, 0x12000000)	/* and, orr, eor, ands */
FORM(bitfield,		0x1f800000, 0x13000000)	/* sbfm, bfm, ubfm: lsl, lsr, ubfx, ... */
FORM(adr,		0x9f000000, 0x10000000)
FORM(extract,		0x1f800000, 0x13800000)	/* extr, ror */
FORM(addsubg,		0x3fc00000, 0x11800000)	/* addg, subg (MTE): an sp-sized step */
FORM(addsub_tags,	0x1f800000, 0x11800000)	/* the rest of that class */
GROUP_END(DP_IMM)

GROUP(BRANCH)			/* op0 101x: branches, exception generation, system */
FORM(bl,		0xfc000000, 0x94000000)
FORM(b,			0xfc000000, 0x14000000)
FORM(b_cond,		0xff000010, 0x54000000)
FORM(cbz,		0x7e000000, 0x34000000)	/* cbz, cbnz */
FORM(tbz,		0x7e000000, 0x36000000)	/* tbz, tbnz */
FORM(hint,		0xfffff01f, 0xd503201f)	/* nop, bti, paciasp, autiasp, ... */
FORM(ret,		0xfffffc1f, 0xd65f0000)
FORM(blr,		0xfffffc1f, 0xd63f0000)
FORM(br,		0xfffffc1f, 0xd61f0000)
FORM(exception,		0xff000000, 0xd4000000)	/* svc, hvc, smc, brk, hlt, dcps */
FORM(mrs,		0xfff00000, 0xd5300000)
FORM(sysl,		0xfff80000, 0xd5280000)
FORM(msr_spsel,		0xfffff0ff, 0xd50040bf)	/* msr spsel, #imm: another sp */
FORM(system,		0xffc00000, 0xd5000000)	/* the other system instructions */
FORM(bc_cond,		0xff000010, 0x54000010)	/* FEAT_HBC */
FORM(braaz,		0xfffffc1f, 0xd61f081f)
FORM(brabz,		0xfffffc1f, 0xd61f0c1f)
FORM(braa,		0xfffffc00, 0xd71f0800)
FORM(brab,		0xfffffc00, 0xd71f0c00)
FORM(blraaz,		0xfffffc1f, 0xd63f081f)
FORM(blrabz,		0xfffffc1f, 0xd63f0c1f)
FORM(blraa,		0xfffffc00, 0xd73f0800)
FORM(blrab,		0xfffffc00, 0xd73f0c00)
FORM(retaa,		0xffffffff, 0xd65f0bff)
FORM(retab,		0xffffffff, 0xd65f0fff)
FORM(eret,		0xffffffff, 0xd69f03e0)
FORM(eretaa,		0xffffffff, 0xd69f0bff)
FORM(eretab,		0xffffffff, 0xd69f0fff)
GROUP_END(BRANCH)

GROUP(LDST)			/* op0 x1x0: loads and stores */
FORM(ldst_uimm,		0x3b000000, 0x39000000)	/* ldr, str [xn, #uimm] */
FORM(pair,		0x3a000000, 0x28000000)	/* stp, ldp, stnp, ldnp, stgp, ldpsw */
FORM(ldst_imm9,		0x3b200000, 0x38000000)	/* ldur, stur, pre- and post-index */
FORM(ldst_roff,		0x3b200c00, 0x38200800)	/* ldr, str [xn, xm] */
FORM(literal,		0x3b000000, 0x18000000)	/* ldr (literal), ldrsw, prfm */
FORM(atomic,		0x3b200c00, 0x38200000)	/* ldadd, swp, ... (LSE) */
FORM(exclusive,		0x3f000000, 0x08000000)	/* ldxr, stxr, ldar, stlr, cas, ... */
FORM(ldra,		0xff200400, 0xf8200400)	/* ldraa, ldrab */
FORM(rcpc_unscaled,	0x3f200c00, 0x19000000)	/* ldapur, stlur */
FORM(mte_tags,		0xff200000, 0xd9200000)	/* stg, st2g, stzg, ldg, stgm, ... */
GROUP_END(LDST)

GROUP(DP_REG)			/* op0 x101: data processing, register */
FORM(logic_shift,	0x1f000000, 0x0a000000)	/* and, orr, eor, ands, bic; mov */
FORM(addsub_shift,	0x1f200000, 0x0b000000)	/* add, adds, sub, subs (shifted) */
FORM(addsub_ext,	0x1fe00000, 0x0b200000)	/* add, adds, sub, subs (extended) */
FORM(ccmp,		0x1fe00000, 0x1a400000)	/* ccmp, ccmn: no destination */
FORM(addsub_reg,	0x1f000000, 0x0b000000)	/* the rest of that class (unallocated) */
FORM(pac,		0xffff0000, 0xdac10000)	/* pacia, autia, xpaci, ...: 1 source */
FORM(dp_reg,		0x0e000000, 0x0a000000)	/* the rest: adc, csel, mul, rev, ... */
GROUP_END(DP_REG)

GROUP(SIMD)			/* op0 x111: SIMD and floating point */
FORM(fp_int,		0x5f20fc00, 0x1e200000)	/* fmov, fcvtzs, scvtf, ... */
FORM(fcmp,		0xff20fc07, 0x1e202000)	/* fcmp, fcmpe */
FORM(umov,		0xbfe0ec00, 0x0e002c00)	/* umov, smov */
GROUP_END(SIMD)
