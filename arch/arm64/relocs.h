/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF relocation types of AArch64 (the ABI's ELF supplement) that the
 * analysis reads, one a line, and what each means to it.  Any other type
 * is RELOC_OTHER.
 */
/*	name				number	kind */
RELOC(R_AARCH64_ABS64,			257,	RELOC_ABS64)	/* a table of addresses: computed goto */
RELOC(R_AARCH64_ABS32,			258,	RELOC_ABS32)	/* .sframe start addresses, read only */
RELOC(R_AARCH64_PREL32,			261,	RELOC_PREL32)	/* special-section fields, .eh_frame, .sframe */
RELOC(R_AARCH64_ADD_ABS_LO12_NC,	277,	RELOC_ADD_LO12)	/* add xT, xT, :lo12:table */
RELOC(R_AARCH64_TSTBR14,		279,	RELOC_BRANCH)	/* tbz, tbnz */
RELOC(R_AARCH64_CONDBR19,		280,	RELOC_BRANCH)	/* b.cond, cbz, cbnz */
RELOC(R_AARCH64_JUMP26,			282,	RELOC_BRANCH)	/* b */
RELOC(R_AARCH64_CALL26,			283,	RELOC_BRANCH)	/* bl */
