// SPDX-License-Identifier: GPL-2.0
/*
 * libelf -> the object model.  Every table is checked against the file as it
 * is read, so that later stages can index sections and symbols without
 * checking again: a corrupt file is refused here with one line of reason.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "validate/arch.h"
#include "validate/elf.h"
#include "validate/radix.h"
#include "validate/vec.h"

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* An ELF header field of the raw file, in the file's byte order. */
static uint64_t raw_field(const unsigned char *p, size_t size, bool big)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < size; i++)
		v |= (uint64_t)p[big ? size - 1 - i : i] << (8 * i);
	return v;
}

/*
 * How many section headers the file says it has: e_shnum, or past 65279
 * sections (e_shnum 0), sh_size of section 0.  libelf counts a table that
 * runs past the end of the file as no sections at all, which would pass
 * as a clean object: this count is what the file is held to.
 */
static int claimed_shnum(const GElf_Ehdr *eh, const unsigned char *raw,
			 size_t size, uint64_t *shnum)
{
	bool big = eh->e_ident[EI_DATA] == ELFDATA2MSB;

	*shnum = eh->e_shnum;
	if (eh->e_shnum)
		return 0;
	if (eh->e_shoff > size || size - eh->e_shoff < sizeof(Elf64_Shdr))
		return -1;
	*shnum = raw_field(raw + eh->e_shoff + offsetof(Elf64_Shdr, sh_size),
			   sizeof(Elf64_Xword), big);
	return 0;
}

static int check_extent(struct object *obj, const GElf_Ehdr *eh, char *err,
			size_t len)
{
	const unsigned char *raw;
	size_t size = 0, shnum = 0;
	uint64_t claimed;

	raw = (const unsigned char *)elf_rawfile(obj->elf, &size);
	if (!raw)
		return fail(err, len, "unreadable: %s", elf_errmsg(-1));
	if (elf_getshdrnum(obj->elf, &shnum))
		return fail(err, len, "corrupt section header table: %s",
			    elf_errmsg(-1));
	if (!eh->e_shoff)
		return fail(err, len, "no section header table");
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return fail(err, len, "corrupt section header size %u",
			    (unsigned int)eh->e_shentsize);
	if (claimed_shnum(eh, raw, size, &claimed) || eh->e_shoff > size ||
	    (size - eh->e_shoff) / sizeof(Elf64_Shdr) < claimed)
		return fail(err, len, "truncated: the section header table ends past the end of the file");
	if (!claimed)
		return fail(err, len, "corrupt section header table: no sections");
	if (shnum != claimed)
		return fail(err, len, "corrupt section header table: %llu sections, libelf reads %zu",
			    (unsigned long long)claimed, shnum);
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
	if (eh.e_machine != arch_elf_machine())
		return fail(err, len, "not an arm64 object (e_machine %u)",
			    (unsigned int)eh.e_machine);
	if (eh.e_type != ET_REL && eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return fail(err, len, "ELF type %u is not an object or an image",
			    (unsigned int)eh.e_type);
	obj->linked = eh.e_type != ET_REL;
	obj->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	return check_extent(obj, &eh, err, len);
}

/* e_shstrndx, or past 65279 sections sh_link of section 0 (libelf reads it) */
static int names_index(struct object *obj, size_t n, size_t *shstrndx,
		       char *err, size_t len)
{
	Elf_Scn *scn;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(obj->elf, shstrndx))
		return fail(err, len, "corrupt section header table: %s",
			    elf_errmsg(-1));
	if (*shstrndx == SHN_UNDEF || *shstrndx >= n)
		return fail(err, len, "corrupt section header table: section name table %zu out of range (%zu sections)",
			    *shstrndx, n);
	scn = elf_getscn(obj->elf, *shstrndx);
	if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_type != SHT_STRTAB)
		return fail(err, len, "corrupt section header table: section name table %zu is no string table",
			    *shstrndx);
	return 0;
}

