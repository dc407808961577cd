/* SPDX-License-Identifier: GPL-2.0 */
/* entries.c: secondary entry points, the walk's other roots. */
#ifndef VALIDATE_ENTRIES_H
#define VALIDATE_ENTRIES_H

#include "validate/model.h"

/*
 * Hand-written code is entered in the middle too: a call or branch from
 * one function to a label inside another.  Such places are entries of the
 * function that holds them, with the state of a function entry, and go to
 * ctx->entries, sorted.
 *
 * entries_begin() starts the search of a large object on -j's other
 * threads, where it needs only the decode's kinds; entries_end() joins it
 * and keeps what was found, or, with *scan NULL (one thread), does the
 * whole search.  entries_end() must be called once entries_begin()
 * succeeded, on every path.
 */
struct entries_scan;
int entries_begin(struct ctx *ctx, struct entries_scan **scan);
int entries_end(struct ctx *ctx, struct entries_scan *scan);

#endif
