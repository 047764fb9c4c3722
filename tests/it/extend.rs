//! `extend`: a config read first, then overlaid by the file that extends it.

use crate::support::{postlint, run};

fn write(root: &std::path::Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn an_extending_config_wins_over_its_base_key_by_key() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "shared/base.toml",
                "rule-dirs = [\"rules\"]\n\n[files]\nexclude = [\"drafts/**\"]\n\n[rules]\nempty-section = \"error\"\nmissing-title = \"off\"\n\n[[overrides]]\nfiles = [\"notes/**\"]\nrules.empty-section = \"info\"\n",
            ),
            (
                "shared/rules/no-todo.toml",
                "summary = \"a TODO left in a post\"\ndocs = \"## What it flags\\nTODO.\\n\\n## Why it matters\\nIt is unfinished.\\n\\n## Example\\nTODO.\\n\"\nseverity = \"warning\"\nkind = \"existence\"\nscope = \"paragraph\"\ntokens = [\"TODO\"]\nmessage = \"\\\"{match}\\\" left in the post\"\n",
            ),
            (
                "site/postlint.toml",
                "extend = \"../shared/base.toml\"\n\n[rules]\nmissing-title = \"warning\"\n",
            ),
            (
                "site/a.md",
                "# A\n\n## Empty\n\nTODO write this.\n\n## Also empty\n",
            ),
            ("site/untitled.md", "Text without a title.\n"),
            ("site/drafts/d.md", "## Draft\n"),
            ("site/notes/n.md", "# N\n\n## Empty\n"),
        ],
    );
    let (code, stdout, stderr) =
        run(postlint(&tmp.path().join("site")).args(["check", "--format", "concise"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stdout,
        "a.md:5:1: warning: \"TODO\" left in the post [no-todo]\n\
         a.md:7:1: error: section \"Also empty\" has no content [empty-section]\n\
         notes/n.md:3:1: info: section \"Empty\" has no content [empty-section]\n\
         untitled.md:1:1: warning: post has no title [missing-title]\n"
    );
}

#[test]
fn extend_errors_point_at_the_extend_and_into_the_base() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("a/postlint.toml", "extend = \"../missing.toml\"\n"),
            ("a/p.md", "# P\n"),
            ("b/postlint.toml", "extend = \"../c/postlint.toml\"\n"),
            ("c/postlint.toml", "extend = \"../b/postlint.toml\"\n"),
            ("b/p.md", "# P\n"),
            ("d/postlint.toml", "extend = \"base.toml\"\n"),
            (
                "d/base.toml",
                "[rules.empty-section]\nserverity = \"off\"\n",
            ),
            ("d/p.md", "# P\n"),
        ],
    );
    let check = |dir: &str| {
        let (code, _, stderr) = run(postlint(&tmp.path().join(dir))
            .arg("check")
            .env("NO_COLOR", "1"));
        assert_eq!(code, 2, "{stderr}");
        stderr
    };
    let missing = check("a");
    assert!(
        missing.contains("cannot read the extended config"),
        "{missing}"
    );
    assert!(missing.contains("postlint.toml:1:10"), "{missing}");
    let cycle = check("b");
    assert!(cycle.contains("extends itself through"), "{cycle}");
    let base = check("d");
    assert!(base.contains("unknown key `serverity`"), "{base}");
    assert!(base.contains("base.toml:2:1"), "{base}");
}
