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
//! Paths are relative to the repository root (`%SRCROOT%`), as code scanning
//! resolves them against the checkout. The output validates against the official
//! schema in `fixtures/sarif-schema-2.1.0.json` (a test checks).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Reporter, Run, rule_description, rule_url};
use crate::diagnostic::Range;
use crate::rule::Severity;

/// The SARIF format.
pub struct Sarif;

/// The name of the base URI that repository-relative paths are relative to.
const SRCROOT: &str = "%SRCROOT%";

impl Reporter for Sarif {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
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

        let results: Vec<Value> = run
            .outcome
            .findings
            .iter()
            .map(|f| {
                let related: Vec<Value> = f
                    .related
                    .iter()
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
            })
            .collect();

        let notifications: Vec<Value> = run
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
        let mut invocation = json!({
            "executionSuccessful": run.outcome.file_errors.is_empty(),
            "exitCode": run.exit_code,
            "exitCodeDescription": exit_description(run.exit_code),
        });
        if !notifications.is_empty() {
            invocation["toolExecutionNotifications"] = Value::Array(notifications);
        }

        let mut sarif_run = json!({
            "tool": {"driver": {
                "name": "postlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://docs.rs/postlint",
                "rules": rules,
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        });
        if let Some(repo) = &run.places.repository {
            let mut uri = format!("file://{}", encode(&repo.to_string_lossy()));
            if !uri.ends_with('/') {
                uri.push('/');
            }
            sarif_run["originalUriBaseIds"] = json!({ SRCROOT: {"uri": uri} });
        }
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [sarif_run],
        });
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
        writeln!(out)
    }
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
    let shown = f.related.len();
    let total = f.finding.related_total.max(shown);
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
