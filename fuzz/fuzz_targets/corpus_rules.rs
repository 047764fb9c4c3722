//! The corpus rules on a small corpus: the input is split at NUL bytes into up
//! to eight posts, checked together in memory, as a language server checks
//! its buffers.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(posts) = data
        .split(|&b| b == 0)
        .take(8)
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .filter(|p| !postlint_fuzz::parser_panics(p))
        })
        .collect::<Option<Vec<&str>>>()
    else {
        return;
    };
    let sources = posts
        .iter()
        .enumerate()
        .map(|(i, post)| (PathBuf::from(format!("post-{i}.md")), post.to_string()))
        .collect();
    let (linter, _) = postlint_fuzz::linter();
    let outcome = linter.check_sources(sources);
    assert!(outcome.file_errors.is_empty(), "{:?}", outcome.file_errors);
    assert_eq!(outcome.files_checked, posts.len());
    postlint_fuzz::check_outcome(&outcome);
    postlint_fuzz::check_text_output(&outcome);
});
