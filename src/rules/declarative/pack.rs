//! The shipped rule pack: `rules/*.toml` at the repository root, embedded in the
//! binary so `postlint` needs no files beside it. A test checks this table
//! against the folder, so a rule file cannot be added and forgotten here.

/// Each shipped rule file: its path as shown, and its text.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "rules/filler-closer.toml",
        include_str!("../../../rules/filler-closer.toml"),
    ),
    (
        "rules/filler-opener.toml",
        include_str!("../../../rules/filler-opener.toml"),
    ),
    (
        "rules/filler-phrase.toml",
        include_str!("../../../rules/filler-phrase.toml"),
    ),
    (
        "rules/low-readability.toml",
        include_str!("../../../rules/low-readability.toml"),
    ),
    (
        "rules/promised-links.toml",
        include_str!("../../../rules/promised-links.toml"),
    ),
];
