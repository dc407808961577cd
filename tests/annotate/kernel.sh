#!/bin/bash
# The kernel's own arm64 assembly, with and without the annotations of
# contrib/linux-6.1/ (Documentation/annotations.md):
#  1. Debian's linux-source-6.1 (tests/validate-cc/tree.sh unpacks it),
#     arm64 defconfig, built twice in this test's own O= directories: as
#     it is, and from a copy with the patch applied (KAFLAGS gives the
#     assembler this project's include/).  Only the assembly objects of
#     arch/arm64/kernel and the KVM hypervisor (arch/arm64/kvm/hyp, and
#     the nVHE hypervisor's link: kvm_nvhe.o and its intermediates).
#  2. Without the patch, the findings in arch/arm64/kernel and
#     arch/arm64/kvm are exactly those tests/real/kernel.expected has for
#     the shared corpus (built from the same source): objects without
#     hints give the output they always gave, and the build is the
#     corpus's.
#  3. With it, exactly tests/annotate/kernel-after.expected: every finding
#     left is explained in Documentation/corpus.md; and -v lists what the
#     hints leave unvalidated, exactly tests/annotate/kernel-listed.expected.
#  4. The patched objects carry .discard.validate_hints and the validator
#     reads it without a bad-hint; the linked kvm_nvhe.o too (ld -r and
#     objcopy --prefix-symbols keep it).
#
# Cache ($VALIDATE_CACHE, or ~/.cache/validate): annotate/VERSION/ holds
# the two build directories and the patched copy of the source (hard
# links but for the patched files), each made once; a changed patch makes
# the patched copy and its build again.  Cold: unpack, two configure +
# prepare, two builds (78 s on 2 cores, up to 3 minutes when busy); warm:
# make finds nothing to do, and the validator runs (seconds).
# kernel.sh VALIDATE [SAN_VALIDATE] [--update]
set -u
VALIDATE=$(realpath "${1:?usage: kernel.sh VALIDATE [SAN_VALIDATE] [--update]}")
SAN=
UPDATE=
for a in "${@:2}"; do
	case $a in
	--update) UPDATE=1 ;;
	*) SAN=$(realpath "$a") ;;
	esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
CACHE=${VALIDATE_CACHE:-$HOME/.cache/validate}
KB=$CACHE/kbuild
PATCH=$ROOT/contrib/linux-6.1/0001-arm64-validate-hints.patch
JOBS=${KBUILD_TEST_JOBS:-2}
pass=0
START=$SECONDS
STEP=$SECONDS

unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS KBUILD_OUTPUT O M V W C
unset KCFLAGS KAFLAGS KCPPFLAGS LLVM
export ARCH=arm64 CROSS_COMPILE=$CROSS LC_ALL=C

