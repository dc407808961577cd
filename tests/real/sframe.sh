#!/bin/bash
# --write-sframe on the arm64 defconfig 6.1 kernel build (../shared/corpus,
# tests/real/fetch.sh kernel):
#  - its hand-written assembly (the objects GNU as made from .S files, no
#    .comment section, no .cfi_* directives): every function the walk went
#    through without a finding gets rows; the copy, in versions 2 and 1,
#    reads back through the validator with no sframe-mismatch, and version
#    1 through GNU's objdump 2.40 row by row against the walk; with the
#    plain and the sanitizer build;
#  - vmlinux.o, whose C code carries GCC's .debug_frame: the copy reads
#    back with no sframe-mismatch and the same DWARF findings as before, so
#    that at every instruction both say what the walk says.
# sframe.sh VALIDATE SAN_VALIDATE
set -u
VALIDATE=$(realpath "${1:?usage: sframe.sh VALIDATE SAN_VALIDATE}")
SAN=$(realpath "${2:?}")
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
pass=0
# shellcheck source=tests/sframe/lib.sh
. "$HERE/../sframe/lib.sh"

kdir=$("$HERE/fetch.sh" kernel) || exit 1
cd "$kdir" || exit 1
mapfile -t asm < <(find . -name '*.o' ! -name 'vmlinux*.o' ! -name '.tmp_*' | sed 's|^\./||' | sort |
	while read -r f; do "${CROSS}readelf" -SW "$f" | grep -q '\.comment' || echo "$f"; done)
echo "kernel: ${#asm[@]} objects of hand-written assembly"
for bin in "$VALIDATE" "$SAN"; do
	for f in "${asm[@]}"; do
		VALIDATE=$bin sframe_round_trip "$f ($(basename "$bin"))" "$f"
	done
done
# what was left out, and why: only functions with findings of the walk
cat "$SFRAME_OUT"/*.v1.left | sed -n 's/.*: no SFrame rows: //p' |
	sed 's/^[0-9]* findings\{0,1\} of the walk.*/findings of the walk/' | sort | uniq -c > "$TMP/why"
grep -v 'findings of the walk' "$TMP/why" > "$TMP/other" &&
	sframe_fail "kernel: functions left out for another reason than a finding" "$TMP/other"
rows=$(grep -h -c '"offset":' "$SFRAME_OUT"/*.dump | paste -sd+ | bc)
echo "kernel assembly: $(sed 's/^ *//' "$TMP/why" | paste -sd, -) left out; $rows instructions walked"

# vmlinux.o: GCC's DWARF and the written SFrame, both against the walk
if [ -f vmlinux.o ]; then
	d=$SFRAME_OUT/vmlinux
	"$VALIDATE" --format=json --check-dwarf vmlinux.o > "$d.in.json" 2> /dev/null
	"$VALIDATE" --write-sframe="$d.o" vmlinux.o > /dev/null 2> "$d.left"
	"$VALIDATE" --format=json --stats --check-dwarf --check-sframe "$d.o" > "$d.json" 2> "$d.stats"
	if [ $? -gt 1 ]; then
		sframe_fail "vmlinux.o: reading back" "$d.stats"
	else
		printf 'rt\t%s\t%s\t%s\t%s\n' "vmlinux.o --write-sframe" "$d.in.json" "$d.json" \
			"$d.left" >> "$SFRAME_OUT/manifest"
		sed -n 's/.*\(functions [0-9]*\),.*\(dwarf: .*\)/vmlinux.o: \1; \2/p' "$d.stats"
	fi
	rm -f "$d.o"
fi
sframe_judge
echo "sframe: $pass passed, $fail failed"
[ $fail -eq 0 ]
