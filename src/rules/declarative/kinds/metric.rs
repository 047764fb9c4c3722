//! `metric`: a number per scope must stay within bounds.
//!
//! ```toml
//! kind = "metric"
//! metric = "flesch-reading-ease"
//! scope = "paragraph"
//! min = 30
//! ```
//! The numbers are counts of words, sentences and syllables over an
//! instance's text, and the Flesch reading ease made of them. What a word, a
//! sentence and a syllable are is [`crate::text::prose`]'s business.

use crate::settings::Reader;
use crate::text::prose::{sentences, syllables, words};

use super::super::matcher::Builder;
use super::{Declared, Findings, Judging, Shared, bounds, one_of};

/// The settings of a metric rule.
pub struct Metric {
    /// Which number.
    measure: Measure,
    /// At least this.
    min: Option<f64>,
    /// At most this.
    max: Option<f64>,
}

impl Declared for Metric {
    const NAME: &'static str = "metric";
    const KEYS: &'static [&'static str] = &["metric", "min", "max"];
    const PLACEHOLDERS: &'static [&'static str] = &["metric", "value", "min", "max"];

    fn read(reader: &mut Reader<'_>, table: &toml::Table, _: &Shared) -> Option<Self> {
        let measure = one_of(reader, table, "metric", &MEASURES, Measure::name)?;
        let (min, max) = bounds(reader, table, |r, v, at| r.number(v, at))?;
        Some(Metric { measure, min, max })
    }

    fn compile(&self, _: u32, _: &mut Builder) -> bool {
        true
    }

    fn judge(&self, judging: &Judging<'_>, findings: &mut Findings<'_>) {
        let measure = self.measure;
        let mut counts = Counts::default();
        for unit in &judging.instance.units {
            counts.add(unit.text());
        }
        let Some(value) = counts.value(measure) else {
            return;
        };
        let matched = judging.anchor_text();
        let values = |name: &str| match name {
            "match" => Some(matched.clone()),
            "metric" => Some(measure.name().to_string()),
            "value" => Some(show(measure, value)),
            "min" => self.min.map(|m| show(measure, m)),
            "max" => self.max.map(|m| show(measure, m)),
            _ => None,
        };
        let subject = judging.scope_noun();
        let (above, below) = match measure {
            Measure::Words | Measure::Sentences => (
                "has {value} {metric}, more than {max}",
                "has {value} {metric}, fewer than {min}",
            ),
            Measure::AverageSentenceLength => (
                "averages {value} words per sentence, more than {max}",
                "averages {value} words per sentence, fewer than {min}",
            ),
            Measure::FleschReadingEase => (
                "has a Flesch reading ease of {value}, above {max}",
                "has a Flesch reading ease of {value}, below {min}",
            ),
        };
        let anchor = judging.instance.anchor.clone();
        if self.max.is_some_and(|m| value > m) {
            let message = format!("this {subject} {above}");
            findings.push(anchor, &values, &message, None);
        } else if self.min.is_some_and(|m| value < m) {
            let message = format!("this {subject} {below}");
            findings.push(anchor, &values, &message, None);
        }
    }
}

/// A number a metric rule computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Words.
    Words,
    /// Sentences.
    Sentences,
    /// Words per sentence.
    AverageSentenceLength,
    /// Flesch reading ease: higher is easier, 60 to 70 is plain English.
    FleschReadingEase,
}

impl Measure {
    /// Its name in rule files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Words => "words",
            Measure::Sentences => "sentences",
            Measure::AverageSentenceLength => "average-sentence-length",
            Measure::FleschReadingEase => "flesch-reading-ease",
        }
    }
}

const MEASURES: [Measure; 4] = [
    Measure::Words,
    Measure::Sentences,
    Measure::AverageSentenceLength,
    Measure::FleschReadingEase,
];

/// Counts over some text.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    /// Words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Syllables.
    pub syllables: usize,
}

impl Counts {
    /// Adds the counts of `text`.
    fn add(&mut self, text: &str) {
        self.sentences += sentences(text).len();
        for word in words(text) {
            self.words += 1;
            self.syllables += syllables(word);
        }
    }

    /// The value of `measure`, or `None` when it is undefined (no words).
    fn value(&self, measure: Measure) -> Option<f64> {
        let words = self.words as f64;
        let sentences = self.sentences.max(1) as f64;
        match measure {
            Measure::Words => Some(words),
            Measure::Sentences => Some(self.sentences as f64),
            Measure::AverageSentenceLength => (self.words > 0).then(|| words / sentences),
            Measure::FleschReadingEase => (self.words > 0).then(|| {
                206.835 - 1.015 * (words / sentences) - 84.6 * (self.syllables as f64 / words)
            }),
        }
    }
}

/// A metric's value as a message shows it: whole counts plain, ratios to one decimal.
fn show(measure: Measure, value: f64) -> String {
    match measure {
        Measure::Words | Measure::Sentences => format!("{value:.0}"),
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
        assert!(easy.value(Measure::FleschReadingEase).unwrap() > 90.0);
        assert_eq!(easy.value(Measure::AverageSentenceLength), Some(4.5));
    }
}
