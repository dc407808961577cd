#!/bin/bash
# --check-sframe against --check-dwarf, side by side on the same objects,
# and a run with neither for what the walk itself costs:
#  - the compiled-C matrix: this project's sources and the C fixtures,
#    built by GCC and by clang-19 through GNU as (-fno-integrated-as: its
#    own assembler writes no SFrame) with -Wa,--gsframe, in the
#    configurations of tests/lib.sh's compiled_configs: .eh_frame and
#    .sframe from the same directives;
#  - the arm64 defconfig 6.1 kernel build (tests/real/fetch.sh kernel):
#    GCC's .debug_frame, and the .sframe --write-sframe gives each object
#    (the build has none of its own), vmlinux.o included.
# Each corpus runs in one process per option, five rounds interleaved,
# the best kept.  sframe.sh [VALIDATE]
set -u
VALIDATE=$(realpath "${1:-tools/validate/validate}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$ROOT/tests/lib.sh"

side_by_side() {	# name files...
	python3 - "$VALIDATE" "$@" <<'PY'
import os, subprocess, sys, time
validate, name, files = sys.argv[1], sys.argv[2], sys.argv[3:]
modes = [("neither", []), ("--check-dwarf", ["--check-dwarf"]),
         ("--check-sframe", ["--check-sframe"])]
best = {m: None for m, _ in modes}
for _ in range(5):
    for m, opts in modes:
        start = time.perf_counter()
        p = subprocess.run([validate] + opts + files, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        t = time.perf_counter() - start
        if p.returncode not in (0, 1):
            sys.exit("sframe.sh: %s %s exited %d" % (name, m, p.returncode))
        best[m] = t if best[m] is None else min(best[m], t)
stats = subprocess.run([validate, "--stats", "--check-dwarf", "--check-sframe"] + files,
                       capture_output=True, text=True).stderr
import re
d = sum(int(x) for x in re.findall(r"dwarf: FDEs \d+ .*?instructions (\d+)", stats))
s = sum(int(x) for x in re.findall(r"sframe: FDEs \d+ .*?instructions (\d+)", stats))
base = best["neither"]
print("%s: %d files; instructions compared: DWARF %d, SFrame %d" % (name, len(files), d, s))
for m, _ in modes:
    extra = best[m] - base
    print("  %-15s %7.3f s%s" % (m, best[m], "" if m == "neither" else
          "   the comparison: %+.3f s" % extra))
print("  --check-sframe / --check-dwarf: %.3f of the time, %.2f of the comparison's"
      % (best["--check-sframe"] / best["--check-dwarf"],
         (best["--check-sframe"] - base) / max(best["--check-dwarf"] - base, 1e-9)))
PY
}

# ---- the compiled-C matrix ----
libc=$("$ROOT/tests/real/fetch.sh" libc) || exit 1
INC="-I$ROOT/include -isystem $libc/usr/aarch64-linux-gnu/include -idirafter /usr/include -idirafter /usr/include/$(gcc -print-multiarch)"
mapfile -t srcs < <(ls "$ROOT"/tools/validate/*.c "$ROOT"/arch/arm64/decode/*.c "$ROOT"/tests/fixtures/*.c)
mapfile -t configs < <(compiled_configs)
mkdir -p "$TMP/c"
n=0
for cc in "aarch64-linux-gnu-gcc" "clang-19 --target=aarch64-linux-gnu -fno-integrated-as"; do
	for config in "${configs[@]}"; do
		case $config in *shadow-call-stack*) config="$config -fno-exceptions" ;; esac
		for src in "${srcs[@]}"; do
			n=$((n + 1))
			# shellcheck disable=SC2086
			$cc $config -fasynchronous-unwind-tables -Wa,--gsframe -D_GNU_SOURCE $INC \
				-c -o "$TMP/c/$n.o" "$src" 2> /dev/null || rm -f "$TMP/c/$n.o"
		done
	done
done
side_by_side "compiled C (GCC, clang-19 through GNU as 2.40)" "$TMP"/c/*.o

# ---- the kernel build ----
kdir=$("$ROOT/tests/real/fetch.sh" kernel) || exit 1
mkdir -p "$TMP/k"
n=0
while read -r f; do
	n=$((n + 1))
	"$VALIDATE" --write-sframe="$TMP/k/$n.o" "$kdir/$f" > /dev/null 2>&1
	[ -f "$TMP/k/$n.o" ] || cp "$kdir/$f" "$TMP/k/$n.o"	# not arm64: refused alike
done < <(cd "$kdir" && find . -name '*.o' ! -path './scripts/*' ! -path './tools/*' | sort)
side_by_side "kernel (GCC 12 .debug_frame; .sframe by --write-sframe)" "$TMP"/k/*.o
