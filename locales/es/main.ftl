# pothole-bot: todos los textos que lee la gente, en español.
# Mismos identificadores y mismos { $marcadores } que el catálogo inglés (locales/en/main.ftl).

## Sobre este catálogo

language-name = Español
format-locale = es

## Las palabras de gravedad
# Estas tres palabras son los grados. La primera respuesta a una foto nunca usa ninguna;
# el veredicto siempre usa la suya. .pothole es cómo el veredicto nombra el bache.

severity-minor = leve
    .pothole = bache leve
severity-moderate = moderado
    .pothole = bache moderado
severity-severe = grave
    .pothole = bache grave

## Botones

share-location-button = 📍 Compartir ubicación

## Menú de comandos

command-start = cómo informar de un bache
command-help = cómo informar de un bache
command-status = tus reportes recientes y su gravedad
command-language = elegir el idioma en que te respondo
command-chatid = mostrar el id de este chat para STAFF_CHAT_ID
command-stats = reportes, trabajo de las cuadrillas y coste, hoy y esta semana
command-open = baches abiertos, los más atrasados primero
command-report = un reporte: estado y todos sus eventos — /report 12
command-dup = marcar #12 como el mismo bache que #7 — /dup 12 7
command-export = los últimos 30 días en CSV y GeoJSON

## Ciudadanos

citizen-help =
    👋 ¡Hola! Paso los reportes de baches a las cuadrillas de carreteras.

    1. Envía una foto del bache (como foto, o como archivo JPEG, PNG o WebP).
    2. Toca { share-location-button } o envía una ubicación para que la cuadrilla lo encuentre.
    3. En unos segundos te digo lo malo que es; los peores van directos a las cuadrillas.

    Si quieres, añade un comentario, p. ej. «carril derecho, frente al n.º 12».
    /status muestra tus reportes recientes.
    /language cambia el idioma en que te respondo.

received-with-location =
    Reporte #{ $id } recibido: lo estoy evaluando…
    📍 Tu ubicación ya está adjunta.
received-without-location =
    Reporte #{ $id } recibido: lo estoy evaluando…
    📍 ¿Dónde está? Toca «{ share-location-button }» abajo o envía una ubicación.

location-added = 📍 Ubicación añadida { $count ->
        [one] al reporte
       *[other] a los reportes
    } { $ids }. ¡Gracias!
location-held = 📍 Ubicación anotada. Ahora envía una foto del bache en { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    } y le adjuntaré esta ubicación.

verdict-pothole = Reporte #{ $id }: { $pothole }.
verdict-alerted = 🚧 Ya hemos avisado a las cuadrillas de carreteras.
verdict-logged = 🗂 Queda registrado en el plan de mantenimiento de vías.
verdict-ask-location = 📍 Envía tu ubicación para que la cuadrilla lo encuentre.
verdict-not-pothole = Reporte #{ $id }: esto no parece un bache.
verdict-not-pothole-hint = Si lo es, envía una foto más cercana en la que se vean el agujero y la calzada alrededor.
verdict-unclear = Reporte #{ $id }: no he podido valorar esta foto.
verdict-unclear-hint = Envía una foto más nítida, con buena luz, tomada a 1–2 metros.
# When the model would not judge the photo at all.
reason-not-judged = El modelo no ha podido valorar esta foto.
reason-missing = Sin motivo indicado.

