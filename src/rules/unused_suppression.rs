//! `unused-suppression`: suppression comments that silence nothing.
//!
//! Whether a comment silenced a finding is known only once every rule, the
//! cross-post ones too, has reported and suppressions are applied, so the
//! engine checks it while settling findings (see its file); this file holds
//! its declaration. It is off by default, as ruff's `RUF100` is opt-in: a site
//! that turns a rule off for a while should not be told to delete the
//! comments it will want back.

crate::declare_rule! {
    /// ## What it flags
    /// A `postlint-disable`, `postlint-disable-next` or `postlint-disable-file`
    /// comment, or one rule named in it, that silenced no finding in this run.
    ///
    /// ## Why it matters
    /// A suppression outlives the problem it hid. Once the paragraph is
    /// rewritten or the section filled, the comment stays and silently hides
    /// the next real finding in its place.
    ///
    /// ## How it judges
    /// - A name counts only when its rule ran on the post: a rule turned off,
    ///   not selected or unknown (that is `invalid-suppression`) is not judged.
    /// - A comment naming no rule is unused when it silenced nothing at all.
    /// - Where several comments cover one finding, a file-wide comment, the
    ///   disable that applies there and the nearest `disable-next` all count
    ///   as used, so only a comment that is redundant however it is read is
    ///   reported.
    /// - `postlint-enable` comments are never reported.
    ///
    /// Turn it on with `--extend-select unused-suppression`, or a severity in
    /// `[rules.unused-suppression]`.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- postlint-disable-next empty-section -->
    /// ## Install
    ///
    /// Run `cargo install postlint`.
    /// ```
    /// The section has content now; the comment silences nothing.
    pub static UNUSED_SUPPRESSION = {
        name: "unused-suppression",
        severity: Warning,
        group: "structure",
        enabled: false,
        summary: "a suppression comment silences no finding",
        options: [],
        check: engine,
    }
}
