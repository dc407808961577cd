/* SPDX-License-Identifier: GPL-2.0 */
/* report.c: findings, --dump-cfi rows and statistics, as text or JSON. */
#ifndef VALIDATE_REPORT_H
#define VALIDATE_REPORT_H

#include <stdio.h>

#include "validate/model.h"

void report_findings(struct ctx *ctx, FILE *out);
/* One --dump-cfi row: the state the walk of func left at (sec, off). */
void report_insn_cfi(struct ctx *ctx, uint32_t sec, uint64_t off, uint32_t func);
void report_stats(struct ctx *ctx, FILE *out);

#endif
