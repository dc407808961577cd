// SPDX-License-Identifier: GPL-2.0
/*
 * Disassembly text for messages, from Capstone.  Capstone 4 names the
 * pointer-authentication and BTI hints only as "hint #n" and cannot decode
 * some v8.3+ words at all; those few get their names here.
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/arch.h"

struct arch_disasm {
	csh handle;
	bool ok;
};

struct arch_disasm *arch_disasm_open(void)
{
	struct arch_disasm *dis = calloc(1, sizeof(*dis));

	if (!dis)
		return NULL;
	dis->ok = cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &dis->handle) ==
		  CS_ERR_OK;
	return dis;
}

void arch_disasm_close(struct arch_disasm *dis)
{
	if (!dis)
		return;
	if (dis->ok)
		cs_close(&dis->handle);
	free(dis);
}

static const char *hint_name(unsigned int hint)
{
	switch (hint) {
	case 7: return "xpaclri";
	case 8: return "pacia1716";
	case 10: return "pacib1716";
	case 12: return "autia1716";
	case 14: return "autib1716";
	case 24: return "paciaz";
	case 25: return "paciasp";
	case 26: return "pacibz";
	case 27: return "pacibsp";
	case 28: return "autiaz";
	case 29: return "autiasp";
	case 30: return "autibz";
	case 31: return "autibsp";
	case 32: return "bti";
	case 34: return "bti c";
	case 36: return "bti j";
	case 38: return "bti jc";
	default: return NULL;
	}
}

static const char *word_name(uint32_t word)
{
	switch (word) {
	case 0xd65f0bff: return "retaa";
	case 0xd65f0fff: return "retab";
	case 0xd69f0bff: return "eretaa";
	case 0xd69f0fff: return "eretab";
	default: return NULL;
	}
}

void arch_disasm(struct arch_disasm *dis, uint32_t word, uint64_t address,
		 char *buf, size_t len)
{
	uint8_t bytes[4] = { word, word >> 8, word >> 16, word >> 24 };
	const char *name = word_name(word);
	cs_insn *insn;

	if ((word & 0xfffff01f) == 0xd503201f)
		name = hint_name((word >> 5) & 0x7f);
	if (name) {
		snprintf(buf, len, "%s", name);
		return;
	}
	if (dis && dis->ok && cs_disasm(dis->handle, bytes, 4, address, 1, &insn) == 1) {
		snprintf(buf, len, "%s%s%s", insn->mnemonic,
			 insn->op_str[0] ? " " : "", insn->op_str);
		cs_free(insn, 1);
		return;
	}
	snprintf(buf, len, ".inst 0x%08x", word);
}
