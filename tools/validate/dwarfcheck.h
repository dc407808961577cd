/* SPDX-License-Identifier: GPL-2.0 */
/* dwarfcheck.c: the object's own CFI against the walk (--check-dwarf). */
#ifndef VALIDATE_DWARFCHECK_H
#define VALIDATE_DWARFCHECK_H

#include "validate/model.h"

/* Compares the states the walk left at each instruction: after it. */
int dwarf_check(struct ctx *ctx);

#endif
