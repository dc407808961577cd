#!/bin/bash
# The validator against objdump -d over Debian's 992 arm64 cloud modules
# (fetched and cached by tests/real/fetch.sh), and on one small module;
# then over vmlinux.o of the shared kernel corpus, when there is one (three
# rounds: objdump takes half a minute a round there).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
VALIDATE=$(realpath "${1:-$HERE/../tools/validate/validate}")
mods=$("$HERE/../tests/real/fetch.sh" modules) || exit 1
mapfile -t kos < <(find "$mods" -name '*.ko' | sort)
small=$(find "$mods" -name 'vsock_loopback.ko' | head -1)
python3 "$HERE/speed.py" "$VALIDATE" --small "$small" "${kos[@]}" || exit 1
if kdir=$("$HERE/../tests/real/fetch.sh" kernel 2> /dev/null) &&
   [ -f "$kdir/vmlinux.o" ]; then
	python3 "$HERE/speed.py" "$VALIDATE" --rounds 3 "$kdir/vmlinux.o"
else
	echo "no shared kernel corpus: vmlinux.o skipped"
fi
