/* SPDX-License-Identifier: GPL-2.0 */
/*
 * summary.c: the readiness summary (--summary).  Per object, the facts it
 * adds up (from a validated object, or read back from the "summary"
 * record of a report file, which this file also writes); over the run,
 * the sums, the tables of findings and the verdict, as text, JSON or
 * Markdown.  Documentation/output.md has the keys, gate.md the verdict.
 */
#ifndef VALIDATE_SUMMARY_H
#define VALIDATE_SUMMARY_H

#include <stdio.h>

#include "baseline.h"
#include "jsonread.h"
#include "report.h"
#include "validate/model.h"

/*
 * Code under a symbol that is no function: one range a symbol.  Or a
 * function VALIDATE_IGNORE_FUNC names: its symbol (and section, offset
 * and size, which no output needs).
 */
struct code_item {
	const char *file;
	const char *section;
	const char *symbol;	/* "?" if none */
	uint64_t offset;
	uint64_t size;
};

struct code_list {
	struct code_item *v;
	size_t nr, alloc;
};

struct obj_facts {
	uint64_t walked;		/* functions */
	uint64_t with_findings;
	uint64_t unwalked[UNWALKED_MAX];
	uint64_t insns;			/* instructions walked */
	uint64_t exec_bytes;		/* in executable sections */
	uint64_t walked_bytes;		/* in walked functions, and hinted */
	uint64_t hinted_bytes;		/* of those, non-function code walked
					 * from hints */
	uint64_t nonfunc_bytes;		/* under non-function symbols, not
					 * walked */
	uint64_t data_bytes;		/* data in executable sections ($d) */
	uint64_t findings;
	struct code_list ranges;	/* non-function code not walked */
	struct code_list hinted;	/* non-function code walked from hints */
	struct code_list ignored;	/* functions VALIDATE_IGNORE_FUNC names */
};

/* A finding the run keeps for the end (lists, SARIF, a new baseline). */
struct gate_finding {
	struct finding_view v;		/* its strings owned (gate.c) */
	char *path;			/* the object relative to --root */
	char *symbol_key;		/* the symbol as the baseline has it */
};

/* One row of a table of findings: a check, a section class, a directory. */
struct tally {
	char *key;
	uint64_t total;
	uint64_t fresh;			/* not in the baseline */
};

struct tallies {
	struct tally *t;
	size_t nr, alloc;
};

struct input_error {
	char *file;
	char *why;
};

struct run_summary {
	bool baseline;			/* --baseline was given */
	bool show_suppressed;
	uint64_t objects;
	struct obj_facts facts;		/* the sums; the lists' strings owned */
	struct tallies checks, classes, dirs;
	uint64_t findings, fresh;
	struct input_error *errors;
	size_t nr_errors, alloc_errors;
	/* the baseline's entries: matched, gone (no longer found in an
	 * object this run checked), and those of objects not checked */
	const struct baseline *base;
	uint64_t base_matched, base_gone, base_unchecked;
	/* the findings to list: not in the baseline, and with
	 * --show-suppressed those that are */
	const struct gate_finding *list;
	size_t nr_list;
};

/* Facts of a validated object (strings borrowed from it). */
int facts_of(struct ctx *ctx, struct obj_facts *o);
/* Of a report's summary record (strings borrowed from the tree). */
int facts_from_record(const struct jv *rec, struct obj_facts *o,
		      char *err, size_t len);
void facts_release(struct obj_facts *o);
/* The report's summary line: {"file": FILE, "summary": {...}}. */
void facts_print_record(FILE *out, const char *file, const struct obj_facts *o);

/* The section class of a finding: ".text", ".entry.text", "init text". */
const char *section_class(const char *section);

int summary_add_object(struct run_summary *s, const char *file,
		       const struct obj_facts *o);
int summary_add_finding(struct run_summary *s, const char *check,
			const char *section, const char *dir, bool fresh);
int summary_add_error(struct run_summary *s, const char *file, const char *why);
void summary_free(struct run_summary *s);

bool summary_ready(const struct run_summary *s);
void summary_text(FILE *out, const struct run_summary *s);
void summary_json(FILE *out, const struct run_summary *s, bool results);
void summary_markdown(FILE *out, const struct run_summary *s);

#endif
