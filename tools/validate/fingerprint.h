/* SPDX-License-Identifier: GPL-2.0 */
/* fingerprint.c: a digest of each finding's site that survives a rebuild. */
#ifndef VALIDATE_FINGERPRINT_H
#define VALIDATE_FINGERPRINT_H

#include "validate/model.h"

/* Sets the digest of every finding. */
void findings_fingerprint(struct ctx *ctx);

#endif
