//! `human`: rich diagnostics rendered by miette.
//!
//! Each finding shows its file, line and column, a source snippet with the
//! flagged span labelled, the rule name and a help line. Related places (the
//! other copy of a duplicate) are rendered with their own file and snippet. Colour
//! is the caller's decision (`--color`, `NO_COLOR`, whether stdout is a terminal).

use std::collections::HashMap;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::{Reporter, Run, Style};
use crate::diagnostic::{MietteView, SnippetSource, escape_controls};
use crate::document::PostId;

/// The human format.
pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    /// A human reporter in `style`: coloured or not, wrapping at its width.
    pub fn new(style: Style) -> Self {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Human {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(style.width)
                .with_links(false),
        }
    }
}

impl Reporter for Human {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut text = String::new();
        let mut sources: HashMap<PostId, SnippetSource> = HashMap::new();
        for located in &run.outcome.findings {
            text.clear();
            let posts = &run.outcome.posts;
            let view = MietteView::new(located, posts, |id| {
                sources
                    .entry(id)
                    .or_insert_with(|| SnippetSource::new(&posts[id].source))
                    .clone()
            });
            if self.handler.render_report(&mut text, &view).is_err() {
                // miette only fails on a broken formatter; fall back to one line.
                text = format!(
                    "{}: {} [{}]\n",
                    escape_controls(&located.path, true),
                    escape_controls(&located.finding.message, true),
                    located.finding.rule
                );
            }
            out.write_all(text.as_bytes())?;
            writeln!(out)?;
        }
        Ok(())
    }
}
