#!/usr/bin/env bash
# Measures duplicate-paragraph with the shared measurement kit: precision and
# recall on generated corpora, then speed and memory of a full check.
#
# Usage: bench/dupes.sh [score|speed|peer|versus|all]    (default: all)
#
#   score  generates corpora of $SCORE_SIZES posts (default "2000 20000",
#          seeds 1, 2, ...) under $WORK, runs `postlint check --format json`
#          on each and scores it with score_dupes.py (precision, recall, recall
#          per kind of edit, oracle recall).
#   speed  runs the kit's bench.sh on $SPEED_SIZES posts (default
#          "10000 50000 100000"): median wall time and peak RSS of a full check
#          with every rule, $RUNS runs each (default 3).
#   peer   a full `check --format json` on $PEER_CORPUS (default the
#          powershell-docs corpus beside the repository) and `rumdl check
#          --no-cache` on the same folder, interleaved, $RUNS runs each (default
#          5): median wall seconds of each and their ratio. rumdl comes from
#          `pip install rumdl`; its version is printed.
#   versus full checks of the generated corpora of $SPEED_SIZES posts by this
#          build and by $BASE_BIN (another build, e.g. main's), interleaved,
#          $RUNS runs each: medians and their ratio. Run `speed` once first so
#          the corpora exist.
#
# Noise: the machine may be shared, so runs are interleaved and medians taken.
#
# Environment: KIT (the kit, default ../shared/bench beside the repository),
# WORK (default ${TMPDIR:-/tmp}/postlint-dupes), SCORE_SIZES, SPEED_SIZES, RUNS,
# PEER_CORPUS, BASE_BIN.
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
  score | speed | peer | versus | all) ;;
  -h | --help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: bench/dupes.sh [score|speed|peer|versus|all]" >&2; exit 2 ;;
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
    (cd "$dir" && "$BIN" check --no-cache --format json posts > out.json) || [[ $? -eq 1 ]]
    echo "== $n posts (seed $seed)"
    python3 "$KIT/score_dupes.py" "$dir" "$dir/out.json" --root "$dir"
    echo
  done
fi

if [[ $what == speed || $what == all ]]; then
  # shellcheck disable=SC2086 # sizes are words
  RUNS=${RUNS:-3} "$KIT/bench.sh" "$BIN" $SPEED_SIZES
fi

# Median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Wall seconds of one command, its output discarded (exit 1 is findings).
wall() { /usr/bin/time -f '%e' "$@" > /dev/null 2> "$WORK/time.err" || true; tail -n 1 "$WORK/time.err"; }

if [[ $what == peer || $what == all ]]; then
  corpus=${PEER_CORPUS:-$ROOT/../shared/corpora/powershell-docs}
  command -v rumdl > /dev/null || { echo "error: rumdl not found (pip install rumdl)" >&2; exit 2; }
  echo "== full check of $corpus: postlint against $(rumdl --version)"
  : > "$WORK/peer-postlint"; : > "$WORK/peer-rumdl"
  for _ in $(seq "${RUNS:-5}"); do
    wall "$BIN" check --no-cache --isolated --format json "$corpus" >> "$WORK/peer-postlint"
    wall rumdl check --no-cache "$corpus" >> "$WORK/peer-rumdl"
  done
  p=$(median < "$WORK/peer-postlint"); r=$(median < "$WORK/peer-rumdl")
  echo "postlint runs: $(tr '\n' ' ' < "$WORK/peer-postlint")"
  echo "rumdl runs:    $(tr '\n' ' ' < "$WORK/peer-rumdl")"
  awk -v p="$p" -v r="$r" 'BEGIN { printf "median postlint %.2f s, rumdl %.2f s, ratio %.2f\n", p, r, p / r }'
fi

if [[ $what == versus ]]; then
  [[ -x ${BASE_BIN:-} ]] || { echo "error: set BASE_BIN to the build to compare with" >&2; exit 2; }
  for n in $SPEED_SIZES; do
    dir=${TMPDIR:-/tmp}/postlint-bench/posts-$n-seed${SEED:-20260101}
    [[ -d $dir/posts ]] || { echo "error: $dir missing: run 'bench/dupes.sh speed' first" >&2; exit 2; }
    : > "$WORK/versus-new"; : > "$WORK/versus-base"
    for _ in $(seq "${RUNS:-3}"); do
      (cd "$dir" && wall "$BASE_BIN" check --format json posts) >> "$WORK/versus-base"
      (cd "$dir" && wall "$BIN" check --no-cache --format json posts) >> "$WORK/versus-new"
    done
    b=$(median < "$WORK/versus-base"); c=$(median < "$WORK/versus-new")
    echo "== $n posts: base runs $(tr '\n' ' ' < "$WORK/versus-base")| this build $(tr '\n' ' ' < "$WORK/versus-new")"
    awk -v b="$b" -v c="$c" 'BEGIN { printf "median base %.2f s, this build %.2f s, ratio %.2f\n", b, c, c / b }'
  done
fi
