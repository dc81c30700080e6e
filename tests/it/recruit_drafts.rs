//! Writing help: job ads and candidate e-mails drafted by Portico's templates (the same
//! draft from the same facts, in the reader's language), by a model behind an
//! OpenAI-compatible endpoint (a listener on loopback speaks the protocol here) when one is
//! set, and by the templates again, saying why, when the model fails.

use std::sync::{Arc, Mutex};

use portico_kernel::locale::Locale;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::recruit::open_job;
use crate::support::{api, csrf_in, server_with, sign_in, token_for, world};

/// A chat-completions endpoint on loopback answering `status` with `content`; the requests it
/// received.
async fn model(status: u16, content: &'static str) -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    let app = axum::Router::new().route(
        "/v1/chat/completions",
        axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(body);
                let answer = json!({"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]});
                (axum::http::StatusCode::from_u16(status).unwrap(), axum::Json(answer))
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

fn brief() -> Value {
    json!({"title": "Conseiller clientèle", "location": "Lyon", "contract": "permanent", "salary_min": 38000, "salary_max": 45000,
           "salary_currency": "EUR", "notes": "Accueillir les clients en agence\n- Conseil\n- Vente <b>", "locale": "fr"})
}

db_test!(async fn without_a_model_the_templates_draft_the_same_ad_in_the_ads_language(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let draft = || async { api().post(s.url("/api/v1/recruit/drafts/job-ad")).bearer_auth(&admin).json(&brief()).send().await.unwrap().json::<Value>().await.unwrap() };
    let d = draft().await;
    assert_eq!((d["source"].as_str(), d["warning"].as_str()), (Some("template"), None));
    let text = d["text"].as_str().unwrap();
    assert!(text.starts_with("<p>Acme recrute : Conseiller clientèle à Lyon"), "{text}");
    // The salary is written as the career site writes it, in the ad's language.
    let salary = format!("{} – {} EUR par an", Locale::Fr.format_integer(38000), Locale::Fr.format_integer(45000));
    assert!(text.contains("<li>Vente &lt;b&gt;</li>") && text.contains(&format!("Rémunération : {salary}")), "{text}");
    assert_eq!(draft().await["text"], d["text"], "the same facts, the same draft");
    let r = api().post(s.url("/api/v1/recruit/drafts/job-ad")).bearer_auth(&admin).json(&json!({"title": " "})).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "title");

    // An e-mail to a candidate, in their language, signed by the one who writes it.
    let job = open_job(&s, &w, &admin, "Comptable").await;
    let a: Value = api().post(s.url("/api/v1/recruit/applications")).bearer_auth(&admin)
        .json(&json!({"job_id": job["id"], "name": "Ana Horvat", "email": "ana@example.hr", "locale": "hr"})).send().await.unwrap().json().await.unwrap();
    let mail = |purpose: &str, token: &str| {
        let body = json!({"application_id": a["id"], "purpose": purpose, "notes": "Razgovor traje sat vremena."});
        api().post(s.url("/api/v1/recruit/drafts/candidate-email")).bearer_auth(token.to_string()).json(&body).send()
    };
    let m: Value = mail("invite", &admin).await.unwrap().json().await.unwrap();
    assert_eq!(m["subject"], "Vaša prijava za Comptable: upoznajmo se");
    let text = m["text"].as_str().unwrap();
    assert!(text.starts_with("Poštovani/a Ana,") && text.contains("Razgovor traje sat vremena.") && text.ends_with("\nadmin@acme.test"), "{text}");
    let r = mail("flatter", &admin).await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "purpose");
    let other = world(&db, "Beta").await;
    let stranger = token_for(&db, other.ws, other.admin).await;
    assert_eq!(mail("invite", &stranger).await.unwrap().status(), StatusCode::NOT_FOUND);

    // On the application, the draft fills the e-mail form.
    let b = sign_in(&s, "admin@acme.test").await;
    let path = format!("/recruit/applications/{}", a["id"].as_str().unwrap());
    let page = b.get(s.url(&path)).send().await.unwrap().text().await.unwrap();
    let r = b.post(s.url(&format!("{path}/emails/draft"))).form(&[("_csrf", csrf_in(&page).as_str()), ("purpose", "reject"), ("message", "")]).send().await.unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"Vaša prijava za Comptable\"") && html.contains("Odlučili smo ne nastaviti") && html.contains("A draft is in the message"), "{html}");
});

db_test!(async fn a_configured_model_drafts_and_a_failing_one_leaves_it_to_the_templates(db) {
    let w = world(&db, "Acme").await;
    let (base, seen) = model(200, "<p>Rejoignez Acme à Lyon.</p><script>alert(1)</script>").await;
    let s = server_with(&db, |st| { st.assistant.url = Some(base.clone()); st.assistant.model = "local-7b".into(); }).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let d: Value = api().post(s.url("/api/v1/recruit/drafts/job-ad")).bearer_auth(&admin).json(&brief()).send().await.unwrap().json().await.unwrap();
    assert_eq!((d["source"].as_str(), d["text"].as_str()), (Some("model"), Some("<p>Rejoignez Acme à Lyon.</p>")), "sanitized: {d}");
    let asked = seen.lock().unwrap()[0].clone();
    assert_eq!(asked["model"], "local-7b");
    let said = asked["messages"].to_string();
    let salary = format!("{} – {} EUR par an", Locale::Fr.format_integer(38000), Locale::Fr.format_integer(45000));
    assert!(said.contains("French") && said.contains("Conseiller clientèle") && said.contains(&salary), "{said}");

    let (down, _) = model(500, "").await;
    let s = server_with(&db, |st| st.assistant.url = Some(down.clone())).await;
    let d: Value = api().post(s.url("/api/v1/recruit/drafts/job-ad")).bearer_auth(&admin).json(&brief()).send().await.unwrap().json().await.unwrap();
    assert_eq!((d["source"].as_str(), d["warning"].as_str()), (Some("template"), Some("the model answered HTTP 500")), "{d}");
    assert!(d["text"].as_str().unwrap().starts_with("<p>Acme recrute"));

    // On the job form, the draft lands in the description, saying where it came from.
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url("/recruit/jobs/new")).send().await.unwrap().text().await.unwrap();
    let r = b.post(s.url("/recruit/jobs/draft")).form(&[("_csrf", csrf_in(&page).as_str()), ("title", "Caissier"), ("location", "Lyon"),
        ("contract", "temporary"), ("locale", "en"), ("unit_id", &w.north.to_string()), ("description", "- Till\n- Smiles")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("Acme is hiring: Caissier in Lyon") && html.contains("did not answer"), "{html}");
});
