//! Recruit's part of `portico demo`: jobs in French and English in several agencies of the
//! demo network (open, draft and closed), candidates who applied over the last months with
//! their CVs, standing at every stage, with the team's comments and ratings.

use portico_authz::store;
use portico_core::contacts::store::ContactInput;
use portico_db::{Db, DbResultExt};
use portico_http::DemoContext;
use portico_kernel::clock::ManualClock;
use portico_kernel::{Actor, AppError, Clock, UnitId, WorkspaceId};

use crate::applications::store::{self as applications, NewApplication, Source};
use crate::candidates::store as candidates;
use crate::documents::{self, Owner, Upload};
use crate::jobs::store::{self as jobs, JobInput};

const WORKSPACE: &str = "maison-lumiere";
const DAY: i64 = 24 * 3600;

struct DemoJob {
    unit: &'static str,
    title: &'static str,
    department: &'static str,
    location: &'static str,
    workplace: &'static str,
    contract: &'static str,
    salary: (i64, i64),
    locale: &'static str,
    status: &'static str,
    description: &'static str,
}

const JOBS: &[DemoJob] = &[
    DemoJob {
        unit: "Paris 11e",
        title: "Conseiller·ère en agence",
        department: "Réseau",
        location: "Paris",
        workplace: "onsite",
        contract: "permanent",
        salary: (32_000, 38_000),
        locale: "fr",
        status: "open",
        description: "<p>Vous accueillez nos clients, les conseillez sur leurs projets d’éclairage et suivez leurs commandes.</p><h2>Profil</h2><ul><li>Une première expérience en vente</li><li>Le goût du conseil</li></ul>",
    },
    DemoJob {
        unit: "Lyon Part-Dieu",
        title: "Responsable d’agence",
        department: "Réseau",
        location: "Lyon",
        workplace: "onsite",
        contract: "permanent",
        salary: (42_000, 50_000),
        locale: "fr",
        status: "open",
        description: "<p>Vous dirigez une équipe de six conseillers et pilotez le chiffre d’affaires de l’agence.</p><h2>Profil</h2><ul><li>Trois ans de management</li><li>Sens commercial</li></ul>",
    },
    DemoJob {
        unit: "Zagreb Centar",
        title: "Customer Success Specialist",
        department: "Customer success",
        location: "Zagreb",
        workplace: "hybrid",
        contract: "permanent",
        salary: (24_000, 30_000),
        locale: "en",
        status: "open",
        description: "<p>You look after our B2B customers in Croatia and Slovenia, from onboarding to renewal.</p><h2>You have</h2><ul><li>Fluent English and Croatian</li><li>Two years in a customer-facing role</li></ul>",
    },
    DemoJob {
        unit: "Split",
        title: "Lighting designer (remote)",
        department: "Design",
        location: "Split",
        workplace: "remote",
        contract: "freelance",
        salary: (35, 55),
        locale: "en",
        status: "draft",
        description: "<p>Design lighting plans for our hotel customers on the Adriatic coast.</p>",
    },
    DemoJob {
        unit: "Versailles",
        title: "Alternant·e commercial·e",
        department: "Réseau",
        location: "Versailles",
        workplace: "onsite",
        contract: "apprenticeship",
        salary: (0, 0),
        locale: "fr",
        status: "closed",
        description: "<p>Une alternance de deux ans dans notre agence de Versailles.</p>",
    },
];

