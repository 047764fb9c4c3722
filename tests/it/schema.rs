//! The JSON Schema of `postlint.toml` agrees with the config reader.

use std::path::Path;

use crate::support::{postlint, repo, run};

fn schema() -> serde_json::Value {
    let (code, stdout, stderr) = run(postlint(&repo()).args(["schema", "--isolated"]));
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn as_json(toml_text: &str) -> serde_json::Value {
    let table: toml::Table = toml::from_str(toml_text).unwrap();
    serde_json::to_value(table).unwrap()
}

/// Whether postlint itself accepts `toml_text` as a config.
fn postlint_accepts(toml_text: &str) -> bool {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("postlint.toml"), toml_text).unwrap();
    std::fs::write(tmp.path().join("post.md"), "# Title\n\nText.\n").unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).args(["check", "--fail-on", "never"]));
    assert!(code == 0 || code == 2, "{stderr}");
    code == 0
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(repo().join("docs/postlint.schema.json")).unwrap();
    let (_, generated, _) = run(postlint(&repo()).args(["schema", "--isolated"]));
    assert!(
        committed == generated,
        "docs/postlint.schema.json is stale: run `cargo run -- schema --isolated > docs/postlint.schema.json`"
    );
}

#[test]
fn the_schema_judges_configs_as_postlint_does() {
    let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
    let mut configs: Vec<(String, String)> = Vec::new();
    collect(&repo().join("fixtures"), &mut configs);
    assert!(configs.len() >= 5, "fixture configs: {configs:?}");
    // The README's example config, too.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("```toml\n[files]")
        .expect("the README's config example")
        + 8;
    let end = start + readme[start..].find("```").unwrap();
    configs.push(("README.md".into(), readme[start..end].to_string()));
    for (name, text) in &configs {
        let errors: Vec<String> = validator
            .iter_errors(&as_json(text))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    // Configs postlint refuses, which the schema must refuse too.
    for text in [
        "[files]\nexclud = [\"drafts/**\"]\n",
        "[rules.empty-sections]\nseverity = \"error\"\n",
        "[rules.empty-section]\nseverity = \"eror\"\n",
        "[rules.empty-section]\nrequire-direct-content = \"yes\"\n",
        "[rules.duplicate-paragraph]\nsimilarity = 1.5\n",
        "[rules.duplicate-paragraph]\nmin-words = -1\n",
        "[[overrides]]\nrules.missing-title = \"off\"\n",
        "rule-dirs = \"rules\"\n",
    ] {
        assert!(!postlint_accepts(text), "postlint accepts {text:?}");
        assert!(
            !validator.is_valid(&as_json(text)),
            "the schema accepts {text:?}"
        );
    }
}

fn collect(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.file_name().is_some_and(|n| n == "postlint.toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), text));
        }
    }
}
