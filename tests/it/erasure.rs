//! Erasing a contact, or a person of the staff who left: afterwards no table of the database
//! holds their name, address or phone (the audit log's before and after values, notifications, received mail with its
//! raw message, acknowledgements sent, search documents and SQLite's full-text segments
//! included); their record stays, and the erasure is audited without the values. Backups and
//! files in the blob store are outside this test (see the contact erasure's doc).

use serde_json::{Value, json};

use crate::support::{add_user, api, server, sign_in, token_for, world};

/// The traces a person leaves, as they may be written.
const MARKERS: [&str; 4] = ["zorvath", "quillane", "5550142", "555 0142"];

/// Every (table, row text) of the database that holds a marker, case folded. PostgreSQL
/// shows bytes in hex, so the markers are looked for in hex there too.
async fn holding_markers(db: &portico_db::Db) -> Vec<String> {
    let pool = db.pool();
    let tables: Vec<(String,)> = match db.backend() {
        portico_db::Backend::Sqlite => {
            sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table'").fetch_all(pool).await.unwrap()
        }
        portico_db::Backend::Postgres => sqlx::query_as(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
    };
    let hex: Vec<String> = MARKERS.iter().map(|m| m.bytes().map(|b| format!("{b:02x}")).collect()).collect();
    let mut found = Vec::new();
    for (table,) in tables {
        let rows: Vec<(Option<Vec<u8>>,)> = match db.backend() {
            portico_db::Backend::Sqlite => {
                let cols: Vec<(String,)> =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT name FROM pragma_table_info('{table}')")))
                        .fetch_all(pool)
                        .await
                        .unwrap();
                if cols.is_empty() {
                    continue;
                }
                let all = cols
                    .iter()
                    .map(|(c,)| format!("COALESCE(CAST(\"{c}\" AS TEXT), '')"))
                    .collect::<Vec<_>>()
                    .join(" || ' ' || ");
                sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT CAST({all} AS BLOB) FROM \"{table}\"")))
                    .fetch_all(pool)
                    .await
                    .unwrap()
            }
            portico_db::Backend::Postgres => {
                sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT convert_to(t::text, 'UTF8') FROM \"{table}\" t")))
                    .fetch_all(pool)
                    .await
                    .unwrap()
            }
        };
        for (row,) in rows {
            let text = String::from_utf8_lossy(&row.unwrap_or_default()).to_lowercase();
            if MARKERS.iter().chain(hex.iter().map(String::as_str).collect::<Vec<_>>().iter()).any(|m| text.contains(m))
            {
                found.push(format!("{table}: {}", text.chars().take(160).collect::<String>()));
            }
        }
    }
    found
}

