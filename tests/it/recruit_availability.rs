//! Interviewer availability: an interviewer publishes their calendar (an .ics served here by
//! a listener on loopback); Portico reads when they are busy, shows it where interviews are
//! planned, and refuses a time they are busy (in that calendar or in another interview)
//! unless the planner goes ahead anyway.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::recruit::open_job;
use crate::support::{api, csrf_in, server_with, sign_in, token_for, world};

/// Serve `ics` at `/cal.ics` on loopback; the calendar's address.
async fn calendar(ics: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/cal.ics", listener.local_addr().unwrap());
    let app = axum::Router::new().route(
        "/cal.ics",
        axum::routing::get(move || {
            let ics = ics.clone();
            async move { ics }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

fn ics_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

db_test!(async fn interviews_are_not_planned_when_an_interviewer_is_busy(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |st| st.allow_private_webhooks = true).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let day = (chrono::Utc::now() + chrono::Duration::days(2)).date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc();
    let at = |h: i64, m: i64| day + chrono::Duration::hours(h) + chrono::Duration::minutes(m);
    let ics = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:{}\r\nDTEND:{}\r\nSUMMARY:Comité de direction\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        ics_time(at(10, 0)), ics_time(at(11, 0)));
    let url = calendar(ics).await;

    // The interviewer gives their calendar's address; it is read in the background.
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url("/recruit/interviews")).send().await.unwrap().text().await.unwrap();
    let r = b.post(s.url("/recruit/interviews/busy")).form(&[("_csrf", csrf_in(&page).as_str()), ("url", "ftp://nope")]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("error="), "a wrong address is refused");
    let r = b.post(s.url("/recruit/interviews/busy")).form(&[("_csrf", csrf_in(&page).as_str()), ("url", url.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    s.worker().run_until_idle().await.unwrap();
    let page = b.get(s.url("/recruit/interviews")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("One busy time read ahead") && page.contains(&url), "{page}");
    // What the events are is never kept.
    let (kept,): (String,) = sqlx::query_as("SELECT busy FROM recruit_busy_calendars").fetch_one(db.pool()).await.unwrap();
    assert!(!kept.contains("Comité"));

    let job = open_job(&s, &w, &admin, "Comptable").await;
    let apply = |email: &str| {
        let body = json!({"job_id": job["id"], "name": "Léa Petit", "email": email});
        api().post(s.url("/api/v1/recruit/applications")).bearer_auth(&admin).json(&body).send()
    };
    let first: Value = apply("lea@example.fr").await.unwrap().json().await.unwrap();
    let second: Value = apply("hugo@example.fr").await.unwrap().json().await.unwrap();
    let plan = |app: &Value, start: chrono::DateTime<chrono::Utc>, ignore: bool| {
        let body = json!({"title": "Entretien", "interviewers": [w.admin.to_string()], "slots": [start.to_rfc3339()], "duration_minutes": 45, "ignore_busy": ignore});
        api().post(s.url(&format!("/api/v1/recruit/applications/{}/interviews", app["id"].as_str().unwrap()))).bearer_auth(&admin).json(&body).send()
    };
    // Over the calendar's meeting: refused, naming the slot; planned anyway when asked.
    let r = plan(&first, at(10, 30), false).await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let e: Value = r.json().await.unwrap();
    assert_eq!((e["error"]["code"].as_str(), e["error"]["field"].as_str()), (Some("interviewer_busy"), Some("slots.0")), "{e}");
    assert_eq!(plan(&first, at(11, 0), false).await.unwrap().status(), StatusCode::CREATED, "right after it is free");
    // Over that interview: refused too; elsewhere in the day: planned.
    assert_eq!(plan(&second, at(11, 30), false).await.unwrap().status(), StatusCode::CONFLICT);
    assert_eq!(plan(&second, at(10, 15), true).await.unwrap().status(), StatusCode::CREATED);
    assert_eq!(plan(&second, at(15, 0), false).await.unwrap().status(), StatusCode::CREATED);

    // Where interviews are planned, the team sees when they are busy.
    let html = b.get(s.url(&format!("/recruit/applications/{}", first["id"].as_str().unwrap()))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("When they are busy") && html.contains("60 minutes") && html.contains("45 minutes"), "{html}");
    // A calendar that cannot be read says why.
    let page = b.get(s.url("/recruit/interviews")).send().await.unwrap().text().await.unwrap();
    let gone = url.replace("/cal.ics", "/missing.ics");
    b.post(s.url("/recruit/interviews/busy")).form(&[("_csrf", csrf_in(&page).as_str()), ("url", gone.as_str())]).send().await.unwrap();
    s.worker().run_until_idle().await.unwrap();
    let page = b.get(s.url("/recruit/interviews")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Your calendar could not be read") && page.contains("HTTP 404"), "{page}");
});
