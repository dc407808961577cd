// SPDX-License-Identifier: GPL-2.0
/*
 * The readiness summary: one verdict for a whole build.  What each object
 * contributes (functions walked or not and why, the bytes the walk
 * covered, code under symbols that are no functions) comes from the
 * object just validated or from the summary record a report file carries,
 * which this file writes too: both roads give the same facts.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "summary.h"
#include "validate/vec.h"

#define RECORD_VERSION	1
#define MD_MAX_ROWS	200	/* a CI job summary page has a size limit */

static const char *const unwalked_names[UNWALKED_MAX] = {
	[UNWALKED_DATA] = "data",
	[UNWALKED_IGNORED] = "ignored",
	[UNWALKED_UNSUPPORTED] = "unsupported",
};

static const char *const unwalked_words[UNWALKED_MAX] = {
	[UNWALKED_DATA] = "data in text",
	[UNWALKED_IGNORED] = "ignored by annotation",
	[UNWALKED_UNSUPPORTED] = "unsupported",
};

/* ---- One object ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Distinct walked functions with a finding (symbol 0 is none). */
static int funcs_with_findings(const struct ctx *ctx, uint64_t *n)
{
	uint32_t *f = malloc((ctx->nr_findings + 1) * sizeof(*f));
	size_t i, k = 0;

	if (!f)
		return -1;
	for (i = 0; i < ctx->nr_findings; i++)
		if (ctx->findings[i].func)
			f[k++] = ctx->findings[i].func;
	qsort(f, k, sizeof(*f), cmp_u32);
	for (*n = 0, i = 0; i < k; i++)
		*n += !i || f[i] != f[i - 1];
	free(f);
	return 0;
}

/*
 * The union of the walked functions' ranges: nested ones count once.  As
 * walk_functions() takes them: not those func_unwalked() refuses, nor
 * those an annotation says to ignore.
 */
static void walked_cover(const struct ctx *ctx, const struct section *sec,
			 struct obj_facts *o)
{
	const struct object *obj = ctx->obj;
	uint64_t end = 0, from;
	size_t i;

	for (i = 0; i < sec->nr_funcs; i++) {
		const struct symbol *f = &obj->syms[sec->funcs[i]];
		uint64_t lo = f->offset > end ? f->offset : end;
		uint64_t hi = f->offset + f->size;

		if (func_unwalked(sec, f) != WALKED ||
		    ctx->sym_flags[sec->funcs[i]] & SYMF_IGNORED)
			continue;
		if (hi > sec->size)
			hi = sec->size;
		if (hi <= lo)
			continue;
		o->walked_bytes += hi - lo;
		from = (lo + 3) / 4;
		if (hi / 4 > from)
			o->insns += hi / 4 - from -
				    bitmap_count(sec->is_data, from, hi / 4);
		end = hi;
	}
}

static int add_item(struct code_list *l, const char *section,
		    const struct symbol *sym, uint64_t off, uint64_t size)
{
	if (VEC_GROW(l->v, l->alloc, l->nr))
		return -1;
	l->v[l->nr++] = (struct code_item){
		.section = section, .symbol = sym ? sym->name : "?",
		.offset = off, .size = size,
	};
	return 0;
}

