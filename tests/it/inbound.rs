//! Inbound mail end to end: a real Dovecot on loopback, messages appended over IMAP and taken
//! by the poller (IDLE within seconds, nothing twice across restarts, TLS with a private CA,
//! failures shown with their reason); conversations threaded by headers and reply tokens,
//! never by subject; automatic mail marked and never answered; bounces marking addresses;
//! unreadable mail and failing consumers losing nothing; the raw-MIME webhook refusing what
//! Python did not sign with the mailbox's secret.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use portico_db::Tx;
use portico_kernel::AppError;
use portico_mail::inbound::{Consumers, Filed, Incoming, Ingest, MailConsumer, Outcome, Source, mailboxes};
use portico_testkit::imap::Dovecot;
use serde_json::{Value, json};

use crate::support::{Server, World, api, server, server_with, sign_in, token_for, world};

const PASS: &str = "imap-secret-9";

/// A message as a client would send it.
fn mail(from: &str, message_id: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: desk@acme.test\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\nDate: Mon, 7 Dec 2026 10:00:00 +0100\r\n{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

async fn new_mailbox(s: &Server, w: &World, token: &str, body: Value) -> Value {
    let mut b = json!({"name": "Support", "address": "desk@acme.test", "unit_id": w.north.to_string(), "consumer": "core.contacts"});
    b.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
    let r = api().post(s.url("/api/v1/mailboxes")).bearer_auth(token).json(&b).send().await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    assert_eq!(r.headers().get("cache-control").unwrap(), "no-store", "it carries the webhook secret");
    r.json().await.unwrap()
}

async fn mailbox_state(s: &Server, token: &str, id: &str) -> Value {
    api().get(s.url(&format!("/api/v1/mailboxes/{id}"))).bearer_auth(token).send().await.unwrap().json().await.unwrap()
}

/// Wait (at most `secs`) until `f` holds.
async fn until<F: AsyncFnMut() -> bool>(secs: u64, mut f: F) -> bool {
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if f().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

async fn count(db: &portico_db::Db, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(db.pool()).await.unwrap();
    n
}

/// This server's IMAP poller, running until the returned sender says stop.
fn poller(s: &Server) -> (tokio::sync::watch::Sender<bool>, tokio::task::JoinHandle<()>) {
    let p = portico_http::runtime::mail_poller(&s.state).unwrap();
    let (stop, rx) = tokio::sync::watch::channel(false);
    (stop, tokio::spawn(p.run(rx)))
}

db_test!(async fn imap_idle_takes_new_mail_at_once_and_nothing_twice(db) {
    let dv = Dovecot::start(&[("desk@acme.test", PASS)]).await;
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    // Unread before Portico knew the mailbox: taken at its first connection.
    dv.append("desk@acme.test", PASS, "INBOX", &mail("Ana <ana@client.test>", "<m1@client.test>", "Before", "", "Hello")).await;
    let m = new_mailbox(&s, &w, &admin, json!({"imap_host": "127.0.0.1", "imap_port": dv.port, "imap_security": "none",
        "imap_username": "desk@acme.test", "imap_password": PASS, "poll_seconds": 600})).await;
    let id = m["id"].as_str().unwrap().to_string();
    let (stop, task) = poller(&s);
    let connected = until(20, async || {
        let v = mailbox_state(&s, &admin, &id).await;
        v["state"]["status"] == "ok" && v["state"]["idle"] == 1
    }).await;
    assert!(connected, "the poller connects and idles: {} / {}", mailbox_state(&s, &admin, &id).await, dv.log());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM mail_messages").await, 1, "the unread message was taken");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM contacts WHERE email = 'ana@client.test'").await, 1, "and filed with its sender");

    // With IDLE, a message appended now arrives within 5 s though the interval is 10 minutes.
    let t0 = Instant::now();
    dv.append("desk@acme.test", PASS, "INBOX", &mail("Bo <bo@client.test>", "<m2@client.test>", "Now", "", "Hi")).await;
    assert!(until(10, async || count(&db, "SELECT COUNT(*) FROM mail_messages").await == 2).await, "{}", dv.log());
    let took = t0.elapsed();
    assert!(took < Duration::from_secs(5), "IDLE delivered in {took:?}");

    // Another process takes over: nothing is fetched twice, nothing missed.
    stop.send(true).unwrap();
    task.await.unwrap();
    dv.append("desk@acme.test", PASS, "INBOX", &mail("Cy <cy@client.test>", "<m3@client.test>", "While away", "", "Hey")).await;
    let (stop, task) = poller(&s);
    assert!(until(20, async || count(&db, "SELECT COUNT(*) FROM mail_messages").await == 3).await, "{}", dv.log());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM mail_messages").await, 3, "nothing fetched twice");
    assert_eq!(count(&db, "SELECT COUNT(DISTINCT imap_uid) FROM mail_messages").await, 3);
    let v = mailbox_state(&s, &admin, &id).await;
    assert_eq!(v["state"]["fetched"], 3, "{v}");
    stop.send(true).unwrap();
    task.await.unwrap();
});

db_test!(async fn imap_over_tls_and_starttls_with_a_private_ca(db) {
    let dv = Dovecot::start(&[("tls@acme.test", PASS), ("starttls@acme.test", PASS)]).await;
    let w = world(&db, "Acme").await;
    let ca = dv.ca_file.clone();
    let s = server_with(&db, move |st| st.imap_ca_file = Some(ca)).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    for (user, port, security) in [("tls@acme.test", dv.tls_port, "tls"), ("starttls@acme.test", dv.port, "starttls")] {
        dv.append(user, PASS, "INBOX", &mail("Ana <ana@client.test>", &format!("<{security}@client.test>"), security, "", "Hi")).await;
        new_mailbox(&s, &w, &admin, json!({"address": user, "imap_host": "127.0.0.1", "imap_port": port,
            "imap_security": security, "imap_username": user, "imap_password": PASS})).await;
    }
    let (stop, task) = poller(&s);
    let both = until(20, async || count(&db, "SELECT COUNT(*) FROM mail_messages").await == 2).await;
    assert!(both, "both secure mailboxes were read: {}", dv.log());
    stop.send(true).unwrap();
    task.await.unwrap();
});

db_test!(async fn a_dead_or_wrong_server_says_why_and_is_tried_again(db) {
    let dv = Dovecot::start(&[("desk@acme.test", PASS)]).await;
    let w = world(&db, "Acme").await;
    let s = server(&db).await; // trusts no private CA
    let admin = token_for(&db, w.ws, w.admin).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dead = new_mailbox(&s, &w, &admin, json!({"address": "dead@acme.test", "imap_host": "127.0.0.1", "imap_port": closed,
        "imap_security": "none", "imap_username": "x", "imap_password": "y"})).await;
    let wrong = new_mailbox(&s, &w, &admin, json!({"address": "wrong@acme.test", "imap_host": "127.0.0.1", "imap_port": dv.port,
        "imap_security": "none", "imap_username": "desk@acme.test", "imap_password": "not-the-password"})).await;
    let untrusted = new_mailbox(&s, &w, &admin, json!({"address": "tls@acme.test", "imap_host": "127.0.0.1", "imap_port": dv.tls_port,
        "imap_security": "tls", "imap_username": "desk@acme.test", "imap_password": PASS})).await;
    let (stop, task) = poller(&s);
    for (m, reason) in [(&dead, "unreachable"), (&wrong, "auth"), (&untrusted, "tls")] {
        let id = m["id"].as_str().unwrap();
        let failed = until(20, async || mailbox_state(&s, &admin, id).await["state"]["status"] == "failing").await;
        let v = mailbox_state(&s, &admin, id).await;
        assert!(failed, "{reason}: {v}");
        assert_eq!(v["state"]["reason"], reason, "{v}");
        assert!(!v["state"]["detail"].as_str().unwrap().is_empty(), "the server's own words are kept");
        let (last, next) = (v["state"]["last_attempt_at"].as_i64().unwrap(), v["state"]["next_attempt_at"].as_i64().unwrap());
        assert!(next - last >= 15_000_000, "tried again after a pause, not at once: {v}");
    }
    // The admin sees why, in words, on the mailbox's page.
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url(&format!("/settings/mailboxes/{}", wrong["id"].as_str().unwrap()))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("refused the user name or password"), "{page}");
    // Fixing the password brings it back at once.
    let id = wrong["id"].as_str().unwrap();
    let fix = json!({"name": "Support", "address": "wrong@acme.test", "unit_id": w.north.to_string(), "consumer": "core.contacts",
        "imap_host": "127.0.0.1", "imap_port": dv.port, "imap_security": "none", "imap_username": "desk@acme.test", "imap_password": PASS});
    let r = api().patch(s.url(&format!("/api/v1/mailboxes/{id}"))).bearer_auth(&admin).json(&fix).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(until(20, async || mailbox_state(&s, &admin, id).await["state"]["status"] == "ok").await, "{}", mailbox_state(&s, &admin, id).await);
    stop.send(true).unwrap();
    task.await.unwrap();
});

