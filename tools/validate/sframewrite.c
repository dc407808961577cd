// SPDX-License-Identifier: GPL-2.0
/*
 * Writing a copy of a relocatable object with a new .sframe.  Every
 * section is copied at its index, byte for byte, so that nothing that
 * names a section by index has to change; .sframe and .rela.sframe replace
 * the old ones in place, or come last.  Relocations are against section
 * symbols, as GNU as makes them; a code section without one gets one,
 * inserted after the last local symbol, and every symbol index that
 * follows is renumbered where it is used: relocations, group signatures,
 * SHT_SYMTAB_SHNDX and .llvm_addrsig.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "validate/arch.h"
#include "validate/sframe.h"
#include "validate/vec.h"

#define SHT_LLVM_ADDRSIG	0x6fff4c03
#define SFRAME_ALIGN		8	/* as GNU as aligns it */

struct wctx {
	Elf *in, *out;
	const struct sframe_blob *blob;
	uint32_t sh_type;
	size_t shnum, shstrndx;
	size_t symtab, shndx;		/* 0: none */
	size_t old_sf, old_rela;	/* 0: none */
	size_t first_global;		/* the symbol table's sh_info */
	uint32_t *new_secs;		/* sections that get a section symbol */
	size_t n_new;
	uint32_t *secsym;		/* output symbol index per section */
	size_t rela_name;		/* of ".rela.sframe" in .shstrtab */
	void **bufs;			/* freed after the output is written */
	size_t nr_bufs, alloc_bufs;
	char *err;
	size_t len;
};

#define fail(...) ({ snprintf(c->err, c->len, __VA_ARGS__); -1; })

static void *keep(struct wctx *c, size_t size)
{
	void *p;

	if (VEC_GROW(c->bufs, c->alloc_bufs, c->nr_bufs))
		return NULL;
	p = calloc(size ? size : 1, 1);
	if (p)
		c->bufs[c->nr_bufs++] = p;
	return p;
}

static size_t remap(const struct wctx *c, size_t sym)
{
	return sym < c->first_global ? sym : sym + c->n_new;
}

static int find_sections(struct wctx *c)
{
	size_t i;

	if (elf_getshdrnum(c->in, &c->shnum) ||
	    elf_getshdrstrndx(c->in, &c->shstrndx))
		return fail("corrupt section header table: %s", elf_errmsg(-1));
	for (i = 1; i < c->shnum; i++) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(elf_getscn(c->in, i), &sh))
			return fail("section %zu: corrupt header", i);
		name = elf_strptr(c->in, c->shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_SYMTAB)
			c->symtab = i;
		else if (sh.sh_type == SHT_SYMTAB_SHNDX)
			c->shndx = i;
		else if (name && !strcmp(name, ".sframe"))
			c->old_sf = i;
	}
	if (!c->symtab)
		return fail("no symbol table to relocate .sframe against");
	for (i = 1; c->old_sf && i < c->shnum; i++) {
		GElf_Shdr sh;

		gelf_getshdr(elf_getscn(c->in, i), &sh);
		if ((sh.sh_type == SHT_RELA || sh.sh_type == SHT_REL) &&
		    sh.sh_info == c->old_sf)
			c->old_rela = i;
	}
	return 0;
}

/* The section a symbol is defined in, through SHT_SYMTAB_SHNDX if need be. */
static size_t sym_section(Elf_Data *syms, Elf_Data *xdata, size_t j,
			  GElf_Sym *s)
{
	Elf32_Word x = 0;

	if (!gelf_getsymshndx(syms, xdata, (int)j, s, &x))
		return 0;
	return s->st_shndx == SHN_XINDEX ? x : s->st_shndx;
}

/* The first local section symbol of every section, in one pass. */
static void map_secsyms(struct wctx *c, Elf_Data *syms, Elf_Data *xdata)
{
	size_t j;

	for (j = 1; j < c->first_global; j++) {
		GElf_Sym s;
		size_t sec = sym_section(syms, xdata, j, &s);

		if (GELF_ST_TYPE(s.st_info) == STT_SECTION && sec &&
		    sec < c->shnum && !c->secsym[sec])
			c->secsym[sec] = (uint32_t)j;
	}
}

