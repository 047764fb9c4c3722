#!/usr/bin/env bash
# Times the content-hash cache: cold, warm with nothing changed, warm with one
# staged post (a pre-commit run), and warm after editing 1% of the posts.
#
# Usage: bench/cache.sh CORPUS_DIR...     (each copied to a scratch folder)
#
# Each case runs RUNS times (default 5) and prints the median wall time and
# the median CPU time (user + system), and each as a share of the cold run.
# The cold run starts from an empty cache each time. Needs GNU time.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cargo build --release --manifest-path "$repo/Cargo.toml" >&2
bin=$repo/target/release/postlint
runs=${RUNS:-5}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# One timed run: prints "wall cpu".
timed() {
  /usr/bin/time -f '%e %U %S' -o "$scratch/time" "$@" > /dev/null 2>&1 || true
  tail -1 "$scratch/time" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for corpus in "$@"; do
  name=$(basename "$corpus")
  work=$scratch/$name
  rm -rf "$work"
  cp -r "$corpus" "$work"
  # A file is trusted unchanged only once it has settled for a few seconds
  # (docs/cache.md); a project's posts have, a fresh copy has not.
  sleep 4
  cache=$scratch/cache-$name
  check=("$bin" check --format json --cache-dir "$cache")
  staged=$(find "$work" -name '*.md' | sort | awk 'NR == 1')
  declare -A wall cpu
  for case in cold warm staged edited; do
    : > "$scratch/$case"
  done
  for _ in $(seq "$runs"); do
    rm -rf "$cache"
    (cd "$work" && timed "${check[@]}" .) >> "$scratch/cold"
    (cd "$work" && timed "${check[@]}" .) >> "$scratch/warm"
    (cd "$work" && timed "${check[@]}" --root . "$staged") >> "$scratch/staged"
    # Edit 1% of the posts (a new last line each), then check.
    find "$work" -name '*.md' | sort | awk 'NR % 100 == 0' | while read -r post; do
      echo "Edited at $RANDOM." >> "$post"
    done
    (cd "$work" && timed "${check[@]}" .) >> "$scratch/edited"
  done
  for case in cold warm staged edited; do
    wall[$case]=$(cut -d' ' -f1 "$scratch/$case" | median)
    cpu[$case]=$(cut -d' ' -f2 "$scratch/$case" | median)
  done
  echo "## $name ($(find "$work" -name '*.md' | wc -l) posts, median of $runs)"
  echo "| case | wall s | CPU s | wall / cold | CPU / cold |"
  echo "|---|---:|---:|---:|---:|"
  for case in cold warm staged edited; do
    awk -v c="$case" -v w="${wall[$case]}" -v u="${cpu[$case]}" \
      -v cw="${wall[cold]}" -v cu="${cpu[cold]}" \
      'BEGIN { printf "| %s | %.2f | %.2f | %.0f%% | %.0f%% |\n", c, w, u, 100 * w / cw, 100 * u / cu }'
  done
  echo "cache: $(du -sh "$cache" | cut -f1)"
done
