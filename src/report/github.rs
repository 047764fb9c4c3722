//! `github`: GitHub Actions workflow commands, which become annotations on the
//! pull request's changed lines.
//!
//! One line per finding:
//! `::warning file=PATH,line=L,col=C,endLine=L,endColumn=C,title=RULE::MESSAGE`.
//! - Paths are relative to the repository root, which is what GitHub matches
//!   against the diff.
//! - `%`, CR and LF are escaped everywhere, and `:` and `,` in properties too,
//!   since those end a property; an unescaped newline would end the command.
//! - GitHub shows only ten errors, ten warnings and ten notices per step, so the
//!   most severe findings come first; within a severity the engine's order holds,
//!   so the output is still deterministic.
//!
//! When a kind has more findings than GitHub shows, a notice says so first.
//! The message carries the related places and the help line after it, one per
//! line, as the annotation shows them under the message. [`step_summary`] writes
//! the Markdown that goes to `$GITHUB_STEP_SUMMARY`: counts per rule, the files
//! with the most findings, and the findings themselves, most severe first, as
//! many as fit under GitHub's 1 MiB limit for a summary, since annotations
//! beyond the ten per kind are not shown anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{FormatSpec, Reporter, Run, tally};
use crate::rule::Severity;

/// The `github` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "github",
    about: "GitHub Actions annotations (and a step summary)",
    reporter: |_| Box::new(Github),
};

/// The GitHub Actions format.
pub struct Github;

/// How many annotations of each kind (error, warning, notice) GitHub shows for
/// one step; the rest are dropped.
const SHOWN_PER_KIND: usize = 10;

impl Reporter for Github {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut findings: Vec<_> = run.outcome.findings.iter().collect();
        // Stable: the engine's order holds within a severity.
        findings.sort_by_key(|f| std::cmp::Reverse(f.finding.severity));
        let counts = run.outcome.counts();
        if [counts.errors, counts.warnings, counts.infos]
            .iter()
            .any(|&n| n > SHOWN_PER_KIND)
        {
            // Said first, since whatever comes after the tenth of a kind is dropped.
            writeln!(
                out,
                "::notice title=postlint::{}",
                data(&format!(
                    "{}; GitHub shows only {SHOWN_PER_KIND} annotations of each kind per step, so some are not on the diff: the job summary lists them all",
                    tally(run.outcome)
                ))
            )?;
        }
        for f in findings {
            let mut message = f.finding.message.clone();
            for r in &f.related {
                message.push_str(&format!(
                    "\n{}: {}:{}:{}",
                    r.related.message,
                    run.repository_path(&r.path),
                    r.range.start.line,
                    r.range.start.column
                ));
            }
            if let Some(help) = &f.finding.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                command(f.finding.severity),
                property(&run.repository_path(&f.path)),
                f.range.start.line,
                f.range.start.column,
                f.range.end.line,
                f.range.end.column,
                property(&f.finding.rule),
                data(&message)
            )?;
        }
        Ok(())
    }
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message. Other control characters are written as
/// `\u{…}`: the Actions log renders ANSI escapes.
fn data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::diagnostic::escape_controls(&text, false).into_owned()
}

/// Escapes a property value, where `:` and `,` end the value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub drops a step summary over 1 MiB whole; the summary stops its table
/// of findings short of that, leaving room for the lines around it.
const SUMMARY_BUDGET: usize = 960 * 1024;

/// How many files the summary lists by their number of findings.
const TOP_FILES: usize = 20;

/// Writes the Markdown summary of a run for `$GITHUB_STEP_SUMMARY`: the tally,
/// the findings per rule, the files with the most findings, and a table of the
/// findings, the most severe first, as far as GitHub's size limit allows.
pub fn step_summary(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let findings = &run.outcome.findings;
    let mut text = String::new();
    text.push_str("### postlint\n\n");
    text.push_str(&tally(run.outcome));
    text.push_str("\n\n");
    if findings.is_empty() {
        return out.write_all(text.as_bytes());
    }

    let mut by_rule: BTreeMap<(&str, Severity), (usize, BTreeSet<usize>)> = BTreeMap::new();
    let mut by_post: BTreeMap<usize, usize> = BTreeMap::new();
    for f in findings {
        let entry = by_rule
            .entry((&f.finding.rule, f.finding.severity))
            .or_default();
        entry.0 += 1;
        entry.1.insert(f.finding.post);
        *by_post.entry(f.finding.post).or_default() += 1;
    }
    text.push_str("| rule | severity | findings | files |\n|---|---|---:|---:|\n");
    for ((rule, severity), (count, posts)) in &by_rule {
        let _ = writeln!(
            text,
            "| `{rule}` | {severity} | {count} | {} |",
            posts.len()
        );
    }
    text.push('\n');
    if by_post.len() > 1 {
        let mut top: Vec<(usize, usize)> = by_post.into_iter().collect();
        // Most findings first; the engine's (path) order breaks ties.
        top.sort_by_key(|&(post, count)| (std::cmp::Reverse(count), post));
        let _ = writeln!(
            text,
            "Files with the most findings:\n\n| file | findings |\n|---|---:|"
        );
        for (post, count) in top.iter().take(TOP_FILES) {
            let path = findings
                .iter()
                .find(|f| f.finding.post == *post)
                .map_or("", |f| f.path.as_str());
            let _ = writeln!(
                text,
                "| `{}` | {count} |",
                cell(&run.repository_path(path)).replace('`', "'")
            );
        }
        text.push('\n');
    }

    let mut ordered: Vec<_> = findings.iter().collect();
    ordered.sort_by_key(|f| std::cmp::Reverse(f.finding.severity));
    text.push_str("| severity | rule | where | message |\n|---|---|---|---|\n");
    let mut listed = 0;
    let mut row = String::new();
    for f in &ordered {
        row.clear();
        let _ = writeln!(
            row,
            "| {} | `{}` | `{}:{}:{}` | {} |",
            f.finding.severity,
            f.finding.rule,
            cell(&run.repository_path(&f.path)).replace('`', "'"),
            f.range.start.line,
            f.range.start.column,
            cell(&f.finding.message)
        );
        if text.len() + row.len() > SUMMARY_BUDGET {
            break;
        }
        text.push_str(&row);
        listed += 1;
    }
    if listed < ordered.len() {
        let _ = writeln!(
            text,
            "\n{} more not listed: GitHub drops a step summary over 1 MiB. The annotations, `--format sarif` or `--format json` have them all.",
            ordered.len() - listed
        );
    }
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// Text that stays inside one table cell and shows as typed.
fn cell(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_percent_newlines_and_property_separators() {
        assert_eq!(data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn cells_keep_pipes_and_markup_as_text() {
        assert_eq!(cell("a | <b>\nc"), "a \\| &lt;b&gt; c");
    }
}
