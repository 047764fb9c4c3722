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
//! `fingerprint` is matched; `rule`, `path` and `message` are there for
//! people reading the file. A cross-post finding also records the other places
//! it names (`related`, fingerprinted the same way), because which copy of a
//! repeated paragraph is "the original" can change: a new post that repeats
//! recorded text may become the original, moving the finding onto a legacy post
//! that was the original before. Such a finding on a recorded place is still
//! recorded, and the new places it names, which no recorded finding knew, get
//! a finding of their own. So a recorded problem stays recorded whichever copy
//! is called the original, and a new copy is always new.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Fingerprints, Located, LocatedRelated};
use crate::rule::{Finding, PostRecord, Related};
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
    /// The fingerprints of the places the finding names besides its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    related: Vec<String>,
}

/// A baseline read from its file.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    fingerprints: HashSet<String>,
    /// Every place a recorded finding flagged or named.
    places: HashSet<String>,
}

/// The absolute folder holding the baseline file `file`.
fn folder_of(file: &Path, cwd: &Path) -> PathBuf {
    let parent = file.parent().unwrap_or(Path::new(""));
    let abs = cwd.join(parent);
    std::fs::canonicalize(&abs).unwrap_or_else(|_| normalize(&abs))
}

/// The fingerprint of a place, `path` being relative to the baseline's folder.
/// It is a finding's fingerprint as if it were the first of its text in its
/// post, so a flagged place and a named one compare equal.
fn place(rule: &str, path: &str, post: &PostRecord, span: &crate::document::Span) -> String {
    Fingerprints::default().next(rule, path, post, span)
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
        let mut fingerprints = HashSet::new();
        let mut places = HashSet::new();
        for entry in parsed.findings {
            places.extend(entry.related);
            places.insert(entry.fingerprint.clone());
            fingerprints.insert(entry.fingerprint);
        }
        Ok(Baseline {
            dir: folder_of(file, cwd),
            fingerprints,
            places,
        })
    }

    /// Drops the findings the baseline records, and moves a recorded cross-post
    /// finding whose original changed onto the new places it names (see the
    /// module docs). Returns how many recorded findings it dropped.
    pub fn apply(&self, findings: &mut Vec<Located>, posts: &[PostRecord], cwd: &Path) -> usize {
        let keys = fingerprints(findings, posts, &self.dir, cwd);
        let relative = |display: &str| relative_to(&normalize(&cwd.join(display)), &self.dir);
        let mut kept = Vec::with_capacity(findings.len());
        let mut moved: Vec<Located> = Vec::new();
        let mut dropped = 0;
        for (f, key) in std::mem::take(findings).into_iter().zip(keys) {
            if self.fingerprints.contains(&key) {
                dropped += 1;
                continue;
            }
            let rule = f.finding.rule.as_ref();
            let on_recorded_place = !f.related.is_empty()
                && self.places.contains(&place(
                    rule,
                    &relative(&f.path),
                    &posts[f.finding.post],
                    &f.finding.span,
                ));
            if !on_recorded_place {
                kept.push(f);
                continue;
            }
            dropped += 1;
            for r in &f.related {
                let post = &posts[r.related.post];
                if !self
                    .places
                    .contains(&place(rule, &relative(&r.path), post, &r.related.span))
                {
                    moved.push(new_copy(&f, r, post));
                }
            }
        }
        // In the engine's order: post path, offset, rule, end, message.
        let order = |f: &Located| {
            (
                posts[f.finding.post].path.clone(),
                f.finding.span.start,
                f.finding.rule.clone(),
                f.finding.span.end,
                f.finding.message.clone(),
            )
        };
        moved.sort_by_key(order);
        moved.dedup_by(|a, b| {
            (a.finding.post, a.finding.span.start, &a.finding.rule)
                == (b.finding.post, b.finding.span.start, &b.finding.rule)
        });
        if !moved.is_empty() {
            kept.extend(moved);
            kept.sort_by_key(order);
        }
        *findings = kept;
        dropped
    }
}

/// A finding at `new`, a place that a recorded finding's cluster gained: it
/// repeats the recorded place `recorded` flags.
fn new_copy(recorded: &Located, new: &LocatedRelated, post: &PostRecord) -> Located {
    let finding = Finding {
        rule: recorded.finding.rule.clone(),
        severity: recorded.finding.severity,
        post: new.related.post,
        span: new.related.span.clone(),
        message: format!(
            "same text as {}:{}, which the baseline records",
            recorded.path, recorded.range.start.line
        ),
        help: recorded.finding.help.clone(),
        related: vec![Related {
            post: recorded.finding.post,
            span: recorded.finding.span.clone(),
            message: "recorded in the baseline".to_string(),
        }],
        related_total: 1,
    };
    let fingerprint = Fingerprints::default().next(&finding.rule, &new.path, post, &finding.span);
    Located {
        related: vec![LocatedRelated {
            related: finding.related[0].clone(),
            path: recorded.path.clone(),
            range: recorded.range,
        }],
        path: new.path.clone(),
        range: new.range,
        finding,
        fingerprint,
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
    let relative = |display: &str| relative_to(&normalize(&cwd.join(display)), &dir);
    let entries = findings
        .iter()
        .zip(keys)
        .map(|(f, fingerprint)| Entry {
            fingerprint,
            rule: f.finding.rule.to_string(),
            path: relative(&f.path),
            message: f.finding.message.clone(),
            related: f
                .related
                .iter()
                .map(|r| {
                    place(
                        &f.finding.rule,
                        &relative(&r.path),
                        &posts[r.related.post],
                        &r.related.span,
                    )
                })
                .collect(),
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
