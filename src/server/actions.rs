//! What the server offers on a finding: its capabilities, hover text and
//! quick fixes.
//!
//! Every fix is an edit the client applies when the user picks it, so a post
//! changes only by the user's choice, and through the editor's undo:
//! - a `postlint-disable-next` comment above the flagged block, or a
//!   `postlint-disable-file` comment below the front matter (a title finding
//!   sits in the front matter, where no comment can go);
//! - for a rule with an `allow` option, the flagged paragraph added to it in
//!   `postlint.toml`, which silences that text in every post (in a new
//!   `postlint.toml` at the workspace folder when the project has no config
//!   and the client can create files);
//! - for a finding with related places (the original of a copy), a command
//!   that asks the client to show the first of them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{
    ClientCapabilities, CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand,
    CodeActionProviderCapability, Command, CreateFile, CreateFileOptions, Diagnostic,
    DocumentChangeOperation, DocumentChanges, ExecuteCommandOptions, HoverProviderCapability,
    InitializeResult, Location, OneOf, OptionalVersionedTextDocumentIdentifier, Position,
    PositionEncodingKind, Range, ResourceOp, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentEdit, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::{self, Encoding, RuleLink};
use super::{SHOW_RELATED, contains};
use crate::diagnostic::Located;
use crate::document::{Document, Span};
use crate::lines::LineIndex;
use crate::rule::{RuleInfo, Severity};

