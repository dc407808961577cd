// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 facts the analysis asks for, read from the one-line-an-entry
 * tables beside this file.  The analysis reaches them only through
 * include/validate/arch.h.
 */
#include <stdlib.h>
#include <string.h>

#include "validate/arch.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- ELF ---- */

#define EM_ARM64	183	/* EM_AARCH64: older <elf.h> lack it */

unsigned int arch_elf_machine(void)
{
	return EM_ARM64;
}

static const struct {
	uint32_t type;
	uint8_t kind;
} relocs[] = {
#define RELOC(name, number, kind)	{ number, kind },
#include "relocs.h"
#undef RELOC
};

/* A switch of the same table: every branch's target asks. */
enum reloc_kind arch_reloc_kind(uint32_t type)
{
	switch (type) {
#define RELOC(name, number, kind)	case number: return kind;
#include "relocs.h"
#undef RELOC
	default:
		return RELOC_OTHER;
	}
}

uint32_t arch_reloc_type(enum reloc_kind kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(relocs); i++)
		if (relocs[i].kind == kind)
			return relocs[i].type;
	return 0;
}

/* ---- SFrame (binutils' include/sframe.h) ---- */

#define SFRAME_ABI_AARCH64_ENDIAN_BIG		1
#define SFRAME_ABI_AARCH64_ENDIAN_LITTLE	2
#define SFRAME_CFA_FIXED_INVALID		0

void arch_sframe_abi(bool big_endian, struct arch_sframe_abi *abi)
{
	abi->abi = big_endian ? SFRAME_ABI_AARCH64_ENDIAN_BIG :
				SFRAME_ABI_AARCH64_ENDIAN_LITTLE;
	/* x29 and x30 have no fixed place from the CFA: each row says */
	abi->fixed_fp = SFRAME_CFA_FIXED_INVALID;
	abi->fixed_ra = SFRAME_CFA_FIXED_INVALID;
}

/* ---- Registers ---- */

static const uint8_t saved_regs[] = {
#define SAVED_REG(reg)	reg,
#include "saved_regs.h"
#undef SAVED_REG
};

_Static_assert(ARRAY_SIZE(saved_regs) == ARCH_NR_SAVED_REGS,
	       "saved_regs.h and ARCH_NR_SAVED_REGS disagree");

/* The reverse map, from the same list: __COUNTER__ numbers the rows. */
enum { SAVED_REG_BASE = __COUNTER__ };
const uint8_t arch_slot_of_reg[REG_ZR + 1] = {
#define SAVED_REG(reg)	[reg] = __COUNTER__ - SAVED_REG_BASE,
#include "saved_regs.h"
#undef SAVED_REG
};

unsigned int arch_saved_reg(int index)
{
	return saved_regs[index];
}

/* AAPCS64: a call may change x0-x18 (x16-x18: veneers, platform) and x30. */
bool arch_reg_call_clobbered(unsigned int reg)
{
	return reg <= REG_X18 || reg == REG_LR;
}

/* ---- DWARF (the ABI's DWARF supplement) ---- */

#define DW_X0		0
#define DW_SP		31
#define DW_V0		64
#define DW_NEGATE_RA_STATE	0x2d	/* DW_CFA_AARCH64_negate_ra_state */

unsigned int arch_dwarf_reg(uint64_t dwreg)
{
	if (dwreg <= DW_SP)
		return (unsigned int)(dwreg - DW_X0);	/* x0-x30, then sp */
	if (dwreg >= DW_V0 && dwreg < DW_V0 + 32)
		return REG_V(dwreg - DW_V0);
	return REG_NONE;
}

enum arch_cfa_op arch_dwarf_cfa_op(uint8_t op)
{
	return op == DW_NEGATE_RA_STATE ? ARCH_CFA_NEGATE_RA_STATE :
					  ARCH_CFA_UNKNOWN;
}

/* ---- Traps ---- */

static const struct {
	uint16_t mask;
	uint16_t value;
	bool continues;
} brk_imms[] = {
#define BRK_IMM(mask, value, continues)	{ mask, value, continues },
#include "brk_imm.h"
#undef BRK_IMM
};

bool arch_brk_continues(uint16_t imm)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(brk_imms); i++)
		if ((imm & brk_imms[i].mask) == brk_imms[i].value)
			return brk_imms[i].continues;
	return false;
}

/* ---- Names ---- */

static const char *const prefixes[] = {
#define SYMBOL_PREFIX(prefix)	prefix,
#include "symbol_prefixes.h"
#undef SYMBOL_PREFIX
};

const char *arch_symbol_base_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i]);

		if (!strncmp(name, prefixes[i], n))
			return name + n;
	}
	return name;
}

static const char *const nop_callbacks[] = {
#define NOP_CALLBACK(name)	#name,
#include "nop_callbacks.h"
#undef NOP_CALLBACK
};

bool arch_alt_callback_writes_nops(const char *name)
{
	size_t i;

	name = arch_symbol_base_name(name);
	for (i = 0; i < ARRAY_SIZE(nop_callbacks); i++)
		if (!strcmp(nop_callbacks[i], name))
			return true;
	return false;
}

static const char *const noreturns[] = {
#define NORETURN(name)	#name,
#include "noreturns.h"
#undef NORETURN
};

/* strcmp() in line: each symbol's name is searched for (243,000 in a
 * vmlinux.o), most steps differ in the first bytes, and a call to
 * strcmp() a step was 2% of a modules run. */
static int cmp_name(const void *key, const void *elem)
{
	const unsigned char *a = key, *b = *(const unsigned char *const *)elem;

	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a - *b;
}

bool arch_name_is_noreturn(const char *name)
{
	name = arch_symbol_base_name(name);
	return bsearch(name, noreturns, ARRAY_SIZE(noreturns),
		       sizeof(noreturns[0]), cmp_name) != NULL;
}

const char *arch_noreturn_name(size_t i)
{
	return i < ARRAY_SIZE(noreturns) ? noreturns[i] : NULL;
}

static const struct {
	const char *name;
	const char *reason;
} lr_writers[] = {
#define LR_WRITER(name, reason)	{ #name, reason },
#include "lr_writers.h"
#undef LR_WRITER
};

const char *arch_lr_writer_reason(const char *name)
{
	size_t i;

	name = arch_symbol_base_name(name);
	for (i = 0; i < ARRAY_SIZE(lr_writers); i++)
		if (!strcmp(lr_writers[i].name, name))
			return lr_writers[i].reason;
	return NULL;
}

/* ---- The GNU property note (the ABI's ELF supplement) ---- */

#define GNU_PROPERTY_AARCH64_FEATURE_1_AND	0xc0000000
#define GNU_PROPERTY_AARCH64_FEATURE_1_BTI	(1u << 0)
#define GNU_PROPERTY_AARCH64_FEATURE_1_PAC	(1u << 1)

unsigned int arch_gnu_property_features(uint32_t type, uint32_t value)
{
	unsigned int f = 0;

	if (type != GNU_PROPERTY_AARCH64_FEATURE_1_AND)
		return 0;
	if (value & GNU_PROPERTY_AARCH64_FEATURE_1_BTI)
		f |= ARCH_FEATURE_BTI;
	if (value & GNU_PROPERTY_AARCH64_FEATURE_1_PAC)
		f |= ARCH_FEATURE_PAC;
	return f;
}
