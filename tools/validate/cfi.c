// SPDX-License-Identifier: GPL-2.0
/*
 * The CFI state machine: applying stack operations, comparing states,
 * putting them in words, and interning them.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/cfi.h"
#include "validate/vec.h"

void cfi_init(struct cfi_state *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->sp_known = true;
	s->fp_kind = FP_ENTRY;
	for (i = 0; i < CFI_NR_REGS; i++)
		s->slot[i] = CFI_NO_SLOT;
	s->rec = CFI_NO_SLOT;
}

bool cfi_equal(const struct cfi_state *a, const struct cfi_state *b)
{
	uint32_t diff = 0;
	int i;

	if (a == b)
		return true;
	if (a->sp_known != b->sp_known || a->fp_kind != b->fp_kind ||
	    a->scs != b->scs || a->lr_changed != b->lr_changed ||
	    a->ra_sign != b->ra_sign || a->ra_mod != b->ra_mod ||
	    a->ra_sp != b->ra_sp || a->fp_copies != b->fp_copies ||
	    a->lr_copies != b->lr_copies || a->frame != b->frame ||
	    a->rec != b->rec)
		return false;
	if (a->sp_known && a->sp_off != b->sp_off)
		return false;
	if (a->fp_kind == FP_FRAME && a->fp_off != b->fp_off)
		return false;
	/* no branch a slot: states compared are equal more often than not */
	for (i = 0; i < CFI_NR_REGS; i++)
		diff |= (uint32_t)(a->slot[i] ^ b->slot[i]);
	return !diff;
}

bool cfi_same_frame(const struct cfi_state *a, const struct cfi_state *b)
{
	struct cfi_state x;

	if (a->lr_changed == b->lr_changed && a->fp_copies == b->fp_copies &&
	    a->lr_copies == b->lr_copies)
		return cfi_equal(a, b);
	x = *b;
	x.lr_changed = a->lr_changed;
	x.fp_copies = a->fp_copies;
	x.lr_copies = a->lr_copies;
	return cfi_equal(a, &x);
}

unsigned int cfi_diff(const struct cfi_state *a, const struct cfi_state *b)
{
	unsigned int d = 0;
	int i;

	if (a->sp_known != b->sp_known || (a->sp_known && a->sp_off != b->sp_off))
		d |= CFI_DIFF_SP;
	/* the kind of frame, and the kernel's record, are x29's business */
	if (a->fp_kind != b->fp_kind ||
	    (a->fp_kind == FP_FRAME && a->fp_off != b->fp_off) ||
	    a->frame != b->frame || a->rec != b->rec)
		d |= CFI_DIFF_FP;
	for (i = 0; i < CFI_NR_REGS; i++)
		if (a->slot[i] != b->slot[i])
			d |= CFI_DIFF_SLOT;
	if (a->scs != b->scs)
		d |= CFI_DIFF_SCS;
	if (a->lr_changed != b->lr_changed)
		d |= CFI_DIFF_LR;
	if (a->ra_sign != b->ra_sign || a->ra_mod != b->ra_mod ||
	    a->ra_sp != b->ra_sp)
		d |= CFI_DIFF_RA;
	if (a->fp_copies != b->fp_copies || a->lr_copies != b->lr_copies)
		d |= CFI_DIFF_COPIES;
	return d;
}

bool cfi_cfa_known(const struct cfi_state *s)
{
	return s->sp_known || s->fp_kind == FP_FRAME;
}

/*
 * A save slot left unreloaded matters only if the register no longer
 * holds its value at entry: x29 when it is not FP_ENTRY, x30 when it was
 * changed (OpenSSL's sha256_block_neon pushes both and reloads only x29).
 * The others are taken as changed: writes to them are not followed.
 */
static bool slot_matters(const struct cfi_state *s, int i)
{
	unsigned int reg = cfi_index_reg(i);

	if (s->slot[i] == CFI_NO_SLOT)
		return false;
	if (reg == REG_FP)
		return s->fp_kind != FP_ENTRY;
	if (reg == REG_LR)
		return s->lr_changed;
	return true;
}

