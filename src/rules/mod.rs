//! The registry: every built-in rule, one line each.
//!
//! Adding a rule means writing its file (declaration, docs, check), a fixture
//! folder `fixtures/rules/<name>/`, and one line here. `explain`, `rules`, the
//! config checks and the meta-tests all read this list.

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

use crate::rule::{Build, RuleInfo};

/// Every built-in rule with its builder, in name order. `invalid-suppression`
/// and `unused-suppression` have no builder: the engine checks them (see their
/// files); nor has
/// `boilerplate-paragraph`, whose findings `duplicate-paragraph` makes
/// ([`reported_with`]).
pub fn builtin() -> Vec<(&'static RuleInfo, Option<Build>)> {
    vec![
        (&boilerplate_paragraph::BOILERPLATE_PARAGRAPH, None),
        (
            &duplicate_paragraph::DUPLICATE_PARAGRAPH,
            Some(duplicate_paragraph::build),
        ),
        (
            &duplicate_title::DUPLICATE_TITLE,
            Some(duplicate_title::build),
        ),
        (&empty_section::EMPTY_SECTION, Some(empty_section::build)),
        (
            &invalid_front_matter::INVALID_FRONT_MATTER,
            Some(invalid_front_matter::build),
        ),
        (&invalid_suppression::INVALID_SUPPRESSION, None),
        (&missing_title::MISSING_TITLE, Some(missing_title::build)),
        (
            &off_topic_section::OFF_TOPIC_SECTION,
            Some(off_topic_section::build),
        ),
        (
            &title_body_mismatch::TITLE_BODY_MISMATCH,
            Some(title_body_mismatch::build),
        ),
        (
            &title_heading_mismatch::TITLE_HEADING_MISMATCH,
            Some(title_heading_mismatch::build),
        ),
        (&unused_suppression::UNUSED_SUPPRESSION, None),
    ]
}

/// The builder-less rules whose findings the checker of `rule` makes, so that
/// it runs when any of them is on. Boilerplate and duplicates come from one
/// pass over the corpus's paragraphs.
pub fn reported_with(rule: &str) -> &'static [&'static RuleInfo] {
    static WITH_DUPLICATES: [&RuleInfo; 1] = [&boilerplate_paragraph::BOILERPLATE_PARAGRAPH];
    match rule {
        "duplicate-paragraph" => &WITH_DUPLICATES,
        _ => &[],
    }
}
