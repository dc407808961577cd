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
	FORMAT_SARIF,		/* one SARIF 2.1.0 log at the end (gate.c) */
	FORMAT_MARKDOWN,	/* the readiness summary as tables (summary.c) */
};

struct options {
	enum output_format format;
	bool backtrace;
	bool dump_cfi;
	bool check_dwarf;	/* compare with .eh_frame / .debug_frame */
	bool check_sframe;	/* compare with .sframe */
	const char *write_sframe;	/* write a copy with .sframe here */
	uint8_t sframe_version;	/* of what --write-sframe writes: 1 or 2 */
	bool no_frame_pointer;	/* userland without frame records */
	bool verbose;
	bool stats;
	bool digests;		/* JSON findings carry their "digest" (gate.c) */
	bool show_suppressed;	/* print findings a baseline matches, marked */
	bool disabled[CHECK_MAX];
	/* -j: threads the run may use; a large object's walk splits its
	 * functions over them (walk.c) */
	unsigned int jobs;
	/* the code words from which it does; 0: walk.c's default (tests set
	 * it through VALIDATE_SPLIT_WORDS) */
	unsigned long split_words;
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
	char *src_file;			/* source.c: from the line table, or NULL */
	unsigned int src_line;
	uint64_t digest;		/* fingerprint.c: the site, without addresses */
	bool suppressed;		/* a baseline entry matches it (baseline.c) */
	const char *reason;		/* that entry's reason, or NULL */
};

/*
 * Walk results for one instruction (one 4-byte word of a code section):
 * 8 bytes, as a vmlinux.o has millions of words.  Read the state through
 * slot_state() and the generation through slot_seen().
 *
 * The walk of a function writes only its own slots (walk.c), and walks of
 * different functions may run at once: what the walk writes (state_id,
 * gen, and the byte of the last five bits) is kept out of the byte the
 * earlier passes set and every walk reads of other functions' words (a
 * tail call target's anon).  Adjacent bit
 * fields are one memory location, written by reading and writing them
 * all: the zero-width field ends the first.
 */
struct insn_slot {
	uint32_t state_id;		/* cfi_by_id(): the state before the
					 * instruction executes; 0: none yet */
	uint16_t gen;			/* low bits of the walk generation
					 * that set state_id (ctx_new_gen()) */
	/* set before the walk, read by any */
	uint8_t kind : 4;		/* enum insn_kind, from the decode pass */
	uint8_t alt : 2;		/* ALT_ORIG, ALT_REPL: set once, kept */
	uint8_t anon : 1;		/* code no symbol covers: set once, kept */
	uint8_t : 0;			/* a byte of its own: see above */
	/* set before the walk and read by the walk of the function's own
	 * words only; or written by that walk */
	uint8_t has_edges : 1;		/* edges_from() has something: set when sorted */
	uint8_t branched_to : 1;	/* a direct branch in the section targets it */
	uint8_t reported : 1;		/* a mismatch here was reported */
	uint8_t via_fixup : 1;		/* first reached through an exception fixup */
	uint8_t linked : 1;		/* its visit noted a crossing with
					 * anonymous code (walk.c) */
};

_Static_assert(INSN_KIND_MAX <= 16, "insn_slot.kind is 4 bits");
_Static_assert(sizeof(struct insn_slot) == 8, "a slot a code word");

/* Where the walk came to an instruction from: --backtrace's paths. */
struct slot_pred {
	uint32_t sec;			/* 0: this is the function entry */
	uint32_t off;
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
	EDGE_PATCH_SITE,	/* an ftrace patch site's start -> its end */
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
	/* ftrace's call written over a patch site's nops (special.c):
	 * mov x9, x30; bl <trampoline>, which returns with the state as it
	 * was, so every offset has the site's state at its start */
	bool ftrace;
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
	SYMF_IGNORED = 1 << 3,		/* VALIDATE_IGNORE_FUNC names it (hints.c) */
};

