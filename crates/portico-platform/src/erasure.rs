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
    /// Whether a row holding one of their identifiers is theirs, wiped whole (a customer's
    /// own mail), or only has their values replaced (a colleague's address in the company's
    /// correspondence).
    pub own_rows: bool,
}

/// Erase a person's traces from the personal-data columns of every kind's tables (and the
/// internal tables') of a workspace. A row that is theirs (one of their identifiers in it,
/// filed with their record by `record_kind`/`record_type` and `record_id`, or naming their
/// record in a `{kind}_id` column when they own their rows) loses every
/// personal value, and the bytes it keeps; in other rows their values are replaced where
/// they stand.
pub async fn scrub(tx: &mut Tx, registry: &Registry, ws: WorkspaceId, who: &Person<'_>) -> Result<Scrubbed, AppError> {
    let (mut changed, mut theirs_all, mut files) = (Vec::new(), Vec::new(), Vec::new());
    // The values to hunt for, made once: their identifiers, then every value of theirs.
    let identifiers = traces(&who.identifiers.iter().map(String::as_str).collect::<Vec<_>>());
    let values = traces(&who.identifiers.iter().chain(&who.names).map(String::as_str).collect::<Vec<_>>());
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
            // Naming them in a column of their kind (`contact_id`): a candidate's profile, the
            // documents they sent.
            let owner = format!("{}_id", who.kind);
            if who.own_rows && has(&owner) {
                found.extend(theirs.wipe(tx, ws, &format!("{owner} = $2"), &[who.id], &mut files).await?);
            }
            // Holding one of their identifiers, as a whole (not inside a longer address).
            let names: Vec<&str> = text.iter().map(|c| c.name).collect();
            if who.own_rows {
                if returning == "id" {
                    for key in ignoring_case(&identifiers) {
                        for (id, values) in holding(tx, ws, name, ws_col, &names, key).await? {
                            if values.iter().flatten().any(|v| !whole_matches(v, key).is_empty()) {
                                found.extend(theirs.wipe(tx, ws, "id = $2", &[&id], &mut files).await?);
                            }
                        }
                    }
                } else {
                    let like =
                        names.iter().map(|c| format!("{c} LIKE $2 ESCAPE '\\'")).collect::<Vec<_>>().join(" OR ");
                    for key in &identifiers {
                        found.extend(
                            theirs.wipe(tx, ws, &format!("({like})"), &[&like_pattern(key)], &mut files).await?,
                        );
                    }
                }
            }
            theirs_all.extend(found.iter().map(|id| (kind.name(), id.clone())));
            changed.extend(found.into_iter().map(|id| (kind.name(), id)));
            // Elsewhere: their values replaced where they stand.
            changed.extend(
                replace(tx, ws, name, ws_col, &names, returning, &values)
                    .await?
                    .into_iter()
                    .map(|id| (kind.name(), id)),
            );
        }
    }
    for t in registry.internal_tables() {
        if !t.personal_data.is_empty() {
            replace(tx, ws, t.name, "workspace_id", t.personal_data, "''", &values).await?;
        }
    }
    changed.retain(|(_, id)| !id.is_empty());
    changed.sort();
    changed.dedup();
    theirs_all.retain(|(_, id)| !id.is_empty());
    Ok(Scrubbed { changed, theirs: theirs_all, files })
}

