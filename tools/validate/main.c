// SPDX-License-Identifier: GPL-2.0
/*
 * validate: the command line and the exit status.  The inputs are run.c's;
 * main() alone decides the exit status, from what the run saw.
 */
#include <getopt.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gate.h"
#include "run.h"
#include "stages.h"

#define EXIT_FINDINGS	1
#define EXIT_TROUBLE	2
/* more threads than this would only hold more objects in memory */
#define MAX_JOBS	256

static const char usage[] =
"Usage: validate [OPTION]... FILE|DIR...\n"
"Check the stack and CFI state of every function of arm64 ELF objects\n"
"(.o, .ko, vmlinux.o, archives of them, thin ones too, and linked images\n"
"with symbols).  A directory is walked for .o, .ko and .a files.\n"
"\n"
"  --format=text|json|markdown|sarif\n"
"                       findings as text lines (default) or JSON Lines; the\n"
"                       readiness summary as Markdown; a SARIF 2.1.0 log\n"
"  --summary            the readiness summary over all inputs: READY or not\n"
"  --baseline=FILE      suppress the findings FILE lists; fail on new ones\n"
"  --write-baseline=FILE  record this run's findings as a baseline\n"
"  --root=DIR           baseline paths are relative to DIR (default: .)\n"
"  --show-suppressed    print the findings the baseline matches, as notes\n"
"  --output=FILE        write the output to FILE, whole, instead of stdout\n"
"  --report=FILE        also write findings and summary records to FILE,\n"
"                       for --summary over such files (.jsonl) later\n"
"  --backtrace          under each finding, the path that led there\n"
"  --dump-cfi           one JSON line per reached instruction: its CFI state\n"
"  --no-frame-pointer   code without frame records: skip frame-pointer checks\n"
"  --check-dwarf        compare with the object's .eh_frame/.debug_frame CFI\n"
"  --check-sframe       compare with the object's .sframe (SFrame v1, v2)\n"
"  --write-sframe=OUT   write a copy of the one object given, with .sframe\n"
"                       rows made from the walk, to OUT\n"
"  --sframe-version=1|2 the SFrame version --write-sframe writes (2)\n"
"  --disable=ID[,ID]    do not run these checks\n"
"  --enable=ID[,ID]     run these checks too, which are off by default\n"
"  --stats              per file counts on stderr\n"
"  --stats=time         and, at the end, each stage's time and memory\n"
"  -j, --jobs=N         validate N objects at a time, on N threads, and\n"
"                       split a large object's walk over them; the\n"
"                       output is the same (--dump-cfi runs on one\n"
"                       thread, --stats=time one object at a time)\n"
"  -v, --verbose        say what special sections were recognised\n"
"  -h, --help           this text\n"
"\n"
"Exit status: 0 no findings (READY), 1 findings, 2 usage or input error.\n"
"Check ids and formats: Documentation/checks.md, Documentation/validate.1;\n"
"the gate: Documentation/gate.md\n";

