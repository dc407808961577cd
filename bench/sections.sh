#!/bin/bash
# Cost against the number of sections, on objects tests/gen/big.py
# generates: N one-function sections for N = 7,000, 70,000 and 100,000
# (past 65,279 the extended numbering of vmlinux.o built with
# -ffunction-sections), side by side with the time per section, which
# stays flat when every stage is linear; then 100,000 aliases of one
# function, 100,000 functions in one section under the sanitizer build,
# and the peak memory per instruction on 64 MiB of nops.
#
#   sections.sh [VALIDATE [SAN_VALIDATE]]
#
# Defaults: tools/validate/validate and build/asan/validate (make
# build/asan/validate).  Times are CPU seconds (user + system, the best of
# RUNS, default 3) with the wall clock beside them.  The objects are kept
# in build/gen ($VALIDATE_GEN).  Not a timed test: tests/run-badinput.sh
# checks the same objects for findings and function counts.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
VALIDATE=$(realpath "${1:-$HERE/../tools/validate/validate}")
SAN=$(realpath "${2:-$HERE/../build/asan/validate}")
RUNS=${RUNS:-3}
GEN=${VALIDATE_GEN:-$HERE/../build/gen}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

[ -x "$VALIDATE" ] || { echo "sections.sh: no validator at $VALIDATE" >&2; exit 2; }
mkdir -p "$GEN" || exit 2

gen() {	# kind N: $GEN/kind-N.o, made if missing or older than big.py
	local obj=$GEN/$1-$2.o
	[ -s "$obj" ] && [ "$obj" -nt "$HERE/../tests/gen/big.py" ] && return
	python3 "$HERE/../tests/gen/big.py" "$1" "$2" "$obj.tmp" && mv "$obj.tmp" "$obj"
}
for obj in "sections 7000" "sections 70000" "sections 100000" "functions 100000" \
	   "aliases 100000" "nops 64"; do
	gen $obj || { echo "sections.sh: cannot generate $obj" >&2; exit 2; }
done

# best VALIDATE OBJ: "cpu wall functions instructions" of the run with
# the least CPU (bash's time: milliseconds, where time(1) has 10)
best() {
	local i TIMEFORMAT='%3U %3S %3R'
	for ((i = 0; i < RUNS; i++)); do
		{ time "$1" --stats "$2" > /dev/null 2> "$TMP/err"; } 2> "$TMP/time"
		sed -n 's/.*stats: functions \([0-9]*\), instructions \([0-9]*\),.*/\1 \2/p' \
			"$TMP/err" | paste -d' ' "$TMP/time" - |
			awk '{ print $1 + $2, $3, $4, $5 }'
	done | sort -n | head -1
}

printf '%-26s %10s %9s %9s %16s\n' object functions "CPU s" "wall s" "CPU us/section"
for n in 7000 70000 100000; do
	read -r cpu wall funcs insns < <(best "$VALIDATE" "$GEN/sections-$n.o")
	printf '%-26s %10s %9.3f %9.3f %16.2f\n' "$n sections" "${funcs:-?}" "$cpu" \
		"$wall" "$(awk -v c="$cpu" -v n=$n 'BEGIN { print c * 1e6 / n }')"
done

# one place named 100,000 times: a sort of the aliases growing as their
# square took 2-3 s here
read -r cpu wall funcs insns < <(best "$VALIDATE" "$GEN/aliases-100000.o")
printf '%-26s %10s %9.3f %9.3f\n' "100000 aliases, 1 place" "${funcs:-?}" "$cpu" "$wall"

if [ -x "$SAN" ]; then
	read -r cpu wall funcs insns < <(best "$SAN" "$GEN/functions-100000.o")
	printf '%-26s %10s %9.3f %9.3f   (sanitizer build)\n' "100000 functions, 1 section" \
		"${funcs:-?}" "$cpu" "$wall"
else
	echo "no sanitizer build at $SAN (make build/asan/validate): 100000 functions skipped"
fi

# peak memory: time(1)'s maximum resident set size, per instruction as
# --stats counts them; the nops, then the largest real inputs when the
# test corpora are in the cache (tests/real/fetch.sh): vmlinux.o of the
# shared corpus and the largest Debian module (btrfs.ko)
CACHE=${VALIDATE_CACHE:-$HOME/.cache/validate}
peak() {	# label object
	/usr/bin/time -f '%U %S %e %M' -o "$TMP/time" "$VALIDATE" --stats "$2" \
		> /dev/null 2> "$TMP/err"
	# the last line: time(1) puts "Command exited with non-zero status"
	# first when the input has findings
	read -r u s wall rss < <(tail -1 "$TMP/time")
	insns=$(sed -n 's/.*stats: functions [0-9]*, instructions \([0-9]*\),.*/\1/p' "$TMP/err" | head -1)
	printf '%-26s %10s %9.2f %9.2f   %s instructions: peak RSS %d MB, %.1f bytes each\n' \
		"$1" "" "$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" "$wall" \
		"${insns:-?}" $((rss / 1024)) "$(awk -v r="$rss" -v n="${insns:-1}" 'BEGIN { print r * 1024 / n }')"
}
peak "64 MiB of nops" "$GEN/nops-64.o"
[ -f "$CACHE/kernel/arm64-objs/vmlinux.o" ] && peak "vmlinux.o" "$CACHE/kernel/arm64-objs/vmlinux.o"
btrfs=$(find "$CACHE/modules" -name btrfs.ko 2> /dev/null | head -1)
[ -n "$btrfs" ] && peak "btrfs.ko" "$btrfs"
exit 0
