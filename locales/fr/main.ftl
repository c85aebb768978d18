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