# Grading is held up: the model does not answer, today's budget is used up ($time is when
# grading resumes), or the account is out of credit.
grading-delayed-model-down = ⏳ El reporte #{ $id } está guardado, pero el servicio de evaluación no responde ahora mismo. Sigo intentándolo y te enviaré el resultado aquí en cuanto vuelva.
grading-delayed-budget = ⏳ El reporte #{ $id } está guardado. El presupuesto de evaluación de hoy se ha agotado, así que se evaluará después de { $time }; entonces recibirás el resultado aquí.
grading-delayed-quota = ⏳ El reporte #{ $id } está guardado, pero la evaluación está en pausa: la cuenta del servicio de evaluación se ha quedado sin crédito. El operador ya está avisado; recibirás el resultado aquí en cuanto se reanude.
grading-failed = Lo siento: el reporte #{ $id } no se ha podido evaluar automáticamente. Está guardado y el personal ya está avisado.
unreadable-image = Lo siento: no he podido leer la imagen del reporte #{ $id }. Envíala otra vez como foto.
image-too-large = Lo siento: la imagen del reporte #{ $id } es demasiado grande para abrirla. Envíala como foto (no como archivo); Telegram la reduce por ti.
intake-failed = Lo siento: no he podido guardarlo ahora mismo. Vuelve a enviarlo dentro de un minuto.
send-a-photo = 📷 Envía una foto del bache (y una 📍 ubicación si puedes). /help explica más.
unknown-command = No conozco ese comando. Envía una foto del bache o prueba /help.
not-an-image = Ese archivo no es una imagen que pueda leer. Envía una foto (JPEG, PNG o WebP).
file-too-large = Ese archivo pesa más de 20 MB, más de lo que puedo descargar. Envíalo como foto (Telegram lo reduce por ti).
heic-not-supported = No puedo leer imágenes HEIC. Envíala como foto (no como archivo) o expórtala antes a JPEG.
edits-ignored = No sigo los mensajes editados. Si algo ha cambiado, envía una foto nueva.
rate-limited = Has enviado { $count ->
        [one] { $count } reporte
       *[other] { $count } reportes
    } en la última hora, que es el límite. ¡Gracias! Envía más un poco más tarde.
duplicate-photo-yours = Esta foto ya es el reporte #{ $id }; no hace falta enviarla otra vez. /status lo muestra.
duplicate-photo-others = Alguien ya ha enviado esta foto como reporte #{ $id }, así que las cuadrillas lo saben. ¡Gracias! Si tienes otra foto tuya del bache, envía esa.

## /status

status-empty = Todavía no has enviado ningún reporte. Envía la foto de un bache para empezar.
status-header = Tus reportes recientes:
status-line = #{ $id } · { $state } · { $pin } · { $date }
status-grading = en evaluación
status-failed = no se pudo evaluar
status-alerted = { $severity }, enviado a las cuadrillas
status-logged = { $severity }, registrado
status-not-pothole = no es un bache
status-unclear = foto poco clara
status-pin = 📍
status-no-pin = sin ubicación

## /language

language-choose = ¿En qué idioma te respondo?
language-chosen = De acuerdo: a partir de ahora te respondo en español.

## Grupos y chat del personal

private-only = ¡Hola! Recibo reportes de baches en un chat privado: abre @{ $bot } y envía una foto. (¿Me estás configurando para las cuadrillas? /chatid muestra el id de este grupo).
staff-help = 👷 Aquí publico cada bache con una gravedad igual o superior al nivel de alerta: la foto, la gravedad, el comentario del ciudadano y su ubicación. Bajo cada alerta: «En ello», «Asegurado», «Reparado» y «No es un bache» (con un motivo); se avisa al ciudadano de cada paso. /open lista los baches abiertos, los más atrasados primero; /report 12 muestra un reporte y su historial; /dup 12 7 marca #12 como el mismo bache que #7; /stats muestra cifras, el trabajo de las cuadrillas y el coste; /export envía los últimos 30 días en CSV y GeoJSON; /chatid muestra el id de este chat.
staff-welcome = 👷 ¡Hola, cuadrillas! Aquí aparecerán las alertas de baches, cada una con su foto y su ubicación.
chat-id =
    El id de este chat es { $chat }.
    Pon STAFF_CHAT_ID={ $chat } en .env para enviar aquí las alertas de baches.
chat-id-with-thread =
    El id de este chat es { $chat }.
    Pon STAFF_CHAT_ID={ $chat } y STAFF_THREAD_ID={ $thread } en .env para enviar aquí las alertas de baches.

## La alerta para el personal

alert-head = 🚨 Reporte #{ $id }: { $pothole }
alert-size-both = 📏 ≈{ $depth } mm de profundidad, ≈{ $width } mm de ancho (estimación)
alert-size-depth = 📏 ≈{ $depth } mm de profundidad (estimación)
alert-size-width = 📏 ≈{ $width } mm de ancho (estimación)
# The model was unsure ($percent is its confidence): a crew member should look at the photo.
alert-needs-look = 👀 Requiere revisión: el modelo solo estaba seguro al { $percent } %; revisa la foto
alert-needs-look-no-confidence = 👀 Requiere revisión: el modelo no indicó su seguridad; revisa la foto
alert-time = 🕒 { $time }
alert-location =
    📍 { $lat }, { $lon }
    🗺 { $link }
