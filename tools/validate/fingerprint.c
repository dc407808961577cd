// SPDX-License-Identifier: GPL-2.0
/*
 * Fingerprints that survive a rebuild which moves code: a digest of the
 * instructions around a finding's site, with what moving changes left
 * out (the offsets of direct branches and calls, the pc-relative
 * addresses of adr and adrp) and never an address or an offset.  The
 * baseline (baseline.c) keys on it beside the object, symbol and check.
 * In objects the address fields that relocations fill hold zeros, so the
 * words themselves do not move with the code they refer to.
 */
#include <ctype.h>

#include "fingerprint.h"

#define WINDOW		2	/* instructions either side of the site */
#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--) {
		h ^= *c++;
		h *= FNV_PRIME;
	}
	return h;
}

/* What of a code word stays when the code moves. */
static uint32_t stable_part(uint32_t word)
{
	struct value_op v;
	int32_t target;
	enum insn_kind k = arch_decode_kind(word, &target);

	if (k == INSN_JUMP || k == INSN_JUMP_COND || k == INSN_CALL)
		return 0x80000000u | k;
	arch_decode_value(word, &v);
	if (v.kind == VAL_ADR || v.kind == VAL_ADRP)
		return 0x40000000u | (uint32_t)v.kind << 8 | v.dst;
	return word;
}

/* The words of the function around the site (of the section if none). */
static uint64_t code_digest(const struct object *obj, const struct finding *f)
{
	const struct section *sec = &obj->secs[f->sec];
	const struct symbol *fn = func_at(obj, sec, f->off);
	uint64_t lo = fn ? fn->offset : 0, hi = fn ? fn->offset + fn->size : sec->size;
	uint64_t h = FNV_OFFSET, off;
	int8_t at;

	for (at = -WINDOW; at <= WINDOW; at++) {
		uint32_t part;

		off = f->off + (int64_t)at * 4;
		if ((at < 0 && f->off < (uint64_t)-at * 4) || off < lo ||
		    off + 4 > hi || !sec_word_is_code(sec, off))
			continue;
		part = stable_part(insn_word(sec, off));
		h = fnv(h, &at, 1);
		h = fnv(h, &part, sizeof(part));
	}
	return h;
}

/* Outside code (a special section's entry): the message without numbers. */
static uint64_t message_digest(const struct finding *f)
{
	uint64_t h = FNV_OFFSET;
	const char *p = f->message;

	while (*p) {
		if (p[0] == '0' && p[1] == 'x') {
			for (p += 2; isxdigit((unsigned char)*p); p++)
				;
		} else if (isdigit((unsigned char)*p)) {
			for (; isdigit((unsigned char)*p); p++)
				;
		} else {
			h = fnv(h, p++, 1);
		}
	}
	return h;
}

void findings_fingerprint(struct ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nr_findings; i++) {
		struct finding *f = &ctx->findings[i];

		f->digest = sec_word_is_code(&ctx->obj->secs[f->sec], f->off) ?
			    code_digest(ctx->obj, f) : message_digest(f);
	}
}
