//! Crash safety: SIGKILLs a writer at random moments during single-position writes and bulk CSV
//! imports, then opens the file the app's way and checks that it is intact, that every import
//! is whole or absent and that every acknowledged write is there.
//!
//! `cargo test -p ketentafel-cli --test crash` kills 200 times; `KETENTAFEL_CRASH_KILLS=2000`
//! for the long run, `KETENTAFEL_CRASH_SEED=<n>` to repeat a run's choices (the kill moments
//! themselves depend on the machine's timing).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ketentafel_core::Store;
use ketentafel_core::rng::SplitMix64;
use uuid::Uuid;

/// A round's file is replaced by a fresh one past this size, so opening and `integrity_check`
/// stay quick however many rounds run.
const MAX_FILE_BYTES: u64 = 8 << 20;
/// The kill comes this many milliseconds after the victim has the file open, drawn
/// log-uniformly: as many kills in the first import (tens of ms in) as after several
/// finished ones (hundreds of ms in), whatever the import speed of the build under test.
const DELAY_MS: (f64, f64) = (2.0, 500.0);

/// Log-uniform in `lo..hi`, from the seeded generator, so a run's choices can be repeated.
fn log_uniform(rng: &mut SplitMix64, lo: f64, hi: f64) -> f64 {
    lo * (hi / lo).powf(rng.unit())
}

/// The victim's stance for sequence number `seq` (see `stance_of` in cli/src/crash.rs).
fn stance_of(seq: u64) -> Option<i8> {
    match seq % 6 {
        5 => None,
        s => Some(s as i8 - 2),
    }
}

fn victim() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ketentafel-cli"));
    c.arg("crash-victim").env("LANG", "en_GB.UTF-8").env_remove("KETENTAFEL_LANG");
    c
}

/// Kills the victim if the test panics before it does.
struct Victim(Child);

impl Drop for Victim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What one victim printed before it died.
#[derive(Default)]
struct Acks {
    session: Option<Uuid>,
    /// (topic, party) → the sequence numbers acknowledged for it, in order.
    pos: HashMap<(Uuid, Uuid), Vec<u64>>,
    /// The highest acknowledged sequence number (0 when none).
    last_seq: u64,
    singles: u64,
    /// Every import begun, by marker, with its row count; and the ones acknowledged.
    begun: BTreeMap<String, usize>,
    acked: BTreeSet<String>,
    /// The last line was `begin import`: the kill landed inside an import.
    mid_import: bool,
}

fn parse(lines: &[String]) -> Acks {
    let mut a = Acks::default();
    for line in lines {
        let w: Vec<&str> = line.split(' ').collect();
        match w.as_slice() {
            ["ready"] => {}
            ["ack", "session", id] => a.session = Some(id.parse().unwrap()),
            ["ack", "pos", t, p, s, stance, seq] => {
                let seq: u64 = seq.parse().unwrap();
                assert_eq!(Some(s.parse().unwrap()), a.session, "{line}");
                assert_eq!(*stance, stance_of(seq).map(|s| s.to_string()).unwrap_or_else(|| "none".into()));
                assert_eq!(seq, a.last_seq + 1, "acknowledgements come in order: {line}");
                a.pos.entry((t.parse().unwrap(), p.parse().unwrap())).or_default().push(seq);
                a.last_seq = seq;
                a.singles += 1;
            }
            ["begin", "import", m, rows] => {
                a.begun.insert(m.to_string(), rows.parse().unwrap());
            }
            ["ack", "import", m, rows] => {
                assert_eq!(a.begun.get(*m), Some(&rows.parse().unwrap()), "{line}");
                a.acked.insert(m.to_string());
            }
            _ => panic!("the victim printed an unexpected line: {line:?}"),
        }
        a.mid_import = w.first() == Some(&"begin");
    }
    a
}

/// One session's positions: (topic, party) → (stance, rationale).
type Cells = BTreeMap<(Uuid, Uuid), (Option<i8>, String)>;

/// The crash-test data as read back: session title → (topic, party) → (stance, rationale);
/// and the party names. Earlier rounds' part of it must never change again.
#[derive(Default, PartialEq, Debug)]
struct Snapshot {
    sessions: BTreeMap<String, Cells>,
    parties: BTreeSet<String>,
}

/// Opens `path` the way the app does (header, `integrity_check`, then read-write) and reads
/// the snapshot. Any failure here is a crash that damaged the file.
fn read_back(path: &Path) -> Result<Snapshot, String> {
    let store = Store::open(path).map_err(|e| e.to_string())?;
    let titles: HashMap<Uuid, String> =
        store.list_sessions().map_err(|e| e.to_string())?.into_iter().map(|s| (s.id, s.title)).collect();
    let mut snap = Snapshot::default();
    for t in titles.values() {
        snap.sessions.entry(t.clone()).or_default();
    }
    for p in store.list_positions().map_err(|e| e.to_string())? {
        let title = titles.get(&p.session_id).ok_or("a position in no session")?;
        let cell = snap.sessions.entry(title.clone()).or_default();
        if cell.insert((p.topic_id, p.party_id), (p.stance, p.rationale)).is_some() {
            return Err(format!("two positions for one topic, party and session in {title}"));
        }
    }
    snap.parties = store.list_parties().map_err(|e| e.to_string())?.into_iter().map(|p| p.name).collect();
    Ok(snap)
}

