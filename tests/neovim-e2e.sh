#!/usr/bin/env bash
# `postlint server` end to end in a real Neovim (tests/neovim/e2e.lua), on a
# scratch copy of fixtures/seed:
#
# a. opening usage-based-pricing.md publishes its findings, the same as
#    `postlint check --format json` on the copy (rule, range and message), with
#    related locations pointing at the originals;
# b. a paragraph of devops-cqrs-patterns.md appended to the unsaved buffer of
#    nlp-pipelines-guide.md gives a duplicate-paragraph finding whose related
#    location is the original; hover on it names the rule;
# c. applying the "Disable duplicate-paragraph for this block" code action
#    makes the finding go away while the file on disk stays as it was; the
#    "Go to the original" action makes the server send window/showDocument;
# d. (printed, not checked) where the finding goes when the pasted paragraph
#    comes from an open post that is later by path order;
# e. devops-cqrs-patterns.md and stop-chasing-coverage.md, opened next, show
#    what the check of the folder reports on them (the original of a
#    duplicate is not reported because its copy is in a post not open);
# then shutdown and exit end the server with status 0.
#
# It runs twice: with UTF-16 positions, and with UTF-8 offered first.
#
# Uses $POSTLINT, else target/release/postlint (built by
# `cargo test --release --locked`). Installs Neovim with apt-get when `nvim` is
# missing (Debian bookworm has 0.7.2, the oldest API the test is written for).
# Takes a few seconds; each step waits at most $E2E_TIMEOUT_MS (20 s).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${POSTLINT:-$repo/target/release/postlint}"
fail() {
  echo "neovim-e2e: FAILED: $*" >&2
  exit 1
}
[ -x "$bin" ] || fail "no postlint binary at $bin (build it, or set POSTLINT)"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

if ! command -v nvim > /dev/null; then
  echo "--- installing neovim"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq neovim > /dev/null
fi
nvim --version | head -n 1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpus="$work/seed"
mkdir "$corpus"
cp "$repo"/fixtures/seed/*.md "$corpus/"
# An empty config makes the copy its own project, wherever mktemp puts it.
: > "$corpus/postlint.toml"
export POSTLINT_CACHE_DIR="$work/cache"

started=$(date +%s)
set +e
(cd "$corpus" && "$bin" check --format json > "$work/expected.json" 2> "$work/check.log")
status=$?
set -e
[ "$status" -eq 1 ] || fail "postlint check on the seed exited $status, not 1: $(cat "$work/check.log")"

export POSTLINT="$bin" E2E_EXPECTED="$work/expected.json"
# Twice, on fresh copies: with UTF-16 positions (all Neovim 0.7 knows), then
# with UTF-8 offered first, as Neovim 0.10 and later do.
for encoding in utf-16 utf-8; do
  echo "--- positions in $encoding"
  rm -rf "$work/run"
  cp -r "$corpus" "$work/run"
  offer=""
  [ "$encoding" = utf-16 ] || offer="$encoding"
  # The outer timeout is a backstop for a Neovim that hangs outside vim.wait.
  set +e
  E2E_CORPUS="$work/run" E2E_POSITION_ENCODING="$offer" \
    timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile $repo/tests/neovim/e2e.lua"
  status=$?
  set -e
  [ "$status" -eq 0 ] || fail "nvim exited with status $status with $encoding positions (see above)"
done
echo "neovim-e2e: passed in $(($(date +%s) - started)) s"
