//! `sarif`: SARIF 2.1.0, the format GitHub code scanning and SARIF viewers read.
//!
//! The shape follows what GitHub's upload accepts and shows well:
//! - `tool.driver.rules` describes every rule from its declaration: summary,
//!   the "What it flags" paragraph, the full docs as help text and Markdown, and
//!   a `helpUri`;
//! - each result has its rule (by id and index), level, message, location and
//!   related locations; the message links to the related locations, since GitHub
//!   shows a related location only when the message refers to it;
//! - `partialFingerprints` carry the engine's fingerprint, which hashes the
//!   flagged text rather than its line, so an alert stays the same alert when
//!   text above it moves;
//! - `columnKind` is `unicodeCodePoints`, which is how postlint counts columns;
//! - `invocations` record the exit code and files that could not be read.
//!
//! GitHub rejects a log over its limits, so the log is written compactly and
//! streamed, a result at a time, and holds at most 25,000 results of at most
//! 100 related locations each, in at most 40 MB. Past a limit the least severe
//! findings are left out, deterministically, and the invocation and stderr say
//! how many.
//!
//! Paths are relative to the repository root (`%SRCROOT%`), as code scanning
//! resolves them against the checkout. The output validates against the official
//! schema in `fixtures/sarif-schema-2.1.0.json` (a test checks).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FormatSpec, Reporter, Run, rule_description, rule_url};
use crate::diagnostic::Range;
use crate::rule::Severity;

/// The `sarif` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "sarif",
    about: "SARIF 2.1.0, for GitHub code scanning",
    reporter: |_| Box::new(Sarif),
};

/// The SARIF format.
pub struct Sarif;

/// The name of the base URI that repository-relative paths are relative to.
const SRCROOT: &str = "%SRCROOT%";

/// GitHub code scanning rejects a run with more results than this.
const MAX_RESULTS: usize = 25_000;

/// GitHub keeps at most this many locations of a result (and rejects a result
/// with more than 1,000), so related places past it are counted in the message
/// instead.
const MAX_RELATED: usize = 100;

/// The most bytes of results a log holds. GitHub rejects a file over 10 MB
/// once gzipped. SARIF's repeated keys compress well (powershell-docs: 42 MB to
/// 1.95 MB, 21 to 1), so 40 MB uncompressed stays under the limit even at 4
/// to 1, for text that hardly repeats.
const MAX_RESULT_BYTES: usize = 40 << 20;

impl Reporter for Sarif {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let findings = &run.outcome.findings;
        let kept = within_limits(run);
        let left_out = findings.len() - kept.iter().filter(|&&k| k).count();

        let mut sarif_run = serde_json::Map::new();
        sarif_run.insert("columnKind".into(), json!("unicodeCodePoints"));
        sarif_run.insert("invocations".into(), json!([invocation(run, left_out)]));
        if let Some(repo) = &run.places.repository {
            let mut uri = format!("file://{}", encode(&repo.to_string_lossy()));
            if !uri.ends_with('/') {
                uri.push('/');
            }
            sarif_run.insert(
                "originalUriBaseIds".into(),
                json!({ SRCROOT: {"uri": uri} }),
            );
        }
        sarif_run.insert("tool".into(), tool(run));
        // The log is written compactly and in pieces, results one at a time, so
        // neither the file nor the memory it takes grows past what the findings
        // themselves need.
        write!(
            out,
            r#"{{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":["#
        )?;
        let head = serde_json::to_string(&sarif_run).map_err(io::Error::from)?;
        out.write_all(&head.as_bytes()[..head.len() - 1])?;
        out.write_all(br#","results":["#)?;
        let mut first = true;
        for (f, _) in findings.iter().zip(&kept).filter(|(_, k)| **k) {
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            serde_json::to_writer(&mut *out, &result(run, f)).map_err(io::Error::from)?;
        }
        out.write_all(b"]}]}\n")?;
        if left_out > 0 {
            eprintln!("warning: {}", truncation_note(findings.len(), left_out));
        }
        Ok(())
    }
}

/// Which findings the log holds: all of them when they fit GitHub's limits,
/// else the most severe first (the engine's order within a severity) until the
/// result count or the size budget is reached. Deterministic, like the rest.
fn within_limits(run: &Run<'_>) -> Vec<bool> {
    let findings = &run.outcome.findings;
    let mut kept = vec![true; findings.len()];
    let mut sizes = Vec::with_capacity(findings.len());
    let mut counter = ByteCount(0);
    for f in findings {
        counter.0 = 0;
        // A counting sink cannot fail; a result that cannot be measured counts
        // as too big to hold.
        let size = match serde_json::to_writer(&mut counter, &result(run, f)) {
            Ok(()) => counter.0 + 1,
            Err(_) => usize::MAX,
        };
        sizes.push(size);
    }
    let total = sizes.iter().fold(0usize, |a, &b| a.saturating_add(b));
    if findings.len() <= MAX_RESULTS && total <= MAX_RESULT_BYTES {
        return kept;
    }
    kept.fill(false);
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(findings[i].finding.severity));
    let (mut count, mut bytes) = (0, 0usize);
    for i in order {
        if count == MAX_RESULTS {
            break;
        }
        if bytes.saturating_add(sizes[i]) > MAX_RESULT_BYTES {
            continue;
        }
        kept[i] = true;
        count += 1;
        bytes += sizes[i];
    }
    kept
}

/// An `io::Write` that only counts.
struct ByteCount(usize);

