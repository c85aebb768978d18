# pothole-bot: al die tekste wat mense lees, in Afrikaans.
# Dieselfde boodskap-name en dieselfde { $plekhouers } as die Engelse katalogus (locales/en/main.ftl).

## Oor hierdie katalogus

language-name = Afrikaans
format-locale = af

## Die graadwoorde
# Hierdie drie woorde is die grade. Die eerste antwoord op 'n foto gebruik nooit een van hulle
# nie; die uitslag gebruik altyd sy eie. .pothole is hoe die uitslag die slaggat noem
# (dit moet met die woord begin; 'n verboë vorm mag).

severity-minor = gering
    .pothole = geringe slaggat
severity-moderate = matig
    .pothole = matige slaggat
severity-severe = ernstig
    .pothole = ernstige slaggat

## Knoppies

share-location-button = 📍 Deel ligging

## Opdragkieslys

command-start = hoe om 'n slaggat aan te meld
command-help = hoe om 'n slaggat aan te meld
command-status = jou onlangse verslae en hul grade
command-language = kies die taal waarin ek antwoord
command-chatid = wys hierdie klets se id vir STAFF_CHAT_ID
command-stats = verslae, die spanne se werk en koste, vandag en dié week
command-open = oop slaggate, die mees agterstallige eerste
command-report = een verslag: stand en elke gebeurtenis — /report 12
command-dup = merk #12 as dieselfde slaggat as #7 — /dup 12 7
command-export = die afgelope 30 dae as CSV en GeoJSON

## Burgers

citizen-help =
    👋 Hallo! Ek stuur slaggatverslae aan die padspanne deur.

    1. Stuur 'n foto van die slaggat (as 'n foto, of as 'n JPEG-, PNG- of WebP-lêer).
    2. Tik op { share-location-button }, of stuur 'n ligging, sodat die span dit kan kry.
    3. Binne 'n paar sekondes sê ek vir jou hoe erg dit is; die ergstes gaan reguit na die spanne.

    Voeg gerus 'n onderskrif by, bv. “regterbaan, voor nr. 12”.
    /status wys jou onlangse verslae.
    /language verander die taal waarin ek antwoord.

received-with-location =
    Verslag #{ $id } ontvang — ek beoordeel dit nou…
    📍 Jou ligging is aangeheg.
received-without-location =
    Verslag #{ $id } ontvang — ek beoordeel dit nou…
    📍 Waar is dit? Tik hieronder op “{ share-location-button }” of stuur 'n ligging.

location-added = 📍 Ligging by { $count ->
        [one] verslag
       *[other] verslae
    } { $ids } gevoeg. Dankie!
location-held = 📍 Ligging genoteer. Stuur nou binne { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minute
    } 'n foto van die slaggat, dan heg ek hierdie ligging daaraan.

verdict-pothole = Verslag #{ $id }: { $pothole }.
verdict-alerted = 🚧 Die padspanne is in kennis gestel.
verdict-logged = 🗂 Dit is aangeteken vir die padonderhoudskedule.
verdict-ask-location = 📍 Stuur asseblief 'n ligging sodat die span dit kan kry.
verdict-not-pothole = Verslag #{ $id }: dit lyk nie soos 'n slaggat nie.
verdict-not-pothole-hint = As dit wel een is, stuur 'n foto van nader wat die gat en die pad rondom wys.
verdict-unclear = Verslag #{ $id }: ek kon nie hierdie foto beoordeel nie.
verdict-unclear-hint = Stuur asseblief 'n skerper foto in goeie lig, van 1–2 meter af geneem.
# When the model would not judge the photo at all.
reason-not-judged = Die model kon nie hierdie foto beoordeel nie.
reason-missing = Geen rede gegee nie.

