// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "validate/check.h"

static const struct check_info checks[CHECK_MAX] = {
	[CHECK_STACK_STATE_MISMATCH] = {
		"stack-state-mismatch",
		"two paths reach an instruction with different stack states" },
	[CHECK_RETURN_MODIFIED_FRAME] = {
		"return-modified-frame",
		"return with sp, x29 or a saved register not restored" },
	[CHECK_CALL_WITHOUT_FRAME] = {
		"call-without-frame",
		"call made before the frame record exists", true },
	[CHECK_TAIL_CALL_MODIFIED_FRAME] = {
		"tail-call-modified-frame",
		"branch to another function with the frame still set up" },
	[CHECK_FALLTHROUGH] = {
		"fallthrough",
		"execution runs off the end of the function" },
	[CHECK_UNREACHABLE] = {
		"unreachable",
		"instructions no path reaches" },
	[CHECK_UNKNOWN_STACK_OP] = {
		"unknown-stack-op",
		"sp or x29 changed in a way the model cannot follow" },
	[CHECK_INDIRECT_JUMP] = {
		"indirect-jump",
		"br whose targets cannot be determined" },
	[CHECK_ALT_STACK_CONFLICT] = {
		"alt-stack-conflict",
		"alternative streams disagree on the stack at an offset" },
	[CHECK_BAD_ALTERNATIVE] = {
		"bad-alternative",
		"malformed .altinstructions entry" },
	[CHECK_ANONYMOUS_CODE] = {
		"anonymous-code",
		"executable code no symbol covers" },
	[CHECK_OUT_OF_LINE_FIXUP] = {
		"out-of-line-fixup",
		"exception fixup outside the function that faults" },
	[CHECK_FIXUP_STATE_MISMATCH] = {
		"fixup-state-mismatch",
		"exception fixup reached with a different stack state" },
	[CHECK_BAD_EXTABLE] = {
		"bad-extable",
		"malformed exception table" },
	[CHECK_DWARF_MISMATCH] = {
		"dwarf-mismatch",
		"the object's DWARF CFI disagrees with the walk (--check-dwarf)" },
	[CHECK_SFRAME_MISMATCH] = {
		"sframe-mismatch",
		"the object's SFrame rows disagree with the walk (--check-sframe)" },
	[CHECK_SFRAME_MISSING] = {
		"sframe-missing",
		"a function has no SFrame descriptor in an object with .sframe (--check-sframe)" },
	[CHECK_BAD_HINT] = {
		"bad-hint",
		"an annotation (annotate.h) the code contradicts, or that points at no instruction or function" },
	[CHECK_FRAME_POINTER_CLOBBERED] = {
		"frame-pointer-clobbered",
		"x29 overwritten with what is no frame address nor the caller's x29", true },
	[CHECK_LINK_REGISTER_MODIFIED] = {
		"link-register-modified",
		"x30 overwritten while it holds the only copy of the return address" },
	[CHECK_PAC_IMBALANCE] = {
		"pac-imbalance",
		"return address signing and authentication unbalanced on a path" },
	[CHECK_SCS_X18_MODIFIED] = {
		"scs-x18-modified",
		"shadow call stack pointer x18 written, or pushes and pops unbalanced" },
	[CHECK_PATCHABLE_ENTRY] = {
		"patchable-entry",
		"ftrace patch site not at the entry, or the stack changes before it ends" },
	[CHECK_MISSING_BTI] = {
		"missing-bti",
		"address-taken function without a BTI landing pad in a BTI object (--enable)",
		false, true },
	[CHECK_BRANCH_PAST_END] = {
		"branch-past-end",
		"branch to the function's own end address" },
};

const struct check_info *check_info(enum check_id id)
{
	return &checks[id];
}

enum check_id check_by_name(const char *name)
{
	int i;

	for (i = 0; i < CHECK_MAX; i++)
		if (!strcmp(checks[i].id, name))
			return i;
	return CHECK_MAX;
}
