// SPDX-License-Identifier: GPL-2.0
/*
 * The walk: for every function, follow every path from its entry with an
 * explicit work list (no recursion), apply each instruction's stack
 * operations, and check the state where paths meet and where they leave.
 * Emits findings; never prints, except the --dump-cfi rows.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "lsda.h"
#include "noreturn.h"
#include "probe.h"
#include "report.h"
#include "walk.h"
#include "validate/vec.h"

struct work {
	const struct cfi_state *state;	/* before the instruction */
	uint64_t off;
	uint32_t sec;
	uint32_t pred_sec;		/* 0 at the entry */
	uint32_t pred_off;
	bool via_fixup;			/* taken through an exception fixup */
	int32_t join;			/* the join that made sp unknown, or -1 */
};

/*
 * A merge of two states that differ only in sp, taken on trust: if a path
 * from it later needs sp (a restore or adjustment through sp, a return),
 * the merge was a real mismatch and is reported where it happened.
 */
struct join_rec {
	struct work arrival;		/* the second path, as it arrived */
	const struct cfi_state *first;	/* the state already there */
	bool reported;
};

/*
 * What the function did to x29, x30 and x18, for the checks reported once
 * a function, at the lowest address: a write that overwrote x29, or x30
 * while it held the only copy of the return address; whether it uses x18
 * as the shadow call stack's pointer, and a write to x18 otherwise.
 */
struct regs_seen {
	struct place fp_write;		/* sec 0: none */
	struct place lr_write;
	struct place x18_write;
	bool scs_used;
};

struct walker {
	struct ctx *ctx;
	const struct symbol *func;
	uint32_t fidx;
	uint32_t gen;
	/* the work list: stack[0..nr), then *next on top if has_next;
	 * next is one of held[], the other being the item stepped */
	struct work *stack;
	size_t nr, alloc;
	struct work held[2];
	struct work *next;
	bool has_next;
	/* the item being stepped, which fall_through() moves on in place */
	struct work *cur;
	/* a br went nowhere known, or the CFA was lost: what the rest of
	 * the function reaches cannot be judged */
	bool gave_up;
	bool fell_off;
	/* the instruction being stepped is in this replacement stream */
	struct alt_group *cur_group;
	int cur_stream;
	size_t first_finding;		/* of this function's walk */
	size_t first_link;		/* of ctx->links, likewise */
	struct join_rec *joins;
	size_t nr_joins, alloc_joins;
	int32_t cur_join;		/* inherited by what step() pushes */
	/* --dump-cfi: instructions reached outside the function's range
	 * (replacement streams, anonymous code), in the order reached */
	struct place *outside;
	size_t nr_outside, alloc_outside;
	struct regs_seen regs;		/* x29, x30, x18: regs_note() */
	/* walking non-function code from its hints (hints.c), which goes
	 * on into other non-function code */
	bool unit;
	struct step_memo *memo;		/* 1 << memo_bits, by memo_at() */
	unsigned int memo_bits;
	/* walking beside other threads (walksplit.c): the generation all
	 * of them share, the jump tables brs of two functions share, and
	 * the walk gives up (deferred) where it would touch what is not the
	 * function's own */
	bool split;
	uint32_t split_gen;
	const bool *shared_table;
	bool deferred;
	struct cfi_cache *cache;	/* while split: cfi_intern_cached() */
	struct alt_group *last_group;	/* group_at()'s */
};

#define MAX_PATH	100000

/* A state change remembered: execute()'s memo_at(). */
struct step_memo {
	const struct cfi_state *before;	/* NULL: empty */
	const struct cfi_state *after;
	uint32_t word;
	uint32_t ev;			/* cfi_step()'s events */
};

/*
 * At most 4096 entries (96 KB), for a vmlinux.o; fewer for a small object,
 * whose walk would otherwise cost less than clearing them: no more than
 * it has code words, and at least 64.
 */
#define STEP_MEMO_MAX_BITS	12
#define STEP_MEMO_MIN_BITS	6

static unsigned int memo_bits_for(const struct object *obj)
{
	unsigned int bits = STEP_MEMO_MIN_BITS;
	uint64_t words = object_code_words(obj);

	while (bits < STEP_MEMO_MAX_BITS && (1ull << (bits + 1)) <= words)
		bits++;
	return bits;
}

static struct insn_slot *slot_of(struct ctx *ctx, uint32_t sec, uint64_t off)
{
	return &ctx->slots[sec][off / 4];
}

/*
 * Walks of different functions run at once (walksplit.c) when each
 * writes only its own: the slots of its range, the alternative groups
 * whose original block it holds, and their replacement streams' slots.
 */
static bool group_owned(const struct walker *w, const struct alt_group *g)
{
	const struct symbol *f = w->func;

	return symbol_covers(f, g->sec, g->off) &&
	       g->len <= f->offset + f->size - g->off;
}

static bool owns(struct walker *w, uint32_t sec, uint64_t off)
{
	struct alt_group *g;
	int stream;

	/* a stream's words are its group's, under a symbol or not */
	if (slot_of(w->ctx, sec, off)->alt & ALT_REPL)
		return alt_stream_at(w->ctx, sec, off, &g, &stream) &&
		       group_owned(w, g);
	return symbol_covers(w->func, sec, off);
}

/*
 * Where the walk's own words start in in's section, for the passes that
 * look back from in: a replacement stream's start; a function's while
 * split, below which words are another walk's (and none this walk saw:
 * a walk that reaches code no symbol covers is not split); 0 otherwise.
 */
static uint64_t own_floor(const struct walker *w, const struct work *in)
{
	if (symbol_covers(w->func, in->sec, in->off))
		return w->split ? w->func->offset : 0;
	/* before a stream is another stream: not what ran before it */
	return w->cur_group ? w->cur_group->streams[w->cur_stream].off : 0;
}

static const struct cfi_state *walk_intern(struct walker *w,
					   const struct cfi_state *s)
{
	if (w->cache)
		return cfi_intern_cached(w->ctx->cfi, w->cache, s);
	return cfi_intern(w->ctx->cfi, s);
}

/* The walk reaches what others may write: it is done again, alone, after. */
static __attribute__((noinline)) int defer(struct walker *w)
{
	w->deferred = true;
	return -1;
}

static int note_outside(struct walker *w, uint32_t sec, uint64_t off)
{
	if (VEC_GROW(w->outside, w->alloc_outside, w->nr_outside))
		return -1;
	w->outside[w->nr_outside++] = (struct place){ sec, off };
	return 0;
}

/* Code under symbols that are no functions, and no alternative's. */
static bool nonfunc_code(const struct walker *w, uint32_t sec, uint64_t off)
{
	const struct insn_slot *s = slot_of(w->ctx, sec, off);

	return !s->anon && !(s->alt & ALT_REPL) &&
	       !func_at(w->ctx->obj, &w->ctx->obj->secs[sec], off);
}

/*
 * In the function, or in code no symbol covers that the function reaches;
 * a walk of non-function code from its hints goes on into other
 * non-function code (entry.S's handlers into ret_to_user).
 */
static bool in_walk(const struct walker *w, uint32_t sec, uint64_t off)
{
	const struct section *s = &w->ctx->obj->secs[sec];

	if (symbol_covers(w->func, sec, off))
		return true;
	if (!sec_word_is_code(s, off))
		return false;
	return slot_of(w->ctx, sec, off)->anon ||
	       (w->unit && nonfunc_code(w, sec, off));
}

/*
 * Where execution goes on at (*sec, *off) from the current instruction:
 * inside a replacement stream, its end means "after the original block".
 * Anonymous code is entered by branches, never by running off a function.
 * False if that leaves the function.
 */
static __attribute__((noinline)) bool
resolve_far(struct walker *w, const struct work *in, bool branch,
	    uint32_t *sec, uint64_t *off)
{
	if (w->cur_group &&
	    alt_stream_next(w->cur_group, w->cur_stream, sec, off) == ALT_NEXT_STREAM)
		return true;
	if (branch || w->unit || slot_of(w->ctx, in->sec, in->off)->anon)
		return in_walk(w, *sec, *off);
	return *sec == w->func->sec && *off >= w->func->offset &&
	       *off < w->func->offset + w->func->size;
}

/* The usual case in line: the next word of a function's own code. */
static inline __attribute__((always_inline)) bool
resolve_next(struct walker *w, const struct work *in, bool branch,
			 uint32_t *sec, uint64_t *off)
{
	if (branch || w->cur_group || w->unit ||
	    slot_of(w->ctx, in->sec, in->off)->anon)
		return resolve_far(w, in, branch, sec, off);
	return *sec == w->func->sec && *off >= w->func->offset &&
	       *off < w->func->offset + w->func->size;
}

