//! Config errors point at the exact span, say what is wrong and what to do.

use crate::support::{postlint, run};

fn config_error(toml: &str) -> (i32, String) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("postlint.toml"), toml).unwrap();
    std::fs::write(tmp.path().join("post.md"), "# Title\n\nText.\n").unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).args(["check"]).env("NO_COLOR", "1"));
    (code, stderr)
}

#[test]
fn unknown_rule_names_and_keys_are_errors_with_suggestions() {
    let (code, stderr) = config_error(
        "[files]\nexclud = [\"drafts/**\"]\n\n[rules.empty-sections]\nseverity = \"error\"\n\n[rules.missing-title]\nserverity = \"off\"\n",
    );
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr);
}

#[test]
fn bad_values_and_toml_syntax_point_at_the_value() {
    let (code, stderr) = config_error(
        "[rules.empty-section]\nseverity = \"eror\"\nrequire-direct-content = \"yes\"\n\n[[overrides]]\nrules.missing-title = \"off\"\n",
    );
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr);
    let (code, stderr) = config_error("[rules\n");
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid TOML"), "{stderr}");
}

#[test]
fn a_cross_post_rules_options_in_an_override_are_refused_with_where_to_put_them() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[[overrides]]\nfiles = [\"drafts/**\"]\n[overrides.rules.duplicate-paragraph]\nseverity = \"info\"\nmin-words = 40\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("p.md"), "# T\n\nText.\n").unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).arg("check"));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("options of `duplicate-paragraph` cannot be set in an override"),
        "{stderr}"
    );
    assert!(
        stderr.contains("set them in [rules.duplicate-paragraph]"),
        "{stderr}"
    );
    // The span points at the option, not at the override as a whole.
    assert!(stderr.contains("min-words = 40"), "{stderr}");
}

#[test]
fn overrides_change_severity_for_matching_posts() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[rules]\nempty-section = \"error\"\n\n[[overrides]]\nfiles = [\"drafts/**\"]\nrules.empty-section = \"off\"\n\n[[overrides]]\nfiles = [\"notes/**\"]\n[overrides.rules.empty-section]\nseverity = \"info\"\nrequire-direct-content = true\n",
    )
    .unwrap();
    for dir in ["drafts", "notes", "posts"] {
        std::fs::create_dir(tmp.path().join(dir)).unwrap();
    }
    let post = "# T\n\n## Empty\n\n## Parent\n\n### Child\n\nText.\n";
    for dir in ["drafts", "notes", "posts"] {
        std::fs::write(tmp.path().join(dir).join("p.md"), post).unwrap();
    }
    let (code, stdout, stderr) = run(postlint(tmp.path()).args(["check", "--format", "concise"]));
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!(stdout);
}
