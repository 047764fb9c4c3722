//! The nearest `postlint.toml` above a post is that post's config, whichever
//! folder postlint runs from.

use std::path::Path;

use crate::support::{postlint, run};

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("postlint.toml", "[rules]\nempty-section = \"error\"\n"),
            ("a.md", "# A\n\n## Empty\n"),
            (
                "docs/postlint.toml",
                "[files]\nexclude = [\"drafts/**\"]\n\n[rules]\nempty-section = \"info\"\nmissing-title = \"off\"\n",
            ),
            ("docs/b.md", "## Empty\n"),
            ("docs/drafts/c.md", "# C\n\n## Empty\n"),
        ],
    );
    tmp
}

fn concise(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run(postlint(dir)
        .args(["check", "--format", "concise"])
        .args(args))
}

#[test]
fn a_nested_config_applies_to_its_posts_from_any_folder() {
    let tmp = site();
    let want = "a.md:3:1: error: section \"Empty\" has no content [empty-section]\n\
                docs/b.md:1:1: info: section \"Empty\" has no content [empty-section]\n";
    let (code, stdout, stderr) = concise(tmp.path(), &[]);
    assert_eq!((code, stdout.as_str()), (1, want), "{stderr}");
    // From the nested folder, the posts above it keep the root's config.
    let (_, stdout, _) = concise(&tmp.path().join("docs"), &[".."]);
    assert_eq!(
        stdout,
        "../a.md:3:1: error: section \"Empty\" has no content [empty-section]\n\
         ../docs/b.md:1:1: info: section \"Empty\" has no content [empty-section]\n"
    );
    // --config names the config of every post.
    let (_, stdout, _) = concise(tmp.path(), &["--config", "postlint.toml"]);
    assert!(
        stdout.contains("docs/b.md:1:1: warning: post has no title"),
        "{stdout}"
    );
    assert!(stdout.contains("docs/drafts/c.md"), "{stdout}");
}

#[test]
fn a_nested_config_may_not_set_a_cross_post_rules_options() {
    let tmp = site();
    write(
        tmp.path(),
        &[(
            "docs/postlint.toml",
            "[rules.duplicate-paragraph]\nmin-words = 5\n",
        )],
    );
    let (code, _, stderr) = run(postlint(tmp.path()).arg("check").env("NO_COLOR", "1"));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("options of `duplicate-paragraph` cannot be set in a nested config"),
        "{stderr}"
    );
    assert!(stderr.contains("docs/postlint.toml:2:1"), "{stderr}");
}
