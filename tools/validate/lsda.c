// SPDX-License-Identifier: GPL-2.0
/*
 * Landing pads: code only the unwinder enters.  C built with -fexceptions
 * (glibc's stdio, for its lock cleanups) and C++ give an FDE an LSDA in
 * .gcc_except_table whose call-site table says: a call in [start, start +
 * len) that unwinds lands at the landing pad, with the caller's frame as
 * it was at the call.  Each such call gets an edge to its pad, so the pads
 * are walked like any other path (LSB, "Exception Frames"; the layout is
 * GCC's unwind-c.c / libstdc++'s eh_personality.cc).
 *
 * A call-site range covers every call in it, also those that cannot throw
 * (memcpy, operator delete), and a callee-saved register may be saved in
 * the middle of the range: only the calls that can throw must agree with
 * the pad.  The compiler describes the pad with their state, so the CFI
 * row at the pad is kept, and a call whose state differs from it is taken
 * not to unwind there (landing_pad_takes).
 *
 * Reading is best effort: CFI that cannot be read leaves the pads
 * unreached, and --check-dwarf reports the malformed CFI as bad input.
 */
#include <stdio.h>
#include <stdlib.h>

#include "validate/dwarf.h"
#include "lsda.h"
#include "validate/vec.h"

struct call_site {
	uint64_t start, len, pad;
};

/* The header up to the call-site table; false if it cannot be read. */
static bool lsda_header(struct dw_cursor *c, const struct object *obj,
			const struct section *in, const struct dw_fde *fde,
			uint64_t *lpstart, uint8_t *cs_enc)
{
	uint8_t enc = (uint8_t)dw_read(c, 1);
	uint64_t table_len;

	*lpstart = fde->start;
	if (enc != DW_EH_PE_omit) {
		uint32_t sec;

		if (!dw_read_ptr(c, obj, in, enc, &sec, lpstart) || sec != fde->sec)
			return false;
	}
	enc = (uint8_t)dw_read(c, 1);		/* type table */
	if (enc != DW_EH_PE_omit)
		dw_uleb(c);
	*cs_enc = (uint8_t)dw_read(c, 1);
	table_len = dw_uleb(c);
	if (c->bad || table_len > (uint64_t)(c->end - c->p))
		return false;
	c->end = c->p + table_len;
	return true;
}

static bool next_call_site(struct dw_cursor *c, uint8_t enc,
			   struct call_site *cs)
{
	if (c->p >= c->end)
		return false;
	if (!dw_read_encoded(c, enc, &cs->start) ||
	    !dw_read_encoded(c, enc, &cs->len) ||
	    !dw_read_encoded(c, enc, &cs->pad))
		return false;
	dw_uleb(c);				/* action */
	return !c->bad;
}

/* The CFI row at the pad, when the FDE's program can be run to it. */
static int record_pad(struct ctx *ctx, const struct section *cfi,
		      const struct dw_fde *fde, uint64_t pad)
{
	struct pad_row *p;
	struct dw_prog pr;
	char err[256];
	int i;

	/* call sites of one pad are usually listed together: one row will do */
	if (ctx->nr_pads && ctx->pads[ctx->nr_pads - 1].at.sec == fde->sec &&
	    ctx->pads[ctx->nr_pads - 1].at.off == pad)
		return 0;
	if (pad < fde->start || pad - fde->start >= fde->len ||
	    dw_prog_init(&pr, ctx->obj, cfi, fde, err, sizeof(err)) ||
	    dw_prog_row(&pr, ctx->obj, cfi, pad, err, sizeof(err)))
		return 0;
	if (VEC_GROW(ctx->pads, ctx->alloc_pads, ctx->nr_pads))
		return -1;
	p = &ctx->pads[ctx->nr_pads++];
	p->at = (struct place){ fde->sec, pad };
	p->cfa_reg = pr.row.cfa_reg == REG_SP || pr.row.cfa_reg == REG_FP ?
		     (int16_t)pr.row.cfa_reg : -1;
	p->cfa_off = (int32_t)pr.row.cfa_off;
	for (i = 0; i < CFI_NR_REGS; i++) {
		p->kind[i] = pr.row.rule[i].kind;
		p->off[i] = (int32_t)pr.row.rule[i].off;
	}
	return 0;
}

