//! Desk: mail opens tickets and answers join them; agents reply (by e-mail, in the ticket's
//! conversation) and add notes; a change made on an older version is refused and the page
//! says so, keeping what was typed; the inbox's views count what they show.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Server, World, api, csrf_in, server, sign_in, token_for, world};
use portico_mail::inbound::{Ingest, Outcome, Source, mailboxes};

fn mail(from: &str, id: &str, subject: &str, headers: &str, body: &str) -> Vec<u8> {
    format!("From: {from}\r\nTo: help@acme.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n{headers}\r\n{body}\r\n")
        .into_bytes()
}

/// The Desk mailbox of Acme/North.
async fn desk_mailbox(s: &Server, admin: &str, w: &World) -> mailboxes::Mailbox {
    let body = json!({"name": "Help", "address": "help@acme.test", "unit_id": w.north.to_string(), "consumer": "desk.tickets"});
    let r = api().post(s.url("/api/v1/mailboxes")).bearer_auth(admin).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let m: Value = r.json().await.unwrap();
    mailboxes::load(s.state.db.pool(), m["id"].as_str().unwrap()).await.unwrap()
}

async fn take(s: &Server, m: &mailboxes::Mailbox, raw: Vec<u8>) -> Outcome {
    let st = &s.state;
    let ingest = Ingest { db: &st.db, blobs: &st.blobs, consumers: &st.suite.mail, clock: st.clock.as_ref() };
    ingest.message(m, &raw, Source::Webhook).await.unwrap().outcome
}

fn filed(o: Outcome) -> String {
    match o {
        Outcome::Filed(f) => {
            assert_eq!(f.kind, "desk_ticket");
            f.id
        }
        other => panic!("not filed: {other:?}"),
    }
}

