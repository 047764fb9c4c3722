//! Topic claims and whether text keeps them: the judgement shared by
//! `title-body-mismatch` and `off-topic-section`.
//!
//! A title or a heading *claims* a few terms: its words less stop words, less
//! words that carry no topic ("guide", "ultimate", "how", "part 2"), each a
//! [`Claim`]. A body or a section is a [`Bag`] of term counts, which also knows
//! the hyphenated compounds and the acronyms the text defines. [`Bag::support`]
//! counts how often the text uses a claimed term, in any of its written forms:
//! stem ("pipelines" and "pipeline"), compound ("post-mortem" and
//! "postmortem"), acronym ("DX" and "developer experience", where the post
//! defines one by the other).
//!
//! How much support the counts make is each rule's judgement: prominence for
//! titles, shared vocabulary for sections. This module also keeps the corpus
//! statistics sample both rules weigh terms with ([`document_frequencies`]).
//! The measurements behind these choices are in docs/topicality.md.

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use super::title_key;
use crate::document::{BlockKind, Document, Heading};

use super::terms::{
    Acronym, Analyzer, KeyMap, KeySet, Language, Prefix, TermKey, TermKind, Token, acronyms,
    ascii_words, for_each_word, has_prefix, identifier_parts, is_english_stop_word, listed_zipf,
    may_define_acronym, prefix,
};

/// Title words that name no topic: the packaging of a title, not its subject.
/// Matched on the folded word and on its stem.
const NO_TOPIC_WORDS: &[&str] = &[
    "actually",
    "announcing",
    "anything",
    "best",
    "better",
    "beginner",
    "beginners",
    "complete",
    "deep",
    "definitive",
    "dive",
    "do",
    "easy",
    "everything",
    "get",
    "got",
    "guide",
    "here",
    "here's",
    "how",
    "instead",
    "intro",
    "introducing",
    "introduction",
    "know",
    "look",
    "looking",
    "make",
    "need",
    "new",
    "now",
    "part",
    "proof",
    "quick",
    "quickly",
    "really",
    "reason",
    "reasons",
    "simple",
    "something",
    "start",
    "stop",
    "thing",
    "things",
    "tip",
    "tips",
    "today",
    "top",
    "trick",
    "tricks",
    "ultimate",
    "update",
    "updates",
    "use",
    "using",
    "way",
    "ways",
    "what",
    "when",
    "where",
    "who",
    "why",
    "without",
];

/// Number words: a count ("four new members", "six years") is no topic, and the
/// body writes it as digits as often as not.
const NUMBER_WORDS: &[&str] = &[
    "eight", "eighth", "eleven", "fifth", "first", "five", "four", "fourth", "hundred", "million",
    "nine", "ninth", "one", "second", "seven", "seventh", "six", "sixth", "ten", "tenth", "third",
    "thousand", "three", "twelve", "twenty", "two", "zero",
];

/// One term a title or heading claims.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    /// The term.
    pub key: TermKey,
    /// Word, number or version.
    pub kind: TermKind,
    /// The same word joined with its hyphenated neighbour ("post-mortem" as
    /// "postmortem"), which the text may write as one word.
    pub compound: Option<TermKey>,
    /// The word as written, folded to lower case, for messages.
    pub label: String,
    /// Joined to the previous claim by a hyphen in the title ("post-mortem").
    pub hyphen_after_previous: bool,
    /// The [`Prefix`] of the word, and of the compound (its first word's).
    pub prefixes: (Prefix, Prefix),
    /// The words of an identifier as a reader reads them (`ToFloat` as
    /// "float", `AddressSanitizer` as "address" and "sanitizer"), stop words
    /// and words that name no topic left out: the text may name any of them.
    pub parts: Vec<(TermKey, Prefix)>,
    /// The word's base when it is derived by a suffix the stemmer keeps
    /// ("creation" from "create", "deliverable" from "deliver"): the text
    /// may use either.
    pub bases: Vec<(TermKey, Prefix)>,
    /// The word as the text may abbreviate or spell it out ("config" and
    /// "configuration"), when it can be either.
    pub abbreviation: Option<Abbreviation>,
}

/// A claimed word that the text may write shortened or spelt out: a short
/// form ("interop", "config", "repos") is supported by words that begin
/// with it ("interoperability", "configuration", "repository"), and a long
/// form by the short forms it begins with.
///
/// What keeps this precise:
/// - a short form is three to seven letters and rare as an English word
///   (Zipf frequency below [`RARE_SHORT_FORM_ZIPF`], or not in the table:
///   "config", "repo", "env", "interop" are; "part", "form", "test", "app",
///   "doc" are not, so "pipelines" never supports "Pipe" and "testimony"
///   never supports "Test");
/// - a long form is a word of the English table and at least [`LONGER_BY`]
///   letters longer: "rustfmt", "rustdoc" and "urlQuery" are names made of
///   words, not "rust" or "url" spelt out.
///
/// Only English has the table, so other languages match no abbreviations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Abbreviation {
    /// The word, lower case, without a plural "s".
    form: Box<str>,
    /// It is a short form: long forms that begin with it support it.
    short: bool,
    /// It is a long form: its short forms support it.
    long: bool,
}

/// The shortest and longest short forms, in letters.
const SHORT_FORM_LETTERS: std::ops::RangeInclusive<usize> = 3..=7;
/// How many letters a long form adds at least to its short form.
const LONGER_BY: usize = 3;
/// Short forms rarer than this in general English: below "doc" (4.4) and
/// "ref" (4.1), which are words of their own, above "dev" (3.8).
const RARE_SHORT_FORM_ZIPF: f64 = 4.0;

/// `word` without a plural "s" ("repos" as "repo", not "class" as "clas").
fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if stem.len() >= *SHORT_FORM_LETTERS.start() && !stem.ends_with('s') => stem,
        _ => word,
    }
}

/// Whether lower-case `word` can be a short form: its length and rarity.
fn is_short_form(analyzer: &Analyzer, word: &str) -> bool {
    SHORT_FORM_LETTERS.contains(&word.len())
        && analyzer.language() == Language::English
        && analyzer.key(word).is_some_and(|key| {
            listed_zipf(Language::English, key).is_none_or(|zipf| zipf < RARE_SHORT_FORM_ZIPF)
        })
}

/// Whether a word of `key`, `letters` long, can be a long form.
fn is_long_form(analyzer: &Analyzer, key: TermKey, letters: usize) -> bool {
    letters >= *SHORT_FORM_LETTERS.start() + LONGER_BY
        && listed_zipf(analyzer.language(), key).is_some()
}

impl Abbreviation {
    /// The abbreviation relation of a claimed word of `key`, if it has one.
    fn of(analyzer: &Analyzer, surface: &str, key: TermKey) -> Option<Abbreviation> {
        if analyzer.language() != Language::English
            || !surface.bytes().all(|b| b.is_ascii_alphabetic())
        {
            return None;
        }
        let lower = surface.to_ascii_lowercase();
        let form = singular(&lower);
        let short = is_short_form(analyzer, form);
        let long = is_long_form(analyzer, key, form.len());
        (short || long).then(|| Abbreviation {
            form: form.into(),
            short,
            long,
        })
    }
}

