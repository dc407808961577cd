#!/bin/bash
# validate-cc's command-line handling, with a fake compiler and a fake
# validate (tests/validate-cc/fakecc, fakevalidate) that log exactly what
# they were run with, then with the real compilers: which compiles are
# validated and which pass straight through, what the compiler and the
# validator get, exit statuses, standard streams, the environment settings,
# the report names, failures of the validator, and make install.
# args.sh WRAPPER
set -u
VCC=$(realpath "${1:?usage: args.sh WRAPPER}")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
pass=0

BIN=$TMP/bin
W=$TMP/w
mkdir -p "$BIN" "$W/sub" "$TMP/ext"
cp "$VCC" "$BIN/validate-cc"
cp "$HERE/fakevalidate" "$BIN/validate"
cp "$HERE/fakecc" "$BIN/fakecc"
export PATH=$BIN:$PATH
export FAKE_LOG=$TMP/cc.log VAL_LOG=$TMP/val.log FAKE_OBJ=$TMP/arm64.o
unset VALIDATE_FLAGS VALIDATE_WERROR VALIDATE_REPORT_DIR VALIDATE_DISABLE

# objects of three machines
printf 'f:\n\tret\n' | "${CROSS}as" -o "$TMP/arm64.o" - || exit 1
printf 'f:\n\tret\n' | as -o "$TMP/x86.o" - || exit 1
python3 - "$TMP/arm32.o" <<'PY' || exit 1
import struct, sys
h = b'\x7fELF' + bytes([1, 1, 1]) + bytes(9)
h += struct.pack('<HHIIIIIHHHHHH', 1, 40, 1, 0, 0, 0, 0, 52, 0, 0, 40, 0, 0)
open(sys.argv[1], 'wb').write(h)
PY

q() { printf '%q ' "$@"; }

