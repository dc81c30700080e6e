# Recruit: navigation and record kinds
nav-recruit = Recruit
nav-recruit-jobs = Jobs
nav-recruit-candidates = Candidates
site-careers = Careers
record-kind-recruit_job = Job
record-kind-recruit_stage = Pipeline stage
record-kind-recruit_candidate = Candidate
record-kind-recruit_application = Application
record-kind-recruit_document = Candidate document
record-kind-recruit_comment = Comment on an application
record-kind-recruit_assessment = Assessment result
record-kind-recruit_assessment_provider = Assessment platform
audit-action-recruit-job-status = Job opened, paused or closed
audit-action-status-hire = Candidate hired
audit-action-status-reject = Application rejected
audit-action-status-withdraw = Application withdrawn by the candidate
recruit-reject-notify = E-mail the candidate (the message “Application not taken further”, in their language)
purpose-recruit-rejected = Application not taken further
purpose-recruit-rejected-hint = Sent to a candidate when the team turns their application down and chooses to tell them.
purpose-recruit-received = Application received
purpose-recruit-received-hint = Sent to a candidate right after they apply on the career site.
placeholder-job = Job title

# Fields
field-location = Location
field-department = Department
field-description = Description
field-contract = Contract
field-workplace = Workplace
field-salary-min = From
field-salary-max = To
field-salary-currency = Currency
field-salary-period = Per
field-ad-locale = Language of the ad
field-stage = Stage
field-reason = Reason
field-source = Source
field-headline = Headline
field-skills = Skills
field-links = Links
field-languages = Languages
field-experience = Experience
field-education = Education
recruit-languages-hint = Separated by commas, e.g. English, French.
recruit-lines-hint = One per line.
recruit-from-cv = From the CV
recruit-from-cv-hint = Read from the newest CV: empty profile fields were filled from it. Shown here: what it says that the profile does not.
recruit-present = present
field-cv = CV
field-cover-letter = Cover letter
field-consent = Consent
field-body = Comment
field-rating = Rating
field-consent-until = Kept until
field-reject-reason = Reason for rejection
field-category = Kind of stage
field-candidate-id = Candidate
field-application-id = Application
field-stage-id = Stage

# Values
status-draft = Draft
status-open = Open
status-paused = Paused
status-closed = Closed
value-contract-permanent = Permanent
value-contract-fixed_term = Fixed-term
value-contract-internship = Internship
value-contract-apprenticeship = Apprenticeship
value-contract-freelance = Freelance
value-contract-temporary = Temporary
value-workplace-onsite = On site
value-workplace-hybrid = Hybrid
value-workplace-remote = Remote
value-salary-period-year = per year
value-salary-period-month = per month
value-salary-period-hour = per hour
value-category-new = New
value-category-screen = Screening
value-category-interview = Interview
value-category-offer = Offer
value-category-hired = Hired
status-rejected = Not selected
status-hired = Hired
status-withdrawn = Withdrawn
value-reject-reason-experience = Not enough experience
value-reject-reason-skills = Skills do not match
value-reject-reason-salary = Salary expectations
value-reject-reason-location = Location
value-reject-reason-position_filled = Position filled
value-reject-reason-other = Other reason
value-source-career_site = Career site
value-source-api = Added by the team
value-source-referral = Employee referral
value-source-linkedin = LinkedIn
value-source-indeed = Indeed
value-source-facebook = Facebook
value-source-x = X (Twitter)
value-source-email = Shared by e-mail
value-source-rss = RSS feed
value-source-job_board_api = Job board API
value-source-google = Google

