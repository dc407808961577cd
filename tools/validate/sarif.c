// SPDX-License-Identifier: GPL-2.0
/*
 * SARIF 2.1.0 (OASIS): one run, the rules from the check table with the
 * first paragraph of each check's section of Documentation/checks.md as
 * the full description, and one result a finding.  A finding the
 * baseline matches is a suppressed result, not a dropped one: code
 * scanning shows it as dismissed.
 */
#include <inttypes.h>
#include <string.h>

#include "sarif.h"

/* From the Makefile: checks.md's address (a URI without '"' or '\'). */
#ifndef DOC_URI
#define DOC_URI		"file:///usr/share/doc/validate/checks.md"
#endif
#ifndef VALIDATE_VERSION
#define VALIDATE_VERSION	"unknown"
#endif

static const struct {
	const char *id;
	const char *text;
} check_docs[] = {
#include "checkdocs.h"
};

static const char *full_description(enum check_id c)
{
	size_t i;

	for (i = 0; i < sizeof(check_docs) / sizeof(*check_docs); i++)
		if (!strcmp(check_docs[i].id, check_info(c)->id))
			return check_docs[i].text;
	return check_info(c)->summary;
}

static void json_char(FILE *out, unsigned char c)
{
	if (c == '"' || c == '\\')
		fprintf(out, "\\%c", c);
	else if (c < 0x20)
		fprintf(out, "\\u%04x", c);
	else
		fputc(c, out);
}

static void json_chars(FILE *out, const char *s)
{
	for (; *s; s++)
		json_char(out, *s);
}

/*
 * checks.md's Markdown as a JSON string: links become their text (its
 * relative links lead nowhere on a code-scanning page); as plain text the
 * code spans lose their backticks too.
 */
static void json_doc(FILE *out, const char *s, bool plain)
{
	const char *mid, *end;

	fputc('"', out);
	for (; *s; s++) {
		mid = *s == '[' ? strstr(s, "](") : NULL;
		end = mid ? strchr(mid, ')') : NULL;
		if (end) {
			for (s++; s < mid; s++)
				json_char(out, *s);
			s = end;
		} else if (!(plain && *s == '`')) {
			json_char(out, *s);
		}
	}
	fputc('"', out);
}

/* A path as a URI reference: an absolute one as file://, bytes outside
 * the unreserved set and '/' as %XX. */
static void uri_path(FILE *out, const char *path, size_t len)
{
	const char *end = path + len;

	fputc('"', out);
	if (path[0] == '/')
		fputs("file://", out);
	for (; path < end; path++) {
		unsigned char c = *path;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c))
			fputc(c, out);
		else
			fprintf(out, "%%%02X", c);
	}
	fputc('"', out);
}

static void write_rule(FILE *out, enum check_id c)
{
	const struct check_info *ci = check_info(c);

	/* no "name": ours would only repeat the id */
	fprintf(out, "{\"id\":\"%s\",\"shortDescription\":{\"text\":", ci->id);
	json_string(out, ci->summary);
	fputs("},\"fullDescription\":{\"text\":", out);
	json_doc(out, full_description(c), true);
	fputs(",\"markdown\":", out);
	json_doc(out, full_description(c), false);
	fputs("},\"help\":{\"text\":", out);
	json_doc(out, full_description(c), true);
	fputs(",\"markdown\":", out);
	json_doc(out, full_description(c), false);
	fprintf(out, "},\"helpUri\":\"%s#%s\",\"defaultConfiguration\":{\"level\":\"warning\"}}",
		DOC_URI, ci->id);
}

/* The message as a sentence: SARIF's viewers expect the full stop. */
static void message(FILE *out, const char *m)
{
	size_t n = strlen(m);

	fputs("{\"text\":\"", out);
	json_chars(out, m);
	fputs(n && m[n - 1] == '.' ? "\"}" : ".\"}", out);
}

/*
 * Source file and line where the object has them, else the object's own
 * bytes (an archive's member inside the archive).
 */
static void location(FILE *out, const struct gate_finding *g)
{
	const struct finding_view *v = &g->v;
	size_t n = strlen(g->path);
	const char *member = n && g->path[n - 1] == ')' ? strrchr(g->path, '(') : NULL;

	fputs("{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
	if (v->src_file) {
		uri_path(out, v->src_file, strlen(v->src_file));
		fprintf(out, "},\"region\":{\"startLine\":%u}}", v->src_line);
	} else {
		uri_path(out, g->path, member ? (size_t)(member - g->path) : n);
		fputc('}', out);
		if (v->file_offset >= 0)
			fprintf(out, ",\"region\":{\"byteOffset\":%" PRId64
				",\"byteLength\":4}", v->file_offset);
		fputc('}', out);
	}
	fputs(",\"logicalLocations\":[{\"name\":", out);
	json_string(out, v->symbol);
	fputs(",\"fullyQualifiedName\":\"", out);
	json_chars(out, v->symbol);
	fprintf(out, "+0x%" PRIx64 "\"", v->offset);
	if (strcmp(v->symbol, v->section))
		fputs(",\"kind\":\"function\"", out);
	fputs("}]}", out);
}

static void write_result(FILE *out, const struct sarif_run *r,
			 const struct gate_finding *g)
{
	const struct finding_view *v = &g->v;
	enum check_id c = check_by_name(v->check);

	fprintf(out, "{\"ruleId\":\"%s\",\"ruleIndex\":%d,\"level\":\"warning\",\"message\":",
		v->check, (int)c);
	message(out, v->message);
	fputs(",\"locations\":[", out);
	location(out, g);
	fputs("],\"partialFingerprints\":{\"validateSite/v1\":\"", out);
	json_chars(out, g->path);
	fputc('|', out);
	json_chars(out, g->symbol_key);
	fprintf(out, "|%s|%016" PRIx64 "\"}", v->check, v->digest);
	if (r->baseline)
		fprintf(out, ",\"baselineState\":\"%s\"",
			v->suppressed ? "unchanged" : "new");
	if (v->suppressed) {
		fputs(",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":", out);
		json_string(out, v->reason ? v->reason : r->baseline);
		fputs("}]", out);
	}
	fputc('}', out);
}

void sarif_write(FILE *out, const struct sarif_run *r)
{
	size_t i;
	int c;

	fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"validate\",\"version\":", out);
	json_string(out, VALIDATE_VERSION);
	fprintf(out, ",\"informationUri\":\"%s\",\"rules\":[", DOC_URI);
	for (c = 0; c < CHECK_MAX; c++) {
		fputs(c ? "," : "", out);
		write_rule(out, c);
	}
	fputs("]}},\"results\":[", out);
	for (i = 0; i < r->nr_results; i++) {
		fputs(i ? ",\n" : "\n", out);
		write_result(out, r, &r->results[i]);
	}
	fputs("]", out);
	if (r->summary) {
		fputs(",\"properties\":{\"summary\":", out);
		summary_json(out, r->summary, false);
		fputc('}', out);
	}
	fputs("}]}\n", out);
}
