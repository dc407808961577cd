// SPDX-License-Identifier: GPL-2.0
/*
 * An unwind row against the walk's state at one instruction: the one test
 * of "the same meaning" that --check-dwarf and --check-sframe share.
 *
 * Two right descriptions can be spelled differently, so meaning is
 * compared, not spelling:
 *  - the CFA must be the same value: a row's sp+N or x29+N is checked
 *    against where the walk has that register, relative to the CFA;
 *  - a save slot must not contradict: the row and the walk may not put a
 *    register in two different slots.  A register the row leaves in
 *    itself ("same value"; SFrame's "not saved") while the walk has it
 *    saved is not a contradiction: a saved register still holds its entry
 *    value until the code reuses it.
 *
 * Beside it, what the walk says an unwinder must be told, for SFrame's
 * reader and writer alike: the state at an instruction (alternatives
 * included), which functions the walk went through, and which
 * instructions belong to a nested function.
 */
#include <stdio.h>
#include <string.h>

#include "rowmatch.h"

bool row_comparable(const struct dw_row *row)
{
	return row->cfa_reg == REG_SP || row->cfa_reg == REG_FP;
}

/* The CFA the row states, against the walk's; false and words if they differ. */
static bool cfa_agrees(const struct dw_row *row, const struct cfi_state *st,
		       const char *who, char *buf, size_t len)
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
		snprintf(buf, len, "%s has the CFA at sp%+ld, the walk at %s",
			 who, (long)row->cfa_off, ours);
	else if (row->cfa_reg == REG_SP)
		snprintf(buf, len, "%s has the CFA at sp%+ld, but the walk does not know sp here (its CFA is %s)",
			 who, (long)row->cfa_off, ours);
	else if (st->fp_kind == FP_FRAME)
		snprintf(buf, len, "%s has the CFA at x29%+ld, the walk at x29%+d",
			 who, (long)row->cfa_off, -st->fp_off);
	else
		snprintf(buf, len, "%s has the CFA at x29%+ld, but for the walk x29 is %s (its CFA is %s)",
			 who, (long)row->cfa_off,
			 st->fp_kind == FP_ENTRY ? "still the caller's" : "not a frame address",
			 ours);
	return false;
}

static void seen_add(struct row_seen *seen, const struct cfi_state *st)
{
	int i, k;

	for (i = 0; i < CFI_NR_REGS; i++) {
		if (st->slot[i] == CFI_NO_SLOT)
			continue;
		for (k = 0; k < seen->nr[i] && seen->off[i][k] != st->slot[i]; k++)
			;
		if (k < seen->nr[i])
			continue;
		if (seen->nr[i] == ROW_SEEN_MAX)
			seen->many[i] = true;
		else
			seen->off[i][seen->nr[i]++] = st->slot[i];
	}
}

static void seen_collect(struct row_seen *seen)
{
	uint32_t last = 0;
	uint64_t off;

	for (off = (seen->from + 3) & ~3ULL; off + 4 <= seen->end; off += 4) {
		const struct insn_slot *slot =
			&seen->ctx->slots[seen->sec->idx][off / 4];

		/* states are interned: a run of one state adds nothing new */
		if (slot->state_id == last || !sec_word_is_code(seen->sec, off))
			continue;
		last = slot->state_id;
		if (last)
			seen_add(seen, slot_state(seen->ctx, slot));
	}
	seen->collected = true;
}

static bool seen_has(struct row_seen *seen, int idx, int64_t off)
{
	int k;

	if (!seen->collected)
		seen_collect(seen);
	for (k = 0; k < seen->nr[idx]; k++)
		if (seen->off[idx][k] == off)
			return true;
	return seen->many[idx];
}

void row_seen_init(struct row_seen *seen, const struct ctx *ctx,
		   const struct section *sec, uint64_t from, uint64_t end)
{
	memset(seen, 0, sizeof(*seen));
	seen->ctx = ctx;
	seen->sec = sec;
	seen->from = from;
	seen->end = end;
}

