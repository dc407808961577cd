/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The architecture interface: what the decoder tells the generic analysis
 * about one instruction.  The analysis never looks at encodings; the decoder
 * never knows about functions, symbols or states.
 */
#ifndef VALIDATE_ARCH_H
#define VALIDATE_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Register numbers.  General registers are 0-30, then sp; the SIMD/FP
 * registers follow so that d8-d15 can be tracked as save-slot owners.
 * The zero register is its own number: in most encodings register field 31
 * means xzr, and a store of xzr is never a register save.
 */
enum {
	REG_X0 = 0,
	REG_X18 = 18,
	REG_X19 = 19,
	REG_FP = 29,
	REG_LR = 30,
	REG_SP = 31,
	REG_V0 = 32,
	REG_ZR = 64,
	REG_NONE = 255,
};

#define REG_V(n)	(REG_V0 + (n))

enum insn_kind {
	INSN_OTHER,		/* no control flow of its own */
	INSN_NOP,		/* nop: alignment padding is made of these */
	INSN_HINT,		/* bti, pac/aut hints: no stack effect */
	INSN_JUMP,		/* b */
	INSN_JUMP_COND,		/* b.cond, bc.cond, cbz/cbnz, tbz/tbnz */
	INSN_JUMP_IND,		/* br and its PAC forms */
	INSN_CALL,		/* bl */
	INSN_CALL_IND,		/* blr and its PAC forms */
	INSN_RET,		/* ret, retaa, retab */
	INSN_ERET,		/* eret, eretaa, eretab */
	INSN_BRK,
	INSN_HLT,
	INSN_UDF,
	INSN_SYSCALL,		/* svc, hvc, smc: execution continues */
	INSN_KIND_MAX,
};

enum stack_op_type {
	/* dst = src + imm; dst is sp or x29 */
	SOP_ADD,
	/* memory[src + imm] = dst (size bytes); src is sp or x29 */
	SOP_STORE,
	/* dst = memory[src + imm] (size bytes); src is sp or x29 */
	SOP_LOAD,
	/* dst (sp, x29, x30 or x18) receives a value the model cannot follow */
	SOP_CLOBBER,
	/*
	 * dst = src + (imm < 0 ? -1 : 1) * reg, for a 64-bit register reg
	 * (sub sp, sp, x16): the analysis may know reg's value
	 */
	SOP_ADD_REG,
	/*
	 * x30 pushed to, or popped from, the shadow call stack (x18):
	 * str x30, [x18], #8 and ldr x30, [x18, #-8]!
	 */
	SOP_SCS_PUSH,
	SOP_SCS_POP,
	/*
	 * dst = src, a plain 64-bit register move (mov xd, xn), where either
	 * is x29 or x30, or dst is x18: a copy of x29 or x30 can be moved
	 * back, and x18 is the shadow call stack's pointer
	 */
	SOP_MOVE,
	/* x30 = the return address of this call (bl, blr and their PAC forms) */
	SOP_LINK,
	/*
	 * x30 signed, authenticated or stripped (pointer authentication):
	 * src is the modifier (REG_SP, REG_ZR or a register), size the key
	 * (PAC_KEY_A, PAC_KEY_B); a strip has neither
	 */
	SOP_RA_SIGN,
	SOP_RA_AUTH,
	SOP_RA_STRIP,
};

enum {
	PAC_KEY_A,
	PAC_KEY_B,
};

struct stack_op {
	uint8_t type;
	uint8_t dst;
	uint8_t src;
	uint8_t size;		/* SOP_ADD_REG: the register added;
				 * SOP_RA_SIGN, SOP_RA_AUTH: the key */
	int32_t imm;
};

#define INSN_MAX_OPS	4

/* Extra facts a message or a later pass may want. */
enum {
	INSN_F_PAC = 1 << 0,	/* authenticating or signing form */
	INSN_F_SCS = 1 << 1,	/* shadow call stack push or pop (x18) */
	/* a landing pad for an indirect call under BTI: bti c, bti jc,
	 * paciasp, pacibsp */
	INSN_F_CALL_PAD = 1 << 2,
	INSN_F_BTI = 1 << 3,	/* bti, bti c, bti j, bti jc */
};

