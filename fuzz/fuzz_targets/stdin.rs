//! The stdin path: any bytes, checked through standard input as a post, give
//! exactly what the same bytes give as that post's file, including "binary" or
//! "not UTF-8" errors.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| postlint_fuzz::scratch("stdin"))
}

fuzz_target!(|data: &[u8]| {
    if std::str::from_utf8(data).is_ok_and(postlint_fuzz::parser_panics) {
        return;
    }
    let (linter, _) = postlint_fuzz::linter();
    let post = folder().join("post.md");
    std::fs::write(&post, data).unwrap();
    let from_file = linter.run(&postlint_fuzz::options(vec![post.clone()]));

    // The file on disk now says something else: only the buffer counts.
    std::fs::write(&post, "# Stale\n\n## Empty\n").unwrap();
    let mut options = postlint_fuzz::options(vec![post.clone()]);
    options.stdin = Some((post, data.to_vec()));
    let from_stdin = linter.run(&options);

    assert_eq!(
        postlint_fuzz::digest(&from_file),
        postlint_fuzz::digest(&from_stdin)
    );
    postlint_fuzz::check_outcome(&from_stdin);
});
