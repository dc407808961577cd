// SPDX-License-Identifier: GPL-2.0
/*
 * SFrame: reading .sframe, as binutils' include/sframe.h and
 * libsframe/doc/sframe-spec.texi lay it out (version 1 from 2.40, version 2
 * from 2.41, with 2.45's erratum flag), and encoding it.  Every read is
 * bounded by the section: a malformed section is an error naming the
 * offset, never a read outside it.  The whole section is checked once, in
 * sframe_open(), so that a caller learns of a malformed one before it
 * reports anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/arch.h"
#include "validate/dwarf.h"
#include "validate/sframe.h"

/* The format. */
#define SF_MAGIC		0xdee2
#define SF_HDR_SIZE		28
#define SF_FDE_SIZE_V1		17
#define SF_FDE_SIZE_V2		20
#define SF_BASE_REG_FP		0
#define SF_BASE_REG_SP		1
#define SF_MAX_OFFSETS		3
#define SF_FIXED_INVALID	0	/* SFRAME_CFA_FIXED_{FP,RA}_INVALID */
/* the start address field of a descriptor in an object: S + A - P, as
 * GNU as writes it, or S + A (read only) */
#define SF_RELOC_START		RELOC_PREL32
#define SF_RELOC_START_ABS	RELOC_ABS32

#define fail(...) ({ snprintf(err, len, __VA_ARGS__); -1; })

const struct section *sframe_section(const struct object *obj)
{
	size_t i;

	for (i = 1; i < obj->nr_secs; i++) {
		const struct section *sec = &obj->secs[i];

		if (sec->type != SHT_NOBITS && !strcmp(sec->name, ".sframe"))
			return sec;
	}
	return NULL;
}

static void cursor_at(struct dw_cursor *c, const struct sframe_table *t,
		      uint64_t pos, uint64_t end)
{
	c->p = t->sec->data + pos;
	c->end = t->sec->data + end;
	c->big_endian = t->obj->big_endian;
	c->bad = false;
}

static uint8_t abi_of(const struct object *obj)
{
	struct arch_sframe_abi abi;

	arch_sframe_abi(obj->big_endian, &abi);
	return abi.abi;
}

static unsigned int fde_size(uint8_t version)
{
	return version == SFRAME_V1 ? SF_FDE_SIZE_V1 : SF_FDE_SIZE_V2;
}

static uint8_t known_flags(uint8_t version)
{
	uint8_t f = SFRAME_F_FDE_SORTED | SFRAME_F_FRAME_POINTER;

	return version == SFRAME_V1 ? f : f | SFRAME_F_FDE_FUNC_START_PCREL;
}

/* The preamble and header fields; sub-section bounds are checked after. */
static int read_header(struct sframe_table *t, uint32_t *fre_len,
		       uint8_t *aux_len, char *err, size_t len)
{
	const char *name = t->sec->name;
	struct dw_cursor c;
	uint32_t magic;

	cursor_at(&c, t, 0, t->sec->size);
	magic = (uint32_t)dw_read(&c, 2);
	t->version = (uint8_t)dw_read(&c, 1);
	t->flags = (uint8_t)dw_read(&c, 1);
	if (c.bad)
		return fail("%s+0x0: %lu bytes, too short for the SFrame preamble",
			    name, (unsigned long)t->sec->size);
	if (magic == 0xe2de)
		return fail("%s+0x0: SFrame magic in the other byte order than the object's",
			    name);
	if (magic != SF_MAGIC)
		return fail("%s+0x0: bad SFrame magic 0x%04x", name, magic);
	if (t->version != SFRAME_V1 && t->version != SFRAME_V2)
		return fail("%s+0x2: SFrame version %u is not read (1 and 2 are)",
			    name, t->version);
	t->abi = (uint8_t)dw_read(&c, 1);
	t->fixed_fp = (int8_t)dw_read(&c, 1);
	t->fixed_ra = (int8_t)dw_read(&c, 1);
	*aux_len = (uint8_t)dw_read(&c, 1);
	t->nr_fdes = (uint32_t)dw_read(&c, 4);
	t->nr_fres = (uint32_t)dw_read(&c, 4);
	*fre_len = (uint32_t)dw_read(&c, 4);
	t->fdes_off = dw_read(&c, 4);
	t->fres_off = dw_read(&c, 4);
	if (c.bad)
		return fail("%s+0x0: %lu bytes, too short for the SFrame header",
			    name, (unsigned long)t->sec->size);
	return 0;
}