# Jobs
recruit-jobs-intro = Your open positions and where their candidates stand. Open a job to see its board.
recruit-jobs-empty = No job yet. Write your first ad: it goes on your career site as soon as you publish it.
recruit-job-new = New job
recruit-job-edit = Edit the job
recruit-job-publish = Publish
recruit-job-save-draft = Save as draft
recruit-action-publish = Publish
recruit-action-pause = Pause
recruit-action-close = Close the job
recruit-action-resume = Publish again
recruit-action-reopen = Reopen
recruit-job-view-public = View on the career site
recruit-location-hint = A city, e.g. Lyon. Leave empty for a remote job.
recruit-salary = Salary (optional, shown on the ad)
recruit-col-new = New
recruit-col-active = In progress
recruit-col-hired = Hired
notice-recruit-job-created = The job is saved.
notice-recruit-moved = The candidate was moved.
notice-recruit-rejected = The application was rejected.
notice-recruit-commented = Your comment is saved.

# Board
recruit-board-help = Drag a candidate to another stage, or focus a card and press the left or right arrow key. Each card also has a Move button.
recruit-move = Move
recruit-move-to = Move to
recruit-days-in-stage = Days in this stage
recruit-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
recruit-comments = { $count ->
    [one] { $count } comment
   *[other] { $count } comments
}
recruit-rejected-count = { $count ->
    [one] { $count } rejected candidate
   *[other] { $count } rejected candidates
}

# Application and candidate pages
recruit-comment = Comment for the hiring team
recruit-comment-add = Add the comment
recruit-rating = Rating
recruit-no-rating = No rating
recruit-timeline = Activity
recruit-moved-from = Moved from
recruit-moved-to = to
recruit-applied-in = Applied, placed in
recruit-reject = Reject
recruit-details = Details
recruit-applied = Applied
recruit-open-profile = Open the candidate's profile
recruit-open-contact = Open the contact
recruit-documents = Documents
recruit-no-documents = No document.
recruit-unreadable = its text could not be read
recruit-other-applications = Other applications
recruit-applications = Applications
recruit-no-applications = No application.
recruit-profile = Profile
recruit-skills-hint = Separated by commas, e.g. sales, English, Excel.
recruit-links-hint = One address per line (LinkedIn, portfolio).
recruit-consent-until = Agreed to be kept until
recruit-candidates-intro = Everyone who applied to your jobs or was added by your team. Search names, skills and places.
recruit-candidates-ranked = Best matches first, among the 500 most recent. Narrow them with another word, or with skills:, location:, languages: or experience:3..
recruit-candidates-empty = No candidate yet. They appear here when they apply on your career site.

# Career site
careers-title = Join us
careers-search = Search
careers-search-hint = Job title, keyword
careers-location = Location
careers-contract = Contract
careers-workplace = Workplace
careers-any = Any
careers-search-button = Search
careers-clear = Clear the filters
careers-count = { $count ->
    [one] { $count } open position
   *[other] { $count } open positions
}
careers-none = There is no open position right now. Come back soon!
careers-none-match = No position matches your search.
careers-all-jobs = All our jobs
careers-apply = Apply
careers-apply-for = Apply for
careers-share = Share this job
careers-share-linkedin = LinkedIn
careers-share-facebook = Facebook
careers-share-x = X
careers-share-email = E-mail
careers-cv-hint = PDF, Word (DOCX), OpenDocument (ODT) or text, up to 10 MB.
careers-cv-again = Choose your file again, please.
careers-optional = (optional)
recruit-apply-consent = I agree that { $site } keeps my application and the data in it for { $months } months to consider me for this and other positions. I can withdraw it or ask for its erasure at any time.
careers-send = Send my application
careers-thanks = Thank you!
careers-thanks-body = Your application for { $job } has been received. We sent you an e-mail with a link to follow it.
careers-follow = Follow my applications
careers-mine = My applications
careers-mine-applications = Where they stand
careers-mine-none = You have no application with us.
careers-applied-on = Sent on
careers-withdraw = Withdraw
recruit-withdrawn = Your application was withdrawn.
careers-mine-documents = What you sent
careers-mine-data = Your details, a copy of everything we hold about you, and your sign-out are on
careers-mine-portal = your space.

