//! Every per-post rule, through the engine, on one post: spans inside the post,
//! findings in order, and human and concise output free of control characters.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Text only: the stdin target covers what bytes that are not a post give.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if data.contains(&0) {
        return;
    }
    if postlint_fuzz::parser_panics(text) {
        return;
    }
    let (linter, _) = postlint_fuzz::linter();
    // The post need not exist on disk: nothing is read but the text given.
    let path = PathBuf::from("post-that-is-not-on-disk.md");
    let outcome = linter.check_sources(vec![(path, text.to_string())]);
    assert!(outcome.file_errors.is_empty(), "{:?}", outcome.file_errors);
    postlint_fuzz::check_outcome(&outcome);
    postlint_fuzz::check_text_output(&outcome);
});
