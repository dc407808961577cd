/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pipeline: every pass over one loaded object, in order
 * (tools/validate/validate.c).  The model it works on is model.h.
 */
#ifndef VALIDATE_VALIDATE_H
#define VALIDATE_VALIDATE_H

#include "validate/model.h"

struct stage_clock;

/* clock: where --stats=time sums each stage's time (tools/validate/stages.h) */
int validate_object(struct ctx *ctx, struct stage_clock *clock);

#endif
