//! The core's record kinds, registered with the platform like any module's. The order of
//! [`all`] is the order of export and import: a kind comes after the kinds it refers to.

use std::sync::Arc;

use async_trait::async_trait;
use portico_authz::{Authz, Relation};
use portico_db::Db;
use portico_kernel::perm;
use portico_kernel::{AppError, Permission, UserId};
use portico_platform::ColumnType::{
    Blob, Id, Int, JsonIds, OptBytes, OptId, OptInt, OptText, Secret, Text, UniqueText,
};
use portico_platform::FacetKind::{Date, Number, Words};
use portico_platform::{Access, Class, GuestSpec, Reach, RecordKind, SearchSpec, Table, col, facet};

pub const MODULE: &str = "core";
const VIEW: Permission = Permission::new(perm::CORE, perm::VIEW);
const EDIT: Permission = Permission::new(perm::CORE, perm::EDIT);
const ADMIN: Permission = Permission::new(perm::CORE, perm::ADMIN);

/// The core's kinds, in export order.
pub fn all() -> Vec<Arc<dyn RecordKind>> {
    vec![
        Arc::new(Workspace),
        Arc::new(Unit),
        Arc::new(Role),
        Arc::new(User),
        Arc::new(Grant),
        Arc::new(ApiToken),
        Arc::new(Invitation),
        Arc::new(File),
        Arc::new(Contact),
        Arc::new(Mailbox),
        Arc::new(MailThread),
        Arc::new(MailMessage),
        Arc::new(MailAddress),
        Arc::new(BlockedSender),
        Arc::new(GuestLink),
        Arc::new(Webhook),
        Arc::new(WebhookDelivery),
        Arc::new(InboundRequest),
        Arc::new(CustomField),
        Arc::new(MailTemplate),
        Arc::new(Calendar),
        Arc::new(SiteTheme),
        Arc::new(SiteDomain),
        Arc::new(Rule),
        Arc::new(SavedReport),
        Arc::new(Notification),
        Arc::new(Task),
        Arc::new(Email),
        Arc::new(AuditEntry),
    ]
}

/// Declares a kind from its properties; `access` may be given to override the default.
macro_rules! kind {
    ($ty:ident { $($body:tt)* }) => {
        pub struct $ty;
        #[async_trait]
        impl RecordKind for $ty {
            fn module(&self) -> &'static str {
                MODULE
            }
            $($body)*
        }
    };
}

kind!(Workspace {
    fn name(&self) -> &'static str {
        portico_authz::store::WORKSPACE_KIND
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
            name: "workspaces",
            columns: &[col("id", Id), col("slug", Text), col("name", Text), col("default_locale", Text), col("created_at", Int)],
            workspace_column: "id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/settings".into())
    }
});

kind!(Unit {
    fn name(&self) -> &'static str {
        portico_authz::units::KIND
    }
    fn reach(&self) -> Reach {
        Reach::Unit { column: "id" }
    }
    fn view(&self) -> Permission {
        VIEW
    }
    fn edit(&self) -> Permission {
        portico_authz::units::MANAGE
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
            name: "units",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("parent_id", OptId),
                col("name", Text),
                col("kind", Text),
                col("created_at", Int),
                col("archived_at", OptInt),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: Some("parent_id"),
        }]
        }
    }
    fn search(&self) -> Option<SearchSpec> {
        Some(SearchSpec { title: "name", body: "kind", facets: const { &[facet("type", "kind", Words)] } })
    }
    fn custom_fields(&self) -> bool {
        true
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/settings/units/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/units/{id}", "/api/v1/units/{id}/move"]
    }
    fn affects_access(&self) -> bool {
        true
    }
});

kind!(Role {
    fn name(&self) -> &'static str {
        portico_authz::role_admin::KIND
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
            name: "roles",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("builtin_key", OptText),
                col("name", Text),
                col("permissions", Text),
                col("created_at", Int),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/roles/{id}"]
    }
    fn affects_access(&self) -> bool {
        true
    }
});