/// A mailbox without IMAP (mail comes by webhook or command line) that acknowledges new
/// conversations, and what ingests into it.
async fn desk(s: &Server, w: &World) -> (mailboxes::Mailbox, String) {
    let admin = token_for(&s.state.db, w.ws, w.admin).await;
    let m = new_mailbox(s, w, &admin, json!({"from_name": "Acme Support", "acknowledge": true})).await;
    (mailboxes::load(s.state.db.pool(), m["id"].as_str().unwrap()).await.unwrap(), admin)
}

fn ingest(s: &Server) -> Ingest<'_> {
    let st = &s.state;
    Ingest { db: &st.db, blobs: &st.blobs, consumers: &st.suite.mail, clock: st.clock.as_ref() }
}

async fn thread_of(db: &portico_db::Db, message: &str) -> (Option<String>, String, String) {
    sqlx::query_as("SELECT thread_id, thread_reason, kind FROM mail_messages WHERE id = $1")
        .bind(message.to_string())
        .fetch_one(db.pool())
        .await
        .unwrap()
}

/// The acknowledgements sent in a conversation: (message id, reply-to, subject).
async fn acks(db: &portico_db::Db, to: &str) -> Vec<(String, Option<String>, String)> {
    sqlx::query_as(
        "SELECT message_id, reply_to, subject FROM outbound_emails WHERE to_addr = $1 AND automatic = 1 ORDER BY id",
    )
    .bind(to.to_string())
    .fetch_all(db.pool())
    .await
    .unwrap()
}

