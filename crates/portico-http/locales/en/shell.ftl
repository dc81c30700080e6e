# Portico — English

## Shell and navigation
skip-to-content = Skip to content
nav-settings = Settings
nav-label = Main navigation
search-label = Search
search-placeholder = Search everything (Ctrl+K)
sign-out = Sign out
language = Language
back-to-form = Back to the form
back-home = Back to the home page
view-as-active = You are previewing what another role sees. Nothing can be changed in this mode.
view-as-exit = Stop preview

## Common words
save = Save
delete = Delete
remove = Remove
copy = Copy
download = Download
share = Create link
revoke = Revoke
revoked = Revoked
active = Active
inactive = Inactive
deactivate = Deactivate
actions = Actions
filter = Filter
next-page = Next page
export-csv = Export CSV
builtin = built-in
confirm-delete = Delete this for good?
confirm-archive = Archive this unit?
key = Key
all-permissions = all of yours

## Columns
col-name = Name
col-type = Type
col-size = Size
col-time = When
col-actor = Who
col-action = Action
col-record = Record
col-change = Change
col-status = Status
col-progress = Progress
col-task = Task
col-expires = Expires
col-last-used = Last used
col-last-login = Last sign-in
col-permissions = Permissions
col-scopes = Scopes
col-subject = Subject
col-to = To
col-shown = Shown
col-attempts = Attempts
type-file = File

## Fields (labels, also used in error messages)
field-limit = Page size
field-cursor = Page cursor

## Dashboard and lists
count-results = { $count ->
    [one] { $formatted } result
   *[other] { $formatted } results
}

## Errors
error-with-field = { $field }: { $message }
error-not-found = Not found.
error-forbidden = You do not have permission to do this.
error-unauthenticated = Please sign in.
error-invalid-credentials = Wrong e-mail or password.
error-account-locked = Too many failed attempts. Try again in 15 minutes or reset your password.
error-rate-limited = Too many requests. Wait a minute and try again.
error-looks-automated = This form was sent too quickly or filled by a program. Wait a moment and send it again.
error-csrf-failed = Your form expired. Reload the page and try again.
error-link-expired = This link has expired, was already used, or was revoked.
error-required = This field is required.
error-too-long = This value is too long.
error-too-short = This value is too short.
error-invalid-email = This is not a valid e-mail address.
error-invalid-value = This value is not allowed.
error-template-syntax = This template cannot be read: check its {"{{"} … {"}}"} and {"{%"} … {"%}"} parts.
error-unknown-placeholder = This template uses a placeholder that does not exist here.
error-invalid-url = This is not a valid http(s) address.
error-invalid-number = This is not a valid number.
error-invalid-date = This is not a valid date (YYYY-MM-DD).
error-invalid-credentials-for-current-password = This is not your current password.
error-too-short-for-password = Use at least 10 characters.
error-too-short-for-new-password = Use at least 10 characters.
error-already-exists-for-email = Someone in this workspace already has this address.
error-already-exists = This value is already taken.
error-invitation-pending = An invitation to this address is already waiting to be accepted.
error-conflict = This cannot be done in the current state.
error-malformed-json = The request body is not valid JSON.
error-bad-request = The request is malformed.
error-payload-too-large = The upload or request is too large.
error-unsupported-media-type = This type of content is not accepted.
error-bad-cursor = The page link is invalid.
error-method-not-allowed = This method is not allowed here.
error-uri-too-long = The address is too long.
error-internal = Something went wrong on our side. It has been logged.
error-unavailable = The service is not ready.
size-b = { $n } B
size-kb = { $n } KB
size-mb = { $n } MB
size-gb = { $n } GB
list-empty = Nothing here yet.
list-no-match = Nothing matches this search.
list-clear-filters = Clear the search and filters
list-remove-filter = Remove filter
list-columns = Columns
list-apply = Apply
list-first-page = First page
list-select-all = Select all rows
list-select-row = Select this row
list-selected = %n selected
palette-label = Command palette
palette-placeholder = Search or jump to…
palette-results = Results
palette-keys = ↑ ↓ to move · Enter to open · Esc to close
palette-go-to = Go to
palette-everything = Everything
palette-search-for = All results for “{ $q }”
confirm-title = Are you sure?
confirm-yes = Yes, go ahead
cancel = Cancel
role-owner = Owner
role-admin = Admin
role-manager = Manager
role-member = Member
filter-all = All
col-created = Created
pair = { $label }: { $value }
file-choose = Choose a file
file-none = No file chosen

# Public sites
site-sections = Sections of the site
site-back-home = Back to the home page
