// SPDX-License-Identifier: GPL-2.0
/*
 * The CFI state machine, driven by real instruction words through the
 * decoder: prologues, epilogues, saves and reloads, lost CFAs, interning,
 * and the words findings are made of.
 */
#include <check.h>
#include <string.h>

#include "validate/cfi.h"
#include "unit.h"

static enum cfi_apply_result run(struct cfi_state *s, const uint32_t *words,
				 size_t n)
{
	enum cfi_apply_result r = CFI_OK;
	size_t i;

	for (i = 0; i < n && r == CFI_OK; i++) {
		struct insn_desc d;

		arch_decode(words[i], &d);
		r = cfi_apply(s, d.ops, d.nr_ops);
	}
	return r;
}

#define RUN(s, ...) run(s, (const uint32_t[]){ __VA_ARGS__ }, \
			sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/* The events of the words, together (cfi_step()). */
static unsigned int events(struct cfi_state *s, const uint32_t *words, size_t n)
{
	unsigned int all = 0, ev;
	size_t i;

	for (i = 0; i < n; i++) {
		struct insn_desc d;

		arch_decode(words[i], &d);
		cfi_step(s, d.ops, d.nr_ops, &ev);
		all |= ev;
	}
	return all;
}

#define EVENTS(s, ...) events(s, (const uint32_t[]){ __VA_ARGS__ }, \
			      sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

static int32_t slot(const struct cfi_state *s, unsigned int reg)
{
	return s->slot[cfi_reg_index(reg)];
}

START_TEST(test_prologue_epilogue)
{
	struct cfi_state s;
	char buf[64];

	cfi_init(&s);
	ck_assert(cfi_is_entry(&s));
	ck_assert(!cfi_has_frame(&s));
	/* stp x29, x30, [sp, #-48]!; mov x29, sp; stp x19, x20, [sp, #16] */
	ck_assert_int_eq(RUN(&s, 0xa9bd7bfd, 0x910003fd, 0xa90153f3), CFI_OK);
	ck_assert(cfi_has_frame(&s));
	ck_assert_int_eq(s.sp_off, -48);
	ck_assert_int_eq(s.fp_off, -48);
	ck_assert_int_eq(slot(&s, REG_FP), -48);
	ck_assert_int_eq(slot(&s, REG_LR), -40);
	ck_assert_int_eq(slot(&s, 19), -32);
	ck_assert_int_eq(slot(&s, 20), -24);
	cfi_format_cfa(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, "sp+48");
	/* ldp x19, x20, [sp, #16]; ldp x29, x30, [sp], #48 */
	ck_assert_int_eq(RUN(&s, 0xa94153f3, 0xa8c37bfd), CFI_OK);
	ck_assert(cfi_is_entry(&s));
}
END_TEST

/* A register lives where it was saved; only a reload from there restores. */
START_TEST(test_save_and_reload)
{
	struct cfi_state s;

	cfi_init(&s);
	/* str x19, [sp, #-16]!; str x19, [sp, #8] (a second store moves nothing) */
	RUN(&s, 0xf81f0ff3, 0xf90007f3);
	ck_assert_int_eq(slot(&s, 19), -16);
	/* ldr x19, [sp, #8]: not its slot */
	RUN(&s, 0xf94007f3);
	ck_assert_int_eq(slot(&s, 19), -16);
	/* ldr x19, [sp], #16: its slot */
	RUN(&s, 0xf84107f3);
	ck_assert(cfi_is_entry(&s));
	/* a 32-bit store of a callee-saved register is no save */
	RUN(&s, 0xb81f0ff3);			/* str w19, [sp, #-16]! */
	ck_assert_int_eq(slot(&s, 19), CFI_NO_SLOT);
	ck_assert_int_eq(s.sp_off, -16);
}
END_TEST

/* sp moved by a run-time amount: fine while x29 holds the CFA. */
START_TEST(test_alloca)
{
	struct cfi_state s;
	char buf[64];

	cfi_init(&s);
	RUN(&s, 0xa9bf7bfd, 0x910003fd);	/* stp x29, x30, [sp, #-16]!; mov x29, sp */
	ck_assert_int_eq(RUN(&s, 0xcb2063ff), CFI_OK);	/* sub sp, sp, x0: unknown x0 */
	ck_assert(!s.sp_known);
	cfi_format_cfa(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, "x29+16");
	RUN(&s, 0x910003bf);			/* mov sp, x29 */
	ck_assert(s.sp_known);
	ck_assert_int_eq(s.sp_off, -16);
}
END_TEST

