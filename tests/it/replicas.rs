//! Cached callers never outlive a change of rights: revoking a token, disabling a person or
//! removing a grant takes effect on the next request, in this process and in another server
//! process on the same PostgreSQL.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{api, server, sign_in, token_for, world};

db_test!(async fn revocations_take_effect_on_the_next_request(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let me = |token: &str| c.get(s.url("/api/v1/me")).bearer_auth(token.to_string()).send();

    // A token: known (and cached) after one request, refused on the one after its revocation.
    let manager = token_for(&db, w.ws, w.north_manager).await;
    assert_eq!(me(&manager).await.unwrap().status(), 200);
    assert_eq!(me(&manager).await.unwrap().status(), 200);
    let tokens: Value = c.get(s.url("/api/v1/tokens")).bearer_auth(&manager).send().await.unwrap().json().await.unwrap();
    let id = tokens["items"][0]["id"].as_str().unwrap();
    assert_eq!(c.delete(s.url(&format!("/api/v1/tokens/{id}"))).bearer_auth(&manager).send().await.unwrap().status(), 204);
    assert_eq!(me(&manager).await.unwrap().status(), 401, "a revoked token works no more");

    // A grant: what the manager of North sees changes on the next request.
    let manager = token_for(&db, w.ws, w.north_manager).await;
    let units = |token: String| {
        let (c, url) = (c.clone(), s.url("/api/v1/units"));
        async move { c.get(url).bearer_auth(token).send().await.unwrap() }
    };
    assert_eq!(units(manager.clone()).await.json::<Value>().await.unwrap()["items"].as_array().unwrap().len(), 2);
    let grants: Value = c.get(s.url(&format!("/api/v1/users/{}/grants", w.north_manager))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let grant = grants["items"][0]["grant_id"].as_str().unwrap();
    let r = c.delete(s.url(&format!("/api/v1/users/{}/grants/{grant}", w.north_manager))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(units(manager.clone()).await.status(), 403, "no role, no units");

    // A person: their session ends the moment they are disabled.
    let member = sign_in(&s, "member.south@acme.test").await;
    assert_eq!(member.get(s.url("/profile")).send().await.unwrap().status(), 200);
    let r = c.post(s.url(&format!("/api/v1/users/{}/status", w.south_member))).bearer_auth(&admin).json(&json!({"status": "disabled"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(member.get(s.url("/profile")).send().await.unwrap().status(), 303, "sent to sign in");
});

/// A `portico serve` of its own, over the given database.
struct Replica {
    child: std::process::Child,
    base: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn portico() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_portico"));
    c.env_remove("PORTICO_DATA_DIR").env("PORTICO_LOG", "warn");
    c
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn replica(url: &str) -> Replica {
    let dir = std::env::temp_dir().join(format!("portico-replica-{}", uuid::Uuid::now_v7().simple()));
    let (port, metrics) = (free_port(), free_port());
    let child = portico()
        .args(["--data-dir", dir.to_str().unwrap(), "--database-url", url, "serve"])
        .args(["--listen", &format!("127.0.0.1:{port}"), "--metrics-listen", &format!("127.0.0.1:{metrics}")])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let r = Replica { child, base };
    for _ in 0..300 {
        if api().get(format!("{}/readyz", r.base)).send().await.is_ok_and(|x| x.status() == 200) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("replica did not start");
}

/// Poll until `check` holds; returns how long it took.
async fn within<F: std::future::Future<Output = bool>>(limit: Duration, check: impl Fn() -> F) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if check().await {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    None
}

/// PostgreSQL only, so named like the PostgreSQL half of a store test.
mod two_replicas_drop_revoked_callers {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let base = portico_testkit::pg_url();
        let name = format!("portico_replicas_{}", uuid::Uuid::now_v7().simple());
        let admin = portico_db::Db::connect(&portico_db::DbOptions {
            max_connections: 1,
            ..portico_db::DbOptions::new(base.clone())
        })
        .await
        .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(admin.pool()).await.unwrap();
        let url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
        let owner = portico()
            .args([
                "--database-url",
                &url,
                "admin",
                "create-owner",
                "--workspace",
                "Replicas",
                "--email",
                "owner@replicas.test",
                "--password",
                "a-long-password",
            ])
            .output()
            .unwrap();
        assert!(owner.status.success(), "{}", String::from_utf8_lossy(&owner.stderr));
        let token = portico()
            .args(["--database-url", &url, "admin", "create-token", "--email", "owner@replicas.test", "--name", "ci"])
            .output()
            .unwrap();
        let token = String::from_utf8(token.stdout).unwrap().trim().to_string();
        let (a, b) = (replica(&url).await, replica(&url).await);
        let c = api();
        for r in [&a, &b] {
            assert_eq!(c.get(format!("{}/api/v1/me", r.base)).bearer_auth(&token).send().await.unwrap().status(), 200);
        }
        // Revoked through A; B, which had the token cached, refuses it as soon as the change is announced.
        let tokens: Value =
            c.get(format!("{}/api/v1/tokens", a.base)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let id = tokens["items"][0]["id"].as_str().unwrap().to_string();
        assert_eq!(
            c.delete(format!("{}/api/v1/tokens/{id}", a.base)).bearer_auth(&token).send().await.unwrap().status(),
            204
        );
        assert_eq!(c.get(format!("{}/api/v1/me", a.base)).bearer_auth(&token).send().await.unwrap().status(), 401);
        let took = within(Duration::from_secs(5), || {
            let (c, url, token) = (c.clone(), format!("{}/api/v1/me", b.base), token.clone());
            async move { c.get(url).bearer_auth(token).send().await.unwrap().status() == 401 }
        })
        .await;
        let took = took.expect("the other replica refuses the revoked token");
        // Notifications arrive within milliseconds; the poll every two seconds is the fallback.
        assert!(took < portico_http::runtime::ACCESS_POLL, "took {took:?}: the NOTIFY did not reach the other replica");
        drop((a, b));
        admin.close().await;
        let cleanup =
            portico_db::Db::connect(&portico_db::DbOptions { max_connections: 1, ..portico_db::DbOptions::new(base) })
                .await
                .unwrap();
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
            .execute(cleanup.pool())
            .await;
    }
}
