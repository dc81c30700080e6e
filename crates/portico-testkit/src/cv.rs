//! A labelled set of CVs for measuring the CV parser: made up people in English and French,
//! written in one column, in two columns (a side bar beside the main text) or with the
//! experience in a table, as PDF and DOCX, and two pages long. Each CV comes with what it
//! says (its label), in the shape the parser answers in, so the two are compared field by
//! field. The same seed gives the same set. Every CV varies on its own: the date style, how
//! an entry is laid out, which headings and contact labels it uses.

use serde_json::{Value, json};

use crate::Rng;

/// One CV of the set.
pub struct Sample {
    /// e.g. `cv-07-fr-two-columns.pdf`.
    pub file: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    /// What the CV says, as the parser should find it.
    pub label: Value,
    /// In the half the parser was tuned on (else in the half it is measured on).
    pub tuning: bool,
}

/// `count` CVs; every block of twelve holds each language × layout × format once, and blocks
/// alternate between the tuning half and the measured half.
pub fn corpus(count: usize) -> Vec<Sample> {
    (0..count).map(sample).collect()
}

/// The text of CV `i` of a large made-up library (one column, English or French, the same
/// for the same `i`) and what it says, for filling a CV library.
pub fn plain(i: usize) -> (String, Value) {
    let mut r = Rng(0x2545_F491_4F6C_DD1D ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let (cv, label) = person(&mut r, i % 3 == 1, "one-column");
    let lines = cv.main.iter().flat_map(|b| match b {
        Block::Name(t) | Block::Heading(t) | Block::Line(t) => vec![t.clone()],
        Block::Bullet(t) => vec![format!("• {t}")],
        Block::Row(cells) => vec![cells.iter().map(|c| c.join(" ")).collect::<Vec<_>>().join(" | ")],
    });
    (lines.collect::<Vec<_>>().join("\n"), label)
}

const LAYOUTS: [&str; 3] = ["one-column", "two-columns", "table"];

fn sample(i: usize) -> Sample {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let fr = i % 2 == 1;
    let layout = LAYOUTS[(i / 2) % 3];
    let pdf = (i / 6).is_multiple_of(2);
    let (cv, label) = person(&mut r, fr, layout);
    let (mime, bytes, ext) = if pdf {
        ("application/pdf", pdf_of(&cv, &mut r), "pdf")
    } else {
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx_of(&cv), "docx")
    };
    let file = format!("cv-{i:02}-{}-{layout}.{ext}", if fr { "fr" } else { "en" });
    Sample { file, mime, bytes, label, tuning: (i / 12).is_multiple_of(2) }
}

/// A block of a CV as a word processor holds it.
#[derive(Clone)]
enum Block {
    Name(String),
    Heading(String),
    Line(String),
    Bullet(String),
    /// Table cells side by side, each one or more lines.
    Row(Vec<Vec<String>>),
}

struct Cv {
    /// The side bar of a two-column CV (contact, skills, languages), else empty.
    side: Vec<Block>,
    main: Vec<Block>,
}

const FIRST: &[&str] = &[
    "Camille",
    "Lucas",
    "Chloé",
    "Hugo",
    "Léa",
    "Nathan",
    "Manon",
    "Théo",
    "Sarah",
    "James",
    "Emily",
    "Oliver",
    "Ana",
    "Ivan",
    "Petra",
    "Marko",
    "Ivana",
    "Luka",
    "Sophie",
    "Thomas",
    "Élodie",
    "Jean-Baptiste",
    "Marie-Claire",
    "Noah",
];
const LAST: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Horvat", "Novak", "Kos", "Smith", "Johnson",
    "O'Brien", "Williams", "Nguyen", "Da Silva", "Le Goff", "Fontaine", "Rousseau", "Walker", "Mercier",
];
const DOMAINS: &[&str] =
    &["gmail.com", "outlook.fr", "orange.fr", "yahoo.com", "t-com.hr", "proton.me", "laposte.net", "hotmail.co.uk"];
const PLACES_EN: &[&str] = &[
    "London, UK",
    "Manchester, United Kingdom",
    "Dublin, Ireland",
    "Zagreb, Croatia",
    "Split, Croatia",
    "Lyon, France",
];
const PLACES_FR: &[&str] =
    &["Lyon, France", "75011 Paris", "Bordeaux (33)", "Nantes, France", "Lille", "Marseille 13008", "Zagreb, Croatie"];
