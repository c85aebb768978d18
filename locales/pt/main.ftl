# pothole-bot: todos os textos que as pessoas leem, em português (do Brasil).
# Mesmos identificadores e mesmos { $marcadores } do catálogo inglês (locales/en/main.ftl).

## Sobre este catálogo

language-name = Português
format-locale = pt-BR

## As palavras de gravidade
# Estas três palavras são os graus. A primeira resposta a uma foto nunca usa nenhuma delas;
# o veredito sempre usa a sua. .pothole é como o veredito nomeia o buraco.

severity-minor = leve
    .pothole = buraco leve
severity-moderate = moderado
    .pothole = buraco moderado
severity-severe = grave
    .pothole = buraco grave

## Botões

share-location-button = 📍 Enviar localização

## Menu de comandos

command-start = como relatar um buraco
command-help = como relatar um buraco
command-status = seus relatos recentes e a gravidade de cada um
command-language = escolher o idioma em que respondo
command-chatid = mostrar o id deste chat para STAFF_CHAT_ID
command-stats = relatos, trabalho das equipes e custo, hoje e na semana
command-open = buracos abertos, os mais atrasados primeiro
command-report = um relato: estado e todos os eventos — /report 12
command-dup = marcar o #12 como o mesmo buraco que o #7 — /dup 12 7
command-export = os últimos 30 dias em CSV e GeoJSON

## Cidadãos

citizen-help =
    👋 Olá! Eu repasso relatos de buracos para as equipes de manutenção das vias.

    1. Envie uma foto do buraco (como foto, ou como arquivo JPEG, PNG ou WebP).
    2. Toque em { share-location-button } ou envie um local, para a equipe encontrá-lo.
    3. Em poucos segundos eu digo o quão ruim ele está; os piores vão direto para as equipes.

    Se quiser, adicione uma legenda, por exemplo “faixa da direita, em frente ao nº 12”.
    /status mostra seus relatos recentes.
    /language muda o idioma em que eu respondo.

received-with-location =
    Relato #{ $id } recebido — avaliando agora…
    📍 Sua localização já está anexada.
received-without-location =
    Relato #{ $id } recebido — avaliando agora…
    📍 Onde fica? Toque em “{ share-location-button }” abaixo ou envie um local.

location-added = 📍 Localização adicionada { $count ->
        [one] ao relato
       *[other] aos relatos
    } { $ids }. Obrigado!
location-held = 📍 Localização anotada. Agora envie uma foto do buraco em até { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    } e eu anexo esta localização a ela.

verdict-pothole = Relato #{ $id }: { $pothole }.
verdict-alerted = 🚧 As equipes de manutenção foram avisadas.
verdict-logged = 🗂 Ficou registrado no cronograma de manutenção das vias.
verdict-ask-location = 📍 Envie a localização para a equipe poder encontrá-lo.
verdict-not-pothole = Relato #{ $id }: isto não parece um buraco.
verdict-not-pothole-hint = Se for, envie uma foto mais de perto que mostre o buraco e a via ao redor.
verdict-unclear = Relato #{ $id }: não consegui avaliar esta foto.
verdict-unclear-hint = Envie uma foto mais nítida, com boa luz, tirada a 1–2 metros de distância.
# When the model would not judge the photo at all.
reason-not-judged = O modelo não conseguiu avaliar esta foto.
reason-missing = Nenhum motivo informado.

