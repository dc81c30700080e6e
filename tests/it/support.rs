//! Shared fixtures: a workspace with a small unit tree and users of each role.

use std::sync::Arc;

use portico_auth::setup::{OwnerInput, create_workspace_with_owner};
use portico_authz::{Authz, BuiltinRole, store};
use portico_db::Db;
use portico_kernel::locale::Locale;
use portico_kernel::{Actor, Clock, SystemClock, UnitId, UserId, WorkspaceId};

pub fn clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// The binary's modules and their platform, built once for the test process.
pub fn suite() -> Arc<portico_http::Suite> {
    static SUITE: std::sync::OnceLock<Arc<portico_http::Suite>> = std::sync::OnceLock::new();
    SUITE.get_or_init(|| portico::suite().unwrap()).clone()
}

/// What every test database gets before its test runs: every module's schema, and the
/// platform's event bus.
pub fn install(db: &Db) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> {
    Box::pin(async move {
        suite().platform.migrate(db).await.unwrap();
        suite().platform.install(db).unwrap();
    })
}

pub const PASSWORD: &str = "correct-horse-battery";

/// Acme: root › North › Lille, and root › South. Users: the owner (owner@…), an
/// admin, a manager of North, a member of South.
pub struct World {
    pub ws: WorkspaceId,
    pub root: UnitId,
    pub north: UnitId,
    pub lille: UnitId,
    pub south: UnitId,
    pub admin: UserId,
    pub north_manager: UserId,
    pub south_member: UserId,
    pub member_role: portico_kernel::RoleId,
}

pub async fn world(db: &Db, name: &str) -> World {
    let c = clock();
    let slug = name.to_lowercase();
    let created = create_workspace_with_owner(
        db,
        c.as_ref(),
        OwnerInput {
            workspace_name: name,
            email: &format!("owner@{slug}.test"),
            name: "Olga Owner",
            password: PASSWORD,
            locale: Locale::En,
        },
    )
    .await
    .unwrap();
    let sys = store::system_authz(db.pool(), created.workspace, "test").await.unwrap();
    let mk =
        |_parent: UnitId, n: &str| portico_core::units::service::UnitInput { name: n.into(), kind: "agency".into() };
    let north =
        portico_core::units::service::create(db, c.as_ref(), &sys, created.root_unit, mk(created.root_unit, "North"))
            .await
            .unwrap();
    let south =
        portico_core::units::service::create(db, c.as_ref(), &sys, created.root_unit, mk(created.root_unit, "South"))
            .await
            .unwrap();
    let sys = store::system_authz(db.pool(), created.workspace, "test").await.unwrap();
    let lille = portico_core::units::service::create(db, c.as_ref(), &sys, north, mk(north, "Lille")).await.unwrap();
    let mut users = Vec::new();
    for (email, role, unit) in [
        ("admin", BuiltinRole::Admin, created.root_unit),
        ("manager.north", BuiltinRole::Manager, north),
        ("member.south", BuiltinRole::Member, south),
    ] {
        users.push(add_user(db, created.workspace, &format!("{email}@{slug}.test"), role, unit).await);
    }
    World {
        ws: created.workspace,
        root: created.root_unit,
        north,
        lille,
        south,
        admin: users[0],
        north_manager: users[1],
        south_member: users[2],
        member_role: store::builtin_role(db.pool(), created.workspace, BuiltinRole::Member).await.unwrap().id,
    }
}

pub async fn add_user(db: &Db, ws: WorkspaceId, email: &str, role: BuiltinRole, unit: UnitId) -> UserId {
    let now = clock().now_micros();
    let role = store::builtin_role(db.pool(), ws, role).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let hash = portico_auth::password::hash(PASSWORD).unwrap();
    let user = UserId::new();
    let actor = Actor::System { label: "test".into() };
    let new = portico_auth::users::NewUser {
        id: user,
        workspace: ws,
        email,
        name: email,
        password_hash: Some(hash),
        locale: None,
    };
    portico_auth::users::insert(&mut tx, &actor, new, now).await.unwrap();
    store::insert_grant(&mut tx, &actor, ws, user, role.id, unit, now).await.unwrap();
    tx.commit().await.unwrap();
    user
}

pub async fn authz_of(db: &Db, ws: WorkspaceId, user: UserId) -> Authz {
    store::load_authz(db.pool(), ws, Actor::User { id: user, label: "t".into() }).await.unwrap()
}

pub fn mail() -> portico_mail::MailContext {
    portico_mail::MailContext {
        public_url: "http://portico.test".into(),
        from: "Portico <no-reply@portico.test>".into(),
    }
}

/// A running Portico on a loopback port, over the test database.
pub struct Server {
    pub base: String,
    pub state: portico_http::AppState,
}

pub async fn server(db: &Db) -> Server {
    // Test receivers listen on loopback.
    server_with(db, |s| s.allow_private_webhooks = true).await
}

/// A server with adjusted settings (the defaults are the production ones).
pub async fn server_with(db: &Db, adjust: impl FnOnce(&mut portico_config::Settings)) -> Server {
    server_of(db, suite(), adjust).await
}

/// A server of other modules than the binary's (a test module beside the core).
pub async fn server_of(
    db: &Db,
    suite: Arc<portico_http::Suite>,
    adjust: impl FnOnce(&mut portico_config::Settings),
) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let dir = std::env::temp_dir().join(format!("portico-http-{}", uuid::Uuid::now_v7().simple()));
    let mut settings =
        portico_config::Settings { data_dir: dir.clone(), public_url: base.clone(), ..Default::default() };
    adjust(&mut settings);
    let exe = std::path::PathBuf::from(env!("CARGO_BIN_EXE_portico"));
    let state = portico_http::AppState::new(db.clone(), suite, clock(), settings, exe).unwrap();
    let app = portico_http::app(state.clone()).unwrap().into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server { base, state }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
    /// A worker with every handler, to run queued jobs in tests.
    pub fn worker(&self) -> portico_jobs::Worker {
        let cfg = portico_jobs::WorkerConfig {
            id: "test".into(),
            poll: std::time::Duration::from_millis(10),
            ..Default::default()
        };
        portico_http::runtime::worker(&self.state, cfg).unwrap()
    }
}

/// An API token for a user, as `admin create-token` makes them.
pub async fn token_for(db: &Db, ws: WorkspaceId, user: UserId) -> String {
    let mut tx = db.begin().await.unwrap();
    let actor = Actor::System { label: "test".into() };
    let new = portico_auth::api_tokens::NewToken {
        workspace: ws,
        user,
        name: "test",
        scopes: &Default::default(),
        expires_at: None,
    };
    let (_, token) = portico_auth::api_tokens::insert(&mut tx, &actor, new, clock().now_micros()).await.unwrap();
    tx.commit().await.unwrap();
    token
}

/// An HTTP client that keeps cookies, like a browser, and does not follow redirects.
pub fn browser() -> reqwest::Client {
    portico_webhooks::install_crypto_provider();
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub fn api() -> reqwest::Client {
    portico_webhooks::install_crypto_provider();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The CSRF token a page carries in its forms.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// Sign in through the real login form; returns the client holding the session.
pub async fn sign_in(s: &Server, email: &str) -> reqwest::Client {
    let b = browser();
    let page = b.get(s.url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_in(&page);
    let resp = b
        .post(s.url("/login"))
        .form(&[("_csrf", csrf.as_str()), ("email", email), ("password", PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303, "sign-in of {email} redirects");
    assert_eq!(resp.headers().get("location").unwrap(), "/");
    b
}