/* The top of the work list into the stack proper. */
static __attribute__((noinline)) int flush(struct walker *w)
{
	if (!w->has_next)
		return 0;
	if (VEC_GROW(w->stack, w->alloc, w->nr))
		return -1;
	w->stack[w->nr++] = *w->next;
	w->has_next = false;
	return 0;
}

/*
 * Field by field, not as a struct: a whole new struct is built on the
 * stack and copied in wider pieces, and loads that span several pending
 * stores stall, on every instruction walked.
 */
static void set_work(const struct walker *w, struct work *item, uint32_t sec,
		     uint64_t off, const struct cfi_state *state,
		     uint32_t from_sec, uint64_t from)
{
	item->state = state;
	item->off = off;
	item->sec = sec;
	item->pred_sec = from_sec;
	item->pred_off = (uint32_t)from;
	item->via_fixup = false;
	item->join = state->sp_known ? -1 : w->cur_join;
}

/*
 * The item pushed last waits in *w->next: a branch's target, say, while
 * the path goes on past the branch; the walk then takes it straight back
 * (take()), with no trip through the stack.
 */
static int push(struct walker *w, uint32_t sec, uint64_t off,
		const struct cfi_state *state, uint32_t from_sec, uint64_t from)
{
	if (w->has_next && flush(w))
		return -1;
	set_work(w, w->next, sec, off, state, from_sec, from);
	w->has_next = true;
	return 0;
}

/*
 * The top of the work list, taken off it: valid until the next take(),
 * since what the step pushes goes to the other held[] item.  The item
 * just pushed is not copied: push() stores it field by field, and a copy
 * loading it in wider pieces straight after stalls on every instruction
 * (the loads cannot be served from the pending stores).
 */
static struct work *take(struct walker *w)
{
	struct work *item = w->next, *other = &w->held[item == w->held];

	if (w->has_next) {
		w->has_next = false;
		w->next = other;
		return item;
	}
	*other = w->stack[--w->nr];
	return other;
}

/*
 * The path from the entry to (sec, off), through the walk's predecessors.
 * None for an instruction this walk did not reach (unreachable code): no
 * path leads there, and it has no state to show.
 */
static int record_path(struct walker *w, struct path *p, uint32_t sec, uint64_t off)
{
	size_t n = 0, alloc = 16, i;
	struct path_step *steps;

	/* a place another function holds (a hint, ftrace's site) is none
	 * of this walk's; while split, that walk may be writing it */
	if (!sec || (w->split && !owns(w, sec, off)) ||
	    !slot_seen(slot_of(w->ctx, sec, off), w->gen))
		return 0;
	steps = malloc(alloc * sizeof(*steps));
	if (!steps)
		return -1;
	while (sec) {
		struct insn_slot *s = slot_of(w->ctx, sec, off);
		const struct slot_pred *pred = &w->ctx->preds[sec][off / 4];

		if (n == alloc) {
			struct path_step *more;

			alloc *= 2;
			more = realloc(steps, alloc * sizeof(*steps));
			if (!more) {
				free(steps);
				return -1;
			}
			steps = more;
		}
		steps[n++] = (struct path_step){ sec, (uint32_t)off,
						 slot_state(w->ctx, s) };
		if (!slot_seen(s, w->gen) || n >= MAX_PATH) {
			p->truncated = sec != 0 && slot_seen(s, w->gen);
			break;
		}
		sec = pred->sec;
		off = pred->off;
	}
	for (i = 0; i < n / 2; i++) {
		struct path_step t = steps[i];

		steps[i] = steps[n - 1 - i];
		steps[n - 1 - i] = t;
	}
	p->steps = steps;
	p->len = n;
	return 0;
}

/* a state joined at a merge walks some instructions twice */
static bool reported_at(const struct walker *w, enum check_id check,
			uint32_t sec, uint64_t off)
{
	size_t i;

	for (i = w->first_finding; i < w->ctx->nr_findings; i++) {
		const struct finding *f = &w->ctx->findings[i];

		if (f->check == check && f->sec == sec && f->off == off)
			return true;
	}
	return false;
}

static __attribute__((format(printf, 5, 6)))
void report(struct walker *w, enum check_id check, uint32_t sec, uint64_t off,
	    const char *fmt, ...)
{
	struct finding *f;
	char msg[1024];
	va_list ap;

	if (reported_at(w, check, sec, off))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f = finding_add(w->ctx, check, sec, off, w->fidx, "%s", msg);
	if (f && w->ctx->opts->backtrace)
		record_path(w, &f->paths[0], sec, off);
}

/*
 * Paths that differ only in whether the return address is signed, or in
 * how deep the shadow call stack is, are those checks' findings.
 */
static struct finding *add_mismatch(struct walker *w, const struct cfi_state *first,
				    const struct work *in, bool fixup,
				    const char *diff)
{
	unsigned int d = cfi_diff(first, in->state) & ~(CFI_DIFF_LR | CFI_DIFF_COPIES);
	struct ctx *ctx = w->ctx;

	/* one of these a place: a pop there may have found the same */
	if ((d == CFI_DIFF_RA && reported_at(w, CHECK_PAC_IMBALANCE, in->sec, in->off)) ||
	    (d == CFI_DIFF_SCS && reported_at(w, CHECK_SCS_X18_MODIFIED, in->sec, in->off)))
		return NULL;
	if (d == CFI_DIFF_RA)
		return finding_add(ctx, CHECK_PAC_IMBALANCE, in->sec, in->off,
				   w->fidx, "paths meet with the return address signed differently: %s",
				   diff);
	if (d == CFI_DIFF_SCS)
		return finding_add(ctx, CHECK_SCS_X18_MODIFIED, in->sec, in->off,
				   w->fidx, "paths meet with the shadow call stack at different depths: %s",
				   diff);
	if (fixup)
		return finding_add(ctx, CHECK_FIXUP_STATE_MISMATCH, in->sec, in->off,
				   w->fidx, "exception fixup reached with a stack state other than its other paths': %s",
				   diff);
	return finding_add(ctx, CHECK_STACK_STATE_MISMATCH, in->sec, in->off,
			   w->fidx, "paths meet with different stack states: %s", diff);
}

static void report_mismatch(struct walker *w, const struct cfi_state *first,
			    const struct work *in)
{
	struct ctx *ctx = w->ctx;
	struct insn_slot *s = slot_of(ctx, in->sec, in->off);
	char diff[512];
	struct finding *f;

	cfi_describe_diff(first, in->state, diff, sizeof(diff));
	f = add_mismatch(w, first, in, in->via_fixup || s->via_fixup, diff);
	if (!f || !ctx->opts->backtrace)
		return;
	record_path(w, &f->paths[0], in->sec, in->off);
	if (in->pred_sec && !record_path(w, &f->paths[1], in->pred_sec, in->pred_off)) {
		struct path *p = &f->paths[1];
		struct path_step *more = realloc(p->steps, (p->len + 1) * sizeof(*more));

		if (more) {
			p->steps = more;
			p->steps[p->len++] = (struct path_step){ in->sec, (uint32_t)in->off,
								  in->state };
		}
	}
}

static const char *target_name(struct ctx *ctx, const struct target *t,
			       char *buf, size_t len)
{
	const struct symbol *s;

	if (t->kind == TARGET_EXTERN)
		return t->sym->name;
	if (t->kind == TARGET_NONE)
		return "an unknown target";
	s = func_at(ctx->obj, &ctx->obj->secs[t->sec], t->off);
	if (s && s->offset == t->off)
		return s->name;
	if (s)
		snprintf(buf, len, "%s+0x%llx", s->name,
			 (unsigned long long)(t->off - s->offset));
	else
		snprintf(buf, len, "%s+0x%llx", ctx->obj->secs[t->sec].name,
			 (unsigned long long)t->off);
	return buf;
}

/*
 * Leaving with the return address still signed, or with x30 still pushed
 * on the shadow call stack: the frame may be torn down, the caller's
 * return address is not as it came.
 */
static void check_leave_ra(struct walker *w, const struct work *in,
			   const struct cfi_state *s, const char *what)
{
	char ra[64];

	if (s->ra_sign != RA_PLAIN)
		report(w, CHECK_PAC_IMBALANCE, in->sec, in->off,
		       "%s with the return address still %s: it is used unauthenticated, and the return goes astray",
		       what, cfi_ra_words(s, ra, sizeof(ra)));
	if (s->scs)
		report(w, CHECK_SCS_X18_MODIFIED, in->sec, in->off,
		       "%s with %u of this function's x30 still pushed on the shadow call stack: x18 is left %u entr%s deep, and the callers' pops read the wrong return addresses",
		       what, s->scs, s->scs, s->scs == 1 ? "y too" : "ies too");
}

