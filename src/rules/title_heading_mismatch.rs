//! `title-heading-mismatch`: a front-matter title and an H1 that disagree.

use crate::document::{BlockKind, Document, TitleOrigin};
use crate::rule::Finding;
use crate::text::title_key;

crate::declare_rule! {
    /// ## What it flags
    /// A post whose front-matter `title` and the level-1 heading that opens its
    /// body say different things. An H1 that comes after the first paragraph is a
    /// section heading, not a second title, and is left alone. They are compared after folding case, punctuation, typography and
    /// Markdown escapes, and one containing the other is fine ("Rust 1.80" and
    /// "Announcing Rust 1.80" agree).
    ///
    /// ## Why it matters
    /// Most themes render the front-matter title as the page heading, so the H1
    /// shows as a second, different title; feeds and search show one, readers the
    /// other. It usually means one was edited and the other forgotten.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Scaling our queue"
    /// ---
    /// # Why we left Kafka
    /// ```
    /// Make them the same, or drop the H1 and let the theme show the title.
    pub static TITLE_HEADING_MISMATCH = {
        name: "title-heading-mismatch",
        severity: Warning,
        group: "structure",
        summary: "the front-matter title and the first H1 disagree",
        options: [],
        check: post(check),
    }
}

/// Checks one post.
fn check(post: &Document, out: &mut Vec<Finding>) {
    let Some(title) = post
        .title
        .as_ref()
        .filter(|t| t.origin == TitleOrigin::FrontMatter)
    else {
        return;
    };
    // Only an H1 that opens the body stands for the title; an H1 further down,
    // after content, is a section heading (many blogs use `#` for sections).
    let Some(h1) = post.headings.first().filter(|h| h.level == 1) else {
        return;
    };
    if post.blocks[..h1.first_block]
        .iter()
        .any(|b| b.kind == BlockKind::Paragraph)
    {
        return;
    }
    let title_words = title_key(&title.text);
    let heading_words = title_key(&h1.text.text);
    if heading_words.is_empty() || contains_words(&title_words, &heading_words) {
        return;
    }
    out.push(
        Finding::new(
            &TITLE_HEADING_MISMATCH,
            post.id,
            h1.span.clone(),
            format!(
                "first heading \"{}\" differs from the front-matter title \"{}\"",
                h1.text.text.trim(),
                title.text
            ),
        )
        .with_help("make the heading and the title say the same, or remove the H1")
        .with_related(post.id, title.span.clone(), "front-matter title"),
    );
}

/// Whether one word sequence contains the other on word boundaries.
fn contains_words(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    format!(" {long} ").contains(&format!(" {short} "))
}
