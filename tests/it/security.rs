//! Regression tests for what probing the running server found: each finding, attacked again.

use serde_json::{Value, json};

use crate::support::{PASSWORD, api, browser, csrf_in, server, sign_in, token_for, world};

fn code(v: &Value) -> (&str, Option<&str>) {
    (v["error"]["code"].as_str().unwrap_or(""), v["error"]["field"].as_str())
}

db_test!(async fn tokens_never_make_tokens_with_more_rights_or_a_longer_life(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let make = |token: String, body: Value| {
        let (c, url) = (c.clone(), s.url("/api/v1/tokens"));
        async move { c.post(url).bearer_auth(token).json(&body).send().await.unwrap() }
    };
    let r = make(admin.clone(), json!({"name": "viewer", "scopes": ["core.view"], "expires_in_days": 2})).await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["cache-control"], "no-store", "a new secret is never cached");
    let viewer = r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();

    // With no scopes it would get all of its owner's rights; with core.admin, more than it has.
    for scopes in [json!([]), json!(["core.admin"]), json!(["core.view", "core.edit"])] {
        let r = make(viewer.clone(), json!({"name": "escalate", "scopes": scopes})).await;
        assert_eq!(r.status(), 403, "{scopes}");
        assert_eq!(code(&r.json().await.unwrap()), ("forbidden", Some("scopes")));
    }
    let r = make(viewer.clone(), json!({"name": "longer", "scopes": ["core.view"], "expires_in_days": 30})).await;
    assert_eq!(code(&r.json().await.unwrap()), ("forbidden", Some("expires_in_days")));
    // Within its own limits it may: the child expires with its parent.
    let r = make(viewer.clone(), json!({"name": "child", "scopes": ["core.view"]})).await;
    assert_eq!(r.status(), 201);
    let list: Value = c.get(s.url("/api/v1/tokens")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let items = list["items"].as_array().unwrap();
    let expiry = |name: &str| items.iter().find(|t| t["name"] == name).unwrap()["expires_at"].as_i64().unwrap();
    assert_eq!(expiry("child"), expiry("viewer"));
    let child = items.iter().find(|t| t["name"] == "child").unwrap();
    assert_eq!(child["scopes"], json!(["core.view"]));

    // Durations are bounded, never overflowing a timestamp.
    for days in [0, 3651, 106_751_992] {
        let r = make(admin.clone(), json!({"name": "x", "expires_in_days": days})).await;
        assert_eq!(r.status(), 422, "{days}");
        assert_eq!(code(&r.json().await.unwrap()), ("invalid_value", Some("expires_in_days")));
    }
});

db_test!(async fn redirect_targets_are_same_origin_paths_only(db) {
    let _w = world(&db, "Acme").await;
    let s = server(&db).await;
    let b = browser();
    let page = b.get(s.url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&page);
    for next in ["/\t/evil.example", "/\r\n/evil", "/\u{0b}/evil", "/\u{0}", "/\u{7f}x", "//evil.example", "/\\evil"] {
        let b = browser();
        let page = b.get(s.url("/login")).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_in(&page);
        let form = [("_csrf", csrf.as_str()), ("email", "admin@acme.test"), ("password", PASSWORD), ("next", next)];
        let r = b.post(s.url("/login")).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 303, "{next:?}");
        assert_eq!(r.headers()["location"], "/", "{next:?}");
    }
    let r = b.post(s.url("/lang")).form(&[("_csrf", csrf.as_str()), ("lang", "fr"), ("back", "/\t/evil.example")]).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/");
    // A path id that decodes to a line break must not break the redirect header.
    let admin = sign_in(&s, "admin@acme.test").await;
    let page = admin.get(s.url("/settings/units")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&page);
    let r = admin.post(s.url("/settings/units/x%0d%0aSet-Cookie:%20a=b/archive")).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    assert!(r.headers().get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().starts_with("a=")));
});

