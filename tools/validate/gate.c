// SPDX-License-Identifier: GPL-2.0
/*
 * The run as a CI gate: a baseline that suppresses today's findings so
 * that only new ones fail, the readiness summary over everything given,
 * SARIF for code-scanning pages, and output files written whole or not
 * at all.  Objects come validated (gate_object()) or as the report files
 * a build wrapper left (gate_report_file()): both give the same facts.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "gate.h"
#include "jsonread.h"
#include "outfile.h"
#include "report.h"
#include "sarif.h"
#include "summary.h"
#include "validate/vec.h"

#define OUTSIDE_ROOT	"(outside the root)"

struct gate {
	const struct gate_options *go;
	const struct options *opts;
	FILE *out;
	struct outfile output;		/* --output */
	struct outfile next_file;	/* --write-baseline */
	struct outfile report;		/* --report */
	struct baseline base;		/* --baseline; empty without */
	struct baseline next;		/* what --write-baseline writes */
	char *cwd;
	char *root;			/* absolute, normalised */
	struct gate_finding *kept;	/* for the end: summary, SARIF */
	size_t nr_kept, alloc_kept;
	char **seen;			/* objects checked, relative to root */
	size_t nr_seen, alloc_seen;
	struct run_summary sum;
	bool stream;			/* text or JSON Lines as objects come */
};

/* ---- Paths ---- */

/* dir/path (path alone if absolute) with ".", ".." and "//" taken out. */
static char *normalise(const char *dir, const char *path)
{
	size_t n = strlen(dir) + strlen(path) + 3;
	char *in = malloc(n), *out = malloc(n), *c, *save = NULL;
	size_t len = 0;

	if (!in || !out) {
		free(in);
		free(out);
		return NULL;
	}
	snprintf(in, n, "%s/%s", path[0] == '/' ? "" : dir, path);
	out[0] = '\0';
	for (c = strtok_r(in, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			while (len && out[--len] != '/')
				;
			out[len] = '\0';
			continue;
		}
		len += sprintf(out + len, "/%s", c);
	}
	if (!len)
		strcpy(out, "/");
	free(in);
	return out;
}

/*
 * The object's path relative to --root, as the baseline keys it: an
 * archive member keeps its "(member.o)".  A report's relative paths are
 * relative to the build's directory already; a path outside the root
 * stays absolute.
 */
static char *rel_path(const struct gate *g, const char *name, bool report)
{
	size_t n = strlen(name);
	const char *member = n && name[n - 1] == ')' ? strrchr(name, '(') : NULL;
	char *file = strndup(name, member ? (size_t)(member - name) : n);
	char *abs = file ? normalise(report && file[0] != '/' ? "" : g->cwd, file) : NULL;
	size_t r = strlen(g->root);
	const char *rel = abs;
	char *out = NULL;

	if (abs && report && file[0] != '/')
		rel = abs + 1;
	else if (abs && !strcmp(g->root, "/"))
		rel = abs + 1;
	else if (abs && !strncmp(abs, g->root, r) && abs[r] == '/')
		rel = abs + r + 1;
	if (abs && asprintf(&out, "%s%s", rel, member ? member : "") < 0)
		out = NULL;
	free(file);
	free(abs);
	return out;
}

/* The top-level directory of the tree an object is in. */
static int top_dir(const char *rel, char *buf, size_t len)
{
	const char *slash = strchr(rel, '/');

	if (rel[0] == '/')
		return snprintf(buf, len, OUTSIDE_ROOT);
	if (!slash)
		return snprintf(buf, len, ".");
	return snprintf(buf, len, "%.*s", (int)(slash - rel), rel);
}

