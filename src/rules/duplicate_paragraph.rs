//! `duplicate-paragraph`: paragraphs pasted into a few other places, exactly or
//! edited, across the whole corpus; and the corpus pass that also finds
//! boilerplate for [`crate::rules::boilerplate_paragraph`].
//!
//! The parallel phase reduces every prose paragraph (list-item and blockquote
//! paragraphs included; link lists, code-heavy lines, hashes, template syntax
//! and changelog lines left out) to its span, a hash of its normalised words,
//! its word ids with numbers masked, and MinHash band keys over its word
//! 3-shingles ([`crate::text::shingles`]). The corpus phase then works on those
//! summaries alone:
//! 1. exact copies are grouped by their hash, so a paragraph pasted into a
//!    thousand posts costs a sort, and only one copy per group takes part in
//!    step 2;
//! 2. LSH buckets offer candidate pairs, each verified by word-level
//!    similarity; the pairs at or above `similarity` are the only links a
//!    finding may name, so no finding ever quotes a figure below it;
//! 3. linked paragraphs form families. A family with `boilerplate-copies`
//!    copies or more (versions of a page count once) is boilerplate: one `boilerplate-paragraph` finding. In
//!    any other family, each copy is reported against the oldest copy it
//!    itself resembles, never against a copy it only reaches through others;
//! 4. a post that copies several paragraphs of one other page gets one
//!    finding for them instead of one per paragraph.
//!
//! Posts that are versions or translations of one page (the same path under
//! sibling folders such as `5.1/` and `7.4/`, or `en/` and `fr/`) are one page:
//! their shared paragraphs are not copies of each other.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use regex::Regex;

use serde::{Deserialize, Serialize};

use crate::document::{Block, BlockKind, Container, Document, PostId, Span};
use crate::rule::{Corpus, CorpusChecker, CorpusRule, Finding, OptionInfo, OptionKind, RuleOptions};
use crate::rules::boilerplate_paragraph;
use crate::text::shingles::{
    Bucket, LcsScratch, MinHash, NEAR_DUPLICATE_BANDING, SimilarPair, UnionFind, bucket_members,
    bucket_partners, buckets_of, candidate_pairs, shingle_set,
    similarity,
    word_hash,
};
use crate::text::{fold, sentence_ends, without_urls, words};
use crate::variants::Variants;

mod kept;
mod verdicts;
mod words;

use words::{WordIds, Words};

crate::declare_rule! {
    /// ## What it flags
    /// A paragraph that also appears in a few other places of the corpus,
    /// word for word or edited: in another post or further down the same
    /// post. Paragraphs, list items and paragraphs in blockquotes are
    /// compared when they are prose; code, HTML, tables, headings and front
    /// matter never are, nor paragraphs shorter than `min-words` words, nor
    /// lines made mostly of links, inline code, hashes or template syntax
    /// (`{{< >}}`, `{% %}`, `{{ }}`), nor changelog lines (a list item with a
    /// commit hash, a `#123` reference or an `@author`) unless
    /// `changelog-lines = true`.
    ///
    /// Paragraphs are compared as readers see them: markup is stripped (link
    /// text stays, URLs go), the text is Unicode NFKC-normalised and
    /// lower-cased, typographic quotes and dashes are folded, and it is split
    /// into words at everything that is not a letter or digit, so hard
    /// wrapping, emphasis and punctuation never matter. Numbers count as one
    /// word whatever their value, so a paragraph whose version numbers and
    /// dates changed is still the same text.
    ///
    /// **Similarity** is the share of the shorter paragraph's words that
    /// appear, in the same order, in the other (their longest common
    /// subsequence), or, if higher, the share of its three-word phrases found
    /// in the other, which keeps a copy whose sentences were reordered.
    /// Identical text scores 100%; a copy with one word in ten changed about
    /// 90%; a copy with a sentence added, dropped or moved close to 100%;
    /// unrelated prose 20-45%. Against a paragraph over twice as long, a copy
    /// needs 95%. Within one post, where paragraphs written to one pattern are
    /// common (a list of options, each "Indicates whether …") and short notes
    /// are repeated on purpose, only a paragraph of 30 words or more that is
    /// 95% alike counts. Candidates are found with MinHash and
    /// locality-sensitive hashing, and by the hashes of whole sentences (a
    /// copy with a sentence dropped or added keeps the others word for word),
    /// so the cost grows linearly with the corpus, and every candidate is
    /// verified before it is reported. A copy is reported only against a copy
    /// it resembles at `similarity` or more, and the figure in the message is
    /// that pair's.
    ///
    /// **The original** is a copy in an older post, dated by its front-matter
    /// `date`, `published`, `pubDate` or `created`; else a date anywhere in a
    /// front-matter `path`, `slug`, `url` or `permalink`; else a date in its
    /// file name or folder names (`2024-01-05-launch.md`,
    /// `posts/2023/03/launch.md`); posts without a date count as newer than
    /// any dated post, and ties go by path. When only some files are checked
    /// (a pre-commit hook naming the staged posts), a copy elsewhere in the
    /// project counts as older than one in a named file with the same or no
    /// date, so the staged copy is the one reported. Every other copy gets one
    /// finding naming, of the older copies it resembles, the most alike (the
    /// oldest of equals), since that is the one it was taken from; among the
    /// pages of a template, an older sibling is alike but less so.
    /// `report = "all"` reports the original too. A post that copies three or
    /// more paragraphs from one other page, or two that are most of its
    /// words, gets one finding for them ("87% of this post repeats …"), and
    /// so does a post that repeats three or more of its own paragraphs; a
    /// page three or more of whose paragraphs went one each into other pages
    /// (an index of their summaries) gets one finding for them.
    ///
    /// **Boilerplate** is left to `boilerplate-paragraph`: a paragraph (or a
    /// family of near copies, such as a template whose version and date
    /// change) with `boilerplate-copies` copies or more is reported there,
    /// once, and not here. A copy of such a template with its numbers
    /// unchanged (the same version or date as in one other post, edited or
    /// not) is still reported here: its slots were not updated. Steps and
    /// names that hold a number ("Step 4", `User01`) are no slots.
    ///
    /// **Versions and translations** of one page are not compared with each
    /// other: posts at the same relative path under sibling folders named like
    /// versions (`5.1/`, `v2/`, `latest/`) or languages (`en/`, `pt-br/`) are
    /// one page when two or more such folders hold it. For other layouts, name
    /// the folder that changes with `*` in `variants`.
    ///
    /// ## Why it matters
    /// A pasted paragraph goes stale in all but one of its places, splits
    /// search ranking between pages, and tells readers who notice that the
    /// post was assembled rather than written. Copies are rarely deliberate;
    /// when they are (a standard notice), list them under `allow`.
    ///
    /// ## Example
    /// `posts/2023/launch.md` and `posts/2024/retro.md` both contain the
    /// 45-word paragraph "We invested heavily in contract testing …", the
    /// second with four words changed. The copy in `retro.md` is flagged as
    /// "paragraph is 91% similar to posts/2023/launch.md:12", pointing at
    /// the original in `launch.md`: link to the earlier post instead.
    ///
    /// Some repetition is on purpose. Allow it by its text, or by a regular
    /// expression between slashes matched against the normalised text
    /// (lower-case words separated by single spaces); declare version folders
    /// that are not named like versions:
    /// ```toml
    /// [rules.duplicate-paragraph]
    /// allow = [
    ///   "This post is part of our series on testing.",
    ///   "/^if you have a previous version of rust installed via rustup/",
    /// ]
    /// variants = ["docs/*/"]    # docs/old/x.md and docs/new/x.md are one page
    /// ```
    pub static DUPLICATE_PARAGRAPH = {
        name: "duplicate-paragraph",
        severity: Warning,
        group: "duplicates",
        summary: "a paragraph copied, exactly or edited, into a few other places",
        options: [
            OptionInfo {
                name: "min-words",
                kind: OptionKind::Count,
                default: "12",
                doc: "paragraphs with fewer words than this are never compared",
            },
            OptionInfo {
                name: "similarity",
                kind: OptionKind::Ratio,
                default: "0.85",
                doc: "the share of the shorter paragraph's words found in order in the other at which two paragraphs are copies",
            },
            OptionInfo {
                name: "report",
                kind: OptionKind::OneOf(&["copies", "all"]),
                default: "\"copies\"",
                doc: "\"copies\" flags every copy but the original; \"all\" flags the original too",
            },
            OptionInfo {
                name: "allow",
                kind: OptionKind::StringList,
                default: "[]",
                doc: "paragraphs never reported: exact texts, or /regular expressions/ matched against the normalised text",
            },
            OptionInfo {
                name: "max-related",
                kind: OptionKind::Count,
                default: "10",
                doc: "the most other places a finding lists; the message gives the full count",
            },
            OptionInfo {
                name: "boilerplate-copies",
                kind: OptionKind::Count,
                default: "7",
                doc: "a paragraph with this many copies or more is boilerplate, reported once by boilerplate-paragraph (versions of one page count once; 0: never)",
            },
            crate::variants::VARIANTS_OPTION,
            crate::variants::DETECT_VARIANTS_OPTION,
            OptionInfo {
                name: "changelog-lines",
                kind: OptionKind::Bool,
                default: "false",
                doc: "compare list items that read as changelog lines (a commit hash, a #123 reference or an @author)",
            },
        ],
        reports: [boilerplate_paragraph::BOILERPLATE_PARAGRAPH],
        check: corpus(build),
    }
}

struct DuplicateParagraph {
    min_words: usize,
    similarity: f64,
    report_original: bool,
    max_related: usize,
    boilerplate_copies: usize,
    allow: Allow,
    variants: Variants,
    changelog_lines: bool,
    changelog: Regex,
    minhash: MinHash,
}

/// The `allow` option: exact texts (by the hash of their normalised words)
/// and regular expressions over the normalised text.
#[derive(Default)]
struct Allow {
    texts: Vec<u64>,
    patterns: Vec<Regex>,
}

