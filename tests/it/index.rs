//! Re-checking one post against the corpus index, as an editor integration will.

use postlint::config::Config;
use postlint::engine::{Linter, RunOptions};
use postlint::rules::Registry;
use postlint::workspace::Workspace;

#[test]
fn one_edited_post_is_rechecked_without_rereading_the_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.md");
    let b = tmp.path().join("b.md");
    std::fs::write(&a, "# Launch day\n\nOld text.\n").unwrap();
    std::fs::write(&b, "# Something else\n\nText.\n\n## Empty\n").unwrap();
    let linter = Linter::new(
        &Workspace::new(
            tmp.path().to_path_buf(),
            Registry::builtin(),
            Config::default(),
        ),
        &[],
        &[],
    )
    .unwrap();
    let options = RunOptions {
        paths: vec![tmp.path().to_path_buf()],
        ..RunOptions::default()
    };
    let mut index = linter.build_index(&options);
    let rules: Vec<String> = linter
        .findings(&index)
        .iter()
        .map(|f| f.finding.rule.to_string())
        .collect();
    assert_eq!(rules, ["empty-section"]);

    // The other post is gone from disk: only the index remembers it.
    std::fs::remove_file(&a).unwrap();
    // Paths are shown relative to the workspace folder, the temporary one.
    let id = index
        .post_id(std::path::Path::new("b.md"))
        .expect("b.md is in the index");
    // An id the index does not hold is refused, and changes nothing.
    assert!(!linter.update(&mut index, 99, "# Launch Day\n".into()));
    assert_eq!(linter.findings(&index).len(), 1);
    assert!(linter.update(&mut index, id, "# Launch Day\n\nNow with content.\n".into()));
    let found: Vec<(String, String)> = linter
        .findings(&index)
        .iter()
        .map(|f| {
            (
                f.path.rsplit('/').next().unwrap().to_string(),
                f.finding.rule.to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("a.md".to_string(), "duplicate-title".to_string()),
            ("b.md".to_string(), "duplicate-title".to_string())
        ]
    );
}