/* foo.constprop.0 -> foo.constprop.N: the compiler numbers clones anew. */
static char *symbol_key(const char *sym)
{
	char *k = malloc(strlen(sym) + 1), *o = k;
	const char *p = sym;

	if (!k)
		return NULL;
	while (*p) {
		size_t digits = p[0] == '.' ? strspn(p + 1, "0123456789") : 0;

		if (p != sym && digits && (p[digits + 1] == '.' || !p[digits + 1])) {
			o += sprintf(o, ".N");
			p += digits + 1;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return k;
}

/* ---- Objects ---- */

/*
 * --report: the object's findings as --format=json prints them, with their
 * digests and never judged against a baseline, then its summary record.
 */
static void report_object(FILE *out, struct ctx *ctx,
			  const struct obj_facts *facts)
{
	size_t i;

	for (i = 0; i < ctx->nr_findings; i++) {
		struct finding_view v;

		report_view_of(ctx, &ctx->findings[i], &v);
		v.has_digest = true;
		v.suppressed = false;
		v.reason = NULL;
		report_view_json(out, &v);
		fputs("}\n", out);
	}
	facts_print_record(out, ctx->obj->name, facts);
}

static int note_seen(struct gate *g, const char *rel)
{
	if (VEC_GROW(g->seen, g->alloc_seen, g->nr_seen))
		return -1;
	g->seen[g->nr_seen] = strdup(rel);
	return g->seen[g->nr_seen++] ? 0 : -1;
}

/* A copy of the finding for the end of the run. */
static int keep(struct gate *g, const struct finding_view *v, const char *rel,
		const char *key)
{
	struct gate_finding *k;
	struct finding_view *c;

	if (VEC_GROW(g->kept, g->alloc_kept, g->nr_kept))
		return -1;
	k = &g->kept[g->nr_kept++];
	memset(k, 0, sizeof(*k));
	c = &k->v;
	*c = *v;
	c->file = strdup(v->file);
	c->section = strdup(v->section);
	c->symbol = strdup(v->symbol);
	c->check = strdup(v->check);
	c->message = strdup(v->message);
	c->src_file = v->src_file ? strdup(v->src_file) : NULL;
	k->path = strdup(rel);
	k->symbol_key = strdup(key);
	return c->file && c->section && c->symbol && c->check && c->message &&
	       (c->src_file || !v->src_file) && k->path && k->symbol_key ? 0 : -1;
}

/*
 * One finding: matched against the baseline (the view is marked), added
 * to the next baseline and the counts, and kept when the end of the run
 * lists it.
 */
static int judge(struct gate *g, struct finding_view *v, const char *rel)
{
	struct baseline_entry *e = NULL;
	char *key = symbol_key(v->symbol), dir[256];
	int ret;

	if (!key)
		return -1;
	if (g->go->baseline)
		e = baseline_match(&g->base, rel, key, v->check, v->digest);
	v->suppressed = e != NULL;
	v->reason = e ? e->reason : NULL;
	top_dir(rel, dir, sizeof(dir));
	ret = summary_add_finding(&g->sum, v->check, v->section, dir, !e);
	if (!ret && g->go->write_baseline)
		ret = baseline_add(&g->next, rel, key, v->check, v->digest,
				   v->reason);
	if (!ret && !g->stream &&
	    (g->opts->format == FORMAT_SARIF || !e || g->opts->show_suppressed))
		ret = keep(g, v, rel, key);
	free(key);
	return ret;
}

/*
 * Only a summary (--summary, the markdown format) and --report show an
 * object's facts; the verdict needs only that it was checked.  Gathering
 * them is a pass over every function after the walk (5 ms on one thread
 * for vmlinux.o).
 */
static bool shows_facts(const struct gate *g)
{
	return g->go->summary || g->go->report ||
	       g->opts->format == FORMAT_MARKDOWN;
}

int gate_object(struct gate *g, struct ctx *ctx)
{
	char *rel = rel_path(g, ctx->obj->name, false);
	struct obj_facts facts = { 0 };
	size_t i;
	int ret;

	if (!rel)
		return -1;
	ret = note_seen(g, rel) || (shows_facts(g) && facts_of(ctx, &facts));
	if (!ret)
		ret = summary_add_object(&g->sum, ctx->obj->name, &facts);
	/* before the baseline marks any finding */
	if (!ret && g->go->report)
		report_object(g->report.f, ctx, &facts);
	facts_release(&facts);
	for (i = 0; i < ctx->nr_findings && !ret; i++) {
		struct finding *f = &ctx->findings[i];
		struct finding_view v;

		report_view_of(ctx, f, &v);
		ret = judge(g, &v, rel);
		f->suppressed = v.suppressed;
		f->reason = v.reason;
	}
	free(rel);
	if (!ret && g->stream)
		report_findings(ctx, g->out);
	return ret;
}

void gate_trouble(struct gate *g, const char *file, const char *why)
{
	/* out of memory here loses a line of the list, not the exit status */
	summary_add_error(&g->sum, file, why);
}

/* ---- Report files ---- */

struct report_reader {
	struct gate *g;
	const char *path;
	unsigned int line;
	uint64_t findings;		/* finding lines since the last record */
	bool record;			/* the last line was a record */
	char *err;
	size_t len;
};

static int bad_report(struct report_reader *r, const char *what)
{
	snprintf(r->err, r->len, "%s:%u: error: validate: malformed report: %s",
		 r->path, r->line, what);
	gate_trouble(r->g, r->path, what);
	return -1;
}

/* A finding line, as --format=json prints it with its digest. */
static int report_finding(struct report_reader *r, const struct jv *v)
{
	struct finding_view f = { .file_offset = -1 };
	const struct jv *src = jv_get(v, "source");
	const char *digest = jv_string(v, "digest");
	uint64_t line = 0;
	char *rel, *end = NULL;
	int ret;

	f.file = jv_string(v, "file");
	f.section = jv_string(v, "section");
	f.symbol = jv_string(v, "symbol");
	f.check = jv_string(v, "check");
	f.message = jv_string(v, "message");
	if (!f.file || !f.section || !f.symbol || !f.check || !f.message ||
	    !jv_count(v, "address", &f.address) || !jv_count(v, "offset", &f.offset))
		return bad_report(r, "a finding without file, section, address, symbol, offset, check or message");
	if (check_by_name(f.check) == CHECK_MAX)
		return bad_report(r, "a finding of an unknown check");
	if (!digest || strlen(digest) != 16 ||
	    (f.digest = strtoull(digest, &end, 16), *end))
		return bad_report(r, "a finding without its digest");
	if (src && (!(f.src_file = jv_string(src, "file")) ||
		    !jv_count(src, "line", &line) || line > UINT32_MAX))
		return bad_report(r, "a source that is not {file, line}");
	f.src_line = (unsigned int)line;
	f.has_digest = r->g->opts->digests;
	rel = rel_path(r->g, f.file, true);
	if (!rel)
		return bad_report(r, "out of memory");
	ret = judge(r->g, &f, rel);
	free(rel);
	if (ret)
		return bad_report(r, "out of memory");
	if (r->g->stream && (!f.suppressed || r->g->opts->show_suppressed)) {
		if (r->g->opts->format == FORMAT_JSON) {
			report_view_json(r->g->out, &f);
			fputs("}\n", r->g->out);
		} else {
			report_view_text(r->g->out, &f);
		}
	}
	r->findings++;
	return 0;
}

/* {"file": F, "summary": {...}}: the object's facts; its findings before. */
static int report_record(struct report_reader *r, const struct jv *v)
{
	const char *file = jv_string(v, "file");
	struct obj_facts facts;
	char why[160], *rel;
	int ret;

	if (!file)
		return bad_report(r, "a summary record without its file");
	if (facts_from_record(jv_get(v, "summary"), &facts, why, sizeof(why))) {
		facts_release(&facts);
		return bad_report(r, why);
	}
	if (facts.findings != r->findings) {
		facts_release(&facts);
		return bad_report(r, "the summary record counts other findings than the report has");
	}
	rel = rel_path(r->g, file, true);
	ret = !rel || note_seen(r->g, rel) ||
	      summary_add_object(&r->g->sum, file, &facts);
	free(rel);
	facts_release(&facts);
	r->record = true;
	r->findings = 0;
	return ret ? bad_report(r, "out of memory") : 0;
}

/* {"file": F, "error": WHY}: the wrapper's validate could not check F. */
static int report_error(struct report_reader *r, const struct jv *v,
			const char *why)
{
	const char *file = jv_string(v, "file");

	snprintf(r->err, r->len, "%s: error: validate: %s (report %s)",
		 file ? file : r->path, why, r->path);
	gate_trouble(r->g, file ? file : r->path, why);
	r->record = true;
	return -1;
}

static int report_line(struct report_reader *r, const char *text)
{
	char why[128];
	struct jv v;
	int ret;

	if (jv_parse(&v, text, why, sizeof(why))) {
		jv_free(&v);
		return bad_report(r, why);
	}
	if (v.type != JV_OBJECT)
		ret = bad_report(r, "a line that is no JSON object");
	else if (jv_get(&v, "summary"))
		ret = report_record(r, &v);
	else if (jv_string(&v, "error"))
		ret = report_error(r, &v, jv_string(&v, "error"));
	else if (!(ret = report_finding(r, &v)))
		r->record = false;
	jv_free(&v);
	return ret;
}

int gate_report_file(struct gate *g, const char *path, char *err, size_t len)
{
	struct report_reader r = { .g = g, .path = path, .err = err, .len = len };
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	if (!f) {
		snprintf(err, len, "%s: error: validate: cannot open: %s", path,
			 strerror(errno));
		gate_trouble(g, path, strerror(errno));
		return -1;
	}
	while (!ret && (n = getline(&buf, &cap, f)) != -1) {
		r.line++;
		if (n && buf[n - 1] == '\n')
			buf[--n] = '\0';
		ret = strlen(buf) != (size_t)n ? bad_report(&r, "a NUL byte") :
		      report_line(&r, buf);
	}
	r.line++;
	if (!ret && (!r.record || r.line == 1))
		ret = bad_report(&r, "no summary record: the report is incomplete");
	free(buf);
	fclose(f);
	return ret;
}

bool gate_is_report(const char *path)
{
	size_t n = strlen(path);

	return n > 6 && !strcmp(path + n - 6, ".jsonl");
}

/* ---- The run ---- */

static int open_outputs(struct gate *g, char *err, size_t len)
{
	if (g->go->write_baseline &&
	    outfile_open(&g->next_file, g->go->write_baseline, err, len))
		return -1;
	if (g->go->output && outfile_open(&g->output, g->go->output, err, len))
		return -1;
	if (g->go->report && outfile_open(&g->report, g->go->report, err, len))
		return -1;
	g->out = g->go->output ? g->output.f : stdout;
	return 0;
}

static int find_root(struct gate *g, char *err, size_t len)
{
	const char *root = g->go->root ? g->go->root : ".";
	const char *why = NULL;
	struct stat st;

	g->cwd = getcwd(NULL, 0);
	if (!g->cwd) {
		snprintf(err, len, "validate: cannot name the current directory: %s",
			 strerror(errno));
		return -1;
	}
	if (stat(root, &st))
		why = strerror(errno);
	else if (!S_ISDIR(st.st_mode))
		why = "not a directory";
	if (why) {
		snprintf(err, len, "%s: error: validate: --root: %s", root, why);
		return -1;
	}
	g->root = normalise(g->cwd, root);
	return g->root ? 0 : -1;
}

struct gate *gate_open(const struct gate_options *go, struct options *opts,
		       char *err, size_t len)
{
	struct gate *g = calloc(1, sizeof(*g));

	if (!g) {
		snprintf(err, len, "validate: out of memory");
		return NULL;
	}
	g->go = go;
	g->opts = opts;
	opts->digests |= go->baseline || go->write_baseline;
	g->stream = opts->format == FORMAT_TEXT ||
		    (opts->format == FORMAT_JSON && !go->summary);
	g->sum.baseline = go->baseline != NULL;
	g->sum.base = go->baseline ? &g->base : NULL;
	g->sum.show_suppressed = opts->show_suppressed;
	if (find_root(g, err, len) ||
	    (go->baseline && baseline_read(&g->base, go->baseline, err, len)) ||
	    open_outputs(g, err, len)) {
		gate_free(g);
		return NULL;
	}
	return g;
}

FILE *gate_out(const struct gate *g)
{
	return g->out;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Which entries no longer occur: only in objects this run checked. */
static void settle_baseline(struct gate *g)
{
	size_t i;

	if (g->nr_seen > 1)
		qsort(g->seen, g->nr_seen, sizeof(*g->seen), cmp_str);
	for (i = 0; i < g->base.nr; i++) {
		struct baseline_entry *e = &g->base.e[i];
		char *key = e->path;

		e->checked = g->nr_seen &&
			     bsearch(&key, g->seen, g->nr_seen, sizeof(*g->seen),
				     cmp_str);
		g->sum.base_matched += e->matched;
		g->sum.base_gone += !e->matched && e->checked;
		g->sum.base_unchecked += !e->checked;
	}
}

/* Without --summary: each entry no longer found, where a line goes. */
static void print_gone(struct gate *g)
{
	size_t i;

	for (i = 0; i < g->base.nr; i++) {
		const struct baseline_entry *e = &g->base.e[i];

		if (e->matched || !e->checked)
			continue;
		if (g->opts->format == FORMAT_JSON) {
			fputs("{\"baseline\":", g->out);
			json_string(g->out, g->base.file);
			fprintf(g->out, ",\"line\":%u,\"gone\":{\"path\":", e->line);
			json_string(g->out, e->path);
			fputs(",\"symbol\":", g->out);
			json_string(g->out, e->symbol);
			fprintf(g->out, ",\"check\":\"%s\",\"digest\":\"%016" PRIx64 "\"",
				e->check, e->digest);
			if (e->reason) {
				fputs(",\"reason\":", g->out);
				json_string(g->out, e->reason);
			}
			fputs("}}\n", g->out);
			continue;
		}
		fprintf(g->out, "%s:%u: note: validate: no longer found, delete the entry: ",
			g->base.file, e->line);
		baseline_print_key(e, g->out);
		fputc('\n', g->out);
	}
}

static void print_end(struct gate *g)
{
	struct sarif_run sr = {
		.results = g->kept, .nr_results = g->nr_kept,
		.baseline = g->go->baseline,
		.summary = g->go->summary ? &g->sum : NULL,
	};

	g->sum.list = g->kept;
	g->sum.nr_list = g->nr_kept;
	switch (g->opts->format) {
	case FORMAT_SARIF:
		sarif_write(g->out, &sr);
		break;
	case FORMAT_MARKDOWN:
		summary_markdown(g->out, &g->sum);
		break;
	case FORMAT_JSON:
		if (g->go->summary)
			summary_json(g->out, &g->sum, true);
		else
			print_gone(g);
		break;
	case FORMAT_TEXT:
		if (g->go->summary)
			summary_text(g->out, &g->sum);
		else
			print_gone(g);
		break;
	}
}

/* Written whole, or, after trouble, not at all. */
static int close_outputs(struct gate *g, bool trouble, char *err, size_t len)
{
	int ret = 0;

	if (g->go->write_baseline && trouble) {
		outfile_abandon(&g->next_file);
	} else if (g->go->write_baseline) {
		baseline_sort(&g->next);
		baseline_print(&g->next, g->next_file.f);
		ret = outfile_commit(&g->next_file, err, len);
	}
	if (g->go->report && (trouble || ret))
		outfile_abandon(&g->report);
	else if (g->go->report)
		ret = outfile_commit(&g->report, err, len);
	if (g->go->output && (trouble || ret))
		outfile_abandon(&g->output);
	else if (g->go->output)
		ret = outfile_commit(&g->output, err, len);
	return ret;
}

enum gate_verdict gate_finish(struct gate *g, bool trouble, char *err,
			      size_t len)
{
	settle_baseline(g);
	print_end(g);
	if (close_outputs(g, trouble, err, len))
		return GATE_TROUBLE;
	if (trouble)
		return GATE_TROUBLE;
	return summary_ready(&g->sum) ? GATE_CLEAN : GATE_FINDINGS;
}

void gate_free(struct gate *g)
{
	size_t i;

	if (!g)
		return;
	outfile_abandon(&g->output);
	outfile_abandon(&g->next_file);
	outfile_abandon(&g->report);
	for (i = 0; i < g->nr_kept; i++) {
		struct finding_view *v = &g->kept[i].v;

		free((char *)v->file);
		free((char *)v->section);
		free((char *)v->symbol);
		free((char *)v->check);
		free((char *)v->message);
		free((char *)v->src_file);
		free(g->kept[i].path);
		free(g->kept[i].symbol_key);
	}
	free(g->kept);
	for (i = 0; i < g->nr_seen; i++)
		free(g->seen[i]);
	free(g->seen);
	summary_free(&g->sum);
	baseline_free(&g->base);
	baseline_free(&g->next);
	free(g->cwd);
	free(g->root);
	free(g);
}
