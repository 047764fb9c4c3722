//! `capitalization`: headings (or other short text) in a case style, title
//! case or sentence case.
//!
//! ```toml
//! kind = "capitalization"
//! style = "sentence"
//! exceptions = ["Docker", "Rust"]
//! ```
//! A word the style cannot judge is left alone: an acronym ("API"), a word with
//! a capital inside ("GitHub", "iOS"), a word with digits ("H2O"). Words in the
//! rule's exceptions must be written exactly as listed: that is how names
//! ("Docker", "Rust") keep their capital in sentence case.

use std::ops::Range;

use crate::settings::Reader;
use crate::text::prose::word_spans;

use super::super::matcher::Builder;
use super::super::scope::Scope;
use super::{Declared, Findings, Judging, Shared, one_of};

/// The settings of a capitalization rule.
pub struct Capitalization {
    /// Which style.
    style: Style,
    /// Words written exactly so, whatever the style says.
    exceptions: Vec<String>,
}

impl Declared for Capitalization {
    const NAME: &'static str = "capitalization";
    const KEYS: &'static [&'static str] = &["style", "exceptions"];
    const PLACEHOLDERS: &'static [&'static str] = &["expected", "style"];
    const SCOPE: Scope = Scope::Heading(None);

    fn read(reader: &mut Reader<'_>, table: &toml::Table, shared: &Shared) -> Option<Self> {
        let styles = [Style::Title, Style::Sentence];
        let style = one_of(reader, table, "style", &styles, Style::name)?;
        Some(Capitalization {
            style,
            exceptions: shared.exceptions.clone(),
        })
    }

    fn compile(&self, _: u32, _: &mut Builder) -> bool {
        true
    }

    fn judge(&self, judging: &Judging<'_>, findings: &mut Findings<'_>) {
        for unit in &judging.instance.units {
            let text = unit.text();
            let skip = |range: Range<usize>| unit.code(&range);
            let Some(expected) = expected(text, self.style, &self.exceptions, skip) else {
                continue;
            };
            let span = unit.to_source(0..text.len());
            findings.push(
                span,
                &|name| match name {
                    "match" => Some(text.to_string()),
                    "expected" => Some(expected.clone()),
                    "style" => Some(self.style.name().to_string()),
                    _ => None,
                },
                "\"{match}\" is not in {style} case",
                Some("write \"{expected}\""),
            );
        }
    }
}

/// A case style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Major words capitalized: "Getting Started with the CLI".
    Title,
    /// Only the first word and names: "Getting started with the CLI".
    Sentence,
}

impl Style {
    /// Its name in rule files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Style::Title => "title",
            Style::Sentence => "sentence",
        }
    }
}

/// Short words title case leaves lower-case unless first or last (Chicago style).
const MINOR: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "if", "in", "into", "nor",
    "of", "off", "on", "onto", "or", "per", "so", "the", "to", "up", "via", "vs", "with", "yet",
];

/// `text` as `style` wants it, or `None` when it already is.
/// Words for which `skip(range)` holds (inline code) are left as they are.
fn expected(
    text: &str,
    style: Style,
    exceptions: &[String],
    skip: impl Fn(Range<usize>) -> bool,
) -> Option<String> {
    let words: Vec<(usize, &str)> = word_spans(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut changed = false;
    let count = words.len();
    for (n, &(at, word)) in words.iter().enumerate() {
        out.push_str(&text[last..at]);
        last = at + word.len();
        // After a colon a new title (or sentence) starts.
        let after_colon = text[..at].trim_end().ends_with(':');
        let first = n == 0 || after_colon;
        let wanted = if skip(at..at + word.len()) {
            word.to_string()
        } else {
            want(word, style, first, n + 1 == count, exceptions)
        };
        if wanted != word {
            changed = true;
        }
        out.push_str(&wanted);
    }
    out.push_str(&text[last..]);
    changed.then_some(out)
}

fn want(word: &str, style: Style, first: bool, last: bool, exceptions: &[String]) -> String {
    // A multi-word exception ("Visual Studio Code") keeps each of its words.
    let mut listed = exceptions.iter().flat_map(|e| e.split_whitespace());
    if let Some(exception) = listed.find(|e| e.eq_ignore_ascii_case(word)) {
        return exception.to_string();
    }
    let mut chars = word.chars();
    let Some(head) = chars.next() else {
        return word.to_string();
    };
    let tail = chars.as_str();
    let unjudgeable = !head.is_alphabetic()
        || word.chars().any(|c| c.is_ascii_digit())
        || tail.chars().any(char::is_uppercase)
        || word == "I";
    if unjudgeable {
        return word.to_string();
    }
    let lower = word.to_lowercase();
    let capitalized: String = head.to_uppercase().chain(tail.chars()).collect();
    let lowered: String = head.to_lowercase().chain(tail.chars()).collect();
    match style {
        Style::Sentence if first => capitalized,
        // As in Vale, names are the exceptions' business: sentence case cannot
        // tell "Docker" from "Started".
        Style::Sentence => lowered,
        Style::Title if first || last => capitalized,
        Style::Title if MINOR.contains(&lower.as_str()) => lowered,
        Style::Title => capitalized,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_capitalizes_major_words_and_keeps_acronyms() {
        assert_eq!(
            expected("Getting Started with the API", Style::Title, &[], |_| false),
            None
        );
        assert_eq!(
            expected(
                "getting started With the cli: a guide",
                Style::Title,
                &[],
                |_| false
            )
            .as_deref(),
            Some("Getting Started with the Cli: A Guide")
        );
        let exceptions = ["macOS".to_string()];
        assert_eq!(
            expected("Installing on MacOS", Style::Title, &exceptions, |_| false).as_deref(),
            Some("Installing on macOS")
        );
    }

    #[test]
    fn sentence_case_judges_the_first_word_and_minor_words() {
        assert_eq!(
            expected("Getting started with GitHub", Style::Sentence, &[], |_| {
                false
            }),
            None
        );
        assert_eq!(
            expected(
                "getting Started With The API on Docker",
                Style::Sentence,
                &[],
                |_| false
            )
            .as_deref(),
            Some("Getting started with the API on docker")
        );
        let exceptions = ["Docker".to_string()];
        assert_eq!(
            expected("Running on docker", Style::Sentence, &exceptions, |_| false).as_deref(),
            Some("Running on Docker")
        );
    }
}
