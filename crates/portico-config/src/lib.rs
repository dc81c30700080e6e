//! Settings: built-in defaults, then `portico.toml`, then `PORTICO_*`
//! environment variables (nested with `__`, e.g. `PORTICO_SMTP__HOST`), then
//! command-line flags. `redacted()` is what `portico config show` prints.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address of the web server.
    pub listen: String,
    /// Address of the Prometheus /metrics listener (kept off the public port).
    pub metrics_listen: String,
    /// Where the SQLite file, uploaded files and the secret key live.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL; empty means the embedded SQLite file in `data_dir`.
    pub database_url: Option<String>,
    pub database_max_connections: u32,
    /// The address people reach Portico at, for links (e-mails, invitations, guest links).
    /// Empty: links on pages use the address the browser used, and e-mails `listen`'s.
    pub public_url: String,
    /// Key for signing guest links; generated into `data_dir/secret.key` when unset.
    pub secret_key: Option<String>,
    /// Job worker concurrency inside `serve` and `worker`.
    pub workers: usize,
    /// Largest accepted request body (uploads included), in bytes.
    pub max_body_bytes: usize,
    /// "text" or "json".
    pub log_format: String,
    /// Let webhooks reach loopback and private networks (an intranet receiver). Off by default.
    pub allow_private_webhooks: bool,
    /// Seconds a public form must have been shown before it is sent: people take longer,
    /// bots post at once.
    pub public_form_min_seconds: u32,
    /// A certificate authority (PEM file) trusted for IMAP servers beside the system's, for
    /// a mail server with a private certificate.
    pub imap_ca_file: Option<PathBuf>,
    pub smtp: SmtpSettings,
    pub backup: BackupSettings,
    pub assistant: AssistantSettings,
}

/// The writing assistant: Portico's own templates, or a model behind an OpenAI-compatible
/// endpoint (a local one: llama.cpp, Ollama, vLLM) when `url` is set.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistantSettings {
    /// The API's base address, such as `http://127.0.0.1:11434/v1`.
    pub url: Option<String>,
    /// The model to ask for (empty: the server's default).
    #[serde(default)]
    pub model: String,
    /// Sent as a bearer token, when the server wants one.
    pub api_key: Option<String>,
}

/// Backups Portico takes by itself (`portico backup` on a schedule).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSettings {
    /// Hours between two backups; 0 turns scheduled backups off.
    pub every_hours: u32,
    /// How many backups to keep; older ones are deleted after each new one.
    pub keep: u32,
    /// Where they go (default: `backups/` in the data directory).
    pub dir: Option<PathBuf>,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings { every_hours: 24, keep: 7, dir: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain SMTP (a local relay, or tests).
    None,
    #[default]
    Starttls,
    /// Implicit TLS (port 465).
    Tls,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub username: Option<String>,
    pub password: Option<String>,
    /// Default sender, e.g. "Portico <no-reply@example.com>".
    pub from: String,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            host: "127.0.0.1".into(),
            port: 25,
            tls: TlsMode::None,
            username: None,
            password: None,
            from: "Portico <no-reply@localhost>".into(),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: "127.0.0.1:8080".into(),
            metrics_listen: "127.0.0.1:9090".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 10,
            public_url: String::new(),
            secret_key: None,
            workers: 4,
            max_body_bytes: 30 * 1024 * 1024,
            log_format: "text".into(),
            allow_private_webhooks: false,
            public_form_min_seconds: 2,
            imap_ca_file: None,
            smtp: SmtpSettings::default(),
            backup: BackupSettings::default(),
            assistant: AssistantSettings::default(),
        }
    }
}

/// Values given on the command line; they win over everything else.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

