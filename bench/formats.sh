#!/usr/bin/env bash
# What each output format costs on a large corpus (issue 15): output size,
# gzipped size and peak RSS, written with --output-file so the terminal is not
# what is measured; SARIF is also validated against the SARIF 2.1.0 schema and
# its result count printed, against GitHub's upload limits (25,000 results,
# 10 MB gzipped).
#
# Usage: bench/formats.sh POSTS_DIR [RUNS]     (POSTLINT: binary, default
#        target/release/postlint; SCHEMA: default ../shared/schemas/sarif-schema-2.1.0.json)
# Prints one row per format: format, bytes, gzipped bytes, median peak RSS.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
posts=${1:?usage: bench/formats.sh POSTS_DIR [RUNS]}
runs=${2:-3}
postlint=${POSTLINT:-$repo/target/release/postlint}
schema=${SCHEMA:-$repo/../shared/schemas/sarif-schema-2.1.0.json}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| format | output | gzipped | peak RSS (median of %s) |\n|---|---|---|---|\n' "$runs"
for format in human concise grouped json sarif github gitlab junit checkstyle rdjson; do
  rss=()
  for _ in $(seq "$runs"); do
    rm -f "$work/summary.md"
    # GITHUB_STEP_SUMMARY: the github format's summary is part of its cost.
    GITHUB_STEP_SUMMARY="$work/summary.md" /usr/bin/time -f %M -o "$work/rss" \
      "$postlint" check --no-cache --quiet --format "$format" --output-file "$work/out" "$posts" || true
    rss+=("$(tail -n1 "$work/rss")")
  done
  median=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
  bytes=$(stat -c %s "$work/out")
  gz=$(gzip -c "$work/out" | wc -c)
  printf '| %s | %s | %s | %s MB |\n' "$format" "$bytes" "$gz" "$((median / 1024))"
  if [[ $format == sarif ]]; then
    python3 - "$schema" "$work/out" <<'PY' >&2
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema)
run = doc["runs"][0]
related = max((len(r.get("relatedLocations", [])) for r in run["results"]), default=0)
notes = [n["message"]["text"] for i in run.get("invocations", []) for n in i.get("toolExecutionNotifications", [])]
print(f"sarif: valid; {len(run['results'])} results; at most {related} related locations; notifications: {notes}")
PY
  fi
  if [[ $format == github && -f $work/summary.md ]]; then
    echo "github step summary: $(stat -c %s "$work/summary.md") bytes" >&2
  fi
done
