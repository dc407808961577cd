// SPDX-License-Identifier: GPL-2.0
/*
 * Special sections: tables the kernel keeps beside its code, each saying
 * something about control flow that the instructions do not.  One row per
 * layout; a section's layout is recognised from its size and from which
 * fields of each entry carry relocations.
 */
#include <string.h>

#include "alt.h"
#include "special.h"

#define NO_FIELD	0xff
#define FIELD(off)	(1u << ((off) / 4))

#define BUGFLAG_WARNING	(1 << 0)
#define ARM64_CB_BIT	(1 << 15)
#define EX_TYPE_BPF	1

enum special_kind {
	SPECIAL_EXTABLE,	/* faulting instruction -> fixup */
	SPECIAL_JUMP_LABEL,	/* static key: nop <-> b target */
	SPECIAL_BUG,		/* brk #0x800: BUG or WARN by its flags */
	SPECIAL_ALT,		/* alternative: original block, replacement */
	SPECIAL_PATCH_SITE,	/* ftrace: a 64-bit address of a patch site */
};

struct special_layout {
	const char *section;
	const char *variant;
	enum special_kind kind;
	unsigned int entsize;
	uint8_t code;		/* s32 self-relative: the instruction */
	uint8_t dest;		/* s32 self-relative: fixup or jump target */
	uint8_t flags;		/* u16: extable type, bug flags, alt feature */
	uint8_t orig_len;	/* u8: an alternative's original block, bytes */
	uint8_t alt_len;	/* u8: its replacement, bytes */
	uint32_t relocated;	/* FIELD() of each 4-byte field with a relocation */
	/* what a malformed table or entry is reported as; CHECK_MAX: nothing */
	enum check_id bad;
};

static const struct special_layout layouts[] = {
	/* section, variant, kind, entsize, code, dest, flags, orig_len,
	 * alt_len, relocated fields, what a bad entry is */
	{ "__ex_table", "insn, fixup, type, data (Linux 5.16 on)",
	  SPECIAL_EXTABLE, 12, 0, 4, 8, NO_FIELD, NO_FIELD, FIELD(0) | FIELD(4),
	  CHECK_BAD_EXTABLE },
	{ "__ex_table", "insn, fixup (Linux 4.6 to 5.15)",
	  SPECIAL_EXTABLE, 8, 0, 4, NO_FIELD, NO_FIELD, NO_FIELD,
	  FIELD(0) | FIELD(4), CHECK_BAD_EXTABLE },
	{ "__kvm_ex_table", "insn, fixup",
	  SPECIAL_EXTABLE, 8, 0, 4, NO_FIELD, NO_FIELD, NO_FIELD,
	  FIELD(0) | FIELD(4), CHECK_BAD_EXTABLE },
	{ "__jump_table", "code, target, key",
	  SPECIAL_JUMP_LABEL, 16, 0, 4, NO_FIELD, NO_FIELD, NO_FIELD,
	  FIELD(0) | FIELD(4) | FIELD(8), CHECK_MAX },
	{ "__bug_table", "bug address, file, line, flags",
	  SPECIAL_BUG, 12, 0, NO_FIELD, 10, NO_FIELD, NO_FIELD,
	  FIELD(0) | FIELD(4), CHECK_MAX },
	{ "__bug_table", "bug address, flags",
	  SPECIAL_BUG, 8, 0, NO_FIELD, 4, NO_FIELD, NO_FIELD, FIELD(0),
	  CHECK_MAX },
	{ ".altinstructions", "orig, alt, feature, orig_len, alt_len",
	  SPECIAL_ALT, 12, 0, 4, 8, 10, 11, FIELD(0) | FIELD(4),
	  CHECK_BAD_ALTERNATIVE },
	/* -fpatchable-function-entry (code: a u64 address, not an s32) */
	{ "__patchable_function_entries", "the first nop of each patch site",
	  SPECIAL_PATCH_SITE, 8, 0, NO_FIELD, NO_FIELD, NO_FIELD, NO_FIELD,
	  FIELD(0), CHECK_PATCHABLE_ENTRY },
};

#define NR_LAYOUTS	(sizeof(layouts) / sizeof(layouts[0]))

static unsigned int popcount(uint32_t v)
{
	return (unsigned int)__builtin_popcount(v);
}

