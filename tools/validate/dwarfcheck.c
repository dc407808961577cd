// SPDX-License-Identifier: GPL-2.0
/*
 * --check-dwarf: the walk's state at every instruction an FDE covers,
 * against the row the object's own CFI gives for that address.
 *
 * Two right descriptions can be spelled differently, so meaning is
 * compared, not spelling:
 *  - the CFA must be the same value: DWARF's sp+N or x29+N is checked
 *    against where the walk has that register, relative to the CFA;
 *  - a save slot must not contradict: DWARF and the walk may not put a
 *    register in two different slots.  A register DWARF calls "same value"
 *    while the walk has it saved is not a contradiction: a saved register
 *    still holds its entry value until the code reuses it.
 * Instructions the walk did not reach, or where it lost the CFA, have
 * been reported by other checks; they are not compared.
 */
#include <stdio.h>
#include <string.h>

#include "validate/dwarf.h"
#include "dwarfcheck.h"

/*
 * Rows whose CFA is another register (hand-written code describing a
 * context structure, as __longjmp does with x0) or an expression say
 * nothing the walk can check: their save slots are relative to that CFA.
 */
static bool row_comparable(const struct dw_row *row)
{
	return row->cfa_reg == REG_SP || row->cfa_reg == REG_FP;
}

/* The CFA DWARF states, against the walk's; false and words if they differ. */
static bool cfa_agrees(const struct dw_row *row, const struct cfi_state *st,
		       char *buf, size_t len)
{
	char ours[32];

	if (row->cfa_reg == REG_SP && st->sp_known &&
	    -(int64_t)st->sp_off == row->cfa_off)
		return true;
	if (row->cfa_reg == REG_FP && st->fp_kind == FP_FRAME &&
	    -(int64_t)st->fp_off == row->cfa_off)
		return true;
	cfi_format_cfa(st, ours, sizeof(ours));
	if (row->cfa_reg == REG_SP && st->sp_known)
		snprintf(buf, len, "DWARF CFI has the CFA at sp%+ld, the walk at %s",
			 (long)row->cfa_off, ours);
	else if (row->cfa_reg == REG_SP)
		snprintf(buf, len, "DWARF CFI has the CFA at sp%+ld, but the walk does not know sp here (its CFA is %s)",
			 (long)row->cfa_off, ours);
	else if (st->fp_kind == FP_FRAME)
		snprintf(buf, len, "DWARF CFI has the CFA at x29%+ld, the walk at x29%+d",
			 (long)row->cfa_off, -st->fp_off);
	else
		snprintf(buf, len, "DWARF CFI has the CFA at x29%+ld, but for the walk x29 is %s (its CFA is %s)",
			 (long)row->cfa_off,
			 st->fp_kind == FP_ENTRY ? "still the caller's" : "not a frame address",
			 ours);
	return false;
}

/* Save slots the walk used in an FDE's range, a few per register. */
#define SEEN_MAX	4

struct seen_slots {
	int32_t off[CFI_NR_REGS][SEEN_MAX];
	uint8_t nr[CFI_NR_REGS];
	bool many[CFI_NR_REGS];
};

static void seen_add(struct seen_slots *seen, const struct cfi_state *st)
{
	int i, k;

	for (i = 0; i < CFI_NR_REGS; i++) {
		if (st->slot[i] == CFI_NO_SLOT)
			continue;
		for (k = 0; k < seen->nr[i] && seen->off[i][k] != st->slot[i]; k++)
			;
		if (k < seen->nr[i])
			continue;
		if (seen->nr[i] == SEEN_MAX)
			seen->many[i] = true;
		else
			seen->off[i][seen->nr[i]++] = st->slot[i];
	}
}

static bool seen_has(const struct seen_slots *seen, int idx, int64_t off)
{
	int k;

	for (k = 0; k < seen->nr[idx]; k++)
		if (seen->off[idx][k] == off)
			return true;
	return seen->many[idx];
}

