//! What editors rely on: the documented problem matcher and errorformat read the
//! real concise output, and `--stdin-filename` checks an unsaved buffer against
//! the rest of the project.

use std::io::Write;
use std::process::Stdio;

use regex::Regex;

use crate::formats::CORPUS_RULES;
use crate::support::{json, postlint, repo, run};

fn editors_doc() -> String {
    std::fs::read_to_string(repo().join("docs/editors.md")).unwrap()
}

/// The body of the first fenced block of `lang` in `doc`.
fn fenced<'a>(doc: &'a str, lang: &str) -> &'a str {
    let open = format!("```{lang}\n");
    let start = doc.find(&open).expect("fenced block") + open.len();
    let len = doc[start..].find("```").expect("closing fence");
    &doc[start..start + len]
}

/// What a matcher must find in a line: path, line, column, severity, message, rule.
type Expected = (String, u64, u64, String, String, String);

/// The concise lines and JSON findings of the integration corpus, which has a
/// finding of each severity and a post name with a space and a comma.
fn concise_and_expected() -> (String, Vec<Expected>) {
    let dir = repo().join("fixtures/corpus/integrations");
    let (_, concise, _) = run(postlint(&dir).args(["check", CORPUS_RULES, "--format", "concise"]));
    let report = json(postlint(&dir).args(["check", CORPUS_RULES]));
    let expected = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (concise, expected)
}

#[test]
fn the_documented_vs_code_problem_matcher_reads_concise_output() {
    let tasks: serde_json::Value = serde_json::from_str(fenced(&editors_doc(), "json")).unwrap();
    let matcher = &tasks["tasks"][0]["problemMatcher"];
    let pattern = &matcher["pattern"];
    let re = Regex::new(pattern["regexp"].as_str().unwrap()).unwrap();
    let group = |name: &str| pattern[name].as_u64().unwrap() as usize;
    let (concise, expected) = concise_and_expected();
    assert_eq!(concise.lines().count(), expected.len());
    assert_eq!(expected.len(), 6);
    for (line, want) in concise.lines().zip(&expected) {
        let caps = re
            .captures(line)
            .unwrap_or_else(|| panic!("no match: {line}"));
        let got: Expected = (
            caps[group("file")].to_string(),
            caps[group("line")].parse().unwrap(),
            caps[group("column")].parse().unwrap(),
            caps[group("severity")].to_string(),
            caps[group("message")].to_string(),
            caps[group("code")].to_string(),
        );
        assert_eq!(&got, want);
    }
}

/// A regex doing what Vim does with the subset of `errorformat` the docs use.
fn errorformat_regex(format: &str) -> Regex {
    let mut re = String::from("^");
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        let (piece, len) = if rest.starts_with("%*[a-z]") {
            ("[a-z]*".to_string(), 7)
        } else if c == '%' {
            let piece = match rest[1..].chars().next() {
                Some('f') => "(?P<f>.+?)",
                Some('l') => "(?P<l>\\d+)",
                Some('c') => "(?P<c>\\d+)",
                Some('t') => "(?P<t>.)",
                Some('m') => "(?P<m>.+)",
                other => panic!("errorformat item %{other:?} is not interpreted here"),
            };
            (piece.to_string(), 2)
        } else if rest.starts_with("\\ ") {
            (" ".to_string(), 2)
        } else {
            (regex::escape(&c.to_string()), c.len_utf8())
        };
        re.push_str(&piece);
        rest = &rest[len..];
    }
    re.push('$');
    Regex::new(&re).unwrap()
}

#[test]
fn the_documented_vim_errorformat_reads_concise_output() {
    let doc = editors_doc();
    let vim = fenced(&doc, "vim");
    let format = vim
        .lines()
        .find_map(|l| l.strip_prefix("set errorformat="))
        .expect("errorformat line");
    let re = errorformat_regex(format);
    let (concise, expected) = concise_and_expected();
    for (line, want) in concise.lines().zip(&expected) {
        let caps = re
            .captures(line)
            .unwrap_or_else(|| panic!("no match: {line}"));
        assert_eq!(&caps["f"], want.0);
        assert_eq!(caps["l"].parse::<u64>().unwrap(), want.1);
        assert_eq!(caps["c"].parse::<u64>().unwrap(), want.2);
        // Vim's types: e, w, i.
        assert_eq!(caps["t"].chars().next(), want.3.chars().next());
        assert_eq!(&caps["m"], format!("{} [{}]", want.4, want.5));
    }
}