alert-no-location = 📍 Aún sin ubicación (se la hemos pedido al ciudadano)
alert-reporter = 👤 { $who }
alert-note = 💬 «{ $note }»

## Ventanas emergentes tras tocar un botón (máximo 200 caracteres)

popup-already-closed = El reporte #{ $id } ya está cerrado.
popup-refused = Lo siento, este botón solo funciona bajo una alerta de bache en el chat de las cuadrillas.

## /stats

stats-today = 📊 Reportes de hoy (desde las 00:00 UTC): { $total }
stats-week = 📅 Últimos 7 días: { $total }
stats-counts = { severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor } · no es un bache { $not_pothole } · poco claro { $unclear } · en espera { $waiting } · fallidos { $failed }
stats-closed = cerrados: { $fixed } reparados, { $rejected } no eran baches
stats-cost = 💵 Coste de evaluación hoy: { $today } US$ (últimos 7 días: { $week } US$)

## Para el operador, en el chat del personal

operator-warning = ⚠️ Operador: { $what }
# What the warning says ($error is the API's own message, in English).
operator-budget-reached = el gasto de evaluación de hoy ha alcanzado DAILY_BUDGET_USD ({ $spent } de { $budget } US$). Los reportes nuevos se guardan y se evaluarán después de { $time }.
operator-quota = la cuenta de la API de visión no tiene crédito ({ $error }). La evaluación está en pausa; añade crédito (o cambia OPENAI_API_KEY) y los reportes en espera se evaluarán automáticamente.
operator-vision-refused = la API de visión se ha negado a evaluar reportes ({ $error }). Revisa OPENAI_API_KEY, OPENAI_MODEL y la cuenta; los reportes fallidos figuran como 'failed' en la base de datos.



## El trabajo de las cuadrillas: botones (como mucho 64 caracteres)

button-on-it = 👷 En ello
button-made-safe = 🚧 Asegurado
button-fixed = ✅ Reparado
button-not-a-pothole = ❌ No es un bache
button-reopen = ↩️ Reabrir
button-back = « Volver
button-still-broken = 🔁 Sigue roto
button-yes-fixed = ✅ Sí, está reparado
button-no-still-broken = ❌ No, sigue roto
button-next-page = Siguiente »
button-previous-page = « Anterior
reason-button-not-pothole = No es un bache
reason-button-not-ours = No es nuestro
reason-button-no-action = No hace falta actuar
reason-short-not-pothole = no es un bache
reason-short-not-ours = no es nuestro
reason-short-no-action = no hace falta actuar
reason-citizen-not-pothole = no es un bache
reason-citizen-not-ours = ese lugar no lo mantienen estas cuadrillas
reason-citizen-no-action = ahí no hace falta ninguna reparación

## Estados, antigüedad y quién lo hizo

state-open = abierto
state-acknowledged = cuadrilla en ello
state-made-safe = asegurado
state-fixed = reparado
state-rejected = cerrado
state-duplicate = duplicado
age-minutes = { $count ->
        [one] { $count } min
       *[other] { $count } min
    }
age-hours = { $count ->
        [one] { $count } h
       *[other] { $count } h
    }
age-days = { $count ->
        [one] { $count } día
       *[other] { $count } días
    }
actor-citizen = el ciudadano
actor-bot = el bot

## La línea de trabajo de la alerta

work-open = 🆕 Abierto — nadie en ello todavía
work-acknowledged = 👷 Cuadrilla en ello — { $who }, { $time }
work-made-safe = 🚧 Asegurado — { $who }, { $time }
work-fixed = ✅ Reparado — { $who }, { $time }
work-rejected = ❌ Cerrado: { $reason } — { $who }, { $time }
work-duplicate = 🔗 El mismo bache que #{ $of } — { $who }, { $time }
work-due = ⏳ vence { $time }
work-overdue = ⏰ ATRASADO desde { $time }
work-citizens = 👥 { $count ->
        [one] { $count } ciudadano lo ha
       *[other] { $count } ciudadanos lo han
    } reportado
