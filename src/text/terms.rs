//! Terms: the words a text is about, in a form that lets a title, a heading and
//! a body be compared.
//!
//! The topicality rules (`title-body-mismatch`, `off-topic-section`) ask whether a
//! body uses the words its title or heading promises. Raw word overlap gets that
//! wrong in both directions: "Pipelines" must match "pipeline", "Rust's" must
//! match "Rust", "Usage-Based" must match "usage based", "1.73.0" must match
//! "1.73", while "the" or "guide" must count for nothing. This module turns text
//! into [`Token`]s that settle all of that once:
//! - Unicode word segmentation (UAX #29), then a split of words that UAX #29
//!   keeps whole but readers do not (`node.js`, `snake_case`), keeping versions;
//! - case folding and typographic apostrophes folded (through [`super::fold_char`]);
//! - stop words;
//! - Snowball stemming in the configured [`Language`], so plurals and possessives
//!   meet their singular;
//! - a [`TermKey`] per stem: a 64-bit hash, so summaries of 100,000 posts hold
//!   numbers, not strings.
//!
//! It also weighs terms. A term's weight is its inverse document frequency,
//! blended with a background English frequency table shipped in the binary
//! (`background-en.tsv`, see `background-en.NOTICE.md`): a corpus of four posts,
//! or a single post checked alone, has no statistics of its own, and the table
//! says that "pipeline" is rarer than "team" anyway. As the corpus grows its own
//! counts take over, so "rust" weighs little on a Rust blog. See [`idf`].

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use super::fold_char;

/// A term's identity: the hash of its stem (or of its normalised number).
pub type TermKey = u64;

/// The key of an already stemmed term.
pub fn key_of(stem: &str) -> TermKey {
    xxh3_64(stem.as_bytes())
}

/// The language whose Snowball stemmer splits words into stems. Stop words and
/// the background table exist for English only; in other languages terms are
/// weighed by corpus statistics alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Snowball's Arabic stemmer.
    Arabic,
    /// Danish.
    Danish,
    /// Dutch.
    Dutch,
    /// English (the default).
    English,
    /// Finnish.
    Finnish,
    /// French.
    French,
    /// German.
    German,
    /// Greek.
    Greek,
    /// Hungarian.
    Hungarian,
    /// Italian.
    Italian,
    /// Norwegian.
    Norwegian,
    /// Portuguese.
    Portuguese,
    /// Romanian.
    Romanian,
    /// Russian.
    Russian,
    /// Spanish.
    Spanish,
    /// Swedish.
    Swedish,
    /// Tamil.
    Tamil,
    /// Turkish.
    Turkish,
}

impl Language {
    /// Every language, in the order of [`Language::NAMES`].
    const ALL: [Language; 18] = [
        Language::Arabic,
        Language::Danish,
        Language::Dutch,
        Language::English,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Greek,
        Language::Hungarian,
        Language::Italian,
        Language::Norwegian,
        Language::Portuguese,
        Language::Romanian,
        Language::Russian,
        Language::Spanish,
        Language::Swedish,
        Language::Tamil,
        Language::Turkish,
    ];

    /// The names config accepts, lower-case.
    pub const NAMES: &'static [&'static str] = &[
        "arabic",
        "danish",
        "dutch",
        "english",
        "finnish",
        "french",
        "german",
        "greek",
        "hungarian",
        "italian",
        "norwegian",
        "portuguese",
        "romanian",
        "russian",
        "spanish",
        "swedish",
        "tamil",
        "turkish",
    ];

    /// The language called `name` (one of [`Language::NAMES`]).
    pub fn from_name(name: &str) -> Option<Language> {
        let i = Language::NAMES.iter().position(|n| *n == name)?;
        Language::ALL.get(i).copied()
    }

    fn algorithm(self) -> Algorithm {
        match self {
            Language::Arabic => Algorithm::Arabic,
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::English => Algorithm::English,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
        }
    }

    fn index(self) -> usize {
        Language::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TermKind {
    /// A word (letters, possibly with digits: `wasm32`).
    Word,
    /// Digits only: `2024`, `3`.
    Number,
    /// Digits with dots: `1.73.0`, keyed without trailing `.0` parts beyond the
    /// first dot, so "1.73.0" and "1.73" are one term.
    Version,
}

/// One word of a text.
#[derive(Debug, Clone)]
pub struct Token {
    /// Byte range in the analysed text.
    pub range: Range<usize>,
    /// The stem's key.
    pub key: TermKey,
    /// Word, number or version.
    pub kind: TermKind,
    /// A stop word or a single letter: no topic of its own.
    pub stop: bool,
    /// Written in capitals, 2 to 8 letters (an `s` may follow): "DX", "APIs".
    pub capitals: bool,
}

/// Splits text into [`Token`]s in one language.
pub struct Analyzer {
    language: Language,
    stemmer: Stemmer,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("language", &self.language)
            .finish()
    }
}

