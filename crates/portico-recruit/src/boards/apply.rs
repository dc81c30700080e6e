//! Applying through the job-board APIs, as Greenhouse's job board (`POST
//! /v1/boards/{board}/jobs/{id}`, the API key as HTTP Basic's user name) and Lever's postings
//! (`POST /v0/postings/{site}/{id}?key=…`) take applications: multipart, JSON or a plain form,
//! with either product's field names. The key is a Portico API token of someone who may add
//! applications to the job's unit. Applications are filed as on the career site: once per
//! candidate and job, with an acknowledgement, the CV read in the sandbox.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use base64::Engine;
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode};
use serde_json::Value;

use crate::CREATE;
use crate::applications::store::Source;
use crate::careers::apply::{Arrival, Attached, Sent};
use crate::jobs::store::Job;

/// A request's fields and files, whatever it was sent as.
#[derive(Default)]
struct Posted {
    fields: Vec<(String, String)>,
    files: Vec<(String, String, Vec<u8>)>,
}

impl Posted {
    async fn read(s: &AppState, req: Request) -> Result<Posted, AppError> {
        let kind = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        fn bad<E>(_: E) -> AppError {
            AppError::new(ErrorCode::BadRequest)
        }
        let mut out = Posted::default();
        if kind.starts_with("multipart/form-data") {
            let mut mp = Multipart::from_request(req, s).await.map_err(bad)?;
            while let Some(field) = mp.next_field().await.map_err(bad)? {
                let name = field.name().unwrap_or("").to_string();
                match field.file_name().map(str::to_string) {
                    Some(filename) => {
                        let bytes = field
                            .bytes()
                            .await
                            .map_err(|_| AppError::field(ErrorCode::PayloadTooLarge, name.clone()))?;
                        out.files.push((name, filename, bytes.to_vec()));
                    }
                    None => out.fields.push((name, field.text().await.map_err(bad)?)),
                }
            }
        } else if kind.starts_with("application/json") {
            let bytes = axum::body::Bytes::from_request(req, s).await.map_err(bad)?;
            let v: Value = serde_json::from_slice(&bytes).map_err(|_| AppError::new(ErrorCode::BadRequest))?;
            flatten("", &v, &mut out.fields);
        } else {
            let bytes = axum::body::Bytes::from_request(req, s).await.map_err(bad)?;
            out.fields = form_urlencoded::parse(&bytes).into_owned().collect();
        }
        Ok(out)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    fn file(&mut self, name: &str) -> Option<(String, Vec<u8>)> {
        let i = self.files.iter().position(|(k, _, b)| k == name && !b.is_empty())?;
        let (_, filename, bytes) = self.files.remove(i);
        Some((filename, bytes))
    }

    /// The CV: a file, else base64 content and its name (Greenhouse), else pasted text.
    fn resume(&mut self) -> Result<Option<(String, Vec<u8>)>, AppError> {
        if let Some(f) = self.file("resume") {
            return Ok(Some(f));
        }
        if let Some(content) = self.get("resume_content") {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(content)
                .map_err(|_| AppError::field(ErrorCode::InvalidValue, "resume_content"))?;
            let name = self.get("resume_content_filename").unwrap_or("resume").to_string();
            return Ok(Some((name, bytes)));
        }
        Ok(self.get("resume_text").map(|t| ("resume.txt".to_string(), t.as_bytes().to_vec())))
    }
}

/// JSON into form fields: `{"data_compliance": {"gdpr_consent_given": true}}` →
/// `data_compliance[gdpr_consent_given]=true`; a list joins its values with commas.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let key = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}[{k}]") };
    match v {
        Value::Object(o) => o.iter().for_each(|(k, v)| flatten(&key(k), v, out)),
        Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => {
            out.push((prefix.to_string(), a.iter().map(scalar).collect::<Vec<_>>().join(",")))
        }
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| flatten(&key(&i.to_string()), x, out)),
        other => out.push((prefix.to_string(), scalar(other))),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn truthy(v: Option<&str>) -> bool {
    matches!(v.map(str::to_lowercase).as_deref(), Some("true" | "1" | "yes" | "on"))
}

/// Which product's field names a request uses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Greenhouse,
    Lever,
}

