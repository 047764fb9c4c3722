//! Text helpers shared by rules: folding text so that trivial differences vanish.
//!
//! Two titles, two paragraphs or a title and a heading are "the same" to a reader
//! when they differ only in case, Unicode form, typographic quotes and dashes,
//! punctuation, Markdown escapes or line wrapping. [`fold`] and [`words`] define
//! that sameness once, so every rule compares text the same way.
//!
//! [`shingles`] builds on those words for near-duplicate detection, and
//! [`prose`] splits text into sentences and counts syllables.
//!
//! A word is defined here in these ways, each for a reason:
//! - [`words`]: runs of letters and digits of folded text, so that copies and
//!   titles compare equal whatever their punctuation (duplicate-paragraph keeps
//!   an ASCII fast path of it, held to the same answer by a test);
//! - [`terms::for_each_word`]: UAX #29 words split at `_` and `.`, so that
//!   `v1.2`, `don't` and `snake_case` give the terms a reader sees for topics;
//! - [`prose::words`]: letters and digits with inner apostrophes and hyphens,
//!   so that "well-known" counts as one word in a readability score;
//! - [`prose::word_spans`]: the same, but split at hyphens, because title case
//!   capitalises both halves of "Built-In";
//! - [`is_regex_word_char`]: a letter, digit or `_`, as regex `\b` reads them,
//!   so phrase matches and their prefilter agree with rule-file regexes on
//!   where a word ends.

pub mod shingles;

use std::borrow::Cow;

pub mod prose;
pub mod terms;
pub mod topic;

use unicode_normalization::UnicodeNormalization;

/// A character inside a word as regex `\b` sees it: a letter, a digit or `_`.
pub fn is_regex_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Unicode NFKC, lower case, typographic quotes and dashes folded to ASCII.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfkc()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .collect()
}

/// Folds one typographic quote, apostrophe or dash to its ASCII form.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}'
        | '\u{00b4}' | '\u{2039}' | '\u{203a}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}'
        | '\u{00bb}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        c => c,
    }
}

/// The words of already-folded text: runs of letters and digits.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Text with its URLs removed: every whitespace-separated run holding `://`
/// after a scheme, or starting with `mailto:` or `www.`, becomes a space.
/// Plain text keeps the text of links, and the text of an autolink
/// (`<https://…>`) or a pasted address is the URL itself, which says nothing
/// about the prose around it: two copies of a paragraph that link to different
/// places are still copies.
pub fn without_urls(text: &str) -> Cow<'_, str> {
    if !text.contains("://") && !text.contains("mailto:") && !text.contains("www.") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(char::is_whitespace) {
        let token = piece
            .trim_end()
            .trim_start_matches(|c: char| !c.is_alphanumeric());
        if is_url(token) {
            out.push(' ');
        } else {
            out.push_str(piece);
        }
    }
    Cow::Owned(out)
}

fn is_url(token: &str) -> bool {
    let lower = |prefix: &str| {
        token
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if lower("mailto:") || lower("www.") {
        return true;
    }
    token.find("://").is_some_and(|i| {
        let scheme = &token[..i];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// A title or heading reduced to its words, for comparing titles: case,
/// punctuation, Markdown escapes and typography do not matter.
pub fn title_key(text: &str) -> String {
    let mut key = String::new();
    title_key_into(text, &mut key);
    key
}

/// [`title_key`] into a reused buffer: rules that test every heading against
/// a list allocate nothing per heading.
pub fn title_key_into(text: &str, key: &mut String) {
    key.clear();
    // ASCII needs no folded copy: its words are lower-cased as they are added.
    let folded = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(fold(text))
    };
    for word in words(&folded) {
        if !key.is_empty() {
            key.push(' ');
        }
        let at = key.len();
        key.push_str(word);
        if let Some(added) = key.get_mut(at..) {
            added.make_ascii_lowercase();
        }
    }
}

/// Byte offsets just past each sentence end of `text`: a `.`, `!` or `?`
/// followed by white space or the end, perhaps with closing quotes, brackets
/// or emphasis between ("… the end.\" Next"). An abbreviation ("e.g. this")
/// ends a sentence too; callers that need whole sentences ask for long ones.
pub fn sentence_ends(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr3_iter(b'.', b'!', b'?', text).filter_map(move |i| {
        let rest = text.get(i + 1..).unwrap_or_default();
        let closing = rest
            .iter()
            .take_while(|b| matches!(b, b'"' | b'\'' | b')' | b']' | b'*' | b'_'))
            .count();
        match rest.get(closing) {
            None => Some(i + 1 + closing),
            Some(b) if b.is_ascii_whitespace() => Some(i + 1 + closing),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_keys_ignore_case_punctuation_escapes_and_typography() {
        assert_eq!(
            title_key("Don\u{2019}t *Panic* \\— A Guide!"),
            title_key("don't panic - a guide")
        );
        assert_eq!(title_key("ＲＵＳＴ 1.73"), "rust 1 73");
        // ASCII takes a shortcut that must agree with the general path.
        assert_eq!(title_key(" -Hello,  World_2!! "), "hello world 2");
        assert_eq!(
            title_key(" -Hello,  World_2!! \u{e9}"),
            "hello world 2 \u{e9}"
        );
    }

    #[test]
    fn urls_are_dropped_and_the_prose_around_them_kept() {
        assert_eq!(
            without_urls(
                "see <https://example.com/a?b=c> or (www.rust-lang.org), or mailto:me@x.org now"
            ),
            "see  or  or  now"
        );
        assert_eq!(
            without_urls("a ratio of 3://4 stays"),
            "a ratio of 3://4 stays"
        );
        assert_eq!(without_urls("no links here"), "no links here");
    }
}