/// Stems already computed on this thread, per language. Post text follows Zipf's
/// law, so a few thousand words make up most of it; a hash lookup is several
/// times cheaper than the Snowball stemmer. Cleared when it grows past
/// `STEM_CACHE_LIMIT` so memory stays bounded on huge vocabularies.
const STEM_CACHE_LIMIT: usize = 200_000;

/// Slots of the small table in front of the stem cache (a power of two):
/// 24 KiB, which stays in the processor's first-level cache.
const RECENT_SLOTS: usize = 1024;

/// Folded words (by their xxh3 hash: no string to allocate or compare, and
/// 64-bit collisions among the cache's words are vanishingly rare) to their
/// key and whether they are stop words.
///
/// A large corpus has tens of thousands of distinct words, and a table that
/// size misses the processor's caches on nearly every lookup: profiles showed
/// most of a lookup's time waiting on memory. One post uses a few hundred
/// words, again and again, so a small direct-mapped table of recent words in
/// front answers most lookups from the first-level cache.
struct StemCache {
    /// Slot `hash % RECENT_SLOTS`: the hash, the key and the stop flag; hash
    /// 0 marks an empty slot (a word hashing to 0 just skips this table).
    recent: Box<[(u64, TermKey, bool)]>,
    all: KeyMap<(TermKey, bool)>,
}

impl Default for StemCache {
    fn default() -> StemCache {
        StemCache {
            recent: vec![(0, 0, false); RECENT_SLOTS].into_boxed_slice(),
            all: KeyMap::default(),
        }
    }
}

impl StemCache {
    /// The key and stop flag of the folded word hashing to `hash`, computed
    /// by `stem` on a miss.
    fn get_or_insert(
        &mut self,
        hash: u64,
        stem: impl FnOnce() -> (TermKey, bool),
    ) -> (TermKey, bool) {
        let slot = (hash as usize) % RECENT_SLOTS;
        if let Some(&(h, key, stop)) = self.recent.get(slot)
            && h == hash
            && hash != 0
        {
            return (key, stop);
        }
        let known = match self.all.get(&hash) {
            Some(&known) => known,
            None => {
                let known = stem();
                if self.all.len() >= STEM_CACHE_LIMIT {
                    self.all.clear();
                }
                self.all.insert(hash, known);
                known
            }
        };
        if let Some(entry) = self.recent.get_mut(slot) {
            *entry = (hash, known.0, known.1);
        }
        known
    }
}

