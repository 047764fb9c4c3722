//! `occurrence`: a count per scope must stay within bounds.
//!
//! ```toml
//! kind = "occurrence"
//! element = "link"
//! scope = "paragraph"
//! max = 5
//! ```
//! Counts matches of `tokens` and `patterns`, or links or images (`element`).
//! Past `max`, the first match too many is the finding; under `min`, the
//! instance is.

use crate::document::Span;
use crate::settings::Reader;

use super::super::matcher::{Builder, Role};
use super::targets::{Target, elements, target};
use super::{Declared, Findings, Judging, Shared, bounds};

/// The settings of an occurrence rule.
pub struct Occurrence {
    /// What is counted.
    what: Target,
    /// At least this many.
    min: Option<usize>,
    /// At most this many.
    max: Option<usize>,
}

impl Declared for Occurrence {
    const NAME: &'static str = "occurrence";
    const KEYS: &'static [&'static str] =
        &["tokens", "patterns", "element", "ignorecase", "min", "max"];
    const PLACEHOLDERS: &'static [&'static str] = &["count", "min", "max"];

    fn read(reader: &mut Reader<'_>, table: &toml::Table, shared: &Shared) -> Option<Self> {
        let what = target(reader, table, &[], shared.ignorecase)?;
        let (min, max) = bounds(reader, table, |r, v, at| r.count(v, at))?;
        Some(Occurrence { what, min, max })
    }

    fn compile(&self, rule: u32, scanner: &mut Builder) -> bool {
        match &self.what {
            Target::Text(p) => {
                scanner.patterns(rule, Role::Main, p);
                self.min.is_some()
            }
            // Elements are counted from the post, not scanned for.
            Target::Element(_) => true,
        }
    }

    fn judge(&self, judging: &Judging<'_>, findings: &mut Findings<'_>) {
        let post = judging.post;
        let (spans, noun): (Vec<Span>, &str) = match &self.what {
            Target::Text(_) => (
                judging
                    .outermost(Role::Main)
                    .into_iter()
                    .map(|h| judging.span_of(h))
                    .collect(),
                "matches",
            ),
            Target::Element(element) => (
                elements(post, *element, &judging.instance.extent),
                element.plural(),
            ),
        };
        let count = spans.len();
        let values = |name: &str, matched: &str| match name {
            "match" => Some(matched.to_string()),
            "count" => Some(count.to_string()),
            "min" => self.min.map(|m| m.to_string()),
            "max" => self.max.map(|m| m.to_string()),
            _ => None,
        };
        let subject = judging.scope_noun();
        if let Some(max) = self.max
            && count > max
        {
            let span = spans[max].clone();
            let matched = post.slice(&span).to_string();
            findings.push(
                span,
                &|name| values(name, &matched),
                &format!("{{count}} {noun} in this {subject}, more than {{max}}"),
                None,
            );
        }
        if let Some(min) = self.min
            && count < min
        {
            let matched = judging.anchor_text();
            findings.push(
                judging.instance.anchor.clone(),
                &|name| values(name, &matched),
                &format!("{{count}} {noun} in this {subject}, fewer than {{min}}"),
                None,
            );
        }
    }
}
