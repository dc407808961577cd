// SPDX-License-Identifier: GPL-2.0
/*
 * The per-object context: its life, and the lookups over the alternative
 * groups and the anonymous-code crossings it holds.  Imports no pass.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>

#include "validate/model.h"
#include "validate/vec.h"

/*
 * A large object's slots are most of its memory, first written by the
 * decode (kinds.c): mapped with their pages in place (MAP_POPULATE), one
 * system call where each 4 KiB would have cost a page fault; faults
 * taken by several threads at once in one address space queue for it
 * (vmlinux.o's decode on 2 threads: 76-101 ms with faults, 25-30 with the
 * pages in place, 55 on one thread).  Small objects keep calloc().
 * Transparent huge pages (MADV_HUGEPAGE) were faster at times and 2-3
 * times slower at others: the kernel compacts memory to find them.
 */
#define SLOTS_MAPPED	(4u << 20)

static size_t slots_bytes(const struct section *sec)
{
	return (sec->size / 4 + 1) * sizeof(struct insn_slot);
}

static struct insn_slot *slots_new(const struct section *sec)
{
	size_t bytes = slots_bytes(sec);
	void *p;

	if (bytes < SLOTS_MAPPED)
		return calloc(bytes, 1);
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void slots_free(const struct section *sec, struct insn_slot *slots)
{
	if (slots_bytes(sec) < SLOTS_MAPPED)
		free(slots);
	else if (slots)
		munmap(slots, slots_bytes(sec));
}

/*
 * A bitmap a code section, a bit a word (ctx->transfers, ind_jumps,
 * noreturn_starts); NULL for other sections.  NULL if memory is short,
 * with nothing left to free.
 */
static uint64_t **code_bitmaps_new(const struct object *obj)
{
	uint64_t **maps = calloc(obj->nr_secs ? obj->nr_secs : 1, sizeof(*maps));
	size_t i;

	for (i = 1; maps && i < obj->nr_secs; i++) {
		const struct section *sec = &obj->secs[i];

		if (sec_is_code(sec) && !(maps[i] = bitmap_new(sec->size / 4 + 1))) {
			while (i--)
				free(maps[i]);
			free(maps);
			maps = NULL;
		}
	}
	return maps;
}

static void code_bitmaps_free(size_t nr_secs, uint64_t **maps)
{
	size_t i;

	for (i = 0; maps && i < nr_secs; i++)
		free(maps[i]);
	free(maps);
}

int ctx_init(struct ctx *ctx, const struct options *opts, struct object *obj,
	     struct arch_disasm *dis, FILE *dump)
{
	size_t i;

	memset(ctx, 0, sizeof(*ctx));
	ctx->opts = opts;
	ctx->obj = obj;
	ctx->dis = dis;
	ctx->dump = dump;
	ctx->log = stderr;
	ctx->cfi = cfi_table_new();
	ctx->slots = calloc(obj->nr_secs ? obj->nr_secs : 1, sizeof(*ctx->slots));
	ctx->transfers = code_bitmaps_new(obj);
	ctx->ind_jumps = code_bitmaps_new(obj);
	ctx->noreturn_starts = code_bitmaps_new(obj);
	ctx->edges = calloc(obj->nr_secs ? obj->nr_secs : 1, sizeof(*ctx->edges));
	ctx->sym_flags = calloc(obj->nr_syms ? obj->nr_syms : 1, 1);
	if (opts->backtrace)
		ctx->preds = calloc(obj->nr_secs ? obj->nr_secs : 1,
				    sizeof(*ctx->preds));
	if (!ctx->cfi || !ctx->slots || !ctx->transfers || !ctx->ind_jumps ||
	    !ctx->noreturn_starts || !ctx->edges ||
	    !ctx->sym_flags ||
	    (opts->backtrace && !ctx->preds))
		return -1;
	for (i = 1; i < obj->nr_secs; i++) {
		const struct section *sec = &obj->secs[i];

		if (!sec_is_code(sec))
			continue;
		ctx->slots[i] = slots_new(sec);
		if (!ctx->slots[i])
			return -1;
		if (ctx->preds &&
		    !(ctx->preds[i] = calloc(sec->size / 4 + 1, sizeof(struct slot_pred))))
			return -1;
	}
	return 0;
}

/*
 * Slots keep 16 bits of a generation: when those wrap, every slot's is
 * cleared, so that none set 65536 generations ago is taken for seen.
 */
uint32_t ctx_new_gen(struct ctx *ctx)
{
	size_t i;

	if ((uint16_t)++ctx->gen)
		return ctx->gen;
	for (i = 1; i < ctx->obj->nr_secs; i++) {
		uint64_t w, words = ctx->obj->secs[i].size / 4 + 1;

		for (w = 0; ctx->slots[i] && w < words; w++)
			ctx->slots[i][w].gen = 0;
	}
	return ++ctx->gen;
}

static void alts_free(struct ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nr_alts; i++) {
		free(ctx->alts[i].streams);
		free(ctx->alts[i].cfi);
	}
	free(ctx->alts);
	free(ctx->repl);
}

