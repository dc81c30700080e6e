use portico_authz::Scope;
use portico_db::{Backend, Db, DbResultExt, Tx};
use portico_kernel::{AppError, WorkspaceId};

use crate::{Doc, Hit, Query, SearchIndex, normalize, types_sql};

/// PostgreSQL: a generated, weighted tsvector column with a GIN index; facet words are in it
/// too (weight D, left out of the rank), so a filter is one more term GIN intersects, and a
/// rare word is not made to wait for a common facet's whole list.
pub struct TsvectorIndex;

/// The tsquery of the words, phrases and filters, and of the words left out (letters and
/// digits only).
pub fn tsqueries(q: &Query) -> (String, String) {
    let text: Vec<String> = q
        .words
        .iter()
        .map(|w| format!("{w}:*"))
        .chain(q.phrases.iter().map(|p| format!("({})", p.join(" <-> "))))
        .chain(q.filters.iter().map(|any| format!("({})", any.join(" | "))))
        .collect();
    let without: Vec<String> = q.without.iter().map(|w| format!("{w}:*")).collect();
    (text.join(" & "), without.join(" | "))
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
        let (text, without) = tsqueries(query);
        // $1 workspace, $2 limit, $3 the words and filters, $4 the words left out.
        let mut filter = String::new();
        if !text.is_empty() {
            filter.push_str(" AND tsv @@ to_tsquery('simple', $3)");
        }
        if !without.is_empty() {
            filter.push_str(" AND NOT tsv @@ to_tsquery('simple', $4)");
        }
        // Weights of D, C, B, A: facets (D) count for nothing, titles (A) most.
        let rank = if text.is_empty() {
            "0.0::float8"
        } else {
            "ts_rank('{0, 0.2, 0.4, 1.0}', tsv, to_tsquery('simple', $3))::float8"
        };
        // The most recently indexed documents first: when their matches fill the page, a
        // common word is answered without reading each of its (maybe million) matches; else
        // every match is ranked (ADR 0013).
        let run = async |source: &str| -> Result<Vec<Hit>, AppError> {
            let sql = format!(
                "SELECT record_type, record_id, title, unit_id, {rank} AS rank FROM {source} AS d
                 WHERE workspace_id = $1 AND record_type IN ({}) AND (unit_id IS NULL OR {}){filter}
                 ORDER BY rank DESC, record_id LIMIT $2",
                types_sql(record_types),
                scope.unit_sql("unit_id")
            );
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(scope.workspace().to_db())
                .bind(limit)
                .bind(&text)
                .bind(&without)
                .fetch_all(db.pool())
                .await
                .db()
        };
        let recent = run(&format!(
            "(SELECT * FROM search_docs WHERE workspace_id = $1 ORDER BY seq DESC LIMIT {})",
            crate::CANDIDATES
        ))
        .await?;
        if recent.len() as i64 >= limit { Ok(recent) } else { run("search_docs").await }
    }
}
