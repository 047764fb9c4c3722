//! `json`: the version 1 contract every tool reading postlint's output relies on.
//!
//! The shape is fixed by the core issue: `version`, `tool`, `files_checked`,
//! `diagnostics` (rule, severity, message, path, range, offset, help, related,
//! fingerprint) and `summary`. Fields are added only with a new version.

use std::io::{self, Write};

use serde::Serialize;

use super::{FormatSpec, Reporter, Run, Streamed};
use crate::diagnostic::Range;
use crate::engine::Counts;
use crate::lines::Position;
use crate::rule::Severity;

/// The `json` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "json",
    about: "JSON, version 1",
    reporter: |_| Box::new(Json),
};

/// The JSON format.
pub struct Json;

#[derive(Serialize)]
struct Report<D> {
    version: u32,
    tool: Tool,
    files_checked: usize,
    diagnostics: D,
    summary: Counts,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    path: &'a str,
    range: JsonRange,
    offset: Offset,
    help: Option<&'a str>,
    related: Vec<Related<'a>>,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct JsonRange {
    start: Position,
    end: Position,
}

impl From<Range> for JsonRange {
    fn from(r: Range) -> Self {
        JsonRange {
            start: r.start,
            end: r.end,
        }
    }
}

#[derive(Serialize)]
struct Offset {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Related<'a> {
    path: &'a str,
    range: JsonRange,
    message: &'a str,
}

impl Reporter for Json {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let findings = &run.outcome.findings;
        let report = Report {
            version: 1,
            tool: Tool {
                name: "postlint",
                version: env!("CARGO_PKG_VERSION"),
            },
            files_checked: run.outcome.files_checked,
            diagnostics: Streamed::new(findings.iter().map(|f| {
                Diagnostic {
                    rule: &f.finding.rule,
                    severity: f.finding.severity,
                    message: &f.finding.message,
                    path: &f.path,
                    range: f.range.into(),
                    offset: Offset {
                        start: f.finding.span.start,
                        end: f.finding.span.end,
                    },
                    help: f.finding.help.as_deref(),
                    related: f
                        .related
                        .iter()
                        .map(|r| Related {
                            path: &r.path,
                            range: r.range.into(),
                            message: &r.related.message,
                        })
                        .collect(),
                    fingerprint: &f.fingerprint,
                }
            })),
            summary: run.outcome.counts(),
        };
        serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
        writeln!(out)
    }
}