db_test!(async fn conversations_thread_by_headers_and_tokens_never_by_subject(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let (m, _) = desk(&s, &w).await;
    let i = ingest(&s);
    let first = i.message(&m, &mail("Ana Horvat <ana@client.test>", "<a1@client.test>", "Printer down", "", "It shows error 49."), Source::Webhook).await.unwrap();
    let Outcome::Filed(filed) = &first.outcome else { panic!("{first:?}") };
    assert_eq!(filed.kind, "contact");
    let (thread, reason, _) = thread_of(&db, &first.id).await;
    assert_eq!(reason, "new");
    // The acknowledgement answers in the conversation: our From, its reply token in Reply-To and subject.
    let sent = acks(&db, "ana@client.test").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (ack_id, reply_to, subject) = sent[0].clone();
    let token = portico_mail::inbound::token::in_address(reply_to.as_deref().unwrap()).expect("a token in the reply address");
    assert_eq!(reply_to.unwrap(), format!("desk+{token}@acme.test"));
    assert!(subject.starts_with("Re: Printer down") && subject.ends_with(&format!("[#{}]", token.to_uppercase())), "{subject}");

    let quoted = "Still broken.\n\nOn Mon, Dec 7, 2026 at 10:12 AM Acme Support <desk@acme.test> wrote:\n> We have received your message";
    let cases = [
        (mail("Ana <ana@client.test>", "<a2@client.test>", "Re: whatever", &format!("In-Reply-To: {ack_id}\r\n"), quoted), "in_reply_to"),
        (mail("Ana <ana@client.test>", "<a3@client.test>", "Re: x", &format!("References: <unknown@x> {ack_id}\r\n"), "More"), "references"),
        (mail("Ana <ana@client.test>", "<a4@client.test>", "no headers", &format!("Delivered-To: desk+{token}@acme.test\r\n"), "By address"), "token_address"),
        (mail("Ana <ana@client.test>", "<a5@client.test>", &format!("Re: Printer down [#{}]", token.to_uppercase()), "", "By subject tag"), "token_subject"),
    ];
    for (raw, why) in cases {
        let got = i.message(&m, &raw, Source::Webhook).await.unwrap();
        let (t, reason, _) = thread_of(&db, &got.id).await;
        assert_eq!((t.as_deref(), reason.as_str()), (thread.as_deref(), why), "{why}");
        assert_eq!(got.outcome, first.outcome, "filed with the same contact");
    }
    let (reply,): (String,) = sqlx::query_as("SELECT reply_text FROM mail_messages WHERE message_id = '<a2@client.test>'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(reply, "Still broken.", "the quoted history is cut from what is shown");
    // The same subject and sender, without headers or token: a new conversation.
    let again = i.message(&m, &mail("Ana <ana@client.test>", "<a6@client.test>", "Re: Printer down", "", "Other printer"), Source::Webhook).await.unwrap();
    let (t, reason, _) = thread_of(&db, &again.id).await;
    assert!(t.is_some() && t != thread && reason == "new", "never threaded by subject alone");
    assert_eq!(acks(&db, "ana@client.test").await.len(), 1, "one automatic answer an hour to the same address");
    // The same message again (a retried delivery) is not stored twice.
    let dup = i.message(&m, &mail("Ana <ana@client.test>", "<a6@client.test>", "Re: Printer down", "", "Other printer"), Source::Webhook).await.unwrap();
    assert_eq!((dup.outcome, dup.id), (Outcome::Duplicate, again.id));
    // The contact's page shows the conversation.
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url(&format!("/contacts/{}", filed.id))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Printer down") && page.contains("Still broken."), "{page}");
});

db_test!(async fn automatic_mail_is_marked_never_answered_and_bounces_mark_addresses(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let (m, admin) = desk(&s, &w).await;
    let i = ingest(&s);
    i.message(&m, &mail("Gone <gone@client.test>", "<g1@client.test>", "Question", "", "Hi"), Source::Webhook).await.unwrap();
    let (ack_id, _, _) = acks(&db, "gone@client.test").await.remove(0);
    let before_contacts = count(&db, "SELECT COUNT(*) FROM contacts").await;

    // An out-of-office answer to our acknowledgement joins the conversation, marked, unanswered.
    let ooo = i.message(&m, &mail("Gone <gone@client.test>", "<g2@client.test>", "Automatic reply: Question", &format!("Auto-Submitted: auto-replied\r\nIn-Reply-To: {ack_id}\r\n"), "I am away"), Source::Webhook).await.unwrap();
    let (t, _, kind) = thread_of(&db, &ooo.id).await;
    assert!(t.is_some() && kind == "auto_reply", "{kind}");
    // Robots that open a conversation open nothing: no conversation, no contact, no answer.
    for (n, extra, subject) in [(3, "", "Out of Office: hello"), (4, "List-Id: <news.client.test>\r\n", "Weekly news"), (5, "Precedence: bulk\r\n", "Offers")] {
        let got = i.message(&m, &mail("Robot <robot@client.test>", &format!("<g{n}@client.test>"), subject, extra, "x"), Source::Webhook).await.unwrap();
        assert_eq!(got.outcome, Outcome::Kept, "{subject}");
        assert_eq!(thread_of(&db, &got.id).await.0, None);
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM contacts").await, before_contacts, "no contact for robots");
    assert!(acks(&db, "robot@client.test").await.is_empty());

    // A delivery report on our acknowledgement: the address is marked, our message says it bounced.
    let dsn = format!("From: Mail Delivery System <MAILER-DAEMON@mx.client.test>\r\nTo: desk@acme.test\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn1@mx.client.test>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSorry.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.client.test\r\n\r\nFinal-Recipient: rfc822; gone@client.test\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {ack_id}\r\nTo: gone@client.test\r\n--b--\r\n");
    let bounce = i.message(&m, dsn.as_bytes(), Source::Webhook).await.unwrap();
    assert_eq!(bounce.outcome, Outcome::Kept);
    let (t, reason, kind) = thread_of(&db, &bounce.id).await;
    assert_eq!((kind.as_str(), reason.as_str()), ("bounce", "report"));
    assert!(t.is_some(), "the bounce sits in the conversation it is about");
    let status = portico_mail::inbound::addresses::status(db.pool(), &crate::support::authz_of(&db, w.ws, w.admin).await, "gone@client.test").await.unwrap().unwrap();
    assert_eq!(status.status, "bounced");
    assert!(status.reason.contains("User unknown"));
    let (sent,): (String,) = sqlx::query_as("SELECT status FROM outbound_emails WHERE message_id = $1").bind(ack_id.clone()).fetch_one(db.pool()).await.unwrap();
    assert_eq!(sent, "bounced");
    // A bounced address gets no automatic answer, even in a new conversation an hour later.
    let later = Arc::new(portico_kernel::ManualClock::new(chrono::Utc::now() + chrono::Duration::hours(2)));
    let i2 = Ingest { clock: later.as_ref(), ..ingest(&s) };
    i2.message(&m, &mail("Gone <gone@client.test>", "<g6@client.test>", "New question", "", "Hi"), Source::Webhook).await.unwrap();
    assert_eq!(acks(&db, "gone@client.test").await.len(), 1);
    // A spam complaint marks who complained.
    let arf = "From: abuse@isp.test\r\nTo: desk@acme.test\r\nSubject: complaint\r\nMessage-ID: <arf1@isp.test>\r\nContent-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nOriginal-Rcpt-To: angry@client.test\r\n\r\n--b--\r\n";
    assert_eq!(i.message(&m, arf.as_bytes(), Source::Webhook).await.unwrap().outcome, Outcome::Kept);
    assert_eq!(portico_mail::inbound::addresses::status(db.pool(), &crate::support::authz_of(&db, w.ws, w.admin).await, "angry@client.test").await.unwrap().unwrap().status, "complained");
    // An auto-responder that does not say so: at most one answer an hour.
    for n in 0..3 {
        i.message(&m, &mail("Bot <bot@client.test>", &format!("<b{n}@client.test>"), &format!("Ticket {n}"), "", "Thanks for your mail"), Source::Webhook).await.unwrap();
    }
    assert_eq!(acks(&db, "bot@client.test").await.len(), 1, "no ping-pong");
    // The e-mail log says it bounced; the list of received mail filters by kind.
    let list: Value = api().get(s.url(&format!("/api/v1/mailboxes/{}/messages?kind=bounce", m.id))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let b = sign_in(&s, "admin@acme.test").await;
    let log = b.get(s.url("/settings/email?status=bounced")).send().await.unwrap().text().await.unwrap();
    assert!(log.contains("gone@client.test") && log.contains("Bounced"), "{log}");
});

/// A consumer that fails until told not to.
struct Flaky(AtomicBool);

#[async_trait]
impl MailConsumer for Flaky {
    fn name(&self) -> &'static str {
        "core.contacts"
    }
    fn label(&self) -> &'static str {
        "mail-consumer-core-contacts"
    }
    async fn file(&self, _tx: &mut Tx, mail: &Incoming<'_>) -> Result<Option<Filed>, AppError> {
        if self.0.load(Ordering::SeqCst) {
            return Err(AppError::internal("the module's store is down"));
        }
        Ok(Some(Filed { kind: "contact", id: mail.message.to_string() }))
    }
}

db_test!(async fn unreadable_mail_and_failing_consumers_lose_nothing(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let (m, _) = desk(&s, &w).await;
    let i = ingest(&s);
    for (raw, why) in [(b"  \r\n".to_vec(), "empty"), (vec![0u8, 159, 146, 150, 0, 1], "not_mime")] {
        let got = i.message(&m, &raw, Source::Cli).await.unwrap();
        assert_eq!(got.outcome, Outcome::Unreadable(why.into()));
        let (status, kept): (String, Vec<u8>) = sqlx::query_as("SELECT status, raw FROM mail_messages WHERE id = $1").bind(got.id.clone()).fetch_one(db.pool()).await.unwrap();
        assert_eq!(status, "unreadable");
        assert_eq!(kept, raw, "kept as it came");
    }
    // Its consumer fails: the message is kept with its attachment and filed again later.
    let flaky = Arc::new(Flaky(AtomicBool::new(true)));
    let consumers = Consumers::new(vec![flaky.clone()]).unwrap();
    let failing = Ingest { consumers: &consumers, ..ingest(&s) };
    let raw = "From: Ana <ana@client.test>\r\nTo: desk@acme.test\r\nSubject: CV\r\nMessage-ID: <cv@client.test>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nMy CV\r\n--b\r\nContent-Type: application/pdf; name=cv.pdf\r\nContent-Disposition: attachment; filename=cv.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";
    let got = failing.message(&m, raw.as_bytes(), Source::Webhook).await.unwrap();
    assert!(matches!(&got.outcome, Outcome::Failed(why) if why.contains("store is down")), "{got:?}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM mail_attachments").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'mail.refile' AND status = 'queued'").await, 1);
    assert_eq!(failing.refile(&got.id).await.unwrap_err().cause.unwrap(), "the module's store is down", "still failing: kept as it was");
    flaky.0.store(false, Ordering::SeqCst);
    let again = failing.refile(&got.id).await.unwrap();
    assert_eq!(again.id, got.id, "the same message, filed");
    assert!(matches!(again.outcome, Outcome::Filed(_)));
    let (status,): (String,) = sqlx::query_as("SELECT status FROM mail_messages WHERE id = $1").bind(got.id.clone()).fetch_one(db.pool()).await.unwrap();
    assert_eq!(status, "filed");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM mail_attachments").await, 1, "its attachment, once");
    // The queued job now finds nothing to do.
    s.worker().run_until_idle().await.unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM mail_messages WHERE status = 'failed'").await, 0);
});

/// `X-Portico-Signature` for `body`, computed by Python's hmac module.
pub(crate) fn python_signature(secret: &str, t: i64, body: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("portico-sig-{}", uuid::Uuid::now_v7().simple()));
    std::fs::write(&path, body).unwrap();
    let code = "import hmac, hashlib, sys\nbody = open(sys.argv[3], 'rb').read()\nsig = hmac.new(sys.argv[1].encode(), sys.argv[2].encode() + b'.' + body, hashlib.sha256).hexdigest()\nprint(f't={sys.argv[2]},v1={sig}')";
    let out =
        std::process::Command::new("python3").args(["-c", code, secret, &t.to_string()]).arg(&path).output().unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

db_test!(async fn the_raw_mime_webhook_takes_only_what_was_signed_with_its_secret(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let (m, admin) = desk(&s, &w).await;
    let url = s.url(&format!("/hooks/mail/{}", m.id));
    let body = mail("Ana <ana@client.test>", "<w1@client.test>", "By webhook", "", "Hello");
    let now = portico_kernel::Clock::now_micros(&portico_kernel::SystemClock) / 1_000_000;
    let c = api();
    let post = |sig: Option<String>, key: Option<&str>| {
        let mut r = c.post(&url).header("content-type", "message/rfc822").header("authorization", "Bearer not-logged").body(body.clone());
        if let Some(sig) = sig { r = r.header("X-Portico-Signature", sig); }
        if let Some(k) = key { r = r.header("Idempotency-Key", k.to_string()); }
        r.send()
    };
    let ok = post(Some(python_signature(&m.webhook_secret, now, &body)), Some("k1")).await.unwrap();
    assert_eq!(ok.status(), 200);
    let v: Value = ok.json().await.unwrap();
    assert_eq!(v["outcome"], "filed", "{v}");
    let again = post(Some(python_signature(&m.webhook_secret, now, &body)), Some("k1")).await.unwrap();
    assert_eq!((again.status().as_u16(), again.json::<Value>().await.unwrap()["status"].clone()), (200, json!("duplicate")));
    for (sig, status, code) in [
        (Some(python_signature("mbsec_not-the-secret", now, &body)), 401, "bad_signature"),
        (Some(python_signature(&m.webhook_secret, now - 600, &body)), 401, "stale"),
        (None, 401, "unsigned"),
    ] {
        let r = post(sig, None).await.unwrap();
        assert_eq!(r.status(), status);
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], code);
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM mail_messages").await, 1, "only the signed message was taken");
    let unknown = c.post(s.url("/hooks/mail/0190b5c8-0000-7000-8000-000000000000")).body("x").send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    // The log tells the admin what came and why it was refused; credentials are not kept.
    let log: Value = c.get(s.url(&format!("/api/v1/inbound-requests?target_id={}", m.id))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let outcomes: Vec<&str> = log["items"].as_array().unwrap().iter().map(|r| r["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["unsigned", "stale", "bad_signature", "duplicate", "accepted"]);
    let first = &log["items"][4];
    assert!(first["body"].as_str().unwrap().contains("By webhook"));
    assert!(!first["headers"].as_str().unwrap().contains("not-logged"), "no Authorization header in the log");
    assert_eq!(first["idempotency_key"], "k1");
    // A stopped mailbox refuses, and says so in the log.
    mailboxes::set_active(&s.state.db, &crate::support::authz_of(&db, w.ws, w.admin).await.admin().unwrap(), m.id.parse().unwrap(), false, portico_kernel::Clock::now_micros(&portico_kernel::SystemClock)).await.unwrap();
    let stopped = post(Some(python_signature(&m.webhook_secret, now, &body)), None).await.unwrap();
    assert_eq!(stopped.status(), 409);
});

/// Each integration's own signing, as their senders compute it (here in Python), verified by
/// the one extractor the modules' endpoints use.
#[test]
fn store_and_postback_signatures_made_by_python_verify() {
    use portico_webhooks::inbound::{HUB, QUERY, SHOPIFY, Signed, WOOCOMMERCE, verify};
    let py = |code: &str| {
        let out = std::process::Command::new("python3").args(["-c", code]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let body = br#"{"id":820982911946154508,"total_price":"199.00","currency":"EUR"}"#;
    let b64 = py(&format!(
        "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'shpss_secret', {:?}.encode(), hashlib.sha256).digest()).decode())",
        std::str::from_utf8(body).unwrap()
    ));
    let hex = py(&format!(
        "import hmac,hashlib;print('sha256='+hmac.new(b'hub', {:?}.encode(), hashlib.sha256).hexdigest())",
        std::str::from_utf8(body).unwrap()
    ));
    let query = "click_id=ab12&amount=12.50&currency=EUR&order_id=A-1";
    let q = py(&format!("import hmac,hashlib;print(hmac.new(b'pb', b'{query}', hashlib.sha256).hexdigest())"));
    for (scheme, secret, header, value) in [
        (&SHOPIFY, "shpss_secret", "X-Shopify-Hmac-Sha256", b64.clone()),
        (&WOOCOMMERCE, "shpss_secret", "X-WC-Webhook-Signature", b64.clone()),
        (&HUB, "hub", "X-Hub-Signature-256", hex.clone()),
    ] {
        let h = |n: &str| (n == header).then(|| value.clone());
        let req = Signed { method: "POST", query: "", header: &h, body };
        assert_eq!(verify(scheme, secret.as_bytes(), &req, 0), Ok(()), "{header}");
        let tampered = Signed { method: "POST", query: "", header: &h, body: b"{}" };
        assert!(verify(scheme, secret.as_bytes(), &tampered, 0).is_err(), "{header} tampered");
    }
    let none = |_: &str| None;
    let signed_query = format!("{query}&signature={q}");
    let get = Signed { method: "GET", query: &signed_query, header: &none, body: b"" };
    assert_eq!(verify(&QUERY, b"pb", &get, 0), Ok(()));
}
