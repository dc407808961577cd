// SPDX-License-Identifier: GPL-2.0
/*
 * Anonymous code: executable bytes that no symbol covers.  An unwinder maps
 * a pc to a function through the symbol table, so a frame in such code is
 * misnamed (as an offset from whatever symbol precedes it) and the function
 * that got there vanishes from the trace: the old arm64 .fixup stubs, and
 * hand-written .subsection code.  Alternative replacements are not
 * anonymous: they belong to their alternative.
 */
#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "validate/bitmap.h"
#include "validate/vec.h"

/* Which words of a section symbols name: a bit a word, for each. */
struct coverage {
	uint64_t *named;	/* some symbol names this word */
	uint64_t *in_func;	/* a function symbol does */
};

static bool names_code(const struct symbol *s)
{
	return !s->mapping && s->name[0] && s->type != STT_SECTION &&
	       s->type != STT_FILE && s->type != STT_OBJECT && s->type != STT_TLS;
}

/*
 * Code covered only by symbols that are not functions (SYM_CODE_START's
 * STT_NOTYPE labels) is named, so not anonymous, but it is no function
 * either: no walk checks it.  Counted, and listed with --verbose.
 */
static int list_named_code(struct ctx *ctx, const struct section *sec,
			   const struct coverage *c)
{
	uint64_t w, words = sec->size / 4, start = 0;
	unsigned long n = 0;

	for (w = 0; w <= words; w++) {
		bool named;

		/* 64 words no such code is in, with no run open: past them */
		if (!n && !(w % 64) && w + 64 <= words &&
		    !(c->named[w / 64] & ~c->in_func[w / 64] & ~sec_words_data(sec, w))) {
			w += 63;
			continue;
		}
		named = w < words && bitmap_test(c->named, w) &&
			!bitmap_test(c->in_func, w) && !sec_word_data(sec, w) &&
			!(ctx->slots[sec->idx][w].alt & ALT_REPL);
		if (named) {
			if (!n++)
				start = w * 4;
			continue;
		}
		if (!n)
			continue;
		ctx->stats.nonfunc_insns += n;
		/* the readiness summary's inventory (summary.c) */
		if (VEC_GROW(ctx->nonfunc, ctx->alloc_nonfunc, ctx->nr_nonfunc))
			return -1;
		ctx->nonfunc[ctx->nr_nonfunc++] =
			(struct code_range){ sec->idx, start, (uint64_t)n * 4 };
		/* with hints, what no walk reached is listed after the walk
		 * (hints_list_unwalked) */
		if (ctx->opts->verbose && !ctx->nr_hints) {
			const struct symbol *s = symbol_for(ctx->obj, sec, start);

			fprintf(ctx->log, "%s: %s+0x%llx: %lu instructions under %s, which is no function\n",
				ctx->obj->name, sec->name, (unsigned long long)start,
				n, s ? s->name : "?");
		}
		n = 0;
	}
	return 0;
}

/* The next symbol of sec->syms from i on that names code, or nr_syms. */
static size_t next_label(const struct object *obj, const struct section *sec,
			 size_t i)
{
	for (; i < sec->nr_syms; i++) {
		const struct symbol *s = &obj->syms[sec->syms[i]];

		if (names_code(s) && s->offset < sec->size)
			break;
	}
	return i;
}

/* Word at off is anonymous: the run before it grows, or one starts. */
static int add_to_run(struct ctx *ctx, uint32_t sec, uint64_t off)
{
	struct code_range *r = ctx->nr_anon_runs ?
			       &ctx->anon_runs[ctx->nr_anon_runs - 1] : NULL;

	if (r && r->sec == sec && r->off + r->size == off) {
		r->size += 4;
		return 0;
	}
	if (VEC_GROW(ctx->anon_runs, ctx->alloc_anon_runs, ctx->nr_anon_runs))
		return -1;
	ctx->anon_runs[ctx->nr_anon_runs++] = (struct code_range){ sec, off, 4 };
	return 0;
}

/*
 * A symbol covers its size; one without a size (an asm label) covers up to
 * the next symbol, as a symboliser would name those addresses after it.
 * The section's symbols come sorted by offset (elf.c): one pass.
 */
