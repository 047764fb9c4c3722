#!/usr/bin/env bash
# Builds every fuzz target and runs each for SECONDS (default 20) from the
# seed corpus, so the targets never rot: a target that no longer builds, or a
# crash or broken invariant found in that time, fails the run. `.ci/run` calls
# this; see fuzz/README.md for the long runs.
#
# usage: fuzz/ci.sh [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-20}
cd "$here"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi
# cargo-fuzz passes -Zsanitizer=address; RUSTC_BOOTSTRAP lets the one stable
# toolchain accept it (see the README for why that is sound here).
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
./seed.sh
bin=target/$(rustc -vV | sed -n "s/^host: //p")/release
# Two targets at a time, one per core of a 2-core CI machine.
run() {
  local target=$1
  mkdir -p "artifacts/$target"
  if "$bin/$target" "corpus/$target" -dict=markdown.dict -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=4096 -max_len=32768 -detect_leaks=0 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" > "artifacts/$target.log" 2>&1; then
    echo "fuzz $target: $(grep -E '^#[0-9]+' "artifacts/$target.log" | tail -1)"
  else
    echo "fuzz target $target failed:" >&2
    tail -40 "artifacts/$target.log" >&2
    return 1
  fi
}
export -f run
export bin seconds
cargo fuzz list | xargs -P 2 -I{} bash -c 'run {}'
