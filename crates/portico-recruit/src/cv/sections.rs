//! The sections of a CV, from their headings, and the lists they hold.

use super::{fold, is_bullet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Before the first heading: name, contact details.
    Top,
    Experience,
    Education,
    Skills,
    Languages,
    /// Profile, interests, references…: nothing read from them.
    Other,
}

pub struct Section<'a> {
    pub kind: Kind,
    pub lines: Vec<&'a str>,
}

/// Headings, folded, by the section they open.
const HEADINGS: &[(Kind, &[&str])] = &[
    (
        Kind::Experience,
        &[
            "experience",
            "experiences",
            "work experience",
            "professional experience",
            "employment history",
            "employment",
            "work history",
            "career history",
            "career",
            "experience professionnelle",
            "experiences professionnelles",
            "parcours professionnel",
            "parcours",
            "radno iskustvo",
            "iskustvo",
        ],
    ),
    (
        Kind::Education,
        &[
            "education",
            "education and training",
            "training",
            "academic background",
            "qualifications",
            "formation",
            "formations",
            "diplomes",
            "diplomes et formations",
            "formation et diplomes",
            "obrazovanje",
        ],
    ),
    (
        Kind::Skills,
        &[
            "skills",
            "key skills",
            "technical skills",
            "competences",
            "competences techniques",
            "savoir-faire",
            "outils",
            "tools",
            "vjestine",
        ],
    ),
    (Kind::Languages, &["languages", "language skills", "langues", "langues etrangeres", "jezici"]),
    (
        Kind::Other,
        &[
            "profile",
            "summary",
            "about me",
            "about",
            "profil",
            "a propos",
            "resume",
            "objective",
            "objectif",
            "interests",
            "hobbies",
            "centres d'interet",
            "loisirs",
            "contact",
            "references",
            "certifications",
            "projects",
            "projets",
            "volunteering",
            "benevolat",
            "personal details",
            "informations personnelles",
            "o meni",
            "interesi",
        ],
    ),
];

/// What a line opens, if it is a heading.
pub fn heading(line: &str) -> Option<Kind> {
    if line.contains('\t') || line.split_whitespace().count() > 5 {
        return None;
    }
    let folded = fold(line);
    let key = folded.trim().trim_end_matches(':').trim();
    HEADINGS.iter().find(|(_, names)| names.contains(&key)).map(|(kind, _)| *kind)
}

/// The lines cut at each heading.
pub fn split(lines: &[String]) -> Vec<Section<'_>> {
    let mut out = Vec::new();
    let mut current = Section { kind: Kind::Top, lines: Vec::new() };
    for line in lines {
        match heading(line) {
            Some(kind) => out.push(std::mem::replace(&mut current, Section { kind, lines: Vec::new() })),
            None => current.lines.push(line),
        }
    }
    out.push(current);
    out
}

/// The items listed in the sections of `kind`: split at commas, bullets, bars and tabs.
pub fn items(doc: &[Section<'_>], kind: Kind) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in doc.iter().filter(|s| s.kind == kind) {
        for line in &s.lines {
            for item in line.split([',', ';', '•', '·', '|', '\t', '▪']) {
                let item = item.trim().trim_start_matches(['-', '–', '*']).trim();
                let item = item.trim_end_matches('.').trim();
                if item.is_empty() || item.chars().count() > 40 || is_bullet(item) {
                    continue;
                }
                if !out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
                    out.push(item.to_string());
                }
            }
        }
    }
    out
}

/// Language names in English, French and Croatian, folded.
const LANGUAGES: &[&str] = &[
    "english",
    "french",
    "croatian",
    "german",
    "spanish",
    "italian",
    "portuguese",
    "dutch",
    "polish",
    "arabic",
    "chinese",
    "mandarin",
    "japanese",
    "russian",
    "serbian",
    "slovenian",
    "hungarian",
    "czech",
    "romanian",
    "turkish",
    "anglais",
    "francais",
    "croate",
    "allemand",
    "espagnol",
    "italien",
    "portugais",
    "neerlandais",
    "polonais",
    "arabe",
    "chinois",
    "japonais",
    "russe",
    "serbe",
    "slovene",
    "hongrois",
    "tcheque",
    "roumain",
    "turc",
    "engleski",
    "francuski",
    "hrvatski",
    "njemacki",
    "spanjolski",
    "talijanski",
];

/// The languages listed in the languages sections, as written, without their level
/// ("English (fluent)", "Anglais : courant", "German – B2").
pub fn languages(doc: &[Section<'_>]) -> Vec<String> {
    items(doc, Kind::Languages)
        .into_iter()
        .filter_map(|item| {
            let name = item.split([':', '(', '-', '–', '/']).next()?.trim();
            let name = name.split_whitespace().next()?;
            LANGUAGES.contains(&fold(name).as_str()).then(|| name.to_string())
        })
        .fold(Vec::new(), |mut out, n| {
            if !out.contains(&n) {
                out.push(n);
            }
            out
        })
}