# Grading is held up: the model does not answer, today's budget is used up ($time is when
# grading resumes), or the account is out of credit.
grading-delayed-model-down = ⏳ Verslag #{ $id } is gestoor, maar die beoordelingsdiens antwoord nie nou nie. Ek probeer aan en stuur vir jou die uitslag hier sodra dit terug is.
grading-delayed-budget = ⏳ Verslag #{ $id } is gestoor. Vandag se beoordelingsbegroting is op, so dit word ná { $time } beoordeel — dan kry jy die uitslag hier.
grading-delayed-quota = ⏳ Verslag #{ $id } is gestoor, maar beoordeling is onderbreek: die beoordelingsdiens se rekening se krediet is op. Die operateur is ingelig; jy kry die uitslag hier sodra dit hervat.
grading-failed = Jammer — verslag #{ $id } kon nie outomaties beoordeel word nie. Dit is gestoor, en die personeel is in kennis gestel.
unreadable-image = Jammer — ek kon nie die prent in verslag #{ $id } lees nie. Stuur dit asseblief weer as 'n foto.
image-too-large = Jammer — die prent in verslag #{ $id } is heeltemal te groot vir my om oop te maak. Stuur dit asseblief as 'n foto (nie as 'n lêer nie); Telegram maak dit vir jou kleiner.
intake-failed = Jammer — ek kon dit nou net nie stoor nie. Stuur dit asseblief oor 'n minuut weer.
send-a-photo = 📷 Stuur asseblief 'n foto van die slaggat (en 'n 📍 ligging as jy kan). /help verduidelik meer.
unknown-command = Ek ken nie daardie opdrag nie. Stuur 'n foto van die slaggat, of probeer /help.
not-an-image = Daardie lêer is nie 'n prent wat ek kan lees nie. Stuur asseblief 'n foto (JPEG, PNG of WebP).
file-too-large = Daardie lêer is groter as 20 MB, meer as wat ek kan aflaai. Stuur dit eerder as 'n foto (Telegram maak dit vir jou kleiner).
heic-not-supported = Ek kan nie HEIC-prente lees nie. Stuur dit asseblief as 'n foto (nie as 'n lêer nie), of voer dit eers as JPEG uit.
edits-ignored = Ek volg nie wysigings aan boodskappe nie. As iets verander het, stuur net 'n nuwe foto.
rate-limited = Jy het in die afgelope uur { $count ->
        [one] { $count } verslag
       *[other] { $count } verslae
    } gestuur, en dit is die limiet. Dankie! Stuur asseblief later meer.
duplicate-photo-yours = Hierdie foto is reeds verslag #{ $id } — jy hoef dit nie weer te stuur nie. /status wys dit.
duplicate-photo-others = Iemand het hierdie foto reeds as verslag #{ $id } gestuur, so die spanne weet daarvan. Dankie! As jy self 'n ander foto daarvan geneem het, stuur daardie een.

## /status

status-empty = Jy het nog geen verslae gestuur nie. Stuur 'n foto van 'n slaggat om te begin.
status-header = Jou onlangse verslae:
status-line = #{ $id } · { $state } · { $pin } · { $date }
status-grading = word beoordeel
status-failed = kon nie beoordeel word nie
status-alerted = { $severity }, na die padspanne gestuur
status-logged = { $severity }, aangeteken
status-not-pothole = nie 'n slaggat nie
status-unclear = foto onduidelik
status-pin = 📍
status-no-pin = geen ligging

## /language

language-choose = In watter taal moet ek antwoord?
language-chosen = Reg so — ek antwoord voortaan in Afrikaans.

## Groepe en die spanne se klets

