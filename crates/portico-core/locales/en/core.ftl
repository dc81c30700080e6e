# Portico — English

## Shell and navigation
nav-home = Home
nav-files = Files
nav-tasks = Operations
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
search-kinds = Kinds of records
search-kind-all = Everything
search-tips = Search tips
search-tip-word = word
search-tip-phrase = These words, together and in this order.
search-tip-without = Leave out what has this word.
search-tip-unit = In this unit and the units under it (its name or id).
search-tip-facets = Files of a type, larger than a size in bytes; also company: for contacts and status: for people.
search-tip-dates = Made on a day, in a month or a year, or between two of them (also updated: for contacts).
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
field-content-type = Type
field-size = Size
field-extraction-status = Text reading
field-expires-at = Expires
field-active = Active
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
tasks-empty = No operations yet. Long work such as imports, exports and re-indexing shows up here with its progress.
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
invite-link-once = Invitation created; its e-mail is on its way (see its state below). You can also hand over this link (shown once):
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
events-hint = Comma-separated event names, for example
events-hint-empty = Leave empty for every event.
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
notice-invited = Invitation created.
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
record-kind-workspace = Workspace
record-kind-unit = Unit
record-kind-role = Role
record-kind-user = Person
record-kind-grant = Role assignment
record-kind-api_token = API token
record-kind-invitation = Invitation
record-kind-file = File
record-kind-guest_link = Guest link
record-kind-webhook = Webhook
record-kind-webhook_delivery = Webhook delivery
record-kind-custom_field = Custom field
record-kind-task = Task
record-kind-email = E-mail
record-kind-audit_entry = Audit entry
users-empty = Nobody matches these filters.
users-enable = Enable
users-disable = Disable
users-disable-confirm = Disable the selected people? They are signed out at once and cannot sign in until enabled again.
mime-pdf = PDF
mime-word = Word document
mime-spreadsheet = Spreadsheet
mime-text = Text
mime-image = Image
mime-other = Other
files-delete-confirm = Delete the selected files? Their guest links stop working.
audit-verb-create = { $kind } created
audit-verb-update = { $kind } changed
audit-verb-delete = { $kind } deleted
audit-verb-revoke = { $kind } revoked
audit-verb-move = { $kind } moved
audit-verb-archive = { $kind } archived
audit-verb-accept = { $kind } accepted
audit-verb-upload = { $kind } uploaded
audit-verb-extract = Text read from { $kind }
audit-verb-merge = { $kind } merged with a duplicate
audit-verb-other = { $kind } changed
audit-action-user-login = Signed in
audit-action-user-logout = Signed out
audit-action-user-lock = Account locked after failed sign-ins
audit-action-user-password-reset = Password reset
audit-action-invitation-accept = Invitation accepted
actor-user = in person
actor-api-token = with an API token
actor-guest = through a guest link
actor-system = Portico
audit-raw-export = Raw export (CSV)
yes = Yes
no = No
email-status-pending = Queued
email-status-sent = Sent
email-status-failing = Not delivered yet
col-invitation-mail = Delivery
invitation-revoke-confirm = Withdraw this invitation? Its link stops working.
task-kind-search-reindex = Rebuild the search index
task-kind-archive-export = Export of the workspace
task-kind-archive-import = Import of a copy
webhook-all-events = Every event
webhook-deactivate-confirm = Deactivate the selected webhooks? Deliveries still queued are cancelled.
webhooks-empty = No webhook yet: add one below to send every change to another system.
field-type-text = Text
field-type-number = Number
field-type-date = Date
field-type-select = Choice
field-type-multi_select = Several choices
field-type-checkbox = Yes / no
field-type-url = Web address
user-disable-confirm = Disable this person? They are signed out at once and cannot sign in until enabled again.
grant-remove-confirm = Remove this role? The person loses what it allowed at once.
grant-admin-confirm = This role gives full control of the workspace: every unit, person and setting. Give it?
unit-move-confirm = Move this unit and everything under it? People with roles above it may gain or lose access.
nav-contacts = Contacts
contacts-intro = The people you deal with who are not staff: customers, candidates, partners.
contacts-empty = No contact matches. Add the first one below.
contact-new = Add a contact
contact-create = Add contact
contact-delete-confirm = Delete this contact and their custom values?
contacts-delete-confirm = Delete the selected contacts and their custom values?
notice-contact-created = Contact added.
notice-contact-deleted = Contact deleted.
contact-erase = Erase personal data
contact-erase-confirm = Erase this person's name, address and phone here and everywhere Portico holds them (history, e-mails, notifications)? Their record stays, without saying who they were. This cannot be undone.
notice-contact-erased = Personal data erased.
audit-verb-erase = Personal data of { $kind } erased
field-phone = Phone
field-company = Company
col-updated = Updated
record-kind-contact = Contact
mail-failure-unreachable = The mail server could not be reached: check the SMTP settings. Portico keeps trying.
mail-failure-auth = The mail server refused Portico's user name or password: check the SMTP settings.
mail-failure-rejected = The mail server refused this address.
mail-failure-tls = The secure connection to the mail server failed: check its certificate and the TLS setting.
mail-failure-other = The mail server did not accept the message. Portico keeps trying.
webhook-deactivate-one-confirm = Deactivate this webhook? Deliveries still queued are cancelled.
delivery-status-pending = Waiting
delivery-status-delivered = Delivered
delivery-status-failed = Failed
delivery-status-cancelled = Cancelled
user-erase = Erase personal data
user-erase-confirm = Erase this person's name and address here and everywhere Portico holds them (history, e-mails, invitations)? Their sessions, tokens, notifications and roles go too. What they did stays, without saying who they were. This cannot be undone.
notice-user-erased = Personal data erased.
error-conflict-for-status = Disable this account before erasing it.
field-subject-type = Shared record

nav-import = Import
hub-import = Move in from another product: jobs, candidates and their CVs, applications, from CSV files.
task-kind-imports-run = Import from CSV
task-kind-imports-check = Dry run of an import
import-upload-title = Send the files to import
import-intro = Send one CSV, or a ZIP with one CSV per sheet (named as below, such as candidates.csv) and the files they name (a folder of CVs). Columns are matched by their names; you check the mapping and run a dry run before anything is written.
import-what = Import into
import-sheet = Sheet
import-sheet-by-name = From the file's name
import-sheet-hint = For a lone CSV whose name is not the sheet's.
import-read = Read the file
import-recent = Recent imports
import-mapping-title = Match the columns
import-files-count = { $count ->
    [0] no other file
    [one] one other file (CVs)
   *[other] { $formatted } other files (CVs)
}
import-rows-count = { $count ->
    [0] no rows
    [one] one row
   *[other] { $formatted } rows
}
import-missing = A required field has no column yet: choose one below.
import-col-field = Field
import-col-column = Column of the file
import-col-example = First row
import-not-imported = Not imported
import-check = Dry run
import-now = Import now
import-anyway = Import the rows that pass
import-change-mapping = Change the mapping
import-rerun-hint = Rows with an external id already imported update their record: you can import again until you switch over.
import-run-title = Import
import-check-title = Dry run
import-summary = What it does
import-check-clean = Every row passes: nothing was written yet.
import-done-clean = Every row was imported.
import-failed-count = { $count ->
    [one] One row fails: it is listed below with its reason.
   *[other] { $formatted } rows fail: they are listed below with their reason.
}
import-created = Created
import-updated = Updated
import-would-create = Would create
import-would-update = Would update
import-unchanged = Unchanged
import-failed = Failed
import-failures = Rows that fail
import-line = Line
import-reason = Reason
import-download-failed = Download the failed rows