# Grading is held up: the model does not answer, today's budget is used up ($time is when
# grading resumes), or the account is out of credit.
grading-delayed-model-down = ⏳ O relato #{ $id } está salvo, mas o serviço de avaliação não está respondendo agora. Continuo tentando e envio o resultado aqui assim que ele voltar.
grading-delayed-budget = ⏳ O relato #{ $id } está salvo. O orçamento de avaliação de hoje acabou, então ele será avaliado depois de { $time } — você recebe o resultado aqui nessa hora.
grading-delayed-quota = ⏳ O relato #{ $id } está salvo, mas a avaliação está pausada: a conta do serviço de avaliação ficou sem crédito. O operador já foi avisado; você recebe o resultado aqui assim que ela for retomada.
grading-failed = Desculpe — não foi possível avaliar o relato #{ $id } automaticamente. Ele está salvo e a equipe já foi avisada.
unreadable-image = Desculpe — não consegui ler a imagem do relato #{ $id }. Envie de novo como foto.
image-too-large = Desculpe — a imagem do relato #{ $id } é grande demais para eu abrir. Envie como foto (não como arquivo); o Telegram reduz para você.
intake-failed = Desculpe — não consegui salvar isso agora. Envie de novo daqui a um minuto.
send-a-photo = 📷 Envie uma foto do buraco (e um 📍 local, se puder). /help explica mais.
unknown-command = Não conheço esse comando. Envie uma foto do buraco ou tente /help.
not-an-image = Esse arquivo não é uma imagem que eu consiga ler. Envie uma foto (JPEG, PNG ou WebP).
file-too-large = Esse arquivo tem mais de 20 MB, mais do que eu consigo baixar. Envie como foto (o Telegram reduz para você).
heic-not-supported = Não consigo ler imagens HEIC. Envie como foto (não como arquivo) ou exporte antes para JPEG.
edits-ignored = Não acompanho mensagens editadas. Se algo mudou, é só enviar uma foto nova.
rate-limited = Você enviou { $count ->
        [one] { $count } relato
       *[other] { $count } relatos
    } na última hora, que é o limite. Obrigado! Envie mais um pouco mais tarde.
duplicate-photo-yours = Esta foto já é o relato #{ $id } — não precisa enviar de novo. /status mostra ele.
duplicate-photo-others = Alguém já enviou esta foto como relato #{ $id }, então as equipes já sabem. Obrigado! Se você tirou outra foto do buraco, envie essa.

## /status

status-empty = Você ainda não enviou nenhum relato. Envie a foto de um buraco para começar.
status-header = Seus relatos recentes:
status-line = #{ $id } · { $state } · { $pin } · { $date }
status-grading = em avaliação
status-failed = não pôde ser avaliado
status-alerted = { $severity }, enviado às equipes
status-logged = { $severity }, registrado
status-not-pothole = não é buraco
status-unclear = foto pouco clara
status-pin = 📍
status-no-pin = sem localização

## /language

language-choose = Em que idioma devo responder?
language-chosen = Certo — a partir de agora respondo em português.

## Grupos e o chat da equipe

private-only = Olá! Recebo relatos de buracos em chat privado: abra @{ $bot } e envie uma foto. (Configurando o bot para as equipes? /chatid mostra o id deste grupo.)
staff-help = 👷 Publico aqui cada buraco com gravidade igual ou acima do nível de alerta: a foto, a gravidade, o comentário do cidadão e o local no mapa. Abaixo de cada alerta: “Estou nisso”, “Sinalizado”, “Consertado” e “Não é buraco” (com um motivo); o cidadão é avisado a cada passo. /open lista os buracos abertos, os mais atrasados primeiro; /report 12 mostra um relato e seu histórico; /dup 12 7 marca o #12 como o mesmo buraco que o #7; /stats mostra números, o trabalho das equipes e o custo; /export envia os últimos 30 dias em CSV e GeoJSON; /chatid mostra o id deste chat.
staff-welcome = 👷 Olá, equipes! Os alertas de buracos vão aparecer aqui, cada um com sua foto e o local no mapa.
chat-id =
    O id deste chat é { $chat }.
    Coloque STAFF_CHAT_ID={ $chat } no .env para receber os alertas de buracos aqui.
chat-id-with-thread =
    O id deste chat é { $chat }.
    Coloque STAFF_CHAT_ID={ $chat } e STAFF_THREAD_ID={ $thread } no .env para receber os alertas de buracos aqui.

## O alerta para a equipe