# Hiring managers
recruit-hm-title = Hiring managers
recruit-hm-intro = Send a link to a manager who decides with you: they see this job's shortlist (the candidates past the first stage) with their CVs, and comment and rate, without an account.
recruit-hm-created = Here is the link. Copy it now and send it: it is shown only once.
recruit-hm-label = For whom
recruit-hm-label-hint = e.g. Marc, store manager
recruit-hm-days = Valid for (days)
recruit-hm-share = Create a link
recruit-hm-until = valid until
recruit-hm-revoked = revoked
recruit-hm-revoke = Revoke
recruit-hm-hello = Hello { $name }: here are the candidates the team shortlisted. Tell them what you think.
recruit-hm-empty = Nobody is on the shortlist yet. The team will move candidates here once they have screened them.
notice-recruit-link-created = The link is made.
notice-recruit-link-revoked = The link no longer opens anything.

# Analytics
dataset-recruit = Recruitment
dataset-recruit-hint = Applications, the funnel through the stages, hires and time to hire, rejections: each application counted in the period it was received.
metric-applications = Applications
metric-reached = Reached the stage
metric-hires = Hires
metric-time-to-hire = Time to hire
metric-rejections = Rejections

# A job's list
recruit-views = Views
recruit-view-board = Board
recruit-view-list = List
recruit-col-moved = In stage since
recruit-bulk-target = What to do
recruit-bulk-apply = Apply to the selected
recruit-bulk-notify = E-mail those turned down
recruit-applications-empty = No application matches.
notice-recruit-bulk-done = Done for the selected candidates.

# Consent
purpose-recruit-consent = Your application data
purpose-recruit-consent-hint = Sent to a candidate a month before their consent to be kept ends, with a link to keep their application.
placeholder-date = Date
careers-consent = How long we keep your data
careers-consent-until = You agreed that we keep your applications and what you sent until
careers-keep = Keep them 24 more months
careers-kept = We will keep your applications 24 more months.
audit-action-recruit-candidate-consent = Candidate renewed their consent

# Pipeline
recruit-pipeline = Pipeline
recruit-pipeline-intro = The stages of this job, in order. Renaming one changes its name on this job only; a stage can be removed until someone has stood in it.
recruit-stage-rename = Rename
recruit-stage-up = Move up
recruit-stage-down = Move down
recruit-stage-remove = Remove
recruit-stage-remove-confirm = Remove this stage from the pipeline?
recruit-stage-new = New stage
recruit-stage-add = Add the stage

# Screening questions
recruit-questions = Screening questions
recruit-questions-hint = Asked on the apply form. A knockout question turns the application down at once when the other answer is given (reason: knockout).
recruit-question = Question
recruit-question-kind = Answer
recruit-question-text = Free text
recruit-question-yes-no = Yes or no
recruit-question-knockout = Knockout
recruit-question-no-knockout = None
recruit-question-must-yes = Must answer yes
recruit-question-must-no = Must answer no
recruit-question-required = Required
recruit-answers = Answers to the questions
value-reject-reason-knockout = Knockout question
field-answers-n = Question { $n }
field-questions-n-label = Question { $n }
field-questions-n-kind = Answer of question { $n }
field-questions-n-knockout = Knockout of question { $n }