alert-reopened = 🔁 Reabierto por el ciudadano

## Lo que el ciudadano sabe del trabajo de las cuadrillas

update-name = El reporte #{ $id }
update-name-joined = El reporte #{ $id } (al que se unió tu reporte #{ $own })
update-taken = 👷 { $name }: una cuadrilla está en ello.
update-made-safe = 🚧 { $name } ha sido asegurado (señalizado o rellenado provisionalmente). La reparación definitiva vendrá después.
update-fixed = ✅ { $name } ha sido reparado. ¡Gracias por avisar! Si sigue roto, toca el botón de abajo.
update-rejected = { $name } fue cerrado por las cuadrillas: { $reason }. Gracias por avisar.
update-reopened = ↩️ { $name } ha sido reabierto por las cuadrillas.
update-duplicate = 🔗 { $name } es el mismo bache que el reporte #{ $of }, que las cuadrillas ya conocen. Aquí te contaremos cómo avanza.
joined-open-report = 🔗 El reporte #{ $own } es el mismo bache que el reporte #{ $original }, que las cuadrillas ya tienen. Hemos sumado el tuyo; aquí te contaremos cómo avanza.
reopened-by-citizen = 🔁 Gracias por avisar — el reporte #{ $id } vuelve a estar abierto y las cuadrillas han sido alertadas. Si puedes, envía una foto nueva.
reopen-too-late = El reporte #{ $id } se reparó hace tiempo, así que no se puede reabrir. Envía una foto nueva (y tu ubicación) como un reporte nuevo.
follow-up-question = Reportaste el bache #{ $id } hace un tiempo. ¿Ya está reparado?
follow-up-thanks-fixed = ✅ ¡Gracias! El reporte #{ $id } queda marcado como reparado.
follow-up-already-closed = ¡Gracias! El reporte #{ $id } ya está cerrado.
follow-up-thanks-not-fixed = Gracias — hemos recordado el reporte #{ $id } a las cuadrillas.
follow-up-already-answered = Ya respondiste a eso — ¡gracias!

## Respuestas en el chat de las cuadrillas

follow-up-still-broken-staff = 🔔 El ciudadano dice que el reporte #{ $id } sigue sin reparar (abierto hace { $age }).
overdue-reminder-severe = ⏰ El reporte #{ $id } ({ $severity }) está atrasado: abierto hace { $age } y aún no asegurado ni reparado.
overdue-reminder = ⏰ El reporte #{ $id } ({ $severity }) está atrasado: abierto hace { $age } y aún no reparado.
another-citizen = 👥 Otro ciudadano lo ha reportado (#{ $dup }): { $count ->
        [one] { $count } ciudadano ha
       *[other] { $count } ciudadanos han
    } reportado #{ $original }.
another-citizen-same = 👥 El reporte #{ $dup } es el mismo bache que #{ $original }.

## Avisos emergentes tras tocar un botón (como mucho 200 caracteres)

popup-done-taken = #{ $id }: te encargas tú. Se ha avisado al ciudadano.
popup-done-made-safe = #{ $id } marcado como asegurado. Se ha avisado al ciudadano.
popup-done-fixed = #{ $id } marcado como reparado. Se ha avisado al ciudadano.
popup-done-rejected = #{ $id } cerrado: { $reason }.
popup-done-reopened = #{ $id } reabierto.
popup-done-duplicate = #{ $id } marcado como el mismo bache que #{ $of }.
refusal-already-acknowledged = #{ $id } ya lo tomó { $who } a las { $time }.
refusal-already-made-safe = #{ $id } ya lo aseguró { $who } a las { $time }.
refusal-already-fixed = #{ $id } ya lo reparó { $who } a las { $time }.
refusal-already-rejected = #{ $id } ya lo cerró { $who } a las { $time }.
refusal-already-duplicate = #{ $id } ya lo marcó { $who } como duplicado a las { $time }.
refusal-already-open = #{ $id } ya está abierto ({ $who }, { $time }).
refusal-closed-duplicate = #{ $id } es el mismo bache que #{ $of } ({ $who }, { $time }). Reábrelo primero.
refusal-closed-fixed = #{ $id } ya está reparado ({ $who }, { $time }). Reábrelo primero.
refusal-closed = #{ $id } está cerrado ({ $who }, { $time }). Reábrelo primero.
refusal-not-closed = #{ $id } está { $state } — no hay nada que reabrir.
refusal-not-for-citizens = Solo las cuadrillas pueden hacer eso.
refusal-self-duplicate = #{ $id } no puede ser duplicado de sí mismo.
popup-not-this-alert = Esta alerta está desactualizada — usa la alerta más reciente de este reporte.
popup-no-such-pothole = No hay ningún reporte de bache #{ $id }.
popup-not-your-report = Ese botón no es de ninguno de tus reportes.
popup-still-open = El reporte #{ $id } sigue abierto: las cuadrillas lo tienen en su lista.
popup-failed = Lo siento — no ha funcionado. Inténtalo de nuevo en un minuto.
popup-why-closed = ¿Por qué se cierra?
popup-back = Vale
popup-page = Página desde #{ $from }

