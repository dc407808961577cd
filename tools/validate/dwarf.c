// SPDX-License-Identifier: GPL-2.0
/*
 * Reading .eh_frame and .debug_frame: CIEs, FDEs and the CFA programs, as
 * DWARF 5 section 6.4 and the LSB's .eh_frame description lay them out.
 * Every read is bounded by its entry: a malformed entry is an error with
 * the section and offset, never a read outside the section.
 */
#include <stdio.h>
#include <string.h>

#include "validate/dwarf.h"

/* The two CFI sections differ in how entries say which they are. */
static const struct cfi_section_layout {
	const char *name;
	bool eh;
} cfi_sections[] = {
	{ ".eh_frame", true },
	{ ".debug_frame", false },
};

enum {
	DW_EH_PE_absptr = 0x00,
	DW_EH_PE_uleb128 = 0x01,
	DW_EH_PE_udata2 = 0x02,
	DW_EH_PE_udata4 = 0x03,
	DW_EH_PE_udata8 = 0x04,
	DW_EH_PE_sleb128 = 0x09,
	DW_EH_PE_sdata2 = 0x0a,
	DW_EH_PE_sdata4 = 0x0b,
	DW_EH_PE_sdata8 = 0x0c,
	DW_EH_PE_pcrel = 0x10,
};

const struct section *dw_cfi_section(const struct object *obj, size_t *from,
				     bool *eh)
{
	size_t i, k;

	for (i = *from; i < obj->nr_secs; i++) {
		const struct section *sec = &obj->secs[i];

		if (!sec->data || sec->type == SHT_NOBITS)
			continue;
		for (k = 0; k < sizeof(cfi_sections) / sizeof(cfi_sections[0]); k++) {
			if (strcmp(sec->name, cfi_sections[k].name))
				continue;
			*eh = cfi_sections[k].eh;
			*from = i + 1;
			return sec;
		}
	}
	*from = obj->nr_secs;
	return NULL;
}

uint64_t dw_read(struct dw_cursor *c, unsigned int size)
{
	uint64_t v = 0;
	unsigned int i;

	if (c->bad || (size_t)(c->end - c->p) < size) {
		c->bad = true;
		return 0;
	}
	for (i = 0; i < size; i++) {
		unsigned int shift = c->big_endian ? 8 * (size - 1 - i) : 8 * i;

		v |= (uint64_t)c->p[i] << shift;
	}
	c->p += size;
	return v;
}

/* The bits of a LEB128 number; *shift says how many, *last its last byte. */
static uint64_t leb128(struct dw_cursor *c, unsigned int *shift, uint8_t *last)
{
	uint64_t v = 0;

	*shift = 0;
	*last = 0;
	while (!c->bad) {
		if (c->p >= c->end) {
			c->bad = true;
			break;
		}
		*last = *c->p++;
		if (*shift < 64)
			v |= (uint64_t)(*last & 0x7f) << *shift;
		*shift += 7;
		if (!(*last & 0x80))
			break;
	}
	return v;
}

uint64_t dw_uleb(struct dw_cursor *c)
{
	unsigned int shift;
	uint8_t last;

	return leb128(c, &shift, &last);
}

int64_t dw_sleb(struct dw_cursor *c)
{
	unsigned int shift;
	uint8_t last;
	uint64_t v = leb128(c, &shift, &last);

	if (c->bad)
		return 0;
	if (shift < 64 && (last & 0x40))
		v |= ~(uint64_t)0 << shift;
	return (int64_t)v;
}

static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

bool dw_read_encoded(struct dw_cursor *c, uint8_t enc, uint64_t *v)
{
	switch (enc & 0x0f) {
	case DW_EH_PE_absptr:
	case DW_EH_PE_udata8:
	case DW_EH_PE_sdata8:
		*v = dw_read(c, 8);
		return true;
	case DW_EH_PE_uleb128:
		*v = dw_uleb(c);
		return true;
	case DW_EH_PE_sleb128:
		*v = (uint64_t)dw_sleb(c);
		return true;
	case DW_EH_PE_udata2:
		*v = dw_read(c, 2);
		return true;
	case DW_EH_PE_sdata2:
		*v = (uint64_t)sign_extend(dw_read(c, 2), 16);
		return true;
	case DW_EH_PE_udata4:
		*v = dw_read(c, 4);
		return true;
	case DW_EH_PE_sdata4:
		*v = (uint64_t)sign_extend(dw_read(c, 4), 32);
		return true;
	}
	return false;
}