static int add_secsym(struct wctx *c, uint32_t sec)
{
	if (c->secsym[sec])
		return 0;
	if (sec >= SHN_LORESERVE && !c->shndx)
		return fail("section %u needs a symbol and there is no SHT_SYMTAB_SHNDX",
			    sec);
	c->new_secs[c->n_new] = sec;
	c->secsym[sec] = (uint32_t)(c->first_global + c->n_new++);
	return 0;
}

/* Which relocation targets have a section symbol, and which need one. */
static int plan_symbols(struct wctx *c)
{
	Elf_Scn *scn = elf_getscn(c->in, c->symtab);
	Elf_Data *syms = elf_getdata(scn, NULL), *xdata = NULL;
	GElf_Shdr sh;
	size_t i;

	gelf_getshdr(scn, &sh);
	if (!syms || sh.sh_info > sh.sh_size / sizeof(Elf64_Sym))
		return fail("symbol table: unreadable or bad sh_info");
	c->first_global = sh.sh_info;
	if (c->shndx)
		xdata = elf_getdata(elf_getscn(c->in, c->shndx), NULL);
	c->secsym = keep(c, c->shnum * sizeof(*c->secsym));
	c->new_secs = keep(c, c->blob->nr_relocs * sizeof(*c->new_secs));
	if (!c->secsym || !c->new_secs)
		return fail("out of memory");
	map_secsyms(c, syms, xdata);
	for (i = 0; i < c->blob->nr_relocs; i++) {
		uint32_t sec = c->blob->relocs[i].sec;

		if (!sec || sec >= c->shnum || sec == c->old_sf)
			return fail("relocation %zu: bad target section %u", i, sec);
		if (add_secsym(c, sec))
			return -1;
	}
	return 0;
}

static void set_data(Elf_Data *d, void *buf, size_t size, Elf_Type type,
		     uint64_t align)
{
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = type;
	d->d_align = align ? align : 1;
	d->d_off = 0;
	d->d_version = EV_CURRENT;
}

static int copy_raw(struct wctx *c, Elf_Scn *iscn, const GElf_Shdr *sh,
		    Elf_Data *d)
{
	Elf_Data *rd;

	if (sh->sh_type == SHT_NOBITS || !sh->sh_size) {
		set_data(d, NULL, sh->sh_size, ELF_T_BYTE, sh->sh_addralign);
		return 0;
	}
	rd = elf_rawdata(iscn, NULL);
	if (!rd || rd->d_size != sh->sh_size)
		return fail("section %zu: unreadable data", elf_ndxscn(iscn));
	set_data(d, rd->d_buf, rd->d_size, ELF_T_BYTE, sh->sh_addralign);
	return 0;
}

static int fill_symtab(struct wctx *c, Elf_Scn *iscn, GElf_Shdr *sh,
		       Elf_Data *d)
{
	Elf_Data *in = elf_getdata(iscn, NULL);
	size_t n = sh->sh_size / sizeof(Elf64_Sym), j;
	Elf64_Sym *out = keep(c, (n + c->n_new) * sizeof(*out));

	if (!in || !out)
		return fail("symbol table: unreadable, or out of memory");
	for (j = 0; j < n; j++)
		if (!gelf_getsym(in, (int)j, &out[remap(c, j)]))
			return fail("symbol %zu: unreadable", j);
	for (j = 0; j < c->n_new; j++) {
		Elf64_Sym *s = &out[c->first_global + j];
		uint32_t sec = c->new_secs[j];

		s->st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION);
		s->st_shndx = sec < SHN_LORESERVE ? (Elf64_Half)sec : SHN_XINDEX;
	}
	sh->sh_info = (Elf64_Word)(c->first_global + c->n_new);
	set_data(d, out, (n + c->n_new) * sizeof(*out), ELF_T_SYM,
		 sh->sh_addralign);
	return 0;
}

static int fill_shndx(struct wctx *c, Elf_Scn *iscn, GElf_Shdr *sh,
		      Elf_Data *d)
{
	Elf_Data *in = elf_getdata(iscn, NULL);
	size_t n = sh->sh_size / sizeof(Elf32_Word), j;
	Elf32_Word *out = keep(c, (n + c->n_new) * sizeof(*out));

	if (!in || !out || in->d_size < n * sizeof(Elf32_Word))
		return fail("SHT_SYMTAB_SHNDX: unreadable, or out of memory");
	for (j = 0; j < n; j++)
		out[remap(c, j)] = ((const Elf32_Word *)in->d_buf)[j];
	for (j = 0; j < c->n_new; j++)
		out[c->first_global + j] = c->new_secs[j] < SHN_LORESERVE ?
					   0 : c->new_secs[j];
	set_data(d, out, (n + c->n_new) * sizeof(*out), ELF_T_WORD,
		 sh->sh_addralign);
	return 0;
}

