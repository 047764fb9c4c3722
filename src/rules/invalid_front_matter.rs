//! `invalid-front-matter`: front matter that does not parse.

use crate::document::Document;
use crate::front_matter::Format;
use crate::rule::Finding;

crate::declare_rule! {
    /// ## What it flags
    /// A post whose `---` YAML or `+++` TOML front matter does not parse, or is
    /// opened and never closed. The finding points at the place the parser gave up.
    ///
    /// ## Why it matters
    /// A site generator either fails the build or, worse, publishes the post
    /// without its title, date, tags or draft flag: a draft can go live. postlint
    /// still checks the rest of the post, but title rules cannot see its title.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Scaling: a retrospective
    /// ---
    /// ```
    /// A second `:` in an unquoted YAML value is an error; write
    /// `title: "Scaling: a retrospective"`.
    pub static INVALID_FRONT_MATTER = {
        name: "invalid-front-matter",
        severity: Error,
        group: "structure",
        summary: "front matter that does not parse",
        options: [],
        check: post(check),
    }
}

/// Checks one post.
fn check(post: &Document, out: &mut Vec<Finding>) {
    let Some(fm) = &post.front_matter else {
        return;
    };
    let Some(error) = &fm.error else {
        return;
    };
    let (syntax, fence) = match fm.format {
        Format::Yaml => ("YAML", "---"),
        Format::Toml => ("TOML", "+++"),
    };
    out.push(
        Finding::new(
            &INVALID_FRONT_MATTER,
            post.id,
            error.span.clone(),
            error.message.clone(),
        )
        .with_help(format!(
            "fix the {syntax} between the `{fence}` lines; quote values that contain `:` or `#`"
        )),
    );
}
