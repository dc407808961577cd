// SPDX-License-Identifier: GPL-2.0
/*
 * Alternatives: the kernel rewrites each original block at boot with one of
 * its replacement streams.  Every stream is walked, and their CFI is
 * flattened: one array per group, indexed by the offset in the block, that
 * every stream must agree with (objtool's model on x86 since Linux 5.12).
 */
#include <stdlib.h>
#include <string.h>

#include "alt.h"
#include "validate/vec.h"

/*
 * One group a .altinstructions entry; alt_build merges the entries of one
 * block (ALTERNATIVE_2 and friends) once they are sorted, so adding stays
 * linear in the entries (vmlinux.o has 30,000).
 */
int alt_add_stream(struct ctx *ctx, uint32_t sec, uint64_t off, uint32_t len,
		   const struct alt_stream *stream)
{
	struct alt_group *g;

	if (VEC_GROW(ctx->alts, ctx->alloc_alts, ctx->nr_alts))
		return -1;
	g = &ctx->alts[ctx->nr_alts];
	memset(g, 0, sizeof(*g));
	g->streams = malloc(sizeof(*g->streams));
	if (!g->streams)
		return -1;
	ctx->nr_alts++;
	g->sec = sec;
	g->off = off;
	g->len = len;
	g->streams[0] = *stream;
	g->nr_streams = 1;
	return 0;
}

/* By block, then in .altinstructions order: the streams keep theirs. */
static int cmp_group(const void *a, const void *b)
{
	const struct alt_group *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->streams[0].entry < y->streams[0].entry ? -1 :
	       x->streams[0].entry > y->streams[0].entry;
}

/* Sorted groups of the same block become one, with all their streams. */
static int merge_groups(struct ctx *ctx)
{
	size_t i, n = 0;

	for (i = 0; i < ctx->nr_alts; i++) {
		struct alt_group *g = &ctx->alts[i], *last;
		struct alt_stream *more;

		last = n ? &ctx->alts[n - 1] : NULL;
		if (!last || last->sec != g->sec || last->off != g->off ||
		    last->len != g->len) {
			ctx->alts[n++] = *g;
			continue;
		}
		more = realloc(last->streams,
			       (last->nr_streams + g->nr_streams) * sizeof(*more));
		if (!more)
			return -1;
		memcpy(more + last->nr_streams, g->streams,
		       g->nr_streams * sizeof(*more));
		last->streams = more;
		last->nr_streams += g->nr_streams;
		free(g->streams);
	}
	ctx->nr_alts = n;
	return 0;
}

static int cmp_repl(const void *a, const void *b)
{
	const struct alt_repl *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return 0;
}

static int index_stream(struct ctx *ctx, const struct alt_stream *s,
			size_t group, size_t stream)
{
	if (VEC_GROW(ctx->repl, ctx->alloc_repl, ctx->nr_repl))
		return -1;
	ctx->repl[ctx->nr_repl++] = (struct alt_repl){
		.sec = s->sec, .off = s->off, .len = s->len,
		.group = (uint32_t)group, .stream = (uint32_t)stream };
	return 0;
}

static void mark(struct ctx *ctx, uint32_t sec, uint64_t off, uint32_t len,
		 uint8_t what)
{
	uint64_t o;

	for (o = off; o < off + len && o + 4 <= ctx->obj->secs[sec].size; o += 4)
		ctx->slots[sec][o / 4].alt |= what;
}

/*
 * Sort the groups, mark their instructions, and add the edges from each
 * block to its streams.  Must run after every entry is read and before the
 * walk, which follows these edges.
 */
int alt_build(struct ctx *ctx)
{
	size_t i, j;

	if (ctx->nr_alts > 1)
		qsort(ctx->alts, ctx->nr_alts, sizeof(*ctx->alts), cmp_group);
	if (merge_groups(ctx))
		return -1;
	for (i = 0; i < ctx->nr_alts; i++) {
		struct alt_group *g = &ctx->alts[i];

		g->cfi = calloc(g->len / 4 + 1, sizeof(*g->cfi));
		if (!g->cfi)
			return -1;
		mark(ctx, g->sec, g->off, g->len, ALT_ORIG);
		for (j = 0; j < g->nr_streams; j++) {
			const struct alt_stream *s = &g->streams[j];

			if (s->ftrace) {
				if (edge_add(ctx, g->sec, g->off, g->sec, g->off + g->len,
					     EDGE_PATCH_SITE))
					return -1;
				continue;
			}
			if (s->callback && !s->nops)
				continue;
			if (s->nops) {
				if (edge_add(ctx, g->sec, g->off, g->sec, g->off + g->len,
					     EDGE_ALT_NOPS))
					return -1;
				continue;
			}
			mark(ctx, s->sec, s->off, s->len, ALT_REPL);
			if (index_stream(ctx, s, i, j) ||
			    edge_add(ctx, g->sec, g->off, s->sec, s->off, EDGE_ALT))
				return -1;
		}
	}
	if (ctx->nr_repl > 1)
		qsort(ctx->repl, ctx->nr_repl, sizeof(*ctx->repl), cmp_repl);
	return 0;
}
