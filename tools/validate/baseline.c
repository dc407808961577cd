// SPDX-License-Identifier: GPL-2.0
/*
 * The baseline: findings accepted for now, so that a gate fails only on
 * new ones.  A text file that reads well in a diff: one entry a line,
 * sorted, each naming what survives a rebuild and nothing that moves
 * (no address, no offset).  A line that does not parse is an error that
 * names it: a baseline half read would let findings through.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "validate/check.h"
#include "validate/vec.h"

#define MAGIC		"# validate baseline "
#define VERSION		1

static int cmp_key(const struct baseline_entry *x, const struct baseline_entry *y)
{
	int c = strcmp(x->path, y->path);

	if (!c)
		c = strcmp(x->symbol, y->symbol);
	if (!c)
		c = strcmp(x->check, y->check);
	if (!c && x->digest != y->digest)
		c = x->digest < y->digest ? -1 : 1;
	return c;
}

static int cmp_entry(const void *a, const void *b)
{
	return cmp_key(a, b);
}

static void entry_free(struct baseline_entry *e)
{
	free(e->path);
	free(e->symbol);
	free(e->check);
	free(e->reason);
}

int baseline_add(struct baseline *b, const char *path, const char *symbol,
		 const char *check, uint64_t digest, const char *reason)
{
	struct baseline_entry *e;

	if (VEC_GROW(b->e, b->alloc, b->nr))
		return -1;
	e = &b->e[b->nr];
	*e = (struct baseline_entry){
		.path = strdup(path), .symbol = strdup(symbol),
		.check = strdup(check), .digest = digest,
		.reason = reason ? strdup(reason) : NULL,
	};
	if (!e->path || !e->symbol || !e->check || (reason && !e->reason)) {
		entry_free(e);
		return -1;
	}
	b->nr++;
	return 0;
}

/* Sorted, and one entry a key: the first keeps its reason. */
void baseline_sort(struct baseline *b)
{
	size_t i, n = 0;

	if (b->nr > 1)
		qsort(b->e, b->nr, sizeof(*b->e), cmp_entry);
	for (i = 0; i < b->nr; i++) {
		if (n && !cmp_key(&b->e[n - 1], &b->e[i])) {
			if (!b->e[n - 1].reason) {
				b->e[n - 1].reason = b->e[i].reason;
				b->e[i].reason = NULL;
			}
			entry_free(&b->e[i]);
			continue;
		}
		b->e[n++] = b->e[i];
	}
	b->nr = n;
}

struct baseline_entry *baseline_match(struct baseline *b, const char *path,
				      const char *symbol, const char *check,
				      uint64_t digest)
{
	struct baseline_entry key = {
		.path = (char *)path, .symbol = (char *)symbol,
		.check = (char *)check, .digest = digest,
	};
	struct baseline_entry *e = b->nr ? bsearch(&key, b->e, b->nr,
						   sizeof(*b->e), cmp_entry) : NULL;

	if (e)
		e->matched = true;
	return e;
}

/* Spaces, '#', '%' and control characters are written %XX. */
static void print_field(const char *s, FILE *out)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c <= ' ' || c == '#' || c == '%' || c == 0x7f)
			fprintf(out, "%%%02X", c);
		else
			fputc(c, out);
	}
}

void baseline_print_key(const struct baseline_entry *e, FILE *out)
{
	print_field(e->path, out);
	fputc(' ', out);
	print_field(e->symbol, out);
	fprintf(out, " %s %016" PRIx64, e->check, e->digest);
}

void baseline_print(const struct baseline *b, FILE *out)
{
	size_t i;

	fprintf(out, MAGIC "%d\n"
		"# Findings accepted for now: validate --baseline=FILE reports only others.\n"
		"# PATH SYMBOL CHECK DIGEST [# REASON]; Documentation/gate.md\n",
		VERSION);
	for (i = 0; i < b->nr; i++) {
		const char *r = b->e[i].reason;

		baseline_print_key(&b->e[i], out);
		if (r) {
			fputs(" # ", out);
			for (; *r; r++)
				fputc(*r == '\n' || *r == '\r' ? ' ' : *r, out);
		}
		fputc('\n', out);
	}
}

