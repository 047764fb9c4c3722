//! The `postlint` binary: parse flags, run a command, exit 0, 1 or 2.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Action, Cli};
use postlint::commands::{self, ExitStatus};

// glibc's allocator gives each thread an arena that it grows and trims with
// mprotect: reading 50,000 posts on two threads made 77,000 such calls, most of
// a warm run's time. mimalloc keeps freed pages for reuse. It is built without
// transparent huge pages (the `no_thp` feature): a run that reads a whole corpus
// fills the page cache, and each huge page then costs the kernel a compaction;
// with them, a cold check of 50,000 posts spent 4-7 s in the kernel, not 1.3 s
// (docs/cache.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // The one read of the working folder: everything below is handed it, so
    // the library never depends on where the process happens to be.
    let cwd = std::env::current_dir().unwrap_or_default();
    let status: ExitStatus = match cli.into_action() {
        Action::Check(options) => commands::check(&options, &cwd),
        Action::Rules(format) => commands::rules(format, &cwd),
        Action::RulesTest(dirs, source) => commands::rules_test(&dirs, &source, &cwd),
        Action::Explain(rule) => commands::explain(&rule, &cwd),
        Action::Config(source) => commands::show_config(&source, &cwd),
        Action::Schema(source) => commands::schema(&source, &cwd),
        Action::Init(dir) => commands::init(&dir, &cwd),
        Action::Clean(dir, source, root) => commands::clean(dir, &source, root, &cwd),
        Action::Server(cache) => commands::server(cache, &cwd),
    };
    ExitCode::from(status.code())
}