void ctx_free(struct ctx *ctx)
{
	size_t i, nr_secs = ctx->obj ? ctx->obj->nr_secs : 0;

	for (i = 0; i < nr_secs; i++) {
		if (ctx->slots)
			slots_free(&ctx->obj->secs[i], ctx->slots[i]);
		if (ctx->preds)
			free(ctx->preds[i]);
		if (ctx->edges)
			free(ctx->edges[i].e);
	}
	free(ctx->slots);
	code_bitmaps_free(nr_secs, ctx->transfers);
	code_bitmaps_free(nr_secs, ctx->ind_jumps);
	code_bitmaps_free(nr_secs, ctx->noreturn_starts);
	free(ctx->preds);
	free(ctx->edges);
	free(ctx->sym_flags);
	free(ctx->noreturn_at);
	alts_free(ctx);
	free(ctx->entries);
	free(ctx->links);
	free(ctx->nonfunc);
	free(ctx->anon_runs);
	free(ctx->hints);
	free(ctx->hint_units);
	free(ctx->br_notes);
	for (i = 0; i < ctx->nr_tables; i++)
		free(ctx->tables[i].off);
	free(ctx->tables);
	free(ctx->pads);
	cfi_table_free(ctx->cfi);
	findings_free(ctx);
	memset(ctx, 0, sizeof(*ctx));
}

int cmp_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Below key: groups and replacement ranges starting at or before it. */
static int cmp_group_start(const void *key, const void *elem)
{
	const struct place *k = key;
	const struct alt_group *g = elem;

	return k->sec != g->sec ? (k->sec < g->sec ? -1 : 1) :
	       k->off < g->off ? -1 : 1;
}

static int cmp_repl_start(const void *key, const void *elem)
{
	const struct place *k = key;
	const struct alt_repl *r = elem;

	return k->sec != r->sec ? (k->sec < r->sec ? -1 : 1) :
	       k->off < r->off ? -1 : 1;
}

/* The group whose original block holds (sec, off), or NULL. */
struct alt_group *alt_group_at(struct ctx *ctx, uint32_t sec, uint64_t off)
{
	struct place key = { sec, off };
	size_t i = lower_bound(ctx->alts, ctx->nr_alts, sizeof(*ctx->alts), &key,
			       cmp_group_start);

	while (i-- > 0) {
		struct alt_group *g = &ctx->alts[i];

		if (g->sec != sec)
			return NULL;
		if (off < g->off + g->len)
			return g;
		if (g->off + 256 < off)	/* orig_len is a byte */
			return NULL;
	}
	return NULL;
}

/* The replacement stream holding (sec, off), through the sorted index. */
bool alt_stream_at(struct ctx *ctx, uint32_t sec, uint64_t off,
		   struct alt_group **group, int *stream)
{
	struct place key = { sec, off };
	size_t i = lower_bound(ctx->repl, ctx->nr_repl, sizeof(*ctx->repl), &key,
			       cmp_repl_start);
	const struct alt_repl *r;

	if (!i)
		return false;
	r = &ctx->repl[i - 1];
	if (r->sec != sec || off >= r->off + r->len)
		return false;
	*group = &ctx->alts[r->group];
	*stream = (int)r->stream;
	return true;
}

/*
 * Where execution goes on at (*sec, *off), from an instruction of the given
 * replacement stream: inside the stream, or at its end, which means after
 * the original block (the replacement was patched over it).
 */
enum alt_next alt_stream_next(const struct alt_group *g, int stream,
			      uint32_t *sec, uint64_t *off)
{
	const struct alt_stream *s = &g->streams[stream];

	if (*sec != s->sec || *off < s->off || *off > s->off + s->len)
		return ALT_NEXT_NONE;
	if (*off < s->off + s->len)
		return ALT_NEXT_STREAM;
	*sec = g->sec;
	*off = g->off + g->len;
	return ALT_NEXT_AFTER;
}

int anon_link_add(struct ctx *ctx, const struct anon_link *link)
{
	if (VEC_GROW(ctx->links, ctx->alloc_links, ctx->nr_links))
		return -1;
	ctx->links[ctx->nr_links++] = *link;
	return 0;
}

const char *br_note_at(const struct ctx *ctx, uint32_t sec, uint64_t off)
{
	struct place key = { sec, off };
	const struct br_note *n;

	if (!ctx->nr_br_notes)
		return NULL;
	n = bsearch(&key, ctx->br_notes, ctx->nr_br_notes, sizeof(*n), cmp_place);
	return n ? n->why : NULL;
}