bool dw_read_ptr(struct dw_cursor *c, const struct object *obj,
		 const struct section *in, uint8_t enc, uint32_t *sec,
		 uint64_t *off)
{
	uint64_t field = (uint64_t)(c->p - in->data), raw, addr;
	const struct section *to;
	const struct reloc *r;

	*sec = 0;
	*off = 0;
	if (!dw_read_encoded(c, enc, &raw))
		return false;
	if ((enc & 0x70) != 0 && (enc & 0x70) != DW_EH_PE_pcrel)
		return false;
	/* relocatable objects: the relocation names the place, S + A */
	r = reloc_at(in, field);
	if (r) {
		const struct symbol *s = &obj->syms[r->sym];

		if (s->sec && s->sec < obj->nr_secs) {
			*sec = s->sec;
			*off = s->offset + (uint64_t)r->addend;
		}
		return true;
	}
	if (!obj->linked)
		return true;
	addr = raw;
	if ((enc & 0x70) == DW_EH_PE_pcrel)
		addr += in->addr + field;
	to = section_by_addr(obj, addr);
	if (to) {
		*sec = to->idx;
		*off = addr - to->addr;
	}
	return true;
}

void dw_iter_init(struct dw_iter *it, const struct object *obj,
		  const struct section *sec, bool eh)
{
	it->obj = obj;
	it->sec = sec;
	it->eh = eh;
	it->pos = 0;
}

#define fail(...) ({ snprintf(err, len, __VA_ARGS__); -1; })

/*
 * Length and id of the entry at pos; c is left on what follows the id and
 * bounded by the entry.  1: a zero-length terminator, with no id.
 */
static int entry_header(struct dw_iter *it, uint64_t pos, struct dw_cursor *c,
			uint64_t *id, bool *is_cie, uint64_t *id_field,
			char *err, size_t len)
{
	const struct section *sec = it->sec;
	uint64_t length;
	unsigned int idsize = 4;
	const struct reloc *r;

	c->p = sec->data + pos;
	c->end = sec->data + sec->size;
	c->big_endian = it->obj->big_endian;
	c->bad = false;
	length = dw_read(c, 4);
	if (length == 0xffffffff) {
		length = dw_read(c, 8);
		idsize = 8;
	}
	if (c->bad || length > (uint64_t)(c->end - c->p))
		return fail("%s+0x%lx: entry runs past the end of the section",
			    sec->name, (unsigned long)pos);
	c->end = c->p + length;
	if (!length)		/* a terminator: .eh_frame's last word */
		return 1;
	*id_field = (uint64_t)(c->p - sec->data);
	*id = dw_read(c, idsize);
	if (c->bad)
		return fail("%s+0x%lx: entry too short for its id", sec->name,
			    (unsigned long)pos);
	if (it->eh) {
		*is_cie = *id == 0;
		return 0;
	}
	*is_cie = *id == (idsize == 4 ? 0xffffffffULL : ~0ULL);
	/* .debug_frame in a relocatable object: the CIE pointer is relocated */
	r = reloc_at(sec, *id_field);
	if (!*is_cie && r && r->sym < it->obj->nr_syms)
		*id = it->obj->syms[r->sym].offset + (uint64_t)r->addend;
	return 0;
}

