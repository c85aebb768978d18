# pothole-bot: every text people read, in English.
#
# This file is the reference catalogue: every other language has the same message ids,
# and uses the same { $placeholders } (no more, no fewer). Lines starting with # are notes
# for translators. Emoji are part of the text and may stay as they are.

## About this catalogue

# The language's own name, shown on its /language button.
language-name = English
# The CLDR locale whose date, time and number formats this language uses.
format-locale = en-GB

## The severity words
# These three words are the grades. The first answer to a photo ("received") must never use
# any of them; the verdict always uses its own. The value is the word itself; the .pothole
# attribute is how a verdict names a pothole of that grade (it must contain the word).

severity-minor = minor
    .pothole = minor pothole
severity-moderate = moderate
    .pothole = moderate pothole
severity-severe = severe
    .pothole = severe pothole

## Buttons

share-location-button = 📍 Share location

## The command menu (short descriptions next to each command)

command-start = how to report a pothole
command-help = how to report a pothole
command-status = your recent reports and their grades
command-language = choose the language I answer in
command-chatid = show this chat's id for STAFF_CHAT_ID
command-stats = reports, the crews' work and the cost, today and this week
command-open = open potholes, most overdue first
command-report = one report: state and every event — /report 12
command-dup = mark #12 the same pothole as #7 — /dup 12 7
command-export = the last 30 days as CSV and GeoJSON

## Citizens

citizen-help =
    👋 Hi! I pass pothole reports to the road crews.

    1. Send a photo of the pothole (as a photo, or as a JPEG, PNG or WebP file).
    2. Tap { share-location-button }, or send a location pin, so the crew can find it.
    3. In a few seconds I tell you how bad it is; the worst go straight to the crews.

    Add a caption if you like, e.g. “right lane, outside no. 12”.
    /status shows your recent reports.
    /language changes the language I answer in.

received-with-location =
    Report #{ $id } received — grading it now…
    📍 Your location pin is attached.
received-without-location =
    Report #{ $id } received — grading it now…
    📍 Where is it? Tap “{ share-location-button }” below or send a pin.

# $ids is a list such as "#4, #5"; $count is how many reports it names.
location-added = 📍 Location added to { $count ->
        [one] report
       *[other] reports
    } { $ids }. Thank you!
location-held = 📍 Location noted. Now send a photo of the pothole within { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } and I'll attach this pin to it.

# The verdict: its first line, then the model's reason, then what happens next.
verdict-pothole = Report #{ $id }: { $pothole }.
verdict-alerted = 🚧 The road crews have been alerted.
verdict-logged = 🗂 It's logged for the road maintenance schedule.
verdict-ask-location = 📍 Please send a location pin so the crew can find it.
verdict-not-pothole = Report #{ $id }: this doesn't look like a pothole.
verdict-not-pothole-hint = If it is one, send a closer photo that shows the hole and the road around it.
verdict-unclear = Report #{ $id }: I couldn't judge this photo.
verdict-unclear-hint = Please send a sharper photo in good light, taken from 1–2 metres away.
# When the model gave no reason.
# When the model would not judge the photo at all.
reason-not-judged = The model could not judge this photo.
reason-missing = No reason given.

# Grading is held up: the model does not answer, today's budget is used up ($time is when
# grading resumes), or the account is out of credit.
grading-delayed-model-down = ⏳ Report #{ $id } is saved, but the grading service isn't answering right now. I keep trying and will send you the result here as soon as it's back.
grading-delayed-budget = ⏳ Report #{ $id } is saved. Today's grading budget is used up, so it will be graded after { $time } — you'll get the result here then.
grading-delayed-quota = ⏳ Report #{ $id } is saved, but grading is paused: the grading service account has run out of credit. The operator has been told; you'll get the result here once it resumes.
grading-failed = Sorry — report #{ $id } couldn't be graded automatically. It's saved, and the staff have been told.
unreadable-image = Sorry — I couldn't read the image in report #{ $id }. Please send it again as a photo.
image-too-large = Sorry — the image in report #{ $id } is far too large for me to open. Please send it as a photo (not as a file); Telegram shrinks it for you.
intake-failed = Sorry — I couldn't save that just now. Please send it again in a minute.
send-a-photo = 📷 Please send a photo of the pothole (and a 📍 location pin if you can). /help explains more.
unknown-command = I don't know that command. Send a photo of the pothole, or try /help.
not-an-image = That file isn't an image I can read. Please send a photo (JPEG, PNG or WebP).
file-too-large = That file is over 20 MB, more than I can download. Please send it as a photo instead (Telegram shrinks it for you).
heic-not-supported = I can't read HEIC images. Please send it as a photo (not as a file), or export it as JPEG first.
edits-ignored = I don't follow edits to messages. If something changed, just send a new photo.
rate-limited = You've sent { $count ->
        [one] { $count } report
       *[other] { $count } reports
    } in the last hour, which is the limit. Thank you! Please send more a little later.