const EMPLOYERS: &[&str] = &[
    "Capgemini",
    "Infinum d.o.o.",
    "Rimac Automobili",
    "Société Générale",
    "BNP Paribas",
    "Atos SE",
    "Ubisoft",
    "Orange Business",
    "Leroy Merlin",
    "Croatia Airlines",
    "Podravka d.d.",
    "Agence Lumière SAS",
    "Dataiku",
    "Back Market",
    "Doctolib",
    "Mistral Logistics Ltd",
    "Northwind Traders Inc.",
    "Boulangerie Dupain",
    "Hôtel Le Méridien",
    "Carrefour Market",
    "Crédit Agricole",
    "Thales",
    "Michelin",
    "Airbus",
    "Decathlon",
    "Sopra Steria",
    "Accor",
    "King's College Hospital",
    "Greenfield Consulting",
    "Atelier Moreau & Fils",
];
const TITLES_EN: &[&str] = &[
    "Software Engineer",
    "Senior Backend Developer",
    "Project Manager",
    "Sales Representative",
    "Customer Support Agent",
    "Data Analyst",
    "Marketing Assistant",
    "Store Manager",
    "Accountant",
    "HR Business Partner",
    "Product Owner",
    "Head of Operations",
    "UX Designer",
    "Warehouse Operator",
    "Receptionist",
    "Team Lead",
    "Nurse",
    "Chef de Partie",
    "Office Administrator",
    "Financial Controller",
    "Barista",
    "Copywriter",
    "Paralegal",
    "Bookkeeper",
    "Sommelier",
];
const TITLES_FR: &[&str] = &[
    "Développeur Full Stack",
    "Chef de projet",
    "Commercial terrain",
    "Responsable de magasin",
    "Assistante RH",
    "Comptable",
    "Ingénieur DevOps",
    "Chargée de communication",
    "Conseiller clientèle",
    "Technicien de maintenance",
    "Directeur d'agence",
    "Serveur",
    "Vendeuse",
    "Juriste",
    "Infirmière",
    "Product Owner",
    "Cheffe de rang",
    "Gestionnaire de paie",
    "Analyste de données",
    "Stagiaire marketing",
    "Fleuriste",
    "Barman",
    "Boucher",
    "Plombier",
    "Coiffeuse",
];
const DUTIES_EN: &[&str] = &[
    "Led a team of 5 people across two sites",
    "Cut delivery times by 20% in 2021",
    "Answered 60 calls a day",
    "Built the first version of the billing service",
    "Trained 12 new hires",
    "Managed a budget of 1.2 M EUR",
    "Opened 3 new stores between 2018 and 2019",
    "Wrote weekly reports for the board",
    "Migrated 40 servers to the cloud",
    "Handled month-end closing and VAT returns",
    "Planned shifts for 25 staff",
    "Improved customer satisfaction from 82% to 94%",
    "Ran A/B tests on the checkout page",
];
const DUTIES_FR: &[&str] = &[
    "Encadrement d'une équipe de 5 personnes",
    "Réduction des délais de livraison de 20 % en 2021",
    "Gestion d'un portefeuille de 150 clients",
    "Mise en place de la facturation en ligne",
    "Formation de 12 nouveaux collaborateurs",
    "Suivi d'un budget de 1,2 M€",
    "Ouverture de 3 magasins entre 2018 et 2019",
    "Rédaction des comptes rendus hebdomadaires",
    "Migration de 40 serveurs vers le cloud",
    "Clôtures mensuelles et déclarations de TVA",
    "Planification des équipes (25 personnes)",
    "Satisfaction client passée de 82 % à 94 %",
    "Accueil téléphonique et physique des clients",
];
const SKILLS: &[&str] = &[
    "Rust",
    "Python",
    "SQL",
    "PostgreSQL",
    "Docker",
    "Excel",
    "SAP",
    "Salesforce",
    "Photoshop",
    "Figma",
    "Java",
    "Negotiation",
    "Kubernetes",
    "Power BI",
    "JavaScript",
    "Accounting",
    "Scrum",
    "Customer service",
    "Linux",
    "Canva",
];
const SCHOOLS: &[&str] = &[
    "Université Lyon 1",
    "Sorbonne Université",
    "University of Zagreb",
    "Imperial College London",
    "EPITECH",
    "IUT de Bordeaux",
    "Lycée Victor Hugo",
    "HEC Paris",
    "University of Manchester",
    "INSA Toulouse",
];
const DEGREES_EN: &[&str] = &[
    "MSc Computer Science",
    "BA Business Administration",
    "Bachelor of Nursing",
    "MBA",
    "BSc Economics",
    "BTEC Hospitality",
    "Master in Marketing",
];
const DEGREES_FR: &[&str] = &[
    "Master Informatique",
    "Licence Gestion",
    "BTS Management Commercial Opérationnel",
    "DUT GEA",
    "Baccalauréat ES",
    "Diplôme d'ingénieur",
    "Master RH",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const SHORT_FR: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];

