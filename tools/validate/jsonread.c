// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON reader: one value into a tree.  Strict (RFC 8259), with a
 * depth limit: a report file is input like any object file, and a broken
 * or hostile one must give a clear error, not a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"
#include "validate/vec.h"

#define MAX_DEPTH	64

struct parser {
	const char *p;
	const char *start;
	char *err;
	size_t len;
};

static int fail(struct parser *ps, const char *what)
{
	snprintf(ps->err, ps->len, "%s at byte %zu", what,
		 (size_t)(ps->p - ps->start) + 1);
	return -1;
}

static void skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	       *ps->p == '\r')
		ps->p++;
}

static int hex4(struct parser *ps, unsigned int *u)
{
	int i;

	*u = 0;
	for (i = 0; i < 4; i++) {
		char c = ps->p[i];

		*u <<= 4;
		if (c >= '0' && c <= '9')
			*u |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*u |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			*u |= c - 'A' + 10;
		else
			return fail(ps, "bad \\u escape");
	}
	ps->p += 4;
	return 0;
}

static char *put_utf8(char *o, unsigned int c)
{
	if (c < 0x80) {
		*o++ = (char)c;
	} else if (c < 0x800) {
		*o++ = (char)(0xc0 | c >> 6);
		*o++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*o++ = (char)(0xe0 | c >> 12);
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else {
		*o++ = (char)(0xf0 | c >> 18);
		*o++ = (char)(0x80 | (c >> 12 & 0x3f));
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	}
	return o;
}

/* \uD83D\uDE00: a surrogate pair is one character. */
static int unicode_escape(struct parser *ps, char **o)
{
	unsigned int c, lo;

	if (hex4(ps, &c))
		return -1;
	if (c >= 0xd800 && c < 0xdc00) {
		if (ps->p[0] != '\\' || ps->p[1] != 'u')
			return fail(ps, "lone surrogate");
		ps->p += 2;
		if (hex4(ps, &lo))
			return -1;
		if (lo < 0xdc00 || lo >= 0xe000)
			return fail(ps, "lone surrogate");
		c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
	} else if (c >= 0xdc00 && c < 0xe000) {
		return fail(ps, "lone surrogate");
	}
	if (!c)
		return fail(ps, "\\u0000 in a string");
	*o = put_utf8(*o, c);
	return 0;
}

static int escape(struct parser *ps, char **o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e = strchr(from, *ps->p);

	if (*ps->p == 'u') {
		ps->p++;
		return unicode_escape(ps, o);
	}
	if (!*ps->p || !e)
		return fail(ps, "bad escape");
	*(*o)++ = to[e - from];
	ps->p++;
	return 0;
}

/* A string: its escapes never make it longer than it is written. */
static int string(struct parser *ps, char **out)
{
	const char *end;
	char *o;

	ps->p++;
	for (end = ps->p; *end && *end != '"'; end++)
		if (*end == '\\' && end[1])
			end++;
	if (!*end)
		return fail(ps, "unterminated string");
	*out = o = malloc(end - ps->p + 1);
	if (!o)
		return fail(ps, "out of memory");
	while (*ps->p != '"') {
		if ((unsigned char)*ps->p < 0x20)
			return fail(ps, "control character in a string");
		if (*ps->p == '\\') {
			ps->p++;
			if (escape(ps, &o))
				return -1;
		} else {
			*o++ = *ps->p++;
		}
	}
	*o = '\0';
	ps->p++;
	return 0;
}

static int number(struct parser *ps, struct jv *v)
{
	const char *s = ps->p;
	bool integer = true;

	if (*ps->p == '-')
		ps->p++;
	if (*ps->p == '0')
		ps->p++;
	else if (*ps->p >= '1' && *ps->p <= '9')
		while (*ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	else
		return fail(ps, "bad number");
	if (*ps->p == '.' || *ps->p == 'e' || *ps->p == 'E')
		integer = false;
	if (*ps->p == '.')
		for (ps->p++; *ps->p >= '0' && *ps->p <= '9'; ps->p++)
			;
	if (*ps->p == 'e' || *ps->p == 'E') {
		ps->p++;
		if (*ps->p == '+' || *ps->p == '-')
			ps->p++;
		while (*ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	v->type = JV_NUMBER;
	if (integer && *s != '-' && ps->p - s <= 19) {
		v->is_count = true;
		v->u = strtoull(s, NULL, 10);
	}
	return 0;
}

static int value(struct parser *ps, struct jv *v, int depth);

static struct jv *add_kid(struct parser *ps, struct jv *v)
{
	if (VEC_GROW(v->kids, v->alloc, v->nr)) {
		fail(ps, "out of memory");
		return NULL;
	}
	memset(&v->kids[v->nr], 0, sizeof(*v->kids));
	return &v->kids[v->nr++];
}

static int member(struct parser *ps, struct jv *v, int depth)
{
	struct jv *k = add_kid(ps, v);

	skip_space(ps);
	if (!k)
		return -1;
	if (*ps->p != '"')
		return fail(ps, "expected a member name");
	if (string(ps, &k->key))
		return -1;
	skip_space(ps);
	if (*ps->p != ':')
		return fail(ps, "expected ':'");
	ps->p++;
	return value(ps, k, depth + 1);
}

/* An array or an object: elements (members) separated by commas. */
static int container(struct parser *ps, struct jv *v, int depth)
{
	char close = *ps->p == '[' ? ']' : '}';

	v->type = close == ']' ? JV_ARRAY : JV_OBJECT;
	ps->p++;
	skip_space(ps);
	if (*ps->p == close) {
		ps->p++;
		return 0;
	}
	for (;;) {
		struct jv *k;

		if (close == '}') {
			if (member(ps, v, depth))
				return -1;
		} else if (!(k = add_kid(ps, v)) || value(ps, k, depth + 1)) {
			return -1;
		}
		skip_space(ps);
		if (*ps->p == close) {
			ps->p++;
			return 0;
		}
		if (*ps->p != ',')
			return fail(ps, close == ']' ? "expected ',' or ']'" :
					"expected ',' or '}'");
		ps->p++;
	}
}

static int word(struct parser *ps, struct jv *v)
{
	if (!strncmp(ps->p, "true", 4) || !strncmp(ps->p, "false", 5)) {
		v->type = JV_BOOL;
		v->b = *ps->p == 't';
		ps->p += v->b ? 4 : 5;
	} else if (!strncmp(ps->p, "null", 4)) {
		v->type = JV_NULL;
		ps->p += 4;
	} else {
		return fail(ps, "expected a value");
	}
	return 0;
}

static int value(struct parser *ps, struct jv *v, int depth)
{
	if (depth > MAX_DEPTH)
		return fail(ps, "nested too deeply");
	skip_space(ps);
	switch (*ps->p) {
	case '{':
	case '[':
		return container(ps, v, depth);
	case '"':
		v->type = JV_STRING;
		return string(ps, &v->s);
	case '-':
	case '0' ... '9':
		return number(ps, v);
	default:
		return word(ps, v);
	}
}

int jv_parse(struct jv *v, const char *text, char *err, size_t len)
{
	struct parser ps = { .p = text, .start = text, .err = err, .len = len };

	memset(v, 0, sizeof(*v));
	if (value(&ps, v, 0))
		return -1;
	skip_space(&ps);
	if (*ps.p)
		return fail(&ps, "text after the value");
	return 0;
}

void jv_free(struct jv *v)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		jv_free(&v->kids[i]);
	free(v->kids);
	free(v->s);
	free(v->key);
	memset(v, 0, sizeof(*v));
}

const struct jv *jv_get(const struct jv *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != JV_OBJECT)
		return NULL;
	for (i = 0; i < obj->nr; i++)
		if (!strcmp(obj->kids[i].key, key))
			return &obj->kids[i];
	return NULL;
}

const char *jv_string(const struct jv *obj, const char *key)
{
	const struct jv *v = jv_get(obj, key);

	return v && v->type == JV_STRING ? v->s : NULL;
}

bool jv_count(const struct jv *obj, const char *key, uint64_t *u)
{
	const struct jv *v = jv_get(obj, key);

	if (!v || !v->is_count)
		return false;
	*u = v->u;
	return true;
}
