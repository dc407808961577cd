// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer entry point: the whole pipeline on a byte buffer, as main()
 * runs it on a file (run_memory(): ELF, archives, special sections,
 * relocations, .eh_frame/.debug_frame, .gcc_except_table, .sframe, the
 * hint section, the walk and the reports).  The last byte of the input
 * picks the options, so that what --check-dwarf, --check-sframe,
 * --backtrace, --no-frame-pointer, -v and the digests read is fuzzed too;
 * the low bit of the byte before it splits the object's passes over two
 * threads (-j 2, from one code word: par.c), so that what the split
 * reads is fuzzed too.  Findings go to /dev/null; input errors to stderr
 * (run the fuzzer with -close_fd_mask=2 to keep them out of its log).
 *
 *	make fuzz [FUZZ_SECONDS=N]	(tests/fuzz/README.md)
 */
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/validate/run.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (elf_version(EV_CURRENT) == EV_NONE || !freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t pick = size ? data[size - 1] : 0;
	struct options opts = {
		.format = pick & 1 ? FORMAT_JSON : FORMAT_TEXT,
		.check_dwarf = pick & 2,
		.backtrace = pick & 4,
		.no_frame_pointer = pick & 8,
		.stats = pick & 16,
		.check_sframe = pick & 32,
		.verbose = pick & 64,
		.digests = pick & 128,	/* fingerprint.c */
		.jobs = size > 1 && (data[size - 2] & 1) ? 2 : 1,
		.split_words = 1,
	};
	struct run run;
	char *buf;

	/* libelf may write to the buffer it is given: a copy */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	run_init(&run, &opts);
	run_memory(&run, buf, size, "fuzz");
	run_end(&run);
	free(buf);
	return 0;
}
