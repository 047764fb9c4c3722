//! The GitHub Action and pre-commit hook definitions, and the workflows the
//! README shows: valid YAML that uses only what `action.yml` declares, and an
//! action script that really runs postlint.

use std::collections::BTreeSet;

use serde_yaml_ng::Value as Yaml;

use crate::support::{repo, run};

fn load(text: &str) -> Yaml {
    serde_yaml_ng::from_str(text).unwrap_or_else(|e| panic!("bad YAML ({e}):\n{text}"))
}

fn load_file(path: &str) -> Yaml {
    load(&std::fs::read_to_string(repo().join(path)).unwrap())
}

fn keys(yaml: &Yaml) -> BTreeSet<String> {
    yaml.as_mapping()
        .map(|h| {
            h.keys()
                .filter_map(|k| k.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn action() -> Yaml {
    load_file("action.yml")
}

/// The `yaml` fenced blocks of the README.
fn readme_yaml_blocks() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```yaml\n") {
        let body = &rest[start + 8..];
        let end = body.find("```").expect("closing fence");
        blocks.push(body[..end].to_string());
        rest = &body[end..];
    }
    blocks
}

/// Whether a step's `uses` is this action.
fn is_postlint(uses: &str) -> bool {
    uses == "./"
        || uses
            .split('@')
            .next()
            .is_some_and(|r| r.ends_with("/postlint"))
}

/// Every step of every job of a workflow.
fn steps(workflow: &Yaml) -> Vec<&Yaml> {
    workflow["jobs"]
        .as_mapping()
        .expect("a workflow has jobs")
        .values()
        .flat_map(|job| job["steps"].as_sequence().expect("a job has steps").iter())
        .collect()
}

#[test]
fn action_yml_is_a_composite_action_with_the_documented_inputs() {
    let action = action();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let inputs = keys(&action["inputs"]);
    let want: BTreeSet<String> = ["paths", "format", "fail-on", "version", "args"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(inputs, want);
    for input in &inputs {
        let spec = &action["inputs"][input.as_str()];
        assert!(spec["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert_eq!(spec["required"].as_bool(), Some(false), "{input}");
    }
    // Every format the input names, its default included, is one postlint
    // accepts; the full list is `postlint check --help`'s, read from FORMATS.
    let format = &action["inputs"]["format"];
    let description = format["description"].as_str().unwrap();
    let named: Vec<&str> = description
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| postlint::report::FORMATS.iter().any(|f| f.name == *word))
        .collect();
    for name in ["github", "sarif", "gitlab", "junit"] {
        assert!(named.contains(&name), "format input should name {name}");
    }
    let default = format["default"].as_str().unwrap();
    assert!(
        postlint::report::FORMATS.iter().any(|f| f.name == default),
        "{default}"
    );
}

#[test]
fn readme_workflows_are_valid_yaml_and_use_only_documented_inputs() {
    let inputs = keys(&action()["inputs"]);
    let mut workflows = 0;
    let mut formats = BTreeSet::new();
    let mut uploads = 0;
    for block in readme_yaml_blocks() {
        let yaml = load(&block);
        if yaml["jobs"].is_null() {
            continue;
        }
        workflows += 1;
        assert!(!yaml["on"].is_null(), "a workflow needs triggers:\n{block}");
        let mut sarif_file = None;
        for step in steps(&yaml) {
            let Some(uses) = step["uses"].as_str() else {
                continue;
            };
            if is_postlint(uses) {
                let with = keys(&step["with"]);
                let unknown: Vec<_> = with.difference(&inputs).collect();
                assert!(
                    unknown.is_empty(),
                    "undocumented inputs {unknown:?}:\n{block}"
                );
                let format = step["with"]["format"].as_str().unwrap_or("github");
                formats.insert(format.to_string());
                if format == "sarif" {
                    let args = step["with"]["args"].as_str().unwrap_or("");
                    sarif_file = args
                        .split_whitespace()
                        .skip_while(|a| *a != "--output-file")
                        .nth(1)
                        .map(String::from);
                }
            } else if uses.starts_with("github/codeql-action/upload-sarif@") {
                uploads += 1;
                assert!(
                    step["if"].as_str().is_some(),
                    "upload even when postlint fails"
                );
                assert_eq!(
                    step["with"]["sarif_file"].as_str().map(String::from),
                    sarif_file,
                    "the uploaded file is the one postlint writes"
                );
            }
        }
    }
    assert_eq!(workflows, 2);
    assert_eq!(uploads, 1);
    assert!(formats.contains("sarif") && formats.contains("github"));
}

#[test]
fn the_project_ci_workflow_runs_the_checks_and_the_action() {
    let workflow = load_file(".github/workflows/ci.yml");
    let inputs = keys(&action()["inputs"]);
    let runs: Vec<&str> = steps(&workflow)
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(runs.contains(&"bash .ci/run"));
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    for command in [
        "cargo fmt --check",
        "cargo clippy --all-targets -- -D warnings",
        "cargo test",
        "tests/pre-commit-e2e.sh",
    ] {
        assert!(ci.contains(command), ".ci/run lacks {command}");
    }
    let own: Vec<_> = steps(&workflow)
        .into_iter()
        .filter(|s| s["uses"].as_str().is_some_and(is_postlint))
        .collect();
    assert!(!own.is_empty());
    for step in own {
        assert!(keys(&step["with"]).is_subset(&inputs));
    }
}

#[test]
fn the_pre_commit_hook_is_declared_as_pre_commit_expects() {
    let hooks = load_file(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().unwrap();
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["id"].as_str(), Some("postlint"));
    assert_eq!(hook["language"].as_str(), Some("rust"));
    assert_eq!(hook["require_serial"].as_bool(), Some(true));
    let types: Vec<&str> = hook["types_or"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    assert_eq!(types, ["markdown"]);
    let entry = hook["entry"].as_str().unwrap();
    assert_eq!(entry, "postlint check --force-exclude");
}

#[test]
fn the_action_script_runs_postlint_with_its_inputs() {
    let action = action();
    let step = action["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str() == Some("Run postlint"))
        .expect("a Run postlint step");
    let script = step["run"].as_str().unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_postlint"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (code, stdout, stderr) = run(std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .current_dir(repo())
        .env("PATH", path)
        .env("POSTLINT_CACHE_DIR", crate::support::shared_cache())
        .env("GITHUB_WORKSPACE", repo())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env(
            "POSTLINT_PATHS",
            "fixtures/rules/duplicate-title\nfixtures/seed/*.md",
        )
        .env("POSTLINT_FORMAT", "github")
        .env("POSTLINT_FAIL_ON", "error")
        .env("POSTLINT_ARGS", "--isolated --select duplicate-title"));
    // The glob is not expanded: postlint is told about a file named `*.md`.
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("fixtures/seed/*.md"), "{stderr}");
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stdout
            .starts_with("::warning file=fixtures/rules/duplicate-title/bad-first-copy.md,line=2,")
    );
}

/// A step of `action.yml` by name, as its bash script.
fn action_script(name: &str) -> String {
    let action = action();
    let step = action["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("a {name:?} step"))
        .clone();
    step["run"].as_str().unwrap().to_string()
}

#[test]
fn the_action_reuses_a_cached_binary_of_the_wanted_version() {
    // The cache step restores the binary into the folder the build step names;
    // the install step must then use it, not build again.
    let tmp = tempfile::tempdir().unwrap();
    let outputs = tmp.path().join("outputs");
    let (code, _, stderr) = run(std::process::Command::new("bash")
        .args([
            "-euo",
            "pipefail",
            "-c",
            &action_script("Choose the postlint build"),
        ])
        .env("HOME", tmp.path())
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("POSTLINT_VERSION", "")
        .env("POSTLINT_SOURCE", repo()));
    assert_eq!(code, 0, "{stderr}");
    let outputs = std::fs::read_to_string(outputs).unwrap();
    assert!(
        outputs.contains("key=postlint-Linux-X64-source-"),
        "{outputs}"
    );
    let dir = outputs
        .lines()
        .find_map(|l| l.strip_prefix("dir="))
        .unwrap()
        .to_string();
    let bin = std::path::Path::new(&dir).join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_postlint"), bin.join("postlint")).unwrap();
    let github_path = tmp.path().join("path");
    let (code, stdout, stderr) = run(std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", &action_script("Install postlint")])
        .env("GITHUB_PATH", &github_path)
        .env("POSTLINT_VERSION", "")
        .env("POSTLINT_SOURCE", repo())
        .env("POSTLINT_DIR", &dir)
        // No cargo: a build would fail the step.
        .env("PATH", "/usr/bin:/bin"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("restored from the cache"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(github_path).unwrap().trim(),
        bin.display().to_string()
    );
}
