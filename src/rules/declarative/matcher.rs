//! The combined checker: every rule file's patterns in one matcher.
//!
//! Checking 500 rules one by one would scan each post 500 times. Instead,
//! [`Compiled::new`] gathers every phrase of every rule, whatever its scope, into
//! one Aho-Corasick automaton and every regex into one `RegexSet`. (An
//! automaton ignores ASCII case or not, and phrases that start with a word sit
//! behind the word filter of [`super::prefilter`], so there are up to four, by
//! case and by filter; never one per rule or per scope.) Each block and heading
//! of a post is scanned once;
//! its hits are shared by every scope that reads it (a paragraph is also in its
//! section, its sentences and the post) and only the rare hits are traced back to
//! their rule and judged. That keeps 500 rules about as cheap as 5, and a rule
//! in a new scope about as cheap as one in a scope already used (measured in
//! `bench/rules.sh`).
//!
//! Phrases match on word boundaries, checked on each hit rather than compiled
//! into a regex: the regex crate's Unicode `\b` makes its fast engines give up on
//! any non-ASCII text, and most posts have a typographic apostrophe somewhere.
//! A phrase written with `'` also matches `’` and the other way round, by
//! adding variants to the automaton, since posts mix both.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};

use crate::diagnostic::Finding;
use crate::document::{Document, PlainText, Span};
use crate::rule::{PostRule, RuleInfo};

use super::capitalization;
use super::file::{Element, Kind, Metric, Patterns, Rule, Target};
use super::metric::{self, Counts};
use super::prefilter::WordFilter;
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
    probes: Vec<Probe>,
    literals: Vec<Literals>,
    /// Skips the automata for text that cannot match (see [`WordFilter`]).
    filter: Option<WordFilter>,
    regexes: Option<Regexes>,
    scopes: Vec<ScopeRules>,
}

/// What a pattern is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The thing an existence, substitution or occurrence rule looks for.
    Main,
    /// A conditional's trigger.
    If,
    /// What a conditional requires.
    Then,
}

#[derive(Debug, Clone, Copy)]
struct Probe {
    /// Index into [`Compiled::scopes`].
    scope: u32,
    rule: u32,
    role: Role,
    /// Whether the match must start and end on word boundaries.
    bounded: bool,
    /// For substitutions: which swap.
    swap: u32,
}

struct ScopeRules {
    scope: Scope,
    /// Rules judged on every instance, matched or not (minimums, metrics, case).
    every: Vec<u32>,
    /// Every rule of this scope.
    rules: Vec<u32>,
}

struct Literals {
    automaton: AhoCorasick,
    /// Probe of each automaton pattern.
    probe_of: Vec<u32>,
    /// Whether [`Compiled::filter`] covers its phrases.
    filtered: bool,
}

struct Regexes {
    /// `None` when the set is too big to compile; each regex then runs alone.
    set: Option<RegexSet>,
    each: Vec<(Regex, u32)>,
}

/// A match in the whole text of a block, heading or other piece of a post.
#[derive(Debug, Clone)]
struct RawHit {
    probe: u32,
    range: Range<usize>,
    key: Option<Range<usize>>,
}

/// A match in one unit of an instance.
#[derive(Debug, Clone)]
struct Hit {
    probe: u32,
    unit: usize,
    range: Range<usize>,
    /// The first capture group, for conditionals that pair captures.
    key: Option<Range<usize>>,
}

/// How many phrases (counting apostrophe variants) make the word filter pay.
const FILTER_MIN_PHRASES: usize = 300;

/// Collects the patterns of every scope while compiling.
#[derive(Default)]
struct Builder {
    /// The scope patterns are added for.
    scope: u32,
    probes: Vec<Probe>,
    /// Phrases and their probes, by case folding and by whether they start
    /// with a word (and so can be behind the word filter): `[fold][keyed]`.
    phrases: [[(Vec<String>, Vec<u32>); 2]; 2],
    /// Each regex as the set compiles it (case folding inline), with the
    /// compiled regex when the rule file already built it.
    regexes: Vec<(String, Option<Regex>, u32)>,
}

