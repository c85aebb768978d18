# pothole-bot : tous les textes que lisent les gens, en français.
# Mêmes identifiants et mêmes { $variables } que le catalogue anglais (locales/en/main.ftl).

## À propos de ce catalogue

language-name = Français
format-locale = fr

## Les mots de gravité
# Ces trois mots sont les niveaux. La première réponse à une photo n'en utilise jamais aucun ;
# le verdict utilise toujours le sien. .pothole est la façon dont le verdict nomme le nid-de-poule.

severity-minor = mineur
    .pothole = nid-de-poule mineur
severity-moderate = modéré
    .pothole = nid-de-poule modéré
severity-severe = grave
    .pothole = nid-de-poule grave

## Boutons

share-location-button = 📍 Partager la position

## Menu des commandes

command-start = comment signaler un nid-de-poule
command-help = comment signaler un nid-de-poule
command-status = vos signalements récents et leur gravité
command-language = choisir la langue dans laquelle je réponds
command-chatid = afficher l'id de ce chat pour STAFF_CHAT_ID
command-stats = signalements, travail des équipes et coût, jour et semaine
command-open = nids-de-poule ouverts, les plus en retard d'abord
command-report = un signalement, son état et son historique — /report 12
command-dup = marquer le #12 comme doublon du #7 — /dup 12 7
command-export = les 30 derniers jours en CSV et GeoJSON

## Citoyens

citizen-help =
    👋 Bonjour ! Je transmets les signalements de nids-de-poule aux équipes de voirie.

    1. Envoyez une photo du nid-de-poule (en photo, ou en fichier JPEG, PNG ou WebP).
    2. Touchez { share-location-button } ou envoyez une position, pour que l'équipe le trouve.
    3. En quelques secondes, je vous dis à quel point il est dangereux ; les pires partent directement aux équipes.

    Ajoutez une légende si vous voulez, par ex. « voie de droite, devant le nº 12 ».
    /status affiche vos signalements récents.
    /language change la langue dans laquelle je réponds.

received-with-location =
    Signalement #{ $id } reçu — évaluation en cours…
    📍 Votre position est jointe.
received-without-location =
    Signalement #{ $id } reçu — évaluation en cours…
    📍 Où est-il ? Touchez « { share-location-button } » ci-dessous ou envoyez une position.

location-added = 📍 Position ajoutée { $count ->
        [one] au signalement
       *[other] aux signalements
    } { $ids }. Merci !
location-held = 📍 Position notée. Envoyez maintenant une photo du nid-de-poule dans { $minutes ->
        [one] la minute
       *[other] les { $minutes } minutes
    } et j'y joindrai cette position.

verdict-pothole = Signalement #{ $id } : { $pothole }.
verdict-alerted = 🚧 Les équipes de voirie ont été prévenues.
verdict-logged = 🗂 Il est inscrit au programme d'entretien de la voirie.
verdict-ask-location = 📍 Envoyez une position pour que l'équipe puisse le trouver.
verdict-not-pothole = Signalement #{ $id } : ceci ne ressemble pas à un nid-de-poule.
verdict-not-pothole-hint = Si c'en est un, envoyez une photo plus rapprochée qui montre le trou et la chaussée autour.
verdict-unclear = Signalement #{ $id } : je n'ai pas pu évaluer cette photo.
verdict-unclear-hint = Envoyez une photo plus nette, bien éclairée, prise à 1–2 mètres.
# When the model would not judge the photo at all.
reason-not-judged = Le modèle n'a pas pu évaluer cette photo.
reason-missing = Aucune raison donnée.