# Moving through candidates
recruit-neighbours = Other candidates of this job
recruit-previous = Previous candidate
recruit-next = Next candidate
recruit-keys-hint = Keyboard: j next, k previous
recruit-transfer-to = Transfer to another job
recruit-transfer = Transfer
notice-recruit-transferred = The application was transferred, with its history.
audit-action-recruit-application-transfer = Application transferred to another job
careers-already-applied = Already applied?
recruit-pipelines = Pipeline templates
recruit-pipelines-intro = The stages a new job starts with. A job copies its template's stages, so changing a template never moves anyone already in a pipeline.
recruit-pipelines-none = No template yet: new jobs start with the default pipeline.
recruit-pipeline-new = New template
recruit-pipeline-stages = Stages
recruit-pipeline-stages-hint = In order: the first is a New stage, the last the Hired one. Rows left empty are skipped.
recruit-pipeline-delete-hint = Jobs made from this template keep their stages.
recruit-pipeline-default = Default pipeline
recruit-pipeline-save-as = Save this pipeline as a template
recruit-pipeline-save-as-hint = New jobs can then start with these stages, what each e-mails the candidate and its interview kit.
recruit-pipeline-on-arrival = E-mail and kit
recruit-pipeline-settings-hint = A template saved from a job keeps what its stages e-mail and their interview kits: change those on a job, then save its pipeline as a template.
notice-recruit-pipeline-saved = Pipeline saved as a template.
recruit-stage = Stage
field-stages = Stages
field-stages-n-name = Stage { $n }
field-stages-n-category = Kind of stage { $n }
field-pipeline-template-id = Pipeline
error-invalid-value-for-stages = needs between 2 and 12 stages.
error-invalid-value-for-stages-0-category = must be a New stage: applications arrive there.
recruit-pools = Talent pools
recruit-pools-intro = Candidates kept for later: silver medallists, a seasonal pool, people to call when a job opens.
recruit-pools-none = No pool yet.
recruit-pool-new = New pool
recruit-pool-edit = Name and description
recruit-pool-empty = Nobody in this pool yet: add candidates from their page or from a job's list.
recruit-pool-description = Description
recruit-pool-added = Added
recruit-pool-added-by = added by
recruit-pool-remove = Remove
recruit-pool-delete-hint = The candidates stay; only the list goes.
recruit-pool-add = Add to a pool
notice-recruit-pool-added = Added to the pool.
notice-recruit-pool-removed = Removed from the pool.
recruit-pool-to = Add to pool
field-pool-id = Pool
recruit-pool-members = { $count ->
    [one] { $formatted } candidate
   *[other] { $formatted } candidates
}
field-tags = Tags
recruit-tags-hint = Separated by commas, e.g. bilingual, evenings, second interview.
recruit-tag-with = Tag
recruit-searches = Saved searches
recruit-search-save = Save this search
recruit-search-alert = Tell me daily of new candidates it finds
recruit-search-alerted = alert
notice-recruit-search-saved = Search saved.

# Candidate e-mail, stage e-mails and the hiring team
purpose-recruit-candidate-email = E-mails to candidates
purpose-recruit-candidate-email-hint = Messages the team sends to candidates from an application, and that a job's stages send when a candidate reaches them.
placeholder-stage = Stage
mail-consumer-recruit-candidates = The candidate's timeline (Recruit)
field-message = Message
field-template = Template
field-delay-minutes = Delay
recruit-email-write = Write to the candidate
recruit-email-template = Start from a template
recruit-email-own-words = — My own words —
recruit-email-template-hint = With a template chosen and the message left empty, the template is sent, filled in for this candidate in their language.
recruit-email-send = Send
recruit-email-to-review = Waiting for review
recruit-email-goes-at = Goes by itself on
recruit-email-template-gone = Its template was deleted: send it and nothing goes; skip it.
recruit-email-send-now = Send now
recruit-email-skip = Skip
recruit-email-from-candidate = From the candidate
recruit-email-to-candidate = To the candidate
recruit-email-state-sent = Sent
recruit-email-state-pending = Sending
recruit-email-state-failing = Not sent yet
recruit-email-state-bounced = Bounced
notice-recruit-email-sent = The e-mail is on its way.
notice-recruit-email-skipped = The e-mail will not be sent.
recruit-stage-emails = E-mails to review
recruit-stage-emails-intro = Stages set to wait for a review put their e-mails here: read each one, then send it or skip it.
recruit-stage-emails-none = Nothing waits for review.
recruit-stage-emails-review = Review
recruit-stage-emails-waiting = { $count ->
    [one] { $count } stage e-mail waits for review.
   *[other] { $count } stage e-mails wait for review.
}
recruit-delay-none = At once
recruit-delay-minutes = { $count ->
    [one] After { $count } minute
   *[other] After { $count } minutes
}
recruit-delay-hours = { $count ->
    [one] After { $count } hour
   *[other] After { $count } hours
}
recruit-delay-days = { $count ->
    [one] After { $count } day
   *[other] After { $count } days
}
recruit-stage-mail-none = No e-mail on arrival
recruit-stage-mail-review = reviewed first
recruit-stage-mail-no-templates = A stage can e-mail the candidates who reach it: first write the e-mail as a template.
recruit-stage-mail-write-templates = Write templates
recruit-stage-mail-template = E-mail on arrival
recruit-stage-mail-delay = When
recruit-stage-mail-review-first = Someone reviews it before it goes
recruit-follow = Follow
recruit-following-button = Following
recruit-follow-hint = Followers hear of new applications and candidates moving on, in their notifications.
notice-recruit-following = You follow this job.
notice-recruit-unfollowed = You no longer follow this job.
recruit-team-line = Hiring team: { $names }
recruit-news-applied = { $name } applied
recruit-news-moved = { $name } moved to { $stage }
recruit-news-hired = { $name } was hired
recruit-news-replied = { $name } replied

