#!/usr/bin/env bash
# Times the README's two commands on a fresh clone with an empty target folder:
# what a newcomer waits for on a new machine.
#
# Usage: bench/first-build.sh [COMMIT]     (default: HEAD)
#
# Clones this repository at COMMIT into a scratch folder, then runs, with an
# empty CARGO_TARGET_DIR,
#   1. the run command:  cargo run --release -- check fixtures/seed
#   2. the test command: the README's, compiled only (`--no-run`), since the
#      issue is how long it compiles; the tests' own time is in `cargo test`.
# and prints wall seconds and CPU seconds (user + system) for each. CPU seconds
# hardly move with other load on the machine, so compare those on a busy one.
# The crates.io registry cache (~/.cargo/registry) is kept: downloads are not
# what is measured.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
commit=${1:-HEAD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet --no-local "$repo" "$work/clone"
git -C "$work/clone" checkout --quiet "$commit"
cd "$work/clone"
test_command=$(sed -n '/^## Quick start/,/^## /p' README.md | grep -m1 '^cargo test' || true)
if [[ -z $test_command ]]; then
  echo "first-build.sh: no 'cargo test' command in the README's Quick start" >&2
  exit 2
fi
export CARGO_TARGET_DIR="$work/target"
measure() {
  local label=$1
  shift
  /usr/bin/time -f "$label: %e s wall, %U+%S s CPU" -o "$work/time" "$@" > /dev/null 2> "$work/log" \
    || { cat "$work/log" >&2; [[ $label == run ]] || exit 1; }
  cat "$work/time"
}
measure run cargo run --release --locked -- check fixtures/seed
# shellcheck disable=SC2086
measure test $test_command --locked --no-run
