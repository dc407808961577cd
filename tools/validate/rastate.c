// SPDX-License-Identifier: GPL-2.0
/*
 * --check-dwarf, pointer authentication: the object's CFI says at every
 * address whether the return address is signed (each negate_ra_state
 * opcode toggles it; a CIE with the 'B' augmentation says key B), and an unwinder authenticates what it reads
 * accordingly.  It must agree with the walk's state before every
 * instruction an FDE covers that the walk reached: a row that says plain
 * where the address is signed hands the unwinder a corrupted address, one
 * that says signed where it is plain fails the authentication.  Reported
 * as pac-imbalance: one finding an FDE, at its first disagreement, with
 * the number of the others.  Where the CFA and save slots disagree is
 * dwarf-mismatch's (dwarfcheck.c).
 */
#include <stdio.h>

#include "validate/dwarf.h"
#include "rastate.h"

/* The walk's state and the row's, in words; NULL if they agree. */
static const char *disagreement(const struct cfi_state *st,
				const struct dw_row *row, bool b_key,
				char *buf, size_t len)
{
	bool signed_walk = st->ra_sign != RA_PLAIN;
	char ours[64];

	if (signed_walk == row->ra_signed &&
	    (!signed_walk || (st->ra_sign == RA_SIGNED_B) == b_key))
		return NULL;
	cfi_ra_words(st, ours, sizeof(ours));
	if (signed_walk == row->ra_signed)
		snprintf(buf, len, "DWARF CFI has the return address signed with key %c, the walk %s",
			 b_key ? 'B' : 'A', ours);
	else
		snprintf(buf, len, "DWARF CFI has the return address %s (its negate_ra_state toggles), the walk %s",
			 row->ra_signed ? "signed" : "plain", ours);
	return buf;
}

static int check_fde(void *arg, const struct section *cfi,
		     const struct dw_fde *fde)
{
	struct ctx *ctx = arg;
	const struct section *sec;
	const struct symbol *f;
	struct dw_prog pr;
	uint64_t off, end, first = 0;
	unsigned long bad = 0;
	char msg[256], why[256];

	if (!fde->sec || fde->sec >= ctx->obj->nr_secs ||
	    !sec_is_code(&ctx->obj->secs[fde->sec]))
		return 0;
	sec = &ctx->obj->secs[fde->sec];
	if (dw_prog_init(&pr, ctx->obj, cfi, fde, ctx->err, sizeof(ctx->err)))
		return -1;
	off = (fde->start + 3) & ~3ULL;
	end = fde->start > sec->size || fde->len > sec->size - fde->start ?
	      sec->size : fde->start + fde->len;
	for (; off + 4 <= end; off += 4) {
		const struct cfi_state *st =
			slot_state(ctx, &ctx->slots[fde->sec][off / 4]);

		if (!sec_word_is_code(sec, off) || !st)
			continue;
		if (dw_prog_row(&pr, ctx->obj, cfi, off, ctx->err, sizeof(ctx->err)))
			return -1;
		if (!disagreement(st, &pr.row, fde->cie.b_key, why, sizeof(why)))
			continue;
		if (!bad++) {
			first = off;
			snprintf(msg, sizeof(msg), "%s", why);
		}
	}
	if (!bad)
		return 0;
	f = func_at(ctx->obj, sec, first);
	if (bad == 1)
		finding_add(ctx, CHECK_PAC_IMBALANCE, sec->idx, first,
			    f ? (uint32_t)(f - ctx->obj->syms) : 0, "%s", msg);
	else
		finding_add(ctx, CHECK_PAC_IMBALANCE, sec->idx, first,
			    f ? (uint32_t)(f - ctx->obj->syms) : 0,
			    "%s (and at %lu more instruction%s of this FDE)",
			    msg, bad - 1, bad == 2 ? "" : "s");
	return 0;
}

int ra_state_check(struct ctx *ctx)
{
	if (ctx->opts->disabled[CHECK_PAC_IMBALANCE])
		return 0;
	return dw_each_fde(ctx->obj, check_fde, ctx, ctx->err, sizeof(ctx->err));
}