/*
 * A layout fits if the section is a whole number of entries and, where the
 * file has relocations, exactly the layout's fields of every entry carry one.
 */
static bool layout_fits(const struct special_layout *l, const struct section *sec)
{
	size_t i;

	if (sec->size % l->entsize)
		return false;
	if (!sec->nr_relocs)
		return true;
	if (sec->nr_relocs != sec->size / l->entsize * popcount(l->relocated))
		return false;
	for (i = 0; i < sec->nr_relocs; i++) {
		uint64_t f = sec->relocs[i].offset % l->entsize;

		if (f % 4 || !(l->relocated & FIELD(f)))
			return false;
	}
	return true;
}

/* The layout that fits; NULL, with *named set, if rows name it but none fits. */
static const struct special_layout *find_layout(const struct section *sec,
						const struct special_layout **named)
{
	size_t i;

	*named = NULL;
	for (i = 0; i < NR_LAYOUTS; i++) {
		if (strcmp(layouts[i].section, sec->name))
			continue;
		*named = &layouts[i];
		if (layout_fits(&layouts[i], sec))
			return &layouts[i];
	}
	return NULL;
}

/*
 * Resolve a self-relative s32 field to a (section, offset).  Where a
 * relocation names a symbol, *sym is set to it, even an undefined one.
 */
static bool prel32(struct ctx *ctx, const struct section *sec, uint64_t field,
		   uint32_t *tsec, uint64_t *toff, const struct symbol **symp)
{
	const struct object *obj = ctx->obj;
	const struct reloc *r = reloc_at(sec, field);
	const struct section *s;
	int64_t dest;
	uint32_t v;

	if (symp)
		*symp = NULL;
	if (r) {
		const struct symbol *sym = &obj->syms[r->sym];

		if (symp)
			*symp = sym;
		if (!sym->sec)
			return false;
		dest = reloc_dest(obj, r);
		s = &obj->secs[sym->sec];
	} else {
		if (!obj->linked || !sec_read32(obj, sec, field, &v))
			return false;
		s = section_by_addr(obj, sec->addr + field + (int32_t)v);
		if (!s)
			return false;
		dest = (int64_t)(sec->addr + field + (int32_t)v - s->addr);
	}
	if (dest < 0 || (uint64_t)dest >= s->size)
		return false;
	*tsec = s->idx;
	*toff = dest;
	return true;
}

static int bad_entry(struct ctx *ctx, const struct special_layout *l,
		     const struct section *sec, uint64_t entry, const char *why)
{
	if (l->bad != CHECK_MAX)
		finding_add(ctx, l->bad, sec->idx, entry, 0, "entry %s", why);
	return 0;
}

static int bad_alt(struct ctx *ctx, const struct section *sec, uint64_t entry,
		   const char *why)
{
	finding_add(ctx, CHECK_BAD_ALTERNATIVE, sec->idx, entry, 0,
		    "alternative entry %s", why);
	return 0;
}

/* The callback's name: the symbol, or the function at a section offset. */
static const char *callback_name(struct ctx *ctx, const struct symbol *sym,
				 bool resolved, uint32_t dsec, uint64_t dest)
{
	const struct symbol *f;

	if (sym && sym->type != STT_SECTION)
		return sym->name;
	if (!resolved)
		return "?";
	f = func_at(ctx->obj, &ctx->obj->secs[dsec], dest);
	return f ? f->name : "?";
}

