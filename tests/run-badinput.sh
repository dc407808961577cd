#!/bin/bash
# Bad input: one clear line naming the file, exit status 2, no crash, and
# the other files of the run still checked.  Then a mutation run: objects
# with random bytes flipped must give exit 0, 1 or 2 and no sanitizer report.
set -u
VALIDATE=${1:?usage: run-badinput.sh VALIDATE}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"

"${CROSS}gcc" -c -o "$TMP/good.o" "$HERE/fixtures/return-modified-frame-bad.S" || exit 1
printf 'not an object\n' > "$TMP/text.o"
: > "$TMP/empty.o"
cc -c -x c -o "$TMP/x86.o" - <<< 'int f(void) { return 1; }'
head -c 200 "$TMP/good.o" > "$TMP/truncated.o"
python3 - "$TMP/good.o" "$TMP/badshnum.o" "$TMP/badsym.o" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
shoff, = struct.unpack_from('<Q', data, 0x28)
bad = bytearray(data)
struct.pack_into('<Q', bad, 0x28, len(data) + 4096)       # section table past the end
open(sys.argv[2], 'wb').write(bad)
# every symbol's section index out of range
shentsize, shnum = struct.unpack_from('<HH', data, 0x3a)
for i in range(shnum):
    base = shoff + i * shentsize
    sh_type, = struct.unpack_from('<I', data, base + 4)
    if sh_type == 2:                                           # SHT_SYMTAB
        off, size = struct.unpack_from('<QQ', data, base + 0x18)
        for s in range(off + 24, off + size, 24):
            struct.pack_into('<H', data, s + 6, 0x7ff0)
open(sys.argv[3], 'wb').write(data)
PY

expect() {	# description, expected exit, expected stderr pattern, files...
	local what=$1 want=$2 pattern=$3 rc
	shift 3
	"$VALIDATE" "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	if [ $rc -ne "$want" ] || ! grep -q -- "$pattern" "$TMP/err"; then
		echo "FAIL $what: exit $rc (expected $want), stderr:"
		sed 's/^/    /' "$TMP/err"
		fail=$((fail + 1))
	fi
}

expect "text file" 2 "text.o: error: validate: not an ELF file" "$TMP/text.o"

# A GNU property of size 0xfffffff2 in .note.gnu.property: the step to
# the next property must not wrap to 0 (it looped for ever, found by the
# fuzzer); the note says nothing usable and the object is checked.
cat > "$TMP/prop.S" <<'S'
	.text
	.globl	f
	.type	f, %function
f:	ret
	.size	f, .-f
	.section .note.gnu.property, "a", %note
	.p2align 3
	.word	4, 16, 5
	.asciz	"GNU"
	.word	0xc0000000, 0xfffffff2, 3, 0
S
"${CROSS}gcc" -c -o "$TMP/prop.o" "$TMP/prop.S" || exit 1
timeout 20 "$VALIDATE" --enable=missing-bti "$TMP/prop.o" > "$TMP/out" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "FAIL GNU property size near 2^32: exit $rc"; fail=$((fail + 1)); }
expect "empty file" 2 "empty.o: error: validate: not an ELF file" "$TMP/empty.o"
expect "x86 object" 2 "x86.o: error: validate: not an arm64 object" "$TMP/x86.o"
expect "truncated" 2 "truncated.o: error: validate:" "$TMP/truncated.o"
expect "section table past the end" 2 "badshnum.o: error: validate:" "$TMP/badshnum.o"
expect "symbol section index" 2 "badsym.o: error: validate: symbol .* out of range" "$TMP/badsym.o"
expect "missing file" 2 "nosuch.o: error: validate: cannot open" "$TMP/nosuch.o"
expect "no files" 2 "no input files"
expect "unknown option" 2 "Try 'validate --help'" --bogus "$TMP/good.o"
expect "unknown check" 2 "unknown check id" --disable=nonsense "$TMP/good.o"

