/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The object model: sections, symbols and relocations of one ELF file, read
 * through libelf.  Every address below is an offset inside its section, for
 * relocatable and linked files alike.
 */
#ifndef VALIDATE_ELF_H
#define VALIDATE_ELF_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "validate/bitmap.h"

struct reloc {
	uint64_t offset;
	uint32_t type;
	uint32_t sym;		/* index into object.syms */
	int64_t addend;
};

struct symbol {
	const char *name;
	uint64_t offset;	/* from the start of its section */
	uint64_t size;
	uint32_t sec;		/* 0: undefined, absolute or common */
	uint8_t type;		/* STT_* */
	uint8_t bind;		/* STB_* */
	bool mapping;		/* $x, $d: not a real symbol */
};

struct reloc_words;

struct section {
	const char *name;
	uint32_t idx;
	uint32_t type;		/* SHT_* */
	uint64_t flags;		/* SHF_* */
	uint64_t addr;		/* run-time address in linked files */
	uint64_t size;
	const uint8_t *data;	/* NULL for SHT_NOBITS and empty sections */
	struct reloc *relocs;	/* sorted by offset */
	size_t nr_relocs;
	/* code sections: which words carry a relocation (elf.c), so that
	 * reloc_at(), which every branch asks, is direct */
	struct reloc_words *reloc_words;
	/* one bit a 4-byte word of an executable section: set if data
	 * ($d); read it through sec_word_data(), sec_words_data() */
	uint64_t *is_data;
	/* function symbols of this section, sorted by offset */
	uint32_t *funcs;
	uint64_t *func_max_end;	/* furthest end of funcs[0..i] */
	uint64_t *func_start;	/* funcs[i]'s offset: func_at() searches it */
	size_t nr_funcs;
	/* how many of funcs start before byte b * FUNC_BLOCK, for b up to
	 * nr_func_blocks: where func_at()'s search starts; NULL: none */
	uint32_t *func_block;
	size_t nr_func_blocks;
	/* the symbols that name places in this section: all but mapping
	 * symbols, STT_SECTION, STT_FILE and unnamed ones; sorted by offset,
	 * then by symbol index.  Passes that want "the symbols of a section"
	 * read this instead of scanning object.syms. */
	uint32_t *syms;
	size_t nr_syms;
};

struct object {
	const char *name;	/* for messages: "dir/file.o" or "lib.a(member.o)" */
	Elf *elf;
	bool linked;		/* ET_EXEC or ET_DYN: addresses are not zero-based */
	bool big_endian;	/* data only: A64 instructions are always little-endian */
	struct section *secs;	/* indexed by ELF section index */
	size_t nr_secs;
	struct symbol *syms;	/* indexed by ELF symbol index */
	size_t nr_syms;
	/* storage behind every section's funcs, syms, func_max_end and
	 * func_start */
	uint32_t *sym_lists;
	uint64_t *end_lists;
	/* the allocated sections sorted by address (then index), and the
	 * furthest end of by_addr[0..i], for section_by_addr() */
	uint32_t *by_addr;
	uint64_t *by_addr_end;
	size_t nr_by_addr;
};

/*
 * The index section_by_addr() searches; object_load() builds it.  For an
 * object model built by hand (unit tests), after setting the addresses.
 */
int object_index_addresses(struct object *obj, char *err, size_t len);

/*
 * Returns 0, or -1 with a one-line reason in err.  With jobs > 1, an
 * object of min_words code words or more (par_min_words()) reads its
 * relocations on a second thread while its symbols are indexed.
 */
int object_load(struct object *obj, Elf *elf, const char *name,
		unsigned int jobs, uint64_t min_words, char *err, size_t errlen);
void object_free(struct object *obj);
/* The 4-byte words of its code sections: what sizes its passes. */
uint64_t object_code_words(const struct object *obj);

/*
 * Where a relocation points: its symbol's offset plus its addend, in
 * unsigned arithmetic (a corrupt addend wraps instead of overflowing);
 * the caller checks the result against the section.
 */
static inline int64_t reloc_dest(const struct object *obj, const struct reloc *r)
{
	return (int64_t)(obj->syms[r->sym].offset + (uint64_t)r->addend);
}

/* First relocation at exactly this offset, or NULL. */
const struct reloc *reloc_at(const struct section *sec, uint64_t offset);

/* Covering function symbol (the smallest that contains offset), or NULL. */
const struct symbol *func_at(const struct object *obj, const struct section *sec,
			     uint64_t offset);

/* Best symbol to name an address in messages: the covering function, else
 * the nearest preceding named symbol, else NULL. */
const struct symbol *symbol_for(const struct object *obj,
				const struct section *sec, uint64_t offset);

/* The section whose run-time range holds address (linked files), or NULL. */
const struct section *section_by_addr(const struct object *obj, uint64_t addr);

/* A section's data words; false where [offset, offset+size) is outside it. */
bool sec_read32(const struct object *obj, const struct section *sec,
		uint64_t offset, uint32_t *val);
bool sec_read16(const struct object *obj, const struct section *sec,
		uint64_t offset, uint16_t *val);

/* The little-endian word at offset of a code section: in line, since every
 * pass reads every word, and the compiler makes the bytes one load. */
static inline uint32_t insn_word(const struct section *sec, uint64_t offset)
{
	const uint8_t *p = sec->data + offset;

	return (uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

/* Whether (sec, off) lies in the symbol's [offset, offset + size). */
static inline bool symbol_covers(const struct symbol *s, uint32_t sec,
				 uint64_t off)
{
	return sec == s->sec && off >= s->offset && off < s->offset + s->size;
}

static inline bool sec_is_code(const struct section *sec)
{
	return sec->data && (sec->flags & SHF_EXECINSTR);
}

/* Whether word w (at offset 4 * w) of a code section is data ($d). */
static inline bool sec_word_data(const struct section *sec, uint64_t w)
{
	return bitmap_test(sec->is_data, w);
}

/* The same for the 64 words from w & ~63 at once: bit w % 64 for w. */
static inline uint64_t sec_words_data(const struct section *sec, uint64_t w)
{
	return sec->is_data[w / 64];
}

static inline bool sec_word_is_code(const struct section *sec, uint64_t offset)
{
	return sec_is_code(sec) && offset + 4 <= sec->size &&
	       !sec_word_data(sec, offset / 4);
}

#endif