/// (name, e-mail, phone, headline, the job's index, how far they went: a stage position or -1
/// when turned down, days ago they applied)
const PEOPLE: &[(&str, &str, &str, &str, usize, i64, i64)] = &[
    (
        "Camille Laurent",
        "camille.laurent@exemple.fr",
        "+33 6 12 34 56 78",
        "Vendeuse conseil, 4 ans en magasin",
        0,
        0,
        3,
    ),
    ("Hugo Bernard", "hugo.bernard@exemple.fr", "+33 6 23 45 67 89", "Conseiller commercial", 0, 1, 12),
    ("Léa Petit", "lea.petit@exemple.fr", "+33 7 34 56 78 90", "Chargée de clientèle", 0, 2, 25),
    ("Nathan Dubois", "nathan.dubois@exemple.fr", "+33 6 45 67 89 01", "Étudiant en commerce", 0, -1, 40),
    ("Chloé Morel", "chloe.morel@exemple.fr", "+33 6 56 78 90 12", "Directrice adjointe de magasin", 1, 3, 60),
    ("Thomas Girard", "thomas.girard@exemple.fr", "+33 6 67 89 01 23", "Responsable de rayon", 1, 2, 30),
    ("Manon Lambert", "manon.lambert@exemple.fr", "+33 6 78 90 12 34", "Responsable de proximité", 1, 4, 95),
    ("Ana Kovač", "ana.kovac@primjer.hr", "+385 91 234 5678", "Account executive, SaaS", 2, 1, 8),
    ("Marko Novak", "marko.novak@primjer.hr", "+385 98 765 4321", "Customer support lead", 2, 3, 50),
    ("Ivana Marić", "ivana.maric@primjer.hr", "+385 95 111 2222", "Key account executive", 2, 0, 1),
    ("Luka Horvat", "luka.horvat@primjer.hr", "+385 92 333 4444", "Sales representative", 2, -1, 70),
];

pub async fn load(ctx: &DemoContext<'_>) -> Result<Vec<String>, AppError> {
    let db = ctx.db;
    let Some(ws) = workspace(db).await? else {
        return Ok(vec!["recruit: no demo workspace to fill.".into()]);
    };
    let start = chrono::Utc::now() - chrono::Duration::days(120);
    let clock = ManualClock::new(start);
    let sys = store::system_authz(db.pool(), ws, "demo").await?;
    let mut made = Vec::new();
    for j in JOBS {
        let unit = unit(db, ws, j.unit).await?;
        let input = JobInput {
            title: j.title.into(),
            department: j.department.into(),
            location: j.location.into(),
            workplace: j.workplace.into(),
            contract: j.contract.into(),
            salary_min: if j.salary.0 > 0 { j.salary.0.to_string() } else { String::new() },
            salary_max: if j.salary.1 > 0 { j.salary.1.to_string() } else { String::new() },
            salary_currency: "EUR".into(),
            salary_period: if j.contract == "freelance" { "hour".into() } else { "year".into() },
            description: j.description.into(),
            locale: j.locale.into(),
            questions: Vec::new(),
        };
        let pipeline = crate::jobs::default_pipeline(j.locale);
        let id = jobs::create(db, &clock, &sys, unit, &input, &pipeline, &Default::default()).await?;
        if j.status != "draft" {
            jobs::set_status(db, &clock, &sys, &id, "open").await?;
        }
        made.push(id);
    }
    stage_emails(db, ws, &sys, &made).await?;
    let mut applied = Vec::new();
    for (name, email, phone, headline, job, reached, days_ago) in PEOPLE {
        let at = chrono::Utc::now() - chrono::Duration::days(*days_ago);
        let clock = ManualClock::new(at);
        let job = jobs::get(db.pool(), &sys.scope(crate::VIEW)?, &made[*job]).await?;
        let a = apply(ctx, ws, &job, (name, email, phone, headline), &clock).await?;
        let stages = jobs::stages(db.pool(), ws, &job.id).await?;
        let steps = if *reached < 0 { 1 } else { *reached };
        for stage in stages.iter().skip(1).take(usize::try_from(steps).unwrap_or(0)) {
            clock.advance(chrono::Duration::days(2));
            applications::move_to(db, &clock, &sys, &a, &stage.id).await?;
        }
        if *reached < 0 {
            clock.advance(chrono::Duration::days(1));
            applications::reject(db, &clock, &sys, &a, "experience", None).await?;
        }
        applied.push((a, *reached));
    }
    comments(ctx, ws, &applied).await?;
    follow(db, ws, &made).await?;
    interview(db, ws, &applied).await?;
    offer(db, ws, &applied).await?;
    keep_for_later(db, ws, &sys, &applied).await?;
    saved_search(ctx, ws).await?;
    for (j, id) in JOBS.iter().zip(&made) {
        if j.status == "closed" {
            jobs::set_status(db, &clock, &sys, id, "closed").await?;
        }
    }
    reports(ctx, ws, &sys).await?;
    // A hiring manager's link to the agency manager's job, printed for whoever tries the demo.
    let job = jobs::get(db.pool(), &sys.scope(crate::VIEW)?, &made[1]).await?;
    let cap = sys.unit_cap(crate::EDIT, job.unit()?)?;
    let key = portico_http::state::load_or_create_secret(ctx.settings)?;
    let link = portico_auth::magic::NewLink {
        subject_type: crate::kinds::JOB,
        subject_id: job.id.clone(),
        email: "",
        label: "Marc Lefèvre, directeur régional",
        ttl: 90 * DAY * 1_000_000,
    };
    let (_, token) = portico_auth::magic::create(db, &portico_kernel::SystemClock, &cap, &key, link).await?;
    let base = ctx.settings.public_base();
    Ok(vec![
        format!("recruit: {} jobs, {} applications with CVs, comments and ratings.", JOBS.len(), PEOPLE.len()),
        format!("  career site: {base}/p/{WORKSPACE}/careers/"),
        format!("  a hiring manager's link to \"{}\": {base}{}/{token}", job.title, crate::hiring::PREFIX),
    ])
}

