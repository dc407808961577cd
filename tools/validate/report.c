// SPDX-License-Identifier: GPL-2.0
/*
 * Output: findings as text (the compiler and objtool convention) or JSON
 * Lines, backtraces, --dump-cfi rows and statistics.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* Name an address: "sym" and the offset from it, or the section's name. */
static const char *place(struct ctx *ctx, uint32_t sec, uint64_t off,
			 uint64_t *rel)
{
	const struct section *s = &ctx->obj->secs[sec];
	const struct symbol *sym = NULL;

	/* anonymous code must not be named after the symbol before it */
	if (!sec_word_is_code(s, off) || !ctx->slots[sec][off / 4].anon)
		sym = symbol_for(ctx->obj, s, off);
	if (sym) {
		*rel = off - sym->offset;
		return sym->name;
	}
	*rel = off;
	return s->name;
}

static void disasm_at(struct ctx *ctx, uint32_t sec, uint64_t off, char *buf,
		      size_t len)
{
	const struct section *s = &ctx->obj->secs[sec];

	arch_disasm(ctx->dis, insn_word(s, off), s->addr + off, buf, len);
}

/* A compact state for backtrace lines: "CFA sp+32, x29 at CFA-32, ..." */
static void state_summary(const struct cfi_state *st, char *buf, size_t len)
{
	char cfa[32];
	size_t used;
	int i;

	cfi_format_cfa(st, cfa, sizeof(cfa));
	snprintf(buf, len, "CFA %s", cfa);
	for (i = 0; i < CFI_NR_REGS; i++) {
		used = strlen(buf);
		if (st->slot[i] != CFI_NO_SLOT && used < len)
			snprintf(buf + used, len - used, ", %s at CFA%+d",
				 arch_reg_name(cfi_index_reg(i)), st->slot[i]);
	}
	used = strlen(buf);
	if (st->fp_kind == FP_FRAME && used < len)
		snprintf(buf + used, len - used, ", x29 = CFA%+d", st->fp_off);
}

/*
 * Print the steps that matter: the entry, every branch taken, every
 * instruction after which the state changed, and the last one.
 */
static void print_path(struct ctx *ctx, FILE *out, const struct path *p,
		       const char *title)
{
	size_t i;

	fprintf(out, "  %s%s:\n", title,
		p->truncated ? " (start cut off)" : "");
	for (i = 0; i < p->len; i++) {
		const struct path_step *s = &p->steps[i];
		const struct path_step *n = i + 1 < p->len ? &p->steps[i + 1] : NULL;
		bool jump = n && (n->sec != s->sec || n->off != s->off + 4);
		bool change = n && n->state != s->state;
		char text[96], st[256];
		const char *name;
		uint64_t rel;

		if (i && n && !jump && !change)
			continue;
		name = place(ctx, s->sec, s->off, &rel);
		disasm_at(ctx, s->sec, s->off, text, sizeof(text));
		fprintf(out, "    %s+0x%" PRIx64 ": %-32s", name, rel, text);
		if (change) {
			state_summary(n->state, st, sizeof(st));
			fprintf(out, "  -> %s", st);
		}
		if (jump && !change)
			fputs("  (branch taken)", out);
		fputc('\n', out);
	}
}

/* In the file itself: an archive member's bytes start inside it. */
static int64_t file_offset(const struct object *obj, uint32_t sec, uint64_t off)
{
	Elf_Scn *scn = obj->elf ? elf_getscn(obj->elf, sec) : NULL;
	GElf_Shdr sh;

	if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
		return -1;
	return elf_getbase(obj->elf) + (int64_t)(sh.sh_offset + off);
}

void report_view_of(struct ctx *ctx, const struct finding *f,
		    struct finding_view *v)
{
	*v = (struct finding_view){
		.file = ctx->obj->name,
		.section = ctx->obj->secs[f->sec].name,
		.address = f->off,
		.check = check_info(f->check)->id,
		.message = f->message,
		.src_file = f->src_file,
		.src_line = f->src_line,
		.file_offset = file_offset(ctx->obj, f->sec, f->off),
		.digest = f->digest,
		.has_digest = ctx->opts->digests,
		.suppressed = f->suppressed,
		.reason = f->reason,
	};
	v->symbol = place(ctx, f->sec, f->off, &v->offset);
}

/*
 * The source line goes where a compiler puts it, after the object's name;
 * a finding a baseline matches, when shown, is a note.
 */
void report_view_text(FILE *out, const struct finding_view *v)
{
	fprintf(out, "%s: ", v->file);
	if (v->src_file)
		fprintf(out, "%s:%u: ", v->src_file, v->src_line);
	fprintf(out, "%s: validate: %s+0x%" PRIx64 ": %s [%s]",
		v->suppressed ? "note" : "warning", v->symbol, v->offset,
		v->message, v->check);
	if (v->suppressed)
		fprintf(out, " (baseline%s%s)", v->reason ? ": " : "",
			v->reason ? v->reason : "");
	fputc('\n', out);
}

static void report_text(struct ctx *ctx, FILE *out, const struct finding *f)
{
	struct finding_view v;

	report_view_of(ctx, f, &v);
	report_view_text(out, &v);
	if (!ctx->opts->backtrace)
		return;
	if (f->paths[0].len)
		print_path(ctx, out, &f->paths[0],
			   f->paths[1].len ? "state already here, from" : "path");
	if (f->paths[1].len)
		print_path(ctx, out, &f->paths[1], "different state arriving from");
}

