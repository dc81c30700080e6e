//! `portico demo`: a living workspace for newcomers — a franchise network in
//! France and Croatia with units, people of every role, custom fields and files.

use crate::units::service::UnitInput;
use anyhow::anyhow;
use portico_auth::setup::{OwnerInput, create_workspace_with_owner};
use portico_authz::{BuiltinRole, store};
use portico_config::Settings;
use portico_db::Db;
use portico_fields::{FieldInput, FieldType};
use portico_files::BlobStore;
use portico_files::store::Upload;
use portico_kernel::locale::Locale;
use portico_kernel::{Clock, SystemClock, UnitId, UserId, WorkspaceId};
use serde_json::json;

pub const PASSWORD: &str = "portico-demo-2026";
const OWNER: &str = "owner@demo.portico.test";

fn err(e: portico_kernel::AppError) -> anyhow::Error {
    anyhow!("{e}")
}

/// Load the core's demo; says what it made. A data directory loaded before demos were
/// tracked per module is recognised by its owner's address.
pub async fn load(db: &Db, settings: &Settings, registry: &portico_platform::Registry) -> anyhow::Result<Vec<String>> {
    if !portico_auth::users::accounts(db.pool(), OWNER).await.map_err(err)?.is_empty() {
        return Ok(vec![format!("The demo workspace is already loaded. Sign in as {OWNER} / {PASSWORD}.")]);
    }
    let clock = SystemClock;
    let created = create_workspace_with_owner(
        db,
        &clock,
        OwnerInput {
            workspace_name: "Maison Lumière",
            email: OWNER,
            name: "Odile Fournier",
            password: PASSWORD,
            locale: Locale::Fr,
        },
    )
    .await
    .map_err(err)?;
    let ws = created.workspace;
    let add = |parent: UnitId, name: &'static str, kind: &'static str| async move {
        let sys = store::system_authz(db.pool(), ws, "demo").await.map_err(err)?;
        crate::units::service::create(db, &clock, &sys, parent, UnitInput { name: name.into(), kind: kind.into() })
            .await
            .map_err(err)
    };
    let idf = add(created.root_unit, "Île-de-France", "région").await?;
    let paris = add(idf, "Paris 11e", "agence").await?;
    let versailles = add(idf, "Versailles", "agence").await?;
    let ara = add(created.root_unit, "Auvergne-Rhône-Alpes", "région").await?;
    let lyon = add(ara, "Lyon Part-Dieu", "agence").await?;
    let hr = add(created.root_unit, "Hrvatska", "regija").await?;
    let zagreb = add(hr, "Zagreb Centar", "poslovnica").await?;
    let split = add(hr, "Split", "poslovnica").await?;

    let people = [
        ("admin@demo.portico.test", "Amandine Roux", BuiltinRole::Admin, created.root_unit, Locale::Fr),
        ("manager.idf@demo.portico.test", "Marc Lefèvre", BuiltinRole::Manager, idf, Locale::Fr),
        ("member.paris@demo.portico.test", "Inès Moreau", BuiltinRole::Member, paris, Locale::Fr),
        ("member.lyon@demo.portico.test", "Julien Garnier", BuiltinRole::Member, lyon, Locale::Fr),
        ("manager.hr@demo.portico.test", "Ivana Horvat", BuiltinRole::Manager, hr, Locale::Hr),
        ("member.split@demo.portico.test", "Luka Babić", BuiltinRole::Member, split, Locale::Hr),
        ("member.zagreb@demo.portico.test", "Petra Kovačević", BuiltinRole::Member, zagreb, Locale::En),
    ];
    for (email, name, role, unit, locale) in people {
        add_user(db, ws, email, name, role, unit, locale).await?;
    }
    let sys = store::system_authz(db.pool(), ws, "demo").await.map_err(err)?;
    crate::roles::service::create(db, &clock, &sys, "Auditor (read-only)", &["core.view".into(), "core.export".into()])
        .await
        .map_err(err)?;

    let now = clock.now_micros();
    let admin = sys.admin().map_err(err)?;
    for (key, label, ty, options) in [
        ("opened", "Ouvert le", FieldType::Date, vec![]),
        ("tier", "Format", FieldType::Select, vec!["Vitrine".to_string(), "Standard".into(), "Éphémère".into()]),
        ("phone", "Téléphone", FieldType::Text, vec![]),
    ] {
        let input = FieldInput {
            record_type: "unit".into(),
            key: key.into(),
            label: label.into(),
            field_type: ty,
            options,
            required: false,
            show_in_list: true,
            show_in_form: true,
            position: None,
        };
        portico_fields::define(db, &admin, portico_authz::units::KIND, &input, now).await.map_err(err)?;
    }
    for (unit, opened, tier, phone) in [
        (paris, "2019-03-01", "Vitrine", "+33 1 43 55 00 11"),
        (versailles, "2021-09-15", "Standard", "+33 1 39 50 22 33"),
        (lyon, "2020-06-01", "Standard", "+33 4 72 00 44 55"),
        (zagreb, "2022-02-01", "Vitrine", "+385 1 4800 100"),
        (split, "2024-05-20", "Éphémère", "+385 21 300 200"),
    ] {
        let values = json!({"opened": opened, "tier": tier, "phone": phone});
        let values = values.as_object().cloned().unwrap_or_default();
        let kind = portico_authz::units::KIND;
        let prepared = portico_fields::prepare(db.pool(), &admin, kind, &unit.to_db(), &values).await.map_err(err)?;
        portico_fields::save(db, sys.actor(), &admin, Some(unit), prepared, now).await.map_err(err)?;
    }

    let sys = store::system_authz(db.pool(), ws, "demo").await.map_err(err)?;
    let manager = portico_auth::users::accounts(db.pool(), "manager.idf@demo.portico.test")
        .await
        .map_err(err)?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("demo manager"))?;
    crate::rules::demo::load(db, &sys, idf, &manager.id, &created.owner.to_db()).await.map_err(err)?;

    let blobs = BlobStore::new(&settings.data_dir);
    for (unit, name, text) in [
        (
            paris,
            "cv-camille-dupont.txt",
            "Camille Dupont — Conseillère de vente\nExpérience : 6 ans en boutique de luxe, Paris.\nLangues : français, anglais, espagnol.\nCompétences : encaissement, merchandising, relation client.",
        ),
        (
            lyon,
            "procedure-ouverture.txt",
            "Procédure d'ouverture du magasin de Lyon Part-Dieu\n1. Désactiver l'alarme.\n2. Vérifier la caisse.\n3. Allumer les vitrines.",
        ),
        (
            split,
            "zivotopis-marko-juric.txt",
            "Marko Jurić — prodavač\nIskustvo: 4 godine u maloprodaji, Split i Makarska.\nJezici: hrvatski, engleski, talijanski.",
        ),
        (
            zagreb,
            "franchise-agreement-summary.txt",
            "Franchise agreement summary — Zagreb Centar\nTerm: 5 years. Royalty: 5% of net sales. Marketing fund: 2%.",
        ),
    ] {
        let cap = sys.unit_cap(portico_files::store::CREATE, unit).map_err(err)?;
        portico_files::store::upload(db, &clock, &blobs, &cap, Upload { filename: name, bytes: text.as_bytes() })
            .await
            .map_err(err)?;
    }

    extras(db, settings, registry, &sys, lyon).await?;
    let sys = store::system_authz(db.pool(), ws, "demo").await.map_err(err)?;
    for (unit, name, email, phone, company, locale) in [
        (paris, "Sophie Marchand", "sophie.marchand@exemple.fr", "+33 6 12 34 56 78", "Boulangerie Marchand", "fr"),
        (paris, "Karim Benali", "karim.benali@exemple.fr", "+33 6 98 76 54 32", "", "fr"),
        (versailles, "Claire Dubois", "claire.dubois@exemple.fr", "", "Dubois & Fils", "fr"),
        (lyon, "Hugo Lambert", "hugo.lambert@exemple.fr", "+33 4 78 12 34 56", "Lambert Conseil", "fr"),
        (zagreb, "Marko Perić", "marko.peric@primjer.hr", "+385 91 234 5678", "Perić d.o.o.", "hr"),
        (split, "Ana Jurić", "ana.juric@primjer.hr", "+385 98 765 432", "", "hr"),
        (zagreb, "Thomas Weber", "thomas.weber@example.de", "", "Weber Logistik GmbH", "en"),
    ] {
        let input = crate::contacts::store::ContactInput {
            name: name.into(),
            email: email.into(),
            phone: phone.into(),
            company: company.into(),
            locale: locale.into(),
        };
        crate::contacts::store::create(db, &clock, &sys, unit, &input, &Default::default()).await.map_err(err)?;
    }

    crate::mailboxes::demo::load(db, settings, &sys, paris).await.map_err(err)?;
    sites(db, &sys, hr).await?;

    let mut said = vec![
        "Demo workspace \"Maison Lumière\" loaded: 3 regions, 5 agencies, 8 people, 7 contacts, 4 files, a customer-service mailbox with its mail, a rule with its business hours, public sites in the brand's colours (the Croatian ones in their own), and one of each other kind."
            .to_string(),
        format!("Sign in at {} with any of these (password {PASSWORD}):", settings.public_base()),
        format!("  {OWNER}  (owner)"),
    ];
    said.extend(people.iter().map(|(email, _, role, _, _)| format!("  {email}  ({})", role.key())));
    Ok(said)
}