# The whole of stderr is exactly one line, the exit status 2.
expect_line() {	# description, expected line, file
	local what=$1 want=$2 rc
	"$VALIDATE" "$3" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	if [ $rc -ne 2 ] || [ "$(cat "$TMP/err")" != "$want" ] || [ -s "$TMP/out" ]; then
		echo "FAIL $what: exit $rc (expected 2), expected the line"
		echo "    $want"
		echo "  got:"
		sed 's/^/    /' "$TMP/err" "$TMP/out"
		fail=$((fail + 1))
	fi
}

# Extended section numbering (tests/gen/corrupt.py), on an object of its
# own so that the counts in the lines below stay put.  Written correctly
# it changes nothing: the same finding.  libelf reads a section header
# table that runs past the end of the file as no sections at all: that
# must not pass as a clean object.
"${CROSS}as" -o "$TMP/small.o" <<'EOF' || exit 1
	.text
	.globl	leaky
	.type	leaky, %function
leaky:
	sub	sp, sp, #16
	ret
	.size	leaky, .-leaky
EOF
for kind in shnum-extended shstrndx-extended xindex; do
	python3 "$HERE/gen/corrupt.py" $kind "$TMP/small.o" "$TMP/$kind.o" || exit 1
	"$VALIDATE" "$TMP/$kind.o" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	if [ $rc -ne 1 ] || [ -s "$TMP/err" ] || [ "$(wc -l < "$TMP/out")" -ne 1 ] ||
	   ! grep -q "^$TMP/$kind.o: warning: validate: leaky+0x4: .*\[return-modified-frame\]$" "$TMP/out"; then
		echo "FAIL $kind: exit $rc, expected small.o's one finding:"
		sed 's/^/    /' "$TMP/out" "$TMP/err"
		fail=$((fail + 1))
	fi
done
while IFS='|' read -r kind line; do
	python3 "$HERE/gen/corrupt.py" "$kind" "$TMP/small.o" "$TMP/$kind.o" || exit 1
	expect_line "$kind" "$TMP/$kind.o: error: validate: $line" "$TMP/$kind.o"
done <<'EOF'
shnum-past-end|truncated: the section header table ends past the end of the file
shnum-extended-past-end|truncated: the section header table ends past the end of the file
shstrndx-extended-bad|corrupt section header table: section name table 1006 out of range (7 sections)
shndx-size|.symtab_shndx: 20 bytes, but 6 symbols need 24
shndx-range|symbol leaky: section index 70000 out of range
shndx-missing|symbol 1: SHN_XINDEX, but the object has no .symtab_shndx
EOF

# Big generated objects (tests/gen/big.py), kept between runs in build/gen:
# no finding, every function checked, and in a time that a stage costing
# sections x symbols (31 s at 70,000 sections) would exceed.  Past 65,279
# sections the assembler uses e_shnum 0, e_shstrndx SHN_XINDEX and
# .symtab_shndx.  100,000 aliases of one function: walked once (functions
# 1); bench/sections.sh times them (their sort once grew as their square:
# 2-3 s here, within the 20 s).
GEN=${VALIDATE_GEN:-$HERE/../build/gen}
mkdir -p "$GEN"
for big in "sections 7000" "sections 70000" "sections 100000" "functions 100000" \
	   "aliases 100000"; do
	read -r kind nr <<< "$big"
	obj=$GEN/$kind-$nr.o
	if [ ! -s "$obj" ] || [ "$HERE/gen/big.py" -nt "$obj" ]; then
		python3 "$HERE/gen/big.py" "$kind" "$nr" "$obj.tmp" && mv "$obj.tmp" "$obj" || exit 1
	fi
	funcs=$nr
	[ "$kind" = aliases ] && funcs=1
	timeout 20 "$VALIDATE" --stats "$obj" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$TMP/out" ] || [ "$(wc -l < "$TMP/err")" -ne 1 ] ||
	   ! grep -q "^$obj: stats: functions $funcs, instructions $funcs, " "$TMP/err"; then
		echo "FAIL $nr $kind: exit $rc (124: over 20 s), expected no finding and $funcs functions:"
		head -5 "$TMP/out" "$TMP/err" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done

