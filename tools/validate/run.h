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
	bool findings;		/* some object had a finding */
	bool trouble;		/* some input could not be checked */
};

void run_init(struct run *run, const struct options *opts);
/* A file (an object or an archive) or a directory, walked for .o, .ko
 * and .a files; other files under it are skipped.  With a gate, report
 * files (.jsonl, written by --report) are read too. */
void run_path(struct run *run, const char *path);
/* An object or an archive in memory, named name in messages. */
void run_memory(struct run *run, void *buf, size_t len, const char *name);
void run_end(struct run *run);

#endif
