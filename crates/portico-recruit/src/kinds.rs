//! Recruit's record kinds, registered with the platform. The order of [`all`] is the order
//! of export and import: a kind comes after the kinds it refers to.

use std::sync::Arc;

use async_trait::async_trait;
use portico_authz::Relation;
use portico_db::{Db, DbResultExt};
use portico_kernel::{AppError, Permission};
use portico_platform::ColumnType::{Blob, Id, Int, OptId, OptInt, OptText, Secret, Text};
use portico_platform::FacetKind::{Date, Number, Words};
use portico_platform::{GuestSpec, Reach, RecordKind, SearchSpec, Table, col, facet};

use portico_core::ADMIN;

use crate::{EDIT, MODULE, VIEW};

pub const JOB: &str = "recruit_job";
pub const STAGE: &str = "recruit_stage";
pub const CANDIDATE: &str = "recruit_candidate";
pub const APPLICATION: &str = "recruit_application";
pub const DOCUMENT: &str = "recruit_document";
pub const COMMENT: &str = "recruit_comment";
pub const PIPELINE: &str = "recruit_pipeline_template";
pub const POOL: &str = "recruit_pool";
pub const SAVED_SEARCH: &str = "recruit_saved_search";
pub const STAGE_EMAIL: &str = "recruit_stage_email";
pub const INTERVIEW: &str = "recruit_interview";
pub const OFFER: &str = "recruit_offer";
pub const SCORECARD: &str = "recruit_scorecard";
pub const REQUISITION: &str = "recruit_requisition";
pub const ASSESSMENT_PROVIDER: &str = "recruit_assessment_provider";
pub const ASSESSMENT: &str = "recruit_assessment";

/// Recruit's kinds, in export order.
pub fn all() -> Vec<Arc<dyn RecordKind>> {
    vec![
        Arc::new(PipelineTemplate),
        Arc::new(Requisition),
        Arc::new(Job),
        Arc::new(Stage),
        Arc::new(Candidate),
        Arc::new(Application),
        Arc::new(Document),
        Arc::new(Comment),
        Arc::new(Pool),
        Arc::new(SavedSearch),
        Arc::new(StageEmail),
        Arc::new(Interview),
        Arc::new(Offer),
        Arc::new(Scorecard),
        Arc::new(AssessmentProvider),
        Arc::new(Assessment),
    ]
}

/// Declares a kind living in the unit of its `unit_id` column, seen and changed with
/// Recruit's permissions.
macro_rules! kind {
    ($ty:ident { $($body:tt)* }) => {
        portico_platform::unit_kind!($ty, MODULE, VIEW, EDIT, { $($body)* });
    };
}

/// Whether a candidate's own row of `table` (by `column`) names the visitor's contact.
async fn of_contact(db: &Db, who: &Relation, table: &str, column: &str, id: &str) -> Result<(), AppError> {
    // Names are this file's constants; values are bound.
    let sql = format!("SELECT id FROM {table} WHERE workspace_id = $1 AND id = $2 AND {column} = $3");
    let found: Option<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(who.workspace().to_db())
        .bind(id.to_string())
        .bind(who.contact().to_db())
        .fetch_optional(db.pool())
        .await
        .db()?;
    found.map(|_| ()).ok_or_else(AppError::not_found)
}