static int check_leave(struct walker *w, const struct work *in,
		       const struct cfi_state *s, enum check_id check,
		       const char *what)
{
	char words[512];

	check_leave_ra(w, in, s, what);
	if (cfi_is_entry(s))
		return 0;
	cfi_describe_not_entry(s, words, sizeof(words));
	report(w, check, in->sec, in->off, "%s with the frame not torn down: %s",
	       what, words);
	return 0;
}

/* The callee is t, or a function pointer when t is NULL: named only when
 * reported, as finding its name is a search over the functions. */
static void check_call(struct walker *w, const struct work *in,
		       const struct cfi_state *s, const struct target *t)
{
	char words[256], buf[128];
	const char *callee = "a function pointer";

	if (w->ctx->opts->disabled[CHECK_CALL_WITHOUT_FRAME] || cfi_has_frame(s))
		return;
	if (t)
		callee = target_name(w->ctx, t, buf, sizeof(buf));
	cfi_describe_no_frame(s, words, sizeof(words));
	report(w, CHECK_CALL_WITHOUT_FRAME, in->sec, in->off,
	       "call to %s before the frame record is set up: %s", callee, words);
}

/* Execution runs off the end of the function: reported once a walk. */
static __attribute__((noinline)) int run_off(struct walker *w,
					     const struct work *in)
{
	uint64_t next = in->off + 4;
	struct target t = { .kind = TARGET_CODE, .sec = in->sec, .off = next };
	char buf[128];

	if (noreturn_blr_at_end(w->ctx, in->sec, in->off) || w->fell_off)
		return 0;
	w->fell_off = true;
	if (next >= w->ctx->obj->secs[in->sec].size)
		report(w, CHECK_FALLTHROUGH, in->sec, in->off,
		       "execution runs off the end of the function and of its section");
	else
		report(w, CHECK_FALLTHROUGH, in->sec, in->off,
		       "execution runs off the end of the function into %s",
		       target_name(w->ctx, &t, buf, sizeof(buf)));
	return 0;
}

/*
 * Continue at off + 4, unless that leaves the function: most instructions
 * do, so the report is out of line (its buffer costs every call a stack
 * guard otherwise).  The path goes on in the item being stepped (in is
 * w->cur): 1.  That is a push taken straight back, without the copies.
 */
static inline __attribute__((always_inline)) int
fall_through(struct walker *w, const struct work *in,
			const struct cfi_state *s)
{
	uint64_t next = in->off + 4, from = in->off;
	uint32_t sec = in->sec, from_sec = in->sec;

	if (!resolve_next(w, in, false, &sec, &next))
		return run_off(w, in);
	set_work(w, w->cur, sec, next, s, from_sec, from);
	return 1;
}

/*
 * A branch from the function to its own end address, by offset or a
 * local label, with the frame still set up: no compiler tail-calls so;
 * GCC and clang branch so on paths they proved unreachable, and what
 * follows (another function, the section's end) is not this function's
 * code.  With the frame torn down it is an ordinary tail call to the
 * function that follows (GCC places static callees there).
 */
static bool past_end(const struct walker *w, const struct work *in,
		     const struct insn_desc *d, const struct target *t,
		     const struct cfi_state *s)
{
	const struct symbol *f = w->func;
	uint64_t end = f->offset + f->size;

	if (!symbol_covers(f, in->sec, in->off) || cfi_is_entry(s))
		return false;
	if (t->sym && t->sym->type != STT_SECTION)
		return false;
	if (t->kind == TARGET_CODE)
		return t->sec == f->sec && t->off == end;
	/* to the section's end: nothing there to resolve to */
	return t->kind == TARGET_NONE && !t->sym &&
	       (int64_t)in->off + d->target == (int64_t)end;
}

static int branch_past_end(struct walker *w, const struct work *in,
			   const struct target *t)
{
	const struct section *sec = &w->ctx->obj->secs[w->func->sec];
	uint64_t end = w->func->offset + w->func->size;
	char buf[128], where[192];

	if (end >= sec->size)
		snprintf(where, sizeof(where), "the end of %s", sec->name);
	else
		snprintf(where, sizeof(where), "%s",
			 target_name(w->ctx, t, buf, sizeof(buf)));
	report(w, CHECK_BRANCH_PAST_END, in->sec, in->off,
	       "branch to this function's own end, +0x%llx (%s), with the frame set up: a compiler's mark of a path it proved unreachable (__builtin_unreachable(), a switch's impossible case), never taken; it is no tail call, and the path ends here",
	       (unsigned long long)w->func->size, where);
	return 0;
}

/*
 * A branch out of the function to code a hint describes (hints.c): into
 * an UNDEFINED range nothing is judged; a REGS hint must agree with the
 * state (the other code is walked from its hint); a FUNC hint wants the
 * state of an entry, as any tail call does.  True if the hint settles it.
 */
static bool branch_to_hint(struct walker *w, const struct target *t,
			   const struct cfi_state *s)
{
	const struct hint *h;
	char why[256];

	if (hint_undefined_at(w->ctx, t->sec, t->off))
		return true;
	h = hint_state_at(w->ctx, t->sec, t->off);
	if (!h || h->type == VALIDATE_HINT_TYPE_FUNC)
		return false;
	if (hint_contradicted(h, s, why, sizeof(why)))
		report(w, CHECK_BAD_HINT, t->sec, t->off, "%s", why);
	return true;
}

static int do_branch(struct walker *w, const struct work *in,
		     const struct insn_desc *d, const struct cfi_state *s)
{
	const struct section *sec = &w->ctx->obj->secs[in->sec];
	char buf[128], what[256];
	struct target t;

	branch_target(w->ctx, sec, in->off, d, &t);
	/*
	 * GCC compiles __builtin_unreachable() at the end of a function to a
	 * branch just past it, into padding no symbol covers: a dead end.
	 */
	if (t.kind == TARGET_CODE && t.sec == w->func->sec &&
	    t.off == w->func->offset + w->func->size &&
	    sec_word_is_code(sec, t.off) && slot_of(w->ctx, t.sec, t.off)->anon)
		return 0;
	/* code a hint describes is no dead end past this function */
	if (t.kind == TARGET_CODE && w->ctx->nr_hints &&
	    !symbol_covers(w->func, t.sec, t.off) && branch_to_hint(w, &t, s))
		return 0;
	if (past_end(w, in, d, &t, s))
		return branch_past_end(w, in, &t);
	if (t.kind == TARGET_CODE && resolve_next(w, in, true, &t.sec, &t.off))
		return push(w, t.sec, t.off, s, in->sec, in->off);
	if (noreturn_target(w->ctx, &t))
		return 0;
	snprintf(what, sizeof(what), "tail call to %s",
		 target_name(w->ctx, &t, buf, sizeof(buf)));
	return check_leave(w, in, s, CHECK_TAIL_CALL_MODIFIED_FRAME, what);
}

static int do_call(struct walker *w, const struct work *in,
		   const struct insn_desc *d, const struct cfi_state *s)
{
	const struct section *sec = &w->ctx->obj->secs[in->sec];
	struct target t;

	if (d->kind == INSN_CALL_IND) {
		check_call(w, in, s, NULL);
		return fall_through(w, in, s);
	}
	branch_target(w->ctx, sec, in->off, d, &t);
	/*
	 * bl to a label inside its own function (bl . + 4) is a branch that
	 * sets x30; to the function's entry it is recursion, a call.
	 */
	if (t.kind == TARGET_CODE && t.sec == w->func->sec &&
	    t.off > w->func->offset && t.off < w->func->offset + w->func->size)
		return push(w, t.sec, t.off, s, in->sec, in->off);
	check_call(w, in, s, &t);
	if (noreturn_target(w->ctx, &t))
		return 0;
	return fall_through(w, in, s);
}

static int do_indirect_jump(struct walker *w, const struct work *in,
			    const struct insn_desc *d, const struct cfi_state *s,
			    const struct edge *e, size_t nr)
{
	bool table = false;
	const char *why;
	size_t i;

	w->ctx->stats.br_total++;
	for (i = 0; i < nr; i++) {
		struct jump_targets *t;
		uint32_t k;

		/* only a jump table's edge has a table index in to */
		if (e[i].type != EDGE_JUMP_TABLE)
			continue;
		if (w->split && w->shared_table[e[i].to])
			return defer(w);
		t = &w->ctx->tables[e[i].to];
		table = true;
		/* the table's brs share its targets: once a state is enough */
		if (t->gen == w->gen && t->state == s)
			continue;
		t->gen = w->gen;
		t->state = s;
		for (k = 0; k < t->nr; k++)
			if (in_walk(w, t->sec, t->off[k]) &&
			    push(w, t->sec, t->off[k], s, in->sec, in->off))
				return -1;
	}
	if (table) {
		w->ctx->stats.br_resolved++;
		return 0;
	}
	/* with everything torn down, a br can only be a tail call */
	if (cfi_is_entry(s)) {
		w->ctx->stats.br_resolved++;
		check_leave_ra(w, in, s, "indirect tail call");
		return 0;
	}
	why = br_note_at(w->ctx, in->sec, in->off);
	w->gave_up = true;
	report(w, CHECK_INDIRECT_JUMP, in->sec, in->off,
	       "jump through %s to targets that cannot be determined: %s, and with the frame set up it is no tail call",
	       arch_reg_name(d->reg), why ? why : "no jump table is recognised");
	return 0;
}

