use portico_db::{Migration, MigrationSet};

db_test!(async fn migrations_are_per_module_idempotent_and_current(db) {
    let sets = &crate::support::suite().platform.migrations;
    assert!(db.is_current(sets).await.unwrap());
    assert_eq!(db.migrate(sets).await.unwrap(), 0, "a second run applies nothing");
    // A module added later brings its own schema, numbered from 1 like every module's.
    const EXTRA: MigrationSet = MigrationSet {
        module: "extra",
        list: &[Migration { version: 1, name: "extra", sqlite: "CREATE TABLE extra_things (id TEXT PRIMARY KEY)", postgres: "CREATE TABLE extra_things (id TEXT PRIMARY KEY)", rebuilds: false }],
    };
    let with_extra: Vec<MigrationSet> = sets.iter().copied().chain([EXTRA]).collect();
    assert!(!db.is_current(&with_extra).await.unwrap(), "the new module's schema is missing");
    assert_eq!(db.migrate(&with_extra).await.unwrap(), 1);
    let versions = db.schema_versions(&with_extra).await.unwrap();
    assert_eq!(versions.last(), Some(&("extra", 1)));
    assert_eq!(versions[0], ("core", portico_db::CORE_MIGRATIONS.latest()));
    db.ping().await.unwrap();
});

db_test!(async fn a_database_from_before_per_module_versions_is_carried_over(db) {
    // The single `portico_migrations` list of earlier versions becomes the core's.
    sqlx::query("CREATE TABLE portico_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)").execute(db.pool()).await.unwrap();
    sqlx::query("INSERT INTO portico_migrations SELECT version, name, applied_at FROM portico_schema WHERE module = 'core'").execute(db.pool()).await.unwrap();
    sqlx::query("DELETE FROM portico_schema WHERE module = 'core'").execute(db.pool()).await.unwrap();
    let sets = &crate::support::suite().platform.migrations;
    assert_eq!(db.migrate(sets).await.unwrap(), 0, "nothing runs twice");
    assert!(db.is_current(sets).await.unwrap());
});

db_test!(async fn portable_types_round_trip(db) {
    // Text, BIGINT, NULL and the `$n IS NULL OR` filter idiom behave alike on both databases.
    let mut tx = db.begin().await.unwrap();
    sqlx::query("INSERT INTO schedules (name, kind, payload, every_seconds, next_run_at) VALUES ($1, $2, $3, $4, $5)")
        .bind("x").bind("k").bind("{\"é\":1}").bind(60i64).bind(i64::MAX - 1)
        .execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    let row: (String, i64, String) = sqlx::query_as("SELECT name, next_run_at, payload FROM schedules WHERE ($1 IS NULL OR name = $1)")
        .bind(None::<String>)
        .fetch_one(db.pool()).await.unwrap();
    assert_eq!(row, ("x".to_string(), i64::MAX - 1, "{\"é\":1}".to_string()));
});

db_test!(async fn failed_transaction_leaves_nothing(db) {
    let mut tx = db.begin().await.unwrap();
    sqlx::query("INSERT INTO schedules (name, kind, every_seconds, next_run_at) VALUES ('a', 'k', 1, 1)").execute(&mut *tx).await.unwrap();
    let dup = sqlx::query("INSERT INTO schedules (name, kind, every_seconds, next_run_at) VALUES ('a', 'k', 1, 1)").execute(&mut *tx).await;
    let err = portico_db::db_error(dup.unwrap_err());
    assert_eq!(err.code, portico_kernel::ErrorCode::AlreadyExists);
    drop(tx);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM schedules").fetch_one(db.pool()).await.unwrap();
    assert_eq!(n, 0);
});

db_test!(async fn the_planner_has_statistics_and_sqlite_cuts_its_log_back(db) {
    // SQLite plans from them (ADR 0018): a list of a large workspace reads its primary key
    // instead of sorting every row. The full-text tables keep their own.
    crate::support::world(&db, "Acme").await;
    db.analyze().await.unwrap();
    let counted: Vec<(String,)> = match db.backend() {
        portico_db::Backend::Sqlite => sqlx::query_as("SELECT DISTINCT tbl FROM sqlite_stat1").fetch_all(db.pool()).await.unwrap(),
        portico_db::Backend::Postgres => sqlx::query_as(
            "SELECT relname::text FROM pg_stat_user_tables WHERE schemaname = current_schema() AND last_analyze IS NOT NULL",
        )
        .fetch_all(db.pool())
        .await
        .unwrap(),
    };
    let counted: Vec<&str> = counted.iter().map(|(t,)| t.as_str()).collect();
    assert!(counted.contains(&"users") && counted.contains(&"units"), "{counted:?}");
    assert!(!counted.iter().any(|t| t.starts_with("search_fts")), "{counted:?}");
    if db.backend() == portico_db::Backend::Sqlite {
        let (limit,): (i64,) = sqlx::query_as("PRAGMA journal_size_limit").fetch_one(db.pool()).await.unwrap();
        assert_eq!(limit, 64 << 20, "a bulk write's log does not stay on disk");
    }
});
