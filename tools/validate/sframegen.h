/* SPDX-License-Identifier: GPL-2.0 */
/* sframegen.c: .sframe rows from the walk (--write-sframe). */
#ifndef VALIDATE_SFRAMEGEN_H
#define VALIDATE_SFRAMEGEN_H

#include <stdio.h>

#include "validate/model.h"
#include "validate/sframe.h"

/* A walked function that gets no rows, and why. */
struct sframe_left_out {
	uint32_t func;		/* symbol index */
	char why[120];
};

struct sframe_gen {
	struct sframe_blob blob;
	struct sframe_left_out *left;
	size_t nr_left, alloc_left;
	unsigned long funcs;	/* functions with rows */
	unsigned long rows;	/* rows written */
};

/*
 * The .sframe section (version 1 or 2) for every function the walk went
 * through without a finding of its own, from the states it left; the
 * others are listed in g->left.  After the walk.  0, or -1 with the
 * problem in ctx->err.
 */
int sframe_gen(struct ctx *ctx, uint8_t version, struct sframe_gen *g);
void sframe_gen_free(struct sframe_gen *g);

/*
 * --write-sframe for one object: sframe_gen(), then a copy of in_path
 * with the section written to ctx->opts->write_sframe (whole or not at
 * all), and one line on notes for each function left out.  0, or -1 with
 * the problem in ctx->err.
 */
int sframe_write(struct ctx *ctx, const char *in_path, FILE *notes);

#endif
