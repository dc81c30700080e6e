//! Erasing a person's traces (GDPR article 17) from every registered kind at once: each
//! kind names its personal-data columns, and a value of the person found there (a name, an
//! address, a phone number) is replaced by [`ERASED`]. A row that held one also loses the
//! bytes it keeps in itself (a raw e-mail), which cannot be edited word by word. Modules
//! erase their own records' fields; this finds what other records say about the person.

use portico_db::{DbResultExt, Tx};
use portico_kernel::{AppError, WorkspaceId};

use crate::{Column, ColumnType, Registry};

/// What an erased value reads as afterwards.
pub const ERASED: &str = "[erased]";

/// The values to hunt for: each given value (trimmed, of three characters or more) and its
/// lowercase form, longest first so that "Ana Horvat" goes before a lone "Horvat".
pub fn traces(values: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| v.chars().count() >= 3)
        .flat_map(|v| [v.to_string(), v.to_lowercase()])
        .collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out.dedup();
    out
}

fn like_pattern(value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Whose traces to erase: their record, values that are theirs alone (an address, a phone
/// number) and values that name them (a name).
pub struct Person<'a> {
    pub kind: &'static str,
    pub id: &'a str,
    pub identifiers: Vec<String>,
    pub names: Vec<String>,
}

/// Erase a person's traces from the personal-data columns of every kind's tables (and the
/// internal tables') of a workspace. A row that is theirs (one of their identifiers in it,
/// or filed with their record by `record_kind`/`record_type` and `record_id`) loses every
/// personal value, and the bytes it keeps; in other rows their values are replaced where
/// they stand.
pub async fn scrub(tx: &mut Tx, registry: &Registry, ws: WorkspaceId, who: &Person<'_>) -> Result<Scrubbed, AppError> {
    let (mut changed, mut files) = (Vec::new(), Vec::new());
    for kind in registry.kinds() {
        let personal = kind.personal_data();
        for table in kind.tables() {
            let text: Vec<&Column> = table
                .columns
                .iter()
                .filter(|c| matches!(c.ty, ColumnType::Text | ColumnType::OptText) && personal.contains(&c.name))
                .collect();
            if text.is_empty() {
                continue;
            }
            let has = |name: &str| table.columns.iter().any(|c| c.name == name);
            let returning = if has("id") { "id" } else { "''" };
            let (ws_col, name) = (table.workspace_column, table.name);
            // Theirs: every personal value goes, with the row's own bytes and its stored files.
            let blobs: Vec<&str> = table.columns.iter().filter(|c| c.ty == ColumnType::Blob).map(|c| c.name).collect();
            let wiped: Vec<String> = text
                .iter()
                .map(|c| match c.ty {
                    ColumnType::OptText => format!("{} = NULL", c.name),
                    _ => format!("{} = '{ERASED}'", c.name),
                })
                .chain(
                    table.columns.iter().filter(|c| c.ty == ColumnType::OptBytes).map(|c| format!("{} = NULL", c.name)),
                )
                .chain(blobs.iter().map(|c| format!("{c} = '{}'", portico_db::blobs::EMPTY)))
                .collect();
            let theirs = Theirs { table: name, ws_col, sets: wiped.join(", "), blobs: &blobs, returning };
            let mut found: Vec<String> = Vec::new();
            // Filed with their record.
            if let Some(col) = ["record_kind", "record_type"].into_iter().find(|c| has(c)).filter(|_| has("record_id"))
            {
                let cond = format!("{col} = $2 AND record_id = $3");
                found.extend(theirs.wipe(tx, ws, &cond, &[who.kind, who.id], &mut files).await?);
            }
            // Holding one of their identifiers.
            let like = text.iter().map(|c| format!("{} LIKE $2 ESCAPE '\\'", c.name)).collect::<Vec<_>>().join(" OR ");
            for key in traces(&who.identifiers.iter().map(String::as_str).collect::<Vec<_>>()) {
                found.extend(theirs.wipe(tx, ws, &format!("({like})"), &[&like_pattern(&key)], &mut files).await?);
            }
            changed.extend(found.into_iter().map(|id| (kind.name(), id)));
            // Elsewhere: their values replaced where they stand.
            let names: Vec<&str> = text.iter().map(|c| c.name).collect();
            changed.extend(
                replace(tx, ws, name, ws_col, &names, returning, who).await?.into_iter().map(|id| (kind.name(), id)),
            );
        }
    }
    for t in registry.internal_tables() {
        if !t.personal_data.is_empty() {
            replace(tx, ws, t.name, "workspace_id", t.personal_data, "''", who).await?;
        }
    }
    changed.retain(|(_, id)| !id.is_empty());
    changed.sort();
    changed.dedup();
    files.retain(|f| f != portico_db::blobs::EMPTY);
    files.sort();
    files.dedup();
    Ok(Scrubbed { changed, files })
}

/// What a scrub changed.
pub struct Scrubbed {
    /// The records changed (kind, id), to make their search documents again.
    pub changed: Vec<(&'static str, String)>,
    /// The stored files their rows referred to (content hashes), now referred to by none of
    /// those rows: to remove from the file store once nothing else refers to them.
    pub files: Vec<String>,
}

/// How the rows that are a person's own are wiped in one table.
struct Theirs<'a> {
    table: &'a str,
    ws_col: &'a str,
    /// `column = value` for every personal value, in-row bytes and stored file.
    sets: String,
    blobs: &'a [&'a str],
    returning: &'a str,
}

