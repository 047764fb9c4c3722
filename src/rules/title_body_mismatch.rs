//! `title-body-mismatch`: a title the body never delivers.
//!
//! A corpus rule, because a term's weight is a corpus statistic: "rust" in a
//! title means little on a Rust blog, where every post says it, and much on a
//! cooking blog. In the parallel phase each post is summarized into its title's
//! claims with the body's support for each (all post-local), plus the body's
//! distinct terms when it is in the statistics sample. The corpus phase
//! counts, for the claimed terms only, in how many posts' bodies they occur,
//! weighs each claimed term by that inverse document frequency blended with
//! the background English table ([`crate::text::terms::idf`]), finds the words
//! of series titles, and flags a post when the weighted share of its claim
//! that the body is about (`prominence`) is below `min-support`.

use serde::{Deserialize, Serialize};

use crate::document::{BlockKind, Document, Span};
use crate::rule::{Corpus, CorpusChecker, CorpusRule, Finding, OptionInfo, OptionKind, RuleOptions};
use crate::text::terms::{
    Analyzer, KeyMap, KeySet, Language, TermKey, TermKind, background_post_share, idf,
};
use crate::text::title_key;
use crate::text::topic::{
    Bag, Claim, ClaimReader, FULL_SUPPORT_MENTIONS, Wanted, body_terms, document_frequencies,
    in_statistics, quote_labels,
};

crate::declare_rule! {
    /// ## What it flags
    /// A post whose body does not support its title: the title's topic terms
    /// are missing from the body, or barely used. The title is the front-matter
    /// title, or else the first H1; the body is everything else, headings and
    /// code included.
    ///
    /// Each title term (stop words and words that name no topic, such as
    /// "guide", "ultimate", "how", "announcing" or "part 2", left out) is looked
    /// up in the body in every form a reader sees it: by stem, so plurals,
    /// possessives and hyphenation do not matter; a derived word by its base
    /// ("creation" and "create"); identifiers by their words (`cast.ToFloat`
    /// and "float"); versions without trailing `.0` ("1.73.0" and "1.73"); an
    /// acronym the post defines ("developer experience (DX)") for its long
    /// form and the other way round. Link text counts; link destinations do
    /// not.
    ///
    /// The body must be about the term, not mention it: its credit grows with
    /// its mentions against the body's length, a mention in the lead (the
    /// first two paragraphs) or a heading counts more than one along the way,
    /// and link text and the front matter's `description`, `summary`, `tags`,
    /// `keywords` and `categories` add a little. One passing mention in a
    /// 1,000-word post is not enough. Terms are weighted by how rare they are
    /// in the corpus, blended with a built-in English frequency table so that
    /// a single post can be checked too. The post is flagged when the credited
    /// share of the title's weight is below `min-support`, or below 0.8 when
    /// the body opens with an H1 that names none of the title's terms. Posts
    /// with fewer than `min-body-words` words are not judged.
    ///
    /// Titles that are metadata are not claims: a version, year, month or day
    /// that the front matter or the path carries is supported ("Node.js
    /// 10.15.1 (LTS)" at version 10.15.1, "Weekly Update - Jun 5th, 2015"
    /// dated that day), and so are the words of the folders the post is in
    /// and, in such dated posts, the words of a series that three or more
    /// dated titles share ("Announcing Rust"). A title version that
    /// contradicts the front matter's `version` is reported on its own.
    ///
    /// ## Why it matters
    /// The title is the promise a reader clicks on, and what search engines and
    /// feeds show. A body about something else wastes the reader's time and reads
    /// as bait. It is usually a copied post whose title was not changed, a post
    /// rewritten around a new subject, or a title written for search alone.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "The Ultimate Guide to NLP Pipelines"
    /// ---
    /// Version control hygiene matters more than most teams realize…
    /// ```
    /// The body never mentions NLP or pipelines. Retitle the post after what it
    /// says, or write the post the title promises.
    pub static TITLE_BODY_MISMATCH = {
        name: "title-body-mismatch",
        severity: Warning,
        group: "topicality",
        summary: "a title whose terms the body never uses, or only in passing",
        options: [
            OptionInfo {
                name: "min-support",
                kind: OptionKind::Ratio,
                default: "0.25",
                doc: "flag a post when the body supports less than this weighted share of its title's terms",
            },
            OptionInfo {
                name: "min-body-words",
                kind: OptionKind::Count,
                default: "50",
                doc: "do not judge posts whose body has fewer words than this",
            },
            OptionInfo {
                name: "language",
                kind: OptionKind::OneOf(Language::NAMES),
                default: "\"english\"",
                doc: "language of the posts, for stemming (stop words and the frequency table are English only)",
            },
        ],
        check: corpus(build),
    }
}

