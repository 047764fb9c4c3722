//! `off-topic-section`: a heading over text about something else.
//!
//! A section is a candidate when its text (subsections, code, tables and
//! link destinations included) uses none of its heading's words in any
//! written form. That alone is not enough on real posts: headings are often
//! labels ("Synopsis", "Long description", "Mitigations") or creative ("Warm
//! feelings"), and their words rarely recur in the text. So a candidate is
//! judged against its own post: a section that belongs where it is shares its
//! vocabulary with the rest of the post, and one pasted from elsewhere does
//! not. Two corpus statistics make that precise, which is why this is a corpus
//! rule: how rare each of the section's words is across the corpus (words
//! every post uses show nothing), and which heading words are labels, found as
//! the words whose sections across the corpus mostly do not use them.
//! Everything else is post-local and done in the parallel phase, so a summary
//! keeps only the few candidate sections, every section's heading words, and
//! for the statistics sample the post's distinct terms.

use serde::{Deserialize, Serialize};

use crate::document::{BlockKind, Document, Heading, PlainText, Section, Span};
use crate::rule::{Corpus, CorpusChecker, CorpusRule, Finding, OptionInfo, OptionKind, RuleOptions};
use crate::text::terms::{
    Analyzer, KeyMap, KeySet, Language, TermKey, TermKind, background_post_share, for_each_word,
    idf,
};
use crate::text::topic::{
    Bag, Claim, ClaimReader, Wanted, body_terms, document_frequencies, in_statistics,
    is_title_heading, quote_labels, uses_any,
};
use crate::text::{title_key, title_key_into};
use std::rc::Rc;

crate::declare_rule! {
    /// ## What it flags
    /// A section whose text is about something else than its heading: the
    /// text, subsections included, uses none of the heading's words, and
    /// shares little of its vocabulary with the rest of the post.
    ///
    /// Heading words are compared by stem, so plurals, possessives and
    /// hyphenation do not matter; identifiers are split as readers read them
    /// (`AddressSanitizer`, `cast.ToFloat`); an acronym the section defines
    /// counts for its long form and the other way round; words in the
    /// section's link destinations count ("Two Cargo advisories" over links to
    /// the two advisories). A candidate is then judged against its post: the
    /// share of the section's words that the rest of the post also uses, each
    /// weighted by its mentions and by how much rarer than common words it is
    /// in the corpus, must be below `max-shared-vocabulary`. Questions ("What
    /// took you so long?") are judged the same way: an answer need not repeat
    /// its question, but it does belong with its post. A post that is little
    /// more than the section is not judged.
    ///
    /// Not judged:
    /// - generic headings (`generic-headings`: "Introduction", "Summary",
    ///   "Best practices", "Next steps", …), which name a part of the post, not
    ///   a topic;
    /// - parameter and code headings in reference docs (`### -Path`,
    ///   `` ### `--force` ``): a parameter's description rarely repeats its name;
    /// - sections with fewer than `min-section-words` words of prose
    ///   (paragraphs and list items: a code sample or a table shows its topic
    ///   rather than naming it, though its words still count as mentions).
    ///
    /// Nor are headings whose words are all labels: common labels
    /// ("timeline", "changes", "notes", "lessons"), words of the post's title
    /// ("What's in 1.73.0" in the post "Announcing Rust 1.73.0"), and words
    /// whose sections across the corpus mostly do not use them ("Synopsis",
    /// "Long description").
    ///
    /// ## Why it matters
    /// Readers scan headings to find what they came for. A heading over
    /// unrelated text sends them to the wrong place and makes the page's outline
    /// lie. It is usually text pasted under the wrong heading, a heading left
    /// behind when its text moved, or a template filled in carelessly.
    ///
    /// ## Example
    /// ```markdown
    /// ## Incident Post-Mortem
    ///
    /// Developer onboarding went from a two-week ordeal to a half-day process…
    /// ```
    /// The section is about onboarding. Retitle it, or move the text under the
    /// heading it belongs to.
    ///
    /// ## Off by default
    /// On real sites this rule is not yet precise enough to be on for everyone:
    /// read by hand, 1 of 22 sampled findings on a blog and two docs sites was
    /// defensible and none was a real problem (thank-you lists, point-release
    /// notes, creative headings). It finds 40–63% of sections planted under the
    /// wrong heading. Turn it on with `--extend-select off-topic-section` or
    /// `[rules] off-topic-section = "warning"`, and read its findings as hints.
    pub static OFF_TOPIC_SECTION = {
        name: "off-topic-section",
        severity: Warning,
        group: "topicality",
        enabled: false,
        summary: "a section heading whose words the section never uses, over text unlike the rest of the post",
        options: [
            OptionInfo {
                name: "generic-headings",
                kind: OptionKind::StringList,
                default: r#"["introduction", "intro", "overview", "summary", "conclusion", "conclusions", "background", "example", "examples", "faq", "frequently asked questions", "notes", "note", "remarks", "requirements", "parameters", "see also", "related links", "links", "references", "resources", "further reading", "next steps", "what's next", "prerequisites", "getting started", "best practices", "troubleshooting", "motivation", "context", "acknowledgements", "acknowledgments", "thanks", "credits", "contributors", "appendix", "changelog", "details", "discussion", "feedback", "installation", "usage", "setup", "contents", "table of contents", "tl;dr", "tldr", "questions", "q&a", "wrapping up", "closing thoughts", "final thoughts", "get involved", "how to help", "about", "updates", "status", "results", "goals", "non-goals"]"#,
                doc: "headings that are never judged, compared ignoring case and punctuation",
            },
            OptionInfo {
                name: "min-section-words",
                kind: OptionKind::Count,
                default: "40",
                doc: "do not judge sections with fewer words of prose than this, subsections included",
            },
            OptionInfo {
                name: "max-shared-vocabulary",
                kind: OptionKind::Ratio,
                default: "0.1",
                doc: "flag a candidate section when less than this weighted share of its vocabulary is used elsewhere in the post ",
            },
            OptionInfo {
                name: "language",
                kind: OptionKind::OneOf(Language::NAMES),
                default: "\"english\"",
                doc: "language of the posts, for stemming (stop words are English only)",
            },
        ],
        check: corpus(build),
    }
}

