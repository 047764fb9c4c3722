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
