//! Front matter: the first byte picks YAML or TOML fences, the rest is the
//! block's body. Whatever it holds, the block splits off with its spans inside
//! the text, and an error points inside the block.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint::front_matter;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    let fence = if pick & 1 == 0 { "---" } else { "+++" };
    let text = format!("{fence}\n{body}\n{fence}\n# After\n");
    let Some(fm) = front_matter::split(&text, 0) else {
        return;
    };
    for span in [&fm.span, &fm.body] {
        assert!(postlint_fuzz::span_ok(&text, span), "{span:?}");
    }
    if let Some(error) = &fm.error {
        assert!(postlint_fuzz::span_ok(&text, &error.span));
        assert!(error.span.start >= fm.span.start && error.span.end <= fm.span.end);
    }
    for key in fm.fields.keys() {
        if let Some(span) = fm.value_span(key) {
            assert!(postlint_fuzz::span_ok(&text, &span));
        }
    }
    let _ = fm.sortable_date();
});
