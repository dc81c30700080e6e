//! Desk's part of `portico demo`: a support mailbox of the demo network whose mail opened
//! tickets (in French, English and Croatian), two groups, and agents at work on them: one
//! answered and waiting on the customer, one assigned with an internal note, one solved;
//! triggers that route and assign, an automation that closes solved tickets, and a message
//! waiting in the suspended queue.

use std::sync::Arc;

use portico_db::{BlobStore, DbResultExt};
use portico_http::DemoContext;
use portico_kernel::{AppError, SystemClock, WorkspaceId};
use portico_mail::inbound::{Consumers, Ingest, MailboxInput, Outcome, Source, mailboxes};

use crate::CONSUMER;
use crate::groups::{self, GroupInput};
use crate::tickets::comments::{self, NewComment};
use crate::tickets::{TicketChange, write};

const WORKSPACE: &str = "maison-lumiere";
pub const ADDRESS: &str = "support@maison-lumiere.example";

/// (from, subject, body)
const MAIL: &[(&str, &str, &str)] = &[
    (
        "Camille Roux <camille.roux@exemple.fr>",
        "Facture en double sur ma commande 5120",
        "Bonjour,\n\nJ'ai été débitée deux fois pour la commande 5120 (2 × 189 €). Pouvez-vous rembourser le second paiement ?\n\nMerci,\nCamille Roux",
    ),
    (
        "Marko Horvat <marko.horvat@primjer.hr>",
        "Svjetiljka ne radi nakon mjesec dana",
        "Poštovani,\n\nStolna svjetiljka Arc koju sam kupio u Zagrebu prestala je raditi nakon mjesec dana. Kako mogu ostvariti jamstvo?\n\nLijep pozdrav,\nMarko Horvat",
    ),
    (
        "Emma Wilson <emma.wilson@example.com>",
        "Do you ship to Ireland?",
        "Hello,\n\nI would like to order two Opaline pendant lamps. Do you ship to Dublin, and how long does delivery take?\n\nBest,\nEmma",
    ),
    (
        "Julien Petit <julien.petit@exemple.fr>",
        "Changer l'adresse de livraison",
        "Bonjour, je déménage la semaine prochaine : pouvez-vous livrer la commande 5188 au 12 rue des Lilas, 69003 Lyon ?\n\nJulien",
    ),
];

fn raw(from: &str, subject: &str, body: &str, n: usize) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: Maison Lumière Support <{ADDRESS}>\r\nSubject: {subject}\r\nMessage-ID: <desk-demo-{n}@exemple.fr>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
        body.replace('\n', "\r\n")
    )
    .into_bytes()
}

async fn one(db: &portico_db::Db, sql: &str, ws: WorkspaceId) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string())).bind(ws.to_db()).fetch_optional(db.pool()).await.db()?;
    Ok(row.map(|(id,)| id))
}