static void stream_name(const struct alt_group *g, int stream, char *buf,
			size_t len)
{
	if (stream < 0)
		snprintf(buf, len, "the original");
	else if (g->streams[stream].ftrace)
		snprintf(buf, len, "ftrace's patched call");
	else if (g->streams[stream].nops)
		snprintf(buf, len, "the nops written by a callback (feature %u)",
			 g->streams[stream].feature & 0x7fff);
	else
		snprintf(buf, len, "replacement %d (feature %u)", stream + 1,
			 g->streams[stream].feature);
}

static bool is_ftrace(const struct alt_group *g, int stream)
{
	return stream >= 0 && g->streams[stream].ftrace;
}

/* The instruction of a stream at offset k: written at boot, or in the object. */
static void stream_insn(struct ctx *ctx, const struct alt_group *g, int stream,
			uint32_t k, uint32_t sec, uint64_t off, char *buf,
			size_t len)
{
	if (is_ftrace(g, stream))
		snprintf(buf, len, "%s", k ? "bl <trampoline>" : "mov x9, x30");
	else if (stream >= 0 && g->streams[stream].nops)
		snprintf(buf, len, "nop");
	else
		arch_disasm(ctx->dis, insn_word(&ctx->obj->secs[sec], off),
			    ctx->obj->secs[sec].addr + off, buf, len);
}

/*
 * Flattening: the first stream to reach an offset of the block fills its
 * slot; every other stream must arrive there with the same state.
 */
static void alt_visit(struct walker *w, struct alt_group *g, uint32_t k,
		      int stream, const struct cfi_state *state, uint32_t sec,
		      uint64_t off)
{
	struct ctx *ctx = w->ctx;
	struct alt_slot *a;
	char x[96], y[96], ix[64], iy[64], diff[512];

	if (g->gen != w->gen) {
		memset(g->cfi, 0, (g->len / 4 + 1) * sizeof(*g->cfi));
		g->gen = w->gen;
		g->reported = false;
	}
	a = &g->cfi[k];
	if (!a->state) {
		*a = (struct alt_slot){ .state = state, .sec = sec, .off = (uint32_t)off,
					.stream = stream };
		return;
	}
	/* one finding a group: later offsets follow from the first */
	/* a call in one stream and not the other is no conflict */
	if (a->stream == stream || g->reported || cfi_same_frame(a->state, state))
		return;
	g->reported = true;
	stream_name(g, a->stream, x, sizeof(x));
	stream_name(g, stream, y, sizeof(y));
	stream_insn(ctx, g, a->stream, k, a->sec, a->off, ix, sizeof(ix));
	stream_insn(ctx, g, stream, k, sec, off, iy, sizeof(iy));
	cfi_describe_diff(a->state, state, diff, sizeof(diff));
	if (is_ftrace(g, stream) || is_ftrace(g, a->stream))
		report(w, CHECK_PATCHABLE_ENTRY, g->sec, g->off + k * 4,
		       "the stack or frame changes inside ftrace's patch site, at offset %u: %s (%s) and %s (%s): %s",
		       k * 4, x, ix, y, iy, diff);
	else
		report(w, CHECK_ALT_STACK_CONFLICT, g->sec, g->off + k * 4,
		       "alternative streams disagree at offset %u of the block: %s (%s) and %s (%s): %s",
		       k * 4, x, ix, y, iy, diff);
}

/*
 * alt_group_at(), the last group found kept: a block's words are visited
 * one after the other, and the search was 2% of a run over the modules
 * (an LSE atomic is an alternative).  The kept group is the answer while
 * it covers off and the next group starts after off: the search would
 * find it first.
 */
static struct alt_group *group_at(struct walker *w, uint32_t sec, uint64_t off)
{
	struct alt_group *g = w->last_group, *end;

	if (g && g->sec == sec && off >= g->off && off < g->off + g->len) {
		end = w->ctx->alts + w->ctx->nr_alts;
		if (g + 1 == end || g[1].sec != sec || g[1].off > off)
			return g;
	}
	g = alt_group_at(w->ctx, sec, off);
	if (g)
		w->last_group = g;
	return g;
}

static int alt_check(struct walker *w, const struct work *in, uint8_t alt)
{
	struct alt_group *g;
	int stream;

	if (alt & ALT_REPL && alt_stream_at(w->ctx, in->sec, in->off, &g, &stream)) {
		w->cur_group = g;
		w->cur_stream = stream;
		alt_visit(w, g, (in->off - g->streams[stream].off) / 4, stream,
			  in->state, in->sec, in->off);
	}
	if (alt & ALT_ORIG && (g = group_at(w, in->sec, in->off))) {
		if (w->split && !group_owned(w, g))
			return defer(w);
		alt_visit(w, g, (in->off - g->off) / 4, -1, in->state, in->sec,
			  in->off);
	}
	return 0;
}

/*
 * A callback's nops, or ftrace's call (which returns with the state as it
 * was): the block's state at every offset.
 */
static int alt_nops(struct walker *w, const struct work *in, bool ftrace)
{
	struct alt_group *g = group_at(w, in->sec, in->off);
	uint32_t k;
	size_t j;

	if (!g)
		return 0;
	if (w->split && !group_owned(w, g))
		return defer(w);
	for (j = 0; j < g->nr_streams; j++)
		if (ftrace ? g->streams[j].ftrace : g->streams[j].nops)
			break;
	for (k = 0; j < g->nr_streams && k < g->len / 4; k++)
		alt_visit(w, g, k, (int)j, in->state, in->sec, in->off);
	return 0;
}

/* The bti c an indirect call lands on, at the function's entry. */
static bool entry_bti(struct walker *w)
{
	const struct section *sec = &w->ctx->obj->secs[w->func->sec];
	struct insn_desc d;

	arch_decode(insn_word(sec, w->func->offset), &d);
	return (d.flags & (INSN_F_BTI | INSN_F_CALL_PAD)) ==
	       (INSN_F_BTI | INSN_F_CALL_PAD);
}

/*
 * An ftrace patch site (-fpatchable-function-entry): at boot, ftrace may
 * write mov x9, x30; bl <trampoline> over its nops.  The trampoline saves
 * the arguments, builds a frame record for this function from x9 and one
 * of its own, and returns with everything as it was: so the call needs no
 * frame record here, but the site must be where the function's state is
 * as at entry, x30 still the plain return address (x9 is what ftrace
 * reports as the caller, and what it returns to).
 */
static int patch_site(struct walker *w, const struct work *in)
{
	const struct symbol *f = w->func;
	const struct cfi_state *s = in->state;
	char words[512], ra[64];
	uint64_t k;

	if (alt_nops(w, in, true))
		return -1;
	/* ftrace checks what it overwrites: anything but nops it refuses */
	for (k = 0; k < 8; k += 4) {
		if (slot_kind(w->ctx, in->sec, in->off + k) == INSN_NOP)
			continue;
		arch_disasm(w->ctx->dis, insn_word(&w->ctx->obj->secs[in->sec], in->off + k),
			    w->ctx->obj->secs[in->sec].addr + in->off + k, ra, sizeof(ra));
		report(w, CHECK_PATCHABLE_ENTRY, in->sec, in->off + k,
		       "ftrace's patch site holds %s, not a nop: ftrace checks what it overwrites, and refuses to trace the function",
		       ra);
		return 0;
	}
	if (in->sec != f->sec ||
	    (in->off != f->offset && !(in->off == f->offset + 4 && entry_bti(w)))) {
		report(w, CHECK_PATCHABLE_ENTRY, in->sec, in->off,
		       "ftrace's patch site is not at the function's entry (or right after its bti c): the call ftrace writes here reports and returns to whatever x30 holds, and sees this function's frame as its caller's");
		return 0;
	}
	if (!cfi_is_entry(s)) {
		cfi_describe_not_entry(s, words, sizeof(words));
		report(w, CHECK_PATCHABLE_ENTRY, in->sec, in->off,
		       "ftrace's patch site is reached with the frame changed: %s",
		       words);
	} else if (s->lr_changed || s->ra_sign != RA_PLAIN) {
		report(w, CHECK_PATCHABLE_ENTRY, in->sec, in->off,
		       "ftrace's patch site is reached with x30 %s: the call ftrace writes here takes x30 for the caller's return address",
		       s->lr_changed ? "changed" : cfi_ra_words(s, ra, sizeof(ra)));
	}
	return 0;
}

