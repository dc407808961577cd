// SPDX-License-Identifier: GPL-2.0
/*
 * Annotations: what hand-written assembly says of itself where the
 * instructions cannot (include/validate/annotate.h,
 * Documentation/annotations.md).  Each entry of .discard.validate_hints
 * names an instruction (or, for VALIDATE_IGNORE_FUNC, a function) through
 * its relocation, with a type and an argument.  The walk starts from the
 * state a hint gives, stops judging in an UNDEFINED range, and skips the
 * functions an annotation says to ignore; code under a non-function symbol
 * that holds a hint is walked like a function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "validate/vec.h"

#define HINT_ENTSIZE	16	/* u64 where, u32 type, s32 arg */
/* |offset| of a REGS hint: pt_regs lies on the stack sp is in */
#define REGS_MAX_OFFSET	(1 << 20)

static const char *const type_names[] = {
	[VALIDATE_HINT_TYPE_REGS] = "VALIDATE_HINT_REGS",
	[VALIDATE_HINT_TYPE_END_OF_STACK] = "VALIDATE_HINT_END_OF_STACK",
	[VALIDATE_HINT_TYPE_UNDEFINED] = "VALIDATE_HINT_UNDEFINED",
	[VALIDATE_HINT_TYPE_FUNC] = "VALIDATE_HINT_FUNC",
	[VALIDATE_HINT_TYPE_IGNORE_FUNC] = "VALIDATE_IGNORE_FUNC",
};

#define NR_TYPES	(sizeof(type_names) / sizeof(type_names[0]))

static bool is_hints_section(const struct section *sec)
{
	return sec->size && !strcmp(sec->name, VALIDATE_HINT_SECTION);
}

static int bad(struct ctx *ctx, const struct section *sec, uint64_t entry,
	       const char *why)
{
	finding_add(ctx, CHECK_BAD_HINT, sec->idx, entry, 0, "hint %s", why);
	return 0;
}

/* Where an entry's first field points: through its relocation in objects,
 * by address in linked images.  False if it names nothing here. */
static bool entry_target(struct ctx *ctx, const struct section *sec,
			 uint64_t entry, struct place *at, char *why, size_t len)
{
	const struct object *obj = ctx->obj;
	const struct reloc *r = reloc_at(sec, entry);
	const struct section *s;
	uint32_t lo, hi;
	uint64_t addr;
	int64_t dest;

	if (r) {
		const struct symbol *sym = &obj->syms[r->sym];

		/* annotate.h writes a .quad: any other field is not ours */
		if (arch_reloc_kind(r->type) != RELOC_ABS64) {
			snprintf(why, len, "points by a relocation of type %u, not a 64-bit address",
				 r->type);
			return false;
		}
		if (!sym->sec) {
			snprintf(why, len, "names %s, which this object does not define",
				 sym->name[0] ? sym->name : "an undefined symbol");
			return false;
		}
		s = &obj->secs[sym->sec];
		dest = reloc_dest(obj, r);
	} else if (obj->linked && sec_read32(obj, sec, entry, &lo) &&
		   sec_read32(obj, sec, entry + 4, &hi)) {
		addr = obj->big_endian ? (uint64_t)lo << 32 | hi :
					 (uint64_t)hi << 32 | lo;
		s = section_by_addr(obj, addr);
		if (!s) {
			snprintf(why, len, "points outside any section");
			return false;
		}
		dest = (int64_t)(addr - s->addr);
	} else {
		snprintf(why, len, "has no relocation to say where it points");
		return false;
	}
	if (!sec_is_code(s) || dest < 0 || (uint64_t)dest >= s->size) {
		snprintf(why, len, "points outside code, at %s+0x%llx", s->name,
			 (unsigned long long)dest);
		return false;
	}
	at->sec = s->idx;
	at->off = (uint64_t)dest;
	return true;
}

/* Every function symbol that starts at the place; false if none does. */
static bool ignore_function(struct ctx *ctx, const struct place *at)
{
	const struct section *sec = &ctx->obj->secs[at->sec];
	bool found = false;
	size_t i;

	for (i = 0; i < sec->nr_funcs; i++) {
		uint32_t idx = sec->funcs[i];
		const struct symbol *f = &ctx->obj->syms[idx];

		if (f->offset != at->off || !f->size)
			continue;
		if (!found && ctx->opts->verbose)
			fprintf(ctx->log, "%s: %s: not validated: VALIDATE_IGNORE_FUNC says to skip it\n",
				ctx->obj->name, f->name);
		ctx->sym_flags[idx] |= SYMF_IGNORED;
		found = true;
	}
	return found;
}

