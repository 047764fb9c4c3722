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
//! [`support_share`] turns counts and term weights into one number: the
//! weighted share of the claim that the text supports. One mention counts half,
//! three or more count fully, so a term named once in passing backs a title
//! less than a term the text is about. The measurements behind these choices are
//! in docs/topicality.md.

use super::terms::{Analyzer, KeyMap, TermKey, TermKind, Token, acronyms};

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
#[derive(Debug, Clone)]
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
}

/// Reads the claims of titles or headings.
#[derive(Debug, Clone)]
pub struct ClaimReader {
    /// Keep four-digit numbers (years): a title's "2024" names an edition or a
    /// survey the body will name too. Other bare numbers are counts ("part 2",
    /// "100%") and never claims.
    years: bool,
    /// Stems of [`NO_TOPIC_WORDS`], so "updated" is caught through "update".
    no_topic: Vec<TermKey>,
}

impl ClaimReader {
    /// A reader for `analyzer`'s language; `years` keeps four-digit numbers.
    pub fn new(analyzer: &Analyzer, years: bool) -> ClaimReader {
        ClaimReader {
            years,
            no_topic: NO_TOPIC_WORDS
                .iter()
                .filter_map(|w| analyzer.key(w))
                .collect(),
        }
    }

    /// The terms `text` claims, in order, each once. `tokens` is a scratch buffer.
    pub fn claims(&self, analyzer: &Analyzer, text: &str, tokens: &mut Vec<Token>) -> Vec<Claim> {
        claims(analyzer, text, self, tokens)
    }
}

fn claims(
    analyzer: &Analyzer,
    text: &str,
    style: &ClaimReader,
    tokens: &mut Vec<Token>,
) -> Vec<Claim> {
    analyzer.tokens(text, tokens);
    let no_topic = &style.no_topic;
    let mut out: Vec<Claim> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for (i, token) in tokens.iter().enumerate() {
        let surface = &text[token.range.clone()];
        let label = super::fold(surface);
        let joined = previous_end.is_some_and(|end| text.get(end..token.range.start) == Some("-"));
        previous_end = Some(token.range.end);
        let keep = match token.kind {
            TermKind::Version => true,
            TermKind::Number => style.years && label.len() == 4,
            TermKind::Word => {
                !token.stop
                    && !NO_TOPIC_WORDS.contains(&label.as_str())
                    && !NUMBER_WORDS.contains(&label.as_str())
                    && !no_topic.contains(&token.key)
            }
        };
        if !keep || out.iter().any(|c| c.key == token.key) {
            continue;
        }
        let neighbour = |j: usize| tokens.get(j).map(|t| &text[t.range.clone()]);
        let next_joined = tokens
            .get(i + 1)
            .is_some_and(|next| text.get(token.range.end..next.range.start) == Some("-"));
        let compound = if next_joined {
            neighbour(i + 1).and_then(|next| analyzer.compound_key(surface, next))
        } else if joined {
            i.checked_sub(1)
                .and_then(neighbour)
                .and_then(|prev| analyzer.compound_key(prev, surface))
        } else {
            None
        };
        out.push(Claim {
            key: token.key,
            kind: token.kind,
            compound,
            label,
            hyphen_after_previous: joined,
        });
    }
    out
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
    acronyms: Vec<(TermKey, Vec<TermKey>)>,
    words: usize,
}

impl Bag {
    /// Adds one piece of text (a paragraph, a heading, a code block).
    pub fn add(&mut self, analyzer: &Analyzer, text: &str, tokens: &mut Vec<Token>) {
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
        if tokens.iter().any(|t| t.capitals) {
            acronyms(text, tokens, &mut self.acronyms);
        }
    }

    /// Acronyms defined elsewhere (in the title) that this text may use.
    pub fn add_acronyms(&mut self, text: &str, analyzer: &Analyzer, tokens: &mut Vec<Token>) {
        analyzer.tokens(text, tokens);
        acronyms(text, tokens, &mut self.acronyms);
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
        if n > 0 {
            return n;
        }
        for (acronym, expansion) in &self.acronyms {
            let found = if *acronym == claim.key {
                // The claim is the acronym: the text must use the whole long form.
                expansion.iter().map(|&k| self.count(k)).min().unwrap_or(0)
            } else if expansion.contains(&claim.key) {
                self.count(*acronym)
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

/// Support credited for `count` mentions: one mention is half, three or more
/// are full support.
pub fn mention_credit(count: u32) -> f64 {
    (f64::from(count).ln_1p() / 4f64.ln()).min(1.0)
}

/// The weighted share of a claim the text supports, from each term's weight
/// and mention count; `None` for an empty claim.
pub fn support_share(terms: impl IntoIterator<Item = (f64, u32)>) -> Option<f64> {
    let (mut kept, mut total) = (0.0, 0.0);
    for (weight, count) in terms {
        kept += weight * mention_credit(count);
        total += weight;
    }
    (total > 0.0).then(|| kept / total)
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
    fn one_mention_is_half_support() {
        assert_eq!(mention_credit(0), 0.0);
        assert!((mention_credit(1) - 0.5).abs() < 1e-9);
        assert_eq!(mention_credit(3), 1.0);
        assert_eq!(support_share([(3.0, 0), (1.0, 3)]), Some(0.25));
        assert_eq!(support_share([]), None);
    }
}
