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

#include "run.h"

#define EXIT_FINDINGS	1
#define EXIT_TROUBLE	2

static const char usage[] =
"Usage: validate [OPTION]... FILE|DIR...\n"
"Check the stack and CFI state of every function of arm64 ELF objects\n"
"(.o, .ko, vmlinux.o, archives of them, thin ones too, and linked images\n"
"with symbols).  A directory is walked for .o, .ko and .a files.\n"
"\n"
"  --format=text|json   findings as text lines (default) or JSON Lines\n"
"  --backtrace          under each finding, the path that led there\n"
"  --dump-cfi           one JSON line per reached instruction: its CFI state\n"
"  --no-frame-pointer   code without frame records: skip frame-pointer checks\n"
"  --check-dwarf        compare with the object's .eh_frame/.debug_frame CFI\n"
"  --disable=ID[,ID]    do not run these checks\n"
"  --stats              per file counts on stderr\n"
"  -v, --verbose        say what special sections were recognised\n"
"  -h, --help           this text\n"
"\n"
"Exit status: 0 no findings, 1 findings, 2 usage or input error.\n"
"Check ids and formats: Documentation/checks.md, Documentation/validate.1\n";

enum {
	OPT_FORMAT = 256,
	OPT_BACKTRACE,
	OPT_DUMP_CFI,
	OPT_NO_FP,
	OPT_DISABLE,
	OPT_STATS,
	OPT_CHECK_DWARF,
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "backtrace", no_argument, NULL, OPT_BACKTRACE },
	{ "dump-cfi", no_argument, NULL, OPT_DUMP_CFI },
	{ "no-frame-pointer", no_argument, NULL, OPT_NO_FP },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "check-dwarf", no_argument, NULL, OPT_CHECK_DWARF },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int disable_checks(struct options *o, char *list)
{
	char *save = NULL, *id;

	for (id = strtok_r(list, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		enum check_id c = check_by_name(id);

		if (c == CHECK_MAX) {
			fprintf(stderr, "validate: unknown check id '%s'\n", id);
			return -1;
		}
		o->disabled[c] = true;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "vh", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
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
			if (disable_checks(o, optarg))
				return -1;
			break;
		case OPT_STATS:
			o->stats = true;
			break;
		case OPT_CHECK_DWARF:
			o->check_dwarf = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "validate: no input files\n");
		return -1;
	}
	for (c = 0; c < CHECK_MAX && o->no_frame_pointer; c++)
		if (check_info(c)->frame_pointer)
			o->disabled[c] = true;
	return 0;
}

int main(int argc, char **argv)
{
	struct options opts = { 0 };
	struct run run;
	int i;

	if (parse_options(argc, argv, &opts)) {
		fputs("Try 'validate --help'.\n", stderr);
		return EXIT_TROUBLE;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "validate: libelf is out of date\n");
		return EXIT_TROUBLE;
	}
	run_init(&run, &opts);
	for (i = optind; i < argc; i++)
		run_path(&run, argv[i]);
	run_end(&run);
	if (fflush(stdout) == EOF)
		return EXIT_TROUBLE;
	if (run.trouble)
		return EXIT_TROUBLE;
	return run.findings ? EXIT_FINDINGS : 0;
}
