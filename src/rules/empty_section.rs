//! `empty-section`: headings with nothing under them.

use regex::{Regex, RegexBuilder};

use crate::document::Document;
use crate::rule::{Finding, OptionInfo, OptionKind, PostRule, RuleOptions};

crate::declare_rule! {
    /// ## What it flags
    /// A heading with no content before the next heading of the same or a higher
    /// level, or before the end of the post. Content is any block: a paragraph, a
    /// list, a table, code, an image, or HTML other than a comment. A heading
    /// followed directly by a deeper heading is not empty when its subsections have
    /// content, unless `require-direct-content = true`. Lines that look like
    /// headings inside code blocks are not headings.
    ///
    /// A heading whose only content is an empty subsection is not reported
    /// itself: the subsection is, and filling or removing it settles both.
    /// Headings that a site's template leaves empty on purpose (PlatyPS's
    /// `NOTES`, `INPUTS` and `OUTPUTS`, say) are exempted by name with
    /// `allow-headings`, compared without regard to case, or as a `/regex/`.
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
    ///
    /// ## Options
    /// ```toml
    /// [rules.empty-section]
    /// allow-headings = ["Notes", "/^(inputs|outputs)$/"]
    /// ```
    pub static EMPTY_SECTION = {
        name: "empty-section",
        severity: Warning,
        group: "structure",
        summary: "a heading with no content under it",
        options: [
            OptionInfo {
                name: "require-direct-content",
                kind: OptionKind::Bool,
                default: "false",
                doc: "flag a heading followed directly by a deeper heading, even when its subsections have content",
            },
            OptionInfo {
                name: "allow-headings",
                kind: OptionKind::StringList,
                default: "[]",
                doc: "headings that may be empty: names compared without regard to case, or `/regex/`",
            },
        ],
        check: post_with(build),
    }
}

struct EmptySection {
    require_direct_content: bool,
    allowed: AllowedHeadings,
}

/// The `allow-headings` option: folded names, and patterns over the heading text.
struct AllowedHeadings {
    names: Vec<String>,
    patterns: Vec<Regex>,
}

impl AllowedHeadings {
    fn new(entries: &[String]) -> Result<AllowedHeadings, String> {
        let mut allowed = AllowedHeadings {
            names: Vec::new(),
            patterns: Vec::new(),
        };
        for entry in entries {
            match entry
                .strip_prefix('/')
                .and_then(|e| e.strip_suffix('/'))
                .filter(|_| entry.len() >= 2)
            {
                // Case-insensitive, as the names are: headings are written in
                // title case, upper case and lower case across one site.
                Some(pattern) => allowed.patterns.push(
                    RegexBuilder::new(pattern)
                        .case_insensitive(true)
                        .build()
                        .map_err(|e| {
                            format!(
                                "`allow-headings` entry {entry:?} is not a valid regular expression: {e}"
                            )
                        })?,
                ),
                None => allowed.names.push(fold(entry)),
            }
        }
        Ok(allowed)
    }

    fn allows(&self, heading: &str) -> bool {
        let heading = heading.trim();
        (!self.names.is_empty() && self.names.contains(&fold(heading)))
            || self.patterns.iter().any(|p| p.is_match(heading))
    }
}

fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Builds the rule from its options.
pub fn build(options: &RuleOptions) -> Result<Box<dyn PostRule>, String> {
    Ok(Box::new(EmptySection {
        require_direct_content: options.bool("require-direct-content"),
        allowed: AllowedHeadings::new(&options.strings("allow-headings"))?,
    }))
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
            // Without content of its own or below, a parent's subsections are
            // empty too; they are reported, and filling them settles the parent.
            if has_content || (!self.require_direct_content && !section.subsections.is_empty()) {
                continue;
            }
            let heading = &post.headings[section.heading];
            if self.allowed.allows(&heading.text.text) {
                continue;
            }
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