static void json_path(struct ctx *ctx, FILE *out, const struct path *p)
{
	size_t i;

	fputc('[', out);
	for (i = 0; i < p->len; i++) {
		const struct path_step *s = &p->steps[i];
		char text[96], cfa[32];
		uint64_t rel;
		const char *name = place(ctx, s->sec, s->off, &rel);

		disasm_at(ctx, s->sec, s->off, text, sizeof(text));
		cfi_format_cfa(s->state, cfa, sizeof(cfa));
		fprintf(out, "%s{\"address\":%" PRIu64 ",\"symbol\":", i ? "," : "",
			(uint64_t)s->off);
		json_string(out, name);
		fprintf(out, ",\"offset\":%" PRIu64 ",\"insn\":", rel);
		json_string(out, text);
		fputs(",\"cfa\":", out);
		json_string(out, cfa);
		fputc('}', out);
	}
	fputc(']', out);
}

void report_view_json(FILE *out, const struct finding_view *v)
{
	fputs("{\"file\":", out);
	json_string(out, v->file);
	fputs(",\"section\":", out);
	json_string(out, v->section);
	fprintf(out, ",\"address\":%" PRIu64 ",\"symbol\":", v->address);
	json_string(out, v->symbol);
	fprintf(out, ",\"offset\":%" PRIu64 ",\"check\":", v->offset);
	json_string(out, v->check);
	fputs(",\"message\":", out);
	json_string(out, v->message);
	if (v->src_file) {
		fputs(",\"source\":{\"file\":", out);
		json_string(out, v->src_file);
		fprintf(out, ",\"line\":%u}", v->src_line);
	}
	if (v->has_digest)
		fprintf(out, ",\"digest\":\"%016" PRIx64 "\"", v->digest);
	if (v->suppressed) {
		fputs(",\"suppressed\":true", out);
		if (v->reason) {
			fputs(",\"reason\":", out);
			json_string(out, v->reason);
		}
	}
}

static void report_json(struct ctx *ctx, FILE *out, const struct finding *f)
{
	struct finding_view v;

	report_view_of(ctx, f, &v);
	report_view_json(out, &v);
	if (ctx->opts->backtrace && f->paths[0].len) {
		fputs(",\"paths\":[", out);
		json_path(ctx, out, &f->paths[0]);
		if (f->paths[1].len) {
			fputc(',', out);
			json_path(ctx, out, &f->paths[1]);
		}
		fputc(']', out);
	}
	fputs("}\n", out);
}

void report_findings(struct ctx *ctx, FILE *out)
{
	size_t i;

	for (i = 0; i < ctx->nr_findings; i++) {
		if (ctx->findings[i].suppressed && !ctx->opts->show_suppressed)
			continue;
		if (ctx->opts->format == FORMAT_JSON)
			report_json(ctx, out, &ctx->findings[i]);
		else
			report_text(ctx, out, &ctx->findings[i]);
	}
}

void report_insn_cfi(struct ctx *ctx, uint32_t sec, uint64_t off, uint32_t func)
{
	const struct cfi_state *s = slot_state(ctx, &ctx->slots[sec][off / 4]);
	const struct symbol *f = &ctx->obj->syms[func];
	FILE *out = ctx->dump;
	char cfa[32];
	bool first = true;
	int i;

	cfi_format_cfa(s, cfa, sizeof(cfa));
	fputs("{\"file\":", out);
	json_string(out, ctx->obj->name);
	fputs(",\"section\":", out);
	json_string(out, ctx->obj->secs[sec].name);
	fprintf(out, ",\"address\":%" PRIu64 ",\"symbol\":", off);
	json_string(out, f->name);
	if (symbol_covers(f, sec, off))
		fprintf(out, ",\"offset\":%" PRIu64, off - f->offset);
	else	/* a replacement stream or anonymous code the function reached */
		fprintf(out, ",\"offset\":null,\"outside\":\"%s\"",
			ctx->slots[sec][off / 4].alt & ALT_REPL ? "alternative" :
			"anonymous");
	fprintf(out, ",\"cfa\":\"%s\",\"sp\":", cfa);
	if (s->sp_known)
		fprintf(out, "%d", s->sp_off);
	else
		fputs("null", out);
	if (s->fp_kind == FP_FRAME)
		fprintf(out, ",\"fp\":%d", s->fp_off);
	if (s->scs)
		fprintf(out, ",\"scs\":%u", s->scs);
	fputs(",\"regs\":{", out);
	for (i = 0; i < CFI_NR_REGS; i++) {
		if (s->slot[i] == CFI_NO_SLOT)
			continue;
		fprintf(out, "%s\"%s\":%d", first ? "" : ",",
			arch_reg_name(cfi_index_reg(i)), s->slot[i]);
		first = false;
	}
	fputs("}}\n", out);
}

void report_stats(struct ctx *ctx, FILE *out)
{
	const struct stats *s = &ctx->stats;
	int i;

	fprintf(out, "%s: stats: functions %lu, instructions %lu, states %lu, br %lu (resolved %lu), code under non-function symbols %lu",
		ctx->obj->name, s->functions, s->insns, s->states, s->br_total,
		s->br_resolved, s->nonfunc_insns);
	for (i = 0; i < CHECK_MAX; i++)
		if (s->findings[i])
			fprintf(out, ", %s %lu", check_info(i)->id, s->findings[i]);
	if (ctx->opts->check_dwarf)
		fprintf(out, "; dwarf: FDEs %lu (%lu for code elsewhere), instructions %lu",
			s->dwarf_fdes, s->dwarf_fdes_skipped, s->dwarf_insns);
	if (ctx->opts->check_sframe)
		fprintf(out, "; sframe: FDEs %lu (%lu for code elsewhere), instructions %lu",
			s->sframe_fdes, s->sframe_fdes_skipped, s->sframe_insns);
	fputc('\n', out);
}
