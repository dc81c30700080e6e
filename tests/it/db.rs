use portico_db::LATEST_VERSION;

db_test!(async fn migrations_are_idempotent_and_current(db) {
    assert_eq!(db.schema_version().await.unwrap(), LATEST_VERSION);
    assert_eq!(db.migrate().await.unwrap(), 0, "second run applies nothing");
    db.ping().await.unwrap();
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