bool cfi_is_entry(const struct cfi_state *s)
{
	int i;

	/* the shadow call stack and signing are scs-x18-modified's and
	 * pac-imbalance's to judge; the outermost frame has no caller's x29
	 * to give back (boot code leaves x29 zero for the unwinder) */
	if (!s->sp_known || s->sp_off != 0 ||
	    (s->fp_kind != FP_ENTRY && s->frame != CFI_FRAME_END))
		return false;
	for (i = 0; i < CFI_NR_REGS; i++)
		if (slot_matters(s, i))
			return false;
	return true;
}

bool cfi_has_frame(const struct cfi_state *s)
{
	int fp = cfi_reg_index(REG_FP), lr = cfi_reg_index(REG_LR);

	if (s->frame == CFI_FRAME_END)
		return true;
	if (s->fp_kind != FP_FRAME)
		return false;
	return s->rec == s->fp_off ||
	       (s->slot[fp] == s->fp_off && s->slot[lr] == s->fp_off + 8);
}

/* Address of [base + imm] relative to the CFA; false if base is unknown. */
static bool cfa_rel(const struct cfi_state *s, unsigned int base, int32_t imm,
		    int32_t *addr)
{
	if (base == REG_SP && s->sp_known) {
		*addr = s->sp_off + imm;
		return true;
	}
	if (base == REG_FP && s->fp_kind == FP_FRAME) {
		*addr = s->fp_off + imm;
		return true;
	}
	return false;
}

/* A register is saved only if the stored value is its value at entry. */
static void apply_store(struct cfi_state *s, const struct stack_op *op)
{
	int idx = cfi_reg_index(op->dst);
	int32_t addr;

	if (idx < 0 || op->size < 8 || s->slot[idx] != CFI_NO_SLOT)
		return;
	if (op->dst == REG_FP && s->fp_kind != FP_ENTRY)
		return;
	if (op->dst == REG_LR && s->lr_changed)
		return;
	if (cfa_rel(s, op->src, op->imm, &addr))
		s->slot[idx] = addr;
}

/* x30 holds the return address, and nothing else does: a write loses it. */
static bool ra_only_in_lr(const struct cfi_state *s)
{
	return !s->lr_changed && !s->scs && !s->lr_copies &&
	       s->slot[cfi_reg_index(REG_LR)] == CFI_NO_SLOT;
}

/* x30 gets a value that is not its value at entry. */
static void lr_overwritten(struct cfi_state *s, unsigned int *ev)
{
	if (ra_only_in_lr(s))
		*ev |= CFI_EV_LR_LOST;
	s->lr_changed = true;
}

static void fp_overwritten(struct cfi_state *s, unsigned int *ev)
{
	*ev |= CFI_EV_FP_CLOBBER;
	s->fp_kind = FP_UNKNOWN;
	s->fp_off = 0;
}

/*
 * The shadow call stack keeps x30 apart from the frame (GCC and clang with
 * -fsanitize=shadow-call-stack, CONFIG_SHADOW_CALL_STACK): popping what
 * the function pushed gives x30 its value at entry back, whatever the
 * frame record still holds (GCC reloads only x29 from it).
 */
static void apply_scs(struct cfi_state *s, const struct stack_op *op,
		      unsigned int *ev)
{
	*ev |= CFI_EV_SCS;
	if (op->type == SOP_SCS_PUSH) {
		if (s->scs < UINT8_MAX)
			s->scs++;
	} else if (s->scs) {
		s->scs--;
		s->slot[cfi_reg_index(REG_LR)] = CFI_NO_SLOT;
		s->lr_changed = false;
	} else {
		*ev |= CFI_EV_SCS_UNDERFLOW;
	}
}

/* Reloading a register from its own save slot restores it. */
static void apply_load(struct cfi_state *s, const struct stack_op *op,
		       unsigned int *ev)
{
	int idx = cfi_reg_index(op->dst);
	int32_t addr;
	bool restore;

	if (op->dst == REG_X18)
		*ev |= CFI_EV_X18_WRITE;
	if (idx < 0)
		return;
	restore = op->size >= 8 && cfa_rel(s, op->src, op->imm, &addr) &&
		  s->slot[idx] == addr;
	if (restore)
		s->slot[idx] = CFI_NO_SLOT;
	if (op->dst == REG_FP && restore)
		s->fp_kind = FP_ENTRY;
	else if (op->dst == REG_FP)
		fp_overwritten(s, ev);
	if (op->dst == REG_LR && restore)
		s->lr_changed = false;
	else if (op->dst == REG_LR)
		lr_overwritten(s, ev);
}

