# Reports
nav-reports = Reports
reports-intro = Counts over time, per person, unit or kind, drawn as a chart with the table of the same numbers. Save a report to share it with a unit or to receive it by e-mail.
report-new = New report
report-starts = Start from
report-start-activity = Activity per person
report-start-activity-hint = Every change made in the workspace, per day and per person, over 30 days.
report-start-files = Files per unit
report-start-files-hint = How many files each unit holds and their size, uploaded over the last year.
report-start-kinds = What changed, week by week
report-start-kinds-hint = Changes per week and kind of record, over 90 days.
reports-saved = Saved reports
reports-empty = No saved report yet. Start from one above, then save it.
report-dataset = Data
report-shared-with = Shared with
report-shared-hint = Everyone who sees this unit sees the report, each with their own units' numbers.
report-schedule = Sent by e-mail
schedule-none = Never
schedule-daily = Every morning
schedule-weekly = Every Monday
schedule-monthly = On the 1st of the month
report-group-by = Group by
report-then-by = Then by
report-period = Period
report-last-days = { $count ->
    [one] Today
   *[other] Last { $formatted } days
}
report-chart = Chart
chart-line = Lines
chart-bar = Bars
chart-stacked = Stacked bars
chart-funnel = Funnel
chart-table = Table only
report-all-units = All units
report-metrics = Numbers
report-show = Show
report-nothing = Nothing was counted in this period.
report-choose = Choose what to count above.
report-total = Total
report-save = Save this report
report-save-changes = Save the changes
report-recipients = Send to
report-recipients-hint = Each person receives the numbers of the units they see, with the CSV attached.
report-delete-confirm = Delete this report? Its numbers stay in the data.
report-other = Others
report-none = None
report-someone = Someone else
report-week-of = Week of { $date }
report-grain-day = Day
report-grain-week = Week
report-grain-month = Month
report-by-actor = Person
report-by-kind = Kind of record
report-by-action = Change
report-open = Open “{ $name }” in Portico
dataset-activity = Activity
dataset-activity-hint = Every change recorded in the audit log.
dataset-files = Files
dataset-files-hint = Files uploaded, by unit and type.
metric-events = Changes
metric-files = Files
metric-bytes = Size
notice-report-saved = Report saved.
notice-report-deleted = Report deleted.
record-kind-report = Report
field-recipients = Recipients
field-schedule = Sent by e-mail
field-days = Period
field-metrics = Numbers
field-group-by = Group by
field-group-by-n = Grouping { $n }
field-metrics-n = Number { $n }
report-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
