/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Field helpers for A64 words, shared by the classifier (decode.c) and the
 * value view (value.c).
 */
#ifndef ARM64_DECODE_FIELDS_H
#define ARM64_DECODE_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "validate/arch.h"

/* Bits hi..lo of w. */
static inline uint32_t bits(uint32_t w, unsigned int hi, unsigned int lo)
{
	return (w >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/* The low width bits of v as a signed number. */
static inline int64_t sext(uint64_t v, unsigned int width)
{
	uint64_t m = 1ull << (width - 1);

	return (int64_t)((v ^ m) - m);
}

/* Register field 31 means sp in base and sp-capable operands, xzr elsewhere. */
static inline unsigned int reg_sp(uint32_t field)
{
	return field == 31 ? REG_SP : field;
}

static inline unsigned int reg_zr(uint32_t field)
{
	return field == 31 ? REG_ZR : field;
}

/* The usual register fields: Rd/Rt (4:0), Rn (9:5), Rt2 (14:10), Rm/Rs (20:16). */
static inline uint32_t rd(uint32_t w)
{
	return bits(w, 4, 0);
}

static inline uint32_t rn(uint32_t w)
{
	return bits(w, 9, 5);
}

static inline uint32_t rt2(uint32_t w)
{
	return bits(w, 14, 10);
}

static inline uint32_t rm(uint32_t w)
{
	return bits(w, 20, 16);
}

/* sf (31): a 64-bit operation; S (29): sets the flags. */
static inline bool sf(uint32_t w)
{
	return bits(w, 31, 31);
}

static inline bool setflags(uint32_t w)
{
	return bits(w, 29, 29);
}

#endif
