/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch_decode()'s shortcut for quiet words (decode.c), and the decode
 * without it, for tests/unit/test_decode.c to hold one to the other.
 */
#ifndef ARM64_DECODE_QUIET_H
#define ARM64_DECODE_QUIET_H

#include <stdbool.h>
#include <stdint.h>

#include "validate/arch.h"

/* arch_decode() skips the form's handler: it gives nothing. */
bool a64_quiet(uint32_t w);
/* arch_decode() as the form's handler has it, quiet or not. */
void a64_decode_form(uint32_t w, struct insn_desc *d);

#endif
