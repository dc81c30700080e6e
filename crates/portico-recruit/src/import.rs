//! Moving in from another ATS (Jobaffinity, Teamtailor, Greenhouse, a spreadsheet): jobs,
//! candidates with their CV files, and applications with the stage they reached, from the
//! CSV exports those products make. Each sheet's rows are known by their external id, so a
//! run again updates what it made. History comes in as it happened (an application dated
//! when it was received, moved to the stage it stands in) without e-mailing anyone.

use async_trait::async_trait;
use portico_core::contacts::store::ContactInput;
use portico_db::{Backfill, DbResultExt};
use portico_http::imports::{Importer, Outcome, Row, Run, Sheet, field, required};
use portico_kernel::locale::fold_accents;
use portico_kernel::{AppError, ErrorCode, Timestamp, UnitId};

use crate::applications::store::{self as applications, NewApplication, Source};
use crate::candidates::store::{self as candidates, ProfileInput};
use crate::jobs::store::{self as jobs, JobInput};
use crate::{CREATE, VIEW};

const JOBS: &str = "jobs";
const CANDIDATES: &str = "candidates";
const APPLICATIONS: &str = "applications";

static SHEETS: [Sheet; 3] = [
    Sheet {
        name: JOBS,
        fields: &[
            required(
                "external_id",
                &["id", "job id", "reference", "référence", "ref", "id offre", "identifiant", "requisition id"],
            ),
            required("title", &["intitulé", "intitulé du poste", "job title", "titre", "poste", "name", "naziv"]),
            field(
                "unit",
                &["agence", "établissement", "site", "entity", "office", "franchise", "brand", "marque", "poslovnica"],
            ),
            field("department", &["service", "département", "team", "équipe", "odjel"]),
            field("location", &["lieu", "ville", "city", "localisation", "lieu de travail", "mjesto"]),
            field("workplace", &["télétravail", "remote", "mode de travail"]),
            field("contract", &["type de contrat", "contrat", "employment type", "contract type", "vrsta ugovora"]),
            field("description", &["descriptif", "description du poste", "job description", "opis"]),
            field("status", &["statut", "état", "etat", "job status"]),
            field("salary_min", &["salaire min", "salary from", "salaire minimum"]),
            field("salary_max", &["salaire max", "salary to", "salaire maximum"]),
            field("salary_currency", &["devise", "currency"]),
            field("locale", &["langue de l'annonce", "ad language"]),
        ],
    },
    Sheet {
        name: CANDIDATES,
        fields: &[
            required("external_id", &["id", "candidate id", "id candidat", "identifiant", "id kandidata"]),
            required(
                "email",
                &["e-mail", "courriel", "mail", "adresse e-mail", "adresse mail", "email address", "e-pošta"],
            ),
            field("name", &["full name", "nom complet", "candidat", "candidate", "ime i prezime"]),
            field("first_name", &["prénom", "prenom", "first name", "firstname", "ime"]),
            field("last_name", &["nom", "last name", "lastname", "surname", "nom de famille", "prezime"]),
            field("phone", &["téléphone", "telephone", "mobile", "portable", "tel", "phone number", "telefon"]),
            field("location", &["ville", "city", "adresse", "localisation", "address", "grad"]),
            field("headline", &["titre", "current title", "poste actuel", "current position", "intitulé"]),
            field("skills", &["compétences", "competences", "vještine"]),
            field("languages", &["langues", "jezici"]),
            field("tags", &["étiquettes", "labels", "mots-clés", "oznake"]),
            field(
                "cv",
                &["resume", "cv file", "fichier cv", "curriculum vitae", "životopis", "attachment", "pièce jointe"],
            ),
            field("consent_until", &["consentement jusqu'au", "consent until", "rgpd", "gdpr consent until"]),
            field("unit", &["agence", "établissement", "site", "office", "franchise", "poslovnica"]),
        ],
    },
    Sheet {
        name: APPLICATIONS,
        fields: &[
            field("external_id", &["id", "application id", "id candidature", "id prijave"]),
            required("job", &["job id", "job_id", "id offre", "offre", "référence offre", "job reference", "oglas"]),
            required("candidate", &["candidate id", "candidate_id", "id candidat", "candidat", "kandidat"]),
            field("stage", &["étape", "etape", "stage", "current stage", "phase", "faza"]),
            field("status", &["statut", "résultat", "resultat", "state", "status"]),
            field("reject_reason", &["motif de refus", "raison du refus", "rejection reason", "razlog odbijanja"]),
            field("source", &["origine", "provenance", "canal", "channel", "izvor"]),
            field(
                "applied_at",
                &["date de candidature", "date", "applied", "applied at", "created", "created at", "datum prijave"],
            ),
        ],
    },
];

