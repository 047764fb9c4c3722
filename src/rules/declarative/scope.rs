//! Scopes: which parts of a post a rule reads, as the reader sees them.
//!
//! A scope turns a [`Document`] into instances: each paragraph, each heading,
//! each sentence, each section, or the post as a whole. An instance is a list of
//! text units (plain text with its map back to the source, so a match becomes an
//! exact span), the span it covers (a conditional's "in the same scope") and the
//! span a finding about the whole instance points at (a section's heading).
//!
//! Code is never prose: code blocks are left out of every scope but `code`, and
//! inline code inside prose is skipped by the matcher (see [`Unit::code`]), as
//! is the alt text of inline images, which only the `image-alt` scope reads.

use std::borrow::Cow;
use std::ops::Range;

use crate::document::{BlockKind, Container, Document, PlainText, Span, TitleOrigin};
use crate::front_matter::Value;

use crate::text::prose::sentences;

/// Where a rule looks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// The post's title (front matter, else the first H1).
    Title,
    /// Headings; of one level when given.
    Heading(Option<u8>),
    /// Paragraphs outside lists and blockquotes.
    Paragraph,
    /// Sentences of paragraphs, list items and blockquotes.
    Sentence,
    /// The text of list items.
    ListItem,
    /// The text of blockquotes.
    BlockQuote,
    /// Link texts.
    LinkText,
    /// Image alt texts.
    ImageAlt,
    /// A front-matter key's value (each item, for a list).
    FrontMatter(String),
    /// Each section: its heading and everything under it, subsections included.
    Section,
    /// The whole post: title, headings, paragraphs, lists, quotes and tables.
    Post,
    /// Code blocks and inline code.
    Code,
}

/// A piece of text in a post.
pub struct Unit<'d> {
    /// The text and its map to the source.
    pub plain: Cow<'d, PlainText>,
    /// The part of `plain` this unit is.
    pub range: Range<usize>,
    /// Whether inline code and image alt text inside it are skipped (prose).
    pub skip_code: bool,
}

impl Unit<'_> {
    /// The unit's text.
    pub fn text(&self) -> &str {
        self.plain.text.get(self.range.clone()).unwrap_or("")
    }

    /// The source span of a range of [`Unit::text`].
    pub fn to_source(&self, range: Range<usize>) -> Span {
        self.plain
            .to_source(self.range.start + range.start..self.range.start + range.end)
    }

    /// Whether a range of the unit's text touches what prose scopes skip:
    /// inline code, and the alt text of inline images, which readers do not see.
    pub fn code(&self, range: &Range<usize>) -> bool {
        if !self.skip_code {
            return false;
        }
        let (start, end) = (self.range.start + range.start, self.range.start + range.end);
        let touches = |c: &Range<usize>| c.start < end && start < c.end;
        self.plain.code_ranges().iter().any(touches) || self.plain.alt_ranges().iter().any(touches)
    }
}

/// One place a scope covers: a paragraph, a section, the post.
pub struct Instance<'d> {
    /// Its text.
    pub units: Vec<Unit<'d>>,
    /// The source it covers.
    pub extent: Span,
    /// Where a finding about it as a whole points.
    pub anchor: Span,
}

impl Scope {
    /// The scope names, as written in rule files.
    pub const NAMES: &[&str] = &[
        "title",
        "heading",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "paragraph",
        "sentence",
        "list-item",
        "blockquote",
        "link-text",
        "image-alt",
        "section",
        "post",
        "code",
    ];

    /// Reads a scope name.
    pub fn parse(text: &str) -> Option<Scope> {
        if let Some(key) = text.strip_prefix("front-matter.") {
            return (!key.trim().is_empty()).then(|| Scope::FrontMatter(key.to_string()));
        }
        Some(match text {
            "title" => Scope::Title,
            "heading" => Scope::Heading(None),
            "h1" => Scope::Heading(Some(1)),
            "h2" => Scope::Heading(Some(2)),
            "h3" => Scope::Heading(Some(3)),
            "h4" => Scope::Heading(Some(4)),
            "h5" => Scope::Heading(Some(5)),
            "h6" => Scope::Heading(Some(6)),
            "paragraph" => Scope::Paragraph,
            "sentence" => Scope::Sentence,
            "list-item" => Scope::ListItem,
            "blockquote" => Scope::BlockQuote,
            "link-text" => Scope::LinkText,
            "image-alt" => Scope::ImageAlt,
            "section" => Scope::Section,
            "post" => Scope::Post,
            "code" => Scope::Code,
            _ => return None,
        })
    }