struct TitleBodyMismatch {
    analyzer: Analyzer,
    reader: ClaimReader,
    min_support: f64,
    min_body_words: usize,
    /// Keys of month names and day ordinals ("jun", "5th"), to read a date
    /// in a title.
    calendar: KeyMap<DatePart>,
}

/// A word of a title that is part of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DatePart {
    Month(u8),
    Day(u8),
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Builds the rule from its options.
pub fn build(options: &RuleOptions) -> Result<Box<dyn CorpusChecker>, String> {
    let analyzer = Analyzer::named(&options.string("language"))?;
    let mut calendar = KeyMap::default();
    for (i, month) in MONTHS.iter().enumerate() {
        let number = DatePart::Month(i as u8 + 1);
        let sept = if i == 8 { "sept" } else { &month[..3] };
        for word in [month, &month[..3], sept] {
            if let Some(key) = analyzer.key(word) {
                calendar.insert(key, number);
            }
        }
    }
    for day in 1..=31u8 {
        let suffix = match day {
            1 | 21 | 31 => "st",
            2 | 22 => "nd",
            3 | 23 => "rd",
            _ => "th",
        };
        if let Some(key) = analyzer.key(&format!("{day}{suffix}")) {
            calendar.insert(key, DatePart::Day(day));
        }
    }
    Ok(Box::new(TitleBodyMismatch {
        reader: ClaimReader::new(&analyzer, true),
        analyzer,
        min_support: options.ratio("min-support"),
        min_body_words: options.count("min-body-words"),
        calendar,
    }))
}

/// What this rule keeps of a post.
#[derive(Serialize, Deserialize)]
pub struct PostTerms {
    /// The title's claim with the body's support, when the post can be judged.
    title: Option<TitleClaim>,
    /// The body's distinct terms, for document frequencies, when the post is
    /// in the statistics sample.
    body_terms: Option<Box<[TermKey]>>,
}

/// Where and how often a body uses one claimed term.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Mentions {
    /// In the lead: the first paragraphs.
    lead: u32,
    /// In headings.
    headings: u32,
    /// Anywhere else in the body (code and tables included).
    rest: u32,
    /// In link text (also counted where the link sits).
    links: u32,
    /// In the front matter's description, summary, tags, keywords, categories.
    described: u32,
}

/// Whether a title term is part of the post's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Metadata {
    /// An ordinary word.
    No,
    /// A version, year, month or day the front matter or path carries, or a
    /// word of the folders the post is in.
    Carried,
    /// A version, year, month or day nothing else in the post carries.
    Uncarried,
}

#[derive(Serialize, Deserialize)]
struct TitleClaim {
    span: Span,
    /// The title, read again for the words a message quotes: few posts are
    /// flagged, and keeping every claim's words would cost an allocation
    /// per term of every post.
    text: Box<str>,
    /// Each claimed term, in the title's order.
    terms: Vec<TitleTerm>,
    /// The body's length in words (from its bytes).
    words: u32,
    /// The title carries a version or a full date that the front matter or
    /// path confirms: a release or dated post of a series.
    dated: bool,
    /// The title names a version the front matter's `version` contradicts:
    /// (the title's, the front matter's).
    version_conflict: Option<(String, String)>,
    /// The body opens with an H1 other than the title that names none of
    /// the title's terms.
    leading_h1_disagrees: bool,
}

