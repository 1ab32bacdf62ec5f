-- Schema 1: conversations and their message trees.
-- Values on disk never change meaning: messages.role and messages.status are
-- the strings listed in the CHECK constraints (see storage/message.h);
-- timestamps are milliseconds since the Unix epoch, UTC.

CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    pinned          INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    model           TEXT    NOT NULL DEFAULT '',
    backend         TEXT    NOT NULL DEFAULT '',
    system_prompt   TEXT    NOT NULL DEFAULT '',
    settings        TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
    -- The last message of the active path; the path is read upwards from it.
    current_leaf_id INTEGER REFERENCES messages(id) ON DELETE SET NULL
) STRICT;

CREATE TABLE messages (
    id                     INTEGER PRIMARY KEY,
    conversation_id        INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    -- NULL for a root. Subtrees are deleted explicitly by the store, all in
    -- one statement, so no cascade runs deep recursion here.
    parent_id              INTEGER REFERENCES messages(id),
    -- The child the active path continues with, remembered per node.
    active_child_id        INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    role                   TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content                TEXT    NOT NULL DEFAULT '',
    reasoning              TEXT    NOT NULL DEFAULT '',
    status                 TEXT    NOT NULL DEFAULT 'complete'
                           CHECK (status IN ('streaming', 'complete', 'stopped', 'error', 'interrupted')),
    error_text             TEXT    NOT NULL DEFAULT '',
    model                  TEXT    NOT NULL DEFAULT '',
    prompt_tokens          INTEGER,
    completion_tokens      INTEGER,
    tokens_per_second      REAL,
    time_to_first_token_ms INTEGER,
    reasoning_duration_ms  INTEGER,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
) STRICT;

CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE INDEX messages_by_parent ON messages(parent_id);
CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';
CREATE INDEX messages_by_active_child ON messages(active_child_id) WHERE active_child_id IS NOT NULL;
CREATE INDEX conversations_by_leaf ON conversations(current_leaf_id) WHERE current_leaf_id IS NOT NULL;
CREATE INDEX conversations_listed ON conversations(archived, pinned DESC, updated_at DESC);