impl Allow {
    fn new(entries: &[String]) -> Result<Allow, String> {
        let mut allow = Allow::default();
        for entry in entries {
            let inner = entry
                .strip_prefix('/')
                .and_then(|e| e.strip_suffix('/'))
                .filter(|_| entry.len() >= 2);
            match inner {
                Some(pattern) => allow.patterns.push(Regex::new(pattern).map_err(|e| {
                    format!("`allow` entry {entry:?} is not a valid regular expression: {e}")
                })?),
                None => {
                    let mut normalised = Normalised::default();
                    normalised.read(entry, true);
                    allow.texts.push(normalised.exact);
                }
            }
        }
        Ok(allow)
    }

    fn is_empty(&self) -> bool {
        self.texts.is_empty() && self.patterns.is_empty()
    }

    fn allows(&self, normalised: &Normalised) -> bool {
        self.texts.contains(&normalised.exact)
            || self.patterns.iter().any(|p| p.is_match(&normalised.text))
    }
}

/// Builds the rule from its options.
pub fn build(options: &RuleOptions) -> Result<Box<dyn CorpusChecker>, String> {
    Ok(Box::new(rule(options)?))
}

fn rule(options: &RuleOptions) -> Result<DuplicateParagraph, String> {
    let similarity = options.ratio("similarity");
    if similarity <= 0.0 {
        // Every pair of paragraphs would be "copies".
        return Err("`similarity` must be above 0".into());
    }
    let (rows, bands) = NEAR_DUPLICATE_BANDING;
    Ok(DuplicateParagraph {
        min_words: options.count("min-words"),
        similarity,
        report_original: options.string("report") == "all",
        max_related: options.count("max-related"),
        boilerplate_copies: match options.count("boilerplate-copies") {
            0 => usize::MAX,
            n => n,
        },
        allow: Allow::new(&options.strings("allow"))?,
        variants: Variants::from_options(options)?,
        changelog_lines: options.bool("changelog-lines"),
        // A commit hash (7 to 40 hex digits with a digit and a letter), an
        // issue or pull-request number, or an @author.
        changelog: Regex::new(
            r"(?i)(?:^|[\s\[(])(?:[0-9a-f]*[0-9][0-9a-f]*[a-f][0-9a-f]*|[0-9a-f]*[a-f][0-9a-f]*[0-9][0-9a-f]*)(?:[\s\])]|$)|#[0-9]{2,}\b|/pull/[0-9]+|(?:^|[\s(])@[a-z0-9][a-z0-9-]*",
        )
        .map_err(|e| e.to_string())?,
        minhash: MinHash::new(rows, bands),
    })
}

/// The similarity a paragraph needs to count as a copy of one more than twice
/// its length (a paragraph with most of its sentences dropped).
const LONG_CONTEXT_SIMILARITY: f64 = 0.95;

/// The words a paragraph needs for its copy further down the same post to be
/// reported. Of the 300 within-post copies the rule reported on the Rust
/// blog, hugo-docs and powershell-docs before this limit, the short ones read
/// by hand were parallel wordings ("where the parameter is present", then
/// "… is not present") and notes repeated on purpose; at 30 words and more
/// they are explanations given twice (97 left on powershell-docs).
const WITHIN_POST_WORDS: usize = 30;

/// Paragraphs copied from one other page from which a post gets one finding
/// for all of them, however few of its words they are: three findings that
/// name the same page say one thing. Two are enough when they are most of
/// the post's words.
const SHARED_PARAGRAPHS: usize = 3;

/// Sentences that find a paragraph edited by whole sentences: its two
/// longest of eight words or more. A copy with a sentence dropped or added
/// keeps the others word for word; of a paragraph of two or three sentences,
/// one of the two longest is always kept. (On the planted real copies this
/// found 2 sentence-drop copies of 225 that banding missed: most copies it
/// would find are under `min-words`.)
const ANCHORS: usize = 2;
const ANCHOR_WORDS: usize = 8;
/// Paragraphs of this many sentences or more have no anchors.
const ANCHORED_SENTENCES: usize = 4;

/// The word that every number becomes, so that a template whose version and
/// date change ("The 1.68.0 pre-release is ready … on March 09") reads the
/// same in every post.
const NUMBER: u32 = 0x4E55_4D42;

/// A paragraph's normalised words, reusable across paragraphs.
#[derive(Default)]
struct Normalised {
    /// Word ids with numbers masked, for comparing.
    ids: Vec<u32>,
    /// Hash of the exact word sequence: equal for exact copies.
    exact: u64,
    /// Words that look like hashes (hex runs of 7 or more with a digit and a letter).
    hashes: usize,
    /// Hash of the numbers alone, in order: the slots a template fills in.
    numbers: ExactHash,
    /// How much its numbers look like a version or a date: see [`slot_value`].
    values: usize,
    /// The id of the word read last.
    previous: u32,
    /// The words joined by single spaces, filled only when asked (for `allow`).
    text: String,
    /// The paragraph's ASCII text, lower-cased, separators as spaces.
    lower: Vec<u8>,
    /// Where each sentence but the last ends: its count of words.
    sentences: Vec<u32>,
}

impl Normalised {
    /// Reads the plain text of a paragraph: [`without_urls`], then [`fold`] and
    /// [`words`]. ASCII text, the common case, takes a path that gives the same
    /// words without allocating a folded copy of the paragraph.
    fn read(&mut self, plain: &str, keep_text: bool) {
        self.ids.clear();
        self.text.clear();
        self.sentences.clear();
        self.hashes = 0;
        self.numbers = ExactHash::default();
        self.values = 0;
        self.previous = NUMBER;
        let mut exact = ExactHash::default();
        let plain = without_urls(plain);
        if plain.is_ascii() {
            // Letters and digits lower-cased, everything else a space: a
            // branch-free map the compiler vectorises, then words are the runs
            // between spaces, found with memchr. The same words as `fold` and
            // `words` give for ASCII text, at a fraction of the cost of a
            // byte-by-byte split (13% of a 20,000-post check before).
            self.lower.clear();
            self.lower.extend(plain.bytes().map(ascii_word_byte));
            let mut start = 0;
            let lower = std::mem::take(&mut self.lower);
            let mut ends = sentence_ends(plain.as_bytes());
            let mut next_end = ends.next().unwrap_or(usize::MAX);
            for end in memchr::memchr_iter(b' ', &lower).chain([lower.len()]) {
                if let Some(word) = lower.get(start..end).filter(|w| !w.is_empty()) {
                    if next_end <= start {
                        next_end = self.sentence_break(&mut ends, start);
                    }
                    self.push(word, &mut exact);
                    if keep_text {
                        // ASCII letters and digits are always valid UTF-8.
                        push_word(
                            &mut self.text,
                            std::str::from_utf8(word).unwrap_or_default(),
                        );
                    }
                }
                start = end + 1;
            }
            self.lower = lower;
        } else {
            let folded = fold(&plain);
            let mut ends = sentence_ends(folded.as_bytes());
            let mut next_end = ends.next().unwrap_or(usize::MAX);
            for word in words(&folded) {
                // `words` gives slices of `folded`.
                let at = word.as_ptr() as usize - folded.as_ptr() as usize;
                if next_end <= at {
                    next_end = self.sentence_break(&mut ends, at);
                }
                self.push(word.as_bytes(), &mut exact);
                if keep_text {
                    push_word(&mut self.text, word);
                }
            }
        }
        self.exact = exact.finish(self.ids.len());
    }

    /// Notes a sentence break before the word at byte `at`, which a sentence
    /// end precedes, and gives the next end after it (`ends`: the ends still
    /// ahead, in order); `usize::MAX` when none is left.
    fn sentence_break(&mut self, ends: &mut impl Iterator<Item = usize>, at: usize) -> usize {
        let words = self.ids.len() as u32;
        if words > 0 && self.sentences.last() != Some(&words) {
            self.sentences.push(words);
        }
        ends.find(|&end| end > at).unwrap_or(usize::MAX)
    }

    /// Appends to `out` the anchor keys of the paragraph read last: the
    /// hashes of its [`ANCHORS`] longest sentences of [`ANCHOR_WORDS`] words
    /// or more (the whole paragraph when it is one sentence), 0 for each
    /// missing one.
    fn anchors(&self, out: &mut Vec<u32>) {
        let mut best = [(0usize, 0u32); ANCHORS];
        // With four sentences or more, a copy with one dropped or added
        // keeps most of its shingles, and banding finds it.
        if self.sentences.len() + 1 >= ANCHORED_SENTENCES {
            out.extend(best.iter().map(|&(_, key)| key));
            return;
        }
        let mut start = 0;
        for end in self
            .sentences
            .iter()
            .map(|&e| e as usize)
            .chain([self.ids.len()])
        {
            let sentence = self.ids.get(start..end).unwrap_or_default();
            start = end;
            if sentence.len() < ANCHOR_WORDS {
                continue;
            }
            let key = ids_key(sentence);
            // Longest first; the earlier sentence on a tie.
            if let Some(slot) = best.iter().position(|&(len, _)| sentence.len() > len) {
                best[slot..].rotate_right(1);
                best[slot] = (sentence.len(), key);
            }
        }
        out.extend(best.iter().map(|&(_, key)| key));
    }

    fn push(&mut self, word: &[u8], exact: &mut ExactHash) {
        let hash = word_hash(word);
        exact.add(hash);
        let has_digit = word.iter().any(u8::is_ascii_digit);
        if has_digit && word.len() >= 7 && word.iter().all(u8::is_ascii_hexdigit) {
            self.hashes += usize::from(word.iter().any(u8::is_ascii_alphabetic));
        }
        if has_digit {
            self.numbers.add(hash);
            self.values += slot_value(word, month_ids().binary_search(&self.previous).is_ok());
        }
        let id = if has_digit {
            NUMBER
        } else {
            (hash >> 32) as u32
        };
        self.ids.push(id);
        self.previous = id;
    }
}

/// What a number adds to a paragraph's evidence that it fills a template's
/// slot (a version, a date, an issue) rather than naming a step or a thing:
/// digits alone, or with an ordinal's ending ("30th"), count 1, so a version
/// ("1.73.0") makes 2 or more; a number of three digits or more (a year, an
/// issue's `#1234`) or a day after a month's name counts 2. A small number
/// alone is a step or a count ("Step 4"), and names that hold digits
/// (`User01`, `h2`) count 0.
fn slot_value(word: &[u8], after_month: bool) -> usize {
    let digits = word.iter().take_while(|b| b.is_ascii_digit()).count();
    let rest = &word[digits..];
    if digits == 0 || !(rest.is_empty() || matches!(rest, b"st" | b"nd" | b"rd" | b"th")) {
        return 0;
    }
    if digits >= 3 || after_month { 2 } else { 1 }
}

