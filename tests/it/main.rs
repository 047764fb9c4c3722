//! postlint's integration tests: one binary, run against the real `postlint`
//! executable, with insta snapshots of real output.

mod action;
mod bad_input;
mod baseline;
mod cache;
mod cli;
mod config;
mod declarative;
mod determinism;
mod duplicate_paragraph;
mod editors;
mod extend;
mod formats;
mod index;
mod init;
mod meta;
mod nested;
mod output;
mod rule_fixtures;
mod schema;
mod select;
mod server;
mod sources;
mod support;
mod topicality;