/// What the server can do, in the column encoding agreed.
pub fn capabilities(encoding: Encoding) -> InitializeResult {
    let sync = TextDocumentSyncOptions {
        open_close: Some(true),
        change: Some(TextDocumentSyncKind::FULL),
        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
            include_text: Some(false),
        })),
        ..TextDocumentSyncOptions::default()
    };
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(match encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![SHOW_RELATED.into()],
                ..ExecuteCommandOptions::default()
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "postlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}

/// UTF-8 columns when the client offers them (no conversion on either
/// side), else UTF-16, which every client must accept.
pub fn negotiated_encoding(capabilities: &ClientCapabilities) -> Encoding {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

/// One published finding, as hover and quick fixes need it.
pub struct Mark {
    range: Range,
    rule: String,
    severity: Severity,
    message: String,
    span: Span,
    related: Vec<(Location, String)>,
}

impl Mark {
    pub fn new(located: &Located, diagnostic: &Diagnostic) -> Mark {
        let related = diagnostic
            .related_information
            .iter()
            .flatten()
            .map(|r| (r.location.clone(), r.message.clone()))
            .collect();
        Mark {
            range: diagnostic.range,
            rule: located.finding.rule.to_string(),
            severity: located.finding.severity,
            message: located.finding.message.clone(),
            span: located.finding.span.clone(),
            related,
        }
    }
}

/// The hover for the findings under `at`: each one's rule, message and the
/// rule's `explain` text.
pub fn hover_text<'a>(
    marks: &[Mark],
    at: Position,
    rule: impl Fn(&str) -> Option<&'a RuleInfo>,
) -> Option<String> {
    let parts: Vec<String> = marks
        .iter()
        .filter(|m| contains(&m.range, at))
        .map(|m| {
            let docs = rule(&m.rule).map(RuleInfo::explanation).unwrap_or_default();
            format!(
                "**{}** ({}): {}\n\n{}",
                m.rule,
                m.severity,
                m.message,
                docs.trim_end()
            )
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
}

/// What quick fixes are made from.
pub struct Context<'a> {
    pub uri: &'a Uri,
    /// The document's text, the one the marks were made for.
    pub text: &'a Arc<str>,
    pub lines: &'a LineIndex,
    pub encoding: Encoding,
    /// The project's config file, if it has one.
    pub config: Option<&'a Path>,
    pub rules: &'a HashMap<String, (RuleInfo, RuleLink)>,
    pub show_document: bool,
    /// The client applies edits that create files.
    pub create_files: bool,
    pub folder: &'a Path,
}

/// The quick fixes for the findings that `range` touches.
pub fn code_actions(
    context: &Context<'_>,
    marks: &[Mark],
    range: Range,
) -> Vec<CodeActionOrCommand> {
    let touched: Vec<&Mark> = marks
        .iter()
        .filter(|m| overlaps(&m.range, &range))
        .collect();
    if touched.is_empty() {
        return Vec::new();
    }
    let document = Document::parse(0, PathBuf::new(), Arc::clone(context.text));
    let bom = if context.text.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let body = document.front_matter.as_ref().map_or(bom, |fm| fm.span.end);
    let mut actions = Vec::new();
    for mark in touched {
        if mark.span.start >= body {
            let at = line_start(context, block_start(&document, mark.span.start));
            let comment = format!(
                "{}<!-- postlint-disable-next {} -->\n",
                indent(context.text, at),
                mark.rule
            );
            let title = format!("Disable {} for this block", mark.rule);
            actions.push(edit_action(title, context, at, comment, mark));
        }
        let title = format!("Disable {} in this file", mark.rule);
        let comment = format!("<!-- postlint-disable-file {} -->\n", mark.rule);
        actions.push(edit_action(title, context, body, comment, mark));
        let allows = context
            .rules
            .get(&mark.rule)
            .is_some_and(|(info, _)| info.option("allow").is_some());
        let allowed = match context.config {
            _ if !allows => None,
            Some(config) => allow_action(&document, config, mark),
            None if context.create_files => new_config_action(&document, context.folder, mark),
            None => None,
        };
        actions.extend(allowed);
        if context.show_document
            && let Some((location, message)) = mark.related.first()
        {
            let shown = convert::path_of(&location.uri)
                .map(|p| crate::walk::relative_to(&p, context.folder))
                .unwrap_or_else(|| location.uri.as_str().to_string());
            actions.push(CodeActionOrCommand::Command(Command {
                title: format!(
                    "Go to the {} ({shown}:{})",
                    related_noun(message),
                    location.range.start.line + 1
                ),
                command: SHOW_RELATED.into(),
                arguments: serde_json::to_value(location).ok().map(|l| vec![l]),
            }));
        }
    }
    actions
}

/// Where the block (or heading) holding `offset` starts: a comment above a
/// finding in mid-paragraph goes above the paragraph, not into it.
fn block_start(document: &Document, offset: usize) -> usize {
    let blocks = document.blocks.iter().map(|b| &b.span);
    let headings = document.headings.iter().map(|h| &h.span);
    blocks
        .chain(headings)
        .filter(|span| span.start <= offset && offset < span.end)
        .map(|span| span.start)
        .min()
        .unwrap_or(offset)
}

/// "original" when the related place is one, else "related place".
fn related_noun(message: &str) -> &'static str {
    if message.contains("original") {
        "original"
    } else {
        "related place"
    }
}

fn overlaps(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn edit_action(
    title: String,
    context: &Context<'_>,
    at: usize,
    text: String,
    mark: &Mark,
) -> CodeActionOrCommand {
    let position = convert::position(context.text, context.lines, at, context.encoding);
    let edit = TextEdit::new(Range::new(position, position), text);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: None,
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(context.uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
    .with_diagnostic_range(mark)
}

trait WithDiagnostic {
    fn with_diagnostic_range(self, mark: &Mark) -> Self;
}

impl WithDiagnostic for CodeActionOrCommand {
    /// Names the finding the fix is for, so clients can list fixes under it.
    fn with_diagnostic_range(mut self, mark: &Mark) -> Self {
        if let CodeActionOrCommand::CodeAction(action) = &mut self {
            action.diagnostics = Some(vec![Diagnostic {
                range: mark.range,
                code: Some(lsp_types::NumberOrString::String(mark.rule.clone())),
                source: Some("postlint".into()),
                message: mark.message.clone(),
                severity: Some(convert::severity(mark.severity)),
                ..Diagnostic::default()
            }]);
        }
        self
    }
}

/// The quick fix that adds the flagged paragraph's text to the rule's
/// `allow` list, the whole config file rewritten with the entry added and
/// its formatting and comments kept.
fn allow_action(document: &Document, config: &Path, mark: &Mark) -> Option<CodeActionOrCommand> {
    let paragraph = flagged_paragraph(document, mark)?;
    let old = crate::walk::read_text(config, crate::walk::MAX_SETTINGS_BYTES).ok()?;
    let new = with_allowed(&old, &mark.rule, paragraph)?;
    let uri = convert::uri_of(config)?;
    let lines = LineIndex::new(&old);
    let end = convert::position(&old, &lines, old.len(), Encoding::Utf16);
    let edit = TextEdit::new(Range::new(Position::new(0, 0), end), new);
    let name = config.file_name()?.to_string_lossy();
    let edit = WorkspaceEdit {
        changes: Some(HashMap::from([(uri, vec![edit])])),
        ..WorkspaceEdit::default()
    };
    let title = format!("Allow this paragraph in {name} ({} `allow`)", mark.rule);
    Some(quick_fix(title, edit, mark))
}

/// [`allow_action`] for a project without a config: a `postlint.toml` made
/// in `folder` with the one entry. It is never written over a file that is
/// there by then.
fn new_config_action(
    document: &Document,
    folder: &Path,
    mark: &Mark,
) -> Option<CodeActionOrCommand> {
    let paragraph = flagged_paragraph(document, mark)?;
    let name = crate::config::CONFIG_NAMES[0];
    let uri = convert::uri_of(&folder.join(name))?;
    let text = with_allowed("", &mark.rule, paragraph)?;
    let create = ResourceOp::Create(CreateFile {
        uri: uri.clone(),
        options: Some(CreateFileOptions {
            overwrite: Some(false),
            ignore_if_exists: Some(true),
        }),
        annotation_id: None,
    });
    let fill = TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
        edits: vec![OneOf::Left(TextEdit::new(
            Range::new(Position::new(0, 0), Position::new(0, 0)),
            text,
        ))],
    };
    let edit = WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(vec![
            DocumentChangeOperation::Op(create),
            DocumentChangeOperation::Edit(fill),
        ])),
        ..WorkspaceEdit::default()
    };
    let title = format!(
        "Allow this paragraph in a new {name} ({} `allow`)",
        mark.rule
    );
    Some(quick_fix(title, edit, mark))
}

