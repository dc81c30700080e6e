use serde_json::{Value, json};

use crate::support::{api, browser, csrf_in, server, sign_in, token_for, world};

db_test!(async fn health_headers_and_openapi(db) {
    let s = server(&db).await;
    let c = api();
    assert_eq!(c.get(s.url("/healthz")).send().await.unwrap().text().await.unwrap(), "ok");
    assert_eq!(c.get(s.url("/readyz")).send().await.unwrap().status(), 200);
    let r = c.get(s.url("/login")).send().await.unwrap();
    let h = r.headers();
    assert!(h["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.get("x-request-id").is_some());
    let doc: Value = c.get(s.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(doc["paths"]["/api/v1/units"].is_object());
});

#[test]
fn committed_openapi_is_current() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.json")).unwrap_or_default();
    let current = crate::support::suite().openapi_pretty().unwrap();
    assert!(committed.trim() == current.trim(), "openapi.json is stale: run `cargo run -- openapi > openapi.json`");
}

db_test!(async fn api_errors_name_the_field_in_the_callers_language(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let post = |body: &'static [u8], ct: &'static str| c.post(s.url("/api/v1/units")).bearer_auth(&token).header("content-type", ct).body(body);
    let err = |v: Value| (v["error"]["code"].as_str().unwrap().to_string(), v["error"]["field"].as_str().map(str::to_string));

    let r = post(b"{not json", "application/json").send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(err(r.json().await.unwrap()).0, "malformed_json");
    let r = post(b"{\"name\": \"\xff\xfe\"}", "application/json").send().await.unwrap();
    assert_eq!(r.status(), 400, "bad UTF-8");
    let r = post(b"{\"name\": \"x\"}", "application/json").send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(err(r.json().await.unwrap()), ("required".into(), Some("parent_id".into())));
    let r = post(b"{\"name\": \"x\", \"parent_id\": \"x\", \"colour\": 1}", "application/json").send().await.unwrap();
    assert_eq!(err(r.json().await.unwrap()), ("invalid_value".into(), Some("colour".into())));
    let r = post(b"\"just text\"", "application/json").send().await.unwrap();
    assert_eq!(r.status(), 400);
    let r = post(b"name=x", "application/x-www-form-urlencoded").send().await.unwrap();
    assert_eq!(r.status(), 415);

    let root = w.root.to_string();
    let r = c.post(s.url("/api/v1/units")).bearer_auth(&token).header("accept-language", "fr-FR,fr;q=0.9").json(&json!({"parent_id": root, "name": "  "})).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["field"], "name");
    assert_eq!(v["error"]["message"], "Nom : Ce champ est obligatoire.");
    let r = c.post(s.url("/api/v1/custom-fields")).bearer_auth(&token).header("accept-language", "hr").json(&json!({"record_type": "unit", "key": "k", "label": "K", "field_type": "colour"})).send().await.unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!((v["error"]["code"].as_str(), v["error"]["field"].as_str()), (Some("invalid_value"), Some("field_type")));
    assert_eq!(v["error"]["message"], "Vrsta polja: Ova vrijednost nije dopuštena.");

    // An oversized body is refused from its declared length, before it is read: a raw
    // request announcing 31 MB gets its 413 without sending a byte of it.
    let mut raw = tokio::net::TcpStream::connect(s.base.trim_start_matches("http://")).await.unwrap();
    let head = format!(
        "POST /api/v1/units HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        31 * 1024 * 1024
    );
    tokio::io::AsyncWriteExt::write_all(&mut raw, head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 64];
    let read = tokio::io::AsyncReadExt::read(&mut raw, &mut answer);
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), read).await.expect("an answer without the body").unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 413"), "{}", String::from_utf8_lossy(&answer[..n]));
    let r = c.get(s.url("/api/v1/users?limit=0")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(err(r.json().await.unwrap()), ("invalid_value".into(), Some("limit".into())));
    let r = c.get(s.url("/api/v1/users?cursor=nope")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(c.get(s.url("/api/v1/units")).send().await.unwrap().status(), 401);
    assert_eq!(c.get(s.url("/api/v1/units")).bearer_auth("pt_forged").send().await.unwrap().status(), 401);
    // Any Authorization header means token auth only: a session cookie is then ignored.
    let session = crate::support::sign_in(&s, "admin@acme.test").await;
    let basic = session.get(s.url("/api/v1/units")).header("authorization", "Basic eDp5").send().await.unwrap();
    assert_eq!(basic.status(), 401);
    assert_eq!(session.get(s.url("/api/v1/units")).send().await.unwrap().status(), 200);

    // Injection attempts are stored as plain text and shown escaped; nothing else changes.
    let evil = "Robert'); DROP TABLE units;-- <script>alert(1)</script>";
    let r = c.post(s.url("/api/v1/units")).bearer_auth(&token).json(&json!({"parent_id": root, "name": evil})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["name"], evil);
    let b = sign_in(&s, "admin@acme.test").await;
    let html = b.get(s.url("/settings/units")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>") && html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    let units: Value = c.get(s.url("/api/v1/units")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(units["items"].as_array().unwrap().len(), 5);
});

db_test!(async fn cursor_pagination_walks_every_record_once(db) {
    let w = world(&db, "Acme").await;
    for i in 0..7 {
        crate::support::add_user(&db, w.ws, &format!("p{i}@acme.test"), portico_authz::BuiltinRole::Member, w.south).await;
    }
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.admin).await;
    let mut seen = Vec::new();
    let mut url = s.url("/api/v1/users?limit=3");
    loop {
        let page: Value = api().get(&url).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        seen.extend(page["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(c) => url = s.url(&format!("/api/v1/users?limit=3&cursor={c}")),
            None => break,
        }
    }
    assert_eq!(seen.len(), 11);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 11);
});

db_test!(async fn ui_sign_in_csrf_language_and_logout(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let b = browser();
    // The setup page is closed once a workspace exists.
    assert_eq!(b.get(s.url("/setup")).send().await.unwrap().headers()["location"], "/login");
    // A form post without the CSRF token is refused.
    let r = b.post(s.url("/login")).form(&[("email", "admin@acme.test"), ("password", crate::support::PASSWORD)]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let page = b.get(s.url("/login")).header("accept-language", "hr").send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Prijava") && page.contains("lang=\"hr\""));
    let csrf = csrf_in(&page);
    let wrong = b.post(s.url("/login"))
        .header("accept-language", "hr").form(&[("_csrf", csrf.as_str()), ("email", "admin@acme.test"), ("password", "nope-nope-nope")]).send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let again = wrong.text().await.unwrap();
    assert!(again.contains("Pogrešna e-pošta ili lozinka.") && again.contains("value=\"admin@acme.test\""), "error in the visitor's language, e-mail kept");
    let evil_next = b.post(s.url("/login")).form(&[("_csrf", csrf.as_str()), ("email", "admin@acme.test"), ("password", crate::support::PASSWORD), ("next", "//evil.test/x")]).send().await.unwrap();
    assert_eq!(evil_next.headers()["location"], "/", "no open redirect");
    let cookie = evil_next.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("portico_session=")).unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let home = b.get(s.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("admin@acme.test"), "signed in as the admin");

    // Switch language in the profile: the whole UI follows.
    let profile = b.get(s.url("/profile")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&profile);
    let r = b.post(s.url("/profile")).form(&[("_csrf", csrf.as_str()), ("name", "Ana Admin"), ("locale", "fr"), ("time_zone", "Europe/Paris")]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let home = b.get(s.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("Vue d’ensemble") && home.contains("lang=\"fr\""));
    let bad = b.post(s.url("/profile")).form(&[("_csrf", csrf.as_str()), ("name", ""), ("locale", "fr"), ("time_zone", "Europe/Zagreb")]).send().await.unwrap();
    assert_eq!(bad.status(), 422, "the form comes back in place");
    let shown = bad.text().await.unwrap();
    assert!(shown.contains(r#"<p class="field-error" id="name-error">Nom : Ce champ est obligatoire.</p>"#), "under its field, in French");
    assert!(shown.contains(r#"id="name" name="name" type="text" value="" aria-invalid="true""#));
    assert!(shown.contains(r#"value="Europe/Zagreb""#), "what was typed stays");

    let r = b.post(s.url("/logout")).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let after = b.get(s.url("/")).send().await.unwrap();
    assert!(after.headers()["location"].to_str().unwrap().starts_with("/login"));
    let _ = w;
});

db_test!(async fn first_run_setup_creates_the_owner(db) {
    let s = server(&db).await;
    let b = browser();
    assert_eq!(b.get(s.url("/login")).send().await.unwrap().headers()["location"], "/setup");
    let page = b.get(s.url("/setup")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&page);
    let bad = b.post(s.url("/setup")).form(&[("_csrf", csrf.as_str()), ("workspace", "Acme"), ("name", "O"), ("email", "o@acme.test"), ("password", "short")]).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains(r#"id="password" name="password" type="password" value="" aria-invalid="true""#), "the field is marked, the password not echoed");
    assert!(html.contains(r#"id="workspace" name="workspace" type="text" value="Acme""#), "what was typed stays");
    assert!(html.contains(r#"id="password-error""#) && html.contains("Use at least 10 characters."), "the rule, not just 'too short'");
    let ok = b.post(s.url("/setup")).form(&[("_csrf", csrf.as_str()), ("workspace", "Acme"), ("name", "O"), ("email", "o@acme.test"), ("password", "long-enough-pass")]).send().await.unwrap();
    assert_eq!(ok.headers()["location"], "/?notice=welcome");
    assert!(b.get(s.url("/?notice=welcome")).send().await.unwrap().text().await.unwrap().contains("Welcome to Portico!"));
    assert_eq!(b.get(s.url("/setup")).send().await.unwrap().headers()["location"], "/login");
});

db_test!(async fn webhooks_are_signed_and_delivered(db) {
    use std::sync::{Arc, Mutex};
    let received: Arc<Mutex<Vec<(String, String, String)>>> = Arc::default();
    let r2 = received.clone();
    let hook_app = axum::Router::new().route("/hook", axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
        let r2 = r2.clone();
        async move {
            let h = |n: &str| headers.get(n).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
            r2.lock().unwrap().push((h("x-portico-event"), h("x-portico-signature"), body));
            "thanks"
        }
    }));
    let hook_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook_url = format!("http://{}/hook", hook_listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(hook_listener, hook_app).await.unwrap() });

    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let hook: Value = c.post(s.url("/api/v1/webhooks")).bearer_auth(&token).json(&json!({"url": hook_url, "events": ["unit.create"]})).send().await.unwrap().json().await.unwrap();
    let secret = hook["secret"].as_str().unwrap().to_string();
    let bad = c.post(s.url("/api/v1/webhooks")).bearer_auth(&token).json(&json!({"url": "file:///etc/passwd"})).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    // An event of a kind that does not exist would never fire: refused, naming the field.
    let typo = c.post(s.url("/api/v1/webhooks")).bearer_auth(&token).json(&json!({"url": hook_url, "events": ["unite.create"]})).send().await.unwrap();
    assert_eq!(typo.status(), 422);
    assert_eq!(typo.json::<Value>().await.unwrap()["error"]["field"], "events");
    for events in [json!(["file.*"]), json!(["unit.*"])] {
        let r = c.post(s.url("/api/v1/webhooks")).bearer_auth(&token).json(&json!({"url": hook_url, "events": events})).send().await.unwrap();
        assert_eq!(r.status(), 201, "every event of a kind: {events}");
    }
    c.post(s.url("/api/v1/units")).bearer_auth(&token).json(&json!({"parent_id": w.root.to_string(), "name": "Nice"})).send().await.unwrap();
    c.patch(s.url(&format!("/api/v1/units/{}", w.south))).bearer_auth(&token).json(&json!({"name": "South-West"})).send().await.unwrap();
    s.worker().run_until_idle().await.unwrap();
    let mut got = received.lock().unwrap().clone();
    let mut events: Vec<&str> = got.iter().map(|(e, _, _)| e.as_str()).collect();
    events.sort();
    assert_eq!(events, ["unit.create", "unit.create", "unit.update"], "unit.create twice (its hook and unit.*), unit.update once, no file event");
    // The first hook's delivery: the one signed with its secret.
    let signed_by = |sig: &str, body: &str| {
        let t: i64 = sig.split(',').next().unwrap().trim_start_matches("t=").parse().unwrap();
        sig == portico_webhooks::sign(&secret, t, body)
    };
    got.retain(|(_, sig, body)| signed_by(sig, body));
    assert_eq!(got.len(), 1, "its own hook sent unit.create once");
    let (event, signature, body) = &got[0];
    assert_eq!(event, "unit.create");
    let t: i64 = signature.split(',').next().unwrap().trim_start_matches("t=").parse().unwrap();
    assert_eq!(signature, &portico_webhooks::sign(&secret, t, body));
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["data"]["after"]["name"], "Nice");
    let deliveries: Value = c.get(s.url(&format!("/api/v1/webhooks/{}/deliveries", hook["id"].as_str().unwrap()))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(deliveries["items"][0]["status"], "delivered");
    assert_eq!(deliveries["items"][0]["response_status"], 200);
    // Its page says so in the reader's words, and offers to turn it off (after asking).
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url(&format!("/settings/webhooks/{}", hook["id"].as_str().unwrap()))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(">Delivered</span>") && !page.contains(">delivered<"), "delivery states in words: {page}");
    assert!(page.contains(r#"data-confirm="Deactivate this webhook?"#), "deactivating asks first");
});

db_test!(async fn custom_fields_on_units_validate_and_round_trip(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let f = |body: Value| c.post(s.url("/api/v1/custom-fields")).bearer_auth(&token).json(&body).send();
    assert_eq!(f(json!({"record_type": "unit", "key": "tier", "label": "Tier", "field_type": "select", "options": ["Gold", "Silver"], "required": true})).await.unwrap().status(), 201);
    assert_eq!(f(json!({"record_type": "unit", "key": "opened", "label": "Opened", "field_type": "date"})).await.unwrap().status(), 201);
    assert_eq!(f(json!({"record_type": "unit", "key": "tier", "label": "Dup", "field_type": "text"})).await.unwrap().status(), 409);
    let unit = format!("/api/v1/units/{}", w.north);
    let r = c.patch(s.url(&unit)).bearer_auth(&token).json(&json!({"custom_fields": {"opened": "2026-02-30", "tier": "Gold"}})).send().await.unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!((v["error"]["code"].as_str(), v["error"]["field"].as_str()), (Some("invalid_date"), Some("custom.opened")));
    let r = c.patch(s.url(&unit)).bearer_auth(&token).json(&json!({"custom_fields": {"opened": "2026-02-28", "tier": "Gold"}})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = c.get(s.url(&unit)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(v["custom_fields"], json!({"opened": "2026-02-28", "tier": "Gold"}));
    assert_eq!(v["name"], "North", "a partial update keeps the rest");
    let b = crate::support::sign_in(&s, "admin@acme.test").await;
    let list = b.get(s.url("/settings/units")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains(r#"<th scope="col" aria-sort="none">Tier</th>"#) && list.contains(r#"data-label="Tier">Gold</td>"#));
    assert!(list.contains(r#"<th scope="col" aria-sort="none">Opened</th>"#) && list.contains(r#"data-label="Opened">Feb 28, 2026</td>"#), "dates as the reader writes them");
    assert!(list.contains(r#"data-label="Kind">Workspace</td>"#), "the root's kind in words");
    // The unit's page: a refused date comes back under its field, by its label, with
    // everything typed still there, and nothing stored changes.
    let page = b.get(s.url(&format!("/settings/units/{}", w.north))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"id="name" name="name" type="text" value="North""#), "filled with the stored values");
    let form = [("_csrf", csrf_in(&page)), ("name", "North East".into()), ("kind", "region".into()), ("custom.tier", "Silver".into()), ("custom.opened", "30/02/2026".into())];
    let bad = b.post(s.url(&format!("/settings/units/{}", w.north))).form(&form).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains(r#"id="name" name="name" type="text" value="North East""#) && html.contains(r#"value="30/02/2026" aria-invalid="true""#), "typed values stay");
    assert!(html.contains(r#"<p class="field-error" id="cf-opened-error">Opened:"#) && html.contains("<option selected>Silver</option>"), "the error under the field, by its label");
    let v: Value = c.get(s.url(&unit)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!((v["name"].as_str(), &v["custom_fields"]), (Some("North"), &json!({"opened": "2026-02-28", "tier": "Gold"})), "nothing half-written");

    // Users and files take custom fields too, through one endpoint; a person edits their own.
    assert_eq!(f(json!({"record_type": "user", "key": "badge", "label": "Badge", "field_type": "number"})).await.unwrap().status(), 201);
    let member = token_for(&db, w.ws, w.south_member).await;
    let own = format!("/api/v1/custom-values/user/{}", w.south_member);
    let r = c.patch(s.url(&own)).bearer_auth(&member).json(&json!({"badge": "12"})).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"badge": 12.0}));
    let r = c.patch(s.url(&own)).bearer_auth(&member).json(&json!({"badge": "twelve"})).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "custom.badge");
    let colleague = crate::support::add_user(&db, w.ws, "colleague@acme.test", portico_authz::BuiltinRole::Member, w.south).await;
    let theirs = format!("/api/v1/custom-values/user/{colleague}");
    assert_eq!(c.patch(s.url(&theirs)).bearer_auth(&member).json(&json!({"badge": 1})).send().await.unwrap().status(), 403);
    let admins = format!("/api/v1/custom-values/user/{}", w.admin);
    assert_eq!(c.patch(s.url(&admins)).bearer_auth(&member).json(&json!({"badge": 1})).send().await.unwrap().status(), 404);
    assert_eq!(c.get(s.url(&own)).bearer_auth(&token).send().await.unwrap().json::<Value>().await.unwrap(), json!({"badge": 12.0}));
    // Custom values are part of their record: their changes are audited as its updates.
    for (kind, id, value) in [("unit", w.north.to_string(), "Gold"), ("user", w.south_member.to_string(), "12")] {
        let audit: Value = c.get(s.url(&format!("/api/v1/audit?record_type={kind}&record_id={id}&action={kind}.update"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let with_values: Vec<&Value> = audit["items"].as_array().unwrap().iter().filter(|e| e["after_json"].as_str().unwrap_or("").contains("custom_fields")).collect();
        assert_eq!(with_values.len(), 1, "{kind}: one audited change of its custom values");
        assert!(with_values[0]["after_json"].as_str().unwrap().contains(value));
    }
});

db_test!(async fn files_and_guest_links_over_http(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.north_manager).await;
    let c = api();
    let form = reqwest::multipart::Form::new()
        .text("unit_id", w.lille.to_string())
        .part("file", reqwest::multipart::Part::bytes("Zdravo, ovo je životopis: Kotlin i Rust".as_bytes().to_vec()).file_name("cv.txt"));
    let r = c.post(s.url("/api/v1/files")).bearer_auth(&token).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let file: Value = r.json().await.unwrap();
    let id = file["id"].as_str().unwrap().to_string();
    assert_eq!(file["content_type"], "text/plain");
    s.worker().run_until_idle().await.unwrap();
    let hits: Value = c.get(s.url("/api/v1/search?q=zivotopis")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(hits["items"][0]["record_id"], id.as_str());
    let link: Value = c.post(s.url(&format!("/api/v1/files/{id}/links"))).bearer_auth(&token).json(&json!({"label": "Hiring manager"})).send().await.unwrap().json().await.unwrap();
    let url = link["url"].as_str().unwrap();
    let guest = browser();
    let page = guest.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("cv.txt"));
    let bytes = guest.get(format!("{url}/download")).send().await.unwrap();
    assert!(bytes.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(bytes.text().await.unwrap(), "Zdravo, ovo je životopis: Kotlin i Rust");
    assert_eq!(guest.get(format!("{url}x")).send().await.unwrap().status(), 410, "a tampered link is refused");
    let other_file = guest.get(s.url(&format!("/api/v1/files/{id}"))).send().await.unwrap();
    assert_eq!(other_file.status(), 401, "the link opens this file's page only, not the API");
});

db_test!(async fn admins_move_files_between_units_and_search_follows(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let south = token_for(&db, w.ws, w.south_member).await;
    let c = api();
    let form = reqwest::multipart::Form::new()
        .text("unit_id", w.lille.to_string())
        .part("file", reqwest::multipart::Part::bytes(b"transfer-me contract".to_vec()).file_name("contract.txt"));
    let file: Value = c.post(s.url("/api/v1/files")).bearer_auth(&admin).multipart(form).send().await.unwrap().json().await.unwrap();
    let id = file["id"].as_str().unwrap();
    let hits = |token: String| {
        let (c, url) = (c.clone(), s.url("/api/v1/search?q=contract"));
        async move { c.get(url).bearer_auth(token).send().await.unwrap().json::<Value>().await.unwrap()["items"].as_array().unwrap().len() }
    };
    assert_eq!(hits(south.clone()).await, 0);
    let moved = c.patch(s.url(&format!("/api/v1/files/{id}"))).bearer_auth(&south).json(&json!({"unit_id": w.south.to_string()})).send().await.unwrap();
    assert_eq!(moved.status(), 404, "a member cannot even see it");
    let moved = c.patch(s.url(&format!("/api/v1/files/{id}"))).bearer_auth(&admin).json(&json!({"unit_id": w.south.to_string()})).send().await.unwrap();
    assert_eq!(moved.status(), 200);
    assert_eq!(hits(south.clone()).await, 1, "the search document moved with the file");
    let got: Value = c.get(s.url(&format!("/api/v1/files/{id}"))).bearer_auth(&south).send().await.unwrap().json().await.unwrap();
    assert_eq!(got["unit_id"], w.south.to_string());
    let audit: Value = c.get(s.url("/api/v1/audit?action=file.move")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(audit["items"].as_array().unwrap().len(), 1);
});

db_test!(async fn view_as_previews_a_role_read_only(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let member_role = portico_authz::store::builtin_role(db.pool(), w.ws, portico_authz::BuiltinRole::Member).await.unwrap().id;
    let b = sign_in(&s, "admin@acme.test").await;
    let roles = b.get(s.url("/settings/roles")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&roles);
    let (role, south) = (member_role.to_string(), w.south.to_string());
    let r = b.post(s.url("/settings/view-as")).form(&[("_csrf", csrf.as_str()), ("role_id", role.as_str()), ("unit_id", south.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let units = b.get(s.url("/settings/units")).send().await.unwrap().text().await.unwrap();
    assert!(units.contains("You are previewing what another role sees"));
    assert!(units.contains(">South</a>") && !units.contains(">North</a>"), "only what a member of South sees");
    let create = b.post(s.url("/settings/units")).form(&[("_csrf", csrf.as_str()), ("parent_id", south.as_str()), ("name", "Nope")]).send().await.unwrap();
    assert_eq!(create.status(), 403, "the preview changes nothing");
    assert!(create.text().await.unwrap().contains("You do not have permission to do this."));
    b.post(s.url("/settings/view-as/exit")).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    let units = b.get(s.url("/settings/units")).send().await.unwrap().text().await.unwrap();
    assert!(units.contains(">North</a>") && !units.contains("You are previewing"));

    // A member who plants the cookie gains nothing.
    let admin_role = portico_authz::store::builtin_role(db.pool(), w.ws, portico_authz::BuiltinRole::Admin).await.unwrap().id;
    let m = sign_in(&s, "member.south@acme.test").await;
    let planted = m.get(s.url("/settings/units")).header("cookie", format!("portico_view_as={admin_role}:{}", w.root)).send().await.unwrap().text().await.unwrap();
    assert!(!planted.contains(">North</a>"));
});

db_test!(async fn forgotten_password_over_the_web(db) {
    let _w = world(&db, "Acme").await;
    let s = server(&db).await;
    let b = browser();
    let page = b.get(s.url("/password/forgot")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&page);
    for email in ["admin@acme.test", "nobody@acme.test"] {
        let r = b.post(s.url("/password/forgot")).form(&[("_csrf", csrf.as_str()), ("email", email)]).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/password/forgot?notice=reset-sent", "same answer for {email}");
    }
    let typo = b.post(s.url("/password/forgot")).form(&[("_csrf", csrf.as_str()), ("email", "admin-at-acme")]).send().await.unwrap();
    assert_eq!(typo.status(), 422);
    let html = typo.text().await.unwrap();
    assert!(html.contains(r#"id="email" name="email" type="email" value="admin-at-acme" aria-invalid="true""#) && html.contains(r#"id="email-error""#), "a public form keeps the input and marks the field");
    let sent = portico_mail::outbox::list(db.pool(), &crate::support::authz_of(&db, _w.ws, _w.admin).await.admin().unwrap(), &portico_kernel::PageRequest::first(10), None).await.unwrap();
    assert_eq!(sent.items.len(), 1);
    let text = &sent.items[0].text_body;
    let link = text.split_whitespace().find(|w| w.contains("/password/reset/")).unwrap();
    let path = &link[link.find("/password/").unwrap()..];
    let weak = b.post(s.url(path)).form(&[("_csrf", csrf.as_str()), ("password", "short")]).send().await.unwrap();
    assert_eq!(weak.status(), 422);
    assert!(weak.text().await.unwrap().contains(r#"<p class="field-error" id="password-error">"#), "the rule is said under the field");
    let r = b.post(s.url(path)).form(&[("_csrf", csrf.as_str()), ("password", "brand-new-password")]).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/login?notice=password-changed");
    let again = b.post(s.url(path)).form(&[("_csrf", csrf.as_str()), ("password", "another-password-1")]).send().await.unwrap();
    assert_eq!(again.status(), 410, "a used link is gone");
    assert!(again.text().await.unwrap().contains("expired"));
});

db_test!(async fn custom_fields_forms_on_pages(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let def: Value = c.post(s.url("/api/v1/custom-fields")).bearer_auth(&token)
        .json(&json!({"record_type": "user", "key": "shift", "label": "Shift", "field_type": "select", "options": ["Early", "Late"]}))
        .send().await.unwrap().json().await.unwrap();
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url(&format!("/settings/users/{}", w.north_manager))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("name=\"custom.shift\""), "the user page shows the field");
    let csrf = csrf_in(&page);
    let r = b.post(s.url(&format!("/settings/users/{}/custom", w.north_manager))).form(&[("_csrf", csrf.as_str()), ("custom.shift", "Late")]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("notice=saved"));
    let bad = b.post(s.url(&format!("/settings/users/{}/custom", w.north_manager))).form(&[("_csrf", csrf.as_str()), ("custom.shift", "Night")]).send().await.unwrap();
    assert_eq!(bad.status(), 422, "the page comes back with the error at the field");
    let html = bad.text().await.unwrap();
    assert!(html.contains(r#"id="cf-shift" name="custom.shift" aria-invalid="true""#) && html.contains(r#"<p class="field-error" id="cf-shift-error">Shift:"#), "named by its label: {html}");
    let v: Value = c.get(s.url(&format!("/api/v1/custom-values/user/{}", w.north_manager))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(v, json!({"shift": "Late"}), "the refused value left the stored one alone");
    // Reorder and hide from forms on the fields page.
    let id = def["id"].as_str().unwrap();
    let r = b.post(s.url(&format!("/settings/fields/{id}"))).form(&[("_csrf", csrf.as_str()), ("label", "Work shift"), ("position", "5"), ("show_in_list", "on")]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("notice=saved"));
    let bad = b.post(s.url(&format!("/settings/fields/{id}"))).form(&[("_csrf", csrf.as_str()), ("label", "Work shift"), ("position", "fifth")]).send().await.unwrap();
    assert_eq!(bad.status(), 422, "a refused row comes back in place");
    let html = bad.text().await.unwrap();
    assert!(html.contains(&format!(r#"id="p-{id}" name="position" type="number" value="fifth" aria-invalid="true""#)) && html.contains(r#"<p class="field-error" id="position-error">"#), "the row keeps what was typed and says why");
    assert!(html.contains(r#"id="label" name="label" type="text" value="" aria-invalid="false""#), "the new-field form stays empty");
    let fields: Value = c.get(s.url("/api/v1/custom-fields?record_type=user")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!((fields["items"][0]["label"].as_str(), fields["items"][0]["position"].as_i64(), fields["items"][0]["show_in_form"].as_bool()), (Some("Work shift"), Some(5), Some(false)));
    let page = b.get(s.url(&format!("/settings/users/{}", w.north_manager))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("name=\"custom.shift\""), "hidden from forms");
    let list = b.get(s.url("/settings/users")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("aria-sort=\"none\">Work shift</th>") && list.contains("data-label=\"Work shift\">Late</td>"), "shown in the users list");
});

db_test!(async fn webhooks_cannot_reach_private_networks_by_default(db) {
    let w = world(&db, "Acme").await;
    let s = crate::support::server_with(&db, |_| {}).await;
    let token = token_for(&db, w.ws, w.admin).await;
    for url in ["http://127.0.0.1:9/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://10.0.0.7/hook", "http://localhost:8080/"] {
        let r = api().post(s.url("/api/v1/webhooks")).bearer_auth(&token).json(&json!({"url": url})).send().await.unwrap();
        assert_eq!(r.status(), 422, "{url}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "url");
    }
    let ok = api().post(s.url("/api/v1/webhooks")).bearer_auth(&token).json(&json!({"url": "https://hooks.example.com/portico"})).send().await.unwrap();
    assert_eq!(ok.status(), 201);
});

db_test!(async fn changing_ones_password_signs_out_other_sessions(db) {
    let _w = world(&db, "Acme").await;
    let s = server(&db).await;
    let here = sign_in(&s, "manager.north@acme.test").await;
    let elsewhere = sign_in(&s, "manager.north@acme.test").await;
    let page = here.get(s.url("/profile")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&page);
    let wrong = here
        .post(s.url("/profile/password"))
        .form(&[("_csrf", csrf.as_str()), ("current_password", "not-it-at-all"), ("new_password", "a-new-password-1")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let html = wrong.text().await.unwrap();
    assert!(html.contains(r#"id="current_password" name="current_password" type="password" value="" aria-invalid="true""#) && html.contains(r#"id="current_password-error""#));
    assert!(html.contains("Current password: This is not your current password."), "said for this field, not as a failed sign-in");
    assert!(html.contains(r#"id="name" name="name" type="text" value="manager.north@acme.test""#), "the profile form beside it keeps the stored name");
    let ok = here
        .post(s.url("/profile/password"))
        .form(&[("_csrf", csrf.as_str()), ("current_password", crate::support::PASSWORD), ("new_password", "a-new-password-1")])
        .send()
        .await
        .unwrap();
    assert!(ok.headers()["location"].to_str().unwrap().ends_with("notice=password-changed-here"));
    assert_eq!(here.get(s.url("/profile")).send().await.unwrap().status(), 200, "this session stays");
    assert_eq!(elsewhere.get(s.url("/profile")).send().await.unwrap().status(), 303, "the other one is signed out");
});

db_test!(async fn links_use_the_address_the_browser_used_when_public_url_is_unset(db) {
    let w = crate::support::world(&db, "Acme").await;
    let s = crate::support::server_with(&db, |st| st.public_url = String::new()).await;
    let token = crate::support::token_for(&db, w.ws, w.admin).await;
    let invite = |host: &'static str, email: &'static str| {
        let (url, token, role, unit) = (s.url("/api/v1/users"), token.clone(), w.member_role.to_string(), w.north.to_string());
        async move {
            let r = api().post(url).bearer_auth(token).header("host", host)
                .json(&json!({"email": email, "role_id": role, "unit_id": unit})).send().await.unwrap();
            assert_eq!(r.status(), 201);
            r.json::<Value>().await.unwrap()["invitation_url"].as_str().unwrap().to_string()
        }
    };
    let link = invite("portico.example:8443", "ana@acme.test").await;
    assert!(link.starts_with("http://portico.example:8443/invite/"), "{link}");
    // A host that could smuggle a path falls back to the listening address.
    let link = invite("evil.example/phish?", "ivo@acme.test").await;
    assert!(link.starts_with("http://127.0.0.1:8080/invite/"), "{link}");
    // The e-mail carries the same link as the page.
    let mails = portico_mail::outbox::list(db.pool(), &crate::support::authz_of(&db, w.ws, w.admin).await.admin().unwrap(), &portico_kernel::PageRequest::first(10), None).await.unwrap();
    assert!(mails.items.iter().any(|m| m.text_body.contains("http://portico.example:8443/invite/")));
});

db_test!(async fn a_missing_page_keeps_the_shell(db) {
    crate::support::world(&db, "Acme").await;
    let s = crate::support::server(&db).await;
    let b = crate::support::sign_in(&s, "admin@acme.test").await;
    let r = b.get(s.url(&format!("/settings/units/{}", uuid::Uuid::now_v7()))).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let html = r.text().await.unwrap();
    assert!(html.contains("class=\"sidebar\"") && html.contains("id=\"global-search\""), "the sidebar and search stay");
    assert!(html.contains("role=\"alert\">Not found.</p>"), "{html}");
});

db_test!(async fn the_units_list_sorts_filters_searches_and_exports(db) {
    let w = world(&db, "Acme").await;
    let other = world(&db, "Globex").await;
    let _ = other;
    let s = server(&db).await;
    let b = sign_in(&s, "admin@acme.test").await;
    let names = |html: &str| -> Vec<String> {
        html.split(r#"<td data-label="Name""#).skip(1).map(|c| {
            let link = &c[..c.find("</a>").unwrap()];
            link[link.rfind('>').unwrap() + 1..].to_string()
        }).collect()
    };
    let tree = b.get(s.url("/settings/units")).send().await.unwrap().text().await.unwrap();
    assert_eq!(names(&tree), ["Acme", "North", "Lille", "South"], "tree order by default, each under its parent");
    assert!(tree.contains(r#"class="indent-2"><a href="/settings/units/"#), "Lille is drawn two levels in");
    let sorted = b.get(s.url("/settings/units?sort=name&order=desc")).send().await.unwrap().text().await.unwrap();
    assert_eq!(names(&sorted), ["South", "North", "Lille", "Acme"]);
    assert!(sorted.contains(r#"aria-sort="descending""#) && !sorted.contains("indent-"), "sorted: flat, the path says where");
    let agencies = b.get(s.url("/settings/units?kind=agency&q=north")).send().await.unwrap().text().await.unwrap();
    assert_eq!(names(&agencies), ["North", "Lille"], "the search matches the path");
    assert!(agencies.contains(r#"class="chip""#), "filters show as chips");
    let csv = b.get(s.url("/settings/units?format=csv&sort=name")).send().await.unwrap().text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("Name,"), "{csv}");
    assert_eq!(lines.len(), 5, "a header and the workspace's four units, none of Globex: {csv}");
    assert!(lines[2].starts_with("Lille,agency,Acme › North"), "{csv}");
    let _ = w;
});

db_test!(async fn giving_a_role_keeps_the_choice_and_says_what_is_wrong_at_the_field(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url(&format!("/settings/users/{}", w.south_member))).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&page);
    let role = w.member_role.to_string();
    let form = [("_csrf", csrf.as_str()), ("role_id", role.as_str()), ("unit_id", "nowhere")];
    let bad = b.post(s.url(&format!("/settings/users/{}/grants", w.south_member))).form(&form).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains(r#"id="unit_id" name="unit_id" aria-invalid="true""#) && html.contains(r#"<p class="field-error" id="unit_id-error">"#), "{html}");
    assert!(html.contains(&format!(r#"<option value="{role}" selected>"#)), "the role chosen stays chosen");
    let north = w.north.to_string();
    let ok = b.post(s.url(&format!("/settings/users/{}/grants", w.south_member))).form(&[("_csrf", csrf.as_str()), ("role_id", role.as_str()), ("unit_id", north.as_str())]).send().await.unwrap();
    assert!(ok.headers()["location"].to_str().unwrap().ends_with("notice=saved"));
});

db_test!(async fn why_can_they_see_it_reads_in_the_readers_language(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let b = sign_in(&s, "admin@acme.test").await;
    // The member of South, asked about North (outside their reach) and about deleting in South.
    let page = |unit: String, perm: &str| {
        let url = s.url(&format!("/settings/users/{}?unit_id={unit}&permission={perm}", w.south_member));
        let b = b.clone();
        async move { b.get(url).header("accept-language", "fr").send().await.unwrap().text().await.unwrap() }
    };
    b.post(s.url("/lang")).form(&[("lang", "fr"), ("back", "/")]).send().await.unwrap();
    for html in [page(w.north.to_string(), "core.view").await, page(w.south.to_string(), "core.delete").await] {
        let verdict = &html[html.find(r#"<div class="alert"#).expect("an explanation")..];
        let verdict = &verdict[..verdict.find("</div>").unwrap()];
        assert!(verdict.contains("Membre"), "the built-in role in French: {verdict}");
        assert!(!verdict.contains("core.") && !verdict.contains("Member"), "no key from code, no English: {verdict}");
    }
});

db_test!(async fn a_refused_upload_comes_back_with_the_reason_at_the_file_field(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url("/files")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"<span class="btn" aria-hidden="true">Choose a file</span>"#), "our own picker, in the reader's language");
    let csrf = csrf_in(&page);
    let form = reqwest::multipart::Form::new()
        .text("unit_id", w.south.to_string())
        .part("file", reqwest::multipart::Part::bytes(vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0]).file_name("tool.exe"));
    let r = b.post(s.url(&format!("/files?_csrf={csrf}"))).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 415);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"<p class="field-error" id="file-error">"#), "the reason under the file field: {html}");
    assert!(html.contains(&format!(r#"<option value="{}" selected>"#, w.south)), "the unit chosen stays chosen");
});

db_test!(async fn the_palette_goes_to_pages_by_their_name(db) {
    let _w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = sign_in(&s, "admin@acme.test").await;
    let found = admin.get(s.url("/search/palette?q=sett")).send().await.unwrap().text().await.unwrap();
    assert!(found.contains(r#"href="/settings""#) && found.contains("Settings"), "the settings hub: {found}");
    let units = admin.get(s.url("/search/palette?q=unit")).send().await.unwrap().text().await.unwrap();
    assert!(units.contains(r#"href="/settings/units""#), "{units}");
    let member = sign_in(&s, "member.south@acme.test").await;
    let theirs = member.get(s.url("/search/palette?q=sett")).send().await.unwrap().text().await.unwrap();
    assert!(!theirs.contains(r#"href="/settings""#), "not offered to whoever cannot open it: {theirs}");
});
