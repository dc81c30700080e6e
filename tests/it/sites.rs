//! Public sites: themes and custom CSS, addresses on the main host and on custom domains,
//! the language switch, and the contacts' portal with its sign-in by link and by password.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Server, api, browser, csrf_in, server_with, token_for, world};

/// The hidden fields of a site's form, read from its page.
fn form_fields(html: &str) -> Vec<(String, String)> {
    let shown = html.split("name=\"_shown\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    vec![("_csrf".into(), csrf_in(html)), ("_shown".into(), shown), ("_hp".into(), String::new())]
}

async fn post_form(
    b: &reqwest::Client,
    s: &Server,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let html = b.get(s.url(page)).send().await.unwrap().text().await.unwrap();
    let mut form = form_fields(&html);
    form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    b.post(s.url(action)).form(&form).send().await.unwrap()
}

/// The last sign-in link e-mailed to `to`, once it is queued (the request is answered first);
/// none after a few seconds.
async fn link_for(s: &Server, to: &str) -> Option<String> {
    for _ in 0..100 {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT text_body FROM outbound_emails WHERE to_addr = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(to)
        .fetch_optional(s.state.db.pool())
        .await
        .unwrap();
        if let Some((body,)) = row
            && let Some(at) = body.find("/portal/in/")
        {
            let start = body[..at].rfind("http")?;
            return Some(body[start..].split_whitespace().next()?.to_string());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    None
}

db_test!(async fn a_theme_dresses_the_sites_and_custom_css_is_kept_safe(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let theme = |id: String, body: Value| {
        let (c, admin, s) = (c.clone(), admin.clone(), &s);
        async move { c.put(s.url(&format!("/api/v1/site-themes/{id}"))).bearer_auth(&admin).json(&body).send().await.unwrap() }
    };
    let look = json!({"title": "Acme Carrières", "primary_color": "#FFE600", "accent_color": "#0a3d62", "font": "serif",
        "default_locale": "fr", "custom_css": "h1 { letter-spacing: -1px } a { background: url(https://evil.test/x) } </style><script>alert(1)</script>"});

    // Bad input names the field, in the caller's language, and changes nothing.
    let bad = c.put(s.url(&format!("/api/v1/site-themes/{}", w.ws))).bearer_auth(&admin).header("accept-language", "fr")
        .json(&json!({"title": "Acme", "primary_color": "blue", "accent_color": "#000", "font": "serif", "default_locale": "fr"}))
        .send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = bad.json().await.unwrap();
    assert_eq!(err["error"]["field"], "primary_color", "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("#1d4ed8"), "{err}");
    let page = browser().get(s.url("/p/acme/")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("<title>Acme · Acme</title>") || page.contains("· Acme<"), "the plain theme is named after the workspace");

    let saved = theme(w.ws.to_string(), look.clone()).await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    let css = saved["custom_css"].as_str().unwrap();
    assert!(css.contains(".site h1{letter-spacing:-1px}") && !css.contains("url(") && !css.contains('<'), "{css}");
    assert!(saved["url"].as_str().unwrap().ends_with("/p/acme/"));

    // The public page: the theme's colours (a readable shade for links on a pale brand colour),
    // its language by default, small, and no script.
    let visitor = browser();
    let r = visitor.get(s.url("/p/acme/portal/sign-in")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">") && html.contains("Connexion") && html.contains("Acme Carrières"), "{html}");
    assert!(!html.contains("<script") && !html.contains("<style"), "no script, and no inline style the CSP would block");
    let sheet = html.split("href=\"/p/acme/_theme.css?v=").nth(1).expect("the theme's stylesheet").split('"').next().unwrap();
    let theme_css = visitor.get(s.url(&format!("/p/acme/_theme.css?v={sheet}"))).send().await.unwrap();
    assert_eq!(theme_css.headers()["content-type"], "text/css; charset=utf-8");
    let theme_css = theme_css.text().await.unwrap();
    assert!(theme_css.contains("--brand:#ffe600;--on-brand:#111827;") && !theme_css.contains("--brand-ink:#ffe600"), "{theme_css}");
    assert!(theme_css.contains(".site h1{letter-spacing:-1px}") && !theme_css.contains("evil.test"), "{theme_css}");
    let css = visitor.get(s.url("/assets/site.css")).send().await.unwrap().bytes().await.unwrap();
    let weight = html.len() + css.len() + theme_css.len();
    assert!(weight < 60 * 1024, "a page and its stylesheets stay under 60 KB: {weight}");
    // The language switch remembers the choice and comes back to the same page.
    let switch = visitor.get(s.url("/p/acme/portal/sign-in?lang=hr")).send().await.unwrap();
    assert_eq!(switch.status(), StatusCode::SEE_OTHER);
    assert_eq!(switch.headers()["location"], "/p/acme/portal/sign-in");
    let html = visitor.get(s.url("/p/acme/portal/sign-in")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<html lang=\"hr\">") && html.contains("Prijava"), "{html}");

    // A logo: served with its type, and an SVG opened on its own cannot run script.
    let svg = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><script>alert(1)</script></svg>";
    let up = c.put(s.url(&format!("/api/v1/site-themes/{}/logo", w.ws))).bearer_auth(&admin).header("content-type", "image/svg+xml").body(svg).send().await.unwrap();
    assert_eq!(up.status(), StatusCode::NO_CONTENT);
    let logo = visitor.get(s.url("/p/acme/_logo")).send().await.unwrap();
    assert_eq!(logo.headers()["content-type"], "image/svg+xml");
    assert!(logo.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
    let exe = c.put(s.url(&format!("/api/v1/site-themes/{}/logo", w.ws))).bearer_auth(&admin).header("content-type", "application/x-msdownload").body("MZ").send().await.unwrap();
    assert_eq!(exe.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(visitor.get(s.url("/p/acme/portal/sign-in")).send().await.unwrap().text().await.unwrap().contains("/p/acme/_logo?v="));

    // A unit's own look at its own path; a site's name cannot be a path, nor can two units share one.
    let north = theme(w.north.to_string(), json!({"title": "Acme Nord", "path": "nord", "primary_color": "#0a3d62", "accent_color": "#e58e26", "font": "rounded", "default_locale": "en"})).await;
    assert_eq!(north.status(), 200);
    let html = browser().get(s.url("/p/acme/nord/portal/sign-in")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Acme Nord") && html.contains("/p/acme/nord/_theme.css"), "{html}");
    let nord_css = browser().get(s.url("/p/acme/nord/_theme.css")).send().await.unwrap().text().await.unwrap();
    assert!(nord_css.contains("--brand:#0a3d62") && nord_css.contains("ui-rounded"), "{nord_css}");
    let taken = theme(w.south.to_string(), json!({"title": "Sud", "path": "portal", "primary_color": "#000000", "accent_color": "#000000", "font": "system", "default_locale": "en"})).await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.json::<Value>().await.unwrap()["error"]["field"], "path");
    let twice = theme(w.south.to_string(), json!({"title": "Sud", "path": "nord", "primary_color": "#000000", "accent_color": "#000000", "font": "system", "default_locale": "en"})).await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert_eq!(browser().get(s.url("/p/acme/sud/portal/sign-in")).send().await.unwrap().status(), 404);
    assert_eq!(browser().get(s.url("/p/nobody/portal/sign-in")).send().await.unwrap().status(), 404);
    assert_eq!(browser().get(s.url("/_site/portal/sign-in")).send().await.unwrap().status(), 404, "the internal prefix is out of reach");
});

db_test!(async fn custom_domains_serve_their_sites_and_nothing_else(db) {
    let w = world(&db, "Acme").await;
    let other = world(&db, "Other").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let add = |token: String, body: Value| {
        let (c, s) = (c.clone(), &s);
        async move { c.post(s.url("/api/v1/site-domains")).bearer_auth(&token).json(&body).send().await.unwrap() }
    };
    c.put(s.url(&format!("/api/v1/site-themes/{}", w.north))).bearer_auth(&admin)
        .json(&json!({"title": "Acme Nord", "path": "nord", "primary_color": "#0a3d62", "accent_color": "#e58e26", "font": "serif", "default_locale": "fr"}))
        .send().await.unwrap();
    let d = add(admin.clone(), json!({"host": "Portail.Acme-Nord.test", "site": "portal", "theme_id": w.north.to_string()})).await;
    assert_eq!(d.status(), StatusCode::CREATED);
    let d: Value = d.json().await.unwrap();
    assert_eq!(d["host"], "portail.acme-nord.test");

    for (body, field, status) in [
        (json!({"host": "https://jobs.acme.test/x", "site": "portal", "theme_id": w.ws.to_string()}), "host", 422),
        (json!({"host": "jobs.acme.test", "site": "nowhere", "theme_id": w.ws.to_string()}), "site", 422),
        (json!({"host": "jobs.acme.test", "site": "portal", "theme_id": other.north.to_string()}), "theme_id", 422),
        (json!({"host": "127.0.0.1", "site": "portal", "theme_id": w.ws.to_string()}), "host", 422),
    ] {
        let r = add(admin.clone(), body).await;
        assert_eq!(r.status().as_u16(), status);
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], field);
    }
    let other_admin = token_for(&db, other.ws, other.admin).await;
    let stolen = add(other_admin, json!({"host": "portail.acme-nord.test", "site": "portal", "theme_id": other.ws.to_string()})).await;
    assert_eq!(stolen.status(), StatusCode::CONFLICT, "one host serves one workspace");

    // On the domain: the site at its root, in its theme; assets; and no staff page or API.
    let on = |path: &str| browser().get(s.url(path)).header("host", "portail.acme-nord.test");
    let root = on("/").send().await.unwrap();
    assert_eq!(root.status(), StatusCode::SEE_OTHER, "the portal asks a visitor to sign in");
    assert_eq!(root.headers()["location"], "/sign-in");
    let html = on("/sign-in").send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Acme Nord") && html.contains("action=\"/sign-in/link\""), "{html}");
    assert_eq!(on("/portal/sign-in").send().await.unwrap().status(), 200, "a site also answers under its name");
    assert_eq!(on("/sign-in/").send().await.unwrap().status(), 200, "with or without a trailing slash");
    for shared in ["/assets/site.css", "/healthz", "/readyz"] {
        assert_eq!(on(shared).send().await.unwrap().status(), 200, "{shared} on a custom domain");
    }
    // Nothing else: no staff page, no API, no other workspace's site, no way off the site.
    for other_path in ["/settings", "/login", "/api/v1/contacts", "/files", "/p/other/portal/sign-in", "/p/acme/portal/sign-in"] {
        assert_eq!(on(other_path).send().await.unwrap().status(), 404, "{other_path} on a custom domain");
    }
    for odd in ["//evil.test?lang=en", "//evil.test/", "/\\evil.test?lang=fr"] {
        let r = on(odd).send().await.unwrap();
        assert_eq!(r.status(), 404, "{odd}");
        assert!(r.headers().get("location").is_none(), "{odd} redirects nowhere");
        assert!(r.headers().contains_key("content-security-policy"), "the layer's own answers carry the security headers");
    }

    // Removed, the host serves nothing of Acme's any more.
    let gone = c.delete(s.url(&format!("/api/v1/site-domains/{}", d["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let after = on("/sign-in").send().await.unwrap();
    assert_eq!(after.status(), 404, "the host is Portico's own app again, which has no such page");
    assert!(!after.text().await.unwrap().contains("Acme Nord"));
});

db_test!(async fn a_contact_signs_in_to_the_portal_and_sees_only_their_own(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |st| st.public_form_min_seconds = 0).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let contact = |name: &str, email: &str| {
        let (c, admin, s) = (c.clone(), admin.clone(), &s);
        let body = json!({"unit_id": w.north.to_string(), "name": name, "email": email, "locale": "fr"});
        async move { c.post(s.url("/api/v1/contacts")).bearer_auth(&admin).json(&body).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let ana = contact("Ana Jurić", "ana@client.test").await;
    contact("Bruno Other", "bruno@client.test").await;
    // Each has a conversation filed with them.
    let mailbox: Value = c.post(s.url("/api/v1/mailboxes")).bearer_auth(&admin)
        .json(&json!({"name": "Desk", "address": "desk@acme.test", "unit_id": w.north.to_string(), "consumer": "core.contacts"}))
        .send().await.unwrap().json().await.unwrap();
    let m = portico_mail::inbound::mailboxes::load(db.pool(), mailbox["id"].as_str().unwrap()).await.unwrap();
    let st = &s.state;
    let ingest = portico_mail::inbound::Ingest { db: &st.db, blobs: &st.blobs, consumers: &st.suite.mail, clock: st.clock.as_ref() };
    for (from, subject, id, reply_to) in [
        ("ana@client.test", "Ma commande 4521", "ana-1", ""),
        ("bruno@client.test", "Bruno's private matter", "bruno-1", ""),
        // Someone else writes in Ana's conversation: filed with her, but not hers to read.
        ("colleague@client.test", "Re: Ma commande 4521", "colleague-1", "In-Reply-To: <ana-1@client.test>\r\n"),
    ] {
        let raw = format!("From: {from}\r\nTo: desk@acme.test\r\nSubject: {subject}\r\nMessage-ID: <{id}@client.test>\r\n{reply_to}\r\nBody of {subject} by {id}\r\n");
        ingest.message(&m, raw.as_bytes(), portico_mail::inbound::Source::Webhook).await.unwrap();
    }

    // An unknown address gets the same answer and no e-mail; a known one gets a link.
    let visitor = browser();
    visitor.get(s.url("/p/acme/portal/sign-in?lang=fr")).send().await.unwrap();
    for email in ["nobody@client.test", "ana@client.test"] {
        let r = post_form(&visitor, &s, "/p/acme/portal/sign-in", "/p/acme/portal/sign-in/link", &[("email", email)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/p/acme/portal/sign-in?sent=true");
    }
    let link = link_for(&s, "ana@client.test").await.expect("a sign-in link");
    let (to_nobody,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbound_emails WHERE to_addr = 'nobody@client.test'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(to_nobody, 0, "an unknown address gets nothing (its request was looked at before Ana's)");
    assert!(link.starts_with(&s.url("/p/acme/portal/in/")), "{link}");
    let typo = post_form(&visitor, &s, "/p/acme/portal/sign-in", "/p/acme/portal/sign-in/link", &[("email", "ana@")]).await;
    assert_eq!(typo.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A bot that fills the hidden field is refused with a page of the site (its theme, its
    // language) that leads back to the form.
    let sign_in = s.url("/p/acme/portal/sign-in");
    let mut form = form_fields(&visitor.get(&sign_in).send().await.unwrap().text().await.unwrap());
    form.retain(|(k, _)| k != "_hp");
    form.extend([("_hp".to_string(), "http://spam.test".to_string()), ("email".into(), "ana@client.test".into())]);
    let bot = visitor.post(s.url("/p/acme/portal/sign-in/link")).header("referer", &sign_in).form(&form).send().await.unwrap();
    assert_eq!(bot.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = bot.text().await.unwrap();
    assert!(page.contains("/p/acme/_theme.css") && page.contains("Revenir au formulaire"), "{page}");
    assert!(page.contains("href=\"/p/acme/portal/sign-in\""), "{page}");

    let home = |b: &reqwest::Client| {
        let (b, s) = (b.clone(), &s);
        async move { b.get(s.url("/p/acme/portal/")).send().await.unwrap() }
    };
    assert_eq!(home(&visitor).await.status(), StatusCode::SEE_OTHER, "not signed in yet");
    // Opening the link (as a mail scanner would) only shows a button; the button signs in.
    let path = link.strip_prefix(&s.base).unwrap().to_string();
    assert_eq!(api().get(&link).send().await.unwrap().status(), 200);
    let signed = post_form(&visitor, &s, &path, &path, &[]).await;
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let cookie = signed.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/p/acme"), "{cookie}");
    let html = home(&visitor).await.text().await.unwrap();
    assert!(html.contains("Bonjour Ana Jurić") && html.contains("Ma commande 4521"), "{html}");
    assert!(!html.contains("Bruno"), "another contact's conversation never shows");
    assert!(!html.contains("colleague-1"), "nor what someone else wrote in theirs");
    let again = post_form(&visitor, &s, &path, &path, &[]).await;
    assert_eq!(again.status(), StatusCode::GONE, "a link works once");

    // Their data, as a file: theirs only.
    let data: Value = visitor.get(s.url("/p/acme/portal/data")).send().await.unwrap().json().await.unwrap();
    assert_eq!(data["contact"]["id"], ana["id"]);
    assert_eq!(data["messages"].as_array().unwrap().len(), 1);
    assert!(!data.to_string().contains("Bruno"));

    // A password: too short is said on the field; then it signs in, and a wrong one does not.
    let short = post_form(&visitor, &s, "/p/acme/portal/", "/p/acme/portal/password", &[("password", "short")]).await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.text().await.unwrap().contains("Mot de passe"), "the error names the field");
    let set = post_form(&visitor, &s, "/p/acme/portal/", "/p/acme/portal/password", &[("password", "ana-secret-2026")]).await;
    assert_eq!(set.status(), StatusCode::SEE_OTHER);
    let out = post_form(&visitor, &s, "/p/acme/portal/", "/p/acme/portal/sign-out", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(home(&visitor).await.status(), StatusCode::SEE_OTHER, "signed out");
    let wrong = post_form(&visitor, &s, "/p/acme/portal/sign-in", "/p/acme/portal/sign-in/password", &[("email", "ana@client.test"), ("password", "not-the-password")]).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = post_form(&visitor, &s, "/p/acme/portal/sign-in", "/p/acme/portal/sign-in/password", &[("email", "ana@client.test"), ("password", "ana-secret-2026")]).await;
    assert_eq!(right.status(), StatusCode::SEE_OTHER);
    let session = right.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    assert!(home(&visitor).await.text().await.unwrap().contains("Ana Jurić"));

    // Wrong passwords lock the address for a while, as they lock a staff address; an
    // address nobody has locks the same way, so the answer tells nothing.
    let password_page = ("/p/acme/portal/sign-in", "/p/acme/portal/sign-in/password");
    let attempt = async |email: &str, password: &str| {
        let fields = [("email", email), ("password", password)];
        post_form(&visitor, &s, password_page.0, password_page.1, &fields).await.status()
    };
    for email in ["ana@client.test", "nobody@client.test"] {
        for i in 1..=portico_auth::throttle::MAX_FAILURES {
            let expected = if i == portico_auth::throttle::MAX_FAILURES { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::UNAUTHORIZED };
            assert_eq!(attempt(email, "guessing-again").await, expected, "{email}, attempt {i}");
        }
    }
    assert_eq!(attempt("ana@client.test", "ana-secret-2026").await, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_throttle WHERE email LIKE '%client.test%'")
        .fetch_one(db.pool()).await.unwrap();
    assert_eq!(stored, 0, "the throttle keeps no address");

    // The session is Acme's: another workspace's portal does not take it, nor its links.
    world(&db, "Other").await;
    let foreign = path.replace("/p/acme/", "/p/other/");
    assert_eq!(post_form(&visitor, &s, &foreign, &foreign, &[]).await.status(), StatusCode::GONE);
    let elsewhere = api().get(s.url("/p/other/portal/")).header("cookie", &session).send().await.unwrap();
    assert_eq!(elsewhere.status(), StatusCode::SEE_OTHER);

    // Erasing the contact ends their sessions and forgets their password.
    let erased = c.post(s.url(&format!("/api/v1/contacts/{}/erase", ana["id"].as_str().unwrap()))).bearer_auth(&admin).send().await.unwrap();
    assert!(erased.status().is_success());
    assert_eq!(home(&visitor).await.status(), StatusCode::SEE_OTHER);
    for table in ["portal_sessions", "portal_sign_ins", "portal_passwords"] {
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table} WHERE contact_id = $1")))
            .bind(ana["id"].as_str().unwrap()).fetch_one(db.pool()).await.unwrap();
        assert_eq!(n, 0, "{table}");
    }
});
