//! A JSON Schema for `postlint.toml`, so editors complete and check the file.
//!
//! TOML-aware editors (Taplo, and the editors built on it) read JSON Schemas to
//! offer keys, show docs on hover and flag a wrong type as it is typed. The
//! schema is generated from the same declarations the config reader checks
//! against: the top-level, `[files]` and `[[overrides]]` keys of [`config`],
//! and each rule's name, summary and typed options. `postlint schema` prints it
//! for a project, with its own rule files; `docs/postlint.schema.json` is the
//! one for the built-in rules and the shipped pack, and a test keeps it equal to
//! what this module generates.
//!
//! The config is read by a checker that reports spans, not by serde derive, so
//! there is no derived type to feed a schema crate; building the JSON here from
//! the declarations keeps one source for both.
//!
//! [`config`]: crate::config

use serde_json::{Map, Value, json};

use crate::config::{FILES_KEYS, OVERRIDE_KEYS, TOP_KEYS};
use crate::rule::{OptionKind, Phase, RuleInfo};

/// The schema of `postlint.toml` for these rules (draft-07, which Taplo reads).
pub fn config_schema(rules: &[RuleInfo]) -> Value {
    let mut top = Map::new();
    for key in TOP_KEYS {
        let schema = match *key {
            "files" => files(),
            "rules" => rules_table(rules, false),
            "overrides" => json!({
                "description": "Settings for the posts matching some globs; later overrides win.",
                "type": "array",
                "items": overrides(rules),
            }),
            "select" => string_list(
                "Rules, groups or ALL to check; empty: the rules on by default. --select replaces it.",
            ),
            "extend-select" => string_list(
                "Rules, groups or ALL to check as well, including rules that are off by default.",
            ),
            "ignore" => string_list("Rules, groups or ALL never to check; wins over select."),
            "extend" => json!({
                "description": "Another config file to read first, relative to this one; this file's settings win.",
                "type": "string",
            }),
            "rule-dirs" => {
                string_list("Folders of rule files (`*.toml`), relative to this file's folder.")
            }
            other => unreachable!("config key `{other}` has no schema"),
        };
        top.insert((*key).to_string(), schema);
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "postlint.toml",
        "description": "Configuration of postlint, the content linter for Markdown posts.",
        "type": "object",
        "additionalProperties": false,
        "properties": top,
    })
}

fn files() -> Value {
    let mut properties = Map::new();
    for key in FILES_KEYS {
        let (doc, default) = match *key {
            "include" => (
                "Globs a post must match, when not empty. Relative to this file's folder; a glob without `/` matches a name at any depth.",
                json!([]),
            ),
            "exclude" => ("Globs a post must not match.", json!([])),
            "extensions" => (
                "File name extensions of posts, without the dot.",
                json!(["md", "markdown"]),
            ),
            other => unreachable!("[files] key `{other}` has no schema"),
        };
        let mut schema = string_list(doc);
        schema["default"] = default;
        properties.insert((*key).to_string(), schema);
    }
    json!({
        "description": "Which files are posts.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    })
}

fn overrides(rules: &[RuleInfo]) -> Value {
    let mut properties = Map::new();
    for key in OVERRIDE_KEYS {
        let schema = match *key {
            "files" => string_list("Globs of the posts this override applies to."),
            "rules" => rules_table(rules, true),
            other => unreachable!("[[overrides]] key `{other}` has no schema"),
        };
        properties.insert((*key).to_string(), schema);
    }
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["files"],
        "properties": properties,
    })
}

/// `[rules]`: each rule takes a severity, or a table of its severity and
/// options. In an override, a cross-post rule takes its severity only, as the
/// config reader insists.
fn rules_table(rules: &[RuleInfo], in_override: bool) -> Value {
    let mut properties = Map::new();
    for rule in rules {
        let mut options = Map::new();
        options.insert("severity".into(), severity());
        if !(in_override && rule.phase() == Phase::Corpus) {
            for option in rule.options {
                let mut schema = option_schema(option.kind);
                schema["description"] = Value::String(option.doc.to_string());
                if let Some(default) = option.default_value()
                    && let Ok(default) = serde_json::to_value(default)
                {
                    schema["default"] = default;
                }
                options.insert(option.name.to_string(), schema);
            }
        }
        let summary = format!("{} (default: {})", rule.summary, rule.severity);
        properties.insert(
            rule.name.to_string(),
            json!({
                "description": summary,
                "anyOf": [
                    severity(),
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "properties": options,
                    },
                ],
            }),
        );
    }
    json!({
        "description": "Rule settings: `rule = \"off\"`, or `[rules.rule]` with `severity` and the rule's options.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    })
}

fn severity() -> Value {
    json!({
        "description": "How serious the rule's findings are, or `off`.",
        "type": "string",
        "enum": ["error", "warning", "info", "off"],
    })
}

fn option_schema(kind: OptionKind) -> Value {
    match kind {
        OptionKind::Bool => json!({ "type": "boolean" }),
        OptionKind::Count => json!({ "type": "integer", "minimum": 0 }),
        OptionKind::Ratio => json!({ "type": "number", "minimum": 0, "maximum": 1 }),
        OptionKind::String => json!({ "type": "string" }),
        OptionKind::StringList => json!({ "type": "array", "items": { "type": "string" } }),
        OptionKind::OneOf(values) => json!({ "type": "string", "enum": values }),
    }
}

fn string_list(doc: &str) -> Value {
    json!({
        "description": doc,
        "type": "array",
        "items": { "type": "string" },
    })
}

/// The schema as the file `docs/postlint.schema.json` holds it.
pub fn to_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}
