/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rastate.c: whether the object's CFI says the return address is signed
 * where the walk has it signed (--check-dwarf).
 */
#ifndef VALIDATE_RASTATE_H
#define VALIDATE_RASTATE_H

#include "validate/model.h"

/* Compares the states the walk left at each instruction: after it. */
int ra_state_check(struct ctx *ctx);

#endif
