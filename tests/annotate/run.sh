#!/bin/bash
# Annotations (include/validate/annotate.h) beyond the fixtures, which
# test each hint in .S (tests/fixtures/bad-hint-*.S and the fixtures named
# after the check a hint affects):
#  1. VALIDATE_IGNORE_FUNC from C, with GCC and clang-19: ignore-good.c
#     has no finding and -v names both functions; ignore-bad.c has exactly
#     one bad-hint.
#  2. What hints leave unvalidated is listed: -v names the ignored
#     function, the UNDEFINED range and the non-function code no hint
#     reaches; the summary counts the ignored function.
#  3. An object without the hint section gives the output it gave before
#     hints existed: the same findings and -v lines as with the section
#     removed (objcopy --remove-section) from a hinted fixture, minus what
#     the hints say.
#  4. The section through the links the kernel makes: ld -r keeps it and
#     its relocations (the findings of the linked object are those of its
#     parts); a final link with the kernel's rule (/DISCARD/ : {
#     *(.discard) *(.discard.*) }, vmlinux.lds.h's DISCARDS and
#     module.lds.S) leaves nothing of it; GNU ld's default script, which
#     knows no .discard.*, keeps it as an orphan data section.
# run.sh VALIDATE
set -u
VALIDATE=$(realpath "${1:?usage: run.sh VALIDATE}")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
pass=0
INC=-I$ROOT/include

ok() {
	pass=$((pass + 1))
}
bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# "check symbol+0xoff" lines of a JSON run
findings() {	# object options...
	"$VALIDATE" --format=json "$@" 2> /dev/null | python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    print("%s %s+0x%x" % (d["check"], d["symbol"], d["offset"]))' | sort
}

# ---- 1. VALIDATE_IGNORE_FUNC from C ----
for cc in "${CROSS}gcc" "clang-19 --target=aarch64-linux-gnu"; do
	name=${cc%% *}
	# shellcheck disable=SC2086
	if ! $cc -O2 "$INC" -c -o "$TMP/good.o" "$HERE/ignore-good.c" 2> "$TMP/cc.err" ||
	   ! $cc -O2 "$INC" -c -o "$TMP/bad.o" "$HERE/ignore-bad.c" 2>> "$TMP/cc.err"; then
		bad "ignore-*.c do not compile with $name: $(head -3 "$TMP/cc.err")"
		continue
	fi
	"$VALIDATE" -v "$TMP/good.o" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$TMP/out" ] &&
	   grep -q ': early_setup: not validated: VALIDATE_IGNORE_FUNC' "$TMP/err" &&
	   grep -q ': twice: not validated: VALIDATE_IGNORE_FUNC' "$TMP/err"; then
		ok
	else
		bad "ignore-good.c ($name): exit $rc, $(cat "$TMP/out" "$TMP/err")"
	fi
	got=$(findings "$TMP/bad.o")
	if [ "$got" = "bad-hint __validate_ignore_table+0x0" ]; then
		ok
	else
		bad "ignore-bad.c ($name): $got"
	fi
done

# ---- 2. listed, not silently dropped ----
"${CROSS}gcc" -c "$INC" -o "$TMP/hints.o" "$ROOT/tests/fixtures/bad-hint-good.S"
"$VALIDATE" -v "$TMP/hints.o" > /dev/null 2> "$TMP/err"
for want in ': odd: not validated: VALIDATE_IGNORE_FUNC says to skip it' \
	    ': switch_to+0xc: 3 instructions not judged: VALIDATE_HINT_UNDEFINED' \
	    ': el1_sync: code under a non-function symbol, walked from its hints'; do
	if grep -q "$want" "$TMP/err"; then ok; else bad "-v does not say '$want'"; fi
done
if "$VALIDATE" --summary --format=json "$TMP/hints.o" 2> /dev/null |
	python3 -c 'import json, sys; d = json.load(sys.stdin)
sys.exit(d["functions"]["not_walked"]["ignored"] != 1)'; then
	ok
else
	bad "the summary does not count the ignored function"
