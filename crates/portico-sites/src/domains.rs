//! Custom domains: a host such as `jobs.acme.fr` that serves one theme's sites, the site
//! named in the domain at its root and the others under their names. The main host serves
//! every site under `/p/{workspace}/…`, so a domain is never required.

use portico_authz::WorkspaceAdmin;
use portico_db::{Db, DbResultExt};
use portico_kernel::{AppError, ErrorCode, Event, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use crate::theme::{self, Theme};

pub const KIND: &str = "site_domain";

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Domain {
    pub id: String,
    pub workspace_id: String,
    /// The theme (workspace or unit) whose sites the host serves.
    pub theme_id: String,
    pub host: String,
    /// The site at the host's root.
    pub site: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct DomainInput {
    pub host: String,
    pub site: String,
    pub theme_id: String,
}

/// A host name as people type it, or the field's error: letters, digits and dashes in at
/// least two labels, no scheme, port or path.
pub fn clean_host(host: &str) -> Result<String, AppError> {
    let h = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let labels: Vec<&str> = h.split('.').collect();
    if h.len() > 253
        || labels.len() < 2
        || !labels.iter().all(|l| label_ok(l))
        || labels.iter().all(|l| l.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(AppError::field(ErrorCode::InvalidValue, "host"));
    }
    Ok(h)
}

pub async fn list(pool: &AnyPool, admin: &WorkspaceAdmin) -> Result<Vec<Domain>, AppError> {
    sqlx::query_as(
        "SELECT id, workspace_id, theme_id, host, site, created_at FROM site_domains WHERE workspace_id = $1 ORDER BY host",
    )
    .bind(admin.workspace().to_db())
    .fetch_all(pool)
    .await
    .db()
}

/// Serve a theme's sites on a host. `main_host` (Portico's own) and hosts another workspace
/// uses are refused.
pub async fn add(
    db: &Db,
    admin: &WorkspaceAdmin,
    sites: &[&str],
    main_host: &str,
    input: &DomainInput,
    now: Timestamp,
) -> Result<Domain, AppError> {
    let host = clean_host(&input.host)?;
    if host == main_host {
        return Err(AppError::field(ErrorCode::AlreadyExists, "host"));
    }
    let site = input.site.trim();
    if !sites.contains(&site) {
        return Err(AppError::field(ErrorCode::InvalidValue, "site"));
    }
    let t = theme::get(db.pool(), admin, &input.theme_id)
        .await
        .map_err(|_| AppError::field(ErrorCode::InvalidValue, "theme_id"))?;
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = db.begin().await?;
    if t.updated_at == 0 {
        theme::insert_plain(&mut tx, &t, now).await?;
    }
    sqlx::query(
        "INSERT INTO site_domains (id, workspace_id, theme_id, host, site, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.clone())
    .bind(admin.workspace().to_db())
    .bind(t.id.clone())
    .bind(host.clone())
    .bind(site.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()
    .map_err(|e| {
        if e.code == ErrorCode::AlreadyExists { AppError::field(ErrorCode::AlreadyExists, "host") } else { e }
    })?;
    let after = json!({"host": host, "site": site, "theme_id": t.id});
    tx.emit(Event::new(admin.workspace(), admin.actor(), KIND, "create", id.clone(), now).after(after)).await?;
    tx.commit().await.db()?;
    Ok(Domain {
        id,
        workspace_id: admin.workspace().to_db(),
        theme_id: t.id,
        host,
        site: site.to_string(),
        created_at: now,
    })
}

pub async fn remove(db: &Db, admin: &WorkspaceAdmin, id: &str, now: Timestamp) -> Result<(), AppError> {
    let ws = admin.workspace();
    let found: Option<(String,)> = sqlx::query_as("SELECT host FROM site_domains WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await
        .db()?;
    let (host,) = found.ok_or_else(AppError::not_found)?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM site_domains WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(Event::new(ws, admin.actor(), KIND, "delete", id.to_string(), now).before(json!({"host": host})).deleted())
        .await?;
    tx.commit().await.db()?;
    Ok(())
}

/// What a host serves: its theme and the site at its root.
#[derive(Debug, Clone)]
pub struct Served {
    pub host: String,
    pub theme: Theme,
    pub site: String,
}

/// Every custom domain of the install with what it serves (a small table, kept in memory
/// by the web layer).
pub async fn all(pool: &AnyPool) -> Result<Vec<Served>, AppError> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT d.host, w.slug, t.path, d.site FROM site_domains d JOIN site_themes t ON t.id = d.theme_id
         JOIN workspaces w ON w.id = d.workspace_id ORDER BY d.host",
    )
    .fetch_all(pool)
    .await
    .db()?;
    let mut out = Vec::new();
    for (host, ws, path, site) in rows {
        if let Some(theme) = theme::by_address(pool, &ws, &path).await? {
            out.push(Served { host, theme, site });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hosts_are_names_without_scheme_port_or_path() {
        assert_eq!(super::clean_host(" Jobs.Acme.FR. ").unwrap(), "jobs.acme.fr");
        for bad in [
            "https://jobs.acme.fr",
            "jobs.acme.fr:8080",
            "jobs.acme.fr/x",
            "localhost",
            "-a.b",
            "a..b",
            "1.2.3.4",
            "a b.c",
        ] {
            assert!(super::clean_host(bad).is_err(), "{bad}");
        }
    }
}
