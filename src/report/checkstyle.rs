//! `checkstyle`: Checkstyle XML, read by Jenkins' warnings plugin, reviewdog and
//! many review tools.
//!
//! One `<file>` per post checked, in path order, as Checkstyle itself writes it
//! (a clean file is an empty element), with one `<error>` per finding. The
//! `source` names the rule as `postlint.RULE`, Checkstyle's dotted style.

use std::collections::HashMap;
use std::io::{self, Write};

use super::{FormatSpec, Reporter, Run, xml_escape};
use crate::diagnostic::{Located, display_path};

/// The `checkstyle` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "checkstyle",
    about: "Checkstyle XML",
    reporter: |_| Box::new(Checkstyle),
};

/// The Checkstyle format.
pub struct Checkstyle;

impl Reporter for Checkstyle {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut by_post: HashMap<usize, Vec<&Located>> = HashMap::new();
        for f in &run.outcome.findings {
            by_post.entry(f.finding.post).or_default().push(f);
        }
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<checkstyle version="4.3">"#)?;
        for post in run.checked_posts() {
            let name = xml_escape(&display_path(post));
            let Some(findings) = by_post.get(&post.id) else {
                writeln!(out, r#"  <file name="{name}"/>"#)?;
                continue;
            };
            writeln!(out, r#"  <file name="{name}">"#)?;
            for f in findings {
                writeln!(
                    out,
                    r#"    <error line="{}" column="{}" severity="{}" message="{}" source="postlint.{}"/>"#,
                    f.range.start.line,
                    f.range.start.column,
                    f.finding.severity,
                    xml_escape(&f.finding.message),
                    xml_escape(&f.finding.rule)
                )?;
            }
            writeln!(out, "  </file>")?;
        }
        writeln!(out, "</checkstyle>")
    }
}