static int read_alt(struct ctx *ctx, const struct special_layout *l,
		    const struct section *sec, uint64_t entry)
{
	const struct section *osec;
	struct alt_stream st = { .entry = (uint32_t)entry };
	const struct symbol *sym;
	uint32_t csec, dsec = 0;
	uint64_t code, dest = 0;
	uint8_t orig_len, alt_len;
	bool resolved;

	if (!sec_read16(ctx->obj, sec, entry + l->flags, &st.feature))
		return bad_alt(ctx, sec, entry, "is truncated");
	orig_len = sec->data[entry + l->orig_len];
	alt_len = sec->data[entry + l->alt_len];
	if (!prel32(ctx, sec, entry + l->code, &csec, &code, NULL) ||
	    !sec_is_code(&ctx->obj->secs[csec]))
		return bad_alt(ctx, sec, entry, "has an original outside any code section");
	osec = &ctx->obj->secs[csec];
	if (orig_len % 4 || alt_len % 4 || code % 4)
		return bad_alt(ctx, sec, entry, "has a length or offset that is not a whole number of instructions");
	if (alt_len > orig_len)
		return bad_alt(ctx, sec, entry, "has a replacement longer than its original");
	if (code + orig_len > osec->size)
		return bad_alt(ctx, sec, entry, "has an original block past the end of its section");
	resolved = prel32(ctx, sec, entry + l->dest, &dsec, &dest, &sym);
	st.callback = (st.feature & ARM64_CB_BIT) || (alt_len == 0 && orig_len);
	if (st.callback) {
		const char *name = callback_name(ctx, sym, resolved, dsec, dest);

		st.nops = arch_alt_callback_writes_nops(name);
		if (ctx->opts->verbose)
			fprintf(ctx->log, "%s: %s+0x%llx: alternative patched at boot by %s%s\n",
				ctx->obj->name, osec->name, (unsigned long long)code,
				name, st.nops ? " (nops)" : ": the original is the only stream");
	} else {
		if (!resolved || !sec_is_code(&ctx->obj->secs[dsec]) ||
		    dest + alt_len > ctx->obj->secs[dsec].size)
			return bad_alt(ctx, sec, entry, "has a replacement outside any code section");
		st.sec = dsec;
		st.off = dest;
		st.len = alt_len;
	}
	if (!orig_len)
		return 0;
	return alt_add_stream(ctx, csec, code, orig_len, &st);
}

/*
 * Resolve a 64-bit address field (a RELOC_ABS64 relocation in objects, the
 * address itself in linked files) to a (section, offset).
 */
static bool abs64(struct ctx *ctx, const struct section *sec, uint64_t field,
		  uint32_t *tsec, uint64_t *toff)
{
	const struct object *obj = ctx->obj;
	const struct reloc *r = reloc_at(sec, field);
	const struct section *s;
	uint32_t lo, hi;
	uint64_t addr;

	if (r) {
		const struct symbol *sym = &obj->syms[r->sym];

		if (!sym->sec || arch_reloc_kind(r->type) != RELOC_ABS64)
			return false;
		s = &obj->secs[sym->sec];
		addr = sym->offset + (uint64_t)r->addend;
	} else {
		if (!obj->linked || !sec_read32(obj, sec, field, &lo) ||
		    !sec_read32(obj, sec, field + 4, &hi))
			return false;
		addr = obj->big_endian ? (uint64_t)lo << 32 | hi :
					 (uint64_t)hi << 32 | lo;
		s = section_by_addr(obj, addr);
		if (!s)
			return false;
		addr -= s->addr;
	}
	if (addr >= s->size)
		return false;
	*tsec = s->idx;
	*toff = addr;
	return true;
}

static bool word_is(const struct section *sec, uint64_t off,
		    enum insn_kind kind, uint8_t flags)
{
	struct insn_desc d;

	if (!sec_word_is_code(sec, off))
		return false;
	arch_decode(insn_word(sec, off), &d);
	return d.kind == kind && (d.flags & flags) == flags;
}

/* A bti that an indirect call may land on, or nothing: where a site starts. */
static uint64_t past_bti(const struct section *sec, uint64_t off)
{
	return word_is(sec, off, INSN_HINT, INSN_F_BTI | INSN_F_CALL_PAD) ?
	       off + 4 : off;
}

/*
 * ftrace patches two nops into mov x9, x30; bl <trampoline>.  The table
 * holds the first nop's address: with -fpatchable-function-entry=2 the
 * function's own first nop (after its bti c); with =4,2
 * (CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS) the first of two nops before the
 * symbol, a literal once patched and never executed, and the site is the
 * two after the symbol (and its bti c).  Where the site is, the walk
 * judges (walk.c, patch_site()).
 */
