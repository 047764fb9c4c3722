//! Snapshots of real output on the seed posts, in every format of the core.

use crate::support::{postlint, repo, run, without_timing};

fn seed(format: &str) -> (i32, String, String) {
    run(postlint(&repo().join("fixtures")).args([
        "check",
        "--isolated",
        "--color",
        "never",
        "--format",
        format,
        "seed",
    ]))
}

#[test]
fn seed_human() {
    let (_, stdout, stderr) = seed("human");
    insta::assert_snapshot!(stdout);
    insta::assert_snapshot!(without_timing(&stderr));
}

#[test]
fn seed_concise() {
    let (_, stdout, _) = seed("concise");
    insta::assert_snapshot!(stdout);
}

#[test]
fn seed_grouped() {
    let (_, stdout, _) = seed("grouped");
    insta::assert_snapshot!(stdout);
    // Colour only when asked for: paths bold, severities by kind, rules dim.
    let (_, coloured, _) = run(postlint(&repo().join("fixtures")).args([
        "check",
        "--isolated",
        "--color",
        "always",
        "--format",
        "grouped",
        "seed/usage-based-pricing.md",
    ]));
    assert!(
        coloured.starts_with(
            "\x1b[1mseed/usage-based-pricing.md\x1b[0m:\n  1:1  \x1b[33mwarning\x1b[0m "
        ),
        "{coloured:?}"
    );
}

#[test]
fn seed_json() {
    let (_, stdout, _) = seed("json");
    insta::assert_snapshot!(stdout);
}

#[test]
fn seed_has_none_of_the_core_problems() {
    let (_, stdout, _) = run(postlint(&repo().join("fixtures")).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "--select",
        "empty-section,missing-title,title-heading-mismatch,duplicate-title",
        "seed",
    ]));
    assert_eq!(stdout, "");
}

#[test]
fn human_output_shows_related_places_with_their_own_snippet() {
    let dir = repo().join("fixtures/rules/duplicate-title");
    let (_, stdout, _) = run(postlint(&dir).args([
        "check",
        "--isolated",
        "--color",
        "never",
        "--select",
        "duplicate-title",
        "bad-first-copy.md",
        "bad-second-copy.md",
    ]));
    insta::assert_snapshot!(stdout);
}

#[test]
fn json_follows_the_version_1_contract() {
    let dir = repo().join("fixtures/rules/title-heading-mismatch");
    let (_, stdout, _) = run(postlint(&dir).args([
        "check",
        "--isolated",
        "--format",
        "json",
        "bad-different.md",
    ]));
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "postlint");
    assert_eq!(report["files_checked"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "title-heading-mismatch");
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 5, "column": 1})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 5, "column": 20})
    );
    assert_eq!(d["offset"], serde_json::json!({"start": 34, "end": 53}));
    assert_eq!(
        d["related"][0]["range"]["start"],
        serde_json::json!({"line": 2, "column": 8})
    );
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 0, "warnings": 1, "infos": 0})
    );
}

#[test]
fn fingerprints_survive_lines_moving() {
    let tmp = tempfile::tempdir().unwrap();
    let post = tmp.path().join("p.md");
    let fingerprints = |text: &str| {
        std::fs::write(&post, text).unwrap();
        let (_, stdout, _) =
            run(postlint(tmp.path()).args(["check", "--isolated", "--format", "json", "p.md"]));
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["fingerprint"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let before = fingerprints("# T\n\n## Setup\n\n## Usage\n\ntext\n");
    let after =
        fingerprints("# T\n\nA new paragraph.\n\nAnd another.\n\n## Setup\n\n## Usage\n\ntext\n");
    assert_eq!(before.len(), 1);
    assert_eq!(before, after);
}

#[test]
fn suppression_comments_silence_findings() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("p.md"),
        "# T\n\n<!-- postlint-disable-next empty-section -->\n## A\n\n## B\n\n<!-- postlint-disable -->\n## C\n\n<!-- postlint-enable -->\n## D\n\n## E\n\ntext\n",
    )
    .unwrap();
    let (_, stdout, _) =
        run(postlint(tmp.path()).args(["check", "--isolated", "--format", "concise"]));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].contains("\"B\""));
    assert!(lines[1].contains("\"D\""));
    std::fs::write(
        tmp.path().join("p.md"),
        "<!-- postlint-disable-file empty-section -->\n# T\n\n## A\n",
    )
    .unwrap();
    let (code, _, _) = run(postlint(tmp.path()).args(["check", "--isolated"]));
    assert_eq!(code, 0);
}