alert-head = 🚨 Relato #{ $id }: { $pothole }
alert-size-both = 📏 ≈{ $depth } mm de profundidade, ≈{ $width } mm de largura (estimativa)
alert-size-depth = 📏 ≈{ $depth } mm de profundidade (estimativa)
alert-size-width = 📏 ≈{ $width } mm de largura (estimativa)
# The model was unsure ($percent is its confidence): a crew member should look at the photo.
alert-needs-look = 👀 Precisa de revisão: o modelo só tinha { $percent }% de certeza; confira a foto
alert-needs-look-no-confidence = 👀 Precisa de revisão: o modelo não informou a certeza; confira a foto
alert-time = 🕒 { $time }
alert-location =
    📍 { $lat }, { $lon }
    🗺 { $link }
alert-no-location = 📍 Ainda sem localização (já pedimos ao cidadão)
alert-reporter = 👤 { $who }
alert-note = 💬 “{ $note }”

## Avisos depois de tocar em um botão (no máximo 200 caracteres)

popup-already-closed = O relato #{ $id } já está encerrado.
popup-refused = Desculpe, este botão só funciona abaixo de um alerta de buraco no chat das equipes.

## /stats

stats-today = 📊 Relatos de hoje (desde 00:00 UTC): { $total }
stats-week = 📅 Últimos 7 dias: { $total }
stats-counts = { severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor } · não é buraco { $not_pothole } · pouco claro { $unclear } · aguardando { $waiting } · falharam { $failed }
stats-closed = encerrados: { $fixed } consertados, { $rejected } não eram buracos
stats-cost = 💵 Custo da avaliação hoje: US$ { $today } (últimos 7 dias: US$ { $week })

## Para o operador, no chat da equipe

operator-warning = ⚠️ Operador: { $what }
# What the warning says ($error is the API's own message, in English).
operator-budget-reached = o gasto de avaliação de hoje atingiu DAILY_BUDGET_USD (US$ { $spent } de US$ { $budget }). Os relatos novos ficam salvos e serão avaliados depois de { $time }.
operator-quota = a conta da API de visão está sem crédito ({ $error }). A avaliação está pausada; adicione crédito (ou troque OPENAI_API_KEY) e os relatos em espera serão avaliados automaticamente.
operator-vision-refused = a API de visão se recusou a avaliar relatos ({ $error }). Verifique OPENAI_API_KEY, OPENAI_MODEL e a conta; os relatos que falharam aparecem como 'failed' no banco de dados.



## O trabalho das equipes: botões (no máximo 64 caracteres)

button-on-it = 👷 Estou nisso
button-made-safe = 🚧 Sinalizado
button-fixed = ✅ Consertado
button-not-a-pothole = ❌ Não é buraco
button-reopen = ↩️ Reabrir
button-back = « Voltar
button-still-broken = 🔁 Continua quebrado
button-yes-fixed = ✅ Sim, foi consertado
button-no-still-broken = ❌ Não, continua quebrado
button-next-page = Próxima »
button-previous-page = « Anterior
reason-button-not-pothole = Não é buraco
reason-button-not-ours = Não é nosso
reason-button-no-action = Nada a fazer
reason-short-not-pothole = não é buraco
reason-short-not-ours = não é nosso
reason-short-no-action = nada a fazer
reason-citizen-not-pothole = não é um buraco
reason-citizen-not-ours = esse local não é cuidado por estas equipes
reason-citizen-no-action = não é preciso nenhum conserto ali

## Estados, tempo e quem fez

state-open = aberto
state-acknowledged = equipe nisso
state-made-safe = sinalizado
state-fixed = consertado
state-rejected = encerrado
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
        [one] { $count } dia
       *[other] { $count } dias
    }
actor-citizen = o cidadão
actor-bot = o bot

## A linha de trabalho do alerta

work-open = 🆕 Aberto — ninguém cuidando ainda
work-acknowledged = 👷 Equipe nisso — { $who }, { $time }
work-made-safe = 🚧 Sinalizado — { $who }, { $time }
work-fixed = ✅ Consertado — { $who }, { $time }
work-rejected = ❌ Encerrado: { $reason } — { $who }, { $time }
work-duplicate = 🔗 Mesmo buraco que o #{ $of } — { $who }, { $time }
work-due = ⏳ prazo { $time }
work-overdue = ⏰ ATRASADO desde { $time }
work-citizens = 👥 { $count ->
        [one] { $count } cidadão relatou
       *[other] { $count } cidadãos relataram
    } isto