/*
 * An exception fixup is taken with the faulting instruction's state: a
 * fault leaves the instruction undone.
 */
static int fixup(struct walker *w, const struct work *in, const struct edge *e)
{
	const struct section *to = &w->ctx->obj->secs[e->to_sec];
	struct target t = { .kind = TARGET_CODE, .sec = e->to_sec, .off = e->to };
	const struct symbol *f = w->func;
	struct work item;
	char buf[128];
	const char *where = buf;

	if (!symbol_covers(f, e->to_sec, e->to)) {
		if (sec_word_is_code(to, e->to) && slot_of(w->ctx, e->to_sec, e->to)->anon)
			snprintf(buf, sizeof(buf), "%s+0x%llx, code no symbol covers",
				 to->name, (unsigned long long)e->to);
		else	/* a symbol's own name is returned, not written */
			where = target_name(w->ctx, &t, buf, sizeof(buf));
		report(w, CHECK_OUT_OF_LINE_FIXUP, in->sec, in->off,
		       "the exception fixup for this instruction is outside the function, at %s",
		       where);
	}
	if (!in_walk(w, e->to_sec, e->to))
		return 0;
	if (push(w, e->to_sec, e->to, in->state, in->sec, in->off) || flush(w))
		return -1;
	/*
	 * Walked last, from the bottom of the stack: the ordinary paths into
	 * in-body fixup code set its state, and a fault that arrives with
	 * another one is the finding, not what the ordinary paths then hit.
	 */
	item = w->stack[w->nr - 1];
	item.via_fixup = true;
	memmove(&w->stack[1], &w->stack[0], (w->nr - 1) * sizeof(*w->stack));
	w->stack[0] = item;
	return 0;
}

static int follow_edges(struct walker *w, const struct work *in,
			const struct cfi_state *after, const struct edge *e,
			size_t nr, bool *warn)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		const struct cfi_state *s = after;

		switch (e[i].type) {
		case EDGE_WARN:
			*warn = true;
			continue;
		case EDGE_JUMP_TABLE:
			continue;
		case EDGE_FIXUP:
			if (fixup(w, in, &e[i]))
				return -1;
			continue;
		case EDGE_ALT:
			/* the stream replaces the block: it starts from its state */
			if (push(w, e[i].to_sec, e[i].to, in->state, in->sec, in->off))
				return -1;
			continue;
		case EDGE_ALT_NOPS:
			if (alt_nops(w, in, false))
				return -1;
			s = in->state;
			break;
		case EDGE_PATCH_SITE:	/* the nops are walked as code */
			if (patch_site(w, in))
				return -1;
			continue;
		case EDGE_LANDING_PAD:
			if (!landing_pad_takes(w->ctx, &e[i], after))
				continue;
			break;
		default:
			break;
		}
		if (in_walk(w, e[i].to_sec, e[i].to) &&
		    push(w, e[i].to_sec, e[i].to, s, in->sec, in->off))
			return -1;
	}
	return 0;
}

static int remember_join(struct walker *w, const struct work *in,
			 const struct cfi_state *first, int32_t *idx)
{
	if (VEC_GROW(w->joins, w->alloc_joins, w->nr_joins))
		return -1;
	w->joins[w->nr_joins] = (struct join_rec){ .arrival = *in, .first = first };
	*idx = (int32_t)w->nr_joins++;
	return 0;
}

/*
 * Does this instruction need sp's value: a save or restore through sp, a
 * step back up the stack, a return?  (Allocating more, as alloca in a loop
 * does, does not.)
 */
static bool needs_sp(const struct insn_desc *d, const struct cfi_state *s)
{
	unsigned int i;

	if (d->kind == INSN_RET)
		return true;
	for (i = 0; i < d->nr_ops; i++) {
		const struct stack_op *op = &d->ops[i];
		int idx = cfi_reg_index(op->dst);

		if (op->src != REG_SP)
			continue;
		if (op->type == SOP_ADD && op->dst == REG_SP && op->imm > 0)
			return true;
		if (idx < 0 || op->size < 8)
			continue;
		/* a save (the register is not saved yet), or maybe a restore
		 * (it is); storing an already saved register is neither */
		if (op->type == SOP_STORE && s->slot[idx] == CFI_NO_SLOT)
			return true;
		if (op->type == SOP_LOAD && s->slot[idx] != CFI_NO_SLOT)
			return true;
	}
	return false;
}

/*
 * Two states that differ only in whether x30 was changed join as changed:
 * a call on one path and not the other is no mismatch.  A register holds a
 * copy of x29 or x30 after the join if it does on both paths.
 *
 * Two states that differ only in where sp is, while x29 holds the same
 * frame address on both, describe the same CFA (x29+N), as the compiler's
 * CFI does after alloca or a variable-length array on one path.  Their join
 * is the state with sp not known; a return needs sp known, so sp left
 * wrong is still found there.
 *
 * Two states that differ only in x29, overwritten on one path (reported
 * there as frame-pointer-clobbered, or x29 is an ordinary register under
 * --no-frame-pointer), while the CFA is sp+N on both, join as overwritten.
 * NULL if the states really disagree.
 */
static const struct cfi_state *join(struct walker *w, const struct cfi_state *a,
				    const struct cfi_state *b)
{
	unsigned int d = cfi_diff(a, b);
	struct cfi_state x = *a;

	if (d & ~(CFI_DIFF_LR | CFI_DIFF_COPIES | CFI_DIFF_SP | CFI_DIFF_FP))
		return NULL;
	x.lr_changed = a->lr_changed || b->lr_changed;
	x.fp_copies &= b->fp_copies;
	x.lr_copies &= b->lr_copies;
	if ((d & CFI_DIFF_FP) && !(d & CFI_DIFF_SP) && a->sp_known &&
	    (a->fp_kind == FP_UNKNOWN || b->fp_kind == FP_UNKNOWN)) {
		x.fp_kind = FP_UNKNOWN;
		x.fp_off = 0;
	} else if (d & CFI_DIFF_FP) {
		return NULL;
	} else if (d & CFI_DIFF_SP) {
		if (a->fp_kind != FP_FRAME)
			return NULL;
		x.sp_known = false;
		x.sp_off = 0;
	}
	return cfi_equal(&x, a) ? a : walk_intern(w, &x);
}

/*
 * The value a mov/movk sequence before off leaves in reg, as GCC sets up
 * frames over 4 KiB: mov x16, #0x1010; movk x16, #1, lsl #16; sub sp,
 * sp, x16.  GCC may schedule the epilogue's reloads between the mov and
 * the add (glibc's strtold: seven words apart), so the search looks a few
 * straight-line words back, and stops at any control flow or branch
 * target.
 */
#define CONSTANT_LOOKBACK	12

static bool constant_before(struct walker *w, const struct work *in,
			    unsigned int reg, int64_t *value)
{
	const struct section *sec = &w->ctx->obj->secs[in->sec];
	uint64_t off = in->off, known = 0, mask = 0, start = 0;
	struct value_op v;
	int n;

	/* what lies before the function, or before the replacement stream,
	 * is not what ran before it (and another walk's to write) */
	if (symbol_covers(w->func, in->sec, in->off))
		start = w->func->offset;
	else if (w->cur_group)
		start = w->cur_group->streams[w->cur_stream].off;
	for (n = 0; n < CONSTANT_LOOKBACK && off >= start + 4 &&
		    sec_word_is_code(sec, off - 4); n++) {
		enum insn_kind k;

		/* a branch lands here: the words before say nothing of it */
		if (slot_of(w->ctx, in->sec, off)->branched_to)
			return false;
		off -= 4;
		k = slot_kind(w->ctx, in->sec, off);
		if (k != INSN_OTHER && k != INSN_NOP && k != INSN_HINT)
			return false;
		arch_decode_value(insn_word(sec, off), &v);
		if (!value_writes(&v, reg))
			continue;
		if (v.kind == VAL_MOVK) {
			uint64_t field = 0xffffull << v.shift;

			if (!(mask & field))
				known |= (uint64_t)v.imm << v.shift;
			mask |= field;
			continue;
		}
		if (v.kind != VAL_MOV_IMM)
			return false;
		*value = (int64_t)((known & mask) | ((uint64_t)v.imm & ~mask));
		return true;
	}
	return false;
}

