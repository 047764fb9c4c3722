//! `postlint init` writes a config that keeps a site's machinery out of the run.

use std::path::Path;

use crate::support::{json, postlint, run};

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Runs `init`, then a check, and returns the config and the posts checked.
fn init_and_check(root: &Path) -> (String, Vec<String>) {
    let (code, _, stderr) = run(postlint(root).arg("init"));
    assert_eq!(code, 0, "{stderr}");
    let config = std::fs::read_to_string(root.join("postlint.toml")).unwrap();
    let report = json(postlint(root).args(["check", "--fail-on", "never"]));
    let mut paths: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    (config, paths)
}

const UNTITLED: &str = "Text without a title, as templates and licences are.\n";

#[test]
fn init_on_a_hugo_tree_checks_only_content() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("hugo.toml", "baseURL = \"https://example.org/\"\n"),
            ("archetypes/default.md", UNTITLED),
            ("layouts/partials/note.md", UNTITLED),
            ("LICENSE.md", UNTITLED),
            ("AGENTS.md", UNTITLED),
            ("content/posts/first.md", UNTITLED),
            ("content/LICENSE.md", UNTITLED),
        ],
    );
    let (config, flagged) = init_and_check(tmp.path());
    insta::assert_snapshot!(config);
    // Only the post is missing a title; the licence inside content/ is named.
    assert_eq!(flagged, ["content/posts/first.md"]);
}

#[test]
fn init_on_a_jekyll_tree_excludes_jekylls_folders() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("_config.yml", "title: A blog\n"),
            ("_posts/2024-01-01-hello.md", UNTITLED),
            ("_layouts/post.md", UNTITLED),
            ("_includes/footer.md", UNTITLED),
            ("_site/2024/01/01/hello.md", UNTITLED),
            ("about.md", UNTITLED),
            ("CONTRIBUTING.md", UNTITLED),
        ],
    );
    let (config, flagged) = init_and_check(tmp.path());
    assert!(config.contains("for a Jekyll site"), "{config}");
    assert!(
        config.contains("exclude = [\"_site\", \"_layouts\", \"_includes\", \"CONTRIBUTING.md\"]"),
        "{config}"
    );
    assert_eq!(flagged, ["_posts/2024-01-01-hello.md", "about.md"]);
}

#[test]
fn init_never_replaces_a_config() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".postlint.toml"), "[rules]\n").unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).arg("init").env("NO_COLOR", "1"));
    assert_eq!(code, 2);
    assert!(stderr.contains(".postlint.toml already exists"), "{stderr}");
    assert!(!tmp.path().join("postlint.toml").exists());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(".postlint.toml")).unwrap(),
        "[rules]\n"
    );
}
