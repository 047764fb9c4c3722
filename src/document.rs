//! The document model: one parse of one post into everything a rule reads.
//!
//! Every rule, per-post or corpus-wide, reads a [`Document`]. It is built once per
//! file, in the parallel phase, by [`Document::parse`], which never fails: malformed
//! front matter is recorded on the model (and reported by `invalid-front-matter`)
//! rather than stopping anything. The model keeps exact byte spans into the source,
//! so a finding about a word inside a link inside a list item still points at that
//! word in the file.
//!
//! The parse has three steps:
//! 1. front matter (`---` YAML or `+++` TOML) is split off the top, so Markdown never
//!    sees it, and parsed into a key/value map ([`crate::front_matter`]);
//! 2. the body goes through pulldown-cmark once, with offsets, and the event stream
//!    is folded into headings, leaf content blocks, links, images and HTML comments;
//! 3. sections and the title are derived from the headings.
//!
//! Plain text ([`PlainText`]) is what people read: emphasis markers go, link text and
//! inline code text stay, line breaks become spaces. It carries a map back to the
//! source so that a match found in plain text becomes an exact source span.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::front_matter::{self, FrontMatter};
use crate::lines::LineIndex;
pub use crate::lines::Span;

/// Index of a post in the corpus: its position in the sorted list of files.
pub type PostId = usize;

/// One parsed post.
#[derive(Debug)]
pub struct Document {
    /// Position in the corpus.
    pub id: PostId,
    /// The path as shown to people (relative to the working directory when below it).
    pub path: PathBuf,
    /// The file's text, exactly as read (a byte-order mark is kept, and skipped by the parse).
    pub source: Arc<str>,
    /// Byte offset to line and column.
    pub lines: LineIndex,
    /// Front matter, when the post starts with a `---` or `+++` block.
    pub front_matter: Option<FrontMatter>,
    /// The post's title, from front matter or else the first H1.
    pub title: Option<Title>,
    /// Headings in document order (ATX and setext; never lines inside code).
    pub headings: Vec<Heading>,
    /// One section per heading, in the same order as `headings`.
    pub sections: Vec<Section>,
    /// Leaf content blocks in document order.
    pub blocks: Vec<Block>,
    /// Inline links and autolinks.
    pub links: Vec<Link>,
    /// Images.
    pub images: Vec<Image>,
    /// HTML comments (`<!-- … -->`), block or inline, with their inner text.
    pub comments: Vec<Comment>,
}

/// Where a post's title came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleOrigin {
    /// The `title` key of the front matter.
    FrontMatter,
    /// The first level-1 heading.
    Heading,
}

/// A post's title.
#[derive(Debug, Clone)]
pub struct Title {
    /// Plain text of the title.
    pub text: String,
    /// The title's span: the front-matter value, or the whole heading.
    pub span: Span,
    /// Where it came from.
    pub origin: TitleOrigin,
}

/// A heading, ATX (`## Setup`) or setext (underlined).
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's plain text.
    pub text: PlainText,
    /// The whole heading, markers and underline included.
    pub span: Span,
    /// How many blocks come before this heading: its content starts at this block index.
    pub first_block: usize,
}

/// A heading and everything up to the next heading of the same or a higher level.
#[derive(Debug, Clone)]
pub struct Section {
    /// Index into [`Document::headings`].
    pub heading: usize,
    /// The heading's level.
    pub level: u8,
    /// From the heading's start to the start of the next heading of the same or a
    /// higher level, or the end of the file.
    pub span: Span,
    /// Every block of the section, subsections included.
    pub blocks: Range<usize>,
    /// The blocks before the first subsection's heading.
    pub direct_blocks: Range<usize>,
    /// Indices of the headings of this section's subsections (all depths).
    pub subsections: Range<usize>,
}

/// What kind of content a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph, or the text of a tight list item.
    Paragraph,
    /// A paragraph that holds nothing but images.
    Image,
    /// A fenced or indented code block; `language` is the fence's info word.
    Code { language: String },
    /// Raw HTML. `comment_only` when it holds nothing but HTML comments.
    Html { comment_only: bool },
    /// A table; its text is the cells' text, one row per line.
    Table,
}