impl Builder {
    fn probe(&mut self, rule: u32, role: Role, bounded: bool, swap: u32) -> u32 {
        self.probes.push(Probe {
            scope: self.scope,
            rule,
            role,
            bounded,
            swap,
        });
        (self.probes.len() - 1) as u32
    }

    fn phrase(&mut self, phrase: &str, ignorecase: bool, probe: u32) {
        let phrase = phrase.trim();
        // The automaton folds ASCII case only; a phrase with other letters goes
        // to the regex set, which folds Unicode case.
        if ignorecase
            && !phrase.is_ascii()
            && phrase.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
        {
            let pattern = format!("(?i){}", apostrophes(&regex::escape(phrase)));
            self.regexes.push((pattern, None, probe));
            return;
        }
        // "!" or "(tm)" cannot be keyed by their first word; they get an
        // automaton of their own rather than turn the filter off for all.
        let keyed = phrase.chars().next().is_some_and(is_word);
        let (patterns, probes) = &mut self.phrases[usize::from(ignorecase)][usize::from(keyed)];
        for variant in variants(phrase) {
            patterns.push(variant);
            probes.push(probe);
        }
    }

    fn patterns(&mut self, rule: u32, role: Role, what: &Patterns) {
        for token in &what.tokens {
            let probe = self.probe(rule, role, true, 0);
            self.phrase(token, what.ignorecase, probe);
        }
        for (i, pattern) in what.regexes.iter().enumerate() {
            let probe = self.probe(rule, role, false, 0);
            let pattern = if what.ignorecase {
                format!("(?i){pattern}")
            } else {
                pattern.clone()
            };
            self.regexes
                .push((pattern, what.compiled.get(i).cloned(), probe));
        }
    }

    fn build(
        self,
    ) -> (
        Vec<Probe>,
        Vec<Literals>,
        Option<WordFilter>,
        Option<Regexes>,
    ) {
        let [[exact_unkeyed, exact_keyed], [folded_unkeyed, folded_keyed]] = self.phrases;
        // The filter costs about 2.5 ns a byte; the automaton of the shipped
        // pack (70 phrases) about 1, of 1,500 phrases about 6 (cache misses).
        // So it goes in front of big automata only.
        let keyed = folded_keyed.0.len() + exact_keyed.0.len();
        let filter = (keyed >= FILTER_MIN_PHRASES)
            .then(|| {
                WordFilter::new(
                    folded_keyed
                        .0
                        .iter()
                        .chain(&exact_keyed.0)
                        .map(String::as_str),
                )
            })
            .flatten();
        let mut literals = Vec::new();
        let sets = [
            (folded_keyed, true, true),
            (exact_keyed, false, true),
            (folded_unkeyed, true, false),
            (exact_unkeyed, false, false),
        ];
        for ((patterns, probe_of), fold, keyed) in sets {
            if patterns.is_empty() {
                continue;
            }
            // A full DFA: thousands of phrases have no rare byte for a
            // prefilter, and the DFA's table lookup per byte is what keeps the
            // scan cost flat in the number of phrases.
            let built = AhoCorasick::builder()
                .ascii_case_insensitive(fold)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .prefilter(false)
                .build(&patterns);
            if let Ok(automaton) = built {
                literals.push(Literals {
                    automaton,
                    probe_of,
                    filtered: keyed && filter.is_some(),
                });
            }
        }
        let regexes = (!self.regexes.is_empty()).then(|| {
            // Rule files' patterns were compiled when the file was read; only
            // the Unicode phrases are compiled here.
            let (patterns, each): (Vec<&str>, Vec<(Regex, u32)>) = self
                .regexes
                .iter()
                .filter_map(|(pattern, compiled, probe)| {
                    let regex = match compiled {
                        Some(regex) => regex.clone(),
                        None => super::file::regex_builder(pattern).build().ok()?,
                    };
                    Some((pattern.as_str(), (regex, *probe)))
                })
                .unzip();
            let set = RegexSet::new(patterns).ok();
            Regexes { set, each }
        });
        (self.probes, literals, filter, regexes)
    }
}

