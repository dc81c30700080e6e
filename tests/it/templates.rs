//! Templates: a workspace rewrites Portico's messages per language and keeps a library of
//! e-mails to contacts; what is written is checked in a sandbox (only the purpose's
//! placeholders, sound syntax), sanitized, previewed with samples, sent as a test; the
//! rewritten message is what leaves; an e-mail to a contact opens a conversation whose answer
//! comes back to the contact.

use std::time::Duration;

use portico_jobs::{Worker, WorkerConfig};
use portico_mail::inbound::{Ingest, Source, mailboxes};
use portico_mail::{SmtpSettings, TlsMode, outbox, sender};
use portico_testkit::smtp::SmtpServer;
use serde_json::{Value, json};

use crate::support::{add_user, api, authz_of, clock, csrf_in, mail, server, sign_in, token_for, world};

fn smtp_worker(db: &portico_db::Db, smtp: &SmtpServer, blobs: &portico_db::BlobStore) -> Worker {
    let settings = SmtpSettings { host: "127.0.0.1".into(), port: smtp.port, tls: TlsMode::None, ..Default::default() };
    let cfg = WorkerConfig { id: "t".into(), concurrency: 1, poll: Duration::from_millis(20), ..Default::default() };
    let mut w = Worker::new(db.clone(), clock(), cfg);
    let b = blobs.clone();
    w.register(outbox::SEND_JOB, move |ctx| sender::send_job(ctx, settings.clone(), b.clone()));
    w
}

