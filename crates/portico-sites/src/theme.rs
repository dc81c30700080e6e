//! A public site's look: title, logo, two colours, a font, custom CSS and the language a
//! visitor sees first. The workspace has one (its id is the workspace's) and each unit may
//! have its own, a brand at its own path (its id is the unit's). A workspace that never set
//! one gets a plain theme named after it.

use portico_authz::WorkspaceAdmin;
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::{AppError, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use crate::css;

pub const KIND: &str = "site_theme";
/// Largest logo kept, in bytes.
pub const MAX_LOGO: usize = 256 * 1024;
const LOGO_TYPES: &[&str] = &["image/png", "image/jpeg", "image/webp", "image/svg+xml"];

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Theme {
    /// The workspace's id for its own theme, the unit's for a unit's.
    pub id: String,
    pub workspace_id: String,
    pub unit_id: Option<String>,
    /// Where a unit's sites are on the main host (`/p/{workspace}/{path}/…`); empty for the workspace.
    pub path: String,
    pub title: String,
    pub primary_color: String,
    pub accent_color: String,
    /// One of [`FONTS`].
    pub font: String,
    /// Sanitized (see [`css::sanitize`]).
    pub custom_css: String,
    pub default_locale: String,
    pub logo_type: Option<String>,
    /// Who the site names as its contact (empty: nobody); job boards get it as the jobs' poster.
    pub contact_email: String,
    /// The number of the company's LinkedIn page (empty: none), which LinkedIn's job feed asks for.
    pub linkedin_company: String,
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "id, workspace_id, unit_id, path, title, primary_color, accent_color, font, custom_css, \
                       default_locale, logo_type, contact_email, linkedin_company, updated_at";

/// Fonts a site can use: stacks of fonts already on people's devices, so a page loads no
/// font file and stays small.
pub const FONTS: &[(&str, &str)] = &[
    ("system", "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif"),
    ("humanist", "Seravek, \"Gill Sans Nova\", Ubuntu, Calibri, \"DejaVu Sans\", source-sans-pro, sans-serif"),
    ("serif", "Charter, \"Bitstream Charter\", \"Sitka Text\", Cambria, Georgia, serif"),
    ("rounded", "ui-rounded, \"Hiragino Maru Gothic ProN\", Quicksand, Comfortaa, Manjari, Calibri, sans-serif"),
    ("mono", "ui-monospace, \"Cascadia Code\", \"Source Code Pro\", Menlo, Consolas, \"DejaVu Sans Mono\", monospace"),
];

/// What an admin submits.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ThemeInput {
    pub title: String,
    /// A unit's path segment on the main host; ignored for the workspace's theme.
    #[serde(default)]
    pub path: String,
    pub primary_color: String,
    pub accent_color: String,
    pub font: String,
    #[serde(default)]
    pub custom_css: String,
    pub default_locale: String,
    #[serde(default)]
    pub contact_email: String,
    /// Digits only: the number in the company page's address on LinkedIn.
    #[serde(default)]
    pub linkedin_company: String,
}

impl Theme {
    /// The theme a workspace has before anyone sets one.
    pub fn plain(ws: WorkspaceId, name: &str) -> Theme {
        Theme {
            id: ws.to_db(),
            workspace_id: ws.to_db(),
            unit_id: None,
            path: String::new(),
            title: name.to_string(),
            primary_color: "#1d4ed8".into(),
            accent_color: "#0f766e".into(),
            font: "system".into(),
            custom_css: String::new(),
            default_locale: "en".into(),
            logo_type: None,
            contact_email: String::new(),
            linkedin_company: String::new(),
            updated_at: 0,
        }
    }

    /// The page's CSS variables, then the site's own CSS.
    pub fn css(&self) -> String {
        let font = FONTS.iter().find(|(k, _)| *k == self.font).map_or(FONTS[0].1, |(_, v)| v);
        let primary = rgb(&self.primary_color).unwrap_or((29, 78, 216));
        format!(
            ":root{{--brand:{};--on-brand:{};--brand-ink:{};--accent:{};--font:{font}}}\n{}",
            self.primary_color,
            on(primary),
            hex(readable_on_white(primary)),
            self.accent_color,
            self.custom_css
        )
    }
}

fn rgb(color: &str) -> Option<(u8, u8, u8)> {
    let h = color.strip_prefix('#')?;
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((p(0)?, p(2)?, p(4)?))
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// WCAG relative luminance.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Text on the brand colour: white or near-black, whichever reads better.
fn on(c: (u8, u8, u8)) -> &'static str {
    if contrast(c, (255, 255, 255)) >= contrast(c, (17, 24, 39)) { "#ffffff" } else { "#111827" }
}

/// The brand colour darkened until it reads as text on white (4.5:1), for links: a pale
/// brand colour still gives readable links.
fn readable_on_white(mut c: (u8, u8, u8)) -> (u8, u8, u8) {
    while contrast(c, (255, 255, 255)) < 4.5 {
        c = ((f64::from(c.0) * 0.9) as u8, (f64::from(c.1) * 0.9) as u8, (f64::from(c.2) * 0.9) as u8);
    }
    c
}

fn color(field: &str, value: &str) -> Result<String, AppError> {
    let v = value.trim().to_ascii_lowercase();
    // `#abc` is `#aabbcc`.
    let v = match v.strip_prefix('#') {
        Some(s) if s.len() == 3 => format!("#{}", s.chars().flat_map(|c| [c, c]).collect::<String>()),
        _ => v,
    };
    rgb(&v).map(|_| v).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, field))
}

