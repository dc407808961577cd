#!/bin/bash
# The cost of computed-goto dispatch: a generated C function with N handlers,
# each ending in "goto *table[*pc++]" through the same table of N labels
# (the form of the BPF interpreter, ___bpf_prog_run: GCC duplicates the
# dispatch into every handler, so there are N + 1 br through one table),
# compiled with aarch64-linux-gnu-gcc -O2.  Prints, for each N, the
# validator's CPU time (user + system, the best of a few runs), and the
# ratio to the previous N: about 2 per doubling is linear, 4 quadratic.
#
#   goto-stress.sh [VALIDATE] [N...]     default N: 250 500 1000 2000 4000
#
# Environment: CC (aarch64-linux-gnu-gcc), CFLAGS (-O2), RUNS (3).  Not a
# timed test: the figures are for reading (the br and edges grow as N and
# N * N; a validator whose work follows the edges one br at a time is
# quadratic here).  The validator this was written against (it re-sorts
# every predecessor after each table) takes ~9x per doubling: N=2000
# some 6 minutes of CPU, N=4000 near an hour; pass smaller N.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
VALIDATE=$(realpath "${1:-$HERE/../tools/validate/validate}")
shift $(($# > 0 ? 1 : 0))
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(250 500 1000 2000 4000)
CC=${CC:-aarch64-linux-gnu-gcc}
CFLAGS=${CFLAGS:-"-O2"}
RUNS=${RUNS:-3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

[ -x "$VALIDATE" ] || { echo "goto-stress.sh: no validator at $VALIDATE" >&2; exit 2; }
command -v "${CC%% *}" > /dev/null || { echo "goto-stress.sh: $CC is not installed" >&2; exit 2; }

# gen N: handler i computes something of its own (so that no two are
# merged), may return, then dispatches again.
gen() {
	python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1])
print("long goto_stress(const unsigned short *pc, long acc)\n{")
print("\tstatic const void *const table[%d] = {" % n)
for i in range(n):
    print("\t\t&&h%d," % i)
print("\t};\n#define NEXT goto *table[*pc++]\n\tNEXT;")
for i in range(n):
    print("h%d:\n\tacc = acc * %d + %d;\n\tif (acc == %d)\n\t\treturn acc;\n\tNEXT;"
          % (i, 2 * i + 3, i, 7 * i + 1))
print("}")
PY
}

printf '%8s %8s %8s %10s %12s %10s\n' N insns br resolved "CPU s" "x prev"
prev=
for n in "${SIZES[@]}"; do
	gen "$n" > "$TMP/g$n.c"
	# shellcheck disable=SC2086
	$CC $CFLAGS -c -o "$TMP/g$n.o" "$TMP/g$n.c" ||
		{ echo "goto-stress.sh: $CC cannot compile the N=$n input" >&2; exit 2; }
	# the best of RUNS runs' CPU time (user + system), and --stats of one
	read -r cpu insns br ok < <(python3 - "$VALIDATE" "$TMP/g$n.o" "$RUNS" <<'PY'
import re, resource, subprocess, sys
best, stats = None, ("?", "?", "?")
for _ in range(int(sys.argv[3])):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([sys.argv[1], "--stats", sys.argv[2]], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = t if best is None else min(best, t)
    m = re.search(r"instructions (\d+),.* br (\d+) \(resolved (\d+)\)", p.stderr)
    if m:
        stats = m.groups()
print("%.3f %s %s %s" % ((best,) + stats))
PY
)
	ratio=-
	[ -n "$prev" ] && ratio=$(python3 -c "p, c = $prev, $cpu; print('%.2f' % (c / p) if p > 0 else 'inf')")
	printf '%8s %8s %8s %10s %12s %10s\n' "$n" "${insns:-?}" "${br:-?}" "${ok:-?}" "$cpu" "$ratio"
	prev=$cpu
done
