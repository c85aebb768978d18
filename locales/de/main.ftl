# pothole-bot: alle Texte, die Menschen lesen, auf Deutsch.
# Gleiche Kennungen und gleiche { $Platzhalter } wie der englische Katalog (locales/en/main.ftl).

## Über diesen Katalog

language-name = Deutsch
format-locale = de

## Die Schweregrad-Wörter
# Diese drei Wörter sind die Stufen. Die erste Antwort auf ein Foto verwendet keines davon;
# das Ergebnis nennt immer seines. .pothole ist, wie das Ergebnis das Schlagloch nennt
# (es muss mit dem Wort beginnen, gebeugt ist erlaubt).

severity-minor = leicht
    .pothole = leichtes Schlagloch
severity-moderate = mittelschwer
    .pothole = mittelschweres Schlagloch
severity-severe = schwer
    .pothole = schweres Schlagloch

## Schaltflächen

share-location-button = 📍 Standort teilen

## Befehlsmenü

command-start = so meldest du ein Schlagloch
command-help = so meldest du ein Schlagloch
command-status = deine letzten Meldungen und ihre Einstufung
command-language = die Sprache wählen, in der ich antworte
command-chatid = die ID dieses Chats für STAFF_CHAT_ID anzeigen
command-stats = Meldungen, Arbeit der Trupps und Kosten, heute und diese Woche
command-open = offene Schlaglöcher, die überfälligsten zuerst
command-report = eine Meldung: Stand und alle Ereignisse — /report 12
command-dup = #12 als dasselbe Schlagloch wie #7 markieren — /dup 12 7
command-export = die letzten 30 Tage als CSV und GeoJSON

## Bürgerinnen und Bürger

citizen-help =
    👋 Hallo! Ich leite Schlagloch-Meldungen an die Straßenmeisterei weiter.

    1. Schick ein Foto des Schlaglochs (als Foto oder als JPEG-, PNG- oder WebP-Datei).
    2. Tippe auf { share-location-button } oder schick einen Standort, damit der Trupp es findet.
    3. Nach ein paar Sekunden sage ich dir, wie schlimm es ist; die schlimmsten gehen direkt an die Trupps.

    Wenn du magst, füge eine Bildunterschrift hinzu, z. B. „rechte Spur, vor Hausnummer 12“.
    /status zeigt deine letzten Meldungen.
    /language ändert die Sprache, in der ich antworte.

received-with-location =
    Meldung #{ $id } erhalten – wird jetzt bewertet …
    📍 Dein Standort ist angehängt.
received-without-location =
    Meldung #{ $id } erhalten – wird jetzt bewertet …
    📍 Wo ist es? Tippe unten auf „{ share-location-button }“ oder schick einen Standort.

location-added = 📍 Standort zu { $count ->
        [one] Meldung
       *[other] Meldungen
    } { $ids } hinzugefügt. Danke!
location-held = 📍 Standort gespeichert. Schick jetzt innerhalb von { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    } ein Foto des Schlaglochs, dann hänge ich diesen Standort daran.

verdict-pothole = Meldung #{ $id }: { $pothole }.
verdict-alerted = 🚧 Die Straßenmeisterei ist alarmiert.
verdict-logged = 🗂 Es ist für den Wartungsplan der Straßen vorgemerkt.
verdict-ask-location = 📍 Bitte schick einen Standort, damit der Trupp es findet.
verdict-not-pothole = Meldung #{ $id }: Das sieht nicht nach einem Schlagloch aus.
verdict-not-pothole-hint = Falls doch, schick ein näheres Foto, auf dem das Loch und die Straße drumherum zu sehen sind.
verdict-unclear = Meldung #{ $id }: Dieses Foto konnte ich nicht beurteilen.
verdict-unclear-hint = Bitte schick ein schärferes Foto bei gutem Licht, aus 1–2 Metern Entfernung.
# When the model would not judge the photo at all.
reason-not-judged = Das Modell konnte dieses Foto nicht beurteilen.
reason-missing = Kein Grund angegeben.