impl BlockKind {
    /// Whether this block counts as content under a heading. An HTML comment does
    /// not: a section holding only `<!-- TODO -->` is still empty to a reader.
    pub fn is_content(&self) -> bool {
        !matches!(self, BlockKind::Html { comment_only: true })
    }
}

/// The innermost container a block sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Top level (or a footnote definition).
    None,
    /// Inside a list item.
    ListItem,
    /// Inside a blockquote.
    BlockQuote,
}

/// A leaf content block.
#[derive(Debug, Clone)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// The innermost list item or blockquote holding it.
    pub container: Container,
    /// Where it is. For a block inside a list item or quote, the block itself,
    /// not the markers before it.
    pub span: Span,
    /// Its plain text (code and HTML keep their raw text).
    pub text: PlainText,
    /// The heading this block sits under (index into `headings`), if any.
    pub heading: Option<usize>,
}

/// A link: `[text](url)`, `[text][ref]` or `<url>`.
#[derive(Debug, Clone)]
pub struct Link {
    /// The link text, plain.
    pub text: String,
    /// The destination.
    pub url: String,
    /// The whole link.
    pub span: Span,
}

/// An image: `![alt](url)`.
#[derive(Debug, Clone)]
pub struct Image {
    /// The alt text, plain.
    pub alt: String,
    /// The destination.
    pub url: String,
    /// The whole image.
    pub span: Span,
}

/// An HTML comment, where suppression comments live.
#[derive(Debug, Clone)]
pub struct Comment {
    /// The text between `<!--` and `-->`, trimmed.
    pub text: String,
    /// The whole comment.
    pub span: Span,
}

/// Text as a reader sees it, with a map back to the source.
///
/// The map is a list of segments: each says that plain-text bytes from `plain`
/// onward came from source bytes from `source` onward. Where a segment's text is
/// the source verbatim (`exact`), offsets inside it map one to one; otherwise
/// (an entity, an escape, a line break) the segment maps as a whole.
#[derive(Debug, Clone, Default)]
pub struct PlainText {
    /// The text.
    pub text: String,
    segments: Vec<Segment>,
    /// Plain-text ranges that were inline code, so prose rules can skip them.
    code: Vec<Range<usize>>,
    /// Plain-text ranges that were image alt text, which readers do not see.
    alt: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    plain: u32,
    source: u32,
    source_len: u32,
    exact: bool,
}

impl PlainText {
    fn push(&mut self, text: &str, source: Span, exact: bool) {
        if text.is_empty() {
            return;
        }
        self.segments.push(Segment {
            plain: self.text.len() as u32,
            source: source.start as u32,
            source_len: (source.end - source.start) as u32,
            exact,
        });
        self.text.push_str(text);
    }

    /// Appends text whose source is `source`; maps one to one when they are equal.
    fn push_from(&mut self, text: &str, source_text: &str, source: Span) {
        let exact = text == source_text;
        self.push(text, source, exact);
    }

    /// A space standing for a line break or a cell boundary, unless one is already there.
    fn push_space(&mut self, source: Span) {
        if !self.text.is_empty() && !self.text.ends_with(' ') && !self.text.ends_with('\n') {
            self.push(" ", source, false);
        }
    }

    /// Plain text of a value found somewhere in the source, such as a link's text
    /// or a front-matter value: it maps one to one when `text` occurs verbatim in
    /// `source[span]`, and to the whole span otherwise.
    pub fn located(text: &str, source: &str, span: Span) -> PlainText {
        let mut plain = PlainText::default();
        let raw = source.get(span.clone()).unwrap_or("");
        match raw.find(text) {
            Some(at) if !text.is_empty() => {
                let start = span.start + at;
                plain.push(text, start..start + text.len(), true);
            }
            _ => plain.push(text, span, false),
        }
        plain
    }

    /// The ranges of the text that were inline code (`` `like this` ``), in order.
    pub fn code_ranges(&self) -> &[Range<usize>] {
        &self.code
    }

