//! The platform contract holds: nothing a module stores or serves escapes the registry.

use std::sync::Arc;

use axum::routing::get;
use portico_http::{Module, RouteClass, Routes, Suite};
use portico_platform::ModuleSpec;

use crate::support::suite;

/// Tables of the database with their columns, in order.
async fn schema(db: &portico_db::Db) -> Vec<(String, Vec<String>)> {
    let rows: Vec<(String, String)> = match db.backend() {
        portico_db::Backend::Sqlite => sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' ORDER BY m.name, p.cid",
        ),
        portico_db::Backend::Postgres => sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
        ),
    }
    .fetch_all(db.pool())
    .await
    .unwrap();
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for (table, column) in rows {
        match tables.last_mut() {
            Some((t, cols)) if *t == table => cols.push(column),
            _ => tables.push((table, vec![column])),
        }
    }
    tables
}

db_test!(async fn every_workspace_table_is_claimed_and_every_column_declared(db) {
    let registry = &suite().platform.registry;
    let tables = schema(&db).await;
    let unclaimed: Vec<&str> = tables
        .iter()
        .filter(|(t, cols)| cols.iter().any(|c| c == "workspace_id") && !registry.claims(t))
        .map(|(t, _)| t.as_str())
        .collect();
    assert!(unclaimed.is_empty(), "tables with workspace data that no record kind claims: {unclaimed:?}");
    for (kind, table) in registry.tables() {
        let declared: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        let actual = tables.iter().find(|(t, _)| t == table.name).map(|(_, c)| c.clone()).unwrap_or_default();
        assert_eq!(actual, declared, "{}: the columns of {} are not the ones it declares", kind.name(), table.name);
    }
});

#[test]
fn every_api_path_naming_a_record_belongs_to_a_kind() {
    let s = suite();
    let doc = s.openapi().unwrap();
    let claimed: Vec<&str> = s.platform.registry.kinds().flat_map(|k| k.api_paths().iter().copied()).collect();
    let orphans: Vec<&String> =
        doc.paths.paths.keys().filter(|p| p.contains('{') && !claimed.contains(&p.as_str())).collect();
    assert!(orphans.is_empty(), "API paths addressing a record that no kind claims: {orphans:?}");
    let stale: Vec<&&str> = claimed.iter().filter(|p| !doc.paths.paths.contains_key(**p)).collect();
    assert!(stale.is_empty(), "kinds claim paths the API does not have: {stale:?}");
}

/// The shell and the crates it stands on never depend on a module: modules plug into it.
#[test]
fn the_shell_depends_on_no_module_crate() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = meta["packages"].as_array().unwrap();
    let deps_of = |name: &str| -> Vec<String> {
        let p = packages.iter().find(|p| p["name"] == name).unwrap();
        let deps = p["dependencies"].as_array().unwrap();
        deps.iter().filter(|d| d["kind"].is_null()).map(|d| d["name"].as_str().unwrap().to_string()).collect()
    };
    let modules: Vec<String> = portico::modules().iter().map(|m| format!("portico-{}", m.name())).collect();
    let (mut seen, mut todo) = (Vec::new(), vec!["portico-http".to_string()]);
    while let Some(name) = todo.pop() {
        for d in deps_of(&name).into_iter().filter(|d| d.starts_with("portico-")) {
            assert!(!modules.contains(&d), "{name} depends on the module crate {d}");
            if !seen.contains(&d) {
                seen.push(d.clone());
                todo.push(d);
            }
        }
    }
    assert!(seen.contains(&"portico-platform".to_string()), "the walk followed the shell's own crates: {seen:?}");
}

/// A module that tries to take what the core has.
struct Clash(fn() -> Routes);

impl Module for Clash {
    fn name(&self) -> &'static str {
        "clash"
    }
    fn spec(&self) -> ModuleSpec {
        ModuleSpec { name: "clash", ..Default::default() }
    }
    fn routes(&self) -> Routes {
        (self.0)()
    }
}

