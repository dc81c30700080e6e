//! Positions held and studies: each is anchored on a date range, and its other lines are
//! the ones next to it (before it, else after it) up to the previous entry's list of duties.
//! Of two pieces, the one with a word naming a job is the title; the other the employer.

use super::sections::{Kind, Section};
use super::{dates, is_bullet, words};

/// Words that name a job, in English, French and Croatian, folded.
const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "manager",
    "representative",
    "agent",
    "analyst",
    "assistant",
    "accountant",
    "partner",
    "owner",
    "head",
    "designer",
    "operator",
    "receptionist",
    "lead",
    "nurse",
    "chef",
    "administrator",
    "controller",
    "consultant",
    "director",
    "officer",
    "specialist",
    "intern",
    "technician",
    "coordinator",
    "sales",
    "support",
    "architect",
    "scientist",
    "cashier",
    "waiter",
    "waitress",
    "driver",
    "teacher",
    "clerk",
    "secretary",
    "buyer",
    "planner",
    "recruiter",
    "trainee",
    "worker",
    "cook",
    "senior",
    "junior",
    "associate",
    "executive",
    "president",
    "cto",
    "ceo",
    "cfo",
    "founder",
    "freelance",
    "devops",
    "tester",
    "advisor",
    "adviser",
    "programmer",
    "editor",
    "writer",
    "supervisor",
    "apprentice",
    "vendor",
    "salesperson",
    "therapist",
    "pharmacist",
    "lawyer",
    "developpeur",
    "developpeuse",
    "cheffe",
    "commercial",
    "commerciale",
    "responsable",
    "assistante",
    "comptable",
    "ingenieur",
    "ingenieure",
    "charge",
    "chargee",
    "conseiller",
    "conseillere",
    "technicien",
    "technicienne",
    "directeur",
    "directrice",
    "serveur",
    "serveuse",
    "vendeur",
    "vendeuse",
    "juriste",
    "infirmier",
    "infirmiere",
    "gestionnaire",
    "analyste",
    "stagiaire",
    "employe",
    "employee",
    "operateur",
    "operatrice",
    "receptionniste",
    "caissier",
    "caissiere",
    "chauffeur",
    "enseignant",
    "enseignante",
    "professeur",
    "acheteur",
    "acheteuse",
    "recruteur",
    "recruteuse",
    "apprenti",
    "apprentie",
    "cuisinier",
    "cuisiniere",
    "consultante",
    "coordinateur",
    "coordinatrice",
    "administrateur",
    "administratrice",
    "controleur",
    "controleuse",
    "secretaire",
    "architecte",
    "specialiste",
    "animateur",
    "animatrice",
    "educateur",
    "educatrice",
    "avocat",
    "avocate",
    "pharmacien",
    "redacteur",
    "redactrice",
    "auxiliaire",
    "agente",
    "adjoint",
    "adjointe",
    "gerant",
    "gerante",
    "magasinier",
    "preparateur",
    "preparatrice",
    "product",
    "programer",
    "voditelj",
    "inzenjer",
    "prodavac",
    "konobar",
];

/// Words that mark a company or a school.
const EMPLOYER_WORDS: &[&str] = &[
    "sa",
    "sas",
    "sarl",
    "sasu",
    "eurl",
    "ltd",
    "ltd.",
    "inc",
    "inc.",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "d.o.o.",
    "d.o.o",
    "d.d.",
    "group",
    "groupe",
    "corp",
    "company",
    "bank",
    "banque",
    "hospital",
    "hopital",
    "hotel",
    "agence",
    "agency",
    "consulting",
    "fils",
    "se",
    "market",
    "clinic",
    "clinique",
    "restaurant",
    "boulangerie",
    "atelier",
    "mairie",
];
const SCHOOL_WORDS: &[&str] = &[
    "university",
    "universite",
    "college",
    "school",
    "ecole",
    "lycee",
    "institut",
    "institute",
    "iut",
    "insa",
    "epitech",
    "hec",
    "faculty",
    "faculte",
    "fakultet",
    "sveuciliste",
    "academy",
    "academie",
    "polytechnique",
    "sorbonne",
    "ensa",
    "essec",
    "escp",
    "skema",
    "kedge",
    "cnam",
    "afpa",
    "gymnasium",
    "gimnazija",
];

pub fn title_word(folded: &str) -> bool {
    TITLE_WORDS.contains(&folded)
}

fn score(piece: &str, lexicon: &[&str]) -> usize {
    words(piece).iter().filter(|w| lexicon.contains(&w.as_str())).count()
}

/// One entry before it is told apart: the pieces of text around its dates.
struct Entry {
    range: dates::Range,
    pieces: Vec<String>,
}