/*
 * dst = src + imm.  x29 from sp is a frame record being set up, and a
 * frame address moved is still one; anything else from an x29 that holds
 * no frame address overwrites it.
 */
static void apply_add(struct cfi_state *s, const struct stack_op *op,
		      unsigned int *ev)
{
	bool known;
	int32_t val = 0;

	if (op->src == REG_SP) {
		known = s->sp_known;
		val = s->sp_off;
	} else {
		known = s->fp_kind == FP_FRAME;
		val = s->fp_off;
	}
	val += op->imm;
	if (op->dst == REG_SP) {
		s->sp_known = known;
		s->sp_off = known ? val : 0;
	} else if (op->src == REG_FP && !known) {
		fp_overwritten(s, ev);
	} else {
		s->fp_kind = known ? FP_FRAME : FP_UNKNOWN;
		s->fp_off = known ? val : 0;
	}
}

static uint32_t copy_bit(unsigned int reg)
{
	return reg < REG_FP ? 1u << reg : 0;
}

/* mov xd, xn with x29 or x30 on either side, or x18 as the destination. */
static void apply_move(struct cfi_state *s, const struct stack_op *op,
		       unsigned int *ev)
{
	uint32_t bit = copy_bit(op->dst);

	if (op->dst == op->src)
		return;
	s->fp_copies &= ~bit;
	s->lr_copies &= ~bit;
	if (op->src == REG_FP && s->fp_kind == FP_ENTRY)
		s->fp_copies |= bit;
	if (op->src == REG_LR && !s->lr_changed)
		s->lr_copies |= bit;
	if (op->dst == REG_X18)
		*ev |= CFI_EV_X18_WRITE;
	if (op->dst == REG_FP && (s->fp_copies & copy_bit(op->src)))
		s->fp_kind = FP_ENTRY;		/* the caller's x29 moved back */
	else if (op->dst == REG_FP)
		fp_overwritten(s, ev);
	if (op->dst == REG_LR && (s->lr_copies & copy_bit(op->src)))
		s->lr_changed = false;		/* the return address moved back */
	else if (op->dst == REG_LR)
		lr_overwritten(s, ev);
}

static uint8_t ra_modifier(unsigned int reg)
{
	if (reg == REG_SP)
		return RA_MOD_SP;
	return reg == REG_ZR ? RA_MOD_ZERO : RA_MOD_REG;
}

/*
 * Pointer authentication of the return address: signing what is signed,
 * or authenticating what is not, with another key or with sp elsewhere
 * than at signing, fails (or faults, with FEAT_FPAC) at run time.
 */
static void apply_ra(struct cfi_state *s, const struct stack_op *op,
		     unsigned int *ev)
{
	uint8_t mod = ra_modifier(op->src);
	int32_t sp = mod == RA_MOD_SP && s->sp_known ? s->sp_off : CFI_SP_UNKNOWN;
	uint8_t sign = op->size == PAC_KEY_B ? RA_SIGNED_B : RA_SIGNED_A;

	if (op->type == SOP_RA_SIGN) {
		if (s->ra_sign != RA_PLAIN)
			*ev |= CFI_EV_SIGN_TWICE;
		s->ra_sign = sign;
		s->ra_mod = mod;
		s->ra_sp = sp;
		return;
	}
	/*
	 * xpaclri makes a plain copy of a signed return address in x30, for
	 * __builtin_return_address() (the kernel's _RET_IP_): the return
	 * address the function returns with is still the signed one, which
	 * x30 no longer holds.
	 */
	if (op->type == SOP_RA_STRIP) {
		if (s->ra_sign != RA_PLAIN)
			lr_overwritten(s, ev);
		return;
	}
	if (op->type == SOP_RA_AUTH && s->ra_sign == RA_PLAIN)
		*ev |= CFI_EV_AUTH_PLAIN;
	else if (op->type == SOP_RA_AUTH &&
		 (s->ra_sign != sign || s->ra_mod != mod ||
		  (sp != CFI_SP_UNKNOWN && s->ra_sp != CFI_SP_UNKNOWN &&
		   s->ra_sp != sp)))
		*ev |= CFI_EV_AUTH_OTHER;
	s->ra_sign = RA_PLAIN;
	s->ra_mod = 0;
	s->ra_sp = 0;
}

