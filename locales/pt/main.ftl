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


