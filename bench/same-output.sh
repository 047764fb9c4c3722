#!/usr/bin/env bash
# Checks that two postlint builds give the same output: every format, on every
# corpus given, stdout and exit code byte for byte, stderr apart from the run
# time. For refactors that promise byte-identical output.
#
# Usage: bench/same-output.sh BEFORE_BIN AFTER_BIN CORPUS_DIR...
#
# Each corpus is checked from its parent folder, as `postlint check NAME`.
# Both builds share one scratch cache, so the later runs are warm.
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
before=$(realpath "$1")
after=$(realpath "$2")
shift 2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export POSTLINT_CACHE_DIR=$scratch/cache
formats=$("$after" check --help | sed -n '/Possible values/,/^$/p' | sed -n 's/^ *- \([a-z-]*\):.*/\1/p')
differ=0
for corpus in "$@"; do
  corpus=$(realpath "$corpus")
  for format in $formats; do
    for build in before after; do
      bin=${!build}
      (cd "$(dirname "$corpus")" && "$bin" check --format "$format" "$(basename "$corpus")" \
        > "$scratch/$build.out" 2> "$scratch/$build.err"; echo "exit $?" >> "$scratch/$build.out") || true
      sed -E 's/\([0-9.]+ m?s\)//' "$scratch/$build.err" > "$scratch/$build.err.cut"
    done
    if cmp -s "$scratch/before.out" "$scratch/after.out" &&
      cmp -s "$scratch/before.err.cut" "$scratch/after.err.cut"; then
      echo "same  $(basename "$corpus") $format"
    else
      echo "DIFF  $(basename "$corpus") $format"
      differ=1
    fi
  done
done
exit $differ
