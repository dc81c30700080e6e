//! Rules on the core's kinds: a file uploaded to a unit e-mails a manager and an address,
//! calls a webhook and fills a field; every run is audited with the conditions that held;
//! rules never chase their own writes forever; time rules act once per record and moment;
//! business hours come from a calendar; a dry-run lists what would match and does nothing;
//! bad rules are refused at the place that is wrong; the builder works without JavaScript.

use serde_json::{Value, json};

use crate::support::{api, clock, csrf_in, server, sign_in, token_for, world};

const HOUR: i64 = 3_600_000_000;

async fn upload(s: &crate::support::Server, token: &str, unit: &str, name: &str) -> String {
    let form = reqwest::multipart::Form::new()
        .text("unit_id", unit.to_string())
        .part("file", reqwest::multipart::Part::bytes(b"Devis pour la boutique".to_vec()).file_name(name.to_string()));
    let r = api().post(s.url("/api/v1/files")).bearer_auth(token).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

async fn count(db: &portico_db::Db, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(db.pool()).await.unwrap();
    n
}

db_test!(async fn a_file_uploaded_to_a_unit_notifies_its_manager(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(&admin).json(&body).send();
    let t: Value = post("/api/v1/templates", json!({"purpose": "core.rule_email", "locale": "en", "name": "New quote",
        "subject": "New quote: {{ record.title }}", "body": "<p>{{ record.kind }} <a href=\"{{ record.link }}\">{{ record.title }}</a> ({{ rule.name }})</p>"}))
        .await.unwrap().json().await.unwrap();
    let template = t["template_key"].as_str().unwrap().to_string();
    post("/api/v1/custom-fields", json!({"record_type": "file", "key": "review", "label": "Review", "field_type": "select", "options": ["to check", "checked"]})).await.unwrap();
    let hook: Value = post("/api/v1/webhooks", json!({"url": "http://127.0.0.1:9/rules", "events": ["unit.create"]})).await.unwrap().json().await.unwrap();
    let rule = json!({
        "name": "Quotes in the North", "kind": "file", "trigger": {"type": "event", "verbs": ["upload"]}, "match": "all",
        "conditions": [
            {"field": "unit_id", "op": "within", "value": w.north.to_string()},
            {"field": "filename", "op": "contains", "value": "DEVIS"},
        ],
        "actions": [
            {"action": "core.email", "params": {"template": template, "users": [w.north_manager.to_string()], "emails": "compta@acme.test"}},
            {"action": "core.webhook", "params": {"webhook": hook["id"]}},
            {"action": "core.set_field", "params": {"field": "review", "value": "to check"}},
        ],
    });
    let r = post("/api/v1/rules", rule).await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let rule: Value = r.json().await.unwrap();
    let rule_id = rule["id"].as_str().unwrap().to_string();
    assert_eq!(rule["active"], true);

    let lille = upload(&s, &admin, &w.lille.to_string(), "devis-lille.txt").await;
    upload(&s, &admin, &w.lille.to_string(), "notes.txt").await;
    upload(&s, &admin, &w.south.to_string(), "devis-sud.txt").await;
    s.worker().run_until_idle().await.unwrap();

    // One e-mail to the manager, one to the address, about the Lille quote only.
    let sent: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT to_addr, subject, html_body FROM outbound_emails WHERE subject LIKE 'New quote%' ORDER BY to_addr")
        .fetch_all(db.pool()).await.unwrap();
    assert_eq!(sent.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(), ["compta@acme.test", "manager.north@acme.test"]);
    assert_eq!(sent[0].1, "New quote: devis-lille.txt");
    assert!(sent[0].2.contains(&format!("{}/files/{lille}", s.base)) && sent[0].2.contains("File"), "{}", sent[0].2);
    // The webhook was called with the record, and the field filled.
    let payload: (String,) = sqlx::query_as("SELECT payload FROM webhook_deliveries WHERE event = 'rule.action'").fetch_one(db.pool()).await.unwrap();
    let payload: Value = serde_json::from_str(&payload.0).unwrap();
    assert_eq!((payload["data"]["record_id"].as_str(), payload["data"]["title"].as_str()), (Some(lille.as_str()), Some("devis-lille.txt")));
    let values: Value = c.get(s.url(&format!("/api/v1/custom-values/file/{lille}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(values["review"], "to check", "{values}");
    // Audited once, with the conditions that held, and listed as the rule's runs.
    let runs: Value = c.get(s.url(&format!("/api/v1/rules/{rule_id}/runs"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let runs = runs["items"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0]["record_id"], lille.as_str());
    assert!(runs[0]["ok"].as_bool().unwrap());
    assert_eq!(runs[0]["conditions"].as_array().unwrap().iter().map(|c| c["held"].as_bool().unwrap()).collect::<Vec<_>>(), [true, true]);
    assert_eq!(runs[0]["actions"].as_array().unwrap().len(), 3);
    // The field the rule set is the rule's write, in the record's history.
    assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'file.update' AND record_id = '{lille}' AND actor_label = 'rule: Quotes in the North'")).await, 1);

    // Turned off, it does nothing.
    c.post(s.url(&format!("/api/v1/rules/{rule_id}/active"))).bearer_auth(&admin).json(&json!({"active": false})).send().await.unwrap();
    upload(&s, &admin, &w.lille.to_string(), "devis-2.txt").await;
    s.worker().run_until_idle().await.unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbound_emails WHERE subject LIKE 'New quote%'").await, 2);
});

db_test!(async fn a_failing_action_is_audited_and_undoes_the_others(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(&admin).json(&body).send();
    post("/api/v1/custom-fields", json!({"record_type": "contact", "key": "tier", "label": "Tier", "field_type": "text"})).await.unwrap();
    let hook: Value = post("/api/v1/webhooks", json!({"url": "http://127.0.0.1:9/rules"})).await.unwrap().json().await.unwrap();
    let rule: Value = post("/api/v1/rules", json!({"name": "Tier then hook", "kind": "contact", "trigger": {"type": "event", "verbs": ["create"]}, "match": "all",
        "actions": [{"action": "core.set_field", "params": {"field": "tier", "value": "gold"}}, {"action": "core.webhook", "params": {"webhook": hook["id"]}}]}))
        .await.unwrap().json().await.unwrap();
    // The webhook goes away after the rule was written.
    c.delete(s.url(&format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap();
    let contact: Value = post("/api/v1/contacts", json!({"unit_id": w.north.to_string(), "name": "Ana"})).await.unwrap().json().await.unwrap();
    s.worker().run_until_idle().await.unwrap();
    let runs: Value = c.get(s.url(&format!("/api/v1/rules/{}/runs", rule["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(runs["items"][0]["ok"], false, "{runs}");
    assert!(runs["items"][0]["error"].as_str().unwrap().contains("webhook"), "{runs}");
    let values: Value = c.get(s.url(&format!("/api/v1/custom-values/contact/{}", contact["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert!(values.get("tier").is_none(), "the field set before the failure was undone: {values}");
});

db_test!(async fn rules_do_not_chase_their_own_writes(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(&admin).json(&body).send();
    post("/api/v1/custom-fields", json!({"record_type": "contact", "key": "stage", "label": "Stage", "field_type": "text"})).await.unwrap();
    // Two rules that undo each other on every change: without protection, forever.
    for (name, value) in [("To A", "a"), ("To B", "b")] {
        let r = post("/api/v1/rules", json!({"name": name, "kind": "contact", "trigger": {"type": "event", "verbs": ["update"]}, "match": "all",
            "actions": [{"action": "core.set_field", "params": {"field": "stage", "value": value}}]})).await.unwrap();
        assert_eq!(r.status(), 201);
    }
    let contact: Value = post("/api/v1/contacts", json!({"unit_id": w.north.to_string(), "name": "Ana"})).await.unwrap().json().await.unwrap();
    let id = contact["id"].as_str().unwrap();
    c.patch(s.url(&format!("/api/v1/contacts/{id}"))).bearer_auth(&admin).json(&json!({"name": "Ana Horvat"})).send().await.unwrap();
    s.worker().run_until_idle().await.unwrap();
    // The person's change sets both off; each answers the other once, and then neither
    // may fire again on a write it caused.
    let runs = count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'rule.run'").await;
    assert_eq!(runs, 4, "each rule ran on the change and on the other's write");
    let (jobs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE kind = 'rules.run' AND status NOT IN ('done')").fetch_one(db.pool()).await.unwrap();
    assert_eq!(jobs, 0, "nothing left to run");
});

db_test!(async fn time_rules_act_once_per_record_and_moment(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(&admin).json(&body).send();
    post("/api/v1/custom-fields", json!({"record_type": "contact", "key": "followed", "label": "Followed", "field_type": "checkbox"})).await.unwrap();
    let r = post("/api/v1/rules", json!({"name": "Follow up after a day", "kind": "contact", "trigger": {"type": "time", "field": "created_at", "offset_hours": 24}, "match": "all",
        "conditions": [{"field": "company", "op": "is", "value": "Boulangerie"}],
        "actions": [{"action": "core.set_field", "params": {"field": "followed", "value": true}}]})).await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let mk = |name: &str, company: &str| post("/api/v1/contacts", json!({"unit_id": w.north.to_string(), "name": name, "company": company}));
    let ana: Value = mk("Ana", "Boulangerie").await.unwrap().json().await.unwrap();
    mk("Ivo", "Garage").await.unwrap();
    let engine = portico_core::rules::engine(&s.state);
    let now = clock().now_micros();
    assert_eq!(engine.tick(now + HOUR).await.unwrap(), 0, "not a day yet");
    assert_eq!(engine.tick(now + 25 * HOUR).await.unwrap(), 1, "Ana's day has come; Ivo is not a Boulangerie");
    assert_eq!(engine.tick(now + 26 * HOUR).await.unwrap(), 0, "once per moment");
    let values: Value = c.get(s.url(&format!("/api/v1/custom-values/contact/{}", ana["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(values["followed"], true);
    // A dry-run of the same rule shows who is due at a moment (now: nobody yet).
    let dry: Value = post("/api/v1/rules/dry-run", json!({"name": "x", "kind": "contact", "trigger": {"type": "time", "field": "created_at", "offset_hours": 0}, "match": "all",
        "conditions": [{"field": "company", "op": "is", "value": "boulangerie"}], "actions": [{"action": "core.set_field", "params": {"field": "followed", "value": true}}]}))
        .await.unwrap().json().await.unwrap();
    assert_eq!(dry["matches"].as_array().unwrap().len(), 1, "{dry}");
});

db_test!(async fn business_hours_and_dry_runs(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(&admin).json(&body).send();
    let day = |h: &str| vec![vec![h.to_string()]; 7];
    let open: Value = post("/api/v1/calendars", json!({"name": "Always", "time_zone": "Europe/Zagreb", "hours": day("00:00-24:00")})).await.unwrap().json().await.unwrap();
    assert!(open["id"].is_string(), "{open}");
    let closed: Value = post("/api/v1/calendars", json!({"name": "Never", "time_zone": "Europe/Paris", "hours": vec![Vec::<String>::new(); 7]})).await.unwrap().json().await.unwrap();
    let bad = post("/api/v1/calendars", json!({"name": "Odd", "time_zone": "Europe/Paris", "hours": [["18:00-09:00"], [], [], [], [], [], []]})).await.unwrap();
    assert_eq!((bad.status().as_u16(), bad.json::<Value>().await.unwrap()["error"]["field"].as_str().map(str::to_string)), (422, Some("hours.0".into())));
    for name in ["Ana", "Ivo"] {
        post("/api/v1/contacts", json!({"unit_id": w.north.to_string(), "name": name, "email": format!("{}@client.test", name.to_lowercase())})).await.unwrap();
    }
    post("/api/v1/contacts", json!({"unit_id": w.south.to_string(), "name": "Sud"})).await.unwrap();
    let rule = |calendar: &Value| json!({"name": "Try", "kind": "contact", "trigger": {"type": "event"}, "match": "all",
        "conditions": [{"field": "unit_id", "op": "within", "value": w.north.to_string()}, {"field": "now", "op": "in_business_hours", "value": calendar["id"]}],
        "actions": [{"action": "core.email", "params": {"template": "", "record": true}}]});
    // The e-mail needs a template: the refusal says which action and which parameter.
    let r = post("/api/v1/rules/dry-run", rule(&open)).await.unwrap();
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["field"], "actions.0.template", "{e}");
    let t: Value = post("/api/v1/templates", json!({"purpose": "core.rule_email", "locale": "en", "name": "Hello", "subject": "Hello", "body": "<p>{{ record.title }}</p>"})).await.unwrap().json().await.unwrap();
    let with = |calendar: &Value| {
        let mut r = rule(calendar);
        r["actions"][0]["params"]["template"] = t["template_key"].clone();
        r
    };
    let dry: Value = post("/api/v1/rules/dry-run", with(&open)).await.unwrap().json().await.unwrap();
    let mut names: Vec<&str> = dry["matches"].as_array().unwrap().iter().map(|m| m["title"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Ana", "Ivo"], "{dry}");
    assert_eq!(dry["matches"][0]["held"], json!([true, true]));
    let dry: Value = post("/api/v1/rules/dry-run", with(&closed)).await.unwrap().json().await.unwrap();
    assert!(dry["matches"].as_array().unwrap().is_empty(), "{dry}");
    assert_eq!(dry["checked"], 3);
    // A trial acts on nothing and records nothing.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbound_emails WHERE subject = 'Hello'").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM rules").await, 0);
    // A calendar a rule uses cannot be removed.
    let r = post("/api/v1/rules", with(&open)).await.unwrap();
    assert_eq!(r.status(), 201);
    let gone = c.delete(s.url(&format!("/api/v1/calendars/{}", open["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(gone.status(), 409);
});

db_test!(async fn bad_rules_are_refused_where_they_are_wrong(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let try_rule = |body: Value| c.post(s.url("/api/v1/rules")).bearer_auth(&admin).header("accept-language", "fr").json(&body).send();
    let base = json!({"name": "R", "kind": "file", "trigger": {"type": "event"}, "match": "all", "conditions": [],
        "actions": [{"action": "core.webhook", "params": {"webhook": "nope"}}]});
    let cases = [
        (json!({"kind": "invoice"}), "kind"),
        (json!({"trigger": {"type": "event", "verbs": ["explode"]}}), "trigger.verbs"),
        (json!({"trigger": {"type": "time", "field": "filename", "offset_hours": 2}}), "trigger.field"),
        (json!({"conditions": [{"field": "size_bytes", "op": "gt", "value": 10}, {"field": "filename", "op": "gt", "value": "a"}]}), "conditions.1.op"),
        (json!({"conditions": [{"field": "size_bytes", "op": "gt", "value": "lots"}]}), "conditions.0.value"),
        (json!({"conditions": [{"field": "secret", "op": "is", "value": "x"}]}), "conditions.0.field"),
        (json!({"conditions": [{"field": "unit_id", "op": "within", "value": "00000000-0000-0000-0000-000000000000"}]}), "conditions.0.value"),
        (json!({"actions": []}), "actions"),
        (json!({}), "actions.0.webhook"),
    ];
    for (change, field) in cases {
        let mut body = base.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = try_rule(body).await.unwrap();
        assert_eq!(r.status(), 422, "{field}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["field"], field, "{e}");
    }
    let r = try_rule(json!({"name": "R", "kind": "file", "trigger": {"type": "event"}, "match": "all",
        "conditions": [{"field": "size_bytes", "op": "gt", "value": ""}], "actions": []})).await.unwrap();
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["message"], "Condition 1, valeur : Ce champ est obligatoire.", "{e}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM rules").await, 0, "nothing stored");
    // Members may not read or write rules.
    let member = token_for(&db, w.ws, w.south_member).await;
    assert_eq!(c.get(s.url("/api/v1/rules")).bearer_auth(&member).send().await.unwrap().status(), 403);
});

db_test!(async fn the_builder_grows_rows_tries_and_saves_without_javascript(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    api().post(s.url("/api/v1/templates")).bearer_auth(&admin)
        .json(&json!({"purpose": "core.rule_email", "locale": "en", "name": "Heads up", "subject": "{{ record.title }}", "body": "<p>{{ record.link }}</p>"}))
        .send().await.unwrap();
    let b = sign_in(&s, "admin@acme.test").await;
    let url = s.url("/settings/rules/new");
    let page = b.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("name=\"c0.field\"") && page.contains("name=\"a0.action\""), "one condition and one action to start");
    let csrf = csrf_in(&page);
    let template = page.split("<option value=\"heads-up-").nth(1).unwrap().split('"').next().unwrap();
    let template = format!("heads-up-{template}");
    let base = |step: &str| {
        vec![
            ("_csrf", csrf.clone()), ("name", "Big files".to_string()), ("kind", "file".into()), ("trigger", "event".into()),
            ("verbs", "upload".into()), ("match", "all".into()),
            ("c0.field", "size_bytes".into()), ("c0.op", "gt".into()), ("c0.value", "1000".into()),
            ("a0.action", "core.email".into()), ("a0.template", template.clone()), ("a0.users", w.north_manager.to_string()),
            ("step", step.into()),
        ]
    };
    let grown = b.post(&url).form(&base("add_condition")).send().await.unwrap().text().await.unwrap();
    assert!(grown.contains("name=\"c1.field\"") && grown.contains("value=\"1000\""), "a second row, the first kept");
    // A condition on a unit offers the units by name.
    let mut on_unit = base("refresh");
    on_unit[6].1 = "unit_id".into();
    let redrawn = b.post(&url).form(&on_unit).send().await.unwrap().text().await.unwrap();
    assert!(redrawn.contains("Acme › North › Lille") && redrawn.contains("value=\"within\""), "units listed, operators of a unit");
    let mut wrong = base("save");
    wrong[8].1 = "huge".into();
    let refused = b.post(&url).form(&wrong).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Condition 1, value") && html.contains("value=\"huge\""), "the error at its row, what was typed kept");
    let tried = b.post(&url).form(&base("dry_run")).send().await.unwrap().text().await.unwrap();
    assert!(tried.contains("most recent records checked") || tried.contains("record checked") || tried.contains("No record matches"), "{tried}");
    let saved = b.post(&url).form(&base("save")).send().await.unwrap();
    assert_eq!(saved.status(), 303);
    let to = saved.headers()["location"].to_str().unwrap().to_string();
    assert!(to.ends_with("?notice=rule-saved"), "{to}");
    let shown = b.get(s.url(&to)).send().await.unwrap().text().await.unwrap();
    assert!(shown.contains("Rule saved. It is on.") && shown.contains("Big files") && shown.contains("This rule has not run yet."), "{shown}");
    let list = b.get(s.url("/settings/rules")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Big files") && list.contains("Uploaded") && list.contains("Never ran"), "{list}");
});
