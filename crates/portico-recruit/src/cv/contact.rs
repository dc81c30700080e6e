//! Who the CV is of and how to reach them: name, e-mail, phone, location, links.

use std::sync::LazyLock;

use regex::Regex;

use super::sections::{Kind, Section, heading};
use super::{fold, positions, words};

pub(super) static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| super::pattern(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"));
pub(super) static PHONE: LazyLock<Regex> = LazyLock::new(|| super::pattern(r"\(?\+?\d[\d \.\-()]{7,}\d"));
static PHONE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(r"(?i)^(?:t[ée]l(?:[ée]phone)?|phone|mobile?|portable|gsm|cell|mob|telefon|mob\.)\b")
});
pub(super) static LINK: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(
        r"(?i)\b(?:https?://[^\s|,;<>]+|(?:www\.)?(?:linkedin\.com|github\.com|gitlab\.com|behance\.net|dribbble\.com|malt\.fr)/[^\s|,;<>]+|www\.[a-z0-9-]+\.[a-z]{2,}[^\s|,;<>]*)",
    )
});
static LOCATION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(r"(?i)^(?:address|adresse|location|localisation|lieu|ville|city|based in|adresa|domicile)\s*:?\s*")
});
/// The end of a street address: "12 rue des Lilas, 69003 Lyon" → "69003 Lyon".
static POSTCODE_CITY: LazyLock<Regex> = LazyLock::new(|| super::pattern(r"\b\d{4,5}\s+\p{Lu}[\p{L}'’ -]+$"));
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(
        r"^(?:\p{Lu}[\p{L}'’. -]+(?:,\s*\p{Lu}[\p{L}'’. -]+)+|\d{5}\s+\p{Lu}[\p{L}'’ -]+|\p{Lu}[\p{L}'’ -]+\s+(?:\d{5}|\(\d{2,3}\)|\d{1,2}(?:e|er|ème)))$",
    )
});

pub fn email(lines: &[String]) -> Option<String> {
    lines.iter().find_map(|l| EMAIL.find(l)).map(|m| m.as_str().trim_end_matches('.').to_string())
}

/// A phone number as written: on a line labelled as one if any, else the first number of
/// nine to fifteen digits that is not part of an e-mail address or a link.
pub fn phone(lines: &[String]) -> Option<String> {
    let found = |l: &String| {
        let taken: Vec<(usize, usize)> =
            EMAIL.find_iter(l).chain(LINK.find_iter(l)).map(|m| (m.start(), m.end())).collect();
        PHONE
            .find_iter(l)
            .find(|m| {
                let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
                (9..=15).contains(&digits) && !taken.iter().any(|(s, e)| m.start() < *e && m.end() > *s)
            })
            .map(|m| m.as_str().trim().to_string())
    };
    let labelled = lines.iter().find(|l| PHONE_LABEL.is_match(&fold(l))).and_then(found);
    labelled.or_else(|| lines.iter().find_map(found))
}

pub fn links(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        for m in LINK.find_iter(l) {
            let link = m.as_str().trim_end_matches(['.', ')', ',']).to_string();
            if !out.contains(&link) {
                out.push(link);
            }
        }
    }
    out
}

/// Words that never make a person's name line.
const NOT_NAMES: &[&str] = &[
    "cv",
    "curriculum",
    "vitae",
    "resume",
    "résumé",
    "page",
    "contact",
    "portfolio",
    "references",
    "profil",
    "profile",
];

/// The person's name: a line of two to four capitalised words, no digits, that is not a
/// heading or a job title. Best is one whose words are in the e-mail address; else the
/// first such line at the top of the CV; else the first anywhere but in positions and
/// studies.
pub fn name(doc: &[Section<'_>], email: Option<&str>) -> Option<String> {
    let local = email.and_then(|e| e.split('@').next()).map(fold).unwrap_or_default();
    let shaped = |l: &str| -> bool {
        let ws: Vec<&str> = l.split_whitespace().collect();
        (2..=4).contains(&ws.len())
            && l.chars().count() <= 40
            && heading(l).is_none()
            && ws.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
            })
            && !words(l).iter().any(|w| NOT_NAMES.contains(&w.as_str()) || positions::title_word(w))
    };
    let in_email =
        |l: &str| !local.is_empty() && words(l).iter().filter(|w| w.len() >= 3).any(|w| local.contains(w.as_str()));
    let readable = doc.iter().filter(|s| !matches!(s.kind, Kind::Experience | Kind::Education));
    let candidates: Vec<(&str, bool)> = readable
        .flat_map(|s| s.lines.iter().map(move |l| (*l, s.kind == Kind::Top)))
        .filter(|(l, _)| shaped(l))
        .collect();
    candidates
        .iter()
        .find(|(l, _)| in_email(l))
        .or_else(|| candidates.iter().find(|(_, top)| *top))
        .or_else(|| candidates.first())
        .map(|(l, _)| l.to_string())
}

/// Where they live: a line labelled as an address, else a place ("Lyon, France",
/// "75011 Paris", "Bordeaux (33)") among the contact details: in a line of details split by
/// bars, or on a line of its own near the e-mail address or the phone number.
pub fn location(lines: &[String], name: Option<&str>) -> Option<String> {
    let labelled =
        lines.iter().position(|l| LOCATION_LABEL.is_match(l) && !LOCATION_LABEL.replace(l, "").trim().is_empty());
    if let Some(i) = labelled {
        let mut place = LOCATION_LABEL.replace(&lines[i], "").trim().to_string();
        // A narrow column may have wrapped it: "Manchester, United" / "Kingdom".
        if let Some(next) = lines.get(i + 1).filter(|n| wrapped_tail(n, name)) {
            place = format!("{place} {next}");
        }
        return Some(place);
    }
    let contact = |l: &str| EMAIL.is_match(l) || PHONE.is_match(l);
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| contact(l)) {
        for part in l.split(['|', '·', '•', '\t']).map(str::trim) {
            if !contact(part) && PLACE.is_match(part) {
                return Some(part.to_string());
            }
        }
        let near: Vec<&str> = lines
            .iter()
            .take(i + 4)
            .skip(i.saturating_sub(3))
            .map(|o| o.trim())
            .filter(|o| !contact(o) && !LINK.is_match(o) && Some(*o) != name && heading(o).is_none())
            .collect();
        let single_city = |o: &&&str| {
            o.split_whitespace().count() == 1
                && o.chars().next().is_some_and(char::is_uppercase)
                && o.chars().all(|c| c.is_alphabetic() || c == '-')
        };
        if let Some(place) = near.iter().find(|o| PLACE.is_match(o)) {
            return Some(place.to_string());
        }
        if let Some(m) = near.iter().find_map(|o| POSTCODE_CITY.find(o)) {
            return Some(m.as_str().to_string());
        }
        if let Some(place) = near.iter().find(single_city) {
            return Some(place.to_string());
        }
    }
    None
}

/// One or two capitalised words alone on a line: the end of a wrapped line.
fn wrapped_tail(line: &str, name: Option<&str>) -> bool {
    let ws: Vec<&str> = line.split_whitespace().collect();
    (1..=2).contains(&ws.len())
        && Some(line) != name
        && heading(line).is_none()
        && ws.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic))
}