/// Derivational suffixes and what replaces them to give the base word.
/// Snowball stems inflections ("pipelines", "creating") but keeps these, so
/// "Object Creation" would not meet "create objects".
const DERIVATIONS: &[(&str, &str)] = &[
    ("ation", "ate"),
    ("ation", "e"),
    ("ation", ""),
    ("ition", "e"),
    ("sion", "de"),
    ("ion", ""),
    ("ment", ""),
    ("able", ""),
    ("ible", ""),
    ("ability", ""),
    ("ness", ""),
    ("ity", ""),
    ("ive", "e"),
    ("ive", ""),
    ("er", ""),
    ("ers", ""),
];

/// The bases of a word derived by one of [`DERIVATIONS`], keyed, leaving
/// a base of at least four letters.
fn bases(analyzer: &Analyzer, word: &str, out: &mut Vec<(TermKey, Prefix)>) {
    if !word.is_ascii() || word.len() < 7 {
        return;
    }
    let lower = word.to_ascii_lowercase();
    let own = analyzer.key(&lower);
    let mut base = String::new();
    for (suffix, replacement) in DERIVATIONS {
        let Some(stem) = lower.strip_suffix(suffix).filter(|s| s.len() >= 4) else {
            continue;
        };
        base.clear();
        base.push_str(stem);
        base.push_str(replacement);
        if let Some(key) = analyzer.key(&base)
            && Some(key) != own
            && !out.iter().any(|(k, _)| *k == key)
        {
            out.push((key, stem_prefix(TermKind::Word, &base)));
        }
    }
}

/// Reads the claims of titles or headings.
#[derive(Debug, Clone)]
pub struct ClaimReader {
    /// Keep four-digit numbers (years): a title's "2024" names an edition or a
    /// survey the body will name too. Other bare numbers are counts ("part 2",
    /// "100%") and never claims.
    years: bool,
    /// Stems of [`NO_TOPIC_WORDS`] and [`NUMBER_WORDS`], sorted, so "updated"
    /// is caught through "update".
    no_topic: Vec<TermKey>,
}

impl ClaimReader {
    /// A reader for `analyzer`'s language; `years` keeps four-digit numbers.
    pub fn new(analyzer: &Analyzer, years: bool) -> ClaimReader {
        ClaimReader {
            years,
            no_topic: {
                let mut keys: Vec<TermKey> = NO_TOPIC_WORDS
                    .iter()
                    .chain(NUMBER_WORDS)
                    .filter_map(|w| analyzer.key(w))
                    .collect();
                keys.sort_unstable();
                keys
            },
        }
    }

    /// The terms `text` claims, in order, each once. `tokens` is a scratch buffer.
    pub fn claims(&self, analyzer: &Analyzer, text: &str, tokens: &mut Vec<Token>) -> Vec<Claim> {
        let mut out = Vec::new();
        claims(analyzer, text, self, tokens, true, &mut out);
        out
    }

    /// [`ClaimReader::claims`] into `out` (cleared first), with empty labels:
    /// for judging many headings, of which few end up in a message (read
    /// those again with labels).
    pub fn unlabelled_claims(
        &self,
        analyzer: &Analyzer,
        text: &str,
        tokens: &mut Vec<Token>,
        out: &mut Vec<Claim>,
    ) {
        claims(analyzer, text, self, tokens, false, out);
    }
}

/// Up to this many claims, a new claim is checked against the others one by
/// one; past it, through a set. Titles and headings have a handful of words,
/// but a pathological 40,000-word heading made the one-by-one check
/// quadratic (issue 12).
const LINEAR_DEDUP_CLAIMS: usize = 16;

fn claims(
    analyzer: &Analyzer,
    text: &str,
    style: &ClaimReader,
    tokens: &mut Vec<Token>,
    labelled: bool,
    out: &mut Vec<Claim>,
) {
    out.clear();
    analyzer.tokens(text, tokens);
    let no_topic = &style.no_topic;
    let mut seen = KeySet::default();
    let mut compound_buffer = String::new();
    let mut previous_end: Option<usize> = None;
    for (i, token) in tokens.iter().enumerate() {
        let surface = &text[token.range.clone()];
        let between = |a: usize, b: usize| text.get(a..b);
        let joined = previous_end.is_some_and(|end| between(end, token.range.start) == Some("-"));
        previous_end = Some(token.range.end);
        let keep = match token.kind {
            TermKind::Version => true,
            TermKind::Number => style.years && surface.len() == 4,
            // The stems of the listed words catch their forms ("updated").
            TermKind::Word => !token.stop && no_topic.binary_search(&token.key).is_err(),
        };
        if !keep {
            continue;
        }
        let duplicate = if out.len() < LINEAR_DEDUP_CLAIMS {
            out.iter().any(|c| c.key == token.key)
        } else {
            if seen.is_empty() {
                seen.extend(out.iter().map(|c| c.key));
            }
            !seen.insert(token.key)
        };
        if duplicate {
            continue;
        }
        let label = if labelled {
            super::fold(surface)
        } else {
            String::new()
        };
        let neighbour = |j: usize| tokens.get(j).map(|t| &text[t.range.clone()]);
        // Two hyphenated words of a title may be one word in the text,
        // "post-mortem" as "postmortem". (Words apart, "Address Sanitizer"
        // as "AddressSanitizer", would cost a compound per pair of heading
        // words: a stemmer call each on a corpus of new words, a fifth of
        // the rule's time on the generated 50,000 posts.)
        let next_gap = tokens
            .get(i + 1)
            .and_then(|next| between(token.range.end, next.range.start));
        let pair = if next_gap == Some("-") {
            Some((surface, neighbour(i + 1).unwrap_or("")))
        } else if joined {
            Some((i.checked_sub(1).and_then(neighbour).unwrap_or(""), surface))
        } else {
            None
        };
        let (compound, compound_prefix) = match pair {
            Some((first, second)) => {
                compound_buffer.clear();
                compound_buffer.push_str(first);
                compound_buffer.push_str(second);
                (
                    analyzer.key(&compound_buffer),
                    stem_prefix(token.kind, &compound_buffer),
                )
            }
            None => (None, [0; 3]),
        };
        let parts = identifier_parts(surface)
            .filter_map(|part| {
                let word = &surface[part];
                let key = analyzer.key(word)?;
                let topical = !is_english_stop_word(&word.to_ascii_lowercase())
                    && word.len() > 1
                    && no_topic.binary_search(&key).is_err();
                topical.then(|| (key, stem_prefix(TermKind::Word, word)))
            })
            .collect();
        let mut derived = Vec::new();
        let mut abbreviation = None;
        if token.kind == TermKind::Word {
            bases(analyzer, surface, &mut derived);
            abbreviation = Abbreviation::of(analyzer, surface, token.key);
        }
        out.push(Claim {
            bases: derived,
            abbreviation,
            key: token.key,
            kind: token.kind,
            compound,
            prefixes: (stem_prefix(token.kind, surface), compound_prefix),
            label,
            hyphen_after_previous: joined,
            parts,
        });
    }
}

