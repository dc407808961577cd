// SPDX-License-Identifier: GPL-2.0
/*
 * Everything the walker may follow besides the next instruction: direct
 * branch targets (through relocations where there are any), the extra edges
 * found in special sections and jump tables, and which functions never return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/validate.h"
#include "validate/vec.h"

#define R_AARCH64_TSTBR14	279
#define R_AARCH64_CONDBR19	280
#define R_AARCH64_JUMP26	282
#define R_AARCH64_CALL26	283

int edge_add(struct ctx *ctx, uint32_t sec, uint64_t from, uint32_t to_sec,
	     uint64_t to, enum edge_type type)
{
	struct edge_list *l = &ctx->edges[sec];

	if (VEC_GROW(l->e, l->alloc, l->nr))
		return -1;
	l->e[l->nr++] = (struct edge){ .from = from, .to = to, .to_sec = to_sec,
				       .type = type };
	l->sorted = false;
	return 0;
}

static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->to_sec != y->to_sec)
		return x->to_sec < y->to_sec ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return 0;
}

void edges_sort(struct ctx *ctx)
{
	size_t i, j;

	for (i = 0; i < ctx->obj->nr_secs; i++) {
		struct edge_list *l = &ctx->edges[i];

		if (!l->sorted && l->nr > 1)
			qsort(l->e, l->nr, sizeof(*l->e), cmp_edge);
		l->sorted = true;
		/* most instructions have no edges: let the walk skip the search */
		for (j = 0; j < l->nr && ctx->slots[i]; j++)
			ctx->slots[i][l->e[j].from / 4].has_edges = 1;
	}
}

const struct edge *edges_from(struct ctx *ctx, uint32_t sec, uint64_t from,
			      size_t *nr)
{
	const struct edge_list *l = &ctx->edges[sec];
	size_t lo = 0, hi = l->nr, end;

	if (ctx->slots[sec] && l->sorted && !ctx->slots[sec][from / 4].has_edges) {
		*nr = 0;
		return NULL;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->e[mid].from < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < l->nr && l->e[end].from == from; end++)
		;
	*nr = end - lo;
	return *nr ? &l->e[lo] : NULL;
}

static bool is_branch_reloc(uint32_t type)
{
	return type == R_AARCH64_JUMP26 || type == R_AARCH64_CALL26 ||
	       type == R_AARCH64_CONDBR19 || type == R_AARCH64_TSTBR14;
}

/*
 * In a relocatable object a branch to another section or to a global symbol
 * carries a relocation, and its encoded offset means nothing; otherwise the
 * encoded offset is the target.
 */
void branch_target(struct ctx *ctx, const struct section *sec, uint64_t off,
		   const struct insn_desc *desc, struct target *t)
{
	const struct object *obj = ctx->obj;
	const struct reloc *r = reloc_at(sec, off);
	int64_t dest;

	memset(t, 0, sizeof(*t));
	if (r && is_branch_reloc(r->type)) {
		const struct symbol *sym = &obj->syms[r->sym];

		t->sym = sym;
		if (!sym->sec) {
			t->kind = TARGET_EXTERN;
			return;
		}
		dest = (int64_t)sym->offset + r->addend;
		if (dest < 0 || (uint64_t)dest >= obj->secs[sym->sec].size)
			return;
		t->kind = TARGET_CODE;
		t->sec = sym->sec;
		t->off = dest;
		return;
	}
	dest = (int64_t)off + desc->target;
	if (dest >= 0 && (uint64_t)dest < sec->size) {
		t->kind = TARGET_CODE;
		t->sec = sec->idx;
		t->off = dest;
		return;
	}
	if (obj->linked) {
		const struct section *s = section_by_addr(obj, sec->addr + dest);

		if (s) {
			t->kind = TARGET_CODE;
			t->sec = s->idx;
			t->off = sec->addr + dest - s->addr;
		}
	}
}

/*
 * Functions that never return to their caller, by name: the kernel's
 * __noreturn functions of Linux 6.1 and objtool's list, the C library's, and
 * the C++ runtime's (std::terminate, the __cxa_* and std::__throw_* ones).
 * Definitions that may be replaced never count.  Kept in strcmp
 * order for bsearch (a unit test checks every name is found).
 */
