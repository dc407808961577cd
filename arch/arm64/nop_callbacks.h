/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Alternative callbacks write code at boot that no static tool can see.
 * These, one a line, may write nops over their block (and otherwise leave
 * it as it is), so the nops are a stream of their own; any other callback
 * leaves the original block the only stream.
 */
NOP_CALLBACK(alt_cb_patch_nops)				/* nops, or nothing */
NOP_CALLBACK(spectre_v4_patch_fw_mitigation_enable)	/* nops when not needed */
NOP_CALLBACK(spectre_bhb_patch_loop_mitigation_enable)	/* nops when not needed */
NOP_CALLBACK(spectre_bhb_patch_fw_mitigation_enabled)	/* nops when not needed */
NOP_CALLBACK(spectre_bhb_patch_wa3)			/* nops when not needed */
NOP_CALLBACK(spectre_bhb_patch_clearbhb)		/* nops when not needed */
