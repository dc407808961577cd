#!/bin/bash
# -j 1 against -j N (one thread a core) on the same inputs, alternating
# rounds: median wall and CPU (user + sys) time and the largest peak
# resident set of each.
#
#   [VALIDATE=BIN] [ROUNDS=7] bench/jobs.sh ARGS...    e.g.
#   bench/jobs.sh ~/.cache/validate/modules
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
VALIDATE=${VALIDATE:-$HERE/../tools/validate/validate}
ROUNDS=${ROUNDS:-7}
[ $# -gt 0 ] || { echo "usage: [VALIDATE=BIN] [ROUNDS=N] jobs.sh ARGS..." >&2; exit 2; }
N=$(nproc)
out=$(mktemp)
trap 'rm -f "$out" "$out.t"' EXIT
for _ in $(seq "$ROUNDS"); do
	for j in 1 "$N"; do
		/usr/bin/time -f "$j %e %U %S %M" -o "$out.t" "$VALIDATE" -j "$j" "$@" > /dev/null 2>&1
		tail -1 "$out.t" >> "$out"
	done
done
python3 - "$out" "$N" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for j in ("1", sys.argv[2]):
    r = [x for x in rows if x[0] == j]
    wall = [float(x[1]) for x in r]
    cpu = [float(x[2]) + float(x[3]) for x in r]
    print("-j %-3s wall %.3f s (best %.3f)  cpu %.3f s  peak %.1f MiB"
          % (j, statistics.median(wall), min(wall), statistics.median(cpu),
             max(int(x[4]) for x in r) / 1024))
PY
