// SPDX-License-Identifier: GPL-2.0
/*
 * Files written whole or not at all: a temporary file beside the name
 * (the same file system, so the rename is atomic), renamed at the end.
 * A reader never sees half a file, and a failed run leaves the old one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

static int fail(const struct outfile *o, const char *what, int err_no,
		char *err, size_t len)
{
	snprintf(err, len, "%s: error: validate: %s: %s", o->path, what,
		 strerror(err_no));
	return -1;
}

/* "dir/.name.XXXXXX": hidden, and in the same directory as the name. */
static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	char *t = malloc(n);

	if (t)
		snprintf(t, n, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
	return t;
}

int outfile_open(struct outfile *o, const char *path, char *err, size_t len)
{
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	memset(o, 0, sizeof(*o));
	o->path = path;
	o->tmp = temp_name(path);
	if (!o->tmp)
		return fail(o, "cannot write", ENOMEM, err, len);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;

		free(o->tmp);
		o->tmp = NULL;
		return fail(o, "cannot write", e, err, len);
	}
	/* as a plain open would have made it, not mkstemp's 0600 */
	if (fchmod(fd, 0666 & ~mask) || !(o->f = fdopen(fd, "w"))) {
		int e = errno;

		close(fd);
		outfile_abandon(o);
		return fail(o, "cannot write", e, err, len);
	}
	return 0;
}

int outfile_commit(struct outfile *o, char *err, size_t len)
{
	int bad = ferror(o->f), e;

	/* no fsync: the rename is what readers need, and builds write many */
	bad |= fflush(o->f) == EOF;
	e = errno;
	bad |= fclose(o->f) == EOF;
	o->f = NULL;
	if (bad || rename(o->tmp, o->path)) {
		e = bad ? (e ? e : EIO) : errno;
		outfile_abandon(o);
		return fail(o, "cannot write", e, err, len);
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void outfile_abandon(struct outfile *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
}
