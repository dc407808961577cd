/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run.c: the inputs of one run: files, archives (thin ones too),
 * directories walked for objects, or a buffer (the fuzzer); each object
 * validated and reported.  main() reads the options and, from what the run
 * saw, decides the exit status.
 */
#ifndef VALIDATE_RUN_H
#define VALIDATE_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "validate/model.h"

struct gate;
struct pool;
struct stage_times;

struct run {
	const struct options *opts;
	struct arch_disasm *dis;
	/* the baseline, summary and outputs (gate.c); NULL: findings are
	 * printed as they come, as JSON Lines or text (the fuzzer) */
	struct gate *gate;
	/* --stats=time: each stage's time summed over the run (stages.h);
	 * NULL: not timed */
	struct stage_times *times;
	/* -j: the objects validated on threads, in input order (pool.h);
	 * NULL: one at a time as they are found */
	struct pool *pool;
	struct arch_disasm **workers;	/* a disassembler each thread */
	unsigned int nr_workers;
	bool lost_jobs;		/* an object not queued: out of memory */
	bool findings;		/* some object had a finding */
	bool trouble;		/* some input could not be checked */
};

void run_init(struct run *run, const struct options *opts);
/*
 * Validates the objects found on nr threads from here on; the output is
 * the same, in the same order.  Not with --dump-cfi or --stats=time,
 * which write as the walk goes and time one thread.  -1 when the threads
 * cannot be started (the run goes on one thread).
 */
int run_jobs(struct run *run, unsigned int nr);
/* A file (an object or an archive) or a directory, walked for .o, .ko
 * and .a files; other files under it are skipped.  With a gate, report
 * files (.jsonl, written by --report) are read too. */
void run_path(struct run *run, const char *path);
/* An object or an archive in memory, named name in messages. */
void run_memory(struct run *run, void *buf, size_t len, const char *name);
/* Waits for the objects still being validated (-j). */
void run_end(struct run *run);

#endif