pub struct RecruitImport;

/// A value as compared: no case, accents or punctuation.
fn plain(v: &str) -> String {
    fold_accents(v).to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// One of `allowed`, or what another product calls it (`CDI`, `Refusé`), or empty.
fn pick(field: &str, value: &str, synonyms: &[(&str, &[&str])]) -> Result<String, AppError> {
    if value.trim().is_empty() {
        return Ok(String::new());
    }
    let v = plain(value);
    synonyms
        .iter()
        .find(|(ours, theirs)| plain(ours) == v || theirs.iter().any(|t| plain(t) == v))
        .map(|(ours, _)| ours.to_string())
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, field))
}

const CONTRACTS: &[(&str, &[&str])] = &[
    ("permanent", &["cdi", "full-time", "full time", "permanent contract", "neodređeno", "ugovor na neodređeno"]),
    ("fixed_term", &["cdd", "fixed term", "contract", "određeno", "ugovor na određeno"]),
    ("internship", &["stage", "intern", "internship", "praksa"]),
    ("apprenticeship", &["alternance", "apprentissage", "contrat de professionnalisation", "apprentice"]),
    ("freelance", &["indépendant", "freelancer", "contractor", "honoraire"]),
    ("temporary", &["intérim", "interim", "temp", "saisonnier", "seasonal", "privremeno"]),
];
const WORKPLACES: &[(&str, &[&str])] = &[
    ("onsite", &["sur site", "présentiel", "on-site", "office", "ured"]),
    ("hybrid", &["hybride", "partiel", "hibridno"]),
    ("remote", &["télétravail", "full remote", "à distance", "na daljinu"]),
];
const JOB_STATUSES: &[(&str, &[&str])] = &[
    ("open", &["ouvert", "ouverte", "publié", "publiée", "en ligne", "active", "published", "live", "otvoren"]),
    (
        "closed",
        &["fermé", "fermée", "clôturé", "clôturée", "pourvu", "pourvue", "archivé", "archived", "filled", "zatvoren"],
    ),
    ("draft", &["brouillon", "non publié", "unpublished", "skica"]),
    ("paused", &["suspendu", "suspendue", "en pause", "on hold", "pauziran"]),
];
const APP_STATUSES: &[(&str, &[&str])] = &[
    ("active", &["en cours", "in progress", "actif", "open", "u tijeku"]),
    ("rejected", &["refusé", "refusée", "refus", "non retenu", "non retenue", "declined", "odbijen"]),
    ("hired", &["embauché", "embauchée", "recruté", "recrutée", "zaposlen"]),
    ("withdrawn", &["désisté", "désistée", "retiré", "retirée", "abandon", "odustao"]),
];
const REASONS: &[(&str, &[&str])] = &[
    ("experience", &["expérience", "manque d'expérience", "not enough experience", "iskustvo"]),
    ("skills", &["compétences", "profil inadapté", "skills mismatch", "vještine"]),
    ("salary", &["salaire", "prétentions salariales", "salary expectations", "plaća"]),
    ("location", &["localisation", "mobilité", "lokacija"]),
    ("position_filled", &["poste pourvu", "filled", "popunjeno"]),
    ("other", &["autre", "ostalo"]),
];

/// A day or a moment as exports write them: `2024-03-15`, `15/03/2024`, `15.03.2024.`,
/// with or without a time.
fn moment(field: &str, value: &str) -> Result<Option<Timestamp>, AppError> {
    let v = value.trim().trim_end_matches('.');
    if v.is_empty() {
        return Ok(None);
    }
    let day = v.split([' ', 'T']).next().unwrap_or(v);
    let date = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(day, f).ok())
        .ok_or_else(|| AppError::field(ErrorCode::InvalidDate, field))?;
    let time = v[day.len()..].trim_start_matches(['T', ' ']);
    let time = ["%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveTime::parse_from_str(time.trim_end_matches('Z'), f).ok())
        .unwrap_or_default();
    Ok(Some(date.and_time(time).and_utc().timestamp_micros()))
}