# Grading is held up: the model does not answer, today's budget is used up ($time is when
# grading resumes), or the account is out of credit.
grading-delayed-model-down = ⏳ Le signalement #{ $id } est enregistré, mais le service d'évaluation ne répond pas pour l'instant. Je réessaie et vous enverrai le résultat ici dès son retour.
grading-delayed-budget = ⏳ Le signalement #{ $id } est enregistré. Le budget d'évaluation du jour est épuisé : il sera évalué après { $time } et vous recevrez le résultat ici.
grading-delayed-quota = ⏳ Le signalement #{ $id } est enregistré, mais l'évaluation est suspendue : le compte du service d'évaluation n'a plus de crédit. L'opérateur a été prévenu ; vous recevrez le résultat ici dès la reprise.
grading-failed = Désolé — le signalement #{ $id } n'a pas pu être évalué automatiquement. Il est enregistré et le personnel a été prévenu.
unreadable-image = Désolé — je n'ai pas pu lire l'image du signalement #{ $id }. Renvoyez-la en tant que photo.
image-too-large = Désolé — l'image du signalement #{ $id } est bien trop grande pour que je l'ouvre. Envoyez-la en photo (pas en fichier) ; Telegram la réduit pour vous.
intake-failed = Désolé — je n'ai pas pu l'enregistrer pour l'instant. Renvoyez-le dans une minute.
send-a-photo = 📷 Envoyez une photo du nid-de-poule (et une 📍 position si possible). /help en dit plus.
unknown-command = Je ne connais pas cette commande. Envoyez une photo du nid-de-poule, ou essayez /help.
not-an-image = Ce fichier n'est pas une image que je sais lire. Envoyez une photo (JPEG, PNG ou WebP).
file-too-large = Ce fichier dépasse 20 Mo, plus que je ne peux télécharger. Envoyez-le plutôt en photo (Telegram la réduit pour vous).
heic-not-supported = Je ne sais pas lire les images HEIC. Envoyez-la en photo (pas en fichier), ou exportez-la d'abord en JPEG.
edits-ignored = Je ne suis pas les modifications de messages. Si quelque chose a changé, envoyez simplement une nouvelle photo.
rate-limited = Vous avez envoyé { $count ->
        [one] { $count } signalement
        [many] { $count } de signalements
       *[other] { $count } signalements
    } dans la dernière heure, c'est la limite. Merci ! Envoyez-en d'autres un peu plus tard.
duplicate-photo-yours = Cette photo est déjà le signalement #{ $id } — inutile de la renvoyer. /status l'affiche.
duplicate-photo-others = Quelqu'un a déjà envoyé cette photo, c'est le signalement #{ $id } : les équipes sont au courant. Merci ! Si vous avez pris une autre photo du trou, envoyez celle-là.

## /status

status-empty = Vous n'avez encore envoyé aucun signalement. Envoyez la photo d'un nid-de-poule pour commencer.
status-header = Vos signalements récents :
status-line = #{ $id } · { $state } · { $pin } · { $date }
status-grading = en cours d'évaluation
status-failed = n'a pas pu être évalué
status-alerted = { $severity }, transmis aux équipes
status-logged = { $severity }, enregistré
status-not-pothole = pas un nid-de-poule
status-unclear = photo peu claire
status-pin = 📍
status-no-pin = sans position

## /language

language-choose = Dans quelle langue dois-je répondre ?
language-chosen = D'accord — je réponds désormais en français.

## Groupes et chat du personnel