/// What a scrub changed.
pub struct Scrubbed {
    /// The records changed (kind, id), to make their search documents again.
    pub changed: Vec<(&'static str, String)>,
    /// Of those, the records that were theirs and were wiped whole (kind, id).
    pub theirs: Vec<(&'static str, String)>,
    /// The stored files their rows referred to (content hashes, as read: repeats and the
    /// empty file included), now referred to by none of those rows: to remove from the file
    /// store once nothing else refers to them.
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

/// Replace each of the person's values in `columns` of `table` where it stands as a whole
/// (`ana@x.hr` is not touched inside `joana@x.hr`); the ids of the rows changed. A table
/// without an `id` column has its values replaced by SQL, wherever they appear.
async fn replace(
    tx: &mut Tx,
    ws: WorkspaceId,
    table: &str,
    ws_col: &str,
    columns: &[&str],
    returning: &str,
    values: &[String],
) -> Result<Vec<String>, AppError> {
    let mut ids = Vec::new();
    if returning != "id" {
        let sets = columns.iter().map(|c| format!("{c} = REPLACE({c}, $3, '{ERASED}')")).collect::<Vec<_>>().join(", ");
        let found = columns.iter().map(|c| format!("{c} LIKE $2 ESCAPE '\\'")).collect::<Vec<_>>().join(" OR ");
        // Names come from the registry (code), values are bound.
        let sql = format!("UPDATE {table} SET {sets} WHERE {ws_col} = $1 AND ({found})");
        for value in values {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(ws.to_db())
                .bind(like_pattern(value))
                .bind(value.clone())
                .execute(&mut **tx)
                .await
                .db()?;
        }
        return Ok(ids);
    }
    for value in ignoring_case(values) {
        for (id, row) in holding(tx, ws, table, ws_col, columns, value).await? {
            let changes: Vec<(&str, String)> = columns
                .iter()
                .zip(row)
                .filter_map(|(c, v)| v.and_then(|v| replace_whole(&v, value)).map(|v| (*c, v)))
                .collect();
            if changes.is_empty() {
                continue;
            }
            let sets = changes
                .iter()
                .enumerate()
                .map(|(i, (c, _))| format!("{c} = ${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("UPDATE {table} SET {sets} WHERE id = $1");
            let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.clone());
            changes.into_iter().fold(q, |q, (_, v)| q.bind(v)).execute(&mut **tx).await.db()?;
            ids.push(id);
        }
    }
    Ok(ids)
}

/// `values` without those that differ from an earlier one by case only: [`holding`] and
/// [`whole_matches`] find every case of a value.
fn ignoring_case(values: &[String]) -> Vec<&String> {
    let mut seen = std::collections::HashSet::new();
    values.iter().filter(|v| seen.insert(v.to_lowercase())).collect()
}

/// Rows of `table` (with an `id`) whose `columns` may hold `value`, in either case: their id
/// and those columns' values, for [`whole_matches`] to decide.
async fn holding(
    tx: &mut Tx,
    ws: WorkspaceId,
    table: &str,
    ws_col: &str,
    columns: &[&str],
    value: &str,
) -> Result<Vec<(String, Vec<Option<String>>)>, AppError> {
    use sqlx::Row;
    let found = columns
        .iter()
        .map(|c| format!("{c} LIKE $2 ESCAPE '\\' OR lower({c}) LIKE $3 ESCAPE '\\'"))
        .collect::<Vec<_>>()
        .join(" OR ");
    // Names come from the registry (code), values are bound.
    let sql = format!("SELECT id, {} FROM {table} WHERE {ws_col} = $1 AND ({found})", columns.join(", "));
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(ws.to_db())
        .bind(like_pattern(value))
        .bind(like_pattern(&value.to_lowercase()))
        .fetch_all(&mut **tx)
        .await
        .db()?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get(0).db()?;
            let values =
                (1..=columns.len()).map(|i| r.try_get::<Option<String>, _>(i).db()).collect::<Result<_, _>>()?;
            Ok((id, values))
        })
        .collect()
}

/// Where `value` stands in `text` as a whole, ignoring case: not inside a longer word or
/// address (`ana@x.hr` is not in `joana@x.hr` nor in `ana@x.hr.com`). Byte ranges in `text`.
fn whole_matches(text: &str, value: &str) -> Vec<(usize, usize)> {
    // Lowercase only where it keeps every character's length, so ranges hold in `text`.
    let same = |s: &str| s.chars().all(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>() == c.len_utf8());
    let (hay, needle) = if same(text) && same(value) {
        (text.to_lowercase(), value.to_lowercase())
    } else {
        (text.into(), value.into())
    };
    let word = |c: char| c.is_alphanumeric();
    let mut out = Vec::new();
    let mut from = 0;
    while !needle.is_empty()
        && let Some(i) = hay[from..].find(&needle)
    {
        let (start, end) = (from + i, from + i + needle.len());
        let before = hay[..start].chars().next_back();
        let mut after = hay[end..].chars();
        let ok_before = before.is_none_or(|c| !word(c) && !"._%+-".contains(c));
        let ok_after = match after.next() {
            None => true,
            Some(c) if word(c) || c == '@' => false,
            Some('.' | '-') => after.next().is_none_or(|c| !word(c)),
            Some(_) => true,
        };
        if ok_before && ok_after {
            out.push((start, end));
            from = end;
        } else {
            from = start + needle.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// `text` with each whole `value` in it (see [`whole_matches`]) replaced by [`ERASED`].
fn replace_whole(text: &str, value: &str) -> Option<String> {
    let found = whole_matches(text, value);
    if found.is_empty() {
        return None;
    }
    let (mut out, mut last) = (String::with_capacity(text.len()), 0);
    for (start, end) in found {
        out.push_str(&text[last..start]);
        out.push_str(ERASED);
        last = end;
    }
    out.push_str(&text[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn traces_are_long_enough_lowercased_and_longest_first() {
        assert_eq!(super::traces(&["Ana Horvat", "ana@x.hr", " ", "Al"]), ["Ana Horvat", "ana horvat", "ana@x.hr"]);
        assert_eq!(super::like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn values_are_replaced_only_where_they_stand_whole() {
        let r = |t: &str, v: &str| super::replace_whole(t, v);
        assert_eq!(
            r("To: Ann@Acme.test, joann@acme.test", "ann@acme.test").as_deref(),
            Some("To: [erased], joann@acme.test")
        );
        assert_eq!(r("ann@acme.test.evil ann@acme.test-x", "ann@acme.test"), None);
        assert_eq!(r("Write to ann@acme.test.", "ann@acme.test").as_deref(), Some("Write to [erased]."));
        assert_eq!(
            r("Ana Horvatović and Ana Horvat's file", "ana horvat").as_deref(),
            Some("Ana Horvatović and [erased]'s file")
        );
        assert_eq!(r("Đuro Đaković", "đuro đaković").as_deref(), Some("[erased]"));
        assert_eq!(r("nothing here", "ana"), None);
    }
}