/// The word ids of [`MONTHS`], sorted: a number after one is a day.
fn month_ids() -> &'static [u32] {
    static IDS: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        let mut ids: Vec<u32> = MONTHS
            .iter()
            .map(|m| (word_hash(m.as_bytes()) >> 32) as u32)
            .collect();
        ids.sort_unstable();
        ids
    })
}

/// A non-zero 32-bit key of a run of word ids (numbers masked): a heading's
/// words, a sentence.
fn ids_key(ids: &[u32]) -> u32 {
    let mut key = ExactHash::default();
    for &id in ids {
        key.add(u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    }
    (key.finish(ids.len()) as u32).max(1)
}

/// A 64-bit hash of a sequence of word hashes, for grouping exact copies.
/// Each step is a bijection of the state mixed with a uniform word hash, so
/// two different paragraphs collide with probability about 2^-64.
#[derive(Default)]
struct ExactHash(u64);

impl ExactHash {
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word)
            .wrapping_mul(0xA076_1D64_78BD_642F)
            .rotate_left(31);
    }

    fn finish(&self, len: usize) -> u64 {
        let mut h = self.0 ^ (len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
        h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^ (h >> 32)
    }
}

/// An ASCII letter or digit lower-cased; anything else a space.
#[inline]
fn ascii_word_byte(b: u8) -> u8 {
    let lower = b | (u8::from(b.is_ascii_uppercase()) << 5);
    if lower.is_ascii_lowercase() || b.is_ascii_digit() {
        lower
    } else {
        b' '
    }
}

fn push_word(text: &mut String, word: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(word);
}

/// Whether a paragraph is prose a reader reads, rather than a list of links,
/// code, hashes or template syntax, which are repeated by design.
fn is_prose(post: &Document, block: &Block, normalised: &Normalised) -> bool {
    let text = &block.text.text;
    let visible = text.bytes().filter(|b| !b.is_ascii_whitespace()).count();
    // Hashes, and lines of figures ("`a@0.8.7`: published at 2026-08-20T07:34Z,
    // online for 90 minutes"), where numbers are one word and every such
    // line would read the same.
    let numbers = normalised.ids.iter().filter(|&&w| w == NUMBER).count();
    if visible == 0
        || normalised.hashes * 2 >= normalised.ids.len()
        || numbers * 5 >= normalised.ids.len() * 2
    {
        return false;
    }
    let code: usize = block.text.code_ranges().iter().map(|r| r.len()).sum();
    let first = post
        .links
        .partition_point(|l| l.span.start < block.span.start);
    let linked: usize = post.links[first..]
        .iter()
        .take_while(|l| l.span.end <= block.span.end)
        .map(|l| l.text.bytes().filter(|b| !b.is_ascii_whitespace()).count())
        .sum();
    // Link text often is inline code (`[`Pin`](…)`): each measured alone, so
    // that the overlap is not counted twice. Two thirds, not half: prose that
    // links a long API name ("you create a [System.Management…] object") is
    // still prose, and link bars and lists of links are nearly all links.
    if code.max(linked) * 3 >= visible * 2 {
        return false;
    }
    if text.contains("{{") || text.contains("{%") {
        // A template tag alone on a line wraps a body that is data or code
        // (Hugo's `{{< code-toggle >}}`); tags that fill half the text are
        // markup, not prose.
        let source = post.slice(&block.span);
        let tag_line = source.lines().map(str::trim).any(|l| {
            (l.starts_with("{{") && l.ends_with("}}")) || (l.starts_with("{%") && l.ends_with("%}"))
        });
        if tag_line || template_bytes(text) * 2 >= visible {
            return false;
        }
    }
    true
}

/// Whether block `i` is in a blockquote that the text before it introduces as
/// a quotation ("As we said in last year's roadmap:", "Back then, we noted
/// that:"). Quoting an earlier post, or anyone, is citing it, not pasting
/// it. A blockquote that no sentence introduces is still compared: it may be
/// a paragraph pasted as a note.
fn is_quotation(post: &Document, i: usize) -> bool {
    let Some(block) = post.blocks.get(i) else {
        return false;
    };
    if block.container != Container::BlockQuote {
        return false;
    }
    // Back over the quote's earlier paragraphs to the block before it.
    let before = post.blocks[..i]
        .iter()
        .rev()
        .find(|b| b.container != Container::BlockQuote);
    before.is_some_and(|b| b.kind == BlockKind::Paragraph && b.text.text.trim_end().ends_with(':'))
}

/// Bytes of `text` inside `{{ … }}` and `{% … %}`.
fn template_bytes(text: &str) -> usize {
    let mut total = 0;
    let mut rest = text;
    while let Some(at) = rest.find(['{']) {
        let after = &rest[at..];
        let close = match after.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        match after.find(close) {
            Some(end) => {
                total += end + 2;
                rest = &after[end + 2..];
            }
            None => break,
        }
    }
    total
}

/// The series of a post that is in none.
const NO_SERIES: u32 = u32::MAX;

/// Month names, which number a series' instalments as digits do
/// (`CTCFT-march`, `lang-team-apr-update`).
const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The name of the series a path would belong to: its folder and the words of
/// its file name (of the folder, for a page bundle's `index.md`), without the
/// words that number an instalment (those with a digit, month names) and
/// without dated folders. `inside-rust/lang-team-2024-apr-update.md` and
/// `inside-rust/lang-team-oct-update/index.md` are both
/// `inside-rust/lang-team-update`; `Rust-1.40.0.md` is `rust`.
fn series_name(path: &str) -> String {
    let (parts, stem) = crate::variants::page_name(path);
    let mut name: String = parts
        .iter()
        .filter(|folder| !folder.bytes().any(|b| b.is_ascii_digit()))
        .flat_map(|folder| [folder, "/"])
        .collect();
    let words = stem
        .split(['-', '_', '.', '@', ' '])
        .filter(|w| !w.is_empty() && !w.bytes().any(|b| b.is_ascii_digit()))
        .map(str::to_lowercase)
        .filter(|w| !MONTHS.contains(&w.as_str()));
    for (i, word) in words.enumerate() {
        if i > 0 {
            name.push('-');
        }
        name.push_str(&word);
    }
    name
}

/// Which posts are instalments of one series, by their names.
struct Series {
    /// The series of every post: the smallest post id among the posts with
    /// its [`series_name`], or [`NO_SERIES`]. A name only one post has is no
    /// series; nor is one that more than a third of the corpus shares, which
    /// is the site's naming scheme (`posts/post-000123.md`, every post of a
    /// release blog) and says nothing about which posts were written from one
    /// another.
    of: Vec<u32>,
    /// The rare words of every post's file name, as indices into `words`,
    /// sorted: a series whose instalments were named anew each time
    /// (`survey-2017`, `survey-launch-2019`, `annual-survey-2024-launch`;
    /// `leadership-council-repr-selection@3` and `leadership-council-update@10`)
    /// shares such a word.
    rare: Vec<Vec<u32>>,
    words: Vec<String>,
}

/// Words of file names too common to tie posts into a series.
const NAME_STOP_WORDS: [&str; 16] = [
    "the", "and", "for", "with", "from", "into", "how", "why", "what", "our", "your", "you", "are",
    "this", "that", "about",
];

impl Series {
    fn new(corpus: &Corpus<'_, Paragraphs>) -> Series {
        let posts = corpus.posts();
        let paths: Vec<String> = posts.iter().map(crate::diagnostic::display_path).collect();
        let mut named: Vec<(String, u32)> = paths
            .iter()
            .enumerate()
            .map(|(id, path)| (series_name(path), id as u32))
            .collect();
        named.sort_unstable();
        let mut of = vec![NO_SERIES; posts.len()];
        for run in named.chunk_by(|a, b| a.0 == b.0) {
            if run.len() >= 2 && run.len() * 3 <= posts.len() {
                for &(_, id) in run {
                    of[id as usize] = run[0].1;
                }
            }
        }
        // A word in one post in twenty or fewer (and in two at least) is the
        // topic of a few posts, not the site's vocabulary ("rust", "update").
        let mut by_word: Vec<(String, u32)> = paths
            .iter()
            .enumerate()
            .flat_map(|(id, path)| {
                let mut words = name_words(path);
                words.sort_unstable();
                words.dedup();
                words.into_iter().map(move |w| (w, id as u32))
            })
            .collect();
        by_word.sort_unstable();
        let most = (posts.len() / 20).max(2);
        let mut rare = vec![Vec::new(); posts.len()];
        let mut words = Vec::new();
        for run in by_word.chunk_by(|a, b| a.0 == b.0) {
            if (2..=most).contains(&run.len()) {
                for &(_, id) in run {
                    rare[id as usize].push(words.len() as u32);
                }
                words.push(run[0].0.clone());
            }
        }
        Series { of, rare, words }
    }

    /// The series that all of `posts` are instalments of, named, and
    /// whether they share their whole [`series_name`] rather than a word of
    /// it; `None` when they are not of one.
    fn shared(&self, corpus: &Corpus<'_, Paragraphs>, posts: &[PostId]) -> Option<(String, bool)> {
        let &first = posts.first()?;
        let series = self.of[first];
        if series != NO_SERIES && posts.iter().all(|&p| self.of[p] == series) {
            let name = series_name(&crate::diagnostic::display_path(corpus.post(first)));
            return Some((name, true));
        }
        let mut common = self.rare[first].clone();
        for &p in &posts[1..] {
            common.retain(|w| self.rare[p].binary_search(w).is_ok());
        }
        (!common.is_empty()).then(|| {
            let names: Vec<&str> = common
                .iter()
                .map(|&w| self.words[w as usize].as_str())
                .collect();
            (names.join("-"), false)
        })
    }
}

