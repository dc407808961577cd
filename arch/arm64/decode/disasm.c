// SPDX-License-Identifier: GPL-2.0
/*
 * Disassembly text for messages, from Capstone.  Capstone 4 names the
 * pointer-authentication and BTI hints only as "hint #n" and cannot decode
 * some v8.3+ words at all; those few get their names here.
 */
#include <capstone/capstone.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/arch.h"

/*
 * Capstone is loaded on the first instruction a message shows, not at
 * start-up: relocating its tables cost 1.1 ms of the 2 ms a small object
 * took, paid by every object of a kernel build, most of which have no
 * finding.  Without it, messages show the word (".inst 0x...").
 */
static const char *const capstone_sonames[] = {
	"libcapstone.so.4", "libcapstone.so.5", "libcapstone.so",
};

struct capstone {
	cs_err (*open)(cs_arch arch, cs_mode mode, csh *handle);
	size_t (*disasm)(csh handle, const uint8_t *code, size_t size,
			 uint64_t address, size_t count, cs_insn **insn);
	void (*free)(cs_insn *insn, size_t count);
	cs_err (*close)(csh *handle);
};

struct arch_disasm {
	void *lib;
	struct capstone cs;
	csh handle;
	bool tried;
	bool ok;
};

struct arch_disasm *arch_disasm_open(void)
{
	return calloc(1, sizeof(struct arch_disasm));
}

static bool load_capstone(struct arch_disasm *dis)
{
	size_t i;

	for (i = 0; !dis->lib && i < sizeof(capstone_sonames) / sizeof(*capstone_sonames); i++)
		dis->lib = dlopen(capstone_sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (!dis->lib)
		return false;
	*(void **)&dis->cs.open = dlsym(dis->lib, "cs_open");
	*(void **)&dis->cs.disasm = dlsym(dis->lib, "cs_disasm");
	*(void **)&dis->cs.free = dlsym(dis->lib, "cs_free");
	*(void **)&dis->cs.close = dlsym(dis->lib, "cs_close");
	return dis->cs.open && dis->cs.disasm && dis->cs.free && dis->cs.close &&
	       dis->cs.open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &dis->handle) ==
	       CS_ERR_OK;
}

static bool ready(struct arch_disasm *dis)
{
	if (!dis)
		return false;
	if (!dis->tried) {
		dis->tried = true;
		dis->ok = load_capstone(dis);
	}
	return dis->ok;
}

void arch_disasm_close(struct arch_disasm *dis)
{
	if (!dis)
		return;
	if (dis->ok)
		dis->cs.close(&dis->handle);
	if (dis->lib)
		dlclose(dis->lib);
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
	if (ready(dis) && dis->cs.disasm(dis->handle, bytes, 4, address, 1, &insn) == 1) {
		snprintf(buf, len, "%s%s%s", insn->mnemonic,
			 insn->op_str[0] ? " " : "", insn->op_str);
		dis->cs.free(insn, 1);
		return;
	}
	snprintf(buf, len, ".inst 0x%08x", word);
}