/// (rule, line, message, help) of every finding, from JSON output.
fn findings_of(cmd: &mut std::process::Command) -> Vec<(String, u64, String, String)> {
    let report = crate::support::json(cmd);
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn misspelt_suppression_directives_are_reported_with_the_directive_meant() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("p.md"),
        "# T\n\n<!-- postlint-disabel-next empty-section -->\n## A\n\n\
         <!-- postlint-disable-line empty-section -->\n## B\n\n\
         ## C\n\n<!-- postlint is run in CI -->\n\ntext\n",
    )
    .unwrap();
    let found = findings_of(postlint(tmp.path()).args(["check", "--isolated"]));
    let summary: Vec<(&str, u64)> = found.iter().map(|f| (f.0.as_str(), f.1)).collect();
    // Neither near miss silences its section; the prose comment is no directive.
    assert_eq!(
        summary,
        [
            ("invalid-suppression", 3),
            ("empty-section", 4),
            ("invalid-suppression", 6),
            ("empty-section", 7),
        ],
        "{found:#?}"
    );
    assert_eq!(
        found[0].2,
        "unknown suppression directive `postlint-disabel-next`"
    );
    assert!(
        found[0]
            .3
            .starts_with("did you mean `postlint-disable-next`?"),
        "{}",
        found[0].3
    );
    assert!(
        found[2].3.contains("`<!-- postlint-disable-next RULE -->`"),
        "{}",
        found[2].3
    );
}

#[test]
fn unused_suppressions_are_reported_when_asked_and_cross_post_findings_count() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = "Every release is built on the nightly channel first and promoted to beta \
                  six weeks later, so a regression has twelve weeks to be noticed.";
    std::fs::write(
        tmp.path().join("a.md"),
        format!("# Release trains\n\n{shared}\n"),
    )
    .unwrap();
    let copy = format!(
        "# Channels\n\n<!-- postlint-disable-next duplicate-paragraph -->\n{shared}\n\n\
         <!-- postlint-disable-next empty-section -->\n## Filled\n\ntext\n\n\
         <!-- postlint-disable-next title-body-mismatch -->\nMore text about channels.\n\n\
         <!-- postlint-disable-next -->\nChannels again.\n"
    );
    std::fs::write(tmp.path().join("b.md"), &copy).unwrap();
    let check = |extra: &[&str]| {
        let mut cmd = postlint(tmp.path());
        cmd.args(["check", "--isolated", "--ignore", "title-body-mismatch"]);
        findings_of(cmd.args(extra))
    };
    // Off by default, and the copy is silenced.
    assert_eq!(check(&[]), []);
    let found = check(&["--extend-select", "unused-suppression"]);
    let summary: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|f| (f.0.as_str(), f.1, f.2.as_str()))
        .collect();
    // The cross-post copy's comment is used; a rule that did not run is not
    // judged; a nameless comment over clean text is unused.
    assert_eq!(
        summary,
        [
            (
                "unused-suppression",
                6,
                "suppression of `empty-section` silences no finding"
            ),
            (
                "unused-suppression",
                14,
                "suppression comment silences no finding"
            ),
        ],
        "{found:#?}"
    );
    // Without its comment, the copy is found: the first comment did work.
    std::fs::write(
        tmp.path().join("b.md"),
        copy.replace("duplicate-paragraph -->", "x -->"),
    )
    .unwrap();
    assert!(check(&[]).iter().any(|f| f.0 == "duplicate-paragraph"));
}

#[test]
fn concise_is_coloured_when_asked_and_human_output_takes_the_terminal_width() {
    let (_, coloured, _) = run(postlint(&repo().join("fixtures")).args([
        "check",
        "--isolated",
        "--color",
        "always",
        "--format",
        "concise",
        "seed/usage-based-pricing.md",
    ]));
    assert!(
        coloured
            .starts_with("\x1b[1mseed/usage-based-pricing.md\x1b[0m:1:1: \x1b[33mwarning\x1b[0m: "),
        "{coloured:?}"
    );
    let human = |columns: &str| {
        let (_, stdout, _) = run(postlint(&repo().join("fixtures"))
            .args(["check", "--isolated", "--color", "never", "seed"])
            .env("COLUMNS", columns));
        stdout.lines().count()
    };
    // Messages and help wrap at the width (source lines are shown whole).
    let (narrow, wide) = (human("60"), human("160"));
    assert!(narrow > wide, "{narrow} lines at 60 columns, {wide} at 160");
}
