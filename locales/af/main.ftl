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


