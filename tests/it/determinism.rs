//! Output is the same whatever the thread count and whatever order the posts
//! are given in: generated corpora, checked with 1, 2 and 7 threads and with
//! the paths shuffled, give byte-identical JSON and concise reports.

use std::path::PathBuf;

use postlint::config::Config;
use postlint::engine::{Linter, RunOptions};
use postlint::rules::Registry;
use postlint::walk::CorpusScope;
use postlint::workspace::Workspace;
use proptest::prelude::*;

use crate::support::json_and_concise;

/// Sentences drawn from a small pool, so posts share paragraphs (duplicates),
/// headings and titles (duplicate titles), filler and all.
const SENTENCES: &[&str] = &[
    "We invested heavily in contract testing across every service we own.",
    "Needless to say, the migration took longer than anyone planned for.",
    "Thanks for reading! Check out the resources linked throughout this article.",
    "The queue drains in order, one message at a time, with retries.",
    "Coverage numbers went up while the bug count stayed exactly the same.",
    "Pricing by usage made the bill follow the value customers saw.",
];

const HEADINGS: &[&str] = &[
    "Setup",
    "Results",
    "Why it matters",
    "Pricing",
    "Next steps",
];

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        (1..=2usize, prop::sample::select(HEADINGS))
            .prop_map(|(level, h)| format!("{} {h}\n\n", "#".repeat(level + 1))),
        prop::collection::vec(prop::sample::select(SENTENCES), 1..3)
            .prop_map(|s| format!("{}\n\n", s.join(" "))),
        Just("<!-- postlint-disable-next empty-section -->\n".to_string()),
        Just("- one item\n- [two](https://example.com)\n\n".to_string()),
        Just("```\ncode\n```\n\n".to_string()),
    ]
}

fn post() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop::sample::select(HEADINGS)),
        prop::collection::vec(block(), 0..8),
    )
        .prop_map(|(title, blocks)| {
            let head = title.map_or(String::new(), |t| format!("---\ntitle: {t}\n---\n\n"));
            format!("{head}{}", blocks.concat())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn output_is_the_same_for_any_thread_count_and_post_order(
        posts in prop::collection::vec(post(), 1..7),
        seed in any::<u64>(),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let mut paths: Vec<PathBuf> = posts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = tmp.path().join(format!("post-{i}.md"));
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let registry = Registry::builtin();
        let rules = registry.infos();
        let workspace = Workspace::new(tmp.path().to_path_buf(), registry, Config::default());
        let linter = Linter::new(&workspace, &[], &[]).unwrap();
        let check = |paths: &[PathBuf], threads: usize| {
            let options = RunOptions {
                paths: paths.to_vec(),
                corpus: CorpusScope::Given,
                threads,
                ..RunOptions::default()
            };
            json_and_concise(&linter.run(&options), &rules)
        };
        let expected = check(&paths, 1);
        for threads in [2, 7] {
            prop_assert_eq!(&check(&paths, threads), &expected);
        }
        // The same posts in another order: a shuffle drawn from the seed.
        let mut state = seed | 1;
        for i in (1..paths.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            paths.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(&check(&paths, 2), &expected);
    }
}