static const char *const noreturn_names[] = {
	"_Exit",
	"_Unwind_Resume",
	"_ZSt16__throw_bad_castv",
	"_ZSt17__throw_bad_allocv",
	"_ZSt19__throw_logic_errorPKc",
	"_ZSt20__throw_length_errorPKc",
	"_ZSt20__throw_out_of_rangePKc",
	"_ZSt24__throw_out_of_range_fmtPKcz",
	"_ZSt25__throw_bad_function_callv",
	"_ZSt9terminatev",
	"__assert_fail",
	"__assert_perror_fail",
	"__chk_fail",
	"__clang_call_terminate",
	"__cxa_bad_cast",
	"__cxa_bad_typeid",
	"__cxa_call_unexpected",
	"__cxa_deleted_virtual",
	"__cxa_pure_virtual",
	"__cxa_rethrow",
	"__cxa_throw",
	"__cxa_throw_bad_array_new_length",
	"__do_cancel",
	"__exit_thread",
	"__fdelt_warn",
	"__fortify_fail",
	"__host_enter",
	"__hyp_do_panic",
	"__invalid_creds",
	"__libc_dynarray_at_failure",
	"__libc_fatal",
	"__libc_longjmp",
	"__libc_message",
	"__libc_siglongjmp",
	"__libc_start_call_main",
	"__libc_start_main",
	"__longjmp_chk",
	"__malloc_assert",
	"__module_put_and_kthread_exit",
	"__pkvm_init_finalise",
	"__pthread_exit",
	"__pthread_unwind",
	"__pthread_unwind_next",
	"__stack_chk_fail",
	"__stack_chk_fail_local",
	"__ubsan_handle_builtin_unreachable",
	"_exit",
	"_longjmp",
	"abort",
	"arm64_serror_panic",
	"cpu_startup_entry",
	"do_exit",
	"do_group_exit",
	"do_task_dead",
	"err",
	"errx",
	"exit",
	"fortify_panic",
	"hyp_panic",
	"hyp_panic_bad_stack",
	"kthread_complete_and_exit",
	"kthread_exit",
	"kunit_abort",
	"kunit_try_catch_throw",
	"kvm_host_psci_cpu_entry",
	"longjmp",
	"make_task_dead",
	"nvhe_hyp_panic_handler",
	"panic",
	"pthread_exit",
	"quick_exit",
	"siglongjmp",
	"thrd_exit",
	"usercopy_abort",
	"verr",
	"verrx",
};

#define NR_NORETURN_NAMES	(sizeof(noreturn_names) / sizeof(noreturn_names[0]))

/* nVHE hypervisor code is linked into the kernel under this prefix */
#define NVHE_PREFIX	"__kvm_nvhe_"