async fn workspace(db: &Db) -> Result<Option<WorkspaceId>, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM workspaces WHERE slug = $1")
        .bind(WORKSPACE)
        .fetch_optional(db.pool())
        .await
        .db()?;
    row.map(|(id,)| portico_kernel::ids::parse_db_id(&id)).transpose()
}

async fn unit(db: &Db, ws: WorkspaceId, name: &str) -> Result<UnitId, AppError> {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM units WHERE workspace_id = $1 AND name = $2")
        .bind(ws.to_db())
        .bind(name)
        .fetch_one(db.pool())
        .await
        .db()?;
    portico_kernel::ids::parse_db_id(&id)
}

/// Someone applies as they would on the career site, with a CV in plain text.
async fn apply(
    ctx: &DemoContext<'_>,
    ws: WorkspaceId,
    job: &jobs::Job,
    (name, email, phone, headline): (&str, &str, &str, &str),
    clock: &ManualClock,
) -> Result<String, AppError> {
    let (db, now) = (ctx.db, clock.now_micros());
    let unit = job.unit()?;
    let blobs = portico_files::BlobStore::new(&ctx.settings.data_dir);
    let site = Actor::System { label: "career site".into() };
    let locale = if email.ends_with(".hr") { "hr" } else { "fr" };
    let input = ContactInput {
        name: name.into(),
        email: email.into(),
        phone: phone.into(),
        locale: locale.into(),
        ..Default::default()
    };
    let mut tx = db.begin().await?;
    let contact = portico_core::contacts::store::find_or_add(&mut tx, ws, &site, unit, &input, now).await?;
    let actor = Actor::Contact { id: contact, label: name.into() };
    let contact = contact.to_db();
    let until = Some(now + 730 * DAY * 1_000_000);
    let candidate = candidates::of_contact(&mut tx, ws, &actor, unit, &contact, until, now).await?;
    sqlx::query("UPDATE recruit_candidates SET headline = $1, location = $2 WHERE id = $3")
        .bind(headline)
        .bind(job.location.clone())
        .bind(candidate.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    let src = ["career_site", "linkedin", "indeed", "referral"][name.len() % 4];
    let new = NewApplication {
        job,
        candidate: &candidate,
        contact: &contact,
        source: Source { channel: src.into(), detail: String::new() },
        cover_letter: "",
        answers: &[],
        knocked_out: false,
    };
    let (application, _) = applications::file(&mut tx, ws, &actor, new, now).await?;
    let cv = format!(
        "{name}\n{email} · {phone}\n{location}\n\n{headline}\n\nExperience\n2019 – 2025  {headline}, Maison {location}\n\
         2016 – 2019  Sales assistant, Lumina\n\nSkills\nCustomer service, sales, {lang}\n",
        location = job.location,
        lang = if locale == "hr" { "Croatian, English" } else { "French, English" },
    );
    let owner = Owner { unit, candidate: &candidate, contact: &contact, application: Some(&application) };
    let up = Upload { field: "cv", filename: &format!("CV {name}.txt"), bytes: cv.as_bytes() };
    documents::attach(&mut tx, &blobs, ws, &actor, owner, up, now).await?;
    tx.commit().await.db()?;
    Ok(application)
}

/// An interview invitation in the candidate e-mail library, sent for review by the
/// interview stage of each job, and that stage's interview kit.
async fn stage_emails(db: &Db, ws: WorkspaceId, sys: &portico_authz::Authz, jobs: &[String]) -> Result<(), AppError> {
    let now = portico_kernel::SystemClock.now_micros();
    let purposes = portico_mail::templates::Purposes::new(crate::messages::purposes())?;
    let mut key = String::new();
    for (locale, subject, body) in [
        (
            "fr",
            "Entretien pour le poste {{ job }}",
            "<p>Bonjour {{ name }},</p><p>Votre candidature au poste {{ job }} a retenu notre attention : nous aimerions vous rencontrer. Répondez à ce message avec deux ou trois créneaux qui vous conviennent la semaine prochaine.</p><p>À bientôt,<br>L’équipe {{ site }}</p>",
        ),
        (
            "en",
            "Interview for {{ job }}",
            "<p>Hello {{ name }},</p><p>Your application for {{ job }} caught our eye and we would like to meet you. Reply to this message with two or three times that suit you next week.</p><p>Best regards,<br>The {{ site }} team</p>",
        ),
        (
            "hr",
            "Razgovor za posao {{ job }}",
            "<p>Poštovani/a {{ name }},</p><p>Vaša prijava za posao {{ job }} privukla je našu pažnju i željeli bismo vas upoznati. Odgovorite na ovu poruku s dva ili tri termina koji vam odgovaraju sljedeći tjedan.</p><p>Srdačan pozdrav,<br>Tim {{ site }}</p>",
        ),
    ] {
        let input = portico_mail::templates::store::TemplateInput {
            purpose: crate::messages::write::LIBRARY.into(),
            template_key: key.clone(),
            locale: locale.into(),
            name: "Invitation à un entretien".into(),
            subject: subject.into(),
            body: body.into(),
        };
        key = portico_mail::templates::store::save(db, &sys.admin()?, &purposes, &input, now).await?.template_key;
    }
    let mail = crate::messages::stages::StageMail { template: key, delay_minutes: 0, review: true };
    for job in jobs {
        if let Some(st) = jobs::stages(db.pool(), ws, job).await?.into_iter().find(|s| s.category == "interview") {
            crate::messages::stages::set(db, &portico_kernel::SystemClock, sys, &st.id, &mail).await?;
            let kit = crate::scorecards::Kit {
                criteria: vec!["Sens du client".into(), "Communication".into(), "Motivation".into()],
                questions: vec![
                    "Racontez-nous un client mécontent que vous avez reconquis.".into(),
                    "Qu’est-ce qui vous attire chez Maison Lumière ?".into(),
                ],
            };
            crate::scorecards::set_kit(db, &portico_kernel::SystemClock, sys, &st.id, &kit).await?;
        }
    }
    // A template made from such a pipeline, e-mail and kit included.
    if let Some(job) = jobs.first() {
        let name = "Vente (invitation et guide d’entretien)";
        crate::pipelines::from_job(db, &portico_kernel::SystemClock, sys, job, name).await?;
    }
    Ok(())
}

/// The demo's admin account.
async fn admin(db: &Db, ws: WorkspaceId) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM users WHERE workspace_id = $1 AND email LIKE 'admin@%'")
            .bind(ws.to_db())
            .fetch_optional(db.pool())
            .await
            .db()?;
    Ok(row.map(|(id,)| id))
}