/* sub sp, sp, xN with a constant in xN is an ordinary adjustment. */
static bool resolve_add_reg(struct walker *w, const struct work *in,
			    struct insn_desc *d)
{
	bool resolved = false;
	unsigned int i;
	int64_t v;

	for (i = 0; i < d->nr_ops; i++) {
		struct stack_op *op = &d->ops[i];

		if (op->type != SOP_ADD_REG ||
		    !constant_before(w, in, op->size, &v) || v < 0 || v > INT32_MAX)
			continue;
		op->type = SOP_ADD;
		op->imm = op->imm < 0 ? (int32_t)-v : (int32_t)v;
		op->size = 8;
		resolved = true;
	}
	return resolved;
}

/* Remember crossings between a function and anonymous code, for the report. */
static int link_anon(struct walker *w, const struct work *in, bool into)
{
	struct place here = { in->sec, in->off }, from = { in->pred_sec, in->pred_off };
	struct anon_link k = { .anon = into ? here : from, .other = into ? from : here,
			       .func = w->fidx, .into = into };

	if (w->split)	/* a crossing is walked alone (none while split) */
		return defer(w);
	return anon_link_add(w->ctx, &k);
}

/* Execution runs into data in a code section: reported once a walk. */
static int into_data(struct walker *w, const struct work *in)
{
	if (!w->fell_off)
		report(w, CHECK_FALLTHROUGH, in->sec, in->off,
		       "execution runs into data");
	w->fell_off = true;
	return 0;
}

/*
 * A path arrives where an earlier one already went: the same state ends
 * it; a different one is a mismatch, unless the two join (sp not known,
 * x29 the same frame), in which case the path goes on with the joined
 * state.  1: go on with *cur, 0: the path ends here, -1: out of memory.
 */
static int arrive_again(struct walker *w, struct work *cur,
			struct insn_slot *slot)
{
	const struct cfi_state *here = slot_state(w->ctx, slot), *joined;

	if (cfi_equal(here, cur->state))
		return 0;
	joined = join(w, here, cur->state);
	if (!joined && !slot->reported) {
		slot->reported = 1;
		report_mismatch(w, here, cur);
	}
	if (!joined || joined == here)
		return 0;
	/* a merge downstream of another keeps the first one's record; one
	 * that leaves sp known (x30 alone) makes none, and nor does one of
	 * two paths that both had lost it already (a realigned stack, sp
	 * and sp & -64: the CFA is x29's on both, and the merge loses
	 * nothing that either path had) */
	if (cur->join < 0 && !joined->sp_known &&
	    (here->sp_known || cur->state->sp_known) &&
	    remember_join(w, cur, here, &cur->join))
		return -1;
	/* weaker than what was here: walk on from here with it; the
	 * predecessor stays the first path's (visit() keeps it) */
	cur->state = joined;
	cur->via_fixup = slot->via_fixup;
	return 1;
}

/*
 * A first visit in the walk notes a crossing between the function and
 * anonymous code; a visit again (a joined state walking on) notes the
 * same crossing again, from the first visit's predecessor, which only
 * --backtrace keeps: the last such note made here is that one.
 */
static int note_crossing(struct walker *w, const struct work *in,
			 struct insn_slot *slot, bool again)
{
	struct ctx *ctx = w->ctx;
	size_t i;

	if (!again) {
		slot->linked = in->pred_sec &&
			slot->anon != slot_of(ctx, in->pred_sec, in->pred_off)->anon;
		return slot->linked ? link_anon(w, in, slot->anon) : 0;
	}
	for (i = ctx->nr_links; slot->linked && i-- > w->first_link;) {
		struct anon_link k = ctx->links[i];
		const struct place *here = k.into ? &k.anon : &k.other;

		if (k.into == slot->anon && here->sec == in->sec &&
		    here->off == in->off)
			return anon_link_add(ctx, &k);
	}
	return 0;
}

/* Record the state before the instruction, and what reaching it means. */
static int visit(struct walker *w, const struct work *in, struct insn_slot *slot)
{
	struct ctx *ctx = w->ctx;
	bool again = slot_seen(slot, w->gen);

	if (!again && ctx->dump &&
	    !symbol_covers(w->func, in->sec, in->off) &&
	    note_outside(w, in->sec, in->off))
		return -1;
	slot_see(slot, w->gen);
	slot->state_id = cfi_id(in->state);
	if (!again && ctx->preds)
		ctx->preds[in->sec][in->off / 4] =
			(struct slot_pred){ in->pred_sec, in->pred_off };
	slot->reported = 0;
	slot->via_fixup = in->via_fixup;
	ctx->stats.insns++;
	if (note_crossing(w, in, slot, again))
		return -1;
	w->cur_group = NULL;
	return slot->alt ? alt_check(w, in, slot->alt) : 0;
}

/*
 * The state after the instruction, in *after.  1: the path goes on, 0: it
 * ends here (nothing after it can be judged), -1: out of memory.
 */
/* sp gets a value not derived from its own: from x29, or not followed. */
static bool sets_sp(const struct insn_desc *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_ops; i++)
		if (d->ops[i].dst == REG_SP && d->ops[i].src != REG_SP &&
		    (d->ops[i].type == SOP_ADD || d->ops[i].type == SOP_CLOBBER))
			return true;
	return false;
}

/* Keep the lowest place of a kind: the one to report. */
static void note_place(struct place *p, const struct work *in)
{
	struct place here = { in->sec, in->off };

	if (!p->sec || cmp_place(&here, p) < 0)
		*p = here;
}

/* A sign or an authentication out of turn, in words: what was, what it did. */
static void report_pac(struct walker *w, const struct work *in,
		       const struct insn_desc *d, unsigned int ev)
{
	struct cfi_state used = { .ra_sign = RA_SIGNED_A };
	char had[64], with[64];
	unsigned int i;

	cfi_ra_words(in->state, had, sizeof(had));
	if (ev & CFI_EV_SIGN_TWICE)
		report(w, CHECK_PAC_IMBALANCE, in->sec, in->off,
		       "signs the return address again while it is already %s: one authentication leaves it signed",
		       had);
	if (ev & CFI_EV_AUTH_PLAIN)
		report(w, CHECK_PAC_IMBALANCE, in->sec, in->off,
		       "authenticates a return address that is not signed: the authentication fails (with FEAT_FPAC it faults)");
	if (!(ev & CFI_EV_AUTH_OTHER))
		return;
	for (i = 0; i < d->nr_ops; i++) {
		const struct stack_op *op = &d->ops[i];

		if (op->type != SOP_RA_AUTH)
			continue;
		used.ra_sign = op->size == PAC_KEY_B ? RA_SIGNED_B : RA_SIGNED_A;
		used.ra_mod = op->src == REG_SP ? RA_MOD_SP :
			      op->src == REG_ZR ? RA_MOD_ZERO : RA_MOD_REG;
		used.ra_sp = in->state->sp_known ? in->state->sp_off : CFI_SP_UNKNOWN;
	}
	report(w, CHECK_PAC_IMBALANCE, in->sec, in->off,
	       "the return address is %s, and this authenticates it %s: the authentication fails",
	       had, cfi_ra_how(&used, with, sizeof(with)));
}

/* The events of one instruction: findings now, or places for the end. */
static void regs_note(struct walker *w, const struct work *in,
		      const struct insn_desc *d, unsigned int ev)
{
	if (ev & CFI_EV_FP_CLOBBER)
		note_place(&w->regs.fp_write, in);
	if (ev & CFI_EV_LR_LOST)
		note_place(&w->regs.lr_write, in);
	if (ev & CFI_EV_X18_WRITE)
		note_place(&w->regs.x18_write, in);
	if (ev & CFI_EV_SCS)
		w->regs.scs_used = true;
	if (ev & CFI_EV_SCS_UNDERFLOW)
		report(w, CHECK_SCS_X18_MODIFIED, in->sec, in->off,
		       "pops x30 from the shadow call stack with nothing of this function's pushed: it takes its caller's return address, and the caller's pop then reads its caller's");
	if (ev & (CFI_EV_SIGN_TWICE | CFI_EV_AUTH_PLAIN | CFI_EV_AUTH_OTHER))
		report_pac(w, in, d, ev);
}

