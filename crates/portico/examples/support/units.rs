//! Units under a workspace's root, as a network of agencies has them.

use portico_auth::setup::Created;
use portico_db::Db;
use portico_kernel::{SystemClock, UnitId};

/// `count` agencies named `{prefix} {i}`.
pub async fn agencies(db: &Db, created: &Created, prefix: &str, count: usize) -> Vec<UnitId> {
    let mut out = Vec::new();
    for i in 0..count {
        let sys = portico_authz::store::system_authz(db.pool(), created.workspace, "bench").await.unwrap();
        let input = portico_core::units::service::UnitInput { name: format!("{prefix} {i}"), kind: "agency".into() };
        out.push(portico_core::units::service::create(db, &SystemClock, &sys, created.root_unit, input).await.unwrap());
    }
    out
}