#[derive(Serialize, Deserialize)]
struct TitleTerm {
    key: TermKey,
    kind: TermKind,
    mentions: Mentions,
    metadata: Metadata,
}

/// Front-matter keys that describe the post in words.
const DESCRIBING_KEYS: [&str; 5] = ["description", "summary", "tags", "keywords", "categories"];

impl TitleBodyMismatch {
    /// The words of the folders a post sits in (not its file name, which is
    /// often the title's own slug).
    fn folder_words(&self, post: &Document) -> KeySet {
        let mut tokens = Vec::new();
        let folders = post
            .path
            .parent()
            .map(|p| p.to_string_lossy())
            .unwrap_or_default();
        self.analyzer.tokens(&folders, &mut tokens);
        tokens.iter().filter(|t| !t.stop).map(|t| t.key).collect()
    }

    /// Versions, numbers and the date the post's front matter (title aside)
    /// and path carry.
    fn metadata(&self, post: &Document) -> (KeySet, Option<(u32, u8, u8)>) {
        let mut keys = KeySet::default();
        let mut tokens = Vec::new();
        let mut add = |text: &str| {
            self.analyzer.tokens(text, &mut tokens);
            keys.extend(
                tokens
                    .iter()
                    .filter(|t| t.kind != TermKind::Word)
                    .map(|t| t.key),
            );
        };
        if let Some(fm) = &post.front_matter {
            fm.for_each_text(&["title"], &mut add);
        }
        add(&post.path.to_string_lossy());
        let date = post.date().and_then(|d| {
            let year = d.get(..4)?.parse().ok()?;
            let month = d.get(5..7)?.parse().ok()?;
            let day = d.get(8..10)?.parse().ok()?;
            Some((year, month, day))
        });
        (keys, date)
    }
}

impl CorpusRule for TitleBodyMismatch {
    type Summary = PostTerms;