db_test!(async fn a_deleted_webhook_receives_nothing_more(db) {
    use std::sync::{Arc, Mutex};
    let hits: Arc<Mutex<u32>> = Arc::default();
    let h = hits.clone();
    let app = axum::Router::new().route("/hook", axum::routing::post(move || {
        let h = h.clone();
        async move {
            *h.lock().unwrap() += 1;
            "ok"
        }
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let hook: Value = c.post(s.url("/api/v1/webhooks")).bearer_auth(&token).json(&json!({"url": url})).send().await.unwrap().json().await.unwrap();
    let id = hook["id"].as_str().unwrap();
    c.post(s.url("/api/v1/units")).bearer_auth(&token).json(&json!({"parent_id": w.root.to_string(), "name": "Queued"})).send().await.unwrap();
    assert_eq!(c.delete(s.url(&format!("/api/v1/webhooks/{id}"))).bearer_auth(&token).send().await.unwrap().status(), 204);
    s.worker().run_until_idle().await.unwrap();
    assert_eq!(*hits.lock().unwrap(), 0, "the queued delivery was cancelled with its webhook");
    // Gone from the API; its history stays for the settings page.
    assert_eq!(c.get(s.url(&format!("/api/v1/webhooks/{id}/deliveries"))).bearer_auth(&token).send().await.unwrap().status(), 404);
    let listed: Value = c.get(s.url("/api/v1/webhooks")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert!(listed["items"].as_array().unwrap().is_empty());
    let admin = crate::support::authz_of(&db, w.ws, w.admin).await.admin().unwrap();
    let kept = portico_webhooks::deliveries(db.pool(), &admin, id.parse().unwrap(), &portico_kernel::PageRequest::first(10)).await.unwrap();
    let statuses: Vec<&str> = kept.items.iter().map(|d| d.status.as_str()).collect();
    assert!(!statuses.is_empty() && statuses.iter().all(|s| *s == "cancelled"), "{statuses:?}");
});

/// The sign-in form, filled in as the admin, in browser `b`.
async fn sign_in_form(s: &crate::support::Server, b: &reqwest::Client) -> reqwest::Response {
    let page = b.get(s.url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&page);
    b.post(s.url("/login"))
        .form(&[("_csrf", csrf.as_str()), ("email", "admin@acme.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap()
}

db_test!(async fn sessions_and_csrf_tokens_are_bound_and_rotated(db) {
    let _w = world(&db, "Acme").await;
    let s = server(&db).await;
    let session_of = |r: &reqwest::Response| {
        r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("portico_session=")).map(|c| c.split(';').next().unwrap().to_string())
    };
    // Sign in twice in the same browser: the first session ends.
    let b = browser();
    let first = session_of(&sign_in_form(&s, &b).await).unwrap();
    let second = session_of(&sign_in_form(&s, &b).await).unwrap();
    assert_ne!(first, second);
    let with = |cookie: &str| api().get(s.url("/profile")).header("cookie", cookie.to_string()).send();
    assert_eq!(with(&first).await.unwrap().status(), 303, "the earlier session no longer signs in");
    assert_eq!(with(&second).await.unwrap().status(), 200);

    // The token of one session does not work with another session's cookie.
    let other = sign_in(&s, "manager.north@acme.test").await;
    let theirs = csrf_in(&other.get(s.url("/profile")).send().await.unwrap().text().await.unwrap());
    let mine = csrf_in(&b.get(s.url("/profile")).send().await.unwrap().text().await.unwrap());
    assert_ne!(theirs, mine, "tokens are per session");
    let r = b.post(s.url("/profile")).form(&[("_csrf", theirs.as_str()), ("name", "Hijacked"), ("locale", "en"), ("time_zone", "UTC")]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    // A cookie + field pair made up by an attacker passes no more once signed in.
    let planted = b.post(s.url("/profile")).header("cookie", format!("{second}; portico_csrf=planted")).form(&[("_csrf", "planted"), ("name", "Hijacked"), ("locale", "en"), ("time_zone", "UTC")]).send().await.unwrap();
    assert_eq!(planted.status(), 403);
    // A request from another site is refused even with the right token.
    let r = b.post(s.url("/profile")).header("origin", "http://evil.example").form(&[("_csrf", mine.as_str()), ("name", "Hijacked"), ("locale", "en"), ("time_zone", "UTC")]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let host = s.base.trim_start_matches("http://");
    let r = b.post(s.url("/profile")).header("origin", format!("http://{host}")).form(&[("_csrf", mine.as_str()), ("name", "Ana Admin"), ("locale", "en"), ("time_zone", "UTC")]).send().await.unwrap();
    assert_eq!(r.status(), 303, "the same origin passes");
});

db_test!(async fn everything_under_api_answers_the_json_error_shape(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let check = |r: reqwest::Response, status: u16, expected: &'static str| async move {
        assert_eq!(r.status(), status, "{expected}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{expected}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], expected);
        assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    };
    check(c.get(s.url("/api/v1/nope")).bearer_auth(&token).send().await.unwrap(), 404, "not_found").await;
    // API calls get no cookies: only pages mint the pre-session CSRF token their forms carry.
    let me = c.get(s.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert!(me.status().is_success() && me.headers().get("set-cookie").is_none(), "{:?}", me.headers());
    let bare = c.get(s.url("/api/v1/me")).send().await.unwrap();
    assert!(bare.status() == 401 && bare.headers().get("set-cookie").is_none());
    assert!(c.get(s.url("/login")).send().await.unwrap().headers()["set-cookie"].to_str().unwrap().starts_with("portico_csrf="), "a page still gets one");
    let wrong = c.put(s.url("/api/v1/units")).bearer_auth(&token).send().await.unwrap();
    assert!(wrong.headers().get("allow").is_some());
    check(wrong, 405, "method_not_allowed").await;
    check(c.get(s.url("/api/v1/units/%FF")).bearer_auth(&token).send().await.unwrap(), 400, "bad_request").await;
    let no_boundary = c.post(s.url("/api/v1/files")).bearer_auth(&token).header("content-type", "multipart/form-data").body("x").send().await.unwrap();
    check(no_boundary, 400, "bad_request").await;
    // An oversized body, announced but never sent: the 413 comes from its declared length.
    let mut raw = tokio::net::TcpStream::connect(s.base.trim_start_matches("http://")).await.unwrap();
    let head = format!("POST /api/v1/units HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", 31 * 1024 * 1024);
    tokio::io::AsyncWriteExt::write_all(&mut raw, head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::io::AsyncReadExt::read_to_end(&mut raw, &mut answer);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), read).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413") && answer.contains("application/json") && answer.contains("\"payload_too_large\""), "{answer}");
    let long = format!("/api/v1/users?q={}", "x".repeat(10_000));
    check(c.get(s.url(&long)).bearer_auth(&token).send().await.unwrap(), 414, "uri_too_long").await;
    // No credential at all: 401, not a CSRF refusal.
    check(c.post(s.url("/api/v1/units")).json(&json!({"name": "x"})).send().await.unwrap(), 401, "unauthenticated").await;
    // Cursors belong to one list; page sizes are bounded everywhere.
    let page: Value = c.get(s.url("/api/v1/users?limit=1")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let cursor = page["next_cursor"].as_str().unwrap();
    check(c.get(s.url(&format!("/api/v1/files?cursor={cursor}"))).bearer_auth(&token).send().await.unwrap(), 400, "bad_cursor").await;
    check(c.get(s.url(&format!("/api/v1/files?cursor={}", w.root))).bearer_auth(&token).send().await.unwrap(), 400, "bad_cursor").await;
    for limit in ["0", "101", "100000"] {
        check(c.get(s.url(&format!("/api/v1/search?q=a&limit={limit}"))).bearer_auth(&token).send().await.unwrap(), 422, "invalid_value").await;
    }
    // Webhook targets in reserved ranges are refused (by a server with the default settings).
    let strict = crate::support::server_with(&db, |_| {}).await;
    for url in ["http://198.18.0.1/x", "http://224.0.0.1/x", "http://[2001:db8::1]/x", "http://[64:ff9b::7f00:1]/x"] {
        let r = c.post(strict.url("/api/v1/webhooks")).bearer_auth(&token).json(&json!({"url": url})).send().await.unwrap();
        check(r, 422, "invalid_url").await;
    }
    let hook = c.post(s.url("/api/v1/webhooks")).bearer_auth(&token).json(&json!({"url": "http://127.0.0.1:9/x"})).send().await.unwrap();
    assert_eq!(hook.headers()["cache-control"], "no-store", "the webhook secret is never cached");
});

db_test!(async fn signing_out_then_in_again_in_the_same_browser_works(db) {
    let _w = world(&db, "Acme").await;
    let s = server(&db).await;
    let b = browser();
    assert_eq!(sign_in_form(&s, &b).await.status(), 303);
    let profile = b.get(s.url("/profile")).send().await.unwrap().text().await.unwrap();
    let out = b.post(s.url("/logout")).form(&[("_csrf", csrf_in(&profile).as_str())]).send().await.unwrap();
    assert_eq!(out.status(), 303);
    let again = sign_in_form(&s, &b).await;
    assert_eq!(again.status(), 303, "signed in again: {}", again.text().await.unwrap());
    assert_eq!(b.get(s.url("/profile")).send().await.unwrap().status(), 200);
    // A form whose token went stale is answered with a page that says so, not with JSON.
    let form_page = s.url("/password/forgot");
    let stale = b.post(s.url("/password/forgot")).header("referer", form_page).header("accept-language", "fr").form(&[("_csrf", "stale"), ("email", "admin@acme.test")]).send().await.unwrap();
    assert_eq!(stale.status(), 403);
    let html = stale.text().await.unwrap();
    assert!(html.contains("<html") && !html.contains("{\"error\""), "{html}");
    assert!(html.contains("Votre formulaire a expiré") && html.contains(r#"href="/password/forgot">Revenir au formulaire</a>"#), "says why, in the visitor's language, and leads back: {html}");
    let api_write = api().post(s.url("/api/v1/units")).header("cookie", "portico_session=x").json(&json!({})).send().await.unwrap();
    assert_eq!((api_write.status().as_u16(), api_write.json::<Value>().await.unwrap()["error"]["code"].as_str()), (403, Some("csrf_failed")), "the API keeps its JSON shape");
});