static const struct cfi_state *state_of(struct ctx *ctx, uint8_t type,
					int32_t arg)
{
	struct cfi_state s;

	cfi_init(&s);
	if (type == VALIDATE_HINT_TYPE_REGS) {
		s.frame = CFI_FRAME_REGS;
		s.sp_off = -arg;	/* the CFA is where pt_regs starts */
	} else if (type == VALIDATE_HINT_TYPE_END_OF_STACK) {
		s.frame = CFI_FRAME_END;
	}
	return cfi_intern(ctx->cfi, &s);
}

static int read_entry(struct ctx *ctx, const struct section *sec,
		      uint64_t entry)
{
	const struct section *code;
	uint32_t type, arg;
	struct hint h = { 0 };
	char why[224], where[160];

	if (!sec_read32(ctx->obj, sec, entry + 8, &type) ||
	    !sec_read32(ctx->obj, sec, entry + 12, &arg))
		return bad(ctx, sec, entry, "is truncated");
	if (!type || type >= NR_TYPES) {
		snprintf(why, sizeof(why), "is of no known type (%u)", type);
		return bad(ctx, sec, entry, why);
	}
	if (!entry_target(ctx, sec, entry, &h.at, where, sizeof(where))) {
		snprintf(why, sizeof(why), "%s %s", type_names[type], where);
		return bad(ctx, sec, entry, why);
	}
	if (type == VALIDATE_HINT_TYPE_IGNORE_FUNC)
		return ignore_function(ctx, &h.at) ? 0 :
		       bad(ctx, sec, entry, "VALIDATE_IGNORE_FUNC names no function");
	code = &ctx->obj->secs[h.at.sec];
	if (h.at.off % 4 || !sec_word_is_code(code, h.at.off)) {
		snprintf(why, sizeof(why), "%s points %s, at %s+0x%llx",
			 type_names[type], h.at.off % 4 ? "between instructions" :
			 "at data", code->name, (unsigned long long)h.at.off);
		return bad(ctx, sec, entry, why);
	}
	if (type == VALIDATE_HINT_TYPE_REGS && (int32_t)arg % 16) {
		snprintf(why, sizeof(why), "VALIDATE_HINT_REGS %d: sp and struct pt_regs are 16-byte aligned, the offset is not",
			 (int32_t)arg);
		return bad(ctx, sec, entry, why);
	}
	if (type == VALIDATE_HINT_TYPE_REGS &&
	    ((int32_t)arg > REGS_MAX_OFFSET || (int32_t)arg < -REGS_MAX_OFFSET)) {
		snprintf(why, sizeof(why), "VALIDATE_HINT_REGS %d: farther from sp than a kernel stack is long",
			 (int32_t)arg);
		return bad(ctx, sec, entry, why);
	}
	h.type = (uint8_t)type;
	h.arg = type == VALIDATE_HINT_TYPE_REGS ? (int32_t)arg : 0;
	if (type != VALIDATE_HINT_TYPE_UNDEFINED &&
	    !(h.state = state_of(ctx, h.type, h.arg)))
		return -1;
	if (VEC_GROW(ctx->hints, ctx->alloc_hints, ctx->nr_hints))
		return -1;
	ctx->hints[ctx->nr_hints++] = h;
	return 0;
}

static int cmp_hint(const void *a, const void *b)
{
	const struct hint *x = a, *y = b;
	int c = cmp_place(&x->at, &y->at);

	if (c)
		return c;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return x->arg < y->arg ? -1 : x->arg > y->arg;
}

/* "VALIDATE_HINT_REGS -336", "VALIDATE_HINT_FUNC" */
static const char *hint_words(const struct hint *h, char *buf, size_t len)
{
	if (h->type == VALIDATE_HINT_TYPE_REGS)
		snprintf(buf, len, "%s %d", type_names[h->type], h->arg);
	else
		snprintf(buf, len, "%s", type_names[h->type]);
	return buf;
}

/* One hint an instruction: repeats go, and two that disagree are a finding. */
static void unique(struct ctx *ctx)
{
	char x[48], y[48];
	size_t i, j;

	for (i = j = 0; i < ctx->nr_hints; i++) {
		struct hint *prev = j ? &ctx->hints[j - 1] : NULL;
		struct hint *h = &ctx->hints[i];

		if (prev && !cmp_place(&prev->at, &h->at)) {
			if (prev->type != h->type || prev->arg != h->arg)
				finding_add(ctx, CHECK_BAD_HINT, h->at.sec, h->at.off, 0,
					    "hints %s and %s at one instruction disagree: the first is taken",
					    hint_words(prev, x, sizeof(x)),
					    hint_words(h, y, sizeof(y)));
			continue;
		}
		ctx->hints[j++] = *h;
	}
	ctx->nr_hints = j;
}

/*
 * The code a place belongs to: its function, or the non-function symbol
 * that names it (up to its size, or to the next symbol).  False for code no
 * symbol covers.
 */
