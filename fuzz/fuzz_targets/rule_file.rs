//! Rule files: any text loads as a rule or gives errors with spans inside the
//! file; a rule that loads runs its own inline tests without a crash.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use postlint::rules::declarative;

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| postlint_fuzz::scratch("rules"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = folder().join("rule.toml");
    match declarative::file::parse(&path, text) {
        Ok(_) => {
            std::fs::write(&path, text).unwrap();
            let (set, errors) = declarative::load_dirs(&[folder().clone()]);
            postlint_fuzz::render_errors(&errors);
            let mut tests = set.rules().flat_map(|r| r.tests.iter());
            if tests.any(|t| postlint_fuzz::parser_panics(&t.text)) {
                return;
            }
            let run = declarative::testing::run(&set);
            postlint_fuzz::render_errors(&run.failures);
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            postlint_fuzz::render_errors(&errors);
        }
    }
});
