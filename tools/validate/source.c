// SPDX-License-Identifier: GPL-2.0
/*
 * Source lines: where the object's DWARF line table (any -g object; a
 * kernel built with CONFIG_DEBUG_INFO) puts each finding's instruction,
 * read with elfutils' libdw.  An object without .debug_line pays nothing,
 * one with it only when it has findings: the table is opened after the
 * walk, for this object alone, and closed before the next.
 *
 * libdwfl, not libdw alone: a relocatable object's line table holds zeros
 * where the relocations put each section's address, and libdwfl lays the
 * sections out and applies them.
 *
 * libdw is loaded then, not linked: linked, it cost every process its
 * start-up (0.4 ms and more; validate-cc runs one a compile), as Capstone
 * did (disasm.c).  Without libdw.so.1, findings name no line.
 */
#include <dlfcn.h>
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

#define DW(fn)		__typeof__(fn) *fn

/* The functions used, named as libdw names them. */
struct dw {
	void *lib;
	DW(dwfl_begin);
	DW(dwfl_end);
	DW(dwfl_report_offline);
	DW(dwfl_report_offline_memory);
	DW(dwfl_report_end);
	DW(dwfl_module_getelf);
	DW(dwfl_module_getsrc);
	DW(dwfl_module_nextcu);
	DW(dwfl_linecu);
	DW(dwfl_dwarf_line);
	DW(dwfl_offline_section_address);
	DW(dwarf_getsrc_die);
	DW(dwarf_lineno);
	DW(dwarf_linesrc);
	DW(dwarf_attr);
	DW(dwarf_formstring);
};

#define DW_SYM(fn)	{ #fn, offsetof(struct dw, fn) }

static const struct {
	const char *name;
	size_t at;
} dw_syms[] = {
	DW_SYM(dwfl_begin), DW_SYM(dwfl_end), DW_SYM(dwfl_report_offline),
	DW_SYM(dwfl_report_offline_memory), DW_SYM(dwfl_report_end),
	DW_SYM(dwfl_module_getelf), DW_SYM(dwfl_module_getsrc),
	DW_SYM(dwfl_module_nextcu), DW_SYM(dwfl_linecu), DW_SYM(dwfl_dwarf_line),
	DW_SYM(dwfl_offline_section_address), DW_SYM(dwarf_getsrc_die),
	DW_SYM(dwarf_lineno), DW_SYM(dwarf_linesrc), DW_SYM(dwarf_attr),
	DW_SYM(dwarf_formstring),
};

static bool dw_load(struct dw *dw)
{
	size_t i;

	dw->lib = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
	for (i = 0; dw->lib && i < sizeof(dw_syms) / sizeof(*dw_syms); i++) {
		void *fn = dlsym(dw->lib, dw_syms[i].name);

		if (!fn)
			return false;
		memcpy((char *)dw + dw_syms[i].at, &fn, sizeof(fn));
	}
	return dw->lib != NULL;
}

struct lines {
	struct dw dw;
	Dwfl_Callbacks callbacks;	/* libdwfl keeps a pointer to them */
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Elf *elf;		/* libdwfl's copy, with its section layout */
	Dwarf_Addr bias;
	char *image;		/* the object's bytes: libdwfl relocates in place */
};

/* The line table is in the object itself: never search elsewhere. */
static int no_separate_debuginfo(Dwfl_Module *mod, void **user,
				 const char *name, Dwarf_Addr base,
				 const char *file, const char *debuglink,
				 GElf_Word crc, char **path)
{
	(void)mod, (void)user, (void)name, (void)base, (void)file;
	(void)debuglink, (void)crc, (void)path;
	return -1;
}

static bool has_line_table(const struct object *obj)
{
	size_t i;

	for (i = 1; i < obj->nr_secs; i++)
		if (obj->secs[i].name && !strcmp(obj->secs[i].name, ".debug_line") &&
		    obj->secs[i].size)
			return true;
	return false;
}

static void lines_close(struct lines *l)
{
	if (l->dwfl)
		l->dw.dwfl_end(l->dwfl);
	if (l->dw.lib)
		dlclose(l->dw.lib);
	free(l->image);
}

/* "lib.a(member.o)": a thin archive's member is a file of its own, but
 * not by that name. */
static bool member_name(const char *name)
{
	size_t n = strlen(name);

	return n && name[n - 1] == ')' && strchr(name, '(');
}