/// A unit's path segment: lowercase letters, digits and dashes, never a site's name or one
/// of the layer's own paths.
pub fn check_path(path: &str, sites: &[&str]) -> Result<String, AppError> {
    let s = portico_kernel::validate::slug("path", path)?;
    if s.len() < 2 || sites.contains(&s.as_str()) || s.starts_with('_') {
        return Err(AppError::field(ErrorCode::InvalidValue, "path"));
    }
    Ok(s)
}

struct Clean {
    title: String,
    primary: String,
    accent: String,
    font: String,
    css: String,
    locale: String,
    contact: String,
    linkedin: String,
}

fn clean(input: &ThemeInput) -> Result<Clean, AppError> {
    let title = portico_kernel::validate::required_text("title", &input.title, 80)?;
    let primary = color("primary_color", &input.primary_color)?;
    let accent = color("accent_color", &input.accent_color)?;
    let font = FONTS
        .iter()
        .find(|(k, _)| *k == input.font.trim())
        .map(|(k, _)| k.to_string())
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "font"))?;
    if input.custom_css.chars().count() > css::MAX_CHARS {
        return Err(AppError::field(ErrorCode::TooLong, "custom_css"));
    }
    let locale = portico_kernel::locale::Locale::parse(input.default_locale.trim())
        .map(|l| l.code().to_string())
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "default_locale"))?;
    let contact = portico_kernel::validate::optional_email("contact_email", &input.contact_email)?.unwrap_or_default();
    let linkedin = input.linkedin_company.trim().to_string();
    if linkedin.len() > 20 || !linkedin.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::field(ErrorCode::InvalidValue, "linkedin_company"));
    }
    Ok(Clean { title, primary, accent, font, css: css::sanitize(&input.custom_css), locale, contact, linkedin })
}

/// The workspace's themes: its own first (stored or plain), then its units'.
pub async fn list(pool: &AnyPool, admin: &WorkspaceAdmin) -> Result<Vec<Theme>, AppError> {
    let ws = admin.workspace();
    let mut all: Vec<Theme> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_themes WHERE workspace_id = $1 ORDER BY path"
    )))
    .bind(ws.to_db())
    .fetch_all(pool)
    .await
    .db()?;
    if all.first().is_none_or(|t| !t.path.is_empty()) {
        all.insert(0, plain(pool, ws).await?);
    }
    Ok(all)
}

async fn plain(pool: &AnyPool, ws: WorkspaceId) -> Result<Theme, AppError> {
    let (name,): (String,) =
        sqlx::query_as("SELECT name FROM workspaces WHERE id = $1").bind(ws.to_db()).fetch_one(pool).await.db()?;
    Ok(Theme::plain(ws, &name))
}

