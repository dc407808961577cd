#!/bin/bash
# Real objects: Debian's arm64 cloud modules (Linux 6.1, and trixie's 6.12
# built by GCC 14), glibc's arm64 libc.a, GCC 12's
# arm64 runtime libraries and an arm64 defconfig 6.1 kernel build.  For each corpus:
#  - every arm64 object is processed without a crash or exit status 2, by
#    the plain build and by the AddressSanitizer + UBSan build;
#  - the findings are exactly the triaged ones in tests/real/*.expected
#    (each explained in Documentation/corpus.md): a new finding on real
#    code is a validator bug until shown otherwise;
#  - the classifier agrees with Capstone on every word Capstone decodes.
# run.sh VALIDATE SAN_VALIDATE ORACLE [--update]
set -u
VALIDATE=$(realpath "${1:?usage: run.sh VALIDATE SAN_VALIDATE ORACLE [--update]}")
SAN=$(realpath "${2:?}")
ORACLE=$(realpath "${3:?}")
UPDATE=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"

say_fail() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# Findings as "path check symbol+0xoff", paths relative to the corpus root.
summarise() {	# root json
	python3 - "$1" "$2" <<'PY'
import json, sys
root = sys.argv[1].rstrip('/') + '/'
for line in open(sys.argv[2]):
    d = json.loads(line)
    f = d["file"]
    f = f[len(root):] if f.startswith(root) else f
    print("%s %s %s+0x%x" % (f, d["check"], d["symbol"], d["offset"]))
PY
}

compare_expected() {	# name root json
	local name=$1 want=$HERE/$1.expected
	summarise "$2" "$3" | sort > "$TMP/$name.got"
	if [ "$UPDATE" = --update ]; then
		cp "$TMP/$name.got" "$want"
		echo "$name: wrote $(wc -l < "$want") findings to $want"
		return
	fi
	if ! diff -u "$want" "$TMP/$name.got" > "$TMP/$name.diff"; then
		say_fail "$name: findings differ from $want:"
		head -40 "$TMP/$name.diff" | sed 's/^/    /'
	else
		echo "$name: $(wc -l < "$want") findings, all triaged"
	fi
}

# The sanitizer build over every file, in batches; any exit over 1 fails.
sanitized() {	# name opts files...
	local name=$1 opts=$2
	shift 2
	# shellcheck disable=SC2086
	printf '%s\0' "$@" | xargs -0 -n 64 -P 2 sh -c \
		'"$0" '"$opts"' "$@" > /dev/null 2>> "'"$TMP"'/san.err"; [ $? -le 1 ]' "$SAN" ||
		{ say_fail "$name: the sanitizer build failed:"; grep -v ': error: validate: not an arm64' "$TMP/san.err" | head -20 | sed 's/^/    /'; }
	rm -f "$TMP/san.err"
}

# --stats lines out of err, summed: how much DWARF CFI was compared.
dwarf_summary() {	# name err
	grep ': stats: ' "$2" | python3 -c '
import re, sys
f = i = 0
for l in sys.stdin:
    m = re.search(r"dwarf: FDEs (\d+) .*, instructions (\d+)", l)
    if m:
        f += int(m[1]); i += int(m[2])
print("%s: --check-dwarf compared %d instructions of %d FDEs" % (sys.argv[1], i, f))' "$1"
	grep -v ': stats: ' "$2" > "$2.rest"
	mv "$2.rest" "$2"
}

oracle() {	# name files...
	local name=$1
	shift
	printf '%s\0' "$@" | xargs -0 "$ORACLE" > "$TMP/oracle.out" 2>&1 ||
		{ say_fail "$name: the classifier and Capstone disagree:"; head -20 "$TMP/oracle.out" | sed 's/^/    /'; return; }
	grep '^oracle:' "$TMP/oracle.out" | sed "s/^/$name: /"
}

