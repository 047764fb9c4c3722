//! The registry: every built-in rule, one line each.
//!
//! Adding a rule means writing its file (declaration, docs, check), a fixture
//! folder `fixtures/rules/<name>/`, and its line in the list below; the README
//! table, the schema and the snapshots are regenerated from them. `explain`,
//! `rules`, the engine, the config checks and the meta-tests all read this
//! list; how a rule checks, and so its phase, is in its declaration.

pub mod declarative;

use crate::rule::RuleInfo;

/// Declares each rule's module and lists its declaration in [`BUILTIN`], so a
/// rule is one line here and the two cannot disagree.
macro_rules! builtin_rules {
    ($($module:ident::$declaration:ident,)*) => {
        $(pub mod $module;)*

        /// Every built-in rule, in name order. Each declaration says how the
        /// rule checks ([`crate::rule::Check`]), and so in which phase.
        pub static BUILTIN: &[&RuleInfo] = &[$(&$module::$declaration),*];
    };
}

builtin_rules! {
    boilerplate_paragraph::BOILERPLATE_PARAGRAPH,
    duplicate_paragraph::DUPLICATE_PARAGRAPH,
    duplicate_title::DUPLICATE_TITLE,
    empty_section::EMPTY_SECTION,
    invalid_front_matter::INVALID_FRONT_MATTER,
    invalid_suppression::INVALID_SUPPRESSION,
    missing_title::MISSING_TITLE,
    off_topic_section::OFF_TOPIC_SECTION,
    title_body_mismatch::TITLE_BODY_MISMATCH,
    title_heading_mismatch::TITLE_HEADING_MISMATCH,
    unused_suppression::UNUSED_SUPPRESSION,
}
