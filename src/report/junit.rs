//! `junit`: JUnit XML, which CI services show as a test report.
//!
//! Every post checked is one test case, named by its path, so a clean post shows
//! as a passing test and the report says how much was checked, not only what
//! failed. Each finding in a post is one `<failure>` of its case, typed by rule,
//! with the concise line and the help as its text. A file that could not be read
//! is a case with an `<error>`. Cases are in path order.

use std::collections::HashMap;
use std::io::{self, Write};

use super::{FormatSpec, Reporter, Run, xml_escape, xml_text};
use crate::diagnostic::{Located, display_path};

/// The `junit` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "junit",
    about: "JUnit XML, one test case per post",
    reporter: |_| Box::new(Junit),
};

/// The JUnit format.
pub struct Junit;

/// A test case: a post and its findings, or a file and why it was not read.
enum Case<'a> {
    Checked(Vec<&'a Located>),
    Unreadable(&'a str),
}

impl Reporter for Junit {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut by_post: HashMap<usize, Vec<&Located>> = HashMap::new();
        for f in &run.outcome.findings {
            by_post.entry(f.finding.post).or_default().push(f);
        }
        let mut cases: Vec<(String, Case<'_>)> = run
            .checked_posts()
            .map(|post| {
                (
                    display_path(post),
                    Case::Checked(by_post.remove(&post.id).unwrap_or_default()),
                )
            })
            .collect();
        cases.extend(run.outcome.file_errors.iter().map(|e| {
            (
                e.path.to_string_lossy().replace('\\', "/"),
                Case::Unreadable(&e.message),
            )
        }));
        cases.sort_by(|a, b| a.0.cmp(&b.0));

        let tests = cases.len();
        let failures = cases
            .iter()
            .filter(|(_, c)| matches!(c, Case::Checked(f) if !f.is_empty()))
            .count();
        let errors = cases
            .iter()
            .filter(|(_, c)| matches!(c, Case::Unreadable(_)))
            .count();
        let counts = format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\"");
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<testsuites name="postlint" {counts}>"#)?;
        writeln!(out, r#"  <testsuite name="postlint" {counts} skipped="0">"#)?;
        for (path, case) in &cases {
            let path = xml_escape(path);
            let open = format!(r#"    <testcase name="{path}" classname="postlint" file="{path}""#);
            match case {
                Case::Checked(findings) if findings.is_empty() => writeln!(out, "{open}/>")?,
                Case::Checked(findings) => {
                    writeln!(out, "{open}>")?;
                    for f in findings {
                        let mut text = format!(
                            "{}:{}:{}: {}: {} [{}]",
                            f.path,
                            f.range.start.line,
                            f.range.start.column,
                            f.finding.severity,
                            f.finding.message,
                            f.finding.rule
                        );
                        for r in &f.related {
                            text.push_str(&format!(
                                "\n{}: {}:{}:{}",
                                r.related.message, r.path, r.range.start.line, r.range.start.column
                            ));
                        }
                        if let Some(help) = &f.finding.help {
                            text.push_str("\nhelp: ");
                            text.push_str(help);
                        }
                        writeln!(
                            out,
                            r#"      <failure type="{}" message="{}">{}</failure>"#,
                            xml_escape(&f.finding.rule),
                            xml_escape(&f.finding.message),
                            xml_text(&text)
                        )?;
                    }
                    writeln!(out, "    </testcase>")?;
                }
                Case::Unreadable(message) => {
                    writeln!(out, "{open}>")?;
                    writeln!(
                        out,
                        r#"      <error type="unreadable" message="{}"/>"#,
                        xml_escape(message)
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
            }
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}
