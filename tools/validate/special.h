/* SPDX-License-Identifier: GPL-2.0 */
/* special.c: the kernel's special sections, as edges and alternative streams. */
#ifndef VALIDATE_SPECIAL_H
#define VALIDATE_SPECIAL_H

#include "validate/model.h"

int special_read(struct ctx *ctx);

/*
 * Whether a section by this name is one of the tables of code places
 * read here (exception tables, static keys, ...): places the kernel
 * patches or looks up, never an address something branches to.
 */
bool special_section_known(const char *name);

#endif
