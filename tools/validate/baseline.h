/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baseline.c: the findings accepted for now (--baseline, --write-baseline).
 * One entry a line: the object's path relative to --root, the symbol, the
 * check id and the digest of the site (fingerprint.c), then optionally
 * "# " and a person's reason.  Documentation/gate.md has the format.
 */
#ifndef VALIDATE_BASELINE_H
#define VALIDATE_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct baseline_entry {
	char *path;
	char *symbol;
	char *check;
	uint64_t digest;
	char *reason;		/* NULL if none */
	unsigned int line;	/* in the file read; 0 for a new entry */
	bool matched;		/* a finding of this run matches it */
	bool checked;		/* its object was checked in this run */
};

struct baseline {
	const char *file;
	struct baseline_entry *e;	/* sorted by key, unique */
	size_t nr, alloc;
};

/* 0, or -1 with one line in err ("FILE:LINE: error: validate: ..."). */
int baseline_read(struct baseline *b, const char *file, char *err, size_t len);
/* The entry with this key, marked matched, or NULL. */
struct baseline_entry *baseline_match(struct baseline *b, const char *path,
				      const char *symbol, const char *check,
				      uint64_t digest);
/* Adds an entry (copies the strings); baseline_sort() before writing. */
int baseline_add(struct baseline *b, const char *path, const char *symbol,
		 const char *check, uint64_t digest, const char *reason);
void baseline_sort(struct baseline *b);
void baseline_print(const struct baseline *b, FILE *out);
/* An entry as its line reads (without the reason). */
void baseline_print_key(const struct baseline_entry *e, FILE *out);
void baseline_free(struct baseline *b);

#endif
