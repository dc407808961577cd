#!/bin/bash
# Fetch and cache the real objects the tests run on:
#   fetch.sh modules   Debian's newest linux-image-6.1.0-*-cloud-arm64-unsigned (.ko files)
#   fetch.sh modules612
#                      Debian trixie's newest linux-image-6.12.*+deb13-cloud-arm64-unsigned
#                      (GCC 14; the .ko.xz files decompressed to .ko)
#   fetch.sh libc      glibc's arm64 libc.a (libc6-dev-arm64-cross)
#   fetch.sh gccrt     GCC 12's arm64 runtime libraries: libstdc++, libgcc,
#                      the sanitizers (lib{stdc++,gcc}-12-dev-arm64-cross)
#   fetch.sh kernel    the arm64 defconfig 6.1 build in ../shared/corpus
# Prints the directory holding them.  Cache: $VALIDATE_CACHE, or
# ~/.cache/validate.  Fails with a clear message when it cannot.
set -u
what=${1:?usage: fetch.sh modules|modules612|libc|gccrt|kernel}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${VALIDATE_CACHE:-$HOME/.cache/validate}
mkdir -p "$CACHE"

die() {
	echo "fetch.sh: $*" >&2
	exit 1
}

# apt for arm64 packages, with lists and archives of our own: the system's
# package configuration is left as it is.
arm64_apt() {
	local tool=$1
	shift
	"$tool" -o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
		-o Dir::State::Lists="$CACHE/apt/lists" \
		-o Dir::Cache="$CACHE/apt/cache" -q "$@"
}

