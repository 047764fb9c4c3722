//! `grouped`: findings under the name of their post, as ruff's grouped output.
//!
//! On a large corpus a reader works through one post at a time; the path printed
//! once above that post's findings is easier to scan than the same path at the
//! start of every line. Each finding is `  line:col severity message [rule]`,
//! with places and severities padded so messages line up within a post, and a
//! blank line between posts.

use std::io::{self, Write};

use super::{FormatSpec, Reporter, Run, paint, severity_sgr};
use crate::diagnostic::escape_controls;

/// The `grouped` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "grouped",
    about: "Findings under the name of their post, as ruff's grouped output",
    reporter: |style| Box::new(Grouped { color: style.color }),
};

/// The grouped format.
pub struct Grouped {
    /// Whether to colour the path, severity and rule.
    pub color: bool,
}

impl Reporter for Grouped {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let findings = &run.outcome.findings;
        let paint = |sgr: &str, text: &str| paint(self.color, sgr, text);
        let mut start = 0;
        while start < findings.len() {
            let post = findings[start].finding.post;
            let end = start
                + findings[start..]
                    .iter()
                    .take_while(|f| f.finding.post == post)
                    .count();
            let group = &findings[start..end];
            let places: Vec<String> = group
                .iter()
                .map(|f| format!("{}:{}", f.range.start.line, f.range.start.column))
                .collect();
            let width = places.iter().map(String::len).max().unwrap_or(0);
            writeln!(
                out,
                "{}:",
                paint("1", &escape_controls(&group[0].path, true))
            )?;
            for (f, place) in group.iter().zip(&places) {
                let severity = f.finding.severity;
                writeln!(
                    out,
                    "  {place:<width$} {} {} {}",
                    paint(severity_sgr(severity), &format!("{:<7}", severity.as_str())),
                    escape_controls(&f.finding.message, true),
                    paint("2", &format!("[{}]", f.finding.rule)),
                )?;
            }
            writeln!(out)?;
            start = end;
        }
        Ok(())
    }
}
