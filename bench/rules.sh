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
# Every run is the same command, a full check with JSON output to /dev/null.
# The baseline has the built-in rules and the shipped pack; the others add
# `rule-dirs` with 5 and with RULES generated rules. Each generated rule has
# three two-word phrases drawn (seeded) from word pairs that occur once in a
# sample of the corpus, so the rules do find things, in the
# `paragraph` scope (the pack uses `post`, so the generated rules pay for one
# more scan of the text: the cost of a scope, not of a rule). Wall time is
# reported with CPU time (user + system), which is steadier on a shared machine.
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
mkdir -p "$work/base" "$work/few/rules" "$work/with/rules"
: > "$work/base/postlint.toml"
printf 'rule-dirs = ["rules"]\n' > "$work/few/postlint.toml"
printf 'rule-dirs = ["rules"]\n' > "$work/with/postlint.toml"

python3 - "$work/with/rules" "$rules" "$work/few/rules" "$posts" <<'PY'
import collections, glob, random, re, shutil, sys
out, n, few, posts = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
# Phrases a real rule pack would hold: word pairs that occur in the corpus,
# but rarely (once in a sample of 300 posts), so the rules find something
# without flagging every post.
counts = collections.Counter()
for path in sorted(glob.glob(f"{posts}/**/*.md", recursive=True))[:300]:
    words = re.findall(r"[a-z]{4,}", open(path, encoding="utf-8").read().lower())
    counts.update(zip(words, words[1:]))
pairs = sorted(" ".join(p) for p, c in counts.items() if c == 1)
rng = random.Random(20260101)
for i in range(n):
    tokens = [rng.choice(pairs) for _ in range(3)]
    with open(f"{out}/generated-{i:04d}.toml", "w") as f:
        f.write(f'name = "generated-{i:04d}"\nsummary = "generated rule {i}"\n')
        f.write('kind = "existence"\nscope = "paragraph"\nmessage = "avoid \\"{match}\\""\n')
        f.write("tokens = [" + ", ".join(f'"{t}"' for t in tokens) + "]\n")
    if i < 5:
        shutil.copy(f"{out}/generated-{i:04d}.toml", few)
PY

time_run() { # config -> "wall cpu" seconds
  (cd "$posts" && /usr/bin/time -f "%e %U %S" "$bin" check --no-cache --config "$1" --format json --fail-on never -q . 2>&1 > /dev/null) |
    tail -1 | awk '{printf "%.2f %.2f\n", $1, $2 + $3}'
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One untimed run warms the page cache.
(cd "$posts" && "$bin" check --no-cache --config "$work/base/postlint.toml" --format json --fail-on never -q . > /dev/null)
declare -A wall cpu
for _ in $(seq "$runs"); do
  for setting in base few with; do
    read -r w c < <(time_run "$work/$setting/postlint.toml")
    wall[$setting]+="$w "
    cpu[$setting]+="$c "
  done
done
med() { tr ' ' '\n' | grep . | median; }
echo "posts: $(find "$posts" -name '*.md' | wc -l), runs: $runs (wall / cpu seconds, median)"
for setting in base few with; do
  label=$(case $setting in base) echo "no rule files";; few) echo "5 rules";; with) echo "$rules rules";; esac)
  echo "$label: wall ${wall[$setting]}-> $(echo "${wall[$setting]}" | med); cpu ${cpu[$setting]}-> $(echo "${cpu[$setting]}" | med)"
done
b=$(echo "${wall[base]}" | med); f=$(echo "${wall[few]}" | med); w=$(echo "${wall[with]}" | med)
bc_=$(echo "${cpu[base]}" | med); fc=$(echo "${cpu[few]}" | med); wc_=$(echo "${cpu[with]}" | med)
findings=$(cd "$posts" && "$bin" check --no-cache --config "$work/with/postlint.toml" --format concise --fail-on never -q . | grep -c '\[generated-' || true)
echo "findings of the generated rules: $findings"
echo "overhead of $rules rules over none: wall $(echo "scale=1; ($w - $b) * 100 / $b" | bc)%, cpu $(echo "scale=1; ($wc_ - $bc_) * 100 / $bc_" | bc)%"
echo "overhead of $rules rules over 5:    wall $(echo "scale=1; ($w - $f) * 100 / $f" | bc)%, cpu $(echo "scale=1; ($wc_ - $fc) * 100 / $fc" | bc)%"