/* The first symbol of the section at or after off (sec->syms is sorted). */
static size_t first_sym_from(const struct object *obj,
			     const struct section *sec, uint64_t off)
{
	size_t lo = 0, hi = sec->nr_syms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (obj->syms[sec->syms[mid]].offset < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* anon.c's ranges run on across labels: one range a label here. */
static int split_range(const struct object *obj, const struct code_range *r,
		       struct code_list *l)
{
	const struct section *sec = &obj->secs[r->sec];
	const struct symbol *name = symbol_for(obj, sec, r->off);
	uint64_t start = r->off, end = r->off + r->size;
	size_t i;

	for (i = first_sym_from(obj, sec, start + 1); i < sec->nr_syms; i++) {
		const struct symbol *s = &obj->syms[sec->syms[i]];

		if (s->offset >= end)
			break;
		if (s->offset == start || s->type == STT_OBJECT ||
		    s->type == STT_TLS)
			continue;
		if (add_item(l, sec->name, name, start, s->offset - start))
			return -1;
		start = s->offset;
		name = s;
	}
	return add_item(l, sec->name, name, start, end - start);
}

/*
 * The functions VALIDATE_IGNORE_FUNC names (hints.c marks them), as
 * walk_functions() counts them: aliases once, under the first name.
 */
static int ignored_functions(const struct ctx *ctx, const struct section *sec,
			     struct obj_facts *o)
{
	const struct object *obj = ctx->obj;
	size_t i;

	for (i = 0; i < sec->nr_funcs; i++) {
		const struct symbol *f = &obj->syms[sec->funcs[i]];
		const struct symbol *prev = i ? &obj->syms[sec->funcs[i - 1]] : NULL;

		if (prev && prev->offset == f->offset && prev->size == f->size)
			continue;
		if (func_unwalked(sec, f) != WALKED ||
		    !(ctx->sym_flags[sec->funcs[i]] & SYMF_IGNORED))
			continue;
		if (add_item(&o->ignored, sec->name, f, f->offset, f->size))
			return -1;
	}
	return 0;
}

/*
 * Non-function code as anon.c finds it: a word a symbol names and no
 * function symbol covers, neither data nor an alternative's replacement.
 */
static bool nonfunc_word(const struct ctx *ctx, const struct section *sec,
			 const uint8_t *in_func, uint64_t w)
{
	const struct insn_slot *slot = &ctx->slots[sec->idx][w];

	return !in_func[w] && !sec_word_data(sec, w) && !slot->anon &&
	       !(slot->alt & ALT_REPL);
}

/*
 * In an object with hints, the non-function code the walk reached from
 * them, or that an UNDEFINED range holds: walked, as a function's range
 * is, UNDEFINED ranges and all.  hints_list_unwalked() left the rest in
 * ctx->nonfunc.  One range a symbol, like the rest.
 */
static int hinted_code(const struct ctx *ctx, const struct section *sec,
		       struct obj_facts *o)
{
	const struct object *obj = ctx->obj;
	uint64_t words = sec->size / 4, w, start = 0, n = 0;
	uint8_t *in_func = calloc(words + 1, 1);
	size_t i;
	int ret = 0;

	if (!in_func)
		return -1;
	for (i = 0; i < sec->nr_funcs; i++) {
		const struct symbol *f = &obj->syms[sec->funcs[i]];

		if (!f->size)
			continue;
		for (w = f->offset / 4; w * 4 < f->offset + f->size && w < words; w++)
			in_func[w] = 1;
	}
	for (w = 0; w <= words && !ret; w++) {
		if (w < words && nonfunc_word(ctx, sec, in_func, w) &&
		    hint_code_walked(ctx, sec->idx, w * 4)) {
			if (!n++)
				start = w * 4;
			continue;
		}
		if (!n)
			continue;
		o->hinted_bytes += n * 4;
		o->walked_bytes += n * 4;
		o->insns += n;
		ret = split_range(obj, &(struct code_range){ sec->idx, start, n * 4 },
				  &o->hinted);
		n = 0;
	}
	free(in_func);
	return ret;
}

int facts_of(struct ctx *ctx, struct obj_facts *o)
{
	const struct object *obj = ctx->obj;
	size_t i;
	int u;

	memset(o, 0, sizeof(*o));
	o->walked = ctx->stats.functions;
	for (u = 0; u < UNWALKED_MAX; u++)
		o->unwalked[u] = ctx->stats.unwalked[u];
	o->findings = ctx->nr_findings;
	if (funcs_with_findings(ctx, &o->with_findings))
		return -1;
	for (i = 1; i < obj->nr_secs; i++) {
		const struct section *sec = &obj->secs[i];

		if (!sec_is_code(sec))
			continue;
		o->exec_bytes += sec->size;
		o->data_bytes += 4 * bitmap_count(sec->is_data, 0, sec->size / 4);
		walked_cover(ctx, sec, o);
		if (ignored_functions(ctx, sec, o))
			return -1;
		/* without hints, no walk enters non-function code */
		if (ctx->nr_hints && hinted_code(ctx, sec, o))
			return -1;
	}
	for (i = 0; i < ctx->nr_nonfunc; i++) {
		o->nonfunc_bytes += ctx->nonfunc[i].size;
		if (split_range(obj, &ctx->nonfunc[i], &o->ranges))
			return -1;
	}
	return 0;
}

static void list_release(struct code_list *l)
{
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

void facts_release(struct obj_facts *o)
{
	list_release(&o->ranges);
	list_release(&o->hinted);
	list_release(&o->ignored);
}

/*
 * ,"name":[{["file",] "section", "offset", "size", "symbol"}...]: the
 * summary's lists name the object, a report record's are of its own
 * object.  Not at all if empty and optional: what objects without hints or
 * VALIDATE_IGNORE_FUNC lack is left out, so that their summaries and
 * records are as they always were.
 */
static void code_list_json(FILE *out, const char *name, const struct code_list *l,
			   bool optional, bool with_file)
{
	size_t i;

	if (optional && !l->nr)
		return;
	fprintf(out, ",\"%s\":[", name);
	for (i = 0; i < l->nr; i++) {
		const struct code_item *r = &l->v[i];

		if (i)
			fputc(',', out);
		fputc('{', out);
		if (with_file) {
			fputs("\"file\":", out);
			json_string(out, r->file);
			fputc(',', out);
		}
		fputs("\"section\":", out);
		json_string(out, r->section);
		fprintf(out, ",\"offset\":%" PRIu64 ",\"size\":%" PRIu64 ",\"symbol\":",
			r->offset, r->size);
		json_string(out, r->symbol);
		fputc('}', out);
	}
	fputc(']', out);
}

/*
 * What objects without hints or VALIDATE_IGNORE_FUNC lack is left out, not
 * written empty: their records are as they always were.
 */
void facts_print_record(FILE *out, const char *file, const struct obj_facts *o)
{
	fputs("{\"file\":", out);
	json_string(out, file);
	fprintf(out, ",\"summary\":{\"version\":%d,\"functions\":{\"walked\":%" PRIu64
		",\"with_findings\":%" PRIu64 ",\"not_walked\":{\"data\":%" PRIu64
		",\"ignored\":%" PRIu64 ",\"unsupported\":%" PRIu64 "}}",
		RECORD_VERSION, o->walked, o->with_findings,
		o->unwalked[UNWALKED_DATA], o->unwalked[UNWALKED_IGNORED],
		o->unwalked[UNWALKED_UNSUPPORTED]);
	code_list_json(out, "ignored_functions", &o->ignored, true, false);
	fprintf(out, ",\"instructions\":%" PRIu64 ",\"bytes\":{\"executable\":%" PRIu64
		",\"walked\":%" PRIu64 ",\"non_function\":%" PRIu64 ",\"data\":%" PRIu64,
		o->insns, o->exec_bytes, o->walked_bytes, o->nonfunc_bytes,
		o->data_bytes);
	if (o->hinted_bytes)
		fprintf(out, ",\"non_function_walked\":%" PRIu64, o->hinted_bytes);
	fprintf(out, "},\"findings\":%" PRIu64, o->findings);
	code_list_json(out, "non_function_code", &o->ranges, false, false);
	code_list_json(out, "non_function_code_walked", &o->hinted, true, false);
	fputs("}}\n", out);
}

/* ---- Reading a record back ---- */

struct count_key {
	const char *path;	/* "a.b": b of a */
	size_t at;		/* offset into struct obj_facts */
};

#define FACT(path, field)	{ path, offsetof(struct obj_facts, field) }

static const struct count_key record_counts[] = {
	FACT("functions.walked", walked),
	FACT("functions.with_findings", with_findings),
	FACT("functions.not_walked.data", unwalked[UNWALKED_DATA]),
	FACT("functions.not_walked.ignored", unwalked[UNWALKED_IGNORED]),
	FACT("functions.not_walked.unsupported", unwalked[UNWALKED_UNSUPPORTED]),
	FACT("instructions", insns),
	FACT("bytes.executable", exec_bytes),
	FACT("bytes.walked", walked_bytes),
	FACT("bytes.non_function", nonfunc_bytes),
	FACT("bytes.data", data_bytes),
	FACT("findings", findings),
};

/* A count at a dotted path of objects. */
static bool count_at(const struct jv *v, const char *path, uint64_t *u)
{
	char key[64];
	const char *dot;

	while ((dot = strchr(path, '.'))) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		v = jv_get(v, key);
		path = dot + 1;
	}
	return jv_count(v, path, u);
}

/* A list of {section, offset, size, symbol}; an optional one may be absent. */
static int read_list(const struct jv *rec, const char *name, bool optional,
		     struct code_list *l, char *err, size_t len)
{
	const struct jv *list = jv_get(rec, name);
	size_t i;

	if (!list && optional)
		return 0;
	if (!list || list->type != JV_ARRAY) {
		snprintf(err, len, "no %s list", name);
		return -1;
	}
	for (i = 0; i < list->nr; i++) {
		const struct jv *r = &list->kids[i];
		struct code_item c = { .section = jv_string(r, "section"),
				       .symbol = jv_string(r, "symbol") };

		if (!c.section || !c.symbol || !jv_count(r, "offset", &c.offset) ||
		    !jv_count(r, "size", &c.size)) {
			snprintf(err, len, "%s entry %zu is not {section, offset, size, symbol}",
				 name, i);
			return -1;
		}
		if (VEC_GROW(l->v, l->alloc, l->nr)) {
			snprintf(err, len, "out of memory");
			return -1;
		}
		l->v[l->nr++] = c;
	}
	return 0;
}

int facts_from_record(const struct jv *rec, struct obj_facts *o, char *err,
		      size_t len)
{
	uint64_t version;
	size_t i;

	memset(o, 0, sizeof(*o));
	if (!jv_count(rec, "version", &version) || version != RECORD_VERSION) {
		snprintf(err, len, "a summary record of another version");
		return -1;
	}
	for (i = 0; i < sizeof(record_counts) / sizeof(*record_counts); i++) {
		if (!count_at(rec, record_counts[i].path,
			      (uint64_t *)((char *)o + record_counts[i].at))) {
			snprintf(err, len, "the summary record has no count %s",
				 record_counts[i].path);
			return -1;
		}
	}
	/* absent when there were none: bytes.non_function_walked, too */
	if (jv_get(jv_get(rec, "bytes"), "non_function_walked") &&
	    !count_at(rec, "bytes.non_function_walked", &o->hinted_bytes)) {
		snprintf(err, len, "the summary record's bytes.non_function_walked is no count");
		return -1;
	}
	if (read_list(rec, "non_function_code", false, &o->ranges, err, len) ||
	    read_list(rec, "non_function_code_walked", true, &o->hinted, err, len) ||
	    read_list(rec, "ignored_functions", true, &o->ignored, err, len))
		return -1;
	return 0;
}

/* ---- Section classes ---- */

static const struct {
	const char *prefix;
	const char *class;
} classes[] = {
	{ ".text", ".text" },		/* and .text.unlikely, .text.foo */
	{ ".entry.text", ".entry.text" },
	{ ".noinstr.text", ".noinstr.text" },
	{ ".idmap.text", ".idmap.text" },
	{ ".hyp.idmap.text", ".hyp.idmap.text" },
	{ ".hyp.text", ".hyp.text" },
	{ ".head.text", ".head.text" },
	{ ".init.text", "init text" },
	{ ".meminit.text", "init text" },
	{ ".exit.text", "exit text" },
	{ ".memexit.text", "exit text" },
};

/* A section's class: the name, or the name its -ffunction-sections or
 * .unlikely variants extend; other sections are their own class. */
const char *section_class(const char *section)
{
	size_t i;

	for (i = 0; i < sizeof(classes) / sizeof(*classes); i++) {
		size_t n = strlen(classes[i].prefix);

		if (!strncmp(section, classes[i].prefix, n) &&
		    (section[n] == '\0' || section[n] == '.'))
			return classes[i].class;
	}
	return section;
}

/* ---- The run ---- */

static int tally(struct tallies *t, const char *key, bool fresh)
{
	size_t i;

	for (i = 0; i < t->nr && strcmp(t->t[i].key, key); i++)
		;
	if (i == t->nr) {
		if (VEC_GROW(t->t, t->alloc, t->nr))
			return -1;
		t->t[i] = (struct tally){ .key = strdup(key) };
		if (!t->t[i].key)
			return -1;
		t->nr++;
	}
	t->t[i].total++;
	t->t[i].fresh += fresh;
	return 0;
}

int summary_add_finding(struct run_summary *s, const char *check,
			const char *section, const char *dir, bool fresh)
{
	s->findings++;
	s->fresh += fresh;
	return tally(&s->checks, check, fresh) ||
	       tally(&s->classes, section_class(section), fresh) ||
	       tally(&s->dirs, dir, fresh) ? -1 : 0;
}

/* An object's list appended to the run's, its strings copied. */
static int keep_list(struct code_list *t, const char *file,
		     const struct code_list *l)
{
	struct code_item *c;
	size_t i;

	for (i = 0; i < l->nr; i++) {
		if (VEC_GROW(t->v, t->alloc, t->nr))
			return -1;
		c = &t->v[t->nr];
		c->file = strdup(file);
		c->section = strdup(l->v[i].section);
		c->symbol = strdup(l->v[i].symbol);
		c->offset = l->v[i].offset;
		c->size = l->v[i].size;
		t->nr++;
		if (!c->file || !c->section || !c->symbol)
			return -1;
	}
	return 0;
}

int summary_add_object(struct run_summary *s, const char *file,
		       const struct obj_facts *o)
{
	struct obj_facts *t = &s->facts;
	int u;

	s->objects++;
	t->walked += o->walked;
	t->with_findings += o->with_findings;
	for (u = 0; u < UNWALKED_MAX; u++)
		t->unwalked[u] += o->unwalked[u];
	t->insns += o->insns;
	t->exec_bytes += o->exec_bytes;
	t->walked_bytes += o->walked_bytes;
	t->hinted_bytes += o->hinted_bytes;
	t->nonfunc_bytes += o->nonfunc_bytes;
	t->data_bytes += o->data_bytes;
	return keep_list(&t->ranges, file, &o->ranges) ||
	       keep_list(&t->hinted, file, &o->hinted) ||
	       keep_list(&t->ignored, file, &o->ignored) ? -1 : 0;
}

int summary_add_error(struct run_summary *s, const char *file, const char *why)
{
	struct input_error *e;

	if (VEC_GROW(s->errors, s->alloc_errors, s->nr_errors))
		return -1;
	e = &s->errors[s->nr_errors++];
	e->file = strdup(file);
	e->why = strdup(why);
	return e->file && e->why ? 0 : -1;
}

static void tallies_free(struct tallies *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		free(t->t[i].key);
	free(t->t);
}

/* The strings keep_list() copied (a half-copied item holds NULLs). */
static void list_strings_free(const struct code_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free((char *)l->v[i].file);
		free((char *)l->v[i].section);
		free((char *)l->v[i].symbol);
	}
}

void summary_free(struct run_summary *s)
{
	size_t i;

	list_strings_free(&s->facts.ranges);
	list_strings_free(&s->facts.hinted);
	list_strings_free(&s->facts.ignored);
	facts_release(&s->facts);
	tallies_free(&s->checks);
	tallies_free(&s->classes);
	tallies_free(&s->dirs);
	for (i = 0; i < s->nr_errors; i++) {
		free(s->errors[i].file);
		free(s->errors[i].why);
	}
	free(s->errors);
}

/* ---- The verdict ---- */

bool summary_ready(const struct run_summary *s)
{
	return s->objects && !s->fresh && !s->nr_errors;
}

/* Most findings first, then by name: the order every format lists. */
static int cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void sort_tallies(const struct tallies *t)
{
	if (t->nr > 1)
		qsort(t->t, t->nr, sizeof(*t->t), cmp_tally);
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The reasons for NOT READY, one a line, each ending in end. */
static void print_reasons(FILE *out, const struct run_summary *s,
			  const char *start, const char *end)
{
	size_t i;
	bool first = true;

	if (s->fresh) {
		fprintf(out, "%s%" PRIu64 " %s%s:", start, s->fresh,
			plural(s->fresh, "finding", "findings"),
			s->baseline ? " not in the baseline" : "");
		for (i = 0; i < s->checks.nr; i++) {
			if (!s->checks.t[i].fresh)
				continue;
			fprintf(out, "%s %" PRIu64 " %s", first ? "" : ",",
				s->checks.t[i].fresh, s->checks.t[i].key);
			first = false;
		}
		fputs(end, out);
	}
	if (s->nr_errors)
		fprintf(out, "%s%zu %s could not be checked%s", start, s->nr_errors,
			plural(s->nr_errors, "input", "inputs"), end);
	if (!s->objects && !s->nr_errors)
		fprintf(out, "%sno object was checked%s", start, end);
}

/* "96.2%" of walked bytes, or "-" with no executable bytes. */
static void percent(char *buf, size_t len, uint64_t part, uint64_t whole)
{
	if (whole)
		snprintf(buf, len, "%.1f%%", 100.0 * (double)part / (double)whole);
	else
		snprintf(buf, len, "-");
}

static uint64_t base_entries(const struct run_summary *s)
{
	return s->base ? s->base->nr : 0;
}

/* ---- Text ---- */

static void text_table(FILE *out, const char *title, const struct tallies *t,
		       bool baseline)
{
	size_t i, w = 0;

	for (i = 0; i < t->nr; i++)
		if (strlen(t->t[i].key) > w)
			w = strlen(t->t[i].key);
	fprintf(out, "  by %s:\n", title);
	for (i = 0; i < t->nr; i++) {
		fprintf(out, "    %-*s %6" PRIu64, (int)w, t->t[i].key, t->t[i].total);
		if (baseline)
			fprintf(out, "  (%" PRIu64 " new)", t->t[i].fresh);
		fputc('\n', out);
	}
}

static void text_gone(FILE *out, const struct run_summary *s)
{
	size_t i;

	for (i = 0; s->base && i < s->base->nr; i++) {
		const struct baseline_entry *e = &s->base->e[i];

		if (e->matched || !e->checked)
			continue;
		fprintf(out, "  %s:%u: ", s->base->file, e->line);
		baseline_print_key(e, out);
		fputc('\n', out);
	}
}

/*
 * Where non-function code was walked from hints, the figures say so; where
 * none was, they read as they always did.
 */
static void text_coverage(FILE *out, const struct obj_facts *t)
{
	char pc[16];

	percent(pc, sizeof(pc), t->walked_bytes, t->exec_bytes);
	fprintf(out, "coverage: %" PRIu64 " of %" PRIu64 " executable bytes (%s) in walked functions",
		t->walked_bytes, t->exec_bytes, pc);
	if (t->hinted_bytes)
		fprintf(out, " and in non-function code walked from hints (%" PRIu64 " bytes)",
			t->hinted_bytes);
	fprintf(out, ", %" PRIu64 " instructions; %" PRIu64 " bytes of data in text\n",
		t->insns, t->data_bytes);
	fprintf(out, "code under non-function symbols: %" PRIu64 " bytes in %zu %s",
		t->nonfunc_bytes, t->ranges.nr, plural(t->ranges.nr, "range", "ranges"));
	if (t->hinted.nr)
		fprintf(out, " not walked, %" PRIu64 " bytes in %zu %s walked from hints",
			t->hinted_bytes, t->hinted.nr,
			plural(t->hinted.nr, "range", "ranges"));
	fputc('\n', out);
}

static void text_facts(FILE *out, const struct run_summary *s)
{
	const struct obj_facts *t = &s->facts;
	size_t i;

	fprintf(out, "objects: %" PRIu64 "\n", s->objects);
	fprintf(out, "functions: %" PRIu64 " walked (%" PRIu64 " with no finding, %"
		PRIu64 " with findings); not walked: %" PRIu64 " %s, %" PRIu64
		" %s, %" PRIu64 " %s\n", t->walked, t->walked - t->with_findings,
		t->with_findings, t->unwalked[UNWALKED_DATA],
		unwalked_words[UNWALKED_DATA], t->unwalked[UNWALKED_IGNORED],
		unwalked_words[UNWALKED_IGNORED], t->unwalked[UNWALKED_UNSUPPORTED],
		unwalked_words[UNWALKED_UNSUPPORTED]);
	/* each function ignored, by name: it cannot hide in the count */
	for (i = 0; i < t->ignored.nr; i++)
		fprintf(out, "  %s: %s: %s\n", unwalked_words[UNWALKED_IGNORED],
			t->ignored.v[i].file, t->ignored.v[i].symbol);
	text_coverage(out, t);
}

/* The inventory: one line a range. */
static void text_ranges(FILE *out, const char *title, const struct code_list *l)
{
	size_t i;

	if (l->nr)
		fprintf(out, "%s:\n", title);
	for (i = 0; i < l->nr; i++) {
		const struct code_item *r = &l->v[i];

		fprintf(out, "  %s: %s+0x%" PRIx64 ": %" PRIu64 " bytes under %s\n",
			r->file, r->section, r->offset, r->size, r->symbol);
	}
}

void summary_text(FILE *out, const struct run_summary *s)
{
	bool hinted = s->facts.hinted.nr;

	sort_tallies(&s->checks);
	sort_tallies(&s->classes);
	sort_tallies(&s->dirs);
	fprintf(out, "\nreadiness: %s\n", summary_ready(s) ? "READY" : "NOT READY");
	print_reasons(out, s, "  ", "\n");
	text_facts(out, s);
	fprintf(out, "findings: %" PRIu64, s->findings);
	if (s->baseline)
		fprintf(out, ", %" PRIu64 " not in the baseline", s->fresh);
	fputc('\n', out);
	if (s->findings) {
		text_table(out, "check", &s->checks, s->baseline);
		text_table(out, "section class", &s->classes, s->baseline);
		text_table(out, "directory", &s->dirs, s->baseline);
	}
	if (s->baseline) {
		fprintf(out, "baseline: %s: %" PRIu64 " %s, %" PRIu64 " matched, %" PRIu64
			" no longer found, %" PRIu64 " for objects not checked\n",
			s->base->file, base_entries(s),
			plural(base_entries(s), "entry", "entries"), s->base_matched,
			s->base_gone, s->base_unchecked);
		text_gone(out, s);
	}
	text_ranges(out, hinted ? "code under non-function symbols, not walked" :
		    "code under non-function symbols", &s->facts.ranges);
	text_ranges(out, "code under non-function symbols, walked from hints",
		    &s->facts.hinted);
}

/* ---- JSON ---- */

static void json_tallies(FILE *out, const char *name, const struct tallies *t)
{
	size_t i;

	fprintf(out, ",\"%s\":{", name);
	for (i = 0; i < t->nr; i++) {
		fputs(i ? "," : "", out);
		json_string(out, t->t[i].key);
		fprintf(out, ":{\"total\":%" PRIu64 ",\"new\":%" PRIu64 "}",
			t->t[i].total, t->t[i].fresh);
	}
	fputc('}', out);
}

static void json_facts(FILE *out, const struct run_summary *s)
{
	const struct obj_facts *t = &s->facts;

	fprintf(out, ",\"objects\":%" PRIu64 ",\"functions\":{\"walked\":%" PRIu64
		",\"no_findings\":%" PRIu64 ",\"with_findings\":%" PRIu64
		",\"not_walked\":{\"%s\":%" PRIu64 ",\"%s\":%" PRIu64 ",\"%s\":%" PRIu64 "}}",
		s->objects, t->walked, t->walked - t->with_findings, t->with_findings,
		unwalked_names[UNWALKED_DATA], t->unwalked[UNWALKED_DATA],
		unwalked_names[UNWALKED_IGNORED], t->unwalked[UNWALKED_IGNORED],
		unwalked_names[UNWALKED_UNSUPPORTED], t->unwalked[UNWALKED_UNSUPPORTED]);
	code_list_json(out, "ignored_functions", &t->ignored, true, true);
	fprintf(out, ",\"coverage\":{\"instructions\":%" PRIu64 ",\"walked_bytes\":%"
		PRIu64 ",\"executable_bytes\":%" PRIu64 ",\"non_function_bytes\":%"
		PRIu64 ",\"data_bytes\":%" PRIu64, t->insns, t->walked_bytes,
		t->exec_bytes, t->nonfunc_bytes, t->data_bytes);
	if (t->hinted_bytes)
		fprintf(out, ",\"non_function_walked_bytes\":%" PRIu64, t->hinted_bytes);
	fputc('}', out);
}

static void json_gone(FILE *out, const struct run_summary *s)
{
	bool first = true;
	size_t i;

	fputs(",\"baseline\":{\"file\":", out);
	json_string(out, s->base->file);
	fprintf(out, ",\"entries\":%zu,\"matched\":%" PRIu64 ",\"not_checked\":%"
		PRIu64 ",\"gone\":[", s->base->nr, s->base_matched, s->base_unchecked);
	for (i = 0; i < s->base->nr; i++) {
		const struct baseline_entry *e = &s->base->e[i];

		if (e->matched || !e->checked)
			continue;
		fprintf(out, "%s{\"line\":%u,\"path\":", first ? "" : ",", e->line);
		json_string(out, e->path);
		fputs(",\"symbol\":", out);
		json_string(out, e->symbol);
		fputs(",\"check\":", out);
		json_string(out, e->check);
		fprintf(out, ",\"digest\":\"%016" PRIx64 "\"", e->digest);
		if (e->reason) {
			fputs(",\"reason\":", out);
			json_string(out, e->reason);
		}
		fputc('}', out);
		first = false;
	}
	fputs("]}", out);
}

static void json_reasons(FILE *out, const struct run_summary *s)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	bool first = true;

	fputs(",\"reasons\":[", out);
	if (m) {
		print_reasons(m, s, "", "\n");
		fclose(m);
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			fputs(first ? "" : ",", out);
			json_string(out, line);
			first = false;
		}
	}
	free(buf);
	fputc(']', out);
}