/// Copies the database and its `-wal` (not the `-shm`, which SQLite rebuilds after a crash
/// anyway) to `to`, so the check can open the copy and leave the original's hot WAL for the
/// next victim to recover in its own open.
fn copy_with_wal(from: &Path, to: &Path) {
    for suffix in ["-wal", "-shm", ""] {
        let _ = std::fs::remove_file(with_suffix(to, suffix));
    }
    std::fs::copy(from, to).unwrap();
    if with_suffix(from, "-wal").exists() {
        std::fs::copy(with_suffix(from, "-wal"), with_suffix(to, "-wal")).unwrap();
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn file_bytes(path: &Path) -> u64 {
    ["", "-wal"].iter().map(|s| std::fs::metadata(with_suffix(path, s)).map(|m| m.len()).unwrap_or(0)).sum()
}

/// Checks one round: `before` is what the file held after the previous round, `after` what it
/// holds now, `acks` what the killed victim acknowledged. Returns a description of the first
/// loss or inconsistency.
fn verify(before: &Snapshot, after: &Snapshot, round_title: &str, acks: &Acks) -> Result<(), String> {
    // What earlier rounds left is untouched: nothing lost, nothing changed.
    for (title, cells) in &before.sessions {
        if after.sessions.get(title) != Some(cells) {
            return Err(format!("session {title:?} from an earlier round changed or vanished"));
        }
    }
    if !before.parties.is_subset(&after.parties) {
        return Err("a party from an earlier round vanished".into());
    }
    // Only this round's session and imports are new.
    for title in after.sessions.keys().filter(|t| !before.sessions.contains_key(*t)) {
        if title != round_title && !acks.begun.contains_key(title) {
            return Err(format!("a session nobody wrote appeared: {title:?}"));
        }
    }
    for name in after.parties.difference(&before.parties) {
        if !acks.begun.contains_key(name) {
            return Err(format!("a party nobody wrote appeared: {name:?}"));
        }
    }
    // Single writes: every acknowledged one is there with its value, unless a later write to
    // the same key replaced it; the only unacknowledged write that may show is the one in flight.
    let round = after.sessions.get(round_title);
    if acks.session.is_some() && round.is_none() {
        return Err("the acknowledged session of this round is missing".into());
    }
    let in_flight = acks.last_seq + 1;
    for ((t, p), (stance, rationale)) in round.into_iter().flatten() {
        let seq: u64 = rationale
            .strip_prefix('w')
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("unexpected rationale {rationale:?}"))?;
        if *stance != stance_of(seq) {
            return Err(format!("write {seq} has stance {stance:?}, written as {:?}", stance_of(seq)));
        }
        let acked_last = acks.pos.get(&(*t, *p)).and_then(|v| v.last()).copied();
        if Some(seq) != acked_last && seq != in_flight {
            return Err(format!(
                "{t}/{p} holds write {seq}; the last acknowledged is {acked_last:?}, the one in flight {in_flight}"
            ));
        }
    }
    for (key, seqs) in &acks.pos {
        if !round.is_some_and(|r| r.contains_key(key)) {
            return Err(format!("acknowledged write {} to {}/{} is missing", seqs[seqs.len() - 1], key.0, key.1));
        }
    }
    // Imports: all rows or none, the new party with them; every acknowledged one there.
    for (marker, rows) in &acks.begun {
        let party = after.parties.contains(marker);
        match after.sessions.get(marker) {
            Some(cells) => {
                if cells.len() != *rows {
                    return Err(format!("import {marker} has {} of its {rows} rows", cells.len()));
                }
                if cells.values().any(|(_, r)| r != marker) {
                    return Err(format!("import {marker} holds rows that are not its own"));
                }
                if !party {
                    return Err(format!("import {marker} is there without the party it created"));
                }
            }
            None if acks.acked.contains(marker) => return Err(format!("acknowledged import {marker} is missing")),
            None if party => return Err(format!("import {marker} left its party without its rows")),
            None => {}
        }
    }
    Ok(())
}

#[derive(Default)]
struct Totals {
    kills: u64,
    mid_import: u64,
    singles_verified: u64,
    imports_acked: u64,
    imports_whole_unacked: u64,
    imports_absent: u64,
    files: u64,
    hot_wals: u64,
    during_open: u64,
    between: u64,
}

#[test]
fn sigkill_during_writes_loses_nothing_acknowledged() {
    let kills: u64 = std::env::var("KETENTAFEL_CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let seed: u64 = std::env::var("KETENTAFEL_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1)
    });
    println!("crash test: {kills} kills, KETENTAFEL_CRASH_SEED={seed}");
    let mut rng = SplitMix64::new(seed);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("check.ketentafel");
    let started = Instant::now();
    let mut t = Totals::default();
    let mut file = PathBuf::new();
    let mut before = Snapshot::default();
    for round in 0..kills {
        if round == 0 || file_bytes(&file) > MAX_FILE_BYTES {
            t.files += 1;
            file = dir.path().join(format!("crash{}.ketentafel", t.files));
            let out = victim().arg(&file).arg("--setup").output().unwrap();
            assert!(out.status.success(), "setup: {}", String::from_utf8_lossy(&out.stderr));
            before = read_back(&file).unwrap();
        }
        let name = format!("{}.{round}", t.files);
        let mut child = Victim(
            victim()
                .arg(&file)
                .args(["--round", &name, "--seed", &rng.next_u64().to_string()])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
        // A thread drains stdout so the victim never blocks on a full pipe; it reports `ready`
        // once and hands back every whole line at the end.
        let (ready_tx, ready_rx) = mpsc::channel();
        let stdout = child.0.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            let mut r = BufReader::new(stdout);
            let mut buf = String::new();
            while r.read_line(&mut buf).unwrap_or(0) > 0 {
                // A line cut off by the kill has no newline and acknowledges nothing.
                if let Some(line) = buf.strip_suffix('\n') {
                    if line == "ready" {
                        let _ = ready_tx.send(());
                    }
                    lines.push(line.to_owned());
                }
                buf.clear();
            }
            lines
        });
        // One kill in ten counts from the start instead, so some land while the victim is
        // still opening the file (recovering the WAL an earlier kill left).
        let early = rng.below(10) == 0;
        let delay = if early {
            Duration::from_secs_f64(log_uniform(&mut rng, 1.0, 30.0) / 1000.0)
        } else {
            Duration::from_secs_f64(log_uniform(&mut rng, DELAY_MS.0, DELAY_MS.1) / 1000.0)
        };
        let opened = early || ready_rx.recv_timeout(Duration::from_secs(60)).is_ok();
        // The random moment: this sleep is the point of the test, not a wait for a condition.
        std::thread::sleep(delay);
        child.0.kill().unwrap();
        let status = child.0.wait().unwrap();
        let lines = reader.join().unwrap();
        let mut stderr = String::new();
        child.0.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let context = format!("round {round} (seed {seed}, file {})", file.display());
        assert!(opened, "{context}: the victim never opened the file ({status}): {stderr}");
        if lines.is_empty() {
            t.during_open += 1;
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "{context}: the victim ended by itself: {stderr}");
        }
        t.kills += 1;
        let acks = parse(&lines);
        t.mid_import += acks.mid_import as u64;
        t.between += (!acks.mid_import && !lines.is_empty()) as u64;

        // Every other round checks a copy, so the next victim opens a file with a hot WAL
        // (recovery inside the app's own open); the others check the file itself.
        let check = if round.is_multiple_of(2) {
            copy_with_wal(&file, &copy);
            t.hot_wals += 1;
            copy.clone()
        } else {
            file.clone()
        };
        let after = read_back(&check).unwrap_or_else(|e| panic!("{context}: the file does not open: {e}"));
        if let Err(e) = verify(&before, &after, &format!("ronde {name}"), &acks) {
            panic!("{context}: {e}\nvictim output (last lines): {:?}", &lines[lines.len().saturating_sub(5)..]);
        }
        t.singles_verified += acks.singles;
        for marker in acks.begun.keys() {
            match (acks.acked.contains(marker), after.sessions.contains_key(marker)) {
                (true, _) => t.imports_acked += 1,
                (false, true) => t.imports_whole_unacked += 1,
                (false, false) => t.imports_absent += 1,
            }
        }
        before = after;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "crash test: {} kills survived in {secs:.1} s (seed {seed}): {} mid-import, {} between or during single \
         writes, {} before the file was open (start-up, WAL recovery); {} acknowledged single writes verified; imports: {} acknowledged and \
         whole, {} whole but killed before the acknowledgement, {} absent; {} files; {} rounds left a hot WAL for \
         the next victim to recover",
        t.kills,
        t.mid_import,
        t.between,
        t.during_open,
        t.singles_verified,
        t.imports_acked,
        t.imports_whole_unacked,
        t.imports_absent,
        t.files,
        t.hot_wals
    );
    assert!(t.mid_import > 0, "no kill landed inside an import: the test did not test imports");
    assert!(t.imports_acked > 0, "no import finished before a kill: the test did not test acknowledged imports");
}