/// The unit a row names (by name, whatever its case and accents), or the workspace's top one,
/// among the units the importer's rights were read with.
fn unit(run: &Run<'_>, row: &Row) -> Result<UnitId, AppError> {
    let tree = run.authz.tree();
    let root = tree.root().ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "unit"))?;
    let Some(name) = row.opt("unit") else { return Ok(root) };
    tree.subtree(root)
        .into_iter()
        .find(|u| tree.get(*u).is_some_and(|n| plain(&n.name) == plain(name)))
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "unit"))
}

/// A record an external id of `sheet` names, from an earlier run or this one.
async fn known(run: &mut Run<'_>, sheet: &str, field: &str, external: &str) -> Result<String, AppError> {
    run.ids.find(sheet, external).await?.ok_or_else(|| AppError::field(ErrorCode::InvalidValue, field))
}

impl RecruitImport {
    async fn job(&self, run: &mut Run<'_>, row: &Row) -> Result<(Outcome, String), AppError> {
        let input = JobInput {
            title: row.get("title").to_string(),
            department: row.get("department").to_string(),
            location: row.get("location").to_string(),
            workplace: pick("workplace", row.get("workplace"), WORKPLACES)?,
            contract: pick("contract", row.get("contract"), CONTRACTS)?,
            salary_min: row.get("salary_min").to_string(),
            salary_max: row.get("salary_max").to_string(),
            salary_currency: row.get("salary_currency").to_string(),
            salary_period: String::new(),
            // Exports carry text or HTML; text keeps its paragraphs.
            description: if row.get("description").contains('<') {
                row.get("description").to_string()
            } else {
                row.get("description").split("\n\n").map(|p| format!("<p>{}</p>", portico_html::escape(p))).collect()
            },
            locale: row
                .opt("locale")
                .and_then(portico_kernel::locale::Locale::parse)
                .map(|l| l.code().to_string())
                .unwrap_or_default(),
            questions: Vec::new(),
        };
        let status = pick("status", row.get("status"), JOB_STATUSES)?;
        let unit = unit(run, row)?;
        jobs::check(&input)?;
        run.authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit"))?;
        let external = row.get("external_id");
        let found = run.ids.find(JOBS, external).await?;
        if run.dry_run {
            let id = found.clone().unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
            run.ids.remember(JOBS, external, &id).await?;
            return Ok((if found.is_some() { Outcome::Updated } else { Outcome::Created }, id));
        }
        let (s, clock) = (run.state, run.state.clock.as_ref());
        let scope = run.authz.scope(VIEW)?;
        let (id, outcome) = match found {
            Some(id) if jobs::get(s.db.pool(), &scope, &id).await.is_ok() => {
                jobs::update(&s.db, clock, run.authz, &id, &input, &Default::default()).await?;
                (id, Outcome::Updated)
            }
            _ => {
                let pipeline =
                    crate::pipelines::for_new_job(s.db.pool(), run.authz.workspace(), None, "pipeline", &input.locale)
                        .await?;
                let id = jobs::create(&s.db, clock, run.authz, unit, &input, &pipeline, &Default::default()).await?;
                run.ids.remember(JOBS, external, &id).await?;
                (id, Outcome::Created)
            }
        };
        if !status.is_empty() {
            jobs::set_status(&s.db, clock, run.authz, &id, &status).await?;
        }
        Ok((outcome, id))
    }

