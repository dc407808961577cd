/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CFI state before an instruction executes, as DWARF CFI describes it.
 *
 * The canonical frame address (CFA) is sp at function entry.  The state
 * records where sp and x29 are relative to the CFA and where each callee-saved
 * register lives; the CFA rule itself is derived from those: sp+N while sp is
 * known, x29+N while only x29 is, undefined otherwise.
 *
 * States are interned: equal states are the same pointer, never modified after
 * interning.  Comparison is field by field.
 */
#ifndef VALIDATE_CFI_H
#define VALIDATE_CFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "validate/arch.h"

/* the registers arch/arm64/saved_regs.h lists: x19-x30, then d8-d15 */
#define CFI_NR_REGS	ARCH_NR_SAVED_REGS
#define CFI_NO_SLOT	INT32_MIN

enum fp_kind {
	FP_ENTRY,	/* x29 still holds the caller's value */
	FP_FRAME,	/* x29 = CFA + fp_off: a frame address */
	FP_UNKNOWN,	/* x29 was overwritten with something else */
};

struct cfi_state {
	bool sp_known;
	uint8_t fp_kind;
	int32_t sp_off;		/* sp - CFA, when sp_known */
	int32_t fp_off;		/* x29 - CFA, when FP_FRAME */
	/* x30 values pushed on the shadow call stack and not yet popped */
	uint8_t scs;
	/*
	 * x30 no longer holds its value at entry: a call, or a write other
	 * than the reload of its save slot or the shadow call stack's pop.
	 * While it holds it, a save slot left unreloaded is harmless.
	 */
	bool lr_changed;
	/* save slot, relative to the CFA, of each tracked register */
	int32_t slot[CFI_NR_REGS];
};

/* Index in cfi_state.slot, or -1 for registers that are not tracked. */
static inline int cfi_reg_index(unsigned int reg)
{
	return arch_saved_reg_index(reg);
}

static inline unsigned int cfi_index_reg(int index)
{
	return arch_saved_reg(index);
}

void cfi_init(struct cfi_state *s);
bool cfi_equal(const struct cfi_state *a, const struct cfi_state *b);
/* Equal but for whether x30 was changed: the same frame for an unwinder. */
bool cfi_same_frame(const struct cfi_state *a, const struct cfi_state *b);

/* Everything back as at entry: what a return or tail call needs. */
bool cfi_is_entry(const struct cfi_state *s);
/* x29 points at the saved {x29, x30} pair. */
bool cfi_has_frame(const struct cfi_state *s);
bool cfi_cfa_known(const struct cfi_state *s);

/* Result of applying one instruction's stack operations. */
enum cfi_apply_result {
	CFI_OK,
	CFI_LOST_CFA,	/* an operation the model cannot follow lost the CFA */
};

enum cfi_apply_result cfi_apply(struct cfi_state *s, const struct stack_op *ops,
				unsigned int nr_ops);

/* "sp+80", "x29+16", "undefined" */
void cfi_format_cfa(const struct cfi_state *s, char *buf, size_t len);

/* Words for how b differs from a ("sp is 16 bytes below ... on one path"). */
void cfi_describe_diff(const struct cfi_state *a, const struct cfi_state *b,
		       char *buf, size_t len);
/* Words for what is not as at entry; empty if cfi_is_entry(). */
void cfi_describe_not_entry(const struct cfi_state *s, char *buf, size_t len);
/* Words for why there is no frame record; empty if cfi_has_frame(). */
void cfi_describe_no_frame(const struct cfi_state *s, char *buf, size_t len);

/* Interning table: one per object, states live until cfi_table_free. */
struct cfi_table;
struct cfi_table *cfi_table_new(void);
void cfi_table_free(struct cfi_table *t);
const struct cfi_state *cfi_intern(struct cfi_table *t, const struct cfi_state *s);
size_t cfi_table_count(const struct cfi_table *t);

#endif
