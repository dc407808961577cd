#!/bin/bash
# Installs what building and testing need on Debian bookworm, then builds.
# Uses sudo when not run as root.
set -e
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
PACKAGES="make gcc pkg-config python3 xz-utils libelf-dev libcapstone-dev check
	binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	clang-19 libclang-rt-19-dev
	ccache linux-source-6.1 flex bison bc libssl-dev libdw-dev"
missing=
# npm, for the SARIF Multitool (tests/gate/multitool.sh); Debian's npm
# package unless some other node already brings one
command -v npm > /dev/null || missing=" npm"
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	$SUDO apt-get update -q
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi
# shellcheck source=tests/gate/multitool.sh
. "$(dirname "$0")/gate/multitool.sh"
install_multitool
make -C "$(dirname "$0")/.." -j"$(nproc)"