/// How a CV writes its dates: month name, short month, numeric, years only.
#[derive(Clone, Copy)]
enum DateStyle {
    Long,
    Short,
    Numeric,
    Year,
}

fn date(style: DateStyle, fr: bool, (y, m): (i32, usize)) -> (String, String) {
    let names = if fr { MONTHS_FR } else { MONTHS_EN };
    match style {
        DateStyle::Long => (format!("{} {y}", names[m - 1]), format!("{y}-{m:02}")),
        DateStyle::Short => {
            let short = if fr { SHORT_FR[m - 1] } else { &MONTHS_EN[m - 1][..3] };
            (format!("{short} {y}"), format!("{y}-{m:02}"))
        }
        DateStyle::Numeric => (format!("{m:02}/{y}"), format!("{y}-{m:02}")),
        DateStyle::Year => (y.to_string(), y.to_string()),
    }
}

/// A range as written, and its label's start and end ("present" when ongoing).
fn range(r: &mut Rng, style: DateStyle, fr: bool, start: (i32, usize), end: Option<(i32, usize)>) -> (String, Value) {
    let (s_text, s_label) = date(style, fr, start);
    let dash = r.pick(&[" – ", " - ", " — ", " to "][..if fr { 3 } else { 4 }]);
    let (text, e_label) = match end {
        Some(e) => {
            let (e_text, e_label) = date(style, fr, e);
            if fr && r.chance(25) {
                (format!("De {s_text} à {e_text}"), e_label)
            } else {
                (format!("{s_text}{dash}{e_text}"), e_label)
            }
        }
        None => {
            let now = if fr {
                r.pick(&["aujourd'hui", "à ce jour", "en cours", "Aujourd'hui"])
            } else {
                r.pick(&["Present", "present", "Current", "now"])
            };
            if r.chance(30) {
                (format!("{} {s_text}", if fr { "Depuis" } else { "Since" }), "present".to_string())
            } else {
                (format!("{s_text}{dash}{now}"), "present".to_string())
            }
        }
    };
    (text, json!({"start": s_label, "end": e_label}))
}