static int load_sections(struct object *obj, char *err, size_t len)
{
	size_t shstrndx, n, i;

	if (elf_getshdrnum(obj->elf, &n))
		return fail(err, len, "corrupt section header table: %s",
			    elf_errmsg(-1));
	if (names_index(obj, n, &shstrndx, err, len))
		return -1;
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

/*
 * Past 65279 sections a symbol's st_shndx is SHN_XINDEX and its section
 * index is in the SHT_SYMTAB_SHNDX section linked to the symbol table:
 * that section's data, or NULL when there is none.  It must hold one
 * entry a symbol.
 */
static int load_shndx(struct object *obj, size_t symtab, size_t nsyms,
		      Elf_Data **shndx, char *err, size_t len)
{
	size_t i;

	*shndx = NULL;
	for (i = 1; i < obj->nr_secs; i++) {
		Elf_Scn *scn;
		GElf_Shdr sh;

		if (obj->secs[i].type != SHT_SYMTAB_SHNDX)
			continue;
		scn = elf_getscn(obj->elf, i);
		if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_link != symtab)
			continue;
		if (sh.sh_size != nsyms * sizeof(Elf32_Word))
			return fail(err, len, "%s: %llu bytes, but %zu symbols need %zu",
				    obj->secs[i].name,
				    (unsigned long long)sh.sh_size, nsyms,
				    nsyms * sizeof(Elf32_Word));
		*shndx = elf_getdata(scn, NULL);
		if (!*shndx && nsyms)
			return fail(err, len, "%s: %s", obj->secs[i].name,
				    elf_errmsg(-1));
		return 0;
	}
	return 0;
}

/*
 * A symbol's section: st_shndx, or its entry in .symtab_shndx past 65279
 * sections.  0 for undefined, absolute and common symbols.
 */
static int symbol_section(struct object *obj, size_t j, const GElf_Sym *s,
			  Elf32_Word xndx, bool have_shndx, char *err,
			  size_t len)
{
	const char *name = obj->syms[j].name;
	uint64_t idx = s->st_shndx;
	char num[32];

	if (!name[0]) {		/* section symbols have no name of their own */
		snprintf(num, sizeof(num), "%zu", j);
		name = num;
	}
	obj->syms[j].sec = 0;
	if (s->st_shndx == SHN_XINDEX) {
		if (!have_shndx)
			return fail(err, len, "symbol %s: SHN_XINDEX, but the object has no .symtab_shndx",
				    name);
		idx = xndx;
	} else if (s->st_shndx == SHN_UNDEF || s->st_shndx >= SHN_LORESERVE) {
		return 0;
	}
	if (idx >= obj->nr_secs)
		return fail(err, len, "symbol %s: section index %llu out of range",
			    name, (unsigned long long)idx);
	obj->syms[j].sec = idx;
	return 0;
}

static int load_symbol(struct object *obj, size_t j, Elf_Data *data,
		       Elf_Data *shndx, size_t strtab, char *err, size_t len)
{
	struct symbol *sym = &obj->syms[j];
	Elf32_Word xndx = 0;
	GElf_Sym s;
	const char *name;

	if (!gelf_getsymshndx(data, shndx, j, &s, &xndx))
		return fail(err, len, "symbol %zu: unreadable", j);
	name = elf_strptr(obj->elf, strtab, s.st_name);
	if (!name)
		return fail(err, len, "symbol %zu: bad name", j);
	sym->name = name;
	sym->type = GELF_ST_TYPE(s.st_info);
	sym->bind = GELF_ST_BIND(s.st_info);
	sym->size = s.st_size;
	sym->mapping = sym->type == STT_NOTYPE && is_mapping_name(name);
	if (symbol_section(obj, j, &s, xndx, shndx, err, len))
		return -1;
	if (!sym->sec)
		return 0;
	sym->offset = s.st_value;
	if (obj->linked && sym->type != STT_SECTION)
		sym->offset -= obj->secs[sym->sec].addr;
	return 0;
}

static int load_symbols(struct object *obj, char *err, size_t len)
{
	size_t i, j;

	for (i = 1; i < obj->nr_secs; i++) {
		Elf_Scn *scn = elf_getscn(obj->elf, i);
		Elf_Data *data, *shndx;
		GElf_Shdr sh;
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
		if (load_shndx(obj, i, n, &shndx, err, len))
			return -1;
		obj->syms = calloc(n ? n : 1, sizeof(*obj->syms));
		if (!obj->syms)
			return fail(err, len, "out of memory");
		obj->syms[0].name = "";		/* n == 0: still a null symbol */
		obj->nr_syms = n;
		for (j = 0; j < n; j++)
			if (load_symbol(obj, j, data, shndx, sh.sh_link, err, len))
				return -1;
		return 0;	/* an object has one symbol table */
	}
	/* none: relocations may still name symbol 0, the null symbol, and
	 * every reader takes &obj->syms[r->sym] */
	obj->syms = calloc(1, sizeof(*obj->syms));
	if (!obj->syms)
		return fail(err, len, "out of memory");
	obj->syms[0].name = "";
	return 0;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	/* ties broken on every field, so the order never depends on qsort */
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->sym != y->sym)
		return x->sym < y->sym ? -1 : 1;
	if (x->addend != y->addend)
		return x->addend < y->addend ? -1 : 1;
	return 0;
}