# one bad file among good ones: one line for it, findings for the others
"$VALIDATE" "$TMP/text.o" "$TMP/good.o" > "$TMP/out" 2> "$TMP/err"
rc=$?
if [ $rc -ne 2 ] || [ "$(wc -l < "$TMP/err")" -ne 1 ] ||
   ! grep -q "good.o: warning: validate: leaky+0x8: .*\[return-modified-frame\]" "$TMP/out"; then
	echo "FAIL mixed run: exit $rc"; cat "$TMP/out" "$TMP/err"; fail=$((fail + 1))
fi

# inputs are never modified
sum=$(sha256sum < "$TMP/good.o")
"$VALIDATE" --backtrace --dump-cfi "$TMP/good.o" > /dev/null 2>&1
[ "$sum" = "$(sha256sum < "$TMP/good.o")" ] || { echo "FAIL input modified"; fail=$((fail + 1)); }

# One mutated object ($TMP/mut.o) through the validator: an exit status
# over 2 is a crash or a sanitizer report.  1 if it failed.
n=0
check_mutant() {	# description validator-options...
	local what=$1 rc
	shift
	"$VALIDATE" "$@" "$TMP/mut.o" > /dev/null 2> "$TMP/err"
	rc=$?
	n=$((n + 1))
	[ $rc -le 2 ] && return 0
	echo "FAIL $what: exit $rc"
	head -20 "$TMP/err" | sed 's/^/    /'
	fail=$((fail + 1))
	return 1
}