    fn summarize(&self, post: &Document) -> PostTerms {
        let mut tokens = Vec::new();
        let title_span = post.title.as_ref().map(|t| t.span.clone());
        let title_words = post.title.as_ref().map(|t| title_key(&t.text));
        // The body: headings (but not an H1 that is the title or repeats it)
        // and blocks. Raw HTML is markup, not prose: its tag and attribute
        // names are not words.
        let headings = post
            .headings
            .iter()
            .filter(|h| Some(&h.span) != title_span.as_ref())
            .filter(|h| h.level > 1 || title_words.as_deref() != Some(&title_key(&h.text.text)))
            .map(|h| h.text.text.as_str());
        let blocks = || {
            post.blocks
                .iter()
                .filter(|b| !matches!(b.kind, BlockKind::Html { .. }))
        };
        let lead_blocks: Vec<usize> = blocks()
            .enumerate()
            .filter(|(_, b)| b.kind == BlockKind::Paragraph)
            .map(|(i, _)| i)
            .take(LEAD_PARAGRAPHS)
            .collect();
        let lead = blocks()
            .enumerate()
            .filter(|(i, _)| lead_blocks.contains(i))
            .map(|(_, b)| b.text.text.as_str());
        let rest = blocks()
            .enumerate()
            .filter(|(i, _)| !lead_blocks.contains(i))
            .map(|(_, b)| b.text.text.as_str());
        let mut claims = Vec::new();
        if let Some(title) = &post.title {
            self.reader
                .unlabelled_claims(&self.analyzer, &title.text, &mut tokens, &mut claims);
        }
        let body_terms =
            in_statistics(post.id).then(|| body_terms(&self.analyzer, post).distinct_terms());
        let title = post
            .title
            .as_ref()
            .filter(|_| !claims.is_empty())
            .and_then(|title| {
                let mut acronyms = Bag::default();
                for text in headings
                    .clone()
                    .chain(blocks().map(|b| b.text.text.as_str()))
                {
                    acronyms.add_acronyms(text, &self.analyzer, &mut tokens);
                }
                // "Developer Experience (DX)" in the title lets the body say "DX".
                acronyms.add_acronyms(&title.text, &self.analyzer, &mut tokens);
                let wanted = Wanted::new(&claims, acronyms.acronyms());
                let bag = |texts: &mut dyn Iterator<Item = &str>, enough_words, mentions| {
                    let mut bag = Bag::default();
                    let mut texts = texts.peekable();
                    // Each search has a set-up cost; most posts have no
                    // description and many no links.
                    if texts.peek().is_none() {
                        return bag;
                    }
                    bag.set_acronyms(acronyms.acronyms());
                    bag.add_wanted(&self.analyzer, &mut texts, &wanted, enough_words, mentions);
                    bag
                };
                let prose_bytes: usize = blocks()
                    .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Table))
                    .map(|b| b.text.text.len())
                    .sum::<usize>()
                    + headings.clone().map(str::len).sum::<usize>();
                let words = (prose_bytes / BYTES_PER_WORD) as u32;
                let full = full_support_mentions(words);
                // Headings, the lead, link text and the description are short:
                // counted in full.
                let heads = bag(&mut headings.clone(), self.min_body_words, u32::MAX);
                let lead = bag(&mut lead.clone(), self.min_body_words, u32::MAX);
                let links = bag(&mut post.links.iter().map(|l| l.text.as_str()), 0, u32::MAX);
                let described_texts: Vec<String> = post
                    .front_matter
                    .iter()
                    .flat_map(|fm| DESCRIBING_KEYS.iter().flat_map(|k| fm.strings(k)))
                    .collect();
                let described = bag(&mut described_texts.iter().map(String::as_str), 0, u32::MAX);
                // Most titles name no version or date: the post's metadata is
                // read only for those that do.
                let dated_claim =
                    |c: &Claim| c.kind != TermKind::Word || self.calendar.contains_key(&c.key);
                let (carried, date) = if claims.iter().any(dated_claim) {
                    self.metadata(post)
                } else {
                    (KeySet::default(), None)
                };
                let folders = self.folder_words(post);
                let metadata = |c: &Claim| -> Metadata {
                    let carried = match (c.kind, self.calendar.get(&c.key)) {
                        // A docs site's folders are its namespaces:
                        // "collections.After" under functions/collections/.
                        (TermKind::Word, None) if folders.contains(&c.key) => true,
                        (TermKind::Version, _) => carried.contains(&c.key),
                        (TermKind::Number, _) => {
                            carried.contains(&c.key)
                                || date.is_some_and(|(y, _, _)| {
                                    Some(c.key) == self.analyzer.key(&y.to_string())
                                })
                        }
                        (TermKind::Word, Some(DatePart::Month(m))) => {
                            date.is_some_and(|(_, dm, _)| dm == *m)
                        }
                        (TermKind::Word, Some(DatePart::Day(d))) => {
                            date.is_some_and(|(_, _, dd)| dd == *d)
                        }
                        (TermKind::Word, None) => return Metadata::No,
                    };
                    if carried {
                        Metadata::Carried
                    } else {
                        Metadata::Uncarried
                    }
                };
                let mut terms: Vec<TitleTerm> = claims
                    .iter()
                    .map(|c| TitleTerm {
                        key: c.key,
                        kind: c.kind,
                        mentions: Mentions {
                            lead: lead.support(c),
                            headings: heads.support(c),
                            rest: 0,
                            links: links.support(c),
                            described: described.support(c),
                        },
                        metadata: metadata(c),
                    })
                    .collect();
                let leading_h1_disagrees = post
                    .headings
                    .first()
                    .filter(|h| h.level == 1 && h.first_block == 0)
                    .filter(|h| Some(&h.span) != title_span.as_ref())
                    .filter(|h| title_words.as_deref() != Some(&title_key(&h.text.text)))
                    .is_some_and(|h| {
                        let mut named = Bag::default();
                        named.add(&self.analyzer, &h.text.text, &mut tokens);
                        claims.iter().all(|c| named.support(c) == 0)
                    });
                // Counting stops once every term has the credit that makes
                // the post pass whatever the terms' weights turn out to be (a
                // weighted mean is no less than its least part). A flagged
                // post never gets there, so its counts are complete.
                let min_support = self.min_support_for(leading_h1_disagrees);
                let enough = terms
                    .iter()
                    .filter(|t| t.metadata != Metadata::Carried)
                    .map(|t| rest_mentions_for(&t.mentions, full, min_support))
                    .max()
                    .unwrap_or(0);
                let rest = bag(&mut rest.clone(), self.min_body_words, enough);
                if heads.words() + lead.words() + rest.words() < self.min_body_words {
                    return None;
                }
                for (term, claim) in terms.iter_mut().zip(&claims) {
                    term.mentions.rest = rest.support(claim);
                }
                let carried_version = claims
                    .iter()
                    .zip(&terms)
                    .any(|(c, t)| c.kind == TermKind::Version && t.metadata == Metadata::Carried);
                let carried_date = {
                    let parts = |f: fn(&DatePart) -> bool| {
                        claims.iter().zip(&terms).any(|(c, t)| {
                            t.metadata == Metadata::Carried
                                && self.calendar.get(&c.key).is_some_and(f)
                        })
                    };
                    parts(|p| matches!(p, DatePart::Month(_)))
                        && parts(|p| matches!(p, DatePart::Day(_)))
                } || date
                    .is_some_and(|(y, m, d)| title.text.contains(&format!("{y:04}-{m:02}-{d:02}")));
                Some(TitleClaim {
                    span: title.span.clone(),
                    text: title.text.as_str().into(),
                    terms,
                    words,
                    dated: carried_version || carried_date,
                    version_conflict: self.version_conflict(post, &claims),
                    leading_h1_disagrees,
                })
            });
        PostTerms { title, body_terms }
    }

    fn check(&self, corpus: &Corpus<'_, PostTerms>, out: &mut Vec<Finding>) {
        let posts: Vec<(usize, &PostTerms)> = corpus.summaries().collect();
        let wanted: KeySet = posts
            .iter()
            .filter(|(id, _)| corpus.is_target(*id))
            .filter_map(|(_, p)| p.title.as_ref())
            .flat_map(|t| t.terms.iter().map(|t| t.key))
            .collect();
        if wanted.is_empty() {
            return;
        }
        let sample: Vec<(usize, &[TermKey])> = posts
            .iter()
            .filter_map(|(id, p)| Some((*id, p.body_terms.as_deref()?)))
            .collect();
        let (df, units) = document_frequencies(&sample, &wanted);
        // Words of the titles of a series ("Announcing Rust", "Infrastructure
        // Team Meeting"): in how many dated titles each word is.
        let mut series: KeyMap<u32> = KeyMap::default();
        for (_, post) in &posts {
            if let Some(title) = post.title.as_ref().filter(|t| t.dated) {
                for term in title.terms.iter().filter(|t| t.metadata == Metadata::No) {
                    *series.entry(term.key).or_insert(0) += 1;
                }
            }
        }
        let language = self.analyzer.language();
        for &(id, post) in &posts {
            let Some(title) = post.title.as_ref().filter(|_| corpus.is_target(id)) else {
                continue;
            };
            let weight = |key: TermKey, kind: TermKind| {
                let share = background_post_share(language, key, kind);
                idf(df.get(&key).copied().unwrap_or(0), units, share)
            };
            let full = full_support_mentions(title.words);
            let credit = |t: &TitleTerm| -> f64 {
                if t.metadata == Metadata::Carried
                    || (title.dated
                        && t.metadata == Metadata::No
                        && series.get(&t.key).copied().unwrap_or(0) >= SERIES_TITLES)
                {
                    return 1.0;
                }
                prominence(&t.mentions, full)
            };
            let share = {
                let (mut kept, mut total) = (0.0, 0.0);
                for t in &title.terms {
                    let w = weight(t.key, t.kind);
                    kept += w * credit(t);
                    total += w;
                }
                if total > 0.0 { kept / total } else { 1.0 }
            };
            if let Some((said, front)) = &title.version_conflict {
                out.push(
                    Finding::new(
                        &TITLE_BODY_MISMATCH,
                        id,
                        title.span.clone(),
                        format!(
                            "title names version {said}; the front matter's version is {front}"
                        ),
                    )
                    .with_help("make the title and the front matter's `version` agree"),
                );
            }
            if share >= self.min_support_for(title.leading_h1_disagrees) {
                continue;
            }
            // The same claims, in the same order, now with their words.
            let claims = self
                .reader
                .claims(&self.analyzer, &title.text, &mut Vec::new());
            let never = |t: &TitleTerm| credit(t) == 0.0;
            let passing = |t: &TitleTerm| credit(t) < PASSING_CREDIT;
            let missing = quote_labels(claims.iter().zip(&title.terms).map(|(c, t)| (c, never(t))));
            let weak = quote_labels(
                claims
                    .iter()
                    .zip(&title.terms)
                    .map(|(c, t)| (c, !never(t) && passing(t))),
            );
            let several = title.terms.iter().filter(|t| never(t)).count() > 1;
            let message = match (missing.is_empty(), weak.is_empty()) {
                (true, _) => format!(
                    "title promises {}; the body mentions them only in passing",
                    if weak.is_empty() {
                        quote_labels(claims.iter().map(|c| (c, true)))
                    } else {
                        weak
                    }
                ),
                (false, true) if several => {
                    format!("title promises {missing}; the body never mentions them")
                }
                (false, true) => format!("title promises {missing}; the body never mentions it"),
                (false, false) => format!(
                    "title promises {missing}; the body never mentions {}, and {weak} only in passing",
                    if several { "them" } else { "it" }
                ),
            };
            out.push(
                Finding::new(&TITLE_BODY_MISMATCH, id, title.span.clone(), message).with_help(
                    "retitle the post after what the body says, or write about what the title promises",
                ),
            );
        }
    }
}