kind!(User {
    fn name(&self) -> &'static str {
        portico_auth::users::KIND
    }
    fn reach(&self) -> Reach {
        Reach::Custom
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
            name: "users",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("email", Text),
                col("name", Text),
                col("password_hash", OptText),
                col("locale", OptText),
                col("time_zone", Text),
                col("status", Text),
                col("created_at", Int),
                col("last_login_at", OptInt),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn search(&self) -> Option<SearchSpec> {
        Some(SearchSpec {
            title: "name",
            body: "email",
            facets: const { &[facet("status", "status", Words), facet("created", "created_at", Date)] },
        })
    }
    fn custom_fields(&self) -> bool {
        true
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/settings/users/{id}"))
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["email", "name"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/users/{id}", "/api/v1/users/{id}/grants", "/api/v1/users/{id}/status", "/api/v1/users/{id}/erase"]
    }
    fn affects_access(&self) -> bool {
        true
    }
    /// Staff see the people holding a role in a unit they see; everyone sees themselves and
    /// changes their own profile; admins change anyone.
    async fn access(&self, db: &Db, authz: &Authz, id: &str, write: bool) -> Result<Access, AppError> {
        let user: UserId = id.parse().map_err(|_| AppError::not_found())?;
        portico_auth::users::get(db.pool(), authz, user).await?;
        if write && (authz.is_preview() || authz.user_id() != Some(user)) {
            authz.admin()?;
        }
        Ok(Access { unit: None, cap: None })
    }
});

kind!(Grant {
    fn name(&self) -> &'static str {
        portico_authz::store::GRANT_KIND
    }
    fn reach(&self) -> Reach {
        Reach::Unit { column: "unit_id" }
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
            name: "grants",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("user_id", Id),
                col("role_id", Id),
                col("unit_id", Id),
                col("created_at", Int),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/users/{id}/grants/{grant_id}"]
    }
    fn affects_access(&self) -> bool {
        true
    }
});

kind!(ApiToken {
    fn name(&self) -> &'static str {
        portico_auth::api_tokens::KIND
    }
    fn reach(&self) -> Reach {
        Reach::Owner { column: "user_id" }
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
            name: "api_tokens",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("user_id", Id),
                col("name", Text),
                col("token_hash", Secret),
                col("prefix", Text),
                col("scopes", Text),
                col("created_at", Int),
                col("expires_at", OptInt),
                col("last_used_at", OptInt),
                col("revoked_at", OptInt),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/settings/tokens".into())
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/tokens/{id}"]
    }
    fn affects_access(&self) -> bool {
        true
    }
});

kind!(Invitation {
    fn name(&self) -> &'static str {
        portico_auth::invites::KIND
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
            name: "invitations",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("email", Text),
                col("name", Text),
                col("token_hash", Secret),
                col("role_id", Id),
                col("unit_id", Id),
                col("invited_by", OptId),
                col("created_at", Int),
                col("expires_at", Int),
                col("accepted_at", OptInt),
                col("email_id", OptId),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/settings/users".into())
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["email", "name"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/invitations/{id}"]
    }
});

kind!(File {
    fn name(&self) -> &'static str {
        portico_files::store::RECORD_TYPE
    }
    fn reach(&self) -> Reach {
        Reach::Unit { column: "unit_id" }
    }
    fn view(&self) -> Permission {
        VIEW
    }
    fn edit(&self) -> Permission {
        EDIT
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
            name: "files",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("unit_id", Id),
                col("sha256", Blob),
                col("size_bytes", Int),
                col("content_type", Text),
                col("filename", Text),
                col("uploaded_by", OptId),
                col("extracted_text", OptText),
                col("extraction_status", Text),
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
            title: "filename",
            body: "extracted_text",
            facets: const {
                &[
                    facet("type", "content_type", Words),
                    facet("size", "size_bytes", Number),
                    facet("created", "created_at", Date),
                ]
            },
        })
    }
    fn custom_fields(&self) -> bool {
        true
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/files/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/files/{id}", "/api/v1/files/{id}/content", "/api/v1/files/{id}/links"]
    }
    fn guest(&self) -> Option<GuestSpec> {
        Some(GuestSpec { children: &[] })
    }
});

