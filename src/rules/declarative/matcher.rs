//! The scanner: every phrase and regex of every rule file in one matcher.
//!
//! Checking 500 rules one by one would scan each post 500 times. Instead, a
//! [`Builder`] gathers every phrase of every rule, whatever its scope, into
//! one Aho-Corasick automaton and every regex into one `RegexSet`. (An
//! automaton ignores ASCII case or not, and phrases that start with a word sit
//! behind the word filter of [`super::prefilter`], so there are up to four, by
//! case and by filter; never one per rule or per scope.) [`Matcher::scan`]
//! finds every match of all of them in a text at once, each tagged with the
//! [`Probe`] that says which rule, scope and role it is for; the kinds
//! ([`super::kinds`]) say what to look for and judge what was found. That keeps
//! 500 rules about as cheap as 5 (measured in `bench/rules.sh`).
//!
//! Phrases match on word boundaries, checked on each hit rather than compiled
//! into a regex: the regex crate's Unicode `\b` makes its fast engines give up on
//! any non-ASCII text, and most posts have a typographic apostrophe somewhere.
//! A phrase written with `'` also matches `’` and the other way round, by
//! adding variants to the automaton, since posts mix both.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};

use crate::text::is_regex_word_char;

use super::prefilter::WordFilter;

/// Phrases and regexes to find in text.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    /// Phrases, matched on word boundaries.
    pub tokens: Vec<String>,
    /// Regexes, matched as written.
    pub regexes: Vec<String>,
    /// The regexes, compiled once when the file is read (case folded when
    /// `ignorecase`): compiling is most of what thousands of regex rules cost,
    /// so it is not done again to check posts.
    pub compiled: Vec<regex::Regex>,
    /// Whether case is ignored.
    pub ignorecase: bool,
}

/// What a pattern is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The thing an existence, substitution or occurrence rule looks for.
    Main,
    /// A conditional's trigger.
    If,
    /// What a conditional requires.
    Then,
}

/// What a pattern was added for.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    /// The scope it was added for (see [`Builder::scope`]).
    pub scope: u32,
    /// The rule it was added for.
    pub rule: u32,
    /// What it is for in that rule.
    pub role: Role,
    /// Whether the match must start and end on word boundaries.
    bounded: bool,
    /// For substitutions: which swap.
    pub swap: u32,
}

struct Literals {
    automaton: AhoCorasick,
    /// Probe of each automaton pattern.
    probe_of: Vec<u32>,
    /// Whether [`Matcher::filter`] covers its phrases.
    filtered: bool,
}

struct Regexes {
    /// `None` when the set is too big to compile; each regex then runs alone.
    set: Option<RegexSet>,
    each: Vec<(Regex, u32)>,
}

/// A match in the whole text of a block, heading or other piece of a post.
#[derive(Debug, Clone)]
pub struct RawHit {
    /// Its probe.
    pub probe: u32,
    /// Where in the text.
    pub range: Range<usize>,
    /// The first capture group.
    pub key: Option<Range<usize>>,
}

/// A match in one unit of an instance.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Its probe.
    pub probe: u32,
    /// Which unit of the instance.
    pub unit: usize,
    /// Where in the unit's text.
    pub range: Range<usize>,
    /// The first capture group, for conditionals that pair captures.
    pub key: Option<Range<usize>>,
}

/// How many phrases (counting apostrophe variants) make the word filter pay.
const FILTER_MIN_PHRASES: usize = 300;

/// Collects the patterns of every scope while compiling.
#[derive(Default)]
pub struct Builder {
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
    /// Adds the patterns that follow for the scope numbered `scope`.
    pub fn scope(&mut self, scope: u32) {
        self.scope = scope;
    }

    /// A new probe of `rule`, for its patterns to carry.
    pub fn probe(&mut self, rule: u32, role: Role, bounded: bool, swap: u32) -> u32 {
        self.probes.push(Probe {
            scope: self.scope,
            rule,
            role,
            bounded,
            swap,
        });
        (self.probes.len() - 1) as u32
    }

    /// Adds `phrase`, whose matches carry `probe`.
    pub fn phrase(&mut self, phrase: &str, ignorecase: bool, probe: u32) {
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
        let keyed = phrase.chars().next().is_some_and(is_regex_word_char);
        let (patterns, probes) = &mut self.phrases[usize::from(ignorecase)][usize::from(keyed)];
        for variant in variants(phrase) {
            patterns.push(variant);
            probes.push(probe);
        }
    }

    /// Adds every phrase and regex of `what`, each with a probe of `rule`.
    pub fn patterns(&mut self, rule: u32, role: Role, what: &Patterns) {
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

    /// The matcher of everything added.
    pub fn build(self) -> Matcher {
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
                        None => regex_builder(pattern).build().ok()?,
                    };
                    Some((pattern.as_str(), (regex, *probe)))
                })
                .unzip();
            let set = RegexSet::new(patterns).ok();
            Regexes { set, each }
        });
        Matcher {
            probes: self.probes,
            literals,
            filter,
            regexes,
        }
    }
}

/// Every pattern of every rule, found in one scan of a text.
pub struct Matcher {
    /// What each pattern was added for.
    pub probes: Vec<Probe>,
    literals: Vec<Literals>,
    /// Skips the automata for text that cannot match (see [`WordFilter`]).
    filter: Option<WordFilter>,
    regexes: Option<Regexes>,
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

impl Matcher {
    /// Appends every match in `text` of every pattern to `raw`; returns where.
    pub fn scan(&self, text: &str, raw: &mut Vec<RawHit>) -> Range<usize> {
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

/// Whether a match starts and ends on word boundaries (a phrase edge that is
/// not a word character, like the `!` of "wow!", needs none).
fn bounded(text: &str, range: &Range<usize>) -> bool {
    let matched = &text[range.clone()];
    let starts_word = matched.chars().next().is_some_and(is_regex_word_char);
    let ends_word = matched.chars().next_back().is_some_and(is_regex_word_char);
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let joined_before = starts_word && before.is_some_and(is_regex_word_char);
    let joined_after = ends_word && after.is_some_and(is_regex_word_char);
    !joined_before && !joined_after
}

/// How big one rule's compiled regex may be: 1 MiB, a tenth of the regex
/// crate's default. `\p{L}{3,20}` and `\w{1,10}` fit; `[^x]{0,5000}y` does
/// not, and under the default it ran at 0.6 ms per byte of post, its lazy DFA
/// thrashing. Bounding the program bounds the cost per byte of text.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A regex builder with postlint's size limit, for every pattern of a rule
/// file: checked with it when the file is read, compiled with it to run.
pub fn regex_builder(pattern: &str) -> regex::RegexBuilder {
    let mut builder = regex::RegexBuilder::new(pattern);
    builder.size_limit(REGEX_SIZE_LIMIT);
    builder
}
