//! The isolation suite, over every registered record kind. Each kind's record is created in
//! workspace Acme, unit North, and probed by four intruders through the API, the pages,
//! search and exports:
//! - an admin of another workspace: reads and writes are 404, lists never show it;
//! - a manager of the sibling unit South: reads 404 (403 for admin-only kinds), writes refused;
//! - a member of North itself (a lower role): writes refused with 403/404;
//! - the guest of another record (a browser holding a guest link to another file): every
//!   read and page is refused (401, 404, or sent to sign in);
//! - a contact signed in to the workspace's portal: refused the same, and their relation
//!   (`RecordKind::related`) opens no record of any kind but their own contact.
//!
//! The suite follows the registry: a kind without a probe here fails the run, the reads of a
//! kind are every GET of the API paths it claims, and every other operation on those paths
//! must be attacked below. Workspace-wide configuration (custom field definitions, roles) is
//! listed to every member but never to another workspace. The record must come out unchanged.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Server, World, add_user, api, server, sign_in, suite, token_for, world};

/// How one record kind is attacked. `{id}` (and the other placeholders its record fills)
/// stand for the record; `{other_unit}` / `{other_role}` for ids the intruder owns.
struct Probe {
    kind: &'static str,
    /// Reads beyond the GETs of the kind's API paths.
    reads: &'static [&'static str],
    /// Lists that must not contain the record for outsiders and siblings.
    lists: &'static [&'static str],
    /// Writes no intruder may perform; the flag marks writes a member of the unit may do.
    writes: &'static [(Method, &'static str, Option<&'static str>, bool)],
    page: Option<&'static str>,
    /// Only workspace admins may see this kind at all (siblings get 403 rather than 404).
    admin_only: bool,
    /// Workspace configuration every member may list: hidden from other workspaces only.
    workspace_wide: bool,
}

const fn probe(kind: &'static str) -> Probe {
    Probe { kind, reads: &[], lists: &[], writes: &[], page: None, admin_only: true, workspace_wide: false }
}

