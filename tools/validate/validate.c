// SPDX-License-Identifier: GPL-2.0
/*
 * The pipeline, in order, in one place.
 */
#include "alt.h"
#include "anon.h"
#include "bti.h"
#include "dwarfcheck.h"
#include "entries.h"
#include "fingerprint.h"
#include "hints.h"
#include "kinds.h"
#include "jumptable.h"
#include "lsda.h"
#include "noreturn.h"
#include "rastate.h"
#include "sframecheck.h"
#include "source.h"
#include "special.h"
#include "stages.h"
#include "validate/validate.h"
#include "walksplit.h"

/*
 * The special sections, the annotations and what follows from them, up
 * to the edges sorted: on one thread, in this order.
 */
static int special_and_hints(struct ctx *ctx, struct stage_clock *clock)
{
	/*
	 * Special sections first: exception fixups, static keys and WARN
	 * traps are edges that both noreturn inference and the walk follow.
	 */
	stage_enter(clock, STAGE_SPECIAL);
	if (special_read(ctx))
		return -1;
	/* so are calls that unwind to a landing pad */
	stage_enter(clock, STAGE_LANDING_PADS);
	if (landing_pads_find(ctx))
		return -1;
	/* alternative groups need every .altinstructions entry read */
	stage_enter(clock, STAGE_ALTERNATIVES);
	if (alt_build(ctx))
		return -1;
	/*
	 * Annotations must run before the walk because it starts from the
	 * states they give, skips the functions they ignore and stops in
	 * their UNDEFINED ranges; and before anon_find, which leaves the
	 * listing of non-function code to hints_list_unwalked where there
	 * are hints.
	 */
	stage_enter(clock, STAGE_HINTS);
	if (hints_read(ctx))
		return -1;
	/* replacement code is not anonymous: after alt_build */
	stage_enter(clock, STAGE_ANON);
	if (anon_find(ctx))
		return -1;
	/* jump tables read the special edges as predecessors */
	stage_enter(clock, STAGE_EDGES);
	edges_sort(ctx);
	return 0;
}

/*
 * Before the walk: every edge it follows, the noreturn functions it ends
 * a path at, and its roots.
 */
static int before_walk(struct ctx *ctx, struct stage_clock *clock)
{
	struct entries_scan *scan;
	int ret;

	stage_enter(clock, STAGE_DECODE);
	if (decode_kinds(ctx))
		return -1;
	/*
	 * Entries in the middle of functions are walk roots.  Their search
	 * needs only the decode's kinds, and the passes up to the edges
	 * read nothing it writes: on a large object it runs on the other
	 * threads beside them, which are one thread's work (its time falls
	 * in their rows of --stats=time; the entries row is the wait).
	 */
	stage_enter(clock, STAGE_ENTRIES);
	if (entries_begin(ctx, &scan))
		return -1;
	ret = special_and_hints(ctx, clock);
	stage_enter(clock, STAGE_ENTRIES);
	if (entries_end(ctx, scan) || ret)
		return -1;
	/*
	 * The named noreturn functions before the jump tables, whose searches
	 * end a path at a call to one: code after it is no predecessor.
	 */
	stage_enter(clock, STAGE_NORETURN_NAMED);
	if (noreturn_named(ctx))
		return -1;
	/* jump tables are edges too, for noreturn inference and the walk */
	stage_enter(clock, STAGE_JUMP_TABLES);
	if (jump_tables_find(ctx))
		return -1;
	/* the walk and the inference look edges up by binary search */
	stage_enter(clock, STAGE_EDGES);
	edges_sort(ctx);
	/*
	 * noreturn inference must run before the walk, which ends a path at a
	 * call to a function that never returns.
	 */
	stage_enter(clock, STAGE_NORETURN_INFER);
	return noreturn_infer(ctx);
}

/* The comparisons with the object's own CFI: the states the walk left. */
static int cfi_checks(struct ctx *ctx, struct stage_clock *clock)
{
	/* compares the states the walk left at each instruction: after it */
	if (ctx->opts->check_dwarf) {
		stage_enter(clock, STAGE_DWARF);
		if (dwarf_check(ctx))
			return -1;
		/* likewise, the return address's signing (pac-imbalance) */
		stage_enter(clock, STAGE_RA_STATE);
		if (ra_state_check(ctx))
			return -1;
	}
	/*
	 * must run after the walk because it compares .sframe's rows with the
	 * states the walk left, and names the functions the walk reached
	 */
	if (ctx->opts->check_sframe) {
		stage_enter(clock, STAGE_SFRAME);
		if (sframe_check(ctx))
			return -1;
	}
	return 0;
}

/* After the walk: what needs its results, and the findings made final. */
static int after_walk(struct ctx *ctx, struct stage_clock *clock)
{
	/* what no walk reached of the non-function code: after the walk */
	if (ctx->nr_hints) {
		stage_enter(clock, STAGE_HINTS_UNWALKED);
		if (hints_list_unwalked(ctx))
			return -1;
	}
	if (cfi_checks(ctx, clock))
		return -1;
	/* reads relocations and first words only: anywhere after loading */
	stage_enter(clock, STAGE_BTI);
	if (bti_check(ctx))
		return -1;
	/* names what reached each anonymous range: after the walk */
	if (!ctx->opts->disabled[CHECK_ANONYMOUS_CODE]) {
		stage_enter(clock, STAGE_ANON_REPORT);
		anon_report(ctx);
	}
	stage_enter(clock, STAGE_FINDINGS);
	ctx->stats.states = cfi_table_count(ctx->cfi);
	findings_sort(ctx);
	/* the findings are final: their digests (baselines) and source lines */
	findings_fingerprint(ctx);
	stage_enter(clock, STAGE_SOURCE_LINES);
	return source_lines_find(ctx);
}

/*
 * The object is already loaded (elf.c).  The walk decodes in full what it
 * reaches; the passes before it work from the kinds decoded here.  The
 * clock times each stage for --stats=time (stages.h); the caller stops it.
 */
int validate_object(struct ctx *ctx, struct stage_clock *clock)
{
	if (before_walk(ctx, clock))
		return -1;
	stage_enter(clock, STAGE_WALK);
	if (walk_functions(ctx))
		return -1;
	return after_walk(ctx, clock);
}
