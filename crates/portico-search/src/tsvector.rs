use portico_authz::Scope;
use portico_db::{Backend, Db, DbResultExt, Tx};
use portico_kernel::{AppError, WorkspaceId};

use crate::{Doc, Hit, SearchIndex, normalize, query::terms, types_sql};

/// PostgreSQL: a generated, weighted tsvector column with a GIN index.
pub struct TsvectorIndex;

impl SearchIndex for TsvectorIndex {
    async fn put(&self, tx: &mut Tx, docs: &[Doc<'_>]) -> Result<(), AppError> {
        if docs.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO search_docs (workspace_id, record_type, record_id, unit_id, title, title_norm, body) VALUES {}
             ON CONFLICT (workspace_id, record_type, record_id)
             DO UPDATE SET unit_id = excluded.unit_id, title = excluded.title, title_norm = excluded.title_norm, body = excluded.body",
            Backend::Postgres.value_groups(docs.len(), 7, 1)
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
                .bind(normalize(d.body));
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
        query: &str,
        limit: i64,
    ) -> Result<Vec<Hit>, AppError> {
        let terms = terms(query);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let tsquery: Vec<String> = terms.iter().map(|t| format!("{t}:*")).collect();
        let sql = format!(
            "SELECT record_type, record_id, title, unit_id, ts_rank(tsv, q)::float8 AS rank
             FROM search_docs, to_tsquery('simple', $1) q
             WHERE workspace_id = $2 AND tsv @@ q AND record_type IN ({}) AND (unit_id IS NULL OR {})
             ORDER BY rank DESC, record_id LIMIT $3",
            types_sql(record_types),
            scope.unit_sql("unit_id")
        );
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(tsquery.join(" & "))
            .bind(scope.workspace().to_db())
            .bind(limit)
            .fetch_all(db.pool())
            .await
            .db()
    }
}
