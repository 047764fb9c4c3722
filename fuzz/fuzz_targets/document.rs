//! The document model: any text parses, and every span the model holds lies
//! inside the text on character boundaries.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use postlint::document::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if postlint_fuzz::parser_panics(text) {
        return;
    }
    let doc = Document::parse(0, PathBuf::from("post.md"), Arc::from(text));
    postlint_fuzz::check_document(&doc);
});