static int check_header(struct sframe_table *t, uint32_t fre_len,
			uint8_t aux_len, char *err, size_t len)
{
	const char *name = t->sec->name;
	uint64_t size = t->sec->size, hdr_end = SF_HDR_SIZE + aux_len;

	if (t->abi != abi_of(t->obj))
		return fail("%s+0x4: SFrame ABI/arch %u, not arm64 %s-endian",
			    name, t->abi, t->obj->big_endian ? "big" : "little");
	if (t->flags & ~known_flags(t->version))
		return fail("%s+0x3: unknown SFrame flags 0x%02x in version %u",
			    name, t->flags & ~known_flags(t->version), t->version);
	if (hdr_end > size)
		return fail("%s+0x7: auxiliary header runs past the end of the section",
			    name);
	t->fde_size = fde_size(t->version);
	t->fdes_off += hdr_end;
	t->fres_off += hdr_end;
	if (t->fdes_off > size ||
	    (size - t->fdes_off) / t->fde_size < t->nr_fdes)
		return fail("%s+0x8: %u function descriptors at 0x%lx run past the end of the section",
			    name, t->nr_fdes, (unsigned long)t->fdes_off);
	if (t->fres_off > size || size - t->fres_off < fre_len)
		return fail("%s+0x10: rows (0x%x bytes at 0x%lx) run past the end of the section",
			    name, fre_len, (unsigned long)t->fres_off);
	t->fres_end = t->fres_off + fre_len;
	return 0;
}

/* Run-time order: by address in linked files, by section and offset else. */
static bool fde_before(const struct sframe_table *t, const struct sframe_fde *a,
		       const struct sframe_fde *b)
{
	const struct section *secs = t->obj->secs;

	if (t->obj->linked)
		return secs[a->sec].addr + a->start < secs[b->sec].addr + b->start;
	return a->sec < b->sec || (a->sec == b->sec && a->start < b->start);
}

/* An unwinder binary-searches a sorted table: the flag must be true. */
static int check_sorted(const struct sframe_table *t,
			const struct sframe_fde *prev,
			const struct sframe_fde *fde, char *err, size_t len)
{
	if (!(t->flags & SFRAME_F_FDE_SORTED) || !prev->sec || !fde->sec ||
	    !fde_before(t, fde, prev))
		return 0;
	return fail("%s+0x%lx: function descriptor %u comes before descriptor %u though SFRAME_F_FDE_SORTED is set",
		    t->sec->name, (unsigned long)fde->off, fde->idx, prev->idx);
}

/* Every descriptor and row once; the header's row count must add up. */
static int check_all(const struct sframe_table *t, char *err, size_t len)
{
	struct sframe_fde fde, prev = { 0 };
	uint64_t rows = 0;
	uint32_t i;

	for (i = 0; i < t->nr_fdes; i++) {
		struct sframe_rows it;
		struct sframe_row row;
		int rc;

		if (sframe_fde(t, i, &fde, err, len) ||
		    check_sorted(t, &prev, &fde, err, len))
			return -1;
		sframe_rows_init(&it, t, &fde);
		while ((rc = sframe_next_row(&it, &row, err, len)) > 0)
			;
		if (rc < 0)
			return -1;
		rows += fde.nr_rows;
		if (fde.sec)
			prev = fde;
	}
	if (rows != t->nr_fres)
		return fail("%s+0xc: the header counts %u rows, the descriptors %lu",
			    t->sec->name, t->nr_fres, (unsigned long)rows);
	return 0;
}

int sframe_open(struct sframe_table *t, const struct object *obj,
		const struct section *sec, char *err, size_t len)
{
	uint32_t fre_len;
	uint8_t aux_len;

	memset(t, 0, sizeof(*t));
	t->obj = obj;
	t->sec = sec;
	if (!sec->data)
		return fail("%s: empty, no SFrame header", sec->name);
	if (read_header(t, &fre_len, &aux_len, err, len) ||
	    check_header(t, fre_len, aux_len, err, len))
		return -1;
	return check_all(t, err, len);
}

