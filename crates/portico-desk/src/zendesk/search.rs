//! `/api/v2/search?query=…`: tickets found by Zendesk's query words (`type:ticket`,
//! `status:open`, `status<solved`, `priority:high`, `requester:someone@example.com`, and
//! words of the subject or the requester's name or address), offset-paged as Zendesk's is.

use axum::Json;
use axum::extract::State;
use portico_db::DbResultExt;
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, PageRequest};
use serde_json::{Value, json};

use super::page::Paging;
use super::shape::{self, Ids};
use super::{Agent, Fail, Here};
use crate::VIEW;
use crate::tickets::{self as store, TicketFilter};

/// A query, read.
#[derive(Debug, Default, PartialEq)]
struct Query {
    status: Option<String>,
    unsolved: bool,
    priority: Option<String>,
    requester: Option<String>,
    words: Vec<String>,
}

fn refused() -> Fail {
    Fail(AppError::field(ErrorCode::InvalidValue, "query"))
}

fn parse(query: &str) -> Result<Query, Fail> {
    if query.chars().any(char::is_control) || query.chars().count() > 512 {
        return Err(refused());
    }
    let mut q = Query::default();
    // Quoted phrases stay whole.
    let mut terms = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            terms.push(part.trim().to_string());
        } else {
            terms.extend(part.split_whitespace().map(str::to_string));
        }
    }
    for term in terms.into_iter().filter(|t| !t.is_empty()) {
        if term.eq_ignore_ascii_case("status<solved") {
            q.unsolved = true;
            continue;
        }
        match term.split_once(':') {
            Some((key, value)) => match key.to_ascii_lowercase().as_str() {
                "type" if value.eq_ignore_ascii_case("ticket") => {}
                "status" if crate::tickets::STATUSES.contains(&value) => q.status = Some(value.to_string()),
                "priority" if crate::tickets::PRIORITIES.contains(&value) => q.priority = Some(value.to_string()),
                "requester" if value.contains('@') => q.requester = Some(value.to_lowercase()),
                _ => return Err(refused()),
            },
            None => q.words.push(term),
        }
    }
    Ok(q)
}

pub async fn search(State(s): State<AppState>, Agent(c): Agent, here: Here) -> Result<Json<Value>, Fail> {
    let q = parse(here.get("query").unwrap_or(""))?;
    let paging = Paging::of(&here, 100)?;
    let scope = c.authz.scope(VIEW)?;
    let (pool, ws) = (s.db.pool(), scope.workspace());
    let requester = match &q.requester {
        None => None,
        Some(email) => {
            let found: Option<(String,)> =
                sqlx::query_as("SELECT id FROM contacts WHERE workspace_id = $1 AND lower(email) = $2")
                    .bind(ws.to_db())
                    .bind(email.clone())
                    .fetch_optional(pool)
                    .await
                    .db()?;
            // Nobody with that address asked anything.
            Some(found.map_or_else(String::new, |(id,)| id))
        }
    };
    let words = q.words.join(" ");
    let filter = TicketFilter {
        view: q.unsolved.then_some("unsolved"),
        q: Some(words.as_str()).filter(|w| !w.is_empty()),
        status: q.status.as_deref(),
        priority: q.priority.as_deref(),
        requester: requester.as_deref(),
        ..Default::default()
    };
    let (tickets, next) = paging
        .read(|page: PageRequest| {
            let scope = scope.clone();
            async move { store::list(pool, &scope, &page, filter).await }
        })
        .await?;
    let count = store::count(pool, &scope, filter).await?;
    let ids = Ids::of_tickets(&s.db, ws, &tickets).await?;
    let items = tickets
        .iter()
        .map(|t| {
            let mut v = shape::ticket(&here.base, t, &ids);
            v["result_type"] = json!("ticket");
            v
        })
        .collect();
    let mut out = paging.envelope(&here, "results", items, next, count);
    out["facets"] = Value::Null;
    Ok(Json(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_reads_its_properties_and_words() {
        let q =
            parse(r#"type:ticket status:open priority:high "broken screen" refund requester:Ana@Example.com"#).unwrap();
        assert_eq!(q.status.as_deref(), Some("open"));
        assert_eq!(q.priority.as_deref(), Some("high"));
        assert_eq!(q.requester.as_deref(), Some("ana@example.com"));
        assert_eq!(q.words, vec!["broken screen".to_string(), "refund".to_string()]);
        assert!(parse("status<solved").unwrap().unsolved);
        assert!(parse("type:user ana").is_err(), "only tickets are searched");
        assert!(parse("status:lost").is_err());
        assert!(parse("refund\u{0}").is_err(), "no control characters");
    }
}
