// SPDX-License-Identifier: GPL-2.0
/*
 * --write-sframe: SFrame rows from the states the walk left, for code
 * whatever made it (hand-written assembly without a .cfi_* directive
 * included), and a copy of the object that carries them.
 *
 * A function gets a descriptor over its symbol's range and a row wherever
 * the state an unwinder needs changes: the CFA on sp while the walk knows
 * sp (on x29 where only x29 is known, after alloca), and where the caller's
 * x29 and x30 are.  Replacement streams of alternatives are described at
 * the original block's offsets, where they run once patched (the streams
 * agree there, or alt-stack-conflict says otherwise).  Not written:
 * functions with a finding of the walk (their states are not to be
 * trusted), what SFrame cannot say on arm64 (x29 saved without x30, x30
 * only on the shadow call stack, an annotated exception frame) and the
 * annotated outermost frame; each is listed with its reason.
 * A row says the return address is signed where the walk's state does
 * (from the instruction after paciasp until the one after autiasp), in a
 * descriptor for the B key where it is signed with that one.
 */
#include <stdlib.h>
#include <string.h>

#include "validate/vec.h"
#include "hints.h"
#include "rowmatch.h"
#include "sframegen.h"

struct gen {
	struct ctx *ctx;
	struct sframe_gen *out;
	uint32_t *findings;		/* per symbol: the walk's findings */
	uint8_t *first;			/* per symbol: the first one's check */
	struct sframe_row *rows;	/* of every function, in order */
	size_t nr_rows, alloc_rows;
	struct sframe_func *funcs;	/* rows set once all are in */
	size_t *first_row;		/* per function: its first in rows */
	size_t nr_funcs, alloc_funcs, alloc_first;
};

#define oom(ctx) (snprintf((ctx)->err, sizeof((ctx)->err), "out of memory"), -1)

/* Findings about the object's own unwind tables say nothing of the walk. */
static bool about_the_walk(enum check_id c)
{
	return c != CHECK_DWARF_MISMATCH && c != CHECK_SFRAME_MISMATCH &&
	       c != CHECK_SFRAME_MISSING;
}

static int count_findings(struct gen *g)
{
	struct ctx *ctx = g->ctx;
	size_t i;

	g->findings = calloc(ctx->obj->nr_syms + 1, sizeof(*g->findings));
	g->first = calloc(ctx->obj->nr_syms + 1, 1);
	if (!g->findings || !g->first)
		return oom(ctx);
	for (i = 0; i < ctx->nr_findings; i++) {
		const struct finding *f = &ctx->findings[i];

		if (!about_the_walk(f->check) || f->func >= ctx->obj->nr_syms)
			continue;
		if (!g->findings[f->func]++)
			g->first[f->func] = (uint8_t)f->check;
	}
	return 0;
}

/* Where x30 is; false if no row can say (it was changed and not saved). */
static bool ra_rule(const struct cfi_state *st, struct sframe_row *r,
		    char *why, size_t len)
{
	int32_t slot = st->slot[cfi_reg_index(REG_LR)];

	if (slot != CFI_NO_SLOT) {
		r->ra_saved = true;
		r->ra_off = slot;
		return true;
	}
	if (!st->lr_changed)
		return true;		/* still the return address */
	snprintf(why, len, st->scs ?
		 "x30 is saved only on the shadow call stack, which SFrame cannot describe" :
		 "x30 is changed and saved nowhere");
	return false;
}

/* Where x29 is; false if no row can say.  SFrame on arm64 has no x29
 * saved without x30; while x29 still holds the caller's value, "not
 * saved" says the same. */
static bool fp_rule(const struct cfi_state *st, struct sframe_row *r,
		    char *why, size_t len)
{
	int32_t slot = st->slot[cfi_reg_index(REG_FP)];

	if (slot != CFI_NO_SLOT && r->ra_saved) {
		r->fp_saved = true;
		r->fp_off = slot;
		return true;
	}
	if (st->fp_kind == FP_ENTRY)
		return true;
	if (slot != CFI_NO_SLOT)
		snprintf(why, len, "x29 is saved at CFA%+d and x30 is not: SFrame cannot say that on arm64",
			 slot);
	else
		snprintf(why, len, "x29 is changed and saved nowhere");
	return false;
}