struct insn_desc {
	uint8_t kind;		/* enum insn_kind */
	uint8_t nr_ops;
	uint8_t reg;		/* register of br/blr/ret */
	uint8_t flags;
	uint16_t imm;		/* brk, hlt, udf, svc immediate */
	bool has_target;
	int32_t target;		/* direct branch: byte offset from the insn */
	struct stack_op ops[INSN_MAX_OPS];
};

#define ARCH_INSN_SIZE	4

/*
 * A second, value-level view of an instruction, for the few passes that
 * follow register values (jump tables): what it computes and what it writes.
 */
enum value_kind {
	VAL_OTHER,
	VAL_ADR,	/* dst = pc + imm */
	VAL_ADRP,	/* dst = (pc & ~0xfff) + imm */
	VAL_ADD_IMM,	/* dst = src1 + imm */
	VAL_ADD_REG,	/* dst = src1 + (extend(src2) << shift) */
	VAL_MOV,	/* dst = src1 */
	VAL_LOAD_IDX,	/* dst = mem[src1 + (extend(src2) << shift)], size bytes */
	VAL_CMP_IMM,	/* flags = src1 - imm */
	VAL_CMP_REG,	/* flags = src1 - src2 */
	VAL_BCOND,	/* b.cond: cond */
	VAL_CALL,	/* bl, blr: the caller-saved registers are lost */
	VAL_LOAD_IMM,	/* dst = mem[src1 + imm], size bytes; a pair loads dst2
			 * from mem[src1 + imm + size] */
	VAL_STORE_IMM,	/* mem[src1 + imm] = src2, size bytes; a pair stores
			 * src3 at mem[src1 + imm + size] */
	VAL_MOV_IMM,	/* dst = imm (movz, movn) */
	VAL_MOVK,	/* dst bits [shift, shift + 16) = imm */
	VAL_BOUND,	/* dst = a value of src1 below imm (ubfx, lsr, and #2^k-1) */
};

enum value_extend {
	EXT_UXTB, EXT_UXTH, EXT_UXTW, EXT_UXTX,
	EXT_SXTB, EXT_SXTH, EXT_SXTW, EXT_SXTX,
	EXT_LSL,
};

/*
 * What a conditional branch tests of the operands of the compare before
 * it (cmp a, b): an unsigned comparison (the bounds checks of jump
 * tables), or equality (the exit test of a stack probe loop).  Every other
 * condition is RANGE_NONE.
 */
enum range_cond {
	RANGE_NONE,
	RANGE_ABOVE,		/* a > b */
	RANGE_AT_LEAST,		/* a >= b */
	RANGE_AT_MOST,		/* a <= b */
	RANGE_BELOW,		/* a < b */
	RANGE_EQUAL,		/* a == b */
	RANGE_NOT_EQUAL,	/* a != b */
};

struct value_op {
	uint8_t kind;		/* enum value_kind */
	uint8_t dst, dst2, dst3; /* registers written, or REG_NONE */
	uint8_t src1, src2, src3;
	uint8_t extend;		/* enum value_extend */
	uint8_t shift;
	uint8_t size;		/* VAL_LOAD_IDX: bytes read */
	bool is_signed;		/* VAL_LOAD_IDX: sign-extending load */
	uint8_t cond;		/* VAL_BCOND: enum range_cond */
	bool sets_flags;	/* writes the condition flags */
	int64_t imm;
};

void arch_decode_value(uint32_t word, struct value_op *v);

/* Whether the instruction writes reg. */
static inline bool value_writes(const struct value_op *v, unsigned int reg)
{
	return v->dst == reg || v->dst2 == reg || v->dst3 == reg;
}

/* Decode one instruction word.  Every word decodes; unknown ones are OTHER. */
void arch_decode(uint32_t word, struct insn_desc *desc);
/* The kind alone, as arch_decode() gives it, without the stack operations;
 * and a direct branch's target offset (0 for anything else). */
enum insn_kind arch_decode_kind(uint32_t word, int32_t *target);
/*
 * Of the n words (n <= 64, little-endian) at p, those arch_decode_kind()
 * may find other than INSN_OTHER: bit i for word i.  The others are data
 * processing or memory, whose kind is known without a look.
 */
uint64_t arch_words_with_kind(const uint8_t *p, unsigned int n);

