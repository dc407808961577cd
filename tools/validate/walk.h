/* SPDX-License-Identifier: GPL-2.0 */
/* walk.c: every path of every function, the state at each instruction. */
#ifndef VALIDATE_WALK_H
#define VALIDATE_WALK_H

#include "validate/model.h"

int walk_functions(struct ctx *ctx);

#endif