private-only = Bonjour ! Je reçois les signalements de nids-de-poule en chat privé : ouvrez @{ $bot } et envoyez une photo. (Vous me configurez pour les équipes ? /chatid affiche l'id de ce groupe.)
staff-help = 👷 Je publie ici chaque nid-de-poule évalué au niveau d'alerte ou au-dessus : la photo, la gravité, la note du citoyen et une position sur la carte. Sous chaque alerte : « On s'en charge », « Sécurisé », « Réparé » et « Pas un nid-de-poule » (avec un motif) ; le citoyen est prévenu à chaque étape. /open liste les nids-de-poule ouverts, les plus en retard d'abord ; /report 12 affiche un signalement et son historique ; /dup 12 7 marque le #12 comme le même nid-de-poule que le #7 ; /stats affiche les chiffres, le travail des équipes et le coût ; /export envoie les 30 derniers jours en CSV et GeoJSON ; /chatid affiche l'id de ce chat.
staff-welcome = 👷 Bonjour les équipes ! Les alertes de nids-de-poule apparaîtront ici, chacune avec sa photo et sa position sur la carte.
chat-id =
    L'id de ce chat est { $chat }.
    Mettez STAFF_CHAT_ID={ $chat } dans .env pour recevoir ici les alertes de nids-de-poule.
chat-id-with-thread =
    L'id de ce chat est { $chat }.
    Mettez STAFF_CHAT_ID={ $chat } et STAFF_THREAD_ID={ $thread } dans .env pour recevoir ici les alertes de nids-de-poule.

## L'alerte pour le personnel

alert-head = 🚨 Signalement #{ $id } : { $pothole }
alert-size-both = 📏 ≈{ $depth } mm de profondeur, ≈{ $width } mm de large (estimation)
alert-size-depth = 📏 ≈{ $depth } mm de profondeur (estimation)
alert-size-width = 📏 ≈{ $width } mm de large (estimation)
# The model was unsure ($percent is its confidence): a crew member should look at the photo.
alert-needs-look = 👀 À vérifier : le modèle n'était sûr qu'à { $percent } % ; regardez la photo
alert-needs-look-no-confidence = 👀 À vérifier : le modèle n'a pas indiqué sa certitude ; regardez la photo
alert-time = 🕒 { $time }
alert-location =
    📍 { $lat }, { $lon }
    🗺 { $link }
alert-no-location = 📍 Pas encore de position (le citoyen a été invité à en envoyer une)
alert-reporter = 👤 { $who }
alert-note = 💬 « { $note } »

## Fenêtres après un appui sur un bouton (200 caractères au plus)

popup-already-closed = Le signalement #{ $id } est déjà clos.
popup-refused = Désolé, ce bouton ne fonctionne que sous une alerte de nid-de-poule dans le chat des équipes.

## /stats

stats-today = 📊 Signalements du jour (depuis 00:00 UTC) : { $total }
stats-week = 📅 7 derniers jours : { $total }
stats-counts = { severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor } · pas un nid-de-poule { $not_pothole } · peu clair { $unclear } · en attente { $waiting } · échec { $failed }
stats-closed = clos : { $fixed } réparés, { $rejected } pas un nid-de-poule
stats-cost = 💵 Coût de l'évaluation aujourd'hui : { $today } $ US (7 derniers jours : { $week } $ US)

## Pour l'opérateur, dans le chat du personnel

operator-warning = ⚠️ Opérateur : { $what }
# What the warning says ($error is the API's own message, in English).
operator-budget-reached = les dépenses d'évaluation du jour ont atteint DAILY_BUDGET_USD ({ $spent } $ US sur { $budget } $ US). Les nouveaux signalements sont enregistrés et seront évalués après { $time }.
operator-quota = le compte de l'API de vision n'a plus de crédit ({ $error }). L'évaluation est suspendue ; ajoutez du crédit (ou changez OPENAI_API_KEY) et les signalements en attente seront évalués automatiquement.
operator-vision-refused = l'API de vision a refusé d'évaluer des signalements ({ $error }). Vérifiez OPENAI_API_KEY, OPENAI_MODEL et le compte ; les signalements en échec sont marqués 'failed' dans la base de données.



## Le travail des équipes : boutons (64 caractères au plus)

button-on-it = 👷 On s'en charge
button-made-safe = 🚧 Sécurisé
button-fixed = ✅ Réparé
button-not-a-pothole = ❌ Pas un nid-de-poule
button-reopen = ↩️ Rouvrir
button-back = « Retour
button-still-broken = 🔁 Toujours abîmé
button-yes-fixed = ✅ Oui, c'est réparé
button-no-still-broken = ❌ Non, toujours abîmé
button-next-page = Suivant »
button-previous-page = « Précédent
reason-button-not-pothole = Pas un nid-de-poule
reason-button-not-ours = Pas chez nous
reason-button-no-action = Rien à faire
reason-short-not-pothole = pas un nid-de-poule
reason-short-not-ours = pas chez nous
reason-short-no-action = rien à faire
reason-citizen-not-pothole = ce n'est pas un nid-de-poule
reason-citizen-not-ours = cet endroit n'est pas entretenu par ces équipes
reason-citizen-no-action = aucune réparation n'est nécessaire à cet endroit

## États, ancienneté et qui l'a fait

state-open = ouvert
state-acknowledged = équipe dessus
state-made-safe = sécurisé
state-fixed = réparé
state-rejected = clos
state-duplicate = doublon
age-minutes = { $count ->
        [one] { $count } min
       *[other] { $count } min
    }
age-hours = { $count ->
        [one] { $count } h
       *[other] { $count } h
    }
age-days = { $count ->
        [one] { $count } jour
       *[other] { $count } jours
    }
actor-citizen = le citoyen
actor-bot = le bot

## La ligne de travail de l'alerte

work-open = 🆕 Ouvert — personne dessus pour l'instant
work-acknowledged = 👷 Équipe dessus — { $who }, { $time }
work-made-safe = 🚧 Sécurisé — { $who }, { $time }
work-fixed = ✅ Réparé — { $who }, { $time }
work-rejected = ❌ Clos : { $reason } — { $who }, { $time }
work-duplicate = 🔗 Même nid-de-poule que le #{ $of } — { $who }, { $time }
work-due = ⏳ échéance { $time }
work-overdue = ⏰ EN RETARD depuis { $time }
work-citizens = 👥 { $count ->
        [one] { $count } citoyen l'a signalé
       *[other] { $count } citoyens l'ont signalé
    }
alert-reopened = 🔁 Rouvert par le citoyen

## Ce que le citoyen apprend du travail des équipes

update-name = Le signalement #{ $id }
update-name-joined = Le signalement #{ $id } (auquel votre signalement #{ $own } a été joint)
update-taken = 👷 { $name } : une équipe s'en charge.
update-made-safe = 🚧 { $name } a été sécurisé (balisé ou comblé provisoirement). Une vraie réparation suivra.
update-fixed = ✅ { $name } a été réparé. Merci de l'avoir signalé ! S'il est toujours abîmé, touchez le bouton ci-dessous.
update-rejected = { $name } a été clos par les équipes : { $reason }. Merci de l'avoir signalé.
update-reopened = ↩️ { $name } a été rouvert par les équipes.
update-duplicate = 🔗 { $name } est le même nid-de-poule que le signalement #{ $of }, déjà connu des équipes. Vous saurez ici comment il avance.
joined-open-report = 🔗 Le signalement #{ $own } est le même nid-de-poule que le signalement #{ $original }, que les équipes ont déjà. Nous y avons ajouté le vôtre ; vous saurez ici comment il avance.
reopened-by-citizen = 🔁 Merci de nous le dire — le signalement #{ $id } est de nouveau ouvert et les équipes sont prévenues. Si vous pouvez, envoyez-en une nouvelle photo.
reopen-too-late = Le signalement #{ $id } a été réparé il y a un moment, il ne peut donc pas être rouvert. Envoyez une nouvelle photo (et votre position) comme nouveau signalement.
follow-up-question = Vous avez signalé le nid-de-poule #{ $id } il y a quelque temps. Est-il réparé maintenant ?
follow-up-thanks-fixed = ✅ Merci ! Le signalement #{ $id } est marqué réparé.
follow-up-already-closed = Merci ! Le signalement #{ $id } est déjà clos.
follow-up-thanks-not-fixed = Merci — les équipes ont reçu un rappel pour le signalement #{ $id }.
follow-up-already-answered = Vous avez déjà répondu — merci !

## Réponses dans le chat des équipes

follow-up-still-broken-staff = 🔔 Le citoyen dit que le signalement #{ $id } n'est toujours pas réparé (ouvert depuis { $age }).
overdue-reminder-severe = ⏰ Le signalement #{ $id } ({ $severity }) est en retard : ouvert depuis { $age } et toujours ni sécurisé ni réparé.
overdue-reminder = ⏰ Le signalement #{ $id } ({ $severity }) est en retard : ouvert depuis { $age } et toujours pas réparé.
another-citizen = 👥 Un autre citoyen l'a signalé (#{ $dup }) : { $count ->
        [one] { $count } citoyen a
       *[other] { $count } citoyens ont
    } signalé le #{ $original }.
