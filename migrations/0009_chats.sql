-- pothole-bot schema: each private chat's language.
--
-- `language_code` is what Telegram last said about the citizen (`from.language_code`, such as
-- `pt-br`), kept as given so a language added to the bot later applies to them at once;
-- `chosen` is the bot language they picked with /language (it wins over language_code).
-- Which catalogue answers them is decided when a message is sent, from these two and
-- DEFAULT_LANGUAGE.
CREATE TABLE chats (
    chat_id       INTEGER PRIMARY KEY,
    language_code TEXT,
    chosen        TEXT,
    updated_unix  INTEGER NOT NULL
) STRICT;
