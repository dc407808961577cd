#!/bin/bash
# The CI gate (Documentation/gate.md), exactly: source lines from DWARF,
# the baseline (a rebuild that moves code still matches, a fixed site is
# listed as gone), the readiness summary in its three formats and from
# report files (with annotations too: the functions they skip named, the
# non-function code walked from hints counted as walked), SARIF validated
# by Microsoft's SARIF Multitool (fixtures and Debian's 992 modules), and
# bad input to all of it.
#
#   run-gate.sh VALIDATE [--fixtures]   --fixtures: no real corpus, and
#                                       the SARIF content checked without
#                                       the Multitool (the sanitizer build)
set -u
VALIDATE=$(realpath "${1:?usage: run-gate.sh VALIDATE [--fixtures]}")
REAL=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"
# shellcheck source=tests/gate/multitool.sh
. "$HERE/gate/multitool.sh"
GATE=$HERE/gate
pass=0
# the Multitool is a .NET program: no ICU needed, no telemetry
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# check DESCRIPTION WANT GOT: equal strings, or the difference shown
check() {
	if [ "$2" == "$3" ]; then
		ok
	else
		bad "$1"
		diff <(echo "$2") <(echo "$3") | sed 's/^/    /'
	fi
}

# run ARGS...: $out, $err and $rc of one validate run
run() {
	"$VALIDATE" "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

asm() {	# source object [symbol...]: assembled with gas symbols defined
	local src=$1 obj=$2 defs=() s
	shift 2
	for s in "$@"; do defs+=("-Wa,--defsym,$s=1"); done
	mkdir -p "$(dirname "$obj")"
	"${CROSS}gcc" -c "${defs[@]}" -o "$obj" "$src" || bad "$src does not assemble"
}

# A small tree: three directories, findings in three section classes.
tree() {	# dir [leak.S symbols...]
	local dir=$1
	shift
	asm "$GATE/leak.S" "$dir/drivers/net/leak.o" "$@"
	asm "$GATE/sections.S" "$dir/arch/arm64/sections.o"
	asm "$GATE/clean.S" "$dir/lib/clean.o"
}
OBJS=(arch/arm64/sections.o drivers/net/leak.o lib/clean.o)

# ---- Source lines: the line of the bad instruction, GCC and clang-19 ----
mkdir -p "$TMP/src"
cp "$GATE/source-line.c" "$TMP/src/"
for cc in "${CROSS}gcc" "clang-19 --target=aarch64-linux-gnu"; do
	for level in -O0 -O2; do
		what="source lines ($cc $level -g)"
		# shellcheck disable=SC2086
		(cd "$TMP/src" && $cc -g $level -fno-omit-frame-pointer -c source-line.c -o sl.o) ||
			{ bad "$what: does not compile"; continue; }
		run --format=json "$TMP/src/sl.o"
		got=$(python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    s = d.get("source", {})
    print(d["check"], s.get("file"), s.get("line"))' <<< "$out")
		check "$what" "return-modified-frame source-line.c 13
unreachable source-line.c 14" "$got"
		run "$TMP/src/sl.o"
		check "$what: text" "$TMP/src/sl.o: source-line.c:13: warning: validate: early_return+0x
$TMP/src/sl.o: source-line.c:14: warning: validate: early_return+0x" \
			"$(sed 's/\(early_return+0x\).*/\1/' <<< "$out")"
	done
done
# an archive member's lines, read from its bytes inside the archive
(cd "$TMP/src" && "${CROSS}ar" rc lib.a sl.o)
run "$TMP/src/lib.a"
check "source lines of an archive member" "$TMP/src/lib.a(sl.o): source-line.c:13: warning: validate: early_return+0x
$TMP/src/lib.a(sl.o): source-line.c:14: warning: validate: early_return+0x" \
	"$(sed 's/\(early_return+0x\).*/\1/' <<< "$out")"
# without line information, the output of before: no source
(cd "$TMP/src" && "${CROSS}gcc" -O2 -fno-omit-frame-pointer -c source-line.c -o nog.o)
run "$TMP/src/nog.o"
check "no -g: text" "$TMP/src/nog.o: warning: validate: early_return+0x" \
	"$(sed -n '1s/\(early_return+0x\).*/\1/p' <<< "$out")"
run --format=json "$TMP/src/nog.o"
check "no -g: JSON has no source" "" "$(grep -o '"source"' <<< "$out")"

# ---- The baseline ----
T=$TMP/t
tree "$T"
cd "$T" || exit 1
run --write-baseline="$TMP/base.txt" "${OBJS[@]}"
check "write-baseline: exit status (findings)" 1 "$rc"
check "write-baseline: the file" "$(cat "$GATE/baseline.expected")" "$(cat "$TMP/base.txt")"
run --baseline="$TMP/base.txt" "${OBJS[@]}"
check "baseline: all matched, exit 0, nothing printed" "0:" "$rc:$out$err"

# one more object with a finding: only it is named
asm "$HERE/fixtures/unreachable-bad.S" "$T/lib/dead.o"
run --baseline="$TMP/base.txt" "${OBJS[@]}" lib/dead.o
check "baseline: a new finding" "1:lib/dead.o: warning: validate: dead+0x8: 2 instructions that no path reaches [unreachable]" "$rc:$out"

# rebuilt with an instruction more before the bad site, and the compiler's
# next clone number: the same entry
asm "$GATE/leak.S" "$T/drivers/net/leak.o" EXTRA CLONE1
run drivers/net/leak.o
check "rebuilt: the site moved" "drivers/net/leak.o: warning: validate: leak.constprop.1+0x20: return with the frame not torn down: x19 is still saved at CFA-16 and was not reloaded [return-modified-frame]" "$out"
run --baseline="$TMP/base.txt" "${OBJS[@]}"
check "rebuilt: still matched" "0:" "$rc:$out$err"

# a reason, and the suppressed findings shown
sed -i 's/^\(arch.*init_leak.*\)$/\1 # init code, runs once/' "$TMP/base.txt"
run --baseline="$TMP/base.txt" --show-suppressed arch/arm64/sections.o
check "show-suppressed: text" "arch/arm64/sections.o: note: validate: noinstr_leak+0x4: return with the frame not torn down: sp is 16 bytes below its value at entry [return-modified-frame] (baseline)
arch/arm64/sections.o: note: validate: init_leak+0x4: return with the frame not torn down: sp is 16 bytes below its value at entry; x19 is still saved at CFA-16 and was not reloaded [return-modified-frame] (baseline: init code, runs once)" "$out"
run --baseline="$TMP/base.txt" --show-suppressed --format=json arch/arm64/sections.o
check "show-suppressed: JSON" 'True None
True init code, runs once' "$(python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    print(d["suppressed"], d.get("reason"))' <<< "$out")"

# fixed: the entry is named as gone, at its line
asm "$GATE/leak.S" "$T/drivers/net/leak.o" FIXED
run --baseline="$TMP/base.txt" "${OBJS[@]}"
check "fixed: the entry is gone" "0:$TMP/base.txt:6: note: validate: no longer found, delete the entry: drivers/net/leak.o leak.constprop.N return-modified-frame $(awk '/^drivers/ { print $4 }' "$TMP/base.txt")" "$rc:$out"
run --baseline="$TMP/base.txt" --format=json "${OBJS[@]}"
check "fixed: JSON" "drivers/net/leak.o 6" "$(python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
print(d["gone"]["path"], d["line"])' <<< "$out")"
# the next baseline: the gone entry dropped, the reason kept
run --baseline="$TMP/base.txt" --write-baseline="$TMP/base2.txt" "${OBJS[@]}"
check "rewritten baseline" "arch/arm64/sections.o init_leak return-modified-frame # init code, runs once
arch/arm64/sections.o noinstr_leak return-modified-frame" \
	"$(grep -v '^#' "$TMP/base2.txt" | sed 's/ [0-9a-f]\{16\}//')"
# an entry of an object this run did not check is not "gone"
run --baseline="$TMP/base.txt" lib/clean.o
check "objects not checked" "0:" "$rc:$out$err"
# paths relative to --root, wherever the run starts
cd "$TMP" || exit 1
run --root="$T" --baseline="$TMP/base2.txt" "$T/arch/arm64/sections.o"
check "--root" "0:" "$rc:$out$err"
cd "$T" || exit 1

# ---- The readiness summary ----
tree "$T"
rm -f "$T/lib/dead.o"
summary_facts() {	# the JSON summary without its results
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
d.pop("results", None)
print(json.dumps(d, sort_keys=True))'
}
run --summary --format=json "${OBJS[@]}"
check "summary: exit status" 1 "$rc"
check "summary: JSON" "$(cat "$GATE/summary.expected")" "$(summary_facts <<< "$out")"
check "summary: results" "3" "$(python3 -c 'import json, sys; print(len(json.load(sys.stdin)["results"]))' <<< "$out")"
run --summary --baseline="$TMP/base.txt" --format=json "${OBJS[@]}"
check "summary with the baseline: READY" '0:READY []' "$rc:$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["verdict"], d["reasons"])' <<< "$out")"
run --summary "${OBJS[@]}"
check "summary: text" "$(cat "$GATE/summary-text.expected")" "$out"
run --format=markdown --baseline="$TMP/base2.txt" "${OBJS[@]}"
check "summary: Markdown" "1:$(cat "$GATE/summary-md.expected")" "$rc:${out//$TMP\/base2.txt/BASE}"

# the same facts from report files (--report, as validate-cc writes them)
mkdir -p "$TMP/reports"
for o in "${OBJS[@]}"; do
	"$VALIDATE" --report="$TMP/reports/${o//\//%2F}.jsonl" "$o" > /dev/null
done
live=$("$VALIDATE" --summary --format=json "${OBJS[@]}")
run --summary --format=json "$TMP"/reports/*.jsonl
check "summary from reports" "$live" "$out"
check "no temporary files beside reports" "" "$(find "$TMP/reports" -name '.*')"
check "reports of objects without annotations: no new keys" "" \
	"$(cat "$TMP"/reports/*.jsonl | grep -o 'ignored_functions\|non_function_walked\|non_function_code_walked')"

# ---- The summary of annotated objects: each function VALIDATE_IGNORE_FUNC
# skips by name, non-function code walked from hints counted as walked ----
H=$TMP/h
tree "$H"
mkdir -p "$H/arch/arm64/kernel"
for f in "$GATE/hints.S:hints.o" "$HERE/fixtures/bad-hint-good.S:good.o"; do
	"${CROSS}gcc" -c -march=armv8.5-a+memtag -I"$HERE/../include" \
		-o "$H/arch/arm64/kernel/${f##*:}" "${f%:*}" || bad "${f%:*} does not assemble"
done
HOBJS=(arch/arm64/kernel/good.o arch/arm64/kernel/hints.o)
cd "$H" || exit 1
run --summary "${HOBJS[@]}"
check "annotated: text" "$(cat "$GATE/summary-hints-text.expected")" "$rc:$out"
run --summary --format=json "${HOBJS[@]}"
check "annotated: JSON" "$(cat "$GATE/summary-hints.expected")" "$(summary_facts <<< "$out")"
run --format=markdown "${HOBJS[@]}"
check "annotated: Markdown" "$(cat "$GATE/summary-hints-md.expected")" "$out"
# from reports, the same summary: the names and the ranges too
mkdir -p "$TMP/hreports"
ALL=("${OBJS[@]}" "${HOBJS[@]}")
REPORTS=()
for o in "${ALL[@]}"; do
	REPORTS+=("$TMP/hreports/${o//\//%2F}.jsonl")
	"$VALIDATE" --report="${REPORTS[-1]}" "$o" > /dev/null
done
check "annotated: the report's record" "$(cat "$GATE/record-hints.expected")" \
	"$(tail -1 "$TMP/hreports/arch%2Farm64%2Fkernel%2Fhints.o.jsonl")"
for fmt in text json markdown; do
	run --summary --format=$fmt "${ALL[@]}"
	want=$out
	run --summary --format=$fmt "${REPORTS[@]}"
	check "annotated: summary from reports ($fmt)" "$want" "$out"
done
cd "$T" || exit 1

# ---- SARIF, validated by the Multitool ----
[ "$REAL" = --fixtures ] || install_multitool || bad "the SARIF Multitool cannot be installed"
cp "$TMP/src/sl.o" "$T/lib/sl.o"
run --format=sarif --summary --baseline="$TMP/base2.txt" --output="$TMP/fixtures.sarif" \
	"${OBJS[@]}" lib/sl.o
check "SARIF: exit status" "1:" "$rc:$out$err"
check "SARIF: content" "$(cat "$GATE/sarif.expected")" "$(python3 - "$TMP/fixtures.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
print(log["version"], len(log["runs"]), "summary" in run["properties"])
print(all(r["helpUri"].endswith("#" + r["id"]) and r["fullDescription"]["text"] and
          r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] == "warning"
          for r in rules))
for r in run["results"]:
    loc = r["locations"][0]
    phys = loc["physicalLocation"]
    print(r["ruleId"], rules[r["ruleIndex"]]["id"] == r["ruleId"], phys["artifactLocation"]["uri"],
          phys["region"], loc["logicalLocations"][0]["fullyQualifiedName"].split("+")[0],
          r.get("baselineState"), [s["kind"] for s in r.get("suppressions", [])])
PY
)"
SARIFS=("$TMP/fixtures.sarif")
if [ "$REAL" != --fixtures ]; then
	mods=$("$HERE/real/fetch.sh" modules) || exit 1
	root=$(echo "$mods"/lib/modules/*/kernel)
	mapfile -t kos < <(find "$root" -name '*.ko' | sort)
	run --format=sarif --summary --root="$root" --output="$TMP/modules.sarif" "${kos[@]}"
	[ $rc -le 1 ] && [ -z "$err" ] || bad "modules SARIF: exit $rc: $err"
	SARIFS+=("$TMP/modules.sarif")

	# The gate's cycle on the real corpora (corpus.md): a baseline of the
	# modules and the kernel tree (vmlinux.o with its objects; the walk
	# skips the host objects); the same run with it is READY and prints
	# nothing; one more object with a finding fails, naming it alone.
	kern=$("$HERE/real/fetch.sh" kernel) || exit 1
	run --write-baseline="$TMP/real.base" "$root" "$kern"
	n=$(grep -vc '^#' "$TMP/real.base")
	[ $rc = 1 ] && [ -z "$err" ] && [ "$n" -gt 100 ] && ok ||
		bad "real corpora: --write-baseline: exit $rc, $n entries: $err"
	run --summary --baseline="$TMP/real.base" "$root" "$kern"
	check "real corpora: with their baseline, READY" "0::readiness: READY" \
		"$rc:$err:$(grep -m1 "^readiness:" <<< "$out")"
	asm "$GATE/leak.S" "$TMP/extra/leak.o"
	run --baseline="$TMP/real.base" "$root" "$kern" "$TMP/extra/leak.o"
	check "real corpora: one more object with a finding" \
		"1::1:$TMP/extra/leak.o return-modified-frame" \
		"$rc:$err:$(wc -l <<< "$out"):$(sed -n 's/: warning: validate: [^ ]*: .*\[\(.*\)\]$/ \1/p' <<< "$out")"
