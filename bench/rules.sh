#!/usr/bin/env bash
# What 500 declarative rules cost: a full check of a generated corpus with and
# without 500 generated `existence` rules (issue 5: they must add under 30%).
#
# usage: bench/rules.sh [POSTS_DIR] [RULES] [RUNS]
#   POSTS_DIR  default /tmp/postlint-bench/posts-50000-seed20260101/posts
#              (made by ../shared/bench/gen_corpus.py --posts 50000 --seed 20260101)
#   RULES      how many rule files to generate (default 500)
#   RUNS       runs per setting; the median is reported (default 3)
# POSTLINT=path overrides the binary (default: target/release/postlint, built
# when missing).
#
# Both runs use the same command, a full check with JSON output to /dev/null;
# the baseline has the built-in rules and the shipped pack, the other adds
# `rule-dirs` with the generated rules. Each generated rule has three two-word
# phrases drawn (seeded) from common English words, so some of them match.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
posts=${1:-/tmp/postlint-bench/posts-50000-seed20260101/posts}
rules=${2:-500}
runs=${3:-3}
bin=${POSTLINT:-$root/target/release/postlint}
if [ ! -x "$bin" ]; then
  cargo build --release --manifest-path "$root/Cargo.toml"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/base" "$work/with/rules"
: > "$work/base/postlint.toml"
printf 'rule-dirs = ["rules"]\n' > "$work/with/postlint.toml"

python3 - "$work/with/rules" "$rules" <<'PY'
import random, sys
out, n = sys.argv[1], int(sys.argv[2])
words = """time year people way day man thing woman life child world school state
family student group country problem hand part place case week company system
program question work government number night point home water room mother area
money story fact month lot right study book eye job word business issue side
kind head house service friend father power hour game line end member law car
city community name president team minute idea kid body information back parent
face others level office door health person art war history party result change
morning reason research girl guy moment air teacher force education data cache
deploy release test build server client query index latency pipeline metric""".split()
rng = random.Random(20260101)
for i in range(n):
    tokens = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(3)]
    with open(f"{out}/generated-{i:04d}.toml", "w") as f:
        f.write(f'name = "generated-{i:04d}"\nsummary = "generated rule {i}"\n')
        f.write('kind = "existence"\nscope = "paragraph"\nmessage = "avoid \\"{match}\\""\n')
        f.write("tokens = [" + ", ".join(f'"{t}"' for t in tokens) + "]\n")
PY

time_run() { # config -> seconds
  local start end
  start=$(date +%s.%N)
  (cd "$posts" && "$bin" check --config "$1" --format json --fail-on never -q . > /dev/null)
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One untimed run warms the page cache.
(cd "$posts" && "$bin" check --config "$work/base/postlint.toml" --format json --fail-on never -q . > /dev/null)
base=(); with=()
for _ in $(seq "$runs"); do
  base+=("$(time_run "$work/base/postlint.toml")")
  with+=("$(time_run "$work/with/postlint.toml")")
done
b=$(printf '%s\n' "${base[@]}" | median)
w=$(printf '%s\n' "${with[@]}" | median)
findings=$(cd "$posts" && "$bin" check --config "$work/with/postlint.toml" --format concise --fail-on never -q . | grep -c 'generated-' || true)
echo "posts:            $(find "$posts" -name '*.md' | wc -l)"
echo "baseline runs:    ${base[*]} s (median $b s)"
echo "with $rules rules: ${with[*]} s (median $w s)"
echo "generated-rule findings: $findings"
echo "overhead:         $(echo "scale=1; ($w - $b) * 100 / $b" | bc)%"