/// Runs `postlint check ARGS` in `dir` with `input` on standard input.
fn with_stdin(dir: &std::path::Path, args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = postlint(dir)
        .arg("check")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn stdin_is_checked_as_the_named_post_against_the_rest_of_the_project() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("postlint.toml"), "").unwrap();
    std::fs::create_dir(tmp.path().join("posts")).unwrap();
    std::fs::write(
        tmp.path().join("posts/old.md"),
        "# Launch day\n\nOld text.\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("posts/other.md"), "# Other\n\n## Empty\n").unwrap();
    // A buffer for a post that is not saved yet repeats an old post's title.
    let (code, stdout, _) = with_stdin(
        tmp.path(),
        &["--format", "concise", "--stdin-filename", "posts/new.md"],
        "# Launch Day!\n\nNew text.\n",
    );
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "posts/new.md:1:1: warning: title \"Launch Day!\" is also the title of 1 other post [duplicate-title]\n"
    );
    // The buffer replaces the file on disk: the saved empty section is gone in
    // the buffer, and only the buffer's post is reported.
    let (code, stdout, stderr) = with_stdin(
        tmp.path(),
        &["--format", "concise", "--stdin-filename", "posts/other.md"],
        "# Other\n\n## Empty no more\n\nText.\n",
    );
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("in 0 of 1 file"), "{stderr}");
    // With --force-exclude, a buffer for a post the config excludes is skipped,
    // as a named file would be.
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[files]\nexclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    let (code, stdout, stderr) = with_stdin(
        tmp.path(),
        &[
            "--format",
            "concise",
            "--force-exclude",
            "--stdin-filename",
            "./drafts/new.md",
        ],
        "# Launch Day\n\n## Empty\n",
    );
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("in 0 of 0 files"), "{stderr}");
    // Without it the buffer is checked, whatever way its path is spelt.
    let (code, stdout, _) = with_stdin(
        tmp.path(),
        &["--format", "concise", "--stdin-filename", "./drafts/new.md"],
        "# Launch Day\n\n## Empty\n",
    );
    assert_eq!(code, 1);
    // The duplicate title and the empty "Empty"; the H1 whose only content is
    // that empty section is not reported as well.
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.starts_with("drafts/new.md:1:1: warning: title \"Launch Day\""));
}

/// An editor that pipes its buffer on save asks about the post as saved: among
/// undated posts the saved one is as old as the rest (the path decides, as in
/// a full check), and only a changed buffer is the newer copy.
#[test]
fn an_unchanged_buffer_is_the_saved_post_and_a_changed_one_is_the_newer() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("postlint.toml"), "").unwrap();
    let shared = "Every release goes to a tenth of the traffic first, and the on-call \
        engineer watches the error rate for an hour before the rest of the fleet \
        gets it, with a rollback ready.";
    let first = format!("# First\n\nOpening of the first post.\n\n{shared}\n");
    std::fs::write(tmp.path().join("a.md"), &first).unwrap();
    std::fs::write(
        tmp.path().join("z.md"),
        format!("# Last\n\nOpening of the last post.\n\n{shared}\n"),
    )
    .unwrap();
    let args = ["--format", "concise", "--stdin-filename", "a.md"];
    let (code, stdout, stderr) = with_stdin(tmp.path(), &args, &first);
    assert_eq!(
        (code, stdout.as_str()),
        (0, ""),
        "a.md is the original\n{stderr}"
    );
    let edited = first.replace("Opening", "The opening");
    let (code, stdout, _) = with_stdin(tmp.path(), &args, &edited);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("a.md:5:1: warning: same paragraph as z.md:5"),
        "{stdout}"
    );
}

/// The bytes a post holds on disk, given on stdin for that post: the JSON
/// report and the exit code.
fn stdin_and_file(bytes: &[u8]) -> [(i32, serde_json::Value, String); 2] {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("postlint.toml"), "").unwrap();
    std::fs::write(tmp.path().join("other.md"), "# Other\n\nText.\n").unwrap();
    std::fs::write(tmp.path().join("post.md"), bytes).unwrap();
    let report = |(code, stdout, stderr): (i32, String, String)| {
        let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
        (code, json, crate::support::without_timing(&stderr))
    };
    let from_file = report(run(
        postlint(tmp.path()).args(["check", "--format", "json", "post.md", "other.md"])
    ));
    let mut child = postlint(tmp.path())
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "post.md",
            "other.md",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let output = child.wait_with_output().unwrap();
    let from_stdin = report((
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ));
    [from_file, from_stdin]
}

#[test]
fn stdin_is_read_exactly_as_the_file_it_stands_for() {
    // Invalid UTF-8 and NUL bytes are that post's error, named and counted,
    // and the rest of the run is still reported, in JSON too.
    for (bytes, error) in [
        (
            &b"# T\xff\n"[..],
            "post.md: not valid UTF-8 (byte 0xff on line 1)",
        ),
        (
            &b"# T\n\x00\n"[..],
            "post.md: binary file (it contains NUL bytes)",
        ),
    ] {
        let [from_file, from_stdin] = stdin_and_file(bytes);
        assert_eq!(from_file.0, 2);
        assert!(from_file.2.contains(error), "{}", from_file.2);
        assert!(
            from_file.2.contains("1 file could not be checked"),
            "{}",
            from_file.2
        );
        assert_eq!(from_file.1["summary"], from_stdin.1["summary"]);
        assert_eq!(from_file.0, from_stdin.0);
        assert_eq!(from_file.2, from_stdin.2);
    }
    let [from_file, from_stdin] = stdin_and_file(b"# T\n\n## Empty\n");
    assert_eq!(from_file.0, 1);
    assert_eq!(from_file.1["diagnostics"], from_stdin.1["diagnostics"]);
    assert_eq!(from_file.1["diagnostics"].as_array().map(Vec::len), Some(1));
}