/*
 * Where the function starts: the relocation at the field says in objects;
 * in linked files the field is an offset from the start of .sframe, or from
 * the field itself under SFRAME_F_FDE_FUNC_START_PCREL (binutils 2.45).
 */
static int resolve_start(const struct sframe_table *t, struct sframe_fde *fde,
			 int32_t raw, char *err, size_t len)
{
	const struct object *obj = t->obj;
	const struct reloc *r = reloc_at(t->sec, fde->off);
	const struct section *to;
	uint64_t addr;

	if (r) {
		const struct symbol *s;

		enum reloc_kind kind = arch_reloc_kind(r->type);

		if (kind != SF_RELOC_START && kind != SF_RELOC_START_ABS)
			return fail("%s+0x%lx: function descriptor %u: relocation type %u at its start address",
				    t->sec->name, (unsigned long)fde->off,
				    fde->idx, r->type);
		if (r->sym >= obj->nr_syms)
			return 0;
		s = &obj->syms[r->sym];
		if (s->sec && s->sec < obj->nr_secs) {
			fde->sec = s->sec;
			fde->start = s->offset + (uint64_t)r->addend;
		}
		return 0;
	}
	if (!obj->linked)
		return 0;
	addr = t->sec->addr + (uint64_t)(int64_t)raw;
	if (t->flags & SFRAME_F_FDE_FUNC_START_PCREL)
		addr += fde->off;
	to = section_by_addr(obj, addr);
	if (to) {
		fde->sec = to->idx;
		fde->start = addr - to->addr;
	}
	return 0;
}

static int check_fde(const struct sframe_table *t, const struct sframe_fde *fde,
		     uint32_t rows_rel, char *err, size_t len)
{
	const struct section *code;
	uint64_t room;

	if (fde->fre_type > 2)
		return fail("%s+0x%lx: function descriptor %u: row type %u is not 0, 1 or 2",
			    t->sec->name, (unsigned long)fde->off, fde->idx,
			    fde->fre_type);
	if (rows_rel > t->fres_end - t->fres_off)
		return fail("%s+0x%lx: function descriptor %u: rows at 0x%x, past the 0x%lx bytes of rows",
			    t->sec->name, (unsigned long)fde->off, fde->idx,
			    rows_rel, (unsigned long)(t->fres_end - t->fres_off));
	/* each row is at least its start address and its info byte */
	room = t->fres_end - fde->rows_off;
	if (fde->nr_rows > room / ((1u << fde->fre_type) + 1))
		return fail("%s+0x%lx: function descriptor %u: %u rows cannot fit in the 0x%lx bytes left",
			    t->sec->name, (unsigned long)fde->off, fde->idx,
			    fde->nr_rows, (unsigned long)room);
	if (!fde->sec)
		return 0;
	code = &t->obj->secs[fde->sec];
	if (fde->start > code->size || code->size - fde->start < fde->size)
		return fail("%s+0x%lx: function descriptor %u: %s+0x%lx, 0x%x bytes, runs past its section",
			    t->sec->name, (unsigned long)fde->off, fde->idx,
			    code->name, (unsigned long)fde->start, fde->size);
	return 0;
}

int sframe_fde(const struct sframe_table *t, uint32_t i, struct sframe_fde *fde,
	       char *err, size_t len)
{
	struct dw_cursor c;
	uint32_t rows_rel;
	int32_t raw;
	uint8_t info;

	memset(fde, 0, sizeof(*fde));
	if (i >= t->nr_fdes)
		return fail("%s: no function descriptor %u", t->sec->name, i);
	fde->idx = i;
	fde->off = t->fdes_off + (uint64_t)i * t->fde_size;
	cursor_at(&c, t, fde->off, fde->off + t->fde_size);
	raw = (int32_t)(uint32_t)dw_read(&c, 4);
	fde->size = (uint32_t)dw_read(&c, 4);
	rows_rel = (uint32_t)dw_read(&c, 4);
	fde->nr_rows = (uint32_t)dw_read(&c, 4);
	info = (uint8_t)dw_read(&c, 1);
	if (t->version >= SFRAME_V2)
		fde->rep_size = (uint8_t)dw_read(&c, 1);
	fde->fre_type = info & 0xf;
	fde->pcmask = (info >> 4) & 1;
	fde->pauth_b = (info >> 5) & 1;
	fde->rows_off = t->fres_off + rows_rel;
	if (resolve_start(t, fde, raw, err, len))
		return -1;
	return check_fde(t, fde, rows_rel, err, len);
}

