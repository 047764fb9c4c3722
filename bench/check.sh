#!/usr/bin/env bash
# Times a full `postlint check --format json` on generated corpora.
#
# Usage: bench/check.sh [SIZES...]        (default: 10000 50000 100000)
#
# Builds the release binary, then runs the shared benchmark runner
# (../shared/bench/bench.sh), which generates each corpus once with
# gen_corpus.py, runs postlint RUNS times (default 3) per size under GNU time
# and prints the median wall time and the peak RSS. Extra postlint flags can be
# passed with POSTLINT_ARGS, e.g. POSTLINT_ARGS="--select empty-section".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
shared=${SHARED:-$repo/../shared}
cargo build --release --manifest-path "$repo/Cargo.toml" >&2
bin=$repo/target/release/postlint
# bench.sh runs `BIN check --format json posts`; a wrapper adds the flags,
# and --no-cache, so that every run is a full check rather than a warm one.
wrapper=$(mktemp)
printf '#!/bin/sh\nexec %q "$@" --no-cache %s\n' "$bin" "${POSTLINT_ARGS:-}" > "$wrapper"
chmod +x "$wrapper"
bin=$wrapper
exec "$shared/bench/bench.sh" "$bin" "$@"
