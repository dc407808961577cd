/* SPDX-License-Identifier: GPL-2.0 */
/* anon.c: code no symbol covers. */
#ifndef VALIDATE_ANON_H
#define VALIDATE_ANON_H

#include "validate/model.h"

/*
 * Mark every anonymous word.  Must run after the alternatives are built,
 * whose replacement code is not anonymous, and before the walk, which
 * follows branches and fixups into anonymous code.
 */
int anon_find(struct ctx *ctx);
/* One finding a range, naming what reached it: after the walk. */
void anon_report(struct ctx *ctx);

#endif