static int mark_section(struct ctx *ctx, struct section *sec)
{
	const struct object *obj = ctx->obj;
	struct insn_slot *slots = ctx->slots[sec->idx];
	uint64_t words = sec->size / 4, w;
	struct coverage c = { bitmap_new(words), bitmap_new(words) };
	size_t i, next;
	int ret = -1;

	if (!c.named || !c.in_func)
		goto out;
	for (i = next_label(obj, sec, 0); i < sec->nr_syms; i = next) {
		const struct symbol *s = &obj->syms[sec->syms[i]];
		uint64_t end, to;

		next = next_label(obj, sec, i + 1);
		end = s->size ? s->offset + s->size :
		      next < sec->nr_syms ? obj->syms[sec->syms[next]].offset : sec->size;
		/* up to the first word w with w * 4 >= end */
		to = end / 4 + (end % 4 != 0);
		to = to < words ? to : words;
		bitmap_set_range(c.named, s->offset / 4, to);
		if (s->type == STT_FUNC && s->size)
			bitmap_set_range(c.in_func, s->offset / 4, to);
	}
	/* the slots start clear: set only the few words no symbol names */
	for (w = 0; w < words; w += 64) {
		uint64_t bits = ~(c.named[w / 64] | sec_words_data(sec, w));

		if (words - w < 64)
			bits &= (1ull << (words - w)) - 1;
		for (; bits; bits &= bits - 1) {
			uint64_t a = w + (uint64_t)__builtin_ctzll(bits);

			if (!(slots[a].alt & ALT_REPL)) {
				slots[a].anon = 1;
				if (add_to_run(ctx, sec->idx, a * 4))
					goto out;
			}
		}
	}
	ret = list_named_code(ctx, sec, &c);
out:
	free(c.named);
	free(c.in_func);
	return ret;
}

/*
 * Mark every anonymous word.  Must run after the alternatives are built,
 * whose replacement code is not anonymous, and before the walk, which
 * follows branches and fixups into anonymous code.
 */
int anon_find(struct ctx *ctx)
{
	size_t i;

	for (i = 1; i < ctx->obj->nr_secs; i++)
		if (sec_is_code(&ctx->obj->secs[i]) &&
		    mark_section(ctx, &ctx->obj->secs[i]))
			return -1;
	return 0;
}

/* "reached by an exception fixup from f+0x10" */
static void say_link(struct ctx *ctx, const struct anon_link *k, char *buf,
		     size_t len)
{
	const struct section *sec = &ctx->obj->secs[k->other.sec];
	const struct symbol *s = symbol_for(ctx->obj, sec, k->other.off);
	const struct edge *e;
	bool fixup = false;
	size_t nr, i;

	if (k->into) {
		e = edges_from(ctx, k->other.sec, k->other.off, &nr);
		for (i = 0; i < nr; i++)
			fixup |= e[i].type == EDGE_FIXUP && e[i].to_sec == k->anon.sec &&
				 e[i].to == k->anon.off;
	}
	snprintf(buf, len, "%s %s+0x%llx",
		 k->into ? (fixup ? "reached by an exception fixup from" :
				    "reached by a branch from") : "goes on to",
		 s ? s->name : sec->name,
		 (unsigned long long)(k->other.off - (s ? s->offset : 0)));
}

static void report_range(struct ctx *ctx, uint32_t sec, uint64_t start,
			 uint64_t end, unsigned long count)
{
	char into[160] = "", out[160] = "";
	unsigned long nr_into = 0;
	size_t i;

	for (i = 0; i < ctx->nr_links; i++) {
		const struct anon_link *k = &ctx->links[i];

		if (k->anon.sec != sec || k->anon.off < start || k->anon.off >= end)
			continue;
		if (k->into && !nr_into++)
			say_link(ctx, k, into, sizeof(into));
		else if (!k->into && !out[0])
			say_link(ctx, k, out, sizeof(out));
	}
	finding_add(ctx, CHECK_ANONYMOUS_CODE, sec, start, 0,
		    "%lu instruction%s that no symbol covers, so an unwinder cannot name them; %s%s%s%s",
		    count, count == 1 ? "" : "s",
		    nr_into ? into : "not reached from any function",
		    nr_into > 1 ? " and other places" : "",
		    out[0] ? ", and " : "", out);
}

/* One finding a run of anonymous words, unless it is only padding. */
void anon_report(struct ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nr_anon_runs; i++) {
		const struct code_range *r = &ctx->anon_runs[i];
		const struct section *sec = &ctx->obj->secs[r->sec];
		uint64_t off, end = r->off + r->size;
		unsigned long real = 0;

		/* padding is nops, or zeros (udf #0) */
		for (off = r->off; off < end; off += 4)
			real += slot_kind(ctx, r->sec, off) != INSN_NOP &&
				insn_word(sec, off) != 0;
		if (real)
			report_range(ctx, r->sec, r->off, end,
				     (unsigned long)(r->size / 4));
	}
}