fn person(r: &mut Rng, fr: bool, layout: &str) -> (Cv, Value) {
    let first = r.pick(FIRST);
    let last = r.pick(LAST);
    let name = match r.below(10) {
        0..=2 => format!("{first} {}", last.to_uppercase()),
        3 | 4 if fr => format!("{} {first}", last.to_uppercase()),
        _ => format!("{first} {last}"),
    };
    // An address is written without accents, apostrophes or spaces.
    let ascii = |s: &str| -> String {
        portico_kernel::locale::fold_accents(s).to_lowercase().chars().filter(|c| !matches!(c, '\'' | ' ')).collect()
    };
    let local = match r.below(4) {
        0 => format!("{}.{}", ascii(first), ascii(last)),
        1 => format!("{}{}", ascii(first).chars().next().unwrap_or('x'), ascii(last)),
        2 => format!("{}_{}{}", ascii(first), ascii(last), 80 + r.below(20)),
        _ => format!("{}.{}.pro", ascii(last), ascii(first)),
    };
    let email = format!("{local}@{}", r.pick(DOMAINS));
    let d = |r: &mut Rng, k: usize| -> String { (0..k).map(|_| char::from(b'0' + r.below(10) as u8)).collect() };
    let phone = match r.below(7) {
        0 => format!("+33 6 {} {} {} {}", d(r, 2), d(r, 2), d(r, 2), d(r, 2)),
        1 => format!("06 {} {} {} {}", d(r, 2), d(r, 2), d(r, 2), d(r, 2)),
        2 => format!("07.{}.{}.{}.{}", d(r, 2), d(r, 2), d(r, 2), d(r, 2)),
        3 => format!("+385 91 {} {}", d(r, 3), d(r, 4)),
        4 => format!("+44 7700 {} {}", d(r, 3), d(r, 3)),
        5 => format!("+33 (0)7 {} {} {} {}", d(r, 2), d(r, 2), d(r, 2), d(r, 2)),
        _ => format!("(+385) 98 {} {}", d(r, 3), d(r, 3)),
    };
    let place = r.pick(if fr { PLACES_FR } else { PLACES_EN }).to_string();
    let slug = format!("{}-{}", ascii(first), ascii(last));
    let mut links = vec![format!("linkedin.com/in/{slug}")];
    if r.chance(50) {
        links.push(format!("https://github.com/{}", ascii(last)));
    }
    let titles = if fr { TITLES_FR } else { TITLES_EN };
    let style = [DateStyle::Long, DateStyle::Short, DateStyle::Numeric, DateStyle::Year][r.below(4)];
    let entry_shape = r.below(6);
    let duty_style = r.below(10);

    // Positions, newest first, ending now or a while ago.
    let mut jobs = Vec::new();
    let mut year = 2026 - r.below(2) as i32;
    let mut month = 1 + r.below(11);
    let count = 4 + r.below(4);
    for k in 0..count {
        let end = if k == 0 && r.chance(60) { None } else { Some((year, month)) };
        let length = 8 + r.below(30);
        let months_back = (year * 12 + month as i32 - 1) - length as i32;
        let start = (months_back / 12, (months_back % 12) as usize + 1);
        let (text, dates) = range(r, style, fr, start, end);
        let employer = r.pick(EMPLOYERS);
        let title = r.pick(titles);
        let duties = r.some(if fr { DUTIES_FR } else { DUTIES_EN }, 3, 3);
        jobs.push((title, employer, text, dates, duties));
        let gap = 1 + r.below(4) as i32;
        let back = months_back - gap;
        year = back / 12;
        month = (back % 12) as usize + 1;
    }
    let mut studies = Vec::new();
    let mut y = year - r.below(2) as i32;
    for _ in 0..(1 + r.below(2)) {
        let school = r.pick(SCHOOLS);
        let degree = r.pick(if fr { DEGREES_FR } else { DEGREES_EN });
        let length = 2 + r.below(3) as i32;
        studies.push((degree, school, y - length, y));
        y -= length;
    }
    let skills = r.some(SKILLS, 4, 4);
    let languages: Vec<(&str, &str)> = if fr {
        let mut l = vec![("Français", r.pick(&["langue maternelle", "natif"]))];
        l.extend(
            r.some(&["Anglais", "Espagnol", "Allemand", "Croate", "Italien"], 1, 2)
                .into_iter()
                .map(|n| (n, r.pick(&["courant", "C1", "B2", "notions", "bilingue"]))),
        );
        l
    } else {
        let mut l = vec![("English", r.pick(&["native", "fluent", "C2"]))];
        l.extend(
            r.some(&["French", "Spanish", "German", "Croatian", "Italian"], 1, 2)
                .into_iter()
                .map(|n| (n, r.pick(&["fluent", "C1", "B2", "basic", "intermediate"]))),
        );
        l
    };

    // The header: name, what they do, how to reach them.
    let headline = jobs[0].0.to_string();
    let mut head = vec![Block::Name(name.clone())];
    if r.chance(60) {
        head.push(Block::Line(headline.clone()));
    }
    let labelled = r.chance(50);
    let mut contact = Vec::new();
    if labelled {
        let (e, p, a) = if fr {
            ("E-mail : ", r.pick(&["Tél. : ", "Mobile : ", "Téléphone : "]), "Adresse : ")
        } else {
            ("Email: ", r.pick(&["Phone: ", "Mobile: ", "Tel: "]), "Address: ")
        };
        contact.push(Block::Line(format!("{e}{email}")));
        contact.push(Block::Line(format!("{p}{phone}")));
        contact.push(Block::Line(format!("{a}{place}")));
    } else if r.chance(50) {
        contact.push(Block::Line(format!("{email} | {phone} | {place}")));
    } else {
        contact.push(Block::Line(email.clone()));
        contact.push(Block::Line(phone.clone()));
        contact.push(Block::Line(place.clone()));
    }
    contact.extend(links.iter().map(|l| Block::Line(l.clone())));

    let h = |en: &[&'static str], frs: &[&'static str], r: &mut Rng| -> Block {
        let t = r.pick(if fr { frs } else { en });
        Block::Heading(if r.chance(40) { t.to_uppercase() } else { t.to_string() })
    };
    let mut summary = vec![h(&["Profile", "Summary", "About me"], &["Profil", "À propos", "Résumé"], r)];
    summary.push(Block::Line(if fr {
        format!(
            "{headline} avec {} ans d'expérience, à l'écoute et rigoureux(se). J'aime travailler en équipe, \
             apprendre vite et livrer un travail soigné ; je cherche un poste où mettre ces qualités au service \
             de vos clients.",
            3 + r.below(12)
        )
    } else {
        format!(
            "{headline} with {} years of experience, reliable and curious. I enjoy working in a team, learning \
             fast and doing careful work, and I am looking for a role where these qualities serve your customers.",
            3 + r.below(12)
        )
    }));
    let mut experience = vec![h(
        &["Experience", "Work Experience", "Professional Experience", "Employment History"],
        &["Expérience professionnelle", "Expériences", "Parcours professionnel"],
        r,
    )];
    for (title, employer, dates, _, duties) in &jobs {
        let (title, employer, dates) = (title.to_string(), employer.to_string(), dates.clone());
        if layout == "table" {
            experience.push(Block::Row(vec![vec![dates], vec![title, employer]]));
        } else {
            let city = r.pick(&["Paris", "Lyon", "Zagreb", "London", "Remote"]);
            match entry_shape {
                0 => experience.extend([Block::Line(format!("{title} — {employer}")), Block::Line(dates)]),
                1 => experience.extend([
                    Block::Line(format!("{employer}, {city}")),
                    Block::Line(title),
                    Block::Line(dates),
                ]),
                2 if fr => experience.push(Block::Line(format!("{dates} : {title} chez {employer}"))),
                2 => experience.push(Block::Line(format!("{dates}  {title} at {employer}"))),
                3 => experience.extend([Block::Line(title), Block::Line(format!("{employer} | {dates}"))]),
                4 => experience.extend([Block::Line(dates), Block::Line(format!("{title}, {employer}"))]),
                _ => experience.extend([Block::Line(employer), Block::Line(format!("{title} ({dates})"))]),
            }
        }
        match duty_style {
            0..=5 => experience.extend(duties.iter().map(|d| Block::Bullet(d.to_string()))),
            6 | 7 => experience.extend(duties.iter().map(|d| Block::Line(format!("{d}.")))),
            _ => experience.push(Block::Line(duties.iter().map(|d| format!("{d}.")).collect::<Vec<_>>().join(" "))),
        }
    }
    let mut education = vec![h(&["Education", "Education and Training"], &["Formation", "Formations", "Diplômes"], r)];
    for (degree, school, from, to) in &studies {
        education.push(Block::Line(format!("{degree} — {school}")));
        education.push(Block::Line(format!("{from} – {to}")));
    }
    let mut skill_blocks = vec![h(&["Skills", "Key Skills"], &["Compétences", "Compétences techniques"], r)];
    let mut language_blocks = vec![h(&["Languages"], &["Langues"], r)];
    let sep = if fr { " : " } else { ": " };
    if layout == "two-columns" {
        skill_blocks.extend(skills.iter().map(|s| Block::Line(s.to_string())));
        language_blocks.extend(languages.iter().map(|(l, v)| Block::Line(format!("{l}{sep}{v}"))));
    } else {
        skill_blocks.push(Block::Line(skills.join(", ")));
        let sep2 = if r.chance(50) { ", " } else { " · " };
        language_blocks
            .push(Block::Line(languages.iter().map(|(l, v)| format!("{l} ({v})")).collect::<Vec<_>>().join(sep2)));
    }
    let mut extra = vec![h(&["Certifications", "Projects"], &["Certifications", "Projets"], r)];
    for (what, year) in [("Permis B", 2012 + r.below(8)), ("Excel avancé / Advanced Excel", 2015 + r.below(9))] {
        extra.push(Block::Line(format!("{what} ({year})")));
    }
    extra.push(Block::Line(
        if fr { "Références disponibles sur demande." } else { "References available on request." }.to_string(),
    ));
    let interests = vec![
        h(&["Interests", "Hobbies"], &["Centres d'intérêt", "Loisirs"], r),
        Block::Line(if fr {
            "Randonnée, photographie, bénévolat".into()
        } else {
            "Hiking, photography, volunteering".into()
        }),
    ];

    let cv = if layout == "two-columns" {
        let mut side = contact;
        side.push(Block::Line(String::new()));
        side.extend(skill_blocks);
        side.push(Block::Line(String::new()));
        side.extend(language_blocks);
        let main = [summary, experience, education, extra, interests].concat();
        if r.chance(30) {
            // The name at the top of the side bar.
            Cv { side: [head, side].concat(), main }
        } else {
            Cv { side, main: [head, main].concat() }
        }
    } else {
        let main =
            [head, contact, summary, experience, education, skill_blocks, language_blocks, extra, interests].concat();
        Cv { side: Vec::new(), main }
    };
    let label = json!({
        "name": name,
        "email": email,
        "phone": phone,
        "location": place,
        "links": links,
        "skills": skills,
        "languages": languages.iter().map(|(l, _)| l).collect::<Vec<_>>(),
        "experience": jobs.iter().map(|(t, e, _, d, _)| json!({"employer": e, "title": t, "start": d["start"], "end": d["end"]})).collect::<Vec<_>>(),
        "education": studies.iter().map(|(d, s, f, t)| json!({"school": s, "degree": d, "start": f.to_string(), "end": t.to_string()})).collect::<Vec<_>>(),
    });
    (cv, label)
}

