-- Ketentafel schema 5: positions are indexed for search in bulk, not row by row.
--
-- Schema 2's triggers wrote a position's texts into the FTS5 index inside every write: a new
-- index segment per recorded position (and the merges after), the largest cost of recording
-- one. Now a write only notes the position's id in `search_queue`, in the same transaction;
-- the store indexes the queued positions in one batch before a search and at the end of an
-- import (`store::search::flush`). What a search finds is unchanged.
--
-- Topics, verdict notes and actions keep their triggers, but take negative FTS rowids (the
-- next one below the lowest): a search ranks all of those in full and, on a common word,
-- position texts among the most recently indexed matches (see `store::search`).

CREATE TABLE search_queue (
    position_id TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;

DROP TRIGGER positions_search_ai;
DROP TRIGGER positions_search_ad;
DROP TRIGGER positions_search_au;

CREATE TRIGGER positions_search_ai AFTER INSERT ON positions BEGIN
    INSERT OR IGNORE INTO search_queue (position_id) VALUES (new.id);
END;
CREATE TRIGGER positions_search_ad AFTER DELETE ON positions BEGIN
    INSERT OR IGNORE INTO search_queue (position_id) VALUES (old.id);
END;
CREATE TRIGGER positions_search_au AFTER UPDATE OF rationale, condition, quote ON positions BEGIN
    INSERT OR IGNORE INTO search_queue (position_id) VALUES (new.id);
END;

-- The other records: the map row first (its rowid the next below the lowest), then the text
-- under that rowid.
DROP TRIGGER topics_search_ai;
DROP TRIGGER topics_search_au;
DROP TRIGGER verdicts_search_ai;
DROP TRIGGER verdicts_search_au;
DROP TRIGGER actions_search_ai;
DROP TRIGGER actions_search_au;

CREATE TRIGGER topics_search_ai AFTER INSERT ON topics BEGIN
    INSERT INTO search_map (kind, ref_id, fts_rowid)
        VALUES ('topic', new.id, (SELECT min(0, coalesce(min(fts_rowid), 0)) - 1 FROM search_map));
    INSERT INTO search_index (rowid, body)
        SELECT fts_rowid, trim(new.code || ' ' || new.title || ' ' || new.description) FROM search_map
        WHERE kind = 'topic' AND ref_id = new.id;
END;
CREATE TRIGGER topics_search_au AFTER UPDATE OF code, title, description ON topics BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT fts_rowid FROM search_map WHERE kind = 'topic' AND ref_id = old.id);
    DELETE FROM search_map WHERE kind = 'topic' AND ref_id = old.id;
    INSERT INTO search_map (kind, ref_id, fts_rowid)
        VALUES ('topic', new.id, (SELECT min(0, coalesce(min(fts_rowid), 0)) - 1 FROM search_map));
    INSERT INTO search_index (rowid, body)
        SELECT fts_rowid, trim(new.code || ' ' || new.title || ' ' || new.description) FROM search_map
        WHERE kind = 'topic' AND ref_id = new.id;
END;

CREATE TRIGGER verdicts_search_ai AFTER INSERT ON topic_verdicts WHEN new.note <> '' BEGIN
    INSERT INTO search_map (kind, ref_id, fts_rowid)
        VALUES ('verdict_note', new.topic_id, (SELECT min(0, coalesce(min(fts_rowid), 0)) - 1 FROM search_map));
    INSERT INTO search_index (rowid, body)
        SELECT fts_rowid, new.note FROM search_map WHERE kind = 'verdict_note' AND ref_id = new.topic_id;
END;
CREATE TRIGGER verdicts_search_au AFTER UPDATE OF note ON topic_verdicts BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT fts_rowid FROM search_map WHERE kind = 'verdict_note' AND ref_id = old.topic_id);
    DELETE FROM search_map WHERE kind = 'verdict_note' AND ref_id = old.topic_id;
    INSERT INTO search_map (kind, ref_id, fts_rowid)
        SELECT 'verdict_note', new.topic_id, (SELECT min(0, coalesce(min(fts_rowid), 0)) - 1 FROM search_map)
        WHERE new.note <> '';
    INSERT INTO search_index (rowid, body)
        SELECT fts_rowid, new.note FROM search_map WHERE kind = 'verdict_note' AND ref_id = new.topic_id;
END;

CREATE TRIGGER actions_search_ai AFTER INSERT ON actions BEGIN
    INSERT INTO search_map (kind, ref_id, fts_rowid)
        VALUES ('action', new.id, (SELECT min(0, coalesce(min(fts_rowid), 0)) - 1 FROM search_map));
    INSERT INTO search_index (rowid, body)
        SELECT fts_rowid, trim(new.title || ' ' || new.notes) FROM search_map WHERE kind = 'action' AND ref_id = new.id;
END;
CREATE TRIGGER actions_search_au AFTER UPDATE OF title, notes ON actions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT fts_rowid FROM search_map WHERE kind = 'action' AND ref_id = old.id);
    DELETE FROM search_map WHERE kind = 'action' AND ref_id = old.id;
    INSERT INTO search_map (kind, ref_id, fts_rowid)
        VALUES ('action', new.id, (SELECT min(0, coalesce(min(fts_rowid), 0)) - 1 FROM search_map));
    INSERT INTO search_index (rowid, body)
        SELECT fts_rowid, trim(new.title || ' ' || new.notes) FROM search_map WHERE kind = 'action' AND ref_id = new.id;
END;

-- Move what schema 2 indexed of topics, verdict notes and actions below zero.
CREATE TEMP TABLE _move AS
    SELECT m.fts_rowid AS old_rowid, -row_number() OVER (ORDER BY m.fts_rowid) AS new_rowid, s.body AS body
    FROM search_map m JOIN search_index s ON s.rowid = m.fts_rowid
    WHERE m.kind IN ('topic', 'verdict_note', 'action');
DELETE FROM search_index WHERE rowid IN (SELECT old_rowid FROM _move);
INSERT INTO search_index (rowid, body) SELECT new_rowid, body FROM _move;
UPDATE search_map SET fts_rowid = (SELECT new_rowid FROM _move WHERE old_rowid = search_map.fts_rowid)
    WHERE kind IN ('topic', 'verdict_note', 'action');
DROP TABLE _move;