/* The once-a-function findings, where their first write is. */
static void regs_report(struct walker *w)
{
	const struct regs_seen *r = &w->regs;

	if (r->fp_write.sec)
		report(w, CHECK_FRAME_POINTER_CLOBBERED, r->fp_write.sec, r->fp_write.off,
		       "x29 is overwritten with what is neither the caller's frame pointer nor a frame record's address: an unwinder interrupting the function follows it to garbage (compilers do this under clang's -fno-omit-frame-pointer without -mno-omit-leaf-frame-pointer, which lets leaf functions use x29 as an ordinary register)");
	if (r->lr_write.sec && !arch_lr_writer_reason(w->func->name))
		report(w, CHECK_LINK_REGISTER_MODIFIED, r->lr_write.sec, r->lr_write.off,
		       "x30 is overwritten while it holds the only copy of the return address (not in a frame record, not on the shadow call stack, not copied to another register): the function cannot return to its caller, and an unwinder taking x30 here names the wrong one");
	if (r->scs_used && r->x18_write.sec)
		report(w, CHECK_SCS_X18_MODIFIED, r->x18_write.sec, r->x18_write.off,
		       "writes x18, which this function uses as the shadow call stack's pointer (str x30, [x18], #8 ... ldr x30, [x18, #-8]!): its pops, and its callers', then read other return addresses");
}

/* A call loses x0-x18; any write loses what the register held. */
static uint32_t value_bit(unsigned int reg)
{
	return reg < REG_FP ? 1u << reg : 0;
}

/* The copies of x29 and x30 the instruction overwrites are gone. */
static bool forget_copies(struct walker *w, const struct work *in,
			  struct cfi_state *s)
{
	struct value_op v;
	uint32_t written;
	unsigned int r;

	if (!(s->fp_copies | s->lr_copies))
		return false;
	arch_decode_value(insn_word(&w->ctx->obj->secs[in->sec], in->off), &v);
	written = value_bit(v.dst) | value_bit(v.dst2) | value_bit(v.dst3);
	for (r = 0; v.kind == VAL_CALL && r < REG_FP; r++)
		if (arch_reg_call_clobbered(r))
			written |= value_bit(r);
	cfi_forget_copies(s, written);
	return true;
}

/*
 * The state after the instruction and its events, from the state before:
 * 1, or 0 when the CFA is lost (reported), with *lost when a hint on the
 * next instruction goes on from there; -1: out of memory.
 */
static int transition(struct walker *w, const struct work *in,
		      const struct insn_desc *d, const struct cfi_state **after,
		      unsigned int *ev, bool *lost)
{
	struct cfi_state next = *in->state;
	bool forgot = forget_copies(w, in, &next);

	*lost = cfi_step(&next, d->ops, d->nr_ops, ev) == CFI_LOST_CFA;
	/* a switch that a hint on the next instruction completes goes on */
	if (*lost && !hint_state_at(w->ctx, in->sec, in->off + 4)) {
		report(w, CHECK_UNKNOWN_STACK_OP, in->sec, in->off,
		       "sp or x29 changes in a way that cannot be followed, and the CFA is lost");
		w->gave_up = true;
		return 0;	/* no cascade: what follows cannot be judged */
	}
	/* most instructions leave the state alone: no need to intern */
	*after = (!d->nr_ops && !forgot) || cfi_equal(&next, in->state) ?
		 in->state : walk_intern(w, &next);
	return *after ? 1 : -1;
}

/*
 * The transition remembered for (state, word), or NULL when it depends on
 * more than the two: resolve_add_reg() read a constant from the code
 * before.  The same prologue and epilogue words meet the same states all
 * over an object, and copying, stepping and interning a state costs more
 * than the rest of the instruction's walk.
 */
static struct step_memo *memo_at(struct walker *w, const struct work *in,
				 uint32_t word, bool resolved)
{
	uint32_t h = (uint32_t)((uintptr_t)in->state >> 3) * 0x9e3779b1u ^ word;

	if (resolved)
		return NULL;
	return &w->memo[(h * 0x85ebca6bu) >> (32 - w->memo_bits)];
}

static int execute(struct walker *w, const struct work *in,
		   const struct insn_desc *d, bool resolved,
		   const struct cfi_state **after)
{
	uint32_t word;
	struct step_memo *m;
	unsigned int ev;
	bool lost;
	int rc;

	w->cur_join = in->join;
	if (in->join >= 0 && !in->state->sp_known && needs_sp(d, in->state)) {
		struct join_rec *j = &w->joins[in->join];

		if (!j->reported)
			report_mismatch(w, j->first, &j->arrival);
		j->reported = true;
		w->gave_up = true;
		return 0;	/* the merge was wrong: nothing after it is judged */
	}
	/* most instructions have no operations, and most states no copies
	 * of x29 or x30 to forget: the state stays, with no events */
	if (!d->nr_ops && !(in->state->fp_copies | in->state->lr_copies)) {
		*after = in->state;
		return 1;
	}
	word = insn_word(&w->ctx->obj->secs[in->sec], in->off);
	m = memo_at(w, in, word, resolved);
	if (m && m->before == in->state && m->word == word) {
		*after = m->after;
		ev = m->ev;
	} else {
		if ((rc = transition(w, in, d, after, &ev, &lost)) <= 0)
			return rc;
		if (m && !lost)
			*m = (struct step_memo){ .before = in->state, .after = *after,
						 .word = word, .ev = ev };
	}
	/* exception and outermost frames have no caller's x29 or return
	 * address in x30 to lose (hints.c) */
	if (in->state->frame != CFI_FRAME_CALL)
		ev &= ~(CFI_EV_FP_CLOBBER | CFI_EV_LR_LOST);
	if (ev)
		regs_note(w, in, d, ev);
	/* sp given a value of its own (mov sp, x19 after a probed
	 * allocation): what a merge left it no longer matters */
	if (sets_sp(d))
		w->cur_join = -1;
	return 1;
}

/* Where the instruction's own control flow goes, with the state after it. */
static int go_on(struct walker *w, const struct work *in,
		 const struct insn_desc *d, const struct cfi_state *after,
		 const struct edge *e, size_t nr, bool warn)
{
	const struct cfi_state *exit;

	switch (d->kind) {
	case INSN_JUMP_COND:
		exit = probe_loop_exit(w->ctx, w->gen, own_floor(w, in), in->sec,
				       in->off, d, after);
		if (exit)	/* a known loop: out with sp at its bound */
			return fall_through(w, in, exit);
		/* fall through */
	case INSN_JUMP:
		if (do_branch(w, in, d, after))
			return -1;
		if (d->kind == INSN_JUMP)
			return 0;
		return fall_through(w, in, after);
	case INSN_CALL:
	case INSN_CALL_IND:
		return do_call(w, in, d, after);
	case INSN_JUMP_IND:
		return do_indirect_jump(w, in, d, after, e, nr);
	case INSN_RET:
		return check_leave(w, in, after, CHECK_RETURN_MODIFIED_FRAME,
				   "return");
	case INSN_ERET:
	case INSN_HLT:
	case INSN_UDF:
		return 0;
	case INSN_BRK:
		return warn || arch_brk_continues(d->imm) ? fall_through(w, in, after) : 0;
	default:
		return fall_through(w, in, after);
	}
}

/*
 * Hints (hints.c): in an UNDEFINED range nothing is judged and the path
 * ends; at a hint that gives a state, a path that contradicts it is a
 * bad-hint, and the state is the hint's.  1: go on, 0: the path ends.
 */
static int at_hint(struct walker *w, struct work *cur)
{
	const struct hint *h;
	char why[256];

	if (hint_undefined_at(w->ctx, cur->sec, cur->off))
		return 0;
	h = hint_state_at(w->ctx, cur->sec, cur->off);
	if (!h)
		return 1;
	if (cur->pred_sec && hint_contradicted(h, cur->state, why, sizeof(why)))
		report(w, CHECK_BAD_HINT, cur->sec, cur->off, "%s", why);
	cur->state = h->state;
	cur->join = -1;
	return 1;
}

/*
 * One instruction of one path; *cur is the walk's to change.  1: the path
 * goes on from *cur (fall_through()), 0: it ends, -1: out of memory.
 */
static int step(struct walker *w, struct work *cur)
{
	const struct section *sec = &w->ctx->obj->secs[cur->sec];
	const struct cfi_state *after;
	struct insn_slot *slot;
	const struct edge *e;
	struct insn_desc d;
	bool warn = false, resolved;
	size_t nr;
	int rc;

	if (!sec_word_is_code(sec, cur->off))
		return into_data(w, cur);
	if (w->split && !owns(w, cur->sec, cur->off))
		return defer(w);
	if (w->ctx->nr_hints && (rc = at_hint(w, cur)) <= 0)
		return rc;
	slot = slot_of(w->ctx, cur->sec, cur->off);
	if (slot_seen(slot, w->gen) && (rc = arrive_again(w, cur, slot)) <= 0)
		return rc;
	if (visit(w, cur, slot))
		return -1;
	arch_decode(insn_word(sec, cur->off), &d);
	resolved = resolve_add_reg(w, cur, &d);
	if ((rc = execute(w, cur, &d, resolved, &after)) <= 0)
		return rc;
	e = edges_from(w->ctx, cur->sec, cur->off, &nr);
	if (nr && follow_edges(w, cur, after, e, nr, &warn))
		return -1;
	return go_on(w, cur, &d, after, e, nr, warn);
}

