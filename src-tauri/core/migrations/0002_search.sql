-- Ketentafel schema 2: full-text search over topics, rationales, conditions, quotes,
-- verdict notes and follow-up actions.
--
-- One FTS5 row per (kind, record) with non-empty text. `unicode61 remove_diacritics 2`
-- folds case and accents, so "cafe" finds "café". FTS5 cannot look rows up by an unindexed
-- column cheaply, so `search_map` remembers which FTS rowid belongs to which record; the
-- triggers keep both in step inside the writing transaction.

CREATE VIRTUAL TABLE search_index USING fts5 (
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE search_map (
    kind      TEXT NOT NULL CHECK (kind IN ('topic', 'rationale', 'condition', 'quote', 'verdict_note', 'action')),
    ref_id    TEXT NOT NULL,
    fts_rowid INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (kind, ref_id)
) STRICT, WITHOUT ROWID;

-- Topics: code, title and description in one row.
CREATE TRIGGER topics_search_ai AFTER INSERT ON topics BEGIN
    INSERT INTO search_index (body) VALUES (trim(new.code || ' ' || new.title || ' ' || new.description));
    INSERT INTO search_map (kind, ref_id, fts_rowid) VALUES ('topic', new.id, last_insert_rowid());
END;
CREATE TRIGGER topics_search_ad AFTER DELETE ON topics BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT fts_rowid FROM search_map WHERE kind = 'topic' AND ref_id = old.id);
    DELETE FROM search_map WHERE kind = 'topic' AND ref_id = old.id;
END;
CREATE TRIGGER topics_search_au AFTER UPDATE OF code, title, description ON topics BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT fts_rowid FROM search_map WHERE kind = 'topic' AND ref_id = old.id);
    DELETE FROM search_map WHERE kind = 'topic' AND ref_id = old.id;
    INSERT INTO search_index (body) VALUES (trim(new.code || ' ' || new.title || ' ' || new.description));
    INSERT INTO search_map (kind, ref_id, fts_rowid) VALUES ('topic', new.id, last_insert_rowid());
END;

-- Positions: rationale, condition and quote each in their own row, only when not empty.
CREATE TRIGGER positions_search_ai AFTER INSERT ON positions BEGIN
    INSERT INTO search_index (body) SELECT new.rationale WHERE new.rationale <> '';
    INSERT INTO search_map (kind, ref_id, fts_rowid) SELECT 'rationale', new.id, last_insert_rowid() WHERE new.rationale <> '';
    INSERT INTO search_index (body) SELECT new.condition WHERE new.condition <> '';
    INSERT INTO search_map (kind, ref_id, fts_rowid) SELECT 'condition', new.id, last_insert_rowid() WHERE new.condition <> '';
    INSERT INTO search_index (body) SELECT new.quote WHERE new.quote <> '';
    INSERT INTO search_map (kind, ref_id, fts_rowid) SELECT 'quote', new.id, last_insert_rowid() WHERE new.quote <> '';
END;
CREATE TRIGGER positions_search_ad AFTER DELETE ON positions BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT fts_rowid FROM search_map WHERE kind IN ('rationale', 'condition', 'quote') AND ref_id = old.id);
    DELETE FROM search_map WHERE kind IN ('rationale', 'condition', 'quote') AND ref_id = old.id;
END;
CREATE TRIGGER positions_search_au AFTER UPDATE OF rationale, condition, quote ON positions BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT fts_rowid FROM search_map WHERE kind IN ('rationale', 'condition', 'quote') AND ref_id = old.id);
    DELETE FROM search_map WHERE kind IN ('rationale', 'condition', 'quote') AND ref_id = old.id;
    INSERT INTO search_index (body) SELECT new.rationale WHERE new.rationale <> '';
    INSERT INTO search_map (kind, ref_id, fts_rowid) SELECT 'rationale', new.id, last_insert_rowid() WHERE new.rationale <> '';
    INSERT INTO search_index (body) SELECT new.condition WHERE new.condition <> '';
    INSERT INTO search_map (kind, ref_id, fts_rowid) SELECT 'condition', new.id, last_insert_rowid() WHERE new.condition <> '';
    INSERT INTO search_index (body) SELECT new.quote WHERE new.quote <> '';
    INSERT INTO search_map (kind, ref_id, fts_rowid) SELECT 'quote', new.id, last_insert_rowid() WHERE new.quote <> '';