/*
 * A file is opened again by name: libdwfl maps it copy-on-write, and the
 * relocations it applies touch only the debug sections.  An archive
 * member, or an object that is no file by its name, is read from a copy
 * of its bytes.  0, 1 when libdwfl cannot read the object, -1 when out of memory.
 */
static int lines_open(struct lines *l, const struct object *obj)
{
	size_t size;
	const char *raw = elf_rawfile(obj->elf, &size);

	if (!raw || !size || !dw_load(&l->dw))
		return 1;
	l->callbacks = (Dwfl_Callbacks){
		.find_debuginfo = no_separate_debuginfo,
		.section_address = l->dw.dwfl_offline_section_address,
	};
	l->dwfl = l->dw.dwfl_begin(&l->callbacks);
	if (!l->dwfl)
		return -1;
	if (elf_getbase(obj->elf) <= 0 && !member_name(obj->name))
		l->mod = l->dw.dwfl_report_offline(l->dwfl, obj->name, obj->name, -1);
	if (!l->mod) {
		l->image = malloc(size);
		if (!l->image)
			return -1;
		memcpy(l->image, raw, size);
		l->mod = l->dw.dwfl_report_offline_memory(l->dwfl, obj->name,
							  obj->name, l->image, size);
	}
	if (!l->mod || l->dw.dwfl_report_end(l->dwfl, NULL, NULL))
		return 1;
	l->elf = l->dw.dwfl_module_getelf(l->mod, &l->bias);
	return l->elf ? 0 : 1;
}

/*
 * The row for addr and its unit.  The address ranges index is quick, but
 * clang writes none (no .debug_aranges): then each unit's own table.
 */
static Dwarf_Line *line_at(struct lines *l, Dwarf_Addr addr, Dwarf_Die **cu)
{
	const struct dw *dw = &l->dw;
	Dwfl_Line *fl = dw->dwfl_module_getsrc(l->mod, addr);
	Dwarf_Addr bias;
	Dwarf_Line *line;

	if (fl) {
		*cu = dw->dwfl_linecu(fl);
		return dw->dwfl_dwarf_line(fl, &bias);
	}
	for (*cu = dw->dwfl_module_nextcu(l->mod, NULL, &bias); *cu;
	     *cu = dw->dwfl_module_nextcu(l->mod, *cu, &bias)) {
		line = dw->dwarf_getsrc_die(*cu, addr - bias);
		if (line)
			return line;
	}
	return NULL;
}

/* As the compiler names the file: relative to its working directory. */
static const char *as_compiled(const struct dw *dw, const char *file,
			       Dwarf_Die *cu)
{
	Dwarf_Attribute attr;
	const char *dir = cu ? dw->dwarf_formstring(dw->dwarf_attr(cu, DW_AT_comp_dir,
								   &attr)) : NULL;
	size_t n = dir ? strlen(dir) : 0;

	if (n && !strncmp(file, dir, n) && file[n] == '/' && file[n + 1])
		file += n + 1;
	while (file[0] == '.' && file[1] == '/')
		file += 2;
	return file;
}

static int name_finding(struct lines *l, const struct object *obj,
			struct finding *f)
{
	const struct section *sec = &obj->secs[f->sec];
	Elf_Scn *scn = elf_getscn(l->elf, f->sec);
	Dwarf_Die *cu = NULL;
	Dwarf_Line *line;
	const char *file;
	GElf_Shdr sh;
	int lineno;

	if (!sec_word_is_code(sec, f->off) || !scn || !gelf_getshdr(scn, &sh))
		return 0;
	line = line_at(l, sh.sh_addr + l->bias + f->off, &cu);
	if (!line || l->dw.dwarf_lineno(line, &lineno) || lineno <= 0)
		return 0;	/* line 0: code no source line made */
	file = l->dw.dwarf_linesrc(line, NULL, NULL);
	if (!file || !*file)
		return 0;
	f->src_file = strdup(as_compiled(&l->dw, file, cu));
	f->src_line = (unsigned int)lineno;
	return f->src_file ? 0 : -1;
}

int source_lines_find(struct ctx *ctx)
{
	struct lines l = { 0 };
	size_t i;
	int ret = 0;

	if (!ctx->nr_findings || !has_line_table(ctx->obj))
		return 0;
	/* a table libdw cannot read names no line; the findings stand */
	ret = lines_open(&l, ctx->obj);
	if (!ret)
		for (i = 0; i < ctx->nr_findings && !ret; i++)
			ret = name_finding(&l, ctx->obj, &ctx->findings[i]);
	lines_close(&l);
	return ret < 0 ? -1 : 0;
}