/// The [`Prefix`] every word with the stem of `word` starts with. Snowball
/// English keeps at least three letters of words of six or more (and at
/// least two of any), so no stemming is needed to know it.
fn stem_prefix(kind: TermKind, word: &str) -> Prefix {
    match kind {
        TermKind::Word => prefix(word, if word.len() >= 6 { 3 } else { 2 }),
        // "1.73.0" and "1.73" share their first bytes.
        TermKind::Number | TermKind::Version => prefix(word, 3),
    }
}

/// The missing claims as a message lists them: `"nlp", "pipelines"`, with
/// hyphenated neighbours that are both missing written as one ("post-mortem").
pub fn quote_labels<'a>(claims: impl IntoIterator<Item = (&'a Claim, bool)>) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut previous_missing = false;
    for (claim, missing) in claims {
        if missing {
            match words.last_mut() {
                Some(last) if previous_missing && claim.hyphen_after_previous => {
                    last.push('-');
                    last.push_str(&claim.label);
                }
                _ => words.push(claim.label.clone()),
            }
        }
        previous_missing = missing;
    }
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The terms of a text, counted, with its compounds and acronyms.
#[derive(Debug, Default)]
pub struct Bag {
    counts: KeyMap<u32>,
    acronyms: Vec<Acronym>,
    words: usize,
}

/// The terms a claim can be supported by, with their prefixes: what
/// [`Bag::add_wanted`] counts and [`uses_any`] looks for.
#[derive(Debug, Clone)]
pub struct Wanted {
    terms: Vec<(TermKey, Prefix)>,
    /// The claims' own keys: once each is mentioned
    /// [`FULL_SUPPORT_MENTIONS`] times, nothing more can change.
    claims: Vec<TermKey>,
    /// Which first bytes a wanted term can start with, for a one-lookup test
    /// that rejects most words.
    first: [bool; 256],
    /// The distinct non-empty ASCII prefixes, sorted: what [`scan_lowered`]
    /// searches lower-cased text for.
    needles: Vec<Prefix>,
    /// Every wanted prefix, sorted, for the lookups of a long claim.
    prefixes: Vec<Prefix>,
    /// A substring searcher per needle, built once: a body is searched a
    /// chunk at a time, and a section a block at a time.
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// The claims that are short forms ([`Abbreviation`]), by form, sorted.
    short_forms: Vec<(Box<str>, TermKey)>,
    /// The claims that are long enough to be abbreviated, by form, sorted.
    long_forms: Vec<(Box<str>, TermKey)>,
}

/// Wanted terms up to which a word is compared with each in turn; past it
/// lookups are binary searches, so a heading of thousands of words costs
/// no more per word of text than one of a few.
const LINEAR_WANTED_TERMS: usize = 16;

impl Wanted {
    /// The claimed terms, their compounds, and both sides of each acronym
    /// that involves one of them.
    pub fn new(claims: &[Claim], acronyms: &[Acronym]) -> Wanted {
        let mut wanted = Wanted {
            terms: Vec::new(),
            claims: Vec::new(),
            first: [false; 256],
            needles: Vec::new(),
            prefixes: Vec::new(),
            finders: Vec::new(),
            short_forms: Vec::new(),
            long_forms: Vec::new(),
        };
        wanted.refill(claims, acronyms);
        wanted
    }

    /// Makes this the [`Wanted::new`] of other claims, reusing its memory:
    /// `off-topic-section` asks once per section.
    pub fn refill(&mut self, claims: &[Claim], acronyms: &[Acronym]) {
        let terms = &mut self.terms;
        terms.clear();
        for claim in claims {
            terms.push((claim.key, claim.prefixes.0));
            if let Some(compound) = claim.compound {
                terms.push((compound, claim.prefixes.1));
            }
            terms.extend(claim.parts.iter().copied());
            terms.extend(claim.bases.iter().copied());
            for acronym in acronyms {
                if acronym.key == claim.key
                    || acronym.expansion.iter().any(|(k, _)| *k == claim.key)
                {
                    terms.push((acronym.key, acronym.prefix));
                    terms.extend(acronym.expansion.iter().copied());
                }
            }
        }
        terms.sort_unstable();
        terms.dedup();
        self.first = [false; 256];
        for (_, p) in terms.iter() {
            self.first[usize::from(p[0])] = true;
            self.first[usize::from(p[0].to_ascii_uppercase())] = true;
        }
        self.claims.clear();
        self.claims.extend(claims.iter().map(|c| c.key));
        self.needles.clear();
        self.needles.extend(
            self.terms
                .iter()
                .map(|&(_, p)| p)
                .filter(|p| p[0] != 0 && p.is_ascii()),
        );
        self.needles.sort_unstable();
        self.needles.dedup();
        self.finders.clear();
        self.finders.extend(self.needles.iter().map(|needle| {
            let len = needle.iter().take_while(|&&b| b != 0).count();
            memchr::memmem::Finder::new(&needle[..len]).into_owned()
        }));
        self.prefixes.clear();
        self.prefixes.extend(self.terms.iter().map(|&(_, p)| p));
        self.prefixes.sort_unstable();
        self.prefixes.dedup();
        self.short_forms.clear();
        self.long_forms.clear();
        for claim in claims {
            if let Some(a) = &claim.abbreviation {
                if a.short {
                    self.short_forms.push((a.form.clone(), claim.key));
                }
                if a.long {
                    self.long_forms.push((a.form.clone(), claim.key));
                }
            }
        }
        for forms in [&mut self.short_forms, &mut self.long_forms] {
            forms.sort_unstable();
            forms.dedup_by(|a, b| a.0 == b.0);
        }
    }

    /// Calls `each` with the key of every claim that the lower-case word
    /// `word`, of `key`, spells out or shortens ([`Abbreviation`]), until it
    /// returns `true`; returns whether it did. Asked only of words whose key
    /// is not wanted, and each test is a binary search or two.
    fn abbreviated(
        &self,
        analyzer: &Analyzer,
        word: &str,
        key: TermKey,
        mut each: impl FnMut(TermKey) -> bool,
    ) -> bool {
        if (self.short_forms.is_empty() && self.long_forms.is_empty())
            || !word.bytes().all(|b| b.is_ascii_lowercase())
        {
            return false;
        }
        // "configuration" spells out a claimed "config".
        let longest = word
            .len()
            .saturating_sub(LONGER_BY)
            .min(*SHORT_FORM_LETTERS.end());
        let mut spells_out = None;
        for n in *SHORT_FORM_LETTERS.start()..=longest {
            let head = &word[..n];
            if let Ok(at) = self.short_forms.binary_search_by(|(f, _)| (**f).cmp(head))
                && *spells_out.get_or_insert_with(|| is_long_form(analyzer, key, word.len()))
                && each(self.short_forms[at].1)
            {
                return true;
            }
        }
        // "config" shortens a claimed "configuration".
        let form = singular(word);
        if !SHORT_FORM_LETTERS.contains(&form.len()) {
            return false;
        }
        let start = self.long_forms.partition_point(|(f, _)| **f < *form);
        let mut shortens = None;
        for (long, claim) in &self.long_forms[start..] {
            if !long.starts_with(form) {
                break;
            }
            if long.len() < form.len() + LONGER_BY {
                continue;
            }
            if !*shortens.get_or_insert_with(|| is_short_form(analyzer, form)) {
                break;
            }
            if each(*claim) {
                return true;
            }
        }
        false
    }

