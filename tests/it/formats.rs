//! Every format: snapshots of each on the seed posts and on a corpus with a
//! finding of every severity, plus the promises each format's readers rely on.
//! The formats come from `report::FORMATS`, so a new one is snapshotted here.

use std::path::Path;

use crate::support::{postlint, repo, run};

/// Every format's name.
fn formats() -> impl Iterator<Item = &'static str> {
    postlint::report::FORMATS.iter().map(|f| f.name)
}

/// Runs `postlint check` in `dir` with `args`, with the repository pinned to this
/// one whether or not the checkout has a `.git`; the repository's absolute path
/// is replaced by `[REPO]` so snapshots do not depend on where it is.
fn check_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let (code, stdout, stderr) = run(postlint(dir)
        .env("GITHUB_WORKSPACE", repo())
        .env_remove("CI_PROJECT_DIR")
        .arg("check")
        .args(dir.starts_with(corpus()).then_some(CORPUS_RULES))
        .args(args));
    let root = repo().to_string_lossy().into_owned();
    (code, stdout.replace(&root, "[REPO]"), stderr)
}

/// The rules the integration corpus is written for, so rules added later do
/// not change what these tests see.
pub const CORPUS_RULES: &str = "--select=duplicate-title,empty-section,missing-title";

fn corpus() -> std::path::PathBuf {
    repo().join("fixtures/corpus/integrations")
}

/// Output as snapshotted: SARIF is written on one line, which code scanning
/// wants and people cannot review, so it is pretty-printed here.
fn readable(format: &str, stdout: String) -> String {
    if format != "sarif" {
        return stdout;
    }
    assert_eq!(stdout.lines().count(), 1, "SARIF is compact");
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    serde_json::to_string_pretty(&log).unwrap() + "\n"
}

#[test]
fn every_format_on_the_seed() {
    for format in formats() {
        let (_, stdout, stderr) = check_in(
            &repo().join("fixtures"),
            &["--isolated", "--format", format, "seed"],
        );
        assert!(!stderr.contains("error:"), "{stderr}");
        insta::assert_snapshot!(format!("seed_{format}"), readable(format, stdout));
    }
}

#[test]
fn every_format_on_a_corpus_with_findings() {
    for format in formats() {
        let (code, stdout, _) = check_in(&corpus(), &["--format", format]);
        assert_eq!(code, 1, "{format}");
        insta::assert_snapshot!(format!("corpus_{format}"), readable(format, stdout));
    }
}

/// 25,010 empty sections, ten of them errors: one more result than GitHub
/// accepts in a SARIF run, ten times over, and a summary table of 2.5 MB.
fn many_findings() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let mut post = String::from("# Many\n\nIntro.\n\n");
    for i in 0..25_000 {
        post.push_str(&format!("## Warning {i}\n\n"));
    }
    std::fs::write(tmp.path().join("many.md"), post).unwrap();
    let errors: String = (0..10).map(|i| format!("## Error {i}\n\n")).collect();
    std::fs::write(
        tmp.path().join("worse.md"),
        format!("# Worse\n\nIntro.\n\n{errors}"),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[[overrides]]\nfiles = [\"worse.md\"]\nrules.empty-section = \"error\"\n",
    )
    .unwrap();
    tmp
}

#[test]
fn sarif_stays_within_code_scannings_limits_worst_first() {
    let tmp = many_findings();
    let (code, stdout, stderr) =
        run(postlint(tmp.path()).args(["check", "--select", "empty-section", "--format", "sarif"]));
    assert_eq!(code, 1, "{stderr}");
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 25_000);
    let kept_errors = results.iter().filter(|r| r["level"] == "error").count();
    assert_eq!(kept_errors, 10, "the most severe are kept");
    // The engine's order holds among those kept: the last warnings went.
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
    let note = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "warning");
    let text = note["message"]["text"].as_str().unwrap();
    assert!(text.contains("holds 25000 of 25010 findings"), "{text}");
    assert!(
        stderr.contains("the 10 least severe are left out"),
        "{stderr}"
    );
}