/// The public sites' look: the brand's colours in French, and the Croatian network's own.
async fn sites(db: &Db, sys: &portico_authz::Authz, hr: UnitId) -> anyhow::Result<()> {
    let admin = sys.admin().map_err(err)?;
    let now = SystemClock.now_micros();
    let sites = [portico_http::site::PORTAL];
    let look = |title: &str, path: &str, primary: &str, accent: &str, locale: &str| portico_sites::ThemeInput {
        title: title.into(),
        path: path.into(),
        primary_color: primary.into(),
        accent_color: accent.into(),
        font: "humanist".into(),
        custom_css: ".site h1 { letter-spacing: -0.01em }".into(),
        default_locale: locale.into(),
        contact_email: "recrutement@demo.portico.test".into(),
        linkedin_company: "1234567".into(),
    };
    let workspace = look("Maison Lumière", "", "#7c2d12", "#d97706", "fr");
    portico_sites::theme::save(db, &admin, None, &sites, &workspace, now).await.map_err(err)?;
    let croatia = look("Maison Lumière Hrvatska", "hrvatska", "#1e3a8a", "#dc2626", "hr");
    portico_sites::theme::save(db, &admin, Some(hr), &sites, &croatia, now).await.map_err(err)?;
    Ok(())
}

async fn add_user(
    db: &Db,
    ws: WorkspaceId,
    email: &str,
    name: &str,
    role: BuiltinRole,
    unit: UnitId,
    locale: Locale,
) -> anyhow::Result<()> {
    let now = SystemClock.now_micros();
    let role = store::builtin_role(db.pool(), ws, role).await.map_err(err)?;
    let hash = portico_auth::password::hash(PASSWORD).map_err(err)?;
    let mut tx = db.begin().await.map_err(err)?;
    let actor = portico_kernel::Actor::System { label: "demo".into() };
    let user = UserId::new();
    let new = portico_auth::users::NewUser {
        id: user,
        workspace: ws,
        email,
        name,
        password_hash: Some(hash),
        locale: Some(locale),
    };
    portico_auth::users::insert(&mut tx, &actor, new, now).await.map_err(err)?;
    store::insert_grant(&mut tx, &actor, ws, user, role.id, unit, now).await.map_err(err)?;
    tx.commit().await?;
    Ok(())
}