/// What [`Analyzer`] keeps per thread: a stem cache per language, and a
/// reused buffer for the folded form of one word.
#[derive(Default)]
struct Scratch {
    caches: Vec<StemCache>,
    folded: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A hasher for [`TermKey`]s, which are xxh3 hashes already: hashing them
/// again would only cost time.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed with this; other input still spreads.
        self.0 = xxh3_64_with_seed(bytes, self.0);
    }

    fn write_u64(&mut self, key: u64) {
        self.0 ^= key;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by [`TermKey`].
pub type KeyMap<V> = HashMap<TermKey, V, BuildHasherDefault<KeyHasher>>;

/// A set of [`TermKey`]s.
pub type KeySet = std::collections::HashSet<TermKey, BuildHasherDefault<KeyHasher>>;

impl Analyzer {
    /// An analyzer for the language called `name`, as a rule's `language`
    /// option gives it; the error says what is wrong.
    pub fn named(name: &str) -> Result<Analyzer, String> {
        Language::from_name(name)
            .map(Analyzer::new)
            .ok_or_else(|| format!("unknown language \"{name}\""))
    }

    /// An analyzer for `language`.
    pub fn new(language: Language) -> Analyzer {
        Analyzer {
            language,
            stemmer: Stemmer::create(language.algorithm()),
        }
    }

    /// The language it stems.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Appends the tokens of `text` to `out` (cleared first).
    pub fn tokens(&self, text: &str, out: &mut Vec<Token>) {
        out.clear();
        self.with_scratch(|folded, cache| {
            for_each_word(text, |range| {
                if let Some(token) = self.token(text, range, folded, cache) {
                    out.push(token);
                }
                true
            });
        });
    }

    /// The token of the word at `range` of `text` (a range from [`for_each_word`]).
    pub fn word(&self, text: &str, range: Range<usize>) -> Option<Token> {
        self.with_scratch(|folded, cache| self.token(text, range, folded, cache))
    }

    /// Runs `f` with this thread's folding buffer and stem cache for this
    /// analyzer's language.
    fn with_scratch<R>(&self, f: impl FnOnce(&mut String, &mut StemCache) -> R) -> R {
        SCRATCH.with(|scratch| {
            let scratch = &mut *scratch.borrow_mut();
            let lang = self.language.index();
            if scratch.caches.len() <= lang {
                scratch.caches.resize_with(lang + 1, StemCache::default);
            }
            f(&mut scratch.folded, &mut scratch.caches[lang])
        })
    }

    /// The key of one word, as [`Analyzer::tokens`] would key it.
    pub fn key(&self, word: &str) -> Option<TermKey> {
        // No token list: titles and headings ask this for every compound.
        let (mut key, mut tokens) = (None, 0);
        self.with_scratch(|folded, cache| {
            for_each_word(word, |range| {
                if let Some(token) = self.token(word, range, folded, cache) {
                    key = Some(token.key);
                    tokens += 1;
                }
                tokens < 2
            });
        });
        key.filter(|_| tokens == 1)
    }

    /// The key of two words written as one ("post-mortem" as "postmortem").
    pub fn compound_key(&self, first: &str, second: &str) -> Option<TermKey> {
        let joined = format!("{first}{second}");
        self.key(&joined)
    }

    fn token(
        &self,
        text: &str,
        range: Range<usize>,
        folded: &mut String,
        cache: &mut StemCache,
    ) -> Option<Token> {
        let surface = text.get(range.clone())?;
        fold_word(surface, folded);
        let (kind, key, stop) = self.folded_term(folded, cache)?;
        Some(Token {
            range,
            key,
            kind,
            stop,
            capitals: is_capitals(surface),
        })
    }

    /// The kind, key and stop flag of one folded word; `None` if it is only
    /// apostrophes.
    fn folded_term(
        &self,
        folded: &str,
        cache: &mut StemCache,
    ) -> Option<(TermKind, TermKey, bool)> {
        let word = trim_apostrophes(folded);
        let first = *word.as_bytes().first()?;
        let kind = if first.is_ascii_digit() && word.bytes().all(|b| b.is_ascii_digit()) {
            TermKind::Number
        } else if first.is_ascii_digit() && is_version(word) {
            TermKind::Version
        } else {
            TermKind::Word
        };
        let (key, stop) = match kind {
            TermKind::Number => (key_of(word), false),
            TermKind::Version => (key_of(version_stem(word)), false),
            TermKind::Word => cache.get_or_insert(xxh3_64(word.as_bytes()), || {
                let stop = word.chars().nth(1).is_none()
                    || (self.language == Language::English && is_english_stop_word(word));
                (key_of(&self.stemmer.stem(word)), stop)
            }),
        };
        Some((kind, key, stop))
    }

    /// Calls `each` with the range, key and stop flag of every token of
    /// `lower`, ASCII text already lower-cased: what [`Analyzer::tokens`]
    /// gives for it, without copying each word to fold it or making a token
    /// list. Counting every term of a post (the corpus statistics) is most of
    /// what the topicality rules cost, and one copy of a whole block is
    /// cheaper than one per word.
    pub fn for_each_lowered_term(
        &self,
        lower: &str,
        mut each: impl FnMut(Range<usize>, TermKey, bool),
    ) {
        debug_assert!(lower.is_ascii());
        self.with_scratch(|_, cache| {
            ascii_words(lower, |range| {
                if let Some(word) = lower.get(range.clone())
                    && let Some((_, key, stop)) = self.folded_term(word, cache)
                {
                    each(range, key, stop);
                }
                true
            });
        });
    }

    /// The stem of one folded word (for building the background table and tests).
    pub fn stem(&self, word: &str) -> String {
        let mut folded = String::new();
        fold_word(word, &mut folded);
        self.stemmer.stem(trim_apostrophes(&folded)).into_owned()
    }
}

/// `word` without apostrophes at either end ("'tis", "users'"), by bytes:
/// `str::trim_matches` decodes characters, and this runs for every word.
fn trim_apostrophes(word: &str) -> &str {
    let bytes = word.as_bytes();
    let start = bytes
        .iter()
        .position(|&b| b != b'\'')
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b'\'')
        .map_or(start, |i| i + 1);
    // An apostrophe is one byte, so both ends are character boundaries.
    word.get(start..end).unwrap_or_default()
}

