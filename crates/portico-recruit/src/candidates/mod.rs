//! Candidates: their profile (store), their page and their API.

pub mod api;
pub mod experience;
pub mod merge;
pub mod pages;
pub mod store;

use async_trait::async_trait;
use portico_db::{DbResultExt, Tx};
use portico_kernel::{AppError, Event};
use portico_platform::{Consumer, RecordKind};

use crate::kinds::{Candidate, DOCUMENT};

/// A candidate's search document holds their contact's name and address and the text of
/// their documents: it is made again when those change.
pub struct Reindex;

#[async_trait]
impl Consumer for Reindex {
    async fn consume(&self, tx: &mut Tx, kind: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        let sql = match kind.name() {
            portico_core::contacts::store::KIND => {
                "SELECT id FROM recruit_candidates WHERE workspace_id = $1 AND contact_id = $2"
            }
            DOCUMENT => "SELECT candidate_id FROM recruit_documents WHERE workspace_id = $1 AND id = $2",
            _ => return Ok(()),
        };
        let found: Vec<(String,)> =
            sqlx::query_as(sql).bind(e.workspace.to_db()).bind(e.record_id.clone()).fetch_all(&mut **tx).await.db()?;
        for (id,) in found {
            portico_search::refresh(tx, &Candidate, e.workspace, &id).await?;
        }
        Ok(())
    }
}
