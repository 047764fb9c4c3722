//! `empty-section`: headings with nothing under them.

use crate::diagnostic::Finding;
use crate::document::Document;
use crate::rule::{Checker, OptionInfo, OptionKind, PostRule, RuleOptions};

crate::declare_rule! {
    /// ## What it flags
    /// A heading with no content before the next heading of the same or a higher
    /// level, or before the end of the post. Content is any block: a paragraph, a
    /// list, a table, code, an image, or HTML other than a comment. A heading
    /// followed directly by a deeper heading is not empty when its subsections have
    /// content, unless `require-direct-content = true`. Lines that look like
    /// headings inside code blocks are not headings.
    ///
    /// ## Why it matters
    /// An empty section is a promise the page does not keep: a reader jumps to it
    /// from the table of contents and finds the next heading. It is usually a
    /// draft's placeholder that shipped, or content deleted without its heading.
    ///
    /// ## Example
    /// ```markdown
    /// ## Installation
    ///
    /// ## Usage
    ///
    /// Run `tool --help`.
    /// ```
    /// "Installation" has no content. Write it, or remove the heading.
    pub static EMPTY_SECTION = {
        name: "empty-section",
        severity: Warning,
        phase: Post,
        summary: "a heading with no content under it",
        options: [OptionInfo {
            name: "require-direct-content",
            kind: OptionKind::Bool,
            default: "false",
            doc: "flag a heading followed directly by a deeper heading, even when its subsections have content",
        }],
    }
}

struct EmptySection {
    require_direct_content: bool,
}

/// Builds the rule from its options.
pub fn build(options: &RuleOptions) -> Result<Checker, String> {
    Ok(Checker::Post(Box::new(EmptySection {
        require_direct_content: options.bool("require-direct-content"),
    })))
}

impl PostRule for EmptySection {
    fn check(&self, post: &Document, out: &mut Vec<Finding>) {
        for section in &post.sections {
            let blocks = if self.require_direct_content {
                section.direct_blocks.clone()
            } else {
                section.blocks.clone()
            };
            let has_content = post.blocks[blocks].iter().any(|b| b.kind.is_content());
            if has_content {
                continue;
            }
            let heading = &post.headings[section.heading];
            let at_end =
                section.span.end >= post.source.trim_end().len() && section.subsections.is_empty();
            let help = if at_end {
                "the post ends right after this heading: add content under it or remove it"
            } else {
                "add content under the heading or remove it"
            };
            out.push(
                Finding::new(
                    &EMPTY_SECTION,
                    post.id,
                    heading.span.clone(),
                    format!("section \"{}\" has no content", heading.text.text.trim()),
                )
                .with_help(help),
            );
        }
    }
}
