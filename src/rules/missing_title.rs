//! `missing-title`: posts with no title at all.

use crate::document::Document;
use crate::rule::Finding;

crate::declare_rule! {
    /// ## What it flags
    /// A post with neither a `title` in its front matter nor a level-1 heading.
    ///
    /// ## Why it matters
    /// The title is what search results, feeds, link previews and the browser tab
    /// show. Without one, a site generator falls back to the file name or to
    /// nothing, and the post is hard to find and to share.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// date: 2024-05-01
    /// ---
    /// We moved our builds to a new runner this week.
    /// ```
    /// Add `title: "Moving our builds"` to the front matter, or start the body
    /// with `# Moving our builds`.
    pub static MISSING_TITLE = {
        name: "missing-title",
        severity: Warning,
        group: "structure",
        summary: "a post with neither a front-matter title nor an H1",
        options: [],
        check: post(check),
    }
}

/// Checks one post.
fn check(post: &Document, out: &mut Vec<Finding>) {
    if post.title.is_some() {
        return;
    }
    // Point at the front matter when there is some (the title belongs there),
    // else at the first line.
    let span = match &post.front_matter {
        Some(fm) => fm.span.start..fm.span.start + 3,
        None => {
            let first = post.source.find('\n').unwrap_or(post.source.len());
            0..first.min(post.source.len())
        }
    };
    out.push(
        Finding::new(&MISSING_TITLE, post.id, span, "post has no title").with_help(
            "add a `title` to the front matter, or start the post with a `# Title` heading",
        ),
    );
}
