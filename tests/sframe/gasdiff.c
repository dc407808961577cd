// SPDX-License-Identifier: GPL-2.0
/*
 * gasdiff OBJ: where GNU as's two translations of the same .cfi_*
 * directives part.  An object assembled with --gsframe carries the
 * directives twice, as .eh_frame (DWARF) and as .sframe; at an
 * instruction both cover, the SFrame row must say what the DWARF row says
 * about the CFA, x29 and x30, in the same spelling.  Prints one line an
 * instruction where they differ ("SYMBOL+0xOFF"), and one a DWARF FDE no
 * SFrame descriptor covers ("missing SYMBOL").  No walk is involved.
 *
 * The fixture tests use it to tell GNU as's SFrame defects from the
 * validator's: a compiled object whose DWARF CFI --check-dwarf finds right
 * may have sframe-mismatch findings only where this prints a line.
 */
#include <fcntl.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "validate/dwarf.h"
#include "validate/sframe.h"

static char err[256];

/* What an SFrame row says of a register, in DWARF's terms. */
static bool rule_same(const struct dw_rule *r, bool saved, int32_t off)
{
	if (saved)
		return r->kind == DW_OFFSET && r->off == off;
	return r->kind == DW_SAME;
}

static bool rows_same(const struct dw_row *d, const struct sframe_row *s)
{
	if (s->ra_undefined)
		return d->rule[cfi_reg_index(REG_LR)].kind == DW_UNDEF;
	return d->cfa_reg == (int)sframe_cfa_reg(s) && d->cfa_off == s->cfa_off &&
	       rule_same(&d->rule[cfi_reg_index(REG_FP)], s->fp_saved, s->fp_off) &&
	       rule_same(&d->rule[cfi_reg_index(REG_LR)], s->ra_saved, s->ra_off);
}

static void print_place(const struct object *obj, const struct section *sec,
			uint64_t off, const char *what)
{
	const struct symbol *sym = symbol_for(obj, sec, off);

	if (sym)
		printf("%s%s+0x%lx\n", what, sym->name,
		       (unsigned long)(off - sym->offset));
	else
		printf("%s%s+0x%lx\n", what, sec->name, (unsigned long)off);
}

/* The SFrame descriptor of t starting at (sec, start), or -1. */
static long find_fde(const struct sframe_table *t, uint32_t sec,
		     uint64_t start, struct sframe_fde *fde)
{
	uint32_t i;

	for (i = 0; i < t->nr_fdes; i++)
		if (!sframe_fde(t, i, fde, err, sizeof(err)) &&
		    fde->sec == sec && fde->start == start)
			return i;
	return -1;
}

/* The row of an SFrame descriptor covering rel, re-read from the start. */
static int sframe_row_at(const struct sframe_table *t,
			 const struct sframe_fde *fde, uint64_t rel,
			 struct sframe_row *out)
{
	struct sframe_rows it;
	struct sframe_row row;
	int found = 0;

	sframe_rows_init(&it, t, fde);
	while (sframe_next_row(&it, &row, err, sizeof(err)) > 0 &&
	       row.start <= rel) {
		*out = row;
		found = 1;
	}
	return found;
}

static int compare_fde(const struct object *obj, const struct section *cfi,
		       const struct sframe_table *t, const struct dw_fde *fde)
{
	const struct section *sec = &obj->secs[fde->sec];
	struct sframe_fde sf;
	struct dw_prog pr;
	uint64_t off;

	if (find_fde(t, fde->sec, fde->start, &sf) < 0) {
		print_place(obj, sec, fde->start, "missing ");
		return 0;
	}
	if (dw_prog_init(&pr, obj, cfi, fde, err, sizeof(err)))
		return -1;
	for (off = fde->start; off + 4 <= fde->start + fde->len; off += 4) {
		struct sframe_row row;

		if (!sec_word_is_code(sec, off))
			continue;
		if (dw_prog_row(&pr, obj, cfi, off, err, sizeof(err)))
			return -1;
		if (sframe_row_at(t, &sf, off - sf.start, &row) &&
		    !rows_same(&pr.row, &row))
			print_place(obj, sec, off, "");
	}
	return 0;
}

static int compare(const struct object *obj)
{
	const struct section *sf = sframe_section(obj), *cfi;
	struct sframe_table t;
	size_t from = 0;
	bool eh;

	if (!sf)
		return 0;
	if (sframe_open(&t, obj, sf, err, sizeof(err)))
		return -1;
	while ((cfi = dw_cfi_section(obj, &from, &eh))) {
		struct dw_iter it;
		struct dw_fde fde;
		int rc;

		if (!eh)
			continue;	/* .eh_frame: what gas writes by default */
		dw_iter_init(&it, obj, cfi, eh);
		while ((rc = dw_next_fde(&it, &fde, err, sizeof(err))) > 0)
			if (fde.sec && sec_is_code(&obj->secs[fde.sec]) &&
			    compare_fde(obj, cfi, &t, &fde))
				return -1;
		if (rc < 0)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct object obj;
	int fd, rc;
	Elf *elf;

	if (argc != 2) {
		fprintf(stderr, "usage: gasdiff OBJ\n");
		return 2;
	}
	elf_version(EV_CURRENT);
	fd = open(argv[1], O_RDONLY);
	elf = fd < 0 ? NULL : elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || object_load(&obj, elf, argv[1], 1, 0, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", argv[1], elf ? err : "cannot read");
		return 2;
	}
	rc = compare(&obj);
	if (rc)
		fprintf(stderr, "%s: %s\n", argv[1], err);
	object_free(&obj);
	elf_end(elf);
	close(fd);
	return rc ? 2 : 0;
}