static bool owner_of(const struct object *obj, const struct place *at,
		     uint32_t *sym, uint64_t *start, uint64_t *end)
{
	const struct section *sec = &obj->secs[at->sec];
	const struct symbol *s = symbol_for(obj, sec, at->off);
	size_t i;

	if (!s || s->type == STT_OBJECT || s->type == STT_TLS)
		return false;
	*sym = (uint32_t)(s - obj->syms);
	*start = s->offset;
	*end = sec->size;
	if (s->size) {
		*end = s->offset + s->size;
	} else {
		for (i = 0; i < sec->nr_syms; i++)
			if (obj->syms[sec->syms[i]].offset > s->offset) {
				*end = obj->syms[sec->syms[i]].offset;
				break;
			}
	}
	return at->off >= *start && at->off < *end;
}

/* A non-function symbol with a state hint is walked from its hints. */
static int add_unit(struct ctx *ctx, const struct hint *h)
{
	const struct section *sec = &ctx->obj->secs[h->at.sec];
	uint64_t start, end;
	uint32_t sym;
	size_t i;

	if (func_at(ctx->obj, sec, h->at.off) ||
	    !owner_of(ctx->obj, &h->at, &sym, &start, &end))
		return 0;
	for (i = 0; i < ctx->nr_hint_units; i++)
		if (ctx->hint_units[i].sym == sym)
			return 0;
	if (VEC_GROW(ctx->hint_units, ctx->alloc_hint_units, ctx->nr_hint_units))
		return -1;
	ctx->hint_units[ctx->nr_hint_units++] =
		(struct hint_unit){ sym, h->at.sec, start, end - start };
	if (ctx->opts->verbose)
		fprintf(ctx->log, "%s: %s: code under a non-function symbol, walked from its hints\n",
			ctx->obj->name, ctx->obj->syms[sym].name);
	return 0;
}

/* An UNDEFINED range ends at the next hint, or where its code ends. */
static void undefined_range(struct ctx *ctx, size_t i)
{
	const struct object *obj = ctx->obj;
	struct hint *h = &ctx->hints[i];
	const struct section *sec = &obj->secs[h->at.sec];
	const struct symbol *f = func_at(obj, sec, h->at.off);
	uint64_t start, end = sec->size, w;
	unsigned long n = 0;
	uint32_t sym;

	if (f)
		end = f->offset + f->size;
	else if (!owner_of(obj, &h->at, &sym, &start, &end))
		end = sec->size;
	if (i + 1 < ctx->nr_hints && ctx->hints[i + 1].at.sec == h->at.sec &&
	    ctx->hints[i + 1].at.off < end)
		end = ctx->hints[i + 1].at.off;
	h->end = end;
	if (!ctx->opts->verbose)
		return;
	for (w = h->at.off; w + 4 <= end; w += 4)
		n += sec_word_is_code(sec, w);
	f = symbol_for(obj, sec, h->at.off);
	fprintf(ctx->log, "%s: %s+0x%llx: %lu instruction%s not judged: VALIDATE_HINT_UNDEFINED, no unwinding until the next hint\n",
		obj->name, f ? f->name : sec->name,
		(unsigned long long)(h->at.off - (f ? f->offset : 0)), n,
		n == 1 ? "" : "s");
}

int hints_read(struct ctx *ctx)
{
	size_t i;

	for (i = 1; i < ctx->obj->nr_secs; i++) {
		const struct section *sec = &ctx->obj->secs[i];
		uint64_t e;

		if (!is_hints_section(sec))
			continue;
		if (sec->size && !sec->data) {
			bad(ctx, sec, 0, "section has no contents (SHT_NOBITS)");
			continue;
		}
		if (sec->size % HINT_ENTSIZE) {
			char why[96];

			snprintf(why, sizeof(why), "section of %llu bytes: entries are %d bytes",
				 (unsigned long long)sec->size, HINT_ENTSIZE);
			bad(ctx, sec, 0, why);
			continue;
		}
		for (e = 0; e < sec->size; e += HINT_ENTSIZE)
			if (read_entry(ctx, sec, e))
				return -1;
	}
	if (!ctx->nr_hints)
		return 0;
	qsort(ctx->hints, ctx->nr_hints, sizeof(*ctx->hints), cmp_hint);
	unique(ctx);
	for (i = 0; i < ctx->nr_hints; i++) {
		if (ctx->hints[i].type == VALIDATE_HINT_TYPE_UNDEFINED)
			undefined_range(ctx, i);
		else if (add_unit(ctx, &ctx->hints[i]))
			return -1;
	}
	return 0;
}