/*
 * The row has a register in a slot, the walk has it back in the register.
 * Compilers restore the register first and say so a row or more later
 * (GCC with the sp adjustment, clang after autiasp): in between, register
 * and slot hold the same value and both descriptions are right.  They
 * contradict when the walk never saved the register there in this range,
 * or when the slot now holds another register.
 */
static bool restored_slot_agrees(const struct cfi_state *st,
				 struct row_seen *seen, int idx,
				 int64_t off, const char *name, const char *who,
				 char *buf, size_t len)
{
	int j;

	if (!seen_has(seen, idx, off)) {
		snprintf(buf, len, "%s has %s saved at CFA%+ld, the walk never saves it there",
			 who, name, (long)off);
		return false;
	}
	for (j = 0; j < CFI_NR_REGS; j++) {
		if (j == idx || st->slot[j] != off)
			continue;
		snprintf(buf, len, "%s has %s saved at CFA%+ld, where the walk has %s",
			 who, name, (long)off, arch_reg_name(cfi_index_reg(j)));
		return false;
	}
	return true;
}

static bool slots_agree(const struct dw_row *row, const struct cfi_state *st,
			struct row_seen *seen, const char *who,
			char *buf, size_t len)
{
	int i;

	for (i = 0; i < CFI_NR_REGS; i++) {
		const struct dw_rule *r = &row->rule[i];
		const char *name;

		if (r->kind != DW_OFFSET || st->slot[i] == r->off)
			continue;
		name = arch_reg_name(cfi_index_reg(i));
		if (st->slot[i] == CFI_NO_SLOT) {
			if (restored_slot_agrees(st, seen, i, r->off, name, who,
						 buf, len))
				continue;
			return false;
		}
		snprintf(buf, len, "%s has %s saved at CFA%+ld, the walk at CFA%+d",
			 who, name, (long)r->off, st->slot[i]);
		return false;
	}
	return true;
}

bool row_matches(const struct dw_row *row, const struct cfi_state *st,
		 struct row_seen *seen, const char *who, char *buf, size_t len)
{
	return cfa_agrees(row, st, who, buf, len) &&
	       slots_agree(row, st, seen, who, buf, len);
}

const struct cfi_state *row_walk_state(struct ctx *ctx, uint32_t sec,
				       uint64_t off)
{
	const struct insn_slot *slot = &ctx->slots[sec][off / 4];
	struct alt_group *g;

	if (slot->state_id || !(slot->alt & ALT_ORIG))
		return slot_state(ctx, slot);
	g = alt_group_at(ctx, sec, off);
	return g && g->cfi ? g->cfi[(off - g->off) / 4].state : NULL;
}

bool row_func_walked(const struct ctx *ctx, const struct section *sec,
		     size_t i)
{
	const struct symbol *f = &ctx->obj->syms[sec->funcs[i]];
	const struct symbol *prev = i ? &ctx->obj->syms[sec->funcs[i - 1]] : NULL;

	if (!f->size || !sec_word_is_code(sec, f->offset))
		return false;
	if (prev && prev->offset == f->offset && prev->size == f->size)
		return false;
	return ctx->slots[sec->idx][f->offset / 4].state_id != 0;
}

bool row_has_nested(const struct section *sec, const struct symbol *f,
		    const struct object *obj)
{
	size_t lo = 0, hi = sec->nr_funcs;

	/* the first function starting after f */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (obj->syms[sec->funcs[mid]].offset <= f->offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sec->nr_funcs &&
	       obj->syms[sec->funcs[lo]].offset < f->offset + f->size;
}

bool row_nested(const struct object *obj, const struct section *sec,
		const struct symbol *f, uint64_t off)
{
	const struct symbol *owner = func_at(obj, sec, off);

	return owner && owner->offset > f->offset &&
	       owner->offset + owner->size <= f->offset + f->size;
}
