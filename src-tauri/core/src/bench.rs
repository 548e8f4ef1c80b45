//! `ketentafel-cli bench`: the operations the facilitator feels, timed on a real file, each
//! beside the limit measured in the same run — a bare rusqlite insert of the same row, and a
//! bare scan that reads every position once. The file itself is never changed: the run works
//! on a copy beside it in a temporary folder.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use uuid::Uuid;

use crate::error::{Error, Lang, Result};
use crate::model::PositionInput;
use crate::rng::SplitMix64;
use crate::store::Store;

/// The figures `bench --json` prints (times in microseconds or milliseconds as named).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    pub positions: i64,
    pub record_median_us: f64,
    pub record_p99_us: f64,
    /// The same row into `positions` itself, without what the app adds (see `run`).
    pub bare_insert_median_us: f64,
    pub bare_insert_p99_us: f64,
    pub import_rows_per_s: f64,
    /// The same rows in one transaction straight into `positions` (see `run`).
    pub bare_import_rows_per_s: f64,
    pub analyse_ms: f64,
    pub bare_scan_ms: f64,
    pub matrix_ms: f64,
    pub search_ms: f64,
    pub peak_rss_mb: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// The process's peak resident memory in MB (Linux `VmHWM`); 0 where it cannot be read.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// The rationale every timed recording carries: the length a facilitator types in a meeting.
const RATIONALE: &str =
    "Een toelichting van gemiddelde lengte, zoals een gespreksleider die tijdens de vergadering noteert.";