/// One line of text placed on a page.
struct Placed {
    page: usize,
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

const TOP: f32 = 800.0;
const BOTTOM: f32 = 50.0;

/// Lay blocks out down a column from the top of `page`, breaking pages at the bottom.
fn column(blocks: &[Block], x: f32, width: f32, out: &mut Vec<Placed>) {
    let (mut page, mut y) = (0, TOP);
    let put = |page: &mut usize, y: &mut f32, x: f32, size: f32, bold: bool, text: String, out: &mut Vec<Placed>| {
        if *y < BOTTOM {
            *page += 1;
            *y = TOP;
        }
        out.push(Placed { page: *page, x, y: *y, size, bold, text });
    };
    for b in blocks {
        match b {
            Block::Name(t) => {
                for line in wrap(t, width, 20.0, true) {
                    put(&mut page, &mut y, x, 20.0, true, line, out);
                    y -= 26.0;
                }
            }
            Block::Heading(t) => {
                y -= 8.0;
                for line in wrap(t, width, 12.0, true) {
                    put(&mut page, &mut y, x, 12.0, true, line, out);
                    y -= 17.0;
                }
            }
            Block::Line(t) | Block::Bullet(t) => {
                let bullet = matches!(b, Block::Bullet(_));
                for (k, line) in wrap(t, width - 12.0, 10.0, false).into_iter().enumerate() {
                    let text = if bullet && k == 0 { format!("• {line}") } else { line };
                    put(&mut page, &mut y, if bullet { x + 10.0 } else { x }, 10.0, false, text, out);
                    y -= 13.0;
                }
            }
            Block::Row(cells) => {
                let mut lowest = y;
                let cell_width = width / cells.len() as f32;
                if y < BOTTOM + 30.0 {
                    page += 1;
                    y = TOP;
                }
                for (c, lines) in cells.iter().enumerate() {
                    let mut cy = y;
                    for line in lines {
                        out.push(Placed {
                            page,
                            x: x + c as f32 * cell_width,
                            y: cy,
                            size: 10.0,
                            bold: c == 1 && cy == y,
                            text: line.clone(),
                        });
                        cy -= 13.0;
                    }
                    lowest = lowest.min(cy);
                }
                y = lowest - 4.0;
            }
        }
    }
}

/// `text` in lines that fit `width` points at `size`.
fn wrap(text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && crate::cv::width(&format!("{last} {word}"), bold) * size > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// A PDF of the CV in Helvetica (WinAnsi), pages of A4. A two-column CV is written side bar
/// first, or line by line across both columns, as different word processors do.
fn pdf_of(cv: &Cv, r: &mut Rng) -> Vec<u8> {
    let by_word = r.chance(50);
    let mut placed = Vec::new();
    if cv.side.is_empty() {
        column(&cv.main, 50.0, 495.0, &mut placed);
    } else {
        column(&cv.side, 40.0, 150.0, &mut placed);
        column(&cv.main, 215.0, 340.0, &mut placed);
        if r.chance(50) {
            placed.sort_by(|a, b| a.page.cmp(&b.page).then(b.y.total_cmp(&a.y)).then(a.x.total_cmp(&b.x)));
        }
    }
    let pages = placed.iter().map(|p| p.page).max().unwrap_or(0) + 1;
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages).map(|p| format!("{} 0 R", 5 + 2 * p)).collect::<Vec<_>>().join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    for page in 0..pages {
        let mut stream = Vec::new();
        for p in placed.iter().filter(|p| p.page == page) {
            let font = if p.bold { "F2" } else { "F1" };
            if by_word {
                // Each word placed on its own, as some generators write text.
                let mut x = p.x;
                for word in p.text.split(' ') {
                    stream.extend(format!("BT /{font} {} Tf 1 0 0 1 {x:.1} {:.1} Tm (", p.size, p.y).as_bytes());
                    stream.extend(winansi(word));
                    stream.extend(b") Tj ET\n");
                    x += width(&format!("{word} "), p.bold) * p.size;
                }
            } else {
                stream.extend(format!("BT /{font} {} Tf 1 0 0 1 {:.1} {:.1} Tm (", p.size, p.x, p.y).as_bytes());
                stream.extend(winansi(&p.text));
                stream.extend(b") Tj ET\n");
            }
        }
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * page
            )
            .into_bytes(),
        );
        let mut content = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        content.extend(stream);
        content.extend(b"\nendstream");
        objects.push(content);
    }
    crate::pdf_file(&objects)
}