void sframe_rows_init(struct sframe_rows *it, const struct sframe_table *t,
		      const struct sframe_fde *fde)
{
	it->t = t;
	it->fde = fde;
	it->pos = fde->rows_off;
	it->i = 0;
	it->last_start = 0;
}

/* The offsets after the info byte, in their fixed order: CFA, RA, FP. */
static int place_offsets(const struct sframe_rows *it, struct sframe_row *row,
			 const int32_t *o, unsigned int n, char *err, size_t len)
{
	const struct sframe_table *t = it->t;
	unsigned int k = 1;

	if (!n) {
		row->ra_undefined = true;
		return 0;
	}
	row->cfa_off = o[0];
	row->ra_saved = t->fixed_ra != SF_FIXED_INVALID || k < n;
	row->ra_off = t->fixed_ra != SF_FIXED_INVALID ? t->fixed_ra : k < n ? o[k++] : 0;
	row->fp_saved = t->fixed_fp != SF_FIXED_INVALID || k < n;
	row->fp_off = t->fixed_fp != SF_FIXED_INVALID ? t->fixed_fp : k < n ? o[k++] : 0;
	if (k != n)
		return fail("%s+0x%lx: row %u of function descriptor %u: %u offsets, more than CFA, RA and FP",
			    t->sec->name, (unsigned long)it->pos, it->i,
			    it->fde->idx, n);
	return 0;
}

static int check_row_start(const struct sframe_rows *it, uint32_t prev,
			   const struct sframe_row *row, char *err, size_t len)
{
	const struct sframe_fde *fde = it->fde;
	uint32_t limit = fde->pcmask ? fde->rep_size : fde->size;

	/* GNU as 2.40 writes a row at the very end for a .cfi_* directive
	 * after the last instruction: it covers nothing, but it is no error */
	if (row->start > limit)
		return fail("%s+0x%lx: row %u of function descriptor %u starts at 0x%x, past the function's 0x%x bytes",
			    it->t->sec->name, (unsigned long)it->pos, it->i,
			    fde->idx, row->start, limit);
	if (it->i && row->start < prev)
		return fail("%s+0x%lx: row %u of function descriptor %u starts at 0x%x, before the row above it",
			    it->t->sec->name, (unsigned long)it->pos, it->i,
			    fde->idx, row->start);
	return 0;
}

/* The info byte's offset count and size, and the offsets after it. */
static int read_offsets(const struct sframe_rows *it, struct dw_cursor *c,
			uint8_t info, int32_t *o, unsigned int *n, char *err,
			size_t len)
{
	const struct sframe_table *t = it->t;
	unsigned int size = (info >> 5) & 3, k;

	*n = (info >> 1) & 0xf;
	if (size == 3)
		return fail("%s+0x%lx: row %u of function descriptor %u: offset size code 3",
			    t->sec->name, (unsigned long)it->pos, it->i,
			    it->fde->idx);
	if (*n > SF_MAX_OFFSETS)
		return fail("%s+0x%lx: row %u of function descriptor %u: %u offsets, more than CFA, RA and FP",
			    t->sec->name, (unsigned long)it->pos, it->i,
			    it->fde->idx, *n);
	for (k = 0; k < *n; k++) {
		uint64_t v = dw_read(c, 1u << size);
		unsigned int shift = 64 - 8 * (1u << size);

		o[k] = (int32_t)((int64_t)(v << shift) >> shift);
	}
	return 0;
}