END;

-- Verdict notes, keyed by topic.
CREATE TRIGGER verdicts_search_ai AFTER INSERT ON topic_verdicts BEGIN
    INSERT INTO search_index (body) SELECT new.note WHERE new.note <> '';
    INSERT INTO search_map (kind, ref_id, fts_rowid) SELECT 'verdict_note', new.topic_id, last_insert_rowid() WHERE new.note <> '';
END;
CREATE TRIGGER verdicts_search_ad AFTER DELETE ON topic_verdicts BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT fts_rowid FROM search_map WHERE kind = 'verdict_note' AND ref_id = old.topic_id);
    DELETE FROM search_map WHERE kind = 'verdict_note' AND ref_id = old.topic_id;
END;
CREATE TRIGGER verdicts_search_au AFTER UPDATE OF note ON topic_verdicts BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT fts_rowid FROM search_map WHERE kind = 'verdict_note' AND ref_id = old.topic_id);
    DELETE FROM search_map WHERE kind = 'verdict_note' AND ref_id = old.topic_id;
    INSERT INTO search_index (body) SELECT new.note WHERE new.note <> '';
    INSERT INTO search_map (kind, ref_id, fts_rowid) SELECT 'verdict_note', new.topic_id, last_insert_rowid() WHERE new.note <> '';
END;

-- Follow-up actions: title and notes.
CREATE TRIGGER actions_search_ai AFTER INSERT ON actions BEGIN
    INSERT INTO search_index (body) VALUES (trim(new.title || ' ' || new.notes));
    INSERT INTO search_map (kind, ref_id, fts_rowid) VALUES ('action', new.id, last_insert_rowid());
END;
CREATE TRIGGER actions_search_ad AFTER DELETE ON actions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT fts_rowid FROM search_map WHERE kind = 'action' AND ref_id = old.id);
    DELETE FROM search_map WHERE kind = 'action' AND ref_id = old.id;
END;
CREATE TRIGGER actions_search_au AFTER UPDATE OF title, notes ON actions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT fts_rowid FROM search_map WHERE kind = 'action' AND ref_id = old.id);
    DELETE FROM search_map WHERE kind = 'action' AND ref_id = old.id;
    INSERT INTO search_index (body) VALUES (trim(new.title || ' ' || new.notes));
    INSERT INTO search_map (kind, ref_id, fts_rowid) VALUES ('action', new.id, last_insert_rowid());
END;

-- Index what schema 1 already held, by replaying it through the triggers' logic.
CREATE TEMP TABLE _backfill (kind TEXT, ref_id TEXT, body TEXT);
INSERT INTO _backfill SELECT 'topic', id, trim(code || ' ' || title || ' ' || description) FROM topics;
INSERT INTO _backfill SELECT 'rationale', id, rationale FROM positions WHERE rationale <> '';
INSERT INTO _backfill SELECT 'condition', id, condition FROM positions WHERE condition <> '';
INSERT INTO _backfill SELECT 'quote', id, quote FROM positions WHERE quote <> '';
INSERT INTO _backfill SELECT 'verdict_note', topic_id, note FROM topic_verdicts WHERE note <> '';
INSERT INTO _backfill SELECT 'action', id, trim(title || ' ' || notes) FROM actions;
INSERT INTO search_index (rowid, body) SELECT rowid, body FROM _backfill;
INSERT INTO search_map (kind, ref_id, fts_rowid) SELECT kind, ref_id, rowid FROM _backfill;
DROP TABLE _backfill;
