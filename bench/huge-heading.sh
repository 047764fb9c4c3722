#!/usr/bin/env bash
# Issue 12: a heading of 40,000 distinct words took 1.9 s in the topicality
# rules, because each claimed word was compared with every earlier one. This
# times `postlint check` on one post with such a heading (and a title of the
# same words) with both rules on, median of RUNS runs. The behaviour (each
# word claimed once, in order) is held by a unit test in src/text/topic.rs;
# the time is checked here, not in a test.
#
# Usage: bench/huge-heading.sh [WORDS]      (default 40000; RUNS=5)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
words=${1:-40000}
runs=${RUNS:-5}
cargo build --release --manifest-path "$repo/Cargo.toml" >&2
bin=$repo/target/release/postlint
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
heading=$(seq "$words" | sed 's/^/w/; s/$/x/' | tr '\n' ' ')
{
  printf -- '---\ntitle: "%s"\n---\n\n## %s\n\n' "$heading" "$heading"
  for _ in $(seq 20); do echo "Some ordinary text about nothing in particular, repeated to make a section."; done
} > "$dir/post.md"
times=""
for _ in $(seq "$runs"); do
  t=$( { /usr/bin/time -f '%e' "$bin" check --isolated --select title-body-mismatch,off-topic-section --fail-on never "$dir/post.md" > /dev/null; } 2>&1 | tail -1)
  times+="$t "
done
median=$(echo "$times" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "words=$words runs=$runs median=${median}s (issue 12 reported 1.9 s before the fix)"