/*
 * Entry j of a relocation section, as gelf_getrela() and gelf_getrel()
 * give it: read from the array libelf made of the section (ELFCLASS64,
 * the host's byte order, aligned), without a library call an entry, which
 * was a third of loading vmlinux.o's 965,000.  False past the data's end.
 */
static bool read_reloc(Elf_Data *data, bool rela, size_t j, GElf_Rela *ra)
{
	size_t size = rela ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel);
	GElf_Rel rl;

	if (data->d_buf && data->d_type == (rela ? ELF_T_RELA : ELF_T_REL)) {
		if (j >= data->d_size / size)
			return false;
		if (rela) {
			*ra = ((const Elf64_Rela *)data->d_buf)[j];
			return true;
		}
		rl = ((const Elf64_Rel *)data->d_buf)[j];
	} else if (rela) {
		return gelf_getrela(data, j, ra);
	} else if (!gelf_getrel(data, j, &rl)) {
		return false;
	}
	ra->r_offset = rl.r_offset;
	ra->r_info = rl.r_info;
	ra->r_addend = 0;
	return true;
}

static int load_relocs_of(struct object *obj, size_t i, char *err, size_t len)
{
	Elf_Scn *scn = elf_getscn(obj->elf, i);
	struct section *rsec = &obj->secs[i], *target;
	bool rela = rsec->type == SHT_RELA;
	struct reloc *more;
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
	/* one realloc a relocation section: a section has one, or a few */
	more = realloc(target->relocs,
		       (target->nr_relocs + n + 1) * sizeof(struct reloc));
	if (!more)
		return fail(err, len, "out of memory");
	target->relocs = more;
	for (j = 0; j < n; j++) {
		struct reloc *r = &target->relocs[target->nr_relocs];
		GElf_Rela ra;

		if (!read_reloc(data, rela, j, &ra))
			return fail(err, len, "%s: entry %zu unreadable", rsec->name, j);
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
			continue;	/* type 0: no relocation (R_*_NONE) */
		target->nr_relocs++;
	}
	return 0;
}

/*
 * Which words of a code section carry a relocation.  reloc_at() is asked
 * for every branch, so it must be direct; a word that does is found by
 * rank in the bitmap (2 bits a word), and its first relocation through
 * first[] (4 bytes a relocated word): not 4 bytes for every word.
 */
struct reloc_block {
	uint64_t bits;		/* bit w % 64: word w carries a relocation */
	uint32_t before;	/* relocated words in the blocks before */
};

struct reloc_words {
	uint32_t *first;	/* per relocated word: its first relocation */
	struct reloc_block block[];
};

static int index_word_relocs(struct section *sec)
{
	size_t words = sec->size / 4, nblocks = words / 64 + 1, i, k = 0;
	struct reloc_words *rw;

	if (!sec_is_code(sec) || !sec->nr_relocs || sec->nr_relocs >= UINT32_MAX)
		return 0;
	rw = calloc(1, sizeof(*rw) + nblocks * sizeof(rw->block[0]));
	if (!rw)
		return -1;
	rw->first = malloc(sec->nr_relocs * sizeof(*rw->first));
	if (!rw->first) {
		free(rw);
		return -1;
	}
	/* sorted by offset: each word's first relocation comes first */
	for (i = 0; i < sec->nr_relocs; i++) {
		uint64_t off = sec->relocs[i].offset, w = off / 4;
		struct reloc_block *b = &rw->block[w / 64];

		if ((off & 3) || off >= sec->size || (b->bits >> (w % 64) & 1))
			continue;
		b->bits |= 1ull << (w % 64);
		rw->first[k++] = i;
	}
	for (i = 1, k = 0; i < nblocks; i++) {
		k += __builtin_popcountll(rw->block[i - 1].bits);
		rw->block[i].before = k;
	}
	sec->reloc_words = rw;
	return 0;
}

static void free_word_relocs(struct section *sec)
{
	if (sec->reloc_words)
		free(sec->reloc_words->first);
	free(sec->reloc_words);
}

