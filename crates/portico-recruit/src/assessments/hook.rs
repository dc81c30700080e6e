//! Where a provider posts results: `/hooks/recruit/assessments/{provider}`, the JSON body
//! signed with the provider's secret (`X-Portico-Signature: t=<unix time>,v1=<hex HMAC-SHA256
//! of "<t>.<body>">`, an `Idempotency-Key` to send a result again safely).

use axum::extract::{Path, State};
use axum::response::Response;
use portico_db::DbResultExt;
use portico_http::signed::{Endpoint, Inbound};
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, WorkspaceId};
use serde_json::json;

pub const ENDPOINT: Endpoint =
    Endpoint { name: "recruit.assessment", scheme: &portico_webhooks::inbound::PORTICO, per_minute: 600 };

pub async fn receive(State(s): State<AppState>, Path(id): Path<String>, req: Inbound) -> Response {
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT workspace_id, secret FROM recruit_assessment_providers WHERE id = $1 AND secret NOT LIKE 'retired:%'",
    )
    .bind(id.clone())
    .fetch_optional(s.db.pool())
    .await
    .ok()
    .flatten();
    let Some((ws, secret)) = found else { return req.unknown_target() };
    let Ok(ws) = portico_kernel::ids::parse_db_id::<WorkspaceId>(&ws) else { return req.unknown_target() };
    let admitted = match req.admit(&s, ENDPOINT, ws, &id, secret.as_bytes()).await {
        Ok(a) => a,
        Err(refused) => return refused,
    };
    let result = async {
        let posted: super::Posted = serde_json::from_slice(&req.body)
            .map_err(|e| AppError::new(ErrorCode::MalformedJson).with_cause(e.to_string()))?;
        let now = s.clock.now_micros();
        let mut tx = s.db.begin().await?;
        let recorded = super::record(&mut tx, ws, &id, &posted, now).await?;
        tx.commit().await.db()?;
        Ok(json!({"id": recorded}))
    }
    .await;
    admitted.answer(&s, &req, result).await
}
