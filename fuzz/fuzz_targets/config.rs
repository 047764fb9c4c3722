//! Config parsing: any text is a config or a list of errors, every error's span
//! lies inside the text, and a config that parses builds a linter or says why.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use postlint::config;
use postlint::engine::Linter;
use postlint::rules::Registry;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let registry = Registry::builtin();
    let infos = registry.infos();
    match config::parse(Path::new("postlint.toml"), text, &infos) {
        Ok(config) => {
            if let Err(errors) = Linter::new(&registry, config, &[], &[]) {
                postlint_fuzz::render_errors(&errors);
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            postlint_fuzz::render_errors(&errors);
        }
    }
});
