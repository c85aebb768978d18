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


