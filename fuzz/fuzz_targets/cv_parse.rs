//! Any text as a CV's: the parser never panics, and what it finds is taken from the text
//! (with its spacing collapsed, as the parser reads it).
#![no_main]

use libfuzzer_sys::fuzz_target;

fn collapsed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fuzz_target!(|text: &str| {
    let cv = portico_recruit::cv::parse(text);
    let read = collapsed(text);
    for found in cv.email.iter().chain(&cv.phone).chain(&cv.name) {
        assert!(read.contains(&collapsed(found)), "{found:?} is not in the text");
    }
    for p in &cv.experience {
        assert!(p.start.len() == 4 || p.start.len() == 7, "a date is YYYY or YYYY-MM: {}", p.start);
    }
});