static int parse_augmentation(struct dw_iter *it, struct dw_cursor *c,
			      const char *aug, struct dw_cie *cie, uint64_t pos,
			      char *err, size_t len)
{
	const char *a;
	uint64_t aug_len;
	const uint8_t *aug_end;

	if (aug[0] != 'z') {
		if (aug[0])
			return fail("%s+0x%lx: CIE augmentation \"%s\" is not understood",
				    it->sec->name, (unsigned long)pos, aug);
		return 0;
	}
	cie->aug_z = true;
	aug_len = dw_uleb(c);
	if (c->bad || aug_len > (uint64_t)(c->end - c->p))
		return fail("%s+0x%lx: CIE augmentation data runs past the entry",
			    it->sec->name, (unsigned long)pos);
	aug_end = c->p + aug_len;
	for (a = aug + 1; *a; a++) {
		uint64_t ignored;

		switch (*a) {
		case 'R':
			cie->fde_enc = (uint8_t)dw_read(c, 1);
			break;
		case 'L':
			cie->lsda = true;
			cie->lsda_enc = (uint8_t)dw_read(c, 1);
			break;
		case 'P':
			if (!dw_read_encoded(c, (uint8_t)dw_read(c, 1), &ignored))
				return fail("%s+0x%lx: personality encoding not understood",
					    it->sec->name, (unsigned long)pos);
			break;
		case 'B':	/* AArch64: return address signed with the B key */
			cie->b_key = true;
			break;
		case 'S':	/* signal frame */
		case 'G':	/* AArch64: MTE tagged frame */
			break;
		default:
			return fail("%s+0x%lx: CIE augmentation '%c' is not understood",
				    it->sec->name, (unsigned long)pos, *a);
		}
	}
	if (c->bad || c->p > aug_end)
		return fail("%s+0x%lx: CIE augmentation data is malformed",
			    it->sec->name, (unsigned long)pos);
	c->p = aug_end;
	return 0;
}

static int parse_cie(struct dw_iter *it, uint64_t pos, struct dw_cie *cie,
		     char *err, size_t len)
{
	struct dw_cursor c;
	uint64_t id, id_field;
	bool is_cie;
	const char *aug;
	uint8_t version;
	int rc;

	if (pos >= it->sec->size)
		return fail("%s: CIE pointer 0x%lx is outside the section",
			    it->sec->name, (unsigned long)pos);
	rc = entry_header(it, pos, &c, &id, &is_cie, &id_field, err, len);
	if (rc < 0)
		return -1;
	if (rc > 0 || !is_cie)
		return fail("%s+0x%lx: an FDE points at this entry as its CIE",
			    it->sec->name, (unsigned long)pos);
	memset(cie, 0, sizeof(*cie));
	cie->addr_size = 8;
	version = (uint8_t)dw_read(&c, 1);
	if (version != 1 && version != 3 && version != 4)
		return fail("%s+0x%lx: CIE version %u is not understood",
			    it->sec->name, (unsigned long)pos, version);
	aug = (const char *)c.p;
	c.p = memchr(c.p, 0, (size_t)(c.end - c.p));
	if (!c.p)
		return fail("%s+0x%lx: CIE augmentation string is not terminated",
			    it->sec->name, (unsigned long)pos);
	c.p++;
	if (version == 4) {
		cie->addr_size = (uint8_t)dw_read(&c, 1);
		dw_read(&c, 1);		/* segment selector size */
	}
	cie->code_align = dw_uleb(&c);
	cie->data_align = dw_sleb(&c);
	if (version == 1)
		dw_read(&c, 1);
	else
		dw_uleb(&c);		/* return address register */
	cie->fde_enc = cie->addr_size == 4 ? DW_EH_PE_udata4 : DW_EH_PE_absptr;
	if (parse_augmentation(it, &c, aug, cie, pos, err, len))
		return -1;
	if (c.bad || !cie->code_align)
		return fail("%s+0x%lx: CIE is malformed", it->sec->name,
			    (unsigned long)pos);
	cie->insns = c.p;
	cie->insns_end = c.end;
	return 0;
}

static int parse_fde_body(struct dw_iter *it, struct dw_cursor *c,
			  struct dw_fde *fde, char *err, size_t len)
{
	const struct dw_cie *cie = &fde->cie;
	uint64_t range;