int sframe_next_row(struct sframe_rows *it, struct sframe_row *row, char *err,
		    size_t len)
{
	const struct sframe_table *t = it->t;
	int32_t o[SF_MAX_OFFSETS];
	struct dw_cursor c;
	unsigned int n = 0;
	uint8_t info;

	if (it->i >= it->fde->nr_rows)
		return 0;
	memset(row, 0, sizeof(*row));
	cursor_at(&c, t, it->pos, t->fres_end);
	row->start = (uint32_t)dw_read(&c, 1u << it->fde->fre_type);
	info = (uint8_t)dw_read(&c, 1);
	if (!c.bad && read_offsets(it, &c, info, o, &n, err, len))
		return -1;
	if (c.bad)
		return fail("%s+0x%lx: row %u of function descriptor %u runs past the rows",
			    t->sec->name, (unsigned long)it->pos, it->i,
			    it->fde->idx);
	row->cfa_base = (info & 1) == SF_BASE_REG_SP ? SFRAME_CFA_SP : SFRAME_CFA_FP;
	row->mangled_ra = info >> 7;
	if (place_offsets(it, row, o, n, err, len) ||
	    check_row_start(it, it->last_start, row, err, len))
		return -1;
	it->last_start = row->start;
	it->pos = (uint64_t)(c.p - t->sec->data);
	it->i++;
	return 1;
}

unsigned int sframe_cfa_reg(const struct sframe_row *row)
{
	return row->cfa_base == SFRAME_CFA_SP ? REG_SP : REG_FP;
}

static void format_saved(char *buf, size_t len, const char *reg, bool saved,
			 int32_t off)
{
	if (saved)
		snprintf(buf, len, ", %s at CFA%+d", reg, off);
	else
		snprintf(buf, len, ", %s not saved", reg);
}

void sframe_format_row(const struct sframe_row *row, char *buf, size_t len)
{
	char fp[48], ra[48];

	if (row->ra_undefined) {
		snprintf(buf, len, "outermost frame (x30 undefined)");
		return;
	}
	format_saved(fp, sizeof(fp), "x29", row->fp_saved, row->fp_off);
	format_saved(ra, sizeof(ra), "x30", row->ra_saved, row->ra_off);
	snprintf(buf, len, "CFA %s%+d%s%s%s",
		 row->cfa_base == SFRAME_CFA_SP ? "sp" : "x29", row->cfa_off,
		 fp, ra, row->mangled_ra ? ", return address signed" : "");
}

/* Encoding. */

static bool row_same(const struct sframe_row *a, const struct sframe_row *b)
{
	if (a->ra_undefined || b->ra_undefined)
		return a->ra_undefined == b->ra_undefined;
	return a->cfa_base == b->cfa_base && a->cfa_off == b->cfa_off &&
	       a->fp_saved == b->fp_saved && a->ra_saved == b->ra_saved &&
	       (!a->fp_saved || a->fp_off == b->fp_off) &&
	       (!a->ra_saved || a->ra_off == b->ra_off) &&
	       a->mangled_ra == b->mangled_ra;
}

static int check_row(const struct sframe_row *r, char *err, size_t len)
{
	if (r->ra_undefined)
		return 0;
	if (r->cfa_base != SFRAME_CFA_SP && r->cfa_base != SFRAME_CFA_FP)
		return fail("row at +0x%x: the CFA is neither sp- nor x29-based",
			    r->start);
	/* two offsets mean CFA and RA on arm64: GNU as skips such functions */
	if (r->fp_saved && !r->ra_saved)
		return fail("row at +0x%x: x29 saved at CFA%+d and x30 not: SFrame cannot say that on arm64",
			    r->start, r->fp_off);
	return 0;
}

int sframe_func_check(const struct sframe_func *f, char *err, size_t len)
{
	size_t i;

	if (!f->size || f->size > UINT32_MAX)
		return fail("size 0x%lx does not fit an SFrame descriptor",
			    (unsigned long)f->size);
	if (!f->nr_rows)
		return fail("no rows");
	for (i = 0; i < f->nr_rows; i++) {
		const struct sframe_row *r = &f->rows[i];

		if (r->start >= f->size)
			return fail("row at +0x%x is past the function's 0x%lx bytes",
				    r->start, (unsigned long)f->size);
		if (i && r->start <= f->rows[i - 1].start)
			return fail("row at +0x%x does not follow the row at +0x%x",
				    r->start, f->rows[i - 1].start);
		if (check_row(r, err, len))
			return -1;
	}
	return 0;
}

/* The smallest start address size for a function, as libsframe chooses. */
static unsigned int fre_type_for(uint64_t size)
{
	return size < 0x100 ? 0 : size < 0x10000 ? 1 : 2;
}

/* The offset size code for a value: GNU as 2.40-2.44 keep -128 for 2 bytes. */
static unsigned int offset_size_code(int32_t v)
{
	if (v >= -0x7f && v <= 0x7f)
		return 0;
	if (v >= -0x7fff && v <= 0x7fff)
		return 1;
	return 2;
}

