/* SPDX-License-Identifier: GPL-2.0 */
/* sarif.c: the findings as one SARIF 2.1.0 log, for code-scanning pages. */
#ifndef VALIDATE_SARIF_H
#define VALIDATE_SARIF_H

#include <stdio.h>

#include "summary.h"

struct sarif_run {
	const struct gate_finding *results;	/* suppressed ones too */
	size_t nr_results;
	const char *baseline;		/* --baseline's file, or NULL */
	const struct run_summary *summary;	/* --summary, or NULL */
};

void sarif_write(FILE *out, const struct sarif_run *r);

#endif
