/* SPDX-License-Identifier: GPL-2.0 */
/* lsda.c: landing pads, from the call-site tables in .gcc_except_table. */
#ifndef VALIDATE_LSDA_H
#define VALIDATE_LSDA_H

#include "validate/model.h"

int landing_pads_find(struct ctx *ctx);
/* Whether a call with this state can be one that unwinds to the pad. */
bool landing_pad_takes(struct ctx *ctx, const struct edge *e,
		       const struct cfi_state *s);

#endif
