/* SPDX-License-Identifier: GPL-2.0 */
/* alt.c: alternatives, from .altinstructions entries to groups and edges. */
#ifndef VALIDATE_ALT_H
#define VALIDATE_ALT_H

#include "validate/model.h"

/* One .altinstructions entry: a stream for the block at (sec, off). */
int alt_add_stream(struct ctx *ctx, uint32_t sec, uint64_t off, uint32_t len,
		   const struct alt_stream *stream);
/*
 * Group the entries of each block, mark their instructions and add the
 * edges into the streams.  Must run after every entry is read (special.c)
 * and before the walk, which follows these edges.
 */
int alt_build(struct ctx *ctx);

#endif
