//! The numbers behind `metric` rules: counts of words, sentences and
//! syllables over some text, and the Flesch reading ease made of them. What a
//! word, a sentence and a syllable are is [`crate::text::prose`]'s business.

use super::file::Metric;
use crate::text::prose::{sentences, syllables, words};

/// Counts over some text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Syllables.
    pub syllables: usize,
}

impl Counts {
    /// Adds the counts of `text`.
    pub fn add(&mut self, text: &str) {
        self.sentences += sentences(text).len();
        for word in words(text) {
            self.words += 1;
            self.syllables += syllables(word);
        }
    }

    /// The value of `metric`, or `None` when it is undefined (no words).
    pub fn value(&self, metric: Metric) -> Option<f64> {
        let words = self.words as f64;
        let sentences = self.sentences.max(1) as f64;
        match metric {
            Metric::Words => Some(words),
            Metric::Sentences => Some(self.sentences as f64),
            Metric::AverageSentenceLength => (self.words > 0).then(|| words / sentences),
            Metric::FleschReadingEase => (self.words > 0).then(|| {
                206.835 - 1.015 * (words / sentences) - 84.6 * (self.syllables as f64 / words)
            }),
        }
    }
}

/// A metric's value as a message shows it: whole counts plain, ratios to one decimal.
pub fn show(metric: Metric, value: f64) -> String {
    match metric {
        Metric::Words | Metric::Sentences => format!("{value:.0}"),
        _ => format!("{value:.1}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flesch_follows_the_usual_formula() {
        let mut easy = Counts::default();
        easy.add("The cat sat on the mat. It was fun.");
        assert!(easy.value(Metric::FleschReadingEase).unwrap() > 90.0);
        assert_eq!(easy.value(Metric::AverageSentenceLength), Some(4.5));
    }
}