    /// Whether ASCII text can be searched for the needles: there are some,
    /// and every wanted term has an ASCII prefix a needle stands for.
    fn searchable(&self) -> bool {
        !self.needles.is_empty() && self.terms.iter().all(|(_, p)| p.is_ascii())
    }

    fn may_be(&self, word: &str) -> bool {
        // Non-ASCII words fold and normalise in ways a byte prefix cannot
        // see ("Über" and "über"): they always take the full path.
        let Some(&b) = word.as_bytes().first() else {
            return false;
        };
        if !b.is_ascii() {
            return true;
        }
        if !self.first[usize::from(b)] {
            return false;
        }
        if self.terms.len() <= LINEAR_WANTED_TERMS {
            return self.terms.iter().any(|(_, p)| has_prefix(word, p));
        }
        // A prefix is one to three bytes followed by zeros (see `prefix`).
        (1..=3).any(|n| self.prefixes.binary_search(&prefix(word, n)).is_ok())
    }

    fn contains(&self, key: TermKey) -> bool {
        if self.terms.len() <= LINEAR_WANTED_TERMS {
            return self.terms.iter().any(|(k, _)| *k == key);
        }
        // Sorted by key first.
        let at = self.terms.partition_point(|&(k, _)| k < key);
        self.terms.get(at).is_some_and(|&(k, _)| k == key)
    }
}

/// Calls `each` with the key of every wanted term in `texts` (the word's,
/// and a hyphen compound's), stemming only words whose prefix a wanted term
/// has, and counts words into `words` (on ASCII text only up to
/// `max_words`); stops when `each` returns `true`. Several times cheaper
/// than [`Analyzer::tokens`] on long text, which is what keeps the
/// topicality rules within their time budget on large corpora
/// (docs/topicality.md).
///
/// ASCII texts are searched lower-cased, several at a time, a line each (a
/// line break joins no words), once at least `chunk` bytes are gathered: a
/// long body is searched once per [`BODY_CHUNK`] rather than once per block,
/// and a caller that has seen enough stops after the chunk where that
/// happened. Other text is walked word by word.
fn scan_texts<'t>(
    analyzer: &Analyzer,
    texts: impl Iterator<Item = &'t str>,
    chunk: usize,
    wanted: &Wanted,
    words: &mut usize,
    max_words: usize,
    mut each: impl FnMut(TermKey, usize) -> bool,
) {
    let searchable = wanted.searchable();
    with_lowered(|lower| {
        for text in texts {
            let stopped = if searchable && push_lowered(lower, text) {
                lower.len() >= chunk && {
                    let stopped =
                        scan_lowered(analyzer, lower, wanted, words, max_words, &mut each);
                    lower.clear();
                    stopped
                }
            } else {
                scan_words(analyzer, text, wanted, words, &mut each)
            };
            if stopped {
                return;
            }
        }
        if !lower.is_empty() {
            scan_lowered(analyzer, lower, wanted, words, max_words, &mut each);
        }
    });
}

/// [`scan_texts`] for one text of any kind, word by word: every word is
/// counted. `true` if `each` stopped it.
fn scan_words(
    analyzer: &Analyzer,
    text: &str,
    wanted: &Wanted,
    words: &mut usize,
    mut each: impl FnMut(TermKey, usize) -> bool,
) -> bool {
    let mut stopped = false;
    let mut previous: Option<std::ops::Range<usize>> = None;
    let bytes = text.as_bytes();
    for_each_word(text, |range| {
        *words += 1;
        // Most words fail this one lookup and cost nothing more.
        let first = bytes.get(range.start).copied().unwrap_or(0);
        let hyphen = range.start > 0 && bytes.get(range.start - 1) == Some(&b'-');
        if !wanted.first[usize::from(first)] && first.is_ascii() && !hyphen {
            previous = Some(range);
            return true;
        }
        let word = &text[range.clone()];
        let mut stop = false;
        if wanted.may_be(word)
            && let Some(token) = analyzer.word(text, range.clone())
            && !token.stop
        {
            if wanted.contains(token.key) {
                stop |= each(token.key, *words);
            } else if word.is_ascii() {
                let lower = word.to_ascii_lowercase();
                stop |= wanted.abbreviated(analyzer, &lower, token.key, |k| each(k, *words));
            }
        }
        if let Some(prev) = previous.take()
            && hyphen
            && prev.end + 1 == range.start
            && wanted.may_be(&text[prev.clone()])
            && let Some(key) = analyzer.compound_key(&text[prev], word)
            && wanted.contains(key)
        {
            stop |= each(key, *words);
        }
        previous = Some(range);
        stopped = stop;
        !stop
    });
    stopped
}