fn sarif_of(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "sarif"];
    all.extend(args);
    let (_, stdout, _) = check_in(dir, &all);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad SARIF ({e}): {stdout}"))
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("fixtures/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let missing = repo().join("fixtures/corpus/integrations/missing.md");
    let missing = missing.to_str().unwrap();
    let logs = [
        sarif_of(&repo().join("fixtures"), &["--isolated", "seed"]),
        sarif_of(&corpus(), &[]),
        // A file that cannot be read becomes a tool execution notification.
        sarif_of(&corpus(), &["a-launch.md", missing]),
    ];
    for log in &logs {
        let errors: Vec<String> = validator
            .iter_errors(log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }
    // The schema is lenient about what code scanning needs; check that too.
    let run = &logs[1]["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        for field in ["shortDescription", "fullDescription"] {
            assert!(rule[field]["text"].as_str().is_some_and(|t| !t.is_empty()));
        }
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## Why it matters")
        );
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
    }
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["postlint/v1"].is_string());
    }
    let duplicate = &run["results"][0];
    assert_eq!(duplicate["ruleId"], "duplicate-title");
    assert_eq!(
        duplicate["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/corpus/integrations/b-launch.md"
    );
    // A space and a comma in a name are percent-encoded in the URI.
    let untitled = &run["results"][3]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        untitled["uri"],
        "fixtures/corpus/integrations/c%20untitled%2C%20draft.md"
    );
    let invocation = &logs[2]["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(invocation["exitCode"], 2);
    assert_eq!(logs[1]["runs"][0]["invocations"][0]["exitCode"], 1);
}

/// Copies the integration corpus to a temporary folder, with `post` changed.
fn corpus_copy(edit: impl Fn(&str, String) -> String) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        std::fs::write(tmp.path().join(&name), edit(&name, text)).unwrap();
    }
    tmp
}

/// Adds paragraphs after the first blank line of every post, which moves the
/// sections below but leaves titles and first lines where they are.
fn push_lines_down(name: &str, text: String) -> String {
    match text.split_once("\n\n") {
        Some((head, tail)) if name.ends_with(".md") => {
            format!("{head}\n\nA new paragraph.\n\nAnd a second one.\n\n{tail}")
        }
        _ => text,
    }
}

#[test]
fn fingerprints_are_unique_and_survive_lines_moving_in_sarif_and_gitlab() {
    let gitlab = |dir: &Path| {
        let (_, stdout, _) = run(postlint(dir).args(["check", CORPUS_RULES, "--format", "gitlab"]));
        let issues: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        issues
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let sarif = |dir: &Path| {
        let (_, stdout, _) = run(postlint(dir).args(["check", CORPUS_RULES, "--format", "sarif"]));
        let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["postlint/v1"].clone())
            .collect::<Vec<_>>()
    };
    let before = corpus_copy(|_, text| text);
    let after = corpus_copy(push_lines_down);
    let (old, new) = (gitlab(before.path()), gitlab(after.path()));
    assert_eq!(old.len(), 6);
    // The two empty "TODO" sections of one post are told apart.
    let mut unique: Vec<&String> = old.iter().map(|(f, _)| f).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), old.len());
    for ((f1, line1), (f2, line2)) in old.iter().zip(&new) {
        assert_eq!(f1, f2);
        assert!(line2 >= line1);
    }
    let moved = old.iter().zip(&new).filter(|(a, b)| b.1 > a.1).count();
    assert_eq!(moved, 3, "the edit moves every empty section down");
    assert_eq!(sarif(before.path()), sarif(after.path()));
}

#[test]
fn github_annotations_put_errors_first_and_escape_what_ends_a_command() {
    let (_, stdout, _) = check_in(&corpus(), &["--format", "github"]);
    let kinds: Vec<&str> = stdout
        .lines()
        .map(|l| l.split_once(' ').unwrap().0)
        .collect();
    assert_eq!(
        kinds,
        [
            "::error",
            "::error",
            "::error",
            "::warning",
            "::warning",
            "::notice"
        ]
    );
    for line in stdout.lines() {
        let (properties, message) = line.split_once("::").unwrap().1.split_once("::").unwrap();
        // Properties are split at commas; each holds exactly one `=`.
        for property in properties.split_once(' ').unwrap().1.split(',') {
            assert_eq!(property.matches('=').count(), 1, "{property}");
        }
        assert!(!message.contains('\r'));
    }
    assert!(stdout.contains(
        "file=fixtures/corpus/integrations/c untitled%2C draft.md,line=3,col=1,endLine=3,endColumn=8,title=empty-section::section \"TODO\" has no content"
    ));
    assert!(stdout.contains("100%25, a < b & more\" is also the title of 1 other post%0Asame title: fixtures/corpus/integrations/b-launch.md:1:1%0Ahelp: "));
}

