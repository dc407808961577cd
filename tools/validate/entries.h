/* SPDX-License-Identifier: GPL-2.0 */
/* entries.c: secondary entry points, the walk's other roots. */
#ifndef VALIDATE_ENTRIES_H
#define VALIDATE_ENTRIES_H

#include "validate/model.h"

int entries_find(struct ctx *ctx);

#endif