duplicate-photo-yours = This photo is already report #{ $id } — no need to send it again. /status shows it.
duplicate-photo-others = Someone has already reported this photo as report #{ $id }, so the crews know. Thank you! If you took another photo of it, send that one.

## /status

status-empty = You haven't sent any reports yet. Send a photo of a pothole to start.
status-header = Your recent reports:
# One line per report: its number, its state, whether it has a location, when it was sent.
status-line = #{ $id } · { $state } · { $pin } · { $date }
status-grading = being graded
status-failed = could not be graded
status-alerted = { $severity }, sent to the road crews
status-logged = { $severity }, logged
status-not-pothole = not a pothole
status-unclear = photo unclear
status-pin = 📍
status-no-pin = no location

## /language

language-choose = Which language should I answer in?
language-chosen = OK — I'll answer in English from now on.

## Groups and the staff chat

private-only = Hi! I take pothole reports in a private chat: open @{ $bot } and send a photo. (Setting me up for road crews? /chatid shows this group's id.)
staff-help = 👷 I post every pothole graded at or above the alert level here: the photo, the grade, the citizen's note and a map pin. Under each alert: “On it”, “Made safe”, “Fixed” and “Not a pothole” (with a reason); the citizen is told each step. /open lists open potholes, most overdue first; /report 12 shows one report and its history; /dup 12 7 marks #12 the same pothole as #7; /stats shows counts, the crews' work and cost; /export sends the last 30 days as CSV and GeoJSON; /chatid shows this chat's id.
staff-welcome = 👷 Hello, crews! Pothole alerts will appear here, each with its photo and a map pin.
chat-id =
    This chat's id is { $chat }.
    Put STAFF_CHAT_ID={ $chat } in .env to send pothole alerts here.
chat-id-with-thread =
    This chat's id is { $chat }.
    Put STAFF_CHAT_ID={ $chat } in .env and STAFF_THREAD_ID={ $thread } to send pothole alerts here.

## The staff alert (a photo caption)

alert-head = 🚨 Report #{ $id }: { $pothole }
alert-size-both = 📏 ≈{ $depth } mm deep, ≈{ $width } mm wide (estimate)
alert-size-depth = 📏 ≈{ $depth } mm deep (estimate)
alert-size-width = 📏 ≈{ $width } mm wide (estimate)
# The model was unsure ($percent is its confidence): a crew member should look at the photo.
alert-needs-look = 👀 Needs a look: the model was only { $percent }% sure; check the photo
alert-needs-look-no-confidence = 👀 Needs a look: the model gave no confidence; check the photo
alert-time = 🕒 { $time }
alert-location =
    📍 { $lat }, { $lon }
    🗺 { $link }
alert-no-location = 📍 No location yet (the citizen was asked for a pin)
alert-reporter = 👤 { $who }
alert-note = 💬 “{ $note }”

## Pop-ups after a crew member taps a button (at most 200 characters)

popup-already-closed = Report #{ $id } is already closed.
popup-refused = Sorry, this button only works under a pothole alert in the road crews' chat.

## /stats

stats-today = 📊 Reports today (since 00:00 UTC): { $total }
stats-week = 📅 Last 7 days: { $total }
stats-counts = { severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor } · not a pothole { $not_pothole } · unclear { $unclear } · waiting { $waiting } · failed { $failed }
stats-closed = closed: { $fixed } fixed, { $rejected } not a pothole
stats-cost = 💵 Grading cost today: ${ $today } (last 7 days: ${ $week })

## For the operator, in the staff chat

operator-warning = ⚠️ Operator: { $what }
# What the warning says ($error is the API's own message, in English).
operator-budget-reached = today's grading spend reached DAILY_BUDGET_USD (${ $spent } of ${ $budget }). New reports are stored and will be graded after { $time }.
operator-quota = the vision API account is out of credit ({ $error }). Grading is paused; add credit (or change OPENAI_API_KEY) and waiting reports are graded automatically.
operator-vision-refused = the vision API refused to grade reports ({ $error }). Check OPENAI_API_KEY, OPENAI_MODEL and the account; reports that failed are marked 'failed' in the database.



## The crews' loop: buttons (at most 64 characters). In English the alert's words
## "On it", "Made safe", "Fixed" and "Not a pothole" must appear as they are.

button-on-it = 👷 On it
button-made-safe = 🚧 Made safe
button-fixed = ✅ Fixed
button-not-a-pothole = ❌ Not a pothole
button-reopen = ↩️ Reopen
button-back = « Back
button-still-broken = 🔁 Still broken
button-yes-fixed = ✅ Yes, it's fixed
button-no-still-broken = ❌ No, still broken
button-next-page = Next »
button-previous-page = « Previous
# The reasons offered under "Not a pothole".
reason-button-not-pothole = Not a pothole
reason-button-not-ours = Not ours
reason-button-no-action = No action needed
# The same reasons as staff read them after "Closed:".
reason-short-not-pothole = not a pothole
reason-short-not-ours = not ours
reason-short-no-action = no action needed
# The same reasons as the citizen is told them ("closed by the road crews: …").
reason-citizen-not-pothole = it isn't a pothole
reason-citizen-not-ours = that spot is not looked after by these road crews
reason-citizen-no-action = no repair is needed there

## Work states, ages and who did it

state-open = open
state-acknowledged = crew on it
state-made-safe = made safe
state-fixed = fixed
state-rejected = closed
state-duplicate = duplicate
age-minutes = { $count ->
        [one] { $count } min
       *[other] { $count } min
    }
age-hours = { $count ->
        [one] { $count } h
       *[other] { $count } h
    }
age-days = { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
actor-citizen = the citizen
actor-bot = the bot

## The alert's work line ($who is a crew member's name, $time a local time)

work-open = 🆕 Open — nobody on it yet
work-acknowledged = 👷 Crew on it — { $who }, { $time }
work-made-safe = 🚧 Made safe — { $who }, { $time }
work-fixed = ✅ Fixed — { $who }, { $time }
work-rejected = ❌ Closed: { $reason } — { $who }, { $time }
work-duplicate = 🔗 Same pothole as #{ $of } — { $who }, { $time }
work-due = ⏳ due { $time }
work-overdue = ⏰ OVERDUE since { $time }
work-citizens = 👥 { $count ->
        [one] { $count } citizen has
       *[other] { $count } citizens have
    } reported this
alert-reopened = 🔁 Reopened by the citizen

## What the citizen hears about the crews' work ($name is one of the two below)

update-name = Report #{ $id }
update-name-joined = Report #{ $id } (which your report #{ $own } joined)
update-taken = 👷 { $name }: a road crew is on it.
update-made-safe = 🚧 { $name } has been made safe (coned off or temporarily filled). A proper repair follows.
update-fixed = ✅ { $name } has been fixed. Thank you for reporting it! If it is still broken, tap the button below.
update-rejected = { $name } was closed by the road crews: { $reason }. Thank you for reporting it.
update-reopened = ↩️ { $name } has been reopened by the road crews.
update-duplicate = 🔗 { $name } is the same pothole as report #{ $of }, which the crews already know about. You'll hear about its progress here.
joined-open-report = 🔗 Report #{ $own } is the same pothole as report #{ $original }, which the road crews already have. We added yours to it; you'll hear about its progress here.
reopened-by-citizen = 🔁 Thanks for telling us — report #{ $id } is open again and the road crews have been alerted. If you can, send a new photo of it.
reopen-too-late = Report #{ $id } was fixed a while ago, so it can't be reopened. Please send a new photo (and your location) as a new report.
follow-up-question = You reported pothole #{ $id } a while ago. Is it fixed now?
follow-up-thanks-fixed = ✅ Thank you! Report #{ $id } is marked fixed.
follow-up-already-closed = Thank you! Report #{ $id } is already closed.
follow-up-thanks-not-fixed = Thank you — the road crews have been reminded of report #{ $id }.
follow-up-already-answered = You've answered that already — thank you!

## Replies in the staff chat ($age is how long ago, e.g. "3 days")

follow-up-still-broken-staff = 🔔 The citizen says report #{ $id } is still not fixed ({ $age } since it was opened).
overdue-reminder-severe = ⏰ Report #{ $id } ({ $severity }) is overdue: open for { $age } and not yet made safe or fixed.
overdue-reminder = ⏰ Report #{ $id } ({ $severity }) is overdue: open for { $age } and not yet fixed.
another-citizen = 👥 Another citizen reported this (#{ $dup }): { $count ->
        [one] { $count } citizen has
       *[other] { $count } citizens have
    } reported #{ $original }.
another-citizen-same = 👥 Report #{ $dup } is the same pothole as #{ $original }.

## Pop-ups after a tap on the crews' buttons (at most 200 characters)

popup-done-taken = #{ $id }: you're on it. The citizen has been told.
popup-done-made-safe = #{ $id } marked made safe. The citizen has been told.
popup-done-fixed = #{ $id } marked fixed. The citizen has been told.
popup-done-rejected = #{ $id } closed: { $reason }.
popup-done-reopened = #{ $id } reopened.
popup-done-duplicate = #{ $id } marked the same pothole as #{ $of }.
refusal-already-acknowledged = #{ $id } is already taken by { $who } at { $time }.
refusal-already-made-safe = #{ $id } is already made safe by { $who } at { $time }.
refusal-already-fixed = #{ $id } is already fixed by { $who } at { $time }.
refusal-already-rejected = #{ $id } is already closed by { $who } at { $time }.
refusal-already-duplicate = #{ $id } is already marked a duplicate by { $who } at { $time }.
refusal-already-open = #{ $id } is already open ({ $who }, { $time }).
refusal-closed-duplicate = #{ $id } is the same pothole as #{ $of } ({ $who }, { $time }). Reopen it first.
refusal-closed-fixed = #{ $id } is already fixed ({ $who }, { $time }). Reopen it first.
refusal-closed = #{ $id } is closed ({ $who }, { $time }). Reopen it first.
refusal-not-closed = #{ $id } is { $state } — nothing to reopen.
refusal-not-for-citizens = Only the road crews can do that.
refusal-self-duplicate = #{ $id } cannot be a duplicate of itself.
popup-not-this-alert = This alert is out of date — use the newest alert for this report.
popup-no-such-pothole = There is no pothole report #{ $id }.
popup-not-your-report = That button isn't for one of your reports.
popup-still-open = Report #{ $id } is still open: the road crews have it on their list.
popup-failed = Sorry — that didn't work. Please try again in a minute.
popup-why-closed = Why is it being closed?
popup-back = OK
popup-page = Page from #{ $from }

## /open and the daily digest

open-line = #{ $id } { $severity } · { $state } · { $age }
open-flag-overdue = ⏰ overdue
open-flag-look = 👀 needs a look
open-no-location = no location
open-none = 🎉 No open potholes.
open-no-more = No more open potholes ({ $total } in all).
open-header = 🕳 Open potholes { $from }–{ $to } of { $total } (most overdue first):
by-severity = { $total } ({ severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor })
digest-head = 🗞 Daily digest, { $date }
digest-new = New in the last 24 h: { $counts }
digest-open = Open: { $counts }
digest-overdue = Overdue: { $counts }
digest-oldest = Oldest overdue first:

## /report N

report-head = 📄 Report #{ $id }: { $severity } · { $status }
report-not-graded = not graded
report-events = Events:
report-event = • { $time } { $actor } { $what }
report-earlier = … { $count ->
        [one] { $count } earlier event
       *[other] { $count } earlier events
    }
# The pipeline's status of a report (stored in English; translate the known ones).
pipeline-status = { $status ->
        [received] received
        [graded] graded
        [alerted] alerted
        [failed] failed
       *[other] { $status }
    }
# Who did something, as stored in events.actor.
event-actor = { $actor ->
        [staff] staff
        [citizen] citizen
        [system] bot
       *[other] { $actor }
    }
# What happened, as stored in events.kind; an unknown one is shown as stored.
event-kind = { $kind ->
        [received] received
        [graded] graded
        [alerted] alert posted
        [location_added] location added
        [acknowledged] on it
        [made_safe] made safe
        [fixed] fixed
        [rejected] closed
        [reopened] reopened
        [duplicate] duplicate
        [severity_raised] grade raised
        [reminder_sent] reminder sent
        [follow_up_asked] follow-up asked
        [follow_up_not_fixed] citizen says not fixed
        [grading_failed] grading failed
        [grading_postponed] grading postponed
       *[other] { $kind }
    }
report-usage = Usage: /report N — for example /report 12.
dup-usage = Usage: /dup 12 7 — report #12 is the same pothole as #7. Or reply to #12's alert with /dup 7.
no-such-report = There is no report #{ $id }.
not-an-alert = That message isn't a pothole alert. Reply to a report's alert, or use /dup 12 7.
not-potholes = Both #{ $id } and #{ $of } must be pothole reports.

## /stats: the crews' work

loop-stats =
    🛠 Work now: open { $open } · crew on it { $acknowledged } · made safe { $made_safe } · ⏰ overdue { $overdue }
    Last 30 days: fixed { $fixed } · closed { $rejected } · duplicates { $duplicates }
    Median time to "On it": { $ack } · to fixed: { $fix }

## /export

export-started = 📦 Exporting the reports of the last { $count ->
        [one] day
       *[other] { $count } days
    } (CSV and GeoJSON)…
export-caption = Reports of the last { $count ->
        [one] day
       *[other] { $count } days
    } ({ $kind }).