alert-reopened = 🔁 Reaberto pelo cidadão

## O que o cidadão fica sabendo do trabalho das equipes

update-name = O relato #{ $id }
update-name-joined = O relato #{ $id } (ao qual seu relato #{ $own } foi juntado)
update-taken = 👷 { $name }: uma equipe está cuidando disso.
update-made-safe = 🚧 { $name } foi sinalizado (isolado ou tapado provisoriamente). O conserto definitivo vem depois.
update-fixed = ✅ { $name } foi consertado. Obrigado por avisar! Se continuar quebrado, toque no botão abaixo.
update-rejected = { $name } foi encerrado pelas equipes: { $reason }. Obrigado por avisar.
update-reopened = ↩️ { $name } foi reaberto pelas equipes.
update-duplicate = 🔗 { $name } é o mesmo buraco que o relato #{ $of }, que as equipes já conhecem. Você vai saber aqui como ele avança.
joined-open-report = 🔗 O relato #{ $own } é o mesmo buraco que o relato #{ $original }, que as equipes já têm. Juntamos o seu a ele; você vai saber aqui como ele avança.
reopened-by-citizen = 🔁 Obrigado por avisar — o relato #{ $id } está aberto de novo e as equipes foram alertadas. Se puder, envie uma foto nova.
reopen-too-late = O relato #{ $id } foi consertado há algum tempo e não pode ser reaberto. Envie uma foto nova (e sua localização) como um relato novo.
follow-up-question = Você relatou o buraco #{ $id } há algum tempo. Já foi consertado?
follow-up-thanks-fixed = ✅ Obrigado! O relato #{ $id } está marcado como consertado.
follow-up-already-closed = Obrigado! O relato #{ $id } já está encerrado.
follow-up-thanks-not-fixed = Obrigado — lembramos as equipes do relato #{ $id }.
follow-up-already-answered = Você já respondeu — obrigado!

## Respostas no chat das equipes

follow-up-still-broken-staff = 🔔 O cidadão diz que o relato #{ $id } continua sem conserto (aberto há { $age }).
overdue-reminder-severe = ⏰ O relato #{ $id } ({ $severity }) está atrasado: aberto há { $age } e ainda não sinalizado nem consertado.
overdue-reminder = ⏰ O relato #{ $id } ({ $severity }) está atrasado: aberto há { $age } e ainda não consertado.
another-citizen = 👥 Outro cidadão relatou isto (#{ $dup }): { $count ->
        [one] { $count } cidadão relatou
       *[other] { $count } cidadãos relataram
    } o #{ $original }.
another-citizen-same = 👥 O relato #{ $dup } é o mesmo buraco que o #{ $original }.

## Avisos após tocar num botão (no máximo 200 caracteres)

popup-done-taken = #{ $id }: está com você. O cidadão foi avisado.
popup-done-made-safe = #{ $id } marcado como sinalizado. O cidadão foi avisado.
popup-done-fixed = #{ $id } marcado como consertado. O cidadão foi avisado.
popup-done-rejected = #{ $id } encerrado: { $reason }.
popup-done-reopened = #{ $id } reaberto.
popup-done-duplicate = #{ $id } marcado como o mesmo buraco que o #{ $of }.
refusal-already-acknowledged = #{ $id } já foi assumido por { $who } às { $time }.
refusal-already-made-safe = #{ $id } já foi sinalizado por { $who } às { $time }.
refusal-already-fixed = #{ $id } já foi consertado por { $who } às { $time }.
refusal-already-rejected = #{ $id } já foi encerrado por { $who } às { $time }.
refusal-already-duplicate = #{ $id } já foi marcado como duplicado por { $who } às { $time }.
refusal-already-open = #{ $id } já está aberto ({ $who }, { $time }).
refusal-closed-duplicate = #{ $id } é o mesmo buraco que o #{ $of } ({ $who }, { $time }). Reabra primeiro.
refusal-closed-fixed = #{ $id } já está consertado ({ $who }, { $time }). Reabra primeiro.
refusal-closed = #{ $id } está encerrado ({ $who }, { $time }). Reabra primeiro.
refusal-not-closed = #{ $id } está { $state } — nada a reabrir.
refusal-not-for-citizens = Só as equipes podem fazer isso.
refusal-self-duplicate = #{ $id } não pode ser duplicado de si mesmo.
popup-not-this-alert = Este alerta está desatualizado — use o alerta mais recente deste relato.
popup-no-such-pothole = Não existe relato de buraco #{ $id }.
popup-not-your-report = Esse botão não é de nenhum dos seus relatos.
popup-still-open = O relato #{ $id } continua aberto: as equipes o têm na lista.
popup-failed = Desculpe — não deu certo. Tente de novo em um minuto.
popup-why-closed = Por que está sendo encerrado?
popup-back = OK
popup-page = Página a partir do #{ $from }

