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

/* Whether the return address is signed (pointer authentication), by key. */
enum ra_sign {
	RA_PLAIN,
	RA_SIGNED_A,
	RA_SIGNED_B,
};

/* What it was signed with besides the key: sp, zero, another register. */
enum ra_modifier {
	RA_MOD_SP,
	RA_MOD_ZERO,
	RA_MOD_REG,
};

#define CFI_SP_UNKNOWN	INT32_MIN

/*
 * Whose frame the state describes (Documentation/annotations.md): a
 * function's, entered by a call; an exception frame at the CFA (from a
 * VALIDATE_HINT_REGS: the CFA is where struct pt_regs starts); or the
 * outermost frame, with no caller to unwind to (VALIDATE_HINT_END_OF_STACK),
 * whose calls need no frame record of their own.
 */
enum cfi_frame {
	CFI_FRAME_CALL,
	CFI_FRAME_REGS,
	CFI_FRAME_END,
};

struct cfi_state {
	bool sp_known;
	uint8_t fp_kind;
	uint8_t frame;		/* enum cfi_frame */
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
	/*
	 * The return address signed (paciasp ... autiasp), by which key and
	 * modifier, and where sp was when signed (an authentication with sp
	 * elsewhere fails); RA_PLAIN leaves the other two 0.
	 */
	uint8_t ra_sign;
	uint8_t ra_mod;
	int32_t ra_sp;		/* sp - CFA, or CFI_SP_UNKNOWN */
	/*
	 * Registers x0-x28 (bit n: xn) that hold a copy of x29's, or of
	 * x30's, value at entry (mov x9, x30): moving one back restores it.
	 */
	uint32_t fp_copies;
	uint32_t lr_copies;
	/* save slot, relative to the CFA, of each tracked register */
	int32_t slot[CFI_NR_REGS];
	/*
	 * In an exception frame, the frame record its code wrote, relative
	 * to the CFA, or CFI_NO_SLOT: a zeroed pair (the final record, where
	 * an unwinder stops), or {interrupted x29, anything} (pt_regs'
	 * stackframe: the interrupted pc).  x29 pointing at it is a frame
	 * record for calls.
	 */
	int32_t rec;
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
/* Equal but for whether x30 was changed and which registers hold copies:
 * the same frame for an unwinder. */
bool cfi_same_frame(const struct cfi_state *a, const struct cfi_state *b);

/* Which parts of two states differ (cfi_diff()). */
enum {
	CFI_DIFF_SP = 1 << 0,		/* where sp is */
	CFI_DIFF_FP = 1 << 1,		/* what x29 holds */
	CFI_DIFF_SLOT = 1 << 2,		/* a save slot */
	CFI_DIFF_SCS = 1 << 3,		/* the shadow call stack's depth */
	CFI_DIFF_LR = 1 << 4,		/* whether x30 was changed */
	CFI_DIFF_RA = 1 << 5,		/* whether x30 is signed, and how */
	CFI_DIFF_COPIES = 1 << 6,	/* copies of x29 or x30 */
};

unsigned int cfi_diff(const struct cfi_state *a, const struct cfi_state *b);

/* Everything back as at entry: what a return or tail call needs. */
bool cfi_is_entry(const struct cfi_state *s);
/* x29 points at the saved {x29, x30} pair, or at a record the kernel
 * writes (rec); or no record is needed: the outermost frame. */
bool cfi_has_frame(const struct cfi_state *s);
bool cfi_cfa_known(const struct cfi_state *s);

/* Result of applying one instruction's stack operations. */
enum cfi_apply_result {
	CFI_OK,
	CFI_LOST_CFA,	/* an operation the model cannot follow lost the CFA */
};

enum cfi_apply_result cfi_apply(struct cfi_state *s, const struct stack_op *ops,
				unsigned int nr_ops);

/*
 * What applying the operations did that a check asks about: the walk
 * reports them.  "Overwritten" is any write but those the state follows
 * back to a known value (a restore from the save slot, a move back of a
 * copy, a frame address, a call, pointer authentication, the shadow call
 * stack's pop).
 */
enum {
	CFI_EV_FP_CLOBBER = 1 << 0,	/* x29 overwritten */
	CFI_EV_LR_LOST = 1 << 1,	/* x30 overwritten while it held the
					 * only copy of the return address */
	CFI_EV_SIGN_TWICE = 1 << 2,	/* signed while already signed */
	CFI_EV_AUTH_PLAIN = 1 << 3,	/* authenticated while not signed */
	CFI_EV_AUTH_OTHER = 1 << 4,	/* with another key, or another sp */
	CFI_EV_X18_WRITE = 1 << 5,	/* x18 written but by the push or pop */
	CFI_EV_SCS = 1 << 6,		/* a shadow call stack push or pop */
	CFI_EV_SCS_UNDERFLOW = 1 << 7,	/* a pop of what this function did
					 * not push */
};

enum cfi_apply_result cfi_step(struct cfi_state *s, const struct stack_op *ops,
			       unsigned int nr_ops, unsigned int *events);

/* Registers (bit n: xn) written by something else: their copies are gone. */
void cfi_forget_copies(struct cfi_state *s, uint32_t written);

/* "sp+80", "x29+16", "undefined" */
void cfi_format_cfa(const struct cfi_state *s, char *buf, size_t len);

/* Words for how b differs from a ("sp is 16 bytes below ... on one path"). */
void cfi_describe_diff(const struct cfi_state *a, const struct cfi_state *b,
		       char *buf, size_t len);
/* "plain", "signed with key A and sp": how the return address is kept. */
const char *cfi_ra_words(const struct cfi_state *s, char *buf, size_t len);
/* "with key A and sp at CFA-16": the key and modifier of a signed one. */
const char *cfi_ra_how(const struct cfi_state *s, char *buf, size_t len);
/* Words for what is not as at entry; empty if cfi_is_entry(). */
void cfi_describe_not_entry(const struct cfi_state *s, char *buf, size_t len);
/* Words for why there is no frame record; empty if cfi_has_frame(). */
void cfi_describe_no_frame(const struct cfi_state *s, char *buf, size_t len);

/* Interning table: one per object, states live until cfi_table_free. */
struct cfi_table;
struct cfi_table *cfi_table_new(void);
void cfi_table_free(struct cfi_table *t);
const struct cfi_state *cfi_intern(struct cfi_table *t, const struct cfi_state *s);
/* Interning from several threads at once (the walk's, walk.c) or not. */
void cfi_table_share(struct cfi_table *t, bool shared);
/* cfi_intern() through a thread's own look-aside: no lock on a hit. */
struct cfi_cache;
struct cfi_cache *cfi_cache_new(void);
void cfi_cache_free(struct cfi_cache *c);
const struct cfi_state *cfi_intern_cached(struct cfi_table *t,
					  struct cfi_cache *c,
					  const struct cfi_state *s);
size_t cfi_table_count(const struct cfi_table *t);
/* An interned state and its id, which a slot keeps instead of a pointer. */
struct cfi_interned {
	struct cfi_state state;		/* first: cfi_id() casts back */
	uint32_t id;			/* 1 up, in interning order */
};

/*
 * An interned state's id (1 up; 0 for NULL) and back: a code word keeps
 * 4 bytes for its state, not a pointer (model.h's struct insn_slot).
 * Inline: the walk asks it once an instruction.
 */
static inline uint32_t cfi_id(const struct cfi_state *s)
{
	return s ? ((const struct cfi_interned *)s)->id : 0;
}

const struct cfi_state *cfi_by_id(const struct cfi_table *t, uint32_t id);

#endif