kind!(Contact {
    fn name(&self) -> &'static str {
        crate::contacts::store::KIND
    }
    /// A contact in a portal sees their own record.
    async fn related(&self, _db: &Db, who: &Relation, id: &str) -> Result<(), AppError> {
        if who.contact().to_db() == id { Ok(()) } else { Err(AppError::not_found()) }
    }
    fn reach(&self) -> Reach {
        Reach::Unit { column: "unit_id" }
    }
    fn view(&self) -> Permission {
        VIEW
    }
    fn edit(&self) -> Permission {
        EDIT
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
            name: "contacts",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("unit_id", Id),
                col("name", Text),
                col("email", OptText),
                col("phone", Text),
                col("company", Text),
                col("locale", Text),
                col("created_at", Int),
                col("updated_at", Int),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }, Table {
            name: "contact_aliases",
            columns: &[col("workspace_id", Id), col("email", Text), col("contact_id", Id), col("created_at", Int)],
            workspace_column: "workspace_id",
            order_by: "email",
            parent_column: None,
        }]
        }
    }
    fn search(&self) -> Option<SearchSpec> {
        Some(SearchSpec {
            title: "name",
            body: "email",
            facets: const {
                &[
                    facet("company", "company", Words),
                    facet("created", "created_at", Date),
                    facet("updated", "updated_at", Date),
                ]
            },
        })
    }
    fn custom_fields(&self) -> bool {
        true
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/contacts/{id}"))
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["name", "email", "phone"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/contacts/{id}", "/api/v1/contacts/{id}/erase"]
    }
});

kind!(Mailbox {
    fn name(&self) -> &'static str {
        portico_mail::inbound::mailboxes::KIND
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
            name: "mailboxes",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("unit_id", Id),
                col("name", Text),
                col("address", Text),
                col("from_name", Text),
                col("consumer", Text),
                col("imap_host", Text),
                col("imap_port", Int),
                col("imap_security", Text),
                col("imap_username", Text),
                col("imap_password", Secret),
                col("imap_folder", Text),
                col("poll_seconds", Int),
                col("webhook_secret", Secret),
                col("acknowledge", Int),
                col("active", Int),
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
        Some(format!("/settings/mailboxes/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/mailboxes/{id}",
            "/api/v1/mailboxes/{id}/messages",
            "/api/v1/mailboxes/{id}/check",
            "/api/v1/mailboxes/{id}/secret",
            "/api/v1/mailboxes/{id}/deactivate",
            "/api/v1/mailboxes/{id}/activate",
        ]
    }
});

kind!(MailThread {
    fn name(&self) -> &'static str {
        portico_mail::inbound::messages::THREAD_KIND
    }
    /// A contact in a portal sees the conversations filed with them.
    async fn related(&self, db: &Db, who: &Relation, id: &str) -> Result<(), AppError> {
        filed_with(
            db,
            who,
            "SELECT id FROM mail_threads WHERE workspace_id = $1 AND id = $2 AND record_kind = 'contact' AND record_id = $3",
            id,
        )
        .await
    }
    fn class(&self) -> Class {
        Class::Telemetry
    }
    fn reach(&self) -> Reach {
        Reach::Unit { column: "unit_id" }
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
            name: "mail_threads",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("unit_id", Id),
                col("mailbox_id", Id),
                col("token", Text),
                col("subject", Text),
                col("record_kind", OptText),
                col("record_id", OptId),
                col("messages", Int),
                col("created_at", Int),
                col("last_message_at", Int),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["subject"]
    }
});

