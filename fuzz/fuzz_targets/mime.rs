//! Any bytes as an inbound message: parsing, classifying, cutting the visible reply and
//! finding a reply token never panic, and an unreadable message says why.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico_mail::inbound::{classify, parse, reply, token};

fuzz_target!(|raw: &[u8]| {
    match parse::parse(raw) {
        Ok(p) => {
            let _ = classify::classify(&p);
            let _ = reply::visible_reply(&p.text);
            let _ = token::in_subject(&p.subject);
        }
        Err(why) => assert!(!why.word().is_empty()),
    }
});
