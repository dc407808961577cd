/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stages.c: where the time goes, for --stats=time.  Each stage of the
 * pipeline (validate.c) and of an object's life around it (run.c: load,
 * output, free) is timed between two readings of the clocks, summed over
 * the run, and printed as one table at the end (Documentation/output.md).
 * Without --stats=time the clock has no accumulator and a stage switch
 * is one test: no clock is read.
 */
#ifndef VALIDATE_STAGES_H
#define VALIDATE_STAGES_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* In the order an object goes through them; the table's order. */
enum stage {
	STAGE_LOAD,		/* elf.c: object_load */
	STAGE_CONTEXT,		/* model.c: ctx_init, the slots */
	STAGE_DECODE,		/* kinds.c: decode_kinds */
	STAGE_SPECIAL,		/* special.c */
	STAGE_LANDING_PADS,	/* lsda.c */
	STAGE_ALTERNATIVES,	/* alt.c */
	STAGE_HINTS,		/* hints.c: hints_read */
	STAGE_ANON,		/* anon.c: anon_find */
	STAGE_EDGES,		/* edges.c: edges_sort, both times */
	STAGE_NORETURN_NAMED,	/* noreturn.c: the documented list */
	STAGE_JUMP_TABLES,	/* jumptable.c */
	STAGE_NORETURN_INFER,	/* noreturn.c: inference */
	STAGE_ENTRIES,		/* entries.c */
	STAGE_WALK,		/* walk.c */
	STAGE_HINTS_UNWALKED,	/* hints.c: hints_list_unwalked */
	STAGE_DWARF,		/* dwarfcheck.c (--check-dwarf) */
	STAGE_RA_STATE,		/* rastate.c (--check-dwarf) */
	STAGE_SFRAME,		/* sframecheck.c (--check-sframe) */
	STAGE_BTI,		/* bti.c */
	STAGE_ANON_REPORT,	/* anon.c: anon_report */
	STAGE_FINDINGS,		/* finding.c, fingerprint.c: sorted, digested */
	STAGE_SOURCE_LINES,	/* source.c */
	STAGE_OUTPUT,		/* report.c, gate.c: findings, --stats lines */
	STAGE_WRITE_SFRAME,	/* sframegen.c, sframewrite.c (--write-sframe) */
	STAGE_FREE,		/* ctx_free, object_free */
	STAGE_MAX
};

struct stage_row {
	unsigned long runs;	/* times the stage was entered */
	uint64_t wall_ns;	/* CLOCK_MONOTONIC */
	uint64_t cpu_ns;	/* CLOCK_PROCESS_CPUTIME_ID: user and system */
	long rss_kib;		/* growth of the peak resident set */
	long faults;		/* minor page faults */
};

/* The sum over the run: the run owns it (run.h), main() prints it. */
struct stage_times {
	struct stage_row row[STAGE_MAX];
	unsigned long objects;
	unsigned long insns;	/* as --stats counts them: walked */
	/* walks split over threads (walk.c): objects, the most threads,
	 * functions walked alone after the threads */
	unsigned long split_objects, split_threads, split_alone;
};

/* One object's clock: the stage running and the readings at its start. */
struct stage_clock {
	struct stage_times *sum;	/* NULL: not timing */
	enum stage cur;			/* STAGE_MAX: none running */
	struct timespec wall, cpu;
	long maxrss, minflt;
};

void stage_switch(struct stage_clock *c, enum stage next);

static inline void stage_clock_init(struct stage_clock *c,
				    struct stage_times *sum)
{
	c->sum = sum;
	c->cur = STAGE_MAX;
}

/* Ends the stage running, if any, and starts next. */
static inline void stage_enter(struct stage_clock *c, enum stage next)
{
	if (c->sum)
		stage_switch(c, next);
}

/* Ends the stage running. */
static inline void stage_stop(struct stage_clock *c)
{
	if (c->sum)
		stage_switch(c, STAGE_MAX);
}

/* The table, summed over the run (Documentation/output.md). */
void stage_table(const struct stage_times *t, FILE *out);

#endif