static bool relocs_sorted(const struct section *sec)
{
	size_t i;

	/* offsets first: all but a few of vmlinux.o's 965,000 differ */
	for (i = 1; i < sec->nr_relocs; i++)
		if (sec->relocs[i - 1].offset >= sec->relocs[i].offset &&
		    cmp_reloc(&sec->relocs[i - 1], &sec->relocs[i]) > 0)
			return false;
	return true;
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

		/* assemblers and linkers write them in order: sort only if not */
		if (sec->nr_relocs > 1 && !relocs_sorted(sec))
			qsort(sec->relocs, sec->nr_relocs, sizeof(*sec->relocs),
			      cmp_reloc);
		if (index_word_relocs(sec))
			return fail(err, len, "out of memory");
	}
	return 0;
}

/* ---- which words are code ---- */

struct mapsym {
	uint32_t sec;
	uint32_t idx;		/* of two at one offset, the later symbol wins */
	uint64_t offset;
	bool data;
};

static int cmp_mapsym(const void *a, const void *b)
{
	const struct mapsym *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void mark_data(struct section *sec, uint64_t start, uint64_t end)
{
	uint64_t w;

	end = end < sec->size ? end : sec->size;
	for (w = start / 4; w * 4 < end; w++)
		bitmap_set(sec->is_data, w);
}

/*
 * Mapping symbols decide what is code: a word is decoded only if every one
 * of its bytes lies in a $x range.  A section without any is all code;
 * bytes before its first mapping symbol are data.  ms: the section's
 * mapping symbols, sorted by offset.
 */
static int build_code_map(struct section *sec, const struct mapsym *ms,
			  size_t n)
{
	size_t i, words = (sec->size + 3) / 4;
	uint64_t pos = 0;
	bool data = true;

	sec->is_data = bitmap_new(words);
	if (!sec->is_data)
		return -1;
	if (!n)
		return 0;
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

/* The mapping symbols of code sections, sorted by section and offset. */
static struct mapsym *collect_mapsyms(const struct object *obj, size_t *nr)
{
	struct mapsym *ms;
	size_t i, n = 0;

	for (i = 1; i < obj->nr_syms; i++)
		n += obj->syms[i].mapping && sec_is_code(&obj->secs[obj->syms[i].sec]);
	ms = malloc((n ? n : 1) * sizeof(*ms));
	if (!ms)
		return NULL;
	for (i = 1, n = 0; i < obj->nr_syms; i++) {
		const struct symbol *sym = &obj->syms[i];

		if (sym->mapping && sec_is_code(&obj->secs[sym->sec]))
			ms[n++] = (struct mapsym){ sym->sec, i, sym->offset,
						   sym->name[1] == 'd' };
	}
	qsort(ms, n, sizeof(*ms), cmp_mapsym);
	*nr = n;
	return ms;
}

/* One pass over the symbols for all sections: vmlinux.o has 65,000+. */
static int index_code_map(struct object *obj, char *err, size_t len)
{
	struct mapsym *ms;
	size_t i, n, next = 0;
	int ret = 0;

	ms = collect_mapsyms(obj, &n);
	if (!ms)
		return fail(err, len, "out of memory");
	for (i = 1; i < obj->nr_secs && !ret; i++) {
		size_t first = next;

		while (next < n && ms[next].sec == i)
			next++;
		if (sec_is_code(&obj->secs[i]))
			ret = build_code_map(&obj->secs[i], ms + first, next - first);
	}
	free(ms);
	return ret ? fail(err, len, "out of memory") : 0;
}

/* ---- the symbols of each section ---- */

static bool is_func(const struct object *obj, const struct symbol *s)
{
	return s->type == STT_FUNC && s->sec && sec_is_code(&obj->secs[s->sec]);
}

/* A symbol that names a place in its section (see struct section.syms). */
static bool names_place(const struct symbol *s)
{
	return s->sec && !s->mapping && s->name[0] && s->type != STT_SECTION &&
	       s->type != STT_FILE;
}

static int cmp_index(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

/* By section, then offset: where two symbols are. */
static int cmp_sym_place(const struct symbol *x, const struct symbol *y)
{
	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return 0;
}

/*
 * By section, then offset, larger first, a global alias first, then by
 * binding (locals, first in a well-formed table, before weak ones), by
 * name.  A total order, so no sort decides it: binding used to be passed
 * over for two non-global aliases (weak "b" index 5, unique "u" 6, weak
 * "a" 7 made a circle, and the name a message took followed glibc's sort).
 */
static int cmp_func(const void *a, const void *b, void *arg)
{
	const struct object *obj = arg;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	const struct symbol *x = &obj->syms[i], *y = &obj->syms[j];
	int c;

	if ((c = cmp_sym_place(x, y)))
		return c;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	if (x->bind != y->bind) {
		if (x->bind == STB_GLOBAL || y->bind == STB_GLOBAL)
			return x->bind == STB_GLOBAL ? -1 : 1;
		return x->bind < y->bind ? -1 : 1;
	}
	if ((c = strcmp(x->name, y->name)))
		return c;
	return cmp_index(i, j);
}

/* By section, offset and index: what sort_places() gives. */
static int cmp_place(const void *a, const void *b, void *arg)
{
	const struct object *obj = arg;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	int c = cmp_sym_place(&obj->syms[i], &obj->syms[j]);

	return c ? c : cmp_index(i, j);
}

/*
 * Symbol indices, given in increasing order, sorted by section, offset
 * and index: a radix sort of keys packing section and offset, stable, so
 * ties stay in index order.  vmlinux.o's 208,000 named symbols took 15-18
 * ms by comparison (two symbols read at random places of a 7 MB table a
 * step); a few passes over 16-byte keys take 2-3.  Keys wider than 64 bits
 * (offsets of a corrupt linked file) are sorted by comparison.
 */
static int sort_places(const struct object *obj, uint32_t *idx, size_t n)
{
	uint64_t max_off = 0, max_sec = 0;
	unsigned int off_bits, width;
	struct radix_item *k, *sorted;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct symbol *s = &obj->syms[idx[i]];

		max_off |= s->offset;
		max_sec |= s->sec;
	}
	off_bits = radix_width(max_off);
	width = off_bits + radix_width(max_sec);
	if (width > 64) {
		qsort_r(idx, n, sizeof(*idx), cmp_place, (void *)obj);
		return 0;
	}
	k = malloc((2 * n + 1) * sizeof(*k));
	if (!k)
		return -1;
	for (i = 0; i < n; i++) {
		const struct symbol *s = &obj->syms[idx[i]];

		k[i].key = (off_bits < 64 ? (uint64_t)s->sec << off_bits : 0) |
			   s->offset;
		k[i].idx = idx[i];
	}
	sorted = radix_sort(k, k + n, n, width);
	for (i = 0; i < n; i++)
		idx[i] = sorted[i].idx;
	free(k);
	return 0;
}

/*
 * The functions by cmp_func(): by place first, then each run at one place
 * (aliases: mostly none, a few at most, 100,000 in a generated object) by
 * the rest of cmp_func().
 */
static int sort_funcs(const struct object *obj, uint32_t *funcs, size_t n)
{
	size_t i, run;

	if (sort_places(obj, funcs, n))
		return -1;
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n &&
		     !cmp_sym_place(&obj->syms[funcs[i]], &obj->syms[funcs[i + run]]);
		     run++)
			;
		if (run > 1)
			qsort_r(funcs + i, run, sizeof(*funcs), cmp_func, (void *)obj);
	}
	return 0;
}