impl Theirs<'_> {
    /// Wipe the rows of the workspace matching `cond` (its values bound from `$2`); the ids
    /// of the rows wiped, and the files they referred to added to `files`.
    async fn wipe(
        &self,
        tx: &mut Tx,
        ws: WorkspaceId,
        cond: &str,
        values: &[&str],
        files: &mut Vec<String>,
    ) -> Result<Vec<String>, AppError> {
        // Names come from the registry (code), values are bound.
        let bind = |sql: String| {
            let q = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql)).bind(ws.to_db());
            values.iter().fold(q, |q, v| q.bind(v.to_string()))
        };
        // Read before the update: RETURNING would give the new, empty hash.
        for column in self.blobs {
            let sql = format!("SELECT {column} FROM {} WHERE {} = $1 AND {cond}", self.table, self.ws_col);
            files.extend(bind(sql).fetch_all(&mut **tx).await.db()?.into_iter().map(|(f,)| f));
        }
        let sql = format!(
            "UPDATE {} SET {} WHERE {} = $1 AND {cond} RETURNING {}",
            self.table, self.sets, self.ws_col, self.returning
        );
        Ok(bind(sql).fetch_all(&mut **tx).await.db()?.into_iter().map(|(id,)| id).collect())
    }
}

/// Replace each of the person's values in `columns` of `table`; the ids of the rows changed.
async fn replace(
    tx: &mut Tx,
    ws: WorkspaceId,
    table: &str,
    ws_col: &str,
    columns: &[&str],
    returning: &str,
    who: &Person<'_>,
) -> Result<Vec<String>, AppError> {
    let sets = columns.iter().map(|c| format!("{c} = REPLACE({c}, $3, '{ERASED}')")).collect::<Vec<_>>().join(", ");
    let found = columns.iter().map(|c| format!("{c} LIKE $2 ESCAPE '\\'")).collect::<Vec<_>>().join(" OR ");
    // Names come from the registry (code), values are bound.
    let sql = format!("UPDATE {table} SET {sets} WHERE {ws_col} = $1 AND ({found}) RETURNING {returning}");
    let mut ids = Vec::new();
    for value in traces(&who.identifiers.iter().chain(&who.names).map(String::as_str).collect::<Vec<_>>()) {
        let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(ws.to_db())
            .bind(like_pattern(&value))
            .bind(value.clone())
            .fetch_all(&mut **tx)
            .await
            .db()?;
        ids.extend(rows.into_iter().map(|(id,)| id));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    #[test]
    fn traces_are_long_enough_lowercased_and_longest_first() {
        assert_eq!(super::traces(&["Ana Horvat", "ana@x.hr", " ", "Al"]), ["Ana Horvat", "ana horvat", "ana@x.hr"]);
        assert_eq!(super::like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
