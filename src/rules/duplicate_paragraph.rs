//! `duplicate-paragraph`: paragraphs pasted into more than one place, exactly or
//! lightly edited, across the whole corpus.
//!
//! The parallel phase reduces every paragraph (list-item and blockquote
//! paragraphs included) to its span, a hash of its normalised words and its
//! word 5-shingle set with MinHash band keys ([`crate::text::shingles`]). The
//! corpus phase then works on those summaries alone:
//! 1. exact copies are grouped by their hash, so a paragraph pasted into a
//!    thousand posts costs a sort, not a million comparisons, and only one copy
//!    of each group takes part in step 2;
//! 2. LSH buckets offer candidate pairs and each is verified on the real
//!    shingle sets; pairs at or above `similarity` are joined (union-find);
//! 3. each group of joined copies is a cluster; its original is the copy in the
//!    oldest post, and every other copy gets one finding that points at the rest.

use rayon::prelude::*;
use regex::Regex;

use crate::diagnostic::Finding;
use crate::document::{BlockKind, Document, PostId, Span};
use crate::rule::{Checker, Corpus, CorpusRule, OptionInfo, OptionKind, RuleOptions, Summary};
use crate::text::shingles::{
    MinHash, NEAR_DUPLICATE_BANDING, UnionFind, jaccard, join_near_duplicates, shingle_set,
    word_hash,
};
use crate::text::{fold, without_urls, words};

crate::declare_rule! {
    /// ## What it flags
    /// A paragraph that also appears elsewhere in the corpus, word for word or
    /// lightly edited: in another post or further down the same post.
    /// Paragraphs, list items and paragraphs in blockquotes are compared; code,
    /// HTML, tables, headings and front matter never are, and neither are
    /// paragraphs shorter than `min-words` words.
    ///
    /// Paragraphs are compared as readers see them: markup is stripped (link
    /// text stays, URLs go), the text is Unicode NFKC-normalised and
    /// lower-cased, typographic quotes and dashes are folded, and it is split
    /// into words at everything that is not a letter or digit, so hard
    /// wrapping, emphasis and punctuation never matter.
    ///
    /// **Similarity** is the Jaccard index of the two paragraphs' sets of word
    /// 5-shingles (every run of five consecutive words): the shingles they
    /// share divided by all the distinct shingles of both. Identical text
    /// scores 1; changing one word in twenty of a 60-word paragraph gives
    /// about 0.58, adding or dropping one of three sentences about 0.8;
    /// unrelated prose scores near 0. Pairs at or above `similarity` are
    /// copies, and copies of copies join one cluster. Candidates are found
    /// with MinHash and locality-sensitive hashing, so the cost grows
    /// linearly with the corpus, and every candidate pair is verified
    /// exactly before it is reported.
    ///
    /// The copy in the oldest post (front-matter `date`, then path order;
    /// posts without a date count as newer than any dated post) is the
    /// original. When only some files are checked (a pre-commit hook naming
    /// the staged posts), a copy elsewhere in the project counts as older than
    /// one in a named file with the same or no date, so the staged copy is the
    /// one reported. Every other copy gets one finding that lists the other
    /// copies; `report = "all"` reports the original too.
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
    /// second with two words changed. The copy in `retro.md` is flagged as
    /// "paragraph is 60% similar to posts/2023/launch.md:12", pointing at
    /// the original in `launch.md`: link to the earlier post instead.
    ///
    /// Some repetition is on purpose, like the notice under every release
    /// post. Allow it by its text, or by a regular expression between slashes
    /// matched against the normalised text (lower-case words separated by
    /// single spaces):
    /// ```toml
    /// [rules.duplicate-paragraph]
    /// allow = [
    ///   "This post is part of our series on testing.",
    ///   "/^if you have a previous version of rust installed via rustup/",
    /// ]
    /// ```
    pub static DUPLICATE_PARAGRAPH = {
        name: "duplicate-paragraph",
        severity: Warning,
        group: "duplicates",
        phase: Corpus,
        summary: "a paragraph copied, exactly or lightly edited, into another place",
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
                default: "0.5",
                doc: "the word 5-shingle Jaccard index at which two paragraphs are copies",
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
                default: "20",
                doc: "the most other copies a finding lists; larger clusters give the count",
            },
        ],
    }
}

