use std::sync::Arc;
use std::time::Duration;

use mail_parser::MimeHeaders;
use portico_auth::{invites, resets};
use portico_authz::{BuiltinRole, store};
use portico_jobs::{Worker, WorkerConfig};
use portico_kernel::{PageRequest, SystemClock};
use portico_mail::{OutgoingEmail, SmtpSettings, TlsMode, outbox, sender};
use portico_testkit::smtp::SmtpServer;

use crate::support::{authz_of, clock, mail, world};

fn worker(db: &portico_db::Db, smtp: &SmtpServer) -> Worker {
    let settings = SmtpSettings { host: "127.0.0.1".into(), port: smtp.port, tls: TlsMode::None, ..Default::default() };
    let cfg = WorkerConfig {
        id: "mail".into(),
        concurrency: 1,
        poll: Duration::from_millis(20),
        lease: Duration::from_secs(30),
    };
    let mut w = Worker::new(db.clone(), Arc::new(SystemClock), cfg);
    let blobs = blobs();
    w.register(outbox::SEND_JOB, move |ctx| sender::send_job(ctx, settings.clone(), blobs.clone()));
    w
}

fn blobs() -> portico_db::BlobStore {
    portico_db::BlobStore::new(&std::env::temp_dir().join(format!("portico-mail-{}", uuid::Uuid::now_v7().simple())))
}

db_test!(async fn invitation_mail_travels_over_real_smtp(db) {
    let smtp = SmtpServer::start().await;
    let w = world(&db, "Acme").await;
    let admin = authz_of(&db, w.ws, w.admin).await;
    let member = store::builtin_role(db.pool(), w.ws, BuiltinRole::Member).await.unwrap();
    let input = invites::InviteInput { email: "nova@acme.test".into(), name: "Nova".into(), role: member.id, unit: w.south };
    let (_, token) = invites::create(&db, clock().as_ref(), &admin, &mail(), input).await.unwrap();
    assert_eq!(worker(&db, &smtp).run_until_idle().await.unwrap(), 1);
    let got = smtp.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["nova@acme.test".to_string()]);
    assert_eq!(got[0].from, "no-reply@portico.test");
    let data = &got[0].data;
    assert!(data.contains("Subject: You are invited to Acme on Portico"), "{data}");
    assert!(data.contains(&format!("http://portico.test/invite/{token}")));
    assert!(data.contains("multipart/alternative") && data.contains("text/html"));
    let logged = outbox::list(db.pool(), &crate::support::authz_of(&db, w.ws, w.admin).await.admin().unwrap(), &PageRequest::first(10), None).await.unwrap();
    assert_eq!(logged.items[0].status, "sent");
    assert!(data.contains(&format!("Message-ID: {}", logged.items[0].message_id)));
});

db_test!(async fn replies_carry_threading_headers_and_failures_retry(db) {
    let smtp = SmtpServer::start().await;
    let now = clock().now_micros();
    let mut tx = db.begin().await.unwrap();
    let first = OutgoingEmail { to: "c@x.fr".into(), from: "desk@acme.test".into(), subject: "Q".into(), text: "hello".into(), ..Default::default() };
    let (_, first_id) = outbox::queue(&mut tx, first, now).await.unwrap();
    let reply = OutgoingEmail {
        to: "c@x.fr".into(), from: "desk@acme.test".into(), subject: "Re: Q".into(), text: "answer".into(),
        in_reply_to: Some(first_id.clone()), references: vec![first_id.clone()], ..Default::default()
    };
    outbox::queue(&mut tx, reply, now).await.unwrap();
    tx.commit().await.unwrap();
    worker(&db, &smtp).run_until_idle().await.unwrap();
    let got = smtp.wait_for(2).await;
    let reply = got.iter().find(|m| m.data.contains("Subject: Re: Q")).unwrap();
    assert!(reply.data.contains(&format!("In-Reply-To: {first_id}")), "{}", reply.data);
    assert!(reply.data.contains(&format!("References: {first_id}")));

    // Nobody listens on this port: the job fails, stays pending and is retried later.
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let settings = SmtpSettings { host: "127.0.0.1".into(), port: dead_port, tls: TlsMode::None, ..Default::default() };
    let mut w = Worker::new(db.clone(), Arc::new(SystemClock), WorkerConfig { id: "x".into(), ..Default::default() });
    let files = blobs();
    w.register(outbox::SEND_JOB, move |ctx| sender::send_job(ctx, settings.clone(), files.clone()));
    let mut tx = db.begin().await.unwrap();
    let (id, _) = outbox::queue(&mut tx, OutgoingEmail { to: "a@b.fr".into(), from: "d@acme.test".into(), subject: "s".into(), text: "t".into(), ..Default::default() }, now).await.unwrap();
    tx.commit().await.unwrap();
    w.run_until_idle().await.unwrap();
    let stored = outbox::get(db.pool(), &id.to_db()).await.unwrap().unwrap();
    assert_eq!((stored.status.as_str(), stored.attempts), ("pending", 1));
    let why = stored.last_error.expect("the reason is kept");
    assert_eq!(outbox::failure_kind(&why), "unreachable", "people are told the server could not be reached: {why}");
});

