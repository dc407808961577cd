/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The object's own call frame information: .eh_frame and .debug_frame read
 * into FDEs, and each FDE's CFA program run to the row that covers an
 * address.  Reading only: what the rows are compared with, and what a
 * disagreement means, is dwarfcheck.c's business.
 */
#ifndef VALIDATE_DWARF_H
#define VALIDATE_DWARF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "validate/cfi.h"
#include "validate/elf.h"

/* An encoded pointer that is not there (.eh_frame augmentation, LSDA). */
#define DW_EH_PE_omit	0xff

enum dw_rule_kind {
	DW_SAME,	/* the register holds its value at entry */
	DW_UNDEF,	/* the value cannot be recovered */
	DW_OFFSET,	/* saved at CFA + off */
	DW_OTHER,	/* in another register, or by an expression */
};

struct dw_rule {
	uint8_t kind;
	int64_t off;
};

/* One row of the CFI table: how to unwind at one address. */
struct dw_row {
	int cfa_reg;		/* REG_* (arch.h), -1: an expression */
	int64_t cfa_off;
	struct dw_rule rule[CFI_NR_REGS];	/* as cfi_state.slot */
	/* the return address is signed (DW_CFA_AARCH64_negate_ra_state
	 * toggles it; remembered and restored with the rest of the row) */
	bool ra_signed;
};

#define DW_STACK_MAX	16

struct dw_cie {
	uint64_t code_align;
	int64_t data_align;
	uint8_t fde_enc;	/* DW_EH_PE_* of addresses in FDEs */
	uint8_t lsda_enc;
	bool aug_z;		/* has augmentation data */
	bool b_key;		/* 'B': return addresses signed with key B */
	bool lsda;		/* FDEs carry an LSDA pointer */
	uint8_t addr_size;
	const uint8_t *insns, *insns_end;
};

/* One FDE: the code it covers and its CFA program, ready to run. */
struct dw_fde {
	uint64_t off;		/* in its CFI section, for messages */
	uint32_t sec;		/* code section covered; 0: not resolved */
	uint64_t start, len;
	bool has_lsda;
	uint32_t lsda_sec;	/* the LSDA, when it resolves */
	uint64_t lsda_off;
	struct dw_cie cie;
	const uint8_t *insns, *insns_end;
};

/* A walk over one CFI section's entries. */
struct dw_iter {
	const struct object *obj;
	const struct section *sec;
	bool eh;		/* .eh_frame rules, else .debug_frame */
	uint64_t pos;
};

/* The CFI sections of an object, from the table in dwarf.c. */
const struct section *dw_cfi_section(const struct object *obj, size_t *from,
				     bool *eh);

void dw_iter_init(struct dw_iter *it, const struct object *obj,
		  const struct section *sec, bool eh);
/* 1: fde filled, 0: no more, -1: malformed, with a reason in err. */
int dw_next_fde(struct dw_iter *it, struct dw_fde *fde, char *err, size_t len);

/*
 * fn(arg, cfi, fde) for every FDE of every CFI section of obj, in order:
 * 0, or -1 when fn fails or a section is malformed (a reason in err).
 */
typedef int (*dw_fde_fn)(void *arg, const struct section *cfi,
			 const struct dw_fde *fde);
int dw_each_fde(const struct object *obj, dw_fde_fn fn, void *arg,
		char *err, size_t len);

/* Running one FDE's program forwards, address by address. */
struct dw_prog {
	const struct dw_fde *fde;
	const uint8_t *p;
	uint64_t loc;		/* the current row starts here */
	uint64_t next_loc;	/* the next row starts here; UINT64_MAX: none */
	struct dw_row row, initial;
	struct dw_row stack[DW_STACK_MAX];
	int depth;
	bool started;
};

int dw_prog_init(struct dw_prog *pr, const struct object *obj,
		 const struct section *cfi, const struct dw_fde *fde,
		 char *err, size_t len);
/* Run to the row covering off (never backwards).  0, or -1 and err. */
int dw_prog_row(struct dw_prog *pr, const struct object *obj,
		const struct section *cfi, uint64_t off, char *err, size_t len);

/* Index in dw_row.rule / cfi_state.slot of a DWARF register, or -1. */
int dw_reg_index(uint64_t reg);

/* Reading little/big-endian fields and LEB128, bounded. */
struct dw_cursor {
	const uint8_t *p, *end;
	bool big_endian;
	bool bad;		/* a read went past end */
};

uint64_t dw_read(struct dw_cursor *c, unsigned int size);
uint64_t dw_uleb(struct dw_cursor *c);
int64_t dw_sleb(struct dw_cursor *c);

/* The raw value of a DW_EH_PE_* field; false for a format not understood. */
bool dw_read_encoded(struct dw_cursor *c, uint8_t enc, uint64_t *v);

/*
 * An encoded pointer (DW_EH_PE_*) read at c and resolved to a place through
 * the relocation at its field or, in linked files, through the addresses.
 * false: the format is not understood; *sec = 0 when it does not resolve.
 */
bool dw_read_ptr(struct dw_cursor *c, const struct object *obj,
		 const struct section *in, uint8_t enc, uint32_t *sec,
		 uint64_t *off);

#endif