/* The last hint at or before the place, in its section; NULL if none. */
static const struct hint *hint_before(const struct ctx *ctx, uint32_t sec,
				      uint64_t off)
{
	struct place key = { sec, off };
	size_t i = lower_bound(ctx->hints, ctx->nr_hints, sizeof(*ctx->hints),
			       &key, cmp_place);

	if (i < ctx->nr_hints && !cmp_place(&ctx->hints[i].at, &key))
		return &ctx->hints[i];
	if (!i || ctx->hints[i - 1].at.sec != sec)
		return NULL;
	return &ctx->hints[i - 1];
}

const struct hint *hint_state_at(const struct ctx *ctx, uint32_t sec,
				 uint64_t off)
{
	const struct hint *h;

	if (!ctx->nr_hints)
		return NULL;
	h = hint_before(ctx, sec, off);
	return h && h->at.off == off && h->state ? h : NULL;
}

const struct hint *hint_undefined_at(const struct ctx *ctx, uint32_t sec,
				     uint64_t off)
{
	const struct hint *h;

	if (!ctx->nr_hints)
		return NULL;
	h = hint_before(ctx, sec, off);
	return h && h->type == VALIDATE_HINT_TYPE_UNDEFINED && off < h->end ? h : NULL;
}

/*
 * sp + arg is where pt_regs starts.  A path from another exception frame
 * must have sp there; from a function, the frame cannot reach up to the
 * function's CFA, where its caller's stack is.  Where sp is not known, or
 * the path comes from the outermost frame, nothing says otherwise.
 */
bool hint_contradicted(const struct hint *h, const struct cfi_state *s,
		       char *why, size_t len)
{
	if (h->type != VALIDATE_HINT_TYPE_REGS || !s->sp_known)
		return false;
	if (s->frame == CFI_FRAME_REGS && s->sp_off != -h->arg) {
		snprintf(why, len, "VALIDATE_HINT_REGS %d: sp + %d is %d bytes %s the exception frame this path built",
			 h->arg, h->arg, abs(s->sp_off + h->arg),
			 s->sp_off + h->arg < 0 ? "below" : "above");
		return true;
	}
	if (s->frame == CFI_FRAME_CALL && s->sp_off + h->arg >= 0) {
		snprintf(why, len, "VALIDATE_HINT_REGS %d: sp + %d is %d bytes above the CFA, in the caller's frame: no exception frame can be there",
			 h->arg, h->arg, s->sp_off + h->arg);
		return true;
	}
	return false;
}

/* Padding: nops, or zeros (udf #0). */
static bool padding(const struct ctx *ctx, const struct section *sec,
		    uint64_t off)
{
	return slot_kind(ctx, sec->idx, off) == INSN_NOP || !insn_word(sec, off);
}

static bool unwalked(const struct ctx *ctx, const struct section *sec,
		     uint64_t off)
{
	return !sec_word_data(sec, off / 4) && !ctx->slots[sec->idx][off / 4].state_id &&
	       !hint_undefined_at(ctx, sec->idx, off);
}

bool hint_code_walked(const struct ctx *ctx, uint32_t sec, uint64_t off)
{
	const struct section *s = &ctx->obj->secs[sec];

	return !sec_word_data(s, off / 4) && !unwalked(ctx, s, off);
}

int hints_list_unwalked(struct ctx *ctx)
{
	struct code_range *old = ctx->nonfunc;
	size_t nr = ctx->nr_nonfunc, i;

	ctx->nonfunc = NULL;
	ctx->nr_nonfunc = ctx->alloc_nonfunc = 0;
	ctx->stats.nonfunc_insns = 0;
	for (i = 0; i < nr; i++) {
		const struct section *sec = &ctx->obj->secs[old[i].sec];
		uint64_t off, end = old[i].off + old[i].size, start = 0;
		unsigned long n = 0, real = 0;

		for (off = old[i].off; off <= end; off += 4) {
			const struct symbol *s;

			if (off < end && unwalked(ctx, sec, off)) {
				if (!n++)
					start = off;
				real += !padding(ctx, sec, off);
				continue;
			}
			if (real) {
				ctx->stats.nonfunc_insns += n;
				if (VEC_GROW(ctx->nonfunc, ctx->alloc_nonfunc, ctx->nr_nonfunc)) {
					free(old);
					return -1;
				}
				ctx->nonfunc[ctx->nr_nonfunc++] =
					(struct code_range){ sec->idx, start, (uint64_t)n * 4 };
				s = symbol_for(ctx->obj, sec, start);
				if (ctx->opts->verbose)
					fprintf(ctx->log, "%s: %s+0x%llx: %lu instruction%s under %s, which is no function, and no hint reaches %s: not validated\n",
						ctx->obj->name, sec->name,
						(unsigned long long)start, n,
						n == 1 ? "" : "s", s ? s->name : "?",
						n == 1 ? "it" : "them");
			}
			n = real = 0;
		}
	}
	free(old);
	return 0;
}
