// SPDX-License-Identifier: GPL-2.0
/*
 * --check-sframe: the walk's state at every instruction a function
 * descriptor of .sframe covers, against the row that covers it; and the
 * walked functions no descriptor covers.
 *
 * An SFrame row says less than a DWARF row: the CFA (sp or x29 plus an
 * offset) and where the caller's x29 and x30 are, at CFA + offset or
 * still in the register ("not saved", DWARF's "same value").  It is put
 * in DWARF's terms and held against the walk by rowmatch.c, the test
 * --check-dwarf uses: one meaning of "the same" for both.  A row also
 * says whether the return address is signed (pointer authentication),
 * and the descriptor with which key: that is held against the walk's
 * state, which follows paciasp and autiasp (cfi.c).  What
 * no static check can know is not compared: the outermost-frame row (no
 * offsets at all, from .cfi_undefined x30).  Instructions the walk did
 * not reach, or where it lost the CFA, have been reported by other
 * checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/sframe.h"
#include "validate/vec.h"
#include "rowmatch.h"
#include "sframecheck.h"

/* The code a descriptor covers, for sframe-missing. */
struct cover {
	uint32_t sec;
	uint64_t start, end;
};

struct sfcheck {
	struct ctx *ctx;
	struct sframe_table t;
	struct sframe_row *rows;	/* of the descriptor being compared */
	size_t nr_rows, alloc_rows;
	struct cover *cov;
	size_t nr_cov, alloc_cov;
};

/* A row in DWARF's terms: x19-x28 and d8-d15 "same value", unchecked. */
static void to_dw_row(const struct sframe_row *r, struct dw_row *row)
{
	int fp = cfi_reg_index(REG_FP), lr = cfi_reg_index(REG_LR), i;

	row->cfa_reg = (int)sframe_cfa_reg(r);
	row->cfa_off = r->cfa_off;
	for (i = 0; i < CFI_NR_REGS; i++)
		row->rule[i] = (struct dw_rule){ DW_SAME, 0 };
	if (r->fp_saved)
		row->rule[fp] = (struct dw_rule){ DW_OFFSET, r->fp_off };
	if (r->ra_saved)
		row->rule[lr] = (struct dw_rule){ DW_OFFSET, r->ra_off };
}

/* "CFA sp+32, x29 at CFA-32, x30 at CFA-24": what SFrame could say. */
static void format_state(const struct cfi_state *st, char *buf, size_t len)
{
	int fp = st->slot[cfi_reg_index(REG_FP)];
	int lr = st->slot[cfi_reg_index(REG_LR)];
	char cfa[32], x29[32], x30[32];

	cfi_format_cfa(st, cfa, sizeof(cfa));
	if (fp == CFI_NO_SLOT)
		snprintf(x29, sizeof(x29), "x29 not saved");
	else
		snprintf(x29, sizeof(x29), "x29 at CFA%+d", fp);
	if (lr == CFI_NO_SLOT)
		snprintf(x30, sizeof(x30), "x30 not saved");
	else
		snprintf(x30, sizeof(x30), "x30 at CFA%+d", lr);
	snprintf(buf, len, "CFA %s, %s, %s%s", cfa, x29, x30,
		 st->ra_sign == RA_PLAIN ? "" : ", return address signed");
}

static int read_rows(struct sfcheck *c, const struct sframe_fde *fde)
{
	struct sframe_rows it;
	struct sframe_row row;
	int rc;

	c->nr_rows = 0;
	sframe_rows_init(&it, &c->t, fde);
	while ((rc = sframe_next_row(&it, &row, c->ctx->err,
				     sizeof(c->ctx->err))) > 0) {
		if (VEC_GROW(c->rows, c->alloc_rows, c->nr_rows)) {
			snprintf(c->ctx->err, sizeof(c->ctx->err), "out of memory");
			return -1;
		}
		c->rows[c->nr_rows++] = row;
	}
	return rc;
}

/*
 * The row covering rel (from the function's start): the last to start at
 * or before it.  rel only grows, so *i moves forwards; rows of a PLT-like
 * descriptor repeat every rep_size bytes, and are searched from the top.
 */