/// Lower case, NFKC and typographic apostrophes folded, into `out`.
fn fold_word(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.nfkc().flat_map(char::to_lowercase).map(fold_char));
    }
}

/// Calls `each` with the byte range of every word of `text`, in order (the
/// words [`Analyzer::tokens`] makes tokens of), while it returns `true`.
pub fn for_each_word(text: &str, each: impl FnMut(Range<usize>) -> bool) {
    if text.is_ascii() {
        ascii_words(text, each);
    } else {
        unicode_words(text, each);
    }
}

/// Words of ASCII text, exactly as [`unicode_words`] splits them, without
/// the Unicode tables: UAX #29 joins letters and digits, keeps `'` between
/// letters or digits, `:` between letters and `.`, `,`, `;` between digits;
/// `_` and `.` between letters then split as in [`pieces`]. Most posts are
/// ASCII, and this is several times faster (`ascii_and_unicode_words_agree`
/// holds the two to one answer).
pub(crate) fn ascii_words(text: &str, mut each: impl FnMut(Range<usize>) -> bool) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        loop {
            if i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let (Some(&prev), Some(&joiner), Some(&next)) = (b.get(i - 1), b.get(i), b.get(i + 1))
            else {
                break;
            };
            let letters = prev.is_ascii_alphabetic() && next.is_ascii_alphabetic();
            let digits = prev.is_ascii_digit() && next.is_ascii_digit();
            let joins = match joiner {
                b'\'' => letters || digits,
                b':' => letters,
                b'.' | b',' | b';' => digits,
                _ => false,
            };
            if !joins {
                break;
            }
            i += 2;
        }
        if !each(start..i) {
            return;
        }
    }
}

/// Words of any text: UAX #29 words, split further by [`pieces`].
fn unicode_words(text: &str, mut each: impl FnMut(Range<usize>) -> bool) {
    for (start, word) in text.unicode_word_indices() {
        for piece in pieces(word) {
            if !each(start + piece.start..start + piece.end) {
                return;
            }
        }
    }
}

/// Splits a UAX #29 word where readers see two: at `_` (`snake_case`) and at a
/// dot between letters (`node.js`, `e.g`). A dot between digits stays: `1.73.0`
/// is one version.
fn pieces(word: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = word.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        while !done {
            let mut end = start;
            let mut found = None;
            while end < bytes.len() {
                let b = bytes[end];
                let split = b == b'_'
                    || (b == b'.'
                        && !(end > 0
                            && bytes[end - 1].is_ascii_digit()
                            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)));
                if split {
                    found = Some(end);
                    break;
                }
                end += 1;
            }
            let piece = start..found.unwrap_or(bytes.len());
            match found {
                Some(at) => start = at + 1,
                None => done = true,
            }
            if !piece.is_empty() && word[piece.clone()].chars().any(char::is_alphanumeric) {
                return Some(piece);
            }
        }
        None
    })
}

/// The words of an ASCII identifier written in camelCase or PascalCase, as a
/// reader splits it: `ToFloat` as `To` and `Float`, `AddressSanitizer` as
/// `Address` and `Sanitizer`, `HTTPServer` as `HTTP` and `Server`. Empty for a
/// word with no such boundary (`Rust`, `CQRS`, `iOS` aside from its `OS`).
/// Snake case and dotted names are split already by [`for_each_word`].
pub fn identifier_parts(word: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = word.as_bytes();
    let boundary = move |i: usize| {
        let (prev, here) = (b[i - 1], b[i]);
        here.is_ascii_uppercase()
            && (prev.is_ascii_lowercase()
                || (prev.is_ascii_uppercase() && b.get(i + 1).is_some_and(u8::is_ascii_lowercase)))
    };
    let ascii = word.is_ascii() && b.iter().all(u8::is_ascii_alphanumeric);
    let cuts: Vec<usize> = if ascii {
        (1..b.len()).filter(|&i| boundary(i)).collect()
    } else {
        Vec::new()
    };
    let ends: Vec<usize> = if cuts.is_empty() {
        Vec::new()
    } else {
        cuts.iter().copied().chain([b.len()]).collect()
    };
    let starts = std::iter::once(0).chain(cuts);
    starts.zip(ends).map(|(s, e)| s..e)
}