# ---- one case: begin NAME, run with wrap, then expectations ----
case_name=
case_failed=0
finish() {
	[ -n "$case_name" ] || return 0
	if [ "$case_failed" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
	case_name=
}
begin() {
	finish
	case_name=$1
	case_failed=0
	rm -rf "$W" "$TMP/rep"
	mkdir -p "$W/sub"
	: > "$FAKE_LOG"
	: > "$VAL_LOG"
	: > "$VAL_LOG.objs"
}
bad() {
	echo "FAIL $case_name: $*"
	case_failed=1
}

# wrap ARGS...: the wrapper in $W, standard input from $STDIN
wrap() {
	(cd "$W" && "$BIN/validate-cc" "$@") > "$TMP/out" 2> "$TMP/err" < "${STDIN:-/dev/null}"
	rc=$?
}

expect_rc() {
	[ "$rc" = "$1" ] || bad "exit status $rc, expected $1; stderr: $(head -3 "$TMP/err")"
}
# what the compiler was run with, one line a run
expect_cc() {
	local want
	want=$(for l in "$@"; do echo "$l"; done)
	[ "$(cat "$FAKE_LOG")" = "$want" ] ||
		bad "compiler run as [$(cat "$FAKE_LOG")], expected [$want]"
}
# the objects validate was run on, in order (the last word of each run)
expect_validated() {
	local got want
	got=$(cat "$VAL_LOG.objs")
	want=$(for o in "$@"; do echo "$o"; done)
	[ "$got" = "$want" ] || bad "validated [$got], expected [$want]"
}
# validate's exact command line (one run)
expect_val() {
	[ "$(cat "$VAL_LOG")" = "$(q "$@")" ] ||
		bad "validate run as [$(cat "$VAL_LOG")], expected [$(q "$@")]"
}
expect_err() {	# exact standard error
	[ "$(cat "$TMP/err")" = "$1" ] || bad "stderr [$(cat "$TMP/err")], expected [$1]"
}
expect_err_has() {
	grep -q -F -- "$1" "$TMP/err" || bad "stderr lacks [$1]: [$(cat "$TMP/err")]"
}
expect_out() {	# exact standard output
	[ "$(cat "$TMP/out")" = "$1" ] || bad "stdout [$(cat "$TMP/out")], expected [$1]"
}
expect_file() {
	[ -f "$1" ] || bad "no $1"
}
expect_no_file() {
	[ ! -e "$1" ] || bad "$1 should not exist"
}

# ==== the fake compiler ====

begin "-c -o x.o: compiler run as given, object validated, streams kept"
FAKE_OUT=x.o FAKE_STDOUT=to-stdout FAKE_STDERR=to-stderr VAL_FINDINGS=1 \
	wrap fakecc -O2 -c -o x.o x.c
expect_rc 0
expect_cc "$(q -O2 -c -o x.o x.c)"
expect_val "$BIN/validate" x.o
expect_out to-stdout
expect_err "to-stderr
x.o: warning: validate: f+0x4: fake finding [fake-check]"
expect_file "$W/x.o"

begin "-ox.o glued"
FAKE_OUT=x.o wrap fakecc -c x.c -ox.o
expect_rc 0
expect_validated x.o

begin "--output=x.o and --output x.o"
FAKE_OUT=sub/x.o wrap fakecc --output=sub/x.o --compile x.c
expect_validated sub/x.o
begin "--output x.o"
FAKE_OUT=y.o wrap fakecc -c x.c --output y.o
expect_validated y.o

begin "the last -o counts"
FAKE_OUT=b.o wrap fakecc -c x.c -o a.o -o b.o
expect_validated b.o

begin "no -o: the source's name with .o, in the current directory"
FAKE_OUT=a.o wrap fakecc -c sub/dir/a.c
expect_validated a.o

begin "several sources with -c: one object each; linker inputs ignored"
FAKE_OUT=$'a.o\nb.o\nc.o\nnoext.o' \
	wrap fakecc -c sub/a.c b.S ../c.s libfoo.a noext x.o -lm
expect_rc 0
expect_validated a.o b.o c.o

begin "-o -: nothing to validate"
wrap fakecc -c x.c -o -
expect_rc 0
expect_cc "$(q -c x.c -o -)"
expect_validated

begin "-MD -MF dep.d: the object, not the dependency file"
FAKE_OUT=x.o wrap fakecc -MD -MF dep.c -MT x.o -c x.c -o x.o
expect_validated x.o
begin "-Wp,-MMD,file as Kbuild passes it"
FAKE_OUT=sub/x.o wrap fakecc -Wp,-MMD,sub/.x.o.d -include sub/kconfig.h -c -o sub/x.o x.c
expect_validated sub/x.o

begin "@file: read for -c and -o, passed on unexpanded"
mkdir -p "$W"
printf '%s\n' "-c -o 'out dir/x.o'" '"src one.c" -DX=\"a\ b\"' > "$W/args.rsp"
mkdir -p "$W/out dir"
FAKE_OUT="out dir/x.o" wrap fakecc @args.rsp
expect_rc 0
expect_cc "$(q @args.rsp)"
expect_validated "out dir/x.o"

begin "@file nested, and a missing @file kept as a word"
echo '-c @inner.rsp' > "$W/outer.rsp"
echo '-o y.o y.c' > "$W/inner.rsp"
FAKE_OUT=y.o wrap fakecc @outer.rsp @missing.rsp
expect_cc "$(q @outer.rsp @missing.rsp)"
expect_validated y.o

begin "-x assembler-with-cpp: any suffix is a source"
FAKE_OUT=e.o wrap fakecc -x assembler-with-cpp -c entry.asm -o e.o
expect_validated e.o
begin "-xc glued, default name"
FAKE_OUT=prog.o wrap fakecc -xc -c prog.inc
expect_validated prog.o
begin "-x none: suffixes count again"
FAKE_OUT=$'a.o\nb.o' wrap fakecc -c -x c a.inc -x none b.unknown
expect_validated a.o

begin "a failing compile: its status and messages, nothing validated"
FAKE_OUT=x.o FAKE_EXIT=1 FAKE_STDERR="x.c:1:1: error: boom" VAL_FINDINGS=1 \
	wrap fakecc -c x.c -o x.o
expect_rc 1
expect_err "x.c:1:1: error: boom"
expect_validated
expect_file "$W/x.o"

begin "a compiler killed by a signal: the wrapper ends the same way"
FAKE_OUT=x.o FAKE_SIGNAL=TERM wrap fakecc -c x.c -o x.o 2> /dev/null
expect_rc 143
expect_validated

begin "probes pass straight through: /dev/null, stdin"
FAKE_OUT=.tmp_1/tmp.o wrap fakecc -Werror -c -x c /dev/null -o .tmp_1/tmp.o 2> /dev/null
expect_validated
echo 'int x;' > "$TMP/stdin"
FAKE_OUT=t.o FAKE_STDIN=$TMP/got-stdin STDIN=$TMP/stdin wrap fakecc -x c -c - -o t.o
expect_validated
cmp -s "$TMP/stdin" "$TMP/got-stdin" || bad "standard input not passed on"
echo 'nop' > "$TMP/stdin"
FAKE_OUT=t.o STDIN=$TMP/stdin wrap fakecc -c -x assembler -o t.o -
expect_validated

begin "no object: -E -S -M -MM --version -print-* -### -fsyntax-only, links"
for args in "-E x.c" "-c -E x.c" "-S -c x.c" "-M x.c" "-MM -c x.c" "--version" \
	"-print-file-name=plugin" "-print-libgcc-file-name" "-dumpmachine" \
	"-### -c x.c -o x.o" "-fsyntax-only -c x.c" "-o prog x.c" "x.c" \
	"-c x.h" "-c -x c-header x.inc -o x.o" "--help" "-v"; do
	# shellcheck disable=SC2086
	FAKE_OUT=x.o FAKE_STDOUT=out wrap fakecc $args
	[ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = out ] || bad "$args: exit $rc"
done
expect_validated

begin "objects not arm64 (x86-64, 32-bit ARM) are skipped silently"
FAKE_OUT=x.o FAKE_OBJ=$TMP/x86.o wrap fakecc -c x.c -o x.o
expect_rc 0
expect_err ""
FAKE_OUT=x.o FAKE_OBJ=$TMP/arm32.o wrap fakecc -c x.c -o x.o
expect_err ""
: > "$TMP/empty"
FAKE_OUT=x.o FAKE_OBJ=$TMP/empty wrap fakecc -c x.c -o x.o
expect_validated

begin "the environment reaches the compiler and validate"
FAKE_OUT=x.o FAKE_ENV="a b  c" wrap fakecc -c x.c -o x.o
expect_cc "$(q -c x.c -o x.o)env=a b  c"

begin "a launcher before the compiler"
FAKE_OUT=x.o wrap env FOO=1 "$BIN/fakecc" -c x.c -o x.o
expect_cc "$(q -c x.c -o x.o)"
expect_validated x.o

begin "VALIDATE_FLAGS: split at blanks, before the object"
FAKE_OUT=x.o VALIDATE_FLAGS=" --disable=a,b	--no-frame-pointer " wrap fakecc -c x.c -o x.o
expect_val "$BIN/validate" --disable=a,b --no-frame-pointer x.o

begin "an object whose name starts with -"
FAKE_OUT=-x.o wrap fakecc -c x.c -o -x.o
expect_val "$BIN/validate" -- -x.o

begin "VALIDATE_REPORT_DIR: created, one report per object, named by path"
FAKE_OUT=sub/x.o VALIDATE_REPORT_DIR=$TMP/rep/a wrap fakecc -c x.c -o sub/x.o
expect_val "$BIN/validate" "--report=$TMP/rep/a/sub%2Fx.o.jsonl" sub/x.o
expect_file "$TMP/rep/a/sub%2Fx.o.jsonl"
report_of() {	# object -> the report name validate was given
	FAKE_OUT=$1 VALIDATE_REPORT_DIR=$TMP/rep wrap fakecc -c x.c -o "$1"
	sed -n 's|.* --report=[^ ]*/rep/\([^ ]*\) .*|\1|p' "$VAL_LOG" | tail -1
}
for pair in "./y.o y.o.jsonl" "sub/../z.o z.o.jsonl" "a%b.o a%25b.o.jsonl" \
	"sub//./w.o sub%2Fw.o.jsonl" "$W/sub/abs.o sub%2Fabs.o.jsonl" \
	"../w/up.o up.o.jsonl" "$TMP/ext/m.o $(echo "$TMP/ext/m.o" | sed 's|/|%2F|g').jsonl"; do
	obj=${pair% *}
	name=$(report_of "$obj")
	[ "$name" = "$(printf %q "${pair#* }")" ] || bad "$obj: report $name, expected ${pair#* }"
done
long=sub/$(printf 'd%.0s' {1..120})/$(printf 'e%.0s' {1..120}).o
mkdir -p "$W/$(dirname "$long")"
name=$(report_of "$long")
[ ${#name} -le 200 ] && [ "${name#%%}" != "$name" ] && [ -f "$TMP/rep/$name" ] ||
	bad "long path: report name $name"

begin "VALIDATE_WERROR=1: a finding fails the step and removes the object"
FAKE_OUT=x.o VAL_FINDINGS=1 VALIDATE_WERROR=1 wrap fakecc -c x.c -o x.o
expect_rc 1
expect_no_file "$W/x.o"
expect_err "x.o: warning: validate: f+0x4: fake finding [fake-check]
x.o: error: validate-cc: findings are errors (VALIDATE_WERROR=1): object removed"
begin "VALIDATE_WERROR=1 without findings"
FAKE_OUT=x.o VALIDATE_WERROR=1 wrap fakecc -c x.c -o x.o
expect_rc 0
expect_file "$W/x.o"
begin "VALIDATE_WERROR=1 with several objects: only the one with findings goes"
FAKE_OUT=$'a.o\nb.o' VAL_FINDINGS=1 VALIDATE_WERROR=1 wrap fakecc -c a.c b.c
expect_rc 1
expect_no_file "$W/a.o"
expect_no_file "$W/b.o"
expect_validated a.o b.o

begin "VALIDATE_DISABLE=1: the compiler only"
FAKE_OUT=x.o VAL_FINDINGS=1 VALIDATE_DISABLE=1 wrap fakecc -c x.c -o x.o
expect_rc 0
expect_validated
expect_err ""

begin "validate exits 2: one line, the compile's status, an error report"
FAKE_OUT=x.o VAL_EXIT=2 VALIDATE_REPORT_DIR=$TMP/rep wrap fakecc -c x.c -o x.o
expect_rc 0
expect_err "x.o: warning: validate-cc: $BIN/validate exited with status 2: not checked"
expect_file "$W/x.o"
grep -q '^{"file":"x.o","error":".*exited with status 2"}$' "$TMP/rep/x.o.jsonl" ||
	bad "report: $(cat "$TMP/rep/x.o.jsonl")"
begin "validate exits 2 with its own words: still one line, with the first of them"
FAKE_OUT=x.o VAL_EXIT=2 VAL_ERR=$'validate: unrecognized option \'--bogus\'\nTry \'validate --help\'.' \
	wrap fakecc -c x.c -o x.o
expect_rc 0
expect_err "x.o: warning: validate-cc: $BIN/validate exited with status 2 (validate: unrecognized option '--bogus'): not checked"
begin "validate crashes: one line, the compile's status"
FAKE_OUT=x.o VAL_SIGNAL=SEGV wrap fakecc -c x.c -o x.o
expect_rc 0
expect_err "x.o: warning: validate-cc: $BIN/validate was killed by signal 11 (Segmentation fault): not checked"
begin "validate fails under VALIDATE_WERROR=1: the step fails"
FAKE_OUT=x.o VAL_EXIT=2 VALIDATE_WERROR=1 wrap fakecc -c x.c -o x.o
expect_rc 1
expect_no_file "$W/x.o"
expect_err_has "not checked (VALIDATE_WERROR=1): object removed"

begin "validate beside the wrapper first, then PATH; neither: one line"
mkdir -p "$TMP/alone" "$TMP/pathbin"
cp "$VCC" "$TMP/alone/validate-cc"
cp "$HERE/fakevalidate" "$TMP/pathbin/validate"
(cd "$W" && FAKE_OUT=x.o PATH=$TMP/pathbin:$PATH "$TMP/alone/validate-cc" \
	"$BIN/fakecc" -c x.c -o x.o) > "$TMP/out" 2> "$TMP/err"
rc=$?
expect_rc 0
expect_val "$TMP/pathbin/validate" x.o
(cd "$W" && FAKE_OUT=x.o PATH=/usr/bin:/bin "$TMP/alone/validate-cc" \
	"$BIN/fakecc" -c x.c -o x.o) > "$TMP/out" 2> "$TMP/err"
rc=$?
expect_rc 0
expect_err "x.o: warning: validate-cc: validate not found beside validate-cc nor in PATH: not checked"
ln -s "$BIN/validate-cc" "$TMP/alone/link-cc"
: > "$VAL_LOG"
: > "$VAL_LOG.objs"
(cd "$W" && FAKE_OUT=x.o PATH=/usr/bin:/bin "$TMP/alone/link-cc" \
	"$BIN/fakecc" -c x.c -o x.o) > "$TMP/out" 2> "$TMP/err"
expect_val "$BIN/validate" x.o

begin "usage: no compiler (2), not found (127), not executable (126)"
wrap
expect_rc 2
expect_err_has "validate-cc: error: no compiler given"
wrap no-such-compiler --version
expect_rc 127
expect_err "validate-cc: error: no-such-compiler: command not found"
wrap no-such-compiler -c x.c -o x.o
expect_rc 127
expect_err "validate-cc: error: no-such-compiler: command not found"
wrap "$TMP/arm64.o" -c x.c -o x.o
expect_rc 126
wrap --help
expect_rc 0
grep -q VALIDATE_REPORT_DIR "$TMP/out" || bad "--help lacks the settings"

# ==== real compilers ====
printf 'int f(int x)\n{\n\treturn x + 1;\n}\n' > "$TMP/a.c"
printf 'int g(int x)\n{\n\treturn x * 3;\n}\n' > "$TMP/b.c"
real() {	# the same compile without and with the wrapper, in two directories
	rm -rf "$TMP/d1" "$TMP/d2"
	mkdir -p "$TMP/d1" "$TMP/d2"
	cp "$TMP"/*.c "$TMP/d1"
	cp "$TMP"/*.c "$TMP/d2"
	(cd "$TMP/d1" && "$@") > "$TMP/out1" 2> "$TMP/err1" < "${STDIN:-/dev/null}"
	rc1=$?
	: > "$VAL_LOG"
	: > "$VAL_LOG.objs"
	(cd "$TMP/d2" && "$BIN/validate-cc" "$@") > "$TMP/out" 2> "$TMP/err" < "${STDIN:-/dev/null}"
	rc=$?
	[ "$rc" = "$rc1" ] || bad "exit $rc, without the wrapper $rc1"
	cmp -s "$TMP/out" "$TMP/out1" || bad "stdout differs from the compiler's own"
}
same_files() {	# files identical in both directories
	local f
	for f; do
		[ -f "$TMP/d2/$f" ] && cmp -s "$TMP/d1/$f" "$TMP/d2/$f" || bad "$f differs"
	done
}

begin "gcc -c -o, default names, several sources: identical objects, validated"
real "${CROSS}gcc" -O2 -c -o x.o a.c
same_files x.o
expect_validated x.o
real "${CROSS}gcc" -O2 -c a.c b.c
same_files a.o b.o
expect_validated a.o b.o

begin "gcc -MD -MF and -Wp,-MMD: same dependency files"
real "${CROSS}gcc" -MD -MF a.d -c a.c -o a.o
same_files a.o a.d
expect_validated a.o
real "${CROSS}gcc" -Wp,-MMD,.a.o.d -c a.c -o a.o
same_files a.o .a.o.d

begin "gcc @file and -x assembler-with-cpp"
echo "-c -O2 -o 'r x.o' a.c" > "$TMP/r.rsp"
real "${CROSS}gcc" "@$TMP/r.rsp"
same_files "r x.o"
expect_validated "r x.o"
cp "$ROOT/tests/sample/entry.S" "$TMP/entry.asm.c"
real "${CROSS}gcc" -x assembler-with-cpp -c entry.asm.c -o e.o
same_files e.o
expect_validated e.o

begin "gcc failing: its status and messages, nothing validated"
printf 'int f(void) { return nope; }\n' > "$TMP/bad.c"
real "${CROSS}gcc" -c bad.c -o bad.o
cmp -s "$TMP/err" "$TMP/err1" || bad "stderr differs: $(cat "$TMP/err")"
[ "$rc" != 0 ] || bad "exit status 0"
expect_validated
rm -f "$TMP/bad.c"

begin "gcc probes and queries: identical output, nothing validated"
real "${CROSS}gcc" --version
real "${CROSS}gcc" -print-file-name=plugin
real "${CROSS}gcc" -E -dM a.c
STDIN=$TMP/a.c real "${CROSS}gcc" -E -P -x c -
STDIN=$TMP/a.c real "${CROSS}gcc" -c -x c - -o t.o
same_files t.o
real "${CROSS}gcc" -Werror -c -x c /dev/null -o tmp.o
real "${CROSS}gcc" -S a.c -o -
expect_validated

begin "host gcc: an x86-64 object is skipped"
real gcc -c a.c -o a.o
same_files a.o
expect_validated
expect_err ""

begin "ccache as a launcher: a miss and a hit, both validated"
export CCACHE_DIR=$TMP/ccache CCACHE_NOHASHDIR=1 CCACHE_BASEDIR=$TMP
real ccache "${CROSS}gcc" -O2 -c a.c -o a.o
same_files a.o
real ccache "${CROSS}gcc" -O2 -c a.c -o a.o
same_files a.o
expect_validated a.o
unset CCACHE_DIR CCACHE_NOHASHDIR CCACHE_BASEDIR

begin "clang: an arm64 object validated"
real clang-19 --target=aarch64-linux-gnu -O2 -c a.c -o a.o
same_files a.o
expect_validated a.o

# the real validate beside the wrapper, when there is one
if [ -x "$(dirname "$VCC")/validate" ]; then
	begin "the real validate: its findings on stderr, as it prints them"
	cp "$(dirname "$VCC")/validate" "$BIN/validate"
	cp "$ROOT/tests/sample/entry.S" "$W/entry.S"
	wrap "${CROSS}gcc" -c entry.S -o entry.o
	expect_rc 0
	(cd "$W" && "$BIN/validate" entry.o) > "$TMP/direct" 2>&1
	[ -s "$TMP/direct" ] && cmp -s "$TMP/err" "$TMP/direct" ||
		bad "stderr [$(cat "$TMP/err")], validate alone [$(cat "$TMP/direct")]"
	cp "$HERE/fakevalidate" "$BIN/validate"
fi

begin "make install PREFIX=... DESTDIR=..."
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$ROOT" install \
	PREFIX=/opt/v DESTDIR="$TMP/dest" > "$TMP/install.log" 2>&1 ||
	bad "make install failed: $(tail -3 "$TMP/install.log")"
for f in bin/validate bin/validate-cc share/man/man1/validate.1 share/man/man1/validate-cc.1; do
	expect_file "$TMP/dest/opt/v/$f"
done
cp "$ROOT/tests/sample/entry.S" "$W/entry.S"
(cd "$W" && PATH=/usr/bin:/bin "$TMP/dest/opt/v/bin/validate-cc" "${CROSS}gcc" -c entry.S) \
	> "$TMP/out" 2> "$TMP/err"
grep -q '^entry.o: .*warning: validate: .*\[call-without-frame\]$' "$TMP/err" ||
	bad "the installed wrapper did not find the installed validate: $(cat "$TMP/err")"

finish
echo "validate-cc arguments: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
