//! Bad input never stops a run: each bad file is named, the rest are checked.

use crate::support::{postlint, run};

#[test]
fn bad_files_are_reported_and_the_rest_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("latin1.md"), b"# Caf\xe9\n\ntext\n").unwrap();
    std::fs::write(dir.join("binary.md"), b"\x89PNG\r\n\x1a\n\x00\x00\x00").unwrap();
    std::fs::write(dir.join("empty.md"), "").unwrap();
    std::fs::write(
        dir.join("crlf.md"),
        "# Title\r\n\r\n## Empty\r\n\r\n## Full\r\n\r\ntext\r\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bom.md"),
        "\u{feff}---\ntitle: T\n---\n\n## Empty\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("broken-front-matter.md"),
        "---\ntitle: [oops\n---\n\ntext\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::fs::create_dir(dir.join("loop")).unwrap();
        std::os::unix::fs::symlink("../loop", dir.join("loop/again")).unwrap();
    }
    let (code, stdout, stderr) =
        run(postlint(dir).args(["check", "--isolated", "--format", "concise", "."]));
    assert_eq!(code, 2, "unreadable files make the exit code 2");
    assert!(
        stderr.contains("latin1.md: not valid UTF-8 (byte 0xe9 on line 1)"),
        "{stderr}"
    );
    assert!(stderr.contains("binary.md: binary file"), "{stderr}");
    #[cfg(unix)]
    assert!(stderr.contains("symbolic link loop"), "{stderr}");
    assert!(
        stdout.contains("crlf.md:3:1: warning: section \"Empty\" has no content"),
        "{stdout}"
    );
    assert!(
        stdout.contains("bom.md:5:1: warning: section \"Empty\" has no content"),
        "{stdout}"
    );
    assert!(
        stdout.contains("empty.md:1:1: warning: post has no title"),
        "{stdout}"
    );
    assert!(
        stdout.contains("broken-front-matter.md:3:1: error: front matter is not valid YAML"),
        "{stdout}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_large_post_is_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let paragraph = "Words of a long post that goes on and on, with *emphasis* and [links](https://example.com).\n\n";
    let mut text = String::from("# Big\n\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str("## Section\n\n");
        for _ in 0..20 {
            text.push_str(paragraph);
        }
    }
    text.push_str("## Empty at the end\n");
    std::fs::write(tmp.path().join("big.md"), &text).unwrap();
    let (code, stdout, stderr) = run(postlint(tmp.path()).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "--select",
        "empty-section",
    ]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("\"Empty at the end\""));
}

#[test]
fn posts_are_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let post = tmp.path().join("p.md");
    std::fs::write(&post, "## Empty\n").unwrap();
    let before = std::fs::metadata(&post).unwrap().modified().unwrap();
    run(postlint(tmp.path()).args(["check", "--isolated"]));
    assert_eq!(std::fs::read_to_string(&post).unwrap(), "## Empty\n");
    assert_eq!(
        std::fs::metadata(&post).unwrap().modified().unwrap(),
        before
    );
}

/// Runs `cmd`, killing it if it is still running after a minute: a regression
/// to a hang fails the test instead of stalling the suite. Not a timing test;
/// every case here ends in milliseconds.
fn run_or_kill(cmd: &mut std::process::Command) -> (i32, String, String) {
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("postlint hung: {cmd:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_post_the_parser_panics_on_is_a_file_error_and_the_rest_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let crash = crate::support::repo().join("fixtures/fuzz/pulldown-1115-task-setext.md");
    std::fs::copy(&crash, tmp.path().join("crash.md")).unwrap();
    std::fs::write(tmp.path().join("other.md"), "# Other\n\n## Empty\n").unwrap();
    let (code, stdout, stderr) =
        run(postlint(tmp.path()).args(["check", "--isolated", "--format", "concise", "."]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("crash.md: postlint failed on this post (slice index"),
        "{stderr}"
    );
    assert!(stderr.contains("1 file could not be checked"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stdout.contains("other.md:3:1: warning: section \"Empty\""),
        "{stdout}"
    );

    // Through standard input too, in JSON.
    let mut cmd = postlint(tmp.path());
    cmd.args([
        "check",
        "--isolated",
        "--format",
        "json",
        "--stdin-filename",
        "crash.md",
        "other.md",
    ]);
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let text = std::fs::read(&crash).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // other.md's empty section (its H1, whose only content that is, is not
    // reported as well).
    assert_eq!(json["summary"]["warnings"], 1, "{json}");
}

#[test]
fn every_fuzz_fixture_checks_without_a_panic() {
    let dir = crate::support::repo().join("fixtures/fuzz");
    let (code, stdout, stderr) = run_or_kill(postlint(&dir).args([
        "check",
        "--isolated",
        "--format",
        "json",
        "--threads",
        "2",
        ".",
    ]));
    assert!(code <= 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(json["diagnostics"].is_array());
}

#[cfg(unix)]
#[test]
fn special_files_never_hang_a_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("good.md"), "# Good\n\n## Empty\n").unwrap();
    let fifo = dir.join("fifo.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.md")).unwrap();
    // A FIFO or /dev/zero named as a post: refused, the rest still checked.
    let (code, stdout, stderr) = run_or_kill(postlint(dir).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "fifo.md",
        "zero.md",
        "good.md",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("fifo.md: not a regular file (it is a FIFO)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("zero.md: not a regular file (it is a device)"),
        "{stderr}"
    );
    assert!(stdout.contains("good.md:3:1"), "{stdout}");
    // Found by walking the folder, they are not posts at all.
    let (_, _, stderr) =
        run_or_kill(postlint(dir).args(["check", "--isolated", "--format", "concise", "."]));
    assert!(stderr.contains("in 1 of 1 file"), "{stderr}");
    // A FIFO as the config file or the baseline: a clear error.
    for flag in ["--config", "--baseline"] {
        let (code, _, stderr) =
            run_or_kill(postlint(dir).args(["check", flag, "fifo.md", "good.md"]));
        assert_eq!(code, 2, "{flag}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{flag}: {stderr}");
    }
}

#[test]
fn a_post_over_the_size_cap_is_refused_with_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    // Sparse: 65 MiB on paper, nothing on disk.
    let big = std::fs::File::create(tmp.path().join("big.md")).unwrap();
    big.set_len(65 << 20).unwrap();
    std::fs::write(tmp.path().join("good.md"), "# Good\n\ntext\n").unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).args(["check", "--isolated", "."]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("big.md: larger than 64 MiB, the most postlint reads from one file"),
        "{stderr}"
    );
}

