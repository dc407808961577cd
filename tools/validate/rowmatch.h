/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rowmatch.c: whether an unwind row means what the walk's state is.  The
 * one place that decides "the same meaning" for --check-dwarf and
 * --check-sframe: an SFrame row is put in DWARF's terms (struct dw_row)
 * and held against the walk like a DWARF row.
 */
#ifndef VALIDATE_ROWMATCH_H
#define VALIDATE_ROWMATCH_H

#include "validate/dwarf.h"
#include "validate/model.h"

/*
 * Save slots the walk used in a range of code, a few per register: read
 * on first need (a row that still names a slot the walk has reloaded),
 * which few rows are.
 */
#define ROW_SEEN_MAX	4

struct row_seen {
	const struct ctx *ctx;
	const struct section *sec;
	uint64_t from, end;
	bool collected;
	int32_t off[CFI_NR_REGS][ROW_SEEN_MAX];
	uint8_t nr[CFI_NR_REGS];
	bool many[CFI_NR_REGS];
};

/*
 * The state an unwinder must be told at (sec, off): the walk's; at an
 * offset of an alternative block the original stream does not reach, the
 * state the streams agree on there (they run at these offsets once
 * patched).  NULL: nothing reaches it.
 */
const struct cfi_state *row_walk_state(struct ctx *ctx, uint32_t sec,
				       uint64_t off);

/*
 * Whether off in function f belongs to a function nested in f: described
 * by a descriptor of its own, which an unwinder finds first (its start is
 * nearer), and walked from its own entry.  row_has_nested() first, once a
 * function: most have none, and then no instruction needs asking.
 */
bool row_has_nested(const struct section *sec, const struct symbol *f,
		    const struct object *obj);
bool row_nested(const struct object *obj, const struct section *sec,
		const struct symbol *f, uint64_t off);

/*
 * Whether the walk went through function i of sec (sec->funcs[i]) under
 * this name: code at its entry, reached, and not an alias of the one
 * before it (aliases share one range and one walk).
 */
bool row_func_walked(const struct ctx *ctx, const struct section *sec,
		     size_t i);

/* The slots of the states the walk left in [from, end) of a code section,
 * for row_matches() to read when it needs them. */
void row_seen_init(struct row_seen *seen, const struct ctx *ctx,
		   const struct section *sec, uint64_t from, uint64_t end);

/*
 * Whether the row says something the walk can check: its CFA is on sp or
 * x29 (hand-written code may describe a context structure through another
 * register, as __longjmp does with x0; its slots are relative to that).
 */
bool row_comparable(const struct dw_row *row);

/*
 * Whether the row, from who ("DWARF CFI", "SFrame"), means what the walk's
 * state st says: the same CFA, and no register in a slot that contradicts
 * the walk (seen: the slots of the whole range the row belongs to).  If
 * not, words for the first difference in buf.
 */
bool row_matches(const struct dw_row *row, const struct cfi_state *st,
		 struct row_seen *seen, const char *who, char *buf, size_t len);

#endif