# Interviews
purpose-recruit-interview = Interview invitation
purpose-recruit-interview-hint = Sent to the candidate with the calendar invitation when an interview's time is fixed or changed.
purpose-recruit-interview-slots = Interview: choose a time
purpose-recruit-interview-slots-hint = Sent to the candidate when several times are offered: they pick one on their applications page.
purpose-recruit-interview-cancelled = Interview cancelled
purpose-recruit-interview-cancelled-hint = Sent to the candidate, with the calendar cancellation, when an interview is called off.
purpose-recruit-interview-reminder = Interview reminder
purpose-recruit-interview-reminder-hint = Sent to the candidate the day before their interview.
placeholder-interview = Interview
placeholder-when = Date and time
placeholder-place = Place
recruit-interview-mail = Interview: { $name } · { $job }
recruit-interview-mail-cancelled = Cancelled: interview with { $name } · { $job }
recruit-interview-reminder = Interview with { $name }: { $when }
recruit-interviews = Interviews
recruit-interviews-mine = Mine
recruit-interviews-all = All
recruit-interviews-none = No interview to come.
recruit-interview-proposed = Waiting for the candidate to pick a time
recruit-interview-cancelled-badge = Cancelled
recruit-interview-offered = Times offered:
recruit-interview-change = Change or cancel
recruit-interview-new-time = New time
recruit-interview-reschedule = Set this time
recruit-interview-cancel = Cancel the interview
recruit-interview-cancel-confirm = Cancel this interview? The candidate and the interviewers receive the cancellation.
recruit-interview-plan = Plan an interview
recruit-interview-default-title = Interview
recruit-interview-place = Place or video link
recruit-interview-place-hint = e.g. 12 rue de la Paix, or a video link
recruit-interviewers = Interviewers
recruit-interview-duration = Duration
recruit-interview-zone = Time zone
recruit-interview-times = Times
recruit-interview-times-hint = One time fixes the interview and sends the invitations; several are offered to the candidate, who picks one.
recruit-interview-time = Time
recruit-interview-send = Send the invitation
recruit-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
notice-recruit-interview-planned = The interview is planned: the invitations are on their way.
notice-recruit-interview-rescheduled = The new time is sent to everyone.
notice-recruit-interview-cancelled = The interview is cancelled: everyone is told.
recruit-feed = Your calendar
recruit-feed-intro = Subscribe to this address in Google Calendar, Outlook or Apple Calendar to see your interviews there. Keep it to yourself: whoever has it sees them.
recruit-feed-once = Copy it now; it will not be shown again:
recruit-feed-replace-confirm = Make a new address? The current one stops working.
recruit-feed-replace = Make a new address
recruit-feed-make = Get my calendar address
careers-interviews = Interviews
careers-interview-pick = Choose the time that suits you
careers-interview-confirm = Confirm this time
careers-interview-picked = Your interview is confirmed: the invitation is in your e-mail.
field-slots = Times
field-slots-n = Time { $n }
field-slot = Time
field-interviewers = Interviewers
field-interviewers-n = Interviewer { $n }
field-duration-minutes = Duration
field-starts-at = New time

