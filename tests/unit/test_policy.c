// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 policy tables behind arch.h (the tables in arch/arm64/): each lookup
 * answers from its table.
 */
#include <check.h>
#include <string.h>

#include "validate/arch.h"
#include "unit.h"

/* The noreturn list is searched with bsearch: every name must be found. */
START_TEST(test_noreturn_list_sorted)
{
	const char *name, *prev = "";
	size_t i;

	for (i = 0; (name = arch_noreturn_name(i)); i++) {
		ck_assert_msg(strcmp(prev, name) < 0, "%s is out of order", name);
		ck_assert_msg(arch_name_is_noreturn(name), "%s is not found", name);
		prev = name;
	}
	ck_assert_uint_gt(i, 40);
	ck_assert(arch_name_is_noreturn("__kvm_nvhe_hyp_panic"));
	ck_assert(!arch_name_is_noreturn("printk"));
	ck_assert(!arch_name_is_noreturn("__kvm_nvhe_"));
}
END_TEST

START_TEST(test_symbol_prefixes)
{
	ck_assert_str_eq(arch_symbol_base_name("__kvm_nvhe_hyp_panic"), "hyp_panic");
	ck_assert_str_eq(arch_symbol_base_name("hyp_panic"), "hyp_panic");
	ck_assert(arch_alt_callback_writes_nops("alt_cb_patch_nops"));
	ck_assert(arch_alt_callback_writes_nops("__kvm_nvhe_alt_cb_patch_nops"));
	ck_assert(!arch_alt_callback_writes_nops("kvm_update_va_mask"));
}
END_TEST

/* Functions that write x30 on purpose, by their base name; and no other. */
START_TEST(test_lr_writers)
{
	ck_assert_ptr_nonnull(arch_lr_writer_reason("cpu_switch_to"));
	ck_assert_ptr_nonnull(arch_lr_writer_reason("__kvm_nvhe___hyp_do_panic"));
	ck_assert_ptr_null(arch_lr_writer_reason("schedule"));
}
END_TEST

/* GNU_PROPERTY_AARCH64_FEATURE_1_AND: BTI is bit 0, PAC bit 1. */
START_TEST(test_gnu_properties)
{
	ck_assert_uint_eq(arch_gnu_property_features(0xc0000000, 3),
			  ARCH_FEATURE_BTI | ARCH_FEATURE_PAC);
	ck_assert_uint_eq(arch_gnu_property_features(0xc0000000, 2),
			  ARCH_FEATURE_PAC);
	ck_assert_uint_eq(arch_gnu_property_features(0xc0000002, 1), 0);
}
END_TEST

START_TEST(test_brk_immediates)
{
	ck_assert(arch_brk_continues(0x004));		/* kprobes */
	ck_assert(arch_brk_continues(0x401));		/* kgdb */
	ck_assert(arch_brk_continues(0x920));		/* KASAN, recoverable */
	ck_assert(!arch_brk_continues(0x900));		/* KASAN */
	ck_assert(arch_brk_continues(0x8123));		/* kCFI */
	ck_assert(!arch_brk_continues(0x5512));		/* UBSAN */
	ck_assert(!arch_brk_continues(0x800));		/* BUG: __bug_table decides */
	ck_assert(!arch_brk_continues(0x3e8));		/* __builtin_trap */
}
END_TEST

START_TEST(test_relocations)
{
	ck_assert_int_eq(arch_reloc_kind(283), RELOC_BRANCH);	/* CALL26 */
	ck_assert_int_eq(arch_reloc_kind(282), RELOC_BRANCH);	/* JUMP26 */
	ck_assert_int_eq(arch_reloc_kind(280), RELOC_BRANCH);	/* CONDBR19 */
	ck_assert_int_eq(arch_reloc_kind(279), RELOC_BRANCH);	/* TSTBR14 */
	ck_assert_int_eq(arch_reloc_kind(257), RELOC_ABS64);
	ck_assert_int_eq(arch_reloc_kind(261), RELOC_PREL32);
	ck_assert_int_eq(arch_reloc_kind(277), RELOC_ADD_LO12);
	ck_assert_int_eq(arch_reloc_kind(275), RELOC_OTHER);	/* ADR_PREL_PG_HI21 */
	ck_assert_uint_eq(arch_elf_machine(), 183);
}
END_TEST

/* The slot map and its inverse, from the same table. */
START_TEST(test_saved_registers)
{
	unsigned int reg;
	int i, n = 0;

	for (i = 0; i < ARCH_NR_SAVED_REGS; i++)
		ck_assert_int_eq(arch_saved_reg_index(arch_saved_reg(i)), i);
	for (reg = 0; reg <= REG_ZR; reg++)
		n += arch_saved_reg_index(reg) >= 0;
	ck_assert_int_eq(n, ARCH_NR_SAVED_REGS);
	ck_assert_int_eq(arch_saved_reg_index(19), 0);
	ck_assert_int_eq(arch_saved_reg_index(REG_LR), 11);
	ck_assert_int_eq(arch_saved_reg_index(REG_V(8)), 12);
	ck_assert_int_eq(arch_saved_reg_index(18), -1);
	ck_assert_int_eq(arch_saved_reg_index(REG_SP), -1);
	ck_assert_int_eq(arch_saved_reg_index(REG_NONE), -1);
	ck_assert(arch_reg_call_clobbered(0) && arch_reg_call_clobbered(18) &&
		  arch_reg_call_clobbered(REG_LR));
	ck_assert(!arch_reg_call_clobbered(19) && !arch_reg_call_clobbered(REG_FP));
	ck_assert_uint_eq(arch_dwarf_reg(29), REG_FP);
	ck_assert_uint_eq(arch_dwarf_reg(31), REG_SP);
	ck_assert_uint_eq(arch_dwarf_reg(72), REG_V(8));
	ck_assert_uint_eq(arch_dwarf_reg(40), REG_NONE);
	ck_assert_int_eq(arch_dwarf_cfa_op(0x2d), ARCH_CFA_NEGATE_RA_STATE);
	ck_assert_int_eq(arch_dwarf_cfa_op(0x2e), ARCH_CFA_UNKNOWN);
}
END_TEST

TCase *policy_tests(void)
{
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, test_noreturn_list_sorted);
	tcase_add_test(tc, test_symbol_prefixes);
	tcase_add_test(tc, test_lr_writers);
	tcase_add_test(tc, test_gnu_properties);
	tcase_add_test(tc, test_brk_immediates);
	tcase_add_test(tc, test_relocations);
	tcase_add_test(tc, test_saved_registers);
	return tc;
}
