//! `off-topic-section`: a heading over text about something else.
//!
//! A corpus rule for one statistic: how many posts use a heading word. Real
//! posts reuse headings as labels ("Timeline of events", "Accomplishments so
//! far", "Located in Berlin"): such a heading names the part a section plays,
//! not its topic, and its words rarely recur in the text. A word found in the
//! headings of `template-heading-posts` posts or more is such a label and is not
//! judged. Everything else is post-local and done in the parallel phase, so a
//! summary keeps only the few sections that fail there, and the post's heading
//! words.

use crate::diagnostic::Finding;
use crate::document::{BlockKind, Document, Section, Span};
use crate::rule::{Checker, Corpus, CorpusRule, OptionInfo, OptionKind, RuleOptions, Summary};
use crate::text::terms::{Analyzer, KeyMap, Language, TermKey};
use crate::text::topic::{Bag, Claim, ClaimReader, Wanted, quote_labels, uses_any};
use crate::text::{title_key, title_key_into};

crate::declare_rule! {
    /// ## What it flags
    /// A section whose text, subsections included, uses none of the words of
    /// its heading. Words are compared by stem, so plurals, possessives and
    /// hyphenation do not matter, and an acronym the section defines counts for
    /// its long form and the other way round.
    ///
    /// Not judged:
    /// - generic headings (`generic-headings`: "Introduction", "Summary",
    ///   "Best practices", "Next steps", …), which name a part of the post, not
    ///   a topic;
    /// - headings with fewer than `min-heading-terms` topic words ("Caveats",
    ///   "History"): one-word headings are mostly labels;
    /// - questions ("What remains to be done?"): an answer rarely repeats the
    ///   words of its question;
    /// - sections with fewer than `min-section-words` words of prose
    ///   (paragraphs and list items: a code sample or a table shows its topic
    ///   rather than naming it, though its words still count as mentions);
    /// - headings whose only topic words are in the post's title ("What's in
    ///   1.73.0" in the post "Announcing Rust 1.73.0"), or are common labels:
    ///   words such as "timeline", "changes", "notes" or "lessons", and words used
    ///   in the headings of `template-heading-posts` posts or more.
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
    pub static OFF_TOPIC_SECTION = {
        name: "off-topic-section",
        severity: Warning,
        group: "topicality",
        phase: Corpus,
        summary: "a section heading whose words the section never uses",
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
                default: "25",
                doc: "do not judge sections with fewer words of prose than this, subsections included",
            },
            OptionInfo {
                name: "min-heading-terms",
                kind: OptionKind::Count,
                default: "2",
                doc: "do not judge headings with fewer topic words than this",
            },
            OptionInfo {
                name: "template-heading-posts",
                kind: OptionKind::Count,
                default: "3",
                doc: "a word used in headings of this many posts is a label, not judged (0: judge every word)",
            },
            OptionInfo {
                name: "language",
                kind: OptionKind::OneOf(Language::NAMES),
                default: "\"english\"",
                doc: "language of the posts, for stemming (stop words are English only)",
            },
        ],
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
    min_heading_terms: usize,
    template_heading_posts: usize,
}

/// Builds the rule from its options.
pub fn build(options: &RuleOptions) -> Result<Checker, String> {
    let analyzer = Analyzer::named(&options.string("language"))?;
    let mut generic: Vec<String> = options
        .strings("generic-headings")
        .iter()
        .map(|h| title_key(h))
        .collect();
    generic.sort();
    Ok(Checker::Corpus(Box::new(OffTopicSection {
        reader: ClaimReader::new(&analyzer, false),
        label_words: LABEL_WORDS.iter().filter_map(|w| analyzer.key(w)).collect(),
        analyzer,
        generic,
        min_section_words: options.count("min-section-words"),
        min_heading_terms: options.count("min-heading-terms"),
        template_heading_posts: options.count("template-heading-posts"),
    })))
}

/// What this rule keeps of a post.
struct PostSections {
    /// The distinct words of all its headings, for spotting template labels.
    heading_terms: Box<[TermKey]>,
    /// Sections whose text uses none of their heading's words.
    unsupported: Vec<UnsupportedSection>,
}

struct UnsupportedSection {
    heading: String,
    span: Span,
    claims: Vec<Claim>,
    /// Which claims may decide: not a label word, not in the post's title.
    topical: Vec<bool>,
}