/// One record of every other kind, so each settings page has something to show: a
/// pending invitation, a (paused) webhook, an API token, and a search re-index task
/// that the server's worker runs on start.
async fn extras(
    db: &Db,
    settings: &Settings,
    registry: &portico_platform::Registry,
    sys: &portico_authz::Authz,
    lyon: UnitId,
) -> anyhow::Result<()> {
    let clock = SystemClock;
    let ws = sys.workspace();
    let admin_email = "admin@demo.portico.test";
    let mail = portico_mail::MailContext { public_url: settings.public_base(), from: settings.smtp.from.clone() };
    let member = store::builtin_role(db.pool(), ws, BuiltinRole::Member).await.map_err(err)?;
    let invite = portico_auth::invites::InviteInput {
        email: "nouvelle.recrue@demo.portico.test".into(),
        name: "Chloé Bernard".into(),
        role: member.id,
        unit: lyon,
    };
    portico_auth::invites::create(db, &clock, sys, &mail, invite).await.map_err(err)?;
    let policy = portico_webhooks::TargetPolicy::default();
    let admin = sys.admin().map_err(err)?;
    let hook = portico_webhooks::create(
        db,
        &admin,
        policy,
        "https://hooks.example.com/portico",
        &["unit.create".into()],
        registry,
        clock.now_micros(),
    )
    .await
    .map_err(err)?;
    let hook_id = hook.id.parse().map_err(|_| anyhow!("webhook id"))?;
    portico_webhooks::deactivate(db, &admin, hook_id, clock.now_micros()).await.map_err(err)?;
    let admin = portico_auth::users::accounts(db.pool(), admin_email)
        .await
        .map_err(err)?
        .into_iter()
        .find(|a| a.workspace_id == ws.to_db())
        .ok_or_else(|| anyhow!("demo admin"))?;
    let mut tx = db.begin().await.map_err(err)?;
    let token = portico_auth::api_tokens::NewToken {
        workspace: ws,
        user: admin.id.parse().map_err(|_| anyhow!("user id"))?,
        name: "Demo integration",
        scopes: &Default::default(),
        expires_at: None,
    };
    portico_auth::api_tokens::insert(&mut tx, sys.actor(), token, clock.now_micros()).await.map_err(err)?;
    crate::search::api::queue_reindex(&mut tx, sys, None, clock.now_micros()).await.map_err(err)?;
    tx.commit().await?;
    Ok(())
}
