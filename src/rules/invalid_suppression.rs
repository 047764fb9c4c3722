//! `invalid-suppression`: suppression comments that are misspelt or name no rule.
//!
//! Checking a name needs the list of every rule, built-in and from rule files,
//! which only the engine has; so the engine runs this check, and this file holds
//! its declaration.

crate::declare_rule! {
    /// ## What it flags
    /// A `postlint-disable`, `postlint-enable`, `postlint-disable-next` or
    /// `postlint-disable-file` comment that names a rule postlint does not know,
    /// and a comment that starts like one but is no directive:
    /// `postlint-disabel`, `postlint disable`, or `postlint-disable-line` in
    /// markdownlint's manner (postlint has no line directive; put
    /// `postlint-disable-next` on the line before). The help names the rule or
    /// directive meant, when one is close.
    ///
    /// ## Why it matters
    /// A misspelt name suppresses nothing, silently: the author believes a finding
    /// is handled, and it comes back, or a rule renamed in an upgrade quietly stops
    /// being suppressed.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- postlint-disable-next empty-sections -->
    /// ```
    /// The rule is `empty-section`; `postlint rules` lists every name.
    ///
    /// ```markdown
    /// <!-- postlint-disabel-next empty-section -->
    /// ```
    /// The directive is `postlint-disable-next`.
    pub static INVALID_SUPPRESSION = {
        name: "invalid-suppression",
        severity: Warning,
        group: "structure",
        summary: "a suppression comment is misspelt or names a rule that does not exist",
        options: [],
        check: engine,
    }
}
