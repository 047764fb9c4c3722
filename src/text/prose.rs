//! Prose as metric rules and the `sentence` scope count it: sentences, words
//! and syllables.
//!
//! These are heuristics tuned for English blog prose, not linguistics: a
//! sentence ends at `.`, `!` or `?` (with any closing quotes or brackets)
//! followed by a space and a capital letter, a digit or an opening quote, which
//! keeps "e.g. this" and "v1.2" inside one sentence.

use std::ops::Range;

/// The sentences of `text`, trimmed, as byte ranges.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Swallow runs like "?!" and closing quotes or brackets.
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if matches!(
                next,
                '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}'
            ) {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let after_space = rest.trim_start();
        let spaced = after_space.len() < rest.len();
        let starts_new = after_space.chars().next().is_none_or(|n| {
            n.is_uppercase()
                || n.is_ascii_digit()
                || matches!(n, '"' | '\u{201c}' | '\'' | '(' | '[')
        });
        if (spaced || after_space.is_empty()) && starts_new {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let part = &text[range.clone()];
    let lead = part.len() - part.trim_start().len();
    let trimmed = part.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        let start = range.start + lead;
        out.push(start..start + trimmed.len());
    }
}

/// The words of `text`: runs of letters and digits, with inner apostrophes and
/// hyphens ("don't", "well-known").
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '-')))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// Words with their byte offsets, as case styles judge them: runs of letters,
/// digits and inner apostrophes. Hyphenated parts are words of their own, since
/// title case capitalises both halves of "Built-In".
pub fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inner = c.is_alphanumeric() || (matches!(c, '\'' | '\u{2019}') && start.is_some());
        match (inner, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, text[s..i].trim_end_matches(['\'', '\u{2019}'])));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text[s..].trim_end_matches(['\'', '\u{2019}'])));
    }
    out
}

/// Syllables in an English word, by vowel groups: good to about one syllable in
/// ten, which is what the Flesch formula was fitted with.
pub fn syllables(word: &str) -> usize {
    let lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count: usize = 0;
    let mut previous = false;
    for &c in &lower {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    // A final silent "e" ("make"), but not "-le" ("table").
    let n = lower.len();
    let silent_e = n > 2 && lower[n - 1] == 'e' && !vowel(lower[n - 2]);
    let le = n > 2 && lower[n - 2] == 'l' && !vowel(lower[n - 3]);
    if silent_e && !le {
        count = count.saturating_sub(1);
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_terminal_punctuation_before_a_capital() {
        let text = "First one. Second, e.g. with an aside! Is v1.2 out? \"Yes.\" Done";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            parts,
            [
                "First one.",
                "Second, e.g. with an aside!",
                "Is v1.2 out?",
                "\"Yes.\"",
                "Done"
            ]
        );
    }

    #[test]
    fn syllables_follow_vowel_groups() {
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("readability"), 5);
    }
}