/*
 * Code right after a call to a function that never returns was compiled by
 * a compiler that did not know it (the callee is in another unit, and only
 * this object, vmlinux.o say, shows it never returns): dead, but not a
 * defect.  Likewise after a trapping brk written as inline asm (glibc's
 * ABORT_INSTRUCTION), which the compiler thinks falls through.
 */
static bool after_noreturn_call(struct walker *w, const struct section *sec,
				uint64_t off)
{
	struct insn_desc d;
	struct target t;

	if (off < 4 || !sec_word_is_code(sec, off - 4) ||
	    !slot_seen(slot_of(w->ctx, sec->idx, off - 4), w->gen))
		return false;
	arch_decode(insn_word(sec, off - 4), &d);
	/* compiled code after an inline-asm brk the compiler thought returns */
	if (d.kind == INSN_BRK)
		return true;
	if (d.kind != INSN_CALL)
		return false;
	branch_target(w->ctx, sec, off - 4, &d, &t);
	return noreturn_target(w->ctx, &t);
}

static void find_unreachable(struct walker *w)
{
	const struct symbol *f = w->func;
	const struct section *sec = &w->ctx->obj->secs[f->sec];
	const struct insn_slot *slots = w->ctx->slots[f->sec];
	uint64_t off, end = f->offset + f->size, first = 0;
	unsigned long count = 0;
	bool exempt = false;

	/* one step past the end, to close a range that reaches it; nearly
	 * every word was reached, the cheapest test first */
	for (off = f->offset; off <= end; off += 4) {
		bool dead = off + 4 <= end && !slot_seen(&slots[off / 4], w->gen) &&
			    sec_word_is_code(sec, off) &&
			    !hint_undefined_at(w->ctx, f->sec, off);

		if (dead) {
			const struct symbol *owner = func_at(w->ctx->obj, sec, off);

			if (owner && owner->offset != f->offset)
				continue;	/* a nested function's own code */
			if (slot_kind(w->ctx, f->sec, off) == INSN_NOP)
				continue;	/* padding, or between dead insns */
			if (!count) {
				first = off;
				exempt = after_noreturn_call(w, sec, off);
			}
			count++;
			continue;
		}
		if (count && !exempt)
			report(w, CHECK_UNREACHABLE, f->sec, first,
			       "%lu instruction%s that no path reaches", count,
			       count == 1 ? "" : "s");
		count = 0;
	}
}

/* The function's own instructions in address order, then what it reached
 * outside its range (replacement streams, anonymous code), likewise. */
static void dump_function(struct walker *w)
{
	const struct symbol *f = w->func;
	uint64_t off;
	size_t i;

	for (off = f->offset; off + 4 <= f->offset + f->size; off += 4)
		if (slot_seen(slot_of(w->ctx, f->sec, off), w->gen))
			report_insn_cfi(w->ctx, f->sec, off, w->fidx);
	if (w->nr_outside > 1)
		qsort(w->outside, w->nr_outside, sizeof(*w->outside), cmp_place);
	for (i = 0; i < w->nr_outside; i++)
		report_insn_cfi(w->ctx, w->outside[i].sec, w->outside[i].off,
				w->fidx);
}

/* Secondary entry points inside this function start from the entry state. */
static int push_entries(struct walker *w, const struct cfi_state *s)
{
	const struct symbol *f = w->func;
	const struct place *e = w->ctx->entries, start = { f->sec, f->offset };
	size_t i = lower_bound(e, w->ctx->nr_entries, sizeof(*e), &start, cmp_place);

	for (; i < w->ctx->nr_entries && e[i].sec == f->sec &&
	       e[i].off < f->offset + f->size; i++) {
		const struct symbol *owner = func_at(w->ctx->obj,
						     &w->ctx->obj->secs[f->sec], e[i].off);

		/* a nested function's entries are its own */
		if (owner && owner->offset != f->offset)
			continue;
		if (push(w, f->sec, e[i].off, s, 0, 0))
			return -1;
	}
	return 0;
}

/* Every hint inside the function that gives a state is a root too. */
static int push_hints(struct walker *w)
{
	const struct symbol *f = w->func;
	const struct hint *h = w->ctx->hints;
	struct place start = { f->sec, f->offset };
	size_t i = lower_bound(h, w->ctx->nr_hints, sizeof(*h), &start, cmp_place);

	for (; i < w->ctx->nr_hints && h[i].at.sec == f->sec &&
	       h[i].at.off < f->offset + f->size; i++) {
		const struct symbol *owner = func_at(w->ctx->obj,
						     &w->ctx->obj->secs[f->sec], h[i].at.off);

		/* a nested function's hints are its own */
		if (!h[i].state || (!w->unit && owner && owner->offset != f->offset))
			continue;
		if (push(w, f->sec, h[i].at.off, h[i].state, 0, 0))
			return -1;
	}
	return 0;
}

/* One walk from the entries; stops early when a callee is found noreturn. */
/* Every path of the function, from its entries; non-function code from
 * its hints alone. */
static int walk_paths(struct walker *w, const struct cfi_state *s)
{
	const struct symbol *f = w->func;

	w->gen = w->split ? w->split_gen : ctx_new_gen(w->ctx);
	w->first_link = w->ctx->nr_links;
	w->nr_outside = 0;
	w->first_finding = w->ctx->nr_findings;
	w->nr_joins = 0;
	w->cur_join = -1;
	w->gave_up = false;
	w->fell_off = false;
	memset(&w->regs, 0, sizeof(w->regs));
	w->nr = 0;
	w->has_next = false;
	/* the main entry last, so that it is walked first */
	if (push_entries(w, s) || push_hints(w) ||
	    (!w->unit && push(w, f->sec, f->offset, s, 0, 0)))
		return -1;
	while (w->nr || w->has_next) {
		int rc;

		w->cur = take(w);
		while ((rc = step(w, w->cur)) > 0)
			;
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int walk_function(struct walker *w)
{
	struct ctx *ctx = w->ctx;
	struct cfi_state init;
	const struct cfi_state *s;

	cfi_init(&init);
	s = walk_intern(w, &init);
	if (!s)
		return -1;
	ctx->stats.functions += !w->unit;
	if (walk_paths(w, s))
		return -1;
	regs_report(w);
	/* non-function code is entered where no branch shows (vectors) */
	if (!w->gave_up && !w->unit && !ctx->opts->disabled[CHECK_UNREACHABLE])
		find_unreachable(w);
	/* rows are a function's (SFrame, --dump-cfi): not non-function code's */
	if (ctx->dump && !w->unit)
		dump_function(w);
	return 0;
}

/* Code under a non-function symbol, from its hints, as far as it goes. */
static int walk_unit(struct walker *w, const struct hint_unit *u)
{
	struct symbol code = w->ctx->obj->syms[u->sym];
	int ret;

	code.sec = u->sec;
	code.offset = u->off;
	code.size = u->size;
	w->fidx = u->sym;
	w->func = &code;
	w->unit = true;
	ret = walk_function(w);
	w->unit = false;
	w->func = NULL;
	return ret;
}

struct walker *walker_new(struct ctx *ctx, const bool *shared_table,
			  uint32_t split_gen)
{
	struct walker *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->ctx = ctx;
	w->next = w->held;
	w->memo_bits = memo_bits_for(ctx->obj);
	w->memo = calloc(1u << w->memo_bits, sizeof(*w->memo));
	if (shared_table) {
		w->split = true;
		w->split_gen = split_gen;
		w->shared_table = shared_table;
		w->cache = cfi_cache_new();
	}
	if (!w->memo || (shared_table && !w->cache)) {
		walker_free(w);
		return NULL;
	}
	return w;
}

void walker_free(struct walker *w)
{
	if (!w)
		return;
	cfi_cache_free(w->cache);
	free(w->stack);
	free(w->joins);
	free(w->outside);
	free(w->memo);
	free(w);
}

int walker_walk(struct walker *w, uint32_t fidx)
{
	w->fidx = fidx;
	w->func = &w->ctx->obj->syms[fidx];
	w->deferred = false;
	if (!walk_function(w))
		return 0;
	return w->deferred ? 1 : -1;
}

int walker_walk_units(struct walker *w)
{
	size_t i;

	for (i = 0; i < w->ctx->nr_hint_units; i++)
		if (walk_unit(w, &w->ctx->hint_units[i]))
			return -1;
	return 0;
}
