// SPDX-License-Identifier: GPL-2.0
/*
 * The extra ways out of an instruction that its encoding does not show:
 * exception fixups, static keys, WARN traps, jump-table targets,
 * alternative streams and landing pads, kept per section and sorted by
 * source so that the walk finds an instruction's edges by search.
 */
#include <stdlib.h>
#include <string.h>

#include "validate/model.h"
#include "validate/radix.h"
#include "validate/vec.h"

int edge_add(struct ctx *ctx, uint32_t sec, uint64_t from, uint32_t to_sec,
	     uint64_t to, enum edge_type type)
{
	struct edge_list *l = &ctx->edges[sec];

	if (VEC_GROW(l->e, l->alloc, l->nr))
		return -1;
	l->e[l->nr++] = (struct edge){ .from = from, .to = to, .to_sec = to_sec,
				       .type = type };
	l->sorted = false;
	return 0;
}

static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->to_sec != y->to_sec)
		return x->to_sec < y->to_sec ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return 0;
}

/*
 * By source, with a radix sort (the lists come as a few sorted runs, a
 * special section's each, and qsort() through cmp_edge() was 1% of a run
 * over the modules), then each source's edges by the rest of cmp_edge():
 * the same order, which is total.  qsort() if memory is short.
 */
static void sort_list(struct edge_list *l)
{
	struct radix_item *k = NULL, *sorted;
	struct edge *e = NULL;
	uint64_t max = 0;
	size_t i, run;

	if (l->nr <= UINT32_MAX) {
		k = malloc(2 * l->nr * sizeof(*k));
		e = malloc(l->nr * sizeof(*e));
	}
	if (!k || !e) {
		free(k);
		free(e);
		qsort(l->e, l->nr, sizeof(*l->e), cmp_edge);
		return;
	}
	for (i = 0; i < l->nr; i++) {
		k[i] = (struct radix_item){ l->e[i].from, (uint32_t)i };
		max |= l->e[i].from;
	}
	sorted = radix_sort(k, k + l->nr, l->nr, radix_width(max));
	for (i = 0; i < l->nr; i++)
		e[i] = l->e[sorted[i].idx];
	/* each source's edges, one or a jump table's many */
	for (i = 0; i < l->nr; i += run) {
		for (run = 1; i + run < l->nr && e[i + run].from == e[i].from; run++)
			;
		if (run > 1)
			qsort(e + i, run, sizeof(*e), cmp_edge);
	}
	memcpy(l->e, e, l->nr * sizeof(*e));
	free(k);
	free(e);
}

void edges_sort(struct ctx *ctx)
{
	size_t i, j;

	for (i = 0; i < ctx->obj->nr_secs; i++) {
		struct edge_list *l = &ctx->edges[i];

		if (!l->sorted && l->nr > 1)
			sort_list(l);
		l->sorted = true;
		/* most instructions have no edges: let the walk skip the search */
		for (j = 0; j < l->nr && ctx->slots[i]; j++)
			ctx->slots[i][l->e[j].from / 4].has_edges = 1;
	}
}

static int cmp_edge_from(const void *key, const void *elem)
{
	uint64_t from = *(const uint64_t *)key;
	const struct edge *e = elem;

	return from < e->from ? -1 : from > e->from;
}

const struct edge *edges_search(struct ctx *ctx, uint32_t sec, uint64_t from,
				size_t *nr)
{
	const struct edge_list *l = &ctx->edges[sec];
	size_t lo, end;

	lo = lower_bound(l->e, l->nr, sizeof(*l->e), &from, cmp_edge_from);
	for (end = lo; end < l->nr && l->e[end].from == from; end++)
		;
	*nr = end - lo;
	return *nr ? &l->e[lo] : NULL;
}