/// Helvetica's and Helvetica-Bold's advance widths (thousandths of the text size) of the
/// printable ASCII characters, from the fonts' published metrics.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
    556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
    260, 334, 584,
];
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611,
    556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389,
    280, 389, 584,
];

/// How wide `text` is in units of the text size.
fn width(text: &str, bold: bool) -> f32 {
    let table = if bold { &HELVETICA_BOLD } else { &HELVETICA };
    text.chars()
        .map(|c| {
            // Accented letters are as wide as their base letter.
            let base = portico_kernel::locale::fold_accents(&c.to_string()).chars().next().unwrap_or(c);
            match base {
                '•' => 350,
                '–' | '€' => 556,
                '—' => 1000,
                '’' => 222,
                ' '..='~' => table[base as usize - 32],
                _ => 556,
            }
        })
        .map(|w| f32::from(w) / 1000.0)
        .sum()
}

/// A PDF string's bytes in WinAnsiEncoding (Windows-1252), with `(`, `)` and `\` escaped.
fn winansi(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.chars() {
        let b = match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                c as u8
            }
            '€' => 0x80,
            '’' => 0x92,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            'Š' => 0x8A,
            'š' => 0x9A,
            'Ž' => 0x8E,
            'ž' => 0x9E,
            c if (c as u32) < 0x100 => c as u32 as u8,
            _ => b'?',
        };
        out.push(b);
    }
    out
}