pub async fn load(ctx: &DemoContext<'_>) -> Result<Vec<String>, AppError> {
    let db = ctx.db;
    let ws: Option<(String,)> = sqlx::query_as("SELECT id FROM workspaces WHERE slug = $1")
        .bind(WORKSPACE)
        .fetch_optional(db.pool())
        .await
        .db()?;
    let Some((ws,)) = ws else { return Ok(vec!["desk: no demo workspace to fill.".into()]) };
    let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
    let root = one(db, "SELECT id FROM units WHERE workspace_id = $1 AND parent_id IS NULL", ws)
        .await?
        .ok_or_else(|| AppError::internal("the demo workspace has no root unit"))?;
    let sys = portico_authz::store::system_authz(db.pool(), ws, "demo").await?;
    let clock = SystemClock;
    let now = portico_kernel::Clock::now_micros(&clock);
    let input = MailboxInput {
        name: "Support".into(),
        address: ADDRESS.into(),
        from_name: "Maison Lumière – Support".into(),
        unit_id: root.clone(),
        consumer: CONSUMER.into(),
        ..Default::default()
    };
    let mailbox = mailboxes::create(db, &sys.admin()?, &[CONSUMER], &input, now).await?;
    let billing = GroupInput {
        unit_id: root.clone(),
        name: "Facturation".into(),
        description: "Paiements, remboursements, factures".into(),
    };
    let billing = groups::create(db, &clock, &sys, &billing).await?;
    let service = GroupInput {
        unit_id: root,
        name: "Service après-vente".into(),
        description: "Réparations, garanties, livraisons".into(),
    };
    let service = groups::create(db, &clock, &sys, &service).await?;

    // A macro, in each language.
    let purposes = portico_mail::templates::Purposes::new(vec![crate::macros::purpose()])?;
    let mut key = String::new();
    for (locale, body) in [
        (
            "fr",
            "<p>Bonjour {{ requester }},</p><p>Merci pour votre message : votre demande n° {{ number }} est entre de bonnes mains, nous revenons vers vous très vite.</p><p>{{ agent }}, Maison Lumière</p>",
        ),
        (
            "en",
            "<p>Hello {{ requester }},</p><p>Thank you for your message: request #{{ number }} is in good hands, and we will be back to you shortly.</p><p>{{ agent }}, Maison Lumière</p>",
        ),
        (
            "hr",
            "<p>Poštovani/a {{ requester }},</p><p>Hvala na poruci: vaš upit br. {{ number }} je u dobrim rukama, javit ćemo vam se uskoro.</p><p>{{ agent }}, Maison Lumière</p>",
        ),
    ] {
        let input = portico_mail::templates::store::TemplateInput {
            purpose: crate::macros::PURPOSE.into(),
            template_key: key.clone(),
            locale: locale.into(),
            name: "Accusé de réception".into(),
            subject: String::new(),
            body: body.into(),
        };
        key = portico_mail::templates::store::save(db, &sys.admin()?, &purposes, &input, now).await?.template_key;
    }

    let consumers = Consumers::new(vec![Arc::new(crate::tickets::mail::TicketMail)])?;
    let blobs = BlobStore::new(&ctx.settings.data_dir);
    let ingest = Ingest { db, blobs: &blobs, consumers: &consumers, clock: &clock };
    let mut tickets = Vec::new();
    for (n, (from, subject, body)) in MAIL.iter().enumerate() {
        if let Outcome::Filed(f) =
            ingest.message(&mailbox, &raw(from, subject, body, n), Source::Webhook).await?.outcome
        {
            tickets.push(f.id);
        }
    }
    // Called spam by a filter on the way: it waits in the suspended queue.
    let spam = String::from_utf8_lossy(&raw(
        "Promo Luminaires <promo@offres-lumiere.example>",
        "Gagnez 10 000 € de lampes !!!",
        "Cliquez ici pour réclamer votre prix.",
        MAIL.len(),
    ))
    .replacen("\r\n", "\r\nX-Spam-Flag: YES\r\n", 1);
    ingest.message(&mailbox, spam.as_bytes(), Source::Webhook).await?;
    // At work: the demo's admin, whose "your tickets" view then holds some.
    let agent = one(db, "SELECT id FROM users WHERE workspace_id = $1 AND email = 'admin@demo.portico.test'", ws)
        .await?
        .ok_or_else(|| AppError::internal("the demo workspace has no admin"))?;
    let me = portico_authz::store::authz_of(db.pool(), ws, &agent)
        .await
        .ok_or_else(|| AppError::internal("the demo admin"))?;
    let set = |group: &str, status: Option<&str>, priority: &str| TicketChange {
        group_id: Some(group.to_string()),
        assignee_id: Some(agent.clone()),
        status: status.map(str::to_string),
        priority: Some(priority.into()),
        ..Default::default()
    };
    if let [refund, warranty, shipping, _address] = tickets.as_slice() {
        write::change(db, &clock, &me, refund, &set(&billing, None, "high")).await?;
        let answer = NewComment {
            body: "Bonjour Camille,\n\nVous avez raison : le second paiement de 189 € a été remboursé ce matin. Il apparaîtra sur votre compte sous 3 à 5 jours ouvrés.\n\nBonne journée,\nL'équipe Maison Lumière".into(),
            public: true,
            version: None,
            status: Some("pending".into()),
            uploads: Vec::new(),
        };
        comments::write(db, &clock, &me, refund, &answer).await?;
        write::change(db, &clock, &me, warranty, &set(&service, None, "normal")).await?;
        let note = NewComment {
            body: "Garantie 2 ans : demander le numéro de commande et une photo de l'étiquette sous le pied.".into(),
            public: false,
            version: None,
            status: None,
            uploads: Vec::new(),
        };
        comments::write(db, &clock, &me, warranty, &note).await?;
        let shipped = NewComment {
            body: "Hello Emma,\n\nYes, we ship to Ireland: delivery to Dublin takes 4 to 6 working days and costs €15.\n\nKind regards,\nMaison Lumière".into(),
            public: true,
            version: None,
            status: Some("solved".into()),
            uploads: Vec::new(),
        };
        write::change(db, &clock, &me, shipping, &set(&service, None, "low")).await?;
        comments::write(db, &clock, &me, shipping, &shipped).await?;
    }
    rules(db, &sys, &agent).await?;
    Ok(vec![format!(
        "desk: {} tickets from {ADDRESS}, 2 groups, a macro, 2 triggers, an automation, 1 suspended message",
        tickets.len()
    )])
}

/// Triggers that route invoices and give urgent tickets to an agent, and an automation that
/// closes tickets a week after they were solved.
async fn rules(db: &portico_db::Db, sys: &portico_authz::Authz, agent: &str) -> Result<(), AppError> {
    use portico_rules::{ActionCall, Condition, Match, Op, RuleDef, Rulebook, Trigger};
    use serde_json::json;
    let book = Rulebook::new(crate::rules::subjects(), crate::rules::actions())?;
    let rule = |name: &str, trigger: Trigger, conditions: Vec<Condition>, action: &str, params| RuleDef {
        name: name.into(),
        kind: crate::kinds::TICKET.into(),
        trigger,
        match_: Match::All,
        conditions,
        actions: vec![ActionCall { action: action.into(), params }],
    };
    let on_create = || Trigger::Event { verbs: vec!["create".into()] };
    let is = |field: &str, op: Op, value: &str| Condition { field: field.into(), op, value: json!(value) };
    let all = [
        rule(
            "Factures à la Facturation",
            on_create(),
            vec![is("subject", Op::Contains, "factur")],
            "desk.set_fields",
            json!({"group": "Facturation", "add_tags": "facturation"}),
        ),
        rule(
            "Urgent : à l’agent le moins chargé",
            on_create(),
            vec![is("priority", Op::Is, "urgent")],
            "desk.assign",
            json!({"users": [agent], "how": "least_loaded"}),
        ),
        rule(
            "Clore une semaine après la résolution",
            Trigger::Time { field: "solved_at".into(), offset_hours: 168 },
            vec![is("status", Op::Is, "solved")],
            "desk.set_fields",
            json!({"status": "closed"}),
        ),
    ];
    let now = portico_kernel::Clock::now_micros(&SystemClock);
    for r in &all {
        portico_rules::store::save(db, &sys.admin()?, &book, None, r, now).await?;
    }
    Ok(())
}