/// The words of a path's file name that can tie it to other posts: of three
/// letters or more, lower-cased, without digits, month names or
/// [`NAME_STOP_WORDS`], and singular (`cargo-cves` beside `cve-2024-43402`).
fn name_words(path: &str) -> Vec<String> {
    let (_, stem) = crate::variants::page_name(path);
    stem.split(['-', '_', '.', '@', ' '])
        .filter(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(|w| {
            let w = w.to_ascii_lowercase();
            match w.strip_suffix('s') {
                Some(one) if one.len() >= 3 && !one.ends_with('s') => one.to_string(),
                _ => w,
            }
        })
        .filter(|w| !MONTHS.contains(&w.as_str()) && !NAME_STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// The buffers [`DuplicateParagraph::paragraphs`] reuses from post to post.
#[derive(Default)]
struct Scratch {
    normalised: Normalised,
    headings: Vec<u32>,
    set: Vec<u32>,
    signature: Vec<u32>,
    units: Vec<Unit>,
    ids: Vec<u32>,
    keys: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// What this rule keeps of a post: its paragraphs, flat.
#[derive(Serialize, Deserialize)]
pub struct Paragraphs {
    units: Vec<Unit>,
    /// Every paragraph's word ids, one after another.
    ids: WordIds,
    /// Every paragraph's band keys, `bands` per paragraph, then its
    /// [`ANCHORS`] anchor keys.
    #[serde(with = "crate::cache::packed_u32")]
    keys: Vec<u32>,
    /// Words of all the post's compared paragraphs.
    words: usize,
}

#[derive(Serialize, Deserialize)]
struct Unit {
    span: Span,
    /// The 1-based line it starts on, for messages naming it: a post taken
    /// from the cache is not read again, so its line index is not there.
    line: u32,
    exact: u64,
    /// End of this paragraph's words in `Paragraphs::ids`.
    ids_end: u32,
    /// Hash of its numbers, in order.
    numbers: u32,
    /// Its [`slot_value`]s summed, up to 255.
    values: u8,
    /// Where the paragraph sits in its post: see [`Place`].
    place: Place,
}

/// Where a paragraph sits in its post, to tell a series' template (the intro,
/// the paragraph under "Why this goal?", the footer of every instalment) from
/// a paragraph pasted anywhere.
#[derive(Clone, Copy, Default, Serialize, Deserialize)]
struct Place {
    /// Hash of the words of the heading above it, numbers masked; 0 when none.
    heading: u32,
    /// Its position among the post's compared paragraphs, from the start.
    index: u16,
    /// Its position among them from the end.
    from_end: u16,
}

impl Place {
    /// Whether two paragraphs sit at the same place of their posts: under
    /// headings of the same words, or both first or both last, where a
    /// series' intro and footer are. (The same position counted further in
    /// is no evidence: in two short posts, a paragraph put anywhere is at the
    /// same position from the start or the end about one time in three.)
    fn same(&self, other: &Place) -> bool {
        (self.heading != 0 && self.heading == other.heading)
            || (self.index == 0 && other.index == 0)
            || (self.from_end == 0 && other.from_end == 0)
    }
}

impl CorpusRule for DuplicateParagraph {
    type Summary = Paragraphs;

    fn summarize(&self, post: &Document) -> Paragraphs {
        SCRATCH.with_borrow_mut(|scratch| self.paragraphs(post, scratch))
    }

    /// Decoded with the word ids left in the cache file's memory ([`words`]).
    fn decode(&self, bytes: &bytes::Bytes) -> Option<Paragraphs> {
        /// [`Paragraphs`] as stored, field for field, borrowing its word ids.
        #[derive(Deserialize)]
        struct Stored<'a> {
            units: Vec<Unit>,
            #[serde(borrow)]
            ids: &'a serde_bytes::Bytes,
            #[serde(with = "crate::cache::packed_u32")]
            keys: Vec<u32>,
            words: usize,
        }
        let stored: Stored<'_> = postcard::from_bytes(bytes).ok()?;
        Some(Paragraphs {
            units: stored.units,
            ids: WordIds::shared(bytes.slice_ref(stored.ids))?,
            keys: stored.keys,
            words: stored.words,
        })
    }

    fn check(&self, corpus: &Corpus<'_, Paragraphs>, out: &mut Vec<Finding>) {
        self.check_whole(corpus, None, out);
    }

    fn check_remembering(
        &self,
        corpus: &Corpus<'_, Paragraphs>,
        memory: &mut Vec<u8>,
        out: &mut Vec<Finding>,
    ) {
        self.check_whole(corpus, Some(memory), out);
    }

    fn check_again(
        &self,
        corpus: &Corpus<'_, Paragraphs>,
        state: &mut Option<Box<dyn std::any::Any + Send + Sync>>,
        out: &mut Vec<Finding>,
    ) {
        kept::check_again(self, corpus, state, out);
    }
}

impl DuplicateParagraph {
    /// The corpus phase over the whole of `corpus`, with the last run's
    /// `memory` when there is one.
    fn check_whole(
        &self,
        corpus: &Corpus<'_, Paragraphs>,
        memory: Option<&mut Vec<u8>>,
        out: &mut Vec<Finding>,
    ) {
        let pages = self.variants.pages(corpus.posts());
        let series = Series::new(corpus);
        self.check_in(corpus, &pages, &series, memory, Reach::Needed, out);
    }

    /// The paragraphs a check must start its search from, when it can
    /// search from some rather than compare all: those of the target posts,
    /// and of every version of their pages (a page's copies are judged
    /// together). `None` when they are more than an eighth of `owner`, where
    /// bucketing every paragraph costs less than searching.
    fn search_start(
        corpus: &Corpus<'_, Paragraphs>,
        pages: &[u32],
        owner: &[(PostId, &Unit)],
    ) -> Option<Vec<u32>> {
        let mut wanted_pages: Vec<u32> = (0..corpus.posts().len())
            .filter(|&id| corpus.is_target(id))
            .filter_map(|id| pages.get(id).copied())
            .collect();
        wanted_pages.sort_unstable();
        wanted_pages.dedup();
        let wanted = |id: PostId| pages.get(id).is_some_and(|p| wanted_pages.binary_search(p).is_ok());
        let start: Vec<u32> = (0..owner.len() as u32)
            .filter(|&u| wanted(owner[u as usize].0))
            .collect();
        (start.len() * 8 <= owner.len()).then_some(start)
    }

    /// Every candidate pair of representatives (ascending) that
    /// [`candidate_pairs`] would give with an end reachable from `start`
    /// through alike pairs, with `verify`'s verdict on it, sorted: the pairs a
    /// check of a few posts needs, found by following their families
    /// bucket by bucket rather than bucketing the corpus. The families, and
    /// so the findings on the target posts, are those of the full pass.
    fn reachable_pairs<V>(
        start: &[u32],
        representatives: &[u32],
        keys: &[&[u32]],
        bands: usize,
        verify: V,
    ) -> Vec<((u32, u32), Option<f64>)>
    where
        V: Fn(u32, u32, &mut LcsScratch) -> Option<f64> + Sync,
    {
        let mut reached: HashSet<u32> = start.iter().copied().collect();
        let mut frontier: Vec<u32> = reached.iter().copied().collect();
        frontier.sort_unstable();
        let mut buckets: HashMap<Bucket, Vec<u32>> = HashMap::new();
        let mut offered: HashSet<(u32, u32)> = HashSet::new();
        let mut found = Vec::new();
        while !frontier.is_empty() {
            let wanted: HashSet<Bucket> = frontier
                .iter()
                .flat_map(|&r| buckets_of(keys[r as usize], bands))
                .filter(|b| !buckets.contains_key(b))
                .collect();
            buckets.extend(bucket_members(representatives, keys, bands, &wanted));
            let mut level: Vec<(u32, u32)> = Vec::new();
            for &r in &frontier {
                for bucket in buckets_of(keys[r as usize], bands) {
                    let Some(members) = buckets.get(&bucket) else {
                        continue;
                    };
                    for &p in bucket_partners(members, r) {
                        let pair = (r.min(p), r.max(p));
                        if p != r && offered.insert(pair) {
                            level.push(pair);
                        }
                    }
                }
            }
            level.sort_unstable();
            let verdicts: Vec<Option<f64>> = level
                .par_iter()
                .map_init(LcsScratch::default, |scratch, &(a, b)| verify(a, b, scratch))
                .collect();
            frontier.clear();
            for (&(a, b), verdict) in level.iter().zip(&verdicts) {
                if verdict.is_some() {
                    frontier.extend([a, b].into_iter().filter(|&u| reached.insert(u)));
                }
            }
            frontier.sort_unstable();
            found.extend(level.into_iter().zip(verdicts));
        }
        found.sort_unstable_by_key(|&(pair, _)| pair);
        found
    }

    /// The corpus phase over `corpus`, whose posts are versions of `pages`
    /// and instalments of `series` (both read from every post's path, so a
    /// check of part of the corpus is given them whole). `graph`, when
    /// given, learns which paragraphs the pass found alike; `memory`, when
    /// given, holds the last run's [`verdicts::Verdicts`] and is given this
    /// run's.
    fn check_in(
        &self,
        corpus: &Corpus<'_, Paragraphs>,
        pages: &[u32],
        series: &Series,
        memory: Option<&mut Vec<u8>>,
        reach: Reach<'_>,
        out: &mut Vec<Finding>,
    ) {
        let bands = self.minhash.bands();
        let per_unit = bands + ANCHORS;
        // Every paragraph of the corpus, numbered in post order.
        let mut owner: Vec<(PostId, &Unit)> = Vec::new();
        let mut seqs: Vec<Words<'_>> = Vec::new();
        let mut keys: Vec<&[u32]> = Vec::new();
        let mut exact: Vec<(u64, u32)> = Vec::new();
        for (id, paragraphs) in corpus.summaries() {
            let mut start = 0;
            for (i, unit) in paragraphs.units.iter().enumerate() {
                let end = unit.ids_end as usize;
                let Some(seq) = paragraphs.ids.get(start..end) else {
                    break;
                };
                let Some(key) = paragraphs.keys.get(i * per_unit..(i + 1) * per_unit) else {
                    break;
                };
                exact.push((unit.exact, owner.len() as u32));
                owner.push((id, unit));
                seqs.push(seq);
                keys.push(key);
                start = end;
            }
        }
        if owner.len() < 2 || owner.len() > u32::MAX as usize {
            return;
        }
        // 1. Exact copies: one representative per text.
        exact.par_sort_unstable();
        // Groups are runs of one flat list (sorted by text, then paragraph):
        // most are single paragraphs, and a vector each cost a million
        // allocations on 100,000 posts.
        let flat: Vec<u32> = exact.iter().map(|&(_, u)| u).collect();
        let mut group_of = vec![0u32; owner.len()];
        let mut groups: Vec<&[u32]> = Vec::new();
        let mut start = 0;
        for run in exact.chunk_by(|a, b| a.0 == b.0) {
            let members = &flat[start..start + run.len()];
            start += run.len();
            for &u in members {
                group_of[u as usize] = groups.len() as u32;
            }
            groups.push(members);
        }
        let representatives: Vec<u32> = {
            let mut r: Vec<u32> = groups.iter().map(|g| g[0]).collect();
            r.sort_unstable();
            r
        };

        // 2. Near copies among the representatives, as links between groups.
        // Each candidate pair is verified, unless the memory of the last run
        // has its verdict. A check of a few posts (a pre-commit run's) needs
        // only the families of their paragraphs, and follows them from there.
        let known = memory
            .as_deref()
            .map(|m| verdicts::Verdicts::read(m))
            .unwrap_or_default();
        let text = |u: u32| owner[u as usize].1.exact;
        let verify = |a: u32, b: u32, scratch: &mut LcsScratch| {
            known
                .get(text(a), text(b))
                .unwrap_or_else(|| self.alike(seqs[a as usize], seqs[b as usize], scratch))
        };
        let (start, graph) = match reach {
            Reach::Needed => (Self::search_start(corpus, pages, &owner), None),
            Reach::Every(graph) => (None, graph),
        };
        let (candidates, verdicts): (Vec<(u32, u32)>, Vec<Option<f64>>) = match start {
            Some(start) => {
                let start: Vec<u32> = start
                    .iter()
                    .map(|&u| groups[group_of[u as usize] as usize][0])
                    .collect();
                Self::reachable_pairs(&start, &representatives, &keys, bands, verify)
                    .into_iter()
                    .unzip()
            }
            None => {
                let candidates = candidate_pairs(&representatives, &keys, bands);
                let verdicts: Vec<Option<f64>> = candidates
                    .par_iter()
                    .map_init(LcsScratch::default, |scratch, &(a, b)| verify(a, b, scratch))
                    .collect();
                // Only a pass over every pair knows every pair the next
                // run may ask about.
                if let Some(memory) = memory {
                    let texts: Vec<(u64, u64)> =
                        candidates.iter().map(|&(a, b)| (text(a), text(b))).collect();
                    *memory = verdicts::Verdicts::write(&texts, &verdicts);
                }
                (candidates, verdicts)
            }
        };
        drop(known);
        let pairs: Vec<SimilarPair> = candidates
            .iter()
            .zip(&verdicts)
            .filter_map(|(&(a, b), v)| v.map(|s| (a, b, s)))
            .collect();
        if let Some(graph) = graph {
            graph.record(&owner, &keys, bands, &representatives, &pairs);
        }
        let mut links: Vec<(u32, u32, f64)> = pairs
            .iter()
            .flat_map(|&(a, b, s)| {
                let (ga, gb) = (group_of[a as usize], group_of[b as usize]);
                [(ga, gb, s), (gb, ga, s)]
            })
            .collect();
        links.sort_unstable_by_key(|l| (l.0, l.1));

        // 3. Families of linked groups.
        let mut joined = UnionFind::new(groups.len());
        for &(a, b, _) in &links {
            joined.union(a, b);
        }
        let mut by_family: Vec<(u32, u32)> = (0..groups.len() as u32)
            .map(|g| (joined.find(g), g))
            .collect();
        by_family.sort_unstable();
        // Only families of two paragraphs or more.
        let families: Vec<Vec<u32>> = by_family
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|f| f.len() > 1 || groups[f[0].1 as usize].len() > 1)
            .map(|f| f.iter().map(|&(_, g)| g).collect())
            .collect();
        // Oldest first: dated before undated, then by date; among posts with
        // the same (or no) date, posts not being edited come first, since a
        // pre-commit run names the new and edited posts and an editor's
        // changed buffer is the newest text there is; then path order.
        let age = |u: u32| {
            let (id, _) = owner[u as usize];
            let date = corpus.post(id).date.as_deref();
            (date.is_none(), date, corpus.is_edited(id), u)
        };
        let view = View {
            corpus,
            owner: &owner,
            seqs: &seqs,
            groups: &groups,
            links: &links,
            pages,
            series,
            age: &age,
        };
        let results: Vec<(Vec<Finding>, Vec<Copy>)> = families
            .par_iter()
            .filter(|family| {
                family
                    .iter()
                    .map(|&g| groups[g as usize].len())
                    .sum::<usize>()
                    > 1
            })
            .map(|family| self.family(&view, family))
            .collect();
        let mut copies = Vec::new();
        for (findings, family_copies) in results {
            out.extend(findings);
            copies.extend(family_copies);
        }
        self.report_copies(&view, copies, out);
    }

    /// The similarity of two paragraphs' words when it makes them copies.
    fn alike(&self, a: Words<'_>, b: Words<'_>, scratch: &mut LcsScratch) -> Option<f64> {
        let (short, long) = (a.len().min(b.len()), a.len().max(b.len()));
        // A short paragraph is not a copy of one over twice its length just
        // because most of its words occur in it in order: there, only nearly
        // all of them will do.
        let needed = if long > 2 * short {
            self.similarity.max(LONG_CONTEXT_SIMILARITY)
        } else {
            self.similarity
        };
        let (mut first, mut second) = std::mem::take(&mut scratch.words);
        a.decode_into(&mut first);
        b.decode_into(&mut second);
        let s = similarity(&first, &second, needed, scratch);
        scratch.words = (first, second);
        (s >= needed).then_some(s)
    }
}

/// Which pairs of paragraphs a check compares.
enum Reach<'g> {
    /// Those the target posts' findings need: every pair when the targets
    /// are much of the corpus, else the families of their paragraphs.
    Needed,
    /// Every pair LSH offers, and the graph of those found alike for the
    /// checks after it ([`kept::Graph`]), when one is given.
    Every(Option<&'g mut kept::Graph>),
}

/// What the reporting steps read: the corpus and the clusters over it.
struct View<'a, 'c, A> {
    corpus: &'a Corpus<'c, Paragraphs>,
    owner: &'a [(PostId, &'c Unit)],
    /// Every paragraph's word ids.
    seqs: &'a [Words<'c>],
    /// Exact-copy groups: unit indices, ascending.
    groups: &'a [&'c [u32]],
    /// Links between groups in both directions, sorted: (from, to, similarity).
    links: &'a [(u32, u32, f64)],
    /// Page of every post: versions and translations of one page share one.
    pages: &'a [u32],
    /// Which posts are instalments of one series.
    series: &'a Series,
    age: &'a A,
}