    /// The ranges of the text that were the alt text of inline images.
    pub fn alt_ranges(&self) -> &[Range<usize>] {
        &self.alt
    }

    /// The source span of a byte range of the plain text.
    pub fn to_source(&self, range: Range<usize>) -> Span {
        let start = self.source_offset(range.start, false);
        let end = self.source_offset(range.end, true);
        start..end.max(start)
    }

    fn source_offset(&self, plain: usize, is_end: bool) -> usize {
        if self.segments.is_empty() {
            return 0;
        }
        // The segment holding this offset: for an end offset, the one it closes.
        let probe = if is_end {
            plain.saturating_sub(1)
        } else {
            plain
        };
        let i = match self
            .segments
            .binary_search_by(|s| (s.plain as usize).cmp(&probe))
        {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let seg = self.segments[i];
        let seg_end_plain = self
            .segments
            .get(i + 1)
            .map_or(self.text.len(), |s| s.plain as usize);
        let source = seg.source as usize;
        let source_len = seg.source_len as usize;
        if seg.exact {
            let delta = plain.saturating_sub(seg.plain as usize).min(source_len);
            source + delta
        } else if is_end || plain >= seg_end_plain {
            source + source_len
        } else {
            source
        }
    }
}

/// Parses Markdown the way every rule expects: CommonMark plus tables, footnotes,
/// strikethrough and task lists. Front matter is split off before this runs.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

impl Document {
    /// Parses one post. Never fails: whatever the text, the result is a model,
    /// possibly with front-matter errors recorded on it. pulldown-cmark 0.13.6
    /// panics on a few inputs (pulldown-cmark#1115, `fixtures/fuzz/`); the
    /// engine contains that, making the post a file error.
    pub fn parse(id: PostId, path: PathBuf, source: Arc<str>) -> Document {
        let lines = LineIndex::new(&source);
        let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
        let front_matter = front_matter::split(&source, bom);
        let body_start = front_matter.as_ref().map_or(bom, |fm| fm.span.end);

        let mut builder = Builder::new(&source);
        let parser = Parser::new_ext(&source[body_start..], markdown_options());
        for (event, range) in parser.into_offset_iter() {
            let range = range.start + body_start..range.end + body_start;
            builder.event(event, range);
        }
        let Builder {
            headings,
            blocks,
            links,
            images,
            comments,
            ..
        } = builder;

        let sections = sections(&headings, blocks.len(), source.len());
        let title = title(front_matter.as_ref(), &headings);
        Document {
            id,
            path,
            source,
            lines,
            front_matter,
            title,
            headings,
            sections,
            blocks,
            links,
            images,
            comments,
        }
    }

    /// When the post was published, as a sortable ISO date (`YYYY-MM-DD`, or
    /// `YYYY-MM` when only the month is known). Corpus rules use it to tell an
    /// original from its copies. In order, the first that holds one:
    /// - the front-matter keys `date`, `published`, `pubDate` and `created`;
    /// - a date anywhere in a path-like front-matter value (`path`, `slug`,
    ///   `url`, `permalink`), as blogs that date posts by URL write it
    ///   (`inside-rust/2023/03/15/…`);
    /// - a date in the file name (`2024-01-05-title.md`) or its folders
    ///   (`posts/2023/03/…`).
    pub fn date(&self) -> Option<String> {
        let fm = self.front_matter.as_ref();
        let value = |key: &str| fm.and_then(|fm| fm.string(key));
        ["date", "published", "pubDate", "created"]
            .iter()
            .chain(&["path", "slug", "url", "permalink"])
            .find_map(|key| date_in(&value(key)?))
            .or_else(|| date_in(&self.path.to_string_lossy()))
    }

    /// The links and images whose destination lies inside `span` (a
    /// section's), in document order: both lists are in document order, so
    /// this is a binary search, not a scan.
    pub fn destinations_within(&self, span: &Span) -> impl Iterator<Item = &str> {
        let links = within(&self.links, |l| &l.span, span)
            .iter()
            .map(|l| l.url.as_str());
        let images = within(&self.images, |i| &i.span, span)
            .iter()
            .map(|i| i.url.as_str());
        links.chain(images)
    }