# Offers
purpose-recruit-offer = Offer letter
purpose-recruit-offer-hint = The letter sent to a candidate with an approved offer: the position, salary, start date and terms.
placeholder-salary = Salary
placeholder-start = Start date
placeholder-terms = Terms
recruit-offer = Offer
recruit-offer-make = Make an offer
recruit-offer-ask = Ask for approval
recruit-offer-start = Starts
recruit-offer-approver = Approver:
recruit-offer-note = Comment (optional)
recruit-offer-approve = Approve
recruit-offer-refuse = Refuse
recruit-offer-send = Send the offer letter
recruit-offer-record-accepted = They accepted
recruit-offer-record-declined = They declined
recruit-offer-withdraw = Withdraw
recruit-offer-withdraw-confirm = Withdraw this offer?
recruit-offer-to-approve = Offer to approve: { $name } · { $job }
recruit-offer-status-pending = Waiting for approval
recruit-offer-status-approved = Approved
recruit-offer-status-refused = Refused
recruit-offer-status-sent = Sent
recruit-offer-status-accepted = Accepted
recruit-offer-status-declined = Declined
recruit-offer-status-withdrawn = Withdrawn
notice-recruit-offer-created = The offer waits for its approver.
notice-recruit-offer-approved = The offer is approved: it can be sent.
notice-recruit-offer-refused = The offer is refused.
notice-recruit-offer-sent = The offer letter is on its way.
notice-recruit-offer-withdrawn = The offer is withdrawn.
notice-recruit-offer-answered = The candidate's answer is recorded.
recruit-news-accepted = { $name } accepted the offer
recruit-news-declined = { $name } declined the offer
careers-offers = Offers
careers-offer-accept = Accept
careers-offer-decline = Decline
careers-offer-accepted = You accepted the offer: the team will be in touch.
careers-offer-declined = You declined the offer. Thank you for letting us know.
field-salary = Salary
field-start-date = Start date
field-terms = Terms
field-approver-id = Approver
field-note = Comment

recruit-mentioned = { $author } mentioned you about { $name }
recruit-comment-hint = Write @ and a colleague’s name to tell them.