static void json_errors(FILE *out, const struct run_summary *s)
{
	size_t i;

	fputs(",\"errors\":[", out);
	for (i = 0; i < s->nr_errors; i++) {
		fputs(i ? ",{\"file\":" : "{\"file\":", out);
		json_string(out, s->errors[i].file);
		fputs(",\"error\":", out);
		json_string(out, s->errors[i].why);
		fputc('}', out);
	}
	fputc(']', out);
}

/* One object; with results, the findings listed as JSON Lines has them. */
void summary_json(FILE *out, const struct run_summary *s, bool results)
{
	size_t i;

	sort_tallies(&s->checks);
	sort_tallies(&s->classes);
	sort_tallies(&s->dirs);
	fprintf(out, "{\"verdict\":\"%s\"", summary_ready(s) ? "READY" : "NOT READY");
	json_reasons(out, s);
	json_facts(out, s);
	fprintf(out, ",\"findings\":{\"total\":%" PRIu64 ",\"new\":%" PRIu64,
		s->findings, s->fresh);
	json_tallies(out, "by_check", &s->checks);
	json_tallies(out, "by_class", &s->classes);
	json_tallies(out, "by_directory", &s->dirs);
	fputc('}', out);
	code_list_json(out, "non_function_code", &s->facts.ranges, false, true);
	code_list_json(out, "non_function_code_walked", &s->facts.hinted, true, true);
	json_errors(out, s);
	if (s->baseline)
		json_gone(out, s);
	if (results) {
		fputs(",\"results\":[", out);
		for (i = 0; i < s->nr_list; i++) {
			fputs(i ? "," : "", out);
			report_view_json(out, &s->list[i].v);
			fputc('}', out);
		}
		fputc(']', out);
	}
	fputs("}\n", out);
}

