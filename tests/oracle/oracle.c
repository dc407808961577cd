// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test: over every code word of real objects, the hand-written
 * classifier and Capstone must agree on each word Capstone decodes, on
 *  - the control-flow class (branch, call, return, trap, ...) and the
 *    target of a direct branch;
 *  - whether the instruction writes sp or x29.
 * Prints the disagreements and a summary; exit status 1 if there are any.
 *
 * Known Capstone 4.0.2 quirks, not counted: it lists the first operand of
 * cmp/cmn/tst and the source register of msr as written; it names the PAC
 * and BTI hints "hint #n".  One deliberate difference: "msr spsel, #n"
 * switches to another stack pointer, which the classifier reports as a
 * write to sp and Capstone does not.
 */
#include <capstone/capstone.h>
#include <fcntl.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "validate/arch.h"
#include "validate/elf.h"

struct tally {
	unsigned long words, undecodable, mismatches, files, bad_files;
};

static int cs_kind(const cs_insn *in)
{
	static const struct { const char *name; int kind; } names[] = {
		{ "b", INSN_JUMP }, { "bl", INSN_CALL }, { "br", INSN_JUMP_IND },
		{ "blr", INSN_CALL_IND }, { "ret", INSN_RET }, { "eret", INSN_ERET },
		{ "cbz", INSN_JUMP_COND }, { "cbnz", INSN_JUMP_COND },
		{ "tbz", INSN_JUMP_COND }, { "tbnz", INSN_JUMP_COND },
		{ "brk", INSN_BRK }, { "hlt", INSN_HLT }, { "svc", INSN_SYSCALL },
		{ "hvc", INSN_SYSCALL }, { "smc", INSN_SYSCALL }, { "nop", INSN_NOP },
		{ "hint", INSN_HINT }, { "yield", INSN_HINT }, { "wfe", INSN_HINT },
		{ "wfi", INSN_HINT }, { "sev", INSN_HINT }, { "sevl", INSN_HINT },
		{ "esb", INSN_HINT }, { "psb", INSN_HINT }, { "csdb", INSN_HINT },
	};
	size_t i;

	if (!strncmp(in->mnemonic, "b.", 2))
		return INSN_JUMP_COND;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(in->mnemonic, names[i].name))
			return names[i].kind;
	return INSN_OTHER;
}

static bool is_frame_reg(csh h, uint16_t reg)
{
	const char *n = cs_reg_name(h, reg);

	return n && (!strcmp(n, "sp") || !strcmp(n, "wsp") || !strcmp(n, "x29") ||
		     !strcmp(n, "w29"));
}

static bool cs_writes_frame(csh h, const cs_insn *in)
{
	cs_regs rd, wr;
	uint8_t nr, nw, i;

	if (!strcmp(in->mnemonic, "cmp") || !strcmp(in->mnemonic, "cmn") ||
	    !strcmp(in->mnemonic, "tst") || !strcmp(in->mnemonic, "msr"))
		return false;
	if (cs_regs_access(h, in, rd, &nr, wr, &nw) != CS_ERR_OK)
		return false;
	for (i = 0; i < nw; i++)
		if (is_frame_reg(h, wr[i]))
			return true;
	return false;
}

static bool our_writes_frame(const struct insn_desc *d, uint32_t w)
{
	unsigned int i;

	if ((w & 0xfffff0ff) == 0xd50040bf)
		return false;		/* msr spsel: see above */
	for (i = 0; i < d->nr_ops; i++)
		if (d->ops[i].type != SOP_STORE &&
		    (d->ops[i].dst == REG_SP || d->ops[i].dst == REG_FP))
			return true;
	return false;
}

/* Capstone groups the hints we decode as nop-like into HINT. */
static int our_kind(const struct insn_desc *d)
{
	if (d->kind == INSN_UDF)
		return INSN_OTHER;	/* Capstone 4 cannot decode udf */
	return d->kind;
}

static void compare(csh h, const char *file, const struct section *sec,
		    uint64_t off, struct tally *t)
{
	uint32_t w = insn_word(sec, off);
	uint8_t bytes[4] = { w, w >> 8, w >> 16, w >> 24 };
	struct insn_desc d;
	cs_insn *in;
	bool bad;
	int kind;

	t->words++;
	if (cs_disasm(h, bytes, 4, off, 1, &in) != 1) {
		t->undecodable++;
		return;
	}
	arch_decode(w, &d);
	kind = cs_kind(in);
	bad = kind != our_kind(&d) || cs_writes_frame(h, in) != our_writes_frame(&d, w);
	if (!bad && d.has_target) {
		const cs_arm64 *a = &in->detail->arm64;
		int64_t want = (int64_t)off + d.target;

		bad = a->op_count < 1 || a->operands[a->op_count - 1].type != ARM64_OP_IMM ||
		      a->operands[a->op_count - 1].imm != want;
	}
	if (bad && t->mismatches++ < 50)
		printf("%s: %s+0x%llx: %08x %s %s: ours %s%s, capstone %s%s\n", file,
		       sec->name, (unsigned long long)off, w, in->mnemonic, in->op_str,
		       arch_kind_name(our_kind(&d)), our_writes_frame(&d, w) ? " writing sp/x29" : "",
		       arch_kind_name(kind), cs_writes_frame(h, in) ? " writing sp/x29" : "");
	cs_free(in, 1);
}

static void check_elf(csh h, Elf *elf, const char *name, struct tally *t)
{
	struct object obj;
	char err[256];
	size_t i;

	if (object_load(&obj, elf, name, 1, 0, err, sizeof(err))) {
		t->bad_files++;
		object_free(&obj);
		return;
	}
	t->files++;
	for (i = 1; i < obj.nr_secs; i++) {
		const struct section *sec = &obj.secs[i];
		uint64_t off;

		if (!sec_is_code(sec))
			continue;
		for (off = 0; off + 4 <= sec->size; off += 4)
			if (sec_word_is_code(sec, off))
				compare(h, name, sec, off, t);
	}
	object_free(&obj);
}

int main(int argc, char **argv)
{
	struct tally t = { 0 };
	csh h;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: oracle FILE...\n");
		return 2;
	}
	elf_version(EV_CURRENT);
	if (cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &h) != CS_ERR_OK)
		return 2;
	cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
	for (i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		Elf *elf;

		if (fd < 0)
			continue;
		elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
		if (elf && elf_kind(elf) == ELF_K_ELF)
			check_elf(h, elf, argv[i], &t);
		else
			t.bad_files++;
		elf_end(elf);
		close(fd);
	}
	cs_close(&h);
	printf("oracle: %lu files (%lu not arm64 objects), %lu code words, %lu Capstone cannot decode (%.2f%%), %lu disagreements\n",
	       t.files, t.bad_files, t.words, t.undecodable,
	       t.words ? 100.0 * t.undecodable / t.words : 0.0, t.mismatches);
	return t.mismatches ? 1 : 0;
}
