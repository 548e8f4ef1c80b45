-- Ketentafel schema 6: a new position reaches the search index through the audit log.
--
-- Schema 5 queued every recorded position in `search_queue` by trigger: a row, a page and a
-- statement journal more in each recording's transaction, for what the audit row written in
-- the same transaction already says. Now the batch indexer (`store::search::flush`) also
-- takes the positions the audit log records as inserted since the last batch: their entries
-- lie above `search_progress.audit_id`, and the audit log's ids are an INTEGER PRIMARY KEY
-- with AUTOINCREMENT, never renumbered (not by VACUUM either) nor reused.
--
-- Updates and deletions keep their triggers: a correction's texts change in place, the
-- erasure rewrites texts without an audit entry, and deleting a topic or party takes its
-- positions along by cascade, with no audit entry each.

CREATE TABLE search_progress (
    only     INTEGER PRIMARY KEY CHECK (only = 1),
    audit_id INTEGER NOT NULL
) STRICT;

-- Everything logged so far was queued by schema 5's trigger (and what is still queued stays).
INSERT INTO search_progress (only, audit_id) SELECT 1, coalesce(max(id), 0) FROM audit_log;

DROP TRIGGER positions_search_ai;
