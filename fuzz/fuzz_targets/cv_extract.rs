//! Any bytes as a CV sent as PDF, DOCX, ODT or text: reading its text and parsing it never
//! panic, whatever the file holds (loops, bombs, broken tables); unreadable files say why.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico_files::extract::{DOCX, ODT, extract};

fuzz_target!(|input: (u8, &[u8])| {
    let (which, bytes) = input;
    let mime = ["application/pdf", DOCX, ODT, "text/plain"][usize::from(which % 4)];
    match extract(mime, bytes) {
        Ok(text) => {
            let _ = portico_recruit::cv::parse(&text);
        }
        Err(why) => assert!(!why.is_empty()),
    }
});