async fn get(s: &Server, token: &str, path: &str) -> Value {
    let r = api().get(s.url(path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

db_test!(async fn mail_opens_tickets_answers_join_them_and_agents_reply_in_the_conversation(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let m = desk_mailbox(&s, &admin, &w).await;

    // A new message opens a ticket for its sender, numbered from 1.
    let first = filed(take(&s, &m, mail("Lea Martin <lea@client.test>", "q1@client.test", "Lamp broken", "", "My lamp arrived broken.\r\n\r\nLea")).await);
    let t = get(&s, &admin, &format!("/api/v1/desk/tickets/{first}")).await;
    assert_eq!((t["number"].as_i64(), t["status"].as_str(), t["channel"].as_str()), (Some(1), Some("new"), Some("email")));
    assert_eq!((t["requester_name"].as_str(), t["requester_email"].as_str()), (Some("Lea Martin"), Some("lea@client.test")));
    assert_eq!(t["unit_id"], w.north.to_string(), "in the mailbox's unit");
    let comments = get(&s, &admin, &format!("/api/v1/desk/tickets/{first}/comments")).await;
    assert_eq!(comments["items"].as_array().unwrap().len(), 1);
    assert!(comments["items"][0]["message_id"].is_string(), "the full original is one click away");

    // An agent's public reply goes out in the ticket's conversation and opens the ticket.
    let version = t["version"].as_i64().unwrap();
    let reply = json!({"body": "Sorry about that: a new one leaves today.", "version": version, "status": "pending"});
    let r = api().post(s.url(&format!("/api/v1/desk/tickets/{first}/comments"))).bearer_auth(&admin).json(&reply).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let c: Value = r.json().await.unwrap();
    assert_eq!((c["public"].as_i64(), c["author_user_id"].as_str()), (Some(1), Some(w.admin.to_string().as_str())));
    let (message_id, to, reply_to, in_reply_to): (String, String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT message_id, to_addr, reply_to, in_reply_to FROM outbound_emails WHERE id = $1")
            .bind(c["email_id"].as_str().unwrap().to_string())
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(to, "lea@client.test");
    assert_eq!(in_reply_to.as_deref(), Some("<q1@client.test>"), "answers her message");
    assert!(reply_to.unwrap().starts_with("help+"), "replies come back to the mailbox with the conversation's token");
    let t = get(&s, &admin, &format!("/api/v1/desk/tickets/{first}")).await;
    assert_eq!(t["status"], "pending");

    // Her answer joins the ticket (quoted history cut off) and opens it again.
    let answer = "Thanks! I'll be home.\r\n\r\nOn Monday, Acme wrote:\r\n> Sorry about that: a new one leaves today.";
    let joined = filed(take(&s, &m, mail("Lea Martin <lea@client.test>", "q2@client.test", "Re: Lamp broken", &format!("In-Reply-To: {message_id}\r\n"), answer)).await);
    assert_eq!(joined, first);
    let t = get(&s, &admin, &format!("/api/v1/desk/tickets/{first}")).await;
    assert_eq!(t["status"], "open");
    let comments = get(&s, &admin, &format!("/api/v1/desk/tickets/{first}/comments")).await;
    let last = comments["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"], "Thanks! I'll be home.");
    assert!(last["author_contact_id"].is_string());

    // An out-of-office answer joins without opening anything; on its own it opens nothing.
    api().patch(s.url(&format!("/api/v1/desk/tickets/{first}"))).bearer_auth(&admin).json(&json!({"status": "pending"})).send().await.unwrap();
    let auto = "Auto-Submitted: auto-replied\r\n";
    let o = take(&s, &m, mail("Lea Martin <lea@client.test>", "q3@client.test", "Out of office", &format!("{auto}In-Reply-To: {message_id}\r\n"), "I am away.")).await;
    assert_eq!(filed(o), first);
    assert_eq!(get(&s, &admin, &format!("/api/v1/desk/tickets/{first}")).await["status"], "pending", "an auto-reply changes no status");
    let o = take(&s, &m, mail("Bot <bot@client.test>", "q4@client.test", "Out of office", auto, "I am away.")).await;
    assert!(!matches!(o, Outcome::Filed(_)), "an auto-reply opens no ticket: {o:?}");

    // Forwarded by an agent: the ticket is the original sender's.
    let fwd = "FYI\r\n\r\n---------- Forwarded message ---------\r\nFrom: Paul Durand <paul@client.test>\r\nDate: Mon, 7 Dec 2026\r\nSubject: Invoice\r\n\r\nMy invoice is wrong.";
    let forwarded = filed(take(&s, &m, mail("Admin <admin@acme.test>", "q5@acme.test", "Fwd: Invoice", "", fwd)).await);
    let t = get(&s, &admin, &format!("/api/v1/desk/tickets/{forwarded}")).await;
    assert_eq!((t["number"].as_i64(), t["requester_email"].as_str()), (Some(2), Some("paul@client.test")));
    assert!(t["description"].as_str().unwrap().contains("My invoice is wrong."));

    // The inbox: views count what they show, the list finds by number and words.
    let views = get(&s, &admin, "/api/v1/desk/views").await;
    let count = |v: &str| views["items"].as_array().unwrap().iter().find(|x| x["view"] == v).unwrap()["count"].as_i64().unwrap();
    assert_eq!((count("all"), count("unsolved"), count("pending"), count("unassigned")), (2, 2, 1, 1));
    let found = get(&s, &admin, "/api/v1/desk/tickets?q=%232").await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    assert_eq!(found["items"][0]["id"], forwarded.as_str());
    let pending = get(&s, &admin, "/api/v1/desk/tickets?view=pending").await;
    assert_eq!(pending["items"][0]["id"], first.as_str());
    let r = api().get(s.url("/api/v1/desk/tickets?view=everything")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "view");
});

db_test!(async fn a_change_on_an_older_version_is_refused_and_the_page_keeps_what_was_typed(db) {
    let w = world(&db, "Acme").await;
    let other = world(&db, "Other").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let manager = token_for(&db, w.ws, w.north_manager).await;
    let c = api();
    let new = json!({"unit_id": w.north.to_string(), "subject": "Cannot log in", "description": "The page says no.",
                     "requester_email": "Ana@Client.test", "requester_name": "Ana", "priority": "high", "tags": ["login", "VIP"]});
    let r = c.post(s.url("/api/v1/desk/tickets")).bearer_auth(&manager).json(&new).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let t: Value = r.json().await.unwrap();
    let id = t["id"].as_str().unwrap().to_string();
    assert_eq!((t["channel"].as_str(), t["priority"].as_str(), t["version"].as_i64()), (Some("api"), Some("high"), Some(1)));
    assert_eq!(t["tags"], json!(["login", "vip"]));
    assert_eq!(t["requester_email"], "ana@client.test");

    // Two agents change it from version 1: the first wins, the second is told.
    let patch = |body: Value| c.patch(s.url(&format!("/api/v1/desk/tickets/{id}"))).bearer_auth(&admin).json(&body).send();
    let r = patch(json!({"version": 1, "status": "open", "assignee_id": w.north_manager.to_string()})).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["version"], 2);
    let r = patch(json!({"version": 1, "priority": "low"})).await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let e: Value = r.json().await.unwrap();
    assert_eq!((e["error"]["code"].as_str(), e["error"]["field"].as_str()), (Some("ticket_changed"), Some("version")));
    assert_eq!(get(&s, &admin, &format!("/api/v1/desk/tickets/{id}")).await["priority"], "high", "nothing written");

    // Bad input names its field; nothing is half-written.
    for (body, field) in [
        (json!({"priority": "asap"}), "priority"),
        (json!({"status": "done"}), "status"),
        (json!({"tags": ["ok", "not ok!"]}), "tags.2"),
        (json!({"assignee_id": other.admin.to_string()}), "assignee_id"),
        (json!({"group_id": uuid::Uuid::now_v7().to_string()}), "group_id"),
    ] {
        let r = patch(body.clone()).await.unwrap();
        assert_eq!(r.status(), 422, "{body}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], field, "{body}");
    }
    let r = c.post(s.url("/api/v1/desk/tickets")).bearer_auth(&admin).json(&json!({"unit_id": w.north.to_string(), "subject": "x", "description": "y", "requester_email": "nope"})).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "requester_email");
    // A requester named by id is a contact the agent sees: not South's, for North's manager.
    let south: Value = c.post(s.url("/api/v1/contacts")).bearer_auth(&admin)
        .json(&json!({"unit_id": w.south.to_string(), "name": "Sud", "email": "sud@client.test"})).send().await.unwrap().json().await.unwrap();
    let r = c.post(s.url("/api/v1/desk/tickets")).bearer_auth(&manager).json(&json!({"unit_id": w.north.to_string(), "subject": "x", "description": "y", "requester_id": south["id"]})).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "requester_id");
    // A group of another workspace is no group here.
    let theirs: Value = c.post(s.url("/api/v1/desk/groups")).bearer_auth(&token_for(&db, other.ws, other.admin).await)
        .json(&json!({"unit_id": other.north.to_string(), "name": "Theirs"})).send().await.unwrap().json().await.unwrap();
    let r = patch(json!({"group_id": theirs["id"]})).await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "group_id");

    // No Desk mailbox: a public reply cannot go out (and says why), a note can.
    let reply = |body: Value| c.post(s.url(&format!("/api/v1/desk/tickets/{id}/comments"))).bearer_auth(&admin).json(&body).send();
    let r = reply(json!({"body": "Try again now."})).await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "desk_no_mailbox");
    assert_eq!(reply(json!({"body": "Checked the logs.", "public": false})).await.unwrap().status(), 201);

    // The page: a reply sent from an older version is refused with what changed shown, and
    // what was typed is kept.
    let b = sign_in(&s, "admin@acme.test").await;
    let html = b.get(s.url(&format!("/desk/tickets/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Cannot log in") && html.contains("Checked the logs.") && html.contains("Internal note"));
    patch(json!({"status": "hold"})).await.unwrap();
    assert_eq!(reply(json!({"body": "Escalated to level 2.", "public": false})).await.unwrap().status(), 201);
    let seen = html.split("name=\"seen\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let form = [("_csrf", csrf_in(&html)), ("version", "3".to_string()), ("seen", seen), ("public", "0".to_string()), ("body", "My careful words".to_string()), ("status", "open".to_string())];
    let r = b.post(s.url(&format!("/desk/tickets/{id}/comments"))).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.unwrap();
    assert!(page.contains("Someone changed this ticket") && page.contains("My careful words"), "the banner, and the reply kept");
    assert_eq!(page.matches("New since you opened it").count(), 1, "the note written meanwhile is marked");
    let notes = get(&s, &admin, &format!("/api/v1/desk/tickets/{id}/comments")).await;
    assert!(!notes.to_string().contains("My careful words"), "nothing written");

    // The properties form saves; the inbox lists the ticket in its views.
    let t = get(&s, &admin, &format!("/api/v1/desk/tickets/{id}")).await;
    let form = [("_csrf", csrf_in(&page)), ("version", t["version"].to_string()), ("status", "solved".into()), ("priority", "normal".into()),
                ("ticket_type", "incident".into()), ("group_id", String::new()), ("assignee_id", String::new()), ("tags", "login".into())];
    let r = b.post(s.url(&format!("/desk/tickets/{id}"))).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let t = get(&s, &admin, &format!("/api/v1/desk/tickets/{id}")).await;
    assert_eq!((t["status"].as_str(), t["ticket_type"].as_str(), t["assignee_id"].as_str()), (Some("solved"), Some("incident"), None));
    assert!(t["solved_at"].is_i64());
    let inbox = b.get(s.url("/desk?view=solved")).send().await.unwrap().text().await.unwrap();
    assert!(inbox.contains("Cannot log in") && inbox.contains("Solved tickets"));
    let inbox = b.get(s.url("/desk")).send().await.unwrap().text().await.unwrap();
    assert!(!inbox.contains("Cannot log in"), "unsolved tickets by default");

    // Deleted with its conversation.
    assert_eq!(c.delete(s.url(&format!("/api/v1/desk/tickets/{id}"))).bearer_auth(&admin).send().await.unwrap().status(), 204);
    let left: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM desk_comments WHERE ticket_id = $1").bind(id.clone()).fetch_one(db.pool()).await.unwrap();
    assert_eq!(left.0, 0);
});

db_test!(async fn the_inbox_changes_the_tickets_ticked_and_only_those_the_agent_may_change(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let open = |unit: String, subject: &'static str| {
        let body = json!({"unit_id": unit, "subject": subject, "description": "Help", "requester_email": "ana@client.test"});
        let (c, url, admin) = (c.clone(), s.url("/api/v1/desk/tickets"), admin.clone());
        async move { c.post(url).bearer_auth(admin).json(&body).send().await.unwrap().json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string() }
    };
    let (a, b, theirs) = (open(w.north.to_string(), "A").await, open(w.north.to_string(), "B").await, open(w.south.to_string(), "C").await);
    let browser = sign_in(&s, "admin@acme.test").await;
    let html = browser.get(s.url("/desk")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("value=\"status:solved\"") && html.contains(&format!("value=\"assign:{}\"", w.north_manager)), "the bulk bar offers statuses and agents");
    let form = [("_csrf", csrf_in(&html)), ("target", "status:solved".into()), ("id", a.clone()), ("id", b.clone())];
    let r = browser.post(s.url("/desk/tickets/bulk")).form(&form).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("notice=desk-bulk-done"));
    for id in [&a, &b] {
        assert_eq!(get(&s, &admin, &format!("/api/v1/desk/tickets/{id}")).await["status"], "solved");
    }
    // A manager of North may not change South's ticket: refused, unchanged.
    let manager = sign_in(&s, "manager.north@acme.test").await;
    let html = manager.get(s.url("/desk")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains(&theirs), "South's ticket is not listed to North");
    let form = [("_csrf", csrf_in(&html)), ("target", "status:closed".into()), ("id", theirs.clone())];
    let r = manager.post(s.url("/desk/tickets/bulk")).form(&form).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("error=not_found"));
    assert_eq!(get(&s, &admin, &format!("/api/v1/desk/tickets/{theirs}")).await["status"], "new");
});

