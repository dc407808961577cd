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

/* The rows of the group op0 (bits 28:25) selects: [*first, *end). */
static inline __attribute__((always_inline))
void a64_form_group(uint32_t w, unsigned int *first, unsigned int *end)
{
#define GROUP_IS(g)	(*first = G_##g, *end = G_##g##_END)
	switch ((w >> 25) & 0xf) {
	case 0x0:		GROUP_IS(RESERVED); break;
	case 0x8: case 0x9:	GROUP_IS(DP_IMM); break;
	case 0xa: case 0xb:	GROUP_IS(BRANCH); break;
	case 0x4: case 0x6:
	case 0xc: case 0xe:	GROUP_IS(LDST); break;
	case 0x5: case 0xd:	GROUP_IS(DP_REG); break;
	case 0x7: case 0xf:	GROUP_IS(SIMD); break;
	default:		*first = *end = 0;	/* SME, SVE */
	}
#undef GROUP_IS
}

/*
 * The definition: the word's group, then its first matching row.  What
 * the table below gives, by a scan of the whole group; the table's
 * generator and its test use it.
 */
static inline enum a64_form a64_form_scan(uint32_t w)
{
	unsigned int first, end;

	a64_form_group(w, &first, &end);
	return a64_form_in(w, first, end);
}

/*
 * The bits that pick a word's candidate rows: a group is chosen by bits
 * 28:25, and 11 bits leave at most three rows to try (gen-form-table.c).
 */
#define A64_FORM_PREFIX_SHIFT	21
#define A64_FORM_PREFIXES	(1u << (32 - A64_FORM_PREFIX_SHIFT))

/* A row to try, in table order; a list ends with one that always matches. */
struct a64_form_cand {
	uint32_t mask;
	uint32_t value;
	uint32_t form;		/* enum a64_form */
};

#ifndef A64_FORM_GENERATOR
#include "a64_form_table.h"

/*
 * What a64_form_scan() says, from the rows the word's top bits leave
 * (a64_form_first[], generated at build time from forms.h): a scan of the
 * group cost 13 ns a word on vmlinux.o's code, mispredicted compares; every
 * pass that decodes a word starts here.
 */
static inline __attribute__((always_inline)) enum a64_form a64_form(uint32_t w)
{
	const struct a64_form_cand *c =
		&a64_form_cands[a64_form_first[w >> A64_FORM_PREFIX_SHIFT]];

	while ((w & c->mask) != c->value)
		c++;
	return (enum a64_form)c->form;
}
#endif

#endif
