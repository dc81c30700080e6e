use std::collections::HashMap;

use portico_authz::Scope;
use portico_db::{Backend, Db, DbResultExt, Tx};
use portico_kernel::{AppError, WorkspaceId};

use crate::{Doc, Hit, Query, SearchIndex, normalize, types_sql};

/// SQLite FTS5. A `scope` column carries workspace and type as tokens so the
/// full-text match itself narrows to one workspace (see performance notes).
pub struct Fts5Index;

/// Workspace, type and facet words: the columns FTS narrows by before anything is read.
fn scope_tokens(d: &Doc<'_>) -> String {
    format!("w{} t{} {}", d.workspace.as_uuid().simple(), d.record_type.replace(['.', '_'], ""), d.facets.join(" "))
}

/// The terms of the index that a query's words start, for words longer than its longest
/// prefix index (four letters, migration 19). Without an index, FTS5 reads a prefix by
/// merging the whole doclist of every term it starts before it yields the first match: for
/// a common skill, half the documents, at each of a search's three readings of the word. A
/// word written as its few terms is read newest first and stops with the rest of the query;
/// finding the terms reads each term's doclist once, as ranking does next (ADR 20).
#[derive(Default)]
pub struct Terms(HashMap<String, Vec<String>>);

const LONGEST_PREFIX_INDEX: usize = 4;
/// A word starting more terms than this stays a prefix: one merge beats many lists.
const MOST_TERMS_PER_WORD: usize = 16;
/// Below this many documents a merge costs little, and a rarer word walked as several lists
/// side by side with filters costs more than it: a word starting several terms stays a prefix.
const MERGE_COSTLY_FROM: i64 = 50_000;

/// Whether a word is written as the terms it starts (`found`: each with the documents holding
/// it): one term (or none) always; a few when their documents are many.
fn as_terms(found: &[(String, i64)]) -> bool {
    match found.len() {
        0 | 1 => true,
        n => n <= MOST_TERMS_PER_WORD && found.iter().map(|(_, docs)| docs).sum::<i64>() >= MERGE_COSTLY_FROM,
    }
}

impl Terms {
    pub async fn of(db: &Db, q: &Query) -> Result<Terms, AppError> {
        let mut terms = HashMap::new();
        for w in q.words.iter().chain(&q.without) {
            if w.chars().count() <= LONGEST_PREFIX_INDEX || terms.contains_key(w) {
                continue;
            }
            // Every term starting with `w` sorts between it and `w` followed by the last code point.
            let found: Vec<(String, i64)> =
                sqlx::query_as("SELECT term, doc FROM search_vocab WHERE term >= $1 AND term <= $2 LIMIT $3")
                    .bind(w)
                    .bind(format!("{w}\u{10FFFF}"))
                    .bind(MOST_TERMS_PER_WORD as i64 + 1)
                    .fetch_all(db.pool())
                    .await
                    .db()?;
            let found: Vec<(String, i64)> = found.into_iter().filter(|(t, _)| plain_prefixed(t, w)).collect();
            if as_terms(&found) {
                terms.insert(w.clone(), found.into_iter().map(|(t, _)| t).collect());
            }
        }
        Ok(Terms(terms))
    }

    /// A word as FTS5 reads it: the terms it starts, or a prefix.
    fn word(&self, w: &str) -> String {
        match self.0.get(w) {
            Some(terms) if !terms.is_empty() => {
                format!("({})", terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" OR "))
            }
            _ => format!("\"{w}\"*"),
        }
    }

    /// A word of the query starts no term of the index: nothing matches.
    fn none_match(&self, q: &Query) -> bool {
        q.words.iter().any(|w| self.0.get(w).is_some_and(Vec::is_empty))
    }
}

/// A term of the index that starts with `w` and, like every word Portico quotes for FTS5,
/// holds only letters and digits.
fn plain_prefixed(t: &str, w: &str) -> bool {
    t.starts_with(w) && t.chars().all(char::is_alphanumeric)
}

/// The words and phrases of a query as an FTS5 expression over the text columns, if any.
fn text(q: &Query, terms: &Terms) -> Option<String> {
    let quoted = |w: &String| format!("\"{w}\"");
    let text: Vec<String> =
        q.words.iter().map(|w| terms.word(w)).chain(q.phrases.iter().map(|p| quoted(&p.join(" ")))).collect();
    (!text.is_empty()).then(|| format!("{{title body}} : ({})", text.join(" AND ")))
}

