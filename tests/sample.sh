#!/bin/bash
# Builds the sample objects from tests/sample/ and runs the validator on
# them, with the path to each finding.
set -u
VALIDATE=${1:-tools/validate/validate}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/../build/sample
mkdir -p "$OUT"
aarch64-linux-gnu-gcc -O2 -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-c -o "$OUT/frames.o" "$HERE/sample/frames.c" || exit 2
aarch64-linux-gnu-gcc -c -o "$OUT/entry.o" "$HERE/sample/entry.S" || exit 2
echo "validate --backtrace build/sample/frames.o build/sample/entry.o"
"$VALIDATE" --backtrace "$OUT/frames.o" "$OUT/entry.o"
rc=$?
echo "exit status $rc (0 no findings, 1 findings, 2 input error)"
[ $rc -le 1 ]