## /open y el resumen diario

open-line = #{ $id } { $severity } · { $state } · { $age }
open-flag-overdue = ⏰ atrasado
open-flag-look = 👀 conviene mirarlo
open-no-location = sin ubicación
open-none = 🎉 No hay baches abiertos.
open-no-more = No hay más baches abiertos ({ $total } en total).
open-header = 🕳 Baches abiertos { $from }–{ $to } de { $total } (los más atrasados primero):
by-severity = { $total } ({ severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor })
digest-head = 🗞 Resumen diario, { $date }
digest-new = Nuevos en las últimas 24 h: { $counts }
digest-open = Abiertos: { $counts }
digest-overdue = Atrasados: { $counts }
digest-oldest = Los más atrasados primero:

## /report N

report-head = 📄 Reporte #{ $id }: { $severity } · { $status }
report-not-graded = sin evaluar
report-events = Eventos:
report-event = • { $time } { $actor } { $what }
report-earlier = … { $count ->
        [one] { $count } evento anterior
       *[other] { $count } eventos anteriores
    }
pipeline-status = { $status ->
        [received] recibido
        [graded] evaluado
        [alerted] alertado
        [failed] fallido
       *[other] { $status }
    }
event-actor = { $actor ->
        [staff] cuadrilla
        [citizen] ciudadano
        [system] bot
       *[other] { $actor }
    }
event-kind = { $kind ->
        [received] recibido
        [graded] evaluado
        [alerted] alerta publicada
        [location_added] ubicación añadida
        [acknowledged] en ello
        [made_safe] asegurado
        [fixed] reparado
        [rejected] cerrado
        [reopened] reabierto
        [duplicate] duplicado
        [severity_raised] gravedad aumentada
        [reminder_sent] recordatorio enviado
        [follow_up_asked] seguimiento preguntado
        [follow_up_not_fixed] el ciudadano dice que no está reparado
        [grading_failed] evaluación fallida
        [grading_postponed] evaluación aplazada
       *[other] { $kind }
    }
report-usage = Uso: /report N — por ejemplo /report 12.
dup-usage = Uso: /dup 12 7 — el reporte #12 es el mismo bache que #7. O responde a la alerta de #12 con /dup 7.
no-such-report = No hay ningún reporte #{ $id }.
not-an-alert = Ese mensaje no es una alerta de bache. Responde a la alerta de un reporte o usa /dup 12 7.
not-potholes = Tanto #{ $id } como #{ $of } deben ser reportes de baches.

## /stats: el trabajo de las cuadrillas

loop-stats =
    🛠 Trabajo ahora: abiertos { $open } · cuadrilla en ello { $acknowledged } · asegurados { $made_safe } · ⏰ atrasados { $overdue }
    Últimos 30 días: reparados { $fixed } · cerrados { $rejected } · duplicados { $duplicates }
    Tiempo mediano hasta «En ello»: { $ack } · hasta reparado: { $fix }

## /export

export-started = 📦 Exportando los reportes { $count ->
        [one] del último día
       *[other] de los últimos { $count } días
    } (CSV y GeoJSON)…
export-caption = Reportes { $count ->
        [one] del último día
       *[other] de los últimos { $count } días
    } ({ $kind }).