/// Theme `id` of the admin's workspace (its own, plain when never set, or a unit's).
pub async fn get(pool: &AnyPool, admin: &WorkspaceAdmin, id: &str) -> Result<Theme, AppError> {
    let ws = admin.workspace();
    let found: Option<Theme> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_themes WHERE workspace_id = $1 AND id = $2"
    )))
    .bind(ws.to_db())
    .bind(id.to_string())
    .fetch_optional(pool)
    .await
    .db()?;
    match found {
        Some(t) => Ok(t),
        None if id == ws.to_db() => plain(pool, ws).await,
        None => Err(AppError::not_found()),
    }
}

/// The theme of a site address: a workspace's slug and, for a unit's site, the unit's path.
pub async fn by_address(pool: &AnyPool, workspace: &str, unit: &str) -> Result<Option<Theme>, AppError> {
    let ws: Option<(String, String)> = sqlx::query_as("SELECT id, name FROM workspaces WHERE slug = $1")
        .bind(workspace.to_string())
        .fetch_optional(pool)
        .await
        .db()?;
    let Some((ws_id, name)) = ws else { return Ok(None) };
    // An archived unit's sites close with it.
    let found: Option<Theme> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM site_themes WHERE workspace_id = $1 AND path = $2
         AND (unit_id IS NULL OR unit_id IN (SELECT id FROM units WHERE archived_at IS NULL))"
    )))
    .bind(ws_id.clone())
    .bind(unit.to_string())
    .fetch_optional(pool)
    .await
    .db()?;
    Ok(match found {
        Some(t) => Some(t),
        None if unit.is_empty() => Some(Theme::plain(portico_kernel::ids::parse_db_id(&ws_id)?, &name)),
        None => None,
    })
}

/// Set the workspace's theme (`unit` none) or a unit's, creating it the first time.
pub async fn save(
    db: &Db,
    admin: &WorkspaceAdmin,
    unit: Option<UnitId>,
    sites: &[&str],
    input: &ThemeInput,
    now: Timestamp,
) -> Result<Theme, AppError> {
    let c = clean(input)?;
    let ws = admin.workspace();
    let (id, path) = match unit {
        None => (ws.to_db(), String::new()),
        Some(u) => {
            let found: Option<(String,)> = sqlx::query_as("SELECT id FROM units WHERE workspace_id = $1 AND id = $2")
                .bind(ws.to_db())
                .bind(u.to_db())
                .fetch_optional(db.pool())
                .await
                .db()?;
            found.ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "unit_id"))?;
            (u.to_db(), check_path(&input.path, sites)?)
        }
    };
    let before = get(db.pool(), admin, &id).await.ok().filter(|t| t.updated_at > 0);
    let mut tx = db.begin().await?;
    upsert(&mut tx, &id, ws, unit, &path, &c, now).await.map_err(path_taken)?;
    let after = json!({"path": path, "title": c.title, "primary_color": c.primary, "accent_color": c.accent,
        "font": c.font, "custom_css": c.css, "default_locale": c.locale, "contact_email": c.contact,
        "linkedin_company": c.linkedin});
    let mut event = Event::new(ws, admin.actor(), KIND, "save", id.clone(), now).in_unit(unit).after(after);
    if let Some(b) = before {
        event = event.before(json!({"path": b.path, "title": b.title, "primary_color": b.primary_color,
            "accent_color": b.accent_color, "font": b.font, "custom_css": b.custom_css, "default_locale": b.default_locale,
            "contact_email": b.contact_email, "linkedin_company": b.linkedin_company}));
    }
    tx.emit(event).await?;
    tx.commit().await.db()?;
    get(db.pool(), admin, &id).await
}

