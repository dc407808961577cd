# SFrame tests, sourced by tests/run-fixtures.sh (which sets VALIDATE,
# TMP, CROSS and counts pass and fail): what GNU as writes, checked
# against the walk; what --write-sframe writes, read back by the
# validator's reader and by GNU's.  The shell runs the tools and writes a
# manifest; sframe_judge has tests/sframe/check.py judge it all in one
# process.  Documentation/sframe.md says why each test is what it is.
# shellcheck shell=bash
SFRAME_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GASDIFF=${GASDIFF:-$SFRAME_DIR/../../build/plain/gasdiff}
SFRAME_OUT=$TMP/sframe
SFRAME_N=0
mkdir -p "$SFRAME_OUT"
: > "$SFRAME_OUT/manifest"

sframe_fail() {	# what, then the lines of a file, indented
	echo "FAIL $1"
	[ -n "${2:-}" ] && sed 's/^/    /' "$2"
	fail=$((fail + 1))
}

# A compiled object assembled by GNU as with --gsframe, whose DWARF CFI
# --check-dwarf finds right: findings only where GNU as's .sframe parts
# from its own .eh_frame of the same directives (gasdiff) are GNU as's.
sframe_gas_check() {	# name obj options...
	local name=$1 obj=$2 d
	shift 2
	[ -x "$GASDIFF" ] || { sframe_fail "$GASDIFF is not built (make $GASDIFF)"; return; }
	SFRAME_N=$((SFRAME_N + 1))
	d=$SFRAME_OUT/$SFRAME_N
	"$VALIDATE" --format=json --check-dwarf --check-sframe "$@" "$obj" > "$d.json" 2> "$d.err"
	if [ $? -gt 1 ] || ! "$GASDIFF" "$obj" > "$d.gasdiff" 2>> "$d.err"; then
		sframe_fail "$name: --check-sframe" "$d.err"
		return
	fi
	printf 'gas\t%s\t%s\t%s\n' "$name" "$d.json" "$d.gasdiff" >> "$SFRAME_OUT/manifest"
}

# --write-sframe, in versions 2 and 1: the copy read back by the
# validator (and version 1 by GNU's objdump 2.40), judged by check.py.
sframe_round_trip() {	# name obj options...
	local name=$1 obj=$2 v d rc
	shift 2
	SFRAME_N=$((SFRAME_N + 1))
	d=$SFRAME_OUT/$SFRAME_N
	"$VALIDATE" --format=json --dump-cfi --check-dwarf "$@" "$obj" > "$d.dump" 2> /dev/null
	for v in 2 1; do
		rm -f "$d.v$v.o"
		"$VALIDATE" "$@" --write-sframe="$d.v$v.o" --sframe-version=$v "$obj" \
			> /dev/null 2> "$d.v$v.left"
		rc=$?
		if [ $rc -gt 1 ] || [ ! -f "$d.v$v.o" ]; then
			sframe_fail "$name: --write-sframe --sframe-version=$v" "$d.v$v.left"
			continue
		fi
		"$VALIDATE" --format=json --check-dwarf --check-sframe "$@" "$d.v$v.o" \
			> "$d.v$v.json" 2> "$d.v$v.err"
		if [ $? -gt 1 ]; then
			sframe_fail "$name: reading back --sframe-version=$v" "$d.v$v.err"
			continue
		fi
		if [ $v = 1 ]; then
			printf 'rt\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name v1" "$d.dump" "$d.v1.json" \
				"$d.v1.left" "${CROSS}objdump" "$d.v1.o" >> "$SFRAME_OUT/manifest"
		else
			printf 'rt\t%s\t%s\t%s\t%s\n' "$name v2" "$d.dump" "$d.v2.json" \
				"$d.v2.left" >> "$SFRAME_OUT/manifest"
		fi
	done
}

# Judge the manifest: adds to pass and fail.
sframe_judge() {
	local p f
	python3 "$SFRAME_DIR/check.py" "$SFRAME_OUT/manifest" > "$SFRAME_OUT/verdict"
	grep -v '^PASS ' "$SFRAME_OUT/verdict"
	read -r _ p _ f < <(grep '^PASS ' "$SFRAME_OUT/verdict")
	[ -n "${p:-}" ] || { sframe_fail "tests/sframe/check.py did not finish"; return; }
	pass=$((pass + p))
	fail=$((fail + f))
}

# A byte of GNU as's .sframe changed on purpose: framed's second row
# (sframe-mismatch-good.S) gets a CFA 16 bytes off, and the finding must
# be at that row's first instruction, framed+0x4.
sframe_byte_test() {	# fixtures-dir
	"${CROSS}gcc" -c -Wa,--gsframe -o "$TMP/sfb.o" "$1/sframe-mismatch-good.S" &&
	python3 - "$TMP/sfb.o" > "$TMP/sfb.want" <<'PY'
import struct, sys
f = sys.argv[1]
d = bytearray(open(f, "rb").read())
shoff, = struct.unpack_from("<Q", d, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)
names, = struct.unpack_from("<Q", d, shoff + shstrndx * shentsize + 0x18)
for i in range(shnum):
    base = shoff + i * shentsize
    name, = struct.unpack_from("<I", d, base)
    if d[names + name:names + name + 8] == b".sframe\0":
        sf, = struct.unpack_from("<Q", d, base + 0x18)
hdr = sf + 28 + d[sf + 7]
fdeoff, freoff = struct.unpack_from("<II", d, sf + 20)
fde = hdr + fdeoff                      # the first function: framed
rows_rel, = struct.unpack_from("<I", d, fde + 8)
asize = 1 << (d[fde + 16] & 0xf)
p = hdr + freoff + rows_rel
info = d[p + asize]
p += asize + 1 + ((info >> 1) & 0xf) * (1 << ((info >> 5) & 3))
start = int.from_bytes(d[p:p + asize], "little")
assert (d[p + asize] >> 5) & 3 == 0     # one-byte offsets: CFA first
d[p + asize + 1] += 16
open(f, "wb").write(d)
print("sframe-mismatch framed+0x%x" % start)
PY
	if [ "$(cat "$TMP/sfb.want")" != "sframe-mismatch framed+0x4" ]; then
		sframe_fail "changing a byte of .sframe: changed '$(cat "$TMP/sfb.want")'"
		return
	fi
	check_one "sframe-mismatch-good.S, a byte changed" "$TMP/sfb.o" "$TMP/sfb.want" \
		--check-sframe --no-frame-pointer
}