/* How many of the first entries of list (sorted by section) share one. */
static size_t section_run(const struct object *obj, const uint32_t *list,
			  size_t n)
{
	uint32_t sec = obj->syms[list[0]].sec;
	size_t i = 1;

	while (i < n && obj->syms[list[i]].sec == sec)
		i++;
	return i;
}

/*
 * max_end[i]: the furthest end of funcs[0..i], to stop covering lookups
 * early; start[i]: where funcs[i] starts, searched without going through
 * the symbol table (func_at() runs a million times on vmlinux.o).
 */
static void build_func_ranges(const struct object *obj, struct section *sec)
{
	uint64_t end = 0;
	size_t i;

	for (i = 0; i < sec->nr_funcs; i++) {
		const struct symbol *s = &obj->syms[sec->funcs[i]];

		if (s->offset + s->size > end)
			end = s->offset + s->size;
		sec->func_max_end[i] = end;
		sec->func_start[i] = s->offset;
	}
}

/*
 * func_at() asks for the last function starting at or before an offset
 * about a million times on vmlinux.o: a binary search over 63,000 starts,
 * a cache miss a step.  The search starts among the functions of one
 * block of FUNC_BLOCK bytes instead.  Only for a section with many
 * functions, and with bytes in the file (a size from a corrupt header is
 * not trusted with memory): 4 bytes a block, 1/64 of the code's size.
 */
#define FUNC_BLOCK		256
#define FUNC_BLOCK_MIN_FUNCS	16

