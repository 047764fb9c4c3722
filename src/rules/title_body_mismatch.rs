//! `title-body-mismatch`: a title the body never delivers.
//!
//! A corpus rule, because a term's weight is a corpus statistic: "rust" in a
//! title means little on a Rust blog, where every post says it, and much on a
//! cooking blog. In the parallel phase each post is summarized into its title's
//! claims with the body's support for each (all post-local), plus the body's
//! distinct terms. The corpus phase counts, for the claimed terms only, in how
//! many posts' bodies they occur, weighs each claimed term by that inverse
//! document frequency blended with the background English table
//! ([`crate::text::terms::idf`]), and flags a post when the weighted share of its
//! claim that the body supports is below `min-support`.

use rayon::prelude::*;

use crate::diagnostic::Finding;
use crate::document::{BlockKind, Document, Span};
use crate::rule::{Checker, Corpus, CorpusRule, OptionInfo, OptionKind, RuleOptions, Summary};
use crate::text::terms::{
    Analyzer, KeyMap, KeySet, Language, TermKey, TermKind, background_post_share, idf,
};
use crate::text::topic::{
    Bag, ClaimReader, FULL_SUPPORT_MENTIONS, Wanted, mention_credit, quote_labels, support_share,
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
    /// up in the body by its stem, so plurals, possessives and hyphenation do
    /// not matter; versions match without trailing `.0` ("1.73.0" and "1.73");
    /// an acronym the post defines ("developer experience (DX)") counts for its
    /// long form and the other way round. One mention counts half, three or more
    /// fully. Terms are weighted by how rare they are in the corpus, blended with
    /// a built-in English frequency table so that a single post can be checked
    /// too: a title whose only supported word is one every post uses is still
    /// flagged. The post is flagged when the supported share of the title's
    /// weight is below `min-support`. Posts with fewer than `min-body-words`
    /// words are not judged.
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
        phase: Corpus,
        summary: "a title whose terms the body never uses",
        options: [
            OptionInfo {
                name: "min-support",
                kind: OptionKind::Ratio,
                default: "0.2",
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
    }
}

struct TitleBodyMismatch {
    analyzer: Analyzer,
    reader: ClaimReader,
    min_support: f64,
    min_body_words: usize,
    /// Mentions of every claimed term past which a post passes whatever the
    /// terms' weights: counting stops there.
    enough_mentions: u32,
}

/// Builds the rule from its options.
pub fn build(options: &RuleOptions) -> Result<Checker, String> {
    let analyzer = Analyzer::named(&options.string("language"))?;
    Ok(Checker::Corpus(Box::new(TitleBodyMismatch {
        reader: ClaimReader::new(&analyzer, true),
        analyzer,
        min_support: options.ratio("min-support"),
        min_body_words: options.count("min-body-words"),
        enough_mentions: enough_mentions(options.ratio("min-support")),
    })))
}

/// The fewest mentions of every claimed term that make the supported share
/// at least `min_support` whatever the terms' weights, since a weighted mean
/// is no less than its least part: with the default 0.2 one mention (half
/// support) is enough, and the rest of the body need not be read. Posts
/// flagged never get there, so their counts, and so the findings, are those
/// of a full count.
fn enough_mentions(min_support: f64) -> u32 {
    // The margin keeps rounding in the mean from mattering.
    (1..FULL_SUPPORT_MENTIONS)
        .find(|&n| mention_credit(n) >= min_support + 1e-9)
        .unwrap_or(FULL_SUPPORT_MENTIONS)
}

/// Posts whose every term is counted for document frequencies: all of a
/// corpus this small, and the first this many of a larger one.
const FULL_STATISTICS_POSTS: usize = 1024;

/// Beyond [`FULL_STATISTICS_POSTS`], one post in this many is counted, and
/// counts this many times. Document frequencies of 50,000 posts estimated
/// from ~1,400 move a term's weight by a few percent at most, and counting
/// every term of every post took longer than the rest of a check together
/// (docs/topicality.md).
const SAMPLE_STRIDE: usize = 128;

/// How many posts a post's statistics stand for.
fn sample_weight(id: usize) -> u32 {
    if id < FULL_STATISTICS_POSTS {
        1
    } else {
        SAMPLE_STRIDE as u32
    }
}

/// What this rule keeps of a post.
struct PostTerms {
    /// The title's claim with the body's support, when the post can be judged.
    title: Option<TitleClaim>,
    /// The body's distinct terms, for document frequencies, when the post is
    /// in the statistics sample.
    body_terms: Option<Box<[TermKey]>>,
}

struct TitleClaim {
    span: Span,
    /// The title, read again for the words a message quotes: few posts are
    /// flagged, and keeping every claim's words would cost an allocation
    /// per term of every post.
    text: Box<str>,
    /// Each claimed term, in the title's order, with how often the body
    /// uses it.
    terms: Vec<(TermKey, TermKind, u32)>,
}

impl CorpusRule for TitleBodyMismatch {
    fn summarize(&self, post: &Document) -> Summary {
        let mut tokens = Vec::new();
        let title_span = post.title.as_ref().map(|t| t.span.clone());
        // The body: headings (but not an H1 that is the title) and blocks. Raw
        // HTML is markup, not prose: its tag and attribute names are not words.
        let headings = post
            .headings
            .iter()
            .filter(|h| Some(&h.span) != title_span.as_ref())
            .map(|h| h.text.text.as_str());
        let blocks = post
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Html { .. }))
            .map(|b| b.text.text.as_str());
        let body_texts = headings.chain(blocks);
        let mut claims = Vec::new();
        if let Some(title) = &post.title {
            self.reader
                .unlabelled_claims(&self.analyzer, &title.text, &mut tokens, &mut claims);
        }
        let in_statistics =
            post.id < FULL_STATISTICS_POSTS || post.id.is_multiple_of(SAMPLE_STRIDE);
        let mut body = Bag::default();
        if in_statistics {
            for text in body_texts {
                body.add(&self.analyzer, text, &mut tokens);
            }
        } else if !claims.is_empty() {
            // Only the claimed terms are counted: stemming every word of every
            // post is what the statistics sample saves.
            for text in body_texts.clone() {
                body.add_acronyms(text, &self.analyzer, &mut tokens);
            }
            if let Some(title) = &post.title {
                body.add_acronyms(&title.text, &self.analyzer, &mut tokens);
            }
            let wanted = Wanted::new(&claims, body.acronyms());
            body.add_wanted(
                &self.analyzer,
                body_texts,
                &wanted,
                self.min_body_words,
                self.enough_mentions,
            );
        }
        let title = post.title.as_ref().and_then(|title| {
            if claims.is_empty() || body.words() < self.min_body_words {
                return None;
            }
            if in_statistics {
                // "Developer Experience (DX)" in the title lets the body say "DX".
                body.add_acronyms(&title.text, &self.analyzer, &mut tokens);
            }
            Some(TitleClaim {
                span: title.span.clone(),
                text: title.text.as_str().into(),
                terms: claims
                    .iter()
                    .map(|c| (c.key, c.kind, body.support(c)))
                    .collect(),
            })
        });
        Box::new(PostTerms {
            title,
            body_terms: in_statistics.then(|| body.distinct_terms()),
        })
    }

    fn check(&self, corpus: &Corpus<'_>, out: &mut Vec<Finding>) {
        let posts: Vec<(usize, &PostTerms)> = corpus.summaries::<PostTerms>().collect();
        let wanted: KeySet = posts
            .iter()
            .filter(|(id, _)| corpus.is_target(*id))
            .filter_map(|(_, p)| p.title.as_ref())
            .flat_map(|t| t.terms.iter().map(|&(key, _, _)| key))
            .collect();
        if wanted.is_empty() {
            return;
        }
        let df = document_frequencies(&posts, &wanted);
        let units: u64 = posts
            .iter()
            .filter(|(_, p)| p.body_terms.is_some())
            .map(|(id, _)| u64::from(sample_weight(*id)))
            .sum();
        let units = units as usize;
        let language = self.analyzer.language();
        for &(id, post) in &posts {
            let Some(title) = post.title.as_ref().filter(|_| corpus.is_target(id)) else {
                continue;
            };
            let weight = |key: TermKey, kind: TermKind| {
                let share = background_post_share(language, key, kind);
                idf(df.get(&key).copied().unwrap_or(0), units, share)
            };
            let Some(share) = support_share(
                title
                    .terms
                    .iter()
                    .map(|&(key, kind, n)| (weight(key, kind), n)),
            ) else {
                continue;
            };
            if share >= self.min_support {
                continue;
            }
            // The same claims, in the same order, now with their words.
            let claims = self
                .reader
                .claims(&self.analyzer, &title.text, &mut Vec::new());
            let counts = || title.terms.iter().map(|&(_, _, n)| n);
            let missing = quote_labels(claims.iter().zip(counts()).map(|(c, n)| (c, n == 0)));
            let several = counts().filter(|&n| n == 0).count() > 1;
            let message = if missing.is_empty() {
                // Every term is mentioned, each too rarely to carry the title.
                format!(
                    "title promises {}; the body barely mentions them",
                    quote_labels(claims.iter().map(|c| (c, true)))
                )
            } else if several {
                format!("title promises {missing}; the body never mentions them")
            } else {
                format!("title promises {missing}; the body never mentions it")
            };
            out.push(
                Finding::new(&TITLE_BODY_MISMATCH, id, title.span.clone(), message).with_help(
                    "retitle the post after what the body says, or write about what the title promises",
                ),
            );
        }
    }
}

/// In how many posts' bodies each wanted term occurs. Counted in parallel over
/// posts, then merged; sums do not depend on the split, so the result is the
/// same whatever the thread count.
fn document_frequencies(posts: &[(usize, &PostTerms)], wanted: &KeySet) -> KeyMap<u32> {
    posts
        .par_iter()
        .fold(KeyMap::default, |mut df: KeyMap<u32>, (id, post)| {
            let terms = post.body_terms.as_deref().unwrap_or_default();
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
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counting stops at `enough_mentions`, which is safe only if that many
    /// mentions of every term already carry the post past `min-support`.
    #[test]
    fn enough_mentions_always_pass_the_threshold() {
        assert_eq!(enough_mentions(0.2), 1);
        for step in 0..=100 {
            let min_support = f64::from(step) / 100.0;
            let n = enough_mentions(min_support);
            assert!(
                n == FULL_SUPPORT_MENTIONS || mention_credit(n) > min_support,
                "{min_support}: {n}"
            );
            assert!(n == 1 || mention_credit(n - 1) < min_support + 1e-9);
        }
    }
}
