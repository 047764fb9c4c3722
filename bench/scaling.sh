#!/usr/bin/env bash
# Nothing grows faster than its input (issue 12): for each case that once cost
# quadratically or worse, time a check at size n and at 4n and require the
# bigger one to cost at most LIMIT times more (default 5: linear work plus
# noise; a quadratic case gives 16).
#
# usage: bench/scaling.sh [CASE...]     (default: every case)
# POSTLINT=path overrides the binary (default: target/release/postlint, built
# when missing); RUNS (default 3) runs per size, the median is used; LIMIT
# (default 5) is the largest ratio that passes. Exit 1 when a case fails.
#
# Cases, each with the size n it starts at:
#   suppress       n findings and n `postlint-disable` comments in one post
#   disable-next   n `postlint-disable-next` comments, each over an empty section
#   filler-post    n filler phrases, one per paragraph (outermost() over hits)
#   filler-line    n filler phrases on one line
#   human          n findings in one post, human output (snippets)
#   yaml-nesting   front matter `k: [[[…]]]` n deep (refused past a bound)
#   yaml-size      front matter of n flow-list lines
#   regex-rules    n rule files with one regex each: startup
#   slow-regex     a post of n bytes under a rule with `[^x]{0,200}y`
#   inline-line    one line of n bytes of mixed inline markup (also peak RSS)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${POSTLINT:-$root/target/release/postlint}
runs=${RUNS:-3}
limit=${LIMIT:-5}
if [ ! -x "$bin" ]; then
  cargo build --release --manifest-path "$root/Cargo.toml"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make CASE N DIR: writes the case's project of size N into DIR and prints
# the postlint arguments to run in it.
make() {
  python3 - "$@" <<'PY'
import os, sys
case, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(f"{d}/posts", exist_ok=True)
def post(text, name="post.md"):
    with open(f"{d}/posts/{name}", "w") as f:
        f.write(text)
args = "check --isolated --format concise posts"
if case == "suppress":
    post("# T\n\n" + "".join(f"## Empty {i}\n\n<!-- postlint-disable missing-title -->\n\n" for i in range(n)))
    args += " --select empty-section,missing-title"
elif case == "disable-next":
    post("# T\n\n" + "".join(f"<!-- postlint-disable-next empty-section -->\n## Empty {i}\n\n" for i in range(n)))
    args += " --select empty-section"
elif case == "filler-post":
    post("# T\n\n" + "".join(f"Needless to say, point {i}.\n\n" for i in range(n)))
    args += " --select filler-phrase"
elif case == "filler-line":
    post("# T\n\n" + " ".join("needless to say" for i in range(n)) + "\n")
    args += " --select filler-phrase"
elif case == "human":
    post("# T\n\n" + "".join(f"## Empty {i}\n" for i in range(n)))
    args = "check --isolated --format human --color never posts --select empty-section"
elif case == "yaml-nesting":
    post("---\nk: " + "[" * n + "]" * n + "\n---\n# T\n\ntext\n")
    args += " --select invalid-front-matter"
elif case == "yaml-size":
    post("---\ntitle: T\n" + "".join(f"k{i}: [a, b, {{c: d}}]\n" for i in range(n)) + "---\n# T\n\ntext\n")
    args += " --select invalid-front-matter"
elif case == "regex-rules":
    os.makedirs(f"{d}/rules", exist_ok=True)
    with open(f"{d}/postlint.toml", "w") as f:
        f.write('rule-dirs = ["rules"]\n')
    for i in range(n):
        with open(f"{d}/rules/r{i:05d}.toml", "w") as f:
            f.write(f'name = "r{i:05d}"\nsummary = "rule {i}"\nkind = "existence"\nscope = "paragraph"\n')
            f.write(f"ignorecase = true\npatterns = ['\\bw{i}\\w+ly\\b']\n")
    post("# T\n\nSome text with word12abc in it.\n")
    args = "check --format concise posts"
elif case == "slow-regex":
    os.makedirs(f"{d}/rules", exist_ok=True)
    with open(f"{d}/postlint.toml", "w") as f:
        f.write('rule-dirs = ["rules"]\n')
    with open(f"{d}/rules/slow.toml", "w") as f:
        f.write('name = "slow"\nsummary = "slow"\nkind = "existence"\nscope = "paragraph"\n')
        f.write("patterns = ['[^x]{0,200}y']\n")
    line = "the quick brown fox jumps over the lazy dog and keeps going\n"
    post("# T\n\n" + line * (n // len(line)))
    args = "check --format concise posts --select slow"
elif case == "inline-line":
    unit = "*a* `b` [c](d) **e** _f_ <g> "
    post("# T\n\n" + unit * (n // len(unit)) + "\n")
    args += " --select empty-section"
else:
    sys.exit(f"unknown case {case}")
print(args)
PY
}

# A starting size per case: big enough to time, small enough that a quadratic
# regression still finishes.
declare -A start=(
  [suppress]=20000 [disable-next]=20000 [filler-post]=40000 [filler-line]=80000
  [human]=10000 [yaml-nesting]=10000 [yaml-size]=10000 [regex-rules]=750
  [slow-regex]=1000000 [inline-line]=2000000
)
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  cases=(suppress disable-next filler-post filler-line human yaml-nesting yaml-size regex-rules slow-regex inline-line)
fi

# median wall seconds and peak RSS (MB) of RUNS runs of postlint ARGS in DIR
measure() {
  local dir=$1 args=$2 times=() rss=0
  for _ in $(seq "$runs"); do
    local out
    # Findings make postlint exit 1: that is not a failed measurement.
    # shellcheck disable=SC2086
    (cd "$dir" && /usr/bin/time -f '%e %M' -o "$work/time" "$bin" $args >/dev/null 2>&1) || true
    out=$(tail -1 "$work/time")
    times+=("${out% *}")
    local kb=${out#* }
    if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$median $((rss / 1024))"
}

failed=0
printf '%-13s %10s %8s %8s %10s %8s %8s %6s  %s\n' case n time rss 4n time rss ratio verdict
for case in "${cases[@]}"; do
  n=${start[$case]}
  small="$work/$case-1"; big="$work/$case-4"
  args=$(make "$case" "$n" "$small")
  make "$case" $((4 * n)) "$big" >/dev/null
  read -r t1 m1 < <(measure "$small" "$args")
  read -r t4 m4 < <(measure "$big" "$args")
  # Times under 10 ms are noise: count them as 10 ms.
  ratio=$(python3 -c "print(f'{max($t4, 0.01) / max($t1, 0.01):.2f}')")
  verdict=ok
  if python3 -c "import sys; sys.exit(0 if $ratio <= $limit else 1)"; then :; else verdict=FAIL; failed=1; fi
  printf '%-13s %10d %7ss %6sMB %10d %7ss %6sMB %6s  %s\n' "$case" "$n" "$t1" "$m1" $((4 * n)) "$t4" "$m4" "$ratio" "$verdict"
done
exit $failed
