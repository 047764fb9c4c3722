#!/usr/bin/env bash
# What the topicality rules cost: a full `postlint check --format json` on a
# generated corpus with `title-body-mismatch` and `off-topic-section` on
# (both "warning") and off (severity "off" in config), runs interleaved so
# that load from other jobs hits both alike. Prints every run and the medians
# of wall time and of CPU time (user + system, steadier on a shared machine).
#
# Usage: bench/topicality.sh [POSTS|CORPUS_DIR]   (default 50000; RUNS=3, SEED=20260101)
#
# A number is a generated corpus of that many posts, made once as
# ../shared/bench/bench.sh does, into
# ${TMPDIR:-/tmp}/postlint-bench/posts-POSTS-seedSEED (reused when present);
# a folder is checked as it is (a real corpus). Runs take no cache, so every
# one is a full check.
# Target (issue 4): "on" at most 25% slower than "off".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
shared=${SHARED:-$repo/../shared}
posts=${1:-50000}
runs=${RUNS:-3}
seed=${SEED:-20260101}
cargo build --release --manifest-path "$repo/Cargo.toml" >&2
bin=$repo/target/release/postlint
if [[ -d $posts ]]; then
  dir=$(cd "$(dirname "$posts")" && pwd)
  corpus=$(basename "$posts")
else
  dir=${TMPDIR:-/tmp}/postlint-bench/posts-$posts-seed$seed
  corpus=posts
  if [[ ! -f $dir/corpus.json ]]; then
    python3 "$shared/bench/gen_corpus.py" --posts "$posts" --seed "$seed" --out "$dir" --force >&2
  fi
fi
off=$(mktemp)
on=$(mktemp)
trap 'rm -f "$off" "$on"' EXIT
printf '[rules]\ntitle-body-mismatch = "off"\noff-topic-section = "off"\n' > "$off"
# off-topic-section is off by default: "on" turns it on too.
printf '[rules]\noff-topic-section = "warning"\n' > "$on"
declare -A times cpu
for i in $(seq "$runs"); do
  for mode in off on; do
    cfg=$off; [[ $mode == on ]] && cfg=$on
    read -r wall rss user sys < <( { cd "$dir" && /usr/bin/time -f '%e %M %U %S' "$bin" check --no-cache --format json --config "$cfg" --fail-on never "$corpus" > /dev/null; } 2>&1 | tail -1)
    echo "run $i $mode: ${wall} s wall, $(awk -v u="$user" -v s="$sys" 'BEGIN {print u+s}') s cpu, ${rss} KB" >&2
    times[$mode]+="$wall "
    cpu[$mode]+="$(awk -v u="$user" -v s="$sys" 'BEGIN {print u+s}') "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_off=$(echo "${times[off]}" | median)
m_on=$(echo "${times[on]}" | median)
c_off=$(echo "${cpu[off]}" | median)
c_on=$(echo "${cpu[on]}" | median)
echo "posts=$posts runs=$runs median_off=${m_off}s median_on=${m_on}s added=$(awk -v a="$m_on" -v b="$m_off" 'BEGIN {printf "%.1f%%", (a/b-1)*100}') cpu_off=${c_off}s cpu_on=${c_on}s cpu_added=$(awk -v a="$c_on" -v b="$c_off" 'BEGIN {printf "%.1f%%", (a/b-1)*100}')"
