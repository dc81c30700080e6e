//! The isolation suite. Every record type is created in workspace Acme, unit
//! North, and then probed by three intruders through the API, the UI, search
//! and exports:
//! - an admin of another workspace: reads and writes are 404, lists never show it;
//! - a manager of the sibling unit South: reads 404 (403 for admin-only areas), writes refused;
//! - a member of North itself (a lower role): writes refused with 403/404.
//!
//! Workspace-wide configuration (custom field definitions, roles) is listed to
//! every member but never to another workspace. The record must come out
//! unchanged. A new record type joins with one `Kind` entry and one factory arm.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Server, World, add_user, api, server, sign_in, token_for, world};

/// How a record type is reached over HTTP. `{id}` stands for the record's id.
struct Kind {
    name: &'static str,
    /// Read paths that must not reveal the record to outsiders and siblings.
    reads: &'static [&'static str],
    /// Lists that must not contain the record for outsiders and siblings.
    lists: &'static [&'static str],
    /// Writes no intruder may perform; the flag marks writes a member of the unit is entitled to.
    writes: &'static [(Method, &'static str, Option<&'static str>, bool)],
    /// The staff page of the record.
    page: Option<&'static str>,
    /// Only workspace admins may see this kind at all (siblings get 403 rather than 404).
    admin_only: bool,
    /// Workspace configuration every member may list (custom field definitions, roles):
    /// hidden from other workspaces only.
    workspace_wide: bool,
}

