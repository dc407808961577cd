#!/bin/bash
# --check-dwarf on compiled C: this project's own sources and the fixture
# corpus, compiled for arm64 by GCC and clang-19 in the configurations of
# tests/lib.sh's compiled_configs (15 each: -O0/-O2/-Os with and without
# frame pointers and branch protection, the shadow call stack, patchable
# entries, the stack protector).  Prints, per
# compiler, the objects, functions, FDEs and instructions compared, and
# every finding (any finding on compiler output is a validator bug until
# shown otherwise).  Headers: glibc's arm64 ones from tests/real/fetch.sh.
# dwarf-agreement.sh [VALIDATE]
set -u
VALIDATE=$(realpath "${1:-tools/validate/validate}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$ROOT/tests/lib.sh"
libc=$("$ROOT/tests/real/fetch.sh" libc) || exit 1
mapfile -t configs < <(compiled_configs)
# arm64 libc headers first; libelf/capstone headers and the kernel's
# generic asm/errno.h from the host, which are the same on every arch
INC="-I$ROOT/include -isystem $libc/usr/aarch64-linux-gnu/include -idirafter /usr/include -idirafter /usr/include/$(gcc -print-multiarch)"
mapfile -t srcs < <(ls "$ROOT"/tools/validate/*.c "$ROOT"/arch/arm64/decode/*.c "$ROOT"/tests/fixtures/*.c)

for cc in "aarch64-linux-gnu-gcc" "clang-19 --target=aarch64-linux-gnu"; do
	: > "$TMP/stats"
	: > "$TMP/found"
	for config in "${configs[@]}"; do
		flags="$config -fasynchronous-unwind-tables"
		opt=$(frame_pointer_option "$config")
		rm -f "$TMP"/*.o
		for src in "${srcs[@]}"; do
			# shellcheck disable=SC2086
			$cc $flags -D_GNU_SOURCE $INC -c -o "$TMP/$(basename "$src" .c).o" "$src" ||
				{ echo "$cc $flags: cannot compile $src" >&2; exit 1; }
		done
		# shellcheck disable=SC2086
		"$VALIDATE" --check-dwarf --stats $opt "$TMP"/*.o 2>> "$TMP/stats" |
			sed "s|^$TMP/|[$flags] |" >> "$TMP/found"
	done
	python3 - "${cc%% *}" "$TMP/stats" "${#configs[@]}" <<'PY'
import re, sys
objs = funcs = fdes = insns = 0
for line in open(sys.argv[2]):
    m = re.search(r"functions (\d+),.*dwarf: FDEs (\d+) .*instructions (\d+)$", line)
    if m:
        objs += 1; funcs += int(m[1]); fdes += int(m[2]); insns += int(m[3])
print("%s: %d builds, %d objects, %d functions, %d FDEs, %d instructions compared" %
      (sys.argv[1], int(sys.argv[3]), objs, funcs, fdes, insns))
PY
	echo "${cc%% *}: $(wc -l < "$TMP/found") findings"
	sed 's/^/    /' "$TMP/found"
done