private-only = Hallo! Ek neem slaggatverslae in 'n privaat klets: maak @{ $bot } oop en stuur 'n foto. (Stel jy my op vir die padspanne? /chatid wys hierdie groep se id.)
staff-help = 👷 Ek plaas elke slaggat wat op of bo die waarskuwingsvlak gegradeer is hier: die foto, die graad, die burger se nota en 'n kaartpunt. Onder elke waarskuwing: “Ek is daarop”, “Veilig gemaak”, “Herstel” en “Nie 'n slaggat nie” (met 'n rede); die burger hoor van elke stap. /open lys oop slaggate, die mees agterstallige eerste; /report 12 wys een verslag en sy geskiedenis; /dup 12 7 merk #12 as dieselfde slaggat as #7; /stats wys getalle, die spanne se werk en die koste; /export stuur die afgelope 30 dae as CSV en GeoJSON; /chatid wys hierdie klets se id.
staff-welcome = 👷 Hallo, spanne! Slaggatwaarskuwings sal hier verskyn, elkeen met sy foto en 'n kaartpunt.
chat-id =
    Hierdie klets se id is { $chat }.
    Sit STAFF_CHAT_ID={ $chat } in .env om slaggatwaarskuwings hierheen te stuur.
chat-id-with-thread =
    Hierdie klets se id is { $chat }.
    Sit STAFF_CHAT_ID={ $chat } en STAFF_THREAD_ID={ $thread } in .env om slaggatwaarskuwings hierheen te stuur.

## Die waarskuwing vir die spanne (onderskrif van die foto)

alert-head = 🚨 Verslag #{ $id }: { $pothole }
alert-size-both = 📏 ≈{ $depth } mm diep, ≈{ $width } mm breed (skatting)
alert-size-depth = 📏 ≈{ $depth } mm diep (skatting)
alert-size-width = 📏 ≈{ $width } mm breed (skatting)
# The model was unsure ($percent is its confidence): a crew member should look at the photo.
alert-needs-look = 👀 Moet nagegaan word: die model was net { $percent }% seker; kyk na die foto
alert-needs-look-no-confidence = 👀 Moet nagegaan word: die model het geen sekerheid gegee nie; kyk na die foto
alert-time = 🕒 { $time }
alert-location =
    📍 { $lat }, { $lon }
    🗺 { $link }
alert-no-location = 📍 Nog geen ligging nie (die burger is daarvoor gevra)
alert-reporter = 👤 { $who }
alert-note = 💬 “{ $note }”

## Opspringers ná 'n tik op 'n knoppie (hoogstens 200 karakters)

popup-already-closed = Verslag #{ $id } is reeds gesluit.
popup-refused = Jammer, hierdie knoppie werk net onder 'n slaggatwaarskuwing in die padspanne se klets.

## /stats

stats-today = 📊 Verslae vandag (sedert 00:00 UTC): { $total }
stats-week = 📅 Afgelope 7 dae: { $total }
stats-counts = { severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor } · nie 'n slaggat nie { $not_pothole } · onduidelik { $unclear } · wag { $waiting } · misluk { $failed }
stats-closed = gesluit: { $fixed } herstel, { $rejected } nie 'n slaggat nie
stats-cost = 💵 Beoordelingskoste vandag: US${ $today } (afgelope 7 dae: US${ $week })

## Vir die operateur, in die spanne se klets

operator-warning = ⚠️ Operateur: { $what }
# What the warning says ($error is the API's own message, in English).
operator-budget-reached = vandag se beoordelingskoste het DAILY_BUDGET_USD bereik (US${ $spent } van US${ $budget }). Nuwe verslae word gestoor en ná { $time } beoordeel.
operator-quota = die visie-API se rekening het geen krediet nie ({ $error }). Beoordeling is onderbreek; voeg krediet by (of verander OPENAI_API_KEY) en wagtende verslae word outomaties beoordeel.
operator-vision-refused = die visie-API het geweier om verslae te beoordeel ({ $error }). Gaan OPENAI_API_KEY, OPENAI_MODEL en die rekening na; verslae wat misluk het, is as 'failed' in die databasis gemerk.



## Die spanne se werk: knoppies (hoogstens 64 karakters)

button-on-it = 👷 Ek is daarop
button-made-safe = 🚧 Veilig gemaak
button-fixed = ✅ Herstel
button-not-a-pothole = ❌ Nie 'n slaggat nie
button-reopen = ↩️ Heropen
button-back = « Terug
button-still-broken = 🔁 Steeds stukkend
button-yes-fixed = ✅ Ja, dit is herstel
button-no-still-broken = ❌ Nee, steeds stukkend
button-next-page = Volgende »
button-previous-page = « Vorige
reason-button-not-pothole = Nie 'n slaggat nie
reason-button-not-ours = Nie ons s'n nie
reason-button-no-action = Niks nodig nie
reason-short-not-pothole = nie 'n slaggat nie
reason-short-not-ours = nie ons s'n nie
reason-short-no-action = niks nodig nie
reason-citizen-not-pothole = dit is nie 'n slaggat nie
reason-citizen-not-ours = daardie plek word nie deur hierdie padspanne versorg nie
reason-citizen-no-action = geen herstelwerk is daar nodig nie

## Stand, ouderdom en wie dit gedoen het

state-open = oop
state-acknowledged = span daarop
state-made-safe = veilig gemaak
state-fixed = herstel
state-rejected = gesluit
state-duplicate = duplikaat
age-minutes = { $count ->
        [one] { $count } min
       *[other] { $count } min
    }
age-hours = { $count ->
        [one] { $count } uur
       *[other] { $count } uur
    }
age-days = { $count ->
        [one] { $count } dag
       *[other] { $count } dae
    }
actor-citizen = die burger
actor-bot = die bot

## Die werkreël van die waarskuwing

work-open = 🆕 Oop — nog niemand daarop nie
work-acknowledged = 👷 Span daarop — { $who }, { $time }
work-made-safe = 🚧 Veilig gemaak — { $who }, { $time }
work-fixed = ✅ Herstel — { $who }, { $time }
work-rejected = ❌ Gesluit: { $reason } — { $who }, { $time }
work-duplicate = 🔗 Dieselfde slaggat as #{ $of } — { $who }, { $time }
work-due = ⏳ sperdatum { $time }
work-overdue = ⏰ AGTERSTALLIG sedert { $time }
work-citizens = 👥 { $count ->
        [one] { $count } burger het
       *[other] { $count } burgers het
    } dit aangemeld
alert-reopened = 🔁 Deur die burger heropen

## Wat die burger oor die spanne se werk hoor

update-name = Verslag #{ $id }
update-name-joined = Verslag #{ $id } (waarby jou verslag #{ $own } gevoeg is)
update-taken = 👷 { $name }: 'n padspan is daarop.
update-made-safe = 🚧 { $name } is veilig gemaak (afgesper of tydelik gevul). 'n Behoorlike herstel volg.
update-fixed = ✅ { $name } is herstel. Dankie dat jy dit aangemeld het! As dit steeds stukkend is, tik die knoppie hieronder.
update-rejected = { $name } is deur die padspanne gesluit: { $reason }. Dankie dat jy dit aangemeld het.
update-reopened = ↩️ { $name } is deur die padspanne heropen.
update-duplicate = 🔗 { $name } is dieselfde slaggat as verslag #{ $of }, wat die spanne reeds ken. Jy hoor hier hoe dit vorder.
joined-open-report = 🔗 Verslag #{ $own } is dieselfde slaggat as verslag #{ $original }, wat die padspanne reeds het. Ons het joune daarby gevoeg; jy hoor hier hoe dit vorder.
reopened-by-citizen = 🔁 Dankie dat jy ons laat weet — verslag #{ $id } is weer oop en die padspanne is gewaarsku. As jy kan, stuur 'n nuwe foto daarvan.
reopen-too-late = Verslag #{ $id } is 'n ruk gelede herstel, so dit kan nie heropen word nie. Stuur asseblief 'n nuwe foto (en jou ligging) as 'n nuwe verslag.
follow-up-question = Jy het slaggat #{ $id } 'n ruk gelede aangemeld. Is dit nou herstel?
follow-up-thanks-fixed = ✅ Dankie! Verslag #{ $id } is as herstel gemerk.
follow-up-already-closed = Dankie! Verslag #{ $id } is reeds gesluit.
follow-up-thanks-not-fixed = Dankie — die padspanne is aan verslag #{ $id } herinner.
follow-up-already-answered = Jy het dit reeds beantwoord — dankie!

## Antwoorde in die spanne se klets

follow-up-still-broken-staff = 🔔 Die burger sê verslag #{ $id } is steeds nie herstel nie (al { $age } oop).
overdue-reminder-severe = ⏰ Verslag #{ $id } ({ $severity }) is agterstallig: al { $age } oop en nog nie veilig gemaak of herstel nie.
overdue-reminder = ⏰ Verslag #{ $id } ({ $severity }) is agterstallig: al { $age } oop en nog nie herstel nie.
another-citizen = 👥 Nog 'n burger het dit aangemeld (#{ $dup }): { $count ->
        [one] { $count } burger het
       *[other] { $count } burgers het
    } #{ $original } aangemeld.