const char *arch_kind_name(enum insn_kind kind);
const char *arch_reg_name(unsigned int reg);

/*
 * The registers whose save slots the CFI state tracks (the callee-saved
 * ones, and x29 and x30): slot index of a register, or -1; and back.
 */
#define ARCH_NR_SAVED_REGS	20
unsigned int arch_saved_reg(int index);

/* 1 + the slot of each register numbered up to REG_ZR, 0 for the others:
 * the walk asks on every stack operation, so the lookup is inline. */
extern const uint8_t arch_slot_of_reg[REG_ZR + 1];

static inline int arch_saved_reg_index(unsigned int reg)
{
	return reg <= REG_ZR ? (int)arch_slot_of_reg[reg] - 1 : -1;
}
/* Whether a call may change the register (the calling convention). */
bool arch_reg_call_clobbered(unsigned int reg);

/* ELF: the machine, and what a relocation type means to the analysis. */
unsigned int arch_elf_machine(void);

enum reloc_kind {
	RELOC_OTHER,
	RELOC_BRANCH,		/* the target of a direct branch or call */
	RELOC_ABS64,		/* a 64-bit address */
	RELOC_PREL32,		/* a 32-bit place-relative offset */
	RELOC_ADD_LO12,		/* the low 12 bits of an address, in an add */
	RELOC_ABS32,		/* a 32-bit address */
};

enum reloc_kind arch_reloc_kind(uint32_t type);
/* The relocation type a writer uses for a field of this kind; 0 if none. */
uint32_t arch_reloc_type(enum reloc_kind kind);

/*
 * SFrame (.sframe): the header's ABI/arch id for the object's byte order,
 * and the fixed offsets from the CFA of the caller's frame pointer and
 * return address (0: not fixed, each row says where they are).
 */
struct arch_sframe_abi {
	uint8_t abi;
	int8_t fixed_fp;
	int8_t fixed_ra;
};

void arch_sframe_abi(bool big_endian, struct arch_sframe_abi *abi);

/* DWARF: a register number as a REG_* (REG_NONE if none), and the
 * architecture's own call frame instructions. */
unsigned int arch_dwarf_reg(uint64_t dwreg);

enum arch_cfa_op {
	ARCH_CFA_UNKNOWN,
	ARCH_CFA_NEGATE_RA_STATE,	/* x30's signing toggles; no operands */
};

enum arch_cfa_op arch_dwarf_cfa_op(uint8_t op);

/*
 * Policy, from the tables in arch/arm64/ (one entry a line):
 *  - whether execution goes on after brk #imm (BUG/WARN aside: those are
 *    decided per site by __bug_table);
 *  - a symbol's base name, without the prefix of a second copy of kernel
 *    code (the nVHE hypervisor's);
 *  - whether an alternative callback may write nops over its block;
 *  - whether a function by this name never returns, and the list itself
 *    (in strcmp order; NULL past its end).
 */
bool arch_brk_continues(uint16_t imm);
const char *arch_symbol_base_name(const char *name);
bool arch_alt_callback_writes_nops(const char *name);
bool arch_name_is_noreturn(const char *name);
const char *arch_noreturn_name(size_t i);

/*
 * Functions that write x30 on purpose, from arch/arm64/lr_writers.h: why
 * (a static string), or NULL for every other name.
 */
const char *arch_lr_writer_reason(const char *name);

/*
 * The GNU property note (.note.gnu.property, NT_GNU_PROPERTY_TYPE_0):
 * the features one property says every function of the object has.
 */
enum {
	ARCH_FEATURE_BTI = 1 << 0,	/* indirect branches land on bti */
	ARCH_FEATURE_PAC = 1 << 1,	/* return addresses are signed */
};

unsigned int arch_gnu_property_features(uint32_t type, uint32_t value);

/*
 * Disassembly text for messages, "mnemonic operands".  Falls back to
 * ".inst 0x%08x" where the disassembler cannot decode the word.
 */
struct arch_disasm;
struct arch_disasm *arch_disasm_open(void);
void arch_disasm_close(struct arch_disasm *dis);
void arch_disasm(struct arch_disasm *dis, uint32_t word, uint64_t address,
		 char *buf, size_t len);

#endif
