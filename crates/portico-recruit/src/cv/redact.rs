//! Anonymous review: a CV or a comment without what identifies its person — their name, the
//! places they gave, e-mail addresses, phone numbers, links, dates of birth, ages and the
//! words that say gender (Madame, Mr, née…). Each is replaced by a mark, so the reader sees
//! that something was there.

use std::sync::LazyLock;

use regex::Regex;

use super::contact::{EMAIL, LINK, PHONE};

pub const MARK: &str = "▇▇▇";

static BIRTH: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(
        r"(?i)\b(?:n[ée]e?\s+(?:le|en|à)|date\s+de\s+naissance|born(?:\s+on|\s+in)?|date\s+of\s+birth|birth\s*date|dob|datum\s+ro[đd]enja|ro[đd]en[a]?)\b[^\n]*",
    )
});
static AGE: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(r"(?i)\b\d{2}\s*(?:ans|years?(?:\s+old)?|godin[ae]?)\b|\b(?:age|âge|dob)\s*:?\s*\d{2}\b")
});
static GENDER: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(
        r"(?i)(?:\b(?:mme|mlle|mrs|ms|miss|madame|monsieur|mademoiselle|gospodin|gospo[đd]a|sexe|gender|spol|homme|femme|male|female|masculin|f[ée]minin|n[ée]e)\b|\b(?:mr|m)\.)",
    )
});

/// `text` without what identifies the person: the patterns above, and `known` (their name,
/// their location: each word of two letters or more).
pub fn redact(text: &str, known: &[&str]) -> String {
    let mut out = text.to_string();
    for p in [&*BIRTH, &*EMAIL, &*LINK, &*PHONE, &*AGE, &*GENDER] {
        out = p.replace_all(&out, MARK).into_owned();
    }
    let mut words: Vec<&str> = known
        .iter()
        .flat_map(|k| k.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
        .filter(|w| w.chars().count() >= 2)
        .collect();
    // The longest first, so a word inside another does not leave half of it.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    for w in words {
        if let Ok(p) = Regex::new(&format!(r"(?i)\b{}\b", regex::escape(w))) {
            out = p.replace_all(&out, MARK).into_owned();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_identifies_the_person_is_marked_and_the_rest_stays() {
        let cv = "Madame Léa PETIT\nlea.petit@exemple.fr · +33 6 12 34 56 78 · linkedin.com/in/leapetit\n\
                  12 rue des Lilas, 69003 Lyon\nNée le 3 mars 1992 à Lyon · 32 ans\n\n\
                  Expérience\n2019 – 2025  Conseillère de vente, Lumina\nLéa a su fidéliser sa clientèle.";
        let out = redact(cv, &["Léa Petit", "Lyon"]);
        for gone in ["Léa", "PETIT", "lea.petit", "+33", "linkedin", "Lyon", "1992", "32 ans", "Madame", "Née"] {
            assert!(!out.contains(gone), "{gone} left in:\n{out}");
        }
        for kept in ["Expérience", "2019 – 2025", "Conseillère de vente, Lumina", "a su fidéliser sa clientèle"] {
            assert!(out.contains(kept), "{kept} lost:\n{out}");
        }
    }
}