/// Store the plain theme a workspace had before anyone set one.
pub async fn insert_plain(tx: &mut Tx, plain: &Theme, now: Timestamp) -> Result<(), AppError> {
    let c = Clean {
        title: plain.title.clone(),
        primary: plain.primary_color.clone(),
        accent: plain.accent_color.clone(),
        font: plain.font.clone(),
        css: plain.custom_css.clone(),
        locale: plain.default_locale.clone(),
        contact: plain.contact_email.clone(),
        linkedin: plain.linkedin_company.clone(),
    };
    let ws = portico_kernel::ids::parse_db_id(&plain.workspace_id)?;
    upsert(tx, &plain.id, ws, None, "", &c, now).await
}

/// Write theme `id` (of the workspace, or of `unit`), whether it exists yet or not.
async fn upsert(
    tx: &mut Tx,
    id: &str,
    ws: WorkspaceId,
    unit: Option<UnitId>,
    path: &str,
    c: &Clean,
    now: Timestamp,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO site_themes (id, workspace_id, unit_id, path, title, primary_color, accent_color, font,
            custom_css, default_locale, updated_at, contact_email, linkedin_company)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO UPDATE SET path = excluded.path, title = excluded.title,
            primary_color = excluded.primary_color, accent_color = excluded.accent_color, font = excluded.font,
            custom_css = excluded.custom_css, default_locale = excluded.default_locale, updated_at = excluded.updated_at,
            contact_email = excluded.contact_email, linkedin_company = excluded.linkedin_company",
    )
    .bind(id.to_string())
    .bind(ws.to_db())
    .bind(unit.map(|u| u.to_db()))
    .bind(path.to_string())
    .bind(c.title.clone())
    .bind(c.primary.clone())
    .bind(c.accent.clone())
    .bind(c.font.clone())
    .bind(c.css.clone())
    .bind(c.locale.clone())
    .bind(now)
    .bind(c.contact.clone())
    .bind(c.linkedin.clone())
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

fn path_taken(e: AppError) -> AppError {
    if e.code == ErrorCode::AlreadyExists { AppError::field(ErrorCode::AlreadyExists, "path") } else { e }
}

/// Replace a theme's logo (PNG, JPEG, WebP or SVG; SVG is served so that it cannot run script).
pub async fn set_logo(
    db: &Db,
    admin: &WorkspaceAdmin,
    id: &str,
    content_type: &str,
    bytes: &[u8],
    now: Timestamp,
) -> Result<(), AppError> {
    let theme = get(db.pool(), admin, id).await?;
    if bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "logo"));
    }
    if bytes.len() > MAX_LOGO {
        return Err(AppError::field(ErrorCode::PayloadTooLarge, "logo"));
    }
    let content_type = LOGO_TYPES
        .iter()
        .find(|t| content_type.trim().eq_ignore_ascii_case(t) && is_image(t, bytes))
        .ok_or_else(|| AppError::field(ErrorCode::UnsupportedMediaType, "logo"))?;
    let mut tx = db.begin().await?;
    if theme.updated_at == 0 {
        insert_plain(&mut tx, &theme, now).await?;
    }
    sqlx::query(
        "UPDATE site_themes SET logo = $1, logo_type = $2, updated_at = $3 WHERE workspace_id = $4 AND id = $5",
    )
    .bind(bytes.to_vec())
    .bind(content_type.to_string())
    .bind(now)
    .bind(admin.workspace().to_db())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    let after = json!({"logo_type": content_type, "logo_bytes": bytes.len()});
    tx.emit(Event::new(admin.workspace(), admin.actor(), KIND, "logo", id.to_string(), now).after(after)).await?;
    tx.commit().await.db()?;
    Ok(())
}

/// Whether `bytes` are an image of `content_type` (by their first bytes), not just said to be.
fn is_image(content_type: &str, bytes: &[u8]) -> bool {
    match content_type {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "image/svg+xml" => {
            std::str::from_utf8(bytes).is_ok_and(|t| t.get(..1024.min(t.len())).is_some_and(|h| h.contains("<svg")))
        }
        _ => false,
    }
}

/// A theme's logo and its type, for the public page.
pub async fn logo(pool: &AnyPool, theme: &Theme) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let row: Option<(Option<String>, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT logo_type, logo FROM site_themes WHERE workspace_id = $1 AND id = $2")
            .bind(theme.workspace_id.clone())
            .bind(theme.id.clone())
            .fetch_optional(pool)
            .await
            .db()?;
    Ok(row.and_then(|(t, b)| Some((t?, b?))))
}

