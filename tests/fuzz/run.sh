#!/bin/bash
# Replay the regression corpus, then fuzz for SECONDS.  A crash, a
# sanitizer report, a leak or an input that takes over 20 seconds fails,
# with the input left in build/fuzz/ (copy it into tests/fuzz/regressions/
# once fixed: README.md).
#   run.sh FUZZER SECONDS
set -u
FUZZER=$(realpath "${1:?usage: run.sh FUZZER SECONDS}")
SECONDS_=${2:?}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(dirname "$FUZZER")
mkdir -p "$OUT/corpus" || exit 1
opts=(-max_len=65536 -timeout=20 -rss_limit_mb=4096 -close_fd_mask=2
      "-dict=$HERE/elf.dict" "-artifact_prefix=$OUT/")
mapfile -t regressions < <(find "$HERE/regressions" -type f ! -name '.*' | sort)
if [ ${#regressions[@]} -gt 0 ]; then
	"$FUZZER" "${opts[@]}" "${regressions[@]}" > "$OUT/replay.log" 2>&1 ||
		{ echo "fuzz: a regression input fails again:"; tail -30 "$OUT/replay.log"; exit 1; }
	echo "fuzz: ${#regressions[@]} regression inputs replayed"
fi
"$FUZZER" "${opts[@]}" -max_total_time="$SECONDS_" -print_final_stats=1 \
	"$OUT/corpus" "$OUT/seeds" > "$OUT/fuzz.log" 2>&1
rc=$?
grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$OUT/fuzz.log" | tail -2 | sed 's/^/fuzz: /'
if [ $rc -ne 0 ]; then
	echo "fuzz: the fuzzer failed (exit $rc); its input is in $OUT:"
	grep -E 'ERROR|SUMMARY|Test unit written|timeout' "$OUT/fuzz.log" | head -10 | sed 's/^/    /'
	exit 1
fi