modules() {
	local dir=$CACHE/modules pkg tmp
	if [ -f "$dir/.complete" ]; then echo "$dir"; return; fi
	mkdir -p "$CACHE/apt/lists/partial" "$CACHE/apt/cache/archives/partial"
	arm64_apt apt-get update > "$CACHE/apt/update.log" 2>&1 ||
		die "cannot read Debian's arm64 package lists (see $CACHE/apt/update.log)"
	pkg=$(arm64_apt apt-cache search --names-only \
		'^linux-image-6\.1\.0-[0-9]+-cloud-arm64-unsigned$' | cut -d' ' -f1 | sort -V | tail -1)
	[ -n "$pkg" ] || die "no linux-image-6.1.0-*-cloud-arm64-unsigned package in Debian's arm64 lists"
	tmp=$(mktemp -d)
	(cd "$tmp" && arm64_apt apt-get download "$pkg" > download.log 2>&1) ||
		die "cannot download $pkg: $(tail -1 "$tmp/download.log")"
	rm -rf "$dir"
	mkdir -p "$dir"
	dpkg-deb -x "$tmp"/*.deb "$dir" || die "cannot unpack $pkg"
	rm -rf "$tmp"
	echo "$pkg" > "$dir/.complete"
	echo "$dir"
}

# apt for trixie's arm64 packages: a sources list, lists and archives of
# our own under the cache (Dir::Etc::SourceList, an empty SourceParts), so
# neither the system's sources nor the bookworm lists above are touched.
TRIXIE=$CACHE/apt-trixie
trixie_apt() {
	local tool=$1
	shift
	"$tool" -o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
		-o Dir::Etc::SourceList="$TRIXIE/sources.list" \
		-o Dir::Etc::SourceParts="$TRIXIE/sources.list.d" \
		-o Dir::State::Lists="$TRIXIE/lists" \
		-o Dir::Cache="$TRIXIE/cache" -q "$@"
}

modules612() {
	local dir=$CACHE/modules612 pkg tmp key=/usr/share/keyrings/debian-archive-keyring.gpg n
	if [ -f "$dir/.complete" ]; then echo "$dir"; return; fi
	command -v xz > /dev/null || die "xz is not installed (apt-get install xz-utils)"
	mkdir -p "$TRIXIE/lists/partial" "$TRIXIE/cache/archives/partial" "$TRIXIE/sources.list.d"
	cat > "$TRIXIE/sources.list" <<-EOF
		deb [arch=arm64 signed-by=$key] http://deb.debian.org/debian trixie main
		deb [arch=arm64 signed-by=$key] http://deb.debian.org/debian trixie-updates main
		deb [arch=arm64 signed-by=$key] http://deb.debian.org/debian-security trixie-security main
	EOF
	trixie_apt apt-get update > "$TRIXIE/update.log" 2>&1 ||
		die "cannot read Debian trixie's arm64 package lists (see $TRIXIE/update.log)"
	pkg=$(trixie_apt apt-cache search --names-only \
		'^linux-image-6\.12\.[0-9]+\+deb13(\.[0-9]+)?-cloud-arm64-unsigned$' | cut -d' ' -f1 | sort -V | tail -1)
	[ -n "$pkg" ] || die "no linux-image-6.12.*+deb13-cloud-arm64-unsigned package in Debian trixie's arm64 lists"
	tmp=$(mktemp -d)
	(cd "$tmp" && trixie_apt apt-get download "$pkg" > download.log 2>&1) ||
		die "cannot download $pkg: $(tail -1 "$tmp/download.log")"
	rm -rf "$dir"
	mkdir -p "$dir"
	dpkg-deb -x "$tmp"/*.deb "$dir" || die "cannot unpack $pkg"
	rm -rf "$tmp"
	find "$dir" -name '*.ko.xz' -print0 | xargs -0 -r -n 64 -P "$(nproc)" xz -d ||
		die "cannot decompress the modules of $pkg"
	n=$(find "$dir" -name '*.ko' | wc -l)
	[ "$n" -gt 0 ] || die "no .ko in $pkg"
	echo "$pkg" > "$dir/.complete"
	echo "$dir"
}

# Architecture-independent cross packages: plain apt-get download.
cross_pkgs() {	# dir check-file package...
	local dir=$1 check=$2 tmp pkg
	shift 2
	if [ -f "$dir/.complete" ]; then return; fi
	tmp=$(mktemp -d)
	for pkg in "$@"; do
		(cd "$tmp" && apt-get download -q "$pkg" > download.log 2>&1) ||
			die "cannot download $pkg: $(tail -1 "$tmp/download.log")"
	done
	rm -rf "$dir"
	mkdir -p "$dir"
	for pkg in "$tmp"/*.deb; do
		dpkg-deb -x "$pkg" "$dir" || die "cannot unpack $pkg"
	done
	rm -rf "$tmp"
	[ -f "$dir/$check" ] || die "no $check in $*"
	touch "$dir/.complete"
}

libc() {
	cross_pkgs "$CACHE/libc" usr/aarch64-linux-gnu/lib/libc.a libc6-dev-arm64-cross
	echo "$CACHE/libc"
}

gccrt() {
	local lib=usr/lib/gcc-cross/aarch64-linux-gnu/12
	cross_pkgs "$CACHE/gccrt" "$lib/libstdc++.a" \
		libstdc++-12-dev-arm64-cross libgcc-12-dev-arm64-cross
	echo "$CACHE/gccrt/$lib"
}

# ../shared beside the repository; for a clone of a local repository (CI's
# fresh clone, or one in a temporary directory), beside the one it came from.
corpus_tar() {
	local name=corpus/arm64-defconfig-6.1.tar.xz origin dir
	for dir in "${VALIDATE_SHARED:-}" "$ROOT/../shared"; do
		[ -n "$dir" ] && [ -f "$dir/$name" ] && { echo "$dir/$name"; return; }
	done
	origin=$(git -C "$ROOT" config remote.origin.url 2> /dev/null)
	if [ -n "$origin" ] && [ -d "$origin" ] && [ -f "$origin/../shared/$name" ]; then
		echo "$origin/../shared/$name"
		return
	fi
	echo "$ROOT/../shared/$name"
}

kernel() {
	local dir=$CACHE/kernel tar
	tar=$(corpus_tar)
	if [ -f "$dir/.complete" ]; then echo "$dir/arm64-objs"; return; fi
	[ -f "$tar" ] || die "no kernel corpus at $tar (set VALIDATE_SHARED to the directory holding corpus/)"
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -C "$dir" -xJf "$tar" || die "cannot unpack $tar"
	touch "$dir/.complete"
	echo "$dir/arm64-objs"
}

case $what in
modules|modules612|libc|gccrt|kernel) $what ;;
*) die "unknown corpus '$what'" ;;
esac