/// The text of the block a finding starts in, when it has any.
fn flagged_paragraph<'d>(document: &'d Document, mark: &Mark) -> Option<&'d str> {
    let block = document.blocks.iter().find(|b| {
        b.span.start <= mark.span.start && mark.span.start < b.span.end.max(b.span.start + 1)
    })?;
    let paragraph = block.text.text.trim();
    (!paragraph.is_empty()).then_some(paragraph)
}

/// A quick fix for `mark` that applies `edit`.
fn quick_fix(title: String, edit: WorkspaceEdit, mark: &Mark) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(edit),
        ..CodeAction::default()
    })
    .with_diagnostic_range(mark)
}

/// `config` with `text` added to `[rules.RULE] allow`, creating the table
/// or the list as needed; `None` when the file is not valid TOML or `allow`
/// is not a list (the config diagnostics say so already).
fn with_allowed(config: &str, rule: &str, text: &str) -> Option<String> {
    let mut doc: toml_edit::DocumentMut = config.parse().ok()?;
    let rules = doc
        .entry("rules")
        .or_insert_with(|| {
            let mut table = toml_edit::Table::new();
            table.set_implicit(true);
            toml_edit::Item::Table(table)
        })
        .as_table_like_mut()?;
    let table = rules
        .entry(rule)
        .or_insert(toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_like_mut()?;
    let allow = table
        .entry("allow")
        .or_insert(toml_edit::value(toml_edit::Array::new()))
        .as_array_mut()?;
    if allow.iter().any(|v| v.as_str() == Some(text)) {
        return None;
    }
    allow.push(text);
    Some(doc.to_string())
}

/// The start of the line `offset` is on.
fn line_start(context: &Context<'_>, offset: usize) -> usize {
    let offset = offset.min(context.text.len());
    context
        .lines
        .line_start(context.lines.line_of(offset))
        .min(offset)
}

/// The line's leading spaces and blockquote markers, which a comment above
/// it needs to stay in the same container.
fn indent(text: &str, line_start: usize) -> &str {
    let rest = &text[line_start..];
    let len = rest
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'>'))
        .count();
    &rest[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowing_a_paragraph_keeps_the_file_and_adds_the_entry() {
        let config =
            "# the site's settings\n[rules.duplicate-paragraph]\nsimilarity = 0.9 # tuned\n";
        let new = with_allowed(config, "duplicate-paragraph", "Thanks for reading!").unwrap();
        assert!(new.starts_with("# the site's settings\n"), "{new}");
        assert!(new.contains("similarity = 0.9 # tuned"), "{new}");
        let parsed: toml::Table = new.parse().unwrap();
        let allow = &parsed["rules"]["duplicate-paragraph"]["allow"];
        assert_eq!(
            allow.as_array().unwrap()[0].as_str(),
            Some("Thanks for reading!")
        );
        // Allowing it again changes nothing.
        assert!(with_allowed(&new, "duplicate-paragraph", "Thanks for reading!").is_none());
    }

    #[test]
    fn allowing_in_a_config_without_the_table_creates_it() {
        let new = with_allowed(
            "[files]\nexclude = [\"drafts/**\"]\n",
            "duplicate-paragraph",
            "A \"quoted\" text",
        )
        .unwrap();
        let parsed: toml::Table = new.parse().unwrap();
        assert_eq!(
            parsed["rules"]["duplicate-paragraph"]["allow"][0].as_str(),
            Some("A \"quoted\" text")
        );
        assert_eq!(parsed["files"]["exclude"][0].as_str(), Some("drafts/**"));
    }

    #[test]
    fn a_comment_above_a_quoted_line_stays_in_the_quote() {
        assert_eq!(indent("> > Quoted twice.\n", 0), "> > ");
        assert_eq!(indent("  - item\n", 0), "  ");
    }
}