static int build_func_blocks(struct section *sec)
{
	size_t nb, b, i = 0;

	if (sec->nr_funcs < FUNC_BLOCK_MIN_FUNCS || !sec->data)
		return 0;
	nb = sec->size / FUNC_BLOCK + 1;
	sec->func_block = malloc((nb + 1) * sizeof(*sec->func_block));
	if (!sec->func_block)
		return -1;
	for (b = 0; b <= nb; b++) {
		while (i < sec->nr_funcs && sec->func_start[i] < (uint64_t)b * FUNC_BLOCK)
			i++;
		sec->func_block[b] = (uint32_t)i;
	}
	sec->nr_func_blocks = nb;
	return 0;
}

/* Counts the functions and named symbols; a function must lie in its section. */
static int count_symbols(const struct object *obj, size_t *nf, size_t *nn,
			 char *err, size_t len)
{
	size_t i;

	*nf = *nn = 0;
	for (i = 1; i < obj->nr_syms; i++) {
		const struct symbol *sym = &obj->syms[i];
		const struct section *sec = &obj->secs[sym->sec];

		*nn += names_place(sym);
		if (!is_func(obj, sym))
			continue;
		if (sym->offset > sec->size || sym->size > sec->size - sym->offset)
			return fail(err, len, "symbol %s: outside section %s",
				    sym->name, sec->name);
		(*nf)++;
	}
	return 0;
}

/*
 * Every section's functions and named symbols: counted, filled, sorted by
 * section first, then each section gets its run.  Linear but for the sort.
 */
static int index_symbols(struct object *obj, char *err, size_t len)
{
	size_t nf, nn, f = 0, n = 0, i, run;
	uint32_t *funcs, *named;

	if (count_symbols(obj, &nf, &nn, err, len))
		return -1;
	obj->sym_lists = malloc((nf + nn + 1) * sizeof(*obj->sym_lists));
	obj->end_lists = malloc((2 * nf + 1) * sizeof(*obj->end_lists));
	if (!obj->sym_lists || !obj->end_lists)
		return fail(err, len, "out of memory");
	funcs = obj->sym_lists;
	named = funcs + nf;
	for (i = 1; i < obj->nr_syms; i++) {
		if (is_func(obj, &obj->syms[i]))
			funcs[f++] = i;
		if (names_place(&obj->syms[i]))
			named[n++] = i;
	}
	if (sort_funcs(obj, funcs, nf) || sort_places(obj, named, nn))
		return fail(err, len, "out of memory");
	for (i = 0; i < nf; i += run) {
		struct section *sec = &obj->secs[obj->syms[funcs[i]].sec];

		run = section_run(obj, funcs + i, nf - i);
		sec->funcs = funcs + i;
		sec->nr_funcs = run;
		sec->func_max_end = obj->end_lists + i;
		sec->func_start = obj->end_lists + nf + i;
		build_func_ranges(obj, sec);
		if (build_func_blocks(sec))
			return fail(err, len, "out of memory");
	}
	for (i = 0; i < nn; i += run) {
		struct section *sec = &obj->secs[obj->syms[named[i]].sec];

		run = section_run(obj, named + i, nn - i);
		sec->syms = named + i;
		sec->nr_syms = run;
	}
	return 0;
}

/* ---- addresses of linked files ---- */

static int cmp_addr(const void *a, const void *b, void *arg)
{
	const struct object *obj = arg;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	const struct section *x = &obj->secs[i], *y = &obj->secs[j];

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return cmp_index(i, j);
}

static bool has_addr(const struct section *s)
{
	return (s->flags & SHF_ALLOC) && s->size;
}

/* The allocated sections by address, for section_by_addr(). */
int object_index_addresses(struct object *obj, char *err, size_t len)
{
	uint64_t end = 0;
	size_t i, n = 0;

	obj->by_addr = malloc(obj->nr_secs * sizeof(*obj->by_addr));
	obj->by_addr_end = malloc(obj->nr_secs * sizeof(*obj->by_addr_end));
	if (!obj->by_addr || !obj->by_addr_end)
		return fail(err, len, "out of memory");
	for (i = 1; i < obj->nr_secs; i++)
		if (has_addr(&obj->secs[i]))
			obj->by_addr[n++] = i;
	qsort_r(obj->by_addr, n, sizeof(*obj->by_addr), cmp_addr, obj);
	for (i = 0; i < n; i++) {
		const struct section *s = &obj->secs[obj->by_addr[i]];
		uint64_t e = s->addr + s->size;

		/* a corrupt size may wrap: such a section reaches the end */
		if (e < s->addr)
			e = UINT64_MAX;
		if (e > end)
			end = e;
		obj->by_addr_end[i] = end;
	}
	obj->nr_by_addr = n;
	return 0;
}