const char *kernel_base_name(const char *name)
{
	if (!strncmp(name, NVHE_PREFIX, strlen(NVHE_PREFIX)))
		return name + strlen(NVHE_PREFIX);
	return name;
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

bool name_is_noreturn(const char *name)
{
	name = kernel_base_name(name);
	return bsearch(name, noreturn_names, NR_NORETURN_NAMES,
		       sizeof(noreturn_names[0]), cmp_name) != NULL;
}

const char *noreturn_name(size_t i)
{
	return i < NR_NORETURN_NAMES ? noreturn_names[i] : NULL;
}

/*
 * A weak definition may be replaced at link time by another body, unless
 * it is in a COMDAT group (C++ inline functions, templates, clang's
 * __clang_call_terminate): the one-definition rule makes every copy the
 * same code.
 */
static bool replaceable(const struct object *obj, const struct symbol *f)
{
	return f->bind == STB_WEAK &&
	       !(f->sec && f->sec < obj->nr_secs &&
		 (obj->secs[f->sec].flags & SHF_GROUP));
}

/*
 * The callee a call target names: the undefined symbol, or the function
 * starting exactly there.  NULL for a body that may be replaced (an
 * undefined weak symbol is a weak reference, not a body).
 */
const struct symbol *target_callee(struct ctx *ctx, const struct target *t)
{
	const struct symbol *f;

	if (t->kind == TARGET_EXTERN)
		return t->sym;
	if (t->kind != TARGET_CODE)
		return NULL;
	f = func_at(ctx->obj, &ctx->obj->secs[t->sec], t->off);
	return f && f->offset == t->off && !replaceable(ctx->obj, f) ? f : NULL;
}

bool target_is_noreturn(struct ctx *ctx, const struct target *t)
{
	const struct symbol *f = target_callee(ctx, t);

	return f && (ctx->sym_flags[f - ctx->obj->syms] & SYMF_NORETURN);
}

/* The documented list, looked up once a symbol. */
static void mark_named_noreturn(struct ctx *ctx)
{
	size_t i;

	for (i = 1; i < ctx->obj->nr_syms; i++) {
		const struct symbol *s = &ctx->obj->syms[i];

		if ((s->type == STT_FUNC || s->type == STT_NOTYPE) && !s->mapping &&
		    !(s->sec && replaceable(ctx->obj, s)) && name_is_noreturn(s->name))
			ctx->sym_flags[i] |= SYMF_NORETURN;
	}
}

/* ---- brk ---- */

/*
 * What a brk immediate means, from arch/arm64/include/asm/brk-imm.h and the
 * handlers behind it: whether execution goes on after the trap.  BUG/WARN
 * (0x800) is decided per site by __bug_table (a WARN continues).
 */
struct brk_kind {
	uint16_t mask;
	uint16_t value;
	bool continues;
	const char *what;
};

static const struct brk_kind brk_kinds[] = {
	{ 0xfffc, 0x0004, true, "kprobes and uprobes" },	/* 0x004-0x006 */
	{ 0xfffe, 0x0400, true, "kgdb" },			/* 0x400, 0x401 */
	{ 0xff20, 0x0920, true, "KASAN, recoverable" },		/* 0x9xx, bit 5 */
	{ 0xff00, 0x0900, false, "KASAN" },
	{ 0xfc00, 0x8000, true, "kCFI: the check's call follows" },
	{ 0xff00, 0x5500, false, "UBSAN trap" },
};

bool brk_continues(uint16_t imm)
{
	size_t i;

	for (i = 0; i < sizeof(brk_kinds) / sizeof(brk_kinds[0]); i++)
		if ((imm & brk_kinds[i].mask) == brk_kinds[i].value)
			return brk_kinds[i].continues;
	return false;	/* BUG, __builtin_trap, userland abort: a trap */
}

/* ---- noreturn inference ---- */

struct reach {
	struct place *stack;
	size_t nr, alloc;
};

static int reach_push(struct reach *r, uint32_t sec, uint64_t off)
{
	if (VEC_GROW(r->stack, r->alloc, r->nr))
		return -1;
	r->stack[r->nr++] = (struct place){ sec, off };
	return 0;
}

static bool inside(const struct symbol *f, const struct target *t)
{
	return t->kind == TARGET_CODE && t->sec == f->sec && t->off >= f->offset &&
	       t->off < f->offset + f->size;
}

/*
 * Follow (sec, off) from an instruction at `from`: in f, or in the
 * replacement stream `from` belongs to.  False if that leaves f.
 */
static bool reach_next(struct ctx *ctx, const struct symbol *f,
		       const struct place *from, struct target *t)
{
	struct alt_group *g;
	int stream;

	if (t->kind != TARGET_CODE)
		return false;
	if ((ctx->slots[from->sec][from->off / 4].alt & ALT_REPL) &&
	    alt_stream_at(ctx, from->sec, from->off, &g, &stream) &&
	    alt_stream_next(g, stream, &t->sec, &t->off) == ALT_NEXT_STREAM)
		return true;
	return inside(f, t);
}

/*
 * 2 if some path from the entry of f reaches a return or an indirect tail
 * call (whatever other functions turn out to do), 1 if some path leaves it
 * otherwise than by a noreturn call or a trap, 0 if none does, -1 on
 * allocation failure.
 */
static int may_return(struct ctx *ctx, const struct symbol *f, struct reach *r)
{
	uint32_t gen = ++ctx->gen;

	r->nr = 0;
	if (reach_push(r, f->sec, f->offset))
		return -1;
	while (r->nr) {
		struct place at = r->stack[--r->nr];
		const struct section *sec = &ctx->obj->secs[at.sec];
		struct target t = { .kind = TARGET_CODE, .sec = at.sec };
		const struct edge *e;
		struct insn_desc d;
		size_t nr, i;
		bool next = true;

		if (!sec_word_is_code(sec, at.off) ||
		    ctx->slots[at.sec][at.off / 4].gen == gen)
			continue;
		ctx->slots[at.sec][at.off / 4].gen = gen;
		d.kind = slot_kind(ctx, at.sec, at.off);
		if (d.kind == INSN_JUMP || d.kind == INSN_JUMP_COND || d.kind == INSN_CALL)
			arch_decode(insn_word(sec, at.off), &d);
		e = edges_from(ctx, at.sec, at.off, &nr);
		for (i = 0; i < nr; i++)
			if (e[i].type != EDGE_WARN &&
			    reach_push(r, e[i].to_sec, e[i].to))
				return -1;
		switch (d.kind) {
		case INSN_RET:
		case INSN_ERET:
			return 2;
		case INSN_JUMP_IND:
			if (!nr)
				return 2;	/* an indirect tail call */
			next = false;
			break;
		case INSN_JUMP:
		case INSN_JUMP_COND:
			branch_target(ctx, sec, at.off, &d, &t);
			if (reach_next(ctx, f, &at, &t)) {
				if (reach_push(r, t.sec, t.off))
					return -1;
			} else if (!target_is_noreturn(ctx, &t)) {
				return 1;
			}
			next = d.kind == INSN_JUMP_COND;
			break;
		case INSN_CALL:
			branch_target(ctx, sec, at.off, &d, &t);
			next = !target_is_noreturn(ctx, &t);
			break;
		case INSN_BRK:
			arch_decode(insn_word(sec, at.off), &d);
			next = brk_continues(d.imm);
			for (i = 0; i < nr; i++)
				next |= e[i].type == EDGE_WARN;
			break;
		case INSN_HLT:
		case INSN_UDF:
			next = false;
			break;
		default:
			break;
		}
		if (!next)
			continue;
		t = (struct target){ .kind = TARGET_CODE, .sec = at.sec, .off = at.off + 4 };
		if (!reach_next(ctx, f, &at, &t))
			return 1;		/* falls into whatever follows */
		if (reach_push(r, t.sec, t.off))
			return -1;
	}
	return 0;
}

/*
 * Mark the functions of this object that provably never return.  Knowing one
 * can prove its callers, so repeat until nothing changes.  Must run before
 * the walk, which ends a path at a call to a noreturn function.
 */
int noreturn_infer(struct ctx *ctx)
{
	struct object *obj = ctx->obj;
	struct reach r = { 0 };
	bool changed = true;
	int rounds = 0;

	mark_named_noreturn(ctx);
	while (changed && rounds++ < 16) {
		size_t s, i;

		changed = false;
		for (s = 1; s < obj->nr_secs; s++) {
			const struct section *sec = &obj->secs[s];

			for (i = 0; i < sec->nr_funcs; i++) {
				uint32_t idx = sec->funcs[i];
				const struct symbol *f = &obj->syms[idx];
				int ret;

				if ((ctx->sym_flags[idx] & (SYMF_NORETURN | SYMF_RETURNS)) ||
				    replaceable(obj, f) || !f->size)
					continue;
				ret = may_return(ctx, f, &r);
				if (ret < 0) {
					free(r.stack);
					return -1;
				}
				/* a return of its own: no later round can change it */
				if (ret == 2)
					ctx->sym_flags[idx] |= SYMF_RETURNS;
				if (!ret) {
					ctx->sym_flags[idx] |= SYMF_NORETURN;
					changed = true;
					if (ctx->opts->verbose)
						fprintf(stderr, "%s: %s never returns\n",
							obj->name, f->name);
				}
			}
		}
	}
	free(r.stack);
	return 0;
}

/* ---- secondary entry points ---- */

static int cmp_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int add_entry(struct ctx *ctx, uint32_t sec, uint64_t off)
{
	if (VEC_GROW(ctx->entries, ctx->alloc_entries, ctx->nr_entries))
		return -1;
	ctx->entries[ctx->nr_entries++] = (struct place){ sec, off };
	return 0;
}

static int scan_entries(struct ctx *ctx, const struct section *sec,
			const struct symbol *f)
{
	uint64_t off;

	for (off = f->offset; off + 4 <= f->offset + f->size; off += 4) {
		const struct symbol *g;
		struct insn_desc d;
		struct target t;

		enum insn_kind k;

		if (!sec_word_is_code(sec, off))
			continue;
		k = slot_kind(ctx, sec->idx, off);
		if (k != INSN_JUMP && k != INSN_JUMP_COND && k != INSN_CALL)
			continue;
		arch_decode(insn_word(sec, off), &d);
		branch_target(ctx, sec, off, &d, &t);
		if (t.kind != TARGET_CODE || inside(f, &t))
			continue;
		g = func_at(ctx->obj, &ctx->obj->secs[t.sec], t.off);
		if (g && g->offset != t.off && add_entry(ctx, t.sec, t.off))
			return -1;
	}
	return 0;
}

/*
 * Hand-written code is entered in the middle too: a call or branch from
 * one function to a label inside another.  Such places are entries of the
 * function that holds them, with the state of a function entry.
 */
int entries_find(struct ctx *ctx)
{
	const struct object *obj = ctx->obj;
	size_t s, i, j;

	for (s = 1; s < obj->nr_secs; s++) {
		const struct section *sec = &obj->secs[s];

		for (i = 0; i < sec->nr_funcs; i++)
			if (scan_entries(ctx, sec, &obj->syms[sec->funcs[i]]))
				return -1;
	}
	if (ctx->nr_entries > 1)
		qsort(ctx->entries, ctx->nr_entries, sizeof(*ctx->entries), cmp_place);
	for (i = j = 0; i < ctx->nr_entries; i++)	/* unique */
		if (!j || cmp_place(&ctx->entries[j - 1], &ctx->entries[i]))
			ctx->entries[j++] = ctx->entries[i];
	ctx->nr_entries = j;
	return 0;
}