another-citizen-same = 👥 Le signalement #{ $dup } est le même nid-de-poule que le #{ $original }.

## Fenêtres après un appui sur un bouton (200 caractères au plus)

popup-done-taken = #{ $id } : c'est pour vous. Le citoyen est prévenu.
popup-done-made-safe = #{ $id } marqué sécurisé. Le citoyen est prévenu.
popup-done-fixed = #{ $id } marqué réparé. Le citoyen est prévenu.
popup-done-rejected = #{ $id } clos : { $reason }.
popup-done-reopened = #{ $id } rouvert.
popup-done-duplicate = #{ $id } marqué comme le même nid-de-poule que le #{ $of }.
refusal-already-acknowledged = #{ $id } est déjà pris par { $who } à { $time }.
refusal-already-made-safe = #{ $id } a déjà été sécurisé par { $who } à { $time }.
refusal-already-fixed = #{ $id } a déjà été réparé par { $who } à { $time }.
refusal-already-rejected = #{ $id } a déjà été clos par { $who } à { $time }.
refusal-already-duplicate = #{ $id } a déjà été marqué doublon par { $who } à { $time }.
refusal-already-open = #{ $id } est déjà ouvert ({ $who }, { $time }).
refusal-closed-duplicate = #{ $id } est le même nid-de-poule que le #{ $of } ({ $who }, { $time }). Rouvrez-le d'abord.
refusal-closed-fixed = #{ $id } est déjà réparé ({ $who }, { $time }). Rouvrez-le d'abord.
refusal-closed = #{ $id } est clos ({ $who }, { $time }). Rouvrez-le d'abord.
refusal-not-closed = #{ $id } est { $state } — rien à rouvrir.
refusal-not-for-citizens = Seules les équipes peuvent faire cela.
refusal-self-duplicate = #{ $id } ne peut pas être un doublon de lui-même.
popup-not-this-alert = Cette alerte n'est plus à jour — utilisez la plus récente pour ce signalement.
popup-no-such-pothole = Il n'y a pas de signalement de nid-de-poule #{ $id }.
popup-not-your-report = Ce bouton ne correspond à aucun de vos signalements.
popup-still-open = Le signalement #{ $id } est toujours ouvert : les équipes l'ont sur leur liste.
popup-failed = Désolé — cela n'a pas marché. Réessayez dans une minute.
popup-why-closed = Pourquoi le clore ?
popup-back = OK
popup-page = Page à partir du #{ $from }

