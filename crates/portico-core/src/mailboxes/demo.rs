//! The demo's mail: a customer-service mailbox of the Paris agency that received a few
//! conversations the way real ones arrive — a complaint with an attachment and its
//! follow-up, a question from someone new, an out-of-office and a bounce.

use std::sync::Arc;

use portico_authz::Authz;
use portico_config::Settings;
use portico_db::{BlobStore, Db};
use portico_kernel::{AppError, SystemClock, UnitId};
use portico_mail::inbound::{Consumers, Ingest, MailboxInput, Source, mailboxes};

use crate::contacts::mail::{CONSUMER, ContactMail};

pub const ADDRESS: &str = "service@maison-lumiere.example";

fn message(from: &str, id: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: Maison Lumière <{ADDRESS}>\r\nSubject: {subject}\r\nMessage-ID: {id}\r\n\
         Date: Mon, 7 Dec 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n{extra}"
    )
    .into_bytes()
    .into_iter()
    .chain(body.bytes())
    .collect()
}

fn plain(body: &str) -> String {
    format!("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n")
}

pub async fn load(db: &Db, settings: &Settings, sys: &Authz, unit: UnitId) -> Result<(), AppError> {
    let admin = sys.admin()?;
    let clock = SystemClock;
    let input = MailboxInput {
        name: "Service client".into(),
        address: ADDRESS.into(),
        from_name: "Maison Lumière – Service client".into(),
        unit_id: unit.to_db(),
        consumer: CONSUMER.into(),
        acknowledge: true,
        ..Default::default()
    };
    let m = mailboxes::create(db, &admin, &[CONSUMER], &input, portico_kernel::Clock::now_micros(&clock)).await?;
    let consumers = Consumers::new(vec![Arc::new(ContactMail)])?;
    let blobs = BlobStore::new(&settings.data_dir);
    let i = Ingest { db, blobs: &blobs, consumers: &consumers, clock: &clock };
    let complaint = format!(
        "Content-Type: multipart/mixed; boundary=\"demo\"\r\n\r\n--demo\r\n{}--demo\r\n\
         Content-Type: text/plain; charset=utf-8; name=\"bon-de-livraison.txt\"\r\nContent-Disposition: attachment; filename=\"bon-de-livraison.txt\"\r\n\r\n\
         Bon de livraison n° 4521 — 1 lampe Arc laiton, livrée le 4 décembre.\r\n--demo--\r\n",
        plain(
            "Bonjour,\r\n\r\nLa lampe de la commande 4521 est arrivée avec le pied cassé. Je joins le bon de livraison.\r\nPouvez-vous m'en envoyer une autre ?\r\n\r\nCordialement,\r\nSophie Marchand\r\n-- \r\nBoulangerie Marchand — 01 43 55 00 00"
        )
    );
    let first = i
        .message(
            &m,
            &message(
                "Sophie Marchand <sophie.marchand@exemple.fr>",
                "<demo-1@exemple.fr>",
                "Commande 4521 : lampe arrivée cassée",
                "",
                &complaint,
            ),
            Source::Webhook,
        )
        .await?;
    // Her answer to the acknowledgement, quoting it as Gmail does.
    let ack: Option<(String,)> = sqlx::query_as(
        "SELECT o.message_id FROM outbound_emails o JOIN mail_messages m ON m.thread_id = o.thread_id WHERE m.id = $1",
    )
    .bind(first.id.clone())
    .fetch_optional(db.pool())
    .await
    .map_err(portico_db::db_error)?;
    if let Some((ack,)) = ack {
        let follow_up = plain(
            "Merci pour votre retour. Je suis disponible demain matin pour la reprise du colis.\r\n\r\nSophie\r\n\r\nLe lun. 7 déc. 2026 à 09:31, Maison Lumière – Service client <service@maison-lumiere.example> a écrit :\r\n\r\n> Bonjour Sophie Marchand,\r\n>\r\n> Nous avons bien reçu votre message et vous répondrons dès que possible.",
        );
        let extra = format!("In-Reply-To: {ack}\r\nReferences: {ack}\r\n");
        let msg = message(
            "Sophie Marchand <sophie.marchand@exemple.fr>",
            "<demo-2@exemple.fr>",
            "Re : Commande 4521 : lampe arrivée cassée",
            &extra,
            &follow_up,
        );
        i.message(&m, &msg, Source::Webhook).await?;
    }
    let question = plain(
        "Bonjour,\r\n\r\nLe lampadaire Arc en laiton sera-t-il de nouveau disponible avant Noël ?\r\n\r\nMerci d'avance,\r\nLucas Martin\r\n\r\nEnvoyé de mon iPhone",
    );
    i.message(
        &m,
        &message(
            "Lucas Martin <lucas.martin@exemple.fr>",
            "<demo-3@exemple.fr>",
            "Disponibilité du lampadaire Arc",
            "",
            &question,
        ),
        Source::Webhook,
    )
    .await?;
    let away = plain("Je suis absent jusqu'au 14 décembre. Pour toute urgence, appelez le 01 43 55 00 01.");
    let extra = "Auto-Submitted: auto-replied\r\n";
    i.message(
        &m,
        &message(
            "Karim Benali <karim.benali@exemple.fr>",
            "<demo-4@exemple.fr>",
            "Réponse automatique : absent du bureau",
            extra,
            &away,
        ),
        Source::Webhook,
    )
    .await?;
    let old = plain("Bonjour, merci de mettre à jour notre adresse de facturation.\r\n\r\nAncien Fournisseur SARL");
    i.message(
        &m,
        &message(
            "Comptabilité <compta@ancien-fournisseur.example>",
            "<demo-5@ancien-fournisseur.example>",
            "Adresse de facturation",
            "",
            &old,
        ),
        Source::Webhook,
    )
    .await?;
    let bounce = "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\r\n\r\n--dsn\r\nContent-Type: text/plain\r\n\r\nThis message could not be delivered.\r\n--dsn\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.ancien-fournisseur.example\r\n\r\nFinal-Recipient: rfc822; compta@ancien-fournisseur.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <compta@ancien-fournisseur.example>: mailbox unavailable\r\n--dsn--\r\n";
    let extra = "Return-Path: <>\r\n";
    i.message(
        &m,
        &message(
            "Mail Delivery System <MAILER-DAEMON@mx.ancien-fournisseur.example>",
            "<demo-6@mx.ancien-fournisseur.example>",
            "Undelivered Mail Returned to Sender",
            extra,
            bounce,
        ),
        Source::Webhook,
    )
    .await?;
    library(db, &admin).await
}