/// One copy to report: the copy, the older copy it resembles most, their
/// similarity, and every copy it resembles (that one first, then oldest
/// first).
struct Copy {
    copy: u32,
    original: u32,
    similarity: f64,
    neighbours: Vec<u32>,
}

impl<'c, A, K> View<'_, 'c, A>
where
    A: Fn(u32) -> K,
    K: Ord,
{
    fn post(&self, u: u32) -> PostId {
        self.owner[u as usize].0
    }

    fn unit(&self, u: u32) -> &'c Unit {
        self.owner[u as usize].1
    }

    /// Whether two paragraphs are in versions of one page (not the same post).
    fn same_page(&self, a: u32, b: u32) -> bool {
        let (pa, pb) = (self.post(a), self.post(b));
        pa != pb && self.pages[pa] == self.pages[pb]
    }

    /// `path:line` of a paragraph.
    fn place(&self, u: u32) -> String {
        let post = self.corpus.post(self.post(u));
        let line = self.unit(u).line;
        format!("{}:{line}", crate::diagnostic::display_path(post))
    }

    /// The groups linked to group `g`, with their similarity.
    fn linked(&self, g: u32) -> &[(u32, u32, f64)] {
        let start = self.links.partition_point(|l| l.0 < g);
        let end = self.links.partition_point(|l| l.0 <= g);
        &self.links[start..end]
    }
}

impl DuplicateParagraph {
    /// What [`CorpusRule::summarize`] keeps of `post`, built in `scratch`
    /// and copied out at its exact size: every post's summary is kept until
    /// the corpus phase, and growing fresh vectors for each post, then
    /// shrinking them, cost 6% of a check with this rule alone (50,000
    /// generated posts, one thread).
    fn paragraphs(&self, post: &Document, scratch: &mut Scratch) -> Paragraphs {
        scratch.units.clear();
        scratch.ids.clear();
        scratch.keys.clear();
        let mut words = 0;
        // Each heading's words, numbers masked ("What's in 1.73.0 stable" is
        // the same heading in every release post), hashed once.
        scratch.headings.clear();
        for h in &post.headings {
            scratch.normalised.read(&h.text.text, false);
            scratch.headings.push(ids_key(&scratch.normalised.ids));
        }
        for (i, block) in post.blocks.iter().enumerate() {
            if block.kind != BlockKind::Paragraph || is_quotation(post, i) {
                continue;
            }
            scratch
                .normalised
                .read(&block.text.text, !self.allow.patterns.is_empty());
            if scratch.normalised.ids.len() < self.min_words.max(1)
                || (!self.allow.is_empty() && self.allow.allows(&scratch.normalised))
                || !is_prose(post, block, &scratch.normalised)
                || (!self.changelog_lines
                    && block.container == Container::ListItem
                    && self.changelog.is_match(post.slice(&block.span)))
            {
                continue;
            }
            shingle_set(&scratch.normalised.ids, &mut scratch.set);
            self.minhash
                .band_keys(&scratch.set, &mut scratch.signature, &mut scratch.keys);
            scratch.normalised.anchors(&mut scratch.keys);
            scratch.ids.extend_from_slice(&scratch.normalised.ids);
            words += scratch.normalised.ids.len();
            let index = scratch.units.len().min(usize::from(u16::MAX)) as u16;
            scratch.units.push(Unit {
                span: block.span.clone(),
                line: (post.lines.line_of(block.span.start) + 1) as u32,
                exact: scratch.normalised.exact,
                numbers: scratch.normalised.numbers.finish(0) as u32,
                values: scratch.normalised.values.min(usize::from(u8::MAX)) as u8,
                ids_end: scratch.ids.len() as u32,
                place: Place {
                    heading: block
                        .heading
                        .and_then(|h| scratch.headings.get(h).copied())
                        .unwrap_or(0),
                    index,
                    from_end: 0,
                },
            });
        }
        let last = scratch.units.len().saturating_sub(1);
        for (i, unit) in scratch.units.iter_mut().enumerate() {
            unit.place.from_end = (last - i).min(usize::from(u16::MAX)) as u16;
        }
        Paragraphs {
            units: scratch.units.drain(..).collect(),
            ids: WordIds::new(&scratch.ids),
            keys: scratch.keys.as_slice().into(),
            words,
        }
    }