another-citizen-same = 👥 Verslag #{ $dup } is dieselfde slaggat as #{ $original }.

## Opspringers ná 'n tik op 'n knoppie (hoogstens 200 karakters)

popup-done-taken = #{ $id }: jy is daarop. Die burger is ingelig.
popup-done-made-safe = #{ $id } as veilig gemaak gemerk. Die burger is ingelig.
popup-done-fixed = #{ $id } as herstel gemerk. Die burger is ingelig.
popup-done-rejected = #{ $id } gesluit: { $reason }.
popup-done-reopened = #{ $id } heropen.
popup-done-duplicate = #{ $id } as dieselfde slaggat as #{ $of } gemerk.
refusal-already-acknowledged = #{ $id } is reeds om { $time } deur { $who } opgeneem.
refusal-already-made-safe = #{ $id } is reeds om { $time } deur { $who } veilig gemaak.
refusal-already-fixed = #{ $id } is reeds om { $time } deur { $who } herstel.
refusal-already-rejected = #{ $id } is reeds om { $time } deur { $who } gesluit.
refusal-already-duplicate = #{ $id } is reeds om { $time } deur { $who } as duplikaat gemerk.
refusal-already-open = #{ $id } is reeds oop ({ $who }, { $time }).
refusal-closed-duplicate = #{ $id } is dieselfde slaggat as #{ $of } ({ $who }, { $time }). Heropen dit eers.
refusal-closed-fixed = #{ $id } is reeds herstel ({ $who }, { $time }). Heropen dit eers.
refusal-closed = #{ $id } is gesluit ({ $who }, { $time }). Heropen dit eers.
refusal-not-closed = #{ $id } is { $state } — niks om te heropen nie.
refusal-not-for-citizens = Net die padspanne kan dit doen.
refusal-self-duplicate = #{ $id } kan nie 'n duplikaat van homself wees nie.
popup-not-this-alert = Hierdie waarskuwing is verouderd — gebruik die nuutste waarskuwing vir hierdie verslag.
popup-no-such-pothole = Daar is geen slaggatverslag #{ $id } nie.
popup-not-your-report = Daardie knoppie is nie vir een van jou verslae nie.
popup-still-open = Verslag #{ $id } is steeds oop: die padspanne het dit op hul lys.
popup-failed = Jammer — dit het nie gewerk nie. Probeer asseblief oor 'n minuut weer.
popup-why-closed = Hoekom word dit gesluit?
popup-back = OK
popup-page = Bladsy vanaf #{ $from }