/// Words that name the part a section plays rather than its topic. A heading
/// made only of these and generic words is a label; alongside a topic word
/// ("Monitoring setup") they are not judged, so the topic word decides.
const LABEL_WORDS: &[&str] = &[
    "action",
    "actions",
    "additional",
    "accomplishments",
    "ahead",
    "alternatives",
    "answers",
    "approach",
    "appendix",
    "breakdown",
    "case",
    "cases",
    "cause",
    "causes",
    "changes",
    "come",
    "comes",
    "considerations",
    "current",
    "decisions",
    "detail",
    "details",
    "events",
    "far",
    "final",
    "forward",
    "further",
    "future",
    "general",
    "goal",
    "goals",
    "highlights",
    "idea",
    "ideas",
    "impact",
    "issue",
    "issues",
    "item",
    "items",
    "known",
    "last",
    "learn",
    "learned",
    "lesson",
    "lessons",
    "misc",
    "miscellaneous",
    "next",
    "notable",
    "note",
    "notes",
    "option",
    "options",
    "other",
    "overall",
    "overview",
    "plan",
    "plans",
    "problem",
    "problems",
    "progress",
    "question",
    "questions",
    "recap",
    "resolution",
    "result",
    "results",
    "root",
    "section",
    "setup",
    "solution",
    "solutions",
    "status",
    "step",
    "steps",
    "strategy",
    "summary",
    "taken",
    "thanks",
    "thoughts",
    "timeline",
    "work",
    "working",
];

struct OffTopicSection {
    analyzer: Analyzer,
    reader: ClaimReader,
    generic: Vec<String>,
    label_words: Vec<TermKey>,
    min_section_words: usize,
    max_shared: f64,
}

/// Builds the rule from its options.
pub fn build(options: &RuleOptions) -> Result<Box<dyn CorpusChecker>, String> {
    let analyzer = Analyzer::named(&options.string("language"))?;
    let mut generic: Vec<String> = options
        .strings("generic-headings")
        .iter()
        .map(|h| title_key(h))
        .collect();
    generic.sort();
    Ok(Box::new(OffTopicSection {
        reader: ClaimReader::new(&analyzer, false),
        label_words: LABEL_WORDS.iter().filter_map(|w| analyzer.key(w)).collect(),
        analyzer,
        generic,
        min_section_words: options.count("min-section-words"),
        max_shared: options.ratio("max-shared-vocabulary"),
    }))
}