db_test!(async fn a_rewritten_message_is_checked_previewed_and_sent(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let save = |body: Value| c.post(s.url("/api/v1/templates")).bearer_auth(&admin).json(&body).send();
    // Refused at the field, saying which placeholder or where.
    let r = save(json!({"purpose": "invitation", "locale": "en", "subject": "Join {{ workspace }}", "body": "<p>Hi {{ nmae }}</p>"})).await.unwrap();
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    assert_eq!((e["error"]["code"].as_str(), e["error"]["field"].as_str()), (Some("unknown_placeholder"), Some("body")));
    let r = save(json!({"purpose": "invitation", "locale": "en", "subject": "Join {{ workspace", "body": "<p>Hi</p>"})).await.unwrap();
    let e: Value = r.json().await.unwrap();
    assert_eq!((e["error"]["code"].as_str(), e["error"]["field"].as_str()), (Some("template_syntax"), Some("subject")));
    let r = save(json!({"purpose": "nothing", "locale": "en", "subject": "x", "body": "y"})).await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "purpose");
    // Saved sanitized, placeholders kept, even in an attribute.
    let r = save(json!({"purpose": "invitation", "locale": "en", "subject": "Join {{ workspace }} today",
        "body": "<p onclick=\"steal()\">Hello {{ name }},</p><script>steal()</script><p><a href=\"{{ link }}\">Choose your password</a></p>"})).await.unwrap();
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    let body = t["body"].as_str().unwrap();
    assert!(!body.contains("script") && !body.contains("onclick") && body.contains("href=\"{{ link }}\""), "{body}");
    // A preview fills the placeholders with samples.
    let p: Value = c.post(s.url("/api/v1/templates/preview")).bearer_auth(&admin)
        .json(&json!({"purpose": "invitation", "locale": "en", "subject": "Join {{ workspace }}", "body": "<p>Hello {{ name }}</p>"}))
        .send().await.unwrap().json().await.unwrap();
    assert_eq!(p["subject"], "Join Maison Lumière");
    assert!(p["text"].as_str().unwrap().contains("Hello Chloé Bernard"));
    // Members read the library; only admins write.
    let member = token_for(&db, w.ws, w.south_member).await;
    assert_eq!(c.get(s.url("/api/v1/templates")).bearer_auth(&member).send().await.unwrap().status(), 200);
    let denied = c.post(s.url("/api/v1/templates")).bearer_auth(&member).json(&json!({"purpose": "invitation", "locale": "en", "subject": "x", "body": "y"})).send().await.unwrap();
    assert_eq!(denied.status(), 403);

    // The invitation that leaves is the workspace's wording.
    let smtp = SmtpServer::start().await;
    let authz = authz_of(&db, w.ws, w.admin).await;
    let input = portico_auth::invites::InviteInput { email: "nova@acme.test".into(), name: "Nova".into(), role: w.member_role, unit: w.south };
    portico_auth::invites::create(&db, clock().as_ref(), &authz, &mail(), input).await.unwrap();
    smtp_worker(&db, &smtp, &s.state.blobs).run_until_idle().await.unwrap();
    let got = smtp.wait_for(1).await;
    let msg = mail_parser::MessageParser::default().parse(got[0].data.as_bytes()).unwrap();
    assert_eq!(msg.subject(), Some("Join Acme today"));
    let html = msg.body_html(0).unwrap();
    assert!(html.contains("Hello Nova,") && html.contains("http://portico.test/invite/") && !html.contains("steal"), "{html}");
    assert!(msg.body_text(0).unwrap().contains("Choose your password"));
    // Back to Portico's wording.
    let r = c.delete(s.url(&format!("/api/v1/templates/{}", t["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let input = portico_auth::invites::InviteInput { email: "vera@acme.test".into(), name: "Vera".into(), role: w.member_role, unit: w.south };
    portico_auth::invites::create(&db, clock().as_ref(), &authz, &mail(), input).await.unwrap();
    smtp_worker(&db, &smtp, &s.state.blobs).run_until_idle().await.unwrap();
    let got = smtp.wait_for(2).await;
    assert!(got[1].data.contains("You are invited to Acme"), "{}", got[1].data);
});

db_test!(async fn the_editor_previews_tests_and_says_what_is_wrong_in_french(db) {
    let w = world(&db, "Acme").await;
    let amelie = add_user(&db, w.ws, "admin.fr@acme.test", portico_authz::BuiltinRole::Admin, w.root).await;
    let admin = authz_of(&db, w.ws, w.admin).await;
    portico_auth::users::update_profile(&db, clock().as_ref(), &admin, amelie,
        portico_auth::users::ProfileInput { name: "Amélie".into(), locale: Some("fr".into()), time_zone: None }).await.unwrap();
    let s = server(&db).await;
    let b = sign_in(&s, "admin.fr@acme.test").await;
    let url = s.url("/settings/templates/core.contact_email/new/fr");
    let page = b.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("{{ contact.name }}") && page.contains("data-rich=\"body\""), "placeholders listed, editor there");
    let csrf = csrf_in(&page);
    let post = |fields: Vec<(&'static str, String)>| {
        let mut form = vec![("_csrf", csrf.clone())];
        form.extend(fields);
        b.post(&url).form(&form).send()
    };
    let wrong = post(vec![("name", "Relance".into()), ("subject", "Bonjour {{ contact.name }}".into()), ("body", "<p>{{ contact.nom }}</p>".into()), ("action", "save".into())]).await.unwrap();
    assert_eq!(wrong.status(), 422);
    let html = wrong.text().await.unwrap();
    assert!(html.contains("Message : Ce modèle utilise une variable qui n’existe pas ici.") && html.contains("{{ contact.nom }}"), "{html}");
    assert!(html.contains("Bonjour {{ contact.name }}"), "what was typed is kept");
    let preview = post(vec![("name", "Relance".into()), ("subject", "Bonjour {{ contact.name }}".into()), ("body", "<p>Votre devis, {{ contact.company }}.</p>".into()), ("action", "preview".into())]).await.unwrap();
    let html = preview.text().await.unwrap();
    assert!(html.contains("Bonjour Sophie Marchand") && html.contains("Votre devis, Boulangerie Marchand."), "{html}");
    let test = post(vec![("name", "Relance".into()), ("subject", "Bonjour {{ contact.name }}".into()), ("body", "<p>Votre devis.</p>".into()), ("action", "test".into())]).await.unwrap();
    assert!(test.text().await.unwrap().contains("Un test a été envoyé à votre adresse."));
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbound_emails WHERE to_addr = 'admin.fr@acme.test' AND subject = '[Test] Bonjour Sophie Marchand'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(n, 1, "the test went to whoever asked");
    let saved = post(vec![("name", "Relance devis".into()), ("subject", "Bonjour {{ contact.name }}".into()), ("body", "<p>Votre devis, {{ contact.company }}.</p>".into()), ("action", "save".into())]).await.unwrap();
    assert_eq!(saved.status(), 303);
    let to = saved.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/settings/templates/core.contact_email/relance-devis-") && to.contains("/fr?notice=saved"), "{to}");
    let list = b.get(s.url("/settings/templates")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Relance devis") && list.contains("Votre texte"), "{list}");
});

db_test!(async fn an_email_to_a_contact_opens_a_conversation_their_answer_joins(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let contact: Value = c.post(s.url("/api/v1/contacts")).bearer_auth(&admin)
        .json(&json!({"unit_id": w.north.to_string(), "name": "Sophie Marchand", "email": "sophie@client.test", "company": "Boulangerie", "locale": "fr"}))
        .send().await.unwrap().json().await.unwrap();
    let contact_id = contact["id"].as_str().unwrap().to_string();
    c.post(s.url("/api/v1/mailboxes")).bearer_auth(&admin)
        .json(&json!({"name": "Sales", "address": "sales@acme.test", "from_name": "Acme Sales", "unit_id": w.north.to_string(), "consumer": "core.contacts"}))
        .send().await.unwrap();
    c.post(s.url("/api/v1/templates")).bearer_auth(&admin)
        .json(&json!({"purpose": "core.contact_email", "locale": "fr", "name": "Devis", "subject": "Votre devis, {{ contact.name }}", "body": "<p>Bonjour {{ contact.name }}, voici le devis pour {{ contact.company }}.</p><p>{{ sender.name }}</p>"}))
        .send().await.unwrap();
    let b = sign_in(&s, "admin@acme.test").await;
    let write = s.url(&format!("/contacts/{contact_id}/write"));
    let page = b.get(&write).send().await.unwrap().text().await.unwrap();
    let key = page.split("<option value=\"devis-").nth(1).unwrap().split('"').next().unwrap();
    let filled = b.get(format!("{write}?template=devis-{key}")).send().await.unwrap().text().await.unwrap();
    assert!(filled.contains("Votre devis, Sophie Marchand") && filled.contains("voici le devis pour Boulangerie"), "{filled}");
    let mailbox = page.split("name=\"mailbox_id\"").nth(1).unwrap().split("value=\"").nth(1).unwrap().split('"').next().unwrap();
    let csrf = csrf_in(&page);
    let empty = b.post(&write).form(&[("_csrf", csrf.as_str()), ("mailbox_id", mailbox), ("subject", "Devis"), ("body", "<p> </p>")]).send().await.unwrap();
    assert_eq!(empty.status(), 422, "an empty message is refused at its field");
    let sent = b.post(&write).form(&[("_csrf", csrf.as_str()), ("mailbox_id", mailbox), ("subject", "Votre devis"), ("body", "<p>Voici le devis.</p><script>x()</script>")]).send().await.unwrap();
    assert_eq!(sent.status(), 303);
    let (mid, reply_to, subject, html): (String, String, String, String) = sqlx::query_as(
        "SELECT message_id, reply_to, subject, html_body FROM outbound_emails WHERE to_addr = 'sophie@client.test'")
        .fetch_one(db.pool()).await.unwrap();
    assert!(reply_to.starts_with("sales+") && subject.starts_with("Votre devis [#"), "{reply_to} {subject}");
    assert!(!html.contains("script") && html.contains("Voici le devis."));
    // Her answer joins the conversation, and both show on her page.
    let m = mailboxes::find(db.pool(), w.ws, "sales@acme.test").await.unwrap();
    let st = &s.state;
    let i = Ingest { db: &st.db, blobs: &st.blobs, consumers: &st.suite.mail, clock: st.clock.as_ref() };
    let answer = format!("From: Sophie <sophie@client.test>\r\nTo: {reply_to}\r\nSubject: Re: {subject}\r\nMessage-ID: <ans@client.test>\r\nIn-Reply-To: {mid}\r\n\r\nMerci, c'est parfait.\r\n\r\nLe lun. 7 déc. 2026 à 10:12, Acme Sales <sales@acme.test> a écrit :\r\n> Voici le devis.\r\n");
    let got = i.message(&m, answer.as_bytes(), Source::Webhook).await.unwrap();
    assert_eq!(got.outcome, portico_mail::inbound::Outcome::Filed(portico_mail::inbound::Filed { kind: "contact", id: contact_id.clone() }));
    let page = b.get(s.url(&format!("/contacts/{contact_id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Voici le devis.") && page.contains("Merci, c&#39;est parfait.") || page.contains("Merci, c'est parfait."), "{page}");
    let (audited,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.email' AND record_id = $1").bind(contact_id).fetch_one(db.pool()).await.unwrap();
    assert_eq!(audited, 1);
});
