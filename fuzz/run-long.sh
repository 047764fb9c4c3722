#!/usr/bin/env bash
# The long fuzz run behind issue 12's CPU-hour: every target in turn, one
# process at a time (one core), each for SLICE seconds, round after round
# until BUDGET seconds of fuzzing are spent. Binaries come from BIN (copied
# there after each build, so a rebuild never swaps a running file); crashes
# and slow inputs land in artifacts/<target>/, logs in LOGS.
#
# usage: fuzz/run-long.sh BIN LOGS [BUDGET] [SLICE]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 logs=$2 budget=${3:-3900} slice=${4:-540}
mkdir -p "$logs"
spent=0 round=0
targets=(document post_rules corpus_rules config rule_file front_matter stdin)
while [ "$spent" -lt "$budget" ]; do
  round=$((round + 1))
  for t in "${targets[@]}"; do
    [ "$spent" -ge "$budget" ] && break
    left=$((budget - spent)); [ "$left" -gt "$slice" ] && left=$slice
    mkdir -p "$here/artifacts/$t"
    cp "$bin/$t" "$logs/$t.bin"
    start=$(date +%s)
    nice -n 10 "$logs/$t.bin" "$here/corpus/$t" -dict="$here/markdown.dict" \
      -max_total_time="$left" -timeout=20 -rss_limit_mb=4096 -max_len=32768 \
      -print_final_stats=1 -artifact_prefix="$here/artifacts/$t/" \
      > "$logs/$t.round$round.log" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    spent=$((spent + took))
    echo "$(date -u +%H:%M:%S) round $round $t rc=$rc ${took}s total=${spent}s $(grep -E '^#[0-9]+' "$logs/$t.round$round.log" | tail -1)" >> "$logs/summary.txt"
  done
done
echo "$(date -u +%H:%M:%S) done: ${spent}s" >> "$logs/summary.txt"
