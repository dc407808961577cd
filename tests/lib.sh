# Sourced by the test scripts: sanitizer settings under which a report
# fails the test instead of passing as exit status 1, and a scratch
# directory removed on exit.
# shellcheck shell=bash
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:exitcode=99:print_stacktrace=1}
CROSS=${CROSS:-aarch64-linux-gnu-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck disable=SC2034 # counted by the scripts that source this
fail=0