## /open en die daaglikse opsomming

open-line = #{ $id } { $severity } · { $state } · { $age }
open-flag-overdue = ⏰ agterstallig
open-flag-look = 👀 kyk gerus
open-no-location = geen ligging
open-none = 🎉 Geen oop slaggate nie.
open-no-more = Geen verdere oop slaggate nie ({ $total } altesaam).
open-header = 🕳 Oop slaggate { $from }–{ $to } van { $total } (mees agterstallig eerste):
by-severity = { $total } ({ severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor })
digest-head = 🗞 Daaglikse opsomming, { $date }
digest-new = Nuut in die afgelope 24 uur: { $counts }
digest-open = Oop: { $counts }
digest-overdue = Agterstallig: { $counts }
digest-oldest = Mees agterstallig eerste:

## /report N

report-head = 📄 Verslag #{ $id }: { $severity } · { $status }
report-not-graded = nie gegradeer nie
report-events = Gebeure:
report-event = • { $time } { $actor } { $what }
report-earlier = … { $count ->
        [one] { $count } vroeëre gebeurtenis
       *[other] { $count } vroeëre gebeure
    }
pipeline-status = { $status ->
        [received] ontvang
        [graded] gegradeer
        [alerted] gewaarsku
        [failed] misluk
       *[other] { $status }
    }
event-actor = { $actor ->
        [staff] span
        [citizen] burger
        [system] bot
       *[other] { $actor }
    }
event-kind = { $kind ->
        [received] ontvang
        [graded] gegradeer
        [alerted] waarskuwing geplaas
        [location_added] ligging bygevoeg
        [acknowledged] opgeneem
        [made_safe] veilig gemaak
        [fixed] herstel
        [rejected] gesluit
        [reopened] heropen
        [duplicate] duplikaat
        [severity_raised] graad verhoog
        [reminder_sent] herinnering gestuur
        [follow_up_asked] opvolg gevra
        [follow_up_not_fixed] burger sê nie herstel nie
        [grading_failed] gradering misluk
        [grading_postponed] gradering uitgestel
       *[other] { $kind }
    }
report-usage = Gebruik: /report N — byvoorbeeld /report 12.
dup-usage = Gebruik: /dup 12 7 — verslag #12 is dieselfde slaggat as #7. Of antwoord op #12 se waarskuwing met /dup 7.
no-such-report = Daar is geen verslag #{ $id } nie.
not-an-alert = Daardie boodskap is nie 'n slaggatwaarskuwing nie. Antwoord op 'n verslag se waarskuwing, of gebruik /dup 12 7.
not-potholes = Beide #{ $id } en #{ $of } moet slaggatverslae wees.

## /stats: die spanne se werk

loop-stats =
    🛠 Werk nou: oop { $open } · span daarop { $acknowledged } · veilig gemaak { $made_safe } · ⏰ agterstallig { $overdue }
    Afgelope 30 dae: herstel { $fixed } · gesluit { $rejected } · duplikate { $duplicates }
    Mediaantyd tot “Ek is daarop”: { $ack } · tot herstel: { $fix }

## /export

export-started = 📦 Ek voer die verslae van { $count ->
        [one] die afgelope dag
       *[other] die afgelope { $count } dae
    } uit (CSV en GeoJSON)…
export-caption = Verslae van { $count ->
        [one] die afgelope dag
       *[other] die afgelope { $count } dae
    } ({ $kind }).
