//! Text helpers shared by rules: folding text so that trivial differences vanish.
//!
//! Two titles, two paragraphs or a title and a heading are "the same" to a reader
//! when they differ only in case, Unicode form, typographic quotes and dashes,
//! punctuation, Markdown escapes or line wrapping. [`fold`] and [`words`] define
//! that sameness once, so every rule compares text the same way.

pub mod terms;
pub mod topic;

use unicode_normalization::UnicodeNormalization;

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

/// A title or heading reduced to its words, for comparing titles: case,
/// punctuation, Markdown escapes and typography do not matter.
pub fn title_key(text: &str) -> String {
    let folded = fold(text);
    let mut key = String::with_capacity(folded.len());
    for word in words(&folded) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
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
    }
}
