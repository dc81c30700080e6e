//! `/api/v2/uploads`: a file sent before the comment that carries it (`comment.uploads`
//! names it by the upload's token), and `/api/v2/attachments/{id}` to look at one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::state::AppState;
use serde_json::{Value, json};

use super::ids::{self, Named};
use super::shape::{self, Ids};
use super::{Agent, Fail, Here, Raw, path_number};
use crate::tickets::attachments::{self, UploadQuery};

/// `?filename=…[&token=…]`, the file as the body: the upload, with every file it holds.
pub async fn upload(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Raw(body): Raw,
) -> Result<(StatusCode, Json<Value>), Fail> {
    let q = UploadQuery {
        filename: here.get("filename").map(str::to_string),
        token: here.get("token").map(str::to_string),
    };
    let made = attachments::upload(&s.db, &s.blobs, s.clock.as_ref(), &c.authz, &q, &body).await?;
    let ws = c.authz.workspace();
    let user = c.user.to_db();
    let all = attachments::waiting(s.db.pool(), ws, &user, std::slice::from_ref(&made.token)).await?;
    let records: Vec<(Named, &str)> = all.iter().map(|f| (Named::Attachment, f.id.as_str())).collect();
    let ids = Ids::of(&s.db, ws, &records).await?;
    let json_of =
        |f: &attachments::Attachment| shape::attachment(&here.base, ids.get(Some(&f.id)).as_i64().unwrap_or(0), f);
    Ok((
        StatusCode::CREATED,
        Json(json!({"upload": {
            "token": made.token,
            "expires_at": null,
            "attachment": json_of(&made),
            "attachments": all.iter().map(json_of).collect::<Vec<_>>(),
        }})),
    ))
}

pub async fn show(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fail> {
    let number = path_number(&id)?;
    let scope = c.authz.scope(crate::VIEW)?;
    let id = ids::record_of(s.db.pool(), scope.workspace(), number, Named::Attachment).await?;
    let f = attachments::get(s.db.pool(), &scope, &id).await?;
    Ok(Json(json!({"attachment": shape::attachment(&here.base, number, &f)})))
}
