/* SPDX-License-Identifier: GPL-2.0 */
/* kinds.c: every code word decoded once, its kind kept in its slot. */
#ifndef VALIDATE_KINDS_H
#define VALIDATE_KINDS_H

#include "validate/model.h"

/* 0, or -1: out of memory. */
int decode_kinds(struct ctx *ctx);

#endif
