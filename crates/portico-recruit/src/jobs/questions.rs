//! Screening questions a job asks on its apply form: free text or yes/no, required or not,
//! and knockout questions (a yes/no one whose other answer turns the application down at
//! once, with the reason "knockout"). Stored with the job as JSON; the answers with the
//! application.

use portico_kernel::{AppError, ErrorCode};
use serde::{Deserialize, Serialize};

/// How many questions a job may ask.
pub const MAX: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Question {
    /// Stable within the job (`q1`, `q2`…): answers refer to it.
    #[serde(default)]
    pub id: String,
    pub label: String,
    /// `text` or `yes_no`.
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    /// For a yes/no question: the answer that passes (`yes` or `no`); any other turns the
    /// application down.
    #[serde(default)]
    pub knockout: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Answer {
    pub id: String,
    pub label: String,
    pub answer: String,
}

pub fn stored(json: &str) -> Vec<Question> {
    serde_json::from_str(json).unwrap_or_default()
}

pub fn stored_answers(json: &str) -> Vec<Answer> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Checked questions, with ids given to new ones; `field` names where a bad one is.
pub fn clean(given: &[Question]) -> Result<Vec<Question>, AppError> {
    if given.len() > MAX {
        return Err(AppError::field(ErrorCode::TooLong, "questions"));
    }
    let mut out: Vec<Question> = Vec::new();
    for (i, q) in given.iter().enumerate() {
        let bad = |what: &str| AppError::field(ErrorCode::InvalidValue, format!("questions.{i}.{what}"));
        let label = portico_kernel::validate::required_text(&format!("questions.{i}.label"), &q.label, 300)?;
        if !matches!(q.kind.as_str(), "text" | "yes_no") {
            return Err(bad("kind"));
        }
        let knockout = match q.knockout.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(k @ ("yes" | "no")) if q.kind == "yes_no" => Some(k.to_string()),
            Some(_) => return Err(bad("knockout")),
        };
        let taken = |id: &str| out.iter().any(|o| o.id == id) || given.iter().skip(i + 1).any(|o| o.id == id);
        let id = match q.id.trim() {
            id if !id.is_empty() && id.len() <= 20 && !out.iter().any(|o| o.id == id) => id.to_string(),
            _ => (1..).map(|n| format!("q{n}")).find(|id| !taken(id)).unwrap_or_default(),
        };
        out.push(Question { id, label, kind: q.kind.clone(), required: q.required || knockout.is_some(), knockout });
    }
    Ok(out)
}

/// The questions of a job form: rows `q_label_N`, `q_kind_N`, `q_required_N`,
/// `q_knockout_N`, `q_id_N`; rows without a label are left out.
pub fn from_form(form: &[(String, String)]) -> Vec<Question> {
    let get = |k: String| form.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    (0..MAX + 2)
        .filter(|i| !get(format!("q_label_{i}")).trim().is_empty())
        .map(|i| Question {
            id: get(format!("q_id_{i}")),
            label: get(format!("q_label_{i}")),
            kind: Some(get(format!("q_kind_{i}"))).filter(|k| !k.is_empty()).unwrap_or_else(|| "text".into()),
            required: get(format!("q_required_{i}")) == "yes",
            knockout: Some(get(format!("q_knockout_{i}"))).filter(|k| !k.is_empty()),
        })
        .collect()
}

/// The answers sent for `questions` (by id), checked: a required one missing is refused
/// naming it (`answers.N`); the second value says whether a knockout answer failed.
pub fn answer(questions: &[Question], sent: impl Fn(&str) -> Option<String>) -> Result<(Vec<Answer>, bool), AppError> {
    let mut out = Vec::new();
    let mut knocked_out = false;
    for (i, q) in questions.iter().enumerate() {
        let given = sent(&q.id).map(|a| a.trim().chars().take(5000).collect::<String>()).unwrap_or_default();
        if given.is_empty() {
            if q.required {
                return Err(AppError::field(ErrorCode::Required, format!("answers.{i}")));
            }
            continue;
        }
        if q.kind == "yes_no" && !matches!(given.as_str(), "yes" | "no") {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("answers.{i}")));
        }
        if q.knockout.as_deref().is_some_and(|k| k != given) {
            knocked_out = true;
        }
        out.push(Answer { id: q.id.clone(), label: q.label.clone(), answer: given });
    }
    Ok((out, knocked_out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(label: &str, kind: &str, knockout: Option<&str>) -> Question {
        Question {
            id: String::new(),
            label: label.into(),
            kind: kind.into(),
            required: false,
            knockout: knockout.map(Into::into),
        }
    }

    #[test]
    fn questions_get_ids_and_knockouts_are_required_yes_no_questions() {
        let c = clean(&[q("Permis B ?", "yes_no", Some("yes")), q("Disponibilité", "text", None)]).unwrap();
        assert_eq!((c[0].id.as_str(), c[0].required, c[1].id.as_str()), ("q1", true, "q2"));
        assert_eq!(
            clean(&[q("Texte", "text", Some("yes"))]).unwrap_err().field.as_deref(),
            Some("questions.0.knockout")
        );
        assert_eq!(clean(&[q(" ", "text", None)]).unwrap_err().field.as_deref(), Some("questions.0.label"));
        let (answers, out) = answer(&c, |id| (id == "q1").then(|| "no".to_string())).unwrap();
        assert!(out && answers.len() == 1, "a failed knockout turns the application down");
        let missing = answer(&c, |_| None).unwrap_err();
        assert_eq!(missing.field.as_deref(), Some("answers.0"));
    }
}
