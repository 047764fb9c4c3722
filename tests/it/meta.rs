//! Rules are declared once; these checks keep every declaration complete.

use postlint::rule::Check;
use postlint::rules::Registry;
use postlint::rules::declarative;

use crate::support::repo;

#[test]
fn every_rule_has_docs_sections_a_fixture_folder_and_a_clean_summary() {
    let mut problems = Vec::new();
    for rule in Registry::builtin().infos() {
        let name = &rule.name;
        if !name.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            problems.push(format!("{name}: names are kebab-case"));
        }
        for section in ["## What it flags", "## Why it matters", "## Example"] {
            if !rule.docs.contains(section) {
                problems.push(format!("{name}: docs lack \"{section}\""));
            }
        }
        let summary = &rule.summary;
        if summary.ends_with('.') || summary.chars().next().is_some_and(char::is_uppercase) {
            problems.push(format!(
                "{name}: summary is lower-case without a trailing period"
            ));
        }
        let dir = repo().join("fixtures/rules").join(name.as_ref());
        // Corpus rules keep one corpus per subfolder, so look at every depth.
        let mut files = Vec::new();
        file_names(&dir, &mut files);
        if !files.iter().any(|f| f.starts_with("bad-"))
            || !files.iter().any(|f| f.starts_with("good-"))
        {
            problems.push(format!(
                "{name}: fixtures/rules/{name}/ needs bad-*.md and good-*.md"
            ));
        }
        for option in rule.options {
            match option.default_value() {
                Some(v) if option.kind.accepts(&v) => {}
                _ => problems.push(format!("{name}: option {} has a bad default", option.name)),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_rule_reported_by_another_is_listed_by_exactly_one_rule_of_its_phase() {
    let infos = Registry::builtin().infos();
    for rule in &infos {
        let reporters: Vec<_> = infos
            .iter()
            .filter(|r| r.reports.iter().any(|x| x.name == rule.name))
            .collect();
        match rule.check {
            Check::Reported(phase) => {
                assert_eq!(
                    reporters.len(),
                    1,
                    "{}: one rule must list it in `reports`",
                    rule.name
                );
                assert_eq!(reporters[0].phase(), phase, "{}: phase", rule.name);
                assert!(
                    matches!(
                        reporters[0].check,
                        Check::Corpus(_) | Check::PostWith(_) | Check::Post(_)
                    ),
                    "{}: its reporter has a checker",
                    rule.name
                );
            }
            _ => assert!(
                reporters.is_empty(),
                "{}: has its own check, so no rule reports it",
                rule.name
            ),
        }
    }
}

/// Names of the files under `dir`, at any depth.
fn file_names(dir: &std::path::Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            file_names(&path, out);
        } else {
            out.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
}

#[test]
fn every_fixture_folder_is_a_rule() {
    let registry = Registry::builtin();
    for entry in std::fs::read_dir(repo().join("fixtures/rules"))
        .unwrap()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            registry.find(&name).is_some(),
            "fixtures/rules/{name} names no rule"
        );
    }
}

#[test]
fn readme_rules_table_is_generated_from_the_declarations() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let table = postlint::commands::rules_markdown(&Registry::builtin().infos());
    let start = "<!-- rules:start -->\n";
    let end = "<!-- rules:end -->";
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md lacks the {start} / {end} markers");
    };
    assert_eq!(
        &readme[a + start.len()..b],
        table,
        "README rules table is stale: replace it with `postlint rules --format markdown`"
    );
}

#[test]
fn readme_documents_every_rule_file_kind_with_its_keys_and_every_placeholder() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for kind in declarative::kinds::KINDS {
        let start = format!("| `{}` |", kind.name);
        let Some(row) = readme.lines().find(|l| l.starts_with(&start)) else {
            panic!("README's table of kinds has no row for `{}`", kind.name);
        };
        for key in kind.keys {
            assert!(
                row.contains(&format!("`{key}")),
                "README's row for `{}` does not name its key `{key}`",
                kind.name
            );
        }
    }
    for name in declarative::kinds::placeholders() {
        assert!(
            readme.contains(&format!("`{{{name}}}`")),
            "README does not list the placeholder {{{name}}}"
        );
    }
}

