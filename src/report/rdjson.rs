//! `rdjson`: reviewdog's diagnostic format, for `reviewdog -f=rdjson`.
//!
//! One JSON object with the `source` (postlint), and one diagnostic per finding:
//! message, location, severity, the rule as `code` with a link to its docs, and
//! the related places. reviewdog counts columns in UTF-8 bytes, unlike postlint's
//! other formats, so positions are recomputed from byte offsets here.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FormatSpec, Reporter, Run, Streamed, rule_url};
use crate::document::Span;
use crate::rule::{PostRecord, Severity};

/// The `rdjson` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "rdjson",
    about: "reviewdog's rdjson",
    reporter: |_| Box::new(Rdjson),
};

/// The rdjson format.
pub struct Rdjson;

impl Reporter for Rdjson {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let posts = &run.outcome.posts;
        let diagnostics = Streamed::new(run.outcome.findings.iter().map(|f| {
            let mut diagnostic = json!({
                "message": f.finding.message,
                "location": location(&f.path, &posts[f.finding.post], &f.finding.span),
                "severity": severity(f.finding.severity),
                "code": {"value": f.finding.rule},
            });
            if let Some(rule) = run.rule(&f.finding.rule) {
                diagnostic["code"]["url"] = json!(rule_url(rule));
            }
            if !f.related.is_empty() {
                diagnostic["related_locations"] = f
                    .related
                    .iter()
                    .map(|r| {
                        json!({
                            "message": r.related.message,
                            "location": location(&r.path, &posts[r.related.post], &r.related.span),
                        })
                    })
                    .collect();
            }
            diagnostic
        }));
        // Fields in the order the whole report had as one sorted JSON object.
        #[derive(serde::Serialize)]
        struct Report<D> {
            diagnostics: D,
            source: Value,
        }
        let report = Report {
            diagnostics,
            source: json!({"name": "postlint", "url": "https://docs.rs/postlint"}),
        };
        serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
        writeln!(out)
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

fn location(path: &str, post: &PostRecord, span: &Span) -> Value {
    json!({
        "path": path,
        "range": {"start": position(post, span.start), "end": position(post, span.end)},
    })
}

/// A 1-based line and a 1-based column in UTF-8 bytes.
fn position(post: &PostRecord, offset: usize) -> Value {
    let offset = offset.min(post.source.len());
    let line = post.lines.line_of(offset);
    let start = post.lines.line_start(line).min(offset);
    json!({"line": line + 1, "column": offset - start + 1})
}
