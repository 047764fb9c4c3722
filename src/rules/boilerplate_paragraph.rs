//! `boilerplate-paragraph`: a paragraph that recurs across many posts, reported
//! once for all its copies.
//!
//! Finding boilerplate is finding duplicates, so this rule has no pass of its
//! own: the corpus pass of [`crate::rules::duplicate_paragraph`] builds the
//! families of copies once, hands every family with `boilerplate-copies`
//! copies or more to [`finding`], and reports the rest itself. The engine runs
//! that pass when either rule is on, and keeps each rule's findings by its own
//! severity.

use crate::document::{PostId, Span};
use crate::rule::{Corpus, Finding};

crate::declare_rule! {
    /// ## What it flags
    /// A paragraph found in many pages: the release intro, the install steps,
    /// the thanks paragraph, a notice under every post. Near copies count as
    /// one paragraph, so a template whose version number, date or a few words
    /// change from post to post ("The 1.68.0 pre-release is ready for testing.
    /// The release is scheduled for March 09.") is one finding, not one per
    /// wording.
    ///
    /// Each such paragraph is reported **once**, at its newest copy, with the
    /// number of posts and wordings and the other places (up to
    /// `max-related`). Its copies are not reported by `duplicate-paragraph`,
    /// which keeps to the surprising copies: the same text in a few posts.
    ///
    /// Paragraphs are compared exactly as `duplicate-paragraph` compares them
    /// (`postlint explain duplicate-paragraph`), and its options decide what
    /// boilerplate is: `boilerplate-copies` (default 7) is the number of
    /// copies from which a paragraph is boilerplate, where the versions or
    /// translations of one page count as one copy. Configure them under
    /// `[rules.duplicate-paragraph]`; this rule has only its severity.
    ///
    /// ## Why it matters
    /// Boilerplate kept by hand in every post drifts: the Rust blog's release
    /// intro has 129 copies in 13 wordings. A site generator's include or
    /// partial (a Hugo shortcode or partial, a Jekyll include, an MDX
    /// component) keeps one copy that every post shows, so a fix is made once.
    /// It is reported as `info`, because repetition on purpose is not wrong;
    /// raise it to `warning` to gate on it.
    ///
    /// ## Example
    /// Forty release posts end with "If you have a previous version of Rust
    /// installed via rustup, you can get 1.NN.0 with: …", each with its own
    /// version. The newest post gets one finding, "paragraph recurs in 40
    /// posts (3 wordings)", listing the others: move the paragraph into a
    /// partial and include it.
    /// ```toml
    /// [rules.duplicate-paragraph]
    /// boilerplate-copies = 10    # boilerplate only from 10 copies on
    ///
    /// [rules.boilerplate-paragraph]
    /// severity = "warning"
    /// ```
    pub static BOILERPLATE_PARAGRAPH = {
        name: "boilerplate-paragraph",
        severity: Info,
        group: "duplicates",
        summary: "a paragraph repeated across many posts, reported once with all its places",
        options: [],
        check: reported(Corpus),
    }
}

/// The one finding for a family of copies, given oldest first by `by_age`
/// (paragraph indices that `locate` turns into a post and a span), in
/// `wordings` distinct wordings; `template` says what made a family of few
/// copies a template, when that did ("of the series `x`"). It sits at the newest copy in a checked post; `None` when
/// no copy is in one.
pub fn finding<S>(
    corpus: &Corpus<'_, S>,
    by_age: &[u32],
    wordings: usize,
    template: Option<&str>,
    max_related: usize,
    locate: impl Fn(u32) -> (PostId, Span),
) -> Option<Finding> {
    let &at = by_age
        .iter()
        .rev()
        .find(|&&u| corpus.is_target(locate(u).0))?;
    let mut posts: Vec<PostId> = by_age.iter().map(|&u| locate(u).0).collect();
    posts.sort_unstable();
    posts.dedup();
    let (post, span) = locate(at);
    let mut wording = match wordings {
        1 => String::new(),
        n => format!(" ({n} wordings)"),
    };
    if let Some(template) = template {
        wording = format!("{template}{wording}");
    }
    let mut finding = Finding::new(
        &BOILERPLATE_PARAGRAPH,
        post,
        span,
        match (by_age.len(), posts.len()) {
            (places, 1) => format!("paragraph recurs {places} times in this post{wording}"),
            (places, posts) if places > posts => {
                format!("paragraph recurs {places} times in {posts} posts{wording}")
            }
            (_, posts) => format!("paragraph recurs in {posts} posts{wording}"),
        },
    )
    .with_help(
        "move it into one include or partial of your site generator (a Hugo shortcode or partial, a Jekyll include, an MDX component) and use that in every post, or list it under `allow` in [rules.duplicate-paragraph]",
    );
    let others: Vec<u32> = by_age.iter().copied().filter(|&u| u != at).collect();
    for (i, &u) in others.iter().take(max_related).enumerate() {
        let (post, span) = locate(u);
        let label = if i == 0 { "first copy" } else { "copy" };
        finding = finding.with_related(post, span, label);
    }
    finding.related_total = others.len();
    Some(finding)
}

/// The one finding for a post that repeats paragraphs of an earlier post of
/// its series, `from`: `copies` holds each copy's span and its original's,
/// and `share` is the percentage of the post's compared words they make up.
pub fn from_instalment<S>(
    corpus: &Corpus<'_, S>,
    post: PostId,
    copies: impl ExactSizeIterator<Item = (Span, Span)>,
    from: PostId,
    share: usize,
    series: &str,
    max_related: usize,
) -> Finding {
    let count = copies.len();
    let mut copies = copies.peekable();
    let at = copies
        .peek()
        .map(|(copy, _)| copy.clone())
        .unwrap_or_default();
    let mut finding = Finding::new(
        &BOILERPLATE_PARAGRAPH,
        post,
        at,
        format!(
            "{count} paragraphs of this post ({share}% of its words) repeat {}, an earlier post of the series `{series}`",
            crate::diagnostic::display_path(corpus.post(from))
        ),
    )
    .with_help(
        "if each post of the series is written from the last, keep the text that does not change in an include or partial of your site generator (a Hugo shortcode or partial, a Jekyll include, an MDX component); check that what was carried over is still true",
    );
    for (_, original) in copies.take(max_related) {
        finding = finding.with_related(from, original, "earlier copy");
    }
    finding.related_total = count;
    finding
}