/* ---- Markdown ---- */

/* Text in a table cell: nothing in it may start markup or end the cell. */
static void md_cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]|#", *s))
			fprintf(out, "\\%c", *s);
		else if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else
			fputc(*s == '\n' ? ' ' : *s, out);
	}
}

static void md_row(FILE *out, const char *what, uint64_t n)
{
	fprintf(out, "| %s | %" PRIu64 " |\n", what, n);
}

static void md_facts(FILE *out, const struct run_summary *s)
{
	const struct obj_facts *t = &s->facts;
	bool hinted = t->hinted.nr;
	char pc[16];
	int u;

	percent(pc, sizeof(pc), t->walked_bytes, t->exec_bytes);
	fputs("| | |\n|:--|--:|\n", out);
	md_row(out, "objects", s->objects);
	md_row(out, "functions walked", t->walked);
	md_row(out, "&emsp;with no finding", t->walked - t->with_findings);
	md_row(out, "&emsp;with findings", t->with_findings);
	for (u = WALKED + 1; u < UNWALKED_MAX; u++) {
		char what[64];

		snprintf(what, sizeof(what), "functions not walked: %s", unwalked_words[u]);
		md_row(out, what, t->unwalked[u]);
	}
	/* as the text says it: the same words unless hints walked some */
	md_row(out, hinted ? "instructions walked" : "instructions in walked functions",
	       t->insns);
	fprintf(out, "| %s | %" PRIu64 " (%s) |\n", hinted ?
		"bytes walked: in functions, and non-function code from hints" :
		"bytes in walked functions", t->walked_bytes, pc);
	md_row(out, "executable bytes", t->exec_bytes);
	fprintf(out, "| code under non-function symbols%s | %" PRIu64 " bytes in %zu %s |\n",
		hinted ? ", not walked" : "", t->nonfunc_bytes, t->ranges.nr,
		plural(t->ranges.nr, "range", "ranges"));
	if (hinted)
		fprintf(out, "| code under non-function symbols, walked from hints | %"
			PRIu64 " bytes in %zu %s |\n", t->hinted_bytes, t->hinted.nr,
			plural(t->hinted.nr, "range", "ranges"));
	md_row(out, "data in text (bytes)", t->data_bytes);
	md_row(out, "findings", s->findings);
	if (s->baseline)
		md_row(out, "&emsp;not in the baseline", s->fresh);
}

