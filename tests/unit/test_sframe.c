// SPDX-License-Identifier: GPL-2.0
/*
 * SFrame: the encoder's bytes read back through the reader, in versions 1
 * and 2, with every start address size and offset size; start addresses
 * through relocations and, in linked files, through both meanings of the
 * field; malformed sections refused with the offset.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "validate/arch.h"
#include "validate/sframe.h"
#include "unit.h"

TCase *sframe_tests(void);

#define R_AARCH64_PREL32	261
#define MAX_FDES		8

/* .text (1), .text.b (2), .sframe (3); symbol i is section i's. */
struct fake {
	struct object obj;
	struct section secs[4];
	struct symbol syms[3];
	struct reloc rel[MAX_FDES];
	uint8_t *data;
};

static void fake_init(struct fake *f, const struct sframe_blob *b)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->data = malloc(b->size);
	ck_assert_ptr_nonnull(f->data);
	memcpy(f->data, b->data, b->size);
	f->secs[1] = (struct section){ .name = ".text", .idx = 1,
		.type = SHT_PROGBITS, .flags = SHF_ALLOC | SHF_EXECINSTR,
		.size = 0x20000 };
	f->secs[2] = (struct section){ .name = ".text.b", .idx = 2,
		.type = SHT_PROGBITS, .flags = SHF_ALLOC | SHF_EXECINSTR,
		.size = 0x100 };
	f->secs[3] = (struct section){ .name = ".sframe", .idx = 3,
		.type = SHT_PROGBITS, .flags = SHF_ALLOC, .size = b->size,
		.data = f->data, .relocs = f->rel };
	for (i = 1; i < 3; i++)
		f->syms[i] = (struct symbol){ .name = "", .sec = (uint32_t)i,
					      .type = STT_SECTION };
	ck_assert_uint_le(b->nr_relocs, MAX_FDES);
	for (i = 0; i < b->nr_relocs; i++) {
		ck_assert_uint_eq(b->relocs[i].type, R_AARCH64_PREL32);
		f->rel[i] = (struct reloc){ .offset = b->relocs[i].offset,
			.type = b->relocs[i].type, .sym = b->relocs[i].sec,
			.addend = b->relocs[i].addend };
	}
	f->secs[3].nr_relocs = b->nr_relocs;
	f->obj = (struct object){ .name = "fake.o", .secs = f->secs,
		.nr_secs = 4, .syms = f->syms, .nr_syms = 3 };
}

static const struct sframe_row rows_a[] = {	/* 1-byte starts and offsets */
	{ .start = 0, .cfa_base = SFRAME_CFA_SP },
	{ .start = 4, .cfa_base = SFRAME_CFA_SP, .cfa_off = 16,
	  .fp_saved = true, .fp_off = -16, .ra_saved = true, .ra_off = -8 },
	{ .start = 8, .cfa_base = SFRAME_CFA_FP, .cfa_off = 16, .mangled_ra = true,
	  .fp_saved = true, .fp_off = -16, .ra_saved = true, .ra_off = -8 },
	{ .start = 0x3c, .cfa_base = SFRAME_CFA_SP },
};

static const struct sframe_row rows_b[] = {	/* 2-byte starts */
	{ .start = 0, .cfa_base = SFRAME_CFA_SP },
	{ .start = 0x800, .cfa_base = SFRAME_CFA_SP, .cfa_off = 200,
	  .ra_saved = true, .ra_off = -8 },		/* 2-byte offsets */
	{ .start = 0x900, .cfa_base = SFRAME_CFA_SP, .cfa_off = 127,
	  .ra_saved = true, .ra_off = -127 },		/* 1 byte */
	{ .start = 0x904, .cfa_base = SFRAME_CFA_SP, .cfa_off = 127,
	  .ra_saved = true, .ra_off = -128 },		/* 2, as GNU as */
};

static const struct sframe_row rows_c[] = {	/* 4-byte starts and offsets */
	{ .start = 0, .cfa_base = SFRAME_CFA_SP },
	{ .start = 0xfff0, .cfa_base = SFRAME_CFA_SP, .cfa_off = 0x12345,
	  .fp_saved = true, .fp_off = -0x12345, .ra_saved = true,
	  .ra_off = -0x12340 },
};

