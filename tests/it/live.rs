//! Live updates: a notification made on one replica rings the bell of a page open on
//! another (PostgreSQL LISTEN/NOTIFY; in-process on SQLite), reaches e-mail as the person
//! chose (at once, or in the morning digest), and reading it tells their pages; presence
//! shows who else is on a record and who left; a task's page follows its progress; nobody
//! watches what they may not see.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Server, api, authz_of, server, server_of, sign_in, suite, token_for, world};

/// A page's live stream, read event by event.
struct Events {
    response: reqwest::Response,
    buf: String,
}

impl Events {
    async fn open(b: &reqwest::Client, url: String) -> Events {
        let response = b.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Events { response, buf: String::new() }
    }

    /// The data of the next event named `name` (within ten seconds).
    async fn next(&mut self, name: &str) -> Value {
        let found = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                while let Some(end) = self.buf.find("\n\n") {
                    let block: String = self.buf.drain(..end + 2).collect();
                    let field =
                        |f: &str| block.lines().find_map(|l| l.strip_prefix(f)).map(str::trim).map(str::to_string);
                    if field("event:").as_deref() == Some(name) {
                        return serde_json::from_str::<Value>(&field("data:").unwrap_or_default()).unwrap();
                    }
                }
                let chunk = self.response.chunk().await.unwrap().expect("the stream stays open");
                self.buf.push_str(&String::from_utf8_lossy(&chunk));
            }
        })
        .await;
        found.unwrap_or_else(|_| panic!("no {name} event within ten seconds"))
    }
}

/// A second replica: another handle on the same database (its own pools and listener) on
/// PostgreSQL; on SQLite, which runs as one process, the same handle.
async fn replica(db: &portico_db::Db) -> Server {
    match db.backend() {
        portico_db::Backend::Postgres => {
            let other = db.another().await.unwrap();
            suite().platform.install(&other).unwrap();
            server_of(&other, suite(), |s| s.allow_private_webhooks = true).await
        }
        portico_db::Backend::Sqlite => server(db).await,
    }
}