/// A ready-made e-mail to contacts, in French and English.
async fn library(db: &Db, admin: &portico_authz::WorkspaceAdmin) -> Result<(), AppError> {
    let purposes = portico_mail::templates::Purposes::new(crate::wording::purposes())?;
    let now = portico_kernel::Clock::now_micros(&SystemClock);
    let mut key = String::new();
    for (locale, subject, body) in [
        (
            "fr",
            "Votre devis, {{ contact.name }}",
            "<p>Bonjour {{ contact.name }},</p><p>Vous trouverez ci-dessous notre proposition pour {{ contact.company }}. Nous restons à votre disposition pour en parler.</p><p>Bien cordialement,<br>{{ sender.name }}<br>{{ workspace }}</p>",
        ),
        (
            "en",
            "Your quote, {{ contact.name }}",
            "<p>Hello {{ contact.name }},</p><p>Please find our proposal for {{ contact.company }} below. We are happy to talk it through.</p><p>Kind regards,<br>{{ sender.name }}<br>{{ workspace }}</p>",
        ),
    ] {
        let input = portico_mail::templates::store::TemplateInput {
            purpose: crate::wording::CONTACT_EMAIL.into(),
            template_key: key.clone(),
            locale: locale.into(),
            name: "Envoi de devis".into(),
            subject: subject.into(),
            body: body.into(),
        };
        key = portico_mail::templates::store::save(db, admin, &purposes, &input, now).await?.template_key;
    }
    Ok(())
}
