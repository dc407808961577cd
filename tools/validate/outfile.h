/* SPDX-License-Identifier: GPL-2.0 */
/*
 * outfile.c: files written whole or not at all.  The text goes to a
 * temporary file in the same directory, renamed over the name at the end;
 * until then, and if the run fails, the name keeps what it had.
 */
#ifndef VALIDATE_OUTFILE_H
#define VALIDATE_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

struct outfile {
	const char *path;
	char *tmp;
	FILE *f;
};

/* 0, or -1 with "PATH: error: validate: ..." in err. */
int outfile_open(struct outfile *o, const char *path, char *err, size_t len);
int outfile_commit(struct outfile *o, char *err, size_t len);
/* Removes the temporary file; the name is left as it was. */
void outfile_abandon(struct outfile *o);

#endif