static const struct sframe_row rows_d[] = {
	{ .start = 0, .ra_undefined = true },
	{ .start = 4, .cfa_base = SFRAME_CFA_SP },
};

#define FUNC(s, off, sz, b, r) { .sec = s, .start = off, .size = sz, \
	.pauth_b = b, .rows = r, .nr_rows = sizeof(r) / sizeof(r[0]) }

/* Out of order on purpose: the encoder sorts. */
static const struct sframe_func funcs[] = {
	FUNC(1, 0x10000, 0x10000, false, rows_c),
	FUNC(2, 0x0, 0x10, true, rows_d),
	FUNC(1, 0x0, 0x40, false, rows_a),
	FUNC(1, 0x100, 0x1000, false, rows_b),
};

static const struct {
	const struct sframe_func *f;
	uint8_t fre_type;
} expect_order[] = {
	{ &funcs[2], 0 }, { &funcs[3], 1 }, { &funcs[0], 2 }, { &funcs[1], 0 },
};

static void encode(const struct sframe_func *fs, size_t nr, uint8_t version,
		   bool pcrel, struct sframe_blob *b)
{
	struct sframe_enc_opts o = { .version = version, .pcrel = pcrel };
	char err[160];

	ck_assert_msg(!sframe_encode(fs, nr, &o, b, err, sizeof(err)), "%s", err);
}

static void open_ok(struct sframe_table *t, struct fake *f)
{
	char err[160];

	ck_assert_ptr_eq(sframe_section(&f->obj), &f->secs[3]);
	ck_assert_msg(!sframe_open(t, &f->obj, &f->secs[3], err, sizeof(err)),
		      "%s", err);
}

static void rows_equal(const struct sframe_table *t, const struct sframe_fde *fde,
		       const struct sframe_row *want, size_t nr)
{
	struct sframe_rows it;
	struct sframe_row r;
	char err[160];
	size_t i;

	sframe_rows_init(&it, t, fde);
	for (i = 0; i < nr; i++) {
		const struct sframe_row *w = &want[i];

		ck_assert_int_eq(sframe_next_row(&it, &r, err, sizeof(err)), 1);
		ck_assert_uint_eq(r.start, w->start);
		ck_assert_int_eq(r.ra_undefined, w->ra_undefined);
		if (w->ra_undefined)
			continue;
		ck_assert_uint_eq(r.cfa_base, w->cfa_base);
		ck_assert_int_eq(r.cfa_off, w->cfa_off);
		ck_assert_int_eq(r.fp_saved, w->fp_saved);
		ck_assert_int_eq(r.ra_saved, w->ra_saved);
		ck_assert_int_eq(r.fp_off, w->fp_off);
		ck_assert_int_eq(r.ra_off, w->ra_off);
		ck_assert_int_eq(r.mangled_ra, w->mangled_ra);
	}
	ck_assert_int_eq(sframe_next_row(&it, &r, err, sizeof(err)), 0);
}

START_TEST(test_round_trip)
{
	uint8_t version = _i ? SFRAME_V2 : SFRAME_V1;
	struct sframe_blob b;
	struct sframe_table t;
	struct fake f;
	char err[160];
	size_t i;

	encode(funcs, 4, version, false, &b);
	fake_init(&f, &b);
	open_ok(&t, &f);
	ck_assert_uint_eq(t.version, version);
	ck_assert_uint_eq(t.flags, 0);	/* two sections: no PC order yet */
	ck_assert_uint_eq(t.nr_fdes, 4);
	ck_assert_uint_eq(t.nr_fres, 12);
	/* rows: 3+5+5+3, 4+7+5+7, 6+17, 2+3 bytes */
	ck_assert_uint_eq(t.fres_end - t.fres_off, 67);
	for (i = 0; i < 4; i++) {
		const struct sframe_func *w = expect_order[i].f;
		struct sframe_fde fde;

		ck_assert_int_eq(sframe_fde(&t, (uint32_t)i, &fde, err, sizeof(err)), 0);
		ck_assert_uint_eq(fde.sec, w->sec);
		ck_assert_uint_eq(fde.start, w->start);
		ck_assert_uint_eq(fde.size, w->size);
		ck_assert_uint_eq(fde.fre_type, expect_order[i].fre_type);
		ck_assert_int_eq(fde.pauth_b, w->pauth_b);
		ck_assert(!fde.pcmask);
		rows_equal(&t, &fde, w->rows, w->nr_rows);
	}
	free(f.data);
	sframe_blob_free(&b);
}
END_TEST