enum {
	OPT_FORMAT = 256,
	OPT_BACKTRACE,
	OPT_DUMP_CFI,
	OPT_NO_FP,
	OPT_DISABLE,
	OPT_ENABLE,
	OPT_STATS,
	OPT_CHECK_DWARF,
	OPT_SUMMARY,
	OPT_BASELINE,
	OPT_WRITE_BASELINE,
	OPT_ROOT,
	OPT_SHOW_SUPPRESSED,
	OPT_OUTPUT,
	OPT_REPORT,
	OPT_CHECK_SFRAME,
	OPT_WRITE_SFRAME,
	OPT_SFRAME_VERSION,
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "backtrace", no_argument, NULL, OPT_BACKTRACE },
	{ "dump-cfi", no_argument, NULL, OPT_DUMP_CFI },
	{ "no-frame-pointer", no_argument, NULL, OPT_NO_FP },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "stats", optional_argument, NULL, OPT_STATS },
	{ "check-dwarf", no_argument, NULL, OPT_CHECK_DWARF },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "write-baseline", required_argument, NULL, OPT_WRITE_BASELINE },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "show-suppressed", no_argument, NULL, OPT_SHOW_SUPPRESSED },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "check-sframe", no_argument, NULL, OPT_CHECK_SFRAME },
	{ "write-sframe", required_argument, NULL, OPT_WRITE_SFRAME },
	{ "sframe-version", required_argument, NULL, OPT_SFRAME_VERSION },
	{ "jobs", required_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* --disable=ID,... and --enable=ID,...: mark each check named in list. */
static int name_checks(bool *named, char *list)
{
	char *save = NULL, *id;

	for (id = strtok_r(list, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		enum check_id c = check_by_name(id);

		if (c == CHECK_MAX) {
			fprintf(stderr, "validate: unknown check id '%s'\n", id);
			return -1;
		}
		named[c] = true;
	}
	return 0;
}

/* The gate's options (gate.c): the baseline, the summary, the outputs. */
static bool gate_option(int c, struct options *o, struct gate_options *g)
{
	switch (c) {
	case OPT_SUMMARY:
		g->summary = true;
		break;
	case OPT_BASELINE:
		g->baseline = optarg;
		break;
	case OPT_WRITE_BASELINE:
		g->write_baseline = optarg;
		break;
	case OPT_ROOT:
		g->root = optarg;
		break;
	case OPT_SHOW_SUPPRESSED:
		o->show_suppressed = true;
		break;
	case OPT_OUTPUT:
		g->output = optarg;
		break;
	case OPT_REPORT:
		g->report = optarg;
		break;
	default:
		return false;
	}
	return true;
}

/* The SFrame options: 1 taken, 0 not one of them, -1 a bad value. */
static int sframe_option(int c, struct options *o)
{
	switch (c) {
	case OPT_CHECK_SFRAME:
		o->check_sframe = true;
		return 1;
	case OPT_WRITE_SFRAME:
		o->write_sframe = optarg;
		return 1;
	case OPT_SFRAME_VERSION:
		if (strcmp(optarg, "1") && strcmp(optarg, "2")) {
			fprintf(stderr, "validate: --sframe-version: 1 or 2, not '%s'\n",
				optarg);
			return -1;
		}
		o->sframe_version = (uint8_t)(optarg[0] - '0');
		return 1;
	}
	return 0;
}

/* --write-sframe=OUT is the copy of one object: one input, or OUT is
 * ambiguous. */
static int sframe_inputs(const struct options *o, int inputs)
{
	if (o->sframe_version && !o->write_sframe) {
		fprintf(stderr, "validate: --sframe-version is for --write-sframe\n");
		return -1;
	}
	if (o->write_sframe && inputs != 1) {
		fprintf(stderr, "validate: --write-sframe takes one input file\n");
		return -1;
	}
	return 0;
}

/* --stats, or --stats=time: the stage table too (stages.c). */
static int stats_option(struct options *o, bool *stats_time)
{
	if (optarg && strcmp(optarg, "time")) {
		fprintf(stderr, "validate: --stats: 'time' or nothing, not '%s'\n",
			optarg);
		return -1;
	}
	o->stats = true;
	*stats_time |= optarg != NULL;
	return 0;
}

/* -j N: a thread count, 1 to MAX_JOBS. */
static int jobs_option(unsigned int *jobs)
{
	char *end;
	unsigned long n = strtoul(optarg, &end, 10);

	if (!*optarg || *end || optarg[0] == '-' || n < 1 || n > MAX_JOBS) {
		fprintf(stderr, "validate: --jobs: a number from 1 to %d, not '%s'\n",
			MAX_JOBS, optarg);
		return -1;
	}
	*jobs = (unsigned int)n;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o,
			 struct gate_options *g, bool *stats_time,
			 unsigned int *jobs)
{
	bool enabled[CHECK_MAX] = { false };
	int c;

	while ((c = getopt_long(argc, argv, "j:vh", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "sarif"))
				o->format = FORMAT_SARIF;
			else if (!strcmp(optarg, "markdown"))
				o->format = FORMAT_MARKDOWN;
			else {
				fprintf(stderr, "validate: unknown format '%s'\n", optarg);
				return -1;
			}
			break;
		case OPT_BACKTRACE:
			o->backtrace = true;
			break;
		case OPT_DUMP_CFI:
			o->dump_cfi = true;
			break;
		case OPT_NO_FP:
			o->no_frame_pointer = true;
			break;
		case OPT_DISABLE:
			if (name_checks(o->disabled, optarg))
				return -1;
			break;
		case OPT_ENABLE:
			if (name_checks(enabled, optarg))
				return -1;
			break;
		case OPT_STATS:
			if (stats_option(o, stats_time))
				return -1;
			break;
		case OPT_CHECK_DWARF:
			o->check_dwarf = true;
			break;
		case 'j':
			if (jobs_option(jobs))
				return -1;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			if (gate_option(c, o, g) || sframe_option(c, o) > 0)
				break;
			return -1;
		}
	}
	/* a CI job's summary page wants the summary */
	g->summary |= o->format == FORMAT_MARKDOWN;
	if (optind >= argc) {
		fprintf(stderr, "validate: no input files\n");
		return -1;
	}
	if (sframe_inputs(o, argc - optind))
		return -1;
	for (c = 0; c < CHECK_MAX && o->no_frame_pointer; c++)
		if (check_info(c)->frame_pointer)
			o->disabled[c] = true;
	/* --disable wins over --enable */
	for (c = 0; c < CHECK_MAX; c++)
		if (check_info(c)->off_by_default && !enabled[c])
			o->disabled[c] = true;
	return 0;
}

/* The tests' way to split the walk of small objects (walk.c). */
static unsigned long split_words_env(void)
{
	const char *v = getenv("VALIDATE_SPLIT_WORDS");

	return v ? strtoul(v, NULL, 10) : 0;
}

int main(int argc, char **argv)
{
	struct gate_options gopts = { 0 };
	struct stage_times times = { 0 };
	struct stage_clock clock;
	bool stats_time = false;
	unsigned int jobs = 1;
	struct options opts = { 0 };
	enum gate_verdict verdict;
	struct gate *gate;
	struct run run;
	char err[512];
	int i;

	if (parse_options(argc, argv, &opts, &gopts, &stats_time, &jobs)) {
		fputs("Try 'validate --help'.\n", stderr);
		return EXIT_TROUBLE;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "validate: libelf is out of date\n");
		return EXIT_TROUBLE;
	}
	/* the baseline read and the outputs opened before any work */
	gate = gate_open(&gopts, &opts, err, sizeof(err));
	if (!gate) {
		fprintf(stderr, "%s\n", err);
		return EXIT_TROUBLE;
	}
	opts.jobs = jobs;
	opts.split_words = split_words_env();
	run_init(&run, &opts);
	run.gate = gate;
	run.times = stats_time ? &times : NULL;
	/* the dump and the stage clock write and read as one thread goes */
	if (jobs > 1 && !opts.dump_cfi && !stats_time &&
	    run_jobs(&run, jobs))
		fprintf(stderr, "validate: cannot start %u threads: one it is\n",
			jobs);
	for (i = optind; i < argc; i++)
		run_path(&run, argv[i]);
	run_end(&run);
	/* the summary, SARIF and the files written whole are output too */
	stage_clock_init(&clock, run.times);
	stage_enter(&clock, STAGE_OUTPUT);
	verdict = gate_finish(gate, run.trouble, err, sizeof(err));
	stage_stop(&clock);
	if (run.times)
		stage_table(run.times, stderr);
	if (verdict == GATE_TROUBLE && !run.trouble)
		fprintf(stderr, "%s\n", err);
	gate_free(gate);
	if (fflush(stdout) == EOF || verdict == GATE_TROUBLE)
		return EXIT_TROUBLE;
	return verdict == GATE_FINDINGS ? EXIT_FINDINGS : 0;
}