## /open e o resumo diário

open-line = #{ $id } { $severity } · { $state } · { $age }
open-flag-overdue = ⏰ atrasado
open-flag-look = 👀 vale conferir
open-no-location = sem localização
open-none = 🎉 Nenhum buraco aberto.
open-no-more = Não há mais buracos abertos ({ $total } no total).
open-header = 🕳 Buracos abertos { $from }–{ $to } de { $total } (os mais atrasados primeiro):
by-severity = { $total } ({ severity-severe } { $severe } · { severity-moderate } { $moderate } · { severity-minor } { $minor })
digest-head = 🗞 Resumo diário, { $date }
digest-new = Novos nas últimas 24 h: { $counts }
digest-open = Abertos: { $counts }
digest-overdue = Atrasados: { $counts }
digest-oldest = Os mais atrasados primeiro:

## /report N

report-head = 📄 Relato #{ $id }: { $severity } · { $status }
report-not-graded = não avaliado
report-events = Eventos:
report-event = • { $time } { $actor } { $what }
report-earlier = … { $count ->
        [one] { $count } evento anterior
       *[other] { $count } eventos anteriores
    }
pipeline-status = { $status ->
        [received] recebido
        [graded] avaliado
        [alerted] alertado
        [failed] falhou
       *[other] { $status }
    }
event-actor = { $actor ->
        [staff] equipe
        [citizen] cidadão
        [system] bot
       *[other] { $actor }
    }
event-kind = { $kind ->
        [received] recebido
        [graded] avaliado
        [alerted] alerta publicado
        [location_added] localização adicionada
        [acknowledged] assumido
        [made_safe] sinalizado
        [fixed] consertado
        [rejected] encerrado
        [reopened] reaberto
        [duplicate] duplicado
        [severity_raised] gravidade aumentada
        [reminder_sent] lembrete enviado
        [follow_up_asked] acompanhamento perguntado
        [follow_up_not_fixed] cidadão diz que não foi consertado
        [grading_failed] avaliação falhou
        [grading_postponed] avaliação adiada
       *[other] { $kind }
    }
report-usage = Uso: /report N — por exemplo /report 12.
dup-usage = Uso: /dup 12 7 — o relato #12 é o mesmo buraco que o #7. Ou responda ao alerta do #12 com /dup 7.
no-such-report = Não existe relato #{ $id }.
not-an-alert = Essa mensagem não é um alerta de buraco. Responda ao alerta de um relato ou use /dup 12 7.
not-potholes = O #{ $id } e o #{ $of } precisam ser relatos de buracos.

## /stats: o trabalho das equipes

loop-stats =
    🛠 Trabalho agora: abertos { $open } · equipe nisso { $acknowledged } · sinalizados { $made_safe } · ⏰ atrasados { $overdue }
    Últimos 30 dias: consertados { $fixed } · encerrados { $rejected } · duplicados { $duplicates }
    Tempo mediano até “Estou nisso”: { $ack } · até consertado: { $fix }

## /export

export-started = 📦 Exportando os relatos { $count ->
        [one] do último dia
       *[other] dos últimos { $count } dias
    } (CSV e GeoJSON)…
export-caption = Relatos { $count ->
        [one] do último dia
       *[other] dos últimos { $count } dias
    } ({ $kind }).
