// SPDX-License-Identifier: GPL-2.0
/*
 * Where a direct branch or call goes: through its relocation in a
 * relocatable object, by its encoded offset otherwise; and which function
 * a call target names.
 */
#include <string.h>

#include "validate/model.h"

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
	if (r && arch_reloc_kind(r->type) == RELOC_BRANCH) {
		const struct symbol *sym = &obj->syms[r->sym];

		t->sym = sym;
		if (!sym->sec) {
			t->kind = TARGET_EXTERN;
			return;
		}
		dest = reloc_dest(obj, r);
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
 * A weak definition may be replaced at link time by another body, unless
 * it is in a COMDAT group (C++ inline functions, templates, clang's
 * __clang_call_terminate): the one-definition rule makes every copy the
 * same code.
 */
bool symbol_replaceable(const struct object *obj, const struct symbol *f)
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
	return f && f->offset == t->off && !symbol_replaceable(ctx->obj, f) ? f : NULL;
}
