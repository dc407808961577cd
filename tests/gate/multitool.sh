# Microsoft's SARIF Multitool, which tests/run-gate.sh validates SARIF
# files with: from npm, pinned, into the cache (not installed globally).
# Sourced by tests/setup.sh and tests/run-gate.sh.
# shellcheck shell=bash
MULTITOOL_VERSION=5.7.0
MULTITOOL_DIR=${VALIDATE_CACHE:-$HOME/.cache/validate}/sarif-multitool-$MULTITOOL_VERSION
# the native program the npm package's launcher would run through a shell
MULTITOOL=$MULTITOOL_DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

# Installs it unless it is there; the linux package pinned as well, or npm
# would take the newest one the launcher's range allows.
install_multitool() {
	[ -x "$MULTITOOL" ] && return 0
	command -v npm > /dev/null || { echo "multitool: npm is not installed (tests/setup.sh)" >&2; return 1; }
	mkdir -p "$MULTITOOL_DIR" &&
	npm install --prefix "$MULTITOOL_DIR" --no-save --no-audit --no-fund \
		--loglevel=error "@microsoft/sarif-multitool@$MULTITOOL_VERSION" \
		"@microsoft/sarif-multitool-linux@$MULTITOOL_VERSION" > "$MULTITOOL_DIR/npm.log" 2>&1 ||
		{ echo "multitool: npm install failed (see $MULTITOOL_DIR/npm.log)" >&2; return 1; }
	# its postinstall script does this, and npm may not run it
	chmod u+x "$MULTITOOL"
}
