#!/usr/bin/env bash
# The pre-commit hook, end to end, as a user meets it: pre-commit from PyPI runs
# `try-repo` on this repository (building postlint with `cargo install`) in a
# fresh git repository holding one committed post.
#
# 1. A newly staged post copies the old post's title and a paragraph: the hook
#    must fail and print both findings (duplicate-title, duplicate-paragraph).
#    Run again unchanged, warm from the cache, it must print the same.
# 2. The copy is reworded: the hook must pass. A staged draft that the config
#    excludes must not be checked (--force-exclude).
#
# Needs python3 with venv, git, cargo, and the package registries (PyPI,
# crates.io). Takes a minute or two the first time, to build the hook.
# The hook's build is kept in target/pre-commit-e2e/ of this repository (or
# $POSTLINT_E2E_TARGET), so a second run rebuilds only what changed.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
hook_target="${POSTLINT_E2E_TARGET:-$repo/target/pre-commit-e2e}"
# The hook is built by `cargo install`, a release build. This test checks what
# the hook does, not how fast it is, so it builds unoptimised: on 2 cores a cold
# build takes about half as long, which keeps CI well within its time.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export CARGO_PROFILE_RELEASE_DEBUG=false
# A pre-commit cache of our own, so an old build of the hook is never reused.
export PRE_COMMIT_HOME="$work/pre-commit-home"
export PRE_COMMIT_COLOR=never

fail() {
  echo "pre-commit-e2e: FAILED: $*" >&2
  exit 1
}

# Runs the hook on what is staged, as `pre-commit try-repo` does for a user
# trying a hook; prints its output and keeps it in $work/$1.log. Sets $status.
run_hook() {
  set +e
  CARGO_TARGET_DIR="$hook_target" "$pre_commit" try-repo "$repo" postlint > "$work/$1.log" 2>&1
  status=$?
  set -e
  cat "$work/$1.log"
}

started=$(date +%s)
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit
pre_commit="$work/venv/bin/pre-commit"
"$pre_commit" --version

site="$work/site"
mkdir -p "$site/posts" "$site/drafts"
cd "$site"
git init --quiet
git config user.email "e2e@example.invalid"
git config user.name "pre-commit e2e"
git config commit.gpgsign false
printf '[files]\nexclude = ["drafts/**"]\n' > postlint.toml

paragraph="We moved every invoice to the new billing pipeline over one weekend, and the finance team closed the month two days early for the first time."
cat > posts/launch.md <<POST
---
title: How we rebuilt billing
date: 2024-01-10
---

$paragraph

## What changed

Invoices are generated from usage events rather than nightly exports.
POST
git add postlint.toml posts/launch.md
git commit --quiet -m "first post"

# Dated, as blog posts are: duplicate-paragraph reports the copy in the newer
# post (without dates, path order would make this one the original).
cat > posts/follow-up.md <<POST
---
title: How we rebuilt billing
date: 2024-03-02
---

$paragraph

## Next steps

We will move refunds next.
POST
git add posts/follow-up.md

echo "--- staged a post copying the old post's title and a paragraph: the hook must fail"
run_hook first
[ "$status" -ne 0 ] || fail "the hook passed on a copied post"
grep -q "duplicate-title" "$work/first.log" || fail "no duplicate-title finding printed"
grep -q "posts/follow-up.md" "$work/first.log" || fail "the staged post is not named"
grep -q "duplicate-paragraph" "$work/first.log" || fail "no duplicate-paragraph finding printed"

echo "--- the same commit again, warm from the cache: the same findings"
[ -f .postlint_cache/.gitignore ] || fail "the hook left no cache at the project root"
[ -z "$(git status --porcelain --untracked-files=all | grep postlint_cache)" ] ||
  fail "the cache shows in git status"
run_hook warm
[ "$status" -ne 0 ] || fail "the warm hook passed on a copied post"
# The findings' messages and places (the summary line has the run's time).
findings() { grep -E '╭─\[|⚠|×' "$work/$1.log"; }
[ -n "$(findings first)" ] || fail "no findings to compare in the first run"
diff <(findings first) <(findings warm) ||
  fail "the warm run's findings differ from the cold run's"

cat > posts/follow-up.md <<POST
---
title: What we learned moving refunds
date: 2024-03-02
---

Refunds followed a month later, and they took three weekends instead of one because every refund needed a matching credit note.

## Next steps

We will move disputes next.
POST
# A draft with problems, excluded by the config: pre-commit names it, and
# --force-exclude must keep it out.
printf '# How we rebuilt billing\n\n## Empty\n' > drafts/wip.md
git add posts/follow-up.md drafts/wip.md

echo "--- reworded the post (and staged an excluded draft): the hook must pass"
run_hook second
[ "$status" -eq 0 ] || fail "the hook failed on a reworded post"

echo "pre-commit-e2e: passed in $(( $(date +%s) - started )) s"