db_test!(async fn a_macro_goes_into_the_reply_in_the_requester_s_language_with_the_ticket_s_values(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let template = |locale: &str, key: &str, body: &str| json!({"purpose": "desk.macro", "locale": locale, "template_key": key, "name": "Thanks", "body": body});
    let r = c.post(s.url("/api/v1/templates")).bearer_auth(&admin).json(&template("en", "", "<p>Hello {{ requester }}, #{{ number }} is with {{ agent }}.</p>")).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let key = r.json::<Value>().await.unwrap()["template_key"].as_str().unwrap().to_string();
    let r = c.post(s.url("/api/v1/templates")).bearer_auth(&admin).json(&template("fr", &key, "<p>Bonjour {{ requester }}, le n° {{ number }} est chez {{ agent }}.</p>")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let contact: Value = c.post(s.url("/api/v1/contacts")).bearer_auth(&admin)
        .json(&json!({"unit_id": w.north.to_string(), "name": "Élodie Petit", "email": "elodie@client.test", "locale": "fr"})).send().await.unwrap().json().await.unwrap();
    let body = json!({"unit_id": w.north.to_string(), "subject": "Colis", "description": "Où est mon colis ?", "requester_id": contact["id"]});
    let t: Value = c.post(s.url("/api/v1/desk/tickets")).bearer_auth(&admin).json(&body).send().await.unwrap().json().await.unwrap();
    let id = t["id"].as_str().unwrap();

    let b = sign_in(&s, "admin@acme.test").await;
    let html = b.get(s.url(&format!("/desk/tickets/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("<option value=\"{key}\"")), "the macro is offered");
    let form = [("_csrf", csrf_in(&html)), ("version", "1".into()), ("macro", key.clone()), ("body", "Déjà écrit.".into()), ("public", "1".into())];
    let page = b.post(s.url(&format!("/desk/tickets/{id}/macro"))).form(&form).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Déjà écrit.\n\nBonjour Élodie Petit, le n° 1 est chez "), "in French, after what was typed: {}", &page[page.find("reply-body").unwrap_or(0)..][..400.min(page.len())]);
    assert!(page.contains("name=\"version\" value=\"1\""), "the version the agent saw is kept");
    let form = [("_csrf", csrf_in(&html)), ("version", "1".into()), ("macro", "nope".into()), ("body", String::new())];
    let r = b.post(s.url(&format!("/desk/tickets/{id}/macro"))).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 422);
});