#[test]
fn overlapping_routes_are_refused_at_start_up() {
    let attempt = |routes: fn() -> Routes| {
        let modules: Vec<Arc<dyn Module>> = vec![Arc::new(portico_core::Core), Arc::new(Clash(routes))];
        Suite::new(modules).err().map(|e| e.cause.unwrap_or_default()).unwrap_or_default()
    };
    let page = attempt(|| Routes::new().page("/settings/units", get(|| async { "mine" })));
    assert!(page.contains("/settings/units") && page.contains("core") && page.contains("clash"), "{page}");
    let prefix = attempt(|| Routes::new().under(RouteClass::Public, "/settings", axum::Router::new()));
    assert!(prefix.contains("lies under the Public prefix /settings"), "{prefix}");
    let nested = attempt(|| Routes::new().under(RouteClass::Compat, "/guest/x", axum::Router::new()));
    assert!(nested.contains("/guest"), "{nested}");
    let apart = || Routes::new().under(RouteClass::Public, "/careers", axum::Router::new());
    let modules: Vec<Arc<dyn Module>> = vec![Arc::new(portico_core::Core), Arc::new(Clash(apart))];
    assert!(Suite::new(modules).is_ok(), "a prefix of its own is fine");
}

/// A module added to a binary whose data directory already has the demo.
struct Later;

impl Module for Later {
    fn name(&self) -> &'static str {
        "later"
    }
    fn spec(&self) -> ModuleSpec {
        ModuleSpec { name: "later", ..Default::default() }
    }
    fn routes(&self) -> Routes {
        Routes::new()
    }
    fn demo<'a>(
        &'a self,
        ctx: &'a portico_http::DemoContext<'a>,
    ) -> Option<portico_db::BoxFuture<'a, Result<Vec<String>, portico_kernel::AppError>>> {
        Some(Box::pin(async move {
            let ws = portico_authz::store::list_workspaces(ctx.db.pool()).await?.remove(0);
            let sys = portico_authz::store::system_authz(ctx.db.pool(), ws.id.parse().unwrap(), "later demo").await?;
            let root = sys.tree().root().unwrap();
            let input = portico_core::units::service::UnitInput { name: "Later's demo".into(), kind: "team".into() };
            portico_core::units::service::create(ctx.db, &portico_kernel::SystemClock, &sys, root, input).await?;
            Ok(vec!["later: seeded".into()])
        }))
    }
}

db_test!(async fn demo_seeds_each_module_once_even_when_added_later(db) {
    let dir = std::env::temp_dir().join(format!("portico-demo-{}", uuid::Uuid::now_v7().simple()));
    let settings = portico_config::Settings { data_dir: dir.clone(), ..Default::default() };
    let first = Suite::new(vec![Arc::new(portico_core::Core)]).unwrap();
    let said = first.seed_demos(&db, &settings).await.unwrap();
    assert!(said.iter().any(|l| l.contains("Maison Lumière")), "{said:?}");
    let later = Suite::new(vec![Arc::new(portico_core::Core), Arc::new(Later)]).unwrap();
    let said = later.seed_demos(&db, &settings).await.unwrap();
    assert_eq!(said, ["core: the demo is already loaded.", "later: seeded"]);
    let said = later.seed_demos(&db, &settings).await.unwrap();
    assert_eq!(said, ["core: the demo is already loaded.", "later: the demo is already loaded."]);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units WHERE name = 'Later''s demo'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(n, 1, "seeded once");
    let _ = std::fs::remove_dir_all(dir);
});

static NOT_APPROVED: portico_kernel::ModuleCode =
    portico_kernel::ModuleCode { code: "offers_not_approved", status: 409, english: "The offer is not approved yet." };
static TAKEN: portico_kernel::ModuleCode =
    portico_kernel::ModuleCode { code: "not_found", status: 404, english: "Mine." };

/// A module with an action and an error code of its own.
struct Offers(&'static portico_kernel::ModuleCode);

impl Module for Offers {
    fn name(&self) -> &'static str {
        "offers"
    }
    fn spec(&self) -> ModuleSpec {
        let approve = portico_kernel::perm::ActionSpec { action: "approve", manager: true, member: false };
        ModuleSpec { name: "offers", actions: vec![approve], error_codes: vec![self.0], ..Default::default() }
    }
    fn routes(&self) -> Routes {
        Routes::new()
    }
}

#[test]
fn modules_bring_their_own_permissions_and_error_codes() {
    let s = Suite::new(vec![Arc::new(portico_core::Core), Arc::new(Offers(&NOT_APPROVED))]).unwrap();
    let approve: portico_kernel::Permission = "offers.approve".parse().unwrap();
    assert!(portico_authz::BuiltinRole::Manager.permissions().contains(&approve));
    assert!(!portico_authz::BuiltinRole::Member.permissions().contains(&approve));
    assert!(portico_authz::BuiltinRole::Admin.permissions().contains(&"offers.view".parse().unwrap()));
    let code = portico_kernel::ErrorCode::Module(&NOT_APPROVED);
    assert!(s.platform.error_codes.contains(&code));
    assert_eq!((code.code(), code.status()), ("offers_not_approved", 409));
    let clash = Suite::new(vec![Arc::new(portico_core::Core), Arc::new(Offers(&TAKEN))]).err().unwrap();
    assert!(clash.cause.unwrap().contains("error code not_found of offers is taken"));
}