/* A write the model does not follow, to sp, x29, x30 or x18. */
static void apply_clobber(struct cfi_state *s, const struct stack_op *op,
			  unsigned int *ev)
{
	if (op->dst == REG_SP) {
		s->sp_known = false;
		s->sp_off = 0;
	} else if (op->dst == REG_FP) {
		fp_overwritten(s, ev);
	} else if (op->dst == REG_LR) {
		lr_overwritten(s, ev);
	} else if (op->dst == REG_X18) {
		*ev |= CFI_EV_X18_WRITE;
	}
}

/*
 * The frame record arm64's entry code writes in an exception frame
 * (kernel_entry, 6.1), from a pair store (ops[i] and the next): {xzr,
 * xzr}, the final record of an exception from user space, or {x29,
 * anything} with x29 as at the hint, the interrupted x29 and pc.  Only in
 * an exception frame: compiled code zeroes its locals with stp xzr, xzr.
 */
static void note_record(struct cfi_state *s, const struct stack_op *ops,
			unsigned int i, unsigned int nr_ops)
{
	const struct stack_op *a = &ops[i], *b = &ops[i + 1];
	int32_t addr;

	if (s->frame != CFI_FRAME_REGS || a->type != SOP_STORE ||
	    i + 1 >= nr_ops || b->type != SOP_STORE || a->size != 8 ||
	    b->size != 8 || a->src != b->src || b->imm != a->imm + 8)
		return;
	if ((a->dst == REG_ZR ? b->dst == REG_ZR :
	     a->dst == REG_FP && s->fp_kind == FP_ENTRY) &&
	    cfa_rel(s, a->src, a->imm, &addr))
		s->rec = addr;
}

static void apply_op(struct cfi_state *s, const struct stack_op *op,
		     unsigned int *ev)
{
	switch (op->type) {
	case SOP_ADD:
		apply_add(s, op, ev);
		break;
	case SOP_STORE:
		apply_store(s, op);
		break;
	case SOP_LOAD:
		apply_load(s, op, ev);
		break;
	case SOP_SCS_PUSH:
	case SOP_SCS_POP:
		apply_scs(s, op, ev);
		break;
	case SOP_MOVE:
		apply_move(s, op, ev);
		break;
	case SOP_LINK:		/* a call: x30 is this function's to change */
		s->lr_changed = true;
		break;
	case SOP_RA_SIGN:
	case SOP_RA_AUTH:
	case SOP_RA_STRIP:
		apply_ra(s, op, ev);
		break;
	case SOP_ADD_REG:	/* the register's value is not known */
		if (op->dst == REG_SP) {
			s->sp_known = false;
			s->sp_off = 0;
		} else {
			fp_overwritten(s, ev);
		}
		break;
	case SOP_CLOBBER:
		apply_clobber(s, op, ev);
		break;
	}
}

enum cfi_apply_result cfi_step(struct cfi_state *s, const struct stack_op *ops,
			       unsigned int nr_ops, unsigned int *events)
{
	bool had_cfa = cfi_cfa_known(s);
	unsigned int i, ev = 0;

	for (i = 0; i < nr_ops; i++) {
		note_record(s, ops, i, nr_ops);
		apply_op(s, &ops[i], &ev);
	}
	if (events)
		*events = ev;
	return had_cfa && !cfi_cfa_known(s) ? CFI_LOST_CFA : CFI_OK;
}

enum cfi_apply_result cfi_apply(struct cfi_state *s, const struct stack_op *ops,
				unsigned int nr_ops)
{
	return cfi_step(s, ops, nr_ops, NULL);
}