impl OffTopicSection {
    /// Whether the section's text uses a heading word as written (by stem),
    /// stopping at the first: most sections do, early, and this spares them
    /// the full count of [`Bag`].
    fn uses_a_heading_word(
        &self,
        post: &Document,
        section: &Section,
        claims: &[Claim],
        wanted: &mut Wanted,
    ) -> bool {
        wanted.refill(claims, &[]);
        let wanted = &*wanted;
        let blocks = post.blocks.get(section.blocks.clone()).unwrap_or_default();
        let subsections = post
            .headings
            .get(section.subsections.clone())
            .unwrap_or_default();
        let texts = blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Html { .. }))
            .map(|b| b.text.text.as_str())
            .chain(subsections.iter().map(|h| h.text.text.as_str()));
        uses_any(&self.analyzer, texts, wanted)
    }
}

impl CorpusRule for OffTopicSection {
    fn summarize(&self, post: &Document) -> Summary {
        let mut tokens = Vec::new();
        // The title's terms are needed only for an unsupported section, which
        // is rare: read them then.
        let mut title_terms: Option<Vec<TermKey>> = None;
        let mut heading_terms = Vec::new();
        let mut unsupported = Vec::new();
        let mut wanted = Wanted::new(&[], &[]);
        let mut claims = Vec::new();
        let mut key = String::new();
        for section in &post.sections {
            let Some(heading) = post.headings.get(section.heading) else {
                continue;
            };
            let text = heading.text.text.trim();
            self.reader
                .unlabelled_claims(&self.analyzer, text, &mut tokens, &mut claims);
            heading_terms.extend(claims.iter().map(|c| c.key));
            // A question ("What remains to be done?") names what the reader
            // asks; the answer rarely repeats its words.
            if claims.len() < self.min_heading_terms.max(1) || text.ends_with('?') {
                continue;
            }
            title_key_into(text, &mut key);
            if self.generic.binary_search(&key).is_ok() {
                continue;
            }
            if self.uses_a_heading_word(post, section, &claims, &mut wanted) {
                continue;
            }
            // Rarely reached: the full count, with compounds and acronyms.
            let mut bag = Bag::default();
            let mut prose_words = 0;
            for block in post.blocks.get(section.blocks.clone()).unwrap_or_default() {
                match block.kind {
                    BlockKind::Html { .. } => continue,
                    BlockKind::Paragraph => {
                        let before = bag.words();
                        bag.add(&self.analyzer, &block.text.text, &mut tokens);
                        prose_words += bag.words() - before;
                    }
                    _ => bag.add(&self.analyzer, &block.text.text, &mut tokens),
                }
            }
            for sub in post
                .headings
                .get(section.subsections.clone())
                .unwrap_or_default()
            {
                bag.add(&self.analyzer, &sub.text.text, &mut tokens);
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
            let topical = claims
                .iter()
                .map(|c| !self.label_words.contains(&c.key) && !title_terms.contains(&c.key))
                .collect();
            unsupported.push(UnsupportedSection {
                heading: text.to_string(),
                span: heading.span.clone(),
                // The same claims, with the labels the message quotes.
                claims: self.reader.claims(&self.analyzer, text, &mut tokens),
                topical,
            });
        }
        heading_terms.sort_unstable();
        heading_terms.dedup();
        Box::new(PostSections {
            heading_terms: heading_terms.into_boxed_slice(),
            unsupported,
        })
    }

    fn check(&self, corpus: &Corpus<'_>, out: &mut Vec<Finding>) {
        let posts: Vec<(usize, &PostSections)> = corpus.summaries::<PostSections>().collect();
        let mut heading_posts: KeyMap<usize> = KeyMap::default();
        if self.template_heading_posts > 0 {
            let wanted: Vec<TermKey> = posts
                .iter()
                .filter(|(id, p)| corpus.is_target(*id) && !p.unsupported.is_empty())
                .flat_map(|(_, p)| {
                    p.unsupported
                        .iter()
                        .flat_map(|s| s.claims.iter().map(|c| c.key))
                })
                .collect();
            for key in wanted {
                heading_posts.insert(key, 0);
            }
            for (_, post) in &posts {
                for key in post.heading_terms.iter() {
                    if let Some(n) = heading_posts.get_mut(key) {
                        *n += 1;
                    }
                }
            }
        }
        let is_label = |key: &TermKey| {
            self.template_heading_posts > 0
                && heading_posts
                    .get(key)
                    .is_some_and(|&n| n >= self.template_heading_posts)
        };
        for &(id, post) in &posts {
            if !corpus.is_target(id) {
                continue;
            }
            for section in &post.unsupported {
                let decides = section
                    .claims
                    .iter()
                    .zip(&section.topical)
                    .any(|(c, &topical)| topical && !is_label(&c.key));
                if !decides {
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
                            "heading \"{}\" names {missing}; the section never mentions {pronoun}",
                            section.heading
                        ),
                    )
                    .with_help("retitle the section after what its text says, or move the text under the heading it belongs to"),
                );
            }
        }
    }
}