fi
if [ "$REAL" != --fixtures ] && [ -x "$MULTITOOL" ]; then
	# first, that it finds what is wrong: a help link that is no URI
	sed 's|"helpUri":"[^"]*"|"helpUri":"no uri"|' "$TMP/fixtures.sarif" > "$TMP/broken.sarif"
	"$MULTITOOL" validate -o "$TMP/mt-broken.sarif" "$TMP/broken.sarif" > "$TMP/mt.out" 2>&1
	grep -q '"ruleId": *"SARIF1002"' "$TMP/mt-broken.sarif" && ok ||
		bad "the SARIF Multitool does not find a broken helpUri"
	"$MULTITOOL" validate -o "$TMP/mt.sarif" "${SARIFS[@]}" > "$TMP/mt.out" 2>&1
	# every rule of the Multitool's that fired: errors and warnings fail
	got=$(python3 -c '
import json, sys
for run in json.load(open(sys.argv[1]))["runs"]:
    for r in run.get("results", []):
        if r.get("level", "warning") != "note":
            print(r["ruleId"], r["message"].get("arguments", r["message"].get("text")))' "$TMP/mt.sarif" 2>&1)
	check "SARIF Multitool: ${#SARIFS[@]} files valid" "" "$got"
fi

# ---- Bad input: one line naming the file, exit 2, nothing half-written ----
one_line() {	# description expected-line args...: nothing on stdout
	local what=$1 want=$2
	shift 2
	run "$@"
	check "$what" "2:$want:" "$rc:$err:$out"
}
# a report file: the one line, and the summary says so
bad_report() {	# description expected-line args...
	local what=$1 want=$2
	shift 2
	run "$@"
	check "$what" "2:$want:1 input could not be checked" \
		"$rc:$err:$(sed -n 's/^  \(1 input.*\)/\1/p' <<< "$out")"
}
printf 'a.o f fallthrough 0123456789abcdef\nnot an entry\n' > "$TMP/b1"
one_line "baseline: a malformed line" \
	"$TMP/b1:2: error: validate: malformed baseline entry: expected PATH SYMBOL CHECK DIGEST [# REASON]" \
	--baseline="$TMP/b1" lib/clean.o
printf 'a.o f nonsense 0123456789abcdef\n' > "$TMP/b2"
one_line "baseline: an unknown check" \
	"$TMP/b2:1: error: validate: unknown check id 'nonsense'" --baseline="$TMP/b2" lib/clean.o
printf '# comment\na.o f fallthrough 0123456789ABCDEF\n' > "$TMP/b3"
one_line "baseline: a bad digest" \
	"$TMP/b3:2: error: validate: a digest is 16 lower-case hex digits, not '0123456789ABCDEF'" \
	--baseline="$TMP/b3" lib/clean.o
printf 'a.o f fallthrough 0123456789abcdef more\n' > "$TMP/b4"
one_line "baseline: trailing words" \
	"$TMP/b4:1: error: validate: malformed baseline entry: more than PATH SYMBOL CHECK DIGEST before '#'" \
	--baseline="$TMP/b4" lib/clean.o
printf '# validate baseline 2\n' > "$TMP/b5"
one_line "baseline: another version" \
	"$TMP/b5:1: error: validate: a baseline of another version: '2'" --baseline="$TMP/b5" lib/clean.o
one_line "baseline: missing" \
	"$TMP/nosuch: error: validate: cannot open the baseline: No such file or directory" \
	--baseline="$TMP/nosuch" lib/clean.o
one_line "unwritable output" \
	"$TMP/nodir/x.sarif: error: validate: cannot write: No such file or directory" \
	--format=sarif --output="$TMP/nodir/x.sarif" lib/clean.o
one_line "unwritable baseline" \
	"$TMP/nodir/b: error: validate: cannot write: No such file or directory" \
	--write-baseline="$TMP/nodir/b" lib/clean.o
one_line "--root not a directory" \
	"lib/clean.o: error: validate: --root: not a directory" --root=lib/clean.o lib/clean.o
# an input error: the outputs keep what they had, and no temporary file stays
mkdir -p "$TMP/outs"
echo old > "$TMP/outs/s.sarif"
echo old > "$TMP/outs/b.txt"
run --format=sarif --output="$TMP/outs/s.sarif" --write-baseline="$TMP/outs/b.txt" \
	"${OBJS[@]}" lib/nosuch.o
check "input error: exit status" "2:lib/nosuch.o: error: validate: cannot open: No such file or directory" "$rc:$err"
check "input error: outputs untouched" "old old" \
	"$(cat "$TMP/outs/s.sarif") $(cat "$TMP/outs/b.txt")$(find "$TMP/outs" -name '.*')"
# directories: a tree walked gives what its objects give; one with no
# objects, or with a file that is no object, is an input error
rm -f lib/sl.o
run --summary --format=json arch drivers lib
check "summary of directories" "$live" "$out"
run --summary --format=json "$TMP/reports"
check "summary of a report directory" "$live" "$out"
mkdir -p "$TMP/empty" "$TMP/broken"
one_line "a directory with no objects" \
	"$TMP/empty: error: validate: no objects (.o, .ko, .a) in the directory" \
	--summary --format=sarif --output="$TMP/empty.sarif" "$TMP/empty"
check "... writes nothing" "" "$(ls -A "$TMP" | grep empty.sarif)"
cp lib/clean.o "$TMP/broken/"
printf 'not an object\n' > "$TMP/broken/broken.o"
unreadable="$TMP/broken/broken.o: error: validate: not an ELF file"
if [ "$(id -u)" -ne 0 ]; then	# root reads any file
	cp lib/clean.o "$TMP/broken/locked.o"
	chmod 000 "$TMP/broken/locked.o"
	unreadable="$unreadable
$TMP/broken/locked.o: error: validate: cannot open: Permission denied"
fi
one_line "a file in a directory that cannot be read" "$unreadable" \
	--summary --format=sarif --output="$TMP/unreadable.sarif" "$TMP/broken"
check "... writes nothing" "" "$(ls -A "$TMP" | grep 'unreadable.sarif')"
run --summary --format=json "$TMP/broken"
check "... and the summary says so" "2:NOT READY 1 input could not be checked $TMP/broken/broken.o not an ELF file" \
	"$rc:$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["verdict"], d["reasons"][0], d["errors"][0]["file"], d["errors"][0]["error"])' <<< "$out")"
head -1 "$TMP/reports/drivers%2Fnet%2Fleak.o.jsonl" > "$TMP/cut.jsonl"
bad_report "report: incomplete" \
	"$TMP/cut.jsonl:2: error: validate: malformed report: no summary record: the report is incomplete" \
	--summary "$TMP/cut.jsonl"
sed 's/"ignored_functions":\[{"section":".text",/"ignored_functions":[{/' \
	"$TMP/hreports/arch%2Farm64%2Fkernel%2Fhints.o.jsonl" > "$TMP/noplace.jsonl"
bad_report "report: an ignored function without its place" \
	"$TMP/noplace.jsonl:1: error: validate: malformed report: ignored_functions entry 0 is not {section, offset, size, symbol}" \
	--summary "$TMP/noplace.jsonl"
echo '{"file":"a.o",' > "$TMP/broken.jsonl"
bad_report "report: not JSON" \
	"$TMP/broken.jsonl:1: error: validate: malformed report: expected a member name at byte 15" \
	--summary "$TMP/broken.jsonl"

echo "gate: $pass passed, $fail failed"
[ $fail -eq 0 ]