static void md_table(FILE *out, const char *title, const char *col,
		     const struct tallies *t, bool baseline)
{
	size_t i;

	if (!t->nr)
		return;
	fprintf(out, "\n### %s\n\n| %s | findings |%s\n|:--|--:|%s\n", title, col,
		baseline ? " not in the baseline |" : "", baseline ? "--:|" : "");
	for (i = 0; i < t->nr; i++) {
		fputs("| ", out);
		md_cell(out, t->t[i].key);
		fprintf(out, " | %" PRIu64 " |", t->t[i].total);
		if (baseline)
			fprintf(out, " %" PRIu64 " |", t->t[i].fresh);
		fputc('\n', out);
	}
}

static void md_findings(FILE *out, const struct run_summary *s)
{
	size_t i;

	if (!s->nr_list)
		return;
	fprintf(out, "\n### %s\n\n| object | source | place | check | message |\n"
		"|:--|:--|:--|:--|:--|\n",
		s->baseline ? "Findings not in the baseline" : "Findings");
	for (i = 0; i < s->nr_list && i < MD_MAX_ROWS; i++) {
		const struct finding_view *v = &s->list[i].v;
		char place[32];

		fputs("| ", out);
		md_cell(out, v->file);
		fputs(" | ", out);
		if (v->src_file) {
			md_cell(out, v->src_file);
			fprintf(out, ":%u", v->src_line);
		}
		fputs(" | ", out);
		md_cell(out, v->symbol);
		snprintf(place, sizeof(place), "+0x%" PRIx64, v->offset);
		fprintf(out, "%s | %s | ", place, v->check);
		md_cell(out, v->message);
		fputs(v->suppressed ? " (in the baseline) |\n" : " |\n", out);
	}
	if (s->nr_list > MD_MAX_ROWS)
		fprintf(out, "\nand %zu more: see the log or the SARIF file.\n",
			s->nr_list - MD_MAX_ROWS);
}