START_TEST(test_lost_cfa)
{
	struct cfi_state s;
	char buf[64];

	cfi_init(&s);
	ck_assert_int_eq(RUN(&s, 0xd10043ff, 0x9100003f), CFI_LOST_CFA); /* sub; mov sp, x1 */
	cfi_format_cfa(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, "undefined");
	cfi_init(&s);
	/* x29 overwritten while it is the only way to the CFA */
	RUN(&s, 0xa9bf7bfd, 0x910003fd, 0xcb2063ff);
	ck_assert_int_eq(RUN(&s, 0xaa0003fd), CFI_LOST_CFA);	/* mov x29, x0 */
}
END_TEST

START_TEST(test_frame_record_words)
{
	struct cfi_state s;
	char buf[256];

	cfi_init(&s);
	cfi_describe_no_frame(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, "x29 still holds the caller's frame pointer");
	RUN(&s, 0xa9bf7bfd);			/* stp x29, x30, [sp, #-16]! */
	cfi_describe_no_frame(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, "x29 still holds the caller's frame pointer");
	RUN(&s, 0xd10043ff, 0x910003fd);	/* sub sp, sp, #16; mov x29, sp */
	cfi_describe_no_frame(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, "x29 is at CFA-32 but the caller's x29 is saved at CFA-16");
	/* x30 still holds its value at entry: its slot does not matter */
	cfi_describe_not_entry(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, "sp is 32 bytes below its value at entry; "
			      "x29 points 32 bytes below the CFA and was not restored; "
			      "x29 is still saved at CFA-16 and was not reloaded");
	RUN(&s, 0x94000010);			/* bl: x30 changes */
	ck_assert(s.lr_changed);
	cfi_describe_not_entry(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, "sp is 32 bytes below its value at entry; "
			      "x29 points 32 bytes below the CFA and was not restored; "
			      "x29 is still saved at CFA-16 and was not reloaded; "
			      "x30 is still saved at CFA-8 and was not reloaded");
}
END_TEST

/* x30 pushed and never changed needs no reload (sha256_block_neon). */
START_TEST(test_lr_unchanged)
{
	struct cfi_state s;

	cfi_init(&s);
	/* stp x29, x30, [sp, #-16]!; mov x29, sp; ldr x29, [x29]; add sp, sp, #16 */
	RUN(&s, 0xa9bf7bfd, 0x910003fd, 0xf94003bd, 0x910043ff);
	ck_assert(cfi_is_entry(&s));
	cfi_init(&s);
	/* the same with a call in between: x30 must be reloaded */
	RUN(&s, 0xa9bf7bfd, 0x910003fd, 0x94000010, 0xf94003bd, 0x910043ff);
	ck_assert(!cfi_is_entry(&s));
	/* and reloading it from its slot restores it */
	cfi_init(&s);
	RUN(&s, 0xa9bf7bfd, 0x94000010, 0xa8c17bfd);	/* ...; ldp x29, x30, [sp], #16 */
	ck_assert(!s.lr_changed);
	ck_assert(cfi_is_entry(&s));
	/* a changed x30 stored is no save */
	cfi_init(&s);
	RUN(&s, 0x94000010, 0xf81f0ffe);		/* bl; str x30, [sp, #-16]! */
	ck_assert_int_eq(s.slot[cfi_reg_index(REG_LR)], CFI_NO_SLOT);
}
END_TEST

START_TEST(test_diff_words)
{
	struct cfi_state a, b;
	char buf[256];

	cfi_init(&a);
	cfi_init(&b);
	RUN(&b, 0xd10043ff);			/* sub sp, sp, #16 */
	cfi_describe_diff(&a, &b, buf, sizeof(buf));
	ck_assert_str_eq(buf, "sp is at its value at entry on one path, "
			      "16 bytes below its value at entry on the other");
	ck_assert(!cfi_equal(&a, &b));
}
END_TEST