db_test!(async fn a_merged_ticket_brings_its_conversation_and_mail_and_is_closed(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let m = desk_mailbox(&s, &admin, &w).await;
    let first = filed(take(&s, &m, mail("Lea <lea@client.test>", "m1@client.test", "Order 12", "", "Where is order 12?")).await);
    let second = filed(take(&s, &m, mail("Lea <lea@client.test>", "m2@client.test", "Order 12 again", "", "Any news on order 12?")).await);
    let c = api();
    let merge = |id: &str, into: &str| c.post(s.url(&format!("/api/v1/desk/tickets/{id}/merge"))).bearer_auth(&admin).json(&json!({"into": into})).send();
    let r = merge(&second, &second).await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "into", "not into itself");
    let r = merge(&second, &first).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["id"], first.as_str());
    let into = get(&s, &admin, &format!("/api/v1/desk/tickets/{first}/comments")).await;
    let bodies: Vec<&str> = into["items"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    assert!(bodies.contains(&"Any news on order 12?") && bodies.iter().any(|b| b.contains("Ticket #2 was merged into this one")), "{bodies:?}");
    let gone = get(&s, &admin, &format!("/api/v1/desk/tickets/{second}")).await;
    assert_eq!(gone["status"], "closed");
    let left = get(&s, &admin, &format!("/api/v1/desk/tickets/{second}/comments")).await;
    assert!(left["items"][0]["body"].as_str().unwrap().contains("Merged into ticket #1"));
    // An answer to the merged ticket's mail joins the ticket it went into.
    let o = take(&s, &m, mail("Lea <lea@client.test>", "m3@client.test", "Re: Order 12 again", "In-Reply-To: <m2@client.test>\r\n", "Thanks!")).await;
    assert_eq!(filed(o), first);
    // Through the page, by number; a number that is no ticket is said so, on the form.
    let b = sign_in(&s, "admin@acme.test").await;
    let third = filed(take(&s, &m, mail("Lea <lea@client.test>", "m4@client.test", "Order 12, third", "", "Hello?")).await);
    let html = b.get(s.url(&format!("/desk/tickets/{third}"))).send().await.unwrap().text().await.unwrap();
    let r = b.post(s.url(&format!("/desk/tickets/{third}/merge"))).form(&[("_csrf", csrf_in(&html)), ("number", "#99".into())]).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let r = b.post(s.url(&format!("/desk/tickets/{third}/merge"))).form(&[("_csrf", csrf_in(&html)), ("number", "#1".into())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()["location"].to_str().unwrap().starts_with(&format!("/desk/tickets/{first}?notice=desk-merged")));
    // A deleted ticket's mail is filed nowhere: an answer opens a new ticket.
    assert_eq!(c.delete(s.url(&format!("/api/v1/desk/tickets/{first}"))).bearer_auth(&admin).send().await.unwrap().status(), 204);
    let o = take(&s, &m, mail("Lea <lea@client.test>", "m5@client.test", "Re: Order 12", "In-Reply-To: <m1@client.test>\r\n", "Hello again")).await;
    assert_ne!(filed(o), first);
});