impl Settings {
    /// Load from `config_file` (default `portico.toml` if present), the environment, and overrides.
    pub fn load(config_file: Option<&Path>, overrides: &Overrides) -> Result<Settings, ConfigError> {
        let file = config_file.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("portico.toml"));
        if config_file.is_some() && !file.exists() {
            return Err(ConfigError(format!("config file {} does not exist", file.display())));
        }
        let s: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(&file))
            .merge(Env::prefixed("PORTICO_").split("__").ignore(&[
                "CONFIG",
                "LOG",
                "BIN",
                "TEST_DATABASE_URL",
                "TEST_DB",
                "E2E_DATABASE_URL",
            ]))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(|e| ConfigError(e.to_string()))?;
        s.validate()?;
        Ok(s)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        for (name, addr) in [("listen", &self.listen), ("metrics_listen", &self.metrics_listen)] {
            if addr.parse::<std::net::SocketAddr>().is_err() {
                return Err(ConfigError(format!("{name}: `{addr}` is not an address like 127.0.0.1:8080")));
            }
        }
        if let Some(url) = self.database_url.as_deref().filter(|u| !u.is_empty())
            && !(url.starts_with("postgres://") || url.starts_with("postgresql://") || url.starts_with("sqlite:"))
        {
            return Err(ConfigError("database_url must start with postgres:// (or sqlite:)".into()));
        }
        if !(self.public_url.is_empty()
            || self.public_url.starts_with("http://")
            || self.public_url.starts_with("https://"))
        {
            return Err(ConfigError("public_url must start with http:// or https://".into()));
        }
        if self.backup.every_hours > 0 && self.backup.keep == 0 {
            return Err(ConfigError("backup.keep must be at least 1 when backup.every_hours is set".into()));
        }
        if !["text", "json"].contains(&self.log_format.as_str()) {
            return Err(ConfigError("log_format must be text or json".into()));
        }
        Ok(())
    }

    /// The address for links made without a request at hand (e-mails of background work):
    /// `public_url`, or the listening address.
    pub fn public_base(&self) -> String {
        if self.public_url.is_empty() {
            format!("http://{}", self.listen.replace("0.0.0.0", "127.0.0.1"))
        } else {
            self.public_url.trim_end_matches('/').to_string()
        }
    }

    /// Where scheduled backups are written.
    pub fn backup_dir(&self) -> PathBuf {
        self.backup.dir.clone().unwrap_or_else(|| self.data_dir.join("backups"))
    }

    /// Cookies get the Secure flag when Portico is reached over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn database_url(&self) -> Option<&str> {
        self.database_url.as_deref().filter(|u| !u.is_empty())
    }

    /// The settings with every secret replaced, as TOML.
    pub fn redacted(&self) -> String {
        let mut s = self.clone();
        if let Some(url) = &s.database_url {
            s.database_url = Some(redact_url(url));
        }
        if s.secret_key.is_some() {
            s.secret_key = Some("<redacted>".into());
        }
        if s.smtp.password.is_some() {
            s.smtp.password = Some("<redacted>".into());
        }
        if s.assistant.api_key.is_some() {
            s.assistant.api_key = Some("<redacted>".into());
        }
        toml_string(&s)
    }
}

fn toml_string(s: &Settings) -> String {
    // figment has no serializer; a small hand-rolled dump keeps the dependency list short.
    let json = serde_json::to_value(s).unwrap_or_default();
    let mut top = String::new();
    let mut tables = String::new();
    if let Some(map) = json.as_object() {
        for (k, v) in map {
            match v {
                serde_json::Value::Object(inner) => {
                    tables.push_str(&format!("\n[{k}]\n"));
                    for (ik, iv) in inner {
                        if !iv.is_null() {
                            tables.push_str(&format!("{ik} = {iv}\n"));
                        }
                    }
                }
                serde_json::Value::Null => top.push_str(&format!("# {k} is not set\n")),
                other => top.push_str(&format!("{k} = {other}\n")),
            }
        }
    }
    top + &tables
}

/// Hide the password in `scheme://user:password@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:<redacted>@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API, not ours
    fn layering_and_redaction() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "portico.toml",
                "listen = \"127.0.0.1:7000\"\nsecret_key = \"s3cret\"\n[smtp]\nport = 2525\npassword = \"hunter2\"\n",
            )?;
            jail.set_env("PORTICO_SMTP__HOST", "mail.example.com");
            jail.set_env("PORTICO_DATABASE_URL", "postgres://app:pw@db/portico");
            let s = Settings::load(None, &Overrides { listen: Some("127.0.0.1:7001".into()), ..Default::default() })
                .map_err(|e| e.0)?;
            assert_eq!(s.listen, "127.0.0.1:7001");
            assert_eq!((s.smtp.host.as_str(), s.smtp.port), ("mail.example.com", 2525));
            let shown = s.redacted();
            assert!(!shown.contains("hunter2") && !shown.contains("s3cret") && !shown.contains(":pw@"), "{shown}");
            assert!(shown.contains("postgres://app:<redacted>@db/portico"));
            jail.set_env("PORTICO_LISTEN", "nope");
            let err = Settings::load(None, &Overrides::default()).err().map(|e| e.0).unwrap_or_default();
            assert!(err.contains("listen"), "{err}");
            Ok(())
        });
    }
}
