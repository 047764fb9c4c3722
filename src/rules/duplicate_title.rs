//! `duplicate-title`: posts that share a title.

use std::any::Any;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::document::{Document, PostId, Span};
use crate::rule::{Corpus, CorpusChecker, CorpusRule, Finding, RuleOptions, Snapshot};
use crate::text::title_key;
use crate::variants::{Variants, page_name};

crate::declare_rule! {
    /// ## What it flags
    /// Two or more posts with the same title, compared after folding case,
    /// punctuation and typography, but not the dots, underscores and slashes
    /// that join an identifier (`hugo.Version` is not "hugo version"). Every
    /// copy gets a finding that points at the others.
    ///
    /// ## Why it matters
    /// Titles identify posts in search results, feeds, tabs and link previews. Two
    /// posts with one title compete in search and confuse readers; often one is a
    /// copy that was meant to be renamed, or an old draft.
    ///
    /// ## Example
    /// `posts/2023/launch.md` and `posts/2024/launch.md` both have the title
    /// "Our launch". Give each a title that says what is different about it.
    ///
    /// ## Versions and translations
    /// Versions of one page (`reference/5.1/x.md` and `reference/7.4/x.md`)
    /// share their title by design, so they are one page here, found the way
    /// `duplicate-paragraph` finds them (`variants`, `detect-variants`). A title
    /// shared by two pages is reported once per page, at its last version.
    ///
    /// Reference entries named by their files are not duplicates either:
    /// `methods/page/Permalink.md` and `methods/site/Permalink.md`, both titled
    /// "Permalink", document two things that share a name, and their folders
    /// tell them apart. Posts in year or date folders get no such pass.
    pub static DUPLICATE_TITLE = {
        name: "duplicate-title",
        severity: Warning,
        group: "duplicates",
        summary: "two or more posts with the same title",
        options: [
            crate::variants::VARIANTS_OPTION,
            crate::variants::DETECT_VARIANTS_OPTION,
        ],
        check: corpus(build),
    }
}

struct DuplicateTitle {
    variants: Variants,
}

/// What this rule keeps of a post: its folded title and where it is.
#[derive(Serialize, Deserialize)]
pub struct TitleSummary {
    key: String,
    /// The marks that join words into one identifier (`hugo.Version`,
    /// `snake_case`, `a/b`), in order: folding drops them, yet `hugo.Version`
    /// and "hugo version" name two different things.
    joiners: String,
    text: String,
    span: Span,
}

/// Builds the rule.
pub fn build(options: &RuleOptions) -> Result<Box<dyn CorpusChecker>, String> {
    Ok(Box::new(DuplicateTitle {
        variants: Variants::from_options(options)?,
    }))
}

impl CorpusRule for DuplicateTitle {
    type Summary = Option<TitleSummary>;

    fn summarize(&self, post: &Document) -> Option<TitleSummary> {
        post.title.as_ref().map(|t| TitleSummary {
            key: title_key(&t.text),
            joiners: joiners(&t.text),
            text: t.text.clone(),
            span: t.span.clone(),
        })
    }

    fn check(&self, corpus: &Corpus<'_, Option<TitleSummary>>, out: &mut Vec<Finding>) {
        self.check_in(corpus, &self.variants.pages(corpus.posts()), out);
    }

    /// Only the posts titled as a target post are checked again, with the
    /// pages of every path kept from the first check.
    fn check_again(
        &self,
        corpus: &Corpus<'_, Option<TitleSummary>>,
        state: &mut Option<Box<dyn Any + Send + Sync>>,
        out: &mut Vec<Finding>,
    ) {
        let kept = state.as_mut().and_then(|s| s.downcast_mut::<Titles>());
        if let Some(kept) = kept
            && let Some(changed) = kept.texts.changed(corpus)
        {
            let key_of = |id: PostId| {
                let title = corpus.summary(id)?.as_ref()?;
                Some((title.key.clone(), title.joiners.clone()))
            };
            let mut is_changed = vec![false; corpus.posts().len()];
            let mut titled: HashMap<(String, String), Vec<PostId>> = HashMap::new();
            for &id in &changed {
                is_changed[id] = true;
                if let Some(key) = key_of(id) {
                    titled.entry(key).or_default().push(id);
                }
            }
            let mut involved = vec![false; corpus.posts().len()];
            for id in (0..corpus.posts().len()).filter(|&id| corpus.is_target(id)) {
                involved[id] = true;
                let Some(key) = key_of(id) else { continue };
                let unchanged = kept.by_key.get(&key).into_iter().flatten();
                for &other in unchanged.filter(|&&o| !is_changed[o]) {
                    involved[other] = true;
                }
                for &other in titled.get(&key).into_iter().flatten() {
                    involved[other] = true;
                }
            }
            self.check_in(&corpus.only(&involved), &kept.pages, out);
            return;
        }
        let pages = self.variants.pages(corpus.posts());
        self.check_in(corpus, &pages, out);
        let mut by_key: HashMap<(String, String), Vec<PostId>> = HashMap::new();
        for (id, summary) in corpus.summaries() {
            if let Some(title) = summary {
                let key = (title.key.clone(), title.joiners.clone());
                by_key.entry(key).or_default().push(id);
            }
        }
        *state = Some(Box::new(Titles {
            texts: Snapshot::of(corpus),
            pages,
            by_key,
        }));
    }
}

