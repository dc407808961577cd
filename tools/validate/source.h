/* SPDX-License-Identifier: GPL-2.0 */
/* source.c: the source file and line of each finding, from DWARF. */
#ifndef VALIDATE_SOURCE_H
#define VALIDATE_SOURCE_H

#include "validate/model.h"

/*
 * Sets src_file and src_line of every finding the object's line table
 * covers.  Reads nothing when the object has no findings or no
 * .debug_line; a line table that cannot be read names no line.  -1 only
 * when out of memory.
 */
int source_lines_find(struct ctx *ctx);

#endif