db_test!(async fn an_erased_contact_leaves_no_trace_in_any_table(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    // A rule that tells the admin of every change to a contact (its notification names them).
    let rule = json!({"name": "Contacts changed", "kind": "contact", "trigger": {"type": "event", "verbs": ["update"]}, "match": "all",
        "actions": [{"action": "core.notify", "params": {"users": [w.admin.to_string()], "message": "A contact changed"}}]});
    assert_eq!(c.post(s.url("/api/v1/rules")).bearer_auth(&admin).json(&rule).send().await.unwrap().status(), 201);
    let body = json!({"unit_id": w.north.to_string(), "name": "Zorvath Quillane", "email": "zorvath.quillane@client.test", "phone": "+385 91 555 0142"});
    let contact: Value = c.post(s.url("/api/v1/contacts")).bearer_auth(&admin).json(&body).send().await.unwrap().json().await.unwrap();
    let id = contact["id"].as_str().unwrap().to_string();
    let r = c.patch(s.url(&format!("/api/v1/contacts/{id}"))).bearer_auth(&admin).json(&json!({"company": "Northwind Trading"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // They write to a mailbox (with an acknowledgement sent back), filed with their contact.
    let address = format!("desk.{}@acme.test", uuid::Uuid::now_v7().simple());
    let mailbox: Value = c.post(s.url("/api/v1/mailboxes")).bearer_auth(&admin)
        .json(&json!({"name": "Desk", "address": address, "unit_id": w.north.to_string(), "consumer": "core.contacts", "acknowledge": true}))
        .send().await.unwrap().json().await.unwrap();
    let m = portico_mail::inbound::mailboxes::load(db.pool(), mailbox["id"].as_str().unwrap()).await.unwrap();
    let st = &s.state;
    let ingest = portico_mail::inbound::Ingest { db: &st.db, blobs: &st.blobs, consumers: &st.suite.mail, clock: st.clock.as_ref() };
    let raw = format!(
        "From: Zorvath Quillane <zorvath.quillane@client.test>\r\nTo: {address}\r\nSubject: Order for Zorvath\r\nMessage-ID: <erase@client.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHello, this is Zorvath Quillane, +385 91 555 0142.\r\n\
         --b\r\nContent-Type: text/plain; name=cv.txt\r\nContent-Disposition: attachment; filename=cv.txt\r\n\r\nCurriculum vitae of a private person\r\n\
         --b\r\nContent-Type: text/plain; name=terms.txt\r\nContent-Disposition: attachment; filename=terms.txt\r\n\r\nTerms everyone sends\r\n--b--\r\n"
    );
    ingest.message(&m, raw.as_bytes(), portico_mail::inbound::Source::Webhook).await.unwrap();
    // Someone else sends the same terms: that file stays theirs.
    let other = format!(
        "From: Someone <someone@else.test>\r\nTo: {address}\r\nSubject: Terms\r\nMessage-ID: <terms@else.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n\
         --b\r\nContent-Type: text/plain; name=terms.txt\r\nContent-Disposition: attachment; filename=terms.txt\r\n\r\nTerms everyone sends\r\n--b--\r\n"
    );
    ingest.message(&m, other.as_bytes(), portico_mail::inbound::Source::Webhook).await.unwrap();
    let stored: Vec<(String, String)> = sqlx::query_as("SELECT filename, sha256 FROM mail_attachments ORDER BY filename, id")
        .fetch_all(db.pool()).await.unwrap();
    assert_eq!(stored.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["cv.txt", "terms.txt", "terms.txt"]);
    let blob = |sha: &str| st.blobs.path_of(sha).unwrap();
    assert!(stored.iter().all(|(_, sha)| blob(sha).exists()));
    s.worker().run_until_idle().await.unwrap();
    let before = holding_markers(&db).await;
    for table in ["contacts", "audit_log", "notifications", "mail_messages", "search_docs"] {
        assert!(before.iter().any(|f| f.starts_with(&format!("{table}:"))), "{table} names them before: {before:#?}");
    }

    let r = c.post(s.url(&format!("/api/v1/contacts/{id}/erase"))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let erased: Value = r.json().await.unwrap();
    assert!(erased["records_changed"].as_u64().unwrap() >= 2, "{erased}");
    let after = holding_markers(&db).await;
    assert!(after.is_empty(), "still named: {after:#?}");
    // Their files lose their content; the stored file goes unless someone else's mail has it,
    // once ten minutes have passed since it was last stored (the same bytes may be arriving).
    s.worker().run_until_idle().await.unwrap();
    assert!(blob(&stored[0].1).exists(), "stored a moment ago: it waits");
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for (_, sha) in &stored {
        std::fs::File::options().write(true).open(blob(sha)).unwrap().set_modified(long_ago).unwrap();
    }
    sqlx::query("UPDATE jobs SET run_at = 0 WHERE kind = 'files.forget' AND status = 'queued'").execute(db.pool()).await.unwrap();
    s.worker().run_until_idle().await.unwrap();
    assert!(!blob(&stored[0].1).exists(), "their CV is gone from the file store");
    assert!(blob(&stored[1].1).exists(), "the terms someone else sent stay");
    let left: Vec<(String, String)> = sqlx::query_as("SELECT filename, sha256 FROM mail_attachments ORDER BY filename, id")
        .fetch_all(db.pool()).await.unwrap();
    let empty = portico_db::blobs::EMPTY.to_string();
    assert_eq!(left, [("[erased]".to_string(), empty.clone()), ("[erased]".to_string(), empty), stored[2].clone()]);

    // The record stays, says so, and the erasure is audited.
    let now: Value = c.get(s.url(&format!("/api/v1/contacts/{id}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(now["name"], portico_platform::erasure::ERASED);
    let audit: Value = c.get(s.url(&format!("/api/v1/audit?record_id={id}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert!(audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "contact.erase"), "{audit}");
    let found: Value = c.get(s.url("/api/v1/search?q=zorvath")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(found["items"], json!([]));
    // Only who may delete the contact may erase it.
    let member = token_for(&db, w.ws, w.south_member).await;
    assert_eq!(c.post(s.url(&format!("/api/v1/contacts/{id}/erase"))).bearer_auth(&member).send().await.unwrap().status(), 404);
});

db_test!(async fn a_retention_rule_erases_contacts_left_untouched_for_two_years(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let two_years = 2 * 365 * 24;
    let rule = json!({"name": "Retention: two years", "kind": "contact", "trigger": {"type": "time", "field": "updated_at", "offset_hours": two_years},
        "match": "all", "actions": [{"action": "core.erase"}]});
    let r = c.post(s.url("/api/v1/rules")).bearer_auth(&admin).json(&rule).send().await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    // Not offered where it cannot act.
    let on_files = json!({"name": "x", "kind": "file", "trigger": {"type": "event"}, "match": "all", "actions": [{"action": "core.erase"}]});
    assert_eq!(c.post(s.url("/api/v1/rules")).bearer_auth(&admin).json(&on_files).send().await.unwrap().status(), 422);
    let body = json!({"unit_id": w.north.to_string(), "name": "Zorvath Quillane", "email": "zorvath.quillane@client.test"});
    let contact: Value = c.post(s.url("/api/v1/contacts")).bearer_auth(&admin).json(&body).send().await.unwrap().json().await.unwrap();
    let other = json!({"unit_id": w.south.to_string(), "name": "Ilse Vantongeren", "email": "ilse@client.test"});
    assert!(c.post(s.url("/api/v1/contacts")).bearer_auth(&admin).json(&other).send().await.unwrap().status().is_success());
    let engine = portico_core::rules::engine(&s.state);
    let now = s.state.clock.now_micros();
    let hour = 3_600_000_000i64;
    assert_eq!(engine.tick(now + (two_years - 1) * hour).await.unwrap(), 0, "kept until the period is over");
    assert_eq!(engine.tick(now + (two_years + 1) * hour).await.unwrap(), 2);
    let id = contact["id"].as_str().unwrap();
    let after: Value = c.get(s.url(&format!("/api/v1/contacts/{id}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!((after["name"].as_str(), after["email"].as_str()), (Some(portico_platform::erasure::ERASED), None));
    // The index is compacted by one job after the tick, whatever the number erased.
    let (compactions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE kind = 'search.compact'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(compactions, i64::from(db.backend() == portico_db::Backend::Sqlite));
    s.worker().run_until_idle().await.unwrap();
    let left = holding_markers(&db).await;
    assert!(left.is_empty(), "still named: {left:#?}");
});

db_test!(async fn an_erased_staff_account_leaves_no_trace_in_any_table(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    // A colleague names themselves, works (audited under their name), signs in, and is told
    // of something by e-mail.
    let email = "zorvath.quillane@acme.test";
    let user = add_user(&db, w.ws, email, portico_authz::BuiltinRole::Member, w.north).await;
    let theirs = token_for(&db, w.ws, user).await;
    let r = c.patch(s.url(&format!("/api/v1/users/{user}"))).bearer_auth(&theirs).json(&json!({"name": "Zorvath Quillane"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let contact = json!({"unit_id": w.north.to_string(), "name": "A customer of theirs"});
    assert_eq!(c.post(s.url("/api/v1/contacts")).bearer_auth(&theirs).json(&contact).send().await.unwrap().status(), 201);
    sign_in(&s, email).await;
    let notice = portico_core::notifications::Notice {
        workspace: w.ws,
        user: user.to_db(),
        kind: "assignment",
        title: "A contact for you".into(),
        body: String::new(),
        link: "/contacts".into(),
        record: None,
    };
    let mut tx = db.begin().await.unwrap();
    portico_core::notifications::notify(&mut tx, &s.state.mail, notice, s.state.clock.now_micros()).await.unwrap();
    tx.commit().await.unwrap();
    let before = holding_markers(&db).await;
    for table in ["users", "audit_log", "outbound_emails", "search_docs"] {
        assert!(before.iter().any(|f| f.starts_with(&format!("{table}:"))), "{table} names them before: {before:#?}");
    }

    // An account still in use is not erased; disabled, it is.
    let erase = s.url(&format!("/api/v1/users/{user}/erase"));
    let r = c.post(&erase).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 409);
    let refused: Value = r.json().await.unwrap();
    assert_eq!(refused["error"]["field"], "status");
    assert!(refused["error"]["message"].as_str().unwrap().contains("Disable this account"), "{refused}");
    let member = token_for(&db, w.ws, w.south_member).await;
    let disable = c.post(s.url(&format!("/api/v1/users/{user}/status"))).bearer_auth(&admin).json(&json!({"status": "disabled"}));
    assert_eq!(disable.send().await.unwrap().status(), 200);
    assert_eq!(c.post(&erase).bearer_auth(&member).send().await.unwrap().status(), 403, "admins only");
    let r = c.post(&erase).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let erased: Value = r.json().await.unwrap();
    assert!(erased["records_changed"].as_u64().unwrap() >= 1, "{erased}");
    let after = holding_markers(&db).await;
    assert!(after.is_empty(), "still named: {after:#?}");

    // The account stays, says so, opens nothing, and the erasure is audited.
    let now: Value = c.get(s.url(&format!("/api/v1/users/{user}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(now["name"], portico_platform::erasure::ERASED);
    assert_eq!(c.get(s.url("/api/v1/me")).bearer_auth(&theirs).send().await.unwrap().status(), 401);
    let audit: Value = c.get(s.url(&format!("/api/v1/audit?record_id={user}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert!(audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "user.erase"), "{audit}");
});

db_test!(async fn erasing_someone_leaves_whoever_has_a_longer_address_alone(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let ann = add_user(&db, w.ws, "ann@acme.test", portico_authz::BuiltinRole::Member, w.north).await;
    let joann = add_user(&db, w.ws, "joann@acme.test", portico_authz::BuiltinRole::Member, w.north).await;
    // A customer writes to both; then a contact with the short address is erased too.
    let contact = json!({"unit_id": w.north.to_string(), "name": "Ann Customer", "email": "ann@client.test"});
    let contact: Value = c.post(s.url("/api/v1/contacts")).bearer_auth(&admin).json(&contact).send().await.unwrap().json().await.unwrap();
    let other = json!({"unit_id": w.north.to_string(), "name": "Joann Customer", "email": "joann@client.test"});
    assert!(c.post(s.url("/api/v1/contacts")).bearer_auth(&admin).json(&other).send().await.unwrap().status().is_success());
    let mut tx = db.begin().await.unwrap();
    let offer = portico_mail::outbox::OutgoingEmail {
        workspace: Some(w.ws),
        to: "joann@client.test".into(),
        from: "sales@acme.test".into(),
        subject: "Our offer".into(),
        text: "Dear all, see you soon. ann@acme.test, joann@acme.test".into(),
        ..Default::default()
    };
    portico_mail::outbox::queue(&mut tx, offer, 1).await.unwrap();
    tx.commit().await.unwrap();

    let disable = json!({"status": "disabled"});
    assert_eq!(c.post(s.url(&format!("/api/v1/users/{ann}/status"))).bearer_auth(&admin).json(&disable).send().await.unwrap().status(), 200);
    assert_eq!(c.post(s.url(&format!("/api/v1/users/{ann}/erase"))).bearer_auth(&admin).send().await.unwrap().status(), 200);
    let id = contact["id"].as_str().unwrap();
    assert_eq!(c.post(s.url(&format!("/api/v1/contacts/{id}/erase"))).bearer_auth(&admin).send().await.unwrap().status(), 200);

    let kept: Value = c.get(s.url(&format!("/api/v1/users/{joann}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!((kept["email"].as_str(), kept["status"].as_str()), (Some("joann@acme.test"), Some("active")), "{kept}");
    let (to, body): (String, String) = sqlx::query_as("SELECT to_addr, text_body FROM outbound_emails WHERE subject = 'Our offer'")
        .fetch_one(db.pool()).await.unwrap();
    assert_eq!(to, "joann@client.test", "another customer's e-mail stays theirs");
    assert_eq!(body, "Dear all, see you soon. [erased], joann@acme.test", "only the erased address goes");
});
