#!/bin/bash
# Prints the Documentation/corpus.md table: objects, functions, instructions
# reached, br resolved, instructions compared with the object's own DWARF
# CFI (--check-dwarf), and findings per check, for each real corpus.
# corpus-table.sh [VALIDATE]
set -u
VALIDATE=$(realpath "${1:-tools/validate/validate}")
HERE=$(cd "$(dirname "$0")" && pwd)
FETCH=$HERE/../tests/real/fetch.sh

table() {	# name options files...
	local name=$1 opts=$2
	shift 2
	# shellcheck disable=SC2086
	"$VALIDATE" --stats --check-dwarf --format=json $opts "$@" 2>&1 >/dev/null | python3 -c '
import re, sys
name = sys.argv[1]
objs = funcs = insns = br = brok = fdes = dwi = 0
checks = {}
for line in sys.stdin:
    m = re.search(r": stats: functions (\d+), instructions (\d+), states \d+, br (\d+) \(resolved (\d+)\), code under non-function symbols \d+(.*)", line)
    if not m:
        continue
    objs += 1
    funcs += int(m.group(1)); insns += int(m.group(2))
    br += int(m.group(3)); brok += int(m.group(4))
    d = re.search(r"dwarf: FDEs (\d+) \(\d+ for code elsewhere\), instructions (\d+)", line)
    if d:
        fdes += int(d.group(1)); dwi += int(d.group(2))
    for c, n in re.findall(r", ([a-z-]+) (\d+)", m.group(5).split(";")[0]):
        checks[c] = checks.get(c, 0) + int(n)
found = ", ".join("%s %d" % kv for kv in sorted(checks.items())) or "none"
dwarf = "%d in %d FDEs" % (dwi, fdes) if fdes else "no CFI sections"
print("| %s | %d | %d | %d | %d of %d | %s | %s |" % (name, objs, funcs, insns, brok, br, dwarf, found))
' "$name"
}

echo "| corpus | objects | functions | instructions walked | br resolved | compared with DWARF CFI | findings |"
echo "|---|---|---|---|---|---|---|"
mods=$("$FETCH" modules) || exit 1
mapfile -t kos < <(find "$mods" -name '*.ko' | sort)
table "Debian $(cat "$mods/.complete") modules" "" "${kos[@]}"
m612=$("$FETCH" modules612) || exit 1
mapfile -t kos612 < <(find "$m612" -name '*.ko' | sort)
table "Debian trixie $(cat "$m612/.complete") modules (GCC 14)" "" "${kos612[@]}"
libc=$("$FETCH" libc) || exit 1
table "glibc 2.36 arm64 libc.a members (--no-frame-pointer)" --no-frame-pointer \
	"$libc/usr/aarch64-linux-gnu/lib/libc.a"
gccrt=$("$FETCH" gccrt) || exit 1
table "GCC 12 arm64 runtime archives: libstdc++, libgcc, sanitizers (--no-frame-pointer)" \
	--no-frame-pointer "$gccrt"/*.a
kdir=$("$FETCH" kernel) || exit 1
mapfile -t objs < <(find "$kdir" -name '*.o' ! -name vmlinux.o ! -path '*/scripts/*' ! -path '*/tools/*' | sort)
table "arm64 defconfig 6.1 objects (vmlinux.o apart)" "" "${objs[@]}"
table "arm64 defconfig 6.1 vmlinux.o" "" "$kdir/vmlinux.o"
