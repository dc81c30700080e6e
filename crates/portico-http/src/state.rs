use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use portico_config::Settings;
use portico_db::Db;
use portico_files::BlobStore;
use portico_files::sandbox::Sandbox;
use portico_kernel::{AppError, Clock};
use portico_mail::MailContext;
use portico_platform::Registry;

use crate::module::Suite;

use crate::ratelimit::RateLimiter;

/// Everything a request handler may need, built once at start.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    /// The modules of this binary and the platform built from them.
    pub suite: Arc<Suite>,
    /// The OpenAPI document of every module's API, served as is.
    pub openapi: serde_json::Value,
    pub clock: Arc<dyn Clock>,
    pub settings: Settings,
    pub blobs: BlobStore,
    pub sandbox: Sandbox,
    /// Signs guest links.
    pub secret_key: Vec<u8>,
    pub mail: MailContext,
    pub login_limiter: RateLimiter,
    /// Resolved callers, reused while their workspace's access version stands.
    pub callers: crate::extract::CallerCache,
    pub public_limiter: RateLimiter,
    /// One rate limiter per signed endpoint.
    pub signed_limiters: crate::signed::Limiters,
    /// Custom domains recently asked for.
    pub site_hosts: crate::site::HostCache,
    /// Scheme and host name of Portico's public address (every other host is a custom domain).
    pub main_scheme: String,
    pub main_host: String,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// The state of a server over `db`, on which the suite's platform must be installed.
    pub fn new(
        db: Db,
        suite: Arc<Suite>,
        clock: Arc<dyn Clock>,
        settings: Settings,
        exe: PathBuf,
    ) -> Result<AppState, AppError> {
        if !db.has_sink() {
            return Err(AppError::internal("the platform is not installed on the database handle"));
        }
        let secret_key = load_or_create_secret(&settings)?;
        let openapi = serde_json::to_value(suite.openapi()?).map_err(|e| AppError::internal(e.to_string()))?;
        let mail = MailContext { public_url: settings.public_base(), from: settings.smtp.from.clone() };
        let (main_scheme, rest) = mail.public_url.split_once("://").unwrap_or(("https", ""));
        let (main_scheme, main_host) =
            (main_scheme.to_string(), rest.split(['/', ':']).next().unwrap_or("").to_ascii_lowercase());
        Ok(AppState(Arc::new(Inner {
            blobs: BlobStore::new(&settings.data_dir),
            sandbox: Sandbox::new(exe),
            db,
            suite,
            openapi,
            clock,
            secret_key,
            mail,
            login_limiter: RateLimiter::new(10, std::time::Duration::from_secs(60)),
            callers: Default::default(),
            public_limiter: RateLimiter::new(30, std::time::Duration::from_secs(60)),
            signed_limiters: Default::default(),
            site_hosts: Default::default(),
            main_scheme,
            main_host,
            settings,
        })))
    }

    pub fn webhook_policy(&self) -> portico_webhooks::TargetPolicy {
        portico_webhooks::TargetPolicy { allow_private: self.settings.allow_private_webhooks }
    }

    pub fn registry(&self) -> &Registry {
        &self.suite.platform.registry
    }

    pub fn secure_cookies(&self) -> bool {
        self.settings.secure_cookies()
    }
}

/// The configured key, or one generated once into the data directory (mode 0600).
pub fn load_or_create_secret(settings: &Settings) -> Result<Vec<u8>, AppError> {
    if let Some(k) = settings.secret_key.as_deref().filter(|k| k.len() >= 32) {
        return Ok(k.as_bytes().to_vec());
    }
    let path = settings.data_dir.join("secret.key");
    let io = |e: std::io::Error| AppError::internal(format!("{}: {e}", path.display()));
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= 32
    {
        return Ok(existing.trim().as_bytes().to_vec());
    }
    std::fs::create_dir_all(&settings.data_dir).map_err(io)?;
    let key = portico_kernel::secret::random_token();
    std::fs::write(&path, &key).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
    }
    Ok(key.into_bytes())
}