struct DuplicateParagraph {
    min_words: usize,
    similarity: f64,
    report_original: bool,
    max_related: usize,
    allow: Allow,
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
pub fn build(options: &RuleOptions) -> Result<Checker, String> {
    let similarity = options.ratio("similarity");
    if similarity <= 0.0 {
        // Every pair of paragraphs would be "copies".
        return Err("`similarity` must be above 0".into());
    }
    let (rows, bands) = NEAR_DUPLICATE_BANDING;
    Ok(Checker::Corpus(Box::new(DuplicateParagraph {
        min_words: options.count("min-words"),
        similarity,
        report_original: options.string("report") == "all",
        max_related: options.count("max-related"),
        allow: Allow::new(&options.strings("allow"))?,
        minhash: MinHash::new(rows, bands),
    })))
}

/// A paragraph's normalised words, reusable across paragraphs.
#[derive(Default)]
struct Normalised {
    /// Word hashes.
    words: Vec<u64>,
    /// Hash of the word sequence: equal for exact copies.
    exact: u64,
    /// The words joined by single spaces, filled only when asked (for `allow`).
    text: String,
    /// The paragraph's ASCII text, lower-cased, separators as spaces.
    lower: Vec<u8>,
}

impl Normalised {
    /// Reads the plain text of a paragraph: [`without_urls`], then [`fold`] and
    /// [`words`]. ASCII text, the common case, takes a path that gives the same
    /// words without allocating a folded copy of the paragraph.
    fn read(&mut self, plain: &str, keep_text: bool) {
        self.words.clear();
        self.text.clear();
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
            for end in memchr::memchr_iter(b' ', &self.lower).chain([self.lower.len()]) {
                if let Some(word) = self.lower.get(start..end).filter(|w| !w.is_empty()) {
                    self.words.push(word_hash(word));
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
        } else {
            for word in words(&fold(&plain)) {
                self.words.push(word_hash(word.as_bytes()));
                if keep_text {
                    push_word(&mut self.text, word);
                }
            }
        }
        self.exact = sequence_hash(&self.words);
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

/// A 64-bit hash of a sequence of word hashes, for grouping exact copies.
/// Each step is a bijection of the state mixed with a uniform word hash, so
/// two different paragraphs collide with probability about 2^-64.
fn sequence_hash(words: &[u64]) -> u64 {
    let mut h = (words.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for &w in words {
        h = (h ^ w).wrapping_mul(0xA076_1D64_78BD_642F).rotate_left(31);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 32)
}

/// What this rule keeps of a post: its paragraphs, flat.
struct Paragraphs {
    units: Vec<Unit>,
    /// Every paragraph's sorted shingle set, one after another.
    shingles: Vec<u32>,
    /// Every paragraph's band keys, `bands` per paragraph.
    keys: Vec<u32>,
}

struct Unit {
    span: Span,
    exact: u64,
    /// End of this paragraph's shingles in `Paragraphs::shingles`.
    shingles_end: u32,
}

impl CorpusRule for DuplicateParagraph {
    fn summarize(&self, post: &Document) -> Summary {
        let mut summary = Paragraphs {
            units: Vec::new(),
            shingles: Vec::new(),
            keys: Vec::new(),
        };
        let mut normalised = Normalised::default();
        let (mut set, mut signature) = (Vec::new(), Vec::new());
        for block in &post.blocks {
            if block.kind != BlockKind::Paragraph {
                continue;
            }
            normalised.read(&block.text.text, !self.allow.patterns.is_empty());
            if normalised.words.len() < self.min_words.max(1)
                || (!self.allow.is_empty() && self.allow.allows(&normalised))
            {
                continue;
            }
            shingle_set(&normalised.words, &mut set);
            summary.shingles.extend_from_slice(&set);
            self.minhash
                .band_keys(&set, &mut signature, &mut summary.keys);
            summary.units.push(Unit {
                span: block.span.clone(),
                exact: normalised.exact,
                shingles_end: summary.shingles.len() as u32,
            });
        }
        // Kept until the corpus phase for every post: no spare capacity.
        summary.units.shrink_to_fit();
        summary.shingles.shrink_to_fit();
        summary.keys.shrink_to_fit();
        Box::new(summary)
    }

    fn check(&self, corpus: &Corpus<'_>, out: &mut Vec<Finding>) {
        let bands = self.minhash.bands();
        // Every paragraph of the corpus, numbered in post order.
        let mut owner: Vec<(PostId, &Unit)> = Vec::new();
        let mut sets: Vec<&[u32]> = Vec::new();
        let mut keys: Vec<&[u32]> = Vec::new();
        let mut exact: Vec<(u64, u32)> = Vec::new();
        for (id, paragraphs) in corpus.summaries::<Paragraphs>() {
            let mut start = 0;
            for (i, unit) in paragraphs.units.iter().enumerate() {
                let end = unit.shingles_end as usize;
                let Some(set) = paragraphs.shingles.get(start..end) else {
                    break;
                };
                let Some(key) = paragraphs.keys.get(i * bands..(i + 1) * bands) else {
                    break;
                };
                exact.push((unit.exact, owner.len() as u32));
                owner.push((id, unit));
                sets.push(set);
                keys.push(key);
                start = end;
            }
        }
        if owner.len() < 2 || owner.len() > u32::MAX as usize {
            return;
        }
        // 1. Exact copies: one representative per text.
        exact.par_sort_unstable();
        let mut joined = UnionFind::new(owner.len());
        let mut representatives = Vec::new();
        for group in exact.chunk_by(|a, b| a.0 == b.0) {
            for pair in group.windows(2) {
                joined.union(pair[0].1, pair[1].1);
            }
            representatives.push(group[0].1);
        }
        representatives.sort_unstable();

        // 2. Near copies among the representatives.
        join_near_duplicates(
            &representatives,
            &sets,
            &keys,
            bands,
            self.similarity,
            &mut joined,
        );

        // 3. Clusters, each ordered original first.
        let mut by_root: Vec<(u32, u32)> = (0..owner.len() as u32)
            .map(|u| (joined.find(u), u))
            .collect();
        by_root.sort_unstable();
        // Oldest first: dated before undated, then by date; among posts with
        // the same (or no) date, posts outside the files being checked come
        // first, since a pre-commit run names the new and edited posts; then
        // path order.
        let age = |u: &u32| {
            let (id, _) = owner[*u as usize];
            let date = corpus.post(id).date.as_deref();
            (date.is_none(), date, corpus.is_target(id), *u)
        };
        for group in by_root.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
            let mut cluster: Vec<u32> = group.iter().map(|&(_, u)| u).collect();
            cluster.sort_by(|a, b| age(a).cmp(&age(b)));
            if !cluster
                .iter()
                .any(|&u| corpus.is_target(owner[u as usize].0))
            {
                continue;
            }
            self.report(corpus, &cluster, &owner, &sets, out);
        }
    }
}

impl DuplicateParagraph {
    /// Pushes the findings of one cluster (original first).
    fn report(
        &self,
        corpus: &Corpus<'_>,
        cluster: &[u32],
        owner: &[(PostId, &Unit)],
        sets: &[&[u32]],
        out: &mut Vec<Finding>,
    ) {
        let Some(&original) = cluster.first() else {
            return;
        };
        let original_unit = owner[original as usize].1;
        let place = |u: u32| {
            let (id, unit) = owner[u as usize];
            let post = corpus.post(id);
            let line = post.lines.position(&post.source, unit.span.start).line;
            format!("{}:{line}", crate::diagnostic::display_path(post))
        };
        for (position, &copy) in cluster.iter().enumerate() {
            let (id, copy_unit) = owner[copy as usize];
            if !corpus.is_target(id) || (position == 0 && !self.report_original) {
                continue;
            }
            let others = cluster.len() - 1;
            let message = if position == 0 {
                format!(
                    "paragraph is copied in {others} other {}",
                    if others == 1 { "place" } else { "places" }
                )
            } else {
                let what = if copy_unit.exact == original_unit.exact {
                    format!("same paragraph as {}", place(original))
                } else {
                    let (best, similarity) = self.closest(cluster, copy, original, sets);
                    format!(
                        "paragraph is {}% similar to {}",
                        percent(similarity),
                        place(best)
                    )
                };
                // The count stays visible when `max-related` shortens the list,
                // and in formats that show no related places at all.
                match cluster.len() {
                    2 => what,
                    n => format!("{what} ({n} copies in all)"),
                }
            };
            let mut finding = Finding::new(&DUPLICATE_PARAGRAPH, id, copy_unit.span.clone(), message)
                .with_help(
                    "keep the paragraph in one place and link to it, or list it under `allow` in [rules.duplicate-paragraph] if the repetition is on purpose",
                );
            for &other in cluster
                .iter()
                .filter(|&&o| o != copy)
                .take(self.max_related)
            {
                let (other_id, other_unit) = owner[other as usize];
                let label = if other == original {
                    "original"
                } else {
                    "other copy"
                };
                finding = finding.with_related(other_id, other_unit.span.clone(), label);
            }
            finding.related_total = others;
            out.push(finding);
        }
    }

    /// The copy that `copy` is most similar to: the original when it reaches
    /// the threshold (the common case), else the closest of the first few
    /// other copies (a copy of a copy that drifted further from the original).
    fn closest(&self, cluster: &[u32], copy: u32, original: u32, sets: &[&[u32]]) -> (u32, f64) {
        /// Enough to find the neighbour that joined a drifted copy in any
        /// realistic cluster, while bounding the work for huge ones.
        const LOOK_AT: usize = 64;
        let to_original = jaccard(sets[copy as usize], sets[original as usize]);
        if to_original >= self.similarity {
            return (original, to_original);
        }
        cluster
            .iter()
            .filter(|&&o| o != copy)
            .take(LOOK_AT)
            .map(|&o| (o, jaccard(sets[copy as usize], sets[o as usize])))
            .fold(
                (original, to_original),
                |best, c| if c.1 > best.1 { c } else { best },
            )
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

    fn reference(text: &str) -> Vec<u64> {
        words(&fold(&without_urls(text)))
            .map(|w| word_hash(w.as_bytes()))
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
            assert_eq!(n.words, reference(text), "{text}");
        }
        n.read("Don't PANIC: snake_case", true);
        assert_eq!(n.text, "don t panic snake case");
        // Non-ASCII text takes the folding path and meets the ASCII one.
        let mut m = Normalised::default();
        m.read("Don\u{2019}t ＰＡＮＩＣ: snake_case", true);
        assert_eq!(m.text, n.text);
        assert_eq!(m.exact, n.exact);
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
    fn percentages_round_down_and_never_claim_identity() {
        assert_eq!(percent(0.5), 50);
        assert_eq!(percent(0.999), 99);
        assert_eq!(percent(1.0), 99);
    }
}