/// The demo's admin is on the hiring team of every job (from now on: the demo's past is not news).
async fn follow(db: &Db, ws: WorkspaceId, jobs: &[String]) -> Result<(), AppError> {
    let Some(user) = admin(db, ws).await? else { return Ok(()) };
    let mut tx = db.begin().await?;
    for job in jobs {
        crate::messages::team::add(&mut tx, ws, job, &user, portico_kernel::SystemClock.now_micros()).await?;
    }
    tx.commit().await.db()
}

/// The demo's admin meets the first candidate who reached an interview stage, the day after
/// tomorrow at 10:00 in Paris (written as it stands: the demo sends no invitations).
async fn interview(db: &Db, ws: WorkspaceId, applied: &[(String, i64)]) -> Result<(), AppError> {
    let Some((application, _)) = applied.iter().find(|(_, reached)| *reached == 2) else { return Ok(()) };
    let Some(user) = admin(db, ws).await? else { return Ok(()) };
    let (unit,): (String,) = sqlx::query_as("SELECT unit_id FROM recruit_applications WHERE id = $1")
        .bind(application.clone())
        .fetch_one(db.pool())
        .await
        .db()?;
    let day = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Paris).date_naive() + chrono::Duration::days(2);
    let at = day.and_hms_opt(10, 0, 0).and_then(|t| t.and_local_timezone(chrono_tz::Europe::Paris).earliest());
    let Some(at) = at else { return Ok(()) };
    let (id, now) = (uuid::Uuid::now_v7().to_string(), portico_kernel::SystemClock.now_micros());
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO recruit_interviews (id, workspace_id, unit_id, application_id, title, location, duration_minutes,
            time_zone, status, starts_at, sequence, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'Entretien avec la responsable', '12 rue de la Paix, agence', 45, 'Europe/Paris', 'scheduled', $5, 0, 'demo', $6, $6)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit)
    .bind(application.clone())
    .bind(at.timestamp_micros())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    sqlx::query("INSERT INTO recruit_interviewers (id, workspace_id, interview_id, user_id) VALUES ($1, $2, $3, $4)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(ws.to_db())
        .bind(id)
        .bind(user)
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()
}