/*
 * Whether [lo, hi) lies in a mapping of a file that cannot be written:
 * libelf's ELF_C_READ_MMAP, whose pages read again from the file.  Never
 * so for memory of the heap (an image from elf_memory()), which dropped
 * pages would lose.
 */
static bool file_mapped(uintptr_t lo, uintptr_t hi)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long start, end, inode;
	bool found = false;
	char *line = NULL;
	size_t cap = 0;
	char perms[8];

	if (!f)
		return false;
	while (!found && getline(&line, &cap, f) > 0)
		found = sscanf(line, "%lx-%lx %7s %*x %*x:%*x %lu", &start, &end,
			       perms, &inode) == 4 &&
			start <= lo && hi <= end && inode && perms[1] == '-';
	free(line);
	fclose(f);
	return found;
}

/*
 * A vmlinux.o's relocations and symbol table are read once, into the
 * model, and its code, tables and names again and again: give the pages
 * of the image back once loaded, and those read again come back from the
 * file (the page cache) as they are read.  Not both the file's 23 MB of
 * relocations and the model's copy of them stay resident.  Small images
 * are not worth reading the process's mappings for.
 */
#define GIVE_BACK_MIN	(1u << 20)

static void give_back_pages(Elf *elf)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), lo, hi;
	size_t size;
	char *raw = elf_rawfile(elf, &size);

	if (!raw || size < GIVE_BACK_MIN || !page)
		return;
	lo = ((uintptr_t)raw + page - 1) & ~(page - 1);
	hi = ((uintptr_t)raw + size) & ~(page - 1);
	if (lo < hi && file_mapped((uintptr_t)raw, (uintptr_t)raw + size))
		madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* What needs the symbols but not the relocations. */
static int index_all(struct object *obj, char *err, size_t len)
{
	return index_code_map(obj, err, len) || index_symbols(obj, err, len) ||
	       object_index_addresses(obj, err, len) ? -1 : 0;
}

uint64_t object_code_words(const struct object *obj)
{
	uint64_t words = 0;
	size_t i;

	for (i = 1; i < obj->nr_secs; i++)
		if (sec_is_code(&obj->secs[i]))
			words += obj->secs[i].size / 4;
	return words;
}

/* The relocations, read beside index_all(): neither reads what the
 * other writes (other fields of the sections), and only this one calls
 * libelf. */
struct relocs_beside {
	struct object *obj;
	int ret;
	char err[512];
};

static void *load_relocs_beside(void *arg)
{
	struct relocs_beside *b = arg;

	b->ret = load_relocs(b->obj, b->err, sizeof(b->err));
	return NULL;
}

/*
 * The relocations and the indices, on two threads for a large object
 * under -j: vmlinux.o's 965,000 relocations take 25 ms, its symbol and
 * mapping indices 18, both before any pass can start.  An error is the
 * one the order of one thread meets first: the relocations'.
 */
static int load_rest(struct object *obj, unsigned int jobs, uint64_t min_words,
		     char *err, size_t len)
{
	struct relocs_beside b = { .obj = obj };
	pthread_t t;
	int ret;

	if (jobs < 2 || object_code_words(obj) < min_words ||
	    pthread_create(&t, NULL, load_relocs_beside, &b))
		return load_relocs(obj, err, len) || index_all(obj, err, len) ? -1 : 0;
	ret = index_all(obj, err, len);
	pthread_join(t, NULL);
	if (b.ret)
		return fail(err, len, "%s", b.err);
	return ret;
}

int object_load(struct object *obj, Elf *elf, const char *name,
		unsigned int jobs, uint64_t min_words, char *err, size_t len)
{
	memset(obj, 0, sizeof(*obj));
	obj->elf = elf;
	obj->name = name;
	if (check_header(obj, err, len) || load_sections(obj, err, len) ||
	    load_symbols(obj, err, len) ||
	    load_rest(obj, jobs, min_words, err, len))
		return -1;
	give_back_pages(elf);
	return 0;
}

void object_free(struct object *obj)
{
	size_t i;

	for (i = 0; i < obj->nr_secs; i++) {
		free(obj->secs[i].relocs);
		free_word_relocs(&obj->secs[i]);
		free(obj->secs[i].is_data);
		free(obj->secs[i].func_block);
	}
	free(obj->secs);
	free(obj->syms);
	free(obj->sym_lists);
	free(obj->end_lists);
	free(obj->by_addr);
	free(obj->by_addr_end);
	memset(obj, 0, sizeof(*obj));
}