static int remap_rel(struct wctx *c, Elf_Scn *iscn, const GElf_Shdr *sh,
		     Elf_Data *d)
{
	bool rela = sh->sh_type == SHT_RELA;
	size_t esize = rela ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel);
	size_t n = sh->sh_size / esize, j;
	Elf_Data *in = elf_getdata(iscn, NULL);
	uint8_t *out = keep(c, n * esize);

	if (!in || !out)
		return fail("section %zu: unreadable relocations", elf_ndxscn(iscn));
	for (j = 0; j < n; j++) {
		GElf_Rela r;
		GElf_Rel rl;

		if (rela ? !gelf_getrela(in, (int)j, &r) : !gelf_getrel(in, (int)j, &rl))
			return fail("section %zu: relocation %zu unreadable",
				    elf_ndxscn(iscn), j);
		if (!rela)
			r = (GElf_Rela){ rl.r_offset, rl.r_info, 0 };
		r.r_info = ELF64_R_INFO(remap(c, ELF64_R_SYM(r.r_info)),
					ELF64_R_TYPE(r.r_info));
		if (rela)
			memcpy(out + j * esize, &r, esize);
		else
			memcpy(out + j * esize, &r, sizeof(Elf64_Rel));
	}
	set_data(d, out, n * esize, rela ? ELF_T_RELA : ELF_T_REL,
		 sh->sh_addralign);
	return 0;
}

static size_t put_uleb(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	do {
		p[n] = v & 0x7f;
		v >>= 7;
		if (v)
			p[n] |= 0x80;
		n++;
	} while (v);
	return n;
}

/* .llvm_addrsig: ULEB128 symbol indices (clang's, for lld's ICF). */
static int remap_addrsig(struct wctx *c, Elf_Scn *iscn, const GElf_Shdr *sh,
			 Elf_Data *d)
{
	Elf_Data *in = elf_rawdata(iscn, NULL);
	const uint8_t *p, *end;
	uint8_t *out;
	size_t n = 0;

	if (!in || !in->d_buf)
		return copy_raw(c, iscn, sh, d);
	/* a renumbered index takes at most one more byte than the old one */
	out = keep(c, in->d_size * 2);
	if (!out)
		return fail("out of memory");
	p = in->d_buf;
	end = p + in->d_size;
	while (p < end) {
		uint64_t v = 0;
		unsigned int shift = 0;

		while (p < end && shift < 64) {
			uint8_t b = *p++;

			v |= (uint64_t)(b & 0x7f) << shift;
			shift += 7;
			if (!(b & 0x80))
				break;
		}
		n += put_uleb(out + n, remap(c, v));
	}
	set_data(d, out, n, ELF_T_BYTE, sh->sh_addralign);
	return 0;
}

static int fill_names(struct wctx *c, Elf_Scn *iscn, const GElf_Shdr *sh,
		      Elf_Data *d)
{
	static const char names[] = ".rela.sframe";
	Elf_Data *in = elf_rawdata(iscn, NULL);
	char *out;

	if (!in || in->d_size != sh->sh_size)
		return fail("section name table: unreadable");
	out = keep(c, in->d_size + sizeof(names));
	if (!out)
		return fail("out of memory");
	memcpy(out, in->d_buf, in->d_size);
	memcpy(out + in->d_size, names, sizeof(names));
	c->rela_name = in->d_size;
	set_data(d, out, in->d_size + sizeof(names), ELF_T_BYTE,
		 sh->sh_addralign);
	return 0;
}

static void fill_sframe(struct wctx *c, GElf_Shdr *sh, Elf_Data *d)
{
	sh->sh_type = c->sh_type;
	sh->sh_flags = SHF_ALLOC;
	sh->sh_addr = 0;
	sh->sh_link = 0;
	sh->sh_info = 0;
	sh->sh_entsize = 0;
	sh->sh_addralign = SFRAME_ALIGN;
	set_data(d, c->blob->data, c->blob->size, ELF_T_BYTE, SFRAME_ALIGN);
}