    /// The first H1, if any.
    pub fn first_h1(&self) -> Option<&Heading> {
        self.headings.iter().find(|h| h.level == 1)
    }

    /// The text of a span of the source (empty if the span is out of range).
    pub fn slice(&self, span: &Span) -> &str {
        self.source.get(span.clone()).unwrap_or("")
    }
}

/// The first calendar date in `text`: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY_MM_DD`
/// or a `YYYY/MM` folder pair, not inside a longer number, with a year from
/// 1970 to 2099, a month from 01 to 12 and a day from 01 to 31. Returned as
/// `YYYY-MM-DD` or `YYYY-MM`, which sort by time.
pub fn date_in(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let digits = |at: usize, n: usize| {
        b.get(at..at + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let number = |at: usize, n: usize| -> u32 {
        b[at..at + n]
            .iter()
            .fold(0, |v, d| v * 10 + u32::from(d - b'0'))
    };
    let separator = |at: usize| matches!(b.get(at), Some(b'-' | b'/' | b'_'));
    let ends = |at: usize| !b.get(at).is_some_and(u8::is_ascii_digit);
    for start in 0..b.len() {
        if start > 0 && b[start - 1].is_ascii_digit() || !digits(start, 4) {
            continue;
        }
        let year = number(start, 4);
        if !(1970..=2099).contains(&year) || !separator(start + 4) || !digits(start + 5, 2) {
            continue;
        }
        let month = number(start + 5, 2);
        if !(1..=12).contains(&month) || !ends(start + 7) {
            continue;
        }
        let sep = b[start + 4];
        if b.get(start + 7) == Some(&sep) && digits(start + 8, 2) && ends(start + 10) {
            let day = number(start + 8, 2);
            if (1..=31).contains(&day) {
                return Some(format!("{year:04}-{month:02}-{day:02}"));
            }
        }
        // A month alone only as folders (`2023/03/`), never `2023-03` in a
        // name, where it is as often a version or a count.
        if sep == b'/' {
            return Some(format!("{year:04}-{month:02}"));
        }
    }
    None
}

/// The items of `items` (sorted by start) that start inside `span`.
fn within<'a, T>(items: &'a [T], at: impl Fn(&T) -> &Span, span: &Span) -> &'a [T] {
    let from = items.partition_point(|i| at(i).start < span.start);
    let to = items.partition_point(|i| at(i).start < span.end);
    items.get(from..to.max(from)).unwrap_or_default()
}

fn title(front_matter: Option<&FrontMatter>, headings: &[Heading]) -> Option<Title> {
    if let Some(fm) = front_matter
        && let Some(text) = fm.string("title")
        && !text.trim().is_empty()
    {
        let span = fm.value_span("title").unwrap_or(fm.span.clone());
        return Some(Title {
            text: text.trim().to_string(),
            span,
            origin: TitleOrigin::FrontMatter,
        });
    }
    headings.iter().find(|h| h.level == 1).map(|h| Title {
        text: h.text.text.trim().to_string(),
        span: h.span.clone(),
        origin: TitleOrigin::Heading,
    })
}

/// Derives sections from headings: each runs to the next heading of the same or a
/// higher level. A stack makes this linear in the number of headings.
fn sections(headings: &[Heading], block_count: usize, source_len: usize) -> Vec<Section> {
    let mut sections: Vec<Section> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| Section {
            heading: i,
            level: h.level,
            span: h.span.start..source_len,
            blocks: h.first_block..block_count,
            direct_blocks: h.first_block
                ..headings
                    .get(i + 1)
                    .map_or(block_count, |next| next.first_block),
            subsections: i + 1..headings.len(),
        })
        .collect();
    let mut open: Vec<usize> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        while let Some(&top) = open.last() {
            if headings[top].level < h.level {
                break;
            }
            open.pop();
            let s = &mut sections[top];
            s.span.end = h.span.start;
            s.blocks.end = h.first_block;
            s.subsections.end = i;
        }
        open.push(i);
    }
    sections
}