/* One field up to a space or the end, %XX decoded; NULL if malformed. */
static char *take_field(char **p)
{
	char *s = *p, *end = s + strcspn(s, " \t"), *out, *o;

	if (end == s || *s == '#')
		return NULL;
	out = o = malloc(end - s + 1);
	if (!out)
		return NULL;
	for (; s < end; s++) {
		if (*s == '%') {
			if (end - s < 3 || !isxdigit((unsigned char)s[1]) ||
			    !isxdigit((unsigned char)s[2]) ||
			    (s[1] == '0' && s[2] == '0')) {
				free(out);
				return NULL;
			}
			*o++ = (char)strtol((char[]){ s[1], s[2], 0 }, NULL, 16);
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	*p = end + (*end != '\0');
	return out;
}

static bool parse_digest(const char *s, uint64_t *d)
{
	size_t i;

	for (i = 0; i < 16; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	if (s[16])
		return false;
	*d = strtoull(s, NULL, 16);
	return true;
}

struct reader {
	struct baseline *b;
	unsigned int line;
	char *err;
	size_t len;
};

static int bad_line(struct reader *r, const char *what, const char *arg)
{
	snprintf(r->err, r->len, "%s:%u: error: validate: %s%s%s%s", r->b->file,
		 r->line, what, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
	return -1;
}

/* "# REASON" after the fields, or nothing but blanks. */
static int take_reason(struct reader *r, char *p, char **reason)
{
	size_t n;

	p += strspn(p, " \t");
	*reason = NULL;
	if (!*p)
		return 0;
	if (*p != '#')
		return bad_line(r, "malformed baseline entry: more than PATH SYMBOL CHECK DIGEST before '#'", NULL);
	p += 1 + strspn(p + 1, " \t");
	n = strlen(p);
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	if (!n)
		return 0;
	*reason = strndup(p, n);
	return *reason ? 0 : bad_line(r, "out of memory", NULL);
}

static int parse_entry(struct reader *r, char *p)
{
	char *f[4] = { NULL }, *reason = NULL;
	uint64_t digest;
	int i, ret = -1;

	for (i = 0; i < 4; i++) {
		p += strspn(p, " \t");
		f[i] = take_field(&p);
		if (!f[i])
			goto out;
	}
	if (check_by_name(f[2]) == CHECK_MAX) {
		ret = bad_line(r, "unknown check id", f[2]);
		goto out;
	}
	if (!parse_digest(f[3], &digest)) {
		ret = bad_line(r, "a digest is 16 lower-case hex digits, not", f[3]);
		goto out;
	}
	ret = take_reason(r, p, &reason);
	if (!ret && baseline_add(r->b, f[0], f[1], f[2], digest, reason))
		ret = bad_line(r, "out of memory", NULL);
	if (!ret)
		r->b->e[r->b->nr - 1].line = r->line;
out:
	if (ret && !f[3])
		ret = bad_line(r, "malformed baseline entry: expected PATH SYMBOL CHECK DIGEST [# REASON]", NULL);
	for (i = 0; i < 4; i++)
		free(f[i]);
	free(reason);
	return ret;
}

static int parse_line(struct reader *r, char *p)
{
	size_t n = strlen(p);

	while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		p[--n] = '\0';
	if (!strncmp(p, MAGIC, strlen(MAGIC)) &&
	    strtol(p + strlen(MAGIC), NULL, 10) != VERSION)
		return bad_line(r, "a baseline of another version:", p + strlen(MAGIC));
	if (p[strspn(p, " \t")] == '\0' || p[0] == '#')
		return 0;
	return parse_entry(r, p);
}

int baseline_read(struct baseline *b, const char *file, char *err, size_t len)
{
	struct reader r = { .b = b, .err = err, .len = len };
	FILE *f = fopen(file, "r");
	char *buf = NULL;
	size_t cap = 0;
	int ret = 0;
	ssize_t n;

	memset(b, 0, sizeof(*b));
	b->file = file;
	if (!f) {
		snprintf(err, len, "%s: error: validate: cannot open the baseline: %s",
			 file, strerror(errno));
		return -1;
	}
	while (!ret && (n = getline(&buf, &cap, f)) != -1) {
		r.line++;
		if (strlen(buf) != (size_t)n)
			ret = bad_line(&r, "not a baseline: a NUL byte", NULL);
		else
			ret = parse_line(&r, buf);
	}
	if (!ret && ferror(f)) {
		snprintf(err, len, "%s: error: validate: cannot read the baseline: %s",
			 file, strerror(errno));
		ret = -1;
	}
	free(buf);
	fclose(f);
	if (!ret)
		baseline_sort(b);
	return ret;
}

void baseline_free(struct baseline *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		entry_free(&b->e[i]);
	free(b->e);
	memset(b, 0, sizeof(*b));
}