/* Equal states are one pointer; unequal ones are not. */
START_TEST(test_interning)
{
	struct cfi_table *t = cfi_table_new();
	struct cfi_state a, b;
	const struct cfi_state *pa, *pb, *pc;
	int i;

	cfi_init(&a);
	cfi_init(&b);
	pa = cfi_intern(t, &a);
	pb = cfi_intern(t, &b);
	ck_assert_ptr_eq(pa, pb);
	RUN(&b, 0xd10043ff);
	pc = cfi_intern(t, &b);
	ck_assert_ptr_ne(pa, pc);
	ck_assert_uint_eq(cfi_table_count(t), 2);
	/* many states: the table grows and keeps finding them */
	for (i = 0; i < 5000; i++) {
		a.sp_off = -16 * i;
		ck_assert_int_eq(cfi_intern(t, &a)->sp_off, -16 * i);
	}
	/* sp_off 0 and -16 were interned already */
	ck_assert_uint_eq(cfi_table_count(t), 5000);
	a.sp_off = -16 * 1234;
	ck_assert_ptr_eq(cfi_intern(t, &a), cfi_intern(t, &a));
	cfi_table_free(t);
}
END_TEST

/* Signing and authentication of the return address, and what goes wrong. */
START_TEST(test_pac)
{
	struct cfi_state s, t;
	char buf[64];

	cfi_init(&s);
	ck_assert_uint_eq(EVENTS(&s, 0xd503233f), 0);		/* paciasp */
	ck_assert_uint_eq(s.ra_sign, RA_SIGNED_A);
	ck_assert_uint_eq(s.ra_mod, RA_MOD_SP);
	ck_assert_str_eq(cfi_ra_words(&s, buf, sizeof(buf)), "signed with key A and sp");
	t = s;
	ck_assert_uint_eq(EVENTS(&t, 0xd503233f), CFI_EV_SIGN_TWICE);
	t = s;
	ck_assert_uint_eq(EVENTS(&t, 0xd50323ff), CFI_EV_AUTH_OTHER);	/* autibsp */
	t = s;			/* sub sp, sp, #16; autiasp: sp is the modifier */
	ck_assert_uint_eq(EVENTS(&t, 0xd10043ff, 0xd50323bf), CFI_EV_AUTH_OTHER);
	/* stp x29, x30, [sp, #-16]!; ldp x29, x30, [sp], #16; retaa */
	ck_assert_uint_eq(EVENTS(&s, 0xa9bf7bfd, 0xa8c17bfd, 0xd65f0bff), 0);
	ck_assert_uint_eq(s.ra_sign, RA_PLAIN);
	ck_assert_uint_eq(EVENTS(&s, 0xd50323bf), CFI_EV_AUTH_PLAIN);
}
END_TEST

/* xpaclri strips x30 for __builtin_return_address(0): the return address
 * the function returns with stays signed in its slot. */
START_TEST(test_pac_strip)
{
	struct cfi_state s;

	cfi_init(&s);
	/* paciasp; stp x29, x30, [sp, #-16]!; xpaclri */
	ck_assert_uint_eq(EVENTS(&s, 0xd503233f, 0xa9bf7bfd, 0xd50320ff), 0);
	ck_assert_uint_eq(s.ra_sign, RA_SIGNED_A);
	ck_assert(s.lr_changed);
	/* ldp x29, x30, [sp], #16; autiasp */
	ck_assert_uint_eq(EVENTS(&s, 0xa8c17bfd, 0xd50323bf), 0);
	ck_assert(!s.lr_changed);
	ck_assert_uint_eq(s.ra_sign, RA_PLAIN);
	/* unsaved, the strip loses the signed return address */
	cfi_init(&s);
	ck_assert_uint_eq(EVENTS(&s, 0xd503233f, 0xd50320ff), CFI_EV_LR_LOST);
}
END_TEST

/* x30 lost only while it holds the only copy of the return address. */
START_TEST(test_lr_copies)
{
	struct cfi_state s;

	cfi_init(&s);
	/* mov x9, x30; bl; mov x30, x9 */
	ck_assert_uint_eq(EVENTS(&s, 0xaa1e03e9, 0x94000010), 0);
	ck_assert_uint_eq(s.lr_copies, 1u << 9);
	ck_assert(s.lr_changed);
	ck_assert_uint_eq(EVENTS(&s, 0xaa0903fe), 0);
	ck_assert(!s.lr_changed);
	/* the copy overwritten: moving it "back" is no restore */
	cfi_forget_copies(&s, 1u << 9);
	ck_assert_uint_eq(EVENTS(&s, 0xaa0903fe), CFI_EV_LR_LOST);
	/* saved in the frame record, x30 is the function's to use */
	cfi_init(&s);
	/* stp x29, x30, [sp, #-16]!; ldr x30, [x0]; ldp x29, x30, [sp], #16 */
	ck_assert_uint_eq(EVENTS(&s, 0xa9bf7bfd, 0xf940001e, 0xa8c17bfd), 0);
	ck_assert(!s.lr_changed);
	cfi_init(&s);
	ck_assert_uint_eq(EVENTS(&s, 0xf940001e), CFI_EV_LR_LOST);
}
END_TEST