	if (!dw_read_ptr(c, it->obj, it->sec, cie->fde_enc, &fde->sec, &fde->start))
		return fail("%s+0x%lx: FDE address encoding 0x%x is not understood",
			    it->sec->name, (unsigned long)fde->off, cie->fde_enc);
	/* the range is a length: its format only, never relocated */
	if (!dw_read_encoded(c, cie->fde_enc & 0x0f, &range))
		return -1;
	fde->len = range;
	if (cie->aug_z) {
		uint64_t aug_len = dw_uleb(c);
		const uint8_t *aug_end = c->p + aug_len;

		if (c->bad || aug_len > (uint64_t)(c->end - c->p))
			return fail("%s+0x%lx: FDE augmentation data runs past the entry",
				    it->sec->name, (unsigned long)fde->off);
		if (cie->lsda && cie->lsda_enc != DW_EH_PE_omit) {
			fde->has_lsda = dw_read_ptr(c, it->obj, it->sec, cie->lsda_enc,
						    &fde->lsda_sec, &fde->lsda_off);
		}
		c->p = aug_end;
	}
	if (c->bad)
		return fail("%s+0x%lx: FDE is truncated", it->sec->name,
			    (unsigned long)fde->off);
	fde->insns = c->p;
	fde->insns_end = c->end;
	return 0;
}

int dw_next_fde(struct dw_iter *it, struct dw_fde *fde, char *err, size_t len)
{
	while (it->pos + 4 <= it->sec->size) {
		struct dw_cursor c;
		uint64_t id, id_field, pos = it->pos, cie_pos;
		bool is_cie;
		int rc;

		rc = entry_header(it, pos, &c, &id, &is_cie, &id_field, err, len);
		if (rc < 0)
			return -1;
		it->pos = (uint64_t)(c.end - it->sec->data);
		if (rc > 0 || is_cie)
			continue;
		memset(fde, 0, sizeof(*fde));
		fde->off = pos;
		cie_pos = it->eh ? id_field - id : id;
		if (parse_cie(it, cie_pos, &fde->cie, err, len))
			return -1;
		if (parse_fde_body(it, &c, fde, err, len))
			return -1;
		return 1;
	}
	return 0;
}

int dw_reg_index(uint64_t reg)
{
	return cfi_reg_index(arch_dwarf_reg(reg));
}

static void set_rule(struct dw_row *row, uint64_t reg, enum dw_rule_kind kind,
		     int64_t off)
{
	int idx = dw_reg_index(reg);

	if (idx < 0)
		return;
	row->rule[idx].kind = kind;
	row->rule[idx].off = off;
}

static void restore_rule(struct dw_prog *pr, uint64_t reg)
{
	int idx = dw_reg_index(reg);

	if (idx >= 0)
		pr->row.rule[idx] = pr->initial.rule[idx];
}

enum {
	DW_CFA_advance_loc = 0x40,
	DW_CFA_offset = 0x80,
	DW_CFA_restore = 0xc0,
	DW_CFA_nop = 0x00,
	DW_CFA_set_loc = 0x01,
	DW_CFA_advance_loc1 = 0x02,
	DW_CFA_advance_loc2 = 0x03,
	DW_CFA_advance_loc4 = 0x04,
	DW_CFA_offset_extended = 0x05,
	DW_CFA_restore_extended = 0x06,
	DW_CFA_undefined = 0x07,
	DW_CFA_same_value = 0x08,
	DW_CFA_register = 0x09,
	DW_CFA_remember_state = 0x0a,
	DW_CFA_restore_state = 0x0b,
	DW_CFA_def_cfa = 0x0c,
	DW_CFA_def_cfa_register = 0x0d,
	DW_CFA_def_cfa_offset = 0x0e,
	DW_CFA_def_cfa_expression = 0x0f,
	DW_CFA_expression = 0x10,
	DW_CFA_offset_extended_sf = 0x11,
	DW_CFA_def_cfa_sf = 0x12,
	DW_CFA_def_cfa_offset_sf = 0x13,
	DW_CFA_val_offset = 0x14,
	DW_CFA_val_offset_sf = 0x15,
	DW_CFA_val_expression = 0x16,
	DW_CFA_GNU_args_size = 0x2e,
	DW_CFA_GNU_negative_offset_extended = 0x2f,
};

static void skip_block(struct dw_cursor *c)
{
	uint64_t n = dw_uleb(c);

	if (c->bad || n > (uint64_t)(c->end - c->p))
		c->bad = true;
	else
		c->p += n;
}

/*
 * A factored offset, v times the CIE's data alignment, in wrapping
 * arithmetic: a corrupt CIE or FDE gives some offset, which the
 * comparison then finds wrong, never a signed overflow.
 */
static int64_t factored(uint64_t v, const struct dw_cie *cie)
{
	return (int64_t)(v * (uint64_t)cie->data_align);
}