kind!(MailMessage {
    fn name(&self) -> &'static str {
        portico_mail::inbound::messages::KIND
    }
    /// A contact in a portal sees what they wrote in the conversations filed with them.
    async fn related(&self, db: &Db, who: &Relation, id: &str) -> Result<(), AppError> {
        filed_with(
            db,
            who,
            "SELECT m.id FROM mail_messages m JOIN mail_threads t ON t.id = m.thread_id
             WHERE m.workspace_id = $1 AND m.id = $2 AND t.record_kind = 'contact' AND t.record_id = $3
               AND m.kind = 'normal' AND lower(m.from_addr) = (SELECT lower(email) FROM contacts WHERE id = $3)",
            id,
        )
        .await
    }
    fn class(&self) -> Class {
        Class::Telemetry
    }
    fn reach(&self) -> Reach {
        Reach::Unit { column: "unit_id" }
    }
    fn view(&self) -> Permission {
        VIEW
    }
    fn edit(&self) -> Permission {
        ADMIN
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[
            Table {
                name: "mail_messages",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("mailbox_id", Id),
                    col("thread_id", OptId),
                    col("message_id", OptText),
                    col("in_reply_to", OptText),
                    col("references_hdr", OptText),
                    col("from_addr", Text),
                    col("from_name", Text),
                    col("to_addrs", Text),
                    col("cc_addrs", Text),
                    col("reply_to", OptText),
                    col("subject", Text),
                    col("sent_at", OptInt),
                    col("received_at", Int),
                    col("text_body", Text),
                    col("html_body", OptText),
                    col("reply_text", Text),
                    col("kind", Text),
                    col("kind_reason", Text),
                    col("thread_reason", Text),
                    col("status", Text),
                    col("status_detail", Text),
                    col("record_kind", OptText),
                    col("record_id", OptId),
                    col("forwarded_from", OptText),
                    col("raw_size", Int),
                    col("source", Text),
                    col("uid_validity", OptInt),
                    col("imap_uid", OptInt),
                    col("raw", OptBytes),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            },
            Table {
                name: "mail_attachments",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("message_id", Id),
                    col("filename", Text),
                    col("content_type", Text),
                    col("size_bytes", Int),
                    col("sha256", Blob),
                    col("content_id", OptText),
                    col("inline", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            },
        ]
        }
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/mail/{id}"))
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["from_addr", "from_name", "to_addrs", "cc_addrs", "reply_to", "subject", "text_body", "html_body", "reply_text", "forwarded_from"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/mail-messages/{id}",
            "/api/v1/mail-messages/{id}/raw",
            "/api/v1/mail-messages/{id}/attachments/{attachment_id}",
            "/api/v1/mail-messages/{id}/release",
        ]
    }
});

kind!(BlockedSender {
    fn name(&self) -> &'static str {
        portico_mail::inbound::blocked::KIND
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
                name: "blocked_senders",
                columns: &[col("id", Id), col("workspace_id", Id), col("pattern", Text), col("created_at", Int)],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/settings/mailboxes".into())
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["pattern"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/blocked-senders/{id}"]
    }
});

kind!(MailAddress {
    fn name(&self) -> &'static str {
        "mail_address"
    }
    fn class(&self) -> Class {
        Class::Telemetry
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
            name: "mail_addresses",
            columns: &[
                col("workspace_id", Id),
                col("address", Text),
                col("status", Text),
                col("reason", Text),
                col("status_at", OptInt),
                col("last_auto_answer_at", OptInt),
            ],
            workspace_column: "workspace_id",
            order_by: "address",
            parent_column: None,
        }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["address"]
    }
});

