// SPDX-License-Identifier: GPL-2.0
/*
 * libelf -> the object model.  Every table is checked against the file as it
 * is read, so that later stages can index sections and symbols without
 * checking again: a corrupt file is refused here with one line of reason.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/elf.h"

#ifndef EM_AARCH64
#define EM_AARCH64 183
#endif

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* libelf reads a section header table past the end of a file as empty. */
static int check_extent(struct object *obj, const GElf_Ehdr *eh, char *err,
			size_t len)
{
	size_t size = 0, shnum = 0;

	if (!elf_rawfile(obj->elf, &size))
		return fail(err, len, "unreadable: %s", elf_errmsg(-1));
	/* e_shnum is 0 past 65279 sections (vmlinux.o): ask libelf */
	if (elf_getshdrnum(obj->elf, &shnum))
		return fail(err, len, "corrupt section header table: %s",
			    elf_errmsg(-1));
	if (!eh->e_shoff)
		return fail(err, len, "no section header table");
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return fail(err, len, "corrupt section header size %u",
			    (unsigned int)eh->e_shentsize);
	if (eh->e_shoff > size ||
	    (size - eh->e_shoff) / sizeof(Elf64_Shdr) < shnum)
		return fail(err, len, "truncated: the section header table ends past the end of the file");
	return 0;
}

