/* SPDX-License-Identifier: GPL-2.0 */
/* bti.c: address-taken functions without a BTI landing pad (missing-bti). */
#ifndef VALIDATE_BTI_H
#define VALIDATE_BTI_H

#include "validate/model.h"

int bti_check(struct ctx *ctx);

#endif