/// The FTS5 expression of a query. Every word in it is letters and digits only, quoted.
pub fn expression(ws: WorkspaceId, record_types: &[&str], q: &Query, terms: &Terms) -> String {
    let quoted = |w: &String| format!("\"{w}\"");
    let types: Vec<String> = record_types.iter().map(|t| format!("t{}", t.replace(['.', '_'], ""))).collect();
    let mut all = vec![format!("scope : w{}", ws.as_uuid().simple()), format!("scope : ({})", types.join(" OR "))];
    all.extend(text(q, terms));
    for any in &q.filters {
        all.push(format!("scope : ({})", any.iter().map(quoted).collect::<Vec<_>>().join(" OR ")));
    }
    let all = all.join(" AND ");
    let mut none = Vec::new();
    if !q.without.is_empty() {
        let without: Vec<String> = q.without.iter().map(|w| terms.word(w)).collect();
        none.push(format!("{{title body}} : ({})", without.join(" OR ")));
    }
    if !q.excluded.is_empty() {
        none.push(format!("scope : ({})", q.excluded.iter().map(quoted).collect::<Vec<_>>().join(" OR ")));
    }
    if none.is_empty() {
        return all;
    }
    format!("({all}) NOT ({})", none.join(" OR "))
}

/// Before writing many documents at once (`Bulk::Start`) and after (`Bulk::End`, with the
/// number of transactions written, a segment each at least). FTS5 writes a segment at each commit (or each
/// [`BULK_HASH_BYTES`] of words) and merges them as they pile up, which rewrites a large index
/// many times over; a bulk write keeps them apart instead and, when it wrote more than FTS5
/// would merge at once, merges the whole index once at the end (ADR 18). Nothing for PostgreSQL.
pub async fn bulk(db: &Db, step: Bulk) -> Result<(), AppError> {
    if db.backend() != Backend::Sqlite {
        return Ok(());
    }
    // FTS5's own defaults are 4, CRISIS_MERGE and a 1 MB buffer. It holds 2,000 segments at most:
    // a crisis merge at 1,000 keeps a reindex that replaces documents below that.
    let settings = match step {
        Bulk::Start => [("automerge", 0), ("crisismerge", 1000), ("hashsize", BULK_HASH_BYTES)],
        Bulk::End { .. } => [("automerge", 4), ("crisismerge", CRISIS_MERGE), ("hashsize", 1 << 20)],
    };
    let mut tx = db.begin().await?;
    for (name, value) in settings {
        sqlx::query("INSERT INTO search_fts (search_fts, rank) VALUES ($1, $2)")
            .bind(name)
            .bind(value)
            .execute(&mut *tx)
            .await
            .db()?;
    }
    // A few segments (a small workspace's) are left to FTS5's own merging: the whole index
    // is not rewritten for them.
    if matches!(step, Bulk::End { transactions } if transactions > CRISIS_MERGE as usize) {
        sqlx::query("INSERT INTO search_fts (search_fts) VALUES ('optimize')").execute(&mut *tx).await.db()?;
    }
    tx.commit().await.db()
}

/// The words a bulk write holds in memory before FTS5 writes them as a segment.
const BULK_HASH_BYTES: i64 = 64 << 20;
/// FTS5's own: as many segments of one level as it merges at once when a write finds them.
const CRISIS_MERGE: i64 = 16;

pub enum Bulk {
    Start,
    End { transactions: usize },
}