static int read_patch_site(struct ctx *ctx, const struct special_layout *l,
			   const struct section *sec, uint64_t entry)
{
	struct alt_stream st = { .entry = (uint32_t)entry, .callback = true,
				 .ftrace = true };
	const struct section *csec;
	const struct symbol *f;
	uint64_t site;
	uint32_t idx;

	if (!abs64(ctx, sec, entry + l->code, &idx, &site))
		return bad_entry(ctx, l, sec, entry, "points at no instruction");
	csec = &ctx->obj->secs[idx];
	f = func_at(ctx->obj, csec, site + 8);
	if (f && f->offset == site + 8 && !func_at(ctx->obj, csec, site) &&
	    word_is(csec, site, INSN_NOP, 0) && word_is(csec, site + 4, INSN_NOP, 0))
		site = past_bti(csec, site + 8);	/* =4,2 */
	else if (!func_at(ctx->obj, csec, site))
		return bad_entry(ctx, l, sec, entry, "points into code no function covers");
	if (!sec_word_is_code(csec, site) || !sec_word_is_code(csec, site + 4))
		return bad_entry(ctx, l, sec, entry, "points at no pair of instructions");
	return alt_add_stream(ctx, idx, site, 8, &st);
}

static int read_entry(struct ctx *ctx, const struct special_layout *l,
		      const struct section *sec, uint64_t entry)
{
	uint32_t csec, dsec = 0;
	uint64_t code, dest = 0;
	uint16_t flags = 0;
	struct insn_desc d;

	if (l->kind == SPECIAL_ALT)
		return read_alt(ctx, l, sec, entry);
	if (l->kind == SPECIAL_PATCH_SITE)
		return read_patch_site(ctx, l, sec, entry);
	if (!prel32(ctx, sec, entry + l->code, &csec, &code, NULL) ||
	    !sec_word_is_code(&ctx->obj->secs[csec], code))
		return bad_entry(ctx, l, sec, entry, "points at no instruction");
	if (l->dest != NO_FIELD &&
	    !prel32(ctx, sec, entry + l->dest, &dsec, &dest, NULL))
		return bad_entry(ctx, l, sec, entry, "has a target outside any section");
	if (l->flags != NO_FIELD && !sec_read16(ctx->obj, sec, entry + l->flags, &flags))
		return bad_entry(ctx, l, sec, entry, "is truncated");

	switch (l->kind) {
	case SPECIAL_EXTABLE:
		if (l->flags != NO_FIELD && flags == EX_TYPE_BPF)
			return 0;
		if (!sec_word_is_code(&ctx->obj->secs[dsec], dest))
			return bad_entry(ctx, l, sec, entry, "has a fixup that is no instruction");
		return edge_add(ctx, csec, code, dsec, dest, EDGE_FIXUP);
	case SPECIAL_JUMP_LABEL:
		/* the other way of the branch than the one compiled in */
		arch_decode(insn_word(&ctx->obj->secs[csec], code), &d);
		if (d.kind == INSN_JUMP)
			return edge_add(ctx, csec, code, csec, code + 4,
					EDGE_STATIC_KEY);
		return edge_add(ctx, csec, code, dsec, dest, EDGE_STATIC_KEY);
	case SPECIAL_BUG:
		if (!(flags & BUGFLAG_WARNING))
			return 0;
		return edge_add(ctx, csec, code, csec, code + 4, EDGE_WARN);
	case SPECIAL_ALT:
	case SPECIAL_PATCH_SITE:
		break;
	}
	return 0;
}

bool special_section_known(const char *name)
{
	size_t i;

	for (i = 0; i < NR_LAYOUTS; i++)
		if (!strcmp(layouts[i].section, name))
			return true;
	return false;
}

int special_read(struct ctx *ctx)
{
	size_t i;

	for (i = 1; i < ctx->obj->nr_secs; i++) {
		const struct section *sec = &ctx->obj->secs[i];
		const struct special_layout *l, *named;
		uint64_t e;

		if (!sec->data)
			continue;
		l = find_layout(sec, &named);
		if (!l && named && named->bad != CHECK_MAX)
			finding_add(ctx, named->bad, sec->idx, 0, 0,
				    "%llu bytes with %zu relocations fit no known layout of %s",
				    (unsigned long long)sec->size, sec->nr_relocs,
				    sec->name);
		if (!l)
			continue;
		if (ctx->opts->verbose)
			fprintf(ctx->log, "%s: %s: %llu entries of %s\n", ctx->obj->name,
				sec->name, (unsigned long long)(sec->size / l->entsize),
				l->variant);
		for (e = 0; e + l->entsize <= sec->size; e += l->entsize)
			if (read_entry(ctx, l, sec, e))
				return -1;
	}
	return 0;
}
