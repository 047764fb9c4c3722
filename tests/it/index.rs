//! Re-checking one post against the corpus index, as an editor integration will.

use postlint::config::Config;
use postlint::engine::{Linter, RunOptions};
use postlint::rules::Registry;
use postlint::workspace::Workspace;

#[test]
fn one_edited_post_is_rechecked_without_rereading_the_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.md");
    let b = tmp.path().join("b.md");
    std::fs::write(&a, "# Launch day\n\nOld text.\n").unwrap();
    std::fs::write(&b, "# Something else\n\nText.\n\n## Empty\n").unwrap();
    let linter = Linter::new(
        &Workspace::new(
            tmp.path().to_path_buf(),
            Registry::builtin(),
            Config::default(),
        ),
        &[],
        &[],
    )
    .unwrap();
    let options = RunOptions {
        paths: vec![tmp.path().to_path_buf()],
        ..RunOptions::default()
    };
    let mut index = linter.build_index(&options);
    let rules: Vec<String> = linter
        .findings(&index)
        .iter()
        .map(|f| f.finding.rule.to_string())
        .collect();
    assert_eq!(rules, ["empty-section"]);

    // The other post is gone from disk: only the index remembers it.
    std::fs::remove_file(&a).unwrap();
    // Paths are shown relative to the workspace folder, the temporary one.
    let id = index
        .post_id(std::path::Path::new("b.md"))
        .expect("b.md is in the index");
    // An id the index does not hold is refused, and changes nothing.
    assert!(!linter.update(&mut index, 99, "# Launch Day\n".into()));
    assert_eq!(linter.findings(&index).len(), 1);
    assert!(linter.update(&mut index, id, "# Launch Day\n\nNow with content.\n".into()));
    let found: Vec<(String, String)> = linter
        .findings(&index)
        .iter()
        .map(|f| {
            (
                f.path.rsplit('/').next().unwrap().to_string(),
                f.finding.rule.to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("a.md".to_string(), "duplicate-title".to_string()),
            ("b.md".to_string(), "duplicate-title".to_string())
        ]
    );
}

/// A repeatable stream of numbers below the bound asked for, from `seed`.
fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    }
}