/// `'` in an escaped regex matches either apostrophe.
fn apostrophes(escaped: &str) -> String {
    escaped.replace(['\'', '\u{2019}'], "['\u{2019}]")
}

/// A phrase with each of its first three apostrophes written both ways.
fn variants(phrase: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut forks = 0;
    for c in phrase.chars() {
        if matches!(c, '\'' | '\u{2019}') && forks < 3 {
            forks += 1;
            let mut other = out.clone();
            for v in &mut out {
                v.push('\'');
            }
            for v in &mut other {
                v.push('\u{2019}');
            }
            out.extend(other);
        } else {
            for v in &mut out {
                v.push(c);
            }
        }
    }
    out
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
                b.scope = at as u32;
                let here = &mut scopes[at];
                here.rules.push(rule);
                match &loaded.rule.kind {
                    Kind::Existence { what, .. } => b.patterns(rule, Role::Main, what),
                    Kind::Substitution {
                        swaps, ignorecase, ..
                    } => {
                        for (i, (bad, _)) in swaps.iter().enumerate() {
                            let probe = b.probe(rule, Role::Main, true, i as u32);
                            b.phrase(bad, *ignorecase, probe);
                        }
                    }
                    Kind::Occurrence { what, min, .. } => {
                        match what {
                            Target::Text(p) => b.patterns(rule, Role::Main, p),
                            Target::Element(_) => here.every.push(rule),
                        }
                        if min.is_some() && !here.every.contains(&rule) {
                            here.every.push(rule);
                        }
                    }
                    Kind::Conditional { first, then } => {
                        b.patterns(rule, Role::If, first);
                        if let Target::Text(p) = then {
                            b.patterns(rule, Role::Then, p);
                        }
                    }
                    Kind::Metric { .. } | Kind::Capitalization { .. } => here.every.push(rule),
                }
            }
        }
        let (probes, literals, filter, regexes) = b.build();
        Compiled {
            rules,
            probes,
            literals,
            filter,
            regexes,
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
        let probes = &compiled.probes;
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
                            .or_insert_with(|| compiled.scan(&plain.text, &mut raw))
                            .clone(),
                        Cow::Owned(plain) => compiled.scan(&plain.text, &mut raw),
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

impl Compiled {
    /// Appends every match in `text` of every pattern to `raw`; returns where.
    fn scan(&self, text: &str, raw: &mut Vec<RawHit>) -> Range<usize> {
        let start = raw.len();
        if text.is_empty() {
            return start..start;
        }
        let mut maybe = None;
        for literals in &self.literals {
            if literals.filtered
                && !*maybe
                    .get_or_insert_with(|| self.filter.as_ref().is_none_or(|f| f.may_match(text)))
            {
                continue;
            }
            // Most text matches nothing, and the plain search stops at the first
            // match; only text with one pays for finding every overlapping match.
            if !literals.automaton.is_match(text) {
                continue;
            }
            for m in literals.automaton.find_overlapping_iter(text) {
                let probe = literals.probe_of[m.pattern().as_usize()];
                let range = m.start()..m.end();
                if !self.probes[probe as usize].bounded || bounded(text, &range) {
                    raw.push(RawHit {
                        probe,
                        range,
                        key: None,
                    });
                }
            }
        }
        if let Some(regexes) = &self.regexes {
            let mut run = |regex: &Regex, probe: u32| {
                let bounded_probe = self.probes[probe as usize].bounded;
                for caps in regex.captures_iter(text) {
                    let Some(m) = caps.get(0) else { continue };
                    let range = m.range();
                    if range.is_empty() || (bounded_probe && !bounded(text, &range)) {
                        continue;
                    }
                    raw.push(RawHit {
                        probe,
                        range,
                        key: caps.get(1).map(|k| k.range()),
                    });
                }
            };
            match &regexes.set {
                Some(set) => {
                    for i in set.matches(text).iter() {
                        let (regex, probe) = &regexes.each[i];
                        run(regex, *probe);
                    }
                }
                None => {
                    for (regex, probe) in &regexes.each {
                        run(regex, *probe);
                    }
                }
            }
        }
        start..raw.len()
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a match starts and ends on word boundaries (a phrase edge that is
/// not a word character, like the `!` of "wow!", needs none).
fn bounded(text: &str, range: &Range<usize>) -> bool {
    let matched = &text[range.clone()];
    let starts_word = matched.chars().next().is_some_and(is_word);
    let ends_word = matched.chars().next_back().is_some_and(is_word);
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let joined_before = starts_word && before.is_some_and(is_word);
    let joined_after = ends_word && after.is_some_and(is_word);
    !joined_before && !joined_after
}

/// Drops hits overlapping an earlier (or longer) hit of the same role, so
/// overlapping phrases of one rule ("looking ahead, we're excited", "we're
/// excited about the possibilities") give one finding.
fn outermost(hits: &[Hit], keep: impl Fn(&Hit) -> bool) -> Vec<&Hit> {
    // Hits come sorted by unit, start and longest first, so the hits kept in a
    // unit are disjoint and in order, and a new hit can only overlap the last
    // one kept there: one comparison per hit instead of one per kept hit
    // (40,000 hits on one line took 21 s).
    debug_assert!(
        hits.windows(2)
            .all(|w| (w[0].unit, w[0].range.start) <= (w[1].unit, w[1].range.start))
    );
    let mut kept: Vec<&Hit> = Vec::new();
    // The last non-empty hit kept in the current unit: an empty one overlaps
    // nothing that comes after it.
    let mut last: Option<&Hit> = None;
    for h in hits.iter().filter(|h| keep(h)) {
        if last.is_some_and(|k| k.unit != h.unit) {
            last = None;
        }
        let inside =
            last.is_some_and(|k| k.range.start < h.range.end && h.range.start < k.range.end);
        if !inside {
            kept.push(h);
            if !h.range.is_empty() {
                last = Some(h);
            }
        }
    }
    kept
}

/// Whether `phrase` occurs in `text` around `range` (ASCII case and apostrophe
/// style ignored when `ignorecase`).
fn excepted(text: &str, range: &Range<usize>, exceptions: &[String]) -> bool {
    exceptions.iter().any(|e| {
        let e = e.trim();
        let reach = range.start.saturating_sub(e.len() * 3);
        (reach..=range.start)
            .filter(|&s| text.is_char_boundary(s))
            .any(|s| phrase_end(text, s, e).is_some_and(|end| end >= range.end))
    })
}

fn phrase_end(text: &str, start: usize, phrase: &str) -> Option<usize> {
    let mut chars = text[start..].char_indices();
    for p in phrase.chars() {
        let (_, c) = chars.next()?;
        let fold = |c: char| crate::text::fold_char(c.to_ascii_lowercase());
        if fold(c) != fold(p) {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(i, _)| start + i))
}

/// At most 80 characters of `text`, for messages about long things.
fn clip(text: &str) -> Cow<'_, str> {
    let text = text.trim();
    match text.char_indices().nth(80) {
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

impl DeclarativeChecker {
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
        let r = &loaded.rule;
        let role = |h: &Hit, role: Role| self.compiled.probes[h.probe as usize].role == role;
        let text_of = |h: &Hit| {
            instance.units[h.unit]
                .text()
                .get(h.range.clone())
                .unwrap_or("")
        };
        let span_of = |h: &Hit| instance.units[h.unit].to_source(h.range.clone());
        let mut push = |span: Span,
                        values: &dyn Fn(&str) -> Option<String>,
                        default_message: &str,
                        default_help: Option<&str>| {
            let fill = |template: &str| {
                super::file::render(template, |name| values(name).unwrap_or_default())
            };
            let message = fill(r.message.as_deref().unwrap_or(default_message));
            let mut finding = Finding::new(&loaded.info, post.id, span, message);
            if let Some(help) = r.help.as_deref().or(default_help) {
                finding = finding.with_help(fill(help));
            }
            out.push(finding);
        };
        match &r.kind {
            Kind::Existence { exceptions, .. } => {
                for h in outermost(hits, |h| role(h, Role::Main)) {
                    if excepted(instance.units[h.unit].text(), &h.range, exceptions) {
                        continue;
                    }
                    let matched = text_of(h);
                    push(
                        span_of(h),
                        &|name| (name == "match").then(|| matched.to_string()),
                        "avoid \"{match}\"",
                        None,
                    );
                }
            }
            Kind::Substitution {
                swaps, exceptions, ..
            } => {
                for h in outermost(hits, |h| role(h, Role::Main)) {
                    if excepted(instance.units[h.unit].text(), &h.range, exceptions) {
                        continue;
                    }
                    let matched = text_of(h);
                    let swap = self.compiled.probes[h.probe as usize].swap as usize;
                    let preferred = swaps.get(swap).map_or("", |(_, good)| good.as_str());
                    let preferred = match_case(matched, preferred);
                    push(
                        span_of(h),
                        &|name| match name {
                            "match" => Some(matched.to_string()),
                            "preferred" => Some(preferred.clone()),
                            _ => None,
                        },
                        "use \"{preferred}\" instead of \"{match}\"",
                        Some("write \"{preferred}\""),
                    );
                }
            }
            Kind::Occurrence { what, min, max } => {
                let (spans, noun): (Vec<Span>, &str) = match what {
                    Target::Text(_) => (
                        outermost(hits, |h| role(h, Role::Main))
                            .into_iter()
                            .map(span_of)
                            .collect(),
                        "matches",
                    ),
                    Target::Element(element) => (
                        elements(post, *element, &instance.extent),
                        match element {
                            Element::Link => "links",
                            Element::Image => "images",
                        },
                    ),
                };
                let count = spans.len();
                let values = |name: &str, matched: &str| match name {
                    "match" => Some(matched.to_string()),
                    "count" => Some(count.to_string()),
                    "min" => min.map(|m| m.to_string()),
                    "max" => max.map(|m| m.to_string()),
                    _ => None,
                };
                if let Some(max) = *max
                    && count > max
                {
                    let span = spans[max].clone();
                    let matched = post.slice(&span).to_string();
                    push(
                        span,
                        &|name| values(name, &matched),
                        &format!(
                            "{{count}} {noun} in this {}, more than {{max}}",
                            scope_noun(scope)
                        ),
                        None,
                    );
                }
                if let Some(min) = *min
                    && count < min
                {
                    let matched = clip(post.slice(&instance.anchor)).into_owned();
                    push(
                        instance.anchor.clone(),
                        &|name| values(name, &matched),
                        &format!(
                            "{{count}} {noun} in this {}, fewer than {{min}}",
                            scope_noun(scope)
                        ),
                        None,
                    );
                }
            }
            Kind::Conditional { then, .. } => {
                let firsts = outermost(hits, |h| role(h, Role::If));
                if firsts.is_empty() {
                    return;
                }
                let thens: Vec<&Hit> = hits.iter().filter(|h| role(h, Role::Then)).collect();
                let key_text = |h: &Hit| {
                    h.key
                        .as_ref()
                        .and_then(|k| instance.units[h.unit].text().get(k.clone()))
                };
                let then_keys: HashSet<&str> = thens.iter().filter_map(|h| key_text(h)).collect();
                let has_element = match then {
                    Target::Element(element) => {
                        !elements(post, *element, &instance.extent).is_empty()
                    }
                    Target::Text(_) => false,
                };
                // One finding per distinct trigger: an acronym used ten times
                // without its expansion is one problem.
                let mut seen: HashSet<String> = HashSet::new();
                for h in firsts {
                    let satisfied = match (then, key_text(h)) {
                        (Target::Element(_), _) => has_element,
                        // Paired captures: this acronym must be the one expanded.
                        (Target::Text(_), Some(key)) if !then_keys.is_empty() => {
                            then_keys.contains(key)
                        }
                        (Target::Text(_), _) => !thens.is_empty(),
                    };
                    if satisfied {
                        continue;
                    }
                    let matched = text_of(h);
                    if !seen.insert(crate::text::fold(key_text(h).unwrap_or(matched))) {
                        continue;
                    }
                    push(
                        span_of(h),
                        &|name| (name == "match").then(|| matched.to_string()),
                        "\"{match}\" appears without what it requires",
                        None,
                    );
                }
            }
            Kind::Metric { metric, min, max } => {
                let mut counts = Counts::default();
                for unit in &instance.units {
                    counts.add(unit.text());
                }
                let Some(value) = counts.value(*metric) else {
                    return;
                };
                let matched = clip(post.slice(&instance.anchor)).into_owned();
                let values = |name: &str| match name {
                    "match" => Some(matched.clone()),
                    "metric" => Some(metric.name().to_string()),
                    "value" => Some(metric::show(*metric, value)),
                    "min" => min.map(|m| metric::show(*metric, m)),
                    "max" => max.map(|m| metric::show(*metric, m)),
                    _ => None,
                };
                let subject = scope_noun(scope);
                let (above, below) = match metric {
                    Metric::Words | Metric::Sentences => (
                        "has {value} {metric}, more than {max}",
                        "has {value} {metric}, fewer than {min}",
                    ),
                    Metric::AverageSentenceLength => (
                        "averages {value} words per sentence, more than {max}",
                        "averages {value} words per sentence, fewer than {min}",
                    ),
                    Metric::FleschReadingEase => (
                        "has a Flesch reading ease of {value}, above {max}",
                        "has a Flesch reading ease of {value}, below {min}",
                    ),
                };
                if max.is_some_and(|m| value > m) {
                    let message = format!("this {subject} {above}");
                    push(instance.anchor.clone(), &values, &message, None);
                } else if min.is_some_and(|m| value < m) {
                    let message = format!("this {subject} {below}");
                    push(instance.anchor.clone(), &values, &message, None);
                }
            }
            Kind::Capitalization { style, exceptions } => {
                for unit in &instance.units {
                    let text = unit.text();
                    let skip = |range: Range<usize>| unit.code(&range);
                    let Some(expected) = capitalization::expected(text, *style, exceptions, skip)
                    else {
                        continue;
                    };
                    let span = unit.to_source(0..text.len());
                    push(
                        span,
                        &|name| match name {
                            "match" => Some(text.to_string()),
                            "expected" => Some(expected.clone()),
                            "style" => Some(style.name().to_string()),
                            _ => None,
                        },
                        "\"{match}\" is not in {style} case",
                        Some("write \"{expected}\""),
                    );
                }
            }
        }
    }
}

/// The preferred phrase capitalized like the match's first letter.
fn match_case(matched: &str, preferred: &str) -> String {
    let upper = matched.chars().next().is_some_and(char::is_uppercase);
    let mut chars = preferred.chars();
    match chars.next() {
        Some(first) if upper && first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => preferred.to_string(),
    }
}

/// Spans of the links or images inside `extent`, in order.
fn elements(post: &Document, element: Element, extent: &Span) -> Vec<Span> {
    let inside = |s: &Span| extent.start <= s.start && s.end <= extent.end;
    match element {
        Element::Link => post
            .links
            .iter()
            .map(|l| l.span.clone())
            .filter(inside)
            .collect(),
        Element::Image => post
            .images
            .iter()
            .map(|i| i.span.clone())
            .filter(inside)
            .collect(),
    }
}

/// How a scope's instance reads in a message ("this paragraph").
fn scope_noun(scope: &Scope) -> &'static str {
    match scope {
        Scope::Title => "title",
        Scope::Heading(_) => "heading",
        Scope::Paragraph => "paragraph",
        Scope::Sentence => "sentence",
        Scope::ListItem => "list item",
        Scope::BlockQuote => "blockquote",
        Scope::LinkText => "link text",
        Scope::ImageAlt => "image alt text",
        Scope::FrontMatter(_) => "front-matter value",
        Scope::Section => "section",
        Scope::Post => "post",
        Scope::Code => "code",
    }
}
