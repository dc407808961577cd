#!/bin/bash
# validate-cc on a real, unmodified kernel tree: Debian's linux-source-6.1
# (the tree ../shared/corpus was built from), arm64 defconfig, through the
# wrapper with no change to Kbuild.
#  1. make defconfig and make modules_prepare (probe-heavy: cc-option,
#     cc-version.sh, -E, -S, -print-file-name=, stdin, host programs) with
#     CC and HOSTCC wrapped give the same .config and generated headers as
#     without the wrapper; host objects are skipped silently.
#  2. A set of directories (compiled C, hand-written assembly with known
#     findings such as arch/arm64/kernel/entry.o and head.o, one module
#     directory) built with -j$JOBS through the wrapper: every object
#     byte-identical to a build without it; the findings in the build log and
#     in VALIDATE_REPORT_DIR equal validate's on each object afterwards.
#  3. VALIDATE_WERROR=1 stops make at the first object with a finding and
#     leaves no such object behind.
#  4. An out-of-tree module built with make -C KDIR M=DIR is validated too.
#
# Cache ($VALIDATE_CACHE, or ~/.cache/validate), under kbuild/VERSION, VERSION
# being the linux-source-6.1 package's (tests/validate-cc/tree.sh): the
# unpacked source, and ref-KEY, a tree prepared and built without the wrapper,
# with the checksums of its objects (KEY: the compiler and binutils versions
# and the targets; made again when a fresh defconfig differs from its
# .config). A cold run makes both; a warm run configures and prepares afresh
# without the wrapper (for step 1) and builds only through the wrapper.
# kbuild.sh WRAPPER   (validate is the one beside WRAPPER, as it finds it)
# KBUILD_TEST_JOBS: make's -j (default 2)
set -u
VCC=$(realpath "${1:?usage: kbuild.sh WRAPPER}")
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
VALIDATE=$(dirname "$VCC")/validate
CACHE=${VALIDATE_CACHE:-$HOME/.cache/validate}
JOBS=${KBUILD_TEST_JOBS:-2}
# arch/arm64/ (kernel/ with entry.o and head.o, mm/, kvm/ with the nVHE
# hypervisor, crypto/, net/), its lib/ (a separate target), compiled C of
# mm/ and kernel/sched/, and fs/fuse/: a module directory (=m)
TARGETS="arch/arm64/ arch/arm64/lib/ mm/ kernel/sched/ fs/fuse/"
pass=0
START=$SECONDS
STEP=$SECONDS

# a clean environment for the kernel's make
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS KBUILD_OUTPUT O M V W C
unset VALIDATE_FLAGS VALIDATE_WERROR VALIDATE_REPORT_DIR VALIDATE_DISABLE
unset KCFLAGS KAFLAGS KCPPFLAGS CCACHE_PREFIX LLVM
export ARCH=arm64 CROSS_COMPILE=$CROSS LC_ALL=C
WCC="$VCC ${CROSS}gcc"
WHOSTCC="$VCC gcc"

die() {
	echo "FAIL kbuild: $*"
	echo "validate-cc kernel tree: $pass passed, $((fail + 1)) failed"
	exit 1
}
ok() {
	pass=$((pass + 1))
	echo "ok   $*"
}
bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}
step() {	# the time since the last step
	echo "     ($1: $((SECONDS - STEP)) s)"
	STEP=$SECONDS
}

[ -x "$VALIDATE" ] || die "no validate beside $VCC"
"$VALIDATE" --help 2>&1 | grep -q -- '--report' ||
	die "$VALIDATE has no --report option (VALIDATE_REPORT_DIR needs it)"