kind!(Job {
    fn name(&self) -> &'static str {
        JOB
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_jobs",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("title", Text),
                    col("department", Text),
                    col("location", Text),
                    col("workplace", Text),
                    col("contract", Text),
                    col("salary_min", OptInt),
                    col("salary_max", OptInt),
                    col("salary_currency", Text),
                    col("salary_period", Text),
                    col("description", Text),
                    col("status", Text),
                    col("locale", Text),
                    col("created_at", Int),
                    col("updated_at", Int),
                    col("opened_at", OptInt),
                    col("closed_at", OptInt),
                    col("questions", Text),
                    col("blind_until", Text),
                    col("requisition_id", OptId),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            },
            Table {
                name: "recruit_job_followers",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("job_id", Id),
                    col("user_id", Id),
                    col("created_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn search(&self) -> Option<SearchSpec> {
        Some(SearchSpec {
            title: "title",
            body: "description",
            facets: const {
                &[
                    facet("status", "status", Words),
                    facet("contract", "contract", Words),
                    facet("created", "created_at", Date),
                ]
            },
        })
    }
    fn custom_fields(&self) -> bool {
        true
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/recruit/jobs/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/recruit/jobs/{id}",
            "/api/v1/recruit/jobs/{id}/stages",
            "/api/v1/recruit/jobs/{id}/links",
            "/api/v1/recruit/jobs/{id}/followers",
            "/api/v1/recruit/jobs/{id}/follow",
            "/api/v1/recruit/jobs/{id}/blind",
            "/api/v1/recruit/jobs/{id}/pipeline-template",
        ]
    }
    /// A hiring manager's link opens the job's shortlist: its applications past the first
    /// stage, their comments and documents.
    fn guest(&self) -> Option<GuestSpec> {
        Some(GuestSpec { children: &[APPLICATION, COMMENT, DOCUMENT] })
    }
});

kind!(Stage {
    fn name(&self) -> &'static str {
        STAGE
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_stages",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("job_id", Id),
                    col("position", Int),
                    col("name", Text),
                    col("category", Text),
                    col("created_at", Int),
                    col("mail_template", Text),
                    col("mail_delay_minutes", Int),
                    col("mail_review", Int),
                    col("kit_criteria", Text),
                    col("kit_questions", Text),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/recruit/stages/{id}", "/api/v1/recruit/stages/{id}/mail", "/api/v1/recruit/stages/{id}/kit"]
    }
});

kind!(Candidate {
    fn name(&self) -> &'static str {
        CANDIDATE
    }
    /// A candidate signed in to the career site reads their own profile.
    async fn related(&self, db: &Db, who: &Relation, id: &str) -> Result<(), AppError> {
        of_contact(db, who, "recruit_candidates", "contact_id", id).await
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_candidates",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("contact_id", Id),
                    col("headline", Text),
                    col("location", Text),
                    col("links", Text),
                    col("skills", Text),
                    col("consent_until", OptInt),
                    col("created_at", Int),
                    col("updated_at", Int),
                    col("consent_warned_at", OptInt),
                    col("languages", Text),
                    col("experience", Text),
                    col("education", Text),
                    col("tags", Text),
                    col("experience_years", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn search(&self) -> Option<SearchSpec> {
        Some(SearchSpec {
            // The person's name and address are the contact's; what the CVs say comes with them.
            title: "(SELECT c.name FROM contacts c WHERE c.id = recruit_candidates.contact_id)",
            body: "headline || ' ' || location || ' ' || skills || ' ' || languages || ' ' || tags || ' ' || experience || ' ' \
                   || education || ' ' || COALESCE((SELECT c.email FROM contacts c \
                   WHERE c.id = recruit_candidates.contact_id), '') || ' ' || COALESCE((SELECT MAX(d.text) FROM \
                   recruit_documents d WHERE d.candidate_id = recruit_candidates.id), '')",
            facets: const {
                &[
                    facet("created", "created_at", Date),
                    facet("skills", "skills", Words),
                    facet("languages", "languages", Words),
                    facet("location", "location", Words),
                    facet("tags", "tags", Words),
                    facet("experience", "experience_years", Number),
                ]
            },
        })
    }
    fn custom_fields(&self) -> bool {
        true
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/recruit/candidates/{id}"))
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["headline", "location", "links", "skills", "languages", "experience", "education", "tags"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/recruit/candidates/{id}",
            "/api/v1/recruit/candidates/{id}/documents",
            "/api/v1/recruit/candidates/{id}/duplicates",
            "/api/v1/recruit/candidates/{id}/merge",
        ]
    }
});

kind!(Application {
    fn name(&self) -> &'static str {
        APPLICATION
    }
    /// A candidate follows their own applications.
    async fn related(&self, db: &Db, who: &Relation, id: &str) -> Result<(), AppError> {
        of_contact(db, who, "recruit_applications", "contact_id", id).await
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[
                Table {
                    name: "recruit_applications",
                    columns: &[
                        col("id", Id),
                        col("workspace_id", Id),
                        col("unit_id", Id),
                        col("job_id", Id),
                        col("candidate_id", Id),
                        col("contact_id", Id),
                        col("stage_id", Id),
                        col("status", Text),
                        col("reject_reason", Text),
                        col("source", Text),
                        col("source_detail", Text),
                        col("cover_letter", Text),
                        col("created_at", Int),
                        col("updated_at", Int),
                        col("stage_changed_at", Int),
                        col("answers", Text),
                        col("referrer_id", OptId),
                    ],
                    workspace_column: "workspace_id",
                    order_by: "id",
                    parent_column: None,
                },
                Table {
                    name: "recruit_moves",
                    columns: &[
                        col("id", Id),
                        col("workspace_id", Id),
                        col("application_id", Id),
                        col("from_stage_id", OptId),
                        col("to_stage_id", Id),
                        col("actor_label", Text),
                        col("at", Int),
                    ],
                    workspace_column: "workspace_id",
                    order_by: "id",
                    parent_column: None,
                },
            ]
        }
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/recruit/applications/{id}"))
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["cover_letter", "source_detail", "actor_label", "answers"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/recruit/applications/{id}",
            "/api/v1/recruit/applications/{id}/move",
            "/api/v1/recruit/applications/{id}/transfer",
            "/api/v1/recruit/applications/{id}/assessments",
            "/api/v1/recruit/applications/{id}/comments",
            "/api/v1/recruit/applications/{id}/emails",
            "/api/v1/recruit/applications/{id}/interviews",
            "/api/v1/recruit/applications/{id}/free-times",
            "/api/v1/recruit/applications/{id}/offers",
            "/api/v1/recruit/applications/{id}/scorecards",
        ]
    }
});

