//! Checking posts against every rule file at once.
//!
//! [`Compiled::new`] hands each rule's patterns to one [`Builder`], scope by
//! scope, and notes the rules to judge on every instance of a scope whether
//! anything matched or not (minimums, metrics, case). A post's blocks and
//! headings are then scanned once each: a paragraph is also in its section,
//! its sentences and the post, so its hits are kept by the address of its text
//! and shared by every scope that reads it. Only the rare hits are traced back
//! to their rule, and the rule's kind ([`super::kinds`]) judges them. That
//! keeps a rule in a new scope about as cheap as one in a scope already used
//! (measured in `bench/rules.sh`).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::{Document, PlainText};
use crate::rule::Finding;
use crate::rule::{PostRule, RuleInfo};

use super::file::Rule;
use super::kinds::{Findings, Judging};
use super::matcher::{Builder, Hit, Matcher, RawHit};
use super::scope::{Instance, Scope};

/// A rule from a file, with its declaration for findings.
pub struct Loaded {
    /// The rule.
    pub rule: Rule,
    /// Its declaration.
    pub info: RuleInfo,
}

/// Rules compiled for checking: one matcher for every phrase and regex of
/// every scope, and per scope the rules that read it.
pub struct Compiled {
    rules: Vec<Arc<Loaded>>,
    matcher: Matcher,
    scopes: Vec<ScopeRules>,
}

/// The rules of one scope.
struct ScopeRules {
    scope: Scope,
    /// Rules judged on every instance, matched or not (minimums, metrics, case).
    every: Vec<u32>,
    /// Every rule of this scope.
    rules: Vec<u32>,
}

impl Compiled {
    /// Compiles `rules` (all on) into per-scope matchers.
    pub fn new(rules: Vec<Arc<Loaded>>) -> Compiled {
        let mut scopes: Vec<ScopeRules> = Vec::new();
        let mut b = Builder::default();
        for (index, loaded) in rules.iter().enumerate() {
            let rule = index as u32;
            for scope in &loaded.rule.scopes {
                let at = match scopes.iter().position(|s| &s.scope == scope) {
                    Some(at) => at,
                    None => {
                        scopes.push(ScopeRules {
                            scope: scope.clone(),
                            every: Vec::new(),
                            rules: Vec::new(),
                        });
                        scopes.len() - 1
                    }
                };
                b.scope(at as u32);
                let here = &mut scopes[at];
                here.rules.push(rule);
                if loaded.rule.kind.compile(rule, &mut b) {
                    here.every.push(rule);
                }
            }
        }
        let matcher = b.build();
        Compiled {
            rules,
            matcher,
            scopes,
        }
    }

    /// A checker of these rules; globs in rule files are relative to `root`,
    /// and posts' paths are shown relative to `cwd`.
    pub fn checker(self: &Arc<Self>, root: Option<&Path>, cwd: &Path) -> DeclarativeChecker {
        DeclarativeChecker {
            compiled: self.clone(),
            root: root.map(Path::to_path_buf),
            cwd: cwd.to_path_buf(),
            globs: true,
        }
    }

    /// A checker that ignores the rules' `files` and `exclude`: an inline test's
    /// post has no path worth matching.
    pub fn test_checker(self: &Arc<Self>) -> DeclarativeChecker {
        DeclarativeChecker {
            globs: false,
            ..self.checker(None, Path::new(""))
        }
    }
}

/// Checks one post against compiled rules.
pub struct DeclarativeChecker {
    compiled: Arc<Compiled>,
    root: Option<PathBuf>,
    /// The folder shown paths are relative to.
    cwd: PathBuf,
    /// Whether `files` and `exclude` apply.
    globs: bool,
}

impl DeclarativeChecker {
    /// A post's path relative to the project root, as the rules' globs are.
    fn relative(&self, shown: &Path) -> PathBuf {
        let Some(root) = &self.root else {
            return shown.to_path_buf();
        };
        let abs = self.cwd.join(shown);
        abs.strip_prefix(root).unwrap_or(shown).to_path_buf()
    }

    /// Which rules apply to `post` by their `files` and `exclude` globs.
    fn applies(&self, post: &Document) -> Vec<bool> {
        let mut rel = None;
        self.compiled
            .rules
            .iter()
            .map(|l| {
                if !self.globs || (l.rule.files.is_none() && l.rule.exclude.is_none()) {
                    return true;
                }
                let rel = rel.get_or_insert_with(|| self.relative(&post.path));
                l.rule.files.as_ref().is_none_or(|g| g.matches(rel))
                    && !l.rule.exclude.as_ref().is_some_and(|g| g.matches(rel))
            })
            .collect()
    }
}