/// An offer approved by the demo's admin for the first candidate at an offer stage, ready
/// to send (written as it stands, like the interview).
async fn offer(db: &Db, ws: WorkspaceId, applied: &[(String, i64)]) -> Result<(), AppError> {
    let Some((application, _)) = applied.iter().find(|(_, reached)| *reached == 3) else { return Ok(()) };
    let Some(user) = admin(db, ws).await? else { return Ok(()) };
    let now = portico_kernel::SystemClock.now_micros();
    let start = (chrono::Utc::now() + chrono::Duration::days(45)).date_naive().to_string();
    sqlx::query(
        "INSERT INTO recruit_offers (id, workspace_id, unit_id, application_id, salary, salary_currency, salary_period,
            start_date, terms, approver_id, status, decision_note, created_by, created_at, updated_at, decided_at)
         SELECT $1, $2, a.unit_id, a.id, 44000, 'EUR', 'year', $3, 'CDI, 35 heures, mutuelle et tickets restaurant.', $4,
            'approved', 'Dans le budget.', 'demo', $5, $5, $5
         FROM recruit_applications a WHERE a.id = $6",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(ws.to_db())
    .bind(start)
    .bind(user)
    .bind(now)
    .bind(application.clone())
    .execute(db.pool())
    .await
    .db()?;
    Ok(())
}

/// A talent pool of those worth calling back (past the first stages, or turned down), kept by
/// the head office, and a pipeline template for the shops.
async fn keep_for_later(
    db: &Db,
    ws: WorkspaceId,
    sys: &portico_authz::Authz,
    applied: &[(String, i64)],
) -> Result<(), AppError> {
    let clock = portico_kernel::SystemClock;
    let (root,): (String,) = sqlx::query_as("SELECT id FROM units WHERE workspace_id = $1 AND parent_id IS NULL")
        .bind(ws.to_db())
        .fetch_one(db.pool())
        .await
        .db()?;
    let input = crate::pools::PoolInput {
        name: "Finalistes à rappeler".into(),
        description: "Bons profils à recontacter dès qu'une offre s'ouvre.".into(),
    };
    let pool = crate::pools::create(db, &clock, sys, portico_kernel::ids::parse_db_id(&root)?, &input).await?;
    let scope = sys.scope(crate::VIEW)?;
    for (a, _) in applied.iter().filter(|(_, reached)| *reached >= 2 || *reached < 0) {
        let candidate = applications::get(db.pool(), &scope, a).await?.candidate_id;
        crate::pools::add(db, &clock, sys, &pool, &candidate).await?;
    }
    let stage = |name: &str, category: &str| crate::pipelines::PipelineStage {
        name: name.into(),
        category: category.into(),
        mail: Default::default(),
        kit: Default::default(),
    };
    let boutique = crate::pipelines::PipelineInput {
        name: "Boutique (journée d'essai)".into(),
        stages: vec![
            stage("Nouveaux", "new"),
            stage("Appel", "screen"),
            stage("Journée d'essai", "interview"),
            stage("Entretien avec la gérante", "interview"),
            stage("Proposition", "offer"),
            stage("Recruté", "hired"),
        ],
    };
    crate::pipelines::save(db, &clock, &sys.admin()?, None, &boutique).await?;
    Ok(())
}

