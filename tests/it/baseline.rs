//! Baselines: record today's findings, then see only new ones, even after the
//! recorded ones move to other lines.

use std::path::Path;

use crate::support::{postlint, run};

const POST: &str = "# Launch\n\n## Setup\n\n## Results\n\nSales doubled.\n";

fn concise(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run(postlint(dir)
        .args(["check", "--isolated", "--format", "concise"])
        .args(args))
}

#[test]
fn a_baseline_hides_recorded_findings_until_a_new_one_appears() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("posts")).unwrap();
    std::fs::write(dir.join("posts/a.md"), POST).unwrap();
    std::fs::write(dir.join("posts/b.md"), "## No title\n").unwrap();

    let (code, stdout, stderr) = concise(dir, &["--write-baseline", "baseline.json"]);
    assert_eq!(
        code, 0,
        "writing a baseline accepts today's findings: {stderr}"
    );
    // `concise` asks for a format, so the findings print; without one, only the
    // summary would.
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(
        stderr.contains("wrote 3 findings to baseline.json"),
        "{stderr}"
    );
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(file["version"], 1);
    assert_eq!(file["findings"][0]["rule"], "empty-section");
    assert_eq!(file["findings"][0]["path"], "posts/a.md");

    let (code, stdout, stderr) = concise(dir, &["--baseline", "baseline.json"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert!(
        stderr.contains("3 findings recorded in the baseline not shown"),
        "{stderr}"
    );

    // Text added above moves every finding to other lines: still baselined.
    std::fs::write(
        dir.join("posts/a.md"),
        format!("Intro paragraph.\n\nAnother one.\n\n{POST}"),
    )
    .unwrap();
    let (code, stdout, _) = concise(dir, &["--baseline", "baseline.json"]);
    assert_eq!((code, stdout.as_str()), (0, ""));

    // A new empty section is new, even though the same problem is baselined.
    std::fs::write(
        dir.join("posts/a.md"),
        format!("Intro paragraph.\n\n{POST}\n## Later\n"),
    )
    .unwrap();
    let (code, stdout, _) = concise(dir, &["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "posts/a.md:11:1: warning: section \"Later\" has no content [empty-section]\n"
    );

    // The baseline's paths are relative to its own folder, so it works from a
    // subfolder too.
    let (code, stdout, _) = concise(&dir.join("posts"), &["--baseline", "../baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "a.md:11:1: warning: section \"Later\" has no content [empty-section]\n"
    );

    // Fixing a baselined problem just makes the baseline's entry unused.
    std::fs::write(dir.join("posts/b.md"), "# Titled\n\nText.\n").unwrap();
    let (_, stdout, _) = concise(dir, &["--baseline", "baseline.json"]);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

#[test]
fn a_missing_or_malformed_baseline_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), POST).unwrap();
    let (code, _, stderr) = concise(tmp.path(), &["--baseline", "nope.json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read baseline nope.json"),
        "{stderr}"
    );
    std::fs::write(
        tmp.path().join("bad.json"),
        "{\"version\": 2, \"findings\": []}",
    )
    .unwrap();
    let (code, _, stderr) = concise(tmp.path(), &["--baseline", "bad.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("has version 2"), "{stderr}");
}

#[test]
fn a_new_post_repeating_recorded_text_is_flagged_whichever_copy_is_the_original() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let paragraph = "Every release of the reference ships with the same installation notes, \
                     which tell readers how to add the module from the gallery and verify it.";
    std::fs::create_dir(dir.join("reference")).unwrap();
    for name in ["legacy-a", "legacy-b"] {
        std::fs::write(
            dir.join(format!("reference/{name}.md")),
            format!("# {name}\n\nText of {name} alone.\n\n{paragraph}\n"),
        )
        .unwrap();
    }
    let args = ["--select", "duplicate-paragraph"];
    let (_, stdout, _) = concise(dir, &[&args[..], &["--write-baseline", "b.json"]].concat());
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    // Undated, and first by path: the new post becomes the original, which
    // moves the finding onto legacy-a.md.
    std::fs::write(
        dir.join("reference/0-new.md"),
        format!("# New\n\nA new page.\n\n{paragraph}\n"),
    )
    .unwrap();
    let (_, without, _) = concise(dir, &args);
    assert!(without.contains("reference/legacy-a.md:5:1"), "{without}");
    let (code, stdout, _) = concise(dir, &[&args[..], &["--baseline", "b.json"]].concat());
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "reference/0-new.md:5:1: warning: same text as reference/legacy-a.md:5, which the baseline records [duplicate-paragraph]\n"
    );
}

#[test]
fn writing_a_baseline_prints_only_the_summary_unless_a_format_is_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), POST).unwrap();
    let (code, stdout, stderr) =
        run(postlint(tmp.path()).args(["check", "--isolated", "--write-baseline", "b.json"]));
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert!(stderr.contains("wrote 1 finding to b.json"), "{stderr}");
}
