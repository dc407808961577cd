// SPDX-License-Identifier: GPL-2.0
/*
 * --check-dwarf: the walk's state at every instruction an FDE covers,
 * against the row the object's own CFI gives for that address.
 *
 * What "the same meaning" is, rowmatch.c decides, for --check-sframe
 * too.  Instructions the walk did not reach, or where it lost the CFA, have
 * been reported by other checks; they are not compared.
 */
#include <stdio.h>
#include <string.h>

#include "validate/dwarf.h"
#include "dwarfcheck.h"
#include "rowmatch.h"

/* The function the FDE starts in, for the finding; 0 if none. */
static uint32_t fde_func(struct ctx *ctx, const struct section *sec,
			 uint64_t off)
{
	const struct symbol *f = func_at(ctx->obj, sec, off);

	return f ? (uint32_t)(f - ctx->obj->syms) : 0;
}

/* The code an FDE covers, clipped to its section: [*from, *end). */
static void fde_range(const struct section *sec, const struct dw_fde *fde,
		      uint64_t *from, uint64_t *end)
{
	*from = (fde->start + 3) & ~3ULL;
	*end = fde->start > sec->size || fde->len > sec->size - fde->start ?
	       sec->size : fde->start + fde->len;
}

/* One finding an FDE: its first disagreement, and how many others. */
static void report_fde(struct ctx *ctx, const struct section *sec,
		       uint64_t first, unsigned long bad, const char *msg)
{
	uint32_t func = fde_func(ctx, sec, first);

	if (bad == 1)
		finding_add(ctx, CHECK_DWARF_MISMATCH, sec->idx, first, func,
			    "%s", msg);
	else
		finding_add(ctx, CHECK_DWARF_MISMATCH, sec->idx, first, func,
			    "%s (and at %lu more instruction%s of this FDE)",
			    msg, bad - 1, bad == 2 ? "" : "s");
}

static int check_fde(void *arg, const struct section *cfi,
		     const struct dw_fde *fde)
{
	struct ctx *ctx = arg;
	const struct section *sec;
	struct row_seen seen;
	struct dw_prog pr;
	uint64_t off, end, first = 0;
	unsigned long bad = 0;
	char msg[256];

	if (!fde->sec || fde->sec >= ctx->obj->nr_secs ||
	    !sec_is_code(&ctx->obj->secs[fde->sec])) {
		ctx->stats.dwarf_fdes_skipped++;	/* discarded, or not code */
		return 0;
	}
	sec = &ctx->obj->secs[fde->sec];
	if (dw_prog_init(&pr, ctx->obj, cfi, fde, ctx->err, sizeof(ctx->err)))
		return -1;
	ctx->stats.dwarf_fdes++;
	fde_range(sec, fde, &off, &end);
	row_seen_init(&seen, ctx, sec, off, end);
	for (; off + 4 <= end; off += 4) {
		const struct insn_slot *slot = &ctx->slots[fde->sec][off / 4];
		char why[200];

		if (!sec_word_is_code(sec, off) || !slot->state_id ||
		    !cfi_cfa_known(slot_state(ctx, slot)))
			continue;
		if (dw_prog_row(&pr, ctx->obj, cfi, off, ctx->err, sizeof(ctx->err)))
			return -1;
		if (!row_comparable(&pr.row))
			continue;
		ctx->stats.dwarf_insns++;
		if (row_matches(&pr.row, slot_state(ctx, slot), &seen, "DWARF CFI", why,
				sizeof(why)))
			continue;
		if (!bad++) {
			first = off;
			snprintf(msg, sizeof(msg), "%s", why);
		}
	}
	if (bad)
		report_fde(ctx, sec, first, bad, msg);
	return 0;
}

int dwarf_check(struct ctx *ctx)
{
	return dw_each_fde(ctx->obj, check_fde, ctx, ctx->err, sizeof(ctx->err));
}