const KINDS: &[Kind] = &[
    Kind {
        name: "unit",
        reads: &["/api/v1/units/{id}", "/api/v1/custom-values/unit/{id}"],
        lists: &["/api/v1/units"],
        writes: &[
            (Method::PATCH, "/api/v1/units/{id}", Some(r#"{"name": "Hijacked"}"#), false),
            (Method::DELETE, "/api/v1/units/{id}", None, false),
            (Method::POST, "/api/v1/units/{id}/move", Some(r#"{"parent_id": "{other_unit}"}"#), false),
            (Method::PATCH, "/api/v1/custom-values/unit/{id}", Some(r#"{"note": "hijacked"}"#), false),
        ],
        page: Some("/settings/units/{id}"),
        admin_only: false,
        workspace_wide: false,
    },
    Kind {
        name: "file",
        reads: &["/api/v1/files/{id}", "/api/v1/files/{id}/content", "/api/v1/custom-values/file/{id}"],
        lists: &["/api/v1/files", "/api/v1/search?q=isolationmarker"],
        writes: &[
            (Method::DELETE, "/api/v1/files/{id}", None, false),
            (Method::POST, "/api/v1/files/{id}/links", Some(r#"{"label": "x"}"#), true),
            (Method::PATCH, "/api/v1/custom-values/file/{id}", Some(r#"{"note": "hijacked"}"#), true),
        ],
        page: Some("/files/{id}"),
        admin_only: false,
        workspace_wide: false,
    },
    Kind {
        name: "user",
        reads: &["/api/v1/users/{id}", "/api/v1/users/{id}/grants", "/api/v1/custom-values/user/{id}"],
        lists: &["/api/v1/users", "/api/v1/users?q=isolation"],
        writes: &[
            (Method::PATCH, "/api/v1/users/{id}", Some(r#"{"name": "Hijacked"}"#), false),
            (Method::PATCH, "/api/v1/custom-values/user/{id}", Some(r#"{"note": "hijacked"}"#), false),
            (Method::POST, "/api/v1/users/{id}/status", Some(r#"{"status": "disabled"}"#), false),
            (
                Method::POST,
                "/api/v1/users/{id}/grants",
                Some(r#"{"role_id": "{other_role}", "unit_id": "{other_unit}"}"#),
                false,
            ),
        ],
        page: Some("/settings/users/{id}"),
        admin_only: false,
        workspace_wide: false,
    },
    Kind {
        name: "webhook",
        reads: &["/api/v1/webhooks/{id}/deliveries"],
        lists: &["/api/v1/webhooks"],
        writes: &[(Method::DELETE, "/api/v1/webhooks/{id}", None, false)],
        page: Some("/settings/webhooks/{id}"),
        admin_only: true,
        workspace_wide: false,
    },
    Kind {
        name: "custom_field",
        reads: &[],
        lists: &["/api/v1/custom-fields"],
        writes: &[
            (
                Method::PATCH,
                "/api/v1/custom-fields/{id}",
                Some(r#"{"record_type": "unit", "key": "isolation", "label": "Hijacked", "field_type": "text"}"#),
                false,
            ),
            (Method::DELETE, "/api/v1/custom-fields/{id}", None, false),
        ],
        page: None,
        admin_only: true,
        workspace_wide: true,
    },
    Kind {
        name: "role",
        reads: &[],
        lists: &["/api/v1/roles"],
        writes: &[(Method::DELETE, "/api/v1/roles/{id}", None, false)],
        page: None,
        admin_only: true,
        workspace_wide: true,
    },
    Kind {
        name: "task",
        reads: &["/api/v1/tasks/{id}"],
        lists: &["/api/v1/tasks"],
        writes: &[],
        page: None,
        admin_only: true,
        workspace_wide: false,
    },
    Kind {
        name: "invitation",
        reads: &[],
        lists: &["/api/v1/invitations"],
        writes: &[(Method::DELETE, "/api/v1/invitations/{id}", None, false)],
        page: None,
        admin_only: true,
        workspace_wide: false,
    },
    Kind {
        name: "api_token",
        reads: &[],
        lists: &["/api/v1/tokens"],
        writes: &[(Method::DELETE, "/api/v1/tokens/{id}", None, false)],
        page: None,
        admin_only: true,
        workspace_wide: false,
    },
];

/// Create one record of `kind` in Acme/North (as Acme's admin) and return its id.
async fn create(s: &Server, w: &World, admin: &str, kind: &str) -> String {
    let c = api();
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(admin).json(&body).send();
    let id_of =
        |v: Value| v["id"].as_str().or(v["task_id"].as_str()).or(v["invitation_id"].as_str()).unwrap().to_string();
    match kind {
        "unit" => id_of(
            post("/api/v1/units", json!({"parent_id": w.north.to_string(), "name": "Isolation unit"}))
                .await
                .unwrap()
                .json()
                .await
                .unwrap(),
        ),
        "file" => {
            let form = reqwest::multipart::Form::new().text("unit_id", w.north.to_string()).part(
                "file",
                reqwest::multipart::Part::bytes(b"isolationmarker secret".to_vec()).file_name("isolation.txt"),
            );
            id_of(
                c.post(s.url("/api/v1/files"))
                    .bearer_auth(admin)
                    .multipart(form)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap(),
            )
        }
        "user" => add_user(&s.state.db, w.ws, "isolation@acme.test", portico_authz::BuiltinRole::Member, w.north)
            .await
            .to_string(),
        "webhook" => id_of(
            post("/api/v1/webhooks", json!({"url": "http://127.0.0.1:9/isolation"}))
                .await
                .unwrap()
                .json()
                .await
                .unwrap(),
        ),
        "custom_field" => id_of(
            post(
                "/api/v1/custom-fields",
                json!({"record_type": "unit", "key": "isolation", "label": "Isolation", "field_type": "text"}),
            )
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
        ),
        "role" => id_of(
            post("/api/v1/roles", json!({"name": "Isolation role", "permissions": ["desk.view"]}))
                .await
                .unwrap()
                .json()
                .await
                .unwrap(),
        ),
        "task" => id_of(post("/api/v1/search/reindex", json!({})).await.unwrap().json().await.unwrap()),
        "invitation" => id_of(
            post("/api/v1/users", json!({"email": "invited.isolation@acme.test", "role_id": w.member_role.to_string(), "unit_id": w.north.to_string()}))
                .await
                .unwrap()
                .json()
                .await
                .unwrap(),
        ),
        "api_token" => id_of(post("/api/v1/tokens", json!({"name": "isolation"})).await.unwrap().json().await.unwrap()),
        other => panic!("no factory for {other}"),
    }
}

struct Intruder {
    who: &'static str,
    token: String,
    /// A session of the same person, for UI pages.
    browser: reqwest::Client,
    /// Ids of records the intruder may name in request bodies.
    own_unit: String,
    own_role: String,
}

db_test!(async fn every_record_type_is_isolated(db) {
    let w = world(&db, "Acme").await;
    let other = world(&db, "Other").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let north_member = add_user(&db, w.ws, "member.north@acme.test", portico_authz::BuiltinRole::Member, w.north).await;
    let south_manager = add_user(&db, w.ws, "manager.south@acme.test", portico_authz::BuiltinRole::Manager, w.south).await;
    let other_role = portico_authz::store::builtin_role(db.pool(), other.ws, portico_authz::BuiltinRole::Member).await.unwrap().id.to_string();
    let acme_member_role = portico_authz::store::builtin_role(db.pool(), w.ws, portico_authz::BuiltinRole::Member).await.unwrap().id.to_string();
    let intruders = [
        Intruder { who: "other workspace", token: token_for(&db, other.ws, other.admin).await, browser: sign_in(&s, "admin@other.test").await, own_unit: other.north.to_string(), own_role: other_role },
        Intruder { who: "sibling unit", token: token_for(&db, w.ws, south_manager).await, browser: sign_in(&s, "manager.south@acme.test").await, own_unit: w.south.to_string(), own_role: acme_member_role.clone() },
        Intruder { who: "lower role", token: token_for(&db, w.ws, north_member).await, browser: sign_in(&s, "member.north@acme.test").await, own_unit: w.north.to_string(), own_role: acme_member_role },
    ];
    let c = api();
    for kind in KINDS {
        let id = create(&s, &w, &admin, kind.name).await;
        let fill = |p: &str, i: &Intruder| p.replace("{id}", &id).replace("{other_unit}", &i.own_unit).replace("{other_role}", &i.own_role);
        let snapshot = |path: &'static str| {
            let (c, admin, s, id) = (c.clone(), admin.clone(), &s, id.clone());
            async move { c.get(s.url(&path.replace("{id}", &id))).bearer_auth(&admin).send().await.unwrap().text().await.unwrap() }
        };
        let before: Vec<String> = futures_join(kind.reads.iter().map(|p| snapshot(p))).await;
        for i in &intruders {
            let lower = i.who == "lower role";
            for path in kind.reads {
                let r = c.get(s.url(&fill(path, i))).bearer_auth(&i.token).send().await.unwrap();
                let status = r.status().as_u16();
                let body = r.text().await.unwrap();
                if !lower {
                    let ok = status == 404 || (kind.admin_only && i.who == "sibling unit" && status == 403);
                    assert!(ok, "{} GET {path} by {}: {status}", kind.name, i.who);
                }
                if status >= 400 {
                    assert!(!body.contains("isolation"), "{} error body leaks data to {}", kind.name, i.who);
                }
            }
            let shared_config = kind.workspace_wide && i.who == "sibling unit";
            if !(lower || shared_config) {
                for path in kind.lists {
                    let r = c.get(s.url(&fill(path, i))).bearer_auth(&i.token).send().await.unwrap();
                    let status = r.status().as_u16();
                    assert!(status == 200 || status == 403, "{} list {path} by {}: {status}", kind.name, i.who);
                    assert!(!r.text().await.unwrap().contains(&id), "{} list {path} shows it to {}", kind.name, i.who);
                }
            }
            for (method, path, body, member_may) in kind.writes {
                if lower && *member_may {
                    continue;
                }
                let mut req = c.request(method.clone(), s.url(&fill(path, i))).bearer_auth(&i.token);
                if let Some(b) = body {
                    req = req.header("content-type", "application/json").body(fill(b, i));
                }
                let status = req.send().await.unwrap().status().as_u16();
                assert!(status == 403 || status == 404, "{} {method} {path} by {}: {status}", kind.name, i.who);
            }
            if let (Some(page), false) = (kind.page, lower) {
                let r = i.browser.get(s.url(&fill(page, i))).send().await.unwrap();
                let status = r.status().as_u16();
                assert!(status == 404 || (kind.admin_only && status == 403), "{} page by {}: {status}", kind.name, i.who);
                assert!(!r.text().await.unwrap().contains("isolation"), "{} page leaks to {}", kind.name, i.who);
            }
        }
        let after: Vec<String> = futures_join(kind.reads.iter().map(|p| snapshot(p))).await;
        assert_eq!(before, after, "{} changed under attack", kind.name);
    }
    // Exports and the audit log of the other workspace never mention Acme's records.
    let other_admin = &intruders[0].token;
    let csv = c.get(s.url("/api/v1/audit/export")).bearer_auth(other_admin).send().await.unwrap().text().await.unwrap();
    assert!(csv.starts_with("id,time") && !csv.contains("Isolation") && !csv.contains("isolation@acme.test"));
    let sibling_audit = c.get(s.url("/api/v1/audit")).bearer_auth(&intruders[1].token).send().await.unwrap();
    assert_eq!(sibling_audit.status(), 403, "only admins read the audit log");
});

async fn futures_join<F: std::future::Future<Output = String>>(it: impl Iterator<Item = F>) -> Vec<String> {
    let mut out = Vec::new();
    for f in it {
        out.push(f.await);
    }
    out
}
