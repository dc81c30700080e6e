//! Reports on the core's data: files per unit and activity per person and day, counted from
//! roll-ups kept by every write (moves and deletions included), within the reader's units;
//! a report reads as many roll-up rows as it has groups, not as many as there were writes;
//! the chart, the table and the CSV carry the same numbers; saved reports follow their unit
//! and are e-mailed to each recipient as they would see them.

use serde_json::{Value, json};

use crate::support::{api, csrf_in, server, sign_in, token_for, world};

async fn upload(s: &crate::support::Server, token: &str, unit: &str, name: &str, bytes: &[u8]) -> String {
    let form = reqwest::multipart::Form::new()
        .text("unit_id", unit.to_string())
        .part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()));
    let r = api().post(s.url("/api/v1/files")).bearer_auth(token).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

/// (first label, values) of each line.
fn rows(a: &Value) -> Vec<(String, Vec<i64>)> {
    a["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["labels"][0].as_str().unwrap().to_string(),
                l["values"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect(),
            )
        })
        .collect()
}

db_test!(async fn files_per_unit_follow_uploads_moves_and_deletions(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let lille = upload(&s, &admin, &w.lille.to_string(), "a.txt", &[b'a'; 100]).await;
    upload(&s, &admin, &w.lille.to_string(), "b.txt", &[b'b'; 50]).await;
    let moved = upload(&s, &admin, &w.north.to_string(), "c.txt", &[b'c'; 10]).await;
    upload(&s, &admin, &w.south.to_string(), "d.txt", &[b'd'; 7]).await;
    c.patch(s.url(&format!("/api/v1/files/{moved}"))).bearer_auth(&admin).json(&json!({"unit_id": w.south.to_string()})).send().await.unwrap();
    c.delete(s.url(&format!("/api/v1/files/{lille}"))).bearer_auth(&admin).send().await.unwrap();
    let def = json!({"dataset": "core.files", "metrics": ["files", "bytes"], "group_by": ["unit"], "days": 30, "chart": "bar"});
    let a: Value = c.post(s.url("/api/v1/reports/answer")).bearer_auth(&admin).json(&def).send().await.unwrap().json().await.unwrap();
    assert_eq!(rows(&a), [("Acme › South".to_string(), vec![2, 17]), ("Acme › North › Lille".to_string(), vec![1, 50])], "{a}");
    assert_eq!(a["totals"], json!([3, 67]));
    let svg = a["chart_svg"].as_str().unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Acme › South"), "the chart names the units");
    // The North manager sees North and Lille only; activity is for admins.
    let manager = token_for(&db, w.ws, w.north_manager).await;
    let a: Value = c.post(s.url("/api/v1/reports/answer")).bearer_auth(&manager).json(&def).send().await.unwrap().json().await.unwrap();
    assert_eq!(rows(&a), [("Acme › North › Lille".to_string(), vec![1, 50])], "{a}");
    let activity = json!({"dataset": "core.activity", "metrics": ["events"], "group_by": ["day"], "days": 7});
    assert_eq!(c.post(s.url("/api/v1/reports/answer")).bearer_auth(&manager).json(&activity).send().await.unwrap().status(), 403);
    let sets: Value = c.get(s.url("/api/v1/report-datasets")).bearer_auth(&manager).send().await.unwrap().json().await.unwrap();
    assert_eq!(sets["items"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect::<Vec<_>>(), ["core.files", "recruit.pipeline"], "every dataset but the admins' activity");
    // Bad choices are refused at their place.
    for (change, field) in [
        (json!({"metrics": ["nope"]}), "metrics.0"),
        (json!({"group_by": ["day", "week"]}), "group_by.1"),
        (json!({"days": 0}), "days"),
        (json!({"dataset": "core.secrets"}), "dataset"),
    ] {
        let mut bad = def.clone();
        for (k, v) in change.as_object().unwrap() {
            bad[k] = v.clone();
        }
        let e: Value = c.post(s.url("/api/v1/reports/answer")).bearer_auth(&admin).json(&bad).send().await.unwrap().json().await.unwrap();
        assert_eq!(e["error"]["field"], field, "{e}");
    }
});

db_test!(async fn activity_per_day_and_person_costs_its_groups_not_its_writes(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let manager = token_for(&db, w.ws, w.north_manager).await;
    let c = api();
    for (token, n) in [(&admin, 60), (&manager, 25)] {
        for i in 0..n {
            let r = c.post(s.url("/api/v1/contacts")).bearer_auth(token).json(&json!({"unit_id": w.north.to_string(), "name": format!("C{i}")})).send().await.unwrap();
            assert_eq!(r.status(), 201);
        }
    }
    let def = json!({"dataset": "core.activity", "metrics": ["events"], "group_by": ["actor"], "filters": [{"dimension": "kind", "values": ["contact"]}], "days": 1, "chart": "bar"});
    let a: Value = c.post(s.url("/api/v1/reports/answer")).bearer_auth(&admin).json(&def).send().await.unwrap().json().await.unwrap();
    let people: Vec<(String, Vec<i64>)> = rows(&a);
    assert_eq!(people.iter().map(|p| p.1[0]).collect::<Vec<_>>(), [60, 25], "{a}");
    assert!(people[1].0.contains("manager.north") || !people[1].0.is_empty());
    // 85 writes, two people, one hour (or two, at an hour's turn): at most four groups read.
    assert!(a["groups_read"].as_i64().unwrap() <= 4, "{a}");
    // By day: today's bucket carries them all; the period's other days are there with zero.
    let by_day = json!({"dataset": "core.activity", "metrics": ["events"], "group_by": ["day"], "filters": [{"dimension": "kind", "values": ["contact"]}], "days": 7});
    let a: Value = c.post(s.url("/api/v1/reports/answer")).bearer_auth(&admin).json(&by_day).send().await.unwrap().json().await.unwrap();
    let days = rows(&a);
    assert_eq!(days.len(), 7);
    assert_eq!(days.iter().map(|d| d.1[0]).sum::<i64>(), 85);
    assert_eq!(days.last().unwrap().1[0], 85, "today, last");
    // Filtered to a unit (with those under it): the contacts are all in North.
    let in_unit = |unit: String| json!({"dataset": "core.activity", "metrics": ["events"], "group_by": [],
        "filters": [{"dimension": "unit", "values": [unit]}, {"dimension": "kind", "values": ["contact"]}], "days": 7});
    let a: Value = c.post(s.url("/api/v1/reports/answer")).bearer_auth(&admin).json(&in_unit(w.root.to_string())).send().await.unwrap().json().await.unwrap();
    assert_eq!(a["totals"], json!([85]), "{a}");
    let a: Value = c.post(s.url("/api/v1/reports/answer")).bearer_auth(&admin).json(&in_unit(w.south.to_string())).send().await.unwrap().json().await.unwrap();
    assert_eq!(a["totals"], json!([0]), "{a}");
});

db_test!(async fn saved_reports_are_shared_by_unit_and_mailed_as_each_reader_sees_them(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    upload(&s, &admin, &w.lille.to_string(), "north.txt", b"north").await;
    upload(&s, &admin, &w.south.to_string(), "south.txt", b"south!").await;
    upload(&s, &admin, &w.south.to_string(), "south-2.txt", b"south!").await;
    let input = json!({"name": "Files per unit", "unit_id": w.north.to_string(), "schedule": "daily",
        "recipients": [w.north_manager.to_string(), w.south_member.to_string(), w.admin.to_string()],
        "definition": {"dataset": "core.files", "metrics": ["files"], "group_by": ["unit"], "days": 30, "chart": "bar"}});
    let r = c.post(s.url("/api/v1/reports")).bearer_auth(&admin).json(&input).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let saved: Value = r.json().await.unwrap();
    let id = saved["id"].as_str().unwrap().to_string();
    assert!(saved["next_send_at"].as_i64().is_some());
    // A schedule needs someone to send to.
    let mut lonely = input.clone();
    lonely["recipients"] = json!([]);
    let e: Value = c.post(s.url("/api/v1/reports")).bearer_auth(&admin).json(&lonely).send().await.unwrap().json().await.unwrap();
    assert_eq!(e["error"]["field"], "recipients");
    // The South member does not see North: not its reports either.
    let member = token_for(&db, w.ws, w.south_member).await;
    assert_eq!(c.get(s.url(&format!("/api/v1/reports/{id}"))).bearer_auth(&member).send().await.unwrap().status(), 404);
    let csv = c.get(s.url(&format!("/api/v1/reports/{id}/csv"))).bearer_auth(&admin).send().await.unwrap().text().await.unwrap();
    assert_eq!(csv, "Unit,Files\nAcme › South,2\nAcme › North › Lille,1\n");

    // Due now: each recipient who sees North gets it with their own numbers.
    sqlx::query("UPDATE reports SET next_send_at = 1").execute(db.pool()).await.unwrap();
    let n = portico_core::reports::send::send_due(&s.state).await.unwrap();
    assert_eq!(n, 2, "the South member is skipped");
    let mails: Vec<(String, String, String)> = sqlx::query_as("SELECT to_addr, html_body, id FROM outbound_emails WHERE subject LIKE 'Files per unit%' ORDER BY to_addr").fetch_all(db.pool()).await.unwrap();
    assert_eq!(mails.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(), ["admin@acme.test", "manager.north@acme.test"]);
    let (admin_mail, manager_mail) = (&mails[0].1, &mails[1].1);
    assert!(admin_mail.contains("<svg") && admin_mail.contains("Acme › South"), "the admin sees every unit");
    assert!(manager_mail.contains("Acme › North › Lille") && !manager_mail.contains("Acme › South"), "the manager sees North only");
    let (files, ct): (String, String) = sqlx::query_as("SELECT filename, content_type FROM outbound_attachments WHERE email_id = $1").bind(mails[1].2.clone()).fetch_one(db.pool()).await.unwrap();
    assert_eq!((files.as_str(), ct.as_str()), ("files-per-unit.csv", "text/csv"));
    let (next,): (Option<i64>,) = sqlx::query_as("SELECT next_send_at FROM reports WHERE id = $1").bind(id.clone()).fetch_one(db.pool()).await.unwrap();
    assert!(next.unwrap() > 1, "the next sending is planned");
    assert_eq!(portico_core::reports::send::send_due(&s.state).await.unwrap(), 0, "not twice");
});

db_test!(async fn the_report_page_draws_the_chart_and_saves_it(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    upload(&s, &admin, &w.lille.to_string(), "a.txt", b"aaaa").await;
    let b = sign_in(&s, "admin@acme.test").await;
    let list = b.get(s.url("/reports")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Files per unit") && list.contains("Activity per person"), "ready-made starts");
    let page = b.get(s.url("/reports/new?dataset=core.files&metric=files&g1=unit&days=30&chart=bar")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("<svg") && page.contains("<td>Acme › North › Lille</td>") && page.contains("class=\"num\">1</td>"), "{page}");
    let csv = b.get(s.url("/reports/new?dataset=core.files&metric=files&g1=unit&days=30&format=csv")).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.text().await.unwrap(), "Unit,Files\nAcme › North › Lille,1\n");
    let csrf = csrf_in(&page);
    let form = [("_csrf", csrf.as_str()), ("dataset", "core.files"), ("metric", "files"), ("g1", "unit"), ("days", "30"), ("chart", "bar"),
        ("name", ""), ("unit_id", &w.north.to_string()), ("schedule", "none")];
    let refused = b.post(s.url("/reports/new")).form(&form).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("This field is required"));
    let mut named = form.to_vec();
    named[6].1 = "Lille files";
    let saved = b.post(s.url("/reports/new")).form(&named).send().await.unwrap();
    assert_eq!(saved.status(), 303);
    let to = saved.headers()["location"].to_str().unwrap().to_string();
    let shown = b.get(s.url(&to)).send().await.unwrap().text().await.unwrap();
    assert!(shown.contains("Report saved.") && shown.contains("Lille files") && shown.contains("<svg"), "{shown}");
});
