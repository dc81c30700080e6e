//! Recruit's duplicates: candidates who may be one person are pointed out (same e-mail,
//! phone, name or CV), and merging one into the other loses nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::recruit::open_job;
use crate::support::{Server, api, browser, csrf_in, server_with, token_for, world};

async fn post(s: &Server, token: &str, path: &str, body: Value) -> reqwest::Response {
    api().post(s.url(path)).bearer_auth(token).json(&body).send().await.unwrap()
}

async fn get(s: &Server, token: &str, path: &str) -> Value {
    api().get(s.url(path)).bearer_auth(token).send().await.unwrap().json().await.unwrap()
}

async fn upload(s: &Server, token: &str, candidate: &str, pdf: Vec<u8>) {
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(pdf).file_name("cv.pdf"));
    let r = api()
        .post(s.url(&format!("/api/v1/recruit/candidates/{candidate}/documents")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
}

db_test!(async fn candidates_who_may_be_the_same_person_are_pointed_out(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let job = open_job(&s, &w, &admin, "Conseiller").await;
    let mut ids = Vec::new();
    for (name, email, phone) in [("Léa Petit", "lea@example.fr", "+33 6 12 34 56 78"), ("Lea P.", "lea.p@other.fr", "06.12.34.56.78"),
                                 ("léa petit", "lpetit@third.fr", ""), ("Hugo Bernard", "hugo@example.fr", "+33 7 00 00 00 01")] {
        let body = json!({"job_id": job["id"], "name": name, "email": email, "phone": phone});
        let a: Value = c.post(s.url("/api/v1/recruit/applications")).bearer_auth(&admin).json(&body).send().await.unwrap().json().await.unwrap();
        ids.push(a["candidate_id"].as_str().unwrap().to_string());
    }
    let dups: Value = c.get(s.url(&format!("/api/v1/recruit/candidates/{}/duplicates", ids[0]))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let found: Vec<(String, Vec<String>)> = dups["items"].as_array().unwrap().iter()
        .map(|d| (d["candidate"]["id"].as_str().unwrap().to_string(), d["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect()))
        .collect();
    assert_eq!(found, vec![(ids[1].clone(), vec!["phone".to_string()]), (ids[2].clone(), vec!["name".to_string()])], "{dups}");
    let b = crate::support::sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url(&format!("/recruit/candidates/{}", ids[0]))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Possibly the same person") && page.contains("same phone") && page.contains(&ids[1]));
    let alone = b.get(s.url(&format!("/recruit/candidates/{}", ids[3]))).send().await.unwrap().text().await.unwrap();
    assert!(!alone.contains("Possibly the same person"));
});

db_test!(async fn the_same_cv_under_the_same_name_or_the_same_file_is_pointed_out(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let job = open_job(&s, &w, &admin, "Conseiller").await;
    let lines = ["Marko Kovač", "Experience", "Store manager at Lumina, Zagreb", "2019 - 2025",
        "Led a team of eight advisers and the yearly budget", "Education", "Master in management, University of Zagreb", "2017"];
    let mut ids = Vec::new();
    for (name, email) in [("Marko Kovač", "marko@example.hr"), ("Marko Kovač", "mkovac@work.hr"), ("Ivan Horvat", "ivan@example.hr"),
                          ("Ana Kos", "ana@example.hr")] {
        let a: Value = post(&s, &admin, "/api/v1/recruit/applications", json!({"job_id": job["id"], "name": name, "email": email})).await.json().await.unwrap();
        ids.push(a["candidate_id"].as_str().unwrap().to_string());
    }
    upload(&s, &admin, &ids[0], portico_testkit::pdf(&lines)).await;
    // Sent again a year later, one line changed: alike, under the same name.
    let mut later = lines.to_vec();
    later[3] = "2019 - 2026";
    upload(&s, &admin, &ids[1], portico_testkit::pdf(&later)).await;
    // Someone else in the same trade, and the very same file under another name.
    upload(&s, &admin, &ids[2], portico_testkit::pdf(&["Ivan Horvat", "Experience", "Store manager at Mercator, Split", "2015 - 2023",
        "Ran the shop floor and the weekly orders", "Education", "Economics, University of Split", "2014"])).await;
    upload(&s, &admin, &ids[3], portico_testkit::pdf(&lines)).await;
    s.worker().run_until_idle().await.unwrap();
    let dups = get(&s, &admin, &format!("/api/v1/recruit/candidates/{}/duplicates", ids[0])).await;
    let found: Vec<(String, Value)> = dups["items"].as_array().unwrap().iter()
        .map(|d| (d["candidate"]["id"].as_str().unwrap().to_string(), d["reasons"].clone())).collect();
    let mut want = vec![(ids[1].clone(), json!(["name", "cv"])), (ids[3].clone(), json!(["cv"]))];
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(found, want, "{dups}");
});

db_test!(async fn merging_a_duplicate_loses_nothing(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let (first, second, third) = (
        open_job(&s, &w, &admin, "Conseiller").await,
        open_job(&s, &w, &admin, "Chef d'agence").await,
        open_job(&s, &w, &admin, "Assistant").await,
    );
    let apply = |job: &Value, name: &str, email: &str, phone: &str| {
        let body = json!({"job_id": job["id"], "name": name, "email": email, "phone": phone});
        let s = &s;
        let admin = admin.clone();
        async move { post(s, &admin, "/api/v1/recruit/applications", body).await.json::<Value>().await.unwrap() }
    };
    let kept_first = apply(&first, "Léa Petit", "lea@example.fr", "").await;
    let kept_second = apply(&second, "Léa Petit", "lea@example.fr", "").await;
    let dup_first = apply(&first, "L. Petit", "lea.petit@work.fr", "+33 6 12 34 56 78").await;
    let dup_third = apply(&third, "L. Petit", "lea.petit@work.fr", "+33 6 12 34 56 78").await;
    let (kept, dup) = (kept_first["candidate_id"].as_str().unwrap().to_string(), dup_first["candidate_id"].as_str().unwrap().to_string());
    let id = |a: &Value| a["id"].as_str().unwrap().to_string();
    // What the duplicate holds: a move, comments, a CV, a pool place, tags, a portal session.
    let stage = first["stages"][1]["id"].clone();
    assert_eq!(post(&s, &admin, &format!("/api/v1/recruit/applications/{}/move", id(&dup_first)), json!({"stage_id": stage})).await.status(), 200);
    for (app, body) in [(id(&dup_first), "Appelée lundi"), (id(&dup_third), "Disponible en janvier")] {
        assert_eq!(post(&s, &admin, &format!("/api/v1/recruit/applications/{app}/comments"), json!({"body": body})).await.status(), 201);
    }
    upload(&s, &admin, &dup, portico_testkit::pdf(&["L. Petit", "lea.petit@work.fr", "Adviser at Banque du Rhône 2018-2024"])).await;
    let pool: Value = post(&s, &admin, "/api/v1/recruit/pools", json!({"unit_id": w.root.to_string(), "name": "Finalistes"})).await.json().await.unwrap();
    let members = format!("/api/v1/recruit/pools/{}/candidates", pool["id"].as_str().unwrap());
    assert_eq!(post(&s, &admin, &members, json!({"candidate_id": dup})).await.status(), 204);
    let tagged = api().patch(s.url(&format!("/api/v1/recruit/candidates/{dup}"))).bearer_auth(&admin)
        .json(&json!({"tags": "bilingue", "skills": "Crédit immobilier"})).send().await.unwrap();
    assert_eq!(tagged.status(), 200);
    let contact: portico_kernel::ContactId = get(&s, &admin, &format!("/api/v1/recruit/candidates/{dup}")).await["contact_id"].as_str().unwrap().parse().unwrap();
    let mut tx = db.begin().await.unwrap();
    let token = portico_authz::relation::open_session(&mut tx, w.ws, contact, s.state.clock.now_micros()).await.unwrap();
    tx.commit().await.unwrap();
    // Test results on both applications to the first job, one of the same test.
    let p: Value = post(&s, &admin, "/api/v1/recruit/assessment-providers", json!({"name": "TestGorilla"})).await.json().await.unwrap();
    let hook = format!("/hooks/recruit/assessments/{}", p["id"].as_str().unwrap());
    for (app, test, score) in [(id(&kept_first), "Excel", 70), (id(&dup_first), "Excel", 90), (id(&dup_first), "Anglais", 60)] {
        let body = json!({"application_id": app, "test": test, "score": score}).to_string();
        let t = portico_kernel::Clock::now_micros(&portico_kernel::SystemClock) / 1_000_000;
        let r = api().post(s.url(&hook)).header("X-Portico-Signature", portico_webhooks::sign(p["secret"].as_str().unwrap(), t, &body))
            .header("content-type", "application/json").body(body).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    s.worker().run_until_idle().await.unwrap();

    // Bad input names the field; another unit's member may not merge what they cannot see.
    let merge = |who: String, into: String, body: Value| {
        let s = &s;
        async move { post(s, &who, &format!("/api/v1/recruit/candidates/{into}/merge"), body).await }
    };
    for body in [json!({"duplicate_id": kept}), json!({"duplicate_id": "nope"}), json!({"duplicate_id": uuid::Uuid::now_v7().to_string()})] {
        let r = merge(admin.clone(), kept.clone(), body.clone()).await;
        let status = r.status();
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["field"], "duplicate_id", "{body}: {e}");
        assert!(status == 422 || status == 404, "{body}: {status}");
    }
    let south = token_for(&db, w.ws, w.south_member).await;
    assert_eq!(merge(south, kept.clone(), json!({"duplicate_id": dup})).await.status(), 404);

    let r = merge(admin.clone(), kept.clone(), json!({"duplicate_id": dup})).await;
    assert_eq!(r.status(), 200);
    let k: Value = r.json().await.unwrap();
    assert_eq!(api().get(s.url(&format!("/api/v1/recruit/candidates/{dup}"))).bearer_auth(&admin).send().await.unwrap().status(), 404);
    assert_eq!((k["phone"].as_str(), k["skills"].as_str(), k["tags"].as_str()), (Some("+33 6 12 34 56 78"), Some("Crédit immobilier"), Some("bilingue")), "{k}");
    assert_eq!(k["documents"].as_array().unwrap().len(), 1);

    // Applications: the third job's moves over; the first job's two become the kept one.
    let apps = get(&s, &admin, &format!("/api/v1/recruit/applications?candidate_id={kept}")).await;
    let mut have: Vec<String> = apps["items"].as_array().unwrap().iter().map(id).collect();
    have.sort();
    let mut want = vec![id(&kept_first), id(&kept_second), id(&dup_third)];
    want.sort();
    assert_eq!(have, want, "{apps}");
    assert_eq!(api().get(s.url(&format!("/api/v1/recruit/applications/{}", id(&dup_first)))).bearer_auth(&admin).send().await.unwrap().status(), 404);
    let comments = get(&s, &admin, &format!("/api/v1/recruit/applications/{}/comments", id(&kept_first))).await;
    let bodies: Vec<&str> = comments.as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    assert!(bodies.contains(&"Appelée lundi"), "{comments}");
    let stages = first["stages"].as_array().unwrap();
    let note = bodies.iter().find(|b| b.starts_with("Merged from a duplicate application")).unwrap_or_else(|| panic!("{comments}"));
    assert!(note.contains(stages[0]["name"].as_str().unwrap()) && note.contains(stages[1]["name"].as_str().unwrap()), "{note}");
    assert!(note.contains("Excel (TestGorilla): 90 %"), "the result that could not stand beside the kept one: {note}");
    let results = get(&s, &admin, &format!("/api/v1/recruit/applications/{}/assessments", id(&kept_first))).await;
    let mut tests: Vec<(String, i64)> = results["items"].as_array().unwrap().iter().map(|r| (r["test"].as_str().unwrap().to_string(), r["score"].as_i64().unwrap())).collect();
    tests.sort();
    assert_eq!(tests, vec![("Anglais".to_string(), 60), ("Excel".to_string(), 70)]);
    let third_comments = get(&s, &admin, &format!("/api/v1/recruit/applications/{}/comments", id(&dup_third))).await;
    assert_eq!(third_comments[0]["body"], "Disponible en janvier");
    let in_pool = get(&s, &admin, &members).await;
    assert_eq!(in_pool["items"].as_array().unwrap().iter().map(|m| m["candidate_id"].as_str().unwrap()).collect::<Vec<_>>(), vec![kept.as_str()], "{in_pool}");

    // Their other address finds them: applying with it again is the same application.
    let again = apply(&second, "L. Petit", "lea.petit@work.fr", "").await;
    assert_eq!(again["id"], kept_second["id"], "{again}");
    // Their portal session now shows all of the kept candidate's applications.
    let mine = browser().get(s.url("/p/acme/careers/applications")).header("cookie", format!("portico_portal={token}"))
        .send().await.unwrap().text().await.unwrap();
    assert!(mine.contains("Chef d") && mine.contains("Assistant") && mine.contains("Conseiller"), "{mine}");

    // The numbers count one application per person and job, as a rebuild does.
    let rows = || async {
        sqlx::query_as::<_, (String, String, i64, i64, i64)>(
            "SELECT category, reason, CAST(SUM(applications) AS BIGINT), CAST(SUM(reached) AS BIGINT), CAST(SUM(rejections) AS BIGINT) FROM rollup_recruit
             GROUP BY category, reason HAVING SUM(applications) <> 0 OR SUM(reached) <> 0 OR SUM(rejections) <> 0 ORDER BY 1, 2",
        ).fetch_all(db.pool()).await.unwrap()
    };
    let counted = rows().await;
    assert_eq!(counted.iter().map(|r| r.2).sum::<i64>(), 3, "{counted:?}");
    for statement in portico_recruit::reports::ROLLUP.rebuild {
        sqlx::query(sqlx::AssertSqlSafe(*statement)).bind(w.ws.to_string()).execute(db.pool()).await.unwrap();
    }
    assert_eq!(rows().await, counted);
    // And the audit log says who merged whom.
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action LIKE '%merge' AND record_id = $1")
        .bind(kept.clone()).fetch_one(db.pool()).await.unwrap();
    assert_eq!(n, 1);
});

db_test!(async fn a_recruiter_merges_a_duplicate_from_the_candidate_page(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let job = open_job(&s, &w, &admin, "Conseiller").await;
    let mut ids = Vec::new();
    for email in ["hugo@example.fr", "hugo.b@example.fr"] {
        let a: Value = post(&s, &admin, "/api/v1/recruit/applications", json!({"job_id": job["id"], "name": "Hugo Bernard", "email": email})).await.json().await.unwrap();
        ids.push(a["candidate_id"].as_str().unwrap().to_string());
    }
    let b = crate::support::sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url(&format!("/recruit/candidates/{}", ids[0]))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Merge into this profile") && page.contains("same name"), "{page}");
    let r = b.post(s.url(&format!("/recruit/candidates/{}/merge", ids[0])))
        .form(&[("_csrf", csrf_in(&page).as_str()), ("duplicate_id", ids[1].as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.contains("notice=recruit-merged"), "{to}");
    let after = b.get(s.url(&to)).send().await.unwrap().text().await.unwrap();
    assert!(after.contains("Profiles merged") && !after.contains("Merge into this profile"), "{after}");
});
