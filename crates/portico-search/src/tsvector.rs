use portico_authz::Scope;
use portico_db::{Backend, Db, DbResultExt, Tx};
use portico_kernel::{AppError, WorkspaceId};

use crate::{Doc, Hit, Query, SearchIndex, normalize, types_sql};

/// PostgreSQL: a generated, weighted tsvector column with a GIN index; facet words are in it
/// too (weight D, left out of the rank), so a filter is one more term GIN intersects, and a
/// rare word is not made to wait for a common facet's whole list. The facet words also have a
/// small vector of their own, kept in the row, which a walk through the newest documents
/// checks before it reads the large one (ADR 0019).
pub struct TsvectorIndex;

/// How many of the newest documents a filtered search reads, per match it ranks: a few, to
/// see how common its matches are, then many when those promise a full set there.
const RECENT_PER_CANDIDATE: [i64; 2] = [4, 100];
/// Each vector names its stretch of documents in `seq` order: `f0r` and `seq >> 16`
/// (migration 26).
const STRETCH_BITS: u32 = 16;
/// How many of the newest stretches GIN is asked about before all of them: a few, then more.
const NEWEST_STRETCHES: [i64; 2] = [4, 16];
/// What a filtered search may hold of GIN's matches in memory (`work_mem`, for it only).
const BITMAP_MEMORY: &str = "SET LOCAL work_mem = '64MB'";

/// The tsqueries of a query (letters and digits only).
pub struct TsQueries {
    /// Its words, phrases and filters: what a match has.
    pub matching: String,
    /// Its filters alone (facet words had and not had).
    pub facets: String,
    /// Its words and phrases alone: what ranks a match (a facet word, of weight 0, would
    /// make `ts_rank` of the whole 0).
    pub ranking: String,
    /// The words left out.
    pub without: String,
}

pub fn tsqueries(q: &Query) -> TsQueries {
    let words: Vec<String> = q
        .words
        .iter()
        .map(|w| format!("{w}:*"))
        .chain(q.phrases.iter().map(|p| format!("({})", p.join(" <-> "))))
        .collect();
    let mut filters: Vec<String> = q.filters.iter().map(|any| format!("({})", any.join(" | "))).collect();
    if !q.excluded.is_empty() {
        filters.push(format!("!({})", q.excluded.join(" | ")));
    }
    let without: Vec<String> = q.without.iter().map(|w| format!("{w}:*")).collect();
    TsQueries {
        matching: words.iter().chain(&filters).cloned().collect::<Vec<_>>().join(" & "),
        facets: filters.join(" & "),
        ranking: words.join(" & "),
        without: without.join(" | "),
    }
}