die() {
	echo "FAIL kernel hints: $*"
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
step() {
	echo "     ($1: $((SECONDS - STEP)) s)"
	STEP=$SECONDS
}

# ---- 1. the source, the patched copy, the two builds ----
mkdir -p "$KB" || die "cannot create $KB"
VER=$(dpkg-query -W -f='${Version}' linux-source-6.1 2> /dev/null)
if [ -n "$VER" ] && [ -f "$KB/$VER/.source-complete" ]; then
	tree=$("$ROOT/tests/validate-cc/tree.sh")
else	# unpacking: not while kbuild.sh does (its lock)
	tree=$(flock "$KB/lock" "$ROOT/tests/validate-cc/tree.sh")
fi || die "no kernel source"
SRC=${tree%	*}
VER=${tree#*	}
A=$CACHE/annotate/$VER
KEY=$( { "${CROSS}gcc" --version; "${CROSS}as" --version | head -1; } |
	sha256sum | cut -c1-12)
PKEY=$(sha256sum "$PATCH" | cut -c1-12)
PSRC=$A/src-$PKEY
mkdir -p "$A" || die "cannot create $A"
exec 8> "$A/lock"
flock 8			# one run at a time on this cache
find "$CACHE/annotate" -mindepth 1 -maxdepth 1 -type d ! -name "$VER" -exec rm -rf {} +
if [ ! -f "$PSRC/.complete" ]; then
	find "$A" -mindepth 1 -maxdepth 1 -name 'src-*' -exec rm -rf {} +
	find "$A" -mindepth 1 -maxdepth 1 -name 'patched-*' -exec rm -rf {} +
	# hard links: patch writes each file it changes anew, the shared
	# source stays as it is
	cp -al "$SRC" "$PSRC" || die "cannot copy $SRC"
	(cd "$PSRC" && patch -p1 -s --no-backup-if-mismatch < "$PATCH") ||
		die "$PATCH does not apply to linux-source-6.1 $VER"
	touch "$PSRC/.complete"
fi
step "the source and the patched copy"

build() {	# srctree objdir log [make variables...]
	local src=$1 dir=$2 log=$3
	shift 3
	if [ ! -f "$dir/.prepared-$KEY" ]; then
		rm -rf "$dir"
		make -C "$src" O="$dir" "$@" defconfig > "$log" 2>&1 &&
			make -C "$dir" -j"$JOBS" "$@" prepare >> "$log" 2>&1 &&
			touch "$dir/.prepared-$KEY" || return 1
	fi
	make -C "$dir" -j"$JOBS" "$@" "${TARGETS[@]}" >> "$log" 2>&1
}
# the assembly of arch/arm64/kernel in defconfig, and the hypervisor's
TARGETS=()
for o in cpu-reset efi-entry efi-entry.stub efi-rt-wrapper entry-fpsimd entry \
	 head hibernate-asm hyp-stub kuser32 relocate_kernel sigreturn32 sleep \
	 smccc-call vdso-wrap; do
	TARGETS+=("arch/arm64/kernel/$o.o")
done
TARGETS+=(arch/arm64/kvm/hyp/entry.o arch/arm64/kvm/hyp/hyp-entry.o
	  arch/arm64/kvm/hyp/fpsimd.o arch/arm64/kvm/hyp/nvhe/kvm_nvhe.o)
PLAIN=$A/plain
PATCHED=$A/patched-$PKEY
build "$SRC" "$PLAIN" "$TMP/plain.log" ||
	die "the build without the patch failed: $(tail -5 "$TMP/plain.log")"
step "the build without the patch"
build "$PSRC" "$PATCHED" "$TMP/patched.log" KAFLAGS="-I$ROOT/include" ||
	die "the build with the patch failed: $(tail -5 "$TMP/patched.log")"
step "the build with the patch"

# ---- 2, 3. the findings ----
objects() {	# objdir
	(cd "$1" && find arch/arm64/kernel arch/arm64/kvm -name '*.o' | sort)
}
findings() {	# validate objdir out [options]
	local v=$1 dir=$2 out=$3
	shift 3
	# shellcheck disable=SC2046
	(cd "$dir" && "$v" --format=json "$@" $(objects "$dir")) > "$TMP/f.json" 2> "$TMP/f.err"
	[ $? -le 1 ] || { cat "$TMP/f.err"; return 1; }
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    print("%s %s %s+0x%x" % (d["file"], d["check"], d["symbol"], d["offset"]))' \
		"$TMP/f.json" | sort > "$out"
}
compare() {	# what want got
	if cmp -s "$2" "$3"; then
		ok "$1 ($(wc -l < "$3") lines)"
	else
		bad "$1:"
		diff -u "$2" "$3" | sed 's/^/    /'
	fi
}

findings "$VALIDATE" "$PLAIN" "$TMP/before" || die "validate failed on $PLAIN"
grep -E '^arch/arm64/(kernel|kvm)/' "$ROOT/tests/real/kernel.expected" | sort > "$TMP/corpus"
compare "without the patch: the corpus's findings (tests/real/kernel.expected)" \
	"$TMP/corpus" "$TMP/before"
findings "$VALIDATE" "$PATCHED" "$TMP/after" || die "validate failed on $PATCHED"
# -v: what the hints leave unvalidated, and what they make walkable
# shellcheck disable=SC2046
(cd "$PATCHED" && "$VALIDATE" -v $(objects "$PATCHED") 2>&1 >/dev/null) |
	grep -E 'which is no function|not validated|not judged|walked from its hints' |
	sort > "$TMP/listed"
if [ -n "$UPDATE" ]; then
	cp "$TMP/after" "$HERE/kernel-after.expected"
	cp "$TMP/listed" "$HERE/kernel-listed.expected"
	echo "updated $HERE/kernel-after.expected, kernel-listed.expected"
fi
compare "with the patch (tests/annotate/kernel-after.expected)" \
	"$HERE/kernel-after.expected" "$TMP/after"
compare "with the patch, -v (tests/annotate/kernel-listed.expected)" \
	"$HERE/kernel-listed.expected" "$TMP/listed"
if [ -n "$SAN" ]; then
	findings "$SAN" "$PATCHED" "$TMP/after-san" || die "the sanitizer build failed on $PATCHED"
	compare "with the patch, the sanitizer build" "$HERE/kernel-after.expected" "$TMP/after-san"
fi
echo "     before: $(wc -l < "$TMP/before") findings, after: $(wc -l < "$TMP/after")"

# ---- 4. the section is there, also through the hypervisor's link ----
for o in arch/arm64/kernel/entry.o arch/arm64/kvm/hyp/nvhe/kvm_nvhe.o; do
	n=$("${CROSS}readelf" -SW "$PATCHED/$o" | grep -c '\.discard\.validate_hints')
	if [ "$n" = 2 ] && ! grep -q "^$o bad-hint" "$TMP/after"; then
		ok "$o carries its hints (and their relocations)"
	else
		bad "$o: $n hint sections"
	fi
done
step "validate"
echo "kernel hints: $pass passed, $fail failed ($((SECONDS - START)) s)"
[ "$fail" -eq 0 ]