## /open et le résumé quotidien

open-line = #{ $id } { $severity } · { $state } · { $age }
open-flag-overdue = ⏰ en retard
open-flag-look = 👀 à vérifier
open-no-location = pas de position
open-none = 🎉 Aucun nid-de-poule ouvert.
open-no-more = Plus de nids-de-poule ouverts ({ $total } en tout).
open-header = 🕳 Nids-de-poule ouverts { $from }–{ $to } sur { $total } (les plus en retard d'abord) :
by-severity = { $total } ({ severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor })
digest-head = 🗞 Résumé du jour, { $date }
digest-new = Nouveaux ces dernières 24 h : { $counts }
digest-open = Ouverts : { $counts }
digest-overdue = En retard : { $counts }
digest-oldest = Les plus en retard d'abord :

## /report N

report-head = 📄 Signalement #{ $id } : { $severity } · { $status }
report-not-graded = non évalué
report-events = Événements :
report-event = • { $time } { $actor } { $what }
report-earlier = … { $count ->
        [one] { $count } événement antérieur
       *[other] { $count } événements antérieurs
    }
pipeline-status = { $status ->
        [received] reçu
        [graded] évalué
        [alerted] alerté
        [failed] échec
       *[other] { $status }
    }
event-actor = { $actor ->
        [staff] équipe
        [citizen] citoyen
        [system] bot
       *[other] { $actor }
    }
event-kind = { $kind ->
        [received] reçu
        [graded] évalué
        [alerted] alerte publiée
        [location_added] position ajoutée
        [acknowledged] pris en charge
        [made_safe] sécurisé
        [fixed] réparé
        [rejected] clos
        [reopened] rouvert
        [duplicate] doublon
        [severity_raised] gravité relevée
        [reminder_sent] rappel envoyé
        [follow_up_asked] relance posée
        [follow_up_not_fixed] pas réparé selon le citoyen
        [grading_failed] évaluation échouée
        [grading_postponed] évaluation reportée
       *[other] { $kind }
    }
report-usage = Usage : /report N — par exemple /report 12.
dup-usage = Usage : /dup 12 7 — le signalement #12 est le même nid-de-poule que le #7. Ou répondez à l'alerte du #12 par /dup 7.
no-such-report = Il n'y a pas de signalement #{ $id }.
not-an-alert = Ce message n'est pas une alerte de nid-de-poule. Répondez à l'alerte d'un signalement, ou utilisez /dup 12 7.
not-potholes = Le #{ $id } et le #{ $of } doivent tous deux être des signalements de nids-de-poule.

## /stats : le travail des équipes

loop-stats =
    🛠 Travail en cours : ouverts { $open } · équipe dessus { $acknowledged } · sécurisés { $made_safe } · ⏰ en retard { $overdue }
    30 derniers jours : réparés { $fixed } · clos { $rejected } · doublons { $duplicates }
    Délai médian jusqu'à « On s'en charge » : { $ack } · jusqu'à réparé : { $fix }

## /export

export-started = 📦 Export des signalements { $count ->
        [one] du dernier jour
       *[other] des { $count } derniers jours
    } (CSV et GeoJSON)…
export-caption = Signalements { $count ->
        [one] du dernier jour
       *[other] des { $count } derniers jours
    } ({ $kind }).