const PROBES: &[Probe] = &[
    Probe {
        lists: &["/api/v1/units", "/api/v1/search?q=isolation"],
        writes: &[
            (Method::PATCH, "/api/v1/units/{id}", Some(r#"{"name": "Hijacked"}"#), false),
            (Method::DELETE, "/api/v1/units/{id}", None, false),
            (Method::POST, "/api/v1/units/{id}/move", Some(r#"{"parent_id": "{other_unit}"}"#), false),
            (Method::PATCH, "/api/v1/custom-values/unit/{id}", Some(r#"{"note": "hijacked"}"#), false),
        ],
        page: Some("/settings/units/{id}"),
        admin_only: false,
        ..probe("unit")
    },
    Probe {
        lists: &["/api/v1/files", "/api/v1/search?q=isolationmarker"],
        writes: &[
            (Method::DELETE, "/api/v1/files/{id}", None, false),
            (Method::PATCH, "/api/v1/files/{id}", Some(r#"{"unit_id": "{other_unit}"}"#), false),
            (Method::POST, "/api/v1/files/{id}/links", Some(r#"{"label": "x"}"#), true),
            (Method::PATCH, "/api/v1/custom-values/file/{id}", Some(r#"{"note": "hijacked"}"#), true),
        ],
        page: Some("/files/{id}"),
        admin_only: false,
        ..probe("file")
    },
    Probe {
        lists: &["/api/v1/contacts", "/api/v1/contacts?q=isolation", "/api/v1/search?q=isolation"],
        writes: &[
            (Method::PATCH, "/api/v1/contacts/{id}", Some(r#"{"name": "Hijacked"}"#), true),
            (Method::DELETE, "/api/v1/contacts/{id}", None, false),
            (Method::PATCH, "/api/v1/custom-values/contact/{id}", Some(r#"{"note": "hijacked"}"#), true),
            (Method::POST, "/api/v1/contacts/{id}/erase", None, false),
            (Method::POST, "/contacts/{id}/erase", None, false),
        ],
        page: Some("/contacts/{id}"),
        admin_only: false,
        ..probe("contact")
    },
    Probe {
        lists: &["/api/v1/users", "/api/v1/users?q=isolation", "/api/v1/search?q=isolation"],
        writes: &[
            (Method::PATCH, "/api/v1/users/{id}", Some(r#"{"name": "Hijacked"}"#), false),
            (Method::PATCH, "/api/v1/custom-values/user/{id}", Some(r#"{"note": "hijacked"}"#), false),
            (Method::POST, "/api/v1/users/{id}/status", Some(r#"{"status": "disabled"}"#), false),
            (Method::POST, "/api/v1/users/{id}/erase", None, false),
            (Method::POST, "/settings/users/{id}/erase", None, false),
            (
                Method::POST,
                "/api/v1/users/{id}/grants",
                Some(r#"{"role_id": "{other_role}", "unit_id": "{other_unit}"}"#),
                false,
            ),
        ],
        page: Some("/settings/users/{id}"),
        admin_only: false,
        ..probe("user")
    },
    Probe {
        reads: &["/api/v1/users/{id}/grants"],
        writes: &[(Method::DELETE, "/api/v1/users/{id}/grants/{grant_id}", None, false)],
        admin_only: false,
        ..probe("grant")
    },
    Probe {
        lists: &["/api/v1/webhooks"],
        writes: &[(Method::DELETE, "/api/v1/webhooks/{id}", None, false)],
        page: Some("/settings/webhooks/{id}"),
        ..probe("webhook")
    },
    Probe { reads: &["/api/v1/webhooks/{webhook}/deliveries"], ..probe("webhook_delivery") },
    Probe {
        lists: &["/api/v1/custom-fields"],
        writes: &[
            (
                Method::PATCH,
                "/api/v1/custom-fields/{id}",
                Some(r#"{"record_type": "unit", "key": "isolation", "label": "Hijacked", "field_type": "text"}"#),
                false,
            ),
            (Method::DELETE, "/api/v1/custom-fields/{id}", None, false),
        ],
        workspace_wide: true,
        ..probe("custom_field")
    },
    Probe {
        lists: &["/api/v1/reports"],
        writes: &[
            (
                Method::PUT,
                "/api/v1/reports/{id}",
                Some(
                    r#"{"name": "Hijacked", "unit_id": "{other_unit}", "definition": {"dataset": "core.files", "metrics": ["files"], "days": 7}}"#,
                ),
                true,
            ),
            (Method::DELETE, "/api/v1/reports/{id}", None, true),
            (Method::POST, "/reports/{id}/delete", None, true),
        ],
        page: Some("/reports/{id}"),
        admin_only: false,
        ..probe("report")
    },
    Probe {
        lists: &["/api/v1/rules"],
        writes: &[
            (
                Method::PUT,
                "/api/v1/rules/{id}",
                Some(
                    r#"{"name": "Hijacked", "kind": "contact", "trigger": {"type": "event"}, "match": "all", "actions": []}"#,
                ),
                false,
            ),
            (Method::POST, "/api/v1/rules/{id}/active", Some(r#"{"active": false}"#), false),
            (Method::DELETE, "/api/v1/rules/{id}", None, false),
            (Method::POST, "/settings/rules/{id}/deactivate", None, false),
            (Method::POST, "/settings/rules/{id}/delete", None, false),
        ],
        page: Some("/settings/rules/{id}"),
        ..probe("rule")
    },
    Probe {
        lists: &["/api/v1/calendars"],
        writes: &[
            (
                Method::PUT,
                "/api/v1/calendars/{id}",
                Some(r#"{"name": "Hijacked", "time_zone": "UTC", "hours": [[], [], [], [], [], [], []]}"#),
                false,
            ),
            (Method::DELETE, "/api/v1/calendars/{id}", None, false),
            (Method::POST, "/settings/calendars/{id}/delete", None, false),
        ],
        page: Some("/settings/calendars/{id}"),
        ..probe("calendar")
    },
    Probe {
        lists: &["/api/v1/templates"],
        writes: &[(Method::DELETE, "/api/v1/templates/{id}", None, false)],
        workspace_wide: true,
        ..probe("template")
    },
    Probe {
        lists: &["/api/v1/roles"],
        writes: &[(Method::DELETE, "/api/v1/roles/{id}", None, false)],
        workspace_wide: true,
        ..probe("role")
    },
    Probe {
        lists: &["/api/v1/notifications"],
        writes: &[
            (Method::POST, "/api/v1/notifications/{id}/read", None, false),
            (Method::POST, "/notifications/{id}", None, false),
        ],
        admin_only: false,
        ..probe("notification")
    },
    Probe {
        lists: &["/api/v1/recruit/saved-searches"],
        writes: &[
            (Method::DELETE, "/api/v1/recruit/saved-searches/{id}", None, false),
            (Method::POST, "/recruit/searches/{id}/delete", None, false),
        ],
        admin_only: false,
        ..probe("recruit_saved_search")
    },
    Probe {
        lists: &["/api/v1/recruit/pools"],
        writes: &[
            (Method::PATCH, "/api/v1/recruit/pools/{id}", Some(r#"{"name": "Hijacked"}"#), true),
            (Method::DELETE, "/api/v1/recruit/pools/{id}", None, true),
            (Method::POST, "/api/v1/recruit/pools/{id}/candidates", Some(r#"{"candidate_id": "{candidate}"}"#), true),
            (Method::DELETE, "/api/v1/recruit/pools/{id}/candidates/{candidate}", None, true),
            (Method::POST, "/recruit/pools/{id}", None, true),
            (Method::POST, "/recruit/pools/{id}/delete", None, true),
            (Method::POST, "/recruit/pools/{id}/candidates/{candidate}/remove", None, true),
            (Method::POST, "/recruit/candidates/{candidate}/pools", None, true),
        ],
        page: Some("/recruit/pools/{id}"),
        admin_only: false,
        ..probe("recruit_pool")
    },
    Probe {
        lists: &["/api/v1/recruit/pipelines"],
        writes: &[
            (
                Method::PUT,
                "/api/v1/recruit/pipelines/{id}",
                Some(
                    r#"{"name": "Hijacked", "stages": [{"name": "In", "category": "new"}, {"name": "Out", "category": "hired"}]}"#,
                ),
                false,
            ),
            (Method::DELETE, "/api/v1/recruit/pipelines/{id}", None, false),
            (Method::POST, "/recruit/pipelines/{id}", None, false),
            (Method::POST, "/recruit/pipelines/{id}/delete", None, false),
        ],
        page: Some("/recruit/pipelines/{id}"),
        workspace_wide: true,
        ..probe("recruit_pipeline_template")
    },
    Probe {
        lists: &["/api/v1/recruit/jobs", "/api/v1/recruit/jobs?q=isolation", "/api/v1/search?q=isolation"],
        writes: &[
            (Method::PATCH, "/api/v1/recruit/jobs/{id}", Some(r#"{"title": "Hijacked"}"#), true),
            (Method::DELETE, "/api/v1/recruit/jobs/{id}", None, false),
            (Method::PATCH, "/api/v1/custom-values/recruit_job/{id}", Some(r#"{"note": "hijacked"}"#), true),
            (Method::POST, "/recruit/jobs/{id}/edit", None, true),
            (Method::POST, "/recruit/jobs/{id}/status", None, true),
            (Method::POST, "/api/v1/recruit/jobs/{id}/links", Some(r#"{"label": "Hijacked"}"#), true),
            (Method::POST, "/recruit/jobs/{id}/share", None, true),
            (Method::POST, "/recruit/jobs/{id}/applications/bulk", None, true),
            (Method::POST, "/recruit/jobs/{id}/stages", None, true),
            (Method::PUT, "/api/v1/recruit/jobs/{id}/follow", None, true),
            (Method::PUT, "/api/v1/recruit/jobs/{id}/blind", Some(r#"{"until_stage_id": ""}"#), true),
            (Method::POST, "/recruit/jobs/{id}/blind", None, true),
            (Method::POST, "/api/v1/recruit/jobs/{id}/pipeline-template", Some(r#"{"name": "Hijacked"}"#), true),
            (Method::POST, "/recruit/jobs/{id}/pipeline-template", None, true),
            (Method::DELETE, "/api/v1/recruit/jobs/{id}/follow", None, true),
            (Method::POST, "/recruit/jobs/{id}/follow", None, true),
        ],
        page: Some("/recruit/jobs/{id}"),
        admin_only: false,
        ..probe("recruit_job")
    },
    Probe {
        reads: &["/api/v1/recruit/jobs/{job}/stages"],
        writes: &[
            (Method::PATCH, "/api/v1/recruit/stages/{id}", Some(r#"{"name": "Hijacked"}"#), true),
            (Method::POST, "/recruit/stages/{id}/rename", None, true),
            (Method::POST, "/recruit/stages/{id}/up", None, true),
            (Method::POST, "/recruit/stages/{id}/remove", None, true),
            (Method::PUT, "/api/v1/recruit/stages/{id}/mail", Some(r#"{"template": ""}"#), true),
            (Method::POST, "/recruit/stages/{id}/mail", None, true),
            (Method::PUT, "/api/v1/recruit/stages/{id}/kit", Some(r#"{"criteria": ["Hijacked"]}"#), true),
            (Method::POST, "/recruit/stages/{id}/kit", None, true),
        ],
        admin_only: false,
        ..probe("recruit_stage")
    },
    Probe {
        lists: &["/api/v1/recruit/candidates", "/api/v1/recruit/candidates?q=isolation", "/api/v1/search?q=isolation"],
        writes: &[
            (Method::PATCH, "/api/v1/recruit/candidates/{id}", Some(r#"{"headline": "Hijacked"}"#), true),
            (Method::POST, "/api/v1/recruit/candidates/{id}/documents", Some(r#"{"file": "x"}"#), true),
            (Method::PATCH, "/api/v1/custom-values/recruit_candidate/{id}", Some(r#"{"note": "hijacked"}"#), true),
            (Method::POST, "/recruit/candidates/{id}", None, true),
            (Method::POST, "/api/v1/recruit/candidates/{id}/merge", Some(r#"{"duplicate_id": "{other_unit}"}"#), true),
            (Method::POST, "/recruit/candidates/{id}/merge", None, true),
        ],
        page: Some("/recruit/candidates/{id}"),
        admin_only: false,
        ..probe("recruit_candidate")
    },
    Probe {
        lists: &["/api/v1/recruit/applications", "/api/v1/recruit/applications?q=isolation"],
        writes: &[
            (Method::POST, "/api/v1/recruit/applications/{id}/move", Some(r#"{"reject_reason": "other"}"#), true),
            (Method::POST, "/api/v1/recruit/applications/{id}/transfer", Some(r#"{"job_id": "{other_unit}"}"#), true),
            (Method::POST, "/recruit/applications/{id}/transfer", None, true),
            (Method::POST, "/api/v1/recruit/applications/{id}/comments", Some(r#"{"body": "hijacked"}"#), true),
            (Method::POST, "/recruit/applications/{id}/move", None, true),
            (Method::POST, "/recruit/applications/{id}/reject", None, true),
            (Method::POST, "/recruit/applications/{id}/comments", None, true),
            (
                Method::POST,
                "/api/v1/recruit/applications/{id}/emails",
                Some(r#"{"subject": "x", "message": "hijacked"}"#),
                true,
            ),
            (Method::POST, "/recruit/applications/{id}/emails", None, true),
            (
                Method::POST,
                "/api/v1/recruit/applications/{id}/interviews",
                Some(r#"{"title": "x", "interviewers": ["{other_unit}"], "slots": ["2031-01-01T09:00:00Z"]}"#),
                true,
            ),
            (Method::POST, "/recruit/applications/{id}/interviews", None, true),
            (
                Method::POST,
                "/api/v1/recruit/applications/{id}/offers",
                Some(r#"{"start_date": "2031-01-01", "approver_id": "{other_unit}"}"#),
                true,
            ),
            (Method::POST, "/recruit/applications/{id}/offers", None, true),
            (Method::POST, "/api/v1/recruit/applications/{id}/scorecards", Some(r#"{"recommendation": "yes"}"#), true),
            (Method::POST, "/recruit/applications/{id}/scorecards", None, true),
        ],
        page: Some("/recruit/applications/{id}"),
        admin_only: false,
        ..probe("recruit_application")
    },
    Probe { page: Some("/recruit/documents/{id}/download"), admin_only: false, ..probe("recruit_document") },
    Probe {
        reads: &["/api/v1/recruit/applications/{application}/comments"],
        writes: &[(Method::DELETE, "/api/v1/recruit/comments/{id}", None, true)],
        admin_only: false,
        ..probe("recruit_comment")
    },
    Probe {
        lists: &["/api/v1/recruit/stage-emails"],
        writes: &[
            (Method::POST, "/api/v1/recruit/stage-emails/{id}/send", None, true),
            (Method::POST, "/api/v1/recruit/stage-emails/{id}/skip", None, true),
            (Method::POST, "/recruit/stage-emails/{id}/send", None, true),
            (Method::POST, "/recruit/stage-emails/{id}/skip", None, true),
        ],
        admin_only: false,
        ..probe("recruit_stage_email")
    },
    Probe {
        lists: &["/api/v1/recruit/interviews"],
        reads: &["/api/v1/recruit/applications/{application}/interviews"],
        writes: &[
            (
                Method::POST,
                "/api/v1/recruit/interviews/{id}/reschedule",
                Some(r#"{"starts_at": "2031-01-01T09:00:00Z"}"#),
                true,
            ),
            (Method::POST, "/api/v1/recruit/interviews/{id}/cancel", None, true),
            (Method::POST, "/recruit/interviews/{id}/reschedule", None, true),
            (Method::POST, "/recruit/interviews/{id}/cancel", None, true),
        ],
        admin_only: false,
        ..probe("recruit_interview")
    },
    Probe {
        reads: &["/api/v1/recruit/applications/{application}/offers"],
        writes: &[
            (Method::POST, "/api/v1/recruit/offers/{id}/decision", Some(r#"{"approve": true}"#), true),
            (Method::POST, "/api/v1/recruit/offers/{id}/send", None, true),
            (Method::POST, "/api/v1/recruit/offers/{id}/withdraw", None, true),
            (Method::POST, "/api/v1/recruit/offers/{id}/answer", Some(r#"{"accepted": true}"#), true),
            (Method::POST, "/recruit/offers/{id}/approve", None, true),
            (Method::POST, "/recruit/offers/{id}/withdraw", None, true),
        ],
        admin_only: false,
        ..probe("recruit_offer")
    },
    Probe {
        reads: &["/api/v1/recruit/applications/{application}/scorecards"],
        admin_only: false,
        ..probe("recruit_scorecard")
    },
    Probe {
        lists: &["/api/v1/recruit/requisitions"],
        writes: &[
            (Method::POST, "/api/v1/recruit/requisitions/{id}/decision", Some(r#"{"approve": true}"#), true),
            (Method::POST, "/api/v1/recruit/requisitions/{id}/jobs", Some(r#"{"job_id": "{other_unit}"}"#), true),
            (Method::POST, "/recruit/requisitions/{id}/approve", None, true),
        ],
        admin_only: false,
        ..probe("recruit_requisition")
    },
    Probe {
        reads: &["/api/v1/recruit/applications/{application}/assessments"],
        admin_only: false,
        ..probe("recruit_assessment")
    },
    Probe {
        lists: &["/api/v1/recruit/assessment-providers"],
        writes: &[
            (Method::DELETE, "/api/v1/recruit/assessment-providers/{id}", None, false),
            (Method::POST, "/recruit/assessments/{id}/delete", None, false),
        ],
        page: Some("/recruit/assessments"),
        ..probe("recruit_assessment_provider")
    },
    Probe { lists: &["/api/v1/tasks"], ..probe("task") },
    Probe {
        lists: &["/api/v1/invitations"],
        writes: &[(Method::DELETE, "/api/v1/invitations/{id}", None, false)],
        ..probe("invitation")
    },
    Probe {
        lists: &["/api/v1/tokens"],
        writes: &[(Method::DELETE, "/api/v1/tokens/{id}", None, false)],
        ..probe("api_token")
    },
    Probe { writes: &[(Method::POST, "/files/{file}/links/{id}/revoke", None, true)], ..probe("guest_link") },
    Probe { lists: &["/api/v1/audit", "/api/v1/audit/export"], page: Some("/settings/audit"), ..probe("audit_entry") },
    Probe { page: Some("/settings/email"), ..probe("email") },
    Probe {
        lists: &["/api/v1/mailboxes"],
        writes: &[
            (
                Method::PATCH,
                "/api/v1/mailboxes/{id}",
                Some(
                    r#"{"name": "Hijacked", "address": "hijack@acme.test", "unit_id": "{other_unit}", "consumer": "core.contacts"}"#,
                ),
                false,
            ),
            (Method::POST, "/api/v1/mailboxes/{id}/deactivate", None, false),
            (Method::POST, "/api/v1/mailboxes/{id}/activate", None, false),
            (Method::POST, "/api/v1/mailboxes/{id}/check", None, false),
            (Method::POST, "/api/v1/mailboxes/{id}/secret", None, false),
            (Method::POST, "/settings/mailboxes/{id}/deactivate", None, false),
        ],
        page: Some("/settings/mailboxes/{id}"),
        ..probe("mailbox")
    },
    Probe { admin_only: false, ..probe("mail_thread") },
    Probe {
        writes: &[
            (Method::POST, "/api/v1/mail-messages/{id}/release", None, true),
            (Method::DELETE, "/api/v1/mail-messages/{id}", None, true),
            (Method::POST, "/desk/suspended/{id}/recover", None, true),
            (Method::POST, "/desk/suspended/{id}/delete", None, true),
            (Method::POST, "/desk/suspended/{id}/block", None, true),
        ],
        page: Some("/mail/{id}"),
        admin_only: false,
        ..probe("mail_message")
    },
    Probe { ..probe("mail_address") },
    Probe {
        lists: &["/api/v1/blocked-senders"],
        writes: &[
            (Method::DELETE, "/api/v1/blocked-senders/{id}", None, false),
            (Method::POST, "/settings/mailboxes/blocked/{id}/delete", None, false),
        ],
        page: Some("/settings/mailboxes"),
        ..probe("blocked_sender")
    },
    Probe { lists: &["/api/v1/inbound-requests"], page: Some("/settings/inbound/{id}"), ..probe("inbound_request") },
    Probe { page: Some("/settings"), ..probe("workspace") },
    Probe {
        lists: &["/api/v1/site-themes"],
        writes: &[
            (
                Method::PUT,
                "/api/v1/site-themes/{id}",
                Some(
                    r##"{"title": "Hijacked", "path": "hijacked", "primary_color": "#000000", "accent_color": "#000000", "font": "serif", "default_locale": "en"}"##,
                ),
                false,
            ),
            (Method::DELETE, "/api/v1/site-themes/{id}", None, false),
            (Method::PUT, "/api/v1/site-themes/{id}/logo", Some("<svg xmlns='http://www.w3.org/2000/svg'/>"), false),
            (Method::POST, "/settings/site/{id}/delete", None, false),
        ],
        page: Some("/settings/site/{id}"),
        ..probe("site_theme")
    },
    Probe {
        lists: &["/api/v1/site-domains"],
        writes: &[
            (Method::DELETE, "/api/v1/site-domains/{id}", None, false),
            (Method::POST, "/settings/site/domains/{id}/delete", None, false),
        ],
        page: Some("/settings/site"),
        ..probe("site_domain")
    },
    Probe {
        lists: &["/api/v1/desk/groups"],
        writes: &[
            (Method::PUT, "/api/v1/desk/groups/{id}", Some(r#"{"unit_id": "{other_unit}", "name": "Hijacked"}"#), true),
            (Method::DELETE, "/api/v1/desk/groups/{id}", None, false),
            (Method::POST, "/desk/groups/{id}/delete", None, false),
        ],
        page: Some("/desk/groups"),
        admin_only: false,
        ..probe("desk_group")
    },
    Probe {
        lists: &["/api/v1/desk/tickets", "/api/v1/desk/tickets?q=isolation", "/api/v1/search?q=isolation"],
        writes: &[
            (Method::PATCH, "/api/v1/desk/tickets/{id}", Some(r#"{"subject": "Hijacked"}"#), true),
            (Method::DELETE, "/api/v1/desk/tickets/{id}", None, false),
            (
                Method::POST,
                "/api/v1/desk/tickets/{id}/comments",
                Some(r#"{"body": "hijacked", "public": false}"#),
                true,
            ),
            (Method::PATCH, "/api/v1/custom-values/desk_ticket/{id}", Some(r#"{"note": "hijacked"}"#), true),
            (Method::POST, "/desk/tickets/{id}", None, true),
            (Method::POST, "/desk/tickets/{id}/comments", None, true),
            (Method::POST, "/api/v1/desk/tickets/{id}/merge", Some(r#"{"into": "{id}"}"#), true),
            (Method::POST, "/desk/tickets/{id}/merge", None, true),
            (Method::POST, "/desk/tickets/{id}/custom", None, true),
            (Method::POST, "/api/v1/desk/tickets/{id}/time-entries", Some(r#"{"minutes": 5}"#), true),
            (Method::POST, "/desk/tickets/{id}/time", None, true),
            (Method::POST, "/desk/tickets/{id}/timer", None, true),
        ],
        page: Some("/desk/tickets/{id}"),
        admin_only: false,
        ..probe("desk_ticket")
    },
    Probe {
        reads: &["/api/v1/desk/tickets/{ticket}/comments"],
        page: Some("/desk/tickets/{ticket}"),
        admin_only: false,
        ..probe("desk_comment")
    },
    Probe {
        reads: &["/api/v1/desk/tickets/{ticket}/comments"],
        page: Some("/desk/tickets/{ticket}"),
        admin_only: false,
        ..probe("desk_attachment")
    },
    Probe {
        reads: &["/api/v1/desk/tickets/{ticket}/time-entries"],
        writes: &[
            (Method::DELETE, "/api/v1/desk/time-entries/{id}", None, false),
            (Method::POST, "/desk/time-entries/{id}/delete", None, false),
        ],
        page: Some("/desk/tickets/{ticket}"),
        admin_only: false,
        ..probe("desk_time_entry")
    },
];

/// One record of a kind, made in Acme/North, and the placeholders of its paths.
struct Record {
    id: String,
    fills: BTreeMap<&'static str, String>,
}

impl Record {
    fn of(id: String) -> Record {
        Record { fills: BTreeMap::from([("{id}", id.clone())]), id }
    }
    fn with(mut self, key: &'static str, value: String) -> Record {
        self.fills.insert(key, value);
        self
    }
}

/// Create one record of `kind` in Acme/North (as Acme's admin).
async fn create(s: &Server, w: &World, admin: &str, kind: &str) -> Record {
    let c = api();
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(admin).json(&body).send();
    let get = |path: String| c.get(s.url(&path)).bearer_auth(admin).send();
    let json = |r: reqwest::Response| async move { r.json::<Value>().await.unwrap() };
    let id = |v: &Value, key: &str| v[key].as_str().unwrap().to_string();
    let file = || async {
        let form = reqwest::multipart::Form::new().text("unit_id", w.north.to_string()).part(
            "file",
            reqwest::multipart::Part::bytes(b"isolationmarker secret".to_vec()).file_name("isolation.txt"),
        );
        id(&json(c.post(s.url("/api/v1/files")).bearer_auth(admin).multipart(form).send().await.unwrap()).await, "id")
    };
    let webhook = || async {
        id(&json(post("/api/v1/webhooks", json!({"url": "http://127.0.0.1:9/isolation"})).await.unwrap()).await, "id")
    };
    match kind {
        "unit" => Record::of(id(&json(post("/api/v1/units", json!({"parent_id": w.north.to_string(), "name": "Isolation unit"})).await.unwrap()).await, "id")),
        "file" => Record::of(file().await),
        "contact" => Record::of(id(&json(post("/api/v1/contacts", json!({"unit_id": w.north.to_string(), "name": "Isolation contact", "email": "isolation.contact@client.test"})).await.unwrap()).await, "id")),
        "user" => Record::of(add_user(&s.state.db, w.ws, "isolation@acme.test", portico_authz::BuiltinRole::Member, w.north).await.to_string()),
        "grant" => {
            let user = add_user(&s.state.db, w.ws, "granted@acme.test", portico_authz::BuiltinRole::Member, w.north).await.to_string();
            let grants = json(get(format!("/api/v1/users/{user}/grants")).await.unwrap()).await;
            Record::of(id(&grants["items"][0], "grant_id")).with("{id}", user.clone()).with("{grant_id}", id(&grants["items"][0], "grant_id"))
        }
        "webhook" => Record::of(webhook().await),
        "webhook_delivery" => {
            let hook = webhook().await;
            post("/api/v1/units", json!({"parent_id": w.north.to_string(), "name": "Delivered"})).await.unwrap();
            let deliveries = json(get(format!("/api/v1/webhooks/{hook}/deliveries")).await.unwrap()).await;
            Record::of(id(&deliveries["items"][0], "id")).with("{webhook}", hook)
        }
        "custom_field" => Record::of(id(&json(post("/api/v1/custom-fields", json!({"record_type": "unit", "key": "isolation", "label": "Isolation", "field_type": "text"})).await.unwrap()).await, "id")),
        "template" => Record::of(id(&json(post("/api/v1/templates", json!({"purpose": "core.contact_email", "locale": "fr", "name": "Isolation template", "subject": "Bonjour {{ contact.name }}", "body": "<p>isolation</p>"})).await.unwrap()).await, "id")),
        "report" => Record::of(id(&json(post("/api/v1/reports", json!({"name": "Isolation report", "unit_id": w.north.to_string(), "definition": {"dataset": "core.files", "metrics": ["files"], "group_by": ["unit"], "days": 30}})).await.unwrap()).await, "id")),
        "rule" => {
            let hook = webhook().await;
            Record::of(id(&json(post("/api/v1/rules", json!({"name": "Isolation rule", "kind": "contact", "trigger": {"type": "event"}, "match": "all", "actions": [{"action": "core.webhook", "params": {"webhook": hook}}]})).await.unwrap()).await, "id"))
        }
        "calendar" => Record::of(id(&json(post("/api/v1/calendars", json!({"name": "Isolation calendar", "time_zone": "Europe/Paris", "hours": [["09:00-17:00"], [], [], [], [], [], []]})).await.unwrap()).await, "id")),
        "role" => Record::of(id(&json(post("/api/v1/roles", json!({"name": "Isolation role", "permissions": ["core.view"]})).await.unwrap()).await, "id")),
        "task" => Record::of(id(&json(post("/api/v1/exports", json!({})).await.unwrap()).await, "task_id")),
        "invitation" => Record::of(id(&json(post("/api/v1/users", json!({"email": "invited.isolation@acme.test", "role_id": w.member_role.to_string(), "unit_id": w.north.to_string()})).await.unwrap()).await, "invitation_id")),
        "api_token" => Record::of(id(&json(post("/api/v1/tokens", json!({"name": "isolation"})).await.unwrap()).await, "id")),
        "guest_link" => {
            let file = file().await;
            let link = id(&json(post(&format!("/api/v1/files/{file}/links"), json!({"label": "isolation"})).await.unwrap()).await, "link_id");
            Record::of(link).with("{file}", file)
        }
        "audit_entry" => {
            let audit = json(get("/api/v1/audit?limit=1".into()).await.unwrap()).await;
            Record::of(id(&audit["items"][0], "id"))
        }
        "mailbox" => Record::of(mailbox(s, w, admin).await.0),
        "blocked_sender" => Record::of(id(&json(post("/api/v1/blocked-senders", json!({"pattern": "isolation.test"})).await.unwrap()).await, "id")),
        "mail_thread" | "mail_message" | "mail_address" => {
            let (message, thread, bounced) = received_mail(s, w, admin).await;
            let id = match kind { "mail_thread" => thread, "mail_message" => message.clone(), _ => bounced };
            let detail = json(get(format!("/api/v1/mail-messages/{message}")).await.unwrap()).await;
            Record::of(id).with("{attachment_id}", id_of(&detail["attachments"][0]))
        }
        "inbound_request" => {
            let (hook, _) = mailbox(s, w, admin).await;
            c.post(s.url(&format!("/hooks/mail/{hook}"))).header("X-Portico-Signature", "t=1,v1=00").body("x").send().await.unwrap();
            let log = json(get(format!("/api/v1/inbound-requests?target_id={hook}")).await.unwrap()).await;
            Record::of(id(&log["items"][0], "id"))
        }
        // The outbox has no API: the invitation's e-mail stands for it, seen on the e-mail log.
        "email" => Record::of(create_email_marker(s, w, admin).await),
        "workspace" => Record::of(w.ws.to_string()),
        "site_theme" => {
            let body = json!({"title": "Isolation brand", "path": "isolation", "primary_color": "#0a3d62", "accent_color": "#e58e26", "font": "serif", "default_locale": "fr"});
            let r = c.put(s.url(&format!("/api/v1/site-themes/{}", w.north))).bearer_auth(admin).json(&body).send().await.unwrap();
            Record::of(id(&json(r).await, "id"))
        }
        "site_domain" => {
            let body = json!({"host": "isolation.acme.test", "site": "portal", "theme_id": w.ws.to_string()});
            Record::of(id(&json(post("/api/v1/site-domains", body).await.unwrap()).await, "id"))
        }
        // Notifications are made by the server only (rules, mentions): one for Acme's admin.
        "notification" => {
            let notice = portico_core::notifications::Notice {
                workspace: w.ws,
                user: w.admin.to_string(),
                kind: "rule",
                title: "Isolation notice".into(),
                body: "isolation secret".into(),
                link: "/".into(),
                record: None,
            };
            let st = &s.state;
            let mut tx = st.db.begin().await.unwrap();
            let id = portico_core::notifications::notify(&mut tx, &st.mail, notice, 1).await.unwrap().unwrap();
            tx.commit().await.unwrap();
            Record::of(id)
        }
        "recruit_saved_search" => {
            let body = json!({"name": "Isolation search", "q": "isolation", "alert": true});
            Record::of(id(&json(post("/api/v1/recruit/saved-searches", body).await.unwrap()).await, "id"))
        }
        "recruit_pool" => {
            let job = recruit_job(s, w, admin).await;
            let body = json!({"job_id": job, "name": "Isolation pooled", "email": "isolation.pooled@client.test"});
            let candidate = id(&json(post("/api/v1/recruit/applications", body).await.unwrap()).await, "candidate_id");
            let pool = json!({"unit_id": w.north.to_string(), "name": "Isolation pool", "description": "isolation"});
            let pool = id(&json(post("/api/v1/recruit/pools", pool).await.unwrap()).await, "id");
            post(&format!("/api/v1/recruit/pools/{pool}/candidates"), json!({"candidate_id": candidate})).await.unwrap();
            Record::of(pool).with("{candidate}", candidate)
        }
        "recruit_pipeline_template" => {
            let body = json!({"name": "Isolation pipeline", "stages": [{"name": "Applied", "category": "new"}, {"name": "Hired", "category": "hired"}]});
            Record::of(id(&json(post("/api/v1/recruit/pipelines", body).await.unwrap()).await, "id"))
        }
        "recruit_job" => Record::of(recruit_job(s, w, admin).await),
        "recruit_stage" => {
            let job = recruit_job(s, w, admin).await;
            let stages = json(get(format!("/api/v1/recruit/jobs/{job}/stages")).await.unwrap()).await;
            Record::of(id(&stages[0], "id")).with("{job}", job)
        }
        "recruit_candidate" | "recruit_application" | "recruit_document" | "recruit_comment" => {
            let job = recruit_job(s, w, admin).await;
            let body = json!({"job_id": job, "name": "Isolation candidate", "email": "isolation.candidate@client.test"});
            let a = json(post("/api/v1/recruit/applications", body).await.unwrap()).await;
            let (application, candidate) = (id(&a, "id"), id(&a, "candidate_id"));
            match kind {
                "recruit_candidate" => Record::of(candidate),
                "recruit_application" => Record::of(application),
                "recruit_document" => {
                    let form = reqwest::multipart::Form::new().part(
                        "file",
                        reqwest::multipart::Part::bytes(b"Isolation CV isolationmarker".to_vec()).file_name("cv.txt"),
                    );
                    let url = s.url(&format!("/api/v1/recruit/candidates/{candidate}/documents"));
                    Record::of(id(&json(c.post(url).bearer_auth(admin).multipart(form).send().await.unwrap()).await, "id"))
                }
                _ => {
                    let comments = json(post(&format!("/api/v1/recruit/applications/{application}/comments"), json!({"body": "isolation note", "rating": 4})).await.unwrap()).await;
                    Record::of(id(&comments[0], "id")).with("{application}", application)
                }
            }
        }
        "recruit_stage_email" => {
            // A stage that e-mails for review the candidates who reach it, and one who did.
            let template = json!({"purpose": "recruit.candidate_email", "locale": "en", "name": "Isolation invite",
                                  "subject": "Hello {{ name }}", "body": "<p>isolation</p>"});
            let key = id(&json(post("/api/v1/templates", template).await.unwrap()).await, "template_key");
            let job = recruit_job(s, w, admin).await;
            let stages = json(get(format!("/api/v1/recruit/jobs/{job}/stages")).await.unwrap()).await;
            let second = id(&stages[1], "id");
            let url = s.url(&format!("/api/v1/recruit/stages/{second}/mail"));
            let r = c.put(url).bearer_auth(admin).json(&json!({"template": key, "review": true})).send().await.unwrap();
            assert_eq!(r.status(), 200);
            let body = json!({"job_id": job, "name": "Isolation mailed", "email": "isolation.mailed@client.test"});
            let application = id(&json(post("/api/v1/recruit/applications", body).await.unwrap()).await, "id");
            post(&format!("/api/v1/recruit/applications/{application}/move"), json!({"stage_id": second})).await.unwrap();
            let emails = json(get(format!("/api/v1/recruit/applications/{application}/emails")).await.unwrap()).await;
            Record::of(id(&emails["scheduled"][0], "id"))
        }
        "recruit_interview" => {
            let job = recruit_job(s, w, admin).await;
            let body = json!({"job_id": job, "name": "Isolation interviewed", "email": "isolation.interviewed@client.test"});
            let application = id(&json(post("/api/v1/recruit/applications", body).await.unwrap()).await, "id");
            let plan = json!({"title": "Isolation interview", "interviewers": [w.admin.to_string()],
                              "slots": ["2031-01-01T09:00:00Z", "2031-01-02T09:00:00Z"]});
            let interview = id(&json(post(&format!("/api/v1/recruit/applications/{application}/interviews"), plan).await.unwrap()).await, "id");
            Record::of(interview).with("{application}", application)
        }
        "recruit_offer" => {
            let job = recruit_job(s, w, admin).await;
            let body = json!({"job_id": job, "name": "Isolation offered", "email": "isolation.offered@client.test"});
            let application = id(&json(post("/api/v1/recruit/applications", body).await.unwrap()).await, "id");
            let offer = json!({"salary": 40000, "start_date": "2031-01-01", "approver_id": w.admin.to_string()});
            let offer = id(&json(post(&format!("/api/v1/recruit/applications/{application}/offers"), offer).await.unwrap()).await, "id");
            Record::of(offer).with("{application}", application)
        }
        "recruit_scorecard" => {
            let job = recruit_job(s, w, admin).await;
            let body = json!({"job_id": job, "name": "Isolation scored", "email": "isolation.scored@client.test"});
            let application = id(&json(post("/api/v1/recruit/applications", body).await.unwrap()).await, "id");
            let card = json!({"recommendation": "yes", "notes": "isolation"});
            let card = id(&json(post(&format!("/api/v1/recruit/applications/{application}/scorecards"), card).await.unwrap()).await, "id");
            Record::of(card).with("{application}", application)
        }
        "recruit_assessment_provider" => {
            Record::of(id(&json(post("/api/v1/recruit/assessment-providers", json!({"name": "Isolation tests"})).await.unwrap()).await, "id"))
        }
        "recruit_assessment" => {
            let job = recruit_job(s, w, admin).await;
            let body = json!({"job_id": job, "name": "Isolation tested", "email": "isolation.tested@client.test"});
            let application = id(&json(post("/api/v1/recruit/applications", body).await.unwrap()).await, "id");
            let provider = json(post("/api/v1/recruit/assessment-providers", json!({"name": "Isolation platform"})).await.unwrap()).await;
            let body = json!({"application_id": application, "test": "Isolation test", "score": 70}).to_string();
            let t = portico_kernel::Clock::now_micros(&portico_kernel::SystemClock) / 1_000_000;
            let r = api().post(s.url(&format!("/hooks/recruit/assessments/{}", id(&provider, "id"))))
                .header("X-Portico-Signature", portico_webhooks::sign(provider["secret"].as_str().unwrap(), t, &body))
                .header("content-type", "application/json").body(body).send().await.unwrap();
            Record::of(id(&json(r).await, "id")).with("{application}", application)
        }
        "recruit_requisition" => {
            let body = json!({"unit_id": w.north.to_string(), "title": "Isolation requisition", "headcount": 1,
                              "approver_id": w.admin.to_string()});
            Record::of(id(&json(post("/api/v1/recruit/requisitions", body).await.unwrap()).await, "id"))
        }
        "desk_group" => Record::of(id(&json(post("/api/v1/desk/groups", json!({"unit_id": w.north.to_string(), "name": "Isolation group"})).await.unwrap()).await, "id")),
        "desk_ticket" | "desk_comment" => {
            let body = json!({"unit_id": w.north.to_string(), "subject": "Isolation ticket", "description": "isolation secret",
                              "requester_email": "isolation.requester@client.test"});
            let ticket = id(&json(post("/api/v1/desk/tickets", body).await.unwrap()).await, "id");
            if kind == "desk_ticket" {
                return Record::of(ticket);
            }
            let note = json(post(&format!("/api/v1/desk/tickets/{ticket}/comments"), json!({"body": "isolation note", "public": false})).await.unwrap()).await;
            Record::of(id(&note, "id")).with("{ticket}", ticket)
        }
        "desk_attachment" => {
            let body = json!({"unit_id": w.north.to_string(), "subject": "Isolation file", "description": "isolation",
                              "requester_email": "isolation.file@client.test"});
            let ticket = id(&json(post("/api/v1/desk/tickets", body).await.unwrap()).await, "id");
            let upload = c
                .post(s.url("/api/v1/desk/attachments?filename=isolation-secret.txt"))
                .bearer_auth(admin)
                .body("isolation secret file")
                .send()
                .await
                .unwrap();
            let upload = json(upload).await;
            let note = json!({"body": "isolation file", "public": false, "uploads": [upload["token"]]});
            let r = post(&format!("/api/v1/desk/tickets/{ticket}/comments"), note).await.unwrap();
            assert_eq!(r.status(), 201);
            Record::of(id(&upload, "id")).with("{ticket}", ticket)
        }
        "desk_time_entry" => {
            let body = json!({"unit_id": w.north.to_string(), "subject": "Isolation timed", "description": "isolation",
                              "requester_email": "isolation.timed@client.test"});
            let ticket = id(&json(post("/api/v1/desk/tickets", body).await.unwrap()).await, "id");
            let entry = json(post(&format!("/api/v1/desk/tickets/{ticket}/time-entries"), json!({"minutes": 15, "note": "isolation"})).await.unwrap()).await;
            Record::of(id(&entry, "id")).with("{ticket}", ticket)
        }
        other => panic!("no factory for {other}"),
    }
}

/// An open job of Acme/North.
async fn recruit_job(s: &Server, w: &World, admin: &str) -> String {
    let body = json!({"unit_id": w.north.to_string(), "title": "Isolation job", "location": "Lyon", "status": "open"});
    let r = api().post(s.url("/api/v1/recruit/jobs")).bearer_auth(admin).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    id_of(&r.json::<Value>().await.unwrap())
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

/// A mailbox of Acme/North (its id and webhook secret).
async fn mailbox(s: &Server, w: &World, admin: &str) -> (String, String) {
    let address = format!("isolation.{}@acme.test", uuid::Uuid::now_v7().simple());
    let body = json!({"name": "Isolation desk", "address": address, "unit_id": w.north.to_string(), "consumer": "core.contacts"});
    let m: Value = api()
        .post(s.url("/api/v1/mailboxes"))
        .bearer_auth(admin)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (id_of(&m), m["webhook_secret"].as_str().unwrap().to_string())
}

/// A message received in a mailbox of Acme/North, with an attachment, and a bounce: the
/// message, its conversation, and the address the bounce marked.
async fn received_mail(s: &Server, w: &World, admin: &str) -> (String, String, String) {
    let (id, _) = mailbox(s, w, admin).await;
    let m = portico_mail::inbound::mailboxes::load(s.state.db.pool(), &id).await.unwrap();
    let st = &s.state;
    let ingest = portico_mail::inbound::Ingest {
        db: &st.db,
        blobs: &st.blobs,
        consumers: &st.suite.mail,
        clock: st.clock.as_ref(),
    };
    let raw = "From: Isolation Sender <isolation.sender@client.test>\r\nTo: desk@acme.test\r\nSubject: isolation secret\r\nMessage-ID: <isolation@client.test>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nisolation body\r\n--b\r\nContent-Type: text/plain; name=isolation.txt\r\nContent-Disposition: attachment; filename=isolation.txt\r\n\r\nisolation attachment\r\n--b--\r\n";
    let got = ingest.message(&m, raw.as_bytes(), portico_mail::inbound::Source::Webhook).await.unwrap();
    let thread = portico_mail::inbound::messages::get(
        st.db.pool(),
        &crate::support::authz_of(&st.db, w.ws, w.admin)
            .await
            .scope(portico_kernel::Permission::new("core", "view"))
            .unwrap(),
        &got.id,
    )
    .await
    .unwrap()
    .thread_id
    .unwrap();
    let bounce = "From: MAILER-DAEMON@mx.client.test\r\nTo: desk@acme.test\r\nSubject: Undelivered\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; gone.isolation@client.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n";
    ingest.message(&m, bounce.as_bytes(), portico_mail::inbound::Source::Webhook).await.unwrap();
    (got.id, thread, "gone.isolation@client.test".into())
}

async fn create_email_marker(s: &Server, w: &World, admin: &str) -> String {
    let body = json!({"email": "mailed.isolation@acme.test", "role_id": w.member_role.to_string(), "unit_id": w.north.to_string()});
    api().post(s.url("/api/v1/users")).bearer_auth(admin).json(&body).send().await.unwrap();
    "mailed.isolation@acme.test".into()
}

struct Intruder {
    who: &'static str,
    token: String,
    /// A session of the same person, for UI pages.
    browser: reqwest::Client,
    /// Ids of records the intruder may name in request bodies.
    own_unit: String,
    own_role: String,
}

/// The GET reads of the API paths a kind claims, and its other operations (which must be probed).
fn claimed_operations(kind: &str) -> (Vec<String>, Vec<(Method, String)>) {
    let s = suite();
    let doc = s.openapi().unwrap();
    let k = s.platform.registry.get(kind).unwrap();
    let with_values: Vec<&str> = s.platform.registry.with_custom_fields().map(|k| k.name()).collect();
    let mut reads = Vec::new();
    let mut others = Vec::new();
    for path in k.api_paths() {
        // A path over every kind's records is attacked on each of those kinds.
        let instances: Vec<String> = if path.contains("{record_type}") { Vec::new() } else { vec![path.to_string()] };
        let item = &doc.paths.paths[*path];
        for p in instances {
            if item.get.is_some() {
                reads.push(p.clone());
            }
            for (m, op) in [
                (Method::POST, &item.post),
                (Method::PATCH, &item.patch),
                (Method::PUT, &item.put),
                (Method::DELETE, &item.delete),
            ] {
                if op.is_some() {
                    others.push((m, p.clone()));
                }
            }
        }
    }
    if with_values.contains(&kind) {
        reads.push(format!("/api/v1/custom-values/{kind}/{{id}}"));
        others.push((Method::PATCH, format!("/api/v1/custom-values/{kind}/{{id}}")));
    }
    (reads, others)
}

#[test]
fn every_kind_and_operation_is_probed() {
    let registered: Vec<&str> = suite().platform.registry.kinds().map(|k| k.name()).collect();
    let missing: Vec<&&str> = registered.iter().filter(|k| !PROBES.iter().any(|p| p.kind == **k)).collect();
    assert!(missing.is_empty(), "record kinds the isolation suite does not probe: {missing:?}");
    let unknown: Vec<&str> = PROBES.iter().map(|p| p.kind).filter(|k| !registered.contains(k)).collect();
    assert!(unknown.is_empty(), "probes of kinds nobody registers: {unknown:?}");
    for p in PROBES {
        let (_, others) = claimed_operations(p.kind);
        for (method, path) in others {
            assert!(
                p.writes.iter().any(|(m, w, _, _)| *m == method && *w == path),
                "{}: {method} {path} is not attacked",
                p.kind
            );
        }
    }
}

db_test!(async fn every_record_kind_is_isolated(db) {
    let w = world(&db, "Acme").await;
    let other = world(&db, "Other").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let north_member = add_user(&db, w.ws, "member.north@acme.test", portico_authz::BuiltinRole::Member, w.north).await;
    let south_manager = add_user(&db, w.ws, "manager.south@acme.test", portico_authz::BuiltinRole::Manager, w.south).await;
    let other_role = portico_authz::store::builtin_role(db.pool(), other.ws, portico_authz::BuiltinRole::Member).await.unwrap().id.to_string();
    let acme_member_role = portico_authz::store::builtin_role(db.pool(), w.ws, portico_authz::BuiltinRole::Member).await.unwrap().id.to_string();
    let intruders = [
        Intruder { who: "other workspace", token: token_for(&db, other.ws, other.admin).await, browser: sign_in(&s, "admin@other.test").await, own_unit: other.north.to_string(), own_role: other_role },
        Intruder { who: "sibling unit", token: token_for(&db, w.ws, south_manager).await, browser: sign_in(&s, "manager.south@acme.test").await, own_unit: w.south.to_string(), own_role: acme_member_role.clone() },
        Intruder { who: "lower role", token: token_for(&db, w.ws, north_member).await, browser: sign_in(&s, "member.north@acme.test").await, own_unit: w.north.to_string(), own_role: acme_member_role },
    ];
    let c = api();
    // A guest of another record: a browser that opened a guest link to a file of its own.
    let guest = {
        let form = reqwest::multipart::Form::new()
            .text("unit_id", w.north.to_string())
            .part("file", reqwest::multipart::Part::bytes(b"shared with a guest".to_vec()).file_name("shared.txt"));
        let file: Value = c.post(s.url("/api/v1/files")).bearer_auth(&admin).multipart(form).send().await.unwrap().json().await.unwrap();
        let link: Value = c.post(s.url(&format!("/api/v1/files/{}/links", file["id"].as_str().unwrap()))).bearer_auth(&admin)
            .json(&json!({"label": "guest"})).send().await.unwrap().json().await.unwrap();
        let b = crate::support::browser();
        let url = link["url"].as_str().unwrap().to_string();
        assert_eq!(b.get(&url).send().await.unwrap().status(), 200, "the guest sees what was shared");
        b
    };
    // A contact of Acme signed in to its portal: their relation opens their own records only.
    let portal = {
        let contact: Value = c.post(s.url("/api/v1/contacts")).bearer_auth(&admin)
            .json(&json!({"unit_id": w.north.to_string(), "name": "Portal visitor", "email": "portal.visitor@client.test"}))
            .send().await.unwrap().json().await.unwrap();
        let contact: portico_kernel::ContactId = contact["id"].as_str().unwrap().parse().unwrap();
        let now = s.state.clock.now_micros();
        let mut tx = db.begin().await.unwrap();
        let token = portico_authz::relation::open_session(&mut tx, w.ws, contact, now).await.unwrap();
        tx.commit().await.unwrap();
        let relation = portico_authz::relation::of_session(db.pool(), w.ws, &token, now).await.unwrap().unwrap();
        let kind = s.state.registry().get("contact").unwrap();
        kind.related(&db, &relation, &contact.to_string()).await.expect("a contact's relation opens their own record");
        (format!("portico_portal={token}"), relation)
    };
    for p in PROBES {
        let record = create(&s, &w, &admin, p.kind).await;
        let fill = |path: &str, i: &Intruder| {
            let mut out = path.replace("{other_unit}", &i.own_unit).replace("{other_role}", &i.own_role);
            for (k, v) in &record.fills {
                out = out.replace(k, v);
            }
            out
        };
        let (derived, _) = claimed_operations(p.kind);
        let reads: Vec<String> = derived.into_iter().chain(p.reads.iter().map(|r| r.to_string())).collect();
        let snapshot = |path: String| {
            let (c, admin, s) = (c.clone(), admin.clone(), &s);
            async move { c.get(s.url(&path)).bearer_auth(&admin).send().await.unwrap().text().await.unwrap() }
        };
        let mut before = Vec::new();
        for r in &reads {
            before.push(snapshot(fill(r, &intruders[0])).await);
        }
        for i in &intruders {
            let lower = i.who == "lower role";
            for path in &reads {
                let r = c.get(s.url(&fill(path, i))).bearer_auth(&i.token).send().await.unwrap();
                let status = r.status().as_u16();
                let body = r.text().await.unwrap();
                if !lower {
                    let ok = status == 404 || (p.admin_only && i.who == "sibling unit" && status == 403);
                    assert!(ok, "{} GET {path} by {}: {status}", p.kind, i.who);
                }
                if status >= 400 {
                    assert!(!body.contains("isolation") && !body.contains(&record.id), "{} error body leaks data to {}", p.kind, i.who);
                }
            }
            let shared_config = p.workspace_wide && i.who == "sibling unit";
            if !(lower || shared_config) {
                for path in p.lists {
                    let r = c.get(s.url(&fill(path, i))).bearer_auth(&i.token).send().await.unwrap();
                    let status = r.status().as_u16();
                    assert!(status == 200 || status == 403, "{} list {path} by {}: {status}", p.kind, i.who);
                    assert!(!r.text().await.unwrap().contains(&record.id), "{} list {path} shows it to {}", p.kind, i.who);
                }
            }
            for (method, path, body, member_may) in p.writes {
                if lower && *member_may {
                    continue;
                }
                let page = !path.starts_with("/api/");
                let status = if page {
                    // A page form, posted with the intruder's own session and token.
                    let html = i.browser.get(s.url("/profile")).send().await.unwrap().text().await.unwrap();
                    let csrf = crate::support::csrf_in(&html);
                    let r = i.browser.post(s.url(&fill(path, i))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
                    let to = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
                    if to.contains("error=not_found") || to.contains("error=forbidden") { 404 } else { r.status().as_u16() }
                } else {
                    let mut req = c.request(method.clone(), s.url(&fill(path, i))).bearer_auth(&i.token);
                    if let Some(b) = body {
                        req = req.header("content-type", "application/json").body(fill(b, i));
                    }
                    req.send().await.unwrap().status().as_u16()
                };
                assert!(status == 403 || status == 404, "{} {method} {path} by {}: {status}", p.kind, i.who);
            }
            if let (Some(page), false) = (p.page, lower) {
                let r = i.browser.get(s.url(&fill(page, i))).send().await.unwrap();
                let status = r.status().as_u16();
                let html = r.text().await.unwrap();
                // A record's own page is closed to them; a list page is theirs, without the record.
                if page.contains('{') {
                    assert!(status == 404 || (p.admin_only && status == 403), "{} page by {}: {status}", p.kind, i.who);
                }
                assert!(!html.contains(&record.id), "{} page leaks to {}", p.kind, i.who);
            }
        }
        // The guest reaches nothing else: no API path, no staff page, no other guest link.
        for path in reads.iter().map(|r| fill(r, &intruders[0])).chain(p.page.map(|pg| fill(pg, &intruders[0]))) {
            let r = guest.get(s.url(&path)).send().await.unwrap();
            let status = r.status().as_u16();
            let body = r.text().await.unwrap();
            assert!(matches!(status, 303 | 401 | 404), "{} {path} by a guest of another record: {status}", p.kind);
            assert!(!body.contains(&record.id), "{} {path} leaks to a guest", p.kind);
        }
        // The portal visitor reaches no staff path, and their relation opens no record of the kind.
        for path in reads.iter().map(|r| fill(r, &intruders[0])).chain(p.page.map(|pg| fill(pg, &intruders[0]))) {
            let r = crate::support::browser().get(s.url(&path)).header("cookie", &portal.0).send().await.unwrap();
            let status = r.status().as_u16();
            assert!(matches!(status, 303 | 401 | 404), "{} {path} by a portal visitor: {status}", p.kind);
            assert!(!r.text().await.unwrap().contains(&record.id), "{} {path} leaks to a portal visitor", p.kind);
        }
        let kind = s.state.registry().get(p.kind).unwrap();
        let refused = kind.related(&db, &portal.1, &record.id).await.expect_err("opened by another contact's relation");
        assert_eq!(refused.code, portico_kernel::ErrorCode::NotFound, "{}", p.kind);
        let data = crate::support::browser().get(s.url("/p/acme/portal/data")).header("cookie", &portal.0).send().await.unwrap();
        assert_eq!(data.status(), 200, "the visitor's own data opens");
        let data = data.text().await.unwrap();
        // (A unit's theme has the unit's id, which the visitor's own record names as theirs.)
        let own_unit = record.id == w.north.to_string();
        assert!(data.contains("Portal visitor") && (own_unit || !data.contains(&record.id)), "{} is in another contact's data", p.kind);
        let mut after = Vec::new();
        for r in &reads {
            after.push(snapshot(fill(r, &intruders[0])).await);
        }
        assert_eq!(before, after, "{} changed under attack", p.kind);
    }
    // Exports and the audit log of the other workspace never mention Acme's records.
    let other_admin = &intruders[0].token;
    let csv = c.get(s.url("/api/v1/audit/export")).bearer_auth(other_admin).send().await.unwrap().text().await.unwrap();
    assert!(csv.starts_with("id,time") && !csv.contains("Isolation") && !csv.contains("isolation@acme.test"));
    let sibling_audit = c.get(s.url("/api/v1/audit")).bearer_auth(&intruders[1].token).send().await.unwrap();
    assert_eq!(sibling_audit.status(), 403, "only admins read the audit log");
});