# Interview kits and scorecards
recruit-kit = Interview kit
recruit-kit-none = No interview kit
recruit-kit-criteria = Criteria to rate (one per line)
recruit-kit-criteria-hint = Communication
recruit-kit-questions = Questions to ask (one per line)
recruit-kit-questions-hint = Tell us about a customer you won back.
recruit-kit-criteria-count = { $count ->
    [one] { $count } criterion
   *[other] { $count } criteria
}
recruit-kit-questions-count = { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
recruit-scorecard-fill = Fill in your scorecard
recruit-scorecard-change = Change your scorecard
recruit-scorecard-send = Save my scorecard
recruit-scorecards-hidden = { $count ->
    [one] { $count } colleague’s scorecard is shown once you send yours.
   *[other] { $count } colleagues’ scorecards are shown once you send yours.
}
recruit-reco-strong_no = Definitely not
recruit-reco-no = No
recruit-reco-yes = Yes
recruit-reco-strong_yes = Strong yes
notice-recruit-scorecard-saved = Your scorecard is saved.
field-recommendation = Overall recommendation
field-notes = Notes
field-criteria = Criteria
field-questions = Questions

# Anonymous review
recruit-blind = Anonymous review for hiring managers
recruit-blind-off = Off: they see who the candidates are
recruit-blind-until = Until
recruit-blind-hint = Until a candidate reaches the stage chosen, hiring managers' links show them without name, contact details, documents, or anything in the CV that says who they are, their age or gender.
recruit-blind-name = Candidate { $code }
recruit-blind-note = Anonymous review: what identifies the candidate is hidden until a later stage.
field-until-stage-id = Stage

recruit-added = Added
recruit-added-within-7 = In the last 7 days
recruit-added-within-30 = In the last 30 days
recruit-added-within-90 = In the last 90 days
recruit-added-within-365 = In the last year
recruit-experience-years = Experience
recruit-experience-at-least = { $count ->
    [one] At least 1 year
   *[other] At least { $count } years
}
recruit-years-of-experience = { $count ->
    [one] 1 year of experience
   *[other] { $count } years of experience
}

# Employee referrals
recruit-referrals = Referrals
recruit-referrals-intro = Know someone for one of our open jobs? Refer them here: you are credited, and you hear how it goes.
recruit-referrals-mine = Your referrals
recruit-referrals-none = You have not referred anyone yet.
recruit-referrals-no-jobs = No job is open right now.
recruit-refer = Refer someone
recruit-refer-send = Refer them
notice-recruit-referred = Thank you: your referral is with the hiring team.
recruit-news-referral-moved = Your referral { $name } moved to { $stage }
recruit-news-referral-hired = Your referral { $name } was hired
field-job-id = Job

recruit-kit-ask = Questions to ask

# Requisitions
recruit-requisitions = Requisitions
recruit-requisitions-intro = Ask to hire before a job opens: how many people, the budget, why. Its approver decides; the jobs linked to it open once it is approved, and their hires fill it.
recruit-requisitions-none = No requisition yet.
recruit-requisition-new = Ask to hire
recruit-requisition-to-approve = Requisition to approve: { $title }
recruit-requisition-filled = { $filled } of { $headcount } hired
recruit-requisition-jobs = { $count ->
    [one] { $count } job
   *[other] { $count } jobs
}
recruit-requisition-status-pending = Waiting for approval
recruit-requisition-status-approved = Approved
recruit-requisition-status-refused = Refused
notice-recruit-requisition-created = The requisition waits for its approver.
field-headcount = People to hire
field-budget = Budget
field-budget-currency = Currency
field-requisition-id = Requisition

recruit-duplicates = Possibly the same person
recruit-duplicate-email = same e-mail
recruit-duplicate-phone = same phone
recruit-duplicate-name = same name
recruit-duplicate-cv = same CV
recruit-merge = Merge into this profile
recruit-merge-confirm = Merge this person into the profile you are on? Their applications, documents, pools and conversations move here; this cannot be undone.
notice-recruit-merged = Profiles merged
recruit-merge-note = Merged from a duplicate application received on { $date } (source: { $source }, status: { $status }). Stages: { $stages }.
recruit-merge-scorecard = Scorecard by { $author }: { $recommendation }.
recruit-assessments = Assessments
hub-recruit-assessments = Test platforms that post candidates' results, shown on their applications.
recruit-assessments-intro = Test platforms (skills, languages, personality) post their results here, signed with the secret you give them; each result is shown on its application.
recruit-assessment-add = Add a platform
recruit-assessment-added = Platform added
recruit-assessment-secret-once = Give the platform this address and secret now: the secret is not shown again.
recruit-assessment-endpoint = Address to post to
recruit-assessment-secret = Secret
recruit-assessment-delete-confirm = Remove this platform? It can post no more; the results it sent stay.
recruit-assessment-how = What the platform sends
recruit-assessment-how-text = A JSON body naming the application (its id, given when the candidate was invited) and the test, with the score, grade, summary and link to the full report, signed with the secret in the X-Portico-Signature header as Portico's own webhooks are. A result sent again for the same test updates it.
recruit-assessment-report = Full report
recruit-assessment-status-invited = Invited
recruit-assessment-status-started = Started
recruit-assessment-status-completed = Completed
recruit-assessment-status-expired = Expired
import-importer-recruit = Recruit
import-guide-recruit = From Jobaffinity, Teamtailor, Greenhouse or a spreadsheet. Each row names its record by the id the other product gave it: run the import again until you switch over, it updates what it made. Applications keep the date they were received and the stage they reached; nobody is e-mailed.
import-sheet-recruit-jobs = Jobs
import-sheet-recruit-candidates = Candidates
import-sheet-recruit-applications = Applications
import-field-recruit-external_id = Id in the other product
import-field-recruit-title = Title
import-field-recruit-unit = Unit (by its name)
import-field-recruit-department = Department
import-field-recruit-location = Location
import-field-recruit-workplace = On site, hybrid or remote
import-field-recruit-contract = Contract
import-field-recruit-description = Description
import-field-recruit-status = Status
import-field-recruit-salary_min = Salary from
import-field-recruit-salary_max = Salary to
import-field-recruit-salary_currency = Currency
import-field-recruit-locale = Language of the ad
import-field-recruit-email = E-mail
import-field-recruit-name = Full name
import-field-recruit-first_name = First name
import-field-recruit-last_name = Last name
import-field-recruit-phone = Phone
import-field-recruit-headline = Headline
import-field-recruit-skills = Skills
import-field-recruit-languages = Languages
import-field-recruit-tags = Tags
import-field-recruit-cv = CV file (its name in the ZIP)
import-field-recruit-consent_until = Consent until
import-field-recruit-job = Job (its id in the other product)
import-field-recruit-candidate = Candidate (their id in the other product)
import-field-recruit-stage = Stage
import-field-recruit-reject_reason = Reason for rejection
import-field-recruit-source = Source
import-field-recruit-applied_at = Applied on
import-error-recruit-invalid-value-unit = no unit has this name.
import-error-recruit-invalid-value-job = no job has this id, in this file or an earlier import.
import-error-recruit-invalid-value-candidate = no candidate has this id, in this file or an earlier import.
import-error-recruit-invalid-value-stage = the job has no stage of this name or kind.
import-error-recruit-required-cv = this file is not in the ZIP.
recruit-busy = Your availability
recruit-busy-intro = Give the secret iCal address of your calendar (Google, Outlook, Nextcloud): Portico reads when you are busy, never what the events are, so interviews are not planned over them.
recruit-busy-url = Your calendar's address (ICS)
recruit-busy-read = { $count ->
    [one] One busy time read ahead
   *[other] { $formatted } busy times read ahead
}
recruit-busy-pending = Being read…
recruit-busy-error = Your calendar could not be read:
recruit-busy-next = When they are busy (next two weeks)
recruit-busy-ignore = Plan it even if an interviewer is busy then
recruit-free-filled = The times are free ones of yours, in working hours: change them as you like.
recruit-free-suggest = Suggest times free for every interviewer
recruit-free-found = Times free for every interviewer, in working hours, are filled in.
recruit-free-none = No time in the next two weeks suits every interviewer in working hours.
error-interviewer-busy = An interviewer is busy at this time: choose another, or plan it anyway.
recruit-draft-button = Draft the ad
recruit-draft-hint = Jot the role down in the description (a line each, "- " for a list): the ad is written from it and the fields above.
notice-recruit-drafted = A draft of the ad is in the description: read it and make it yours before saving.
notice-recruit-drafted-fallback = The writing assistant did not answer: this draft comes from Portico's template. Read it and make it yours before saving.
recruit-draft-intro = { $org } is hiring: { $title } in { $location } ({ $contract }).
recruit-draft-role = The role
recruit-draft-salary = Salary: { $range }.
recruit-draft-apply = Does this sound like you? Apply in a few minutes: we read every application and answer each one.
recruit-draft-email-invite =
    Hello { $name },

    Thank you for your application for { $job }. We would like to meet you to talk about the role: could you tell us when you are available in the coming days?
recruit-draft-email-reject =
    Hello { $name },

    Thank you for your application for { $job } and for the time you gave us. We have decided not to take your application further for this role. We wish you every success in your search.
recruit-draft-email-follow_up =
    Hello { $name },

    A word about your application for { $job }: it is still being reviewed, and we will come back to you as soon as we have news.
recruit-draft-email-closing = Kind regards,
recruit-draft-subject-invite = Your application for { $job }: let's meet
recruit-draft-subject-reject = Your application for { $job }
recruit-draft-subject-follow_up = Your application for { $job }: where it stands
recruit-draft-purpose = Draft an e-mail to
recruit-draft-purpose-invite = Invite to an interview
recruit-draft-purpose-reject = Decline the application
recruit-draft-purpose-follow_up = Give news
recruit-draft-email-button = Draft
notice-recruit-email-drafted = A draft is in the message, in the candidate's language: read it and make it yours before sending.