static const struct sframe_row *row_at(const struct sfcheck *c,
				       const struct sframe_fde *fde,
				       uint64_t rel, size_t *i)
{
	if (fde->pcmask && fde->rep_size) {
		rel %= fde->rep_size;
		*i = 0;
	}
	if (!c->nr_rows || c->rows[0].start > rel)
		return NULL;
	while (*i + 1 < c->nr_rows && c->rows[*i + 1].start <= rel)
		(*i)++;
	return &c->rows[*i];
}

/* The first disagreement of a descriptor, and how many there are. */
struct mismatch {
	uint64_t first;
	unsigned long bad;
	char msg[600];
};

static void note_mismatch(struct mismatch *m, uint64_t off,
			  const struct sframe_row *r,
			  const struct cfi_state *st, const char *why)
{
	char theirs[128], ours[128];

	if (m->bad++)
		return;
	m->first = off;
	sframe_format_row(r, theirs, sizeof(theirs));
	format_state(st, ours, sizeof(ours));
	snprintf(m->msg, sizeof(m->msg), "%s (SFrame: %s; the walk: %s)",
		 why, theirs, ours);
}

/* The walk's state at off, if the comparison speaks for it; f: the
 * function the descriptor describes, if it has others nested in it. */
static const struct cfi_state *comparable(struct ctx *ctx,
					  const struct section *sec,
					  const struct symbol *f, uint64_t off)
{
	const struct cfi_state *st;

	if (!sec_word_is_code(sec, off) || (f && row_nested(ctx->obj, sec, f, off)))
		return NULL;
	st = row_walk_state(ctx, sec->idx, off);
	return st && cfi_cfa_known(st) ? st : NULL;
}

/* The row's "return address signed" and the descriptor's key, against
 * the walk's. */
static bool signing_agrees(const struct sframe_fde *fde,
			   const struct sframe_row *r, const struct cfi_state *st,
			   char *buf, size_t len)
{
	bool walk_signed = st->ra_sign != RA_PLAIN;

	if (r->mangled_ra != walk_signed) {
		snprintf(buf, len, r->mangled_ra ?
			 "SFrame has the return address signed here, the walk has it plain" :
			 "SFrame has the return address plain here, the walk has it signed (pointer authentication)");
		return false;
	}
	if (walk_signed && fde->pauth_b != (st->ra_sign == RA_SIGNED_B)) {
		snprintf(buf, len, "the return address is signed with the %s key here, the SFrame descriptor says the %s key",
			 st->ra_sign == RA_SIGNED_B ? "B" : "A",
			 fde->pauth_b ? "B" : "A");
		return false;
	}
	return true;
}

static void compare(struct sfcheck *c, const struct sframe_fde *fde,
		    const struct section *sec, struct mismatch *m)
{
	struct ctx *ctx = c->ctx;
	const struct symbol *f = func_at(ctx->obj, sec, fde->start);
	const struct sframe_row *last_row = NULL;
	const struct cfi_state *last = NULL;
	uint64_t off, end = fde->start + fde->size;
	struct row_seen seen;
	struct dw_row row;
	bool last_bad = false;
	size_t ri = 0;
	char why[200];

	if (f && !row_has_nested(sec, f, ctx->obj))
		f = NULL;
	row_seen_init(&seen, ctx, sec, fde->start, end);
	for (off = (fde->start + 3) & ~3ULL; off + 4 <= end; off += 4) {
		const struct sframe_row *r = row_at(c, fde, off - fde->start, &ri);
		const struct cfi_state *st = comparable(ctx, sec, f, off);

		if (!st || !r || r->ra_undefined)
			continue;
		ctx->stats.sframe_insns++;
		/* states are interned: the same pointer, the same answer */
		if (st == last && r == last_row) {
			m->bad += last_bad;
			continue;
		}
		if (r != last_row)
			to_dw_row(r, &row);
		last = st;
		last_row = r;
		last_bad = !row_matches(&row, st, &seen, "SFrame", why, sizeof(why)) ||
			   !signing_agrees(fde, r, st, why, sizeof(why));
		if (last_bad)
			note_mismatch(m, off, r, st, why);
	}
}