fi
# a non-function symbol without a hint is listed as not validated
"${CROSS}gcc" -c "$INC" -o "$TMP/target.o" "$ROOT/tests/fixtures/bad-hint-bad-target.S"
if "$VALIDATE" -v "$TMP/target.o" 2>&1 >/dev/null |
	grep -q 'text+0xc: 1 instruction under label, which is no function, and no hint reaches it: not validated'; then
	ok
else
	bad "-v does not list the non-function code no hint reaches"
fi

# ---- 3. no hint section: the output of before ----
# Without the section (objcopy --remove-section), each hinted fixture gives
# what the validator gave before hints existed: its "// without hints:"
# lines, the findings its hints answer.
grep -l 'validate/annotate.h' "$ROOT"/tests/fixtures/*.S > "$TMP/hinted"
while read -r src; do
	f=$(basename "$src" .S)
	"${CROSS}gcc" -c -march=armv8.5-a+memtag "$INC" -o "$TMP/h.o" "$src"
	"${CROSS}objcopy" --remove-section=.discard.validate_hints \
		--remove-section=.rela.discard.validate_hints "$TMP/h.o" "$TMP/plain.o"
	findings "$TMP/plain.o" > "$TMP/got"
	sed -n 's|^// without hints: *||p' "$src" | sort > "$TMP/want"
	if cmp -s "$TMP/got" "$TMP/want"; then
		ok
	else
		bad "$f without its hints:"; diff -u "$TMP/want" "$TMP/got" | sed 's/^/    /'
	fi
done < "$TMP/hinted"

# ---- 4. ld -r keeps the section, a kernel-style final link drops it ----
"${CROSS}gcc" -c "$INC" -o "$TMP/a.o" "$ROOT/tests/fixtures/call-without-frame-good-end-of-stack.S"
"${CROSS}gcc" -c "$INC" -o "$TMP/b.o" "$ROOT/tests/fixtures/call-without-frame-bad-regs.S"
"${CROSS}ld" -r -o "$TMP/r.o" "$TMP/a.o" "$TMP/b.o"
n=$("${CROSS}readelf" -SW "$TMP/r.o" | grep -c '\.discard\.validate_hints')
got=$(findings "$TMP/r.o")
if [ "$n" = 2 ] && [ "$got" = "call-without-frame el1_irq+0x8" ]; then
	ok	# the section and its .rela, read back through the merged relocations
else
	bad "ld -r: $n hint sections, findings: $got"
fi
cat > "$TMP/main.c" <<'EOF'
void primary(void);
int main(void) { primary(); return 0; }
void task_main(void) { }
void irq_handler(void) { }
EOF
"${CROSS}gcc" -O2 -c -o "$TMP/main.o" "$TMP/main.c"
"${CROSS}ld" --verbose | sed -n '/^=======/,/^=======/p' | sed '1d;$d' |
	sed 's|^\(  /DISCARD/ : {\)|\1 *(.discard) *(.discard.*)|' > "$TMP/kernel-style.lds"
if ! grep -q 'DISCARD.*discard\.\*' "$TMP/kernel-style.lds"; then
	bad "could not make a linker script with the kernel's discard rule"
elif ! "${CROSS}gcc" -static -nostartfiles -Wl,-e,main -Wl,-T,"$TMP/kernel-style.lds" \
		-o "$TMP/image" "$TMP/main.o" "$TMP/r.o" 2> "$TMP/ld.err"; then
	bad "final link with the discard rule: $(head -3 "$TMP/ld.err")"
elif "${CROSS}readelf" -SW "$TMP/image" | grep -q discard ||
     "${CROSS}objdump" -s "$TMP/image" | grep -q 'validate_hints'; then
	bad "the hint section is still in the linked image"
else
	ok
fi
"${CROSS}gcc" -static -nostartfiles -Wl,-e,main -o "$TMP/image2" "$TMP/main.o" "$TMP/r.o" 2> /dev/null
if "${CROSS}readelf" -SW "$TMP/image2" | grep -q '\.discard\.validate_hints'; then
	ok	# documented: a default link keeps it (annotations.md)
else
	bad "GNU ld's default script dropped .discard.validate_hints: update annotations.md"
fi

echo "annotations: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
