-- pothole-bot schema, version 3: messages already answered.
--
-- Telegram hands an update out again when the bot crashed before confirming it. A photo is
-- protected by reports' UNIQUE (chat_id, message_id); everything else intake answers (pins,
-- commands, texts, stickers…) is recorded here in the same transaction as its answer, so a
-- redelivered message is neither answered nor acted on twice. Rows older than a few days are
-- pruned at start-up (Telegram keeps unconfirmed updates for 24 hours).
CREATE TABLE handled_messages (
    chat_id      INTEGER NOT NULL,
    message_id   INTEGER NOT NULL,
    handled_unix INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id)
) STRICT, WITHOUT ROWID;