KB=$CACHE/kbuild
mkdir -p "$KB" || die "cannot create $KB"
exec 9> "$KB/lock"
flock 9			# one run at a time on this cache
tree=$("$HERE/tree.sh") || die "no kernel source"
SRC=${tree%	*}
VER=${tree#*	}
step "the source"
echo "kbuild: Linux $(make -s -C "$SRC" kernelversion 2> /dev/null) from linux-source-6.1 $VER, -j$JOBS, $TARGETS"

# ---- 1. configure and prepare, without and with the wrapper ----
prepare() {	# dir log [make variables...]
	local dir=$1 log=$2
	shift 2
	make -C "$SRC" O="$dir" "$@" defconfig > "$log" 2>&1 &&
		make -C "$dir" -j"$JOBS" "$@" modules_prepare >> "$log" 2>&1
}
# The reference tree, prepared and built without the wrapper, is cached
# (ref-KEY) and used where it was made: objects hold their build
# directory's path. A fresh configuration that differs from the one it was
# made with (a package installed since changes what the compiler can do)
# makes it again.
KEY=$( { "${CROSS}gcc" --version; "${CROSS}as" --version | head -1; gcc --version
	echo "$TARGETS"; } | sha256sum | cut -c1-16)
REF=$KB/$VER/ref-$KEY
PLAIN=$TMP/plain
if [ -f "$REF/.complete" ]; then
	prepare "$PLAIN" "$TMP/plain-prepare.log" ||
		die "defconfig/modules_prepare without the wrapper failed: $(tail -5 "$TMP/plain-prepare.log")"
	step "defconfig + modules_prepare without the wrapper"
	cmp -s "$PLAIN/.config" "$REF/reference.config" || {
		echo "kbuild: the configuration changed since $REF was made: making it again"
		rm -f "$REF/.complete"
	}
fi
if [ ! -f "$REF/.complete" ]; then
	find "$KB/$VER" -mindepth 1 -maxdepth 1 -name 'ref-*' -exec rm -rf {} +
	PLAIN=$REF
	prepare "$PLAIN" "$TMP/plain-prepare.log" ||
		die "defconfig/modules_prepare without the wrapper failed: $(tail -5 "$TMP/plain-prepare.log")"
	cp "$REF/.config" "$REF/reference.config"
	step "defconfig + modules_prepare without the wrapper, in $REF"
fi
VALIDATE_REPORT_DIR=$TMP/prep-reports \
	prepare "$TMP/wrapped" "$TMP/wrapped-prepare.log" CC="$WCC" HOSTCC="$WHOSTCC"
rc=$?
step "defconfig + modules_prepare through the wrapper (CC and HOSTCC)"
if [ $rc -ne 0 ]; then
	bad "prepare through the wrapper failed: $(tail -5 "$TMP/wrapped-prepare.log")"
else
	diffs=
	for f in .config include/config/auto.conf include/config/auto.conf.cmd \
		include/generated arch/arm64/include/generated scripts/module.lds \
		scripts/mod/devicetable-offsets.h scripts/mod/elfconfig.h; do
		# auto.conf.cmd names CC: "WRAPPER gcc" there, and nothing else
		if [ "$f" = include/config/auto.conf.cmd ]; then
			diff "$PLAIN/$f" <(python3 -c 'import sys
sys.stdout.write(open(sys.argv[1]).read().replace(sys.argv[2] + " ", ""))' \
				"$TMP/wrapped/$f" "$VCC") > /dev/null || diffs="$diffs $f"
			continue
		fi
		diff -r "$PLAIN/$f" "$TMP/wrapped/$f" > "$TMP/prep.diff" 2>&1 ||
			{ diffs="$diffs $f"; head -10 "$TMP/prep.diff"; }
	done
	if [ -z "$diffs" ]; then
		ok "defconfig, modules_prepare: same .config and generated files with the wrapper"
	else
		bad "prepare: differs with the wrapper:$diffs"
	fi
fi
# what the wrapper validated during prepare: arm64 objects only (the
# vDSO, scripts/mod/empty.o), no host object, nothing in the log
# (the diagnostics' prefix: the cache's path, in make's "Entering
# directory" lines, holds the word "validate" too)
grep -n -E ': (warning|error|note): validate(-cc)?: ' "$TMP/wrapped-prepare.log" > "$TMP/prep-lines"
find "$TMP/prep-reports" -name '*.jsonl' -printf '%f\n' 2> /dev/null > "$TMP/prep-names"
host_reports=$(grep -c -E '^scripts%2F(basic|kconfig|mod%2F(modpost|file2alias|sumversion))' "$TMP/prep-names")
n_reports=$(wc -l < "$TMP/prep-names")
if [ ! -s "$TMP/prep-lines" ] && [ "$host_reports" = 0 ] && [ "$n_reports" -ge 3 ]; then
	ok "prepare: $n_reports arm64 objects validated, host programs skipped silently"
else
	bad "prepare: $n_reports reports, $host_reports for host objects; log: $(head -3 "$TMP/prep-lines")"
fi

# ---- the reference build, without the wrapper ----
if [ ! -f "$REF/.complete" ]; then
	echo "kbuild: building the reference (no wrapper) in $REF"
	# shellcheck disable=SC2086
	make -C "$REF" -j"$JOBS" $TARGETS > "$REF/reference.log" 2>&1 ||
		die "the reference build failed: $(tail -5 "$REF/reference.log")"
	# shellcheck disable=SC2086
	(cd "$REF" && find $TARGETS -name '*.o' | sort | xargs sha256sum) > "$REF/objects.sha256" ||
		die "cannot checksum the reference objects"
	touch "$REF/.complete"
	step "the reference build without the wrapper"
fi
nobj=$(wc -l < "$REF/objects.sha256")

# objects the wrapper compiled, from Kbuild's .cmd files: cmd_X.o := WRAPPER ...
wrapped_objects() {	# dir
	(cd "$1" && find . -name '.*.o.cmd' -newer "$TMP/stamp" -print0 |
		xargs -0 -r grep -h -F "$WCC" |
		sed -n 's|^cmd_\([^ ]*\.o\) := .* -c .*|\1|p' | sed 's|^\./||' | sort -u)
}
is_arm64() {	# an arm64 ELF object?
	[ "$(od -An -tx1 -j18 -N2 "$1" 2> /dev/null | tr -d ' ')" = b700 ] &&
		[ "$(od -An -tx1 -j4 -N1 "$1" 2> /dev/null | tr -d ' ')" = 02 ]
}
# The findings of a build against validate's on its objects afterwards:
# the log's warning lines, and each report (findings, then one summary).
compare_findings() {	# name dir log reportdir objects-file
	local name=$1 dir=$2 log=$3 rep=$4 objs=$5 o r
	: > "$TMP/arm64.list"
	while read -r o; do
		case $o in /*) r=$o ;; *) r=$dir/$o ;; esac
		[ -f "$r" ] && is_arm64 "$r" && echo "$o" >> "$TMP/arm64.list"
	done < "$objs"
	(cd "$dir" && xargs -r -d '\n' "$VALIDATE" < "$TMP/arm64.list") > "$TMP/after.txt" 2> "$TMP/after.err"
	(cd "$dir" && xargs -r -d '\n' "$VALIDATE" --format=json < "$TMP/arm64.list") > "$TMP/after.json" 2>> "$TMP/after.err"
	grep -F ': warning: validate: ' "$log" | sort > "$TMP/log.txt"
	sort "$TMP/after.txt" > "$TMP/after.sorted"
	if [ -s "$TMP/after.sorted" ] && cmp -s "$TMP/log.txt" "$TMP/after.sorted" &&
		[ ! -s "$TMP/after.err" ]; then
		ok "$name: build log findings = validate afterwards ($(wc -l < "$TMP/log.txt") lines, $(wc -l < "$TMP/arm64.list") objects)"
	else
		bad "$name: build log findings differ from validate afterwards:"
		diff "$TMP/log.txt" "$TMP/after.sorted" | head -10 | sed 's/^/    /'
		head -3 "$TMP/after.err" | sed 's/^/    /'
	fi
	# the wrapper's report names: the path relative to the build's
	# directory (absolute outside it), normalised, '%' and '/' escaped
	if python3 - "$dir" "$rep" "$TMP/arm64.list" "$TMP/after.json" <<'PY'; then
import json, os, sys
cwd, rep, listing, after = sys.argv[1:]
def name(o):
    p = os.path.normpath(os.path.join(cwd, o))
    if p.startswith(cwd.rstrip('/') + '/'):
        p = p[len(cwd.rstrip('/')) + 1:]
    return p.replace('%', '%25').replace('/', '%2F') + '.jsonl'
objs = [l.rstrip('\n') for l in open(listing)]
want = {o: [] for o in objs}
for l in open(after):
    d = json.loads(l)
    want[d["file"]].append(d)
bad = 0
names = {name(o): o for o in objs}
present = set(os.listdir(rep)) if os.path.isdir(rep) else set()
for n in sorted(set(names) - present)[:5]:
    print("    no report for %s" % names[n])
for n in sorted(present - set(names))[:5]:
    print("    a report for no object: %s" % n)
bad += len(set(names) ^ present)
for n, o in names.items():
    if n not in present:
        continue
    rows = [json.loads(l) for l in open(os.path.join(rep, n))]
    # each finding as --format=json prints it (a report may add keys)
    findings = [{k: r[k] for k in (want[o][i] if i < len(want[o]) else r) if k in r}
                for i, r in enumerate(x for x in rows if "summary" not in x)]
    summary = rows[-1] if rows and "summary" in rows[-1] else None
    if findings != want[o] or summary is None or summary.get("file") != o or \
            sum("summary" in r for r in rows) != 1:
        bad += 1
        if bad <= 5:
            print("    report %s: %d findings (validate: %d), summary %s" %
                  (n, len(findings), len(want[o]), summary))
sys.exit(1 if bad else 0)
PY
		ok "$name: one report per arm64 object, equal to validate --format=json afterwards"
	else
		bad "$name: the report directory differs from validate afterwards"
	fi
}

# ---- 2. the build through the wrapper ----
clean_objects() {
	(cd "$REF" && cut -d' ' -f3- "$REF/objects.sha256" | xargs -r -d '\n' rm -f)
}
clean_objects
touch "$TMP/stamp"
sleep 1
# shellcheck disable=SC2086
VALIDATE_REPORT_DIR=$TMP/reports make -C "$REF" -j"$JOBS" CC="$WCC" $TARGETS > "$TMP/build.log" 2>&1
rc=$?
step "the build through the wrapper"
[ $rc = 0 ] || die "the build through the wrapper failed: $(grep -v -F ': warning: validate: ' "$TMP/build.log" | tail -5)"
if (cd "$REF" && sha256sum --quiet -c objects.sha256) > "$TMP/sums.out" 2>&1; then
	ok "build: all $nobj objects byte-identical to the build without the wrapper"
else
	bad "build: objects differ from the build without the wrapper:"
	head -5 "$TMP/sums.out" | sed 's/^/    /'
fi
wrapped_objects "$REF" > "$TMP/wrapped.list"
for o in arch/arm64/kernel/entry.o arch/arm64/kernel/head.o fs/fuse/dir.o kernel/sched/core.o \
	arch/arm64/kvm/hyp/nvhe/host.nvhe.o arch/arm64/lib/memcpy.o mm/memory.o; do
	grep -q -x -F "$o" "$TMP/wrapped.list" || bad "build: $o was not compiled through the wrapper"
done
for o in arch/arm64/kernel/entry.o arch/arm64/kernel/head.o; do
	grep -q "^$o: .*warning: validate: .*\[.*\]$" "$TMP/build.log" || bad "build: no finding of $o in the log"
done
compare_findings build "$REF" "$TMP/build.log" "$TMP/reports" "$TMP/wrapped.list"

# ---- 3. VALIDATE_WERROR=1, on arch/arm64/kernel/ (entry.o comes early) ----
clean_objects
touch "$TMP/stamp"
sleep 1
VALIDATE_WERROR=1 make -C "$REF" -j"$JOBS" CC="$WCC" arch/arm64/kernel/ > "$TMP/werror.log" 2>&1
rc=$?
step "the build with VALIDATE_WERROR=1"
grep -E '^[^ ]+: error: validate-cc: findings are errors' "$TMP/werror.log" | cut -d: -f1 > "$TMP/removed"
# every object there now was made by this run: none may have a finding
grep ' arch/arm64/kernel/' "$REF/objects.sha256" | cut -d' ' -f3- > "$TMP/werror.all"
nobj=$(wc -l < "$TMP/werror.all")
left=0
built=0
while read -r o; do
	[ -f "$REF/$o" ] || continue
	built=$((built + 1))
	is_arm64 "$REF/$o" || continue
	(cd "$REF" && "$VALIDATE" "$o" > /dev/null 2>&1) || { left=$((left + 1)); echo "    left behind: $o"; }
done < "$TMP/werror.all"
nremoved=$(wc -l < "$TMP/removed")
gone=0
while read -r o; do [ -e "$REF/$o" ] && gone=1; done < "$TMP/removed"
if [ $rc != 0 ] && [ "$nremoved" -ge 1 ] && [ "$nremoved" -le "$JOBS" ] && [ $gone = 0 ] &&
	[ $left = 0 ] && [ "$built" -lt "$nobj" ]; then
	ok "VALIDATE_WERROR=1: make stopped (exit $rc) at $(head -1 "$TMP/removed"), $built of $nobj objects built, none with a finding left"
else
	bad "VALIDATE_WERROR=1: exit $rc, $nremoved removed, $left with findings left, $built of $nobj built"
	grep -E 'error|Error' "$TMP/werror.log" | head -5 | sed 's/^/    /'
fi

# ---- 4. an out-of-tree module, make -C KDIR M=DIR ----
cp -r "$HERE/extmod" "$TMP/extmod"
touch "$TMP/stamp"
sleep 1
VALIDATE_REPORT_DIR=$TMP/ext-reports make -C "$REF" M="$TMP/extmod" CC="$WCC" modules \
	> "$TMP/extmod.log" 2>&1
rc=$?
step "the out-of-tree module"
# Kbuild of 6.1 names M= objects by their absolute paths
wrapped_objects "$TMP/extmod" > "$TMP/ext.list"
if [ $rc = 0 ] && [ -f "$TMP/extmod/vcc_test.ko" ] &&
	grep -q "^$TMP/extmod/frame.o: .*warning: validate: vcc_test_early+0x[0-9a-f]*: .*\[call-without-frame\]$" "$TMP/extmod.log" &&
	grep -q -x "$TMP/extmod/main.o" "$TMP/ext.list"; then
	ok "M=: the out-of-tree module built ($(wc -l < "$TMP/ext.list") objects through the wrapper), its finding in the log"
else
	bad "M=: exit $rc; $(grep -E 'validate|rror' "$TMP/extmod.log" | head -5)"
fi
compare_findings M= "$REF" "$TMP/extmod.log" "$TMP/ext-reports" "$TMP/ext.list"

echo "     (total: $((SECONDS - START)) s)"
echo "validate-cc kernel tree: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
