//! The visible reply: what the sender wrote in this message, without the history their mail
//! client quoted below it or the signature under it. The original text is always kept
//! beside it; this only decides what is shown first.
//!
//! A reply ends at the first line that starts quoted history: our own reply marker, a
//! client's attribution line ("On … wrote:", "Le … a écrit :", "… je napisao:", possibly
//! wrapped over three lines), an Outlook header block (From/Sent/To/Subject in any of our
//! languages), an "Original Message" rule, or a `>` block that runs to the end. Then a
//! signature after the `-- ` delimiter and the "Sent from my phone" lines of mobile clients
//! are dropped. Measured on the corpus in `tests/mail/replies` (`tests/it/mail_replies.rs`).

use std::sync::OnceLock;

use regex::Regex;

/// The line our outgoing messages carry above the quoted text, in every language: whatever
/// the reader writes goes above it.
pub const MARKER: &str = "##-";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(Patterns::new)
}

struct Patterns {
    attribution: Regex,
    header_first: Regex,
    header_next: Regex,
    original: Regex,
    mobile: Regex,
}

impl Patterns {
    #[allow(clippy::expect_used)] // constant patterns, covered by the tests
    fn new() -> Patterns {
        let re = |p: &str| Regex::new(p).expect("reply pattern");
        Patterns {
            // Attribution lines: English, French, Croatian, German, Spanish, Italian, Dutch.
            attribution: re(concat!(
                r"(?i)^\s*(",
                r"on\s.{4,}\s(wrote|writes)\s?:",
                r"|le\s.{4,}\sa\s[ée]crit\s?:",
                r"|.{4,}\s(je\s)?(napisao|napisala|napisao/la|napisao/napisala|pi[sš]e)(\sje)?\s?:",
                r"|(dana|u)\s.{4,}\s(je\s)?(napisao|napisala|napisao/la)(\sje)?\s?:",
                r"|am\s.{4,}\sschrieb.{0,120}:",
                r"|.{4,}\sschrieb\s?.{0,120}:",
                r"|el\s.{4,}\sescribi[óo]\s?:",
                r"|il\s.{4,}\sha\sscritto\s?:",
                r"|op\s.{4,}\sschreef.{0,120}:",
                r"|.{4,}\sfolgendes geschrieben\s?:",
                r")\s*$"
            )),
            header_first: re(r"(?i)^\s*\*?(from|de|od|šalje|von|van|da|expéditeur)\s?\*?\s?:\s?\*?\s*\S"),
            header_next: re(concat!(
                r"(?i)^\s*\*?(sent|date|envoy[ée]|poslano|gesendet|datum|to|à|a|za|an|aan|subject|objet|predmet|betreff|onderwerp|oggetto|asunto|cc|kopija)",
                r"\s?\*?\s?:"
            )),
            original: re(concat!(
                r"(?i)^\s*-{2,}\s*(original message|message d'origine|message d’origine|izvorna poruka|originalna poruka",
                r"|ursprüngliche nachricht|mensaje original|messaggio originale|forwarded message|message transféré",
                r"|proslijeđena poruka|weitergeleitete nachricht)\s*-{2,}\s*$"
            )),
            // What mobile and webmail clients add under a message, in each language.
            mobile: re(concat!(
                r"(?i)^\s*(sent from my .{1,40}|sent from .{1,40} for (windows|ios|android|mac)|get outlook for (ios|android)",
                r"|sent with proton ?mail.{0,40}|sent from proton ?mail.{0,40}|sent from yahoo mail.{0,40}",
                r"|envoy[ée] de mon .{1,40}|envoy[ée] depuis .{1,40}|envoy[ée] de yahoo mail.{0,40}",
                r"|envoy[ée] avec (la messagerie s[ée]curis[ée]e )?proton ?mail.{0,40}|obtenir outlook pour (ios|android)",
                r"|poslano (s|sa) mog(a)? .{1,40}|poslano iz .{1,40}|poslano (s|sa|putem) .{1,40} za (windows|ios|android)",
                r"|poslano (s|sa|putem) proton ?mail.{0,40}",
                r"|von meinem .{1,40} gesendet|von yahoo mail.{0,40} gesendet|gesendet mit (der sicheren e-mail )?proton ?mail.{0,20}",
                r"|enviado desde mi .{1,40}|inviato da .{1,40})\s*$"
            )),
        }
    }
}

/// The text the sender wrote above the history and signature (or, when they wrote under the
/// quote, what is left once the quote and its attribution are taken out).
pub fn visible_reply(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let end = history_start(&lines).unwrap_or(lines.len());
    let mut body: Vec<&str> = lines[..end].to_vec();
    strip_signature(&mut body);
    let above = tidy(&body);
    if !above.is_empty() || end == lines.len() {
        return above;
    }
    let mut below = unquoted(&lines[end..]);
    strip_signature(&mut below);
    tidy(&below)
}

/// The lines of a bottom-posted reply: neither quoted nor the attribution of the quote.
fn unquoted<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let p = patterns();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.starts_with('>') || (out.is_empty() && line.is_empty()) {
            i += 1;
            continue;
        }
        if attribution_at(lines, i) || p.attribution.is_match(line) {
            // An attribution may be wrapped: skip to the line that ends it.
            i += lines[i..].iter().position(|l| l.trim_end().ends_with(':')).map_or(1, |n| n + 1);
            continue;
        }
        out.push(lines[i]);
        i += 1;
    }
    out
}