thread_local! {
    /// A reused buffer for lower-cased text, for [`scan_lowered`].
    static LOWER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// A reused buffer for word starts in [`scan_lowered`].
    static STARTS: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Lends `f` this thread's reused buffer for lower-cased text, empty. No
/// allocation per call: a body is several kilobytes, and allocating that
/// much per post kept the allocator busy merging free memory.
fn with_lowered<R>(f: impl FnOnce(&mut String) -> R) -> R {
    let mut lower = LOWER.with(|buffer| std::mem::take(&mut *buffer.borrow_mut()));
    lower.clear();
    let result = f(&mut lower);
    LOWER.with(|buffer| *buffer.borrow_mut() = lower);
    result
}

/// Appends `text` to `lower`, lower-cased, and a line break; `false` (and
/// nothing appended) if `text` is not ASCII.
fn push_lowered(lower: &mut String, text: &str) -> bool {
    if !text.is_ascii() {
        return false;
    }
    let start = lower.len();
    lower.push_str(text);
    if let Some(added) = lower.get_mut(start..) {
        added.make_ascii_lowercase();
    }
    lower.push('\n');
    true
}

/// [`scan_texts`] on lower-case ASCII text: a SIMD substring search
/// (memchr's memmem) for the wanted prefixes finds the few words worth
/// stemming, instead of visiting every word. Words are delimited as
/// [`for_each_word`] delimits them, and counted only as far as the caller
/// needs. Keys are the same as for the text before lower-casing, since
/// folding lower-cases words anyway.
fn scan_lowered(
    analyzer: &Analyzer,
    text: &str,
    wanted: &Wanted,
    words: &mut usize,
    max_words: usize,
    mut each: impl FnMut(TermKey, usize) -> bool,
) -> bool {
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> = STARTS.with(|b| std::mem::take(&mut *b.borrow_mut()));
    starts.clear();
    word_starts_with(bytes, &wanted.finders, &mut starts);
    // Words are counted only as far as the caller needs (`min-body-words`).
    let needed = max_words.saturating_sub(*words);
    let mut seen = 0;
    if needed > 0 {
        ascii_words(text, |_| {
            seen += 1;
            seen < needed
        });
    }
    *words += seen;
    let mut stopped = false;
    for &start in &starts {
        let end = word_end(bytes, start);
        stopped = match analyzer.word(text, start..end) {
            Some(token) if !token.stop && wanted.contains(token.key) => each(token.key, *words),
            Some(token) if !token.stop => {
                wanted.abbreviated(analyzer, &text[start..end], token.key, |k| each(k, *words))
            }
            _ => false,
        };
        // "post-mortem" as "postmortem".
        if !stopped
            && bytes.get(end) == Some(&b'-')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
            && let Some(key) =
                analyzer.compound_key(&text[start..end], &text[end + 1..word_end(bytes, end + 1)])
            && wanted.contains(key)
        {
            stopped = each(key, *words);
        }
        if stopped {
            break;
        }
    }
    STARTS.with(|b| *b.borrow_mut() = starts);
    stopped
}

/// Pushes to `out`, in order, where a word of lower-case ASCII `bytes`
/// starts with one of `needles`, found by a SIMD substring search (memchr's
/// memmem) per needle, which looks for two of a needle's bytes at once.
/// (Searching for one letter of each needle, even its rarest, finds too
/// many places to check: it measured slower even on single paragraphs.)
fn word_starts_with(bytes: &[u8], finders: &[memchr::memmem::Finder<'_>], out: &mut Vec<usize>) {
    for finder in finders {
        out.extend(
            finder
                .find_iter(bytes)
                .filter(|&i| word_starts_at(bytes, i)),
        );
    }
    out.sort_unstable();
    out.dedup();
}

/// Whether a word of ASCII `bytes` starts at `i`, as [`for_each_word`] splits.
fn word_starts_at(bytes: &[u8], i: usize) -> bool {
    let Some(&b) = bytes.get(i) else { return false };
    if !b.is_ascii_alphanumeric() {
        return false;
    }
    match i.checked_sub(1).map(|j| bytes[j]) {
        None => true,
        Some(prev) if prev.is_ascii_alphanumeric() => false,
        Some(joiner) => !(i >= 2 && joins(bytes[i - 2], joiner, b)),
    }
}

/// Where the ASCII word starting at `start` ends.
fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    loop {
        if i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(&joiner), Some(&next)) if joins(bytes[i - 1], joiner, next) => i += 2,
            _ => return i,
        }
    }
}

/// Whether UAX #29 keeps `prev joiner next` in one word (see `ascii_words`).
fn joins(prev: u8, joiner: u8, next: u8) -> bool {
    let letters = prev.is_ascii_alphabetic() && next.is_ascii_alphabetic();
    let digits = prev.is_ascii_digit() && next.is_ascii_digit();
    match joiner {
        b'\'' => letters || digits,
        b':' => letters,
        b'.' | b',' | b';' => digits,
        _ => false,
    }
}

/// Whether `texts` use a wanted term, stopping at the first. Each text is
/// searched on its own: the texts of a section are short, and the first
/// often settles it.
pub fn uses_any<'t>(
    analyzer: &Analyzer,
    texts: impl Iterator<Item = &'t str>,
    wanted: &Wanted,
) -> bool {
    let mut found = false;
    scan_texts(analyzer, texts, 0, wanted, &mut 0, 0, |_, _| {
        found = true;
        true
    });
    found
}

/// How much of a body [`Bag::add_wanted`] searches at a time, in bytes
/// (whole blocks, so a chunk can be longer): about a paragraph, where a
/// title's terms usually show up first. On the generated 50,000-post corpus
/// 256 to 512 bytes read least; at 128 setting up the search costs more
/// than it saves, and 2 to 4 KiB read most of every body.
const BODY_CHUNK: usize = 512;

impl Bag {
    /// Adds one piece of text (a paragraph, a heading, a code block).
    pub fn add(&mut self, analyzer: &Analyzer, text: &str, tokens: &mut Vec<Token>) {
        if text.is_ascii() {
            // The same counts and acronyms, without a token list for text
            // that defines none.
            self.add_terms(analyzer, text, tokens);
            self.add_acronyms(text, analyzer, tokens);
        } else {
            self.add_tokens(analyzer, text, tokens);
        }
    }

    /// [`Bag::add`] through the full token list.
    fn add_tokens(&mut self, analyzer: &Analyzer, text: &str, tokens: &mut Vec<Token>) {
        analyzer.tokens(text, tokens);
        self.words += tokens.len();
        let mut previous: Option<&Token> = None;
        for token in tokens.iter() {
            if !token.stop {
                *self.counts.entry(token.key).or_insert(0) += 1;
            }
            // "post-mortem" also counts as "postmortem", which a title may use.
            if let Some(prev) = previous
                && text.get(prev.range.end..token.range.start) == Some("-")
                && let Some(key) =
                    analyzer.compound_key(&text[prev.range.clone()], &text[token.range.clone()])
            {
                *self.counts.entry(key).or_insert(0) += 1;
            }
            previous = Some(token);
        }
        if tokens.iter().any(|t| t.capitals) && may_define_acronym(text) {
            acronyms(text, tokens, &mut self.acronyms);
        }
    }

    /// Adds one piece of text as [`Bag::add`] does, without looking for the
    /// acronyms it defines: what counting every term of a post for the
    /// corpus statistics needs. ASCII text takes
    /// [`Analyzer::for_each_lowered_term`], several times cheaper.
    pub fn add_terms(&mut self, analyzer: &Analyzer, text: &str, tokens: &mut Vec<Token>) {
        if !text.is_ascii() {
            let acronyms = self.acronyms.len();
            self.add_tokens(analyzer, text, tokens);
            self.acronyms.truncate(acronyms);
            return;
        }
        with_lowered(|lower| {
            lower.push_str(text);
            lower.make_ascii_lowercase();
            let (counts, words) = (&mut self.counts, &mut self.words);
            let mut previous: Option<std::ops::Range<usize>> = None;
            let mut hyphenated = Vec::new();
            analyzer.for_each_lowered_term(lower, |range, key, stop| {
                *words += 1;
                if !stop {
                    *counts.entry(key).or_insert(0) += 1;
                }
                if let Some(prev) = previous.take()
                    && prev.end + 1 == range.start
                    && lower.as_bytes().get(prev.end) == Some(&b'-')
                {
                    hyphenated.push((prev, range.clone()));
                }
                previous = Some(range);
            });
            // "post-mortem" also counts as "postmortem", as in `add`; keyed
            // after the walk, which holds this thread's stem cache.
            for (first, second) in hyphenated {
                if let Some(key) = analyzer.compound_key(&lower[first], &lower[second]) {
                    *counts.entry(key).or_insert(0) += 1;
                }
            }
        });
    }