/// Remove a unit's theme and the domains that served it; its sites fall back to the address
/// of the workspace. The workspace's own theme is changed, never removed.
pub async fn delete(db: &Db, admin: &WorkspaceAdmin, id: &str, now: Timestamp) -> Result<(), AppError> {
    let theme = get(db.pool(), admin, id).await?;
    if theme.unit_id.is_none() {
        return Err(AppError::new(ErrorCode::Conflict));
    }
    let mut tx = db.begin().await?;
    delete_in(&mut tx, admin.workspace(), id).await?;
    let before = json!({"path": theme.path, "title": theme.title});
    tx.emit(Event::new(admin.workspace(), admin.actor(), KIND, "delete", id.to_string(), now).before(before).deleted())
        .await?;
    tx.commit().await.db()?;
    Ok(())
}

/// Within the deleting transaction: the theme and the domains that served it.
async fn delete_in(tx: &mut Tx, ws: WorkspaceId, id: &str) -> Result<(), AppError> {
    for sql in [
        "DELETE FROM site_domains WHERE workspace_id = $1 AND theme_id = $2",
        "DELETE FROM site_themes WHERE workspace_id = $1 AND id = $2",
    ] {
        sqlx::query(sql).bind(ws.to_db()).bind(id.to_string()).execute(&mut **tx).await.db()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logo_is_what_it_says_it_is() {
        assert!(is_image("image/png", b"\x89PNG\r\n\x1a\n...."));
        assert!(!is_image("image/png", b"{}"));
        assert!(is_image("image/svg+xml", b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>"));
        assert!(!is_image("image/svg+xml", b"<html><script>x</script></html>"));
        assert!(!is_image("image/gif", b"GIF89a"));
    }

    #[test]
    fn text_on_the_brand_colour_and_links_stay_readable() {
        assert_eq!(on((255, 230, 0)), "#111827", "dark text on yellow");
        assert_eq!(on((29, 78, 216)), "#ffffff", "white text on blue");
        let pale = readable_on_white((255, 230, 0));
        assert!(contrast(pale, (255, 255, 255)) >= 4.5, "{pale:?}");
        assert_eq!(readable_on_white((29, 78, 216)), (29, 78, 216), "a dark colour is kept");
    }

    #[test]
    fn colours_fonts_and_languages_are_checked_by_field() {
        let ok = ThemeInput {
            title: "Acme".into(),
            path: String::new(),
            primary_color: "#ABC".into(),
            accent_color: "#0f766e".into(),
            font: "serif".into(),
            custom_css: "h1{color:red} a{background:url(x)}".into(),
            default_locale: "fr".into(),
            contact_email: " Jobs@Acme.test ".into(),
            linkedin_company: "1337".into(),
        };
        let c = clean(&ok).unwrap();
        assert_eq!(c.primary, "#aabbcc");
        assert_eq!(c.css, ".site h1{color:red}\n");
        assert_eq!((c.contact.as_str(), c.linkedin.as_str()), ("jobs@acme.test", "1337"));
        for (field, bad) in [
            ("contact_email", ThemeInput { contact_email: "jobs at acme".into(), ..ok.clone() }),
            ("linkedin_company", ThemeInput { linkedin_company: "acme-corp".into(), ..ok.clone() }),
            ("primary_color", ThemeInput { primary_color: "blue".into(), ..ok.clone() }),
            ("accent_color", ThemeInput { accent_color: "#12345".into(), ..ok.clone() }),
            ("font", ThemeInput { font: "comic".into(), ..ok.clone() }),
            ("default_locale", ThemeInput { default_locale: "de".into(), ..ok.clone() }),
            ("title", ThemeInput { title: " ".into(), ..ok.clone() }),
        ] {
            let e = clean(&bad).err().unwrap();
            assert_eq!(e.field.as_deref(), Some(field));
        }
        assert!(check_path("portal", &["portal"]).is_err() && check_path("paris", &["portal"]).is_ok());
    }
}