impl SearchIndex for TsvectorIndex {
    async fn put(&self, tx: &mut Tx, docs: &[Doc<'_>]) -> Result<(), AppError> {
        if docs.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO search_docs (workspace_id, record_type, record_id, unit_id, title, title_norm, body, facets)
             SELECT workspace_id, record_type, record_id, unit_id, title, title_norm, body, string_to_array(facets, ' ')
             FROM (VALUES {}) AS d (workspace_id, record_type, record_id, unit_id, title, title_norm, body, facets)
             ON CONFLICT (workspace_id, record_type, record_id)
             DO UPDATE SET unit_id = excluded.unit_id, title = excluded.title, title_norm = excluded.title_norm, body = excluded.body,
                 facets = excluded.facets",
            Backend::Postgres.value_groups(docs.len(), 8, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for d in docs {
            q = q
                .bind(d.workspace.to_db())
                .bind(d.record_type.to_string())
                .bind(d.record_id.clone())
                .bind(d.unit.map(|u| u.to_db()))
                .bind(d.title.to_string())
                .bind(normalize(d.title))
                .bind(normalize(d.body))
                .bind(d.facets.join(" "));
        }
        q.execute(&mut **tx).await.db()?;
        Ok(())
    }

    async fn remove(&self, tx: &mut Tx, ws: WorkspaceId, record_type: &str, record_id: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM search_docs WHERE workspace_id = $1 AND record_type = $2 AND record_id = $3")
            .bind(ws.to_db())
            .bind(record_type.to_string())
            .bind(record_id.to_string())
            .execute(&mut **tx)
            .await
            .db()?;
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
        let q = tsqueries(query);
        // $1 workspace, $2 limit, $3 what matches, $4 the words left out, $5 what ranks, $6 the filters.
        let mut filter = String::new();
        if !q.matching.is_empty() {
            filter.push_str(" AND tsv @@ to_tsquery('simple', $3)");
        }
        if !q.without.is_empty() {
            filter.push_str(" AND NOT tsv @@ to_tsquery('simple', $4)");
        }
        // Weights of D, C, B, A: facets (D) count for nothing, titles (A) most.
        let rank = if q.ranking.is_empty() {
            "0.0::float8"
        } else {
            "ts_rank('{0, 0.2, 0.4, 1.0}', tsv, to_tsquery('simple', $5))::float8"
        };
        // The newest CANDIDATES matches, ranked (ADR 0013, 0018, 0019). `first` is checked
        // before the words: the filters against the row's own small vector of facet words.
        let among = |source: &str, first: &str| {
            format!(
                "SELECT record_type, record_id, title, unit_id, {rank} AS rank FROM (
                     SELECT record_type, record_id, title, unit_id, tsv FROM {source} AS d
                     WHERE workspace_id = $1 AND record_type IN ({}) AND (unit_id IS NULL OR {}){first}{filter}
                     ORDER BY seq DESC LIMIT {}
                 ) AS d ORDER BY rank DESC, record_id LIMIT $2",
                types_sql(record_types),
                scope.unit_sql("unit_id"),
                crate::CANDIDATES
            )
        };
        // Planned anew each time, with the words in view: a statement kept prepared would soon
        // get one generic plan for common and rare words alike.
        let run = async |conn: &mut sqlx::AnyConnection, sql: String| -> Result<Vec<Hit>, AppError> {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .persistent(false)
                .bind(scope.workspace().to_db())
                .bind(limit)
                .bind(&q.matching)
                .bind(&q.without)
                .bind(&q.ranking)
                .bind(&q.facets)
                .fetch_all(conn)
                .await
                .db()
        };
        if query.filters.is_empty() {
            let mut conn = db.pool().acquire().await.db()?;
            return run(&mut conn, among("search_docs", "")).await;
        }
        // With filters, in a transaction that lets GIN take more memory: with the default 4 MB,
        // the bitmap of a common prefix's matches turns lossy and every row of its pages is read
        // again, vectors and all. Words alone keep the default and the planner's choices with it
        // (ADR 19).
        let mut tx = db.pool().begin().await.db()?;
        sqlx::query(BITMAP_MEMORY).execute(&mut *tx).await.db()?;
        // Filters are common words, and the planner, which takes them as independent of the
        // words and of the record type, would often have GIN list every match of a common
        // word and a filter or two, then read each. So the newest documents are read first,
        // their facets before their words (the reading stops at a full set): a few, then
        // many when the matches among the few promise a full set there; else the planner,
        // which reads a rarer combination's matches from GIN.
        let wanted = limit.min(crate::CANDIDATES) as usize;
        for (i, per_candidate) in RECENT_PER_CANDIDATE.iter().enumerate() {
            let newest = format!(
                "(SELECT * FROM search_docs WHERE workspace_id = $1 ORDER BY seq DESC LIMIT {})",
                crate::CANDIDATES * per_candidate
            );
            let hits = run(&mut *tx, among(&newest, " AND facet_tsv @@ to_tsquery('simple', $6)")).await?;
            if hits.len() >= wanted {
                tx.commit().await.db()?;
                return Ok(hits);
            }
            let Some(next) = RECENT_PER_CANDIDATE.get(i + 1) else { break };
            if (hits.len() as i64) * next / per_candidate < wanted as i64 {
                break;
            }
        }
        // Then GIN, asked first for the matches among the newest stretches only: when they hold
        // a full set, those are the newest of all, and only they are read from the table.
        let newest: Option<(i64,)> =
            sqlx::query_as("SELECT seq FROM search_docs WHERE workspace_id = $1 ORDER BY seq DESC LIMIT 1")
                .bind(scope.workspace().to_db())
                .fetch_optional(&mut *tx)
                .await
                .db()?;
        let top = newest.map_or(0, |(seq,)| seq >> STRETCH_BITS);
        for n in NEWEST_STRETCHES.into_iter().filter(|n| *n <= top) {
            let within = format!(" AND tsv @@ to_tsquery('simple', '{}')", newest_stretches(top, n));
            let hits = run(&mut *tx, among("search_docs", &within)).await?;
            if hits.len() >= wanted {
                tx.commit().await.db()?;
                return Ok(hits);
            }
        }
        let hits = run(&mut *tx, among("search_docs", "")).await?;
        tx.commit().await.db()?;
        Ok(hits)
    }
}

/// The words of the `n` newest stretches up to stretch `top`, as a tsquery (digits and
/// letters only).
fn newest_stretches(top: i64, n: i64) -> String {
    ((top + 1 - n).max(0)..=top).map(|s| format!("f0r{s}")).collect::<Vec<_>>().join(" | ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_newest_stretches_are_named_down_from_the_top() {
        assert_eq!(super::newest_stretches(5, 4), "f0r2 | f0r3 | f0r4 | f0r5");
        assert_eq!(super::newest_stretches(1, 4), "f0r0 | f0r1");
    }
}
