// SPDX-License-Identifier: GPL-2.0
/*
 * The CFI reader on hand-assembled bytes: LEB128, a relocated .eh_frame
 * FDE, its rows address by address (remember/restore_state included), and
 * malformed entries refused with the offset.
 */
#include <check.h>
#include <string.h>

#include "validate/dwarf.h"
#include "unit.h"

START_TEST(test_leb128)
{
	static const uint8_t u[] = { 0xe5, 0x8e, 0x26 };
	static const uint8_t s1[] = { 0x7f }, s2[] = { 0x80, 0x7f };
	static const uint8_t cut[] = { 0x80, 0x80 };
	struct dw_cursor c = { u, u + sizeof(u), false, false };

	ck_assert_uint_eq(dw_uleb(&c), 624485);
	ck_assert(!c.bad && c.p == u + 3);
	c = (struct dw_cursor){ s1, s1 + 1, false, false };
	ck_assert_int_eq(dw_sleb(&c), -1);
	c = (struct dw_cursor){ s2, s2 + 2, false, false };
	ck_assert_int_eq(dw_sleb(&c), -128);
	c = (struct dw_cursor){ cut, cut + 2, false, false };
	dw_uleb(&c);
	ck_assert(c.bad);
}
END_TEST

/* A CIE ("zR", pcrel sdata4, CFA sp+0) and one FDE for .text+0x10..0x30. */
static const uint8_t eh_frame[] = {
	/* CIE at 0: length 16 */
	0x10, 0, 0, 0,  0, 0, 0, 0,  1, 'z', 'R', 0,  4, 0x78, 30, 1,
	0x1b, 0x0c, 31, 0,
	/* FDE at 0x14: length 36, CIE pointer 0x18 back */
	0x24, 0, 0, 0,  0x18, 0, 0, 0,
	0, 0, 0, 0,		/* pc_begin: relocated to .text+0x10 */
	0x20, 0, 0, 0,		/* pc_range */
	0,			/* augmentation data length */
	0x41, 0x0e, 32, 0x9d, 4, 0x9e, 3,	/* +4: sp+32, x29, x30 saved */
	0x41, 0x0d, 29, 0x0a,			/* +8: x29+32; remember */
	0x42, 0xdd, 0x0c, 31, 0,		/* +16: x29 restored, sp+0 */
	0x41, 0x0b,				/* +20: back to x29+32 */
	0, 0, 0, 0,
	/* terminator */
	0, 0, 0, 0,
};

struct fake {
	struct object obj;
	struct section secs[3];
	struct symbol syms[2];
	struct reloc rel;
	uint8_t data[sizeof(eh_frame)];
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->data, eh_frame, sizeof(eh_frame));
	f->secs[1] = (struct section){ .name = ".text", .idx = 1,
		.type = SHT_PROGBITS, .flags = SHF_ALLOC | SHF_EXECINSTR,
		.size = 0x40 };
	f->secs[2] = (struct section){ .name = ".eh_frame", .idx = 2,
		.type = SHT_PROGBITS, .flags = SHF_ALLOC,
		.size = sizeof(eh_frame), .data = f->data,
		.relocs = &f->rel, .nr_relocs = 1 };
	f->syms[1] = (struct symbol){ .name = "", .sec = 1, .type = STT_SECTION };
	f->rel = (struct reloc){ .offset = 0x1c, .type = 261, .sym = 1,
				 .addend = 0x10 };
	f->obj = (struct object){ .name = "fake.o", .secs = f->secs,
		.nr_secs = 3, .syms = f->syms, .nr_syms = 2 };
}

static void row_at(struct dw_prog *pr, struct fake *f, uint64_t off)
{
	char err[128];

	ck_assert_int_eq(dw_prog_row(pr, &f->obj, &f->secs[2], off, err,
				     sizeof(err)), 0);
}