static int cmp_reloc_key(const void *key, const void *elem)
{
	uint64_t off = *(const uint64_t *)key;
	const struct reloc *r = elem;

	return off < r->offset ? -1 : off > r->offset;
}

const struct reloc *reloc_at(const struct section *sec, uint64_t offset)
{
	const struct reloc_words *rw = sec->reloc_words;
	size_t i;

	if (rw && !(offset & 3)) {
		uint64_t w = offset / 4, bit;
		const struct reloc_block *b;

		if (offset >= sec->size)
			return NULL;
		b = &rw->block[w / 64];
		bit = 1ull << (w % 64);
		if (!(b->bits & bit))
			return NULL;
		i = b->before + __builtin_popcountll(b->bits & (bit - 1));
		return &sec->relocs[rw->first[i]];
	}
	i = lower_bound(sec->relocs, sec->nr_relocs, sizeof(*sec->relocs),
			&offset, cmp_reloc_key);
	if (i < sec->nr_relocs && sec->relocs[i].offset == offset)
		return &sec->relocs[i];
	return NULL;
}

/* A key for lower_bound() over symbol or section indices: an offset in a
 * section of obj, or an address. */
struct key {
	const struct object *obj;
	uint64_t at;
};

static uint64_t sym_offset(const struct key *k, const void *elem)
{
	return k->obj->syms[*(const uint32_t *)elem].offset;
}

/* The first symbol that starts after the key. */
static int cmp_starts_after(const void *key, const void *elem)
{
	const struct key *k = key;

	return k->at >= sym_offset(k, elem) ? 1 : -1;
}

/* The first symbol that starts at the key or after it. */
static int cmp_starts_at(const void *key, const void *elem)
{
	const struct key *k = key;
	uint64_t off = sym_offset(k, elem);

	return k->at < off ? -1 : k->at > off;
}

/* For lower_bound() over func_start: the first start after the key. */
static int cmp_start_after(const void *key, const void *elem)
{
	return *(const uint64_t *)key >= *(const uint64_t *)elem ? 1 : -1;
}

/*
 * Index of the last function starting at or before offset, or -1: among
 * those of offset's block (functions before it start before offset, those
 * after it after), or of the last block past the section's end.
 */
static long last_func_before(const struct section *sec, uint64_t offset)
{
	size_t lo = 0, n = sec->nr_funcs;

	if (!n)
		return -1;	/* and func_start is NULL: no offset from it */
	if (sec->func_block) {
		uint64_t b = offset / FUNC_BLOCK;

		if (b >= sec->nr_func_blocks)
			b = sec->nr_func_blocks - 1;
		lo = sec->func_block[b];
		n = sec->func_block[b + 1] - lo;
	}
	return (long)(lo + lower_bound(sec->func_start + lo, n,
				       sizeof(*sec->func_start), &offset,
				       cmp_start_after)) - 1;
}

const struct symbol *func_at(const struct object *obj, const struct section *sec,
			     uint64_t offset)
{
	const struct symbol *best = NULL;
	long i;

	for (i = last_func_before(sec, offset);
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
	struct key k = { obj, offset };
	size_t i;

	if (best)
		return best;
	i = lower_bound(sec->syms, sec->nr_syms, sizeof(*sec->syms), &k,
			cmp_starts_after);
	if (!i)
		return NULL;
	/* the nearest preceding offset; of several symbols there, the first */
	k.at = obj->syms[sec->syms[i - 1]].offset;
	i = lower_bound(sec->syms, i, sizeof(*sec->syms), &k, cmp_starts_at);
	return &obj->syms[sec->syms[i]];
}

/* The first section of object.by_addr that starts after the key. */
static int cmp_sec_after(const void *key, const void *elem)
{
	const struct key *k = key;

	return k->at >= k->obj->secs[*(const uint32_t *)elem].addr ? 1 : -1;
}

const struct section *section_by_addr(const struct object *obj, uint64_t addr)
{
	const struct section *best = NULL;
	struct key k = { obj, addr };
	size_t i;

	/* back from the last to start at or before addr while one may reach
	 * it; of several that hold it, the first by index */
	i = lower_bound(obj->by_addr, obj->nr_by_addr, sizeof(*obj->by_addr),
			&k, cmp_sec_after);
	while (i-- > 0 && obj->by_addr_end[i] > addr) {
		const struct section *s = &obj->secs[obj->by_addr[i]];

		if (addr - s->addr < s->size && (!best || s->idx < best->idx))
			best = s;
	}
	return best;
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