kind!(GuestLink {
    fn name(&self) -> &'static str {
        portico_auth::magic::KIND
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
            name: "magic_links",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("subject_type", Text),
                col("subject_id", Id),
                col("email", Text),
                col("label", Text),
                col("created_by", OptId),
                col("created_at", Int),
                col("expires_at", Int),
                col("revoked_at", OptInt),
                col("last_used_at", OptInt),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["email", "label"]
    }
    fn affects_access(&self) -> bool {
        true
    }
});

kind!(Webhook {
    fn name(&self) -> &'static str {
        portico_webhooks::KIND
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
            name: "webhooks",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("url", Text),
                col("secret", Text),
                col("events", Text),
                col("active", Int),
                col("created_at", Int),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/settings/webhooks/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/webhooks/{id}", "/api/v1/webhooks/{id}/deliveries"]
    }
});

kind!(WebhookDelivery {
    fn name(&self) -> &'static str {
        "webhook_delivery"
    }
    fn class(&self) -> Class {
        Class::Telemetry
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
            name: "webhook_deliveries",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("webhook_id", Id),
                col("event", Text),
                col("payload", Text),
                col("status", Text),
                col("attempts", Int),
                col("response_status", OptInt),
                col("response_excerpt", OptText),
                col("created_at", Int),
                col("delivered_at", OptInt),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
});

kind!(InboundRequest {
    fn name(&self) -> &'static str {
        portico_webhooks::inbound::KIND
    }
    fn class(&self) -> Class {
        Class::Telemetry
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
            name: "inbound_requests",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("endpoint", Text),
                col("target_id", Text),
                col("received_at", Int),
                col("remote_addr", Text),
                col("method", Text),
                col("path", Text),
                col("headers", Text),
                col("body", Text),
                col("body_size", Int),
                col("idempotency_key", OptText),
                col("outcome", Text),
                col("status_code", Int),
                col("detail", Text),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/settings/inbound/{id}"))
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["remote_addr", "headers", "body"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/inbound-requests/{id}"]
    }
});

kind!(CustomField {
    fn name(&self) -> &'static str {
        portico_fields::KIND
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
            &[
            Table {
                name: "custom_fields",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("record_type", Text),
                    col("field_key", Text),
                    col("label", Text),
                    col("field_type", Text),
                    col("options", Text),
                    col("required", Int),
                    col("show_in_list", Int),
                    col("show_in_form", Int),
                    col("position", Int),
                    col("created_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            },
            // The values of every record's fields, one JSON object per record.
            Table {
                name: "custom_values",
                columns: &[col("workspace_id", Id), col("record_type", Text), col("record_id", Id), col("fields_json", Text)],
                workspace_column: "workspace_id",
                order_by: "record_type, record_id",
                parent_column: None,
            },
        ]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/settings/fields".into())
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/custom-fields/{id}", "/api/v1/custom-values/{record_type}/{id}"]
    }
});

kind!(MailTemplate {
    fn name(&self) -> &'static str {
        portico_mail::templates::store::KIND
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
            name: "templates",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("purpose", Text),
                col("template_key", Text),
                col("locale", Text),
                col("name", Text),
                col("subject", Text),
                col("body", Text),
                col("updated_by", OptId),
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
        Some("/settings/templates".into())
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/templates/{id}"]
    }
});

kind!(Task {
    fn name(&self) -> &'static str {
        "task"
    }
    fn class(&self) -> Class {
        Class::Telemetry
    }
    fn reach(&self) -> Reach {
        Reach::Owner { column: "created_by" }
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
            name: "tasks",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("created_by", OptId),
                col("kind", Text),
                col("title", Text),
                col("status", Text),
                col("progress_done", Int),
                col("progress_total", Int),
                col("result_json", OptText),
                col("error", OptText),
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
        Some("/tasks".into())
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &[
            "/api/v1/tasks/{id}",
            "/api/v1/exports/{id}",
            "/api/v1/exports/{id}/archive",
            "/api/v1/csv-imports/{id}",
            "/api/v1/csv-imports/{id}/failed",
        ]
    }
});