/// Runs every measurement on a copy of `file`; `samples` recordings and searches.
pub fn run(file: &Path, samples: usize) -> Result<BenchReport> {
    let dir = tempfile_dir()?;
    let copy = dir.join("bench.ketentafel");
    Store::open_read_only(file)?.save_copy(&copy)?;
    let mut store = Store::open(&copy)?;
    let positions = store.counts()?.positions;

    // The bare scan: every position read once, each column touched.
    let t = Instant::now();
    std::hint::black_box(bare_scan(&store)?);
    let bare_scan_ms = t.elapsed().as_secs_f64() * 1e3;

    // The full analysis from a cold grid: current positions, every topic measured with its
    // splits and fault line, and the alignment matrix.
    let t = Instant::now();
    let overview = store.overview(Lang::Nl)?;
    let alignment = store.alignment()?;
    let analyse_ms = t.elapsed().as_secs_f64() * 1e3;
    std::hint::black_box((overview.topics.len(), alignment.parties.len()));

    // One bouwsteen's matrix: its rows × every party, from the warm grid.
    let layout = store.heatmap_layout()?;
    let first = layout.rows.first().map(|r| r.bouwsteen_id);
    let rows = layout.rows.iter().filter(|r| Some(r.bouwsteen_id) == first).count() as u32;
    let t = Instant::now();
    let w = store.heatmap_window(0, 0, rows, layout.columns.len() as u32)?;
    let matrix_ms = t.elapsed().as_secs_f64() * 1e3;
    std::hint::black_box(w.cells.len());

    // Search: the median of a few words that appear in rationales.
    let mut search = Vec::new();
    for q in ["rechten", "publiek", "mits", "financiering", "cafe"].iter().cycle().take(samples.clamp(5, 50)) {
        let t = Instant::now();
        std::hint::black_box(store.search(q)?.len());
        search.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let search_ms = percentile(&sorted(search), 0.5);

    // Recording one position through the app's own path (validation, transaction, audit,
    // search queue), each in its own transaction, into a session of its own; and beside it
    // the bare insert: the same rows, one transaction each, straight into `positions` — so
    // with the row's own primary key, unique (topic, party, session) key, indexes and
    // foreign-key checks, at the table's real depth — but without anything the app adds: no
    // validation, no audit row, no search queue (its triggers are set aside on this copy
    // while the bare rows go in). A plain table without keys would time an insert the schema
    // never does.
    //
    // The two take turns in blocks, so a busy moment of a shared machine falls on both alike
    // rather than on whichever ran second. Putting the triggers back changes the schema,
    // which makes SQLite prepare the app's statements again: the first recording of each
    // block pays for that (the app itself prepares them once per file) and is not timed.
    let topics = store.list_topics()?;
    let parties = store.list_parties()?;
    if topics.is_empty() || parties.is_empty() {
        return Err(Error::invalid("file", "the dialogue has no topics or parties to record on"));
    }
    let (app_session, bare_session) = (new_session(&mut store, "bench")?, new_session(&mut store, "bench bare")?);
    // Distinct cells, so every timed write is a first entry, and the bare inserts can take the
    // very same cells (in their own session) without breaking the unique key. One more per
    // block for the untimed first recording.
    let blocks = samples.div_ceil(BLOCK);
    let wanted = (samples + blocks).min(topics.len() * parties.len());
    let mut rng = SplitMix64::new(7);
    let mut seen = std::collections::HashSet::new();
    let mut cells = Vec::with_capacity(wanted);
    while cells.len() < wanted {
        let pick = |rng: &mut SplitMix64, n: usize| rng.below(n as u64) as usize;
        let cell = (topics[pick(&mut rng, topics.len())].id, parties[pick(&mut rng, parties.len())].id);
        if seen.insert(cell) {
            cells.push(cell);
        }
    }
    let (mut record, mut bare) = (Vec::with_capacity(samples), Vec::with_capacity(samples));
    for block in cells.chunks(BLOCK + 1) {
        for (i, &(topic_id, party_id)) in block.iter().enumerate() {
            let input = PositionInput {
                topic_id,
                party_id,
                session_id: app_session,
                stance: Some((i % 5) as i8 - 2),
                rationale: RATIONALE.into(),
                condition: String::new(),
                quote: String::new(),
            };
            let t = Instant::now();
            store.set_position(input)?;
            if i > 0 {
                record.push(t.elapsed().as_secs_f64() * 1e6);
            }
        }
        without_search_trigger(&store, || {
            for (i, &(topic, party)) in block.iter().enumerate().skip(1) {
                let t = Instant::now();
                bare_insert(&store, topic, party, bare_session, (i % 5) as i64 - 2)?;
                bare.push(t.elapsed().as_secs_f64() * 1e6);
            }
            Ok(())
        })?;
    }
    let (record, bare) = (sorted(record), sorted(bare));

    // Bulk import, beside its own limit: the CSV importer (parsing, matching names, checks,
    // audit, search index) against a bare bulk insert of the same rows — one transaction, one
    // prepared statement, in the importer's key order, straight into `positions` with its keys
    // and indexes. Each into a new session; they take turns, and the medians count.
    let (mut import, mut bare_import) = (Vec::new(), Vec::new());
    for turn in 0..IMPORT_TURNS {
        let csv = import_csv(&store, IMPORT_ROWS, &format!("Bench import {turn}"))?;
        let t = Instant::now();
        let report = crate::csv::import_positions_bytes(&mut store, csv.as_bytes())?;
        import.push(report.rows as f64 / t.elapsed().as_secs_f64());
        let cells = import_cells(&store, IMPORT_ROWS)?;
        let session = new_session(&mut store, &format!("bench bare import {turn}"))?;
        bare_import.push(without_search_trigger(&store, || {
            let t = Instant::now();
            let rows = bare_import_rows(&store, &cells, session)?;
            Ok(rows as f64 / t.elapsed().as_secs_f64())
        })?);
    }

    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(BenchReport {
        positions,
        record_median_us: percentile(&record, 0.5),
        record_p99_us: percentile(&record, 0.99),
        bare_insert_median_us: percentile(&bare, 0.5),
        bare_insert_p99_us: percentile(&bare, 0.99),
        import_rows_per_s: percentile(&sorted(import), 0.5),
        bare_import_rows_per_s: percentile(&sorted(bare_import), 0.5),
        analyse_ms,
        bare_scan_ms,
        matrix_ms,
        search_ms,
        peak_rss_mb: peak_rss_mb(),
    })
}

/// The bare scan: every position read once, each column touched; returns the bytes touched.
pub fn bare_scan(store: &Store) -> Result<usize> {
    let mut touched = 0usize;
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT topic_id, party_id, session_id, stance, condition <> '', recorded_at FROM positions")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        touched += r.get_ref(0)?.as_bytes().map(|b| b.len()).unwrap_or(0);
        touched += r.get_ref(1)?.as_bytes().map(|b| b.len()).unwrap_or(0);
        touched += r.get_ref(2)?.as_bytes().map(|b| b.len()).unwrap_or(0);
        touched += usize::from(r.get::<_, Option<i64>>(3)?.is_some());
        touched += usize::from(r.get::<_, bool>(4)?);
        touched += r.get_ref(5)?.as_bytes().map(|b| b.len()).unwrap_or(0);
    }
    Ok(touched)
}

/// A CSV of up to `rows` new positions on existing topics and parties, all in `session`
/// (a session the file does not have yet), as the CSV import reads it.
pub fn import_csv(store: &Store, rows: usize, session: &str) -> Result<String> {
    let topics: std::collections::HashMap<Uuid, crate::model::Topic> =
        store.list_topics()?.into_iter().map(|t| (t.id, t)).collect();
    let parties: std::collections::HashMap<Uuid, crate::model::Party> =
        store.list_parties()?.into_iter().map(|p| (p.id, p)).collect();
    let bouwstenen: std::collections::HashMap<Uuid, String> =
        store.list_bouwstenen()?.into_iter().map(|b| (b.id, b.name)).collect();
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut csv = String::from("bouwsteen,topic,party,chain_role,stance,rationale,condition,session,recorded_at\n");
    for (i, (topic, party)) in import_cells(store, rows)?.into_iter().enumerate() {
        let (t, p) = (&topics[&topic], &parties[&party]);
        csv.push_str(&format!(
            "{},{},{},{},{},{},,{},2030-01-01T10:00:00Z\n",
            q(bouwstenen.get(&t.bouwsteen_id).map(String::as_str).unwrap_or("")),
            // By code where there is one: generated titles repeat across bouwstenen.
            q(if t.code.is_empty() { &t.title } else { &t.code }),
            q(&p.name),
            p.chain_role.code(),
            stance_of(i),
            q(IMPORT_RATIONALE),
            q(session),
        ));
    }
    Ok(csv)
}