static int fill_rela(struct wctx *c, GElf_Shdr *sh, size_t sframe_idx,
		     Elf_Data *d)
{
	const struct sframe_blob *b = c->blob;
	Elf64_Rela *out = keep(c, b->nr_relocs * sizeof(*out));
	size_t i;

	if (!out)
		return fail("out of memory");
	for (i = 0; i < b->nr_relocs; i++) {
		out[i].r_offset = b->relocs[i].offset;
		out[i].r_info = ELF64_R_INFO(c->secsym[b->relocs[i].sec],
					     b->relocs[i].type);
		out[i].r_addend = b->relocs[i].addend;
	}
	sh->sh_type = SHT_RELA;
	sh->sh_flags = SHF_INFO_LINK;
	sh->sh_addr = 0;
	sh->sh_link = (Elf64_Word)c->symtab;
	sh->sh_info = (Elf64_Word)sframe_idx;
	sh->sh_entsize = sizeof(Elf64_Rela);
	sh->sh_addralign = 8;
	set_data(d, out, b->nr_relocs * sizeof(*out), ELF_T_RELA, 8);
	return 0;
}

static size_t sframe_index(const struct wctx *c)
{
	return c->old_sf ? c->old_sf : c->shnum;
}

static bool needs_names(const struct wctx *c)
{
	return !c->old_sf || !c->old_rela;
}

/* What becomes of input section i in the copy. */
static int fill_section(struct wctx *c, size_t i, Elf_Scn *iscn, GElf_Shdr *sh,
			Elf_Data *d)
{
	bool renumber = c->n_new && sh->sh_link == c->symtab;

	if (i == c->old_sf) {
		fill_sframe(c, sh, d);
		return 0;
	}
	if (i == c->old_rela)
		return fill_rela(c, sh, c->old_sf, d);
	if (i == c->symtab && c->n_new)
		return fill_symtab(c, iscn, sh, d);
	if (i == c->shndx && c->n_new)
		return fill_shndx(c, iscn, sh, d);
	if (renumber && (sh->sh_type == SHT_RELA || sh->sh_type == SHT_REL))
		return remap_rel(c, iscn, sh, d);
	if (renumber && sh->sh_type == SHT_LLVM_ADDRSIG)
		return remap_addrsig(c, iscn, sh, d);
	if (renumber && sh->sh_type == SHT_GROUP)
		sh->sh_info = (Elf64_Word)remap(c, sh->sh_info);
	if (i == c->shstrndx && needs_names(c))
		return fill_names(c, iscn, sh, d);
	return copy_raw(c, iscn, sh, d);
}

static int copy_sections(struct wctx *c)
{
	size_t i;

	for (i = 1; i < c->shnum; i++) {
		Elf_Scn *iscn = elf_getscn(c->in, i), *oscn = elf_newscn(c->out);
		Elf_Data *d = oscn ? elf_newdata(oscn) : NULL;
		GElf_Shdr sh;

		if (!d || !gelf_getshdr(iscn, &sh))
			return fail("section %zu: %s", i, elf_errmsg(-1));
		if (fill_section(c, i, iscn, &sh, d))
			return -1;
		if (!gelf_update_shdr(oscn, &sh))
			return fail("section %zu: %s", i, elf_errmsg(-1));
	}
	return 0;
}

/* A new .sframe and .rela.sframe at the end, or the missing one of them. */
static int add_sections(struct wctx *c)
{
	if (!c->old_sf) {
		Elf_Scn *scn = elf_newscn(c->out);
		Elf_Data *d = scn ? elf_newdata(scn) : NULL;
		GElf_Shdr sh = { .sh_name = (Elf64_Word)(c->rela_name + 5) };

		if (!d)
			return fail("new section: %s", elf_errmsg(-1));
		fill_sframe(c, &sh, d);
		if (!gelf_update_shdr(scn, &sh))
			return fail("new section: %s", elf_errmsg(-1));
	}
	if (!c->old_rela) {
		Elf_Scn *scn = elf_newscn(c->out);
		Elf_Data *d = scn ? elf_newdata(scn) : NULL;
		GElf_Shdr sh = { .sh_name = (Elf64_Word)c->rela_name };

		if (!d || fill_rela(c, &sh, sframe_index(c), d))
			return d ? -1 : fail("new section: %s", elf_errmsg(-1));
		if (!gelf_update_shdr(scn, &sh))
			return fail("new section: %s", elf_errmsg(-1));
	}
	return 0;
}