/* Each function ignored, by name, under the figures: never hidden. */
static void md_ignored(FILE *out, const struct run_summary *s)
{
	const struct code_list *l = &s->facts.ignored;
	size_t i;

	if (!l->nr)
		return;
	fputs("\n### Functions ignored by annotation\n\n| object | function |\n|:--|:--|\n",
	      out);
	for (i = 0; i < l->nr && i < MD_MAX_ROWS; i++) {
		fputs("| ", out);
		md_cell(out, l->v[i].file);
		fputs(" | ", out);
		md_cell(out, l->v[i].symbol);
		fputs(" |\n", out);
	}
	if (l->nr > MD_MAX_ROWS)
		fprintf(out, "\nand %zu more: see the text or JSON summary.\n",
			l->nr - MD_MAX_ROWS);
}

static void md_ranges(FILE *out, const char *title, const struct code_list *l)
{
	size_t i;

	if (!l->nr)
		return;
	fprintf(out, "\n<details><summary>%s: %zu %s</summary>\n\n"
		"| object | section | offset | bytes | symbol |\n|:--|:--|--:|--:|:--|\n",
		title, l->nr, plural(l->nr, "range", "ranges"));
	for (i = 0; i < l->nr; i++) {
		const struct code_item *r = &l->v[i];

		fputs("| ", out);
		md_cell(out, r->file);
		fputs(" | ", out);
		md_cell(out, r->section);
		fprintf(out, " | 0x%" PRIx64 " | %" PRIu64 " | ", r->offset, r->size);
		md_cell(out, r->symbol);
		fputs(" |\n", out);
	}
	fputs("\n</details>\n", out);
}