/// The (topic, party) cells of an import of up to `rows` rows: every topic for the first
/// party, then for the next, as a spreadsheet of one session lists them.
pub fn import_cells(store: &Store, rows: usize) -> Result<Vec<(Uuid, Uuid)>> {
    let topics = store.list_topics()?;
    let parties = store.list_parties()?;
    let n = rows.min(topics.len() * parties.len());
    Ok((0..n).map(|i| (topics[i % topics.len()].id, parties[(i / topics.len()) % parties.len()].id)).collect())
}

/// Rows per bulk import, and how many imports (and bare imports) a run takes turns with.
const IMPORT_ROWS: usize = 20_000;
const IMPORT_TURNS: usize = 3;

/// The rationale every imported row carries.
const IMPORT_RATIONALE: &str = "Ingelezen uit het spreadsheet van de werkgroep.";

/// The stance of row `i` of an import, as `import_csv` writes it.
fn stance_of(i: usize) -> i64 {
    (i % 5) as i64 - 2
}

/// The bare bulk insert of an import's rows into `session`, in one transaction, in the key
/// order the importer writes in; call it inside [`without_search_trigger`]. Returns the rows.
pub fn bare_import_rows(store: &Store, cells: &[(Uuid, Uuid)], session: Uuid) -> Result<usize> {
    let mut rows: Vec<(Uuid, Uuid, i64)> =
        cells.iter().enumerate().map(|(i, &(topic, party))| (topic, party, stance_of(i))).collect();
    rows.sort_by_key(|&(topic, party, _)| (topic, party));
    let now = chrono::Utc::now();
    store.bare_write(|tx| {
        let mut insert = tx.prepare_cached(BARE_INSERT)?;
        let session = session.to_string();
        for (topic, party, stance) in &rows {
            insert.execute(rusqlite::params![
                Uuid::now_v7().to_string(),
                topic.to_string(),
                party.to_string(),
                session,
                stance,
                IMPORT_RATIONALE,
                now
            ])?;
        }
        Ok(())
    })?;
    Ok(rows.len())
}

/// A new session to write into, so every write is a first entry.
fn new_session(store: &mut Store, title: &str) -> Result<Uuid> {
    let now = chrono::Utc::now();
    Ok(store
        .create_session(crate::model::SessionInput {
            title: format!("{title} {}", Uuid::now_v7()),
            kind: crate::model::SessionKind::WorkingGroup,
            starts_at: now,
            ends_at: now,
            location: String::new(),
            notes: String::new(),
            attendee_ids: vec![],
        })?
        .id)
}

/// Recordings, then as many bare inserts, per turn (see `run`).
const BLOCK: usize = 100;

/// The bare insert of one position row: straight into `positions`, no app logic.
const BARE_INSERT: &str =
    "INSERT INTO positions (id, topic_id, party_id, session_id, stance, rationale, condition, quote, recorded_at, recorded_by)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', '', ?7, 'bench')";

/// Runs `f` with the triggers that index positions for search set aside, and puts them back
/// after. Only ever on a copy made for benchmarking: the search index misses the rows written
/// meanwhile.
pub fn without_search_trigger<T>(store: &Store, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let conn = store.conn();
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'positions\\_search\\_%' ESCAPE '\\'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    let out = f();
    for (_, sql) in &triggers {
        conn.execute_batch(sql)?;
    }
    out
}

/// One bare insert of the benchmark's row for (`topic`, `party`, `session`), in its own
/// IMMEDIATE transaction; call it inside [`without_search_trigger`].
pub fn bare_insert(store: &Store, topic: Uuid, party: Uuid, session: Uuid, stance: i64) -> Result<()> {
    store.bare_write(|tx| {
        tx.prepare_cached(BARE_INSERT)?.execute(rusqlite::params![
            Uuid::now_v7().to_string(),
            topic.to_string(),
            party.to_string(),
            session.to_string(),
            stance,
            RATIONALE,
            chrono::Utc::now()
        ])?;
        Ok(())
    })
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("ketentafel-bench-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_runs_on_a_copy_and_leaves_the_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.ketentafel");
        let mut s = Store::create(&path).unwrap();
        crate::demo::populate(&mut s).unwrap();
        drop(s);
        let before = std::fs::read(&path).unwrap();
        let r = run(&path, 20).unwrap();
        assert_eq!(r.positions, 462);
        assert!(r.record_median_us > 0.0 && r.record_p99_us >= r.record_median_us);
        assert!(r.bare_insert_median_us > 0.0 && r.bare_insert_p99_us >= r.bare_insert_median_us);
        assert!(r.bare_scan_ms > 0.0 && r.analyse_ms > 0.0);
        assert!(r.import_rows_per_s > 0.0 && r.bare_import_rows_per_s > 0.0);
        assert!(r.peak_rss_mb > 0.0);
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file is not touched");
    }
}