/// The rights of the head office's admin, who comments, rates and keeps a saved search.
async fn admin_authz(ctx: &DemoContext<'_>, ws: WorkspaceId) -> Result<portico_authz::Authz, AppError> {
    let (id, name): (String, String) =
        sqlx::query_as("SELECT id, name FROM users WHERE workspace_id = $1 AND email = $2")
            .bind(ws.to_db())
            .bind("admin@demo.portico.test")
            .fetch_one(ctx.db.pool())
            .await
            .db()?;
    let actor = Actor::User { id: portico_kernel::ids::parse_db_id(&id)?, label: name };
    store::load_authz(ctx.db.pool(), ws, actor).await
}

/// The team's comments and ratings on those who went past the first stage.
async fn comments(ctx: &DemoContext<'_>, ws: WorkspaceId, applied: &[(String, i64)]) -> Result<(), AppError> {
    let authz = admin_authz(ctx, ws).await?;
    let notes = [
        ("Bon contact au téléphone, disponible rapidement.", 4),
        ("Expérience solide, attentes salariales dans la fourchette.", 5),
        ("Motivation à confirmer en entretien.", 3),
    ];
    for (i, (a, reached)) in applied.iter().enumerate() {
        if *reached >= 1 {
            let (body, rating) = notes[i % notes.len()];
            applications::comment(ctx.db, &portico_kernel::SystemClock, &authz, a, body, Some(rating)).await?;
        }
    }
    Ok(())
}

/// The admin's saved search of the CV library, with its daily alert: sales people with five
/// years of experience or more.
async fn saved_search(ctx: &DemoContext<'_>, ws: WorkspaceId) -> Result<(), AppError> {
    let input = crate::searches::SearchInput {
        name: "Commerciaux expérimentés".into(),
        criteria: crate::searches::Criteria { q: "sales".into(), experience: Some(5), ..Default::default() },
        alert: true,
    };
    crate::searches::save(ctx.db, &portico_kernel::SystemClock, &admin_authz(ctx, ws).await?, &input).await.map(|_| ())
}

/// Two saved reports on the whole network: the funnel and where candidates come from.
async fn reports(ctx: &DemoContext<'_>, ws: WorkspaceId, sys: &portico_authz::Authz) -> Result<(), AppError> {
    use portico_reports::{Chart, ReportDef};
    let (root,): (String,) = sqlx::query_as("SELECT id FROM units WHERE workspace_id = $1 AND parent_id IS NULL")
        .bind(ws.to_db())
        .fetch_one(ctx.db.pool())
        .await
        .db()?;
    let root: UnitId = portico_kernel::ids::parse_db_id(&root)?;
    let cap = sys.unit_cap(crate::VIEW, root)?;
    let def = |metrics: &[&str], by: &str, chart: Chart| ReportDef {
        dataset: "recruit.pipeline".into(),
        metrics: metrics.iter().map(|m| m.to_string()).collect(),
        group_by: vec![by.into()],
        filters: Vec::new(),
        days: 365,
        chart,
    };
    for (name, definition) in [
        ("Entonnoir de recrutement", def(&["reached", "hires", "time_to_hire"], "category", Chart::Funnel)),
        ("Candidatures par source", def(&["applications", "hires", "rejections"], "source", Chart::Bar)),
    ] {
        let input = portico_reports::store::ReportInput {
            name: name.into(),
            unit_id: root,
            definition,
            schedule: "none".into(),
            recipients: Vec::new(),
        };
        let now = portico_kernel::SystemClock.now_micros();
        portico_reports::store::save(ctx.db, &cap, None, &input, chrono_tz::Europe::Paris, now).await?;
    }
    Ok(())
}