    /// The findings of one family of linked exact-copy groups: one
    /// boilerplate finding, or the copies to report.
    fn family<A, K>(&self, view: &View<'_, '_, A>, family: &[u32]) -> (Vec<Finding>, Vec<Copy>)
    where
        A: Fn(u32) -> K,
        K: Ord,
    {
        let corpus = view.corpus;
        let members: Vec<u32> = family
            .iter()
            .flat_map(|&g| view.groups[g as usize].iter().copied())
            .collect();
        if !members.iter().any(|&u| corpus.is_target(view.post(u))) {
            return (Vec::new(), Vec::new());
        }
        // A page kept in several versions holds the same copies in each: each
        // page counts, and is reported, once, in its last version (path order)
        // that holds the paragraph; among the checked posts when reporting.
        let last_versions = |checked: bool| {
            let mut last: Vec<(u32, PostId)> = members
                .iter()
                .map(|&u| (view.pages[view.post(u)], view.post(u)))
                .filter(|&(_, post)| !checked || corpus.is_target(post))
                .collect();
            last.sort_unstable_by_key(|&(page, post)| (page, std::cmp::Reverse(post)));
            last.dedup_by_key(|&mut (page, _)| page);
            last
        };
        let is_in = |last: &[(u32, PostId)], u: u32| {
            let post = view.post(u);
            let page = view.pages[post];
            last.get(last.partition_point(|&(p, _)| p < page)) == Some(&(page, post))
        };
        let counted = last_versions(false);
        let places_of = |units: &[u32]| -> Vec<u32> {
            units
                .iter()
                .copied()
                .filter(|&u| is_in(&counted, u))
                .collect()
        };
        let mut places = places_of(&members);
        let common = places.len() >= self.boilerplate_copies;
        let template = if common {
            None
        } else {
            self.template(view, family, &places, false)
        };
        let boilerplate = common || template.is_some();
        let mut findings = Vec::new();
        if boilerplate {
            places.sort_by_cached_key(|&u| (view.age)(u));
            findings.extend(boilerplate_paragraph::finding(
                corpus,
                &places,
                family.len(),
                template.as_deref(),
                self.max_related,
                |u| (view.post(u), view.unit(u).span.clone()),
            ));
        }
        let shown = last_versions(true);
        // Oldest first, by page: a page kept in versions is as old as its
        // oldest version here, so two pages never each name the other's older
        // version as their original.
        let mut by_age = members.clone();
        by_age.sort_by_cached_key(|&u| (view.age)(u));
        let mut first_of_page: Vec<(u32, usize)> = Vec::new();
        let mut position: Vec<(u32, usize)> = Vec::with_capacity(by_age.len());
        for (i, &u) in by_age.iter().enumerate() {
            let page = view.pages[view.post(u)];
            if !first_of_page.iter().any(|&(p, _)| p == page) {
                first_of_page.push((page, i));
            }
            position.push((u, i));
        }
        first_of_page.sort_unstable();
        position.sort_unstable();
        let rank = |u: u32| {
            let page = view.pages[view.post(u)];
            let first = first_of_page
                .binary_search_by_key(&page, |&(p, _)| p)
                .map_or(0, |i| first_of_page[i].1);
            let own = position
                .binary_search_by_key(&u, |&(m, _)| m)
                .map_or(0, |i| position[i].1);
            (first, own)
        };
        let mut copies = Vec::new();
        for &g in family {
            let group = view.groups[g as usize];
            // Everything a paragraph of this group itself resembles: its
            // exact copies and the members of the groups linked to its own;
            // in boilerplate, only those with its very numbers.
            let mut alike: Vec<(u32, f64)> = group.iter().map(|&o| (o, 1.0)).collect();
            if boilerplate {
                if template.is_some() {
                    continue;
                }
                let Some(stale) = self.unchanged_slots(view, family, g) else {
                    continue;
                };
                // A series' template is filled in anew for every instalment,
                // so equal numbers there are no stale slot.
                let units: Vec<u32> = stale.iter().map(|&(o, _)| o).collect();
                if self
                    .template(view, &[g], &places_of(&units), true)
                    .is_some()
                {
                    continue;
                }
                alike = stale;
            } else {
                for &(_, h, s) in view.linked(g) {
                    alike.extend(view.groups[h as usize].iter().map(|&o| (o, s)));
                }
            }
            for &u in group {
                if !is_in(&shown, u) {
                    continue;
                }
                let mut neighbours = alike.clone();
                // Within one post, paragraphs written to one pattern (a list
                // of options, each "Indicates whether …"; "where the
                // parameter is present" over "… is not present") are
                // parallel, and a short note repeated under each section is
                // meant: there only a long paragraph all but identical
                // counts.
                let long = view.seqs[u as usize].len() >= WITHIN_POST_WORDS;
                neighbours.retain(|&(o, s)| {
                    o != u
                        && !view.same_page(u, o)
                        && (view.post(o) != view.post(u) || (long && s >= LONG_CONTEXT_SIMILARITY))
                });
                if neighbours.is_empty() {
                    continue;
                }
                neighbours.sort_by_key(|&(o, _)| rank(o));
                // One place per other page: its oldest version.
                let mut seen_pages = Vec::new();
                neighbours.retain(|&(o, _)| {
                    let post = view.post(o);
                    post == view.post(u) || {
                        let page = view.pages[post];
                        !seen_pages.contains(&page) && {
                            seen_pages.push(page);
                            true
                        }
                    }
                });
                let own = rank(u);
                // The original: of the older copies it resembles, the most
                // alike, the oldest of those. A template's parallel
                // paragraphs (each method's "Returns the … of the site")
                // are older and alike, but the copy it was taken from is
                // more alike still.
                let original = neighbours.iter().take_while(|&&(o, _)| rank(o) < own).fold(
                    None,
                    |best: Option<(u32, f64)>, &(o, s)| match best {
                        Some((_, b)) if b >= s => best,
                        _ => Some((o, s)),
                    },
                );
                match original {
                    Some((original, s)) => {
                        // Named first among the places it lists.
                        let mut places: Vec<u32> = vec![original];
                        places.extend(
                            neighbours
                                .iter()
                                .map(|&(o, _)| o)
                                .filter(|&o| o != original),
                        );
                        copies.push(Copy {
                            copy: u,
                            original,
                            similarity: s,
                            neighbours: places,
                        });
                    }
                    _ if self.report_original => {
                        let others = neighbours.len();
                        let mut finding = Finding::new(
                            &DUPLICATE_PARAGRAPH,
                            view.post(u),
                            view.unit(u).span.clone(),
                            format!(
                                "paragraph is copied in {others} other {}",
                                if others == 1 { "place" } else { "places" }
                            ),
                        );
                        for &(o, _) in neighbours.iter().take(self.max_related) {
                            finding = finding.with_related(
                                view.post(o),
                                view.unit(o).span.clone(),
                                "other copy",
                            );
                        }
                        finding.related_total = others;
                        findings.push(finding);
                    }
                    _ => {}
                }
            }
        }
        (findings, copies)
    }

    /// What makes the copies of a family (`places`: one per page, the
    /// family's `groups`) a template written again on purpose rather than
    /// text pasted, as the words that end a boilerplate message; `None` when
    /// nothing does. A template is one of:
    /// - **a series'**: every copy is in a post of one [`Series`], in three
    ///   posts or more, or in two where they sit at the same [`Place`]. A
    ///   series is written from one instalment to the next (the monthly
    ///   update's intro, the advisory's thanks, a goal's "Why this goal?"
    ///   carried forward);
    /// - **filled in**: every wording has as many numbers as the others, and
    ///   numbers of its own ("Rust 1.94.1 resolves three regressions
    ///   introduced in 1.94.0"; "We will accept submissions until September
    ///   24th"), so someone updated each copy's version or date, and maybe a
    ///   few words around them. (A pasted copy keeps its numbers; an edit
    ///   that adds or drops words rarely swaps one number for another);
    /// - **an intro or a footer**: every copy, in two posts or more, is its
    ///   post's first compared paragraph, or every one its last, or, in three
    ///   posts or more, every one sits under a heading of the same words.
    ///
    /// A paragraph pasted into one other post at some other place, with its
    /// words edited, is none of these, and stays a copy. `series_only` asks
    /// for the first kind alone: an exact copy with the numbers of a common
    /// template is a stale copy unless its posts are one series, wherever it
    /// sits in them (backported changelog lines all sit under "Changes").
    fn template<A, K>(
        &self,
        view: &View<'_, '_, A>,
        groups: &[u32],
        places: &[u32],
        series_only: bool,
    ) -> Option<String>
    where
        A: Fn(u32) -> K,
        K: Ord,
    {
        let &first = places.first()?;
        let mut posts: Vec<PostId> = places.iter().map(|&u| view.post(u)).collect();
        posts.sort_unstable();
        posts.dedup();
        // Each wording's numbers: how many, and which.
        let mut numbers: Vec<(usize, u32)> = groups
            .iter()
            .filter_map(|&g| view.groups[g as usize].first())
            .map(|&u| {
                let count = view.seqs[u as usize]
                    .iter()
                    .filter(|&w| w == NUMBER)
                    .count();
                (count, view.unit(u).numbers)
            })
            .collect();
        numbers.sort_unstable();
        let count = numbers.first().map_or(0, |n| n.0);
        if numbers.len() >= 2
            && count > 0
            && numbers.iter().all(|n| n.0 == count)
            && numbers.windows(2).all(|w| w[0].1 != w[1].1)
        {
            return Some(", each with its own numbers".into());
        }
        if posts.len() < 2 {
            return None;
        }
        if let Some((series, named_alike)) = view.series.shared(view.corpus, &posts) {
            let same_place = places.iter().any(|&a| {
                places.iter().any(|&b| {
                    view.post(a) != view.post(b) && view.unit(a).place.same(&view.unit(b).place)
                })
            });
            // Two posts that merely share a word of their names (`Enable-X`
            // and `Disable-X`) are not evidence enough. Two instalments of
            // one name are when the paragraph sits at the same place in
            // both, or was reworded for the later one ("All of the meetings
            // will take place …", then "All of the steering meetings take
            // place …"): a paragraph pasted word for word elsewhere in it
            // may be a slip, and stays a copy.
            let reworded = groups.len() >= 2 && !series_only;
            if posts.len() >= 3 || (named_alike && (same_place || reworded)) {
                return Some(format!(" of the series `{series}`"));
            }
        }
        // Position alone only from three posts on: in short pages, a
        // paragraph pasted anywhere is often the first or the last one.
        if posts.len() < 3 || series_only {
            return None;
        }
        // A page of one paragraph (a glossary entry) has no intro or footer.
        let place = |u: u32| view.unit(u).place;
        let alone = |u: u32| place(u).index == 0 && place(u).from_end == 0;
        if places.iter().any(|&u| alone(u)) {
            return None;
        }
        if places.iter().all(|&u| place(u).index == 0) {
            return Some(", each its post's first paragraph".into());
        }
        if places.iter().all(|&u| place(u).from_end == 0) {
            return Some(", each its post's last paragraph".into());
        }
        let heading = place(first).heading;
        if heading != 0 && places.iter().all(|&u| place(u).heading == heading) {
            return Some(", each under the same heading".into());
        }
        None
    }