impl PostRule for DeclarativeChecker {
    fn check(&self, post: &Document, out: &mut Vec<Finding>) {
        let compiled = &*self.compiled;
        let probes = &compiled.matcher.probes;
        let applies = self.applies(post);
        let mut hits = Vec::new();
        let first = out.len();
        // Each block's and heading's text is scanned once for every scope: the
        // hits are kept by the text's address and shared by all the scopes
        // (paragraph, sentence, section, post) that read it.
        let mut raw: Vec<RawHit> = Vec::new();
        let mut scanned: HashMap<usize, Range<usize>> = HashMap::new();
        for (s, scope) in compiled.scopes.iter().enumerate() {
            if !scope.rules.iter().any(|&r| applies[r as usize]) {
                continue;
            }
            for instance in scope.scope.instances(post) {
                hits.clear();
                for (u, unit) in instance.units.iter().enumerate() {
                    let found = match &unit.plain {
                        Cow::Borrowed(plain) => scanned
                            .entry(*plain as *const PlainText as usize)
                            .or_insert_with(|| compiled.matcher.scan(&plain.text, &mut raw))
                            .clone(),
                        Cow::Owned(plain) => compiled.matcher.scan(&plain.text, &mut raw),
                    };
                    for h in &raw[found] {
                        let probe = probes[h.probe as usize];
                        if probe.scope as usize != s
                            || !applies[probe.rule as usize]
                            || h.range.start < unit.range.start
                            || h.range.end > unit.range.end
                        {
                            continue;
                        }
                        let shift =
                            |r: &Range<usize>| r.start - unit.range.start..r.end - unit.range.start;
                        let range = shift(&h.range);
                        if unit.code(&range) {
                            continue;
                        }
                        hits.push(Hit {
                            probe: h.probe,
                            unit: u,
                            range,
                            key: h
                                .key
                                .as_ref()
                                .filter(|k| k.start >= unit.range.start)
                                .map(shift),
                        });
                    }
                }
                if hits.is_empty() && scope.every.is_empty() {
                    continue;
                }
                hits.sort_by_key(|h| {
                    (
                        probes[h.probe as usize].rule,
                        h.unit,
                        h.range.start,
                        std::cmp::Reverse(h.range.end),
                    )
                });
                let mut judged: Vec<u32> = Vec::new();
                let mut at = 0;
                while at < hits.len() {
                    let rule = probes[hits[at].probe as usize].rule;
                    let end = hits[at..]
                        .iter()
                        .position(|h| probes[h.probe as usize].rule != rule)
                        .map_or(hits.len(), |n| at + n);
                    judged.push(rule);
                    self.judge(&scope.scope, rule, &instance, &hits[at..end], post, out);
                    at = end;
                }
                for &rule in &scope.every {
                    if applies[rule as usize] && !judged.contains(&rule) {
                        self.judge(&scope.scope, rule, &instance, &[], post, out);
                    }
                }
            }
        }
        // Nested sections (and a rule listing overlapping scopes) see the same
        // match more than once; it is one finding.
        let mut seen = HashSet::new();
        let mut index = 0;
        out.retain(|f| {
            let keep = index < first || seen.insert((f.rule.clone(), f.span.start, f.span.end));
            index += 1;
            keep
        });
    }
}

impl DeclarativeChecker {
    /// Has `rule`'s kind judge one instance of `scope`, given the rule's hits in it.
    fn judge(
        &self,
        scope: &Scope,
        rule: u32,
        instance: &Instance<'_>,
        hits: &[Hit],
        post: &Document,
        out: &mut Vec<Finding>,
    ) {
        let loaded = &self.compiled.rules[rule as usize];
        let judging = Judging {
            scope,
            instance,
            hits,
            probes: &self.compiled.matcher.probes,
            post,
        };
        let mut findings = Findings {
            info: &loaded.info,
            message: loaded.rule.message.as_deref(),
            help: loaded.rule.help.as_deref(),
            post: post.id,
            out,
        };
        loaded.rule.kind.judge(&judging, &mut findings);
    }
}
