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
use crate::store::Store;

/// The figures `bench --json` prints (times in microseconds or milliseconds as named).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    pub positions: i64,
    pub record_median_us: f64,
    pub record_p99_us: f64,
    pub bare_insert_median_us: f64,
    pub import_rows_per_s: f64,
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

/// A tiny deterministic generator for picking cells.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

/// Runs every measurement on a copy of `file`; `samples` recordings and searches.
pub fn run(file: &Path, samples: usize) -> Result<BenchReport> {
    let dir = tempfile_dir()?;
    let copy = dir.join("bench.ketentafel");
    Store::open_read_only(file)?.save_copy(&copy)?;
    let mut store = Store::open(&copy)?;
    let positions = store.counts()?.positions;

    // The bare scan: every position read once, each column touched.
    let t = Instant::now();
    let mut touched = 0usize;
    {
        let mut stmt = store
            .conn()
            .prepare("SELECT topic_id, party_id, session_id, stance, condition <> '', recorded_at FROM positions")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            touched += r.get_ref(0)?.as_bytes().map(|b| b.len()).unwrap_or(0);
            touched += r.get_ref(1)?.as_bytes().map(|b| b.len()).unwrap_or(0);
            touched += r.get_ref(2)?.as_bytes().map(|b| b.len()).unwrap_or(0);
            touched += usize::from(r.get::<_, Option<i64>>(3)?.is_some());
            touched += usize::from(r.get::<_, bool>(4)?);
            touched += r.get_ref(5)?.as_bytes().map(|b| b.len()).unwrap_or(0);
        }
    }
    let bare_scan_ms = t.elapsed().as_secs_f64() * 1e3;
    std::hint::black_box(touched);

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

    // Recording one position through the app's own path (validation, transaction, audit),
    // each in its own transaction, into a session of its own.
    let topics = store.list_topics()?;
    let parties = store.list_parties()?;
    if topics.is_empty() || parties.is_empty() {
        return Err(Error::invalid("file", "the dialogue has no topics or parties to record on"));
    }
    let session = store.create_session(crate::model::SessionInput {
        title: format!("bench {}", Uuid::now_v7()),
        kind: crate::model::SessionKind::WorkingGroup,
        starts_at: chrono::Utc::now(),
        ends_at: chrono::Utc::now(),
        location: String::new(),
        notes: String::new(),
        attendee_ids: vec![],
    })?;
    let mut rng = Rng(7);
    let mut record = Vec::with_capacity(samples);
    for i in 0..samples {
        let input = PositionInput {
            topic_id: topics[rng.next(topics.len())].id,
            party_id: parties[rng.next(parties.len())].id,
            session_id: session.id,
            stance: Some((i % 5) as i8 - 2),
            rationale:
                "Een toelichting van gemiddelde lengte, zoals een gespreksleider die tijdens de vergadering noteert."
                    .into(),
            condition: String::new(),
            quote: String::new(),
        };
        let t = Instant::now();
        store.set_position(input)?;
        record.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let record = sorted(record);

    // The bare insert: the same row shape into a plain table of the same file (so each
    // commit goes through the same WAL), one transaction each.
    {
        let conn = store.conn();
        conn.execute_batch(
            "CREATE TABLE bench_bare (id TEXT PRIMARY KEY, topic_id TEXT, party_id TEXT, session_id TEXT, stance INTEGER,
             rationale TEXT, condition TEXT, quote TEXT, recorded_at TEXT, recorded_by TEXT)",
        )?;
    }
    let mut bare = Vec::with_capacity(samples);
    for i in 0..samples {
        let conn = store.conn();
        let t = Instant::now();
        conn.execute_batch("BEGIN IMMEDIATE")?;
        conn.prepare_cached("INSERT INTO bench_bare VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', '', ?7, 'bench')")?.execute(
            rusqlite::params![
                Uuid::now_v7().to_string(),
                topics[i % topics.len()].id.to_string(),
                parties[i % parties.len()].id.to_string(),
                session.id.to_string(),
                (i % 5) as i64 - 2,
                "Een toelichting van gemiddelde lengte, zoals een gespreksleider die tijdens de vergadering noteert.",
                chrono::Utc::now()
            ],
        )?;
        conn.execute_batch("COMMIT")?;
        bare.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let bare = sorted(bare);

    // Bulk import: a CSV of new rows (a session of their own) through the CSV importer.
    let n = 20_000.min(topics.len() * parties.len());
    let mut csv = String::from("bouwsteen,topic,party,chain_role,stance,rationale,condition,session,recorded_at\n");
    let bouwstenen: std::collections::HashMap<Uuid, String> =
        store.list_bouwstenen()?.into_iter().map(|b| (b.id, b.name)).collect();
    for i in 0..n {
        let t = &topics[i % topics.len()];
        let p = &parties[(i / topics.len()) % parties.len()];
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        csv.push_str(&format!(
            "{},{},{},{},{},{},,Bench import,2030-01-01T10:00:00Z\n",
            q(bouwstenen.get(&t.bouwsteen_id).map(String::as_str).unwrap_or("")),
            // By code where there is one: generated titles repeat across bouwstenen.
            q(if t.code.is_empty() { &t.title } else { &t.code }),
            q(&p.name),
            p.chain_role.code(),
            (i % 5) as i64 - 2,
            q("Ingelezen uit het spreadsheet van de werkgroep.")
        ));
    }
    let t = Instant::now();
    let report = crate::csv::import_positions_bytes(&mut store, csv.as_bytes())?;
    let import_rows_per_s = report.rows as f64 / t.elapsed().as_secs_f64();

    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(BenchReport {
        positions,
        record_median_us: percentile(&record, 0.5),
        record_p99_us: percentile(&record, 0.99),
        bare_insert_median_us: percentile(&bare, 0.5),
        import_rows_per_s,
        analyse_ms,
        bare_scan_ms,
        matrix_ms,
        search_ms,
        peak_rss_mb: peak_rss_mb(),
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
        assert!(r.bare_insert_median_us > 0.0 && r.bare_scan_ms > 0.0 && r.analyse_ms > 0.0);
        assert!(r.import_rows_per_s > 0.0);
        assert!(r.peak_rss_mb > 0.0);
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file is not touched");
    }
}