void cfi_forget_copies(struct cfi_state *s, uint32_t written)
{
	s->fp_copies &= ~written;
	s->lr_copies &= ~written;
}

void cfi_format_cfa(const struct cfi_state *s, char *buf, size_t len)
{
	if (s->sp_known)
		snprintf(buf, len, "sp%+d", -s->sp_off);
	else if (s->fp_kind == FP_FRAME)
		snprintf(buf, len, "x29%+d", -s->fp_off);
	else
		snprintf(buf, len, "undefined");
}

/* A small appender: every describer writes clauses separated by "; ". */
struct words {
	char *buf;
	size_t len, used;
};

static void say(struct words *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (w->used >= w->len)
		return;
	if (w->used) {
		n = snprintf(w->buf + w->used, w->len - w->used, "; ");
		w->used += n > 0 ? (size_t)n : 0;
		if (w->used >= w->len)
			return;
	}
	va_start(ap, fmt);
	n = vsnprintf(w->buf + w->used, w->len - w->used, fmt, ap);
	va_end(ap);
	w->used += n > 0 ? (size_t)n : 0;
}

static void words_init(struct words *w, char *buf, size_t len)
{
	w->buf = buf;
	w->len = len;
	w->used = 0;
	if (len)
		buf[0] = '\0';
}

/* "16 bytes below its value at entry", "at its value at entry" */
static const char *sp_words(const struct cfi_state *s, char *buf, size_t len)
{
	if (!s->sp_known)
		snprintf(buf, len, "not known");
	else if (s->sp_off == 0)
		snprintf(buf, len, "at its value at entry");
	else
		snprintf(buf, len, "%d bytes %s its value at entry",
			 abs(s->sp_off), s->sp_off < 0 ? "below" : "above");
	return buf;
}

static const char *fp_words(const struct cfi_state *s, char *buf, size_t len)
{
	if (s->fp_kind == FP_ENTRY)
		snprintf(buf, len, "holds the caller's frame pointer");
	else if (s->fp_kind == FP_UNKNOWN)
		snprintf(buf, len, "was overwritten");
	else if (s->fp_off == 0)
		snprintf(buf, len, "points at the CFA");
	else
		snprintf(buf, len, "points %d bytes %s the CFA", abs(s->fp_off),
			 s->fp_off < 0 ? "below" : "above");
	return buf;
}

static const char *slot_words(int32_t slot, char *buf, size_t len)
{
	if (slot == CFI_NO_SLOT)
		snprintf(buf, len, "not saved");
	else
		snprintf(buf, len, "saved at CFA%+d", slot);
	return buf;
}

const char *cfi_ra_how(const struct cfi_state *s, char *buf, size_t len)
{
	static const char *const mods[] = {
		[RA_MOD_SP] = "sp", [RA_MOD_ZERO] = "zero",
		[RA_MOD_REG] = "a register",
	};
	char key = s->ra_sign == RA_SIGNED_B ? 'B' : 'A';

	if (s->ra_mod == RA_MOD_SP && s->ra_sp != CFI_SP_UNKNOWN && s->ra_sp)
		snprintf(buf, len, "with key %c and sp at CFA%+d", key, s->ra_sp);
	else
		snprintf(buf, len, "with key %c and %s", key,
			 mods[s->ra_mod < RA_MOD_REG ? s->ra_mod : RA_MOD_REG]);
	return buf;
}

const char *cfi_ra_words(const struct cfi_state *s, char *buf, size_t len)
{
	char how[48];

	if (s->ra_sign == RA_PLAIN)
		snprintf(buf, len, "plain");
	else
		snprintf(buf, len, "signed %s", cfi_ra_how(s, how, sizeof(how)));
	return buf;
}

static const char *frame_words(uint8_t frame)
{
	if (frame == CFI_FRAME_REGS)
		return "an exception frame (VALIDATE_HINT_REGS)";
	if (frame == CFI_FRAME_END)
		return "the outermost one (VALIDATE_HINT_END_OF_STACK)";
	return "a function's";
}

