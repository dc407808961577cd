/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data model every pass shares: the options, the per-object context
 * (struct ctx) with a slot a code word, the edges, the alternative groups
 * and the findings; and the lookups several passes need.  This header
 * imports no pass: passes include it, and the pipeline (validate.c) calls
 * the passes.  There is no global state: everything hangs off struct ctx.
 */
#ifndef VALIDATE_MODEL_H
#define VALIDATE_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "validate/arch.h"
#include "validate/cfi.h"
#include "validate/check.h"
#include "validate/elf.h"

enum output_format {
	FORMAT_TEXT,
	FORMAT_JSON,
};

struct options {
	enum output_format format;
	bool backtrace;
	bool dump_cfi;
	bool check_dwarf;	/* compare with .eh_frame / .debug_frame */
	bool no_frame_pointer;	/* userland without frame records */
	bool verbose;
	bool stats;
	bool disabled[CHECK_MAX];
};

/* One step of a recorded path: an instruction and the state before it. */
struct path_step {
	uint32_t sec;
	uint32_t off;
	const struct cfi_state *state;
};

struct path {
	struct path_step *steps;	/* from the function entry to the finding */
	size_t len;
	bool truncated;			/* the start was cut off */
};

struct finding {
	enum check_id check;
	uint32_t sec;
	uint64_t off;
	uint32_t func;			/* symbol index of the walked function */
	char *message;
	struct path paths[2];		/* mismatches have two */
};

/* Walk results for one instruction (one 4-byte word of a code section). */
struct insn_slot {
	const struct cfi_state *state;	/* before the instruction executes */
	uint32_t gen;			/* walk generation that set state */
	uint32_t pred_off;		/* where the walk came from */
	uint32_t pred_sec;		/* 0: this is the function entry */
	uint8_t reported;		/* a mismatch here was reported */
	uint8_t alt;			/* ALT_ORIG, ALT_REPL: set once, kept */
	uint8_t anon;			/* code no symbol covers: set once, kept */
	uint8_t via_fixup;		/* first reached through an exception fixup */
	uint8_t has_edges;		/* edges_from() has something: set when sorted */
	uint8_t kind;			/* enum insn_kind, from the decode pass */
	uint8_t branched_to;		/* a direct branch in the section targets it */
};

enum {
	ALT_ORIG = 1 << 0,	/* in the original block of an alternative */
	ALT_REPL = 1 << 1,	/* in a replacement stream */
};

enum edge_type {
	EDGE_FIXUP,		/* exception table: faulting insn -> fixup */
	EDGE_STATIC_KEY,	/* __jump_table: the other way of a static branch */
	EDGE_WARN,		/* __bug_table: this brk is a WARN and continues */
	EDGE_JUMP_TABLE,	/* br -> its jump table: to is its index in
				 * ctx->tables, whose targets every br that
				 * jumps through the table shares */
	EDGE_ALT,		/* original block -> a replacement stream */
	EDGE_ALT_NOPS,		/* original block -> its end: patched to nops */
	EDGE_LANDING_PAD,	/* call -> where the unwinder lands (LSDA) */
};

/* An extra way out of an instruction, found outside its encoding. */
struct edge {
	uint64_t from;
	uint64_t to;
	uint32_t to_sec;
	uint8_t type;
};

struct edge_list {
	struct edge *e;
	size_t nr, alloc;
	bool sorted;
};

/* One way an alternative block may be patched. */
struct alt_stream {
	uint32_t sec;		/* replacement code, unless callback */
	uint64_t off;
	uint32_t len;
	uint32_t entry;		/* offset of the .altinstructions entry */
	uint16_t feature;
	bool callback;		/* code written at boot by a function */
	bool nops;		/* a callback known to write nops */
};

/* Flattened CFI: the first stream at an offset fills it, others agree. */
struct alt_slot {
	const struct cfi_state *state;
	uint32_t sec, off;	/* the instruction that filled it */
	int stream;		/* -1: the original */
};

struct alt_group {
	uint32_t sec;		/* the original block */
	uint64_t off;
	uint32_t len;
	struct alt_stream *streams;
	size_t nr_streams;
	uint32_t gen;		/* walk that filled cfi */
	bool reported;		/* a conflict was reported in that walk */
	struct alt_slot *cfi;	/* len / 4 entries */
};

struct place {
	uint32_t sec;
	uint64_t off;
};

/* The compiler's CFI row at a landing pad: the state calls that can throw
 * arrive with (dwarf.h's row, kept small). */
struct pad_row {
	struct place at;
	int16_t cfa_reg;		/* REG_SP or REG_FP; -1: not comparable */
	int32_t cfa_off;
	uint8_t kind[CFI_NR_REGS];	/* enum dw_rule_kind */
	int32_t off[CFI_NR_REGS];
};

/*
 * A jump table's targets, one list for every br that jumps through it (the
 * BPF interpreter dispatches through one table from its 150 handlers): a
 * pass that follows them does so once for a state, not once a br.
 */
struct jump_targets {
	uint32_t sec;
	uint64_t *off;		/* sorted, without repeats */
	uint32_t nr;
	uint32_t gen;		/* the walk or search that last took them */
	const struct cfi_state *state;	/* ...and the walk's state then */
};

/* A br whose jump table was not found, and why (jumptable.c's words). */
struct br_note {
	struct place at;
	const char *why;	/* a static string */
};

/* A walk crossing between a function and anonymous code. */
struct anon_link {
	struct place anon;	/* the anonymous instruction */
	struct place other;	/* where the walk came from, or went to */
	uint32_t func;		/* the function being walked */
	bool into;		/* into anonymous code (else back out of it) */
};

