/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jsonread.c: one JSON value read into a tree, for the report files the
 * readiness summary reads back (--report, VALIDATE_REPORT_DIR).
 */
#ifndef VALIDATE_JSONREAD_H
#define VALIDATE_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum jv_type {
	JV_NULL,
	JV_BOOL,
	JV_NUMBER,
	JV_STRING,
	JV_ARRAY,
	JV_OBJECT,
};

struct jv {
	enum jv_type type;
	bool b;
	bool is_count;		/* a non-negative integer: u holds it */
	uint64_t u;
	char *s;		/* JV_STRING */
	char *key;		/* a member of an object: its name */
	struct jv *kids;	/* JV_ARRAY, JV_OBJECT */
	size_t nr, alloc;
};

/* The value text holds, and nothing else: 0, or -1 with a reason in err. */
int jv_parse(struct jv *v, const char *text, char *err, size_t len);
void jv_free(struct jv *v);
/* A member of an object, or NULL. */
const struct jv *jv_get(const struct jv *obj, const char *key);
/* A member that is a string, or a count; NULL and false otherwise. */
const char *jv_string(const struct jv *obj, const char *key);
bool jv_count(const struct jv *obj, const char *key, uint64_t *u);

#endif
