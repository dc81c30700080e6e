//! Macros: canned replies agents put into a ticket's reply, written once per language in
//! Settings › Templates (the library "Desk macro") with the ticket's values as placeholders,
//! and inserted in the requester's language.

use portico_db::{DbResultExt, Tx};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode, WorkspaceId};
use portico_mail::templates::{self, Kind, Placeholder, Purpose, ph};
use serde_json::json;

use crate::tickets::Ticket;

pub const PURPOSE: &str = "desk.macro";

const PLACEHOLDERS: &[Placeholder] = &[
    ph("requester", "placeholder-desk-requester", "Camille Roux"),
    ph("number", "placeholder-desk-number", "1042"),
    ph("subject", "placeholder-desk-subject", "Facture en double sur ma commande"),
    ph("agent", "placeholder-desk-agent", "Amandine Roux"),
];

pub fn purpose() -> Purpose {
    Purpose {
        name: PURPOSE,
        label: "purpose-desk-macro",
        hint: "purpose-desk-macro-hint",
        kind: Kind::Library,
        subject: false,
        placeholders: PLACEHOLDERS,
    }
}

/// Macro `key` as written for ticket `t` by `agent`, in the requester's language (or the
/// nearest one written): its text.
pub async fn written(tx: &mut Tx, ws: WorkspaceId, t: &Ticket, key: &str, agent: &str) -> Result<String, AppError> {
    let locale: Option<(String,)> = sqlx::query_as("SELECT locale FROM contacts WHERE id = $1")
        .bind(t.requester_id.clone())
        .fetch_optional(&mut **tx)
        .await
        .db()?;
    let locale = locale.and_then(|(l,)| Locale::parse(&l)).unwrap_or(Locale::En);
    let m = templates::store::pick(tx, ws, PURPOSE, key, locale)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "macro"))?;
    let values = json!({"requester": t.requester_name, "number": t.number, "subject": t.subject, "agent": agent});
    Ok(templates::wrap("", &m.body, &values)?.text)
}