#[test]
fn every_error_code_of_every_module_is_translated() {
    for code in &suite().platform.error_codes {
        for l in portico_kernel::locale::Locale::ALL {
            let key = format!("error-{}", code.code().replace('_', "-"));
            assert!(portico_http::i18n::Tr::new(l).try_t(&key).is_some(), "{l:?} lacks {key}");
        }
    }
}

/// A module with a public page and its form, as the career site will have.
struct Board;

impl Module for Board {
    fn name(&self) -> &'static str {
        "board"
    }
    fn spec(&self) -> ModuleSpec {
        ModuleSpec { name: "board", ..Default::default() }
    }
    fn routes(&self) -> Routes {
        async fn show(
            axum::extract::State(s): axum::extract::State<portico_http::AppState>,
            v: portico_http::ui::Visitor,
        ) -> String {
            format!("{} {}", portico_http::spam::Trap::new(&s).shown, v.csrf)
        }
        let router = axum::Router::new().route("/apply", get(show).post(|| async { "thanks" }));
        Routes::new().under(RouteClass::Public, "/board", router)
    }
}

db_test!(async fn public_forms_refuse_bots_before_their_handler(db) {
    let suite = Arc::new(Suite::new(vec![Arc::new(portico_core::Core), Arc::new(Board)]).unwrap());
    // A visitor's browser: the form (its signed time and pre-session token), then the post.
    let visit = |s: &crate::support::Server| {
        let (b, url) = (crate::support::browser(), s.url("/board/apply"));
        async move {
            let page = b.get(&url).send().await.unwrap().text().await.unwrap();
            let (stamp, csrf) = page.split_once(' ').unwrap();
            (b, url, stamp.to_string(), csrf.to_string())
        }
    };
    let send = |b: &reqwest::Client, url: &str, fields: Vec<(&'static str, String)>| {
        b.post(url).header("accept-language", "fr").form(&fields).send()
    };
    // Sent the moment it was shown: a person cannot be that quick.
    let strict = crate::support::server_of(&db, suite.clone(), |_| {}).await;
    let (b, url, stamp, csrf) = visit(&strict).await;
    let r = send(&b, &url, vec![("_csrf", csrf), ("_shown", stamp), ("name", "Ana".into())]).await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("envoyé trop vite"), "said in the visitor's language");

    let s = crate::support::server_of(&db, suite, |st| st.public_form_min_seconds = 0).await;
    let (b, url, stamp, csrf) = visit(&s).await;
    let person = vec![("_csrf", csrf.clone()), ("_hp", String::new()), ("_shown", stamp.clone()), ("name", "Ana".into())];
    let r = send(&b, &url, person).await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (200, "thanks".to_string()), "a person passes");
    let trapped = vec![("_csrf", csrf.clone()), ("_hp", "http://spam.example".into()), ("_shown", stamp.clone())];
    assert_eq!(send(&b, &url, trapped).await.unwrap().status(), 422, "the hidden field was filled");
    let unshown = vec![("_csrf", csrf.clone()), ("name", "Ana".into())];
    assert_eq!(send(&b, &url, unshown).await.unwrap().status(), 422, "a form Portico never showed");
    let (at, mac) = stamp.split_once('.').unwrap();
    let forged = format!("{}.{mac}", at.parse::<i64>().unwrap() - 10_000_000);
    assert_eq!(send(&b, &url, vec![("_csrf", csrf.clone()), ("_shown", forged)]).await.unwrap().status(), 422, "a changed time breaks its signature");
    // Forms with files are checked the same way (their CSRF token rides in the action's query).
    let url = format!("{url}?_csrf={csrf}");
    let multipart = |hp: &'static str| {
        reqwest::multipart::Form::new()
            .text("_hp", hp)
            .text("_shown", stamp.clone())
            .part("cv", reqwest::multipart::Part::bytes(b"my cv".to_vec()).file_name("cv.txt"))
    };
    assert_eq!(b.post(&url).multipart(multipart("")).send().await.unwrap().status(), 200);
    assert_eq!(b.post(&url).multipart(multipart("filled")).send().await.unwrap().status(), 422);
});
