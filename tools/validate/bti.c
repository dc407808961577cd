// SPDX-License-Identifier: GPL-2.0
/*
 * missing-bti (off by default: --enable=missing-bti).  An object whose GNU
 * property note says BTI was built for branch target identification: the
 * linker marks its pages guarded only if every object of the link says
 * so, and then an indirect branch must land on a landing pad.  A function
 * an indirect call may reach must start with one: bti c, bti jc, paciasp
 * or pacibsp.  It may be reached so when its address is taken anywhere in
 * the object but by a direct branch or call: adr, adrp and add, a
 * literal or a GOT entry in code, a pointer in data.  The tables of code
 * places that nothing branches through are no such use: unwind tables,
 * the special sections special.c reads (exception tables, static keys,
 * ftrace's patch sites), debug information.  Objects without relocations
 * (linked images) show no use, and are not judged.
 */
#include <stdlib.h>
#include <string.h>

#include "bti.h"
#include "special.h"

#define NT_GNU_PROPERTY_TYPE_0	5

/* Tables of code places an unwinder or a debugger reads. */
static const char *const unwind_tables[] = {
	".eh_frame", ".sframe", ".gcc_except_table",
};

/* One note's properties: the features the AND of them says. */
static unsigned int note_props(const struct object *obj,
			       const struct section *sec, uint64_t desc,
			       uint64_t end)
{
	unsigned int f = 0;
	uint32_t type, size, value;

	while (desc + 8 <= end && sec_read32(obj, sec, desc, &type) &&
	       sec_read32(obj, sec, desc + 4, &size)) {
		if (size >= 4 && sec_read32(obj, sec, desc + 8, &value))
			f |= arch_gnu_property_features(type, value);
		/* 8-byte aligned in ELF64; in 64 bits, or a size near 2^32
		 * wraps the step to 0 and the loop never ends */
		desc += 8 + (((uint64_t)size + 7) & ~7ull);
	}
	return f;
}

/* The features .note.gnu.property says every function has. */
static unsigned int gnu_properties(const struct object *obj)
{
	unsigned int f = 0;
	size_t i;

	for (i = 1; i < obj->nr_secs; i++) {
		const struct section *sec = &obj->secs[i];
		uint32_t namesz, descsz, type;
		uint64_t off = 0, desc;

		if (sec->type != SHT_NOTE || strcmp(sec->name, ".note.gnu.property"))
			continue;
		while (sec_read32(obj, sec, off, &namesz) &&
		       sec_read32(obj, sec, off + 4, &descsz) &&
		       sec_read32(obj, sec, off + 8, &type)) {
			desc = off + 12 + (((uint64_t)namesz + 3) & ~3ull);
			if (type == NT_GNU_PROPERTY_TYPE_0 && namesz == 4 &&
			    desc + descsz <= sec->size &&
			    !memcmp(sec->data + off + 12, "GNU", 4))
				f |= note_props(obj, sec, desc, desc + descsz);
			off = (desc + descsz + 7) & ~7ull;
		}
	}
	return f;
}

/* Whether relocations in sec may take a function's address. */
static bool takes_addresses(const struct section *sec)
{
	size_t i;

	if (!(sec->flags & SHF_ALLOC) || special_section_known(sec->name))
		return false;
	for (i = 0; i < sizeof(unwind_tables) / sizeof(unwind_tables[0]); i++)
		if (!strcmp(sec->name, unwind_tables[i]))
			return false;
	return true;
}

/* The function starting where the relocation points, or NULL. */
static const struct symbol *taken(const struct ctx *ctx,
				  const struct section *sec,
				  const struct reloc *r)
{
	const struct object *obj = ctx->obj;
	const struct symbol *sym = &obj->syms[r->sym];
	const struct symbol *f;
	const struct section *to;
	int64_t off;

	if (!sym->sec || (sec_is_code(sec) &&
			  arch_reloc_kind(r->type) == RELOC_BRANCH))
		return NULL;
	to = &obj->secs[sym->sec];
	off = reloc_dest(obj, r);
	if (!sec_is_code(to) || off < 0 || (uint64_t)off >= to->size)
		return NULL;
	f = func_at(obj, to, (uint64_t)off);
	return f && f->offset == (uint64_t)off ? f : NULL;
}

static bool has_landing_pad(const struct ctx *ctx, const struct symbol *f)
{
	const struct section *sec = &ctx->obj->secs[f->sec];
	struct insn_desc d;

	if (!f->size || !sec_word_is_code(sec, f->offset))
		return true;		/* not walked, not judged */
	arch_decode(insn_word(sec, f->offset), &d);
	return d.flags & INSN_F_CALL_PAD;
}

/* One finding a function, at its entry, naming one place that takes it. */
static void check_section(struct ctx *ctx, const struct section *sec,
			  uint8_t *reported)
{
	size_t i;

	for (i = 0; i < sec->nr_relocs; i++) {
		const struct symbol *f = taken(ctx, sec, &sec->relocs[i]);
		uint32_t idx;

		if (!f)
			continue;
		idx = (uint32_t)(f - ctx->obj->syms);
		if (reported[idx] || has_landing_pad(ctx, f))
			continue;
		reported[idx] = 1;
		finding_add(ctx, CHECK_MISSING_BTI, f->sec, f->offset, idx,
			    "the address of %s is taken (%s+0x%llx), and it starts with no bti c (nor bti jc, paciasp, pacibsp): in this BTI object an indirect call to it faults",
			    f->name, sec->name,
			    (unsigned long long)sec->relocs[i].offset);
	}
}

int bti_check(struct ctx *ctx)
{
	uint8_t *reported;
	size_t i;

	if (ctx->opts->disabled[CHECK_MISSING_BTI] ||
	    !(gnu_properties(ctx->obj) & ARCH_FEATURE_BTI))
		return 0;
	reported = calloc(ctx->obj->nr_syms ? ctx->obj->nr_syms : 1, 1);
	if (!reported)
		return -1;
	for (i = 1; i < ctx->obj->nr_secs; i++)
		if (takes_addresses(&ctx->obj->secs[i]))
			check_section(ctx, &ctx->obj->secs[i], reported);
	free(reported);
	return 0;
}