/// The first line of quoted history, if any.
fn history_start(lines: &[&str]) -> Option<usize> {
    let p = patterns();
    for i in 0..lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with(MARKER) && line.ends_with("-##") {
            return Some(i);
        }
        if p.original.is_match(line) {
            return Some(i);
        }
        if attribution_at(lines, i) {
            return Some(i);
        }
        if p.header_first.is_match(line) && header_block_follows(lines, i) {
            return Some(rule_above(lines, i));
        }
        if line.starts_with('>') && quoted_to_end(lines, i) {
            return Some(i);
        }
    }
    None
}

/// An attribution line at `i`, alone or wrapped over the next two lines (Gmail wraps long
/// ones at the address). A wrapped one must end within three lines and be followed by
/// quoted text or the end, so a sentence that merely starts with "On" is not taken for one.
fn attribution_at(lines: &[&str], i: usize) -> bool {
    let p = patterns();
    let mut joined = String::new();
    for (n, line) in lines.iter().enumerate().skip(i).take(3) {
        if n > i {
            if line.trim().is_empty() {
                return false;
            }
            joined.push(' ');
        }
        joined.push_str(line.trim());
        if joined.len() > 400 {
            return false;
        }
        if p.attribution.is_match(&joined) {
            return n == i || lines.get(n + 1).is_none_or(|next| next.trim().is_empty() || next.starts_with('>'));
        }
    }
    false
}

/// Whether at least two more header lines follow `i` closely (From: then Sent:/To:/Subject:).
fn header_block_follows(lines: &[&str], i: usize) -> bool {
    let p = patterns();
    lines.iter().skip(i + 1).take(5).filter(|l| p.header_next.is_match(l)).count() >= 2
}

/// Outlook puts a rule of underscores above its header block: history starts there.
fn rule_above(lines: &[&str], i: usize) -> usize {
    let mut j = i;
    while j > 0 && lines[j - 1].trim().is_empty() {
        j -= 1;
    }
    if j > 0 && is_rule(lines[j - 1]) { j - 1 } else { i }
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 10 && t.chars().all(|c| c == '_' || c == '-')
}

/// Whether every non-blank line from `i` on is quoted.
fn quoted_to_end(lines: &[&str], i: usize) -> bool {
    lines[i..].iter().all(|l| l.trim().is_empty() || l.trim_start().starts_with('>'))
}

/// Drop a signature after the `-- ` delimiter, and the lines mobile clients add.
fn strip_signature(body: &mut Vec<&str>) {
    let p = patterns();
    if let Some(sig) = body.iter().rposition(|l| *l == "-- " || *l == "--" || l.trim_end() == "—") {
        // A delimiter at the very top is not a signature but the whole message.
        if body[..sig].iter().any(|l| !l.trim().is_empty()) {
            body.truncate(sig);
        }
    }
    loop {
        while body.last().is_some_and(|l| l.trim().is_empty() || is_rule(l)) {
            body.pop();
        }
        match body.last() {
            Some(l) if p.mobile.is_match(l) => {
                body.pop();
            }
            _ => break,
        }
    }
}

/// Trailing spaces off every line, no blank lines at either end, at most one in a row.
fn tidy(body: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::with_capacity(body.len());
    for l in body {
        let l = l.trim_end();
        if l.is_empty() && out.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        out.push(l);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::visible_reply;

    #[test]
    fn cuts_at_each_kind_of_history() {
        let cases = [
            ("Yes.\n\nOn Mon, Dec 7, 2026 at 10:12 AM Ana <a@x.hr> wrote:\n> Can we?\n", "Yes."),
            ("Oui.\n\nLe lun. 7 déc. 2026 à 10:12, Ana <a@x.hr> a écrit :\n> Peut-on ?", "Oui."),
            ("Da.\n\npon, 7. pro 2026. u 10:12 Ana <a@x.hr> napisao je:\n> Može?", "Da."),
            (
                "Fine.\n\n________________________________\nFrom: Ana <a@x.hr>\nSent: Monday\nTo: Bo\nSubject: x\n\nOld",
                "Fine.",
            ),
            ("D'accord.\n\nDe : Ana\nEnvoyé : lundi\nÀ : Bo\nObjet : x\n\nAncien", "D'accord."),
            ("Ok.\n-----Original Message-----\nFrom: a", "Ok."),
            ("Thanks\n##- Please type your reply above this line -##\nold", "Thanks"),
            ("Sure\n\n> quoted\n> more\n", "Sure"),
            ("Thanks,\nAna\n-- \nAna Horvat\nAcme d.o.o.", "Thanks,\nAna"),
            ("See you\n\nSent from my iPhone\n\nOn 7 Dec 2026, at 10:12, Bo <b@x> wrote:\n> hi", "See you"),
        ];
        for (input, expected) in cases {
            assert_eq!(visible_reply(input), expected, "{input:?}");
        }
    }

    #[test]
    fn wrapped_attribution_and_sentences_that_only_look_like_one() {
        let wrapped = "Agreed.\n\nOn Mon, Dec 7, 2026 at 10:12 AM Ana Horvat <\nana.horvat@example.hr> wrote:\n\n> Old";
        assert_eq!(visible_reply(wrapped), "Agreed.");
        let sentence = "On Monday I can come in.\nFrom: my side all is fine.\nRegards";
        assert_eq!(visible_reply(sentence), sentence);
        let interleaved = "Hi,\n> Can you come?\nYes.\n> At ten?\nAt eleven.";
        assert_eq!(visible_reply(interleaved), interleaved);
        let bottom = "On 07/12/2026 10:12, Acme wrote:\n> Can you come?\n\nYes, at ten.\n\n-- \nAna";
        assert_eq!(visible_reply(bottom), "Yes, at ten.");
    }
}