/* Why a function symbol was not walked (the readiness summary counts them). */
enum unwalked {
	WALKED,
	UNWALKED_DATA,		/* its first word is data ($d) */
	UNWALKED_IGNORED,	/* an annotation says to skip it */
	UNWALKED_UNSUPPORTED,	/* no size, or not in a code section */
	UNWALKED_MAX,
};

/* Whether the walk takes function f of section sec, and if not, why. */
static inline enum unwalked func_unwalked(const struct section *sec,
					  const struct symbol *f)
{
	if (!f->size || !sec_is_code(sec) || f->offset + 4 > sec->size)
		return UNWALKED_UNSUPPORTED;
	return sec_word_data(sec, f->offset / 4) ? UNWALKED_DATA : WALKED;
}

/*
 * An annotation of .discard.validate_hints (hints.c; the macros are
 * include/validate/annotate.h).  ctx->hints is sorted by place.
 */
struct hint {
	struct place at;	/* the instruction; IGNORE_FUNC: the function */
	uint8_t type;		/* VALIDATE_HINT_TYPE_* */
	int32_t arg;		/* REGS: sp + arg is the exception frame */
	uint64_t end;		/* UNDEFINED: where its range ends (exclusive) */
	const struct cfi_state *state;	/* REGS, END_OF_STACK, FUNC: the state
					 * the instruction starts from */
};

/* Code under a non-function symbol that holds a hint: walked from its
 * hints like a function (hints.c finds it, walk.c walks it). */
struct hint_unit {
	uint32_t sym;		/* the symbol that names the code */
	uint32_t sec;
	uint64_t off, size;
};

/* Code under a symbol that is no function (SYM_CODE_START): anon.c. */
struct code_range {
	uint32_t sec;
	uint64_t off;
	uint64_t size;
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
	unsigned long sframe_fdes;	/* descriptors compared (--check-sframe) */
	unsigned long sframe_fdes_skipped;	/* for code not in this object */
	unsigned long sframe_insns;	/* instructions compared */
	unsigned long findings[CHECK_MAX];
	unsigned long unwalked[UNWALKED_MAX];	/* functions, by reason */
	/* walk.c: an object's walk split over threads (-j), on how many,
	 * and the functions of it walked alone after them */
	unsigned long split_objects;
	unsigned long split_threads;
	unsigned long split_alone;
};

struct ctx {
	const struct options *opts;
	struct object *obj;
	struct cfi_table *cfi;
	struct arch_disasm *dis;
	struct insn_slot **slots;	/* per code section, a slot a word */
	/* per code section, a bit a word: a branch, call or br by its own
	 * encoding (kinds INSN_JUMP, INSN_JUMP_COND, INSN_CALL and
	 * INSN_JUMP_IND), for the passes that look only at those */
	uint64_t **transfers;
	/* per code section, a bit a word: a br (INSN_JUMP_IND), which a
	 * few hundred of vmlinux.o's 63,809 functions hold (jumptable.c) */
	uint64_t **ind_jumps;
	/* per code section, a bit a word: a function flagged noreturn starts
	 * there (noreturn.c).  Every branch and call asks, at random
	 * places: a bitmap stays in the cache where the slots would not */
	uint64_t **noreturn_starts;
	/* per code section, a predecessor a word; only for --backtrace,
	 * the one pass that follows them (NULL otherwise) */
	struct slot_pred **preds;
	struct edge_list *edges;	/* per section */
	uint8_t *sym_flags;		/* per symbol, SYMF_* */
	/* noreturn.c: where the defined symbols flagged SYMF_NORETURN
	 * start, sorted; most call targets are none of them */
	struct place *noreturn_at;
	size_t nr_noreturn_at, alloc_noreturn_at;
	uint32_t gen;
	struct place *entries;		/* secondary entry points, sorted */
	size_t nr_entries, alloc_entries;
	struct alt_group *alts;		/* sorted by (sec, off) */
	size_t nr_alts, alloc_alts;
	struct anon_link *links;
	size_t nr_links, alloc_links;
	struct code_range *nonfunc;	/* anon.c: code under non-functions */
	size_t nr_nonfunc, alloc_nonfunc;
	/* anon.c: the runs of anonymous words, in (section, offset) order */
	struct code_range *anon_runs;
	size_t nr_anon_runs, alloc_anon_runs;
	struct hint *hints;		/* hints.c: sorted by place */
	size_t nr_hints, alloc_hints;
	struct hint_unit *hint_units;	/* hints.c: non-function code walked */
	size_t nr_hint_units, alloc_hint_units;
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
	/* --verbose's notes: stderr, or a -j job's buffer printed in its
	 * turn */
	FILE *log;
	char err[256];
};


