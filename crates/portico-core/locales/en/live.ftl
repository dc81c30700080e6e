# Notifications and presence
nav-notifications = Notifications
notification-preferences = E-mail settings
notification-preferences-intro = Your notifications always show under the bell. Choose which also reach you by e-mail: at once, in one message each morning, or never.
notifications-read-all = Mark all as read
notifications-empty = Nothing new. When someone mentions you, gives you something to do or a rule tells you of something, it shows here.
notification-unread = Unread:
notice-notifications-read = All marked as read.
notifications-digest = { $count ->
    [one] One notification is waiting for you
   *[other] { $formatted } notifications are waiting for you
}
notification-kind-mention = Mentions
notification-kind-mention-hint = Someone names you in a note or a comment.
notification-kind-assignment = Assignments
notification-kind-assignment-hint = Something is given to you to handle.
notification-kind-approval = Approvals
notification-kind-approval-hint = Something waits for your decision.
notification-kind-rule = Rules
notification-kind-rule-hint = A rule of the workspace tells you of something.
notification-kind-task = Long tasks
notification-kind-task-hint = An export, import or other long task you started has finished.
notification-kind-alert = Alerts
notification-kind-alert-hint = A search you saved has new matches.
notification-kind-activity = Activity
notification-kind-activity-hint = News of what you follow: a new application, a candidate moving on. In the morning digest unless you choose otherwise.
notification-email-instant = At once
notification-email-daily = Morning digest
notification-email-never = Never
presence-typing = is typing…
presence-also-here = Also here:
rule-action-notify = Notify people
rule-param-message = Message
purpose-notification = Notification
purpose-notification-hint = The e-mail that tells someone of a notification, or each morning of several.
placeholder-notification-title = What happened
placeholder-notification-body = Details
record-kind-notification = Notification
field-actions-n-message = Action { $n }, message
field-preferences-n-email = E-mail choice { $n }
notification-task-done = Finished: { $task }
notification-task-failed = Failed: { $task }