fn is_version(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// "1.73.0" and "1.73" are one release; "1.0" keeps its dot so it does not
/// become the number 1.
fn version_stem(version: &str) -> &str {
    let mut stem = version;
    while let Some(shorter) = stem.strip_suffix(".0") {
        if !shorter.contains('.') {
            break;
        }
        stem = shorter;
    }
    stem
}

fn is_capitals(surface: &str) -> bool {
    if surface
        .as_bytes()
        .first()
        .is_some_and(|b| !b.is_ascii_uppercase() && b.is_ascii())
    {
        return false;
    }
    let letters = surface.strip_suffix('s').unwrap_or(surface);
    let n = letters.chars().count();
    (2..=8).contains(&n) && letters.chars().all(|c| c.is_uppercase())
}

/// English stop words: function words that say nothing about a topic. Sorted,
/// for binary search. Apostrophes are ASCII (text is folded first).
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "etc",
    "few",
    "for",
    "from",
    "further",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "he'd",
    "he'll",
    "he's",
    "her",
    "here",
    "here's",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "how's",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "let's",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "mustn't",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "shan't",
    "she",
    "she'd",
    "she'll",
    "she's",
    "should",
    "shouldn't",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they'd",
    "they'll",
    "they're",
    "they've",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "vs",
    "was",
    "wasn't",
    "we",
    "we'd",
    "we'll",
    "we're",
    "we've",
    "were",
    "weren't",
    "what",
    "what's",
    "when",
    "when's",
    "where",
    "where's",
    "which",
    "while",
    "who",
    "who's",
    "whom",
    "why",
    "why's",
    "will",
    "with",
    "won't",
    "would",
    "wouldn't",
    "you",
    "you'd",
    "you'll",
    "you're",
    "you've",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Whether a folded word is an English stop word.
pub fn is_english_stop_word(word: &str) -> bool {
    ENGLISH_STOP_WORDS.binary_search(&word).is_ok()
}

/// An acronym a text defines, and the words it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acronym {
    /// The acronym's key ("dx").
    pub key: TermKey,
    /// Its [`prefix`].
    pub prefix: Prefix,
    /// The long form's words, stop words left out.
    pub expansion: Vec<(TermKey, Prefix)>,
}

/// Whether text may define an acronym: a capital word between `(` and `)`,
/// or a capital word right before `(`, spaces allowed between, as
/// [`acronyms`] reads them. A cheap test that spares most paragraphs the
/// full token list [`acronyms`] needs; it errs towards `true` wherever a byte
/// next to the capitals is not ASCII. (Reference docs put `(Get-Item $path)`
/// in code and prose alike: a capital after `(` alone sent a third of a docs
/// site's blocks to the full path.)
pub fn may_define_acronym(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'(', b)
        .any(|i| capitals_then_close(&b[i + 1..]) || capitals_before(&b[..i]))
}

/// Whether `b` may start with a capital word ("DX") then `)`, spaces
/// allowed around it.
fn capitals_then_close(b: &[u8]) -> bool {
    let Some(start) = b.iter().position(|c| !c.is_ascii_whitespace()) else {
        return false;
    };
    let b = &b[start..];
    let end = b
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(b.len());
    if b.get(end).is_some_and(|c| !c.is_ascii()) || b.first().is_some_and(|c| !c.is_ascii()) {
        return true;
    }
    if !is_ascii_capitals(&b[..end]) {
        return false;
    }
    match b[end..].iter().find(|c| !c.is_ascii_whitespace()) {
        Some(&c) => c == b')' || !c.is_ascii(),
        None => false,
    }
}