/* ---- The context (model.c) ---- */

int ctx_init(struct ctx *ctx, const struct options *opts, struct object *obj,
	     struct arch_disasm *dis, FILE *dump);
void ctx_free(struct ctx *ctx);

/*
 * The slots of f's words, f->offset + 4k for k < f->size / 4, are
 * f->offset / 4 + k, up to func_slot_end(f): so too where a symbol's
 * offset is not a multiple of 4 (corrupt input), whose words are then
 * read unaligned.
 */
static inline uint64_t func_slot_end(const struct symbol *f)
{
	return f->offset / 4 + f->size / 4;
}

/* The first slot of f from w on that ctx->transfers marks, or
 * func_slot_end(f): the passes that look only at branches, calls and br. */
static inline uint64_t next_transfer(const struct ctx *ctx,
				     const struct symbol *f, uint64_t w)
{
	return bitmap_next(ctx->transfers[f->sec], w, func_slot_end(f));
}

/* Kind of the instruction at a code word (decoded once, up front). */
static inline enum insn_kind slot_kind(const struct ctx *ctx, uint32_t sec,
				       uint64_t off)
{
	return ctx->slots[sec][off / 4].kind;
}

/* The state the walk left before the instruction, or NULL. */
static inline const struct cfi_state *slot_state(const struct ctx *ctx,
						 const struct insn_slot *s)
{
	return cfi_by_id(ctx->cfi, s->state_id);
}

/* Whether walk or search generation gen (ctx_new_gen()) set the slot. */
static inline bool slot_seen(const struct insn_slot *s, uint32_t gen)
{
	return s->gen == (uint16_t)gen;
}

static inline void slot_see(struct insn_slot *s, uint32_t gen)
{
	s->gen = (uint16_t)gen;
}

/* A new generation for a walk or search that marks slots. */
uint32_t ctx_new_gen(struct ctx *ctx);

/* Places in (section, offset) order, for qsort, bsearch and lower_bound. */
int cmp_place(const void *a, const void *b);

/* ---- Lookups several passes need ---- */

/* edges.c: the extra ways out of instructions. */
int edge_add(struct ctx *ctx, uint32_t sec, uint64_t from, uint32_t to_sec,
	     uint64_t to, enum edge_type type);
void edges_sort(struct ctx *ctx);
/* The edges leaving (sec, from) by search: edges_from()'s slow path. */
const struct edge *edges_search(struct ctx *ctx, uint32_t sec, uint64_t from,
				size_t *nr);

/*
 * The edges leaving (sec, from): a pointer into the list and a count.
 * Inline because the walk and the inferences ask once an instruction, and
 * most instructions have none: the slot's bit says so without a call.
 */
static inline const struct edge *edges_from(struct ctx *ctx, uint32_t sec,
					    uint64_t from, size_t *nr)
{
	if (ctx->slots[sec] && ctx->edges[sec].sorted &&
	    !ctx->slots[sec][from / 4].has_edges) {
		*nr = 0;
		return NULL;
	}
	return edges_search(ctx, sec, from, nr);
}

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
/* Drop the findings from the nr-th on (not their counts in ctx->stats). */
void findings_truncate(struct ctx *ctx, size_t nr);
void findings_free(struct ctx *ctx);

#endif