db_test!(async fn a_notification_rings_on_every_replica_and_reaches_email_as_chosen(db) {
    let w = world(&db, "Acme").await;
    let a = server(&db).await;
    let b = replica(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    // The admin has a page open on replica A.
    let browser = sign_in(&a, "admin@acme.test").await;
    let contact: Value = c.post(b.url("/api/v1/contacts")).bearer_auth(&admin).json(&json!({"unit_id": w.north.to_string(), "name": "Ana"})).send().await.unwrap().json().await.unwrap();
    let mut events = Events::open(&browser, a.url(&format!("/live?watch=presence:contact:{}", contact["id"].as_str().unwrap()))).await;
    // A rule on replica B tells them of every new contact.
    let rule = json!({"name": "New contacts", "kind": "contact", "trigger": {"type": "event", "verbs": ["create"]}, "match": "all",
        "actions": [{"action": "core.notify", "params": {"users": [w.admin.to_string()], "message": "A new contact"}}]});
    assert_eq!(c.post(b.url("/api/v1/rules")).bearer_auth(&admin).json(&rule).send().await.unwrap().status(), 201);
    c.post(b.url("/api/v1/contacts")).bearer_auth(&admin).json(&json!({"unit_id": w.north.to_string(), "name": "Ivo"})).send().await.unwrap();
    b.worker().run_until_idle().await.unwrap();
    let rang = events.next("notification").await;
    assert_eq!((rang["data"]["title"].as_str(), rang["data"]["unread"].as_i64()), (Some("A new contact"), Some(1)), "{rang}");
    let list: Value = c.get(a.url("/api/v1/notifications")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"][0]["body"], "Ivo");
    let page = browser.get(a.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("data-unread>1</span>"), "the bell counts it");
    // Chosen at once (the default): the e-mail left with it.
    let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbound_emails WHERE to_addr = 'admin@acme.test' AND subject = 'A new contact'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(mails, 1);
    // In the morning digest instead: nothing at once, one message the next morning.
    let prefs = json!([{"kind": "rule", "email": "daily"}]);
    let saved: Value = c.put(a.url("/api/v1/notification-preferences")).bearer_auth(&admin).json(&prefs).send().await.unwrap().json().await.unwrap();
    assert!(saved["items"].as_array().unwrap().iter().any(|p| p["kind"] == "rule" && p["email"] == "daily"));
    let bad = c.put(a.url("/api/v1/notification-preferences")).bearer_auth(&admin).json(&json!([{"kind": "rule", "email": "hourly"}])).send().await.unwrap();
    assert_eq!(bad.json::<Value>().await.unwrap()["error"]["field"], "preferences.0.email");
    for name in ["Eva", "Luka"] {
        c.post(b.url("/api/v1/contacts")).bearer_auth(&admin).json(&json!({"unit_id": w.north.to_string(), "name": name})).send().await.unwrap();
    }
    b.worker().run_until_idle().await.unwrap();
    assert_eq!(events.next("notification").await["data"]["unread"], 2);
    let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbound_emails WHERE to_addr = 'admin@acme.test' AND subject = 'A new contact'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(mails, 1, "no e-mail at once");
    let st = &a.state;
    let now = st.clock.now_micros();
    assert_eq!(portico_core::notifications::digest(&st.db, &st.mail, now).await.unwrap(), 1);
    let (subject,): (String,) = sqlx::query_as("SELECT subject FROM outbound_emails WHERE to_addr = 'admin@acme.test' ORDER BY created_at DESC LIMIT 1").fetch_one(db.pool()).await.unwrap();
    assert_eq!(subject, "2 notifications are waiting for you");
    assert_eq!(portico_core::notifications::digest(&st.db, &st.mail, now + 1).await.unwrap(), 0, "once");
    // Read everywhere: the page hears the count fall.
    c.post(b.url("/api/v1/notifications/read")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(events.next("unread").await["data"]["unread"], 0);
    // Nobody reads another person's notifications.
    let manager = token_for(&db, w.ws, w.north_manager).await;
    let id = list["items"][0]["id"].as_str().unwrap();
    assert_eq!(c.post(a.url(&format!("/api/v1/notifications/{id}/read"))).bearer_auth(&manager).send().await.unwrap().status(), 404);
    let theirs: Value = c.get(a.url("/api/v1/notifications")).bearer_auth(&manager).send().await.unwrap().json().await.unwrap();
    assert!(theirs["items"].as_array().unwrap().is_empty());
});

db_test!(async fn presence_shows_who_else_is_on_a_record(db) {
    let w = world(&db, "Acme").await;
    let a = server(&db).await;
    let b = replica(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let contact: Value = api().post(a.url("/api/v1/contacts")).bearer_auth(&admin).json(&json!({"unit_id": w.north.to_string(), "name": "Ana"})).send().await.unwrap().json().await.unwrap();
    let watch = format!("/live?watch=presence:contact:{}", contact["id"].as_str().unwrap());
    let names = |v: &Value| {
        let mut n: Vec<String> = v["data"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()).collect();
        n.sort();
        n
    };
    let manager_browser = sign_in(&b, "manager.north@acme.test").await;
    let mut manager = Events::open(&manager_browser, b.url(&watch)).await;
    assert_eq!(names(&manager.next("presence").await), [w.north_manager.to_string()]);
    let admin_browser = sign_in(&a, "admin@acme.test").await;
    let mut admin_events = Events::open(&admin_browser, a.url(&watch)).await;
    let mut both = vec![w.admin.to_string(), w.north_manager.to_string()];
    both.sort();
    assert_eq!(names(&admin_events.next("presence").await), both, "the newcomer sees who is there");
    assert_eq!(names(&manager.next("presence").await), both, "and is seen, on the other replica");
    drop(admin_events);
    assert_eq!(names(&manager.next("presence").await), [w.north_manager.to_string()], "who left is gone");
    // What one may not see, one may not watch.
    let south = sign_in(&a, "member.south@acme.test").await;
    assert_eq!(south.get(a.url(&watch)).send().await.unwrap().status(), 404);
    assert_eq!(south.get(a.url("/live?watch=nothing:here")).send().await.unwrap().status(), 404);
});

db_test!(async fn a_task_page_follows_its_progress(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let task: Value = api().post(s.url("/api/v1/exports")).bearer_auth(&admin).json(&json!({})).send().await.unwrap().json().await.unwrap();
    let id = task["task_id"].as_str().unwrap().to_string();
    let browser = sign_in(&s, "admin@acme.test").await;
    let mut events = Events::open(&browser, s.url(&format!("/live?watch=task:{id}"))).await;
    let task_id = id.parse().unwrap();
    portico_jobs::tasks::progress(&db, task_id, 5, 20, 1).await.unwrap();
    let p = events.next("task").await;
    assert_eq!((p["data"]["done"].as_i64(), p["data"]["total"].as_i64()), (Some(5), Some(20)), "{p}");
    portico_jobs::tasks::finish(&db, task_id, json!({}), 2).await.unwrap();
    assert_eq!(events.next("task").await["data"]["status"], "done");
    // Another person's task is not theirs to watch.
    let member = sign_in(&s, "member.south@acme.test").await;
    assert_eq!(member.get(s.url(&format!("/live?watch=task:{id}"))).send().await.unwrap().status(), 404);
});

db_test!(async fn whoever_started_a_task_hears_when_it_ends(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    // An export that finishes, and a rebuild of the index that fails for good.
    let export = api().post(s.url("/api/v1/exports")).bearer_auth(&admin).json(&json!({})).send().await.unwrap();
    assert!(export.status().is_success());
    let mut tx = db.begin().await.unwrap();
    let authz = authz_of(&db, w.ws, w.admin).await;
    let task = portico_jobs::tasks::create(&mut tx, &authz, Some(w.admin), "search.reindex", "Rebuild the index", 1).await.unwrap();
    let mut job = portico_jobs::NewJob::new("search.reindex", json!({"no": "workspace"})).attempts(1);
    job.task = Some(task);
    portico_jobs::queue::enqueue(&mut tx, job, 1).await.unwrap();
    tx.commit().await.unwrap();
    s.worker().run_until_idle().await.unwrap();

    let list: Value = api().get(s.url("/api/v1/notifications")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let tasks: Vec<&Value> = list["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "task").collect();
    assert_eq!(tasks.len(), 2, "{list}");
    assert!(tasks.iter().any(|n| n["title"].as_str().unwrap().starts_with("Finished: ") && n["link"] == "/tasks"), "{list}");
    let failed = tasks.iter().find(|n| n["title"] == "Failed: Rebuild the index").expect("the failure is told");
    assert!(failed["body"].as_str().unwrap().contains("payload"), "with its reason: {failed}");
    // Nobody else hears of them.
    let member = token_for(&db, w.ws, w.south_member).await;
    let theirs: Value = api().get(s.url("/api/v1/notifications")).bearer_auth(&member).send().await.unwrap().json().await.unwrap();
    assert!(theirs["items"].as_array().unwrap().iter().all(|n| n["kind"] != "task"), "{theirs}");
});
