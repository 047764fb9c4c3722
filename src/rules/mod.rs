//! The registry: every built-in rule, one line each.
//!
//! Adding a rule means writing its file (declaration, docs, check), a fixture
//! folder `fixtures/rules/<name>/`, and its `mod` line and its line in
//! [`BUILTIN`] here. `explain`, `rules`, the engine, the config checks and the
//! meta-tests all read this list; how a rule checks, and so its phase, is in
//! its declaration.

pub mod boilerplate_paragraph;
pub mod declarative;
pub mod duplicate_paragraph;
pub mod duplicate_title;
pub mod empty_section;
pub mod invalid_front_matter;
pub mod invalid_suppression;
pub mod missing_title;
pub mod off_topic_section;
pub mod title_body_mismatch;
pub mod title_heading_mismatch;
pub mod unused_suppression;

use crate::rule::RuleInfo;

/// Every built-in rule, in name order. Each declaration says how the rule
/// checks ([`crate::rule::Check`]), and so in which phase.
pub static BUILTIN: &[&RuleInfo] = &[
    &boilerplate_paragraph::BOILERPLATE_PARAGRAPH,
    &duplicate_paragraph::DUPLICATE_PARAGRAPH,
    &duplicate_title::DUPLICATE_TITLE,
    &empty_section::EMPTY_SECTION,
    &invalid_front_matter::INVALID_FRONT_MATTER,
    &invalid_suppression::INVALID_SUPPRESSION,
    &missing_title::MISSING_TITLE,
    &off_topic_section::OFF_TOPIC_SECTION,
    &title_body_mismatch::TITLE_BODY_MISMATCH,
    &title_heading_mismatch::TITLE_HEADING_MISMATCH,
    &unused_suppression::UNUSED_SUPPRESSION,
];
