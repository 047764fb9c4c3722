//! The corpus rules on a small corpus: the input is split at NUL bytes into up
//! to eight posts, written to a folder and checked together.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| postlint_fuzz::scratch("corpus"))
}

fuzz_target!(|data: &[u8]| {
    let posts: Vec<&[u8]> = data.split(|&b| b == 0).take(8).collect();
    if posts
        .iter()
        .any(|p| std::str::from_utf8(p).map_or(true, postlint_fuzz::parser_panics))
    {
        return;
    }
    let dir = folder();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let _ = std::fs::remove_file(entry.path());
    }
    for (i, post) in posts.iter().enumerate() {
        std::fs::write(dir.join(format!("post-{i}.md")), post).unwrap();
    }
    let (linter, _) = postlint_fuzz::linter();
    let outcome = linter.run(&postlint_fuzz::options(vec![dir.clone()]));
    assert!(outcome.file_errors.is_empty(), "{:?}", outcome.file_errors);
    assert_eq!(outcome.files_checked, posts.len());
    postlint_fuzz::check_outcome(&outcome);
    postlint_fuzz::check_text_output(&outcome);
});
