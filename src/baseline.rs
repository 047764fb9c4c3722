//! Baselines: adopt postlint on a site with thousands of legacy findings by
//! recording today's, then reporting only new ones.
//!
//! `--write-baseline FILE` records every finding of a run by fingerprint;
//! `--baseline FILE` drops the findings whose fingerprint is recorded. A
//! fingerprint hashes the rule, the post's path and the flagged text (see
//! [`Fingerprints`]), never a line number, so editing a post above a baselined
//! finding does not bring it back, while a new copy of the same problem is new.
//!
//! The path in a baseline's fingerprint is relative to the baseline file's
//! folder, not to where postlint runs, so a baseline checked in at the
//! repository root works from any folder. Run from that folder, a baseline's
//! fingerprints are the same as those in the JSON output.
//!
//! The file is JSON, sorted like the output, so it diffs well in review:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {"fingerprint": "6f1b0c5d2a3e4f70", "rule": "empty-section",
//!      "path": "posts/a.md", "message": "section \"Setup\" has no content"}
//!   ]
//! }
//! ```
//!
//! Only `fingerprint` is matched; `rule`, `path` and `message` are there for
//! people reading the file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Fingerprints, Located};
use crate::rule::PostRecord;
use crate::walk::{normalize, relative_to};

/// The version of the file format this postlint reads and writes.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    rule: String,
    path: String,
    message: String,
}

/// A baseline read from its file.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    fingerprints: HashSet<String>,
}

/// The absolute folder holding the baseline file `file`.
fn folder_of(file: &Path, cwd: &Path) -> PathBuf {
    let parent = file.parent().unwrap_or(Path::new(""));
    let abs = cwd.join(parent);
    std::fs::canonicalize(&abs).unwrap_or_else(|_| normalize(&abs))
}

/// Each finding's fingerprint with paths relative to `dir`, in the findings' order.
fn fingerprints(findings: &[Located], posts: &[PostRecord], dir: &Path, cwd: &Path) -> Vec<String> {
    let mut maker = Fingerprints::default();
    findings
        .iter()
        .map(|f| {
            let path = relative_to(&normalize(&cwd.join(&f.path)), dir);
            maker.next(
                &f.finding.rule,
                &path,
                &posts[f.finding.post],
                &f.finding.span,
            )
        })
        .collect()
}

impl Baseline {
    /// Reads the baseline `file`; `cwd` is the folder relative paths start from.
    pub fn read(file: &Path, cwd: &Path) -> Result<Baseline, String> {
        let text = crate::walk::read_text(&cwd.join(file), crate::walk::MAX_BASELINE_BYTES)
            .map_err(|e| format!("cannot read baseline {}: {e}", file.display()))?;
        let parsed: File = serde_json::from_str(&text).map_err(|e| {
            format!(
                "baseline {} is not a postlint baseline: {e}",
                file.display()
            )
        })?;
        if parsed.version != VERSION {
            return Err(format!(
                "baseline {} has version {}, and this postlint reads version {VERSION}",
                file.display(),
                parsed.version
            ));
        }
        Ok(Baseline {
            dir: folder_of(file, cwd),
            fingerprints: parsed.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    /// Drops the findings the baseline records; returns how many it dropped.
    pub fn apply(&self, findings: &mut Vec<Located>, posts: &[PostRecord], cwd: &Path) -> usize {
        let keys = fingerprints(findings, posts, &self.dir, cwd);
        let before = findings.len();
        let mut keys = keys.into_iter();
        findings.retain(|_| {
            keys.next()
                .is_none_or(|key| !self.fingerprints.contains(&key))
        });
        before - findings.len()
    }
}

/// Writes every finding to the baseline `file`.
pub fn write(
    file: &Path,
    findings: &[Located],
    posts: &[PostRecord],
    cwd: &Path,
) -> Result<(), String> {
    let dir = folder_of(file, cwd);
    let keys = fingerprints(findings, posts, &dir, cwd);
    let entries = findings
        .iter()
        .zip(keys)
        .map(|(f, fingerprint)| Entry {
            fingerprint,
            rule: f.finding.rule.to_string(),
            path: relative_to(&normalize(&cwd.join(&f.path)), &dir),
            message: f.finding.message.clone(),
        })
        .collect();
    let file_contents = File {
        version: VERSION,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file_contents)
        .map_err(|e| format!("cannot write baseline {}: {e}", file.display()))?;
    text.push('\n');
    crate::walk::write_atomically(&cwd.join(file), |out| out.write_all(text.as_bytes())).map_err(
        |e| {
            format!(
                "cannot write baseline {}: {}",
                file.display(),
                crate::walk::io_message(&e)
            )
        },
    )
}