/* A row's offsets in their order (CFA, RA, FP) and its info byte. */
static unsigned int row_fields(const struct sframe_row *r, int32_t *o,
			       uint8_t *info)
{
	unsigned int n = 0, size = 0, k;

	*info = 0;	/* the outermost frame: no offsets, all fields 0 */
	if (r->ra_undefined)
		return 0;
	o[n++] = r->cfa_off;
	if (r->ra_saved)
		o[n++] = r->ra_off;
	if (r->fp_saved)
		o[n++] = r->fp_off;
	for (k = 0; k < n; k++)
		if (offset_size_code(o[k]) > size)
			size = offset_size_code(o[k]);
	*info = (r->cfa_base == SFRAME_CFA_SP ? SF_BASE_REG_SP : SF_BASE_REG_FP) |
		n << 1 | size << 5 | (r->mangled_ra ? 0x80 : 0);
	return n;
}

static void put(uint8_t *p, uint64_t v, unsigned int size, bool big_endian)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		p[big_endian ? size - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

/* Bytes of one row; written at p unless p is NULL. */
static size_t put_row(uint8_t *p, const struct sframe_row *r,
		      unsigned int fre_type, bool big_endian)
{
	unsigned int asize = 1u << fre_type, n, osize, k;
	int32_t o[SF_MAX_OFFSETS];
	uint8_t info;

	n = row_fields(r, o, &info);
	osize = 1u << ((info >> 5) & 3);
	if (p) {
		put(p, r->start, asize, big_endian);
		p[asize] = info;
		for (k = 0; k < n; k++)
			put(p + asize + 1 + k * osize, (uint64_t)(int64_t)o[k],
			    osize, big_endian);
	}
	return asize + 1 + n * osize;
}

/* Rows kept (equal neighbours merged) and their bytes; written if p. */
static size_t put_rows(uint8_t *p, const struct sframe_func *f,
		       bool big_endian, uint32_t *kept)
{
	unsigned int fre_type = fre_type_for(f->size);
	size_t i, bytes = 0;

	*kept = 0;
	for (i = 0; i < f->nr_rows; i++) {
		if (i && row_same(&f->rows[i], &f->rows[i - 1]))
			continue;
		bytes += put_row(p ? p + bytes : NULL, &f->rows[i], fre_type,
				 big_endian);
		(*kept)++;
	}
	return bytes;
}

static int cmp_func(const void *a, const void *b)
{
	const struct sframe_func *x = *(const struct sframe_func *const *)a;
	const struct sframe_func *y = *(const struct sframe_func *const *)b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/*
 * Sorted on PC is what the flag promises; in an object that order is only
 * known within one section, so the flag is set only then (GNU as sets no
 * flag in objects at all; ld sorts and sets it).
 */
static uint8_t header_flags(const struct sframe_func **order, size_t nr,
			    const struct sframe_enc_opts *opts)
{
	uint8_t flags = SFRAME_F_FDE_SORTED;

	if (nr && order[0]->sec != order[nr - 1]->sec)
		flags = 0;
	if (opts->version >= SFRAME_V2 && opts->pcrel)
		flags |= SFRAME_F_FDE_FUNC_START_PCREL;
	return flags;
}

static void put_header(uint8_t *p, const struct sframe_enc_opts *opts,
		       uint8_t flags, uint32_t nr_fdes, uint32_t nr_fres,
		       uint32_t fre_len)
{
	bool be = opts->big_endian;
	struct arch_sframe_abi abi;

	arch_sframe_abi(be, &abi);
	put(p, SF_MAGIC, 2, be);
	p[2] = opts->version;
	p[3] = flags;
	p[4] = abi.abi;
	p[5] = (uint8_t)abi.fixed_fp;
	p[6] = (uint8_t)abi.fixed_ra;
	p[7] = 0;				/* no auxiliary header */
	put(p + 8, nr_fdes, 4, be);
	put(p + 12, nr_fres, 4, be);
	put(p + 16, fre_len, 4, be);
	put(p + 20, 0, 4, be);			/* descriptors right after */
	put(p + 24, (uint64_t)nr_fdes * fde_size(opts->version), 4, be);
}

/* One descriptor; its start address stays 0 for the relocation to fill. */
static void put_fde(uint8_t *p, const struct sframe_func *f,
		    const struct sframe_enc_opts *opts, uint32_t rows_rel,
		    uint32_t nr_rows)
{
	bool be = opts->big_endian;

	put(p + 4, f->size, 4, be);
	put(p + 8, rows_rel, 4, be);
	put(p + 12, nr_rows, 4, be);
	/* PCINC; the row type; the PAC key */
	p[16] = (uint8_t)(fre_type_for(f->size) | (f->pauth_b ? 0x20 : 0));
}

static int layout(const struct sframe_func **order, size_t nr,
		  const struct sframe_enc_opts *opts, uint64_t *fre_len,
		  uint64_t *nr_fres, char *err, size_t len)
{
	size_t i;

	*fre_len = 0;
	*nr_fres = 0;
	for (i = 0; i < nr; i++) {
		uint32_t kept;

		*fre_len += put_rows(NULL, order[i], opts->big_endian, &kept);
		*nr_fres += kept;
	}
	if (*fre_len + SF_HDR_SIZE + (uint64_t)nr * SF_FDE_SIZE_V2 > UINT32_MAX)
		return fail("more rows than an SFrame section can hold");
	return 0;
}

static int fill(struct sframe_blob *out, const struct sframe_func **order,
		size_t nr, const struct sframe_enc_opts *opts, uint64_t fre_len,
		uint64_t nr_fres)
{
	unsigned int fsize = fde_size(opts->version);
	uint64_t fres = SF_HDR_SIZE + (uint64_t)nr * fsize, rows_rel = 0;
	size_t i;

	out->size = fres + fre_len;
	out->data = calloc(out->size ? out->size : 1, 1);
	out->relocs = calloc(nr ? nr : 1, sizeof(*out->relocs));
	if (!out->data || !out->relocs)
		return -1;
	put_header(out->data, opts, header_flags(order, nr, opts), (uint32_t)nr,
		   (uint32_t)nr_fres, (uint32_t)fre_len);
	for (i = 0; i < nr; i++) {
		uint64_t at = SF_HDR_SIZE + (uint64_t)i * fsize;
		uint32_t kept;
		size_t bytes;

		bytes = put_rows(out->data + fres + rows_rel, order[i],
				 opts->big_endian, &kept);
		put_fde(out->data + at, order[i], opts, (uint32_t)rows_rel, kept);
		out->relocs[i] = (struct sframe_reloc){ .offset = at,
			.type = arch_reloc_type(SF_RELOC_START), .sec = order[i]->sec,
			.addend = (int64_t)order[i]->start };
		rows_rel += bytes;
	}
	out->nr_relocs = nr;
	return 0;
}

int sframe_encode(const struct sframe_func *funcs, size_t nr,
		  const struct sframe_enc_opts *opts, struct sframe_blob *out,
		  char *err, size_t len)
{
	const struct sframe_func **order;
	uint64_t fre_len, nr_fres;
	char why[160];
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (opts->version != SFRAME_V1 && opts->version != SFRAME_V2)
		return fail("SFrame version %u is not written (1 and 2 are)",
			    opts->version);
	if (nr > UINT32_MAX / SF_FDE_SIZE_V2)
		return fail("%zu functions: more than an SFrame section can hold", nr);
	for (i = 0; i < nr; i++)
		if (sframe_func_check(&funcs[i], why, sizeof(why)))
			return fail("function %zu (section %u+0x%lx): %s", i,
				    funcs[i].sec, (unsigned long)funcs[i].start,
				    why);
	order = calloc(nr ? nr : 1, sizeof(*order));
	if (!order)
		return fail("out of memory");
	for (i = 0; i < nr; i++)
		order[i] = &funcs[i];
	qsort(order, nr, sizeof(*order), cmp_func);
	if (layout(order, nr, opts, &fre_len, &nr_fres, err, len))
		goto out;
	if (fill(out, order, nr, opts, fre_len, nr_fres)) {
		sframe_blob_free(out);
		fail("out of memory");
		goto out;
	}
	rc = 0;
out:
	free(order);
	return rc;
}

void sframe_blob_free(struct sframe_blob *b)
{
	free(b->data);
	free(b->relocs);
	memset(b, 0, sizeof(*b));
}
