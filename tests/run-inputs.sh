#!/bin/bash
# The inputs a run takes besides objects and archives: directories (walked
# for .o, .ko and .a, other files, thin archives and other machines'
# objects skipped), thin archives (their members
# read from the paths they name), and files that are no regular file (a
# FIFO must not hang).  Each fault is one line and exit status 2, and the
# other inputs are still checked.
set -u
VALIDATE=$(realpath "${1:?usage: run-inputs.sh VALIDATE}")
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"
pass=0

ok() { pass=$((pass + 1)); }
bad() {	# what
	echo "FAIL $1:"
	sed 's/^/    /' "$TMP/out" "$TMP/err"
	fail=$((fail + 1))
}

# run EXPECTED-STATUS ARGS...: in $TMP/tree, output in $TMP/out and err
run() {
	local want=$1 rc
	shift
	(cd "$TMP/tree" && timeout 10 "$VALIDATE" "$@") > "$TMP/out" 2> "$TMP/err"
	rc=$?
	[ $rc -eq "$want" ]
}

mkdir -p "$TMP/tree/sub/deeper" "$TMP/tree/empty" "$TMP/tree/other"
"${CROSS}gcc" -c -o "$TMP/tree/sub/leaky.o" "$HERE/fixtures/return-modified-frame-bad.S" || exit 1
"${CROSS}gcc" -c -march=armv8.5-a -o "$TMP/tree/sub/deeper/clean.ko" "$HERE/fixtures/return-modified-frame-good.S" || exit 1
printf 'notes\n' > "$TMP/tree/sub/README"
printf 'not an object\n' > "$TMP/tree/other/broken.o"

# a directory: its objects, in name order; the README is skipped
if run 1 sub && [ ! -s "$TMP/err" ] &&
   [ "$(cut -d: -f1 "$TMP/out" | sort -u)" = "sub/leaky.o" ]; then ok; else bad "directory"; fi
# a directory with no objects
if run 2 empty && [ "$(cat "$TMP/err")" = "empty: error: validate: no objects (.o, .ko, .a) in the directory" ] &&
   [ ! -s "$TMP/out" ]; then ok; else bad "empty directory"; fi
# a bad object inside a directory: its line, and the others still checked
if run 2 other sub && [ "$(cat "$TMP/err")" = "other/broken.o: error: validate: not an ELF file" ] &&
   grep -q '^sub/leaky.o: warning:' "$TMP/out"; then ok; else bad "bad object in a directory"; fi

# a FIFO with no writer: refused at once, not waited for
mkfifo "$TMP/tree/pipe.o"
if run 2 pipe.o sub/leaky.o && [ "$(cat "$TMP/err")" = "pipe.o: error: validate: not a regular file" ] &&
   grep -q '^sub/leaky.o: warning:' "$TMP/out"; then ok; else bad "FIFO"; fi

# thin archives: members by path, relative to the archive; as an input
# and found in a directory walk
(cd "$TMP/tree" && ar rcT thin.a sub/leaky.o sub/deeper/clean.ko) || exit 1
if run 1 thin.a && [ ! -s "$TMP/err" ] &&
   grep -q '^thin.a(sub/leaky.o): warning: validate: leaky+0x8: .*\[return-modified-frame\]$' "$TMP/out" &&
   [ "$(cut -d: -f1 "$TMP/out" | sort -u)" = "thin.a(sub/leaky.o)" ]; then ok; else bad "thin archive"; fi
# a kernel tree's shape: a walk checks each object once, passing over the
# thin archive that names them and the host's objects, without a word
mkdir -p "$TMP/tree/kt/lib" "$TMP/tree/kt/scripts"
cp "$TMP/tree/sub/leaky.o" "$TMP/tree/kt/lib/"
(cd "$TMP/tree/kt" && ar rcT lib/built-in.a lib/leaky.o) || exit 1
echo 'int main(void) { return 0; }' | gcc -x c -c -o "$TMP/tree/kt/scripts/host.o" - || exit 1
if run 1 kt && [ ! -s "$TMP/err" ] &&
   [ "$(cut -d: -f1 "$TMP/out" | sort | uniq -c | awk '{print $1, $2}')" = "$(grep -c . "$TMP/out") kt/lib/leaky.o" ]; then ok; else bad "kernel tree walk"; fi
# given by name, both are still checked (and refused)
if run 2 kt/scripts/host.o && grep -q '^kt/scripts/host.o: error: validate: not an arm64 object' "$TMP/err"; then ok; else bad "host object by name"; fi
if run 1 kt/lib/built-in.a && grep -q '^kt/lib/built-in.a(leaky.o): warning:' "$TMP/out"; then ok; else bad "thin archive by name"; fi
# a member gone: one line for it, the others still checked
(cd "$TMP/tree" && cp sub/deeper/clean.ko gone.ko && ar rcT thin2.a gone.ko sub/leaky.o && rm gone.ko) || exit 1
if run 2 thin2.a && [ "$(cat "$TMP/err")" = "thin2.a(gone.ko): error: validate: cannot open the member: No such file or directory" ] &&
   grep -q '^thin2.a(sub/leaky.o): warning:' "$TMP/out"; then ok; else bad "thin archive member gone"; fi
# a corrupt thin archive
printf '!<thin>\nnot a header\n' > "$TMP/tree/corrupt.a"
if run 2 corrupt.a && grep -q '^corrupt.a: error: validate: ' "$TMP/err" &&
   [ "$(wc -l < "$TMP/err")" -eq 1 ]; then ok; else bad "corrupt thin archive"; fi

echo "inputs: $pass passed, $fail failed"
[ $fail -eq 0 ]