/* GNU as's bytes for the rows of function a, in either version. */
START_TEST(test_row_bytes)
{
	static const uint8_t want[] = {
		0x00, 0x03, 0x00,
		0x04, 0x07, 0x10, 0xf8, 0xf0,
		0x08, 0x86, 0x10, 0xf8, 0xf0,	/* x29-based, signed RA */
		0x3c, 0x03, 0x00,
	};
	struct sframe_blob b;

	encode(&funcs[2], 1, SFRAME_V1, false, &b);
	ck_assert_uint_eq(b.size, 28 + 17 + sizeof(want));
	ck_assert_uint_eq(b.data[3], SFRAME_F_FDE_SORTED);
	ck_assert_uint_eq(b.data[4], 2);	/* arm64 little-endian */
	ck_assert_mem_eq(b.data + 28 + 17, want, sizeof(want));
	ck_assert_uint_eq(b.nr_relocs, 1);
	ck_assert_uint_eq(b.relocs[0].offset, 28);
	sframe_blob_free(&b);
}
END_TEST

START_TEST(test_merge_and_flags)
{
	static const struct sframe_row dup[] = {
		{ .start = 0, .cfa_base = SFRAME_CFA_SP },
		{ .start = 4, .cfa_base = SFRAME_CFA_SP, .cfa_off = 16 },
		{ .start = 8, .cfa_base = SFRAME_CFA_SP, .cfa_off = 16 },
		{ .start = 12, .cfa_base = SFRAME_CFA_SP },
	};
	const struct sframe_func fn = FUNC(1, 0x40, 0x20, false, dup);
	struct sframe_blob b;
	struct sframe_table t;
	struct fake f;

	encode(&fn, 1, SFRAME_V2, true, &b);
	fake_init(&f, &b);
	open_ok(&t, &f);
	ck_assert_uint_eq(t.flags, SFRAME_F_FDE_SORTED | SFRAME_F_FDE_FUNC_START_PCREL);
	ck_assert_uint_eq(t.nr_fres, 3);
	free(f.data);
	sframe_blob_free(&b);
}
END_TEST