impl TitleBodyMismatch {
    /// The support a post's title needs. A leading H1 is the body's own
    /// title: when it names none of the title's terms, only a body plainly
    /// about them keeps the title.
    fn min_support_for(&self, leading_h1_disagrees: bool) -> f64 {
        if leading_h1_disagrees {
            self.min_support.max(DISAGREEING_H1_MIN_SUPPORT)
        } else {
            self.min_support
        }
    }

    /// The title's version and the front matter's `version`, when the title
    /// names versions and none is that one.
    fn version_conflict(&self, post: &Document, claims: &[Claim]) -> Option<(String, String)> {
        let front = post.front_matter.as_ref()?.string("version")?;
        let front = front.trim().trim_start_matches(['v', 'V']);
        let mut tokens = Vec::new();
        self.analyzer.tokens(front, &mut tokens);
        let [token] = tokens.as_slice() else {
            return None;
        };
        if token.kind != TermKind::Version {
            return None;
        }
        let versions: Vec<&Claim> = claims
            .iter()
            .filter(|c| c.kind == TermKind::Version)
            .collect();
        if versions.is_empty() || versions.iter().any(|c| c.key == token.key) {
            return None;
        }
        let title = post.title.as_ref()?;
        let said = self
            .reader
            .claims(&self.analyzer, &title.text, &mut tokens)
            .into_iter()
            .find(|c| c.kind == TermKind::Version)?
            .label;
        Some((said, front.to_string()))
    }
}

