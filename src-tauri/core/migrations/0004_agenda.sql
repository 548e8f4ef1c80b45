-- Ketentafel schema 4: a session's agenda — ordered items, each a topic with a goal question
-- and a timebox, or a fixed item (welcome, break, wrap-up); start times are computed from the
-- session's start and the items before.

CREATE TABLE agenda_items (
    id         TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('topic', 'welcome', 'break', 'wrap_up', 'other')),
    topic_id   TEXT REFERENCES topics (id) ON DELETE SET NULL,
    title      TEXT NOT NULL CHECK (length(title) > 0),
    question   TEXT NOT NULL DEFAULT '',
    minutes    INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX agenda_items_session ON agenda_items (session_id, position);
CREATE INDEX agenda_items_topic ON agenda_items (topic_id);

-- The parties invited to speak on an item (the panel).
CREATE TABLE agenda_item_parties (
    item_id  TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    party_id TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (item_id, party_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX agenda_item_parties_party ON agenda_item_parties (party_id);