static bool state_row(const struct cfi_state *st, struct sframe_row *r,
		      char *why, size_t len)
{
	memset(r, 0, sizeof(*r));
	/* annotated frames (hints.c): what an unwinder does there is not a row */
	if (st->frame == CFI_FRAME_REGS) {
		snprintf(why, len, "an exception frame (pt_regs at the CFA), which SFrame cannot describe");
		return false;
	}
	if (st->frame == CFI_FRAME_END) {
		snprintf(why, len, "the outermost frame: not written, binutils 2.40 to 2.44 misread such rows");
		return false;
	}
	if (st->sp_known) {
		r->cfa_base = SFRAME_CFA_SP;
		r->cfa_off = -st->sp_off;
	} else if (st->fp_kind == FP_FRAME) {
		r->cfa_base = SFRAME_CFA_FP;
		r->cfa_off = -st->fp_off;
	} else {
		snprintf(why, len, "the CFA is not known");
		return false;
	}
	return ra_rule(st, r, why, len) && fp_rule(st, r, why, len);
}

static bool row_equal(const struct sframe_row *a, const struct sframe_row *b)
{
	return a->cfa_base == b->cfa_base && a->cfa_off == b->cfa_off &&
	       a->fp_saved == b->fp_saved && a->fp_off == b->fp_off &&
	       a->ra_saved == b->ra_saved && a->ra_off == b->ra_off &&
	       a->mangled_ra == b->mangled_ra;
}

static int add_row(struct gen *g, size_t first, const struct sframe_row *r)
{
	if (g->nr_rows > first && row_equal(&g->rows[g->nr_rows - 1], r))
		return 0;
	if (VEC_GROW(g->rows, g->alloc_rows, g->nr_rows))
		return oom(g->ctx);
	g->rows[g->nr_rows] = *r;
	/* an unwinder needs a row from the function's first byte */
	if (g->nr_rows == first)
		g->rows[g->nr_rows].start = 0;
	g->nr_rows++;
	return 0;
}

/* The row for a state; false if SFrame cannot say it, and why. */
static bool insn_row(const struct cfi_state *st, struct sframe_row *r,
		     bool *key_b, char *why, size_t len)
{
	if (!state_row(st, r, why, len))
		return false;
	r->mangled_ra = st->ra_sign != RA_PLAIN;
	*key_b |= st->ra_sign == RA_SIGNED_B;
	return true;
}

/*
 * The rows of one function, appended to g->rows from index first.
 * 1: done; 0: the function cannot be described, why says so; -1: error.
 */
static int func_rows(struct gen *g, const struct section *sec,
		     const struct symbol *f, size_t first, bool *key_b,
		     char *why, size_t len)
{
	struct ctx *ctx = g->ctx;
	uint64_t off, end = f->offset + f->size;
	bool nested = row_has_nested(sec, f, ctx->obj);

	for (off = f->offset; off + 4 <= end; off += 4) {
		const struct cfi_state *st;
		struct sframe_row r;
		char what[100];

		if (!sec_word_is_code(sec, off) ||
		    (nested && row_nested(ctx->obj, sec, f, off)))
			continue;
		st = row_walk_state(ctx, sec->idx, off);
		/*
		 * An UNDEFINED hint's range runs with no state a row could
		 * give (a stack switch under way): the row before must not
		 * go on over it, and SFrame cannot say "unknown" in a row.
		 */
		if (!st && hint_undefined_at(ctx, sec->idx, off)) {
			snprintf(why, len, "at +0x%lx: an UNDEFINED hint's range, which no row can describe",
				 (unsigned long)(off - f->offset));
			return 0;
		}
		/* not reached (padding): the row before goes on */
		if (!st)
			continue;
		if (!insn_row(st, &r, key_b, what, sizeof(what))) {
			snprintf(why, len, "at +0x%lx: %s",
				 (unsigned long)(off - f->offset), what);
			return 0;
		}
		r.start = (uint32_t)(off - f->offset);
		if (add_row(g, first, &r))
			return -1;
	}
	if (g->nr_rows == first) {
		snprintf(why, len, "no instruction of it was reached");
		return 0;
	}
	return 1;
}

static int leave_out(struct gen *g, uint32_t func, const char *why)
{
	struct sframe_gen *o = g->out;

	if (VEC_GROW(o->left, o->alloc_left, o->nr_left))
		return oom(g->ctx);
	o->left[o->nr_left].func = func;
	snprintf(o->left[o->nr_left].why, sizeof(o->left[0].why), "%s", why);
	o->nr_left++;
	return 0;
}

