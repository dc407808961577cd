// SPDX-License-Identifier: GPL-2.0
/*
 * --stats=time: the time and memory of each stage, summed over the run.
 * Memory is the growth of the peak resident set (getrusage's ru_maxrss)
 * while the stage ran, not bytes allocated: it is what the machine pays,
 * page faults included, and needs no hook in the allocator.  Once a run's
 * peak is reached, later objects add nothing there.
 */
#include <sys/resource.h>

#include "stages.h"

static const char *const names[STAGE_MAX] = {
	[STAGE_LOAD]		= "load",
	[STAGE_CONTEXT]		= "context",
	[STAGE_DECODE]		= "decode",
	[STAGE_SPECIAL]		= "special",
	[STAGE_LANDING_PADS]	= "landing-pads",
	[STAGE_ALTERNATIVES]	= "alternatives",
	[STAGE_HINTS]		= "hints",
	[STAGE_ANON]		= "anon",
	[STAGE_EDGES]		= "edges",
	[STAGE_NORETURN_NAMED]	= "noreturn-named",
	[STAGE_JUMP_TABLES]	= "jump-tables",
	[STAGE_NORETURN_INFER]	= "noreturn-infer",
	[STAGE_ENTRIES]		= "entries",
	[STAGE_WALK]		= "walk",
	[STAGE_HINTS_UNWALKED]	= "hints-unwalked",
	[STAGE_DWARF]		= "dwarf",
	[STAGE_RA_STATE]	= "ra-state",
	[STAGE_SFRAME]		= "sframe",
	[STAGE_BTI]		= "bti",
	[STAGE_ANON_REPORT]	= "anon-report",
	[STAGE_FINDINGS]	= "findings",
	[STAGE_SOURCE_LINES]	= "source-lines",
	[STAGE_OUTPUT]		= "output",
	[STAGE_WRITE_SFRAME]	= "write-sframe",
	[STAGE_FREE]		= "free",
};

static uint64_t ns_between(const struct timespec *a, const struct timespec *b)
{
	return (uint64_t)(b->tv_sec - a->tv_sec) * 1000000000u +
	       (uint64_t)b->tv_nsec - (uint64_t)a->tv_nsec;
}

void stage_switch(struct stage_clock *c, enum stage next)
{
	struct timespec wall, cpu;
	struct rusage ru;

	clock_gettime(CLOCK_MONOTONIC, &wall);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	getrusage(RUSAGE_SELF, &ru);
	if (c->cur != STAGE_MAX) {
		struct stage_row *r = &c->sum->row[c->cur];

		r->wall_ns += ns_between(&c->wall, &wall);
		r->cpu_ns += ns_between(&c->cpu, &cpu);
		r->rss_kib += ru.ru_maxrss - c->maxrss;
		r->faults += ru.ru_minflt - c->minflt;
	}
	c->cur = next;
	if (next == STAGE_MAX)
		return;
	c->sum->row[next].runs++;
	c->wall = wall;
	c->cpu = cpu;
	c->maxrss = ru.ru_maxrss;
	c->minflt = ru.ru_minflt;
}

static void print_row(FILE *out, const char *name, unsigned long runs,
		      const struct stage_row *r)
{
	fprintf(out, "%-16s %8lu %12.3f %12.3f %10ld %10ld\n", name, runs,
		r->wall_ns / 1e6, r->cpu_ns / 1e6, r->rss_kib, r->faults);
}

void stage_table(const struct stage_times *t, FILE *out)
{
	struct stage_row total = { 0 };
	struct rusage ru;
	int i;

	getrusage(RUSAGE_SELF, &ru);
	fprintf(out, "stages: objects %lu, instructions %lu, peak RSS %ld KiB\n",
		t->objects, t->insns, ru.ru_maxrss);
	fprintf(out, "%-16s %8s %12s %12s %10s %10s\n", "stage", "runs",
		"wall-ms", "cpu-ms", "rss-KiB", "faults");
	for (i = 0; i < STAGE_MAX; i++) {
		const struct stage_row *r = &t->row[i];

		print_row(out, names[i], r->runs, r);
		total.wall_ns += r->wall_ns;
		total.cpu_ns += r->cpu_ns;
		total.rss_kib += r->rss_kib;
		total.faults += r->faults;
	}
	/* the total's runs column counts objects */
	print_row(out, "total", t->objects, &total);
	if (t->split_objects)
		fprintf(out, "walk split: objects %lu, threads %lu, functions walked alone %lu\n",
			t->split_objects, t->split_threads, t->split_alone);
}
