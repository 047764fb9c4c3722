//! postlint's integration tests: one binary, run against the real `postlint`
//! executable, with insta snapshots of real output.

mod bad_input;
mod cli;
mod config;
mod duplicate_paragraph;
mod index;
mod meta;
mod output;
mod rule_fixtures;
mod support;
mod topicality;
