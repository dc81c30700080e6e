//! Any text as a CV's: the parser never panics, and what it finds is taken from the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let cv = portico_recruit::cv::parse(text);
    for found in cv.email.iter().chain(&cv.phone).chain(&cv.name) {
        assert!(text.contains(found.as_str()), "{found:?} is not in the text");
    }
    for p in &cv.experience {
        assert!(p.start.len() == 4 || p.start.len() == 7, "a date is YYYY or YYYY-MM: {}", p.start);
    }
});