/// Paragraphs that make a body's lead, where a post states its subject.
const LEAD_PARAGRAPHS: usize = 2;

/// Bytes per word of English prose, to read a body's length off its bytes
/// without counting its words.
const BYTES_PER_WORD: usize = 6;

/// Dated titles a word must be in to be a series' name.
const SERIES_TITLES: u32 = 3;

/// Credit under which a term counts as mentioned only in passing.
const PASSING_CREDIT: f64 = 0.5;

/// Body words per mention that a term needs to be fully supported: a post
/// about a term names it about once every 150 words. Chosen with the lead,
/// heading and passing weights below from the planted benchmark on three
/// corpora and the swapped-title set (docs/topicality.md).
const WORDS_PER_FULL_MENTION: f64 = 150.0;

/// Mentions for full support in a body of `words` words: three, or more in
/// a long body, where a term the post is about recurs.
fn full_support_mentions(words: u32) -> f64 {
    (f64::from(words) / WORDS_PER_FULL_MENTION).max(f64::from(FULL_SUPPORT_MENTIONS))
}

/// What a mention outside the lead and headings counts for: a term the post
/// is about is named where the post states its subject, and a body that
/// only uses it along the way is less about it.
const PASSING_MENTION: f64 = 0.5;
/// Extra mentions credited for using a term in the lead at all.
const LEAD_BONUS: f64 = 2.0;
/// Extra mentions credited for using a term in a heading at all.
const HEADING_BONUS: f64 = 2.0;
/// Extra mentions credited for a term in link text, or in the front
/// matter's description, summary, tags, keywords or categories.
const DESCRIBED_BONUS: f64 = 1.0;

