//! A fresh install for a benchmark: the schema of every module, and one workspace with its
//! owner (whose password the benchmark signs in with).

use std::sync::Arc;

use portico_auth::setup::{Created, OwnerInput, create_workspace_with_owner};
use portico_db::{Db, DbOptions};
use portico_http::Suite;
use portico_kernel::SystemClock;
use portico_kernel::locale::Locale;

pub const PASSWORD: &str = "bench-password-1";

pub async fn install(url: &str, workspace_name: &str, email: &str) -> (Db, Arc<Suite>, Created) {
    let db = Db::connect(&DbOptions::new(url.to_string())).await.unwrap();
    let suite = portico::suite().unwrap();
    suite.platform.migrate(&db).await.unwrap();
    suite.platform.install(&db).unwrap();
    let input = OwnerInput { workspace_name, email, name: "Bench", password: PASSWORD, locale: Locale::En };
    let created = create_workspace_with_owner(&db, &SystemClock, input).await.unwrap();
    (db, suite, created)
}