#[test]
fn github_says_when_there_are_more_annotations_than_it_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let headings: String = (1..=11).map(|i| format!("## Empty {i}\n\n")).collect();
    std::fs::write(
        tmp.path().join("p.md"),
        format!("# T\n\nText.\n\n{headings}"),
    )
    .unwrap();
    let (_, stdout, _) =
        run(postlint(tmp.path()).args(["check", "--isolated", "--format", "github"]));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 12);
    assert_eq!(
        lines[0],
        "::notice title=postlint::11 problems (0 errors, 11 warnings, 0 infos) in 1 of 1 file; GitHub shows only 10 annotations of each kind per step, so some are not on the diff: the job summary lists them all"
    );
    // Ten or fewer of each kind: no notice.
    std::fs::write(tmp.path().join("p.md"), "# T\n\nText.\n\n## Empty\n").unwrap();
    let (_, stdout, _) =
        run(postlint(tmp.path()).args(["check", "--isolated", "--format", "github"]));
    assert_eq!(stdout.lines().count(), 1);
}

#[test]
fn github_appends_a_table_of_every_finding_to_the_step_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let summary = tmp.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let (_, _, _) = run(postlint(&corpus())
        .env("GITHUB_WORKSPACE", repo())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", CORPUS_RULES, "--format", "github"]));
    let text = std::fs::read_to_string(&summary).unwrap();
    insta::assert_snapshot!(text);
    // A run whose table would pass GitHub's 1 MiB limit lists what fits, the
    // most severe first, and says how many are not listed.
    let many = many_findings();
    let big = many.path().join("summary.md");
    run(postlint(many.path())
        .env("GITHUB_STEP_SUMMARY", &big)
        .args(["check", "--select", "empty-section", "--format", "github"]));
    let text = std::fs::read_to_string(&big).unwrap();
    assert!(text.len() < 1024 * 1024, "{} bytes", text.len());
    assert!(
        text.contains("| `empty-section` | warning | 25000 | 1 |"),
        "{}",
        &text[..600]
    );
    assert!(text.contains("| `many.md` | 25000 |"));
    let first_row = text
        .lines()
        .find(|l| l.contains("`many.md:") || l.contains("`worse.md:"));
    assert!(
        first_row.is_some_and(|r| r.starts_with("| error |")),
        "{first_row:?}"
    );
    assert!(text.contains(" more not listed: GitHub drops a step summary over 1 MiB"));
    // Without the variable nothing is written anywhere else.
    let (_, _, stderr) = check_in(&corpus(), &["--format", "github"]);
    assert!(!stderr.contains("warning:"), "{stderr}");
}

#[test]
fn junit_has_a_case_per_post_and_a_failure_per_finding() {
    let (_, stdout, _) = check_in(&corpus(), &["--format", "junit", ".", "missing.md"]);
    assert_eq!(stdout.matches("<testcase ").count(), 5);
    assert_eq!(stdout.matches("<failure ").count(), 6);
    assert!(
        stdout.contains(r#"<testcase name="d-clean.md" classname="postlint" file="d-clean.md"/>"#)
    );
    assert!(stdout.contains(r#"<error type="unreadable" message="no such file or directory"/>"#));
    assert!(stdout.contains(r#"tests="5" failures="3" errors="1""#));
}

#[test]
fn rdjson_columns_count_bytes() {
    let (_, stdout, _) = check_in(&corpus(), &["--format", "rdjson", "a-launch.md"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let range = &report["diagnostics"][0]["location"]["range"];
    // `title: "Café launch: …"`: the é is two bytes, so the end is one column on.
    let title = "Café launch: 100%, a < b & more";
    assert_eq!(range["start"], serde_json::json!({"line": 2, "column": 9}));
    assert_eq!(
        range["end"]["column"].as_u64().unwrap() as usize,
        9 + title.len()
    );
    assert_eq!(title.len(), title.chars().count() + 1);
}

#[test]
fn output_file_gets_the_format_and_the_terminal_only_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("postlint.sarif");
    let (code, stdout, stderr) = check_in(
        &corpus(),
        &[
            "--format",
            "sarif",
            "--output-file",
            file.to_str().unwrap(),
            "--color",
            "never",
        ],
    );
    assert_eq!(code, 1);
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 6);
    assert_eq!(stdout, "");
    assert!(stderr.contains("6 problems"), "{stderr}");

    let (code, _, stderr) = check_in(
        &corpus(),
        &[
            "--format",
            "sarif",
            "--output-file",
            "/nonexistent/dir/out.sarif",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot write /nonexistent/dir/out.sarif"),
        "{stderr}"
    );
}