kind!(Document {
    fn name(&self) -> &'static str {
        DOCUMENT
    }
    /// A candidate downloads what they sent.
    async fn related(&self, db: &Db, who: &Relation, id: &str) -> Result<(), AppError> {
        of_contact(db, who, "recruit_documents", "contact_id", id).await
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_documents",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("candidate_id", Id),
                    col("contact_id", Id),
                    col("application_id", OptId),
                    col("filename", Text),
                    col("content_type", Text),
                    col("size_bytes", Int),
                    col("sha256", Blob),
                    col("extraction", Text),
                    col("text", OptText),
                    col("created_at", Int),
                    col("parsed", OptText),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["filename", "text", "parsed"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/recruit/documents/{id}"]
    }
});

kind!(Comment {
    fn name(&self) -> &'static str {
        COMMENT
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_comments",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("application_id", Id),
                    col("author_id", OptId),
                    col("author_label", Text),
                    col("body", Text),
                    col("rating", OptInt),
                    col("created_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["author_label", "body"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/recruit/comments/{id}"]
    }
});

kind!(Pool {
    fn name(&self) -> &'static str {
        POOL
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[
                Table {
                    name: "recruit_pools",
                    columns: &[
                        col("id", Id),
                        col("workspace_id", Id),
                        col("unit_id", Id),
                        col("name", Text),
                        col("description", Text),
                        col("created_at", Int),
                        col("updated_at", Int),
                    ],
                    workspace_column: "workspace_id",
                    order_by: "id",
                    parent_column: None,
                },
                Table {
                    name: "recruit_pool_members",
                    columns: &[
                        col("id", Id),
                        col("workspace_id", Id),
                        col("pool_id", Id),
                        col("candidate_id", Id),
                        col("added_by", Text),
                        col("added_at", Int),
                    ],
                    workspace_column: "workspace_id",
                    order_by: "id",
                    parent_column: None,
                },
            ]
        }
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/recruit/pools/{id}"))
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["added_by"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/recruit/pools/{id}", "/api/v1/recruit/pools/{id}/candidates", "/api/v1/recruit/pools/{id}/candidates/{candidate}"]
    }
});

/// Workspace configuration: every member with Recruit's view reads the templates, admins write them.
pub struct PipelineTemplate;

