//! The visible reply on the corpus in `tests/mail/replies`: replies from Gmail, Outlook
//! (desktop and mobile), Apple Mail and iPhone, Thunderbird, Yahoo, Proton Mail and Roundcube,
//! in English, French, Croatian and German, in the encodings those clients send. Each `.eml`
//! is parsed the way Portico parses received mail and its visible reply compared, exactly,
//! with the `.txt` beside it.

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn visible_replies_match_the_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mail/replies");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).collect();
    cases.retain(|p| p.extension().is_some_and(|e| e == "eml"));
    cases.sort();
    let (mut clients, mut languages) = (BTreeSet::new(), BTreeSet::new());
    let mut wrong = Vec::new();
    for eml in &cases {
        let name = eml.file_stem().unwrap().to_string_lossy().to_string();
        let mut parts = name.splitn(3, '-');
        let (_, client, lang) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
        clients.insert(client.to_string());
        languages.insert(lang.to_string());
        let parsed = portico_mail::inbound::parse::parse(&std::fs::read(eml).unwrap()).unwrap();
        let got = portico_mail::inbound::reply::visible_reply(&parsed.text);
        let expected = std::fs::read_to_string(eml.with_extension("txt")).unwrap();
        if got.trim_end() != expected.trim_end() {
            wrong.push(format!("{name}:\n--- expected\n{}\n--- got\n{got}\n", expected.trim_end()));
        }
    }
    assert!(cases.len() >= 100, "at least 100 replies: {}", cases.len());
    assert!(clients.len() >= 5 && languages.len() >= 3, "{clients:?} {languages:?}");
    let exact = cases.len() - wrong.len();
    let rate = exact as f64 / cases.len() as f64;
    println!("visible reply: {exact}/{} exact ({:.1}%)", cases.len(), rate * 100.0);
    assert!(rate >= 0.95, "{:.1}% exact, below 95%:\n{}", rate * 100.0, wrong.join("\n"));
}