/// What [`CorpusRule::check_again`] keeps: every post's title key, and the
/// pages of every path.
struct Titles {
    texts: Snapshot,
    pages: Vec<u32>,
    by_key: HashMap<(String, String), Vec<PostId>>,
}

impl DuplicateTitle {
    fn check_in(&self, corpus: &Corpus<'_, Option<TitleSummary>>, pages: &[u32], out: &mut Vec<Finding>) {
        let mut by_key: HashMap<(&str, &str), Vec<(PostId, &TitleSummary)>> = HashMap::new();
        for (id, summary) in corpus.summaries() {
            if let Some(title) = summary.as_ref().filter(|t| !t.key.is_empty()) {
                by_key
                    .entry((title.key.as_str(), title.joiners.as_str()))
                    .or_default()
                    .push((id, title));
            }
        }
        for copies in by_key.values_mut().filter(|c| c.len() > 1) {
            // One copy per page: its last version (the largest id, as ids
            // follow path order), preferring a checked post.
            copies.sort_unstable_by_key(|&(id, _)| (pages[id], corpus.is_target(id), id));
            copies.reverse();
            copies.dedup_by_key(|(id, _)| pages[*id]);
            if copies.len() < 2 || entries_of_namespaces(corpus, copies) {
                continue;
            }
            copies.sort_unstable_by_key(|&(id, _)| id);
            for &(id, title) in copies.iter() {
                if !corpus.is_target(id) {
                    continue;
                }
                let others = copies.len() - 1;
                let mut finding = Finding::new(
                    &DUPLICATE_TITLE,
                    id,
                    title.span.clone(),
                    format!(
                        "title \"{}\" is also the title of {others} other {}",
                        title.text,
                        if others == 1 { "post" } else { "posts" }
                    ),
                )
                .with_help("give each post a title that says what sets it apart");
                for &(other, other_title) in copies.iter().filter(|(o, _)| *o != id) {
                    finding = finding.with_related(other, other_title.span.clone(), "same title");
                }
                out.push(finding);
            }
        }
    }
}

/// Whether every copy is a reference entry named by its file, in a folder of
/// its own: `methods/page/Permalink.md` and `methods/site/Permalink.md`, both
/// titled "Permalink", document two things that share a name, and the folder
/// says which. Year or date folders (`posts/2023/launch.md`) are no namespace:
/// two posts there with one title are the clash this rule is for.
fn entries_of_namespaces(corpus: &Corpus<'_, Option<TitleSummary>>, copies: &[(PostId, &TitleSummary)]) -> bool {
    let posts = corpus.posts();
    let mut folders: Vec<String> = Vec::with_capacity(copies.len());
    for &(id, title) in copies {
        let Some(post) = posts.get(id) else {
            return false;
        };
        let path = crate::diagnostic::display_path(post);
        let (parts, name) = page_name(&path);
        let namespace = parts.last().copied().unwrap_or("");
        let dated = namespace.bytes().any(|b| b.is_ascii_digit())
            && namespace.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        if title_key(name) != title.key || dated {
            return false;
        }
        folders.push(parts.join("/"));
    }
    folders.sort_unstable();
    folders.windows(2).all(|w| w[0] != w[1])
}

/// The `.`, `_` and `/` of `title` that sit between two letters or digits.
fn joiners(title: &str) -> String {
    let chars: Vec<char> = title.chars().collect();
    chars
        .windows(3)
        .filter(|w| {
            matches!(w[1], '.' | '_' | '/') && w[0].is_alphanumeric() && w[2].is_alphanumeric()
        })
        .map(|w| w[1])
        .collect()
}