# ---- Debian's arm64 cloud kernel modules ----
mods=$("$HERE/fetch.sh" modules) || exit 1
root=$(echo "$mods"/lib/modules/*/kernel)
mapfile -t kos < <(find "$root" -name '*.ko' | sort)
echo "modules: $(cat "$mods/.complete"), ${#kos[@]} modules"
[ ${#kos[@]} -ge 900 ] || say_fail "modules: only ${#kos[@]} modules"
"$VALIDATE" --format=json "${kos[@]}" > "$TMP/mods.json" 2> "$TMP/mods.err"
rc=$?
[ $rc -le 1 ] && [ ! -s "$TMP/mods.err" ] ||
	{ say_fail "modules: exit $rc"; head "$TMP/mods.err"; }
compare_expected modules "$root" "$TMP/mods.json"
sanitized modules "" "${kos[@]}"
oracle modules "${kos[@]}"

# ---- Debian trixie's arm64 cloud modules: Linux 6.12, GCC 14 ----
m612=$("$HERE/fetch.sh" modules612) || exit 1
root612=$(echo "$m612"/usr/lib/modules/*/kernel)
mapfile -t kos612 < <(find "$root612" -name '*.ko' | sort)
echo "modules612: $(cat "$m612/.complete"), ${#kos612[@]} modules"
[ ${#kos612[@]} -ge 1000 ] || say_fail "modules612: only ${#kos612[@]} modules"
"$VALIDATE" --format=json "${kos612[@]}" > "$TMP/m612.json" 2> "$TMP/m612.err"
rc=$?
[ $rc -le 1 ] && [ ! -s "$TMP/m612.err" ] ||
	{ say_fail "modules612: exit $rc"; head "$TMP/m612.err"; }
compare_expected modules612 "$root612" "$TMP/m612.json"
sanitized modules612 "" "${kos612[@]}"
oracle modules612 "${kos612[@]}"

# ---- glibc's arm64 libc.a: userland without frame records ----
libc=$("$HERE/fetch.sh" libc)/usr/aarch64-linux-gnu/lib/libc.a || exit 1
"$VALIDATE" --no-frame-pointer --check-dwarf --stats --format=json "$libc" > "$TMP/libc.json" 2> "$TMP/libc.err"
rc=$?
dwarf_summary libc "$TMP/libc.err"
[ $rc -le 1 ] && [ ! -s "$TMP/libc.err" ] ||
	{ say_fail "libc: exit $rc"; head "$TMP/libc.err"; }
compare_expected libc "$(dirname "$libc")" "$TMP/libc.json"
sanitized libc "--no-frame-pointer --check-dwarf" "$libc"

# ---- GCC 12's arm64 runtime: libstdc++ (C++ exceptions), libgcc, sanitizers ----
gccrt=$("$HERE/fetch.sh" gccrt) || exit 1
mapfile -t rtlibs < <(ls "$gccrt"/*.a)
echo "gccrt: ${#rtlibs[@]} archives"
[ ${#rtlibs[@]} -ge 10 ] || say_fail "gccrt: only ${#rtlibs[@]} archives"
"$VALIDATE" --no-frame-pointer --check-dwarf --stats --format=json "${rtlibs[@]}" > "$TMP/gccrt.json" 2> "$TMP/gccrt.err"
rc=$?
dwarf_summary gccrt "$TMP/gccrt.err"
[ $rc -le 1 ] && [ ! -s "$TMP/gccrt.err" ] ||
	{ say_fail "gccrt: exit $rc"; head "$TMP/gccrt.err"; }
compare_expected gccrt "$gccrt" "$TMP/gccrt.json"
sanitized gccrt "--no-frame-pointer --check-dwarf" "${rtlibs[@]}"

# ---- the arm64 defconfig 6.1 kernel build, vmlinux.o included ----
kdir=$("$HERE/fetch.sh" kernel) || exit 1
mapfile -t objs < <(cd "$kdir" && find . -name '*.o' | sed 's|^\./||' | sort)
echo "kernel: ${#objs[@]} objects"
(cd "$kdir" && "$VALIDATE" --check-dwarf --stats --format=json "${objs[@]}") > "$TMP/kernel.json" 2> "$TMP/kernel.err"
rc=$?
dwarf_summary kernel "$TMP/kernel.err"
# host programs of the build (scripts/, tools/) are refused, nothing else
grep -v -E '^(scripts|tools)/[^:]*: error: validate: not an arm64 object' "$TMP/kernel.err" > "$TMP/kernel.other"
[ $rc -eq 2 ] && [ ! -s "$TMP/kernel.other" ] && grep -q '^scripts/' "$TMP/kernel.err" ||
	{ say_fail "kernel: exit $rc"; head "$TMP/kernel.other"; }
compare_expected kernel "" "$TMP/kernel.json"
# noreturn inference over the whole kernel: exactly the functions in
# noreturn.expected (BUG() paths, kthread loops, panics), which every
# finding after a call depends on
(cd "$kdir" && "$VALIDATE" -v vmlinux.o 2>&1 > /dev/null) |
	sed -n 's/^vmlinux\.o: \([^ ]*\) never returns: .*/\1/p' | sort > "$TMP/noreturn.got"
if [ "$UPDATE" = --update ]; then
	cp "$TMP/noreturn.got" "$HERE/noreturn.expected"
elif ! diff -u "$HERE/noreturn.expected" "$TMP/noreturn.got" > "$TMP/noreturn.diff"; then
	say_fail "kernel: noreturn inference differs from $HERE/noreturn.expected:"
	head -20 "$TMP/noreturn.diff" | sed 's/^/    /'
else
	echo "kernel: $(wc -l < "$HERE/noreturn.expected") functions of vmlinux.o inferred noreturn, as expected"
fi
# the sanitizer build over the arm64 objects only
mapfile -t arm64 < <(printf '%s\n' "${objs[@]}" |
	grep -v -F -x -f <(sed -n 's/: error: validate: .*//p' "$TMP/kernel.err"))
pushd "$kdir" > /dev/null || exit 1
sanitized kernel --check-dwarf "${arm64[@]}"
oracle kernel "${objs[@]}"
popd > /dev/null || exit 1

echo "real objects: $fail failed"
[ $fail -eq 0 ]
