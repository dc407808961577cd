#!/bin/bash
# Fixture tests: each tests/fixtures/*.S is assembled, validated, and its
# findings compared with the "// expect:" lines it carries:
#
#   // expect: CHECK-ID SYMBOL+0xOFF      one line per finding, exact
#   // options: --no-frame-pointer        extra validator options
#   // asflags: -Wa,--gsframe             extra assembler options
#   // sframe: skip                       no --write-sframe round trip
#                                         (symbols that overlap: a function
#                                         left out is still covered)
#
# A fixture without expect lines must produce no findings (exit 0); one with
# them must produce exactly those (exit 1).  tests/fixtures/*.c (and *.cc,
# with clang-19 only) are compiled with each compiler in the configurations
# of compiled_configs (tests/lib.sh), plus the flags of a "// cflags:" line,
# and must produce none, the comparison with their own CFI included.
set -u
VALIDATE=${1:?usage: run-fixtures.sh VALIDATE}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"
pass=0
# shellcheck source=tests/sframe/lib.sh
. "$HERE/sframe/lib.sh"

check_one() {	# name obj expected-file options...
	local name=$1 obj=$2 want=$3 rc
	shift 3
	"$VALIDATE" --format=json "$@" "$obj" > "$TMP/out.json" 2> "$TMP/err"
	rc=$?
	python3 - "$TMP/out.json" > "$TMP/got" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    print("%s %s+0x%x" % (d["check"], d["symbol"], d["offset"]))
PY
	sort "$want" -o "$TMP/want"
	# expected lines without offsets name the function only
	grep -q '+0x' "$TMP/want" || sed -i 's/+0x[0-9a-f]*$//' "$TMP/got"
	sort "$TMP/got" -o "$TMP/got"
	local want_rc=0
	[ -s "$TMP/want" ] && want_rc=1
	if [ $rc -ne $want_rc ] || ! cmp -s "$TMP/got" "$TMP/want"; then
		echo "FAIL $name (exit $rc, expected $want_rc)"
		diff -u "$TMP/want" "$TMP/got" | sed 's/^/    /'
		sed 's/^/    stderr: /' "$TMP/err"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

for src in "$HERE"/fixtures/*.S; do
	name=$(basename "$src" .S)
	obj="$TMP/$name.o"
	asflags=$(sed -n 's|^[[:space:]]*// asflags: *||p' "$src")
	# -I: the hint macros, #include <validate/annotate.h>
	# shellcheck disable=SC2086
	if ! "${CROSS}gcc" -c -march=armv8.5-a+memtag -I"$HERE/../include" $asflags -o "$obj" "$src" 2> "$TMP/as.err"; then
		echo "FAIL $name: does not assemble"; sed 's/^/    /' "$TMP/as.err"
		fail=$((fail + 1)); continue
	fi
	sed -n 's|^[[:space:]]*// expect: *||p' "$src" > "$TMP/want"
	opts=$(sed -n 's|^[[:space:]]*// options: *||p' "$src")
	# shellcheck disable=SC2086
	check_one "$name" "$obj" "$TMP/want" $opts
done

# SFrame: every fixture written with --write-sframe reads back, through
# GNU's reader too; a byte changed in GNU as's .sframe is found where it is.
for src in "$HERE"/fixtures/*.S; do
	name=$(basename "$src" .S)
	[ -e "$TMP/$name.o" ] || continue
	grep -q '^[[:space:]]*// sframe: skip' "$src" && continue
	# shellcheck disable=SC2046
	sframe_round_trip "$name --write-sframe" "$TMP/$name.o" \
		$(sed -n 's|^[[:space:]]*// options: *||p' "$src" | sed 's/--check-[a-z]*//g')
done
sframe_byte_test "$HERE/fixtures"
# An UNDEFINED hint's range runs with no state: no row may cover it, and
# its function is left out, named (the round trip above reads only rows).
want="$TMP/bad-hint-good.o: note: validate: switch_to: no SFrame rows: at +0xc: an UNDEFINED hint's range, which no row can describe"
if "$VALIDATE" --write-sframe="$TMP/undef-sf.o" "$TMP/bad-hint-good.o" 2>&1 |
	grep -qxF "$want"; then
	pass=$((pass + 1))
else
	echo "FAIL --write-sframe over an UNDEFINED range: no line: $want"
	fail=$((fail + 1))
fi

# A fixup that is another function is named by that function's symbol
# (target_name() returns a symbol's name without writing its buffer).
want="$TMP/out-of-line-fixup-bad.o: warning: validate: get_user_shared+0xc: the exception fixup for this instruction is outside the function, at shared_fixup [out-of-line-fixup]"
if "$VALIDATE" "$TMP/out-of-line-fixup-bad.o" 2>&1 | grep -qxF "$want"; then
	pass=$((pass + 1))
else
	echo "FAIL out-of-line-fixup naming a function: no line: $want"
	fail=$((fail + 1))
fi

# Code under a non-function symbol is named, not anonymous: --verbose and
# --stats say how much of it there is.
"${CROSS}gcc" -c -o "$TMP/named.o" "$HERE/fixtures/anonymous-code-good.S"
if "$VALIDATE" -v --stats "$TMP/named.o" 2>&1 >/dev/null |
	grep -q 'text+0x0: 2 instructions under vectors, which is no function' &&
   "$VALIDATE" --stats "$TMP/named.o" 2>&1 | grep -q 'code under non-function symbols 2'; then
	pass=$((pass + 1))
else
	echo "FAIL verbose listing of code under non-function symbols"
	fail=$((fail + 1))
fi

# --backtrace shows each instruction as Capstone disassembles it (loaded
# on first use, disasm.c)
"${CROSS}gcc" -c -o "$TMP/leaky.o" "$HERE/fixtures/return-modified-frame-bad.S"
if "$VALIDATE" --backtrace "$TMP/leaky.o" | grep -q 'leaky+0x0: str x19, \[sp, #-0x10\]!'; then
	pass=$((pass + 1))
else
	echo "FAIL --backtrace has no disassembly text"
	fail=$((fail + 1))
fi

# --stats=time: the --stats lines as they are, then one table summed over
# the run, every stage in the pipeline's order (Documentation/output.md).
# The shape only: never a timing.
"$VALIDATE" --stats "$TMP/named.o" "$TMP/leaky.o" > /dev/null 2> "$TMP/stats.plain"
"$VALIDATE" --stats=time --check-dwarf "$TMP/named.o" "$TMP/leaky.o" > /dev/null 2> "$TMP/stats.time"
"$VALIDATE" --stats --check-dwarf "$TMP/named.o" "$TMP/leaky.o" > /dev/null 2> "$TMP/stats.dwarf"
"$VALIDATE" --stats=times "$TMP/named.o" > /dev/null 2>&1
bad_rc=$?
if [ $bad_rc -eq 2 ] && grep -q ': stats: functions' "$TMP/stats.plain" &&
   python3 - "$TMP/stats.time" "$TMP/stats.dwarf" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
plain = open(sys.argv[2]).read().splitlines()
stages = ["load", "context", "decode", "special", "landing-pads",
          "alternatives", "hints", "anon", "edges", "noreturn-named",
          "jump-tables", "noreturn-infer", "entries", "walk",
          "hints-unwalked", "dwarf", "ra-state", "sframe", "bti",
          "anon-report", "findings", "source-lines", "output",
          "write-sframe", "free"]
assert lines[:len(plain)] == plain, "the --stats lines changed"
rest = lines[len(plain):]
assert re.fullmatch(r"stages: objects 2, instructions \d+, peak RSS \d+ KiB",
                    rest[0]), rest[0]
assert rest[1].split() == ["stage", "runs", "wall-ms", "cpu-ms", "rss-KiB",
                           "faults"], rest[1]
rows = [r.split() for r in rest[2:]]
assert [r[0] for r in rows] == stages + ["total"], [r[0] for r in rows]
for r in rows:
    assert len(r) == 6 and r[1].isdigit() and r[4].isdigit() and r[5].isdigit(), r
    float(r[2]), float(r[3])
runs = {r[0]: int(r[1]) for r in rows}
assert runs["load"] == runs["walk"] == runs["dwarf"] == runs["total"] == 2, runs
assert runs["sframe"] == runs["write-sframe"] == 0, runs
PY
then
	pass=$((pass + 1))
else
	echo "FAIL --stats=time: the stage table's shape"
	sed 's/^/    /' "$TMP/stats.time"
	fail=$((fail + 1))
fi
# A function the object does not define is noreturn only by the documented
# list, one it defines only by its own body: what follows calls to others
# is checked, and -v names no callee as never returning.
"${CROSS}gcc" -c -o "$TMP/extern.o" "$HERE/fixtures/stack-state-mismatch-bad-extern-call.S"
if "$VALIDATE" -v "$TMP/extern.o" 2>&1 >/dev/null | grep -q 'never returns'; then
	echo "FAIL a callee taken to be noreturn without the list or its body"
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi

# --backtrace gives no path to code no path reaches (it once formatted
# the missing state of an unreached instruction, and crashed in JSON)
"${CROSS}gcc" -c -o "$TMP/dead.o" "$HERE/fixtures/unreachable-bad.S"
if "$VALIDATE" --format=json --backtrace "$TMP/dead.o" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
sys.exit(len(rows) != 1 or rows[0]["check"] != "unreachable" or "paths" in rows[0])'; then
	pass=$((pass + 1))
else
	echo "FAIL --backtrace of unreachable code"
	fail=$((fail + 1))
fi

# --dump-cfi lists what a function reaches outside its range too: the
# replacement streams of alt-stack-conflict-good.S (.text+60..68, after the
# function), each with the state the walk gave it.
"${CROSS}gcc" -c -o "$TMP/alt.o" "$HERE/fixtures/alt-stack-conflict-good.S"
if "$VALIDATE" --dump-cfi "$TMP/alt.o" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
out = [(r["address"], r["offset"], r["regs"].get("x19")) for r in rows if r.get("outside") == "alternative"]
sys.exit(out != [(60, None, None), (64, None, -16), (68, None, None)] or len(rows) != 18)'; then
	pass=$((pass + 1))
else
	echo "FAIL --dump-cfi of replacement streams"
	fail=$((fail + 1))
fi

# Compiler CFI defects --check-dwarf must find, exactly: tests/quirks/*.c
# say what each compiler's -O2 output gives ("// expect gcc:" lines).
for src in "$HERE"/quirks/*.c; do
	[ -e "$src" ] || continue
	for cc in gcc clang; do
		case $cc in
		gcc) cmd="${CROSS}gcc" ;;
		clang) cmd="clang-19 --target=aarch64-linux-gnu" ;;
		esac
		sed -n "s|^// expect $cc: *||p" "$src" | sed '/^$/d' > "$TMP/want"
		# shellcheck disable=SC2086
		$cmd -O2 -c -o "$TMP/quirk.o" "$src" ||
			{ echo "FAIL $src does not compile with $cc"; fail=$((fail + 1)); continue; }
		check_one "$(basename "$src") ($cc)" "$TMP/quirk.o" "$TMP/want" --check-dwarf
	done
done

# Compiled C (a "// cflags:" line adds flags): every compiler, level,
# frame-pointer and branch-protection setting, and the shadow call stack,
# patchable entries and the stack protector, must give no findings, the
# compiler's own CFI included: every function's FDE is compared, and
# missing-bti is on.  One exception, the findings of "// leaf-fp:" lines
# (by function: offsets vary): clang with -fno-omit-frame-pointer but
# without -mno-omit-leaf-frame-pointer lets leaf functions use x29 as an
# ordinary register, which frame-pointer-clobbered must find.
leaf_fp() {	# compiler flags src
	case "$1 $2" in
	*clang*-O0*|*-mno-omit-leaf-frame-pointer*) ;;
	*clang*-fno-omit-frame-pointer*) sed -n 's|^// leaf-fp: *||p' "$3" ;;
	esac
}
: > "$TMP/none"
for src in "$HERE"/fixtures/*.c "$HERE"/fixtures/*.cc; do
	[ -e "$src" ] || continue
	name=$(basename "$src")
	cflags=$(sed -n 's|^// cflags: *||p' "$src")
	compilers=("${CROSS}gcc" "clang-19 --target=aarch64-linux-gnu")
	case $src in *.cc) compilers=("clang-19 --target=aarch64-linux-gnu -x c++") ;; esac
	for cc in "${compilers[@]}"; do
		if ! command -v "${cc%% *}" > /dev/null; then
			echo "FAIL ${cc%% *} is not installed"; fail=$((fail + 1)); continue
		fi
		mapfile -t configs < <(compiled_configs)
		for config in "${configs[@]}"; do
			flags="$config -fasynchronous-unwind-tables $cflags"
			# GCC: the shadow call stack requires -fno-exceptions
			case $flags in *shadow-call-stack*-fexceptions*) continue ;; esac
			obj="$TMP/$name.o"
			# GCC's objects carry GNU as's .sframe too: the rest ignores it
			gsframe=; case $cc in *gcc*) gsframe=-Wa,--gsframe ;; esac
			# shellcheck disable=SC2086
			if ! $cc -c $flags $gsframe -o "$obj" "$src" 2> "$TMP/cc.err"; then
				echo "FAIL $name: $cc $flags does not compile"
				sed 's/^/    /' "$TMP/cc.err"; fail=$((fail + 1)); continue
			fi
			# frame-pointer checks only where the compiler keeps frame records
			opt=$(frame_pointer_option "$config")
			leaf_fp "$cc" "$flags" "$src" > "$TMP/leaf-fp"
			# shellcheck disable=SC2086
			check_one "$name ($cc $flags)" "$obj" "$TMP/leaf-fp" --check-dwarf \
				--enable=missing-bti $opt
			# shellcheck disable=SC2086
			"$VALIDATE" --check-dwarf --stats $opt "$obj" 2>&1 |
				sed -n 's/.*functions \([0-9]*\),.*dwarf: FDEs \([0-9]*\) .*/\1 \2/p' > "$TMP/fdes"
			read -r nfunc nfde < "$TMP/fdes"
			if [ "${nfunc:-0}" -eq 0 ] || [ "$nfunc" != "$nfde" ]; then
				echo "FAIL $name ($cc $flags): $nfde FDEs compared for $nfunc functions"
				fail=$((fail + 1))
			fi
			# shellcheck disable=SC2086
			sframe_round_trip "$name ($cc $flags) --write-sframe" "$obj" $opt
			# GNU as's SFrame: clang's own assembler writes none
			if [ -z "$gsframe" ]; then
				# shellcheck disable=SC2086
				$cc -fno-integrated-as -c $flags -Wa,--gsframe -o "$obj" "$src" 2> "$TMP/cc.err" ||
					{ sframe_fail "$name: $cc -fno-integrated-as $flags does not compile" "$TMP/cc.err"; continue; }
			fi
			# the leaf-fp findings were checked above; here only SFrame's
			[ -s "$TMP/leaf-fp" ] && opt="$opt --disable=frame-pointer-clobbered"
			# shellcheck disable=SC2086
			sframe_gas_check "$name ($cc $flags -Wa,--gsframe)" "$obj" $opt
		done
	done
done

sframe_judge
echo "fixtures: $pass passed, $fail failed"
[ $fail -eq 0 ]
