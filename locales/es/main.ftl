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