static int check_header(struct object *obj, char *err, size_t len)
{
	GElf_Ehdr eh;

	if (elf_kind(obj->elf) != ELF_K_ELF)
		return fail(err, len, "not an ELF file");
	if (!gelf_getehdr(obj->elf, &eh))
		return fail(err, len, "unreadable ELF header: %s", elf_errmsg(-1));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		return fail(err, len, "not a 64-bit ELF file");
	if (eh.e_machine != EM_AARCH64)
		return fail(err, len, "not an arm64 object (e_machine %u)",
			    (unsigned int)eh.e_machine);
	if (eh.e_type != ET_REL && eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return fail(err, len, "ELF type %u is not an object or an image",
			    (unsigned int)eh.e_type);
	obj->linked = eh.e_type != ET_REL;
	obj->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	return check_extent(obj, &eh, err, len);
}

static int load_sections(struct object *obj, char *err, size_t len)
{
	size_t shstrndx, n, i;

	if (elf_getshdrnum(obj->elf, &n) || elf_getshdrstrndx(obj->elf, &shstrndx))
		return fail(err, len, "corrupt section header table: %s",
			    elf_errmsg(-1));
	obj->secs = calloc(n ? n : 1, sizeof(*obj->secs));
	if (!obj->secs)
		return fail(err, len, "out of memory");
	obj->nr_secs = n;

	for (i = 1; i < n; i++) {
		struct section *sec = &obj->secs[i];
		Elf_Scn *scn = elf_getscn(obj->elf, i);
		GElf_Shdr sh;
		Elf_Data *data;

		if (!scn || !gelf_getshdr(scn, &sh))
			return fail(err, len, "section %zu: corrupt header: %s", i,
				    elf_errmsg(-1));
		sec->idx = i;
		sec->type = sh.sh_type;
		sec->flags = sh.sh_flags;
		sec->addr = sh.sh_addr;
		sec->size = sh.sh_size;
		sec->name = elf_strptr(obj->elf, shstrndx, sh.sh_name);
		if (!sec->name)
			return fail(err, len, "section %zu: bad name", i);
		if (sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
			continue;
		/* elf_rawdata: code and tables are read as bytes, never translated */
		data = elf_rawdata(scn, NULL);
		if (!data || data->d_size != sh.sh_size || !data->d_buf)
			return fail(err, len, "section %s: truncated or unreadable data",
				    sec->name);
		sec->data = data->d_buf;
	}
	return 0;
}

static bool is_mapping_name(const char *name)
{
	return name[0] == '$' && (name[1] == 'x' || name[1] == 'd') &&
	       (name[2] == '\0' || name[2] == '.');
}

static int load_symbols(struct object *obj, char *err, size_t len)
{
	size_t i, j;

	for (i = 1; i < obj->nr_secs; i++) {
		Elf_Scn *scn = elf_getscn(obj->elf, i);
		GElf_Shdr sh;
		Elf_Data *data;
		size_t n;

		if (obj->secs[i].type != SHT_SYMTAB)
			continue;
		gelf_getshdr(scn, &sh);
		if (sh.sh_link >= obj->nr_secs ||
		    obj->secs[sh.sh_link].type != SHT_STRTAB)
			return fail(err, len, "symbol table: bad string table link");
		if (sh.sh_entsize != sizeof(Elf64_Sym))
			return fail(err, len, "symbol table: bad entry size");
		data = elf_getdata(scn, NULL);
		if (!data)
			return fail(err, len, "symbol table: %s", elf_errmsg(-1));
		n = sh.sh_size / sizeof(Elf64_Sym);
		obj->syms = calloc(n ? n : 1, sizeof(*obj->syms));
		if (!obj->syms)
			return fail(err, len, "out of memory");
		obj->nr_syms = n;
		for (j = 0; j < n; j++) {
			struct symbol *sym = &obj->syms[j];
			GElf_Sym s;
			const char *name;

			if (!gelf_getsym(data, j, &s))
				return fail(err, len, "symbol %zu: unreadable", j);
			name = elf_strptr(obj->elf, sh.sh_link, s.st_name);
			if (!name)
				return fail(err, len, "symbol %zu: bad name", j);
			sym->name = name;
			sym->type = GELF_ST_TYPE(s.st_info);
			sym->bind = GELF_ST_BIND(s.st_info);
			sym->size = s.st_size;
			sym->mapping = sym->type == STT_NOTYPE && is_mapping_name(name);
			if (s.st_shndx == SHN_UNDEF || s.st_shndx >= SHN_LORESERVE)
				continue;
			if (s.st_shndx >= obj->nr_secs)
				return fail(err, len, "symbol %s: section index %u out of range",
					    name, (unsigned int)s.st_shndx);
			sym->sec = s.st_shndx;
			sym->offset = s.st_value;
			if (obj->linked && sym->type != STT_SECTION)
				sym->offset -= obj->secs[sym->sec].addr;
		}
		return 0;	/* an object has one symbol table */
	}
	return 0;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return 0;
}

static int load_relocs_of(struct object *obj, size_t i, char *err, size_t len)
{
	Elf_Scn *scn = elf_getscn(obj->elf, i);
	struct section *rsec = &obj->secs[i], *target;
	bool rela = rsec->type == SHT_RELA;
	Elf_Data *data;
	GElf_Shdr sh;
	size_t n, j;

	gelf_getshdr(scn, &sh);
	if (sh.sh_info == 0 || sh.sh_info >= obj->nr_secs)
		return fail(err, len, "%s: bad target section", rsec->name);
	target = &obj->secs[sh.sh_info];
	if (!(target->flags & SHF_ALLOC) && !strstr(target->name, "debug_frame"))
		return 0;	/* debug info: not needed */
	if (sh.sh_entsize != (rela ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel)))
		return fail(err, len, "%s: bad entry size", rsec->name);
	data = elf_getdata(scn, NULL);
	if (!data)
		return fail(err, len, "%s: %s", rsec->name, elf_errmsg(-1));
	n = sh.sh_size / sh.sh_entsize;
	target->relocs = realloc(target->relocs,
				 (target->nr_relocs + n + 1) * sizeof(struct reloc));
	if (!target->relocs)
		return fail(err, len, "out of memory");
	for (j = 0; j < n; j++) {
		struct reloc *r = &target->relocs[target->nr_relocs];
		GElf_Rela ra;
		GElf_Rel rl;

		if (rela ? !gelf_getrela(data, j, &ra) : !gelf_getrel(data, j, &rl))
			return fail(err, len, "%s: entry %zu unreadable", rsec->name, j);
		if (!rela) {
			ra.r_offset = rl.r_offset;
			ra.r_info = rl.r_info;
			ra.r_addend = 0;
		}
		r->offset = ra.r_offset;
		if (obj->linked)
			r->offset -= target->addr;
		r->type = GELF_R_TYPE(ra.r_info);
		r->sym = GELF_R_SYM(ra.r_info);
		r->addend = ra.r_addend;
		if (r->sym >= obj->nr_syms && !(r->sym == 0 && obj->nr_syms == 0))
			return fail(err, len, "%s: entry %zu: symbol %u out of range",
				    rsec->name, j, r->sym);
		if (r->type == 0)
			continue;	/* R_AARCH64_NONE */
		target->nr_relocs++;
	}
	return 0;
}

static int index_word_relocs(struct section *sec)
{
	size_t i;

	if (!sec_is_code(sec) || !sec->nr_relocs || sec->nr_relocs >= UINT32_MAX)
		return 0;
	sec->word_reloc = calloc(sec->size / 4 + 1, sizeof(*sec->word_reloc));
	if (!sec->word_reloc)
		return -1;
	for (i = sec->nr_relocs; i-- > 0;) {
		uint64_t off = sec->relocs[i].offset;

		/* from the end, so the first of several at one word wins */
		if (!(off & 3) && off < sec->size)
			sec->word_reloc[off / 4] = (uint32_t)i + 1;
	}
	return 0;
}

static int load_relocs(struct object *obj, char *err, size_t len)
{
	size_t i;

	for (i = 1; i < obj->nr_secs; i++) {
		if (obj->secs[i].type != SHT_RELA && obj->secs[i].type != SHT_REL)
			continue;
		if (load_relocs_of(obj, i, err, len))
			return -1;
	}
	for (i = 1; i < obj->nr_secs; i++) {
		struct section *sec = &obj->secs[i];

		if (sec->nr_relocs > 1)
			qsort(sec->relocs, sec->nr_relocs, sizeof(*sec->relocs),
			      cmp_reloc);
		if (index_word_relocs(sec))
			return fail(err, len, "out of memory");
	}
	return 0;
}

struct mapsym {
	uint64_t offset;
	bool data;
};

static int cmp_mapsym(const void *a, const void *b)
{
	const struct mapsym *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return 0;
}

static void mark_data(struct section *sec, uint64_t start, uint64_t end)
{
	uint64_t w;

	end = end < sec->size ? end : sec->size;
	for (w = start / 4; w * 4 < end; w++)
		sec->is_data[w] = 1;
}

/*
 * Mapping symbols decide what is code: a word is decoded only if every one
 * of its bytes lies in a $x range.  A section without any is all code;
 * bytes before its first mapping symbol are data.
 */
static int build_code_map(struct object *obj, struct section *sec,
			  struct mapsym *ms, char *err, size_t len)
{
	size_t i, n = 0, words = (sec->size + 3) / 4;
	uint64_t pos = 0;
	bool data = true;

	sec->is_data = calloc(words ? words : 1, 1);
	if (!sec->is_data)
		return fail(err, len, "out of memory");
	for (i = 1; i < obj->nr_syms; i++) {
		const struct symbol *sym = &obj->syms[i];

		if (sym->mapping && sym->sec == sec->idx) {
			ms[n].offset = sym->offset;
			ms[n++].data = sym->name[1] == 'd';
		}
	}
	if (!n)
		return 0;
	qsort(ms, n, sizeof(*ms), cmp_mapsym);
	for (i = 0; i < n; i++) {
		if (data && ms[i].offset > pos)
			mark_data(sec, pos, ms[i].offset);
		pos = ms[i].offset;
		data = ms[i].data;
	}
	if (data && sec->size > pos)
		mark_data(sec, pos, sec->size);
	return 0;
}

static int cmp_func(const void *a, const void *b, void *arg)
{
	const struct object *obj = arg;
	const struct symbol *x = &obj->syms[*(const uint32_t *)a];
	const struct symbol *y = &obj->syms[*(const uint32_t *)b];

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	/* aliases: a global name before a local one, then by name */
	if (x->bind != y->bind)
		return x->bind == STB_GLOBAL ? -1 : (y->bind == STB_GLOBAL ? 1 : 0);
	return strcmp(x->name, y->name);
}

/* max_end[i]: the furthest end of funcs[0..i], to stop covering lookups early */
static int build_max_end(struct object *obj, struct section *sec)
{
	uint64_t end = 0;
	size_t i;

	if (!sec->nr_funcs)
		return 0;
	sec->func_max_end = malloc(sec->nr_funcs * sizeof(uint64_t));
	if (!sec->func_max_end)
		return -1;
	for (i = 0; i < sec->nr_funcs; i++) {
		const struct symbol *s = &obj->syms[sec->funcs[i]];

		if (s->offset + s->size > end)
			end = s->offset + s->size;
		sec->func_max_end[i] = end;
	}
	return 0;
}

static int index_code(struct object *obj, char *err, size_t len)
{
	struct mapsym *ms;
	size_t i;

	ms = calloc(obj->nr_syms ? obj->nr_syms : 1, sizeof(*ms));
	if (!ms)
		return fail(err, len, "out of memory");
	for (i = 1; i < obj->nr_secs; i++) {
		struct section *sec = &obj->secs[i];

		if (!sec_is_code(sec))
			continue;
		if (build_code_map(obj, sec, ms, err, len)) {
			free(ms);
			return -1;
		}
	}
	free(ms);

	for (i = 1; i < obj->nr_syms; i++) {
		struct symbol *sym = &obj->syms[i];
		struct section *sec = &obj->secs[sym->sec];
		uint32_t *f;

		if (sym->type != STT_FUNC || !sym->sec || !sec_is_code(sec))
			continue;
		if (sym->offset > sec->size || sym->size > sec->size - sym->offset)
			return fail(err, len, "symbol %s: outside section %s",
				    sym->name, sec->name);
		f = realloc(sec->funcs, (sec->nr_funcs + 1) * sizeof(*f));
		if (!f)
			return fail(err, len, "out of memory");
		sec->funcs = f;
		sec->funcs[sec->nr_funcs++] = i;
	}
	for (i = 1; i < obj->nr_secs; i++) {
		struct section *sec = &obj->secs[i];

		if (sec->nr_funcs > 1)
			qsort_r(sec->funcs, sec->nr_funcs, sizeof(uint32_t), cmp_func,
				obj);
		if (build_max_end(obj, sec))
			return fail(err, len, "out of memory");
	}
	return 0;
}

int object_load(struct object *obj, Elf *elf, const char *name, char *err,
		size_t len)
{
	memset(obj, 0, sizeof(*obj));
	obj->elf = elf;
	obj->name = name;
	if (check_header(obj, err, len) || load_sections(obj, err, len) ||
	    load_symbols(obj, err, len) || load_relocs(obj, err, len) ||
	    index_code(obj, err, len))
		return -1;
	return 0;
}

void object_free(struct object *obj)
{
	size_t i;

	for (i = 0; i < obj->nr_secs; i++) {
		free(obj->secs[i].relocs);
		free(obj->secs[i].word_reloc);
		free(obj->secs[i].is_data);
		free(obj->secs[i].funcs);
		free(obj->secs[i].func_max_end);
	}
	free(obj->secs);
	free(obj->syms);
	memset(obj, 0, sizeof(*obj));
}

const struct reloc *reloc_at(const struct section *sec, uint64_t offset)
{
	size_t lo = 0, hi = sec->nr_relocs;

	if (sec->word_reloc && !(offset & 3)) {
		uint32_t i = offset < sec->size ? sec->word_reloc[offset / 4] : 0;

		return i ? &sec->relocs[i - 1] : NULL;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sec->relocs[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < sec->nr_relocs && sec->relocs[lo].offset == offset)
		return &sec->relocs[lo];
	return NULL;
}

/* Index of the last function starting at or before offset, or -1. */
static long last_func_before(const struct object *obj, const struct section *sec,
			     uint64_t offset)
{
	size_t lo = 0, hi = sec->nr_funcs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (obj->syms[sec->funcs[mid]].offset <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

const struct symbol *func_at(const struct object *obj, const struct section *sec,
			     uint64_t offset)
{
	const struct symbol *best = NULL;
	long i;

	for (i = last_func_before(obj, sec, offset);
	     i >= 0 && sec->func_max_end[i] > offset; i--) {
		const struct symbol *s = &obj->syms[sec->funcs[i]];

		if (offset < s->offset + s->size &&
		    (!best || s->size < best->size))
			best = s;
	}
	return best;
}

const struct symbol *symbol_for(const struct object *obj,
				const struct section *sec, uint64_t offset)
{
	const struct symbol *best = func_at(obj, sec, offset);
	size_t i;

	if (best)
		return best;
	for (i = 1; i < obj->nr_syms; i++) {
		const struct symbol *s = &obj->syms[i];

		if (s->sec != sec->idx || s->mapping || !s->name[0] ||
		    s->type == STT_SECTION || s->type == STT_FILE ||
		    s->offset > offset)
			continue;
		if (!best || s->offset > best->offset)
			best = s;
	}
	return best;
}

const struct section *section_by_addr(const struct object *obj, uint64_t addr)
{
	size_t i;

	for (i = 1; i < obj->nr_secs; i++) {
		const struct section *s = &obj->secs[i];

		if ((s->flags & SHF_ALLOC) && s->size && addr >= s->addr &&
		    addr - s->addr < s->size)
			return s;
	}
	return NULL;
}

bool sec_read32(const struct object *obj, const struct section *sec,
		uint64_t offset, uint32_t *val)
{
	const uint8_t *p;

	if (!sec->data || offset > sec->size || sec->size - offset < 4)
		return false;
	p = sec->data + offset;
	if (obj->big_endian)
		*val = (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
	else
		*val = (uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
	return true;
}

bool sec_read16(const struct object *obj, const struct section *sec,
		uint64_t offset, uint16_t *val)
{
	const uint8_t *p;

	if (!sec->data || offset > sec->size || sec->size - offset < 2)
		return false;
	p = sec->data + offset;
	*val = obj->big_endian ? (uint16_t)(p[0] << 8 | p[1]) :
				 (uint16_t)(p[1] << 8 | p[0]);
	return true;
}

uint32_t insn_word(const struct section *sec, uint64_t offset)
{
	const uint8_t *p = sec->data + offset;

	return (uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}