    /// Adds pieces of text (a body's blocks), counting only `wanted` terms
    /// (and words), and only as far as `enough_words` words and
    /// `enough_mentions` mentions of every claim `wanted` was made from:
    /// [`Bag::support`] is exact for those claims up to that many mentions. A
    /// caller whose judgement cannot change past some number of mentions saves
    /// reading the rest of a body.
    pub fn add_wanted<'t>(
        &mut self,
        analyzer: &Analyzer,
        texts: impl Iterator<Item = &'t str>,
        wanted: &Wanted,
        enough_words: usize,
        enough_mentions: u32,
    ) {
        let counts = &mut self.counts;
        scan_texts(
            analyzer,
            texts,
            BODY_CHUNK,
            wanted,
            &mut self.words,
            enough_words,
            |key, words| {
                *counts.entry(key).or_insert(0) += 1;
                words >= enough_words && Self::saturated(counts, wanted, enough_mentions)
            },
        );
    }

    /// Takes the acronyms another bag of the same post found, so that this
    /// one's [`Bag::support`] reads them too.
    pub fn set_acronyms(&mut self, acronyms: &[Acronym]) {
        self.acronyms.clear();
        self.acronyms.extend_from_slice(acronyms);
    }

    fn saturated(counts: &KeyMap<u32>, wanted: &Wanted, mentions: u32) -> bool {
        wanted
            .claims
            .iter()
            .all(|k| counts.get(k).is_some_and(|&n| n >= mentions))
    }

    /// Records the acronyms `text` defines (in the title, or in a body
    /// before [`Bag::add_wanted`]), without counting its terms.
    pub fn add_acronyms(&mut self, text: &str, analyzer: &Analyzer, tokens: &mut Vec<Token>) {
        if may_define_acronym(text) {
            analyzer.tokens(text, tokens);
            acronyms(text, tokens, &mut self.acronyms);
        }
    }

    /// The acronyms found so far.
    pub fn acronyms(&self) -> &[Acronym] {
        &self.acronyms
    }

    /// How many words the text has, stop words included.
    pub fn words(&self) -> usize {
        self.words
    }

    /// How often the text uses `key` as written.
    pub fn count(&self, key: TermKey) -> u32 {
        self.counts.get(&key).copied().unwrap_or(0)
    }

    /// Every distinct term, sorted: what corpus statistics count.
    pub fn distinct_terms(&self) -> Box<[TermKey]> {
        let mut keys: Vec<TermKey> = self.counts.keys().copied().collect();
        keys.sort_unstable();
        keys.into_boxed_slice()
    }

    /// How often the text uses a claimed term in any written form: the stem,
    /// the hyphen compound, or an acronym the post defines (both ways).
    pub fn support(&self, claim: &Claim) -> u32 {
        let mut n = self.count(claim.key);
        if n == 0
            && let Some(compound) = claim.compound
        {
            n = self.count(compound);
        }
        if n == 0 {
            // Every part: "SecureString" is not supported by "string" alone.
            n = claim
                .parts
                .iter()
                .map(|&(k, _)| self.count(k))
                .min()
                .unwrap_or(0);
        }
        if n == 0 {
            n = claim
                .bases
                .iter()
                .map(|&(k, _)| self.count(k))
                .max()
                .unwrap_or(0);
        }
        if n > 0 {
            return n;
        }
        for acronym in &self.acronyms {
            let found = if acronym.key == claim.key {
                // The claim is the acronym: the text must use the whole long form.
                acronym
                    .expansion
                    .iter()
                    .map(|&(k, _)| self.count(k))
                    .min()
                    .unwrap_or(0)
            } else if acronym.expansion.iter().any(|(k, _)| *k == claim.key) {
                self.count(acronym.key)
            } else {
                0
            };
            if found > 0 {
                return found;
            }
        }
        0
    }
}

/// Whether `heading` is the post's title, or an H1 that repeats it: not
/// part of the body a title is judged against.
pub fn is_title_heading(post: &Document, heading: &Heading) -> bool {
    let Some(title) = &post.title else {
        return false;
    };
    title.span == heading.span
        || (heading.level == 1 && title_key(&title.text) == title_key(&heading.text.text))
}

/// The texts of a post's body as both rules read it: headings other than
/// the title ([`is_title_heading`]), then the blocks. Raw HTML is markup, not
/// prose: its tag and attribute names are not words.
pub fn body_texts(post: &Document) -> impl Iterator<Item = &str> + Clone {
    post.headings
        .iter()
        .filter(|h| !is_title_heading(post, h))
        .map(|h| h.text.text.as_str())
        .chain(
            post.blocks
                .iter()
                .filter(|b| !matches!(b.kind, BlockKind::Html { .. }))
                .map(|b| b.text.text.as_str()),
        )
}

/// The last post whose [`body_terms`] this thread counted.
struct CountedBody {
    /// Holding the source keeps its address from being reused by another
    /// post while it is compared by address.
    source: Arc<str>,
    id: usize,
    language: Language,
    terms: Rc<Bag>,
}

thread_local! {
    static COUNTED_BODY: RefCell<Option<CountedBody>> = const { RefCell::new(None) };
}

/// Every term of the post's body ([`body_texts`]), counted. Both rules need
/// this for the posts of the statistics sample, and the engine summarizes a
/// post for every rule in turn on one thread, so the count is kept for the
/// last post: the second rule to ask gets it without reading the post again
/// (counting every term of the sample was the largest part of what the two
/// rules cost).
pub fn body_terms(analyzer: &Analyzer, post: &Document) -> Rc<Bag> {
    let same = |c: &CountedBody| {
        Arc::ptr_eq(&c.source, &post.source) && c.id == post.id && c.language == analyzer.language()
    };
    if let Some(terms) = COUNTED_BODY.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|c| same(c))
            .map(|c| c.terms.clone())
    }) {
        return terms;
    }
    let mut bag = Bag::default();
    let mut tokens = Vec::new();
    for text in body_texts(post) {
        bag.add_terms(analyzer, text, &mut tokens);
    }
    let terms = Rc::new(bag);
    COUNTED_BODY.with(|c| {
        *c.borrow_mut() = Some(CountedBody {
            source: post.source.clone(),
            id: post.id,
            language: analyzer.language(),
            terms: terms.clone(),
        });
    });
    terms
}

/// Mentions that make full support.
pub const FULL_SUPPORT_MENTIONS: u32 = 3;

/// Posts whose every term is counted for document frequencies: all of a
/// corpus this small, and the first this many of a larger one.
const FULL_STATISTICS_POSTS: usize = 1024;

/// Beyond [`FULL_STATISTICS_POSTS`], one post in this many is counted, and
/// counts this many times. Document frequencies of 50,000 posts estimated
/// from ~1,400 move a term's weight by a few percent at most, and counting
/// every term of every post took longer than the rest of a check together
/// (docs/topicality.md).
const SAMPLE_STRIDE: usize = 128;

/// Whether post `id` is in the sample whose terms make the corpus statistics.
pub fn in_statistics(id: usize) -> bool {
    id < FULL_STATISTICS_POSTS || id.is_multiple_of(SAMPLE_STRIDE)
}

