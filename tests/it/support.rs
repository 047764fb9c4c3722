//! Running the binary and reading its output, and rendering a library run the same way.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use postlint::engine::Outcome;
use postlint::report::{self, Format, Places, Run};
use postlint::rule::RuleInfo;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

static SHARED_CACHE: std::sync::LazyLock<tempfile::TempDir> =
    std::sync::LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));

/// The cache folder every test's runs share (see [`postlint`]).
pub fn shared_cache() -> &'static Path {
    SHARED_CACHE.path()
}

/// A `postlint` command run from `dir`, with colour and environment pinned.
pub fn postlint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postlint"));
    cmd.current_dir(dir)
        // Every test shares one cache outside the repository: none is left
        // in the fixtures, and each test's output is checked through a cache
        // that other projects' runs keep writing to. `cache.rs` tests the
        // default place.
        .env("POSTLINT_CACHE_DIR", shared_cache())
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("COLUMNS", "100");
    cmd
}

/// Runs and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("postlint runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// The JSON report of a run.
pub fn json(cmd: &mut Command) -> serde_json::Value {
    let (_, stdout, stderr) = run(cmd.args(["--format", "json"]));
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stdout}\n{stderr}"))
}

/// The stderr summary line with the timing blanked, for snapshots.
pub fn without_timing(stderr: &str) -> String {
    let re = regex::Regex::new(r"\(\d+ ms\)").unwrap();
    re.replace_all(stderr, "(T ms)").into_owned()
}

/// A run's JSON and concise reports, one after the other: what two runs that
/// must agree are compared by.
pub fn json_and_concise(outcome: &Outcome, rules: &[RuleInfo]) -> String {
    let run = Run {
        outcome,
        rules,
        exit_code: 0,
        places: Places::default(),
    };
    let mut out = Vec::new();
    for format in [Format::JSON, Format::CONCISE] {
        report::reporter(format, report::Style::PLAIN)
            .report(&run, &mut out)
            .unwrap();
    }
    String::from_utf8(out).unwrap()
}
