#!/bin/bash
# The Linux 6.1 source of Debian's linux-source-6.1 package (installed by
# tests/setup.sh), unpacked once into the cache and reused: prints the
# directory holding it and the package version, tab-separated.
# Cache: $VALIDATE_CACHE/kbuild/VERSION, or ~/.cache/validate/kbuild/VERSION;
# unpacking a new version removes the other versions' directories.
# The caller holds the lock ($CACHE/kbuild/lock) if it builds in the cache.
set -u
CACHE=${VALIDATE_CACHE:-$HOME/.cache/validate}
TARBALL=/usr/src/linux-source-6.1.tar.xz

die() {
	echo "tree.sh: $*" >&2
	exit 1
}

[ -f "$TARBALL" ] || die "no $TARBALL: install linux-source-6.1 (bash tests/setup.sh)"
VER=$(dpkg-query -W -f='${Version}' linux-source-6.1 2> /dev/null)
[ -n "$VER" ] || VER=$(stat -c %s-%Y "$TARBALL")
KB=$CACHE/kbuild
SRC=$KB/$VER/linux-source-6.1
if [ ! -f "$KB/$VER/.source-complete" ]; then
	mkdir -p "$KB/$VER" || die "cannot create $KB/$VER"
	echo "tree.sh: unpacking $TARBALL ($VER) into $KB/$VER" >&2
	find "$KB" -mindepth 1 -maxdepth 1 -type d ! -name "$VER" -exec rm -rf {} +
	rm -rf "$SRC"
	tar -C "$KB/$VER" -xf "$TARBALL" || die "cannot unpack $TARBALL"
	[ -f "$SRC/Makefile" ] || die "no linux-source-6.1/Makefile in $TARBALL"
	touch "$KB/$VER/.source-complete"
fi
printf '%s\t%s\n' "$SRC" "$VER"