    /// The instances of this scope in `post`.
    pub fn instances<'d>(&self, post: &'d Document) -> Vec<Instance<'d>> {
        match self {
            Scope::Title => title(post).into_iter().map(single).collect(),
            Scope::Heading(level) => post
                .headings
                .iter()
                .filter(|h| level.is_none_or(|l| l == h.level))
                .map(|h| single(whole(&h.text)))
                .collect(),
            Scope::Paragraph => blocks(post, Some(Container::None)),
            Scope::ListItem => blocks(post, Some(Container::ListItem)),
            Scope::BlockQuote => blocks(post, Some(Container::BlockQuote)),
            Scope::Sentence => post
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Paragraph)
                .flat_map(|b| {
                    sentences(&b.text.text).into_iter().map(move |range| {
                        let span = b.text.to_source(range.clone());
                        Instance {
                            units: vec![Unit {
                                plain: Cow::Borrowed(&b.text),
                                range,
                                skip_code: true,
                            }],
                            extent: span.clone(),
                            anchor: span,
                        }
                    })
                })
                .collect(),
            Scope::LinkText => post
                .links
                .iter()
                .map(|l| single(inline(&l.text, post, l.span.clone())))
                .collect(),
            Scope::ImageAlt => post
                .images
                .iter()
                .filter(|i| !i.alt.is_empty())
                .map(|i| single(inline(&i.alt, post, i.span.clone())))
                .collect(),
            Scope::FrontMatter(key) => front_matter(post, key).into_iter().map(single).collect(),
            Scope::Section => post
                .sections
                .iter()
                .map(|s| {
                    let heading = &post.headings[s.heading];
                    let mut units = vec![whole(&heading.text)];
                    for (i, block) in post.blocks[s.blocks.clone()].iter().enumerate() {
                        // Subsection headings sit before the block they precede.
                        let at = s.blocks.start + i;
                        for h in &post.headings[s.subsections.clone()] {
                            if h.first_block == at {
                                units.push(whole(&h.text));
                            }
                        }
                        if is_prose(&block.kind) {
                            units.push(whole(&block.text));
                        }
                    }
                    for h in &post.headings[s.subsections.clone()] {
                        if h.first_block >= s.blocks.end {
                            units.push(whole(&h.text));
                        }
                    }
                    Instance {
                        units,
                        extent: s.span.clone(),
                        anchor: heading.span.clone(),
                    }
                })
                .collect(),
            Scope::Post => {
                let mut units = Vec::new();
                if let Some(t) = post.title.as_ref()
                    && t.origin == TitleOrigin::FrontMatter
                    && let Some(unit) = title(post)
                {
                    units.push(unit);
                }
                // Headings and blocks in document order.
                let mut next_heading = 0;
                for (i, block) in post.blocks.iter().enumerate() {
                    while let Some(h) = post.headings.get(next_heading)
                        && h.first_block <= i
                    {
                        units.push(whole(&h.text));
                        next_heading += 1;
                    }
                    if is_prose(&block.kind) {
                        units.push(whole(&block.text));
                    }
                }
                for h in &post.headings[next_heading.min(post.headings.len())..] {
                    units.push(whole(&h.text));
                }
                vec![Instance {
                    units,
                    extent: 0..post.source.len(),
                    anchor: post_anchor(post),
                }]
            }
            Scope::Code => {
                let mut instances = Vec::new();
                for h in &post.headings {
                    inline_code(&h.text, &mut instances);
                }
                for b in &post.blocks {
                    if matches!(b.kind, BlockKind::Code { .. }) {
                        instances.push(Instance {
                            units: vec![Unit {
                                plain: Cow::Borrowed(&b.text),
                                range: 0..b.text.text.len(),
                                skip_code: false,
                            }],
                            extent: b.span.clone(),
                            anchor: b.span.clone(),
                        });
                    } else {
                        inline_code(&b.text, &mut instances);
                    }
                }
                instances.sort_by_key(|i| i.extent.start);
                instances
            }
        }
    }
}

/// Each inline code piece of `plain`, as an instance of the `code` scope.
fn inline_code<'d>(plain: &'d PlainText, instances: &mut Vec<Instance<'d>>) {
    for range in plain.code_ranges() {
        let span = plain.to_source(range.clone());
        instances.push(Instance {
            units: vec![Unit {
                plain: Cow::Borrowed(plain),
                range: range.clone(),
                skip_code: false,
            }],
            extent: span.clone(),
            anchor: span,
        });
    }
}

/// Text a reader reads as prose: not code, not raw HTML, not an image.
fn is_prose(kind: &BlockKind) -> bool {
    matches!(kind, BlockKind::Paragraph | BlockKind::Table)
}

