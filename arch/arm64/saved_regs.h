/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registers whose save slots the CFI state tracks, one a line, in slot
 * order: the callee-saved registers of the AAPCS64 (x19-x28 and the low
 * halves d8-d15 of v8-v15), and x29 and x30, whose saved pair is the frame
 * record.  The order is that of DWARF register numbers.
 */
SAVED_REG(19)		/* x19-x28: callee-saved */
SAVED_REG(20)
SAVED_REG(21)
SAVED_REG(22)
SAVED_REG(23)
SAVED_REG(24)
SAVED_REG(25)
SAVED_REG(26)
SAVED_REG(27)
SAVED_REG(28)
SAVED_REG(REG_FP)	/* x29: the frame pointer */
SAVED_REG(REG_LR)	/* x30: the return address */
SAVED_REG(REG_V(8))	/* d8-d15: callee-saved, low 64 bits only */
SAVED_REG(REG_V(9))
SAVED_REG(REG_V(10))
SAVED_REG(REG_V(11))
SAVED_REG(REG_V(12))
SAVED_REG(REG_V(13))
SAVED_REG(REG_V(14))
SAVED_REG(REG_V(15))
