#!/bin/bash
# The fuzzer's seed corpus: the fixtures assembled and compiled (with
# .eh_frame, .sframe, hints, landing pads, an archive of two), and the smallest objects of
# the real corpora when they are in the download cache.
#   seeds.sh DIR
set -u
DIR=${1:?usage: seeds.sh DIR}
HERE=$(cd "$(dirname "$0")/.." && pwd)
CROSS=${CROSS:-aarch64-linux-gnu-}
CACHE=${VALIDATE_CACHE:-$HOME/.cache/validate}
rm -rf "$DIR"
mkdir -p "$DIR" || exit 1
for src in "$HERE"/fixtures/*.S; do
	"${CROSS}gcc" -c -march=armv8.5-a+memtag -I "$HERE/../include" -o "$DIR/$(basename "$src" .S).o" "$src" 2> /dev/null
done
"${CROSS}gcc" -O2 -fasynchronous-unwind-tables -c -o "$DIR/compiled-O2.o" "$HERE/fixtures/compiled.c" &&
"${CROSS}gcc" -O0 -g -c -o "$DIR/compiled-O0-g.o" "$HERE/fixtures/compiled.c" &&
"${CROSS}gcc" -O2 -fexceptions -c -o "$DIR/cleanup.o" "$HERE/fixtures/cleanup.c" &&
"${CROSS}gcc" -O2 -Wa,--gsframe -c -o "$DIR/compiled-sframe.o" "$HERE/fixtures/compiled.c" || exit 1
"${CROSS}ar" rc "$DIR/two.a" "$DIR/compiled-O2.o" "$DIR/cleanup.o" || exit 1
# a few small real objects, if the corpora were fetched (tests/real/fetch.sh)
if [ -d "$CACHE/kernel/arm64-objs/arch/arm64" ]; then
	find "$CACHE/kernel/arm64-objs/arch/arm64" -name '*.o' -size -24k -size +2k |
		sort | head -24 | while read -r o; do
			cp "$o" "$DIR/kernel-$(echo "${o#"$CACHE"/kernel/arm64-objs/}" | tr / -)"
		done
fi
if [ -d "$CACHE/modules" ]; then
	find "$CACHE/modules" -name '*.ko' -size -40k | sort | head -8 |
		while read -r o; do cp "$o" "$DIR/"; done
fi
echo "seeds: $(find "$DIR" -type f | wc -l) in $DIR"