/// A small site with every kind of repetition duplicate-paragraph knows:
/// verbatim copies, edited copies, boilerplate in many posts, dated and
/// undated posts, and versions of one page.
fn repetitive_site(dir: &std::path::Path) {
    let words = [
        "cache",
        "deploy",
        "release",
        "migration",
        "budget",
        "latency",
        "queue",
        "schema",
        "rollback",
        "tenant",
        "invoice",
        "replica",
        "cluster",
        "feature",
        "contract",
        "metric",
        "window",
        "backlog",
        "runbook",
        "incident",
        "pricing",
        "search",
        "index",
        "shard",
    ];
    let mut next = numbers(7);
    let paragraph = |next: &mut dyn FnMut(usize) -> usize| -> String {
        let sentences: Vec<String> = (0..3)
            .map(|_| {
                let body: Vec<&str> = (0..12).map(|_| words[next(words.len())]).collect();
                format!("The {} went well.", body.join(" "))
            })
            .collect();
        sentences.join(" ")
    };
    let pool: Vec<String> = (0..40).map(|_| paragraph(&mut next)).collect();
    let boilerplate = "Thanks for reading! Subscribe to the newsletter for more posts about operations, budgets and the occasional incident review written by the whole team.";
    for post in 0..48 {
        let folder = if post % 12 == 0 { "v1" } else { "posts" };
        let mut text = String::new();
        if post % 3 == 0 {
            text.push_str(&format!(
                "---\ntitle: Post {post}\ndate: 2024-01-{:02}\n---\n\n",
                post % 28 + 1
            ));
        } else {
            text.push_str(&format!("# Post number {post}\n\n"));
        }
        for _ in 0..4 {
            let mut p = pool[next(pool.len())].clone();
            if next(3) == 0 {
                // An edited copy: one word changed.
                p = p.replacen("went", "goes", 1);
            }
            text.push_str(&p);
            text.push_str("\n\n");
        }
        if post % 4 == 0 {
            text.push_str(boilerplate);
            text.push('\n');
        }
        let path = dir.join(folder).join(format!("post-{post:02}.md"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    // Versions of one page.
    std::fs::create_dir_all(dir.join("v2")).unwrap();
    std::fs::copy(dir.join("v1/post-00.md"), dir.join("v2/post-00.md")).unwrap();
}

/// What a finding says, everything a reader sees.
fn shown(findings: &[postlint::diagnostic::Located]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let related: Vec<String> = f
                .related
                .iter()
                .map(|r| format!("{}:{}", r.path, r.range.start.line))
                .collect();
            format!(
                "{}:{} {} {} [{}]",
                f.path,
                f.range.start.line,
                f.finding.rule,
                f.finding.message,
                related.join(", ")
            )
        })
        .collect()
}

#[test]
fn checking_again_after_edits_finds_what_a_full_check_finds() {
    let tmp = tempfile::tempdir().unwrap();
    repetitive_site(tmp.path());
    let workspace = Workspace::new(
        tmp.path().to_path_buf(),
        Registry::builtin(),
        Config::default(),
    );
    let linter = Linter::new(&workspace, &[], &[]).unwrap();
    let options = RunOptions {
        paths: vec![tmp.path().to_path_buf()],
        ..RunOptions::default()
    };
    let mut index = linter.build_index(&options);
    let mut kept = postlint::engine::Kept::default();
    let posts = index.posts.len();
    // As a language server holds it: everything hidden, a few posts open.
    for id in 0..posts {
        index.hide(id);
    }
    let texts: Vec<String> = index.posts.iter().map(|p| p.source.to_string()).collect();
    let mut next = numbers(11);
    let mut open: Vec<usize> = Vec::new();
    let (mut copies_seen, mut titles_seen) = (0, 0);
    for step in 0..60 {
        let id = next(posts);
        let text = match next(6) {
            // Take a title another post may take too.
            5 => {
                let source = index.posts[id].source.to_string();
                let title = ["Shared title", "Another shared title"][next(2)];
                let mut lines: Vec<String> = source.lines().map(str::to_string).collect();
                for line in lines.iter_mut().take(3) {
                    if line.starts_with("# ") {
                        *line = format!("# {title}");
                    } else if line.starts_with("title: ") {
                        *line = format!("title: {title}");
                    }
                }
                lines.join("\n")
            }
            // Paste a paragraph of another post.
            0 | 1 => {
                let other = &texts[next(posts)];
                let paragraph = other
                    .split("\n\n")
                    .nth(1 + next(4))
                    .unwrap_or("")
                    .to_string();
                format!("{}\n{paragraph}\n", index.posts[id].source)
            }
            // Drop a paragraph.
            2 => {
                let mut parts: Vec<&str> = index.posts[id].source.split("\n\n").collect();
                if parts.len() > 2 {
                    parts.remove(1);
                }
                parts.join("\n\n")
            }
            // Back to the text on disk.
            3 => texts[id].clone(),
            // Edit a word everywhere in the post.
            _ => index.posts[id].source.replace("budget", "forecast"),
        };
        assert!(linter.update(&mut index, id, text.into()));
        index.set_edited(id, next(2) == 0);
        if !open.contains(&id) {
            open.push(id);
        }
        // Sometimes a post is closed (hidden) or removed from disk.
        if step % 7 == 6 {
            let closed = open.remove(next(open.len()));
            if next(2) == 0 {
                linter.remove(&mut index, closed);
            } else {
                index.hide(closed);
            }
        }
        let again = shown(&linter.findings_again(&index, &mut kept));
        let full = shown(&linter.findings(&index));
        assert_eq!(again, full, "after step {step}");
        copies_seen += full
            .iter()
            .filter(|f| f.contains("duplicate-paragraph"))
            .count();
        titles_seen += full
            .iter()
            .filter(|f| f.contains("duplicate-title"))
            .count();
    }
    assert!(
        copies_seen > 20,
        "the edits made copies to find: {copies_seen}"
    );
    assert!(
        titles_seen > 5,
        "the edits made titles to find: {titles_seen}"
    );
}
