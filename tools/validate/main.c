// SPDX-License-Identifier: GPL-2.0
/*
 * validate: command line, the loop over files, and the exit status.
 * Nothing else lives here; main() alone decides the exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "validate/validate.h"

#define EXIT_FINDINGS	1
#define EXIT_TROUBLE	2

static const char usage[] =
"Usage: validate [OPTION]... FILE...\n"
"Check the stack and CFI state of every function of arm64 ELF objects\n"
"(.o, .ko, vmlinux.o, archives of them, and linked images with symbols).\n"
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

struct run {
	const struct options *opts;
	struct arch_disasm *dis;
	bool findings;
	bool trouble;
};

static void trouble(struct run *run, const char *name, const char *what)
{
	fprintf(stderr, "%s: error: validate: %s\n", name, what);
	run->trouble = true;
}

static void check_elf(struct run *run, Elf *elf, const char *name)
{
	struct object obj;
	struct ctx ctx;
	char err[256];

	if (object_load(&obj, elf, name, err, sizeof(err))) {
		trouble(run, name, err);
		object_free(&obj);
		return;
	}
	if (ctx_init(&ctx, run->opts, &obj, run->dis,
		     run->opts->dump_cfi ? stdout : NULL) ||
	    validate_object(&ctx)) {
		trouble(run, name, ctx.err[0] ? ctx.err : "out of memory");
	} else {
		report_findings(&ctx, stdout);
		if (run->opts->stats)
			report_stats(&ctx, stderr);
		run->findings |= ctx.nr_findings > 0;
	}
	ctx_free(&ctx);
	object_free(&obj);
}

/* Archives (libc.a): every member is an object of its own. */
static void check_archive(struct run *run, int fd, Elf *ar, const char *path)
{
	Elf_Cmd cmd = ELF_C_READ_MMAP;
	Elf *m;

	while ((m = elf_begin(fd, cmd, ar)) != NULL) {
		Elf_Arhdr *h = elf_getarhdr(m);
		const char *member = h && h->ar_name ? h->ar_name : "?";
		size_t len = strlen(path) + strlen(member) + 3;
		char *name = malloc(len);

		/* "/", "//", "/SYM64/": the archive's own index and names */
		if (member[0] == '/') {
			free(name);
		} else if (name) {
			snprintf(name, len, "%s(%s)", path, member);
			check_elf(run, m, name);
			free(name);
		} else {
			trouble(run, path, "out of memory");
		}
		cmd = elf_next(m);
		elf_end(m);
	}
}

static void check_file(struct run *run, const char *path)
{
	int fd = open(path, O_RDONLY);
	char msg[300];
	Elf *elf;

	if (fd < 0) {
		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
		trouble(run, path, msg);
		return;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		snprintf(msg, sizeof(msg), "cannot read: %s", elf_errmsg(-1));
		trouble(run, path, msg);
	} else if (elf_kind(elf) == ELF_K_AR) {
		check_archive(run, fd, elf, path);
	} else {
		check_elf(run, elf, path);
	}
	elf_end(elf);
	close(fd);
}

int main(int argc, char **argv)
{
	struct options opts = { 0 };
	struct run run = { .opts = &opts };
	int i;

	if (parse_options(argc, argv, &opts)) {
		fputs("Try 'validate --help'.\n", stderr);
		return EXIT_TROUBLE;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "validate: libelf is out of date\n");
		return EXIT_TROUBLE;
	}
	run.dis = arch_disasm_open();
	for (i = optind; i < argc; i++)
		check_file(&run, argv[i]);
	arch_disasm_close(run.dis);
	if (fflush(stdout) == EOF)
		return EXIT_TROUBLE;
	if (run.trouble)
		return EXIT_TROUBLE;
	return run.findings ? EXIT_FINDINGS : 0;
}