#[test]
fn the_embedded_rule_pack_is_the_rules_folder_and_loads_cleanly() {
    let mut on_disk: Vec<String> = std::fs::read_dir(repo().join("rules"))
        .unwrap()
        .flatten()
        .map(|e| format!("rules/{}", e.file_name().to_string_lossy()))
        .collect();
    on_disk.sort();
    let embedded: Vec<&str> = declarative::pack::SHIPPED.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        embedded, on_disk,
        "src/rules/declarative/pack.rs must list every file of rules/"
    );
    for (path, text) in declarative::pack::SHIPPED {
        let on_disk = std::fs::read_to_string(repo().join(path)).unwrap();
        assert_eq!(*text, on_disk);
    }
    let (set, errors) = declarative::load(&[], &[]);
    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(messages.is_empty(), "{messages:?}");
    assert_eq!(set.rules().count(), embedded.len());
}

#[test]
fn the_shipped_packs_inline_tests_pass() {
    let (set, _) = declarative::load(&[], &[]);
    let run = declarative::testing::run(&set);
    assert!(
        set.rules().all(|r| !r.tests.is_empty()),
        "every shipped rule has tests"
    );
    let failures: Vec<String> = run.failures.iter().map(|e| e.to_string()).collect();
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(run.cases >= 10);
}

/// The modules of `src/` by their path (`rules::declarative::kinds`), with
/// their text: test modules and comment lines left out.
fn modules() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = repo().join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(&src).ok()?.with_extension("");
            let mut name = relative.to_string_lossy().replace('/', "::");
            if let Some(parent) = name.strip_suffix("::mod") {
                name = parent.to_string();
            }
            if name == "lib" || name == "main" {
                return None;
            }
            let text = std::fs::read_to_string(&file).ok()?;
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let code: Vec<&str> = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            Some((name, code.join("\n")))
        })
        .collect()
}

#[test]
fn no_two_modules_import_each_other_even_through_others() {
    let modules = modules();
    let names: Vec<&str> = modules.iter().map(|(n, _)| n.as_str()).collect();
    // The longest module name a `crate::` path starts with, unless it is the
    // importer or one of its parents (a child using its parent is no cycle).
    let target = |from: &str, path: &str| -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, name) in names.iter().enumerate() {
            let inside = path == *name || path.starts_with(&format!("{name}::"));
            let own = from == *name || from.starts_with(&format!("{name}::"));
            if inside && !own && best.is_none_or(|b| names[b].len() < name.len()) {
                best = Some(i);
            }
        }
        best
    };
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); modules.len()];
    for (from, (name, code)) in modules.iter().enumerate() {
        let parent = name.rsplit_once("::").map_or("", |(p, _)| p);
        let mut paths: Vec<String> = Vec::new();
        for (prefix, base) in [("crate::", ""), ("super::", parent)] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + prefix.len()..];
                let head: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let head = head.trim_end_matches(':');
                let full = if base.is_empty() {
                    head.to_string()
                } else {
                    format!("{base}::{head}")
                };
                // `use crate::a::{b, c::D}` names `a::b` and `a::c`.
                if rest[head.len()..].starts_with("::{") {
                    let inner = &rest[head.len() + 3..];
                    let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
                    for item in inner.split(',') {
                        let item = item.trim().split([' ', ':']).next().unwrap_or_default();
                        if !item.is_empty() && item != "self" {
                            paths.push(format!("{full}::{item}"));
                        }
                    }
                }
                paths.push(full);
            }
        }
        for path in paths {
            if let Some(to) = target(name, &path) {
                edges[from].push(to);
            }
        }
    }
    // A module that reaches itself is in a cycle.
    for start in 0..modules.len() {
        let mut seen = vec![false; modules.len()];
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, vec![start])];
        while let Some((at, trail)) = stack.pop() {
            for &next in &edges[at] {
                if next == start {
                    let cycle: Vec<&str> = trail.iter().map(|&i| names[i]).collect();
                    panic!("import cycle: {} -> {}", cycle.join(" -> "), names[start]);
                }
                if !seen[next] {
                    seen[next] = true;
                    let mut longer = trail.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
}
