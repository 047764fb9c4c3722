//! Checking posts held in memory, as a language server checks unsaved buffers:
//! the result must be the one a check of the same files on disk gives.

use std::path::PathBuf;

use postlint::config::Config;
use postlint::engine::{Linter, RunOptions};
use postlint::rules::Registry;
use postlint::workspace::Workspace;

use crate::support::{json_and_concise, repo};

fn seed() -> Vec<(PathBuf, String)> {
    let mut sources: Vec<(PathBuf, String)> = std::fs::read_dir(repo().join("fixtures/seed"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    sources.sort();
    sources
}

#[test]
fn posts_in_memory_give_the_findings_of_the_same_posts_on_disk() {
    let workspace = Workspace::new(repo(), Registry::builtin(), Config::default());
    let linter = Linter::new(&workspace, &[], &[]).unwrap();
    let on_disk = linter.run(&RunOptions {
        paths: vec![repo().join("fixtures/seed")],
        ..RunOptions::default()
    });
    let in_memory = linter.check_sources(seed());
    let rules = workspace.registry.infos();
    assert_eq!(
        json_and_concise(&in_memory, &rules),
        json_and_concise(&on_disk, &rules)
    );
    assert_eq!(in_memory.files_checked, on_disk.files_checked);
    // The corpus rules saw every source: copies are found across posts.
    let across = in_memory
        .findings
        .iter()
        .filter(|f| f.finding.rule == "duplicate-paragraph")
        .filter(|f| f.related.iter().any(|r| r.path != f.path))
        .count();
    assert!(across > 0, "no duplicate-paragraph across two sources");
}

#[test]
fn an_unsaved_post_is_checked_against_the_others() {
    let workspace = Workspace::new(repo(), Registry::builtin(), Config::default());
    let linter = Linter::new(&workspace, &["duplicate-paragraph".into()], &[]).unwrap();
    let mut sources = seed();
    // A draft that exists only in the editor, copying a paragraph of a post.
    let (original, text) = &sources[0];
    let original = postlint::walk::relative_to(original, &repo());
    let paragraph = text
        .split("\n\n")
        .filter(|p| !p.starts_with(['#', '-']) && p.split_whitespace().count() > 25)
        .max_by_key(|p| p.len())
        .unwrap()
        .to_string();
    let draft = repo().join("fixtures/seed/unsaved-draft.md");
    sources.push((
        draft,
        format!("---\ntitle: A draft\n---\n\nIntro.\n\n{paragraph}\n"),
    ));
    let outcome = linter.check_sources(sources);
    // Whichever of the two is taken for the copy, one finding joins them.
    let draft = "fixtures/seed/unsaved-draft.md";
    let joined = outcome.findings.iter().any(|f| {
        let paths: Vec<&str> = std::iter::once(f.path.as_str())
            .chain(f.related.iter().map(|r| r.path.as_str()))
            .collect();
        paths.contains(&draft) && paths.contains(&original.as_str())
    });
    assert!(joined, "no finding joins {draft} and {original}");
}

#[test]
fn paths_are_shown_from_the_workspace_folder_whatever_the_process_folder() {
    // Tests run in the repository root; this workspace is a folder below it,
    // as a language server's may be anywhere.
    let workspace = Workspace::new(
        repo().join("fixtures"),
        Registry::builtin(),
        Config::default(),
    );
    let linter = Linter::new(&workspace, &[], &[]).unwrap();
    let outcome = linter.check_sources(seed());
    assert!(!outcome.findings.is_empty());
    for f in &outcome.findings {
        assert!(f.path.starts_with("seed/"), "{}", f.path);
        for r in &f.related {
            assert!(r.path.starts_with("seed/"), "{}", r.path);
        }
    }
}
