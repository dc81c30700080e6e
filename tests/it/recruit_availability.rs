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

db_test!(async fn free_times_are_suggested_in_working_hours_around_everyones_interviews(db) {
    use chrono::{Datelike, Timelike};
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let job = open_job(&s, &w, &admin, "Comptable").await;
    let body = json!({"job_id": job["id"], "name": "Léa Petit", "email": "lea@example.fr"});
    let a: Value = api().post(s.url("/api/v1/recruit/applications")).bearer_auth(&admin).json(&body).send().await.unwrap().json().await.unwrap();
    let id = a["id"].as_str().unwrap().to_string();
    let free = |query: String, token: String| {
        let (s, id) = (&s, id.clone());
        async move { api().get(s.url(&format!("/api/v1/recruit/applications/{id}/free-times?{query}"))).bearer_auth(token).send().await.unwrap() }
    };
    let both = format!("interviewers={},{}&time_zone=Europe/Zagreb&duration_minutes=60", w.admin, w.north_manager);
    let r = free(both.clone(), admin.clone()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let times: Value = r.json().await.unwrap();
    let times = times["items"].as_array().unwrap().clone();
    assert_eq!(times.len(), 5, "{times:?}");
    let zagreb: chrono_tz::Tz = "Europe/Zagreb".parse().unwrap();
    let now = chrono::Utc::now().timestamp_micros();
    let mut days = std::collections::BTreeMap::new();
    for t in &times {
        let (start, end) = (t["start"].as_i64().unwrap(), t["end"].as_i64().unwrap());
        assert_eq!(end - start, 3_600_000_000, "an hour each");
        assert!(start >= now + 3_000_000_000, "not right away");
        let local = chrono::DateTime::from_timestamp_micros(start).unwrap().with_timezone(&zagreb);
        assert_eq!(t["local"], local.format("%Y-%m-%dT%H:%M").to_string());
        // An hour from 9:00 on, over by 18:00 (a 17:00 start is the day's last).
        let ends = local + chrono::Duration::hours(1);
        let by_six = ends.hour() < 18 || (ends.hour() == 18 && ends.minute() == 0);
        assert!(local.weekday().num_days_from_monday() < 5 && local.hour() >= 9 && by_six, "working hours: {local}");
        *days.entry(local.date_naive()).or_insert(0) += 1;
    }
    assert!(days.values().all(|n| *n <= 2), "two a day at most: {days:?}");

    // One of them interviews at the first time: it is no longer offered.
    let first = times[0]["start"].as_i64().unwrap();
    let at = chrono::DateTime::from_timestamp_micros(first).unwrap().to_rfc3339();
    let plan = json!({"title": "Entretien", "interviewers": [w.north_manager.to_string()], "slots": [at], "duration_minutes": 30});
    let r = api().post(s.url(&format!("/api/v1/recruit/applications/{id}/interviews"))).bearer_auth(&admin).json(&plan).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let again: Value = free(both.clone(), admin.clone()).await.json().await.unwrap();
    let starts: Vec<i64> = again["items"].as_array().unwrap().iter().map(|t| t["start"].as_i64().unwrap()).collect();
    assert!(!starts.contains(&first) && starts.len() == 5, "{again}");
    // Alone, the admin is still free then.
    let mine: Value = free("time_zone=Europe/Zagreb&duration_minutes=60".to_string(), admin.clone()).await.json().await.unwrap();
    assert_eq!(mine["items"][0]["start"].as_i64(), Some(first));

    // Bad input names the field; someone who may not plan, or another workspace, gets nothing.
    for (query, field) in [("duration_minutes=5", "duration_minutes"), ("time_zone=Mars/Olympus", "time_zone"), ("interviewers=nobody", "interviewers.0")] {
        let r = free(query.to_string(), admin.clone()).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], field, "{query}");
    }
    let member = token_for(&db, w.ws, w.south_member).await;
    assert!(matches!(free(String::new(), member).await.status(), StatusCode::NOT_FOUND | StatusCode::FORBIDDEN));
    let other = world(&db, "Other").await;
    let stranger = token_for(&db, other.ws, other.admin).await;
    assert_eq!(free(String::new(), stranger).await.status(), StatusCode::NOT_FOUND);

    // The planning form starts with the reader's own free times filled in.
    let b = sign_in(&s, "admin@acme.test").await;
    let html = b.get(s.url(&format!("/recruit/applications/{id}"))).send().await.unwrap().text().await.unwrap();
    let filled = html.split("name=\"slot\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(filled.len(), 16, "a datetime-local value: {filled}");
    assert!(html.contains("data-free-times=\"/api/v1/recruit/applications/") && html.contains("Suggest times free for every interviewer"));
});