/* x29 overwritten, or set up, restored or moved back. */
START_TEST(test_fp_clobber)
{
	struct cfi_state s;

	cfi_init(&s);
	/* stp x29, x30, [sp, #-16]!; ldp x9, x29, [x0, #16] */
	ck_assert_uint_eq(EVENTS(&s, 0xa9bf7bfd, 0xa9417409), CFI_EV_FP_CLOBBER);
	ck_assert_uint_eq(s.fp_kind, FP_UNKNOWN);
	ck_assert_uint_eq(EVENTS(&s, 0xa8c17bfd), 0);		/* the restore */
	ck_assert(cfi_is_entry(&s));
	/* mov x9, x29; mov x29, sp; mov x29, x9; add x29, sp, #16 */
	ck_assert_uint_eq(EVENTS(&s, 0xaa1d03e9, 0x910003fd, 0xaa0903fd), 0);
	ck_assert_uint_eq(s.fp_kind, FP_ENTRY);
	ck_assert_uint_eq(EVENTS(&s, 0x910043fd), 0);
	ck_assert_uint_eq(s.fp_kind, FP_FRAME);
	/* add x29, x29, #16 from the caller's x29 */
	cfi_init(&s);
	ck_assert_uint_eq(EVENTS(&s, 0x910043bd), CFI_EV_FP_CLOBBER);
}
END_TEST

/* The shadow call stack's pushes, pops and x18. */
START_TEST(test_scs)
{
	struct cfi_state s;

	cfi_init(&s);
	ck_assert_uint_eq(EVENTS(&s, 0xf800865e), CFI_EV_SCS);	/* push */
	ck_assert_uint_eq(s.scs, 1);
	ck_assert_uint_eq(EVENTS(&s, 0x91002252), CFI_EV_X18_WRITE); /* add x18 */
	ck_assert_uint_eq(EVENTS(&s, 0xf85f8e5e), CFI_EV_SCS);	/* pop */
	ck_assert_uint_eq(EVENTS(&s, 0xf85f8e5e), CFI_EV_SCS | CFI_EV_SCS_UNDERFLOW);
	ck_assert(cfi_is_entry(&s));
}
END_TEST

/* Which parts of two states differ: joins and reports ask. */
START_TEST(test_diff_parts)
{
	struct cfi_state a, b;

	cfi_init(&a);
	cfi_init(&b);
	ck_assert_uint_eq(cfi_diff(&a, &b), 0);
	RUN(&b, 0xd503233f);					/* paciasp */
	ck_assert_uint_eq(cfi_diff(&a, &b), CFI_DIFF_RA);
	RUN(&b, 0xaa1e03e9, 0x94000010);	/* mov x9, x30; bl */
	ck_assert_uint_eq(cfi_diff(&a, &b), CFI_DIFF_RA | CFI_DIFF_COPIES | CFI_DIFF_LR);
	ck_assert(!cfi_same_frame(&a, &b));
	/* a call and a copy leave the frame as it was; signing does not */
	cfi_init(&b);
	RUN(&b, 0xaa1e03e9, 0x94000010);
	ck_assert(cfi_same_frame(&a, &b));
}
END_TEST

TCase *cfi_tests(void)
{
	TCase *tc = tcase_create("cfi");

	tcase_add_test(tc, test_prologue_epilogue);
	tcase_add_test(tc, test_save_and_reload);
	tcase_add_test(tc, test_alloca);
	tcase_add_test(tc, test_lost_cfa);
	tcase_add_test(tc, test_frame_record_words);
	tcase_add_test(tc, test_lr_unchanged);
	tcase_add_test(tc, test_diff_words);
	tcase_add_test(tc, test_interning);
	tcase_add_test(tc, test_pac);
	tcase_add_test(tc, test_pac_strip);
	tcase_add_test(tc, test_lr_copies);
	tcase_add_test(tc, test_fp_clobber);
	tcase_add_test(tc, test_scs);
	tcase_add_test(tc, test_diff_parts);
	return tc;
}