impl Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn truncation_note(total: usize, left_out: usize) -> String {
    format!(
        "the SARIF log holds {} of {total} findings: GitHub code scanning accepts at most {MAX_RESULTS} results and 10 MB (gzipped) per run, and postlint keeps its results within {MAX_RESULTS} and {} MB before compression, so the {left_out} least severe are left out; `--statistics` counts them all",
        total - left_out,
        MAX_RESULT_BYTES >> 20
    )
}

fn tool(run: &Run<'_>) -> Value {
    let rules: Vec<Value> = run
        .rules
        .iter()
        .map(|rule| {
            let docs = rule.docs_markdown().trim().to_string();
            json!({
                "id": rule.name,
                "name": pascal_case(&rule.name),
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule_description(rule)},
                "help": {"text": docs, "markdown": docs},
                "helpUri": rule_url(rule),
                "defaultConfiguration": {
                    "enabled": rule.enabled,
                    "level": level(rule.severity),
                },
            })
        })
        .collect();
    json!({"driver": {
        "name": "postlint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": "https://docs.rs/postlint",
        "rules": rules,
    }})
}

fn result(run: &Run<'_>, f: &crate::diagnostic::Located) -> Value {
    let related: Vec<Value> = f
        .related
        .iter()
        .take(MAX_RELATED)
        .enumerate()
        .map(|(i, r)| {
            json!({
                "id": i + 1,
                "message": {"text": escape(&r.related.message)},
                "physicalLocation": physical(run, &r.path, r.range),
            })
        })
        .collect();
    let mut result = json!({
        "ruleId": f.finding.rule,
        "level": level(f.finding.severity),
        "message": {"text": message(run, f)},
        "locations": [{"physicalLocation": physical(run, &f.path, f.range)}],
        "partialFingerprints": {"postlint/v1": f.fingerprint},
    });
    if let Some(index) = run.rules.iter().position(|r| r.name == f.finding.rule) {
        result["ruleIndex"] = json!(index);
    }
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

/// The run's invocation: its exit code, the files that could not be read, and
/// a note when findings were left out to stay within GitHub's limits.
fn invocation(run: &Run<'_>, left_out: usize) -> Value {
    let mut notifications: Vec<Value> = run
        .outcome
        .file_errors
        .iter()
        .map(|e| {
            let path = e.path.to_string_lossy().replace('\\', "/");
            json!({
                "level": "error",
                "message": {"text": escape(&e.message)},
                "locations": [{"physicalLocation": {"artifactLocation": artifact(run, &path)}}],
            })
        })
        .collect();
    if left_out > 0 {
        notifications.push(json!({
            "level": "warning",
            "message": {"text": truncation_note(run.outcome.findings.len(), left_out)},
        }));
    }
    let mut invocation = json!({
        "executionSuccessful": run.outcome.file_errors.is_empty(),
        "exitCode": run.exit_code,
        "exitCodeDescription": exit_description(run.exit_code),
    });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    invocation
}

/// SARIF wants a rule's `name` to be a friendly identifier distinct from its
/// `id`, in Pascal case: `empty-section` is `EmptySection`.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn exit_description(code: u8) -> &'static str {
    match code {
        0 => "no finding at or above the fail level",
        1 => "at least one finding at or above the fail level",
        _ => "a usage, config or I/O error",
    }
}

/// The message, with a link to each related location (`[text](id)` is SARIF's
/// embedded link syntax; GitHub turns it into a link to that place).
fn message(run: &Run<'_>, f: &crate::diagnostic::Located) -> String {
    let mut text = escape(&f.finding.message);
    if !f.related.is_empty() {
        let links: Vec<String> = f
            .related
            .iter()
            .take(MAX_RELATED)
            .enumerate()
            .map(|(i, r)| {
                format!(
                    "{}: [{}:{}]({})",
                    escape(&r.related.message),
                    escape(&run.repository_path(&r.path)),
                    r.range.start.line,
                    i + 1
                )
            })
            .collect();
        text.push_str(" (");
        text.push_str(&links.join(", "));
        text.push(')');
    }
    let shown = f.related.len().min(MAX_RELATED);
    let total = f.finding.related_total.max(f.related.len());
    if total > shown {
        text.push_str(&format!(" and {} more", total - shown));
    }
    text
}

/// Plain message text: SARIF reserves `[` and `]` for embedded links.
fn escape(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

fn physical(run: &Run<'_>, path: &str, range: Range) -> Value {
    json!({
        "artifactLocation": artifact(run, path),
        "region": {
            "startLine": range.start.line,
            "startColumn": range.start.column,
            "endLine": range.end.line,
            "endColumn": range.end.column,
        },
    })
}

/// Where a file is: relative to `%SRCROOT%` when inside the repository, else an
/// absolute `file:` URI.
fn artifact(run: &Run<'_>, path: &str) -> Value {
    match run.repository_relative(path) {
        Some(relative) => json!({"uri": encode(&relative), "uriBaseId": SRCROOT}),
        None => {
            let abs = run.places.absolute(path);
            json!({"uri": format!("file://{}", encode(&abs.to_string_lossy()))})
        }
    }
}

/// Percent-encodes a `/`-separated path for a URI: everything but unreserved
/// characters and `/`, byte by byte, so spaces and non-ASCII names survive.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_encode_spaces_and_non_ascii() {
        assert_eq!(
            encode("posts/my post/café.md"),
            "posts/my%20post/caf%C3%A9.md"
        );
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            pascal_case("title-heading-mismatch"),
            "TitleHeadingMismatch"
        );
    }

    #[test]
    fn brackets_in_messages_are_not_links() {
        assert_eq!(escape("see [draft]"), "see \\[draft\\]");
    }
}
