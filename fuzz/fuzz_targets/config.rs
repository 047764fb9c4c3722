//! Config parsing: any text is a config or a list of errors, every error's span
//! lies inside the text, and a config that parses builds a linter or says why.
#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use postlint::config;
use postlint::engine::Linter;
use postlint::rules::Registry;
use postlint::workspace::Workspace;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let registry = Registry::builtin();
    let infos = registry.infos();
    match config::parse(Path::new("postlint.toml"), text, &infos) {
        Ok(config) => {
            let workspace = Workspace::new(PathBuf::new(), registry, config);
            if let Err(errors) = Linter::new(&workspace, &[], &[]) {
                postlint_fuzz::render_errors(&errors);
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            postlint_fuzz::render_errors(&errors);
        }
    }
});
