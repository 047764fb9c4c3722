#!/usr/bin/env bash
# The long fuzz run behind issue 12's CPU-hour: every target in turn, one
# process at a time (one core), each for SLICE seconds, round after round
# until BUDGET seconds of CPU time (user + system, measured per slice) are
# spent. Binaries come from BIN (copied there after each build, so a rebuild
# never swaps a running file); crashes and slow inputs land in
# artifacts/<target>/, logs and the per-slice CPU account in LOGS.
#
# usage: fuzz/run-long.sh BIN LOGS [BUDGET] [SLICE] [TARGET...]
# NICE (default 10) is the fuzzer's niceness.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 logs=$2 budget=${3:-3600} slice=${4:-540}
shift $(( $# < 4 ? $# : 4 ))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(document post_rules corpus_rules config rule_file front_matter stdin)
fi
mkdir -p "$logs"
spent=0 round=0
while python3 -c "import sys; sys.exit(0 if $spent < $budget else 1)"; do
  round=$((round + 1))
  for t in "${targets[@]}"; do
    python3 -c "import sys; sys.exit(0 if $spent < $budget else 1)" || break
    mkdir -p "$here/artifacts/$t"
    cp "$bin/$t" "$logs/$t.bin"
    log="$logs/$t.round$round.log"
    /usr/bin/time -f '%U %S' -o "$logs/$t.round$round.cpu" \
      nice -n "${NICE:-10}" "$logs/$t.bin" "$here/corpus/$t" -dict="$here/markdown.dict" \
      -max_total_time="$slice" -timeout=20 -rss_limit_mb=4096 -max_len=32768 -detect_leaks=0 \
      -print_final_stats=1 -artifact_prefix="$here/artifacts/$t/" > "$log" 2>&1
    rc=$?
    cpu=$(tail -1 "$logs/$t.round$round.cpu" | awk '{printf "%.0f", $1 + $2}')
    spent=$((spent + cpu))
    echo "$(date -u +%H:%M:%S) round $round $t rc=$rc cpu=${cpu}s total_cpu=${spent}s $(grep -E '^#[0-9]+' "$log" | tail -1)" >> "$logs/summary.txt"
  done
done
echo "$(date -u +%H:%M:%S) done: ${spent}s CPU" >> "$logs/summary.txt"