# Grading is held up: the model does not answer, today's budget is used up ($time is when
# grading resumes), or the account is out of credit.
grading-delayed-model-down = ⏳ Meldung #{ $id } ist gespeichert, aber der Bewertungsdienst antwortet gerade nicht. Ich versuche es weiter und schicke dir das Ergebnis hier, sobald er wieder da ist.
grading-delayed-budget = ⏳ Meldung #{ $id } ist gespeichert. Das Bewertungsbudget für heute ist aufgebraucht, deshalb wird sie nach { $time } bewertet – dann bekommst du das Ergebnis hier.
grading-delayed-quota = ⏳ Meldung #{ $id } ist gespeichert, aber die Bewertung ist pausiert: Das Konto des Bewertungsdienstes hat kein Guthaben mehr. Der Betrieb ist informiert; du bekommst das Ergebnis hier, sobald es weitergeht.
grading-failed = Entschuldigung – Meldung #{ $id } konnte nicht automatisch bewertet werden. Sie ist gespeichert, und das Team ist informiert.
unreadable-image = Entschuldigung – ich konnte das Bild in Meldung #{ $id } nicht lesen. Bitte schick es noch einmal als Foto.
image-too-large = Entschuldigung – das Bild in Meldung #{ $id } ist viel zu groß zum Öffnen. Bitte schick es als Foto (nicht als Datei); Telegram verkleinert es für dich.
intake-failed = Entschuldigung – ich konnte das gerade nicht speichern. Bitte schick es in einer Minute noch einmal.
send-a-photo = 📷 Bitte schick ein Foto des Schlaglochs (und wenn möglich einen 📍 Standort). /help erklärt mehr.
unknown-command = Diesen Befehl kenne ich nicht. Schick ein Foto des Schlaglochs oder probier /help.
not-an-image = Diese Datei ist kein Bild, das ich lesen kann. Bitte schick ein Foto (JPEG, PNG oder WebP).
file-too-large = Diese Datei ist größer als 20 MB, mehr als ich herunterladen kann. Bitte schick sie stattdessen als Foto (Telegram verkleinert es für dich).
heic-not-supported = HEIC-Bilder kann ich nicht lesen. Bitte schick es als Foto (nicht als Datei) oder exportiere es vorher als JPEG.
edits-ignored = Bearbeitete Nachrichten verfolge ich nicht. Wenn sich etwas geändert hat, schick einfach ein neues Foto.
rate-limited = Du hast in der letzten Stunde { $count ->
        [one] { $count } Meldung
       *[other] { $count } Meldungen
    } geschickt, das ist die Grenze. Danke! Bitte schick weitere etwas später.
duplicate-photo-yours = Dieses Foto ist schon Meldung #{ $id } – du musst es nicht noch einmal schicken. /status zeigt sie.
duplicate-photo-others = Jemand hat dieses Foto schon als Meldung #{ $id } geschickt, die Trupps wissen also Bescheid. Danke! Wenn du selbst ein anderes Foto davon gemacht hast, schick das.

## /status

status-empty = Du hast noch keine Meldungen geschickt. Schick ein Foto von einem Schlagloch, um anzufangen.
status-header = Deine letzten Meldungen:
status-line = #{ $id } · { $state } · { $pin } · { $date }
status-grading = wird bewertet
status-failed = konnte nicht bewertet werden
status-alerted = { $severity }, an die Trupps gemeldet
status-logged = { $severity }, vorgemerkt
status-not-pothole = kein Schlagloch
status-unclear = Foto unklar
status-pin = 📍
status-no-pin = kein Standort

## /language

language-choose = In welcher Sprache soll ich antworten?
language-chosen = Alles klar – ab jetzt antworte ich auf Deutsch.

## Gruppen und der Chat der Trupps