    async fn candidate(&self, run: &mut Run<'_>, row: &Row) -> Result<(Outcome, String), AppError> {
        let name = match row.opt("name") {
            Some(n) => n.to_string(),
            None => format!("{} {}", row.get("first_name"), row.get("last_name")).trim().to_string(),
        };
        let contact = ContactInput {
            name,
            email: row.get("email").to_string(),
            phone: row.get("phone").to_string(),
            ..Default::default()
        };
        let profile = ProfileInput {
            headline: row.get("headline").to_string(),
            location: row.get("location").to_string(),
            skills: row.get("skills").to_string(),
            languages: row.get("languages").to_string(),
            tags: row.get("tags").to_string(),
            ..Default::default()
        };
        let consent = moment("consent_until", row.get("consent_until"))?;
        if contact.email.is_empty() {
            return Err(AppError::field(ErrorCode::Required, "email"));
        }
        portico_core::contacts::store::check(&contact)?;
        candidates::check(&profile)?;
        let unit = unit(run, row)?;
        let cap = run.authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit"))?;
        let cv = match row.opt("cv") {
            Some(name) => {
                let (file, bytes) = run.files.read(name)?.ok_or_else(|| AppError::field(ErrorCode::Required, "cv"))?;
                crate::documents::sniff("cv", &bytes)?;
                Some((file, bytes))
            }
            None => None,
        };
        let external = row.get("external_id");
        let found = run.ids.find(CANDIDATES, external).await?;
        if run.dry_run {
            let id = found.clone().unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
            run.ids.remember(CANDIDATES, external, &id).await?;
            return Ok((if found.is_some() { Outcome::Updated } else { Outcome::Created }, id));
        }
        let s = run.state;
        let (ws, actor) = (cap.workspace(), cap.actor());
        let mut tx = s.db.begin().await?;
        *tx.context::<Backfill>() = Backfill(true);
        let contact_id =
            portico_core::contacts::store::find_or_add(&mut tx, ws, actor, unit, &contact, run.now).await?.to_db();
        let id = candidates::of_contact(&mut tx, ws, actor, unit, &contact_id, consent, run.now).await?;
        // A CV already on file (the same bytes) is not attached again, nor counted as a change.
        let mut attached = false;
        if let Some((file, bytes)) = &cv {
            let known: Option<(String,)> = sqlx::query_as(
                "SELECT id FROM recruit_documents WHERE workspace_id = $1 AND candidate_id = $2 AND sha256 = $3",
            )
            .bind(ws.to_db())
            .bind(id.clone())
            .bind(portico_db::blobs::hash_of(bytes))
            .fetch_optional(&mut *tx)
            .await
            .db()?;
            if known.is_none() {
                let owner = crate::documents::Owner { unit, candidate: &id, contact: &contact_id, application: None };
                let up = crate::documents::Upload { field: "cv", filename: file, bytes };
                crate::documents::attach(&mut tx, &s.blobs, ws, actor, owner, up, run.now).await?;
                attached = true;
            }
        }
        tx.commit().await.db()?;
        // What the file says fills the profile; what the CV says fills the rest later.
        let scope = run.authz.scope(VIEW)?;
        let now = candidates::get(s.db.pool(), &scope, &id).await?;
        let mut merged = now.profile();
        for (mine, theirs) in [
            (&mut merged.headline, &profile.headline),
            (&mut merged.location, &profile.location),
            (&mut merged.skills, &profile.skills),
            (&mut merged.languages, &profile.languages),
            (&mut merged.tags, &profile.tags),
        ] {
            if !theirs.is_empty() {
                mine.clone_from(theirs);
            }
        }
        let changed = serde_json::to_value(&merged).ok() != serde_json::to_value(now.profile()).ok();
        if changed {
            candidates::update(&s.db, s.clock.as_ref(), run.authz, &id, &merged, &Default::default()).await?;
        }
        let outcome = match found {
            None => Outcome::Created,
            Some(_) if changed || attached => Outcome::Updated,
            Some(_) => Outcome::Unchanged,
        };
        run.ids.remember(CANDIDATES, external, &id).await?;
        Ok((outcome, id))
    }

