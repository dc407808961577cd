/* SPDX-License-Identifier: GPL-2.0 */
/* The form of an A64 word, from the table in forms.h. */
#ifndef ARM64_DECODE_FORM_H
#define ARM64_DECODE_FORM_H

#include <stdint.h>

/*
 * F_<name> for each form, in table order; each group's forms lie in
 * [G_<group>, G_<group>_END).  GROUP() takes no number of its own: its
 * first form gets the group's.
 */
enum a64_form {
#define GROUP(g)		G_##g, G_##g##_BACK = G_##g - 1,
#define GROUP_END(g)		G_##g##_END, G_##g##_END_BACK = G_##g##_END - 1,
#define FORM(name, mask, value)	F_##name,
#include "forms.h"
#undef GROUP
#undef GROUP_END
#undef FORM
	F_OTHER,		/* no form matches */
};

struct a64_form_row {
	uint32_t mask;
	uint32_t value;
};

/*
 * The rows of forms.h.  In the header, so that a64_form() below, inlined
 * with a constant range of rows a group, compiles to the compares the
 * rows say: the walk decodes every instruction it reaches.
 */
static const struct a64_form_row a64_form_rows[F_OTHER] = {
#define GROUP(g)
#define GROUP_END(g)
#define FORM(name, mask, value)	[F_##name] = { mask, value },
#include "forms.h"
#undef GROUP
#undef GROUP_END
#undef FORM
};

static inline __attribute__((always_inline))
enum a64_form a64_form_in(uint32_t w, unsigned int first, unsigned int end)
{
	unsigned int i;

#pragma GCC unroll 32
	for (i = first; i < end; i++)
		if ((w & a64_form_rows[i].mask) == a64_form_rows[i].value)
			return (enum a64_form)i;
	return F_OTHER;
}

/* The group by op0 (bits 28:25), then its first matching row. */
static inline __attribute__((always_inline)) enum a64_form a64_form(uint32_t w)
{
#define IN_GROUP(g)	a64_form_in(w, G_##g, G_##g##_END)
	switch ((w >> 25) & 0xf) {
	case 0x0:		return IN_GROUP(RESERVED);
	case 0x8: case 0x9:	return IN_GROUP(DP_IMM);
	case 0xa: case 0xb:	return IN_GROUP(BRANCH);
	case 0x4: case 0x6:
	case 0xc: case 0xe:	return IN_GROUP(LDST);
	case 0x5: case 0xd:	return IN_GROUP(DP_REG);
	case 0x7: case 0xf:	return IN_GROUP(SIMD);
	default:		return F_OTHER;	/* SME, SVE */
	}
#undef IN_GROUP
}

#endif