START_TEST(test_func_check)
{
	static const struct sframe_row fp_only[] = {
		{ .start = 0, .cfa_base = SFRAME_CFA_SP, .cfa_off = 16,
		  .fp_saved = true, .fp_off = -16 },
	};
	static const struct sframe_row backwards[] = {
		{ .start = 4, .cfa_base = SFRAME_CFA_SP },
		{ .start = 0, .cfa_base = SFRAME_CFA_SP },
	};
	const struct sframe_func a = FUNC(1, 0, 8, false, fp_only);
	const struct sframe_func b = FUNC(1, 0, 8, false, backwards);
	const struct sframe_func c = FUNC(1, 0, 4, false, backwards);
	struct sframe_enc_opts o = { .version = SFRAME_V2 };
	struct sframe_blob blob;
	char err[160];

	ck_assert_int_eq(sframe_func_check(&a, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "row at +0x0: x29 saved at CFA-16 and x30 not: SFrame cannot say that on arm64");
	ck_assert_int_eq(sframe_func_check(&b, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "row at +0x0 does not follow the row at +0x4");
	ck_assert_int_eq(sframe_func_check(&c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "row at +0x4 is past the function's 0x4 bytes");
	ck_assert_int_eq(sframe_encode(&a, 1, &o, &blob, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "function 0 (section 1+0x0): row at +0x0: x29 saved at CFA-16 and x30 not: SFrame cannot say that on arm64");
	o.version = 3;
	ck_assert_int_eq(sframe_encode(&c, 1, &o, &blob, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "SFrame version 3 is not written (1 and 2 are)");
}
END_TEST

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Linked: the field from .sframe's start, or from itself when PCREL. */
START_TEST(test_linked)
{
	const struct sframe_func fn = FUNC(2, 0x20, 0x10, false, rows_d);
	struct sframe_blob b;
	struct sframe_table t;
	struct sframe_fde fde;
	struct fake f;
	char err[160];

	encode(&fn, 1, SFRAME_V2, _i, &b);
	fake_init(&f, &b);
	f.obj.linked = true;
	f.secs[3].nr_relocs = 0;
	f.secs[1].addr = 0x400000;
	f.secs[2].addr = 0x420000;
	f.secs[3].addr = 0x500000;
	put32(f.data + 28, (uint32_t)(0x420020 - 0x500000 - (_i ? 28 : 0)));
	ck_assert_int_eq(object_index_addresses(&f.obj, err, sizeof(err)), 0);
	open_ok(&t, &f);
	ck_assert_int_eq(sframe_fde(&t, 0, &fde, err, sizeof(err)), 0);
	ck_assert_uint_eq(fde.sec, 2);
	ck_assert_uint_eq(fde.start, 0x20);
	free(f.obj.by_addr);
	free(f.obj.by_addr_end);
	free(f.data);
	sframe_blob_free(&b);
}
END_TEST

/* One byte changed, or the size cut, and the reason the reader gives. */
static void refused(size_t at, int value, size_t size, const char *why)
{
	struct sframe_blob b;
	struct sframe_table t;
	struct fake f;
	char err[200];

	encode(funcs, 4, SFRAME_V2, false, &b);
	fake_init(&f, &b);
	if (value >= 0)
		f.data[at] = (uint8_t)value;
	if (size)
		f.secs[3].size = size;
	ck_assert_int_eq(sframe_open(&t, &f.obj, &f.secs[3], err, sizeof(err)), -1);
	ck_assert_str_eq(err, why);
	free(f.data);
	sframe_blob_free(&b);
}

START_TEST(test_malformed)
{
	/* rows start at 28 + 4 * 20 = 0x6c; function a's second row at 0x6f */
	refused(0, -1, 20, ".sframe+0x0: 20 bytes, too short for the SFrame header");
	refused(0, 0x00, 0, ".sframe+0x0: bad SFrame magic 0xde00");
	refused(0, 0xde, 0, ".sframe+0x0: bad SFrame magic 0xdede");
	refused(1, 0xe2, 0, ".sframe+0x0: bad SFrame magic 0xe2e2");
	refused(2, 3, 0, ".sframe+0x2: SFrame version 3 is not read (1 and 2 are)");
	refused(3, 0x10, 0, ".sframe+0x3: unknown SFrame flags 0x10 in version 2");
	refused(4, 3, 0, ".sframe+0x4: SFrame ABI/arch 3, not arm64 little-endian");
	refused(9, 0x10, 0, ".sframe+0x8: 4100 function descriptors at 0x1c run past the end of the section");
	refused(16, 0xff, 0, ".sframe+0x10: rows (0xff bytes at 0x6c) run past the end of the section");
	refused(28 + 9, 0x10, 0, ".sframe+0x1c: function descriptor 0: rows at 0x1000, past the 0x43 bytes of rows");
	refused(28 + 12, 0x40, 0, ".sframe+0x1c: function descriptor 0: 64 rows cannot fit in the 0x43 bytes left");
	refused(28 + 16, 0x03, 0, ".sframe+0x1c: function descriptor 0: row type 3 is not 0, 1 or 2");
	refused(28 + 4, 0x00, 0, ".sframe+0x6f: row 1 of function descriptor 0 starts at 0x4, past the function's 0x0 bytes");
	refused(0x6f + 1, 0x09, 0, ".sframe+0x6f: row 1 of function descriptor 0: 4 offsets, more than CFA, RA and FP");
	refused(0x6f + 1, 0x67, 0, ".sframe+0x6f: row 1 of function descriptor 0: offset size code 3");
	refused(0x6f, 0x40, 0, ".sframe+0x74: row 2 of function descriptor 0 starts at 0x8, before the row above it");
	refused(12, 11, 0, ".sframe+0xc: the header counts 11 rows, the descriptors 12");
	refused(0, -1, 0xad, ".sframe+0x10: rows (0x43 bytes at 0x6c) run past the end of the section");
}
END_TEST

/* Flagged sorted, with function a moved after function b. */
START_TEST(test_unsorted)
{
	struct sframe_blob b;
	struct sframe_table t;
	struct fake f;
	char err[200];

	encode(funcs, 4, SFRAME_V2, false, &b);
	fake_init(&f, &b);
	f.data[3] = SFRAME_F_FDE_SORTED;
	f.rel[0].addend = 0x200;
	ck_assert_int_eq(sframe_open(&t, &f.obj, &f.secs[3], err, sizeof(err)), -1);
	ck_assert_str_eq(err, ".sframe+0x30: function descriptor 1 comes before descriptor 0 though SFRAME_F_FDE_SORTED is set");
	free(f.data);
	sframe_blob_free(&b);
}
END_TEST

START_TEST(test_other_byte_order)
{
	struct sframe_blob b;
	struct sframe_table t;
	struct fake f;
	char err[160];

	encode(funcs, 1, SFRAME_V1, false, &b);
	fake_init(&f, &b);
	f.data[0] = 0xde;
	f.data[1] = 0xe2;
	ck_assert_int_eq(sframe_open(&t, &f.obj, &f.secs[3], err, sizeof(err)), -1);
	ck_assert_str_eq(err, ".sframe+0x0: SFrame magic in the other byte order than the object's");
	free(f.data);
	sframe_blob_free(&b);
}
END_TEST

/* The big-endian object model reads what the encoder writes for it. */
START_TEST(test_big_endian)
{
	struct sframe_enc_opts o = { .version = SFRAME_V2, .big_endian = true };
	struct sframe_blob b;
	struct sframe_table t;
	struct sframe_fde fde;
	struct fake f;
	char err[160];

	ck_assert_int_eq(sframe_encode(&funcs[0], 1, &o, &b, err, sizeof(err)), 0);
	ck_assert_uint_eq(b.data[0], 0xde);
	ck_assert_uint_eq(b.data[4], 1);	/* arm64 big-endian */
	fake_init(&f, &b);
	f.obj.big_endian = true;
	open_ok(&t, &f);
	ck_assert_int_eq(sframe_fde(&t, 0, &fde, err, sizeof(err)), 0);
	ck_assert_uint_eq(fde.size, 0x10000);
	rows_equal(&t, &fde, rows_c, 2);
	free(f.data);
	sframe_blob_free(&b);
}
END_TEST

START_TEST(test_format_row)
{
	char buf[128];

	sframe_format_row(&rows_a[2], buf, sizeof(buf));
	ck_assert_str_eq(buf, "CFA x29+16, x29 at CFA-16, x30 at CFA-8, return address signed");
	sframe_format_row(&rows_b[1], buf, sizeof(buf));
	ck_assert_str_eq(buf, "CFA sp+200, x29 not saved, x30 at CFA-8");
	sframe_format_row(&rows_d[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "outermost frame (x30 undefined)");
	ck_assert_int_eq(sframe_cfa_reg(&rows_a[2]), REG_FP);
	ck_assert_int_eq(sframe_cfa_reg(&rows_a[1]), REG_SP);
}
END_TEST

/* The arm64 facts the reader and writer take from arch.h. */
START_TEST(test_arch_facts)
{
	struct arch_sframe_abi abi;

	arch_sframe_abi(false, &abi);
	ck_assert_uint_eq(abi.abi, 2);		/* SFRAME_ABI_AARCH64_ENDIAN_LITTLE */
	ck_assert_int_eq(abi.fixed_fp, 0);
	ck_assert_int_eq(abi.fixed_ra, 0);
	arch_sframe_abi(true, &abi);
	ck_assert_uint_eq(abi.abi, 1);
	ck_assert_uint_eq(arch_reloc_type(RELOC_PREL32), R_AARCH64_PREL32);
	ck_assert_int_eq(arch_reloc_kind(258), RELOC_ABS32);
}
END_TEST

TCase *sframe_tests(void)
{
	TCase *tc = tcase_create("sframe");

	tcase_add_loop_test(tc, test_round_trip, 0, 2);
	tcase_add_test(tc, test_row_bytes);
	tcase_add_test(tc, test_merge_and_flags);
	tcase_add_test(tc, test_func_check);
	tcase_add_loop_test(tc, test_linked, 0, 2);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_unsorted);
	tcase_add_test(tc, test_other_byte_order);
	tcase_add_test(tc, test_big_endian);
	tcase_add_test(tc, test_format_row);
	tcase_add_test(tc, test_arch_facts);
	return tc;
}