void cfi_describe_diff(const struct cfi_state *a, const struct cfi_state *b,
		       char *buf, size_t len)
{
	char x[64], y[64];
	struct words w;
	int i;

	words_init(&w, buf, len);
	if (a->sp_known != b->sp_known || (a->sp_known && a->sp_off != b->sp_off))
		say(&w, "sp is %s on one path, %s on the other",
		    sp_words(a, x, sizeof(x)), sp_words(b, y, sizeof(y)));
	if (a->fp_kind != b->fp_kind ||
	    (a->fp_kind == FP_FRAME && a->fp_off != b->fp_off))
		say(&w, "x29 %s on one path, %s on the other",
		    fp_words(a, x, sizeof(x)), fp_words(b, y, sizeof(y)));
	if (a->scs != b->scs)
		say(&w, "the shadow call stack holds %u of this function's x30 on one path, %u on the other",
		    a->scs, b->scs);
	if (a->lr_changed != b->lr_changed)
		say(&w, "x30 %s on one path, %s on the other",
		    a->lr_changed ? "was changed" : "holds its value at entry",
		    b->lr_changed ? "was changed" : "holds its value at entry");
	if (a->ra_sign != b->ra_sign || a->ra_mod != b->ra_mod ||
	    a->ra_sp != b->ra_sp)
		say(&w, "the return address is %s on one path, %s on the other",
		    cfi_ra_words(a, x, sizeof(x)), cfi_ra_words(b, y, sizeof(y)));
	if (a->frame != b->frame)
		say(&w, "the frame is %s on one path, %s on the other",
		    frame_words(a->frame), frame_words(b->frame));
	if (a->rec != b->rec)
		say(&w, "the kernel's frame record is %s on one path, %s on the other",
		    slot_words(a->rec, x, sizeof(x)), slot_words(b->rec, y, sizeof(y)));
	for (i = 0; i < CFI_NR_REGS; i++)
		if (a->slot[i] != b->slot[i])
			say(&w, "%s is %s on one path, %s on the other",
			    arch_reg_name(cfi_index_reg(i)),
			    slot_words(a->slot[i], x, sizeof(x)),
			    slot_words(b->slot[i], y, sizeof(y)));
}

void cfi_describe_not_entry(const struct cfi_state *s, char *buf, size_t len)
{
	char x[64];
	struct words w;
	int i;

	words_init(&w, buf, len);
	if (!s->sp_known || s->sp_off)
		say(&w, "sp is %s", sp_words(s, x, sizeof(x)));
	if (s->fp_kind != FP_ENTRY && s->frame != CFI_FRAME_END)
		say(&w, "x29 %s and was not restored", fp_words(s, x, sizeof(x)));
	for (i = 0; i < CFI_NR_REGS; i++)
		if (slot_matters(s, i))
			say(&w, "%s is still saved at CFA%+d and was not reloaded",
			    arch_reg_name(cfi_index_reg(i)), s->slot[i]);
}

void cfi_describe_no_frame(const struct cfi_state *s, char *buf, size_t len)
{
	int32_t fp = s->slot[cfi_reg_index(REG_FP)];
	int32_t lr = s->slot[cfi_reg_index(REG_LR)];
	char x[64];
	struct words w;

	words_init(&w, buf, len);
	if (cfi_has_frame(s))
		return;
	if (s->frame == CFI_FRAME_REGS && s->rec == CFI_NO_SLOT)
		say(&w, "no frame record was written in the exception frame");
	else if (s->frame == CFI_FRAME_REGS && s->fp_kind == FP_FRAME)
		say(&w, "x29 is at CFA%+d but the exception frame's record is at CFA%+d",
		    s->fp_off, s->rec);
	else if (s->fp_kind == FP_ENTRY)
		say(&w, "x29 still holds the caller's frame pointer");
	else if (s->fp_kind == FP_UNKNOWN)
		say(&w, "x29 was overwritten");
	else if (fp == CFI_NO_SLOT)
		say(&w, "x29 %s but the caller's x29 is not saved",
		    fp_words(s, x, sizeof(x)));
	else if (fp != s->fp_off)
		say(&w, "x29 is at CFA%+d but the caller's x29 is saved at CFA%+d",
		    s->fp_off, fp);
	else if (lr == CFI_NO_SLOT)
		say(&w, "x30 is not saved");
	else
		say(&w, "x30 is saved at CFA%+d, not next to x29 at CFA%+d", lr,
		    fp + 8);
}

