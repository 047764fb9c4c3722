//! postlint: a fast content linter for Markdown posts.
//!
//! It reads a whole corpus of posts at once, in parallel, and reports what
//! embarrasses a site rather than what breaks Markdown: headings with nothing
//! under them, titles that disagree or repeat, and (through corpus rules)
//! paragraphs pasted into many posts. The binary is a thin shell over
//! [`commands`]; the pieces, in the order a run uses them, are [`workspace`]
//! (which loads [`config`] and the rules once), [`walk`], [`document`], [`rule`] and [`rules`], [`engine`], [`diagnostic`] and
//! [`report`].

pub mod baseline;
pub mod cache;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod error;
pub mod front_matter;
pub mod init;
pub mod lines;
pub mod progress;
pub mod report;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod select;
pub mod server;
pub mod settings;
pub mod suppress;
pub mod text;
pub mod variants;
pub mod walk;
pub mod workspace;