# mutations of every fixture object
for src in "$HERE"/fixtures/*.S; do
	# -I: the hint fixtures include <validate/annotate.h>
	"${CROSS}gcc" -c -march=armv8.5-a+memtag -I"$HERE/../include" -o "$TMP/m.o" "$src" ||
		{ echo "FAIL $(basename "$src"): does not assemble"; exit 1; }
	for seed in 1 2 3 4 5 6 7 8; do
		python3 - "$TMP/m.o" "$TMP/mut.o" "$seed" <<'PY'
import random, sys
data = bytearray(open(sys.argv[1], 'rb').read())
r = random.Random(int(sys.argv[3]) * 7919 + len(data))
for _ in range(r.randint(1, 12)):
    data[r.randrange(len(data))] = r.randrange(256)
open(sys.argv[2], 'wb').write(data)
PY
		check_mutant "mutation $seed of $(basename "$src")" --backtrace ||
			cp "$TMP/mut.o" "$TMP/../crash-$(basename "$src" .S)-$seed.o" 2>/dev/null
	done
done

# .eh_frame: a corrupt FDE is bad input under --check-dwarf (and not read
# without it); random bytes in it must never crash the reader.
"${CROSS}gcc" -O2 -fasynchronous-unwind-tables -c -o "$TMP/cfi.o" "$HERE/fixtures/compiled.c" || exit 1
cat > "$TMP/ehmut.py" <<'PY'
import random, struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
want = (sys.argv[4] if len(sys.argv) > 4 else '.eh_frame').encode() + b'\0'
shoff, = struct.unpack_from('<Q', data, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3a)
names, = struct.unpack_from('<Q', data, shoff + shstrndx * shentsize + 0x18)
for i in range(shnum):
    base = shoff + i * shentsize
    name, = struct.unpack_from('<I', data, base)
    if data[names + name:names + name + len(want)] == want:
        off, size = struct.unpack_from('<QQ', data, base + 0x18)
seed = int(sys.argv[3])
if seed == 0:               # the first FDE's length runs past the end
    struct.pack_into('<I', data, off + 0x14, 0x7ffffff0)
else:
    r = random.Random(seed)
    for _ in range(r.randint(1, 6)):
        data[off + r.randrange(size)] = r.randrange(256)
open(sys.argv[2], 'wb').write(data)
PY
python3 "$TMP/ehmut.py" "$TMP/cfi.o" "$TMP/badcfi.o" 0
expect "corrupt .eh_frame" 2 "badcfi.o: error: validate: .eh_frame+0x14: entry runs past the end of the section" \
	--check-dwarf "$TMP/badcfi.o"
"$VALIDATE" "$TMP/badcfi.o" > /dev/null 2>&1 ||
	{ echo "FAIL .eh_frame read without --check-dwarf"; fail=$((fail + 1)); }
for seed in $(seq 1 60); do
	python3 "$TMP/ehmut.py" "$TMP/cfi.o" "$TMP/mut.o" "$seed"
	check_mutant ".eh_frame mutation $seed" --check-dwarf
done
# landing pads are read without --check-dwarf: their tables too
"${CROSS}gcc" -O2 -fexceptions -c -o "$TMP/lsda.o" "$HERE/fixtures/cleanup.c" || exit 1
for seed in $(seq 1 40); do
	sec=.gcc_except_table
	[ $((seed % 2)) -eq 0 ] && sec=.eh_frame
	python3 "$TMP/ehmut.py" "$TMP/lsda.o" "$TMP/mut.o" "$seed" $sec
	check_mutant "$sec mutation $seed"
done

# .sframe: malformed is bad input under --check-sframe only; random bytes
# in it never crash the reader.  --write-sframe refuses what it cannot
# write, and leaves nothing behind.
"${CROSS}gcc" -O2 -Wa,--gsframe -c -o "$TMP/sf.o" "$HERE/fixtures/compiled.c" || exit 1
python3 "$TMP/ehmut.py" "$TMP/sf.o" "$TMP/badsf.o" 0 .sframe
expect "corrupt .sframe" 2 "badsf.o: error: validate: .sframe+0x8: [0-9]* function descriptors at 0x8000000c run past the end of the section" \
	--check-sframe "$TMP/badsf.o"
"$VALIDATE" "$TMP/badsf.o" > /dev/null 2>&1 ||
	{ echo "FAIL .sframe read without --check-sframe"; fail=$((fail + 1)); }
for seed in $(seq 1 40); do
	python3 "$TMP/ehmut.py" "$TMP/sf.o" "$TMP/mut.o" "$seed" .sframe
	check_mutant ".sframe mutation $seed" --check-sframe
done
"${CROSS}ld" -e 0 --unresolved-symbols=ignore-all -o "$TMP/linked" "$TMP/good.o" || exit 1
"${CROSS}ar" rc "$TMP/lib.a" "$TMP/good.o"
expect "--write-sframe of a linked file" 2 "linked: error: validate: not a relocatable object" \
	--write-sframe="$TMP/out.o" "$TMP/linked"
expect "--write-sframe of an archive" 2 "lib.a: error: validate: --write-sframe writes one object, not an archive" \
	--write-sframe="$TMP/out.o" "$TMP/lib.a"
expect "--write-sframe of two files" 2 "--write-sframe takes one input file" \
	--write-sframe="$TMP/out.o" "$TMP/good.o" "$TMP/sf.o"
expect "--sframe-version=3" 2 "--sframe-version: 1 or 2" \
	--write-sframe="$TMP/out.o" --sframe-version=3 "$TMP/good.o"
expect "--write-sframe over its input" 2 "the output would overwrite the input" \
	--write-sframe="$TMP/good.o" "$TMP/good.o"
expect "--write-sframe into no directory" 2 "good.o: error: validate: .*nodir/out.o" \
	--write-sframe="$TMP/nodir/out.o" "$TMP/good.o"
[ -e "$TMP/out.o" ] && { echo "FAIL --write-sframe left an output after an error"; fail=$((fail + 1)); }

echo "bad input: $n mutations, $fail failed"
[ $fail -eq 0 ]
