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