fn whole(plain: &PlainText) -> Unit<'_> {
    Unit {
        plain: Cow::Borrowed(plain),
        range: 0..plain.text.len(),
        skip_code: true,
    }
}

fn single(unit: Unit<'_>) -> Instance<'_> {
    let span = unit.to_source(0..unit.range.len());
    Instance {
        units: vec![unit],
        extent: span.clone(),
        anchor: span,
    }
}

/// The text of a link or image (`span`) as a part of the plain text of the
/// block or heading holding it, so a match inside `[the *docs*](url)` maps to
/// the exact source bytes; else looked up in the source.
fn inline<'d>(text: &str, post: &'d Document, span: Span) -> Unit<'d> {
    let holders = post
        .blocks
        .iter()
        .map(|b| (&b.span, &b.text))
        .chain(post.headings.iter().map(|h| (&h.span, &h.text)));
    for (holder, plain) in holders {
        if holder.start > span.start || span.end > holder.end {
            continue;
        }
        let inside = |range: &Range<usize>| {
            let at = plain.to_source(range.clone());
            span.start <= at.start && at.end <= span.end
        };
        let found = plain
            .text
            .match_indices(text)
            .map(|(at, _)| at..at + text.len())
            .find(inside);
        if let Some(range) = found {
            return Unit {
                plain: Cow::Borrowed(plain),
                range,
                skip_code: false,
            };
        }
    }
    located(text, post, span)
}

fn located<'d>(text: &str, post: &Document, span: Span) -> Unit<'d> {
    let plain = PlainText::located(text, &post.source, span);
    Unit {
        range: 0..plain.text.len(),
        plain: Cow::Owned(plain),
        skip_code: false,
    }
}

fn blocks(post: &Document, container: Option<Container>) -> Vec<Instance<'_>> {
    post.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph && container.is_none_or(|c| c == b.container))
        .map(|b| Instance {
            units: vec![whole(&b.text)],
            extent: b.span.clone(),
            anchor: b.span.clone(),
        })
        .collect()
}

fn title(post: &Document) -> Option<Unit<'_>> {
    let title = post.title.as_ref()?;
    match title.origin {
        TitleOrigin::Heading => {
            let h = post.first_h1()?;
            Some(whole(&h.text))
        }
        TitleOrigin::FrontMatter => Some(located(&title.text, post, title.span.clone())),
    }
}

/// Where a finding about the whole post points: its title, else its first line.
fn post_anchor(post: &Document) -> Span {
    if let Some(title) = &post.title {
        return title.span.clone();
    }
    let end = post.source.find('\n').unwrap_or(post.source.len());
    0..end
}

/// The front matter from the line where `key` is set (a value on the lines
/// below it, like a YAML list), else all of it.
fn key_onwards(post: &Document, body: Span, key: &str) -> Span {
    let text = post.source.get(body.clone()).unwrap_or("");
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let rest = line.trim_start().strip_prefix(key).unwrap_or("");
        if line.trim_start().starts_with(key)
            && matches!(rest.trim_start().chars().next(), Some(':' | '='))
        {
            return body.start + at..body.end;
        }
        at += line.len();
    }
    body
}

/// Each string of a front-matter value, for a key like `description` or a
/// dotted path like `author.name`; list items are units of their own.
fn front_matter<'d>(post: &'d Document, key: &str) -> Vec<Unit<'d>> {
    let Some(fm) = &post.front_matter else {
        return Vec::new();
    };
    let mut parts = key.split('.');
    let top = parts.next().unwrap_or("");
    let Some(mut value) = fm.fields.get(top) else {
        return Vec::new();
    };
    for part in parts {
        match value {
            Value::Map(map) => match map.get(part) {
                Some(v) => value = v,
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        }
    }
    let area = fm
        .value_span(top)
        .unwrap_or_else(|| key_onwards(post, fm.body.clone(), top));
    let mut texts = Vec::new();
    match value {
        Value::List(items) => texts.extend(items.iter().filter_map(Value::as_text)),
        other => texts.extend(other.as_text()),
    }
    // Items are looked up left to right, so repeated words map to their own place.
    let mut from = area.start;
    texts
        .into_iter()
        .filter(|t| !t.is_empty())
        .map(|text| {
            let search = from..area.end.max(from);
            let unit = located(&text, post, search.clone());
            if let Some(at) = post.source.get(search).and_then(|s| s.find(text.as_str())) {
                from += at + text.len();
            }
            unit
        })
        .collect()
}