/// What this rule keeps of a post.
#[derive(Serialize, Deserialize)]
pub struct PostSections {
    /// Every judged heading's words, each with whether its section uses a
    /// heading word: the evidence for which words are labels.
    heading_words: Vec<(TermKey, bool)>,
    /// Sections whose text uses none of their heading's words.
    candidates: Vec<Candidate>,
    /// The post's distinct terms, when it is in the statistics sample.
    terms: Option<Box<[TermKey]>>,
}

#[derive(Serialize, Deserialize)]
struct Candidate {
    heading: String,
    span: Span,
    claims: Vec<Claim>,
    /// Which claims may make the heading a topic: not a common label word,
    /// not in the post's title.
    topical: Vec<bool>,
    /// The section's distinct terms, each with how often the section uses
    /// it and whether the rest of the post does too.
    vocabulary: Vec<(TermKey, u32, bool)>,
}

/// Inverse document frequency up to which a word says nothing about what a
/// section is about: a word in more than about a third of the posts ("use",
/// "team", "release" on a release blog) is shared by any two sections.
/// Rarer words weigh by how much rarer they are, times their mentions in the
/// section, so the words the section is about dominate. Against weighing
/// every distinct word by its rarity alone, this found 8 to 15 more of every
/// 100 planted sections at the same rate of findings on untouched headings
/// (docs/topicality.md).
const COMMON_WORD_IDF: f64 = 1.0;

/// Sections a heading word must head, across the corpus, before its
/// sections' habits say whether it is a label.
const LABEL_EVIDENCE_SECTIONS: u32 = 5;

/// Share of a word's sections that do not use it, from which the word is a
/// label: "synopsis" heads sections that never say "synopsis".
const LABEL_UNUSED_SHARE: f64 = 0.5;

impl OffTopicSection {
    /// The texts that can support a heading: the section's blocks (raw HTML
    /// aside), its subsections' headings, and its link destinations
    /// ("Two Cargo advisories" may name them only through their links).
    fn section_texts<'d>(
        post: &'d Document,
        section: &'d Section,
    ) -> impl Iterator<Item = (&'d str, Option<&'d PlainText>)> + 'd {
        let blocks = post.blocks.get(section.blocks.clone()).unwrap_or_default();
        let subsections = post
            .headings
            .get(section.subsections.clone())
            .unwrap_or_default();
        blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Html { .. }))
            .map(|b| {
                (
                    b.text.text.as_str(),
                    (b.kind == BlockKind::Paragraph).then_some(&b.text),
                )
            })
            .chain(subsections.iter().map(|h| (h.text.text.as_str(), None)))
            .chain(post.destinations_within(&section.span).map(|u| (u, None)))
    }

    /// Every term of the post, counted: title, headings, blocks and link
    /// destinations. The body's terms are shared with `title-body-mismatch`
    /// ([`body_terms`]); the rest is counted here.
    fn post_terms(&self, post: &Document) -> PostTerms {
        let mut tokens = Vec::new();
        let mut rest = Bag::default();
        if let Some(title) = &post.title {
            rest.add(&self.analyzer, &title.text, &mut tokens);
        }
        for heading in post.headings.iter().filter(|h| is_title_heading(post, h)) {
            rest.add(&self.analyzer, &heading.text.text, &mut tokens);
        }
        for url in post.destinations_within(&(0..post.source.len())) {
            rest.add(&self.analyzer, url, &mut tokens);
        }
        PostTerms {
            body: body_terms(&self.analyzer, post),
            rest,
        }
    }
}

/// A post's terms: its body's, shared, and the rest.
struct PostTerms {
    body: Rc<Bag>,
    rest: Bag,
}

impl PostTerms {
    fn count(&self, key: TermKey) -> u32 {
        self.body.count(key) + self.rest.count(key)
    }

    fn words(&self) -> usize {
        self.body.words() + self.rest.words()
    }

    fn distinct_terms(&self) -> Box<[TermKey]> {
        let mut keys: Vec<TermKey> = self.body.distinct_terms().into_vec();
        keys.extend(self.rest.distinct_terms());
        keys.sort_unstable();
        keys.dedup();
        keys.into_boxed_slice()
    }
}

