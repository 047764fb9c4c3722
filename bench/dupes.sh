#!/usr/bin/env bash
# Measures duplicate-paragraph with the shared measurement kit: precision and
# recall on generated corpora, then speed and memory of a full check.
#
# Usage: bench/dupes.sh [score|speed|all]    (default: all)
#
#   score  generates corpora of $SCORE_SIZES posts (default "2000 20000",
#          seeds 1, 2, ...) under $WORK, runs `postlint check --format json`
#          on each and scores it with score_dupes.py (precision, recall, recall
#          per kind of edit, oracle recall).
#   speed  runs the kit's bench.sh on $SPEED_SIZES posts (default
#          "10000 50000 100000"): median wall time and peak RSS of a full check
#          with every rule, $RUNS runs each (default 3).
#
# Environment: KIT (the kit, default ../shared/bench beside the repository),
# WORK (default ${TMPDIR:-/tmp}/postlint-dupes), SCORE_SIZES, SPEED_SIZES, RUNS.
# Builds the release binary first. The 100,000-post corpus takes 1-2 minutes
# to generate and about 1.3 GB of disk; it is generated once and reused.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KIT=${KIT:-$ROOT/../shared/bench}
WORK=${WORK:-${TMPDIR:-/tmp}/postlint-dupes}
SCORE_SIZES=${SCORE_SIZES:-2000 20000}
SPEED_SIZES=${SPEED_SIZES:-10000 50000 100000}
what=${1:-all}

case $what in
  score | speed | all) ;;
  -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: bench/dupes.sh [score|speed|all]" >&2; exit 2 ;;
esac
[[ -f $KIT/gen_corpus.py ]] || { echo "error: measurement kit not found at $KIT (set KIT)" >&2; exit 2; }

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
BIN=$ROOT/target/release/postlint
mkdir -p "$WORK"

if [[ $what == score || $what == all ]]; then
  seed=0
  for n in $SCORE_SIZES; do
    seed=$((seed + 1))
    dir=$WORK/posts-$n-seed$seed
    [[ -f $dir/corpus.json ]] || python3 "$KIT/gen_corpus.py" --posts "$n" --seed "$seed" --out "$dir" --force
    # Exit status 1 only means findings were reported.
    (cd "$dir" && "$BIN" check --format json posts > out.json) || [[ $? -eq 1 ]]
    echo "== $n posts (seed $seed)"
    python3 "$KIT/score_dupes.py" "$dir" "$dir/out.json" --root "$dir"
    echo
  done
fi

if [[ $what == speed || $what == all ]]; then
  # shellcheck disable=SC2086 # sizes are words
  RUNS=${RUNS:-3} "$KIT/bench.sh" "$BIN" $SPEED_SIZES
fi