/// The entries of a section: a line with a date range anchors one; its pieces are the rest of
/// that line and the free lines (neither duties nor dates) right before it, else right after.
fn entries(lines: &[&str]) -> Vec<Entry> {
    let anchors: Vec<Option<dates::Range>> = lines.iter().map(|l| dates::range(l)).collect();
    let free = |i: usize| anchors[i].is_none() && !is_bullet(lines[i]) && !prose(lines[i]);
    let mut taken = vec![false; lines.len()];
    let mut out = Vec::new();
    for (i, range) in anchors.iter().enumerate() {
        let Some(range) = range else { continue };
        let line = lines[i];
        let mut pieces: Vec<String> = Vec::new();
        let rest = format!("{}\t{}", &line[..range.at.0], &line[range.at.1..]);
        for cell in rest.split(['\t', '|']) {
            let cell = clean(cell);
            if !cell.is_empty() {
                pieces.push(cell);
            }
        }
        let mut before: Vec<usize> = (0..i).rev().take_while(|&j| free(j) && !taken[j]).take(2).collect();
        before.reverse();
        let around: Vec<usize> = if before.is_empty() {
            (i + 1..lines.len()).take_while(|&j| free(j)).take(2 - pieces.len().min(2)).collect()
        } else {
            before
        };
        for j in around {
            taken[j] = true;
            pieces.extend(lines[j].split('\t').map(clean).filter(|p| !p.is_empty()));
        }
        out.push(Entry { range: range.clone(), pieces });
    }
    out
}

/// A sentence of a description rather than a title or a name: it goes on from the line
/// before (starts in lower case), is long, or ends a sentence ("Trained 12 new hires.", not
/// "Northwind Traders Inc.").
fn prose(line: &str) -> bool {
    let count = line.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
    let last = line.split_whitespace().last().unwrap_or_default();
    line.chars().next().is_some_and(char::is_lowercase)
        || count >= 9
        || count >= 3 && last.ends_with('.') && !EMPLOYER_WORDS.contains(&super::fold(last).as_str())
}

/// A piece without the punctuation that tied it to dates: "Product Owner (" → "Product Owner".
fn clean(piece: &str) -> String {
    let piece = piece.replace("()", "");
    let trimmed = piece.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '|' | ':' | ',' | ';' | '-' | '–' | '—' | '(' | ')' | '•')
    });
    trimmed.strip_prefix("De ").or_else(|| trimmed.strip_prefix("de ")).unwrap_or(trimmed).trim().to_string()
}

/// Two parts of one piece: "Title — Employer", "Title at Employer", "Title, Employer".
fn halves(piece: &str) -> Option<(String, String, bool)> {
    // (separator, whether the title is known to come first)
    const SEPARATORS: [(&str, bool); 8] = [
        (" chez ", true),
        (" at ", true),
        (" @ ", true),
        (" — ", false),
        (" – ", false),
        (" | ", false),
        (" - ", false),
        (", ", false),
    ];
    SEPARATORS.iter().find_map(|(sep, ordered)| {
        let (a, b) = piece.split_once(sep)?;
        let (a, b) = (clean(a), clean(b));
        (!a.is_empty() && !b.is_empty()).then_some((a, b, *ordered))
    })
}

/// Title and employer (or degree and school) from an entry's pieces.
fn tell(pieces: &[String], lexicon: &[&str], other: &[&str]) -> (String, String) {
    let (a, b, ordered) = match pieces {
        [] => return (String::new(), String::new()),
        [one] => match halves(one) {
            Some(h) => h,
            None => return (one.clone(), String::new()),
        },
        [a, b, ..] => (a.clone(), b.clone(), false),
    };
    let (sa, sb) = (score(&a, lexicon), score(&b, lexicon));
    let a_first = if ordered || sa != sb { ordered || sa > sb } else { score(&b, other) >= score(&a, other) };
    if a_first { (a, b) } else { (b, a) }
}

/// "Capgemini, Paris" → "Capgemini": a place after the last comma goes.
fn without_place(employer: String) -> String {
    match employer.rsplit_once(", ") {
        Some((name, place))
            if place.split_whitespace().count() <= 2 && score(place, EMPLOYER_WORDS) == 0 && !name.is_empty() =>
        {
            name.to_string()
        }
        _ => employer,
    }
}

pub fn experience(doc: &[Section<'_>]) -> Vec<super::Position> {
    doc.iter()
        .filter(|s| s.kind == Kind::Experience)
        .flat_map(|s| entries(&s.lines))
        .map(|e| {
            let (title, employer) = tell(&e.pieces, TITLE_WORDS, EMPLOYER_WORDS);
            super::Position {
                employer: without_place(employer),
                title,
                start: e.range.start,
                end: e.range.end.unwrap_or_default(),
            }
        })
        .collect()
}

pub fn education(doc: &[Section<'_>]) -> Vec<super::Study> {
    doc.iter()
        .filter(|s| s.kind == Kind::Education)
        .flat_map(|s| entries(&s.lines))
        .map(|e| {
            let (school, degree) = tell(&e.pieces, SCHOOL_WORDS, &[]);
            let (school, degree) = if score(&school, SCHOOL_WORDS) == 0 && score(&degree, SCHOOL_WORDS) > 0 {
                (degree, school)
            } else if score(&school, SCHOOL_WORDS) == 0 && score(&degree, SCHOOL_WORDS) == 0 {
                // Degrees come first more often than not.
                (degree, school)
            } else {
                (school, degree)
            };
            super::Study {
                school: without_place(school),
                degree,
                start: e.range.start,
                end: e.range.end.unwrap_or_default(),
            }
        })
        .collect()
}
