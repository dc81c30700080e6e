//! The writing assistant: a first draft (a job ad, an e-mail to a candidate or a customer)
//! from a few facts. Portico's own templates always answer; a model behind an
//! OpenAI-compatible endpoint (`[assistant] url`, a local model in most installs) answers
//! when one is set, and when it fails the templates answer instead and the draft says why.
//! Modules bring their templates; the person always edits the draft before it goes.

use std::time::Duration;

use async_trait::async_trait;
use portico_config::AssistantSettings;
use portico_kernel::locale::Locale;
use serde::Serialize;
use serde_json::{Value, json};

/// What to write.
#[derive(Debug, Clone)]
pub struct Brief {
    /// What the text is (`a job advertisement`), said to a model.
    pub task: String,
    pub locale: Locale,
    /// The facts it must say, as label and value.
    pub facts: Vec<(String, String)>,
}

/// A writer of drafts.
#[async_trait]
pub trait Assistant: Send + Sync {
    async fn write(&self, brief: &Brief) -> Result<String, String>;
}

/// A draft and where it came from: `model` or `template`, with why the model did not
/// answer when it was asked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Draft {
    pub text: String,
    pub source: &'static str,
    pub warning: Option<String>,
}

/// Portico's own wording: a module's template for one kind of text, filled with the facts.
/// It always answers, the same way for the same brief.
pub struct Template(pub fn(&Brief) -> String);

#[async_trait]
impl Assistant for Template {
    async fn write(&self, brief: &Brief) -> Result<String, String> {
        Ok((self.0)(brief))
    }
}

/// A model behind an OpenAI-compatible chat completions endpoint.
pub struct Model {
    settings: AssistantSettings,
    client: reqwest::Client,
}

impl Model {
    pub fn new(settings: AssistantSettings) -> Result<Model, String> {
        portico_webhooks::install_crypto_provider();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Portico-Assistant/1")
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Model { settings, client })
    }
}

fn language(l: Locale) -> &'static str {
    match l.code() {
        "fr" => "French",
        "hr" => "Croatian",
        _ => "English",
    }
}

#[async_trait]
impl Assistant for Model {
    async fn write(&self, brief: &Brief) -> Result<String, String> {
        let base = self.settings.url.as_deref().ok_or("no endpoint is set")?.trim_end_matches('/');
        let facts: String = brief.facts.iter().map(|(k, v)| format!("- {k}: {v}\n")).collect();
        let body = json!({
            "model": self.settings.model,
            "temperature": 0.4,
            "messages": [
                {"role": "system", "content": format!(
                    "You write {} in {}. Use only the facts given; invent no salary, benefit or promise. \
                     Plain, warm and concise. Answer with the text alone.", brief.task, language(brief.locale))},
                {"role": "user", "content": facts},
            ],
        });
        let mut req = self
            .client
            .post(format!("{base}/chat/completions"))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string());
        if let Some(key) = &self.settings.api_key {
            req = req.bearer_auth(key);
        }
        let r = req.send().await.map_err(|e| e.without_url().to_string())?;
        if !r.status().is_success() {
            return Err(format!("the model answered HTTP {}", r.status().as_u16()));
        }
        let bytes = r.bytes().await.map_err(|e| e.without_url().to_string())?;
        let v: Value = serde_json::from_slice(&bytes).map_err(|e| format!("the model's answer is not JSON: {e}"))?;
        let text = v["choices"][0]["message"]["content"].as_str().map(str::trim).unwrap_or_default();
        if text.is_empty() {
            return Err("the model answered nothing".into());
        }
        Ok(text.to_string())
    }
}

/// Draft with the model when one is set, else (or when it fails) with `template`.
pub async fn draft(settings: &AssistantSettings, brief: &Brief, template: &Template) -> Draft {
    let from_template = || async { template.write(brief).await.unwrap_or_default() };
    if settings.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
        return Draft { text: from_template().await, source: "template", warning: None };
    }
    let answer = match Model::new(settings.clone()) {
        Ok(m) => m.write(brief).await,
        Err(e) => Err(e),
    };
    match answer {
        Ok(text) => Draft { text, source: "model", warning: None },
        Err(why) => {
            tracing::warn!(error = %why, "the writing assistant's model did not answer");
            Draft { text: from_template().await, source: "template", warning: Some(why) }
        }
    }
}
