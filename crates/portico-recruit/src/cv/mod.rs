//! CV parsing: the fields a recruiter would type from a CV (name, e-mail, phone, location,
//! links, skills, languages, positions held, studies), found in the text the sandbox read
//! from the file. Rules, not a model: headings in English, French and Croatian cut the text
//! into sections, date ranges anchor positions and studies, and words that name a job tell
//! a title from an employer. Its accuracy is measured on a labelled set of generated CVs
//! (`bench/run --only cv`, results in bench/RESULTS.md).

mod contact;
mod dates;
mod positions;
pub mod redact;
mod sections;
pub mod similar;

use serde::{Deserialize, Serialize};

pub use dates::{Range, range};

/// What a CV says, as far as the parser could tell.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Parsed {
    pub name: Option<String>,
    pub email: Option<String>,
    /// As written.
    pub phone: Option<String>,
    pub location: Option<String>,
    pub links: Vec<String>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    /// Newest first, as CVs list them.
    pub experience: Vec<Position>,
    pub education: Vec<Study>,
}

/// A position held. Dates are `YYYY-MM` or `YYYY`; an open end is `present`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Position {
    pub employer: String,
    pub title: String,
    pub start: String,
    pub end: String,
}

/// A degree or course.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Study {
    pub school: String,
    pub degree: String,
    pub start: String,
    pub end: String,
}

impl Position {
    /// The position on one line of the profile: "Title — Employer (2019-03 – …)".
    pub fn line(&self) -> String {
        line(&self.title, &self.employer, &self.start, &self.end)
    }
}

impl Study {
    pub fn line(&self) -> String {
        line(&self.degree, &self.school, &self.start, &self.end)
    }
}

fn line(what: &str, at: &str, start: &str, end: &str) -> String {
    let end = if end == "present" { "…" } else { end };
    let mut out = [what, at].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" — ");
    if !start.is_empty() {
        out.push_str(&format!(" ({start} – {end})"));
    }
    out
}

/// CVs longer than this many lines are read up to it.
const MAX_LINES: usize = 3000;

pub fn parse(text: &str) -> Parsed {
    let lines = lines(text);
    let doc = sections::split(&lines);
    let (email, phone) = (contact::email(&lines), contact::phone(&lines));
    let name = contact::name(&doc, email.as_deref());
    Parsed {
        location: contact::location(&lines, name.as_deref()),
        links: contact::links(&lines),
        skills: sections::items(&doc, sections::Kind::Skills)
            .into_iter()
            .filter(|s| Some(s.as_str()) != name.as_deref())
            .collect(),
        languages: sections::languages(&doc),
        experience: positions::experience(&doc),
        education: positions::education(&doc),
        name,
        email,
        phone,
    }
}

/// The text's lines, trimmed, spaces collapsed (tabs, which part table cells and columns,
/// kept), empty ones dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .take(MAX_LINES)
        .map(|l| {
            l.split('\t')
                .map(|cell| cell.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join("\t")
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// A compiled pattern of the parser's own.
#[allow(clippy::expect_used)] // constant patterns, covered by the tests
fn pattern(p: &str) -> regex::Regex {
    regex::Regex::new(p).expect("a CV pattern")
}

/// Lower case without accents, for comparing words: "Expérience" → "experience".
fn fold(s: &str) -> String {
    portico_kernel::locale::fold_accents(s).to_lowercase().replace('’', "'")
}

/// The words of `s`, folded.
fn words(s: &str) -> Vec<String> {
    fold(s).split(|c: char| !c.is_alphanumeric() && c != '.').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// A list item's marker, if `line` is one.
fn is_bullet(line: &str) -> bool {
    line.starts_with(['•', '▪', '●', '◦', '*', '·', '‣', '➢', '✓']) || line.starts_with("- ") || line.starts_with("– ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CV as written by hand, not by the generator the accuracy is measured on.
    const FRENCH: &str = "CURRICULUM VITAE\nDUPONT Marie\nResponsable de boutique\n12 rue des Lilas, 69003 Lyon\n\
        Tél : 06 12 34 56 78 — marie.dupont@free.fr\nwww.linkedin.com/in/mariedupont\n\nEXPÉRIENCES PROFESSIONNELLES\n\
        Depuis mars 2021\tResponsable de boutique — Sephora\nGestion d'une équipe de 6 vendeuses et du stock.\n\
        Sept. 2017 - févr. 2021\nConseillère de vente, Galeries Lafayette\n- Accueil et conseil client\n\n\
        FORMATION\n2015 - 2017 BTS MCO, Lycée Ampère\n\nLANGUES\nAnglais (courant), Espagnol (scolaire)\n\n\
        COMPÉTENCES\nVente ; merchandising ; Excel\n";

    #[test]
    fn a_french_cv_written_by_hand() {
        let cv = parse(FRENCH);
        assert_eq!(cv.name.as_deref(), Some("DUPONT Marie"));
        assert_eq!(cv.email.as_deref(), Some("marie.dupont@free.fr"));
        assert_eq!(cv.phone.as_deref(), Some("06 12 34 56 78"));
        assert_eq!(cv.links, ["www.linkedin.com/in/mariedupont"]);
        assert_eq!(cv.location.as_deref(), Some("69003 Lyon"));
        let jobs: Vec<_> = cv
            .experience
            .iter()
            .map(|e| (e.title.as_str(), e.employer.as_str(), e.start.as_str(), e.end.as_str()))
            .collect();
        assert_eq!(
            jobs,
            [
                ("Responsable de boutique", "Sephora", "2021-03", "present"),
                ("Conseillère de vente", "Galeries Lafayette", "2017-09", "2021-02")
            ]
        );
        assert_eq!(cv.education.len(), 1);
        assert_eq!((cv.education[0].degree.as_str(), cv.education[0].school.as_str()), ("BTS MCO", "Lycée Ampère"));
        assert_eq!(cv.languages, ["Anglais", "Espagnol"]);
        assert_eq!(cv.skills, ["Vente", "merchandising", "Excel"]);
    }

    #[test]
    fn nothing_to_read_finds_nothing() {
        assert_eq!(parse(""), Parsed::default());
        assert_eq!(parse("%PDF garbage \u{0} 2019 –").experience, []);
    }
}