/* Every call in the range may unwind to the pad. */
static int add_pad_edges(struct ctx *ctx, const struct section *cfi,
			 const struct dw_fde *fde,
			 uint64_t lpstart, const struct call_site *cs,
			 unsigned long *nr)
{
	const struct section *sec = &ctx->obj->secs[fde->sec];
	uint64_t off, from, end, pad;

	if (!cs->pad || lpstart > sec->size || cs->pad >= sec->size - lpstart ||
	    cs->start >= sec->size - lpstart)
		return 0;
	pad = lpstart + cs->pad;
	if (pad & 3 || !sec_word_is_code(sec, pad))
		return 0;
	if (record_pad(ctx, cfi, fde, pad))
		return -1;
	from = lpstart + cs->start;
	end = cs->len > sec->size - from ? sec->size : from + cs->len;
	for (off = (from + 3) & ~3ull; off + 4 <= end; off += 4) {
		enum insn_kind k;

		if (!sec_word_is_code(sec, off))
			continue;
		k = slot_kind(ctx, fde->sec, off);
		if (k != INSN_CALL && k != INSN_CALL_IND)
			continue;
		if (edge_add(ctx, fde->sec, off, fde->sec, pad, EDGE_LANDING_PAD))
			return -1;
		(*nr)++;
	}
	return 0;
}

/* The LSDA of an FDE, when both it and the code it covers resolve. */
static const struct section *lsda_section(const struct object *obj,
					  const struct dw_fde *fde)
{
	const struct section *in;

	if (!fde->sec || fde->sec >= obj->nr_secs ||
	    !sec_is_code(&obj->secs[fde->sec]) ||
	    !fde->lsda_sec || fde->lsda_sec >= obj->nr_secs)
		return NULL;
	in = &obj->secs[fde->lsda_sec];
	return in->data && fde->lsda_off < in->size ? in : NULL;
}

static int read_lsda(struct ctx *ctx, const struct section *cfi,
		     const struct dw_fde *fde, unsigned long *nr)
{
	const struct section *in = lsda_section(ctx->obj, fde);
	struct dw_cursor c = { .big_endian = ctx->obj->big_endian };
	struct call_site cs;
	uint64_t lpstart;
	uint8_t enc;

	if (!in)
		return 0;
	c.p = in->data + fde->lsda_off;
	c.end = in->data + in->size;
	if (!lsda_header(&c, ctx->obj, in, fde, &lpstart, &enc))
		return 0;
	while (next_call_site(&c, enc, &cs))
		if (add_pad_edges(ctx, cfi, fde, lpstart, &cs, nr))
			return -1;
	return 0;
}

static int cmp_pad(const void *a, const void *b)
{
	const struct pad_row *x = a, *y = b;

	return cmp_place(&x->at, &y->at);
}

int landing_pads_find(struct ctx *ctx)
{
	const struct section *cfi;
	unsigned long nr = 0;
	size_t from = 0;
	bool eh;

	while ((cfi = dw_cfi_section(ctx->obj, &from, &eh))) {
		struct dw_iter it;
		struct dw_fde fde;
		char err[256];

		if (!eh)	/* LSDAs are the runtime unwinder's: .eh_frame */
			continue;
		dw_iter_init(&it, ctx->obj, cfi, eh);
		while (dw_next_fde(&it, &fde, err, sizeof(err)) > 0)
			if (fde.has_lsda && read_lsda(ctx, cfi, &fde, &nr))
				return -1;
	}
	if (ctx->nr_pads > 1)
		qsort(ctx->pads, ctx->nr_pads, sizeof(*ctx->pads), cmp_pad);
	if (ctx->opts->verbose && nr)
		fprintf(ctx->log, "%s: .gcc_except_table: %lu calls that unwind to a landing pad\n",
			ctx->obj->name, nr);
	return 0;
}

/*
 * The state a call arrives at the pad with must be the CFI row there, the
 * same CFA and the same registers saved in the same slots; a call that
 * differs cannot throw (the compiler made no landing edge from it).
 * Pads without a row take every call.
 */
bool landing_pad_takes(struct ctx *ctx, const struct edge *e,
		       const struct cfi_state *s)
{
	struct pad_row key = { .at = { e->to_sec, e->to } };
	const struct pad_row *p;
	int i;

	if (!ctx->nr_pads)
		return true;
	p = bsearch(&key, ctx->pads, ctx->nr_pads, sizeof(*p), cmp_pad);
	if (!p || p->cfa_reg < 0)
		return true;
	if (p->cfa_reg == REG_SP ?
	    !s->sp_known || -s->sp_off != p->cfa_off :
	    s->fp_kind != FP_FRAME || -s->fp_off != p->cfa_off)
		return false;
	for (i = 0; i < CFI_NR_REGS; i++) {
		if (p->kind[i] == DW_OFFSET && s->slot[i] != p->off[i])
			return false;
		if ((p->kind[i] == DW_SAME || p->kind[i] == DW_UNDEF) &&
		    s->slot[i] != CFI_NO_SLOT)
			return false;
	}
	return true;
}