/// Whether `b` may end with a capital word ("DX"), spaces allowed after it.
fn capitals_before(b: &[u8]) -> bool {
    let Some(last) = b.iter().rposition(|c| !c.is_ascii_whitespace()) else {
        return false;
    };
    let b = &b[..=last];
    let start = b
        .iter()
        .rposition(|c| !c.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    if b.last().is_some_and(|c| !c.is_ascii()) || (start > 0 && !b[start - 1].is_ascii()) {
        return true;
    }
    is_ascii_capitals(&b[start..])
}

/// [`is_capitals`] for an ASCII word: 2 to 8 capitals, an `s` may follow.
fn is_ascii_capitals(word: &[u8]) -> bool {
    let letters = word.strip_suffix(b"s").unwrap_or(word);
    (2..=8).contains(&letters.len()) && letters.iter().all(u8::is_ascii_uppercase)
}

/// Up to three first bytes of a stem, lower-cased, 0 where the stem is
/// shorter: every word with that stem starts with them (Snowball English
/// rewrites only the ends of words), so a word that does not can be skipped
/// without stemming (see `Wanted` in `topic.rs`).
pub type Prefix = [u8; 3];

/// The first `n` (at most 3) bytes of `word`, lower-cased.
pub fn prefix(word: &str, n: usize) -> Prefix {
    let b = word.as_bytes();
    let lower = |i: usize| {
        if i < n {
            b.get(i).map_or(0, u8::to_ascii_lowercase)
        } else {
            0
        }
    };
    [lower(0), lower(1), lower(2)]
}

/// Whether `word` starts with `prefix`.
pub fn has_prefix(word: &str, prefix: &Prefix) -> bool {
    let b = word.as_bytes();
    prefix
        .iter()
        .enumerate()
        .all(|(i, &p)| p == 0 || b.get(i).map(u8::to_ascii_lowercase) == Some(p))
}

/// Acronyms a text defines, "Developer Experience (DX)" or "DX (Developer
/// Experience)": the acronym's key and the keys of the words it stands for.
/// Either written form then supports the other, but only where the post itself
/// says so: "DX" is not assumed to mean anything.
///
/// The long form is found as Schwartz and Hearst do (2003): the acronym's
/// letters, in order, inside the few words before (or in the parenthesis
/// after) it, the first letter starting a word. So "eXperience" matches the X.
pub fn acronyms(text: &str, tokens: &[Token], out: &mut Vec<Acronym>) {
    for (i, token) in tokens.iter().enumerate() {
        if !token.capitals {
            continue;
        }
        let surface = &text[token.range.clone()];
        let letters: Vec<char> = surface
            .strip_suffix('s')
            .unwrap_or(surface)
            .chars()
            .flat_map(char::to_lowercase)
            .collect();
        let n = letters.len();
        let before = text[..token.range.start].trim_end();
        let after = text[token.range.end..].trim_start();
        let window = if before.ends_with('(') && after.starts_with(')') {
            // "Developer Experience (DX)": the words just before the parenthesis.
            let open = before.len() - 1;
            let first = i.saturating_sub((n + 5).min(2 * n));
            let Some(start) = tokens[first..i].first().map(|t| t.range.start) else {
                continue;
            };
            start..open
        } else if after.starts_with('(') {
            // "DX (Developer Experience)": the parenthesis after it.
            let open = text.len() - after.len() + 1;
            match text[open..].find(')') {
                Some(close) => open..open + close,
                None => continue,
            }
        } else {
            continue;
        };
        let Some(long) = text.get(window.clone()) else {
            continue;
        };
        let Some(offset) = long_form_start(long, &letters) else {
            continue;
        };
        let from = window.start + offset;
        let expansion: Vec<(TermKey, Prefix)> = tokens
            .iter()
            .filter(|t| t.range.start >= from && t.range.end <= window.end && !t.stop)
            // Two bytes: a long form's words may have short stems.
            .map(|t| (t.key, prefix(&text[t.range.clone()], 2)))
            .collect();
        // One word is not an expansion ("(API)" after "api" itself).
        if expansion.len() >= 2 {
            out.push(Acronym {
                key: token.key,
                prefix: prefix(surface, 2),
                expansion,
            });
        }
    }
}

/// Where in `long` the long form of the acronym with these lower-case `letters`
/// starts: matching letters from the last, backwards; the first must begin a word.
fn long_form_start(long: &str, letters: &[char]) -> Option<usize> {
    let chars: Vec<(usize, char)> = long
        .char_indices()
        .map(|(i, c)| (i, c.to_lowercase().next().unwrap_or(c)))
        .collect();
    let mut at = chars.len();
    for (k, &letter) in letters.iter().enumerate().rev() {
        loop {
            at = at.checked_sub(1)?;
            let (_, c) = chars[at];
            let starts_word = at == 0 || !chars[at - 1].1.is_alphanumeric();
            if c == letter && (k > 0 || starts_word) {
                break;
            }
        }
    }
    chars.get(at).map(|&(i, _)| i)
}

/// The background table: English stems with their Zipf frequency (log10 of
/// occurrences per billion words) times 100, parsed once on first use.
static BACKGROUND_EN: LazyLock<HashMap<TermKey, u16>> = LazyLock::new(|| {
    include_str!("background-en.tsv")
        .lines()
        .filter_map(|line| {
            let (stem, zipf) = line.split_once('\t')?;
            Some((key_of(stem), zipf.trim().parse().ok()?))
        })
        .collect()
});

/// Zipf frequency assumed for a word the background table does not list: rarer
/// than its rarest entry (2.55), as a name or a coined term is.
const UNLISTED_WORD_ZIPF: f64 = 1.5;
/// Numbers and versions are not in the table; one in particular is about as
/// rare as an uncommon word.
const NUMBER_ZIPF: f64 = 2.5;

/// A word's Zipf frequency in general English (log10 of occurrences per
/// billion words), when the background table lists it: `None` for a word
/// it does not know (a name, a coined term, an identifier) and for a
/// language without a table.
pub fn listed_zipf(language: Language, key: TermKey) -> Option<f64> {
    if language != Language::English {
        return None;
    }
    BACKGROUND_EN.get(&key).map(|&z| f64::from(z) / 100.0)
}

/// How common a term is in general English, as the share of posts of
/// `TYPICAL_POST_WORDS` words expected to contain it.
pub fn background_post_share(language: Language, key: TermKey, kind: TermKind) -> f64 {
    let zipf = match kind {
        TermKind::Number | TermKind::Version => NUMBER_ZIPF,
        // Without a table every word is as rare as an unlisted one, and the
        // corpus statistics alone tell common from rare.
        TermKind::Word => listed_zipf(language, key).unwrap_or(UNLISTED_WORD_ZIPF),
    };
    let per_word = 10f64.powf(zipf - 9.0);
    1.0 - (-TYPICAL_POST_WORDS * per_word).exp()
}

/// Post length used to turn a per-word frequency into a per-post share.
const TYPICAL_POST_WORDS: f64 = 600.0;

/// How many posts' worth of evidence the background table counts for in [`idf`].
/// With fewer posts than this the table dominates; with hundreds the corpus
/// does. Measured in docs/topicality.md: 5 to 80 give the same ranking.
const BACKGROUND_POSTS: f64 = 20.0;

/// Inverse document frequency of a term found in `df` of `units` posts (or
/// sections), smoothed by the background share: the background table acts as
/// `BACKGROUND_POSTS` extra posts in which the term occurs at its general
/// English rate.
pub fn idf(df: u32, units: usize, background_share: f64) -> f64 {
    let share = (f64::from(df) + BACKGROUND_POSTS * background_share + 0.5)
        / (units as f64 + BACKGROUND_POSTS + 1.0);
    -share.min(1.0).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<TermKey> {
        let analyzer = Analyzer::new(Language::English);
        let mut tokens = Vec::new();
        analyzer.tokens(text, &mut tokens);
        tokens.iter().filter(|t| !t.stop).map(|t| t.key).collect()
    }

    #[test]
    fn plurals_possessives_and_case_meet_their_stem() {
        assert_eq!(keys("Pipelines"), keys("pipeline"));
        assert_eq!(keys("Rust's"), keys("rust"));
        assert_eq!(keys("Rust\u{2019}s"), keys("rust"));
        assert_eq!(keys("Monitoring"), keys("monitor"));
    }

    #[test]
    fn versions_ignore_trailing_zero_parts() {
        assert_eq!(keys("1.73.0"), keys("1.73"));
        assert_ne!(keys("1.73.0"), keys("1.74.0"));
        assert_ne!(keys("1.0"), keys("1"));
    }

    #[test]
    fn words_split_where_readers_see_two() {
        assert_eq!(keys("usage-based"), keys("usage based"));
        assert_eq!(keys("node.js"), keys("node js"));
        assert_eq!(keys("snake_case"), keys("snake case"));
    }

    #[test]
    fn ascii_and_unicode_words_agree() {
        for text in [
            "Rust's 1.73.0 release: node.js, snake_case and e.g. std::io.",
            "don't 1,000 3;4 a:b a1.2 x86_64 1'000 'quoted' -flag --x=y",
            "a.b. ..1.. _a_ 'a' a' 'b C++/Rust (DX) post-mortem 2024h2 v1.2.3",
        ] {
            let mut ascii = Vec::new();
            ascii_words(text, |r| {
                ascii.push(&text[r]);
                true
            });
            let mut unicode = Vec::new();
            unicode_words(text, |r| {
                unicode.push(&text[r]);
                true
            });
            assert_eq!(ascii, unicode, "{text}");
        }
    }

    #[test]
    fn identifiers_split_at_case_boundaries() {
        let parts = |w: &'static str| identifier_parts(w).map(|r| &w[r]).collect::<Vec<_>>();
        assert_eq!(parts("ToFloat"), ["To", "Float"]);
        assert_eq!(parts("AddressSanitizer"), ["Address", "Sanitizer"]);
        assert_eq!(parts("HTTPServer"), ["HTTP", "Server"]);
        assert_eq!(parts("getElementById"), ["get", "Element", "By", "Id"]);
        assert!(parts("Rust").is_empty());
        assert!(parts("CQRS").is_empty());
        assert!(parts("über").is_empty());
    }

    #[test]
    fn stop_words_and_single_letters_have_no_topic() {
        assert!(keys("the of and a I").is_empty());
    }

    #[test]
    fn acronyms_are_found_both_ways() {
        let analyzer = Analyzer::new(Language::English);
        let mut tokens = Vec::new();
        for text in [
            "The developer experience (DX) improved.",
            "DX (developer experience) improved.",
        ] {
            analyzer.tokens(text, &mut tokens);
            let mut found = Vec::new();
            acronyms(text, &tokens, &mut found);
            let dx = analyzer.key("dx").unwrap();
            let expansion = vec![
                (analyzer.key("developer").unwrap(), *b"de\0"),
                (analyzer.key("experience").unwrap(), *b"ex\0"),
            ];
            let expected = Acronym {
                key: dx,
                prefix: *b"dx\0",
                expansion,
            };
            assert_eq!(found, vec![expected], "{text}");
            assert!(may_define_acronym(text));
        }
    }

    /// `may_define_acronym` only spares work: wherever [`acronyms`] finds a
    /// definition, it must say yes. Random texts from pieces that make and break
    /// definitions, ASCII or not.
    #[test]
    fn the_acronym_pre_test_misses_no_definition() {
        let analyzer = Analyzer::new(Language::English);
        let pieces = [
            "DX",
            "APIs",
            "API",
            "CQRS",
            "Dx",
            "D",
            "ABCDEFGHI",
            "(",
            ")",
            " ",
            "  ",
            "\n",
            "developer",
            "experience",
            "Developer",
            "Experience",
            "application",
            "interfaces",
            "\u{dc}ber",
            "\u{c9}T\u{c9}",
            "\u{a0}",
            "-",
            "'",
            ":",
            ".",
            "1.5",
            "Get-Item",
            "$x",
            "developer experience ",
            "Application Programming Interfaces ",
            "(DX)",
            " (APIs)",
            "DX (",
            "APIs(",
            "(developer experience)",
            "\u{dc}ber experience ",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut tokens = Vec::new();
        let mut defining = 0;
        for _ in 0..20_000 {
            let text: String = (0..2 + next(10))
                .map(|_| pieces[next(pieces.len())])
                .collect();
            analyzer.tokens(&text, &mut tokens);
            let mut found = Vec::new();
            acronyms(&text, &tokens, &mut found);
            if !found.is_empty() {
                defining += 1;
                assert!(may_define_acronym(&text), "{text:?}");
            }
        }
        assert!(defining > 100, "{defining}");
    }

    /// Rebuilds `background-en.tsv` from a word list exported by
    /// `scripts/background-words.py` (see `background-en.NOTICE.md`), stemming
    /// with this module so the table is keyed as the rules key terms.
    #[test]
    #[ignore = "rewrites src/text/background-en.tsv; needs POSTLINT_BACKGROUND_WORDS"]
    fn regenerate_background_table() {
        let words = std::env::var("POSTLINT_BACKGROUND_WORDS").expect("POSTLINT_BACKGROUND_WORDS");
        let words = std::fs::read_to_string(words).expect("word list");
        let analyzer = Analyzer::new(Language::English);
        let mut by_stem: HashMap<String, f64> = HashMap::new();
        for line in words.lines() {
            let (word, frequency) = line.split_once('\t').expect("word<TAB>frequency");
            let frequency: f64 = frequency.parse().expect("a frequency");
            *by_stem.entry(analyzer.stem(word)).or_default() += frequency;
        }
        let mut rows: Vec<(String, f64)> = by_stem.into_iter().collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let table: String = rows
            .iter()
            .map(|(stem, f)| format!("{stem}\t{}\n", ((f * 1e9).log10() * 100.0).round() as i64))
            .collect();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/text/background-en.tsv");
        std::fs::write(path, table).expect("table written");
    }

    #[test]
    fn background_knows_common_from_rare() {
        let analyzer = Analyzer::new(Language::English);
        let share = |w: &str| {
            background_post_share(Language::English, analyzer.key(w).unwrap(), TermKind::Word)
        };
        assert!(share("team") > share("pipelines"));
        assert!(share("pipelines") > share("cqrs"));
    }
}
