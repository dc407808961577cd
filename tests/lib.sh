# Sourced by the test scripts: sanitizer settings under which a report
# fails the test instead of passing as exit status 1, and a scratch
# directory removed on exit.
# shellcheck shell=bash
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=99:suppressions=$(dirname "${BASH_SOURCE[0]}")/tsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:exitcode=99:print_stacktrace=1}
CROSS=${CROSS:-aarch64-linux-gnu-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck disable=SC2034 # counted by the scripts that source this
fail=0

# The builds compiled C is checked in (tests/run-fixtures.sh and
# bench/dwarf-agreement.sh): -O0/-O2/-Os, with and without frame pointers
# and branch protection, then what kernel configurations add to -O2.
compiled_configs() {
	local level fp bp
	for level in -O0 -O2 -Os; do
		for fp in "" -fno-omit-frame-pointer; do
			for bp in "" -mbranch-protection=standard; do
				echo "$level $fp $bp"
			done
		done
	done
	echo "-O2 -ffixed-x18 -fsanitize=shadow-call-stack"
	echo "-O2 -fno-omit-frame-pointer -fpatchable-function-entry=4,2"
	echo "-O2 -fstack-protector-strong"
	# as Linux 6.1 builds (pac-ret+leaf, ftrace's =2), BTI with ftrace's
	# call ops (6.4 on) and x29 kept in leaves, the shadow call stack
	# beside pac-ret
	echo "-O2 -fno-omit-frame-pointer -mbranch-protection=pac-ret+leaf -fpatchable-function-entry=2"
	echo "-O2 -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -mbranch-protection=bti -fpatchable-function-entry=4,2"
	echo "-O2 -fno-omit-frame-pointer -ffixed-x18 -fsanitize=shadow-call-stack -mbranch-protection=pac-ret"
}

# --no-frame-pointer unless the build keeps frame records
frame_pointer_option() {	# config
	case $1 in *-fno-omit-frame-pointer*|-O0*) ;; *) echo --no-frame-pointer ;; esac
}