#[test]
fn absurd_flags_are_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), "# A\n\ntext\n").unwrap();
    let (code, _, stderr) = run_or_kill(postlint(tmp.path()).args([
        "check",
        "--isolated",
        "-j",
        "18446744073709551615",
        "a.md",
    ]));
    assert_eq!(code, 0, "{stderr}");
    // The stdin path names a post, never a folder to walk.
    let (code, stdout, stderr) =
        run_or_kill(postlint(tmp.path()).args(["check", "--isolated", "--stdin-filename", "/"]));
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(
        stderr.contains("--stdin-filename / is a folder"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn output_files_never_replace_a_post() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("posts")).unwrap();
    let post = "# A\n\n## Empty\n";
    std::fs::write(dir.join("posts/a.md"), post).unwrap();
    std::os::unix::fs::symlink("posts/a.md", dir.join("link.md")).unwrap();
    let cases: [(&[&str], Option<&str>); 5] = [
        (&["--output-file", "posts/a.md"], None),
        (&["--output-file", "posts/../posts/a.md"], None),
        (&["--output-file", "link.md"], None),
        (&["--write-baseline", "posts/a.md"], None),
        (&["--format", "github"], Some("posts/a.md")),
    ];
    for (args, summary) in cases {
        let mut cmd = postlint(dir);
        cmd.args(["check", "--isolated", "posts"]).args(args);
        if let Some(summary) = summary {
            cmd.env("GITHUB_STEP_SUMMARY", summary);
        }
        let (code, _, stderr) = run(&mut cmd);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("is one of the posts being checked"),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("posts/a.md")).unwrap(),
            post,
            "{args:?}"
        );
    }
    // A report elsewhere is written whole, replacing the last one.
    std::fs::write(dir.join("report.json"), "old").unwrap();
    let (code, _, stderr) = run(postlint(dir).args([
        "check",
        "--isolated",
        "--format",
        "json",
        "--output-file",
        "report.json",
        "posts",
    ]));
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["warnings"], 1);
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn one_file_is_one_post_however_it_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("d")).unwrap();
    std::fs::write(
        dir.join("d/a.md"),
        "# A post\n\nA paragraph long enough to count as a duplicate if it were ever seen twice in the corpus of posts.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("a.md", dir.join("d/link.md")).unwrap();
    for args in [
        &["d/a.md", "d/../d/a.md"][..],
        &["d", "d/../d"][..],
        &["d"][..],
    ] {
        let (code, stdout, stderr) = run(postlint(dir)
            .args(["check", "--isolated", "--format", "concise"])
            .args(args));
        assert_eq!((code, stdout.as_str()), (0, ""), "{args:?}: {stderr}");
        assert!(stderr.contains("of 1 file"), "{args:?}: {stderr}");
    }
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    // A YAML title with ESC and BEL (an OSC that retitles the window), and a
    // file name with ESC and a newline.
    let post = "---\ntitle: \"\\e]0;pwned\\a\\e[31mred\"\n---\n\n## Empty\n";
    std::fs::write(tmp.path().join("a.md"), post).unwrap();
    #[cfg(unix)]
    std::fs::write(tmp.path().join("b\x1b[31m\nc.md"), "# B\n\n## Empty\n").unwrap();
    for format in ["human", "concise"] {
        let (code, stdout, stderr) = run(postlint(tmp.path()).args([
            "check",
            "--isolated",
            "--color",
            "never",
            "--format",
            format,
            ".",
        ]));
        assert_eq!(code, 1, "{stderr}");
        assert!(
            !stdout.contains('\x1b') && !stdout.contains('\x07'),
            "{format}: {stdout}"
        );
        assert!(stdout.contains("\\u{1b}"), "{format}: {stdout}");
        if format == "concise" {
            assert!(
                stdout.lines().all(|l| l.contains(": warning: ")),
                "{stdout}"
            );
        }
    }
}

#[test]
fn config_and_front_matter_errors_point_at_the_mistake() {
    let tmp = tempfile::tempdir().unwrap();
    // A duplicate YAML key is reported at the duplicate, not the map.
    std::fs::write(
        tmp.path().join("a.md"),
        "---\ntitle: A\ndate: 2024-01-01\ntitle: B\n---\n\ntext\n",
    )
    .unwrap();
    let (_, stdout, _) = run(postlint(tmp.path()).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "--select",
        "invalid-front-matter",
    ]));
    assert!(
        stdout.starts_with(
            "a.md:4:1: error: front matter is not valid YAML: duplicate entry with key \"title\""
        ),
        "{stdout}"
    );
    // An invalid glob is a config error with its place, not an unreadable file.
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[files]\nexclude = [\"a/{b\"]\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(postlint(tmp.path()).args(["check", "--color", "never"]));
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("invalid exclude glob \"a/{b\""), "{stderr}");
    assert!(stderr.contains("postlint.toml:2:12"), "{stderr}");
    assert!(!stderr.contains("could not be checked"), "{stderr}");
}
