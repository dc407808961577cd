/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SFrame (.sframe): the reader, the encoder and the object writer.
 *
 * Versions 1 (GNU as 2.40) and 2 (2.41 on, with 2.45's erratum flag
 * SFRAME_F_FDE_FUNC_START_PCREL) are read; both are written.  An SFrame row
 * says, from its start address on: CFA = sp or x29 + offset, and where the
 * caller's x29 and x30 were saved (CFA + offset), or that they were not.
 * What the rows are compared with is the caller's business, as with dwarf.h.
 */
#ifndef VALIDATE_SFRAME_H
#define VALIDATE_SFRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "validate/elf.h"

#define SFRAME_V1	1
#define SFRAME_V2	2

/* Header flags (sfp_flags). */
#define SFRAME_F_FDE_SORTED		0x1
#define SFRAME_F_FRAME_POINTER		0x2	/* defined; GNU never sets it */
#define SFRAME_F_FDE_FUNC_START_PCREL	0x4	/* v2, binutils 2.45 on */

/* SHT_GNU_SFRAME: the section type from binutils 2.45 on (PROGBITS before). */
#define SFRAME_SHT_GNU_SFRAME	0x6ffffff4

enum sframe_cfa_base {
	SFRAME_CFA_FP,		/* CFA = x29 + cfa_off (the format's value 0) */
	SFRAME_CFA_SP,		/* CFA = sp + cfa_off (1) */
};

/* One row: how to unwind from start (inclusive) to the next row's start. */
struct sframe_row {
	uint32_t start;		/* from the start of the function */
	uint8_t cfa_base;	/* enum sframe_cfa_base */
	bool fp_saved;		/* caller's x29 at CFA + fp_off, else in x29 */
	bool ra_saved;		/* caller's x30 at CFA + ra_off, else in x30 */
	bool mangled_ra;	/* the return address is signed (PAC) here */
	/* no offsets at all: the outermost frame, .cfi_undefined x30
	 * (binutils 2.46); cfa_base and the rest mean nothing then */
	bool ra_undefined;
	int32_t cfa_off, fp_off, ra_off;
};

/* One function descriptor. */
struct sframe_fde {
	uint32_t idx;		/* in the section, for messages */
	uint64_t off;		/* of the descriptor in .sframe */
	uint32_t sec;		/* code section covered; 0: did not resolve */
	uint64_t start;		/* offset in sec */
	uint32_t size;
	uint32_t nr_rows;
	uint64_t rows_off;	/* of its first row in .sframe */
	uint8_t fre_type;	/* start address size: 0, 1, 2 for 1, 2, 4 bytes */
	bool pcmask;		/* rows repeat every rep_size bytes (PLTs) */
	uint8_t rep_size;
	bool pauth_b;		/* return addresses signed with the B key */
};

/* A parsed .sframe: the header, checked, and the whole section validated. */
struct sframe_table {
	const struct object *obj;
	const struct section *sec;
	uint8_t version, flags, abi;
	int8_t fixed_fp, fixed_ra;	/* 0: tracked in each row */
	uint32_t nr_fdes, nr_fres;
	uint64_t fdes_off;	/* of the descriptor array in the section */
	uint64_t fres_off;	/* of the row sub-section */
	uint64_t fres_end;
	uint32_t fde_size;	/* 17 in v1, 20 in v2 */
};

/* The object's .sframe, or NULL. */
const struct section *sframe_section(const struct object *obj);

/*
 * Read the header and check every descriptor and row against the section
 * (and relocations, in relocatable objects).  0, or -1 with one line naming
 * the problem and its offset in the section.
 */
int sframe_open(struct sframe_table *t, const struct object *obj,
		const struct section *sec, char *err, size_t len);

/* Descriptor i (< t->nr_fdes).  0, or -1 and err. */
int sframe_fde(const struct sframe_table *t, uint32_t i, struct sframe_fde *fde,
	       char *err, size_t len);

/* A walk over one descriptor's rows. */
struct sframe_rows {
	const struct sframe_table *t;
	const struct sframe_fde *fde;
	uint64_t pos;
	uint32_t i;
	uint32_t last_start;
};

void sframe_rows_init(struct sframe_rows *it, const struct sframe_table *t,
		      const struct sframe_fde *fde);
/* 1: row filled, 0: no more, -1: malformed, with a reason in err. */
int sframe_next_row(struct sframe_rows *it, struct sframe_row *row, char *err,
		    size_t len);

/* A row's CFA base register: REG_SP or REG_FP (arch.h). */
unsigned int sframe_cfa_reg(const struct sframe_row *row);

/* "sp+32 fp=c-32 ra=c-24 [signed]" */
void sframe_format_row(const struct sframe_row *row, char *buf, size_t len);

/* Encoding: a function and its rows, as the walk flattened them. */
struct sframe_func {
	uint32_t sec;		/* code section index in the object */
	uint64_t start;		/* offset in sec */
	uint64_t size;
	bool pauth_b;
	const struct sframe_row *rows;	/* starts increasing, below size */
	size_t nr_rows;
};

/* A relocation the encoded section needs (relocatable objects). */
struct sframe_reloc {
	uint64_t offset;	/* of the field in .sframe */
	uint32_t type;		/* arch_reloc_type(RELOC_PREL32) */
	uint32_t sec;		/* against this section's STT_SECTION symbol */
	int64_t addend;
};

struct sframe_enc_opts {
	uint8_t version;	/* SFRAME_V1 or SFRAME_V2 */
	bool big_endian;
	/* v2: set SFRAME_F_FDE_FUNC_START_PCREL (binutils 2.45 readers) */
	bool pcrel;
};

struct sframe_blob {
	uint8_t *data;
	size_t size;
	struct sframe_reloc *relocs;
	size_t nr_relocs;
};

/*
 * Whether SFrame can say what the function's rows say, on arm64: 0, or -1
 * with why not (x29 saved without x30, an offset past 32 bits, rows out of
 * order...).  The caller leaves such functions out.
 */
int sframe_func_check(const struct sframe_func *f, char *err, size_t len);

/*
 * The bytes of a .sframe section for funcs (sorted by section and offset,
 * equal neighbouring rows merged), and one relocation per descriptor.
 * 0, or -1 and err; free with sframe_blob_free().
 */
int sframe_encode(const struct sframe_func *funcs, size_t nr,
		  const struct sframe_enc_opts *opts, struct sframe_blob *out,
		  char *err, size_t len);
void sframe_blob_free(struct sframe_blob *b);

/*
 * Write a copy of the relocatable object in_path to out_path with blob as
 * its .sframe (an existing .sframe and .rela.sframe are replaced in place)
 * and a .rela.sframe against section symbols, added where missing.  The
 * copy goes to a temporary file beside out_path, renamed when complete; the
 * input is never modified.  sh_type: SHT_PROGBITS or SFRAME_SHT_GNU_SFRAME.
 * 0, or -1 and err.
 */
int sframe_write_object(const char *in_path, const char *out_path,
			const struct sframe_blob *blob, uint32_t sh_type,
			char *err, size_t len);

#endif
