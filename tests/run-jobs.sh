#!/bin/bash
# -j N: objects validated on N threads print exactly what one thread
# prints, in the same order: standard output, standard error, the exit
# status and every file written (--output, --report, --write-baseline),
# over a tree of every fixture, plain and thin archives, a broken object,
# a thin archive's missing member and report files read back, in each
# output format and with the gate's baseline.  Then -j's bad values.
#
#   run-jobs.sh VALIDATE [MODULES...]   MODULES: real objects run the
#                                       same way (tests/real's corpus)
set -u
VALIDATE=$(realpath "${1:?usage: run-jobs.sh VALIDATE [MODULES...]}")
shift
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"
pass=0

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

T=$TMP/tree
mkdir -p "$T/fix" "$T/lib" "$T/z"
for src in "$HERE"/fixtures/*.S; do
	asflags=$(sed -n 's|^[[:space:]]*// asflags: *||p' "$src")
	# shellcheck disable=SC2086
	"${CROSS}gcc" -c -march=armv8.5-a+memtag -I"$HERE/../include" $asflags \
		-o "$T/fix/$(basename "$src" .S).o" "$src" || exit 1
done
# findings with source lines: libdw on each thread
for level in -O0 -O2; do
	"${CROSS}gcc" -g $level -fno-omit-frame-pointer -c -o "$T/fix/source-line$level.o" \
		"$HERE/gate/source-line.c" || exit 1
done
mapfile -t objs < <(cd "$T" && ls fix/*.o)
[ ${#objs[@]} -ge 80 ] || { echo "FAIL only ${#objs[@]} fixtures"; exit 1; }
# an archive of some, a thin one of others with a member gone
(cd "$T" && ar rc lib/plain.a "${objs[@]:0:20}" &&
	cp fix/unreachable-bad.o gone.o &&
	ar rcT lib/thin.a "${objs[@]:20:10}" gone.o "${objs[@]:30:5}" &&
	rm gone.o) || exit 1
printf 'not an object\n' > "$T/z/broken.o"
# report files, read back among the objects
(cd "$T" && "$VALIDATE" --report=r1.jsonl "${objs[@]:40:10}" > /dev/null 2>&1;
	"$VALIDATE" --report=r2.jsonl lib/plain.a > /dev/null 2>&1)
[ -s "$T/r1.jsonl" ] && [ -s "$T/r2.jsonl" ] || { echo "FAIL no report files"; exit 1; }

# same DESCRIPTION ARGS...: -j 1 and -j 4 in $T give the same bytes
# everywhere; the outputs a run names are out.*; returns the exit status
same() {
	local what=$1 j rc1 rc4 f
	shift
	for j in 1 4; do
		rm -rf "$TMP/j$j" && mkdir "$TMP/j$j"
		(cd "$T" && { [ -z "${NOFILE:-}" ] || ulimit -n "$NOFILE"; } &&
			timeout 600 "$VALIDATE" -j $j "${@//@OUT@/$TMP/j$j/out}") \
			> "$TMP/j$j/stdout" 2> "$TMP/j$j/stderr"
		echo $? > "$TMP/j$j/rc"
	done
	rc1=$(cat "$TMP/j1/rc") rc4=$(cat "$TMP/j4/rc")
	for f in "$TMP"/j1/*; do
		if ! cmp -s "$f" "$TMP/j4/${f##*/}"; then
			bad "$what: ${f##*/} differs with -j 4"
			diff "$f" "$TMP/j4/${f##*/}" | head -5 | sed 's/^/    /'
			grep -h -m1 -A30 'Sanitizer' "$TMP"/j?/stderr | sed 's/^/    /'
			return 99
		fi
	done
	[ "$(ls "$TMP/j1")" = "$(ls "$TMP/j4")" ] || { bad "$what: other files"; return 99; }
	[ "$rc1" -le 2 ] && [ "$rc4" -le 2 ] || { bad "$what: exit $rc1, $rc4"; return 99; }
	ok
	return "$rc1"
}