/* ---- interning ---- */

#define CHUNK_STATES	256

struct cfi_chunk {
	struct cfi_interned states[CHUNK_STATES];
};

struct cfi_table {
	const struct cfi_state **slots;
	size_t size, count;
	/* chunks[(id - 1) / CHUNK_STATES] holds state id: never moved.  The
	 * array of them grows into a new one, published whole, and the old
	 * ones are kept (retired) until the table is freed: cfi_by_id() reads
	 * it without the lock while another thread interns */
	struct cfi_chunk **chunks;
	size_t nr_chunks, alloc_chunks;
	struct cfi_chunk ***retired;
	size_t nr_retired, alloc_retired;
	/* cfi_table_share(): walks of several functions intern at once */
	bool shared;
	pthread_mutex_t lock;
};

/*
 * Two multiply chains, one of each pair of 64-bit words the fields pack
 * into: FNV's one chain of 32 multiplies, each waiting on the one before,
 * was 3.6% of a modules run.  What cfi_equal() ignores (sp_off without
 * sp, fp_off without a frame record) hashes as 0.  The table's index is
 * the low bits: the high ones are folded down.
 */
#define HASH_MUL	0xff51afd7ed558ccdull
#define MIX(h, v)	((h) = ((h) ^ (v)) * HASH_MUL)
#define PAIR(x, y)	((uint64_t)(uint32_t)(x) | (uint64_t)(uint32_t)(y) << 32)

_Static_assert(CFI_NR_REGS % 4 == 0, "cfi_hash() takes the slots 4 at a time");

static uint64_t cfi_hash(const struct cfi_state *s)
{
	uint64_t a = 0x9e3779b97f4a7c15ull, b = 0xc2b2ae3d27d4eb4full;
	int i;

	MIX(a, (uint64_t)s->sp_known | (uint64_t)s->fp_kind << 8 |
	       (uint64_t)s->scs << 16 | (uint64_t)s->lr_changed << 24 |
	       (uint64_t)s->frame << 32 | (uint64_t)s->ra_sign << 40 |
	       (uint64_t)s->ra_mod << 48);
	MIX(b, PAIR(s->sp_known ? s->sp_off : 0,
		    s->fp_kind == FP_FRAME ? s->fp_off : 0));
	MIX(a, PAIR(s->rec, s->ra_sp));
	MIX(b, PAIR(s->fp_copies, s->lr_copies));
	for (i = 0; i < CFI_NR_REGS; i += 4) {
		MIX(a, PAIR(s->slot[i], s->slot[i + 1]));
		MIX(b, PAIR(s->slot[i + 2], s->slot[i + 3]));
	}
	a = (a ^ (b << 31 | b >> 33)) * HASH_MUL;
	return a ^ (a >> 32);
}
#undef MIX
#undef PAIR

struct cfi_table *cfi_table_new(void)
{
	struct cfi_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->size = 256;
	t->slots = calloc(t->size, sizeof(*t->slots));
	if (!t->slots || pthread_mutex_init(&t->lock, NULL)) {
		free(t->slots);
		free(t);
		return NULL;
	}
	return t;
}

void cfi_table_share(struct cfi_table *t, bool shared)
{
	t->shared = shared;
}

void cfi_table_free(struct cfi_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nr_chunks; i++)
		free(t->chunks[i]);
	free(t->chunks);
	for (i = 0; i < t->nr_retired; i++)
		free(t->retired[i]);
	free(t->retired);
	free(t->slots);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static int grow(struct cfi_table *t)
{
	size_t size = t->size * 2, i;
	const struct cfi_state **slots = calloc(size, sizeof(*slots));

	if (!slots)
		return -1;
	for (i = 0; i < t->size; i++) {
		const struct cfi_state *s = t->slots[i];
		size_t j;

		if (!s)
			continue;
		for (j = cfi_hash(s) & (size - 1); slots[j]; j = (j + 1) & (size - 1))
			;
		slots[j] = s;
	}
	free(t->slots);
	t->slots = slots;
	t->size = size;
	return 0;
}