    /// The copies of a template pasted with its slots unchanged, when the
    /// exact-copy group `g` of a boilerplate family is one: the family's other
    /// wordings differ in their numbers (versions, dates), yet this text, or
    /// a wording it resembles with the very same numbers, is in a few pages
    /// ("The 1.73.0 pre-release is ready for testing" in the 1.77.0 post).
    /// Those are reported as copies, since a template whose date or version
    /// was not updated is usually a mistake. Gives each such paragraph with
    /// its similarity to `g`'s text, `g`'s own members first.
    fn unchanged_slots<A, K>(
        &self,
        view: &View<'_, '_, A>,
        family: &[u32],
        g: u32,
    ) -> Option<Vec<(u32, f64)>>
    where
        A: Fn(u32) -> K,
        K: Ord,
    {
        let group = view.groups[g as usize];
        let &first = group.first()?;
        // A version or a date is two values or more ("1.73.0", "March 9,
        // 2024"). One is a step or a count ("Step 4"), and names such as
        // `User01` are no slot: equal in every wording of their template.
        if family.len() < 2 || view.unit(first).values < 2 {
            return None;
        }
        let numbers = view.unit(first).numbers;
        let mut same: Vec<(u32, f64)> = group.iter().map(|&o| (o, 1.0)).collect();
        for &(_, h, s) in view.linked(g) {
            let other = view.groups[h as usize];
            if other
                .first()
                .is_some_and(|&o| view.unit(o).numbers == numbers)
            {
                same.extend(other.iter().map(|&o| (o, s)));
            }
        }
        let mut pages: Vec<u32> = same
            .iter()
            .map(|&(u, _)| view.pages[view.post(u)])
            .collect();
        pages.sort_unstable();
        pages.dedup();
        (2..self.boilerplate_copies)
            .contains(&pages.len())
            .then_some(same)
    }

    /// Turns the copies into findings: one per copy, except that a post that
    /// copies [`SHARED_PARAGRAPHS`] or more paragraphs, or most of its words,
    /// from one other page gets one finding for all of them.
    fn report_copies<A, K>(
        &self,
        view: &View<'_, '_, A>,
        mut copies: Vec<Copy>,
        out: &mut Vec<Finding>,
    ) where
        A: Fn(u32) -> K,
        K: Ord,
    {
        let corpus = view.corpus;
        let source = |c: &Copy| (view.post(c.copy), view.pages[view.post(c.original)]);
        copies.sort_by_key(|c| (source(c), c.copy));
        // Copies not gathered per copying post, by the page they copy.
        let mut singles: Vec<(u32, &Copy)> = Vec::new();
        for run in copies.chunk_by(|a, b| source(a) == source(b)) {
            let (post, from) = (view.post(run[0].copy), view.post(run[0].original));
            let total = corpus
                .summary(post)
                .map_or(0, |p| p.words)
                .max(1);
            let words: usize = run.iter().map(|c| view.seqs[c.copy as usize].len()).sum();
            let share = (words * 100 / total).min(100);
            // A post that took two paragraphs or more from an earlier post of
            // its series was written from it (this year's call for proposals
            // from last year's): that is the series' template, one
            // boilerplate finding for the post. A single paragraph pasted
            // into an instalment is not evidence enough, and stays a copy.
            let series = (run.len() >= 2 && post != from)
                .then(|| view.series.shared(corpus, &[post, from]))
                .flatten();
            if let Some((series, _)) = series {
                out.push(boilerplate_paragraph::from_instalment(
                    corpus,
                    post,
                    run.iter().map(|c| {
                        (
                            view.unit(c.copy).span.clone(),
                            view.unit(c.original).span.clone(),
                        )
                    }),
                    from,
                    share,
                    &series,
                    self.max_related,
                ));
                continue;
            }
            let one_finding = run.len() >= SHARED_PARAGRAPHS || (run.len() >= 2 && share >= 50);
            if !one_finding {
                singles.extend(run.iter().map(|c| (view.pages[view.post(c.original)], c)));
                continue;
            }
            let from_path = crate::diagnostic::display_path(corpus.post(from));
            let message = if post == from {
                format!("{} paragraphs of this post repeat others in it", run.len())
            } else if share >= 50 {
                format!(
                    "{share}% of this post repeats {from_path} ({} paragraphs)",
                    run.len()
                )
            } else {
                format!(
                    "{} paragraphs of this post ({share}% of its words) repeat {from_path}",
                    run.len()
                )
            };
            let mut finding = Finding::new(
                &DUPLICATE_PARAGRAPH,
                post,
                view.unit(run[0].copy).span.clone(),
                message,
            )
            .with_help(
                "keep the text in one of the two posts and link to it from the other; if one post replaces the other, remove or redirect the older one",
            );
            for c in run.iter().take(self.max_related) {
                let o = c.original;
                finding = finding.with_related(view.post(o), view.unit(o).span.clone(), "original");
            }
            finding.related_total = run.len();
            out.push(finding);
        }
        singles.sort_by_key(|&(page, c)| (page, c.copy));
        for run in singles.chunk_by(|a, b| a.0 == b.0) {
            match self.summary_page(view, run) {
                Some(finding) => out.push(finding),
                None => out.extend(run.iter().map(|&(_, c)| self.copy_finding(view, c))),
            }
        }
    }

    /// One finding for a page whose paragraphs were each copied into other
    /// pages: [`SHARED_PARAGRAPHS`] or more of its paragraphs, one each into as
    /// many pages, making up a third of its words or more. That is a page that
    /// gathers the summaries of others (a module's index listing each
    /// command's synopsis, an "about" page listing its topics), and one
    /// finding there says it better than one on every page. `run` holds the
    /// copies taken from one page; `None` when they do not make that pattern
    /// or the page is not checked. (The other way round, a post holding one
    /// paragraph of each of several others, is left as single findings: on
    /// the PowerShell docs it saved 3 of 1,325 findings and hid planted
    /// copies.)
    fn summary_page<A, K>(&self, view: &View<'_, '_, A>, run: &[(u32, &Copy)]) -> Option<Finding>
    where
        A: Fn(u32) -> K,
        K: Ord,
    {
        let mut originals: Vec<u32> = run.iter().map(|&(_, c)| c.original).collect();
        originals.sort_unstable();
        originals.dedup();
        let mut copying: Vec<u32> = run
            .iter()
            .map(|&(_, c)| view.pages[view.post(c.copy)])
            .collect();
        copying.sort_unstable();
        let copies = copying.len();
        copying.dedup();
        // An index of summaries gives each page its one paragraph; a page
        // that took two is a copy of this one in part, and is reported so.
        if copying.len() < copies {
            return None;
        }
        let post = view.post(*originals.first()?);
        let words: usize = originals.iter().map(|&u| view.seqs[u as usize].len()).sum();
        let total = view
            .corpus
            .summary(post)
            .map_or(0, |p| p.words);
        if copying.len() < SHARED_PARAGRAPHS
            || originals.len() < SHARED_PARAGRAPHS
            || words * 3 < total
            || !view.corpus.is_target(post)
        {
            return None;
        }
        let mut finding = Finding::new(
            &DUPLICATE_PARAGRAPH,
            post,
            view.unit(originals[0]).span.clone(),
            format!(
                "{} paragraphs of this post are repeated in {} other posts",
                originals.len(),
                copying.len()
            ),
        )
        .with_help(
            "if this post gathers the summaries of other posts, have the site generator build it from them; otherwise keep each paragraph in one place and link to it",
        );
        for &(_, c) in run.iter().take(self.max_related) {
            finding =
                finding.with_related(view.post(c.copy), view.unit(c.copy).span.clone(), "copy");
        }
        finding.related_total = run.len();
        Some(finding)
    }

    /// The finding for one copy: the oldest copy it resembles and the rest.
    fn copy_finding<A, K>(&self, view: &View<'_, '_, A>, c: &Copy) -> Finding
    where
        A: Fn(u32) -> K,
        K: Ord,
    {
        let unit = view.unit(c.copy);
        let what = if unit.exact == view.unit(c.original).exact {
            format!("same paragraph as {}", view.place(c.original))
        } else {
            format!(
                "paragraph is {}% similar to {}",
                percent(c.similarity),
                view.place(c.original)
            )
        };
        // The count stays visible when `max-related` shortens the list, and
        // in formats that show no related places at all.
        let message = match c.neighbours.len() + 1 {
            2 => what,
            n => format!("{what} ({n} copies in all)"),
        };
        let mut finding = Finding::new(&DUPLICATE_PARAGRAPH, view.post(c.copy), unit.span.clone(), message)
            .with_help(
                "keep the paragraph in one place and link to it, or list it under `allow` in [rules.duplicate-paragraph] if the repetition is on purpose; the original named is the most alike copy in an older post, dated by front matter, else a date in its path or file name, else path order",
            );
        for &o in c.neighbours.iter().take(self.max_related) {
            let label = if o == c.original {
                "original"
            } else {
                "other copy"
            };
            finding = finding.with_related(view.post(o), view.unit(o).span.clone(), label);
        }
        finding.related_total = c.neighbours.len();
        finding
    }
}