private-only = Hallo! Ich nehme Schlagloch-Meldungen im privaten Chat an: Öffne @{ $bot } und schick ein Foto. (Richtest du mich für die Straßenmeisterei ein? /chatid zeigt die ID dieser Gruppe.)
staff-help = 👷 Ich poste hier jedes Schlagloch, das auf oder über der Alarmstufe eingestuft ist: das Foto, die Einstufung, die Notiz der meldenden Person und einen Kartenpunkt. Unter jeder Meldung: „Übernehme ich“, „Gesichert“, „Repariert“ und „Kein Schlagloch“ (mit Grund); die meldende Person erfährt jeden Schritt. /open listet offene Schlaglöcher, die überfälligsten zuerst; /report 12 zeigt eine Meldung und ihren Verlauf; /dup 12 7 markiert #12 als dasselbe Schlagloch wie #7; /stats zeigt Zahlen, die Arbeit der Trupps und die Kosten; /export schickt die letzten 30 Tage als CSV und GeoJSON; /chatid zeigt die ID dieses Chats.
staff-welcome = 👷 Hallo, Trupps! Hier erscheinen die Schlagloch-Meldungen, jeweils mit Foto und Kartenpunkt.
chat-id =
    Die ID dieses Chats ist { $chat }.
    Trag STAFF_CHAT_ID={ $chat } in .env ein, um die Schlagloch-Meldungen hierher zu senden.
chat-id-with-thread =
    Die ID dieses Chats ist { $chat }.
    Trag STAFF_CHAT_ID={ $chat } und STAFF_THREAD_ID={ $thread } in .env ein, um die Schlagloch-Meldungen hierher zu senden.

## Die Meldung an die Trupps (Bildunterschrift)

alert-head = 🚨 Meldung #{ $id }: { $pothole }
alert-size-both = 📏 ≈{ $depth } mm tief, ≈{ $width } mm breit (geschätzt)
alert-size-depth = 📏 ≈{ $depth } mm tief (geschätzt)
alert-size-width = 📏 ≈{ $width } mm breit (geschätzt)
# The model was unsure ($percent is its confidence): a crew member should look at the photo.
alert-needs-look = 👀 Bitte prüfen: Das Modell war nur zu { $percent } % sicher; schau dir das Foto an
alert-needs-look-no-confidence = 👀 Bitte prüfen: Das Modell hat keine Sicherheit angegeben; schau dir das Foto an
alert-time = 🕒 { $time }
alert-location =
    📍 { $lat }, { $lon }
    🗺 { $link }
alert-no-location = 📍 Noch kein Standort (die meldende Person wurde darum gebeten)
alert-reporter = 👤 { $who }
alert-note = 💬 „{ $note }“

## Hinweise nach einem Tipp auf eine Schaltfläche (höchstens 200 Zeichen)

popup-already-closed = Meldung #{ $id } ist schon geschlossen.
popup-refused = Entschuldigung, diese Schaltfläche funktioniert nur unter einer Schlagloch-Meldung im Chat der Straßenmeisterei.

## /stats

stats-today = 📊 Meldungen heute (seit 00:00 UTC): { $total }
stats-week = 📅 Letzte 7 Tage: { $total }
stats-counts = { severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor } · kein Schlagloch { $not_pothole } · unklar { $unclear } · wartend { $waiting } · fehlgeschlagen { $failed }
stats-closed = geschlossen: { $fixed } repariert, { $rejected } kein Schlagloch
stats-cost = 💵 Bewertungskosten heute: { $today } US-$ (letzte 7 Tage: { $week } US-$)

## Für den Betrieb, im Chat der Trupps

operator-warning = ⚠️ Betrieb: { $what }
# What the warning says ($error is the API's own message, in English).
operator-budget-reached = die Bewertungskosten von heute haben DAILY_BUDGET_USD erreicht ({ $spent } von { $budget } US-$). Neue Meldungen werden gespeichert und nach { $time } bewertet.
operator-quota = das Konto der Vision-API hat kein Guthaben mehr ({ $error }). Die Bewertung ist pausiert; Guthaben aufladen (oder OPENAI_API_KEY ändern), dann werden wartende Meldungen automatisch bewertet.
operator-vision-refused = die Vision-API hat die Bewertung von Meldungen abgelehnt ({ $error }). Prüfe OPENAI_API_KEY, OPENAI_MODEL und das Konto; fehlgeschlagene Meldungen stehen in der Datenbank als 'failed'.