/* Room for one more chunk: a new array, the old one retired. */
static int grow_chunks(struct cfi_table *t)
{
	size_t alloc = t->alloc_chunks ? t->alloc_chunks * 2 : 16;
	struct cfi_chunk **chunks;

	if (t->nr_chunks < t->alloc_chunks)
		return 0;
	if (VEC_GROW(t->retired, t->alloc_retired, t->nr_retired))
		return -1;
	chunks = malloc(alloc * sizeof(*chunks));
	if (!chunks)
		return -1;
	if (t->nr_chunks)
		memcpy(chunks, t->chunks, t->nr_chunks * sizeof(*chunks));
	if (t->chunks)
		t->retired[t->nr_retired++] = t->chunks;
	__atomic_store_n(&t->chunks, chunks, __ATOMIC_RELEASE);
	t->alloc_chunks = alloc;
	return 0;
}

static struct cfi_state *alloc_state(struct cfi_table *t)
{
	size_t used = t->count % CHUNK_STATES;
	struct cfi_interned *in;

	if (t->count >= UINT32_MAX)
		return NULL;	/* ids are 32 bits */
	if (!used) {
		struct cfi_chunk *c;

		if (grow_chunks(t))
			return NULL;
		c = malloc(sizeof(*c));
		if (!c)
			return NULL;
		t->chunks[t->nr_chunks++] = c;
	}
	in = &t->chunks[t->count / CHUNK_STATES]->states[used];
	in->id = (uint32_t)t->count + 1;
	return &in->state;
}

static const struct cfi_state *intern(struct cfi_table *t,
				      const struct cfi_state *s)
{
	struct cfi_state *copy;
	size_t j;

	if (t->count * 2 >= t->size && grow(t))
		return NULL;
	for (j = cfi_hash(s) & (t->size - 1); t->slots[j]; j = (j + 1) & (t->size - 1))
		if (cfi_equal(t->slots[j], s))
			return t->slots[j];
	copy = alloc_state(t);
	if (!copy)
		return NULL;
	/* normalise the fields that do not count, so equal states print alike */
	*copy = *s;
	if (!copy->sp_known)
		copy->sp_off = 0;
	if (copy->fp_kind != FP_FRAME)
		copy->fp_off = 0;
	t->slots[j] = copy;
	t->count++;
	return copy;
}

const struct cfi_state *cfi_intern(struct cfi_table *t, const struct cfi_state *s)
{
	const struct cfi_state *r;

	if (!t->shared)
		return intern(t, s);
	pthread_mutex_lock(&t->lock);
	r = intern(t, s);
	pthread_mutex_unlock(&t->lock);
	return r;
}

/*
 * A thread's look-aside of states it interned: most interning finds a
 * state already there, and while the table is shared that would take the
 * lock every time.  Direct-mapped by hash; interned states never change.
 */
#define CFI_CACHE_SIZE	1024

struct cfi_cache {
	const struct cfi_state *slot[CFI_CACHE_SIZE];
};

struct cfi_cache *cfi_cache_new(void)
{
	return calloc(1, sizeof(struct cfi_cache));
}

void cfi_cache_free(struct cfi_cache *c)
{
	free(c);
}

const struct cfi_state *cfi_intern_cached(struct cfi_table *t,
					  struct cfi_cache *c,
					  const struct cfi_state *s)
{
	const struct cfi_state **e = &c->slot[cfi_hash(s) & (CFI_CACHE_SIZE - 1)];

	if (*e && cfi_equal(*e, s))
		return *e;
	*e = cfi_intern(t, s);
	return *e;
}

size_t cfi_table_count(const struct cfi_table *t)
{
	return t->count;
}

const struct cfi_state *cfi_by_id(const struct cfi_table *t, uint32_t id)
{
	struct cfi_chunk **chunks;

	if (!id)
		return NULL;
	id--;
	chunks = __atomic_load_n(&t->chunks, __ATOMIC_ACQUIRE);
	return &chunks[id / CHUNK_STATES]->states[id % CHUNK_STATES].state;
}