/// Words of a paragraph outside its inline code: a list of API names
/// ("Stabilized APIs") shows its topic rather than naming it.
fn prose_words_of(text: &PlainText) -> usize {
    let mut words = 0;
    let mut from = 0;
    let count = |piece: &str| {
        let mut n = 0;
        for_each_word(piece, |_| {
            n += 1;
            true
        });
        n
    };
    for code in text.code_ranges() {
        words += text.text.get(from..code.start).map_or(0, count);
        from = code.end;
    }
    words + text.text.get(from..).map_or(0, count)
}

/// Whether a heading names a parameter or is code: `### -Path`,
/// `` ### `--flag` ``, `` ## `cast.ToFloat` ``, `### System.String`. Reference docs put a
/// parameter's description under its name, and a description rarely repeats
/// the name it sits under.
fn is_reference_heading(heading: &Heading) -> bool {
    let text = heading.text.text.trim();
    let code: usize = heading.text.code_ranges().iter().map(|r| r.len()).sum();
    // A dotted name alone ("System.String", "cast.ToFloat") is code
    // without its backticks.
    let dotted = !text.contains(' ') && text.contains('.') && !text.ends_with('.');
    text.starts_with('-') || dotted || (code > 0 && code + 2 >= text.len())
}

impl CorpusRule for OffTopicSection {
    type Summary = PostSections;

    fn summarize(&self, post: &Document) -> PostSections {
        let mut tokens = Vec::new();
        // The title's terms and the whole post's terms are needed only for
        // a section that fails the first test, which is rare: read them then.
        let mut title_terms: Option<Vec<TermKey>> = None;
        let mut post_terms: Option<PostTerms> = None;
        let mut heading_words = Vec::new();
        let mut candidates = Vec::new();
        let mut wanted = Wanted::new(&[], &[]);
        let mut claims = Vec::new();
        let mut key = String::new();
        for section in &post.sections {
            let Some(heading) = post.headings.get(section.heading) else {
                continue;
            };
            let text = heading.text.text.trim();
            // The title's H1 is `title-body-mismatch`'s business.
            let is_title = post.title.as_ref().is_some_and(|t| t.span == heading.span);
            if is_title || is_reference_heading(heading) {
                continue;
            }
            title_key_into(text, &mut key);
            // "Example 1" is "Example".
            let unnumbered = key.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
            if self.generic.binary_search(&key).is_ok()
                || self
                    .generic
                    .binary_search_by(|g| g.as_str().cmp(unnumbered))
                    .is_ok()
            {
                continue;
            }
            self.reader
                .unlabelled_claims(&self.analyzer, text, &mut tokens, &mut claims);
            if claims.is_empty() {
                continue;
            }
            wanted.refill(&claims, &[]);
            let texts = Self::section_texts(post, section).map(|(text, _)| text);
            let used = uses_any(&self.analyzer, texts, &wanted);
            heading_words.extend(claims.iter().map(|c| (c.key, used)));
            if used {
                continue;
            }
            // Rarely reached: the full count, with compounds and acronyms.
            let mut bag = Bag::default();
            let mut prose_words = 0;
            for (text, paragraph) in Self::section_texts(post, section) {
                bag.add(&self.analyzer, text, &mut tokens);
                prose_words += paragraph.map_or(0, prose_words_of);
            }
            // Only prose makes a section long enough to judge: a table of
            // shortcodes or a code sample under "Numeric comparison" shows its
            // topic rather than naming it. Code and tables still support.
            if prose_words < self.min_section_words || claims.iter().any(|c| bag.support(c) > 0) {
                continue;
            }
            // "Developer Experience (DX)" in the heading lets the text say "DX".
            bag.add_acronyms(text, &self.analyzer, &mut tokens);
            if claims.iter().any(|c| bag.support(c) > 0) {
                continue;
            }
            let title_terms = title_terms.get_or_insert_with(|| {
                post.title
                    .as_ref()
                    .map(|t| self.reader.claims(&self.analyzer, &t.text, &mut Vec::new()))
                    .unwrap_or_default()
                    .iter()
                    .map(|c| c.key)
                    .collect()
            });
            let topical: Vec<bool> = claims
                .iter()
                .map(|c| !self.label_words.contains(&c.key) && !title_terms.contains(&c.key))
                .collect();
            // A heading of labels and title words is never judged (see
            // `check`): no need to read the rest of the post for it.
            if !topical.contains(&true) {
                continue;
            }
            let post_terms = post_terms.get_or_insert_with(|| self.post_terms(post));
            // A post that is little more than this section has nothing to
            // compare it with.
            if post_terms.words().saturating_sub(bag.words()) < self.min_section_words {
                continue;
            }
            let vocabulary = bag
                .distinct_terms()
                .iter()
                .map(|&k| (k, bag.count(k), post_terms.count(k) > bag.count(k)))
                .collect();
            candidates.push(Candidate {
                heading: text.to_string(),
                span: heading.span.clone(),
                topical,
                // The same claims, with the labels the message quotes.
                claims: self.reader.claims(&self.analyzer, text, &mut tokens),
                vocabulary,
            });
        }
        let terms = in_statistics(post.id).then(|| {
            post_terms
                .unwrap_or_else(|| self.post_terms(post))
                .distinct_terms()
        });
        PostSections {
            heading_words,
            candidates,
            terms,
        }
    }

