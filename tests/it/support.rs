//! Running the binary and reading its output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `postlint` command run from `dir`, with colour and environment pinned.
pub fn postlint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postlint"));
    cmd.current_dir(dir)
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