kind!(Email {
    fn name(&self) -> &'static str {
        "email"
    }
    fn class(&self) -> Class {
        Class::Telemetry
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
            name: "outbound_emails",
            columns: &[
                col("id", Id),
                col("workspace_id", OptId),
                col("to_addr", Text),
                col("from_addr", Text),
                col("subject", Text),
                col("text_body", Text),
                col("html_body", OptText),
                col("message_id", UniqueText),
                col("in_reply_to", OptText),
                col("references_hdr", OptText),
                col("status", Text),
                col("attempts", Int),
                col("last_error", OptText),
                col("created_at", Int),
                col("sent_at", OptInt),
                col("mailbox_id", OptId),
                col("thread_id", OptId),
                col("cc_addrs", Text),
                col("bcc_addrs", Text),
                col("reply_to", OptText),
                col("automatic", Int),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        },
        Table {
            name: "outbound_attachments",
            columns: &[
                col("id", Id),
                col("workspace_id", OptId),
                col("email_id", Id),
                col("filename", Text),
                col("content_type", Text),
                col("size_bytes", Int),
                col("sha256", Blob),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/settings/email".into())
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["to_addr", "cc_addrs", "bcc_addrs", "subject", "text_body", "html_body"]
    }
});

kind!(AuditEntry {
    fn name(&self) -> &'static str {
        "audit_entry"
    }
    fn class(&self) -> Class {
        Class::Telemetry
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
            name: "audit_log",
            columns: &[
                col("id", Id),
                col("workspace_id", Id),
                col("actor_type", Text),
                col("actor_id", OptId),
                col("actor_label", Text),
                col("action", Text),
                col("record_type", Text),
                col("record_id", Id),
                col("unit_id", OptId),
                col("before_json", OptText),
                col("after_json", OptText),
                col("created_at", Int),
            ],
            workspace_column: "workspace_id",
            order_by: "id",
            parent_column: None,
        }]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/settings/audit".into())
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["actor_label", "before_json", "after_json"]
    }
});

kind!(Calendar {
    fn name(&self) -> &'static str {
        portico_rules::store::CALENDAR_KIND
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
                name: "calendars",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("name", Text),
                    col("time_zone", Text),
                    col("hours", Text),
                    col("holidays", Text),
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
        Some(format!("/settings/calendars/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/calendars/{id}"]
    }
});

kind!(Rule {
    fn name(&self) -> &'static str {
        portico_rules::store::KIND
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
            &[
                Table {
                    name: "rules",
                    columns: &[
                        col("id", Id),
                        col("workspace_id", Id),
                        col("name", Text),
                        col("kind", Text),
                        col("trigger_type", Text),
                        col("definition", JsonIds),
                        col("active", Int),
                        col("active_since", Int),
                        col("created_at", Int),
                        col("updated_at", Int),
                    ],
                    workspace_column: "workspace_id",
                    order_by: "id",
                    parent_column: None,
                },
                // The moments time rules already checked, per record.
                Table {
                    name: "rule_marks",
                    columns: &[
                        col("workspace_id", Id),
                        col("rule_id", Id),
                        col("record_id", Id),
                        col("moment", Int),
                        col("marked_at", Int),
                    ],
                    workspace_column: "workspace_id",
                    order_by: "rule_id, record_id, moment",
                    parent_column: None,
                },
            ]
        }
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/settings/rules/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/rules/{id}", "/api/v1/rules/{id}/active", "/api/v1/rules/{id}/runs"]
    }
});

