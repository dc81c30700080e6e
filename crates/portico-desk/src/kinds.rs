//! Desk's record kinds, registered with the platform. The order of [`all`] is the order of
//! export and import: a kind comes after the kinds it refers to.

use std::sync::Arc;

use portico_platform::ColumnType::{Blob, Id, Int, OptId, OptInt, Text};
use portico_platform::FacetKind::{Date, Words};
use portico_platform::{RecordKind, SearchSpec, Table, col, facet};

use crate::{EDIT, MODULE, VIEW};

pub const GROUP: &str = "desk_group";
pub const TICKET: &str = "desk_ticket";
pub const COMMENT: &str = "desk_comment";
pub const TIME_ENTRY: &str = "desk_time_entry";
pub const ATTACHMENT: &str = "desk_attachment";

/// Desk's kinds, in export order.
pub fn all() -> Vec<Arc<dyn RecordKind>> {
    vec![Arc::new(Group), Arc::new(Ticket), Arc::new(Comment), Arc::new(Attachment), Arc::new(TimeEntry)]
}

macro_rules! kind {
    ($ty:ident { $($body:tt)* }) => {
        portico_platform::unit_kind!($ty, MODULE, VIEW, EDIT, { $($body)* });
    };
}

kind!(Group {
    fn name(&self) -> &'static str {
        GROUP
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "desk_groups",
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
            }]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/desk/groups".into())
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/desk/groups/{id}"]
    }
});

kind!(Ticket {
    fn name(&self) -> &'static str {
        TICKET
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "desk_tickets",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("number", Int),
                    col("subject", Text),
                    col("description", Text),
                    col("status", Text),
                    col("priority", Text),
                    col("ticket_type", Text),
                    col("channel", Text),
                    col("requester_id", Id),
                    col("group_id", OptId),
                    col("assignee_id", OptId),
                    col("tags", Text),
                    col("thread_id", OptId),
                    col("version", Int),
                    col("created_at", Int),
                    col("updated_at", Int),
                    col("solved_at", OptInt),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn search(&self) -> Option<SearchSpec> {
        Some(SearchSpec {
            title: "subject",
            // What the requester first wrote, their name and address, and the tags.
            body: "description || ' ' || tags || ' ' || COALESCE((SELECT c.name || ' ' || COALESCE(c.email, '') \
                   FROM contacts c WHERE c.id = desk_tickets.requester_id), '')",
            facets: const {
                &[
                    facet("status", "status", Words),
                    facet("priority", "priority", Words),
                    facet("channel", "channel", Words),
                    facet("created", "created_at", Date),
                ]
            },
        })
    }
    fn custom_fields(&self) -> bool {
        true
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/desk/tickets/{id}"))
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["subject", "description"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/desk/tickets/{id}",
            "/api/v1/desk/tickets/{id}/comments",
            "/api/v1/desk/tickets/{id}/merge",
            "/api/v1/desk/tickets/{id}/time-entries",
        ]
    }
});

kind!(Comment {
    fn name(&self) -> &'static str {
        COMMENT
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "desk_comments",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("ticket_id", Id),
                    col("author_user_id", OptId),
                    col("author_contact_id", OptId),
                    col("public", Int),
                    col("body", Text),
                    col("message_id", OptId),
                    col("email_id", OptId),
                    col("created_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["body"]
    }
});

kind!(Attachment {
    fn name(&self) -> &'static str {
        ATTACHMENT
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "desk_attachments",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("comment_id", OptId),
                    col("token", Text),
                    col("filename", Text),
                    col("content_type", Text),
                    col("size_bytes", Int),
                    col("sha256", Blob),
                    col("uploaded_by", OptId),
                    col("created_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["filename"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/desk/attachments/{id}"]
    }
});

kind!(TimeEntry {
    fn name(&self) -> &'static str {
        TIME_ENTRY
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "desk_time_entries",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("ticket_id", Id),
                    col("user_id", Id),
                    col("minutes", Int),
                    col("note", Text),
                    col("started_at", OptInt),
                    col("created_at", Int),
                    col("updated_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/desk/time-entries/{id}"]
    }
});