db_test!(async fn password_reset_mail_is_localized(db) {
    let smtp = SmtpServer::start().await;
    let w = world(&db, "Acme").await;
    let c = clock();
    let admin = authz_of(&db, w.ws, w.admin).await;
    portico_auth::users::update_profile(&db, c.as_ref(), &admin, w.admin, portico_auth::users::ProfileInput {
        name: "Ana".into(), locale: Some("hr".into()), time_zone: Some("Europe/Zagreb".into()),
    }).await.unwrap();
    let r = resets::request(&db, c.as_ref(), &mail(), "admin@acme.test").await.unwrap().remove(0);
    worker(&db, &smtp).run_until_idle().await.unwrap();
    let got = smtp.wait_for(1).await;
    let msg = mail_parser::MessageParser::default().parse(got[0].data.as_bytes()).unwrap();
    assert_eq!(msg.subject(), Some("Ponovno postavljanje lozinke za Portico"));
    let text = msg.body_text(0).unwrap();
    assert!(text.contains("Zatraženo je") && text.contains(&format!("/password/reset/{}", r.token)), "{text}");
});

db_test!(async fn cc_bcc_reply_to_and_attachments_travel_as_written(db) {
    let smtp = SmtpServer::start().await;
    let files = blobs();
    let pdf = b"%PDF-1.4 quote".to_vec();
    let sha = files.put(&pdf).unwrap();
    let mut tx = db.begin().await.unwrap();
    let email = OutgoingEmail {
        to: "client@x.fr".into(),
        cc: vec!["boss@x.fr".into(), "Assistant <assistant@x.fr>".into()],
        bcc: vec!["archive@acme.test".into()],
        from: "\"Acme Support\" <desk@acme.test>".into(),
        reply_to: Some("desk+k7q2m9xd4p@acme.test".into()),
        subject: "Your quote".into(),
        text: "Please find it attached.".into(),
        attachments: vec![portico_mail::outbox::OutAttachment { filename: "devis été.pdf".into(), content_type: "application/pdf".into(), size_bytes: 14, sha256: sha }],
        automatic: true,
        ..Default::default()
    };
    outbox::queue(&mut tx, email, clock().now_micros()).await.unwrap();
    tx.commit().await.unwrap();
    let settings = SmtpSettings { host: "127.0.0.1".into(), port: smtp.port, tls: TlsMode::None, ..Default::default() };
    let mut w = Worker::new(db.clone(), Arc::new(SystemClock), WorkerConfig { id: "cc".into(), ..Default::default() });
    let f = files.clone();
    w.register(outbox::SEND_JOB, move |ctx| sender::send_job(ctx, settings.clone(), f.clone()));
    w.run_until_idle().await.unwrap();
    let got = smtp.wait_for(1).await;
    let mut rcpt = got[0].to.clone();
    rcpt.sort();
    assert_eq!(rcpt, ["archive@acme.test", "assistant@x.fr", "boss@x.fr", "client@x.fr"], "every recipient, Bcc included");
    let msg = mail_parser::MessageParser::default().parse(got[0].data.as_bytes()).unwrap();
    assert_eq!(msg.cc().unwrap().iter().count(), 2);
    assert!(msg.bcc().is_none() && !got[0].data.contains("archive@acme.test"), "Bcc is never in the message itself");
    assert_eq!(msg.reply_to().unwrap().first().unwrap().address(), Some("desk+k7q2m9xd4p@acme.test"));
    assert_eq!(msg.from().unwrap().first().unwrap().name(), Some("Acme Support"));
    assert_eq!(msg.header_raw("Auto-Submitted").map(str::trim), Some("auto-replied"), "robots are told not to answer");
    let a = msg.attachment(0).unwrap();
    assert_eq!(a.attachment_name(), Some("devis été.pdf"));
    assert_eq!(a.contents(), pdf.as_slice());
    assert_eq!(msg.body_text(0).unwrap().trim(), "Please find it attached.");
});