## Die Arbeit der Trupps: Schaltflächen (höchstens 64 Zeichen)

button-on-it = 👷 Übernehme ich
button-made-safe = 🚧 Gesichert
button-fixed = ✅ Repariert
button-not-a-pothole = ❌ Kein Schlagloch
button-reopen = ↩️ Wieder öffnen
button-back = « Zurück
button-still-broken = 🔁 Immer noch kaputt
button-yes-fixed = ✅ Ja, repariert
button-no-still-broken = ❌ Nein, noch kaputt
button-next-page = Weiter »
button-previous-page = « Zurück
reason-button-not-pothole = Kein Schlagloch
reason-button-not-ours = Nicht unsere Strecke
reason-button-no-action = Nichts zu tun
reason-short-not-pothole = kein Schlagloch
reason-short-not-ours = nicht unsere Strecke
reason-short-no-action = nichts zu tun
reason-citizen-not-pothole = es ist kein Schlagloch
reason-citizen-not-ours = diese Stelle gehört nicht zum Bereich dieser Straßentrupps
reason-citizen-no-action = dort ist keine Reparatur nötig

## Arbeitsstand, Alter und wer es war

state-open = offen
state-acknowledged = Trupp dran
state-made-safe = gesichert
state-fixed = repariert
state-rejected = geschlossen
state-duplicate = Duplikat
age-minutes = { $count ->
        [one] { $count } Min.
       *[other] { $count } Min.
    }
age-hours = { $count ->
        [one] { $count } Std.
       *[other] { $count } Std.
    }
age-days = { $count ->
        [one] { $count } Tag
       *[other] { $count } Tage
    }
actor-citizen = die meldende Person
actor-bot = der Bot

## Die Arbeitszeile der Meldung

work-open = 🆕 Offen — noch niemand dran
work-acknowledged = 👷 Trupp dran — { $who }, { $time }
work-made-safe = 🚧 Gesichert — { $who }, { $time }
work-fixed = ✅ Repariert — { $who }, { $time }
work-rejected = ❌ Geschlossen: { $reason } — { $who }, { $time }
work-duplicate = 🔗 Dasselbe Schlagloch wie #{ $of } — { $who }, { $time }
work-due = ⏳ fällig { $time }
work-overdue = ⏰ ÜBERFÄLLIG seit { $time }
work-citizens = 👥 { $count ->
        [one] { $count } Person hat
       *[other] { $count } Personen haben
    } das gemeldet
alert-reopened = 🔁 Von der meldenden Person wieder geöffnet

## Was die meldende Person über die Arbeit erfährt