static int check_input(struct wctx *c)
{
	GElf_Ehdr eh;

	if (elf_kind(c->in) != ELF_K_ELF || !gelf_getehdr(c->in, &eh))
		return fail("not an ELF file");
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != arch_elf_machine())
		return fail("not a 64-bit arm64 object");
	if (eh.e_type != ET_REL)
		return fail("not a relocatable object: .sframe is written only into objects");
	return 0;
}

static int write_header(struct wctx *c)
{
	GElf_Ehdr eh;

	gelf_getehdr(c->in, &eh);
	/* the name table keeps its index; past 0xff00 it lives in section 0 */
	if (c->shstrndx >= SHN_LORESERVE) {
		Elf_Scn *zero = elf_getscn(c->out, 0);
		GElf_Shdr sh;

		if (!zero || !gelf_getshdr(zero, &sh))
			return fail("section 0: %s", elf_errmsg(-1));
		sh.sh_link = (Elf64_Word)c->shstrndx;
		gelf_update_shdr(zero, &sh);
		eh.e_shstrndx = SHN_XINDEX;
	}
	if (!gelf_update_ehdr(c->out, &eh))
		return fail("%s", elf_errmsg(-1));
	return 0;
}

static int build(struct wctx *c)
{
	if (check_input(c) || find_sections(c) || plan_symbols(c))
		return -1;
	if (!gelf_newehdr(c->out, ELFCLASS64))
		return fail("%s", elf_errmsg(-1));
	if (copy_sections(c) || add_sections(c) || write_header(c))
		return -1;
	if (elf_update(c->out, ELF_C_WRITE) < 0)
		return fail("writing: %s", elf_errmsg(-1));
	return 0;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* The copy, into the open temporary file fd. */
static int write_copy(struct wctx *c, int in_fd, int fd)
{
	int rc;

	c->in = elf_begin(in_fd, ELF_C_READ, NULL);
	if (!c->in)
		return fail("%s", elf_errmsg(-1));
	c->out = elf_begin(fd, ELF_C_WRITE, NULL);
	rc = c->out ? build(c) : fail("%s", elf_errmsg(-1));
	if (c->out)
		elf_end(c->out);
	elf_end(c->in);
	while (c->nr_bufs)
		free(c->bufs[--c->nr_bufs]);
	free(c->bufs);
	return rc;
}

static int open_input(const char *in_path, const char *out_path, int *fd,
		      struct stat *st, char *err, size_t len)
{
	if (same_file(in_path, out_path)) {
		snprintf(err, len, "%s: the output would overwrite the input",
			 out_path);
		return -1;
	}
	*fd = open(in_path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0 || fstat(*fd, st)) {
		snprintf(err, len, "%s: %s", in_path, strerror(errno));
		if (*fd >= 0)
			close(*fd);
		return -1;
	}
	return 0;
}

/* The complete copy takes the input's permissions and out_path's name. */
static int finish(int fd, mode_t mode, const char *tmp, const char *out_path,
		  char *err, size_t len)
{
	const char *what = tmp;
	int saved;

	if (fchmod(fd, mode & 0777) || fsync(fd)) {
		saved = errno;
		close(fd);
		errno = saved;
	} else if (!close(fd)) {
		what = out_path;
		if (!rename(tmp, out_path))
			return 0;
	}
	snprintf(err, len, "%s: %s", what, strerror(errno));
	return -1;
}

int sframe_write_object(const char *in_path, const char *out_path,
			const struct sframe_blob *blob, uint32_t sh_type,
			char *err, size_t len)
{
	struct wctx c = { .blob = blob, .sh_type = sh_type, .err = err,
			  .len = len };
	struct stat st;
	char *tmp = NULL;
	int in_fd, fd, rc = -1;

	elf_version(EV_CURRENT);
	if (open_input(in_path, out_path, &in_fd, &st, err, len))
		return -1;
	if (asprintf(&tmp, "%s.XXXXXX", out_path) < 0) {
		tmp = NULL;
		snprintf(err, len, "out of memory");
		goto out;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		/* the temporary file goes beside the output: name the output */
		snprintf(err, len, "%s: %s", out_path, strerror(errno));
		goto out;
	}
	rc = write_copy(&c, in_fd, fd);
	if (!rc)
		rc = finish(fd, st.st_mode, tmp, out_path, err, len);
	else
		close(fd);
	if (rc)
		unlink(tmp);
out:
	free(tmp);
	close(in_fd);
	return rc;
}