/* The operations that change the row; false for an unknown opcode. */
static bool exec_rule_op(struct dw_prog *pr, struct dw_cursor *c, uint8_t op)
{
	const struct dw_cie *cie = &pr->fde->cie;
	struct dw_row *row = &pr->row;
	uint64_t reg;

	switch (op) {
	case DW_CFA_nop:
		break;
	case DW_CFA_offset_extended:
		reg = dw_uleb(c);
		set_rule(row, reg, DW_OFFSET, factored(dw_uleb(c), cie));
		break;
	case DW_CFA_offset_extended_sf:
		reg = dw_uleb(c);
		set_rule(row, reg, DW_OFFSET, factored((uint64_t)dw_sleb(c), cie));
		break;
	case DW_CFA_GNU_negative_offset_extended:
		reg = dw_uleb(c);
		set_rule(row, reg, DW_OFFSET, factored(0 - dw_uleb(c), cie));
		break;
	case DW_CFA_restore_extended:
		restore_rule(pr, dw_uleb(c));
		break;
	case DW_CFA_undefined:
		set_rule(row, dw_uleb(c), DW_UNDEF, 0);
		break;
	case DW_CFA_same_value:
		set_rule(row, dw_uleb(c), DW_SAME, 0);
		break;
	case DW_CFA_register:
	case DW_CFA_val_offset:
	case DW_CFA_val_offset_sf:	/* skipping a LEB128 needs no sign */
		reg = dw_uleb(c);
		dw_uleb(c);
		set_rule(row, reg, DW_OTHER, 0);
		break;
	case DW_CFA_expression:
	case DW_CFA_val_expression:
		reg = dw_uleb(c);
		skip_block(c);
		set_rule(row, reg, DW_OTHER, 0);
		break;
	case DW_CFA_def_cfa:
		row->cfa_reg = (int)arch_dwarf_reg(dw_uleb(c));
		row->cfa_off = (int64_t)dw_uleb(c);
		break;
	case DW_CFA_def_cfa_sf:
		row->cfa_reg = (int)arch_dwarf_reg(dw_uleb(c));
		row->cfa_off = factored((uint64_t)dw_sleb(c), cie);
		break;
	case DW_CFA_def_cfa_register:
		row->cfa_reg = (int)arch_dwarf_reg(dw_uleb(c));
		break;
	case DW_CFA_def_cfa_offset:
		row->cfa_off = (int64_t)dw_uleb(c);
		break;
	case DW_CFA_def_cfa_offset_sf:
		row->cfa_off = factored((uint64_t)dw_sleb(c), cie);
		break;
	case DW_CFA_def_cfa_expression:
		skip_block(c);
		row->cfa_reg = -1;
		break;
	case DW_CFA_GNU_args_size:
		dw_uleb(c);
		break;
	default:
		/* x30's signing (pointer authentication), not its place */
		if (arch_dwarf_cfa_op(op) != ARCH_CFA_NEGATE_RA_STATE)
			return false;
		row->ra_signed = !row->ra_signed;
		break;
	}
	return true;
}

/*
 * Run from c until an instruction moves to a new row.  1: *next is where
 * that row starts; 0: the program ended; -1: malformed.
 */