kind!(SavedReport {
    fn name(&self) -> &'static str {
        portico_reports::store::KIND
    }
    fn reach(&self) -> Reach {
        Reach::Unit { column: "unit_id" }
    }
    fn view(&self) -> Permission {
        VIEW
    }
    fn edit(&self) -> Permission {
        EDIT
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[Table {
                name: "reports",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", Id),
                    col("name", Text),
                    col("definition", JsonIds),
                    col("schedule", Text),
                    col("recipients", JsonIds),
                    col("time_zone", Text),
                    col("next_send_at", OptInt),
                    col("last_sent_at", OptInt),
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
        Some(format!("/reports/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/reports/{id}", "/api/v1/reports/{id}/answer", "/api/v1/reports/{id}/csv"]
    }
});

kind!(Notification {
    fn name(&self) -> &'static str {
        crate::notifications::KIND
    }
    fn class(&self) -> Class {
        Class::Telemetry
    }
    fn reach(&self) -> Reach {
        Reach::Owner { column: "user_id" }
    }
    fn view(&self) -> Permission {
        ADMIN
    }
    fn edit(&self) -> Permission {
        ADMIN
    }
    fn tables(&self) -> &'static [Table] {
        const {
            &[
                Table {
                    name: "notifications",
                    columns: &[
                        col("id", Id),
                        col("workspace_id", Id),
                        col("user_id", Id),
                        col("kind", Text),
                        col("title", Text),
                        col("body", Text),
                        col("link", Text),
                        col("record_kind", OptText),
                        col("record_id", OptId),
                        col("read_at", OptInt),
                        col("emailed_at", OptInt),
                        col("created_at", Int),
                    ],
                    workspace_column: "workspace_id",
                    order_by: "id",
                    parent_column: None,
                },
                Table {
                    name: "notification_prefs",
                    columns: &[col("workspace_id", Id), col("user_id", Id), col("kind", Text), col("email", Text)],
                    workspace_column: "workspace_id",
                    order_by: "user_id, kind",
                    parent_column: None,
                },
            ]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/notifications".into())
    }
    fn personal_data(&self) -> &'static [&'static str] {
        &["title", "body"]
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/notifications/{id}/read"]
    }
});

kind!(SiteTheme {
    fn name(&self) -> &'static str {
        portico_sites::theme::KIND
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
                name: "site_themes",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("unit_id", OptId),
                    col("path", Text),
                    col("title", Text),
                    col("primary_color", Text),
                    col("accent_color", Text),
                    col("font", Text),
                    col("custom_css", Text),
                    col("default_locale", Text),
                    col("logo_type", OptText),
                    col("updated_at", Int),
                    col("logo", OptBytes),
                    col("contact_email", Text),
                    col("linkedin_company", Text),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn page(&self, id: &str) -> Option<String> {
        Some(format!("/settings/site/{id}"))
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/site-themes/{id}", "/api/v1/site-themes/{id}/logo"]
    }
});

kind!(SiteDomain {
    fn name(&self) -> &'static str {
        portico_sites::domains::KIND
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
                name: "site_domains",
                columns: &[
                    col("id", Id),
                    col("workspace_id", Id),
                    col("theme_id", Id),
                    col("host", Text),
                    col("site", Text),
                    col("created_at", Int),
                ],
                workspace_column: "workspace_id",
                order_by: "id",
                parent_column: None,
            }]
        }
    }
    fn page(&self, _id: &str) -> Option<String> {
        Some("/settings/site".into())
    }
    fn api_paths(&self) -> &'static [&'static str] {
        &["/api/v1/site-domains/{id}"]
    }
});

/// Whether one of `table`'s rows named `id` belongs to the portal visitor: the row's
/// `record_kind`/`record_id` (for messages, its thread's) name their contact.
async fn filed_with(db: &Db, who: &Relation, sql: &'static str, id: &str) -> Result<(), AppError> {
    let found: Option<(String,)> = sqlx::query_as(sql)
        .bind(who.workspace().to_db())
        .bind(id.to_string())
        .bind(who.contact().to_db())
        .fetch_optional(db.pool())
        .await
        .map_err(portico_db::db_error)?;
    found.map(|_| ()).ok_or_else(AppError::not_found)
}