/// Support for a title required of a body whose leading H1 names none of
/// the title's terms (planted swaps on docs: 287 of 295 swapped posts had
/// such an H1, against 5 of 8,530 untouched ones).
const DISAGREEING_H1_MIN_SUPPORT: f64 = 0.8;

/// How much a body is about a term, from 0 to 1: its mentions, where they
/// are, against the mentions that make full support in a body of that
/// length ([`full_support_mentions`]), on a log scale, so the first
/// mentions count most.
fn prominence(m: &Mentions, full: f64) -> f64 {
    (prominence_mentions(m).ln_1p() / full.ln_1p()).min(1.0)
}

/// A term's mentions as [`prominence`] counts them: passing ones at
/// [`PASSING_MENTION`], plus the bonuses for where it is used.
fn prominence_mentions(m: &Mentions) -> f64 {
    let mut effective = f64::from(m.lead + m.headings) + PASSING_MENTION * f64::from(m.rest);
    for (used, bonus) in [
        (m.lead, LEAD_BONUS),
        (m.headings, HEADING_BONUS),
        (m.links, DESCRIBED_BONUS),
        (m.described, DESCRIBED_BONUS),
    ] {
        if used > 0 {
            effective += bonus;
        }
    }
    effective
}

/// Mentions outside the lead and headings after which a term's
/// [`prominence`] is at least `credit`, given its other mentions.
fn rest_mentions_for(m: &Mentions, full: f64, credit: f64) -> u32 {
    let without_rest = prominence(&Mentions { rest: 0, ..*m }, full);
    if without_rest >= credit {
        return 0;
    }
    // prominence = ln(1 + e) / ln(1 + full), so e = (1 + full)^credit - 1.
    let effective = (1.0 + full).powf(credit) - 1.0;
    let missing = effective - prominence_mentions(&Mentions { rest: 0, ..*m });
    // One more than the bound, so rounding never stops a count short.
    (missing / PASSING_MENTION).ceil().max(0.0) as u32 + 1
}