/* Index from replacement code back to its group. */
struct alt_repl {
	uint32_t sec;
	uint64_t off;
	uint32_t len;
	uint32_t group, stream;
};

enum {
	SYMF_NORETURN = 1 << 0,		/* never returns to its caller */
	SYMF_RETURNS = 1 << 2,		/* has a return of its own: settled */
};

struct stats {
	unsigned long functions;
	unsigned long insns;		/* reached by the walk */
	unsigned long states;		/* distinct CFI states */
	unsigned long br_total;
	unsigned long br_resolved;
	unsigned long nonfunc_insns;	/* under non-function symbols only */
	unsigned long dwarf_fdes;	/* FDEs compared (--check-dwarf) */
	unsigned long dwarf_fdes_skipped;	/* for code not in this object */
	unsigned long dwarf_insns;	/* instructions compared */
	unsigned long findings[CHECK_MAX];
};

struct ctx {
	const struct options *opts;
	struct object *obj;
	struct cfi_table *cfi;
	struct arch_disasm *dis;
	struct insn_slot **slots;	/* per code section, a slot a word */
	struct edge_list *edges;	/* per section */
	uint8_t *sym_flags;		/* per symbol, SYMF_* */
	uint32_t gen;
	struct place *entries;		/* secondary entry points, sorted */
	size_t nr_entries, alloc_entries;
	struct alt_group *alts;		/* sorted by (sec, off) */
	size_t nr_alts, alloc_alts;
	struct anon_link *links;
	size_t nr_links, alloc_links;
	struct jump_targets *tables;	/* jumptable.c: EDGE_JUMP_TABLE's */
	size_t nr_tables, alloc_tables;
	struct br_note *br_notes;	/* sorted by place; jumptable.c */
	size_t nr_br_notes, alloc_br_notes;
	struct pad_row *pads;		/* sorted by place; lsda.c */
	size_t nr_pads, alloc_pads;
	struct alt_repl *repl;		/* sorted by (sec, off) */
	size_t nr_repl, alloc_repl;
	struct finding *findings;
	size_t nr_findings, alloc_findings;
	struct stats stats;
	FILE *dump;			/* --dump-cfi output, or NULL */
	char err[256];
};


/* ---- The context (model.c) ---- */

int ctx_init(struct ctx *ctx, const struct options *opts, struct object *obj,
	     struct arch_disasm *dis, FILE *dump);
void ctx_free(struct ctx *ctx);

/* Kind of the instruction at a code word (decoded once, up front). */
static inline enum insn_kind slot_kind(const struct ctx *ctx, uint32_t sec,
				       uint64_t off)
{
	return ctx->slots[sec][off / 4].kind;
}

/* Places in (section, offset) order, for qsort, bsearch and lower_bound. */
int cmp_place(const void *a, const void *b);

/* ---- Lookups several passes need ---- */

/* edges.c: the extra ways out of instructions. */
int edge_add(struct ctx *ctx, uint32_t sec, uint64_t from, uint32_t to_sec,
	     uint64_t to, enum edge_type type);
void edges_sort(struct ctx *ctx);
/* The edges leaving (sec, from): a pointer into the list and a count. */
const struct edge *edges_from(struct ctx *ctx, uint32_t sec, uint64_t from,
			      size_t *nr);

/* model.c: the alternative groups, once alt_build() has sorted them. */
struct alt_group *alt_group_at(struct ctx *ctx, uint32_t sec, uint64_t off);
bool alt_stream_at(struct ctx *ctx, uint32_t sec, uint64_t off,
		   struct alt_group **group, int *stream);

enum alt_next {
	ALT_NEXT_NONE,		/* not in or at the end of the stream */
	ALT_NEXT_STREAM,	/* inside the stream */
	ALT_NEXT_AFTER,		/* its end: moved to after the original block */
};
enum alt_next alt_stream_next(const struct alt_group *g, int stream,
			      uint32_t *sec, uint64_t *off);

/* model.c: a walk crossing between a function and anonymous code. */
int anon_link_add(struct ctx *ctx, const struct anon_link *link);

/* model.c: why the br at (sec, off) has no table, or NULL. */
const char *br_note_at(const struct ctx *ctx, uint32_t sec, uint64_t off);

/* target.c: where a direct branch or call goes. */
enum target_kind {
	TARGET_NONE,		/* could not be resolved */
	TARGET_CODE,		/* a place in this object */
	TARGET_EXTERN,		/* an undefined symbol */
};

struct target {
	enum target_kind kind;
	uint32_t sec;
	uint64_t off;
	const struct symbol *sym;	/* TARGET_EXTERN, or the symbol used */
};

void branch_target(struct ctx *ctx, const struct section *sec, uint64_t off,
		   const struct insn_desc *desc, struct target *t);
/* The function a call target names, NULL if none or a replaceable body. */
const struct symbol *target_callee(struct ctx *ctx, const struct target *t);
/* A weak definition another object's may replace at link time. */
bool symbol_replaceable(const struct object *obj, const struct symbol *f);

/* Whether the target lies in function f. */
static inline bool target_in(const struct symbol *f, const struct target *t)
{
	return t->kind == TARGET_CODE && symbol_covers(f, t->sec, t->off);
}

/* finding.c */
struct finding *finding_add(struct ctx *ctx, enum check_id check, uint32_t sec,
			    uint64_t off, uint32_t func, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void findings_sort(struct ctx *ctx);
void findings_free(struct ctx *ctx);

#endif