update-name = Meldung #{ $id }
update-name-joined = Meldung #{ $id } (der deine Meldung #{ $own } zugeordnet ist)
update-taken = 👷 { $name }: Ein Straßentrupp kümmert sich darum.
update-made-safe = 🚧 { $name } wurde gesichert (abgesperrt oder provisorisch gefüllt). Die richtige Reparatur folgt.
update-fixed = ✅ { $name } wurde repariert. Danke für die Meldung! Falls es noch kaputt ist, tippe unten auf die Schaltfläche.
update-rejected = { $name } wurde von den Straßentrupps geschlossen: { $reason }. Danke für die Meldung.
update-reopened = ↩️ { $name } wurde von den Straßentrupps wieder geöffnet.
update-duplicate = 🔗 { $name } ist dasselbe Schlagloch wie Meldung #{ $of }, das die Trupps schon kennen. Du erfährst hier, wie es weitergeht.
joined-open-report = 🔗 Meldung #{ $own } ist dasselbe Schlagloch wie Meldung #{ $original }, das die Straßentrupps schon haben. Wir haben deine dazugelegt; du erfährst hier, wie es weitergeht.
reopened-by-citizen = 🔁 Danke für den Hinweis — Meldung #{ $id } ist wieder offen und die Straßentrupps sind informiert. Wenn du kannst, schick ein neues Foto davon.
reopen-too-late = Meldung #{ $id } wurde vor einer Weile repariert und kann nicht mehr geöffnet werden. Bitte schick ein neues Foto (und deinen Standort) als neue Meldung.
follow-up-question = Du hast Schlagloch #{ $id } vor einer Weile gemeldet. Ist es inzwischen repariert?
follow-up-thanks-fixed = ✅ Danke! Meldung #{ $id } ist als repariert markiert.
follow-up-already-closed = Danke! Meldung #{ $id } ist schon geschlossen.
follow-up-thanks-not-fixed = Danke — die Straßentrupps wurden an Meldung #{ $id } erinnert.
follow-up-already-answered = Das hast du schon beantwortet — danke!

## Antworten im Chat der Trupps

follow-up-still-broken-staff = 🔔 Die meldende Person sagt, Meldung #{ $id } ist immer noch nicht repariert (schon { $age } offen).
overdue-reminder-severe = ⏰ Meldung #{ $id } ({ $severity }) ist überfällig: schon { $age } offen und noch nicht gesichert oder repariert.
overdue-reminder = ⏰ Meldung #{ $id } ({ $severity }) ist überfällig: schon { $age } offen und noch nicht repariert.
another-citizen = 👥 Noch jemand hat das gemeldet (#{ $dup }): { $count ->
        [one] { $count } Person hat
       *[other] { $count } Personen haben
    } #{ $original } gemeldet.
another-citizen-same = 👥 Meldung #{ $dup } ist dasselbe Schlagloch wie #{ $original }.

## Pop-ups nach einem Tipp auf die Schaltflächen (höchstens 200 Zeichen)

popup-done-taken = #{ $id }: Du bist dran. Die meldende Person ist informiert.
popup-done-made-safe = #{ $id } als gesichert markiert. Die meldende Person ist informiert.
popup-done-fixed = #{ $id } als repariert markiert. Die meldende Person ist informiert.
popup-done-rejected = #{ $id } geschlossen: { $reason }.
popup-done-reopened = #{ $id } wieder geöffnet.
popup-done-duplicate = #{ $id } als dasselbe Schlagloch wie #{ $of } markiert.
refusal-already-acknowledged = #{ $id } wurde schon von { $who } um { $time } übernommen.
refusal-already-made-safe = #{ $id } wurde schon von { $who } um { $time } gesichert.
refusal-already-fixed = #{ $id } wurde schon von { $who } um { $time } repariert.
refusal-already-rejected = #{ $id } wurde schon von { $who } um { $time } geschlossen.
refusal-already-duplicate = #{ $id } wurde schon von { $who } um { $time } als Duplikat markiert.
refusal-already-open = #{ $id } ist schon offen ({ $who }, { $time }).
refusal-closed-duplicate = #{ $id } ist dasselbe Schlagloch wie #{ $of } ({ $who }, { $time }). Erst wieder öffnen.
refusal-closed-fixed = #{ $id } ist schon repariert ({ $who }, { $time }). Erst wieder öffnen.
refusal-closed = #{ $id } ist geschlossen ({ $who }, { $time }). Erst wieder öffnen.
refusal-not-closed = #{ $id } ist { $state } — nichts wieder zu öffnen.
refusal-not-for-citizens = Das können nur die Straßentrupps.
refusal-self-duplicate = #{ $id } kann kein Duplikat von sich selbst sein.
popup-not-this-alert = Diese Meldung ist veraltet — nimm die neueste Meldung zu diesem Schlagloch.
popup-no-such-pothole = Es gibt keine Schlagloch-Meldung #{ $id }.
popup-not-your-report = Diese Schaltfläche gehört zu keiner deiner Meldungen.
popup-still-open = Meldung #{ $id } ist noch offen: Die Straßentrupps haben sie auf ihrer Liste.
popup-failed = Entschuldigung — das hat nicht geklappt. Bitte versuch es in einer Minute noch einmal.
popup-why-closed = Warum wird sie geschlossen?
popup-back = OK
popup-page = Seite ab #{ $from }

