//! `concise`: one line per finding, for editors' problem matchers and grep.
//!
//! The line is `path:line:col: severity: message [rule]`, the shape Vim's
//! `errorformat`, Emacs' compilation mode and VS Code problem matchers read.

use std::io::{self, Write};

use super::{FormatSpec, Reporter, Run, paint, severity_sgr};
use crate::diagnostic::escape_controls;

/// The `concise` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "concise",
    about: "One line per finding: path:line:col: severity: message [rule]",
    reporter: |style| Box::new(Concise { color: style.color }),
};

/// The concise format.
pub struct Concise {
    /// Whether to colour the path, severity and rule, as ruff's concise output
    /// does on a terminal; problem matchers read it uncoloured.
    pub color: bool,
}

impl Reporter for Concise {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        for f in &run.outcome.findings {
            // A message is one line; a newline would break every reader of this
            // format, and a file name is escaped so that its newlines cannot.
            let message = f.finding.message.replace(['\n', '\r'], " ");
            let severity = f.finding.severity;
            writeln!(
                out,
                "{}:{}:{}: {}: {} {}",
                paint(self.color, "1", &escape_controls(&f.path, true)),
                f.range.start.line,
                f.range.start.column,
                paint(self.color, severity_sgr(severity), severity.as_str()),
                escape_controls(&message, true),
                paint(self.color, "2", &format!("[{}]", f.finding.rule))
            )?;
        }
        Ok(())
    }
}
