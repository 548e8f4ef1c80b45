//! The hidden `crash-victim` command: writes to a dialogue through the app's own write paths
//! and acknowledges each write on stdout only after it returned, so the SIGKILL stress test
//! (`cli/tests/crash.rs`) can check that nothing acknowledged is lost and no import is half there.
//!
//! Protocol, one line each, flushed at once:
//! `ready` (the file is open), `ack session <id>` (this round's session is created),
//! `ack pos <topic> <party> <session> <stance|none> <seq>` (one `Store::set_position`, the call
//! behind the app's `position_set`, returned Ok; its rationale is `w<seq>`),
//! `begin import <marker> <rows>` and `ack import <marker> <rows>` around one
//! `csv::import_positions`, the call behind the app's CSV import. Each import's rows go to a new
//! session titled `<marker>` with rationale `<marker>`, and its last row creates a new party
//! named `<marker>`, so a half import would show as a wrong count or a lone party.

use std::io::Write;
use std::path::Path;

use chrono::{TimeZone, Utc};
use ketentafel_core::model::{PositionInput, SessionInput, SessionKind};
use ketentafel_core::rng::SplitMix64;
use ketentafel_core::{Error, Store};

/// The grid every import draws its rows from: topics × parties, all in one bouwsteen.
const TOPICS: usize = 60;
const PARTIES: usize = 50;
const BOUWSTEEN: &str = "Crash";
/// Import sizes: a few hundred to a few thousand rows, so kills land inside them.
const IMPORT_ROWS: (u64, u64) = (200, 3000);

fn topic_title(i: usize) -> String {
    format!("crash t{i:02}")
}

fn party_name(j: usize) -> String {
    format!("crash p{j:02}")
}

/// The stance written with sequence number `seq`: every value once in six writes, "no position"
/// included. The test derives the same from the `w<seq>` rationale it reads back.
fn stance_of(seq: u64) -> Option<i8> {
    match seq % 6 {
        5 => None,
        s => Some(s as i8 - 2),
    }
}

/// Uniform in `lo..=hi`, from the seeded generator, so a round's workload can be replayed.
fn range(rng: &mut SplitMix64, lo: u64, hi: u64) -> u64 {
    lo + rng.below(hi - lo + 1)
}

/// One acknowledgement line, flushed before the next write starts: a line the test reads was
/// printed after its write returned.
fn say(line: std::fmt::Arguments) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(())
}

/// `--setup`: a new file holding the grid's topics and parties (one import, session "basis").
pub fn setup(file: &Path) -> Result<(), Error> {
    let mut store = Store::create(file)?;
    let mut csv = String::from("bouwsteen,topic,party,chain_role,stance,session\n");
    for i in 0..TOPICS.max(PARTIES) {
        csv += &format!("{BOUWSTEEN},{},{},producer,0,basis\n", topic_title(i % TOPICS), party_name(i % PARTIES));
    }
    ketentafel_core::csv::import_positions_bytes(&mut store, csv.as_bytes())?;
    Ok(())
}

/// Writes until killed: a burst of single positions into this round's session, then an
/// import, again and again. Stops by itself only after far more than any kill waits for.
pub fn run(file: &Path, round: &str, seed: u64) -> Result<(), Error> {
    let mut store = Store::open(file)?;
    let topics: Vec<_> =
        store.list_topics()?.into_iter().filter(|t| t.title.starts_with("crash t")).map(|t| t.id).collect();
    let parties: Vec<_> =
        store.list_parties()?.into_iter().filter(|p| p.name.starts_with("crash p")).map(|p| p.id).collect();
    if topics.len() != TOPICS || parties.len() != PARTIES {
        return Err(Error::invalid("file", "not a crash-test file: run crash-victim --setup first"));
    }
    say(format_args!("ready"))?;
    let starts_at = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).single().unwrap_or_else(Utc::now);
    let session = store
        .create_session(SessionInput {
            title: format!("ronde {round}"),
            kind: SessionKind::WorkingGroup,
            starts_at,
            ends_at: starts_at,
            location: String::new(),
            notes: String::new(),
            attendee_ids: vec![],
        })?
        .id;
    say(format_args!("ack session {session}"))?;
    let csv_path = file.with_extension("import.csv");
    let mut rng = SplitMix64::new(seed);
    let mut seq = 0u64;
    for k in 0..1000 {
        for _ in 0..range(&mut rng, 1, 30) {
            seq += 1;
            let topic_id = topics[range(&mut rng, 0, TOPICS as u64 - 1) as usize];
            let party_id = parties[range(&mut rng, 0, PARTIES as u64 - 1) as usize];
            let stance = stance_of(seq);
            store.set_position(PositionInput {
                topic_id,
                party_id,
                session_id: session,
                stance,
                rationale: format!("w{seq}"),
                condition: String::new(),
                quote: String::new(),
            })?;
            let shown = stance.map(|s| s.to_string()).unwrap_or_else(|| "none".into());
            say(format_args!("ack pos {topic_id} {party_id} {session} {shown} {seq}"))?;
        }
        // Log-uniform size: as many small imports (which often finish) as large ones.
        let (lo, hi) = IMPORT_ROWS;
        let rows = (lo as f64 * (hi as f64 / lo as f64).powf(rng.unit())) as usize;
        let marker = format!("import-{round}-{k}");
        let mut csv = String::from("bouwsteen,topic,party,chain_role,stance,rationale,session\n");
        for c in 0..rows - 1 {
            let stance = (c % 5) as i64 - 2;
            csv += &format!(
                "{BOUWSTEEN},{},{},,{stance},{marker},{marker}\n",
                topic_title(c % TOPICS),
                party_name(c / TOPICS)
            );
        }
        csv += &format!("{BOUWSTEEN},{},{marker},producer,0,{marker},{marker}\n", topic_title(0));
        std::fs::write(&csv_path, csv)?;
        say(format_args!("begin import {marker} {rows}"))?;
        ketentafel_core::csv::import_positions(&mut store, &csv_path)?;
        say(format_args!("ack import {marker} {rows}"))?;
    }
    Ok(())
}
