#!/bin/bash
# SFrame version 2 from --write-sframe through GNU's reader.  Bookworm's
# objdump (binutils 2.40) reads version 1 only, which make check covers;
# version 2 needs a newer one: binutils 2.44 from Debian trixie, unpacked
# into a private root under the cache (~25 MB of packages, fetched once)
# and run through trixie's own loader, never installed.  Then, as in
# tests/sframe/lib.sh: the compiled fixtures and the kernel build's
# hand-written assembly, each written in version 2 and read by objdump
# 2.44, row by row against the walk (tests/sframe/check.py gnu).
# sframe-gnu-v2.sh [VALIDATE]
set -u
VALIDATE=$(realpath "${1:-tools/validate/validate}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${VALIDATE_CACHE:-$HOME/.cache/validate}
# shellcheck source=tests/lib.sh
. "$ROOT/tests/lib.sh"
BU=$CACHE/binutils-trixie
PKGS="binutils-aarch64-linux-gnu libbinutils libctf0 libctf-nobfd0 libsframe1
	libgprofng0 libjansson4 libzstd1 zlib1g libc6"

die() {
	echo "sframe-gnu-v2.sh: $*" >&2
	exit 1
}

trixie_amd64() {	# apt-get ARGS: trixie's amd64 lists, all of our own
	apt-get -o APT::Architecture=amd64 -o APT::Architectures::=amd64 \
		-o Dir::Etc::SourceList="$BU/sources.list" \
		-o Dir::Etc::SourceParts="$BU/sources.list.d" \
		-o Dir::State::Lists="$BU/lists" -o Dir::Cache="$BU/cache" -q "$@"
}

fetch_binutils() {
	local key=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -f "$BU/.complete" ] && return
	rm -rf "$BU"
	mkdir -p "$BU/lists/partial" "$BU/cache/archives/partial" \
		"$BU/sources.list.d" "$BU/debs" "$BU/root"
	echo "deb [arch=amd64 signed-by=$key] http://deb.debian.org/debian trixie main" > "$BU/sources.list"
	trixie_amd64 update > "$BU/update.log" 2>&1 ||
		die "cannot read Debian trixie's amd64 lists (see $BU/update.log)"
	# shellcheck disable=SC2086
	(cd "$BU/debs" && trixie_amd64 download $PKGS > download.log 2>&1) ||
		die "cannot download $PKGS: $(tail -1 "$BU/debs/download.log")"
	for deb in "$BU"/debs/*.deb; do
		dpkg-deb -x "$deb" "$BU/root" || die "cannot unpack $deb"
	done
	touch "$BU/.complete"
}

fetch_binutils
lib=$BU/root/usr/lib/x86_64-linux-gnu
cat > "$TMP/objdump" <<EOF
#!/bin/sh
exec $lib/ld-linux-x86-64.so.2 --library-path $lib:$lib/aarch64-linux-gnu $BU/root/usr/bin/aarch64-linux-gnu-objdump "\$@"
EOF
chmod +x "$TMP/objdump"
"$TMP/objdump" --version | head -1

n=0 bad=0
gnu_v2() {	# obj options...
	local obj=$1 d
	shift
	n=$((n + 1))
	d=$TMP/$n
	"$VALIDATE" --format=json --dump-cfi "$@" "$obj" > "$d.dump" 2> /dev/null
	"$VALIDATE" "$@" --write-sframe="$d.o" "$obj" > /dev/null 2> "$d.left"
	python3 "$ROOT/tests/sframe/check.py" gnu "$TMP/objdump" "$d.o" "$d.dump" "$d.left" > "$d.out" ||
		{ bad=$((bad + 1)); echo "FAIL $obj: $(cat "$d.out")"; }
	rm -f "$d.o" "$d.dump"
}

mapfile -t configs < <(compiled_configs)
for src in "$ROOT"/tests/fixtures/*.c; do
	for config in "${configs[@]}"; do
		case $config in *shadow-call-stack*) config="$config -fno-exceptions" ;; esac
		# shellcheck disable=SC2086
		aarch64-linux-gnu-gcc $config -fasynchronous-unwind-tables -c -o "$TMP/c.o" "$src" || continue
		# shellcheck disable=SC2046
		gnu_v2 "$TMP/c.o" $(frame_pointer_option "$config")
	done
done
echo "compiled fixtures: $n objects"
kdir=$("$ROOT/tests/real/fetch.sh" kernel) || exit 1
cd "$kdir" || exit 1
while read -r f; do
	"${CROSS}readelf" -SW "$f" | grep -q '\.comment' || gnu_v2 "$f"
done < <(find . -name '*.o' ! -name 'vmlinux*.o' ! -name '.tmp_*' | sed 's|^\./||' | sort)
echo "objdump 2.44 read version 2 of $n objects: $bad disagree with the walk"
[ $bad -eq 0 ]
