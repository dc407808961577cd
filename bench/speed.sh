#!/bin/bash
# The validator against objdump -d over Debian's 992 arm64 cloud modules
# (fetched and cached by tests/real/fetch.sh), and on one small module.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
VALIDATE=$(realpath "${1:-$HERE/../tools/validate/validate}")
mods=$("$HERE/../tests/real/fetch.sh" modules) || exit 1
mapfile -t kos < <(find "$mods" -name '*.ko' | sort)
small=$(find "$mods" -name 'vsock_loopback.ko' | head -1)
exec python3 "$HERE/speed.py" "$VALIDATE" --small "$small" "${kos[@]}"