/*
 * DWARF has a register in a slot, the walk has it back in the register.
 * Compilers restore the register first and say so a row or more later
 * (GCC with the sp adjustment, clang after autiasp): in between, register
 * and slot hold the same value and both descriptions are right.  They
 * contradict when the walk never saved the register there in this FDE, or
 * when the slot now holds another register.
 */
static bool restored_slot_agrees(const struct cfi_state *st,
				 const struct seen_slots *seen, int idx,
				 int64_t off, const char *name, char *buf,
				 size_t len)
{
	int j;

	if (!seen_has(seen, idx, off)) {
		snprintf(buf, len, "DWARF CFI has %s saved at CFA%+ld, the walk never saves it there",
			 name, (long)off);
		return false;
	}
	for (j = 0; j < CFI_NR_REGS; j++) {
		if (j == idx || st->slot[j] != off)
			continue;
		snprintf(buf, len, "DWARF CFI has %s saved at CFA%+ld, where the walk has %s",
			 name, (long)off, arch_reg_name(cfi_index_reg(j)));
		return false;
	}
	return true;
}

static bool slots_agree(const struct dw_row *row, const struct cfi_state *st,
			const struct seen_slots *seen, char *buf, size_t len)
{
	int i;

	for (i = 0; i < CFI_NR_REGS; i++) {
		const struct dw_rule *r = &row->rule[i];
		const char *name;

		if (r->kind != DW_OFFSET || st->slot[i] == r->off)
			continue;
		name = arch_reg_name(cfi_index_reg(i));
		if (st->slot[i] == CFI_NO_SLOT) {
			if (restored_slot_agrees(st, seen, i, r->off, name, buf, len))
				continue;
			return false;
		}
		snprintf(buf, len, "DWARF CFI has %s saved at CFA%+ld, the walk at CFA%+d",
			 name, (long)r->off, st->slot[i]);
		return false;
	}
	return true;
}

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

static void collect_seen(struct ctx *ctx, const struct section *sec,
			 const struct dw_fde *fde, struct seen_slots *seen)
{
	uint64_t off, end;

	memset(seen, 0, sizeof(*seen));
	fde_range(sec, fde, &off, &end);
	for (; off + 4 <= end; off += 4) {
		const struct insn_slot *slot = &ctx->slots[fde->sec][off / 4];

		if (sec_word_is_code(sec, off) && slot->state)
			seen_add(seen, slot->state);
	}
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

static int check_fde(struct ctx *ctx, const struct section *cfi,
		     const struct dw_fde *fde)
{
	const struct section *sec;
	struct seen_slots seen;
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
	collect_seen(ctx, sec, fde, &seen);
	for (fde_range(sec, fde, &off, &end); off + 4 <= end; off += 4) {
		const struct insn_slot *slot = &ctx->slots[fde->sec][off / 4];
		char why[200];

		if (!sec_word_is_code(sec, off) || !slot->state ||
		    !cfi_cfa_known(slot->state))
			continue;
		if (dw_prog_row(&pr, ctx->obj, cfi, off, ctx->err, sizeof(ctx->err)))
			return -1;
		if (!row_comparable(&pr.row))
			continue;
		ctx->stats.dwarf_insns++;
		if (cfa_agrees(&pr.row, slot->state, why, sizeof(why)) &&
		    slots_agree(&pr.row, slot->state, &seen, why, sizeof(why)))
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
	const struct section *cfi;
	size_t from = 0;
	bool eh;

	while ((cfi = dw_cfi_section(ctx->obj, &from, &eh))) {
		struct dw_iter it;
		struct dw_fde fde;
		int rc;

		dw_iter_init(&it, ctx->obj, cfi, eh);
		while ((rc = dw_next_fde(&it, &fde, ctx->err, sizeof(ctx->err))) > 0)
			if (check_fde(ctx, cfi, &fde))
				return -1;
		if (rc < 0)
			return -1;
	}
	return 0;
}