db_test!(async fn a_ticket_s_custom_fields_are_on_its_page(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let field = json!({"record_type": "desk_ticket", "key": "order", "label": "Order number", "field_type": "number"});
    assert_eq!(c.post(s.url("/api/v1/custom-fields")).bearer_auth(&admin).json(&field).send().await.unwrap().status(), 201);
    let body = json!({"unit_id": w.north.to_string(), "subject": "Late", "description": "Late order", "requester_email": "ana@client.test"});
    let t: Value = c.post(s.url("/api/v1/desk/tickets")).bearer_auth(&admin).json(&body).send().await.unwrap().json().await.unwrap();
    let id = t["id"].as_str().unwrap();
    let b = sign_in(&s, "admin@acme.test").await;
    let html = b.get(s.url(&format!("/desk/tickets/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Order number"));
    let r = b.post(s.url(&format!("/desk/tickets/{id}/custom"))).form(&[("_csrf", csrf_in(&html)), ("custom.order", "abc".into())]).send().await.unwrap();
    assert_eq!(r.status(), 422, "a number is asked");
    assert!(r.text().await.unwrap().contains("Order number"), "the error names the field");
    let r = b.post(s.url(&format!("/desk/tickets/{id}/custom"))).form(&[("_csrf", csrf_in(&html)), ("custom.order", "5120".into())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let values = get(&s, &admin, &format!("/api/v1/custom-values/desk_ticket/{id}")).await;
    assert_eq!(values["order"].as_f64(), Some(5120.0), "{values}");
});

db_test!(async fn time_is_logged_by_hand_or_with_a_timer_and_added_up(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let body = json!({"unit_id": w.north.to_string(), "subject": "Setup", "description": "Help me set up", "requester_email": "ana@client.test"});
    let t: Value = c.post(s.url("/api/v1/desk/tickets")).bearer_auth(&admin).json(&body).send().await.unwrap().json().await.unwrap();
    let id = t["id"].as_str().unwrap();
    let entries = format!("/api/v1/desk/tickets/{id}/time-entries");
    for (minutes, field) in [(0, "minutes"), (1441, "minutes")] {
        let r = c.post(s.url(&entries)).bearer_auth(&admin).json(&json!({"minutes": minutes})).send().await.unwrap();
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], field);
    }
    let r = c.post(s.url(&entries)).bearer_auth(&admin).json(&json!({"minutes": 85, "note": "Call"})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let mine: Value = r.json().await.unwrap();
    // A member's entry is theirs: they may not delete the admin's, an admin (or a manager) theirs.
    let member = crate::support::add_user(&db, w.ws, "member.north@acme.test", portico_authz::BuiltinRole::Member, w.north).await;
    let member = token_for(&db, w.ws, member).await;
    let r = c.post(s.url(&entries)).bearer_auth(&member).json(&json!({"minutes": 5})).send().await.unwrap();
    let theirs: Value = r.json().await.unwrap();
    let r = c.delete(s.url(&format!("/api/v1/desk/time-entries/{}", mine["id"].as_str().unwrap()))).bearer_auth(&member).send().await.unwrap();
    assert_eq!(r.status(), 403, "a member may not delete an admin's time");
    // The timer from the page: started, then stopped into an entry of at least a minute.
    let b = sign_in(&s, "admin@acme.test").await;
    let html = b.get(s.url(&format!("/desk/tickets/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Time spent · 1 h 30 min") && html.contains("Start the timer"), "the total and the timer");
    let r = b.post(s.url(&format!("/desk/tickets/{id}/timer"))).form(&[("_csrf", csrf_in(&html))]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("notice=desk-timer-started"));
    let html = b.get(s.url(&format!("/desk/tickets/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Stop the timer") && html.contains("timer running"));
    let r = b.post(s.url(&format!("/desk/tickets/{id}/timer"))).form(&[("_csrf", csrf_in(&html))]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("notice=desk-timer-stopped"));
    let all = get(&s, &admin, &entries).await;
    let minutes: Vec<i64> = all["items"].as_array().unwrap().iter().map(|e| e["minutes"].as_i64().unwrap()).collect();
    assert_eq!(minutes.len(), 3);
    assert!(minutes[2] >= 1 && all["items"][2]["started_at"].is_null(), "{all}");
    assert_eq!(c.delete(s.url(&format!("/api/v1/desk/time-entries/{}", theirs["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap().status(), 204);
});

db_test!(async fn a_public_reply_sends_its_files_and_a_file_is_sent_once(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let m = desk_mailbox(&s, &admin, &w).await;
    let ticket = filed(take(&s, &m, mail("Lea Martin <lea@client.test>", "f1@client.test", "Invoice", "", "Where is my invoice?")).await);
    let upload = |name: &str, token: Option<&str>, bytes: &'static [u8]| {
        let mut url = format!("/api/v1/desk/attachments?filename={name}");
        if let Some(t) = token {
            url.push_str(&format!("&token={t}"));
        }
        api().post(s.url(&url)).bearer_auth(&admin).body(bytes).send()
    };
    let first: Value = upload("invoice-1042.pdf", None, b"%PDF-1.4 invoice").await.unwrap().json().await.unwrap();
    let token = first["token"].as_str().unwrap().to_string();
    assert_eq!(first["content_type"], "application/pdf", "the type read from the bytes, not the name");
    let second = upload("terms.txt", Some(&token), b"Terms of sale").await.unwrap();
    assert_eq!(second.status(), 201, "one upload gathers several files");
    assert_eq!(upload("empty.txt", None, b"").await.unwrap().status(), 422);

    let reply = json!({"body": "Here it is.", "uploads": [token]});
    let r = api().post(s.url(&format!("/api/v1/desk/tickets/{ticket}/comments"))).bearer_auth(&admin).json(&reply).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let c: Value = r.json().await.unwrap();
    let sent: Vec<(String, i64)> =
        sqlx::query_as("SELECT filename, size_bytes FROM outbound_attachments WHERE email_id = $1 ORDER BY filename")
            .bind(c["email_id"].as_str().unwrap().to_string())
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert_eq!(sent, vec![("invoice-1042.pdf".to_string(), 16), ("terms.txt".to_string(), 13)], "the e-mail carries both");
    let file = api().get(s.url(&format!("/api/v1/desk/attachments/{}", first["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(file.headers()["content-disposition"].to_str().unwrap(), "attachment; filename=\"invoice-1042.pdf\"; filename*=UTF-8''invoice-1042.pdf");
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"%PDF-1.4 invoice");

    // Sent once: a second comment naming the same upload is refused and writes nothing.
    let again = json!({"body": "Again.", "public": false, "uploads": [token]});
    let r = api().post(s.url(&format!("/api/v1/desk/tickets/{ticket}/comments"))).bearer_auth(&admin).json(&again).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "uploads.0");
    let comments = get(&s, &admin, &format!("/api/v1/desk/tickets/{ticket}/comments")).await;
    assert_eq!(comments["items"].as_array().unwrap().len(), 2, "the refused note was not written");

    // Someone who may not see the ticket's unit cannot download its files.
    let south = token_for(&db, w.ws, w.south_member).await;
    let r = api().get(s.url(&format!("/api/v1/desk/attachments/{}", first["id"].as_str().unwrap()))).bearer_auth(&south).send().await.unwrap();
    assert_eq!(r.status(), 404);
});

db_test!(async fn the_files_of_a_mail_come_with_its_comment(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let m = desk_mailbox(&s, &admin, &w).await;
    let body = "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe scratch is on the left side.\r\n\
        --b1\r\nContent-Type: text/plain; name=\"serial.txt\"\r\nContent-Disposition: attachment; filename=\"serial.txt\"\r\n\r\nSN-0042\r\n--b1--";
    let headers = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n";
    let ticket = filed(take(&s, &m, mail("Lea Martin <lea@client.test>", "a1@client.test", "Scratched", headers, body)).await);
    let r = api().get(s.url(&format!("/api/v2/tickets/{}/comments.json", get(&s, &admin, &format!("/api/v1/desk/tickets/{ticket}")).await["number"])))
        .basic_auth("admin@acme.test/token", Some(&admin))
        .send()
        .await
        .unwrap();
    let comments: Value = r.json().await.unwrap();
    let files = comments["comments"][0]["attachments"].as_array().unwrap().clone();
    assert_eq!(files.len(), 1, "{comments}");
    assert_eq!(files[0]["file_name"], "serial.txt");
    let content = api().get(files[0]["content_url"].as_str().unwrap()).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(content.text().await.unwrap().trim(), "SN-0042");
    let page = sign_in(&s, "admin@acme.test").await.get(s.url(&format!("/desk/tickets/{ticket}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("serial.txt"), "the conversation shows the file");
});

db_test!(async fn uploads_never_sent_are_dropped_after_three_days(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let up = |name: &str| api().post(s.url(&format!("/api/v1/desk/attachments?filename={name}"))).bearer_auth(&admin).body("draft").send();
    let unsent: Value = up("unsent.txt").await.unwrap().json().await.unwrap();
    let sent: Value = up("sent.txt").await.unwrap().json().await.unwrap();
    let body = json!({"unit_id": w.north.to_string(), "subject": "Files", "description": "See attached.",
                      "requester_email": "lea@client.test", "uploads": [sent["token"]]});
    let r = api().post(s.url("/api/v1/desk/tickets")).bearer_auth(&admin).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    use portico_desk::tickets::attachments::{UNSENT_KEPT, sweep};
    let now = s.state.clock.now_micros();
    assert_eq!(sweep(&s.state.db, now).await.unwrap(), 0, "kept while it may still be sent");
    assert_eq!(sweep(&s.state.db, now + UNSENT_KEPT + 1).await.unwrap(), 1);
    let file = |v: &Value| api().get(s.url(&format!("/api/v1/desk/attachments/{}", v["id"].as_str().unwrap()))).bearer_auth(&admin).send();
    assert_eq!(file(&unsent).await.unwrap().status(), 404, "the unsent upload is gone");
    assert_eq!(file(&sent).await.unwrap().status(), 200, "the sent file stays");
});

db_test!(async fn spam_and_blocked_senders_wait_in_the_suspended_queue_until_an_agent_looks(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let m = desk_mailbox(&s, &admin, &w).await;
    let tickets = || async { get(&s, &admin, "/api/v1/desk/tickets").await["items"].as_array().unwrap().len() };
    let spam = take(&s, &m, mail("Lea Martin <lea@client.test>", "s1@client.test", "Order 12", "X-Spam-Flag: YES\r\n", "Is my order shipped?")).await;
    let Outcome::Suspended(why) = spam else { panic!("not suspended: {spam:?}") };
    assert_eq!(why, "spam: X-Spam-Flag: YES");
    let r = api().post(s.url("/api/v1/blocked-senders")).bearer_auth(&admin).json(&json!({"pattern": "junk.test"})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.json::<Value>().await.unwrap()["pattern"], "@junk.test");
    let blocked = take(&s, &m, mail("Bob <bob@junk.test>", "b1@junk.test", "Cheap lamps", "", "Buy now")).await;
    assert!(matches!(blocked, Outcome::Suspended(ref why) if why == "blocked: @junk.test"), "{blocked:?}");
    assert_eq!(tickets().await, 0, "no ticket opened");

    let queue = get(&s, &admin, "/api/v1/desk/suspended").await;
    let items = queue["items"].as_array().unwrap();
    assert_eq!(items.iter().map(|i| i["subject"].as_str().unwrap()).collect::<Vec<_>>(), ["Cheap lamps", "Order 12"]);
    let (junk, real) = (items[0]["id"].as_str().unwrap().to_string(), items[1]["id"].as_str().unwrap().to_string());

    // Someone of another unit does not see the queue's mail, nor act on it.
    let south = token_for(&db, w.ws, w.south_member).await;
    assert_eq!(get(&s, &south, "/api/v1/desk/suspended").await["items"].as_array().unwrap().len(), 0);
    let r = api().post(s.url(&format!("/api/v1/mail-messages/{real}/release"))).bearer_auth(&south).send().await.unwrap();
    assert_eq!(r.status(), 404);

    // Recovered, it opens its ticket as if it had just come in.
    let r = api().post(s.url(&format!("/api/v1/mail-messages/{real}/release"))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["outcome"], "filed");
    assert_eq!(tickets().await, 1);
    let r = api().post(s.url(&format!("/api/v1/mail-messages/{real}/release"))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 409, "released once");

    // An agent deletes the rest from the page.
    let b = sign_in(&s, "manager.north@acme.test").await;
    let html = b.get(s.url("/desk/suspended")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Cheap lamps") && html.contains("@junk.test"), "the queue says why it waits");
    assert!(!html.contains("/block\""), "blocking is for admins");
    let r = b.post(s.url(&format!("/desk/suspended/{junk}/delete"))).form(&[("_csrf", csrf_in(&html))]).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/desk/suspended?notice=desk-suspended-deleted");
    assert_eq!(get(&s, &admin, "/api/v1/desk/suspended").await["items"].as_array().unwrap().len(), 0);
    let r = api().get(s.url(&format!("/api/v1/mail-messages/{junk}"))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 404, "deleted for good");

    // Admins manage blocked senders in the mailboxes' settings.
    let a = sign_in(&s, "admin@acme.test").await;
    let html = a.get(s.url("/settings/mailboxes")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("@junk.test"), "the blocked domain is listed");
    let r = a.post(s.url("/settings/mailboxes/blocked")).form(&[("_csrf", csrf_in(&html)), ("pattern", "not a domain".into())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("error=invalid_value&field=pattern"), "{:?}", r.headers()["location"]);
    let listed: Value = get(&s, &admin, "/api/v1/blocked-senders").await;
    let id = listed["items"][0]["id"].as_str().unwrap();
    let r = a.post(s.url(&format!("/settings/mailboxes/blocked/{id}/delete"))).form(&[("_csrf", csrf_in(&html))]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("notice=sender-unblocked"));
    assert_eq!(get(&s, &admin, "/api/v1/blocked-senders").await["items"].as_array().unwrap().len(), 0);
});
