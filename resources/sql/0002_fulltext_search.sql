-- Schema 2: full-text search over messages' content and reasoning.
-- The trigram tokenizer indexes every 3-character sequence, so it finds
-- Chinese (no spaces between words) as well as English substrings; queries
-- shorter than 3 characters use LIKE instead (storage/messagesearch.h).
-- External-content table: the text lives once, in messages; the triggers
-- below keep the index in step with every insert, update and delete.

CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, reasoning,
    content = 'messages', content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, content, reasoning) VALUES (new.id, new.content, new.reasoning);
END;

CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content, reasoning)
        VALUES ('delete', old.id, old.content, old.reasoning);
END;

CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF content, reasoning ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content, reasoning)
        VALUES ('delete', old.id, old.content, old.reasoning);
    INSERT INTO messages_fts(rowid, content, reasoning) VALUES (new.id, new.content, new.reasoning);
END;

-- Index what schema 1 already holds.
INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