/// A DOCX of the CV: paragraphs, tables for table rows, and a two-cell table holding the side
/// bar and the main text of a two-column CV (how Word templates lay out columns).
fn docx_of(cv: &Cv) -> Vec<u8> {
    use std::io::Write;
    fn esc(s: &str) -> String {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }
    fn para(text: &str, bold: bool, size: u32) -> String {
        let props = format!("<w:rPr>{}<w:sz w:val=\"{size}\"/></w:rPr>", if bold { "<w:b/>" } else { "" });
        format!("<w:p><w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", esc(text))
    }
    fn blocks(bs: &[Block]) -> String {
        bs.iter()
            .map(|b| match b {
                Block::Name(t) => para(t, true, 40),
                Block::Heading(t) => para(t, true, 24),
                Block::Line(t) => para(t, false, 20),
                Block::Bullet(t) => format!(
                    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
                    esc(t)
                ),
                Block::Row(cells) => {
                    let tcs: String =
                        cells.iter().map(|lines| format!("<w:tc>{}</w:tc>", lines.iter().map(|l| para(l, false, 20)).collect::<String>())).collect();
                    format!("<w:tbl><w:tr>{tcs}</w:tr></w:tbl>")
                }
            })
            .collect()
    }
    let body = if cv.side.is_empty() {
        blocks(&cv.main)
    } else {
        format!("<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl><w:p/>", blocks(&cv.side), blocks(&cv.main))
    };
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            ),
        ),
    ];
    for (name, xml) in parts {
        z.start_file(name, opts).expect("zip entry");
        z.write_all(xml.as_bytes()).expect("zip write");
    }
    z.finish().expect("zip");
    buf.into_inner()
}

