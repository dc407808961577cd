/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a brk immediate means, from the kernel's asm/brk-imm.h and the
 * handlers behind it: whether execution goes on after the trap.  One row
 * a range (imm & mask == value), first match wins; an immediate no row
 * matches is a trap that does not return (BUG, __builtin_trap, a libc
 * abort).  BUG/WARN (0x800) is decided per site by __bug_table.
 */
/*	mask	value	continues	  why */
BRK_IMM(0xfffc,	0x0004,	true)	/* 0x004-0x006: kprobes and uprobes single-step */
BRK_IMM(0xfffe,	0x0400,	true)	/* 0x400, 0x401: kgdb */
BRK_IMM(0xff20,	0x0920,	true)	/* 0x9xx with bit 5: KASAN, recoverable */
BRK_IMM(0xff00,	0x0900,	false)	/* other 0x9xx: KASAN, fatal */
BRK_IMM(0xfc00,	0x8000,	true)	/* 0x8000-0x83ff: kCFI, the checked call follows */
BRK_IMM(0xff00,	0x5500,	false)	/* 0x55xx: UBSAN trap */