#[async_trait]
impl RecordKind for PipelineTemplate {
    fn module(&self) -> &'static str {
        MODULE
    }
    fn name(&self) -> &'static str {
        PIPELINE
    }
    fn reach(&self) -> Reach {
        Reach::Workspace
    }
    fn view(&self) -> Permission {
        VIEW
    }
    fn edit(&self) -> Permission {
        ADMIN
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_pipeline_templates",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("name", Text),
                    col("stages", Text),
                    col("created_at", Int),
                    col("updated_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/recruit/pipelines/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/recruit/pipelines/{id}"]
    }
}

/// A recruiter's own saved searches: only they list, run and remove them.
pub struct SavedSearch;

#[async_trait]
impl RecordKind for SavedSearch {
    fn module(&self) -> &'static str {
        MODULE
    }
    fn name(&self) -> &'static str {
        SAVED_SEARCH
    }
    fn reach(&self) -> Reach {
        Reach::Owner { column: "user_id" }
    }
    fn view(&self) -> Permission {
        VIEW
    }
    fn edit(&self) -> Permission {
        VIEW
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_saved_searches",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("user_id", Id),
                    col("name", Text),
                    col("q", Text),
                    col("tag", Text),
                    col("unit_id", OptId),
                    col("alert", Int),
                    col("checked_at", Int),
                    col("created_at", Int),
                    col("language", Text),
                    col("source", Text),
                    col("stage", Text),
                    col("days", OptInt),
                    col("experience", OptInt),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/recruit/saved-searches/{id}"]
    }
}

kind!(StageEmail {
    fn name(&self) -> &'static str {
        STAGE_EMAIL
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_stage_emails",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("application_id", Id),
                    col("stage_id", Id),
                    col("template_key", Text),
                    col("status", Text),
                    col("due_at", Int),
                    col("created_at", Int),
                    col("decided_at", OptInt),
                    col("decided_by", Text),
                    col("email_id", OptId),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["decided_by"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/recruit/stage-emails/{id}",
            "/api/v1/recruit/stage-emails/{id}/send",
            "/api/v1/recruit/stage-emails/{id}/skip",
        ]
    }
});

kind!(Interview {
    fn name(&self) -> &'static str {
        INTERVIEW
    }
    /// A candidate sees and picks the times of their own interviews.
    async fn related(&self, db: &Db, who: &Relation, id: &str) -> Result<(), AppError> {
        let found: Option<(String,)> = sqlx::query_as(
            "SELECT i.id FROM recruit_interviews i JOIN recruit_applications a ON a.id = i.application_id
             WHERE i.workspace_id = $1 AND i.id = $2 AND a.contact_id = $3",
        )
        .bind(who.workspace().to_db())
        .bind(id.to_string())
        .bind(who.contact().to_db())
        .fetch_optional(db.pool())
        .await
        .db()?;
        found.map(|_| ()).ok_or_else(AppError::not_found)
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[
                Table {
                    name: "recruit_interviews",
                    columns: &[
                        col("id", Id),
                        col("workspace_id", Id),
                        col("unit_id", Id),
                        col("application_id", Id),
                        col("title", Text),
                        col("location", Text),
                        col("duration_minutes", Int),
                        col("time_zone", Text),
                        col("status", Text),
                        col("starts_at", OptInt),
                        col("sequence", Int),
                        col("created_by", Text),
                        col("created_at", Int),
                        col("updated_at", Int),
                    ],
                    workspace_column: "workspace_id",
                    order_by: "id",
                    parent_column: None,
                },
                Table {
                    name: "recruit_interview_slots",
                    columns: &[col("id", Id), col("workspace_id", Id), col("interview_id", Id), col("starts_at", Int)],
                    workspace_column: "workspace_id",
                    order_by: "id",
                    parent_column: None,
                },
                Table {
                    name: "recruit_interviewers",
                    columns: &[col("id", Id), col("workspace_id", Id), col("interview_id", Id), col("user_id", Id)],
                    workspace_column: "workspace_id",
                    order_by: "id",
                    parent_column: None,
                },
            ]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["created_by"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/recruit/interviews/{id}",
            "/api/v1/recruit/interviews/{id}/reschedule",
            "/api/v1/recruit/interviews/{id}/cancel",
        ]
    }
});