impl SearchIndex for Fts5Index {
    async fn put(&self, tx: &mut Tx, docs: &[Doc<'_>]) -> Result<(), AppError> {
        if docs.is_empty() {
            return Ok(());
        }
        // A record keeps its row (and rowid) across changes: its text in the FTS table is
        // replaced under the same rowid. Four statements at most, whatever the number of documents.
        let sql = format!(
            "INSERT INTO search_docs (workspace_id, record_type, record_id, unit_id, title) VALUES {}
             ON CONFLICT (workspace_id, record_type, record_id) DO UPDATE SET unit_id = excluded.unit_id, title = excluded.title
             RETURNING rowid, record_id",
            Backend::Sqlite.value_groups(docs.len(), 5, 1)
        );
        let mut q = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql));
        for d in docs {
            q = q
                .bind(d.workspace.to_db())
                .bind(d.record_type.to_string())
                .bind(d.record_id.clone())
                .bind(d.unit.map(|u| u.to_db()))
                .bind(d.title.to_string());
        }
        let made: std::collections::HashMap<String, i64> =
            q.fetch_all(&mut **tx).await.db()?.into_iter().map(|(rowid, id)| (id, rowid)).collect();
        // The old text of those already indexed goes first. Only theirs: FTS5 writes out what
        // it holds at each delete, and a reindex of a fresh table then writes in one go.
        // Rowids are integers read back just above: nothing to inject.
        let rowids = made.values().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let indexed: Vec<(i64,)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT rowid FROM search_fts WHERE rowid IN ({rowids})")))
                .fetch_all(&mut **tx)
                .await
                .db()?;
        if !indexed.is_empty() {
            let old = indexed.iter().map(|(r,)| r.to_string()).collect::<Vec<_>>().join(", ");
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM search_fts WHERE rowid IN ({old})")))
                .execute(&mut **tx)
                .await
                .db()?;
        }
        let sql = format!(
            "INSERT INTO search_fts (rowid, title, body, scope) VALUES {}",
            Backend::Sqlite.value_groups(docs.len(), 4, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for d in docs {
            q = q
                .bind(made.get(&d.record_id).copied())
                .bind(normalize(d.title))
                .bind(normalize(d.body))
                .bind(scope_tokens(d));
        }
        q.execute(&mut **tx).await.db()?;
        Ok(())
    }

    async fn remove(&self, tx: &mut Tx, ws: WorkspaceId, record_type: &str, record_id: &str) -> Result<(), AppError> {
        let old: Option<(i64,)> = sqlx::query_as(
            "DELETE FROM search_docs WHERE workspace_id = $1 AND record_type = $2 AND record_id = $3 RETURNING rowid",
        )
        .bind(ws.to_db())
        .bind(record_type.to_string())
        .bind(record_id.to_string())
        .fetch_optional(&mut **tx)
        .await
        .db()?;
        if let Some((rowid,)) = old {
            sqlx::query("DELETE FROM search_fts WHERE rowid = $1").bind(rowid).execute(&mut **tx).await.db()?;
        }
        Ok(())
    }

    async fn search(
        &self,
        db: &Db,
        scope: &Scope,
        record_types: &[&str],
        query: &Query,
        limit: i64,
    ) -> Result<Vec<Hit>, AppError> {
        // The newest CANDIDATES matches of the whole query, by rowid alone: FTS5 walks a
        // doclist newest first and stops there (ADR 0013).
        let terms = Terms::of(db, query).await?;
        if terms.none_match(query) {
            return Ok(Vec::new());
        }
        let whole = expression(scope.workspace(), record_types, query, &terms);
        let candidates: Vec<(i64,)> =
            sqlx::query_as("SELECT rowid FROM search_fts WHERE search_fts MATCH $1 ORDER BY rowid DESC LIMIT $2")
                .bind(&whole)
                .bind(crate::CANDIDATES)
                .fetch_all(db.pool())
                .await
                .db()?;
        let Some(oldest) = candidates.last().map(|(r,)| *r) else { return Ok(Vec::new()) };
        let words = text(query, &terms);
        let (rank, order) = match words {
            Some(_) => ("-bm25(search_fts, 10.0, 1.0, 0.0)", "bm25(search_fts, 10.0, 1.0, 0.0)"),
            None => ("0.0", "search_fts.rowid DESC"),
        };
        // CROSS JOIN keeps the full-text match as the outer loop.
        let ranked = async |matching: &str, among: Option<String>| -> Result<Vec<Hit>, AppError> {
            let bound = if among.is_some() {
                "AND search_fts.rowid >= $4 AND +search_fts.rowid IN (SELECT value FROM json_each($5))"
            } else {
                ""
            };
            let sql = format!(
                "SELECT d.record_type, d.record_id, d.title, d.unit_id, {rank} AS rank
                 FROM search_fts CROSS JOIN search_docs d ON d.rowid = search_fts.rowid
                 WHERE search_fts MATCH $1 {bound} AND d.workspace_id = $2 AND d.record_type IN ({})
                    AND (d.unit_id IS NULL OR {})
                 ORDER BY {order} LIMIT $3",
                types_sql(record_types),
                scope.unit_sql("d.unit_id")
            );
            let mut q =
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(matching).bind(scope.workspace().to_db()).bind(limit);
            if let Some(ids) = among {
                q = q.bind(oldest).bind(ids);
            }
            q.fetch_all(db.pool()).await.db()
        };
        // The candidates, ranked by the words alone: bm25 counts every document of each term
        // it is given, and the workspace, type and facet words are in most of them. The unary
        // `+` keeps SQLite from looking the candidates up one by one.
        let among = format!("[{}]", candidates.iter().map(|(r,)| r.to_string()).collect::<Vec<_>>().join(","));
        let hits = ranked(words.as_deref().unwrap_or(&whole), Some(among)).await?;
        if hits.len() as i64 >= limit || (candidates.len() as i64) < crate::CANDIDATES {
            return Ok(hits);
        }
        // The caller's units hold fewer of the newest matches than a page: rank every match
        // (slower, but nothing older is left out).
        ranked(&whole, None).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_its_terms_when_one_or_when_few_and_common() {
        let terms = |n: usize, docs: i64| (0..n).map(|i| (format!("python{i}"), docs)).collect::<Vec<_>>();
        assert!(as_terms(&terms(0, 0)), "none: the search finds nothing");
        assert!(as_terms(&terms(1, 3)), "one term, however rare, read newest first");
        assert!(as_terms(&terms(3, 200_000)), "a few common terms");
        assert!(!as_terms(&terms(3, 1_000)), "a few rare terms: merged, cheaply");
        assert!(!as_terms(&terms(MOST_TERMS_PER_WORD + 1, 200_000)), "many terms: merged");
    }
}