static int exec_until_advance(struct dw_prog *pr, struct dw_cursor *c,
			      const struct object *obj,
			      const struct section *cfi, uint64_t *next,
			      char *err, size_t len)
{
	const struct dw_cie *cie = &pr->fde->cie;
	uint32_t sec;

	while (c->p < c->end && !c->bad) {
		uint8_t op = *c->p++;

		switch (op & 0xc0) {
		case DW_CFA_advance_loc:
			*next = pr->loc + (op & 0x3f) * cie->code_align;
			return 1;
		case DW_CFA_offset:
			set_rule(&pr->row, op & 0x3f, DW_OFFSET,
				 factored(dw_uleb(c), cie));
			continue;
		case DW_CFA_restore:
			restore_rule(pr, op & 0x3f);
			continue;
		}
		switch (op) {
		case DW_CFA_advance_loc1:
			*next = pr->loc + dw_read(c, 1) * cie->code_align;
			return c->bad ? -1 : 1;
		case DW_CFA_advance_loc2:
			*next = pr->loc + dw_read(c, 2) * cie->code_align;
			return c->bad ? -1 : 1;
		case DW_CFA_advance_loc4:
			*next = pr->loc + dw_read(c, 4) * cie->code_align;
			return c->bad ? -1 : 1;
		case DW_CFA_set_loc:
			if (!dw_read_ptr(c, obj, cfi, cie->fde_enc, &sec, next) ||
			    sec != pr->fde->sec)
				return fail("%s+0x%lx: DW_CFA_set_loc outside the FDE's section",
					    cfi->name, (unsigned long)pr->fde->off);
			return c->bad ? -1 : 1;
		case DW_CFA_remember_state:
			if (pr->depth == DW_STACK_MAX)
				return fail("%s+0x%lx: more than %d remembered states",
					    cfi->name, (unsigned long)pr->fde->off,
					    DW_STACK_MAX);
			pr->stack[pr->depth++] = pr->row;
			continue;
		case DW_CFA_restore_state:
			if (!pr->depth)
				return fail("%s+0x%lx: DW_CFA_restore_state with nothing remembered",
					    cfi->name, (unsigned long)pr->fde->off);
			/* the CFA rule is restored too (DWARF 5, 6.4.2.4) */
			pr->row = pr->stack[--pr->depth];
			continue;
		}
		if (!exec_rule_op(pr, c, op))
			return fail("%s+0x%lx: CFA instruction 0x%02x is not understood",
				    cfi->name, (unsigned long)pr->fde->off, op);
	}
	if (c->bad)
		return fail("%s+0x%lx: CFA program runs past its entry", cfi->name,
			    (unsigned long)pr->fde->off);
	return 0;
}

int dw_prog_init(struct dw_prog *pr, const struct object *obj,
		 const struct section *cfi, const struct dw_fde *fde,
		 char *err, size_t len)
{
	struct dw_cursor c = {
		.p = fde->cie.insns, .end = fde->cie.insns_end,
		.big_endian = obj->big_endian,
	};
	uint64_t next;
	int i, rc;

	memset(pr, 0, sizeof(*pr));
	pr->fde = fde;
	pr->row.cfa_reg = REG_SP;
	for (i = 0; i < CFI_NR_REGS; i++)
		pr->row.rule[i].kind = DW_SAME;
	pr->loc = fde->start;
	rc = exec_until_advance(pr, &c, obj, cfi, &next, err, len);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return fail("%s+0x%lx: the CIE's initial instructions advance the location",
			    cfi->name, (unsigned long)fde->off);
	pr->initial = pr->row;
	pr->depth = 0;
	pr->p = fde->insns;
	pr->next_loc = fde->start;	/* the FDE's own first row, not run yet */
	return 0;
}

int dw_prog_row(struct dw_prog *pr, const struct object *obj,
		const struct section *cfi, uint64_t off, char *err, size_t len)
{
	struct dw_cursor c = {
		.p = pr->p, .end = pr->fde->insns_end,
		.big_endian = obj->big_endian,
	};
	int rc;

	while (pr->next_loc != UINT64_MAX && pr->next_loc <= off) {
		uint64_t next = UINT64_MAX;

		if (pr->next_loc < pr->loc)
			return fail("%s+0x%lx: CFA program moves backwards",
				    cfi->name, (unsigned long)pr->fde->off);
		pr->loc = pr->next_loc;
		rc = exec_until_advance(pr, &c, obj, cfi, &next, err, len);
		if (rc < 0)
			return -1;
		pr->next_loc = rc ? next : UINT64_MAX;
		/* an advance by zero opens no row: keep running */
	}
	pr->p = c.p;
	return 0;
}

int dw_each_fde(const struct object *obj, dw_fde_fn fn, void *arg,
		char *err, size_t len)
{
	const struct section *cfi;
	size_t from = 0;
	bool eh;

	while ((cfi = dw_cfi_section(obj, &from, &eh))) {
		struct dw_iter it;
		struct dw_fde fde;
		int rc;

		dw_iter_init(&it, obj, cfi, eh);
		while ((rc = dw_next_fde(&it, &fde, err, len)) > 0)
			if (fn(arg, cfi, &fde))
				return -1;
		if (rc < 0)
			return -1;
	}
	return 0;
}
