//! Any bytes as a CV sent as PDF, DOCX, ODT or text: reading its text and parsing it never
//! panic, whatever the file holds (loops, bombs, broken tables); unreadable files say why.
//! pdf-extract asserts on some malformed files; `extract` catches that and says the file is
//! damaged, so the fuzzer's abort-on-any-panic hook is replaced by a silent one: a panic that
//! escapes `extract` still ends the run (it cannot unwind out of the fuzzer).
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico_files::extract::{DOCX, ODT, extract};

static QUIET: std::sync::Once = std::sync::Once::new();

fuzz_target!(|input: (u8, &[u8])| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let (which, bytes) = input;
    let mime = ["application/pdf", DOCX, ODT, "text/plain"][usize::from(which % 4)];
    match extract(mime, bytes) {
        Ok(text) => {
            let _ = portico_recruit::cv::parse(&text);
        }
        Err(why) => assert!(!why.is_empty()),
    }
});
