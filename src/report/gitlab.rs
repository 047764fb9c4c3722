//! `gitlab`: GitLab Code Quality, the report a merge request's widget reads.
//!
//! A JSON array with one issue per finding: `description`, `check_name` (the
//! rule), `fingerprint`, `severity` and `location` (a repository-relative path and
//! the lines). GitLab compares reports between branches by fingerprint, so
//! fingerprints must be unique within a report and must not contain line numbers,
//! or every finding below an added line would show as fixed and new again. The
//! engine's fingerprints are both: they hash the flagged text, not its line, and
//! count identical findings in one post apart.

use std::io::{self, Write};

use serde_json::json;

use super::{FormatSpec, Reporter, Run, Streamed};
use crate::rule::Severity;

/// The `gitlab` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "gitlab",
    about: "GitLab Code Quality",
    reporter: |_| Box::new(Gitlab),
};

/// The GitLab Code Quality format.
pub struct Gitlab;

impl Reporter for Gitlab {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let issues = Streamed::new(run.outcome.findings.iter().map(|f| {
            json!({
                "type": "issue",
                "check_name": f.finding.rule,
                "description": f.finding.message,
                "categories": ["Style"],
                "severity": severity(f.finding.severity),
                "fingerprint": f.fingerprint,
                "location": {
                    "path": run.repository_path(&f.path),
                    "lines": {"begin": f.range.start.line, "end": f.range.end.line},
                },
            })
        }));
        serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::from)?;
        writeln!(out)
    }
}

/// GitLab's scale is info, minor, major, critical, blocker; postlint's errors are
/// things to fix before publishing, not outages, so they are `major`.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}