/// Precision and recall of one field over a set.
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    /// Values found that the CV says.
    pub right: usize,
    /// Values found that it does not say.
    pub wrong: usize,
    /// Values it says that were not found.
    pub missed: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.right + self.wrong == 0 { 0.0 } else { self.right as f64 / (self.right + self.wrong) as f64 }
    }
    pub fn recall(&self) -> f64 {
        if self.right + self.missed == 0 { 0.0 } else { self.right as f64 / (self.right + self.missed) as f64 }
    }
}

/// The fields scored, in the order reports list them.
pub const FIELDS: [&str; 14] = [
    "name",
    "email",
    "phone",
    "location",
    "links",
    "skills",
    "languages",
    "employer",
    "title",
    "dates",
    "school",
    "degree",
    "education dates",
    "all experience",
];

/// Compare what the parser found (`found`, in the label's shape) with each CV's label;
/// per field, values are compared as sets, without case, spacing or trailing punctuation
/// (phones by their digits). "all experience" counts positions whose employer, title and
/// dates were all right.
pub fn score<'a>(pairs: impl IntoIterator<Item = (&'a Value, &'a Value)>) -> Vec<(&'static str, Score)> {
    let mut scores: Vec<(&'static str, Score)> = FIELDS.iter().map(|f| (*f, Score::default())).collect();
    for (label, found) in pairs {
        for (field, score) in scores.iter_mut() {
            let (want, got) = (values(label, field), values(found, field));
            let right = got.iter().filter(|g| want.contains(g)).count();
            score.right += right;
            score.wrong += got.len() - right;
            score.missed += want.len() - right;
        }
    }
    scores
}

fn values(v: &Value, field: &str) -> Vec<String> {
    let norm = |s: &str| -> String {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        s.trim_matches(|c: char| c.is_ascii_punctuation() && c != '+' && c != ')' || c == '–' || c == '—').to_string()
    };
    let text = |v: &Value| v.as_str().map(norm).filter(|s| !s.is_empty());
    let each = |list: &str, f: &dyn Fn(&Value) -> Option<String>| -> Vec<String> {
        let mut out: Vec<String> = v[list].as_array().into_iter().flatten().filter_map(f).collect();
        out.sort();
        out.dedup();
        out
    };
    match field {
        "phone" => v["phone"]
            .as_str()
            .map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>())
            .into_iter()
            .filter(|d| !d.is_empty())
            .collect(),
        "name" | "email" | "location" => text(&v[field]).into_iter().collect(),
        "links" | "skills" | "languages" => each(field, &|x| text(x)),
        "employer" | "title" => each("experience", &|x| text(&x[field])),
        "dates" => each("experience", &|x| Some(format!("{}..{}", text(&x["start"])?, text(&x["end"])?))),
        "school" => each("education", &|x| text(&x["school"])),
        "degree" => each("education", &|x| text(&x["degree"])),
        "education dates" => each("education", &|x| Some(format!("{}..{}", text(&x["start"])?, text(&x["end"])?))),
        _ => each("experience", &|x| {
            Some(format!(
                "{}|{}|{}..{}",
                text(&x["employer"])?,
                text(&x["title"])?,
                text(&x["start"])?,
                text(&x["end"])?
            ))
        }),
    }
}
