# Portico — English

## Shell and navigation
nav-home = Home
nav-files = Files
nav-tasks = Tasks
nav-workspace = Workspace
nav-units = Units
nav-users = Users
nav-tokens = API tokens
nav-roles = Roles
nav-fields = Custom fields
nav-webhooks = Webhooks
nav-email = E-mail log
nav-audit = Audit log
search-submit = Search
search-title = Search
search-nothing = Nothing matches. Try fewer or shorter words.
view-as-title = View as a role
view-as-intro = Preview the workspace exactly as someone with this role on this unit sees it. Read-only.
view-as-start = Start preview

## Fields (labels, also used in error messages)
field-workspace = Workspace name
field-name = Name
field-email = E-mail
field-password = Password
field-current-password = Current password
field-new-password = New password
field-locale = Language
field-time-zone = Time zone
field-unit = Unit
field-unit-id = Unit
field-parent = Parent unit
field-parent-id = Parent unit
field-kind = Kind
field-role = Role
field-role-id = Role
field-label = Label
field-key = Key
field-options = Options
field-record-type = Record type
field-field-type = Field type
field-required = Required
field-show-in-list = Show in lists
field-show-in-form = Show in forms
field-position = Position
field-events = Events
field-url = URL
field-file = File
field-filename = File name
field-scopes = Scopes
field-permissions = Permissions
field-permission = Permission
field-status = Status
field-slug = Workspace address
field-expires-in-hours = Valid for (hours)
field-expires-in-days = Expires after (days)
field-user-id = User
password-hint = At least 10 characters.

## Sign-in and account
setup-title = Create your workspace
setup-intro = This is the first start of Portico. Name your workspace and create its owner account.
setup-submit = Create workspace
login-title = Sign in
login-choose-workspace = Your address has an account in several workspaces. Choose one and enter your password again.
field-workspace-choice = Workspace
login-submit = Sign in
forgot-link = Forgot your password?
forgot-title = Reset your password
forgot-submit = Send me a link
reset-title = Choose a new password
reset-submit = Set password
invite-title = Join your team
invite-intro = You are invited to { $workspace }. Choose your name and password to start.
invite-submit = Create my account
password-title = Password
password-change = Change password
password-other-sessions = Your other sessions will be signed out.
profile-title = Your profile

## Dashboard and lists
dashboard-title = Overview
recent-activity = Recent activity
no-activity = No activity yet.
see-audit = See the full audit log
count-users = { $count ->
    [one] { $formatted } user
   *[other] { $formatted } users
}

## Tasks
tasks-empty = No tasks yet. Long work such as imports, exports and re-indexing shows up here with its progress.
reindex = Rebuild search index
task-status-queued = Queued
task-status-running = Running
task-status-done = Done
task-status-failed = Failed

## Files
upload-title = Upload a file
upload-hint = PDF, Word (.docx), text, CSV or images, up to 25 MB. The type is checked from the content.
upload-submit = Upload
files-empty = No files yet. Upload a CV, a contract or any document to find it later by its content.
extraction = Text
extraction-pending = being extracted
extraction-done = extracted
extraction-failed = could not be read
extraction-none = not applicable
extracted-text = Text found in the file
guest-links = Guest links
link-copy-now = Copy this link now; it is shown only once:
guest-intro = Someone shared this file with you.
file-move-to = Move to unit

## Units
units-intro = Units are the compartments of your workspace: regions, franchises, agencies, brands or teams. People see the records of the units they are granted, including sub-units.
unit-new = New unit
unit-create = Create unit
unit-move-to = Move under
unit-move = Move
unit-archive = Archive unit
kind-placeholder = agency, brand, team…

## Users and roles
invite-new = Invite someone
invite-send = Send invitation
invite-link-once = Invitation sent. You can also hand over this link (shown once):
pending-invitations = Pending invitations
status-active = Active
status-disabled = Disabled
user-disable = Disable account
user-enable = Enable account
grants-title = Roles and units
grant-add = Give role
explain-title = Why can this person see this?
explain-submit = Explain
explain-allowed = Allowed
explain-denied = Not allowed
role-new = New custom role
role-create = Create role
module-core = Workspace
module-recruit = Recruit
module-desk = Desk
module-partners = Partners
action-view = View
action-create = Create
action-edit = Edit
action-delete = Delete
action-export = Export
action-admin = Administer
why-grants = The role { $role } on { $granted_on } includes { $permission } and covers { $unit }.
why-outside = The role { $role } on { $granted_on } includes { $permission }, but { $unit } is outside { $granted_on }.
why-not-in-role = The role { $role } on { $granted_on } does not include { $permission }.
why-no-role = This person holds no role.
why-token-scope = The API token is not allowed { $permission }.
why-preview = A preview can change nothing.

## Settings
hub-units = The tree of regions, franchises, agencies or teams.
hub-users = Invite people and give them roles on units.
hub-roles = Built-in and custom roles; preview what a role sees.
hub-fields = Extra fields on units, users and files.
hub-webhooks = Send every change to another system, signed.
hub-email = What Portico sent, and whether it arrived.
hub-audit = Who changed what, when; export it.
fields-empty = No custom fields yet.
field-new = New custom field
field-create = Add field
options-hint = For select fields: options separated by commas.
webhooks-intro = Portico sends a signed POST for every change you subscribe to. Failed deliveries are retried with back-off.
webhook-new = New webhook
webhook-create = Add webhook
events-hint = Comma-separated, for example unit.create. Leave empty for every event.
signing-secret = Signing secret
signing-hint = Verify X-Portico-Signature: t=timestamp,v1=HMAC-SHA256(secret, "timestamp.body").
deliveries = Deliveries
deliveries-empty = Nothing delivered yet.
email-empty = No e-mail sent yet.

## API tokens
tokens-intro = Personal tokens let scripts use the API as you. Send them as "Authorization: Bearer <token>".
token-new = New token
token-create = Create token
token-copy-now = Copy your token now; it will not be shown again:
limit-scopes = Limit to some permissions (optional)

## Notices
notice-welcome = Welcome to Portico!
notice-signed-out = You are signed out.
notice-saved = Saved.
notice-deleted = Deleted.
notice-unit-created = Unit created.
notice-unit-moved = Unit moved.
notice-unit-archived = Unit archived.
notice-invited = Invitation sent.
notice-invitation-revoked = Invitation withdrawn.
notice-role-created = Role created.
notice-field-created = Field added.
notice-webhook-created = Webhook added.
notice-token-created = Token created.
notice-token-revoked = Token revoked.
notice-file-uploaded = File uploaded.
notice-file-moved = File moved.
notice-file-deleted = File deleted.
notice-link-created = Link created.
notice-link-revoked = Link revoked.
notice-profile-saved = Profile saved.
notice-password-changed-here = Password changed. Your other sessions are signed out.
notice-password-changed = Password changed. Sign in with your new password.
notice-reset-sent = If an account uses this address, a link to reset its password is on its way.
notice-task-started = Started. Follow its progress below.
nav-data = Data
hub-data = Export the workspace, or import an archive as a copy.
data-export-title = Export this workspace
data-export-intro = One archive with every record and file of the workspace, to keep or to import into another Portico. Only administrators can download it; it holds everything, so store it safely.
data-export-start = Export now
data-import-title = Import a copy
data-import-intro = Import a Portico archive as a new workspace beside this one: a sandbox to try things out, or a workspace from another install. People keep their passwords; tokens and links do not carry over.
data-import-slug-hint = The new workspace's address: lowercase letters, digits and dashes.
data-import-start = Import
notice-export-started = The export has started. It appears below with its progress.
notice-import-started = The archive was checked and its import has started.