static void report_fde(struct ctx *ctx, const struct section *sec,
		       const struct mismatch *m)
{
	const struct symbol *f = func_at(ctx->obj, sec, m->first);
	uint32_t func = f ? (uint32_t)(f - ctx->obj->syms) : 0;

	if (m->bad == 1)
		finding_add(ctx, CHECK_SFRAME_MISMATCH, sec->idx, m->first,
			    func, "%s", m->msg);
	else
		finding_add(ctx, CHECK_SFRAME_MISMATCH, sec->idx, m->first,
			    func, "%s (and at %lu more instruction%s of this function)",
			    m->msg, m->bad - 1, m->bad == 2 ? "" : "s");
}

static int add_cover(struct sfcheck *c, const struct sframe_fde *fde)
{
	if (VEC_GROW(c->cov, c->alloc_cov, c->nr_cov)) {
		snprintf(c->ctx->err, sizeof(c->ctx->err), "out of memory");
		return -1;
	}
	c->cov[c->nr_cov++] = (struct cover){ fde->sec, fde->start,
					      fde->start + fde->size };
	return 0;
}

static int check_fde(struct sfcheck *c, uint32_t i)
{
	struct ctx *ctx = c->ctx;
	struct mismatch m = { 0 };
	const struct section *sec;
	struct sframe_fde fde;

	if (sframe_fde(&c->t, i, &fde, ctx->err, sizeof(ctx->err)))
		return -1;
	if (!fde.sec || !sec_is_code(&ctx->obj->secs[fde.sec])) {
		ctx->stats.sframe_fdes_skipped++;	/* discarded, or not code */
		return 0;
	}
	sec = &ctx->obj->secs[fde.sec];
	if (read_rows(c, &fde) || add_cover(c, &fde))
		return -1;
	ctx->stats.sframe_fdes++;
	if (ctx->opts->disabled[CHECK_SFRAME_MISMATCH])
		return 0;
	compare(c, &fde, sec, &m);
	if (m.bad)
		report_fde(ctx, sec, &m);
	return 0;
}

static int cmp_cover(const void *a, const void *b)
{
	const struct cover *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/*
 * Whether a descriptor covers code of [from, to): GCC's patchable entries
 * (-fpatchable-function-entry=N,M) put nops between a function's symbol
 * and its descriptor's start.  The descriptors are sorted, and each one's
 * end is raised to the furthest end of those before it in its section.
 */
static bool covered(const struct sfcheck *c, uint32_t sec, uint64_t from,
		    uint64_t to)
{
	size_t lo = 0, hi = c->nr_cov;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cover *v = &c->cov[mid];

		if (v->sec < sec || (v->sec == sec && v->start < to))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && c->cov[lo - 1].sec == sec && c->cov[lo - 1].end > from;
}

static void sort_cover(struct sfcheck *c)
{
	size_t i;

	if (c->nr_cov > 1)
		qsort(c->cov, c->nr_cov, sizeof(*c->cov), cmp_cover);
	for (i = 1; i < c->nr_cov; i++)
		if (c->cov[i].sec == c->cov[i - 1].sec &&
		    c->cov[i].end < c->cov[i - 1].end)
			c->cov[i].end = c->cov[i - 1].end;
}

static void find_missing(struct sfcheck *c)
{
	struct ctx *ctx = c->ctx;
	size_t s, i;

	sort_cover(c);
	for (s = 1; s < ctx->obj->nr_secs; s++) {
		const struct section *sec = &ctx->obj->secs[s];

		for (i = 0; i < sec->nr_funcs; i++) {
			const struct symbol *f = &ctx->obj->syms[sec->funcs[i]];

			if (!row_func_walked(ctx, sec, i) ||
			    covered(c, sec->idx, f->offset, f->offset + f->size))
				continue;
			finding_add(ctx, CHECK_SFRAME_MISSING, sec->idx, f->offset,
				    sec->funcs[i],
				    "the object has .sframe, but no SFrame function descriptor covers %s: an SFrame unwinder stops here",
				    f->name);
		}
	}
}

int sframe_check(struct ctx *ctx)
{
	const struct section *sec = sframe_section(ctx->obj);
	struct sfcheck c = { .ctx = ctx };
	uint32_t i;
	int rc = 0;

	if (!sec)
		return 0;
	if (sframe_open(&c.t, ctx->obj, sec, ctx->err, sizeof(ctx->err)))
		return -1;
	for (i = 0; i < c.t.nr_fdes && !rc; i++)
		rc = check_fde(&c, i);
	if (!rc)
		find_missing(&c);
	free(c.rows);
	free(c.cov);
	return rc;
}
