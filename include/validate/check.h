/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks are data: one row a check id.  The id strings are stable: CI gates
 * and suppressions key on them.  Documentation/checks.md has an entry for each.
 */
#ifndef VALIDATE_CHECK_H
#define VALIDATE_CHECK_H

#include <stdbool.h>

enum check_id {
	CHECK_STACK_STATE_MISMATCH,
	CHECK_RETURN_MODIFIED_FRAME,
	CHECK_CALL_WITHOUT_FRAME,
	CHECK_TAIL_CALL_MODIFIED_FRAME,
	CHECK_FALLTHROUGH,
	CHECK_UNREACHABLE,
	CHECK_UNKNOWN_STACK_OP,
	CHECK_INDIRECT_JUMP,
	CHECK_ALT_STACK_CONFLICT,
	CHECK_BAD_ALTERNATIVE,
	CHECK_ANONYMOUS_CODE,
	CHECK_OUT_OF_LINE_FIXUP,
	CHECK_FIXUP_STATE_MISMATCH,
	CHECK_BAD_EXTABLE,
	CHECK_DWARF_MISMATCH,
	CHECK_SFRAME_MISMATCH,
	CHECK_SFRAME_MISSING,
	CHECK_BAD_HINT,
	CHECK_FRAME_POINTER_CLOBBERED,
	CHECK_LINK_REGISTER_MODIFIED,
	CHECK_PAC_IMBALANCE,
	CHECK_SCS_X18_MODIFIED,
	CHECK_PATCHABLE_ENTRY,
	CHECK_MISSING_BTI,
	CHECK_BRANCH_PAST_END,
	CHECK_MAX,
};

struct check_info {
	const char *id;
	const char *summary;
	/* only meaningful where code keeps frame records (x29) */
	bool frame_pointer;
	/* run only when asked for (--enable=ID) */
	bool off_by_default;
};

const struct check_info *check_info(enum check_id id);
/* CHECK_MAX if name is not a check id */
enum check_id check_by_name(const char *name);

#endif
