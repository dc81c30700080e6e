//! The demo's rule: a file arriving in Île-de-France e-mails the region's manager, in an
//! e-mail of the rules' library, and tells them and the owner in Portico; and the head
//! office's business hours.

use portico_authz::Authz;
use portico_db::Db;
use portico_kernel::{AppError, Clock, SystemClock, UnitId};
use portico_rules::store::CalendarInput;
use portico_rules::{ActionCall, Condition, Match, Op, RuleDef, Rulebook, Trigger};
use serde_json::json;

pub async fn load(db: &Db, sys: &Authz, region: UnitId, manager: &str, owner: &str) -> Result<(), AppError> {
    let admin = sys.admin()?;
    let now = SystemClock.now_micros();
    let purposes = portico_mail::templates::Purposes::new(vec![super::purpose()])?;
    let mut key = String::new();
    for (locale, subject, body) in [
        (
            "fr",
            "Nouveau fichier : {{ record.title }}",
            "<p>Bonjour,</p><p>Un fichier vient d’arriver : <a href=\"{{ record.link }}\">{{ record.title }}</a>.</p><p>— La règle « {{ rule.name }} » de {{ workspace }}</p>",
        ),
        (
            "en",
            "New file: {{ record.title }}",
            "<p>Hello,</p><p>A file just arrived: <a href=\"{{ record.link }}\">{{ record.title }}</a>.</p><p>— The rule “{{ rule.name }}” of {{ workspace }}</p>",
        ),
    ] {
        let input = portico_mail::templates::store::TemplateInput {
            purpose: super::RULE_EMAIL.into(),
            template_key: key.clone(),
            locale: locale.into(),
            name: "Nouveau fichier".into(),
            subject: subject.into(),
            body: body.into(),
        };
        key = portico_mail::templates::store::save(db, &admin, &purposes, &input, now).await?.template_key;
    }
    let office = |h: &str| vec![h.split(", ").map(str::to_string).collect::<Vec<_>>()];
    let weekday = office("09:00-12:30, 13:30-18:00");
    let hours =
        [weekday.clone(), weekday.clone(), weekday.clone(), weekday.clone(), weekday, vec![vec![]], vec![vec![]]]
            .into_iter()
            .flatten()
            .collect();
    let holidays = ["2026-12-25", "2027-01-01", "2027-04-05", "2027-05-01", "2027-05-08", "2027-07-14", "2027-08-15"];
    let calendar = CalendarInput {
        name: "Siège — Paris".into(),
        time_zone: "Europe/Paris".into(),
        hours,
        holidays: holidays.iter().map(|d| d.to_string()).collect(),
    };
    portico_rules::store::save_calendar(db, &admin, None, &calendar, now).await?;
    let book = Rulebook::new(super::subjects(), super::actions::all())?;
    let rule = RuleDef {
        name: "Fichiers d’Île-de-France au responsable".into(),
        kind: portico_files::store::RECORD_TYPE.into(),
        trigger: Trigger::Event { verbs: vec!["upload".into()] },
        match_: Match::All,
        conditions: vec![Condition { field: "unit_id".into(), op: Op::Within, value: json!(region.to_db()) }],
        actions: vec![
            ActionCall { action: "core.email".into(), params: json!({"template": key, "users": [manager]}) },
            ActionCall {
                action: "core.notify".into(),
                params: json!({"users": [manager, owner], "message": "Nouveau fichier en Île-de-France"}),
            },
        ],
    };
    portico_rules::store::save(db, &admin, &book, None, &rule, now).await?;
    Ok(())
}