/// Folds pulldown-cmark's event stream into the model.
struct Builder<'s> {
    source: &'s str,
    headings: Vec<Heading>,
    blocks: Vec<Block>,
    links: Vec<Link>,
    images: Vec<Image>,
    comments: Vec<Comment>,
    /// Open list items and blockquotes, innermost last.
    containers: Vec<Container>,
    /// The leaf being filled, if any.
    leaf: Option<Leaf>,
    /// Open links and images: where their text starts in the leaf's plain text.
    inline_starts: Vec<InlineStart>,
}

struct Leaf {
    kind: LeafKind,
    span: Span,
    text: PlainText,
    /// For paragraphs: whether anything but images and whitespace was seen.
    has_non_image: bool,
    has_image: bool,
}

#[derive(PartialEq)]
enum LeafKind {
    Paragraph,
    /// Text of a tight list item, which pulldown-cmark emits without a paragraph.
    ImplicitParagraph,
    Heading(u8),
    Code(String),
    Html,
    Table,
}

struct InlineStart {
    plain: usize,
    url: String,
    span: Span,
    image: bool,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str) -> Self {
        Builder {
            source,
            headings: Vec::new(),
            blocks: Vec::new(),
            links: Vec::new(),
            images: Vec::new(),
            comments: Vec::new(),
            containers: Vec::new(),
            leaf: None,
            inline_starts: Vec::new(),
        }
    }

    fn container(&self) -> Container {
        self.containers.last().copied().unwrap_or(Container::None)
    }

    fn open(&mut self, kind: LeafKind, span: Span) {
        self.close_implicit();
        self.leaf = Some(Leaf {
            kind,
            span,
            text: PlainText::default(),
            has_non_image: false,
            has_image: false,
        });
    }

    /// A tight list item's text ends where a nested block begins.
    fn close_implicit(&mut self) {
        if self
            .leaf
            .as_ref()
            .is_some_and(|l| l.kind == LeafKind::ImplicitParagraph)
        {
            self.close();
        }
    }

    fn close(&mut self) {
        let Some(leaf) = self.leaf.take() else {
            return;
        };
        self.inline_starts.clear();
        let heading = self.headings.len().checked_sub(1);
        let kind = match leaf.kind {
            LeafKind::Heading(level) => {
                let first_block = self.blocks.len();
                self.headings.push(Heading {
                    level,
                    text: leaf.text,
                    span: trim_end(self.source, leaf.span),
                    first_block,
                });
                return;
            }
            LeafKind::Paragraph | LeafKind::ImplicitParagraph => {
                if leaf.has_image && !leaf.has_non_image {
                    BlockKind::Image
                } else if leaf.text.text.trim().is_empty() {
                    return;
                } else {
                    BlockKind::Paragraph
                }
            }
            LeafKind::Code(language) => BlockKind::Code { language },
            LeafKind::Html => BlockKind::Html {
                comment_only: is_comment_only(&leaf.text.text),
            },
            LeafKind::Table => BlockKind::Table,
        };
        self.blocks.push(Block {
            kind,
            container: self.container(),
            span: trim_end(self.source, leaf.span),
            text: leaf.text,
            heading,
        });
    }

    /// The leaf that inline content goes to, opening a tight list item's text.
    fn leaf_for_inline(&mut self, range: &Span) -> Option<&mut Leaf> {
        if self.leaf.is_none() && self.container() == Container::ListItem {
            self.leaf = Some(Leaf {
                kind: LeafKind::ImplicitParagraph,
                span: range.clone(),
                text: PlainText::default(),
                has_non_image: false,
                has_image: false,
            });
        }
        let leaf = self.leaf.as_mut()?;
        if leaf.kind == LeafKind::ImplicitParagraph {
            leaf.span.end = leaf.span.end.max(range.end);
        }
        Some(leaf)
    }

    fn event(&mut self, event: Event<'_>, range: Span) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                let source = self.source;
                let in_image = self.inline_starts.last().is_some_and(|s| s.image);
                if let Some(leaf) = self.leaf_for_inline(&range) {
                    if !text.trim().is_empty() && !in_image {
                        leaf.has_non_image = true;
                    }
                    let source_text = source.get(range.clone()).unwrap_or("");
                    leaf.text.push_from(&text, source_text, range);
                }
            }
            Event::Code(code) => {
                let source = self.source;
                if let Some(leaf) = self.leaf_for_inline(&range) {
                    leaf.has_non_image = true;
                    // The event's range includes the backticks; map to the code inside.
                    let raw = source.get(range.clone()).unwrap_or("");
                    let at_plain = leaf.text.text.len();
                    leaf.text.code.push(at_plain..at_plain + code.len());
                    match raw.find(code.as_ref()) {
                        Some(at) => {
                            let start = range.start + at;
                            leaf.text.push(&code, start..start + code.len(), true)
                        }
                        None => leaf.text.push(&code, range, false),
                    }
                }
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                if let Some(leaf) = self.leaf_for_inline(&range) {
                    leaf.has_non_image = true;
                    leaf.text.push(&math, range, false);
                }
            }
            Event::Html(html) => {
                self.record_comments(&html, range.clone());
                if let Some(leaf) = self.leaf.as_mut() {
                    let source_text = self.source.get(range.clone()).unwrap_or("");
                    leaf.text.push_from(&html, source_text, range);
                }
            }
            Event::InlineHtml(html) => {
                self.record_comments(&html, range.clone());
                // Inline tags are markup, not words: they stand as a space in plain text.
                if let Some(leaf) = self.leaf_for_inline(&range) {
                    leaf.text.push_space(range);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(leaf) = self.leaf.as_mut() {
                    leaf.text.push_space(range);
                }
            }
            Event::FootnoteReference(_) | Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Span) {
        match tag {
            Tag::Paragraph => self.open(LeafKind::Paragraph, range),
            Tag::Heading { level, .. } => self.open(LeafKind::Heading(heading_level(level)), range),
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.open(LeafKind::Code(language), range);
            }
            Tag::HtmlBlock => self.open(LeafKind::Html, range),
            Tag::Table(_) => self.open(LeafKind::Table, range),
            Tag::Item => {
                self.close_implicit();
                self.containers.push(Container::ListItem);
            }
            Tag::BlockQuote(_) => {
                self.close_implicit();
                self.containers.push(Container::BlockQuote);
            }
            Tag::List(_) | Tag::FootnoteDefinition(_) => self.close_implicit(),
            Tag::Link { dest_url, .. } => {
                let plain = self
                    .leaf_for_inline(&range)
                    .map_or(0, |l| l.text.text.len());
                self.inline_starts.push(InlineStart {
                    plain,
                    url: dest_url.to_string(),
                    span: range,
                    image: false,
                });
            }
            Tag::Image { dest_url, .. } => {
                let plain = match self.leaf_for_inline(&range) {
                    Some(leaf) => {
                        leaf.has_image = true;
                        leaf.text.push_space(range.start..range.start);
                        leaf.text.text.len()
                    }
                    None => 0,
                };
                self.inline_starts.push(InlineStart {
                    plain,
                    url: dest_url.to_string(),
                    span: range,
                    image: true,
                });
            }
            Tag::TableCell => {
                if let Some(leaf) = self.leaf.as_mut() {
                    leaf.text.push_space(range.start..range.start);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Span) {
        if let Some(leaf) = self.leaf.as_mut()
            && leaf.kind == LeafKind::ImplicitParagraph
            && matches!(
                tag,
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Link
                    | TagEnd::Image
            )
        {
            // A tight item's text ends where its last inline markup closes.
            leaf.span.end = leaf.span.end.max(range.end);
        }
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::Table => self.close(),
            TagEnd::Item | TagEnd::BlockQuote(_) => {
                self.close_implicit();
                self.containers.pop();
            }
            TagEnd::TableRow | TagEnd::TableHead => {
                if let Some(leaf) = self.leaf.as_mut()
                    && !leaf.text.text.is_empty()
                    && !leaf.text.text.ends_with('\n')
                {
                    leaf.text.push("\n", range.end..range.end, false);
                }
            }
            TagEnd::Link | TagEnd::Image => {
                let Some(start) = self.inline_starts.pop() else {
                    return;
                };
                let text = self
                    .leaf
                    .as_ref()
                    .and_then(|l| l.text.text.get(start.plain..))
                    .unwrap_or("")
                    .trim()
                    .to_string();
                if start.image {
                    if let Some(leaf) = self.leaf.as_mut() {
                        let end = leaf.text.text.len();
                        leaf.text.alt.push(start.plain.min(end)..end);
                    }
                    self.images.push(Image {
                        alt: text,
                        url: start.url,
                        span: start.span,
                    });
                } else {
                    self.links.push(Link {
                        text,
                        url: start.url,
                        span: start.span,
                    });
                }
            }
            _ => {}
        }
    }

    fn record_comments(&mut self, html: &str, range: Span) {
        // Offsets are searched in the source, not in `html`, so spans stay exact even
        // when pulldown-cmark splits an HTML block into several events.
        let Some(raw) = self.source.get(range.clone()) else {
            return;
        };
        if !html.contains("<!--") {
            return;
        }
        let mut from = 0;
        while let Some(open) = raw[from..].find("<!--") {
            let start = from + open;
            let inner_start = start + 4;
            let Some(close) = raw[inner_start..].find("-->") else {
                break;
            };
            let inner_end = inner_start + close;
            self.comments.push(Comment {
                text: raw[inner_start..inner_end].trim().to_string(),
                span: range.start + start..range.start + inner_end + 3,
            });
            from = inner_end + 3;
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Block spans from pulldown-cmark include the trailing newline; findings read
/// better without it.
fn trim_end(source: &str, span: Span) -> Span {
    let text = source.get(span.clone()).unwrap_or("");
    let trimmed = text.trim_end_matches(['\n', '\r', ' ', '\t']);
    span.start..span.start + trimmed.len()
}

/// Whether raw HTML holds only comments and whitespace.
fn is_comment_only(html: &str) -> bool {
    let mut rest = html.trim();
    while !rest.is_empty() {
        let Some(after_open) = rest.strip_prefix("<!--") else {
            return false;
        };
        match after_open.find("-->") {
            Some(close) => rest = after_open[close + 3..].trim_start(),
            // An unclosed comment runs to the end of the block.
            None => return true,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Document {
        Document::parse(0, PathBuf::from("post.md"), Arc::from(text))
    }

    #[test]
    fn plain_text_maps_back_to_exact_source() {
        let doc = parse("Some *emphasis* and a [link text](https://x.y) and `code`.\n");
        let block = &doc.blocks[0];
        assert_eq!(block.text.text, "Some emphasis and a link text and code.");
        for word in ["emphasis", "link text", "code"] {
            let at = block.text.text.find(word).unwrap();
            let span = block.text.to_source(at..at + word.len());
            assert_eq!(doc.slice(&span), word);
        }
    }

    #[test]
    fn sections_nest_and_end_at_same_or_higher_level() {
        let doc = parse("# T\n\n## A\n\ntext\n\n### A1\n\nmore\n\n## B\n\nb\n");
        let a = &doc.sections[1];
        assert_eq!(doc.headings[a.heading].text.text, "A");
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(a.direct_blocks.len(), 1);
        assert_eq!(a.subsections, 2..3);
        assert!(doc.slice(&a.span).ends_with("more\n\n"));
    }

    #[test]
    fn tight_list_items_become_paragraph_blocks() {
        let doc = parse("- one item here\n- two *items*\n  - nested\n");
        let texts: Vec<_> = doc.blocks.iter().map(|b| b.text.text.as_str()).collect();
        assert_eq!(texts, ["one item here", "two items", "nested"]);
        assert!(
            doc.blocks
                .iter()
                .all(|b| b.container == Container::ListItem)
        );
        assert_eq!(doc.slice(&doc.blocks[1].span), "two *items*");
    }

    #[test]
    fn comment_only_html_is_not_content() {
        let doc = parse("## A\n\n<!-- todo -->\n\n## B\n\n<div>x</div>\n");
        assert!(!doc.blocks[0].kind.is_content());
        assert!(doc.blocks[1].kind.is_content());
        assert_eq!(doc.comments[0].text, "todo");
    }
}
