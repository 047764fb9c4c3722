#!/usr/bin/env bash
# Builds each target's seed corpus in fuzz/corpus/<target>/ from the
# repository's fixtures, rule files and config files, plus the posts of any
# folders given (real sites: `fuzz/seed.sh ../shared/corpora/*/content`).
# Seeds are small on purpose: libFuzzer mutates them, it does not need many.
#
# usage: fuzz/seed.sh [POSTS_DIR...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python3 - "$here" "$@" <<'PY'
import hashlib, os, pathlib, random, sys
here = pathlib.Path(sys.argv[1]); repo = here.parent
extra = [pathlib.Path(d) for d in sys.argv[2:]]
rng = random.Random(12)

def save(target, data):
    d = here / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)

# Posts: every fixture, and up to 150 posts under 32 KB from each folder given.
posts = sorted((repo / "fixtures").rglob("*.md"))
for d in extra:
    found = sorted(p for p in d.rglob("*.md") if p.stat().st_size < 32_000)
    posts += rng.sample(found, min(150, len(found)))
texts = [p.read_bytes() for p in posts]
for t in texts:
    for target in ("document", "post_rules", "stdin"):
        save(target, t)
    # Front matter: the block's body, after a byte picking its fences.
    for fence, pick in ((b"---\n", b"0"), (b"+++\n", b"1")):
        if t.startswith(fence):
            end = t.find(b"\n" + fence, 4)
            if end > 0:
                save("front_matter", pick + t[4:end])
# Small corpora: two to four posts joined by NUL bytes, so the corpus rules
# see near-duplicates; each fixture corpus folder as one input too.
for _ in range(120):
    save("corpus_rules", b"\0".join(rng.sample(texts, rng.randint(2, 4))))
for d in sorted((repo / "fixtures").rglob("*")):
    if d.is_dir():
        group = sorted(d.glob("*.md"))
        if len(group) > 1:
            save("corpus_rules", b"\0".join(p.read_bytes() for p in group))
# Config files and rule files, shipped and fixtures.
for p in sorted(repo.rglob("postlint.toml")):
    if "target" not in p.parts:
        save("config", p.read_bytes())
for p in sorted((repo / "rules").glob("*.toml")) + sorted((repo / "fixtures").rglob("rules/*.toml")):
    save("rule_file", p.read_bytes())
for target in sorted(os.listdir(here / "corpus")):
    print(f"{target}: {len(os.listdir(here / 'corpus' / target))} seeds")
PY
