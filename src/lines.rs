//! Byte offsets to lines and columns.
//!
//! Rules and findings speak in byte offsets, which are exact and cheap. People and
//! editors speak in lines and columns. [`LineIndex`] keeps the start of every line
//! so the conversion is a binary search plus a count of characters on one line;
//! on lines longer than [`CHECKPOINT`] bytes it also keeps a character count
//! every [`CHECKPOINT`] bytes, so a column costs at most that many bytes of
//! counting however long the line (40,000 findings on one 600 KB line took
//! 1.7 s counting from the line's start each time).
//! Columns count Unicode scalar values, as the JSON contract says; a byte-order
//! mark at the start of the file is not counted.

use serde::Serialize;

/// A byte range into a post's source. It lives here, with the offsets it is
/// made of, so that the front matter and the document both read it from below.
pub type Span = std::ops::Range<usize>;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
}

/// How many bytes of a long line lie between two character-count checkpoints.
pub const CHECKPOINT: usize = 4096;

/// The start offset of every line of one text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// On long lines, every [`CHECKPOINT`] bytes: (offset, columns before it
    /// on its line), in offset order.
    checkpoints: Vec<(u32, u32)>,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        // memchr's SIMD search: a byte-at-a-time loop here was a few percent
        // of a whole check.
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| (i + 1) as u32));
        let mut checkpoints = Vec::new();
        for (line, &start) in starts.iter().enumerate() {
            let end = starts.get(line + 1).map_or(text.len(), |&s| s as usize);
            let mut at = start as usize;
            if line == 0 && text.starts_with('\u{feff}') {
                at += 3;
            }
            let mut columns = 0;
            while end - at > CHECKPOINT {
                let mut next = at + CHECKPOINT;
                while !text.is_char_boundary(next) {
                    next -= 1;
                }
                columns += text[at..next].chars().count();
                checkpoints.push((next as u32, columns as u32));
                at = next;
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&(offset as u32)) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).map_or(0, |&s| s as usize)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the text had no lines (never: an empty text has one empty line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Line and column of `offset` in `text`, the text this index was built from.
    /// An offset past the end, or inside a character, is clamped.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        // The nearest checkpoint before `offset` on its line, if any.
        let nearest = self
            .checkpoints
            .partition_point(|&(at, _)| at as usize <= offset)
            .checked_sub(1)
            .map(|i| self.checkpoints[i])
            .filter(|&(at, _)| at as usize > start);
        if let Some((at, columns)) = nearest {
            return Position {
                line: line + 1,
                column: columns as usize + text[at as usize..offset].chars().count() + 1,
            };
        }
        let mut before = &text[start..offset];
        if line == 0 {
            before = before.strip_prefix('\u{feff}').unwrap_or(before);
        }
        Position {
            line: line + 1,
            column: before.chars().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\r\nçé x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 4 });
        assert_eq!(index.position(text, 999), Position { line: 3, column: 1 });
    }

    #[test]
    fn columns_on_long_lines_match_a_count_from_the_line_start() {
        let text = format!("\u{feff}{}\n{}", "é a ".repeat(5000), "x ".repeat(9000));
        let index = LineIndex::new(&text);
        for offset in (0..text.len()).step_by(997).chain([text.len()]) {
            let mut at = offset;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let line = text[..at].matches('\n').count();
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let before = text[start..at].trim_start_matches('\u{feff}');
            let expected = Position {
                line: line + 1,
                column: before.chars().count() + 1,
            };
            assert_eq!(index.position(&text, offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}# T\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3), Position { line: 1, column: 1 });
    }
}