## /open und die tägliche Übersicht

open-line = #{ $id } { $severity } · { $state } · { $age }
open-flag-overdue = ⏰ überfällig
open-flag-look = 👀 bitte ansehen
open-no-location = kein Standort
open-none = 🎉 Keine offenen Schlaglöcher.
open-no-more = Keine weiteren offenen Schlaglöcher ({ $total } insgesamt).
open-header = 🕳 Offene Schlaglöcher { $from }–{ $to } von { $total } (die überfälligsten zuerst):
by-severity = { $total } ({ severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor })
digest-head = 🗞 Tägliche Übersicht, { $date }
digest-new = Neu in den letzten 24 Std.: { $counts }
digest-open = Offen: { $counts }
digest-overdue = Überfällig: { $counts }
digest-oldest = Die am längsten überfälligen zuerst:

## /report N

report-head = 📄 Meldung #{ $id }: { $severity } · { $status }
report-not-graded = nicht eingestuft
report-events = Ereignisse:
report-event = • { $time } { $actor } { $what }
report-earlier = … { $count ->
        [one] { $count } früheres Ereignis
       *[other] { $count } frühere Ereignisse
    }
pipeline-status = { $status ->
        [received] eingegangen
        [graded] eingestuft
        [alerted] gemeldet
        [failed] fehlgeschlagen
       *[other] { $status }
    }
event-actor = { $actor ->
        [staff] Trupp
        [citizen] Person
        [system] Bot
       *[other] { $actor }
    }
event-kind = { $kind ->
        [received] eingegangen
        [graded] eingestuft
        [alerted] Meldung gepostet
        [location_added] Standort ergänzt
        [acknowledged] übernommen
        [made_safe] gesichert
        [fixed] repariert
        [rejected] geschlossen
        [reopened] wieder geöffnet
        [duplicate] Duplikat
        [severity_raised] Einstufung erhöht
        [reminder_sent] Erinnerung gesendet
        [follow_up_asked] Nachfrage gestellt
        [follow_up_not_fixed] laut Person nicht repariert
        [grading_failed] Einstufung fehlgeschlagen
        [grading_postponed] Einstufung verschoben
       *[other] { $kind }
    }
report-usage = So geht's: /report N — zum Beispiel /report 12.
dup-usage = So geht's: /dup 12 7 — Meldung #12 ist dasselbe Schlagloch wie #7. Oder antworte auf die Meldung zu #12 mit /dup 7.
no-such-report = Es gibt keine Meldung #{ $id }.
not-an-alert = Diese Nachricht ist keine Schlagloch-Meldung. Antworte auf die Meldung eines Schlaglochs oder nutze /dup 12 7.
not-potholes = #{ $id } und #{ $of } müssen beide Schlagloch-Meldungen sein.

## /stats: die Arbeit der Trupps

loop-stats =
    🛠 Arbeit jetzt: offen { $open } · Trupp dran { $acknowledged } · gesichert { $made_safe } · ⏰ überfällig { $overdue }
    Letzte 30 Tage: repariert { $fixed } · geschlossen { $rejected } · Duplikate { $duplicates }
    Mittlere Zeit bis „Übernehme ich“: { $ack } · bis repariert: { $fix }

## /export

export-started = 📦 Ich exportiere die Meldungen { $count ->
        [one] des letzten Tages
       *[other] der letzten { $count } Tage
    } (CSV und GeoJSON)…
export-caption = Meldungen { $count ->
        [one] des letzten Tages
       *[other] der letzten { $count } Tage
    } ({ $kind }).