kind!(Offer {
    fn name(&self) -> &'static str {
        OFFER
    }
    /// A candidate reads and answers the offers sent to them.
    async fn related(&self, db: &Db, who: &Relation, id: &str) -> Result<(), AppError> {
        let found: Option<(String,)> = sqlx::query_as(
            "SELECT o.id FROM recruit_offers o JOIN recruit_applications a ON a.id = o.application_id
             WHERE o.workspace_id = $1 AND o.id = $2 AND a.contact_id = $3 AND o.status IN ('sent', 'accepted', 'declined')",
        )
        .bind(who.workspace().to_db())
        .bind(id.to_string())
        .bind(who.contact().to_db())
        .fetch_optional(db.pool())
        .await
        .db()?;
        found.map(|_| ()).ok_or_else(AppError::not_found)
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_offers",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("application_id", Id),
                    col("salary", OptInt),
                    col("salary_currency", Text),
                    col("salary_period", Text),
                    col("start_date", Text),
                    col("terms", Text),
                    col("approver_id", Id),
                    col("status", Text),
                    col("decision_note", Text),
                    col("letter", OptText),
                    col("created_by", Text),
                    col("created_at", Int),
                    col("updated_at", Int),
                    col("decided_at", OptInt),
                    col("sent_at", OptInt),
                    col("answered_at", OptInt),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["terms", "decision_note", "letter", "created_by"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/recruit/offers/{id}",
            "/api/v1/recruit/offers/{id}/decision",
            "/api/v1/recruit/offers/{id}/send",
            "/api/v1/recruit/offers/{id}/withdraw",
            "/api/v1/recruit/offers/{id}/answer",
        ]
    }
});

kind!(Scorecard {
    fn name(&self) -> &'static str {
        SCORECARD
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_scorecards",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("application_id", Id),
                    col("stage_id", Id),
                    col("author_id", Id),
                    col("author_label", Text),
                    col("recommendation", Text),
                    col("ratings", Text),
                    col("notes", Text),
                    col("created_at", Int),
                    col("updated_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["author_label", "notes"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/recruit/scorecards/{id}"]
    }
});

kind!(Requisition {
    fn name(&self) -> &'static str {
        REQUISITION
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_requisitions",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("title", Text),
                    col("headcount", Int),
                    col("budget", OptInt),
                    col("budget_currency", Text),
                    col("reason", Text),
                    col("approver_id", Id),
                    col("status", Text),
                    col("decision_note", Text),
                    col("created_by", Text),
                    col("created_at", Int),
                    col("updated_at", Int),
                    col("decided_at", OptInt),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["created_by", "decision_note"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/recruit/requisitions/{id}",
            "/api/v1/recruit/requisitions/{id}/decision",
            "/api/v1/recruit/requisitions/{id}/jobs",
        ]
    }
});

/// An assessment platform that may post results: workspace configuration for admins.
pub struct AssessmentProvider;

#[async_trait]
impl RecordKind for AssessmentProvider {
    fn module(&self) -> &'static str {
        MODULE
    }
    fn name(&self) -> &'static str {
        ASSESSMENT_PROVIDER
    }
    fn reach(&self) -> Reach {
        Reach::Admin
    }
    fn view(&self) -> Permission {
        ADMIN
    }
    fn edit(&self) -> Permission {
        ADMIN
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_assessment_providers",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("name", Text),
                    col("secret", Secret),
                    col("created_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/recruit/assessments".into())
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/recruit/assessment-providers/{id}"]
    }
}

kind!(Assessment {
    fn name(&self) -> &'static str {
        ASSESSMENT
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "recruit_assessments",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("application_id", Id),
                    col("provider_id", Id),
                    col("test", Text),
                    col("status", Text),
                    col("score", OptInt),
                    col("grade", Text),
                    col("summary", Text),
                    col("report_url", Text),
                    col("completed_at", OptInt),
                    col("received_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["summary"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/recruit/assessments/{id}"]
    }
});
