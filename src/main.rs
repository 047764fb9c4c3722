//! The `postlint` binary: parse flags, run a command, exit 0, 1 or 2.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Action, Cli};
use postlint::commands::{self, ExitStatus};

fn main() -> ExitCode {
    postlint::engine::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; everything else clap rejects is usage.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let status: ExitStatus = match cli.into_action() {
        Action::Check(options) => commands::check(&options),
        Action::Rules(format) => commands::rules(format),
        Action::RulesTest(dirs, source) => commands::rules_test(&dirs, &source),
        Action::Explain(rule) => commands::explain(&rule),
        Action::Config(source) => commands::show_config(&source),
        Action::Schema(source) => commands::schema(&source),
        Action::Init(dir) => commands::init(&dir),
    };
    ExitCode::from(status.code())
}