static void md_baseline(FILE *out, const struct run_summary *s)
{
	size_t i;

	fputs("\n### Baseline\n\n", out);
	md_cell(out, s->base->file);
	fprintf(out, ": %zu %s, %" PRIu64 " matched, %" PRIu64 " no longer found, %"
		PRIu64 " for objects not checked.\n", s->base->nr,
		plural(s->base->nr, "entry", "entries"), s->base_matched,
		s->base_gone, s->base_unchecked);
	if (!s->base_gone)
		return;
	fputs("\n| line | entry no longer found: delete it |\n|--:|:--|\n", out);
	for (i = 0; i < s->base->nr; i++) {
		const struct baseline_entry *e = &s->base->e[i];

		if (e->matched || !e->checked)
			continue;
		fprintf(out, "| %u | ", e->line);
		md_cell(out, e->path);
		fputc(' ', out);
		md_cell(out, e->symbol);
		fprintf(out, " %s %016" PRIx64 " |\n", e->check, e->digest);
	}
}

void summary_markdown(FILE *out, const struct run_summary *s)
{
	sort_tallies(&s->checks);
	sort_tallies(&s->classes);
	sort_tallies(&s->dirs);
	fprintf(out, "## Reliable stack traces: %s\n\n",
		summary_ready(s) ? "READY" : "NOT READY");
	print_reasons(out, s, "- ", "\n");
	if (!summary_ready(s))
		fputc('\n', out);
	md_facts(out, s);
	md_ignored(out, s);
	md_table(out, "Findings by check", "check", &s->checks, s->baseline);
	md_table(out, "Findings by section class", "section class", &s->classes,
		 s->baseline);
	md_table(out, "Findings by directory", "directory", &s->dirs, s->baseline);
	md_findings(out, s);
	if (s->baseline)
		md_baseline(out, s);
	md_ranges(out, s->facts.hinted.nr ? "Code under non-function symbols, not walked" :
		  "Code under non-function symbols", &s->facts.ranges);
	md_ranges(out, "Code under non-function symbols, walked from hints",
		  &s->facts.hinted);
}
