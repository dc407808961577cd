#!/bin/bash
# What validate-cc costs a kernel build (not a test: figures only).
#
#   make tools/validate/validate tools/validate/validate-cc
#   bench/kbuild.sh [compile|build|all]
#
# compile: the cost of the wrapper per compile, by spawning each command
#   N times and keeping the best of 5 rounds: a fake compiler that only
#   copies an object (the wrapper's own cost, nothing else) and the real
#   aarch64-linux-gnu-gcc on a small file; the wrapper's cost is the
#   wrapped time less the compiler's and less validate's own on the object.
# build: the same kernel directories of Linux 6.1 (Debian's linux-source-6.1,
#   arm64 defconfig) built from clean without and with the wrapper, back to
#   back, same -j, in the same tree: wall time and CPU time (user + sys of
#   everything make ran); then validate's summed time, one process per
#   object as the wrapper runs it, against the compilers' summed time.
#
# BENCH_TARGETS (default "kernel/ mm/ lib/ arch/arm64/ arch/arm64/lib/", or "vmlinux" for
# the whole defconfig kernel), BENCH_JOBS (default: the number of cores),
# BENCH_ROUNDS (default 1; each round is a pair, the order alternating),
# BENCH_N (spawns per measurement, default 200); BENCH_VALIDATE and
# BENCH_WRAPPER to measure other builds of the two. The tree is prepared in
# $VALIDATE_CACHE/kbuild/bench (~/.cache/validate/kbuild/bench).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SRC_VCC=${BENCH_WRAPPER:-$ROOT/tools/validate/validate-cc}
SRC_VALIDATE=${BENCH_VALIDATE:-$ROOT/tools/validate/validate}
WHAT=${1:-all}
CROSS=${CROSS:-aarch64-linux-gnu-}
TARGETS=${BENCH_TARGETS:-kernel/ mm/ lib/ arch/arm64/ arch/arm64/lib/}
JOBS=${BENCH_JOBS:-$(nproc)}
ROUNDS=${BENCH_ROUNDS:-1}
N=${BENCH_N:-200}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -x "$SRC_VCC" ] && [ -x "$SRC_VALIDATE" ] || {
	echo "bench/kbuild.sh: build first: make tools/validate/validate tools/validate/validate-cc" >&2
	exit 1
}
# private copies, side by side: a rebuild during the run changes nothing
mkdir -p "$TMP/bin"
cp "$SRC_VCC" "$TMP/bin/validate-cc"
cp "$SRC_VALIDATE" "$TMP/bin/validate"
VCC=$TMP/bin/validate-cc
VALIDATE=$TMP/bin/validate
unset MAKEFLAGS MFLAGS MAKELEVEL VALIDATE_FLAGS VALIDATE_WERROR VALIDATE_REPORT_DIR VALIDATE_DISABLE
export LC_ALL=C

echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- per compile ----
compile() {
	local bin=$TMP/bin
	# the cheapest compiler: copies its input (an object named .c) to -o
	cat > "$TMP/fakecc.c" <<-'EOF'
	#include <fcntl.h>
	#include <string.h>
	#include <unistd.h>
	int main(int argc, char **argv)
	{
		const char *in = NULL, *out = NULL;
		char buf[65536];
		ssize_t n;
		int i, fi, fo;

		for (i = 1; i < argc; i++) {
			if (!strcmp(argv[i], "-o") && i + 1 < argc)
				out = argv[++i];
			else if (argv[i][0] != '-')
				in = argv[i];
		}
		if (!in || !out)
			return 0;
		fi = open(in, O_RDONLY);
		fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fi < 0 || fo < 0)
			return 1;
		while ((n = read(fi, buf, sizeof(buf))) > 0)
			if (write(fo, buf, n) != n)
				return 1;
		return 0;
	}
	EOF
	cc -O2 -static -o "$bin/fakecc" "$TMP/fakecc.c" 2> /dev/null ||
		cc -O2 -o "$bin/fakecc" "$TMP/fakecc.c" || return 1
	printf 'int f(int x)\n{\n\treturn x + 1;\n}\n' > "$TMP/small.c"
	"${CROSS}gcc" -O2 -c -o "$TMP/small.o" "$TMP/small.c" || return 1
	"${CROSS}gcc" -c -o "$TMP/entry.o" "$ROOT/tests/sample/entry.S" || return 1
	cp "$TMP/small.o" "$TMP/small-obj.c"
	cp "$TMP/entry.o" "$TMP/entry-obj.c"
	python3 - "$bin" "$TMP" "$N" "${CROSS}gcc" <<'PY'
import os, sys, time, shutil
bin, tmp, n, gcc = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
gcc = shutil.which(gcc)
null = [(os.POSIX_SPAWN_OPEN, 1, '/dev/null', os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, '/dev/null', os.O_WRONLY, 0)]
os.chdir(tmp)
def t(argv, env=None):
    """best of 5 rounds of n spawns, ms per spawn"""
    best = None
    for r in range(5):
        start = time.perf_counter()
        for i in range(n):
            pid = os.posix_spawn(argv[0], argv, env or os.environ, file_actions=null)
            os.waitpid(pid, 0)
        ms = (time.perf_counter() - start) / n * 1000
        best = ms if best is None else min(best, ms)
    return best
