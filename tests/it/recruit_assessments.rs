//! Assessments: a test platform an admin added posts a candidate's result, signed with its
//! secret (checked here against Python's hmac), and the team sees it on the application; a
//! result sent again updates it, a replay changes nothing, and unsigned or foreign posts are
//! refused.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::inbound::python_signature;
use crate::recruit::open_job;
use crate::support::{api, server_with, sign_in, token_for, world};

db_test!(async fn a_test_platform_posts_signed_results_shown_on_the_application(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let manager = token_for(&db, w.ws, w.north_manager).await;
    let c = api();
    let r = c.post(s.url("/api/v1/recruit/assessment-providers")).bearer_auth(&manager).json(&json!({"name": "TestGorilla"})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "platforms are the admins' to add");
    let r = c.post(s.url("/api/v1/recruit/assessment-providers")).bearer_auth(&admin).json(&json!({"name": " "})).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "name");
    let p: Value = c.post(s.url("/api/v1/recruit/assessment-providers")).bearer_auth(&admin).json(&json!({"name": "TestGorilla"})).send().await.unwrap().json().await.unwrap();
    let (secret, endpoint) = (p["secret"].as_str().unwrap().to_string(), p["endpoint"].as_str().unwrap().to_string());
    assert!(endpoint.ends_with(&format!("/hooks/recruit/assessments/{}", p["id"].as_str().unwrap())), "{p}");
    let listed: Value = c.get(s.url("/api/v1/recruit/assessment-providers")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert!(listed["items"][0].get("secret").is_none(), "the secret is shown once: {listed}");

    let job = open_job(&s, &w, &admin, "Comptable").await;
    let a: Value = c.post(s.url("/api/v1/recruit/applications")).bearer_auth(&admin)
        .json(&json!({"job_id": job["id"], "name": "Léa Petit", "email": "lea@example.fr"})).send().await.unwrap().json().await.unwrap();
    let app = a["id"].as_str().unwrap().to_string();
    let hook = s.url(&format!("/hooks/recruit/assessments/{}", p["id"].as_str().unwrap()));
    let now = portico_kernel::Clock::now_micros(&portico_kernel::SystemClock) / 1_000_000;
    let send = |body: Value, sig: Option<String>, key: &str| {
        let body = body.to_string();
        let sig = sig.unwrap_or_else(|| python_signature(&secret, now, body.as_bytes()));
        c.post(&hook).header("content-type", "application/json").header("X-Portico-Signature", sig).header("Idempotency-Key", key.to_string()).body(body).send()
    };
    let result = json!({"application_id": app, "test": "Excel — avancé", "score": 81.6, "grade": "B2", "summary": "Tableaux croisés maîtrisés",
        "report_url": "https://tests.example/r/1", "completed_at": "2026-12-01T10:00:00Z"});
    let r = send(result.clone(), None, "r1").await.unwrap();
    assert_eq!(r.status(), 200);
    let list = || async {
        c.get(s.url(&format!("/api/v1/recruit/applications/{app}/assessments"))).bearer_auth(&admin).send().await.unwrap().json::<Value>().await.unwrap()
    };
    let got = list().await;
    assert_eq!((got["items"][0]["score"].as_i64(), got["items"][0]["grade"].as_str(), got["items"][0]["status"].as_str(), got["items"][0]["provider"].as_str()),
               (Some(82), Some("B2"), Some("completed"), Some("TestGorilla")), "{got}");

    // Sent again for the same test: updated, not doubled; replayed: nothing changes.
    let mut again = result.clone();
    again["score"] = json!(90);
    assert_eq!(send(again, None, "r2").await.unwrap().status(), 200);
    let mut replay = result.clone();
    replay["score"] = json!(10);
    let r = send(replay, None, "r2").await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "duplicate");
    let got = list().await;
    assert_eq!((got["items"].as_array().unwrap().len(), got["items"][0]["score"].as_i64()), (1, Some(90)), "{got}");

    // Refused: a wrong signature, a score off the scale, an application of another workspace.
    assert_eq!(send(result.clone(), Some(format!("t={now},v1=00")), "r3").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let mut bad = result.clone();
    bad["score"] = json!(120);
    let r = send(bad, None, "r4").await.unwrap();
    assert_eq!((r.status(), r.json::<Value>().await.unwrap()["error"]["code"].as_str().map(str::to_string)), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_number".to_string())));
    let other = world(&db, "Beta").await;
    let stranger = token_for(&db, other.ws, other.admin).await;
    let their_job = open_job(&s, &other, &stranger, "Autre").await;
    let theirs: Value = c.post(s.url("/api/v1/recruit/applications")).bearer_auth(&stranger)
        .json(&json!({"job_id": their_job["id"], "name": "Ana", "email": "ana@example.hr"})).send().await.unwrap().json().await.unwrap();
    let mut foreign = result.clone();
    foreign["application_id"] = theirs["id"].clone();
    assert_eq!(send(foreign, None, "r5").await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(list().await["items"][0]["score"].as_i64(), Some(90));

    // The team sees it on the application.
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url(&format!("/recruit/applications/{app}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Assessments") && page.contains("Excel — avancé") && page.contains("90 %") && page.contains("https://tests.example/r/1"), "{page}");

    // Removed, the platform can post no more; what it sent stays.
    let r = c.delete(s.url(&format!("/api/v1/recruit/assessment-providers/{}", p["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(send(result, None, "r6").await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(list().await["items"].as_array().unwrap().len(), 1);
});

db_test!(async fn an_admin_adds_a_platform_from_settings_and_sees_its_secret_once(db) {
    let _w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url("/recruit/assessments")).send().await.unwrap().text().await.unwrap();
    let r = b.post(s.url("/recruit/assessments")).form(&[("_csrf", crate::support::csrf_in(&page).as_str()), ("name", "Central Test")]).send().await.unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("Platform added") && html.contains("/hooks/recruit/assessments/"), "{html}");
    let again = b.get(s.url("/recruit/assessments")).send().await.unwrap().text().await.unwrap();
    assert!(again.contains("Central Test") && !again.contains("Platform added"));
    let member = sign_in(&s, "member.south@acme.test").await;
    assert_ne!(member.get(s.url("/recruit/assessments")).send().await.unwrap().status(), StatusCode::OK);
});
