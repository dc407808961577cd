/* SPDX-License-Identifier: GPL-2.0 */
/*
 * walksplit.c: which functions the walk takes (walk.c), in what order, on
 * which threads: in order on one, or split over -j's for a large object.
 */
#ifndef VALIDATE_WALKSPLIT_H
#define VALIDATE_WALKSPLIT_H

#include "validate/model.h"

int walk_functions(struct ctx *ctx);

#endif
