/* SPDX-License-Identifier: GPL-2.0 */
/* report.c: findings, --dump-cfi rows and statistics, as text or JSON. */
#ifndef VALIDATE_REPORT_H
#define VALIDATE_REPORT_H

#include <stdio.h>

#include "validate/model.h"

/*
 * One finding as the formats print it, apart from the object it came
 * from: the readiness gate prints findings read back from reports too.
 */
struct finding_view {
	const char *file;
	const char *section;
	uint64_t address;
	const char *symbol;
	uint64_t offset;
	const char *check;
	const char *message;
	const char *src_file;		/* NULL: no line information */
	unsigned int src_line;
	int64_t file_offset;		/* of the instruction in the file, or -1 */
	uint64_t digest;
	bool has_digest;		/* print it (JSON) */
	bool suppressed;		/* a baseline entry matches it */
	const char *reason;		/* that entry's reason, or NULL */
};

void report_view_of(struct ctx *ctx, const struct finding *f,
		    struct finding_view *v);
/* A text line; a JSON object without its closing brace (for more keys). */
void report_view_text(FILE *out, const struct finding_view *v);
void report_view_json(FILE *out, const struct finding_view *v);
void json_string(FILE *out, const char *s);

/* Text or JSON Lines; findings a baseline matches only if asked. */
void report_findings(struct ctx *ctx, FILE *out);
/* One --dump-cfi row: the state the walk of func left at (sec, off). */
void report_insn_cfi(struct ctx *ctx, uint32_t sec, uint64_t off, uint32_t func);
void report_stats(struct ctx *ctx, FILE *out);

#endif
