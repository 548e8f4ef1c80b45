-- Ketentafel schema 1: one dialogue per file.
-- IDs are UUIDs as TEXT; times are UTC as rusqlite writes chrono values ("YYYY-MM-DD HH:MM:SS.fff+00:00").
-- The code lists in CHECK constraints mirror the enums in src/model.rs.

CREATE TABLE dialogue (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE bouwstenen (
    id          TEXT PRIMARY KEY NOT NULL,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX bouwstenen_position ON bouwstenen (position);

CREATE TABLE topics (
    id           TEXT PRIMARY KEY NOT NULL,
    bouwsteen_id TEXT NOT NULL REFERENCES bouwstenen (id) ON DELETE RESTRICT,
    code         TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL CHECK (kind IN ('bottleneck', 'precondition', 'solution_direction', 'ambition')),
    title        TEXT NOT NULL CHECK (length(title) > 0),
    description  TEXT NOT NULL DEFAULT '',
    priority     INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX topics_bouwsteen ON topics (bouwsteen_id);
CREATE UNIQUE INDEX topics_code ON topics (code) WHERE code <> '';

CREATE TABLE topic_production_types (
    topic_id        TEXT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    production_type TEXT NOT NULL CHECK (production_type IN ('series', 'feature_film', 'documentary', 'animation', 'innovative_media')),
    PRIMARY KEY (topic_id, production_type)
) STRICT, WITHOUT ROWID;

CREATE TABLE parties (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL CHECK (length(name) > 0),
    short_name TEXT NOT NULL DEFAULT '',
    chain_role TEXT NOT NULL CHECK (chain_role IN ('producer', 'maker', 'public_broadcaster', 'commercial_broadcaster',
        'streamer', 'distributor', 'cinema', 'fund', 'festival', 'training', 'development', 'cable_operator',
        'government', 'other')),
    colour     TEXT NOT NULL DEFAULT '#777777',
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX parties_name ON parties (name COLLATE NOCASE);
CREATE INDEX parties_chain_role ON parties (chain_role);

CREATE TABLE party_production_types (
    party_id        TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    production_type TEXT NOT NULL CHECK (production_type IN ('series', 'feature_film', 'documentary', 'animation', 'innovative_media')),
    PRIMARY KEY (party_id, production_type)
) STRICT, WITHOUT ROWID;

CREATE TABLE people (
    id         TEXT PRIMARY KEY NOT NULL,
    party_id   TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) > 0),
    email      TEXT NOT NULL DEFAULT '',
    role_title TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX people_party ON people (party_id);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY NOT NULL,
    title      TEXT NOT NULL CHECK (length(title) > 0),
    kind       TEXT NOT NULL CHECK (kind IN ('working_group', 'bilateral', 'nff')),
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    location   TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (ends_at >= starts_at)
) STRICT;
CREATE INDEX sessions_starts_at ON sessions (starts_at);

CREATE TABLE session_attendees (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    party_id   TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, party_id)
) STRICT, WITHOUT ROWID;

-- One row per (topic, party, session): a correction updates the row, and the audit log keeps
-- the earlier value. stance NULL is "no position / abstain", recorded but never neutral.
CREATE TABLE positions (
    id          TEXT PRIMARY KEY NOT NULL,
    topic_id    TEXT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    party_id    TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    stance      INTEGER CHECK (stance BETWEEN -2 AND 2),
    rationale   TEXT NOT NULL DEFAULT '',
    condition   TEXT NOT NULL DEFAULT '',
    quote       TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    UNIQUE (topic_id, party_id, session_id)
) STRICT;
CREATE INDEX positions_party ON positions (party_id);
CREATE INDEX positions_session ON positions (session_id);

CREATE TABLE topic_verdicts (
    topic_id  TEXT PRIMARY KEY NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    marking   TEXT NOT NULL CHECK (marking IN ('consensus', 'consensus_with_reservations', 'divergence', 'open')),
    note      TEXT NOT NULL DEFAULT '',
    marked_by TEXT NOT NULL DEFAULT '',
    marked_at TEXT NOT NULL
) STRICT;

CREATE TABLE actions (
    id             TEXT PRIMARY KEY NOT NULL,
    title          TEXT NOT NULL CHECK (length(title) > 0),
    owner_party_id TEXT REFERENCES parties (id) ON DELETE SET NULL,
    topic_id       TEXT REFERENCES topics (id) ON DELETE SET NULL,
    due_date       TEXT,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX actions_due ON actions (status, due_date);

-- Every change, append-only: before/after are the records as JSON.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL DEFAULT '',
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before    TEXT,
    after     TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