vcc, val, fake = bin + "/validate-cc", bin + "/validate", bin + "/fakecc"
nop = t(["/bin/true"])
print("spawning /bin/true: %.2f ms (what any process start costs here)" % nop)
rows = []
def case(name, cc, obj, src):
    compile_ = t(cc + ["-c", src, "-o", "out.o"])
    val_ = t([val, obj])
    wrapped = t([vcc] + cc + ["-c", src, "-o", "out.o"])
    through = t([vcc] + cc + ["-E", src, "-o", "out.i"])
    alone_e = t(cc + ["-E", src, "-o", "out.i"])
    print("%s:" % name)
    print("  compile alone %.2f ms, validate alone %.2f ms, wrapped %.2f ms"
          % (compile_, val_, wrapped))
    print("  wrapper's cost on a compile it validates: %.2f ms"
          % (wrapped - compile_ - val_))
    print("  wrapper's cost on a command it passes through (-E): %.2f ms"
          % (through - alone_e))
case("fake compiler (copies an object), small object", [fake], "small.o", "small-obj.c")
case("fake compiler, hand-written entry.o with findings", [fake], "entry.o", "entry-obj.c")
case("aarch64-linux-gnu-gcc -O2 on a 4-line file", [gcc, "-O2"], "out.o", "small.c")
PY
}

# ---- whole directories of a kernel build ----
build() {
	local tree src ver dir order r kind log wall cpu rc
	tree=$("$ROOT/tests/validate-cc/tree.sh") || return 1
	src=${tree%	*}
	ver=${tree#*	}
	dir=${VALIDATE_CACHE:-$HOME/.cache/validate}/kbuild/bench
	export ARCH=arm64 CROSS_COMPILE=$CROSS
	echo "kernel: linux-source-6.1 $ver, defconfig, -j$JOBS, targets: $TARGETS"
	if [ ! -f "$dir/.prepared" ]; then
		rm -rf "$dir"
		make -s -C "$src" O="$dir" defconfig > /dev/null &&
			make -s -C "$dir" -j"$JOBS" modules_prepare > /dev/null || return 1
		touch "$dir/.prepared"
	fi
	clean() {
		# shellcheck disable=SC2086
		(cd "$dir" && if [ "$TARGETS" = vmlinux ]; then
			find . -name '*.o' ! -path './scripts/*' ! -path './tools/*' -delete
		else
			find $TARGETS -name '*.o' -delete 2> /dev/null
		fi; true)
	}
	timed() {	# kind log make-args...: prints "wall cpu" seconds
		local kind=$1 log=$2
		shift 2
		clean
		sync
		python3 - "$@" > "$TMP/time.$kind" <<-'PY'
		import os, resource, subprocess, sys, time
		start = time.perf_counter()
		rc = subprocess.call(sys.argv[1:], stdout=open(os.environ["LOG"], "w"),
		                     stderr=subprocess.STDOUT)
		wall = time.perf_counter() - start
		ru = resource.getrusage(resource.RUSAGE_CHILDREN)
		print("%.2f %.2f %d" % (wall, ru.ru_utime + ru.ru_stime, rc))
		PY
	}
	: > "$TMP/pairs"
	for r in $(seq 1 "$ROUNDS"); do
		order="plain wrapped"
		[ $((r % 2)) = 0 ] && order="wrapped plain"
		for kind in $order; do
			log=$TMP/$kind.log
			if [ "$kind" = plain ]; then
				# shellcheck disable=SC2086
				LOG=$log timed $kind "$log" make -C "$dir" -j"$JOBS" $TARGETS
			else
				# shellcheck disable=SC2086
				LOG=$log timed $kind "$log" make -C "$dir" -j"$JOBS" \
					CC="$VCC ${CROSS}gcc" $TARGETS
			fi
			read -r wall cpu rc < "$TMP/time.$kind"
			[ "$rc" = 0 ] || { echo "the $kind build failed: $(tail -3 "$log")"; return 1; }
			echo "round $r $kind: ${wall} s wall, ${cpu} s CPU"
			echo "$kind $wall $cpu" >> "$TMP/pairs"
		done
	done
	python3 - "$TMP/pairs" <<-'PY'
	import sys
	rows = [l.split() for l in open(sys.argv[1])]
	def total(kind, col):
	    return sum(float(r[col]) for r in rows if r[0] == kind)
	for col, what in ((1, "wall"), (2, "CPU")):
	    p, w = total("plain", col), total("wrapped", col)
	    print("build %s time: without %.1f s, with %.1f s: overhead %+.2f%%"
	          % (what, p, w, (w - p) / p * 100))
	PY
	# validate's summed time, one process an object, against the compilers'
	(cd "$dir" && find . -name '.*.o.cmd' -print0 | xargs -0 grep -h -E '^cmd_[^ ]+\.o := .* -c ' |
		sed 's|^cmd_\([^ ]*\.o\) := .*|\1|' | sort -u) > "$TMP/objs"
	echo "objects compiled: $(wc -l < "$TMP/objs")"
	(cd "$dir" && python3 - "$VALIDATE" "$TMP/objs" "$TMP/time.plain" <<-'PY'
	import os, resource, subprocess, sys, time
	val, objs, plain = sys.argv[1], sys.argv[2], sys.argv[3]
	objs = [l.strip() for l in open(objs) if os.path.exists(l.strip())]
	start = time.perf_counter()
	for o in objs:
	    subprocess.call([val, o], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
	wall = time.perf_counter() - start
	ru = resource.getrusage(resource.RUSAGE_CHILDREN)
	cpu = ru.ru_utime + ru.ru_stime
	ccpu = float(open(plain).read().split()[1])
	print("validate on the %d objects, one process each: %.1f s wall, %.1f s CPU"
	      % (len(objs), wall, cpu))
	print("  against the build's CPU time without the wrapper (%.1f s): %.2f%%"
	      % (ccpu, cpu / ccpu * 100))
	print("  per object: %.2f ms" % (wall / max(len(objs), 1) * 1000))
	PY
	)
}

case $WHAT in
compile) compile ;;
build) build ;;
all) compile && build ;;
*) echo "usage: bench/kbuild.sh [compile|build|all]" >&2; exit 2 ;;
esac
