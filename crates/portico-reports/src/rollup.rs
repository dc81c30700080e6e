//! Keeping roll-up tables: a write adds to (or takes from) the counts of its group, in its
//! own transaction, so a roll-up is exactly as current as the records it counts.

use portico_db::{DbResultExt, Tx};
use portico_kernel::AppError;

/// A value of a roll-up's key.
#[derive(Debug, Clone)]
pub enum Key {
    Int(i64),
    Text(String),
}

/// The hour of a moment, as roll-ups count it.
pub fn hour(micros: i64) -> i64 {
    micros.div_euclid(3_600_000_000)
}

/// Add `deltas` to the counts of the group `keys` of `table` (made at zero if new).
pub async fn bump(
    tx: &mut Tx,
    table: &'static str,
    keys: &[(&'static str, Key)],
    deltas: &[(&'static str, i64)],
) -> Result<(), AppError> {
    let cols: Vec<&str> = keys.iter().map(|k| k.0).chain(deltas.iter().map(|d| d.0)).collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
    let sets: Vec<String> = deltas.iter().map(|(c, _)| format!("{c} = {table}.{c} + excluded.{c}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
        cols.join(", "),
        marks.join(", "),
        keys.iter().map(|k| k.0).collect::<Vec<_>>().join(", "),
        sets.join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (_, k) in keys {
        q = match k {
            Key::Int(i) => q.bind(*i),
            Key::Text(s) => q.bind(s.clone()),
        };
    }
    for (_, d) in deltas {
        q = q.bind(*d);
    }
    q.execute(&mut **tx).await.db()?;
    Ok(())
}