/// Whether the key names someone who may add applications to `job` of workspace `ws`.
async fn allowed(
    s: &AppState,
    key: &str,
    headers: &axum::http::HeaderMap,
    ws: portico_kernel::WorkspaceId,
    job: &Job,
) -> Result<(), AppError> {
    let caller = portico_http::extract::resolve_token(s, headers, key).await?;
    let cap = caller.authz.unit_cap(CREATE, job.unit()?).map_err(|_| AppError::new(ErrorCode::Unauthenticated))?;
    if cap.workspace() != ws {
        return Err(AppError::new(ErrorCode::Unauthenticated));
    }
    Ok(())
}

/// File what was posted for `job` of `board`, for the caller the key names; the
/// application's id. Errors name the field in the product's own words.
pub async fn apply(
    s: &AppState,
    shape: Shape,
    key: &str,
    board: &super::Board,
    job: &Job,
    req: Request,
) -> Result<String, AppError> {
    let ws = board.ws;
    if let Err(e) = allowed(s, key, req.headers(), ws, job).await {
        // Nothing of the body is used, but it is read to its end (within the body limit): a
        // client still sending its CV gets the refusal, not a broken connection.
        let _ = axum::body::to_bytes(req.into_body(), s.settings.max_body_bytes).await;
        return Err(e);
    }
    let mut posted = Posted::read(s, req).await?;
    let name = match (posted.get("first_name"), posted.get("last_name"), posted.get("name")) {
        (Some(first), Some(last), _) => format!("{first} {last}"),
        (None, _, None) if shape == Shape::Greenhouse => {
            return Err(AppError::field(ErrorCode::Required, "first_name"));
        }
        (Some(_), None, None) => return Err(AppError::field(ErrorCode::Required, "last_name")),
        (_, _, Some(n)) => n.to_string(),
        (None, _, None) => return Err(AppError::field(ErrorCode::Required, "name")),
    };
    let consent = match shape {
        Shape::Greenhouse => ("data_compliance[gdpr_consent_given]", posted.get("data_compliance[gdpr_consent_given]")),
        Shape::Lever => ("consent[store]", posted.get("consent[store]")),
    };
    if !truthy(consent.1) {
        return Err(AppError::field(ErrorCode::Required, consent.0));
    }
    let mut answers = std::collections::BTreeMap::new();
    for q in job.questions() {
        if let Some(a) = posted.get(&format!("question_{}", q.id)) {
            // Greenhouse's yes/no select sends 1 or 0.
            let a = match (q.kind.as_str(), a) {
                ("yes_no", "1" | "true") => "yes",
                ("yes_no", "0" | "false") => "no",
                (_, a) => a,
            };
            answers.insert(format!("answer_{}", q.id), a.to_string());
        }
    }
    let cover = match shape {
        Shape::Greenhouse => posted.get("cover_letter_text").or(posted.get("cover_letter")),
        Shape::Lever => posted.get("comments"),
    };
    let sent = Sent {
        name,
        email: posted.get("email").unwrap_or_default().to_string(),
        phone: posted.get("phone").unwrap_or_default().to_string(),
        cover_letter: cover.unwrap_or_default().to_string(),
        consent: "yes".into(),
        answers,
    };
    let mut files = Vec::new();
    if let Some((filename, bytes)) = posted.resume()? {
        files.push(Attached { field: "resume", filename, bytes });
    }
    if let Some((filename, bytes)) = posted.file("cover_letter") {
        files.push(Attached { field: "cover_letter", filename, bytes });
    }
    let via = if shape == Shape::Greenhouse { "greenhouse" } else { "lever" };
    let channel = posted.get("source").or(posted.get("mapped_url_token"));
    let source = Source { channel: Source::channel(channel, super::SOURCE), detail: format!("api={via}") };
    let origin = s.settings.public_base();
    let arrival = Arrival { ws, locale: job.locale.clone(), portal: format!("{}/applications", board.site), origin };
    crate::careers::apply::file(s, &arrival, job, &sent, source, files).await.map_err(|e| {
        // The answers' errors name the question as these APIs do.
        match e.field.as_deref().and_then(|f| f.strip_prefix("answers.")).and_then(|i| i.parse::<usize>().ok()) {
            Some(i) => AppError::field(
                e.code,
                format!("question_{}", job.questions().get(i).map(|q| q.id.as_str()).unwrap_or("")),
            ),
            None => e,
        }
    })
}