    fn check(&self, corpus: &Corpus<'_, PostSections>, out: &mut Vec<Finding>) {
        let posts: Vec<(usize, &PostSections)> = corpus.summaries().collect();
        let candidates = || {
            posts
                .iter()
                .filter(|(id, _)| corpus.is_target(*id))
                .flat_map(|(id, p)| p.candidates.iter().map(move |c| (*id, c)))
        };
        let vocabulary: KeySet = candidates()
            .flat_map(|(_, c)| c.vocabulary.iter().map(|&(k, _, _)| k))
            .collect();
        if vocabulary.is_empty() {
            return;
        }
        let sample: Vec<(usize, &[TermKey])> = posts
            .iter()
            .filter_map(|(id, p)| Some((*id, p.terms.as_deref()?)))
            .collect();
        let (df, units) = document_frequencies(&sample, &vocabulary);
        // For each heading word of a candidate: sections it heads, and how
        // many of them do not use it.
        let mut habits: KeyMap<(u32, u32)> = candidates()
            .flat_map(|(_, c)| c.claims.iter().map(|c| (c.key, (0, 0))))
            .collect();
        for (_, post) in &posts {
            for (key, used) in &post.heading_words {
                if let Some((sections, unused)) = habits.get_mut(key) {
                    *sections += 1;
                    *unused += u32::from(!used);
                }
            }
        }
        let is_label = |key: &TermKey| {
            habits.get(key).is_some_and(|&(sections, unused)| {
                sections >= LABEL_EVIDENCE_SECTIONS
                    && f64::from(unused) >= LABEL_UNUSED_SHARE * f64::from(sections)
            })
        };
        let language = self.analyzer.language();
        for (id, section) in candidates() {
            // A heading of labels only ("Synopsis", "Timeline of events") says
            // too little about what should follow to be judged.
            let topic = section
                .claims
                .iter()
                .zip(&section.topical)
                .any(|(c, &topical)| topical && !is_label(&c.key));
            if !topic {
                continue;
            }
            let (mut shared, mut total) = (0.0, 0.0);
            for &(key, count, elsewhere) in &section.vocabulary {
                let background = background_post_share(language, key, TermKind::Word);
                let rarity = idf(df.get(&key).copied().unwrap_or(0), units, background);
                let weight = f64::from(count) * (rarity - COMMON_WORD_IDF).max(0.0);
                total += weight;
                if elsewhere {
                    shared += weight;
                }
            }
            let shared = if total > 0.0 { shared / total } else { 1.0 };
            if shared >= self.max_shared {
                continue;
            }
            let missing = quote_labels(section.claims.iter().map(|c| (c, true)));
            let pronoun = if section.claims.len() > 1 {
                "them"
            } else {
                "it"
            };
            out.push(
                Finding::new(
                    &OFF_TOPIC_SECTION,
                    id,
                    section.span.clone(),
                    format!(
                        "heading \"{}\" names {missing}; the section never mentions {pronoun}, and shares little with the rest of the post",
                        section.heading
                    ),
                )
                .with_help("retitle the section after what its text says, or move the text under the heading it belongs to"),
            );
        }
    }
}
