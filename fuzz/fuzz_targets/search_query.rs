//! Any text as a search: the parsed query holds only letters and digits, and what reaches
//! FTS5 and PostgreSQL is made of quoted words, operators and the columns Portico names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico_search::{Fts5Terms, Query, fts5_expression, tsqueries};

fn plain(w: &str) -> bool {
    !w.is_empty() && w.chars().all(char::is_alphanumeric)
}

fuzz_target!(|input: &str| {
    let q = Query::parse(input);
    assert!(q.words.iter().chain(&q.without).all(|w| plain(w)));
    assert!(q.phrases.iter().flatten().all(|w| plain(w)));
    let ws = portico_kernel::WorkspaceId::new();
    let fts = fts5_expression(ws, &["file"], &q, &Fts5Terms::default());
    // Every quoted run is words and spaces; outside quotes only Portico's own syntax.
    for (i, part) in fts.split('"').enumerate() {
        if i % 2 == 1 {
            assert!(part.split(' ').all(plain), "{fts}");
        } else {
            assert!(part.chars().all(|c| c.is_ascii_alphanumeric() || " :(){}*".contains(c)), "{fts}");
        }
    }
    let ts = tsqueries(&q);
    for t in [ts.matching, ts.ranking, ts.without] {
        assert!(t.chars().all(|c| c.is_alphanumeric() || " :*&|!()<->".contains(c)), "{t}");
    }
});
