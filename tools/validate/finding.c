// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/model.h"
#include "validate/vec.h"

struct finding *finding_add(struct ctx *ctx, enum check_id check, uint32_t sec,
			    uint64_t off, uint32_t func, const char *fmt, ...)
{
	struct finding *f;
	char buf[1024];
	va_list ap;

	if (ctx->opts->disabled[check])
		return NULL;
	if (VEC_GROW(ctx->findings, ctx->alloc_findings, ctx->nr_findings))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	f = &ctx->findings[ctx->nr_findings];
	memset(f, 0, sizeof(*f));
	f->message = strdup(buf);
	if (!f->message)
		return NULL;
	f->check = check;
	f->sec = sec;
	f->off = off;
	f->func = func;
	ctx->nr_findings++;
	ctx->stats.findings[check]++;
	return f;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->check != y->check)
		return x->check < y->check ? -1 : 1;
	return strcmp(x->message, y->message);
}

void findings_sort(struct ctx *ctx)
{
	if (ctx->nr_findings > 1)
		qsort(ctx->findings, ctx->nr_findings, sizeof(*ctx->findings),
		      cmp_finding);
}

void findings_truncate(struct ctx *ctx, size_t nr)
{
	size_t i;

	for (i = nr; i < ctx->nr_findings; i++) {
		struct finding *f = &ctx->findings[i];

		free(f->message);
		free(f->src_file);
		free(f->paths[0].steps);
		free(f->paths[1].steps);
	}
	ctx->nr_findings = nr;
}

void findings_free(struct ctx *ctx)
{
	findings_truncate(ctx, 0);
	free(ctx->findings);
	ctx->findings = NULL;
	ctx->nr_findings = ctx->alloc_findings = 0;
}