/// How many posts a post of the statistics sample stands for.
fn sample_weight(id: usize) -> u32 {
    if id < FULL_STATISTICS_POSTS {
        1
    } else {
        SAMPLE_STRIDE as u32
    }
}

/// In how many posts each wanted term occurs, from the distinct terms of
/// the statistics sample (post id, terms), and how many posts the sample
/// stands for. Counted in parallel, then merged; sums do not depend on the
/// split, so the result is the same whatever the thread count.
pub fn document_frequencies(
    sample: &[(usize, &[TermKey])],
    wanted: &KeySet,
) -> (KeyMap<u32>, usize) {
    use rayon::prelude::*;
    let df = sample
        .par_iter()
        .fold(KeyMap::default, |mut df: KeyMap<u32>, (id, terms)| {
            for key in terms.iter().filter(|k| wanted.contains(k)) {
                *df.entry(*key).or_insert(0) += sample_weight(*id);
            }
            df
        })
        .reduce(KeyMap::default, |mut a, b| {
            for (key, n) in b {
                *a.entry(key).or_insert(0) += n;
            }
            a
        });
    let units: u64 = sample
        .iter()
        .map(|(id, _)| u64::from(sample_weight(*id)))
        .sum();
    (df, units as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::terms::Language;

    fn labels(title: &str) -> Vec<String> {
        let analyzer = Analyzer::new(Language::English);
        ClaimReader::new(&analyzer, true)
            .claims(&analyzer, title, &mut Vec::new())
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn packaging_words_counts_and_stop_words_claim_nothing() {
        assert_eq!(
            labels("The Ultimate Guide to NLP Pipelines"),
            ["nlp", "pipelines"]
        );
        assert_eq!(
            labels("Why You Need Tips: Part 2 of 10"),
            Vec::<String>::new()
        );
        assert_eq!(labels("Announcing Rust 1.73.0"), ["rust", "1.73.0"]);
        assert_eq!(labels("Rust Turns Six in 2021"), ["rust", "turns", "2021"]);
    }

    /// Issue 12: a 40,000-word heading took 1.9 s when each claim was
    /// compared with every earlier one. The timing is checked by
    /// `bench/topicality.sh`; this holds what the fix must keep: every
    /// distinct term once, in order, and repeats dropped.
    #[test]
    fn a_huge_heading_claims_each_term_once_in_order() {
        let analyzer = Analyzer::new(Language::English);
        let words: Vec<String> = (0..20_000).map(|i| format!("w{i}x")).collect();
        let heading = format!("{} {}", words.join(" "), words.join(" "));
        let reader = ClaimReader::new(&analyzer, true);
        let claims = reader.claims(&analyzer, &heading, &mut Vec::new());
        let labels: Vec<&str> = claims.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, words);
        let wanted = Wanted::new(&claims, &[]);
        assert!(uses_any(
            &analyzer,
            ["only w19999x here"].into_iter(),
            &wanted
        ));
        assert!(!uses_any(&analyzer, ["nothing here"].into_iter(), &wanted));
    }

    #[test]
    fn identifier_parts_support_a_claim() {
        let analyzer = Analyzer::new(Language::English);
        let reader = ClaimReader::new(&analyzer, true);
        let claims = reader.claims(&analyzer, "cast.ToFloat AddressSanitizer", &mut Vec::new());
        let mut bag = Bag::default();
        bag.add(
            &analyzer,
            "It returns a float. The address sanitizer runs.",
            &mut Vec::new(),
        );
        assert!(
            claims
                .iter()
                .filter(|c| c.label != "cast")
                .all(|c| bag.support(c) > 0)
        );
        // Every part is needed: "string" alone does not support "SecureString".
        let secure = reader.claims(&analyzer, "SecureString", &mut Vec::new());
        // A derived word meets its base.
        let creation = reader.claims(&analyzer, "Object Creation", &mut Vec::new());
        let mut create = Bag::default();
        create.add(&analyzer, "You can create objects.", &mut Vec::new());
        assert!(creation.iter().all(|c| create.support(c) > 0));
        let mut strings = Bag::default();
        strings.add(&analyzer, "Pass a string.", &mut Vec::new());
        assert_eq!(strings.support(&secure[0]), 0);
    }

    /// Which claims of `heading` the texts support through their words,
    /// by label, as both rules search for them.
    fn supported(heading: &str, text: &str) -> Vec<String> {
        let analyzer = Analyzer::new(Language::English);
        let claims = ClaimReader::new(&analyzer, false).claims(&analyzer, heading, &mut Vec::new());
        claims
            .iter()
            .filter(|claim| {
                let wanted = Wanted::new(std::slice::from_ref(*claim), &[]);
                let mut bag = Bag::default();
                bag.add_wanted(&analyzer, [text].into_iter(), &wanted, 0, u32::MAX);
                let found = bag.support(claim) > 0;
                // `uses_any` reads the text the same way, one block at a time.
                assert_eq!(found, uses_any(&analyzer, [text].into_iter(), &wanted));
                found
            })
            .map(|c| c.label.clone())
            .collect()
    }

    #[test]
    fn rare_short_forms_meet_their_long_forms_both_ways() {
        assert_eq!(
            supported(
                "Interop and Config Repos",
                "Interoperability of configurations in repositories."
            ),
            ["interop", "config", "repos"]
        );
        assert_eq!(
            supported(
                "Environment Specification",
                "Set the env var as the spec says."
            ),
            ["environment", "specification"]
        );
        // Non-ASCII text takes the word-by-word path, with the same answer.
        assert_eq!(
            supported("Interop", "Interoperability, enfin: déjà vu."),
            ["interop"]
        );
    }

    #[test]
    fn common_words_and_near_lengths_are_not_abbreviations() {
        // "pipe", "test" and "part" are words of their own, not short forms.
        assert!(supported("Pipe Test Part", "Pipelines, testimony, particles.").is_empty());
        // Spelling out adds at least three letters ("rustup" is not "Rust"),
        // and a name made of words spells out none of them.
        assert!(supported("Rust", "Install rustup first.").is_empty());
        assert!(supported("Rustfmt Rustaceans", "Rust code, formatted.").is_empty());
        // "Documentation" is not shortened by a common word it begins with.
        assert!(supported("Documentation", "See the doc.").is_empty());
    }

    #[test]
    fn hyphenated_missing_words_are_quoted_as_written() {
        let analyzer = Analyzer::new(Language::English);
        let claims = ClaimReader::new(&analyzer, false).claims(
            &analyzer,
            "Incident Post-Mortem",
            &mut Vec::new(),
        );
        let quoted = quote_labels(claims.iter().map(|c| (c, true)));
        assert_eq!(quoted, "\"incident\", \"post-mortem\"");
    }

    #[test]
    fn support_counts_stems_compounds_and_defined_acronyms() {
        let analyzer = Analyzer::new(Language::English);
        let mut tokens = Vec::new();
        let mut bag = Bag::default();
        bag.add(
            &analyzer,
            "Our postmortem covered the developer experience (DX) of pipelines.",
            &mut tokens,
        );
        let reader = ClaimReader::new(&analyzer, true);
        let claim = |t: &str| reader.claims(&analyzer, t, &mut Vec::new());
        let post_mortem = claim("post-mortem");
        assert!(post_mortem.iter().all(|c| bag.support(c) > 0));
        assert!(bag.support(&claim("pipeline")[0]) > 0);
        assert!(bag.support(&claim("DX")[0]) > 0);
        let mut only_acronym = Bag::default();
        only_acronym.add(
            &analyzer,
            "Better DX (developer experience) matters. DX wins.",
            &mut tokens,
        );
        assert_eq!(only_acronym.support(&claim("developer")[0]), 1);
        assert_eq!(only_acronym.support(&claim("dx")[0]), 2);
        let mut undefined = Bag::default();
        undefined.add(&analyzer, "DX wins.", &mut tokens);
        assert_eq!(undefined.support(&claim("developer experience")[0]), 0);
    }

    #[test]
    fn counting_only_wanted_terms_gives_the_same_support() {
        let analyzer = Analyzer::new(Language::English);
        let reader = ClaimReader::new(&analyzer, true);
        let mut tokens = Vec::new();
        let title = "Post-Mortem Pipelines: Developer Experience, CQRS and \u{dc}ber-Caching in Rust 1.73.0";
        let body = [
            "Our postmortem covered pipelines and the pipeline's owners.",
            "Command Query Responsibility Segregation (CQRS) split reads from writes.",
            "Good DX (developer experience) matters; DX is measured. \u{fc}ber-caching helps.",
            "Rust 1.73 shipped. Pipelines, pipelines, pipelines.",
            "don't pipe.lines; x.pipelines and PIPELINES, post-mortem and Post-Mortems.",
        ];
        let claims = reader.claims(&analyzer, title, &mut tokens);
        let mut full = Bag::default();
        let mut filtered = Bag::default();
        for text in body {
            full.add(&analyzer, text, &mut tokens);
            filtered.add_acronyms(text, &analyzer, &mut tokens);
        }
        let wanted = Wanted::new(&claims, filtered.acronyms());
        filtered.add_wanted(
            &analyzer,
            body.iter().copied(),
            &wanted,
            usize::MAX,
            FULL_SUPPORT_MENTIONS,
        );
        assert_eq!(full.words(), filtered.words());
        for claim in &claims {
            assert_eq!(
                full.support(claim),
                filtered.support(claim),
                "{}",
                claim.label
            );
        }
        assert!(claims.iter().all(|c| filtered.support(c) > 0));
        // Asked for one mention of each, counting may stop early but never
        // below one where the text has one.
        let mut enough = Bag::default();
        enough.add_wanted(&analyzer, body.iter().copied(), &wanted, 5, 1);
        assert!(enough.words() >= 5);
        for claim in &claims {
            assert_eq!(enough.support(claim).min(1), full.support(claim).min(1));
        }
        assert!(uses_any(&analyzer, body[3..].iter().copied(), &wanted));
        assert!(!uses_any(
            &analyzer,
            ["nothing relevant", "here"].into_iter(),
            &wanted
        ));
    }

    /// The search behind [`Bag::add_wanted`] and [`uses_any`] skips most
    /// words; on any text, ASCII or not, in one block or many, it must find
    /// what counting every word finds.
    #[test]
    fn searching_counts_what_full_counting_counts() {
        let analyzer = Analyzer::new(Language::English);
        let reader = ClaimReader::new(&analyzer, true);
        // Mostly ASCII, which takes the substring search; a block with one
        // of the last few words is walked word by word instead.
        let vocabulary = [
            "pipeline",
            "Pipelines",
            "pipeline's",
            "post-mortem",
            "postmortem",
            "Post-Mortems",
            "1.73.0",
            "1.73",
            "2024",
            "don't",
            "x86_64",
            "node.js",
            "DX",
            "(DX)",
            "developer",
            "experience",
            "Developer",
            "Rust",
            "rust's",
            "the",
            "and",
            "-",
            "e.g.",
            "CQRS",
            "(CQRS)",
            "command",
            "query",
            "responsibility",
            "segregation",
            "data-pipeline",
            "pipe-lines",
            "'quoted'",
            "a",
            "deploy",
            "deployment",
            "deployments",
            "re-deploy",
            "ab-cd-ef",
            "ab",
            "post",
            "mortem",
            "Post",
            "pipe",
            "lines",
            "data",
            "\u{fc}ber-caching",
            "\u{dc}ber",
            "cach\u{e9}",
            "\u{2014}",
            "\u{2019}s",
        ];
        let ascii = vocabulary.len() - 5;
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let phrase = |words: usize, next: &mut dyn FnMut(usize) -> usize| {
            let choice = if next(5) == 0 {
                vocabulary.len()
            } else {
                ascii
            };
            (0..words)
                .map(|_| vocabulary[next(choice)])
                .collect::<Vec<_>>()
                .join(if next(4) == 0 { "-" } else { " " })
        };
        let mut tokens = Vec::new();
        for _ in 0..400 {
            let title = phrase(2 + next(4), &mut next);
            let blocks: Vec<String> = (0..1 + next(6))
                .map(|_| {
                    let words = next(40);
                    phrase(words, &mut next)
                })
                .collect();
            let claims = reader.claims(&analyzer, &title, &mut tokens);
            let mut full = Bag::default();
            let mut searched = Bag::default();
            let mut listed = Bag::default();
            for block in &blocks {
                full.add(&analyzer, block, &mut tokens);
                searched.add_acronyms(block, &analyzer, &mut tokens);
                listed.add_tokens(&analyzer, block, &mut tokens);
            }
            // The walk over lower-cased ASCII counts what the token list does.
            assert_eq!(full.counts, listed.counts, "{blocks:?}");
            assert_eq!(full.words, listed.words, "{blocks:?}");
            assert_eq!(full.acronyms, listed.acronyms, "{blocks:?}");
            let wanted = Wanted::new(&claims, searched.acronyms());
            let texts = blocks.iter().map(String::as_str);
            searched.add_wanted(&analyzer, texts, &wanted, usize::MAX, FULL_SUPPORT_MENTIONS);
            assert_eq!(full.words(), searched.words(), "{blocks:?}");
            let uses = claims
                .iter()
                .any(|c| full.count(c.key) > 0 || c.compound.is_some_and(|k| full.count(k) > 0));
            let texts = blocks.iter().map(String::as_str);
            let plain = Wanted::new(&claims, &[]);
            assert_eq!(
                uses_any(&analyzer, texts, &plain),
                uses,
                "{title:?} in {blocks:?}"
            );
            for claim in &claims {
                assert_eq!(
                    full.support(claim).min(FULL_SUPPORT_MENTIONS),
                    searched.support(claim).min(FULL_SUPPORT_MENTIONS),
                    "{title:?} claim {:?} in {blocks:?}",
                    claim.label
                );
            }
        }
    }
}
