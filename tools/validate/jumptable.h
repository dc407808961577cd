/* SPDX-License-Identifier: GPL-2.0 */
/* jumptable.c: the targets of each br, from its jump table. */
#ifndef VALIDATE_JUMPTABLE_H
#define VALIDATE_JUMPTABLE_H

#include "validate/model.h"

/*
 * Must run before noreturn inference and the walk, which both follow the
 * edges made here, and after the special sections' edges are sorted,
 * which it reads as predecessors.
 */
int jump_tables_find(struct ctx *ctx);

#endif