    async fn application(&self, run: &mut Run<'_>, row: &Row) -> Result<(Outcome, String), AppError> {
        let job_id = known(run, JOBS, "job", row.get("job")).await?;
        let candidate = known(run, CANDIDATES, "candidate", row.get("candidate")).await?;
        let status = pick("status", row.get("status"), APP_STATUSES)?;
        let reason = pick("reject_reason", row.get("reject_reason"), REASONS)?;
        let applied = moment("applied_at", row.get("applied_at"))?.unwrap_or(run.now);
        // "Site carrière" → site_carriere: a channel like those Portico's own links record.
        let source = fold_accents(row.get("source")).to_lowercase();
        let source =
            source.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_");
        let source = Source::channel(Some(&source), "import");
        let external = match row.opt("external_id") {
            Some(e) => e.to_string(),
            None => format!("{}/{}", row.get("job"), row.get("candidate")),
        };
        if run.dry_run {
            // The job may only exist in this dry run: its stages are then those a new job gets.
            let (pool, ws) = (run.state.db.pool(), run.authz.workspace());
            match jobs::get(pool, &run.authz.scope(VIEW)?, &job_id).await {
                Ok(job) => {
                    run.authz.unit_cap(CREATE, job.unit()?).map_err(|e| e.or_field("job"))?;
                    let stages = jobs::stages(pool, ws, &job.id).await?;
                    stage_named(&stages, row.get("stage"), |s| (&s.name, &s.category))?;
                }
                Err(_) => {
                    let stages = crate::pipelines::for_new_job(pool, ws, None, "pipeline", "").await?;
                    stage_named(&stages, row.get("stage"), |s| (&s.name, s.category))?;
                }
            }
            let found = run.ids.find(APPLICATIONS, &external).await?;
            return Ok((if found.is_some() { Outcome::Updated } else { Outcome::Created }, job_id));
        }
        let s = run.state;
        let scope = run.authz.scope(VIEW)?;
        let job = jobs::get(s.db.pool(), &scope, &job_id).await.map_err(|e| e.or_field("job"))?;
        let cap = run.authz.unit_cap(CREATE, job.unit()?).map_err(|e| e.or_field("job"))?;
        let k = candidates::get(s.db.pool(), &scope, &candidate).await.map_err(|e| e.or_field("candidate"))?;
        let stages = jobs::stages(s.db.pool(), cap.workspace(), &job.id).await?;
        let stage = stage_named(&stages, row.get("stage"), |s| (&s.name, &s.category))?;
        let (ws, actor) = (cap.workspace(), cap.actor());
        let mut tx = s.db.begin().await?;
        *tx.context::<Backfill>() = Backfill(true);
        let new = NewApplication {
            job: &job,
            candidate: &k.id,
            contact: &k.contact_id,
            source: Source { channel: source, detail: String::new() },
            cover_letter: "",
            answers: &[],
            knocked_out: false,
        };
        let (id, created) = applications::file(&mut tx, ws, actor, new, applied).await?;
        let edit = run.authz.unit_cap(crate::EDIT, job.unit()?).map_err(|e| e.or_field("job"))?;
        let now = applications::get_in(&mut tx, ws, &id).await?;
        // Moves of history are dated after the application, in order.
        let at = now.stage_changed_at.max(applied) + 1;
        if let Some(stage) = stage {
            applications::move_in(&mut tx, &edit, &now, &stage.id, at).await?;
        }
        let now = applications::get_in(&mut tx, ws, &id).await?;
        match status.as_str() {
            "rejected" => {
                applications::reject_in(
                    &mut tx,
                    &edit,
                    &now,
                    if reason.is_empty() { "other" } else { &reason },
                    at + 1,
                )
                .await?;
            }
            "withdrawn" if now.status == "active" => applications::withdraw_in(&mut tx, ws, actor, &id, at + 1).await?,
            _ => {}
        }
        tx.commit().await.db()?;
        run.ids.remember(APPLICATIONS, &external, &id).await?;
        Ok((if created { Outcome::Created } else { Outcome::Updated }, id))
    }
}

const STAGE_KINDS: &[(&str, &[&str])] = &[
    ("new", &["nouveau", "nouvelle", "nouvelle candidature", "applied", "application", "novo", "nova prijava"]),
    ("screen", &["présélection", "tri", "qualification", "screening", "phone screen", "probir"]),
    ("interview", &["entretien", "entretiens", "interviews", "intervju", "razgovor"]),
    ("offer", &["offre", "proposition", "proposition d'embauche", "ponuda"]),
    ("hired", &["embauché", "embauchée", "recruté", "recrutée", "hire", "zaposlen"]),
];

/// The stage a row names, among stages as `(name, kind)`: by the team's name for it or by its
/// kind (`interview`, `Entretien`); none named, none.
fn stage_named<'a, S>(stages: &'a [S], name: &str, of: impl Fn(&S) -> (&str, &str)) -> Result<Option<&'a S>, AppError> {
    if name.trim().is_empty() {
        return Ok(None);
    }
    if let Some(s) = stages.iter().find(|s| plain(of(s).0) == plain(name)) {
        return Ok(Some(s));
    }
    let kind = pick("stage", name, STAGE_KINDS)?;
    stages.iter().find(|s| of(s).1 == kind).map(Some).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "stage"))
}

#[async_trait]
impl Importer for RecruitImport {
    fn name(&self) -> &'static str {
        crate::MODULE
    }

    fn sheets(&self) -> &'static [Sheet] {
        &SHEETS
    }

    async fn row(&self, run: &mut Run<'_>, sheet: &str, row: &Row) -> Result<(Outcome, String), AppError> {
        match sheet {
            JOBS => self.job(run, row).await,
            CANDIDATES => self.candidate(run, row).await,
            APPLICATIONS => self.application(run, row).await,
            _ => Err(AppError::not_found()),
        }
    }
}