# every input kind: findings (1) and the inputs that fail (2), each said
# once, in input order
same "text" lib/thin.a lib/plain.a z/broken.o fix .
[ $? -eq 2 ] || bad "text: exit status"
grep -q '^z/broken.o: error: validate: not an ELF file$' "$TMP/j4/stderr" &&
	grep -q '^lib/thin.a(../gone.o): error: validate: cannot open the member' "$TMP/j4/stderr" &&
	grep -q '^./fix/unreachable-bad.o: warning' "$TMP/j4/stdout" &&
	grep -q '^fix/source-line-O2.o: .*source-line.c:13: warning' "$TMP/j4/stdout" &&
	[ "$(grep -c '^lib/plain.a(' "$TMP/j4/stdout")" -ge 1 ] ||
	{ bad "text: not every input reported"; head -3 "$TMP/j4/stderr" "$TMP/j4/stdout"; }
same "json, backtrace, stats, verbose" --format=json --backtrace --stats -v lib fix z
same "dwarf and sframe" --no-frame-pointer --check-dwarf --check-sframe --stats fix
same "summary" --summary fix lib r1.jsonl z r2.jsonl
same "markdown" --format=markdown fix r1.jsonl lib
same "sarif" --format=sarif --output=@OUT@ fix lib
same "report" --report=@OUT@.jsonl fix lib
same "write baseline" --write-baseline=@OUT@ --summary fix lib
cp "$TMP/j1/out" "$TMP/baseline"
rm "$T/fix/unreachable-bad.o"
same "baseline" --baseline="$TMP/baseline" --show-suppressed --summary . 
[ $? -eq 2 ] || bad "baseline: exit status"
# an object holds its file open only while it is validated: a slow one in
# front (a million instructions) and a few descriptors, and the others
# that wait behind it are all opened
mkdir -p "$T/slow"
python3 "$HERE/gen/big.py" nops 4 "$T/slow/big.o" || exit 1
NOFILE=20 same "few descriptors" slow/big.o fix
[ -s "$TMP/j4/stdout" ] && ! grep -q 'Too many open files' "$TMP/j4/stderr" ||
	bad "few descriptors: $(grep -m1 error "$TMP/j4/stderr")"

# a one-thread option with -j: the same output, from one thread
same "dump" --dump-cfi fix/stack-state-mismatch-bad.o fix/fallthrough-good.o
[ -s "$TMP/j4/stdout" ] || bad "dump: no output"

# one object's walk split over the threads (walk.c), as from 256K code
# words, here from one: the functions on any thread, those that would
# write what another walk may (code no symbol covers that two reach,
# ranges that overlap) alone after them; the bytes of one thread
mkdir -p "$T/split"
python3 "$HERE/gen/split.py" 300 "$T/split/split.o" || exit 1
export VALIDATE_SPLIT_WORDS=1
same "split walk" --format=json --backtrace --stats -v split fix lib
same "split walk, dwarf and sframe" --no-frame-pointer --check-dwarf \
	--check-sframe --stats fix
if (cd "$T" && "$VALIDATE" -j 4 --stats=time split/split.o 2>&1 > /dev/null) |
	grep -qx 'walk split: objects 1, threads 4, functions walked alone 9'; then
	ok
else
	bad "split walk: not split as split.py made it"
fi
if [ $# -gt 0 ]; then
	same "real objects, split walk" --format=json --backtrace --stats -v "$@"
fi
unset VALIDATE_SPLIT_WORDS
if [ $# -gt 0 ]; then
	same "real objects" --format=json --backtrace --stats -v "$@"
fi

# -j's values: 1 to 256
for v in 0 -1 257 x 2x ""; do
	"$VALIDATE" -j "$v" "$T/fix/fallthrough-good.o" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	if [ $rc -eq 2 ] && [ ! -s "$TMP/out" ] &&
	   grep -q "^validate: --jobs: a number from 1 to 256, not '$v'$" "$TMP/err"; then
		ok
	else
		bad "-j '$v': exit $rc"
		sed 's/^/    /' "$TMP/err"
	fi
done
if "$VALIDATE" --jobs=256 "$T/fix/fallthrough-good.o" > "$TMP/out" 2>&1 &&
   [ ! -s "$TMP/out" ]; then ok; else bad "--jobs=256"; fi

echo "jobs: $pass passed, $fail failed"
[ $fail -eq 0 ]