START_TEST(test_fde_rows)
{
	int fp = dw_reg_index(29), lr = dw_reg_index(30);
	struct fake f;
	struct dw_iter it;
	struct dw_fde fde;
	struct dw_prog pr;
	size_t from = 0;
	bool eh = false;
	char err[128];

	fake_init(&f);
	ck_assert_ptr_eq(dw_cfi_section(&f.obj, &from, &eh), &f.secs[2]);
	ck_assert(eh);
	dw_iter_init(&it, &f.obj, &f.secs[2], true);
	ck_assert_int_eq(dw_next_fde(&it, &fde, err, sizeof(err)), 1);
	ck_assert_uint_eq(fde.sec, 1);
	ck_assert_uint_eq(fde.start, 0x10);
	ck_assert_uint_eq(fde.len, 0x20);
	ck_assert_int_eq(dw_prog_init(&pr, &f.obj, &f.secs[2], &fde, err,
				      sizeof(err)), 0);
	row_at(&pr, &f, 0x10);
	ck_assert_int_eq(pr.row.cfa_reg, REG_SP);
	ck_assert_int_eq(pr.row.cfa_off, 0);
	ck_assert_int_eq(pr.row.rule[fp].kind, DW_SAME);
	row_at(&pr, &f, 0x14);
	ck_assert_int_eq(pr.row.cfa_off, 32);
	ck_assert_int_eq(pr.row.rule[fp].kind, DW_OFFSET);
	ck_assert_int_eq(pr.row.rule[fp].off, -32);
	ck_assert_int_eq(pr.row.rule[lr].off, -24);
	row_at(&pr, &f, 0x18);
	ck_assert_int_eq(pr.row.cfa_reg, REG_FP);
	ck_assert_int_eq(pr.row.cfa_off, 32);
	row_at(&pr, &f, 0x1c);		/* inside the row that began at 0x18 */
	ck_assert_int_eq(pr.row.cfa_reg, REG_FP);
	row_at(&pr, &f, 0x20);
	ck_assert_int_eq(pr.row.cfa_reg, REG_SP);
	ck_assert_int_eq(pr.row.cfa_off, 0);
	ck_assert_int_eq(pr.row.rule[fp].kind, DW_SAME);
	ck_assert_int_eq(pr.row.rule[lr].kind, DW_OFFSET);
	row_at(&pr, &f, 0x24);
	ck_assert_int_eq(pr.row.cfa_reg, REG_FP);
	ck_assert_int_eq(pr.row.rule[fp].off, -32);
	ck_assert_int_eq(dw_next_fde(&it, &fde, err, sizeof(err)), 0);
}
END_TEST

/*
 * DW_CFA_AARCH64_negate_ra_state toggles the return address's signing,
 * which DW_CFA_remember_state and DW_CFA_restore_state keep with the row.
 */
START_TEST(test_ra_state)
{
	static const uint8_t prog[] = {
		0x41, 0x2d, 0x0a,	/* +4: signed; remember */
		0x41, 0x2d,		/* +8: plain (an autiasp) */
		0x41, 0x0b,		/* +12: back to signed */
	};
	struct fake f;
	struct dw_iter it;
	struct dw_fde fde;
	struct dw_prog pr;
	char err[128];

	fake_init(&f);
	memset(f.data + 0x25, 0, 0x3c - 0x25);		/* DW_CFA_nop */
	memcpy(f.data + 0x25, prog, sizeof(prog));
	dw_iter_init(&it, &f.obj, &f.secs[2], true);
	ck_assert_int_eq(dw_next_fde(&it, &fde, err, sizeof(err)), 1);
	ck_assert(!fde.cie.b_key);
	ck_assert_int_eq(dw_prog_init(&pr, &f.obj, &f.secs[2], &fde, err,
				      sizeof(err)), 0);
	row_at(&pr, &f, 0x10);
	ck_assert(!pr.row.ra_signed);
	row_at(&pr, &f, 0x14);
	ck_assert(pr.row.ra_signed);
	row_at(&pr, &f, 0x18);
	ck_assert(!pr.row.ra_signed);
	row_at(&pr, &f, 0x1c);
	ck_assert(pr.row.ra_signed);
}
END_TEST

START_TEST(test_malformed)
{
	struct fake f;
	struct dw_iter it;
	struct dw_fde fde;
	char err[128];

	fake_init(&f);
	f.data[0x18] = 0x40;		/* CIE pointer before the section */
	dw_iter_init(&it, &f.obj, &f.secs[2], true);
	ck_assert_int_eq(dw_next_fde(&it, &fde, err, sizeof(err)), -1);
	ck_assert_str_eq(err, ".eh_frame: CIE pointer 0xffffffffffffffd8 is outside the section");

	fake_init(&f);
	f.data[0x31] = 0x3f;		/* an opcode DWARF does not have */
	dw_iter_init(&it, &f.obj, &f.secs[2], true);
	ck_assert_int_eq(dw_next_fde(&it, &fde, err, sizeof(err)), 1);
	{
		struct dw_prog pr;

		ck_assert_int_eq(dw_prog_init(&pr, &f.obj, &f.secs[2], &fde,
					      err, sizeof(err)), 0);
		ck_assert_int_eq(dw_prog_row(&pr, &f.obj, &f.secs[2], 0x30,
					     err, sizeof(err)), -1);
		ck_assert_str_eq(err, ".eh_frame+0x14: CFA instruction 0x3f is not understood");
	}
}
END_TEST

TCase *dwarf_tests(void)
{
	TCase *tc = tcase_create("dwarf");

	tcase_add_test(tc, test_leb128);
	tcase_add_test(tc, test_fde_rows);
	tcase_add_test(tc, test_ra_state);
	tcase_add_test(tc, test_malformed);
	return tc;
}
