// SPDX-License-Identifier: GPL-2.0
/*
 * The extra ways out of an instruction that its encoding does not show:
 * exception fixups, static keys, WARN traps, jump-table targets,
 * alternative streams and landing pads, kept per section and sorted by
 * source so that the walk finds an instruction's edges by search.
 */
#include <stdlib.h>

#include "validate/model.h"
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

void edges_sort(struct ctx *ctx)
{
	size_t i, j;

	for (i = 0; i < ctx->obj->nr_secs; i++) {
		struct edge_list *l = &ctx->edges[i];

		if (!l->sorted && l->nr > 1)
			qsort(l->e, l->nr, sizeof(*l->e), cmp_edge);
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
