//! Output formats, each behind one small trait.
//!
//! A reporter turns a finished run into bytes. Rules and the engine never print;
//! the command picks a reporter by name with [`reporter`], and adding a format is
//! one file and one line in that `match`. Every format writes findings in the
//! engine's order, so output is byte-identical whatever the thread count.

mod concise;
mod human;
mod json;

use std::io::{self, Write};

use crate::engine::Outcome;
use crate::rule::RuleInfo;

/// What every output format needs: the run and the rules that ran.
pub struct Run<'a> {
    /// The run's result.
    pub outcome: &'a Outcome,
    /// Every known rule, for formats that describe rules.
    pub rules: &'a [RuleInfo],
}

/// Writes a run in one format.
pub trait Reporter {
    /// Writes every finding of `run` to `out`.
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Rich diagnostics with source snippets (miette).
    Human,
    /// One line per finding: `path:line:col: severity: message [rule]`.
    Concise,
    /// JSON, version 1.
    Json,
}

impl Format {
    /// Every format with its name, for the CLI.
    pub const ALL: [(&'static str, Format); 3] = [
        ("human", Format::Human),
        ("concise", Format::Concise),
        ("json", Format::Json),
    ];
}

/// The reporter for `format`. `color` applies to formats that have colour.
pub fn reporter(format: Format, color: bool) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(human::Human::new(color)),
        Format::Concise => Box::new(concise::Concise),
        Format::Json => Box::new(json::Json),
    }
}
