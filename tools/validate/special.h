/* SPDX-License-Identifier: GPL-2.0 */
/* special.c: the kernel's special sections, as edges and alternative streams. */
#ifndef VALIDATE_SPECIAL_H
#define VALIDATE_SPECIAL_H

#include "validate/model.h"

int special_read(struct ctx *ctx);

#endif
