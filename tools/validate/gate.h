/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gate.c: the run as a CI gate.  Between the objects validated (or report
 * files read back) and the outputs: the baseline, the readiness summary,
 * SARIF, files written whole.  Documentation/gate.md.
 */
#ifndef VALIDATE_GATE_H
#define VALIDATE_GATE_H

#include <stdbool.h>
#include <stdio.h>

#include "validate/model.h"

struct gate_options {
	bool summary;			/* --summary */
	const char *baseline;		/* --baseline=FILE */
	const char *write_baseline;	/* --write-baseline=FILE */
	const char *root;		/* --root=DIR; NULL: the current directory */
	const char *output;		/* --output=FILE; NULL: standard output */
	const char *report;		/* --report=FILE: findings and records */
};

enum gate_verdict {
	GATE_CLEAN,		/* no finding the baseline does not match: READY */
	GATE_FINDINGS,		/* NOT READY */
	GATE_TROUBLE,		/* an input could not be checked or written */
};

struct gate;

/*
 * Reads the baseline and opens the outputs (temporary files until the
 * end); sets opts->digests when a baseline is in play.  NULL with one
 * line in err (a malformed baseline names its line).
 */
struct gate *gate_open(const struct gate_options *go, struct options *opts,
		       char *err, size_t len);
/* Where findings and the summary go: standard output or --output. */
FILE *gate_out(const struct gate *g);
/*
 * An object after validate_object(): its findings matched against the
 * baseline (suppressed ones marked), counted, printed as text or JSON
 * Lines when that is the format.  -1 when out of memory.
 */
int gate_object(struct gate *g, struct ctx *ctx);
/*
 * A report file (--report, VALIDATE_REPORT_DIR): its findings and summary
 * records, as if its objects had been validated here.  -1 with one line in
 * err when it cannot be read or is malformed: an input error, recorded.
 */
int gate_report_file(struct gate *g, const char *path, char *err, size_t len);
/* Whether a file is read as a report: its name ends in ".jsonl". */
bool gate_is_report(const char *path);
/* An input that could not be checked: the summary counts and lists it. */
void gate_trouble(struct gate *g, const char *file, const char *why);
/*
 * The end: the summary, SARIF, the baseline entries no longer found, the
 * new baseline; the output files renamed into place, or with trouble
 * (an input error) left as they were.  A file that cannot be written is
 * trouble, with one line in err.
 */
enum gate_verdict gate_finish(struct gate *g, bool trouble, char *err,
			      size_t len);
void gate_free(struct gate *g);

#endif