static int add_func(struct gen *g, const struct section *sec, uint32_t idx)
{
	const struct symbol *f = &g->ctx->obj->syms[idx];
	size_t first = g->nr_rows;
	struct sframe_func sf;
	bool key_b = false;
	char why[120];
	int rc;

	if (g->findings[idx]) {
		snprintf(why, sizeof(why), "%u finding%s of the walk (%s)",
			 g->findings[idx], g->findings[idx] == 1 ? "" : "s",
			 check_info(g->first[idx])->id);
		return leave_out(g, idx, why);
	}
	rc = func_rows(g, sec, f, first, &key_b, why, sizeof(why));
	if (rc < 0)
		return -1;
	sf = (struct sframe_func){ .sec = sec->idx, .start = f->offset,
		.size = f->size, .pauth_b = key_b, .rows = g->rows + first,
		.nr_rows = g->nr_rows - first };
	if (rc && !sframe_func_check(&sf, why, sizeof(why))) {
		if (VEC_GROW(g->funcs, g->alloc_funcs, g->nr_funcs) ||
		    VEC_GROW(g->first_row, g->alloc_first, g->nr_funcs))
			return oom(g->ctx);
		g->first_row[g->nr_funcs] = first;
		g->funcs[g->nr_funcs++] = sf;
		return 0;
	}
	g->nr_rows = first;
	return leave_out(g, idx, why);
}

static int add_funcs(struct gen *g)
{
	const struct object *obj = g->ctx->obj;
	size_t s, i;

	for (s = 1; s < obj->nr_secs; s++) {
		const struct section *sec = &obj->secs[s];

		for (i = 0; i < sec->nr_funcs; i++)
			if (row_func_walked(g->ctx, sec, i) &&
			    add_func(g, sec, sec->funcs[i]))
				return -1;
	}
	return 0;
}

int sframe_gen(struct ctx *ctx, uint8_t version, struct sframe_gen *out)
{
	struct sframe_enc_opts opts = { .version = version,
					.big_endian = ctx->obj->big_endian };
	struct gen g = { .ctx = ctx, .out = out };
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = count_findings(&g) || add_funcs(&g) ? -1 : 0;
	/* the rows have stopped moving */
	for (i = 0; !rc && i < g.nr_funcs; i++)
		g.funcs[i].rows = g.rows + g.first_row[i];
	if (!rc)
		rc = sframe_encode(g.funcs, g.nr_funcs, &opts, &out->blob,
				   ctx->err, sizeof(ctx->err));
	out->funcs = g.nr_funcs;
	out->rows = g.nr_rows;
	free(g.findings);
	free(g.first);
	free(g.rows);
	free(g.funcs);
	free(g.first_row);
	return rc;
}

void sframe_gen_free(struct sframe_gen *g)
{
	sframe_blob_free(&g->blob);
	free(g->left);
	memset(g, 0, sizeof(*g));
}

static void print_left_out(struct ctx *ctx, const struct sframe_gen *g,
			   FILE *notes)
{
	size_t i;

	for (i = 0; i < g->nr_left; i++)
		fprintf(notes, "%s: note: validate: %s: no SFrame rows: %s\n",
			ctx->obj->name, ctx->obj->syms[g->left[i].func].name,
			g->left[i].why);
}

int sframe_write(struct ctx *ctx, const char *in_path, FILE *notes)
{
	const struct options *o = ctx->opts;
	struct sframe_gen g;
	int rc;

	if (ctx->obj->linked) {
		snprintf(ctx->err, sizeof(ctx->err),
			 "not a relocatable object: --write-sframe writes .sframe only into objects (.o)");
		return -1;
	}
	if (sframe_gen(ctx, o->sframe_version ? o->sframe_version : SFRAME_V2,
		       &g))
		return -1;
	/* PROGBITS, as GNU as writes it up to 2.44: what the readers of
	 * 2.40-2.44 and the kernel's unwinder accept */
	rc = sframe_write_object(in_path, o->write_sframe, &g.blob,
				 SHT_PROGBITS, ctx->err, sizeof(ctx->err));
	if (!rc)
		print_left_out(ctx, &g, notes);
	sframe_gen_free(&g);
	return rc;
}