/// A similarity as a whole percentage, rounded down so that a near copy never
/// reads "100%".
fn percent(similarity: f64) -> u32 {
    ((similarity * 100.0).floor() as u32).min(99)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::PostRecord;
    use std::sync::Arc;

    /// A corpus with templates in many posts (buckets over the window),
    /// near copies chained through edits, and paragraphs found once.
    fn templated_posts() -> Vec<String> {
        // Words of letters only: a word with a digit is a number.
        let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
        let vocabulary: Vec<String> = (0..400)
            .map(|i| format!("{}{}{}ing", letter(i / 26), letter(i), letter(i / 7)))
            .collect();
        let mut seed = 7u64;
        let mut next = move |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let sentence = |next: &mut dyn FnMut(usize) -> usize| -> String {
            let words: Vec<&str> = (0..12).map(|_| vocabulary[next(400)].as_str()).collect();
            format!("{}.", words.join(" "))
        };
        let template: Vec<String> = (0..3).map(|_| sentence(&mut next)).collect();
        let shared: Vec<String> = (0..8).map(|_| format!("{} {}", sentence(&mut next), sentence(&mut next))).collect();
        (0..90)
            .map(|post| {
                let heading = format!("# {} {}", vocabulary[next(400)], vocabulary[next(400)]);
                let mut paragraphs = vec![heading];
                // The template with a slot or two changed in most posts.
                let mut edit = |text: &str, words: usize| {
                    let mut out: Vec<String> = text.split(' ').map(str::to_string).collect();
                    for _ in 0..words {
                        let at = next(out.len());
                        out[at] = "slot".into();
                    }
                    out.join(" ")
                };
                if post % 5 != 0 {
                    let slots = post % 3;
                    paragraphs.push(edit(&template.join(" "), slots));
                }
                // A paragraph shared by a few posts, a word or two changed in
                // half of them.
                if post % 3 == 0 {
                    let words = post % 2 * 2;
                    paragraphs.push(edit(&shared[(post / 3) % 8], words));
                }
                paragraphs.push(format!("{} {}", sentence(&mut next), sentence(&mut next)));
                paragraphs.join("\n\n") + "\n"
            })
            .collect()
    }

    #[test]
    fn a_summary_read_from_the_cache_with_its_words_shared_is_the_one_stored() {
        let rule = rule(&RuleOptions::new(DUPLICATE_PARAGRAPH.options, toml::Table::new())).unwrap();
        for (id, text) in templated_posts().iter().enumerate() {
            let document = Document::parse(id, format!("p{id:02}.md").into(), Arc::from(text.as_str()));
            let mut stored = Vec::new();
            assert!(CorpusChecker::encode(&rule, &CorpusChecker::summarize(&rule, &document), &mut stored));
            // As the cache hands it over: a slice of a larger file.
            let file = bytes::Bytes::from([b"other entries".as_slice(), &stored].concat());
            let shared = CorpusChecker::decode(&rule, &file.slice(13..)).unwrap();
            let mut again = Vec::new();
            assert!(CorpusChecker::encode(&rule, &shared, &mut again));
            assert_eq!(again, stored, "post {id}");
        }
    }

    #[test]
    fn a_check_of_a_few_posts_follows_their_families_to_the_full_pass_findings() {
        let rule = rule(&RuleOptions::new(DUPLICATE_PARAGRAPH.options, toml::Table::new())).unwrap();
        let texts = templated_posts();
        let documents: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(id, text)| Document::parse(id, format!("p{id:02}.md").into(), Arc::from(text.as_str())))
            .collect();
        let summaries: Vec<Option<crate::rule::Summary>> = documents
            .iter()
            .map(|d| Some(CorpusChecker::summarize(&rule, d)))
            .collect();
        let mut with_findings = 0;
        // Every post alone, and a few together.
        let single = (0..texts.len()).map(|id| vec![id]);
        for targets in single.chain([vec![12, 40], vec![3, 33, 63]]) {
            let posts: Vec<PostRecord> = documents
                .iter()
                .map(|d| PostRecord {
                    id: d.id,
                    path: Arc::from(d.path.as_path()),
                    source: Arc::clone(&d.source),
                    lines: d.lines.clone(),
                    date: None,
                    target: targets.contains(&d.id),
                    edited: targets.contains(&d.id),
                })
                .collect();
            let corpus = Corpus::<Paragraphs>::of(&posts, &summaries);
            let pages = rule.variants.pages(corpus.posts());
            let series = Series::new(&corpus);
            let findings = |reach: Reach| {
                let mut out = Vec::new();
                rule.check_in(&corpus, &pages, &series, None, reach, &mut out);
                out.retain(|f| corpus.is_target(f.post));
                serde_json::to_string(&out).unwrap()
            };
            let every = findings(Reach::Every(None));
            with_findings += usize::from(every != "[]");
            assert_eq!(findings(Reach::Needed), every, "{targets:?}");
        }
        assert!(with_findings >= 40, "{with_findings}");
    }

    fn reference(text: &str) -> Vec<u32> {
        words(&fold(&without_urls(text)))
            .map(|w| {
                if w.bytes().any(|b| b.is_ascii_digit()) {
                    NUMBER
                } else {
                    (word_hash(w.as_bytes()) >> 32) as u32
                }
            })
            .collect()
    }

    #[test]
    fn the_ascii_path_gives_the_words_of_fold_and_words() {
        let mut n = Normalised::default();
        for text in [
            "Don't PANIC: snake_case, x86-64 & C++ (12.5%) -- done.",
            "  leading and trailing separators!  ",
            "see https://example.com/x for more",
            "",
        ] {
            n.read(text, true);
            assert_eq!(n.ids, reference(text), "{text}");
        }
        n.read("Don't PANIC: snake_case", true);
        assert_eq!(n.text, "don t panic snake case");
        // Non-ASCII text takes the folding path and meets the ASCII one.
        let mut m = Normalised::default();
        m.read("Don\u{2019}t ＰＡＮＩＣ: snake_case", true);
        assert_eq!(m.text, n.text);
        assert_eq!(m.exact, n.exact);
    }

    /// The anchor keys of `text`, read as the rule reads a paragraph.
    fn anchors(text: &str) -> Vec<u32> {
        let mut n = Normalised::default();
        n.read(text, false);
        let mut out = Vec::new();
        n.anchors(&mut out);
        out
    }

    #[test]
    fn a_paragraph_with_a_sentence_dropped_keeps_an_anchor_of_the_original() {
        let first = "The efficiency of the new resolver increases as the text gets longer.";
        let second = "Consider these scenarios when deciding which of the two functions to use.";
        let whole = anchors(&format!("{first} {second}"));
        assert_eq!(whole.len(), ANCHORS);
        assert!(whole.iter().all(|&k| k != 0));
        // Each sentence alone, in any wrapping or markup, is one of them;
        // the same holds on the non-ASCII path.
        assert!(whole.contains(&anchors(first)[0]));
        assert!(whole.contains(&anchors(&second.replace(' ', "\n"))[0]));
        let curly = format!("{first} \u{201c}{second}\u{201d}");
        assert_eq!(anchors(&curly), whole);
        // A decimal point or an abbreviation's dot inside a sentence is no
        // end, and a sentence under eight words is no anchor.
        assert_eq!(
            anchors("Version 1.5 shipped with the new resolver turned on by default")[1],
            0
        );
        assert_eq!(anchors("Too short to anchor. Also short here."), vec![0, 0]);
    }

    #[test]
    fn versions_dates_and_issues_are_slots_but_steps_and_names_are_not() {
        let value = |text: &str| {
            let mut n = Normalised::default();
            n.read(text, false);
            n.values
        };
        assert!(value("The 1.73.0 pre-release is ready for testing") >= 2);
        assert!(value("On Friday, July 30th, the team met") >= 2);
        assert!(value("fix the crash on large archives #1234") >= 2);
        assert!(value("Step 4: commit the changes and push them") < 2);
        assert!(value("Type a user name, such as User01 or Domain01") < 2);
    }

    #[test]
    fn numbers_are_one_word_for_comparing_but_not_for_exact_copies() {
        let (mut a, mut b) = (Normalised::default(), Normalised::default());
        a.read(
            "The 1.68.0 pre-release is ready for testing on March 09.",
            false,
        );
        b.read(
            "The 1.69.0 pre-release is ready for testing on March 21.",
            false,
        );
        assert_eq!(a.ids, b.ids);
        assert_ne!(a.exact, b.exact);
        a.read("merged in 3f2a9c1b and deadbeef42", false);
        assert_eq!(a.hashes, 2);
    }

    #[test]
    fn allow_entries_between_slashes_are_patterns_and_others_texts() {
        let allow = Allow::new(&[
            "/^thanks for/".into(),
            "A *standard* notice!".into(),
            "/".into(),
        ])
        .unwrap();
        assert_eq!(allow.patterns.len(), 1);
        assert_eq!(allow.texts.len(), 2);
        let mut n = Normalised::default();
        n.read("Thanks for reading this far, friends.", true);
        assert!(allow.allows(&n));
        n.read("a standard notice", true);
        assert!(allow.allows(&n));
        n.read("a standard notice, longer", true);
        assert!(!allow.allows(&n));
        assert!(Allow::new(&["/(/".into()]).is_err());
    }

    #[test]
    fn template_syntax_is_measured() {
        assert_eq!(template_bytes("a {{< ref \"x\" >}} b {% raw %}"), 24);
        assert_eq!(template_bytes("no templates { here }"), 0);
    }

    #[test]
    fn percentages_round_down_and_never_claim_identity() {
        assert_eq!(percent(0.5), 50);
        assert_eq!(percent(0.999), 99);
        assert_eq!(percent(1.0), 99);
    }
}
