//! Between postlint's places and the protocol's: file paths and `file:` URIs,
//! byte offsets and LSP positions, findings and diagnostics.
//!
//! postlint locates everything by byte offset into a post's text; LSP counts
//! lines from 0 and columns in UTF-16 code units unless the client agrees to
//! UTF-8. Converting from offsets here, with the post's own text, keeps a
//! column right on lines with emoji or CJK text, where counting characters
//! (as the terminal output does) would drift.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, Uri,
};

use crate::diagnostic::Located;
use crate::document::Span;
use crate::lines::LineIndex;
use crate::rule::{PostRecord, Severity};

/// How columns are counted, as agreed at initialize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut uri = String::with_capacity(text.len() + 8);
    uri.push_str("file://");
    if !text.starts_with('/') {
        // A Windows path: `C:\posts` is `file:///C:/posts`.
        uri.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'\\' => uri.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                uri.push(char::from(byte))
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    Uri::from_str(&uri).ok()
}

/// The path a `file:` URI names; `None` for other schemes.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // An authority, when there is one, is `localhost` or a host we cannot
    // reach anyway; the path starts at the next slash.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut bytes = Vec::with_capacity(path.len());
    let mut input = path.bytes();
    while let Some(byte) = input.next() {
        if byte == b'%' {
            let hex = [input.next()?, input.next()?];
            let hex = std::str::from_utf8(&hex).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
        } else {
            bytes.push(byte);
        }
    }
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/posts` on Windows.
    let drive = text.len() > 2 && text.as_bytes()[2] == b':';
    Some(PathBuf::from(if cfg!(windows) && drive {
        text[1..].to_string()
    } else {
        text
    }))
}

/// The LSP position of byte `offset` in `text`, whose line starts `lines`
/// holds.
pub fn position(text: &str, lines: &LineIndex, offset: usize, encoding: Encoding) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = lines.line_of(offset);
    let start = lines.line_start(line).min(offset);
    let mut before = &text[start..offset];
    if line == 0 {
        // Editors drop a byte-order mark from the buffer they show.
        before = before.strip_prefix('\u{feff}').unwrap_or(before);
    }
    let column = match encoding {
        Encoding::Utf8 => before.len(),
        Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
    };
    Position::new(to_u32(line), to_u32(column))
}

/// The LSP range of `span` in `post`.
pub fn range(post: &PostRecord, span: &Span, encoding: Encoding) -> Range {
    Range::new(
        position(&post.source, &post.lines, span.start, encoding),
        position(&post.source, &post.lines, span.end, encoding),
    )
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What a diagnostic links to for its rule.
pub struct RuleLink {
    pub href: Uri,
}

/// A located finding as a diagnostic in its own post. `posts` are the
/// index's, for the positions of related places, which are given as
/// absolute paths under `root`.
pub fn diagnostic(
    located: &Located,
    posts: &[PostRecord],
    root: &Path,
    link: Option<&RuleLink>,
    encoding: Encoding,
) -> Diagnostic {
    let finding = &located.finding;
    let related = located
        .related
        .iter()
        .filter_map(|r| {
            let other = posts.get(r.related.post)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(
                    uri_of(&root.join(&other.path))?,
                    range(other, &r.related.span, encoding),
                ),
                message: r.related.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let range = posts
        .get(finding.post)
        .map(|post| range(post, &finding.span, encoding))
        .unwrap_or_default();
    Diagnostic {
        range,
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: link.map(|l| CodeDescription {
            href: l.href.clone(),
        }),
        source: Some("postlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_uris_round_trip_with_spaces_and_accents() {
        let path = Path::new("/srv/site/posts/café au lait#1.md");
        let uri = uri_of(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///srv/site/posts/caf%C3%A9%20au%20lait%231.md"
        );
        assert_eq!(path_of(&uri).unwrap(), path);
    }

    #[test]
    fn a_uri_with_a_host_or_another_scheme() {
        let local = Uri::from_str("file://localhost/srv/a.md").unwrap();
        assert_eq!(path_of(&local).unwrap(), Path::new("/srv/a.md"));
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert!(path_of(&untitled).is_none());
    }

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        let text = "a\n😀é x\n";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            position(text, &lines, x, Encoding::Utf16),
            Position::new(1, 4)
        );
        assert_eq!(
            position(text, &lines, x, Encoding::Utf8),
            Position::new(1, 7)
        );
        let bom = "\u{feff}ab";
        let b = LineIndex::new(bom);
        assert_eq!(position(bom, &b, 4, Encoding::Utf16), Position::new(0, 1));
    }
}
