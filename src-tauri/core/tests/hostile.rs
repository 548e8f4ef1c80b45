//! Hostile and broken input: every case of `tests/hostile/` (README there) and the large or
//! damaged ones made here, each through the function the app's command calls, inside
//! `catch_unwind`. Each must give either its expected error — code, line and column, and a Dutch
//! and an English message that name the problem — with the dialogue's content unchanged, or a
//! correct import.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use ketentafel_core::model::ImportReport;
use ketentafel_core::{Error, ErrorCode, Lang, Store, bundle, csv, polis, xlsx};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile")
}

/// What a case must give.
enum Want {
    /// An error with this code; `line` and `column` as the message names them (None: not
    /// checked); `nl` and `en` are words each message must contain.
    Fails { code: ErrorCode, line: Option<u64>, column: Option<&'static str>, nl: &'static str, en: &'static str },
    /// A correct import: this many positions more, and these texts stored exactly as written.
    Imports { positions: i64, verbatim: &'static [&'static str] },
}

use Want::*;

const fn fails(code: ErrorCode, line: u64, nl: &'static str, en: &'static str) -> Want {
    Fails { code, line: Some(line), column: None, nl, en }
}

const fn fails_at(line: u64, column: &'static str, nl: &'static str, en: &'static str) -> Want {
    Fails { code: ErrorCode::ImportFailed, line: Some(line), column: Some(column), nl, en }
}

const fn refused(code: ErrorCode, nl: &'static str, en: &'static str) -> Want {
    Fails { code, line: None, column: None, nl, en }
}

const EVIL: &str = "<script>alert(\"x\")</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const IMPORT: ErrorCode = ErrorCode::ImportFailed;

/// Every table of the dialogue file, each row rendered and the rows sorted: equal dumps are
/// equal content (read through a second connection, which sees every committed write).
fn dump(path: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables.sort();
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let rows: BTreeSet<String> = stmt
            .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        out.push_str(&format!("== {t} ({} rows)\n", rows.len()));
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
    }
    out
}

/// A dialogue file with the demo in it, as the app would have open.
fn demo_file(dir: &Path, name: &str) -> (Store, PathBuf) {
    let path = dir.join(format!("{name}.ketentafel"));
    let mut store = Store::create(&path).unwrap();
    ketentafel_core::demo::populate(&mut store).unwrap();
    (store, path)
}

/// A copy of the dialogue at `seed`, opened.
fn copy_of(seed: &Path, path: &Path) -> (Store, PathBuf) {
    let s = Store::open(seed).unwrap();
    s.save_copy(path).unwrap();
    drop(s);
    (Store::open(path).unwrap(), path.to_owned())
}

/// Runs one case and checks it against `want`; returns a line for the summary.
fn check(
    name: &str,
    store: &mut Store,
    path: &Path,
    want: &Want,
    run: impl FnOnce(&mut Store) -> Result<i64, Error>,
) -> String {
    let before = dump(path);
    let positions_before = store.counts().unwrap().positions;
    let outcome = catch_unwind(AssertUnwindSafe(|| run(store)));
    let outcome = outcome.unwrap_or_else(|_| panic!("{name}: the importer panicked"));
    match (want, outcome) {
        (Fails { code, line, column, nl, en }, Err(e)) => {
            let (msg_nl, msg_en) = (e.localized(Lang::Nl), e.localized(Lang::En));
            assert_eq!(e.code(), *code, "{name}: {msg_en}");
            assert_ne!(msg_nl, msg_en, "{name}: one message for both languages");
            assert!(msg_nl.contains(nl), "{name}: the Dutch message lacks {nl:?}: {msg_nl}");
            assert!(msg_en.contains(en), "{name}: the English message lacks {en:?}: {msg_en}");
            if let Some(line) = line {
                assert!(msg_nl.starts_with(&format!("Regel {line}")), "{name}: {msg_nl}");
                assert!(msg_en.starts_with(&format!("Line {line}")), "{name}: {msg_en}");
            }
            if let Some(column) = column {
                assert_eq!(e.field(), Some(*column), "{name}: {msg_en}");
                assert!(msg_nl.contains(&format!("kolom {column}")), "{name}: {msg_nl}");
            }
            assert!(dump(path) == before, "{name}: the dialogue changed after an error");
            format!("{name}: {}", msg_nl)
        }
        (Imports { positions, verbatim }, Ok(_)) => {
            let now = store.counts().unwrap().positions;
            assert_eq!(now - positions_before, *positions, "{name}: positions added");
            let after = dump(path);
            for text in *verbatim {
                // Stored as typed: the text itself is in a table, not an escaped form of it.
                let quoted = format!("{:?}", rusqlite::types::ValueRef::Text(text.as_bytes()));
                assert!(after.contains(&quoted), "{name}: {text:?} was not stored verbatim");
            }
            format!("{name}: imported, {positions} positions")
        }
        (Fails { .. }, Ok(n)) => panic!("{name}: imported ({n}) but should have failed"),
        (Imports { .. }, Err(e)) => panic!("{name}: failed but should have imported: {}", e.localized(Lang::En)),
    }
}

fn written(r: &ImportReport) -> i64 {
    r.positions_written
}

/// Every file in a corpus folder must have a case, and every case a file.
fn assert_covered(folder: &str, cases: &[(&str, Want)]) {
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus().join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = cases.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, listed, "tests/hostile/{folder} and the cases here differ");
    let readme = std::fs::read_to_string(corpus().join("README.md")).unwrap();
    for name in &listed {
        assert!(readme.contains(&format!("`{folder}/{name}`")), "README.md does not describe {folder}/{name}");
    }
}

#[test]
fn csv_files() {
    let cases: Vec<(&str, Want)> = vec![
        ("latin1.csv", fails(IMPORT, 2, "geen UTF-8", "not UTF-8")),
        ("utf16.csv", fails(IMPORT, 1, "UTF-16", "UTF-16")),
        ("binary.csv", fails(IMPORT, 1, "geen UTF-8", "not UTF-8")),
        ("empty.csv", fails(IMPORT, 1, "leeg", "empty")),
        ("unknown-column.csv", fails(IMPORT, 1, "onbekende kolom \"kleur\"", "unknown column \"kleur\"")),
        ("missing-stance-column.csv", fails_at(1, "stance", "ontbreekt", "missing")),
        ("duplicate-column.csv", fails_at(1, "stance", "twee keer", "twice")),
        ("wrong-type-stance.csv", fails_at(3, "stance", "\"heel erg voor\" is geen standpunt", "is not a stance")),
        ("decimal-stance.csv", fails_at(2, "stance", "\"1,5\" is geen standpunt", "is not a stance")),
        ("bad-date.csv", fails_at(2, "recorded_at", "geen tijdstip", "not a time")),
        ("unknown-chain-role.csv", fails_at(2, "chain_role", "geen bekende ketenrol", "not a known chain role")),
        ("new-party-without-role.csv", fails_at(2, "chain_role", "is nieuw", "is new")),
        ("topic-of-other-bouwsteen.csv", fails_at(3, "topic", "andere bouwsteen", "another bouwsteen")),
        ("empty-party.csv", fails_at(2, "party", "mag niet leeg zijn", "must not be empty")),
        ("too-many-cells.csv", fails(IMPORT, 3, "10 cellen", "10 cells")),
        ("duplicate-rows.csv", fails_at(3, "party", "regel 2", "line 2")),
        ("name-too-long.csv", fails_at(2, "party", "301 tekens", "301 characters")),
        ("unclosed-quote.csv", fails(IMPORT, 2, "aanhalingsteken", "quote")),
        (
            "html-names.csv",
            Imports { positions: 2, verbatim: &[EVIL, IMG, "</td><script>x</script>", "# Kop | *ster*"] },
        ),
        (
            "formula-cells.csv",
            Imports {
                positions: 2,
                verbatim: &[
                    "=SUM(A1:A9)",
                    "@cmd",
                    "=HYPERLINK(\"http://x\")",
                    "-5 procent",
                    "+31 sessie",
                    "'t Hooft",
                    "'=1",
                ],
            },
        ),
        ("semicolon-bom-crlf.csv", Imports { positions: 1, verbatim: &["Gilde"] }),
        ("header-only.csv", Imports { positions: 0, verbatim: &[] }),
        ("blank-lines-then-bad.csv", fails_at(102, "stance", "\"voor\"", "\"voor\"")),
    ];
    assert_covered("csv", &cases);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = demo_file(dir.path(), "csv");
    for (name, want) in &cases {
        let file = corpus().join("csv").join(name);
        let line = check(name, &mut store, &path, want, |s| csv::import_positions(s, &file).map(|r| written(&r)));
        println!("{line}");
    }
}

/// The big ones, made here: a 10 MB cell, and a million empty lines before a row.
#[test]
fn csv_made_here() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = demo_file(dir.path(), "csv-big");
    let head = "bouwsteen,topic,party,chain_role,stance,rationale\n";
    let big = "x".repeat(10 * 1024 * 1024);
    let cases: Vec<(&str, String, Want)> = vec![
        (
            "10 MB rationale",
            format!("{head}Talent,Crew,Gilde,maker,+,{big}\n"),
            fails_at(2, "rationale", "10485760 tekens", "10485760 characters"),
        ),
        (
            "10 MB party name",
            format!("{head}Talent,Crew,{big},maker,+,\n"),
            fails_at(2, "party", "het maximum is 300", "the most allowed is 300"),
        ),
        (
            "10 MB quoted cell with line breaks",
            format!("{head}Talent,Crew,Gilde,maker,+,\"{}\"\n", "regel\n".repeat(1_500_000)),
            fails_at(2, "rationale", "tekens", "characters"),
        ),
        (
            "a million empty lines, then a row",
            format!("{head}{}Talent,Crew,Gilde,maker,+,\n", "\n".repeat(1_000_000)),
            Imports { positions: 1, verbatim: &["Gilde"] },
        ),
        (
            "a million empty lines, then a bad row",
            format!("{head}{}Talent,Crew,Gilde,maker,ja,\n", "\r\n".repeat(1_000_000)),
            fails_at(1_000_002, "stance", "\"ja\"", "\"ja\""),
        ),
        (
            "a million rows of empty cells",
            format!("{head}{}", ",,,,,\n".repeat(1_000_000)),
            Imports { positions: 0, verbatim: &[] },
        ),
    ];
    for (name, text, want) in &cases {
        let file = dir.path().join("big.csv");
        std::fs::write(&file, text).unwrap();
        let started = std::time::Instant::now();
        let line = check(name, &mut store, &path, want, |s| csv::import_positions(s, &file).map(|r| written(&r)));
        println!("{line} ({} ms)", started.elapsed().as_millis());
    }
}

#[test]
fn xlsx_files() {
    let cases: Vec<(&str, Want)> = vec![
        ("good.xlsx", Imports { positions: 2, verbatim: &["Omroep West"] }),
        ("wrong-columns.xlsx", fails(IMPORT, 1, "onbekende kolom \"naam\"", "unknown column \"naam\"")),
        ("wrong-type-stance.xlsx", fails_at(2, "stance", "\"true\" is geen standpunt", "is not a stance")),
        ("number-as-name.xlsx", Imports { positions: 1, verbatim: &["1234.5"] }),
        ("html-names.xlsx", Imports { positions: 1, verbatim: &[EVIL, IMG, "[x](javascript:alert(1))"] }),
        (
            "formula-text.xlsx",
            Imports { positions: 1, verbatim: &["=cmd|' /C calc'!A0", "@SUM(1)", "'=1", "+31 sessie"] },
        ),
        ("far-apart-cells.xlsx", refused(IMPORT, "te groot", "too large")),
        ("empty-sheet.xlsx", fails(IMPORT, 1, "leeg", "empty")),
        ("header-in-row-3.xlsx", fails_at(4, "stance", "\"x\"", "\"x\"")),
        ("broken-xml.xlsx", refused(IMPORT, "niet te lezen", "cannot be read")),
        ("cached-formula.xlsx", Imports { positions: 1, verbatim: &["Gilde"] }),
        ("not-a-zip.xlsx", refused(IMPORT, "geen leesbaar Excel-bestand", "not a readable Excel file")),
        ("truncated.xlsx", refused(IMPORT, "geen leesbaar Excel-bestand", "not a readable Excel file")),
        ("word-document.xlsx", refused(IMPORT, "geen leesbaar Excel-bestand", "not a readable Excel file")),
        ("fuzz-long-cell-reference.xlsx", refused(IMPORT, "beschadigd", "damaged")),
    ];
    assert_covered("xlsx", &cases);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = demo_file(dir.path(), "xlsx");
    for (name, want) in &cases {
        let file = corpus().join("xlsx").join(name);
        let line = check(name, &mut store, &path, want, |s| xlsx::import_positions(s, &file).map(|r| written(&r)));
        println!("{line}");
    }
}

/// `bundle_import` reads the file, then merges it.
fn import_bundle(store: &mut Store, file: &Path) -> Result<i64, Error> {
    let b = bundle::read(file)?;
    bundle::import(store, &b).map(|r| r.added.positions)
}

#[test]
fn bundle_files() {
    let cases: Vec<(&str, Want)> = vec![
        ("good.json", Imports { positions: 1, verbatim: &["Vijandige partij"] }),
        ("not-json.json", fails(IMPORT, 1, "geen leesbare JSON", "not readable JSON")),
        ("truncated.json", fails(IMPORT, 26, "afgebroken", "cut off")),
        ("other-json.json", fails_at(1, "format", "geen Ketentafel-bundel", "not a Ketentafel bundle")),
        ("array.json", fails_at(1, "format", "geen Ketentafel-bundel", "not a Ketentafel bundle")),
        ("newer-version.json", fails_at(3, "version", "nieuwere Ketentafel", "newer Ketentafel")),
        ("wrong-type-priority.json", fails(IMPORT, 31, "ongeldige bundel", "invalid bundle")),
        ("stance-out-of-range.json", fails_at(70, "stance", "buiten", "outside")),
        ("bad-colour.json", fails_at(38, "colour", "geen kleur", "not a colour")),
        ("duplicate-ids.json", fails_at(50, "id", "twee keer", "twice")),
        ("dangling-party.json", fails_at(70, "party_id", "staat niet in de bundel", "in neither the bundle")),
        ("dangling-bouwsteen.json", fails_at(24, "bouwsteen_id", "staat niet in de bundel", "in neither the bundle")),
        ("empty-title.json", fails_at(56, "title", "mag niet leeg zijn", "must not be empty")),
        ("latin1.json", fails(IMPORT, 40, "ongeldige bundel", "invalid unicode code point")),
        ("deep-nesting.json", fails(IMPORT, 1, "ongeldige bundel", "invalid bundle")),
        ("html-names.json", Imports { positions: 1, verbatim: &[EVIL, IMG, "# Kop | *ster* </td>", "<b>mits</b>"] }),
    ];
    assert_covered("bundle", &cases);
    let dir = tempfile::tempdir().unwrap();
    // Each case merges into its own copy of one demo dialogue: a good bundle adds records
    // that the next case would otherwise meet as already there.
    let (seed, seed_path) = demo_file(dir.path(), "seed");
    drop(seed);
    for (i, (name, want)) in cases.iter().enumerate() {
        let (mut store, path) = copy_of(&seed_path, &dir.path().join(format!("bundle-{i}.ketentafel")));
        let file = corpus().join("bundle").join(name);
        let line = check(name, &mut store, &path, want, |s| import_bundle(s, &file));
        println!("{line}");
    }
    // Made here: a 10 MB rationale.
    let good = std::fs::read_to_string(corpus().join("bundle/good.json")).unwrap();
    let big = good.replacen("\"rationale\": \"\"", &format!("\"rationale\": \"{}\"", "x".repeat(10 << 20)), 1);
    let file = dir.path().join("big.json");
    std::fs::write(&file, big).unwrap();
    let (mut store, path) = demo_file(dir.path(), "bundle-big");
    let want = fails_at(70, "rationale", "10485760 tekens", "10485760 characters");
    println!("{}", check("10 MB rationale", &mut store, &path, &want, |s| import_bundle(s, &file)));
}

#[test]
fn polis_folders() {
    let cases: Vec<(&str, Want)> = vec![
        ("good", Imports { positions: 3, verbatim: &["Meer blauw op straat", "Deelnemer 2"] }),
        ("missing-votes", refused(ErrorCode::FileNotFound, "participants-votes.csv", "participants-votes.csv")),
        ("wrong-columns", fails_at(1, "comment-id", "comments.csv: de kolom comment-id ontbreekt", "is missing")),
        ("bad-vote", fails(IMPORT, 3, "\"ja\" is geen stem", "\"ja\" is not a vote")),
        ("latin1", fails(IMPORT, 2, "comments.csv: het bestand is geen UTF-8", "not UTF-8")),
        ("duplicate-comment-id", fails(IMPORT, 4, "comment-id 2 staat ook al op regel 3", "also on line 3")),
        ("duplicate-participant", fails(IMPORT, 3, "deelnemer 1 staat ook al op regel 2", "also on line 2")),
        ("dangling-vote-column", fails(IMPORT, 1, "stelling 99", "statement 99")),
        ("ragged-row", fails(IMPORT, 2, "8 cellen, maar de kopregel heeft er 9", "8 cells, but the header has 9")),
        ("html-bodies", Imports { positions: 2, verbatim: &[EVIL, IMG] }),
        ("participant-not-a-number", fails(IMPORT, 2, "ongeldig deelnemernummer", "invalid participant number")),
    ];
    assert_covered("polis", &cases);
    let dir = tempfile::tempdir().unwrap();
    let (seed, seed_path) = demo_file(dir.path(), "seed");
    drop(seed);
    // A copy each: Pol.is statements and participants already imported are reused.
    for (i, (name, want)) in cases.iter().enumerate() {
        let (mut store, path) = copy_of(&seed_path, &dir.path().join(format!("polis-{i}.ketentafel")));
        let folder = corpus().join("polis").join(name);
        let line = check(name, &mut store, &path, want, |s| polis::import(s, &folder).map(|r| r.positions));
        println!("{line}");
    }
    let (mut store, path) = copy_of(&seed_path, &dir.path().join("polis-made.ketentafel"));
    // Made here: a 10 MB statement, a million empty lines, a file instead of a folder.
    let made = dir.path().join("made");
    std::fs::create_dir(&made).unwrap();
    let good = corpus().join("polis/good");
    let votes = std::fs::read_to_string(good.join("participants-votes.csv")).unwrap();
    let comments = std::fs::read_to_string(good.join("comments.csv")).unwrap();
    let big_body = format!("{comments}1658934589299,x,3,1,0,0,1,{}\n", "x".repeat(10 << 20));
    let blank_votes = votes.replacen('\n', &format!("\n{}", "\n".repeat(1_000_000)), 1);
    let cases: Vec<(&str, String, String, Want)> = vec![
        ("10 MB statement", big_body, votes.clone(), fails(IMPORT, 4, "10485760 tekens", "10485760 characters")),
        ("a million empty lines", comments.clone(), blank_votes, Imports { positions: 3, verbatim: &[] }),
    ];
    for (name, c, v, want) in &cases {
        std::fs::write(made.join("comments.csv"), c).unwrap();
        std::fs::write(made.join("participants-votes.csv"), v).unwrap();
        println!("{}", check(name, &mut store, &path, want, |s| polis::import(s, &made).map(|r| r.positions)));
    }
    let file = good.join("comments.csv");
    let want = refused(IMPORT, "geen map", "not a folder");
    println!(
        "{}",
        check("a file, not a folder", &mut store, &path, &want, |s| polis::import(s, &file).map(|r| r.positions))
    );
}

/// Opening a file as a dialogue (`dialogue_open`): refused with the right code, and neither
/// the file nor its folder changed.
fn check_open(name: &str, file: &Path, code: ErrorCode, nl: &str, en: &str) -> String {
    let folder = |p: &Path| -> BTreeSet<String> {
        std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let (bytes, files) = (std::fs::read(file).unwrap(), folder(file));
    let outcome = catch_unwind(|| Store::open(file).map(|_| ()));
    let e = match outcome.unwrap_or_else(|_| panic!("{name}: opening panicked")) {
        Ok(()) => panic!("{name}: opened"),
        Err(e) => e,
    };
    let (msg_nl, msg_en) = (e.localized(Lang::Nl), e.localized(Lang::En));
    assert_eq!(e.code(), code, "{name}: {msg_en}");
    assert_ne!(msg_nl, msg_en);
    assert!(msg_nl.contains(nl), "{name}: {msg_nl}");
    assert!(msg_en.contains(en), "{name}: {msg_en}");
    assert!(std::fs::read(file).unwrap() == bytes, "{name}: the file changed");
    // SQLite may leave an empty `-wal` and its `-shm` index beside a WAL-mode file it opened
    // read-only and refused; anything else, or a WAL with content, is a change.
    for added in folder(file).difference(&files) {
        let p = file.with_file_name(added);
        let journal = added.ends_with("-shm") || (added.ends_with("-wal") && std::fs::metadata(&p).unwrap().len() == 0);
        assert!(journal, "{name}: {added} appeared beside it");
    }
    format!("{name}: {msg_nl}")
}

#[test]
fn dialogue_files() {
    const NOT: ErrorCode = ErrorCode::NotADialogue;
    const CORRUPT: ErrorCode = ErrorCode::Corrupt;
    let cases: Vec<(&str, ErrorCode, &str, &str)> = vec![
        ("text.ketentafel", NOT, "geen Ketentafel-dialoog", "not a Ketentafel dialogue"),
        ("empty.ketentafel", NOT, "geen Ketentafel-dialoog", "not a Ketentafel dialogue"),
        ("png.ketentafel", NOT, "geen Ketentafel-dialoog", "not a Ketentafel dialogue"),
        ("zip.ketentafel", NOT, "geen Ketentafel-dialoog", "not a Ketentafel dialogue"),
        ("header-only.ketentafel", CORRUPT, "beschadigd", "damaged"),
        ("bad-page-size.ketentafel", CORRUPT, "beschadigd", "damaged"),
        ("other-app.sqlite", NOT, "geen Ketentafel-dialoog", "not a Ketentafel dialogue"),
        ("lookalike.ketentafel", NOT, "geen Ketentafel-dialoog", "not a Ketentafel dialogue"),
    ];
    let names: Vec<(&str, Want)> = cases.iter().map(|c| (c.0, refused(c.1, "", ""))).collect();
    assert_covered("dialogue", &names);
    let dir = tempfile::tempdir().unwrap();
    for (name, code, nl, en) in &cases {
        // A copy in a folder of its own, so nothing beside it is mistaken for its journal.
        let sub = dir.path().join(name.replace('.', "-"));
        std::fs::create_dir(&sub).unwrap();
        let file = sub.join(name);
        std::fs::copy(corpus().join("dialogue").join(name), &file).unwrap();
        println!("{}", check_open(name, &file, *code, nl, en));
    }

    // Made here from the frozen demo dialogue: cut off, garbled, and from a newer version.
    let fixture =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-schema-v1.ketentafel")).unwrap();
    let page = 4096;
    let mut garbled = fixture.clone();
    garbled[10 * page..20 * page].iter_mut().enumerate().for_each(|(i, b)| *b = (i * 7 % 251) as u8);
    let mut schema_garbled = fixture.clone();
    schema_garbled[100..page].iter_mut().for_each(|b| *b = 0xA5);
    let mut newer = fixture.clone();
    newer[60..64].copy_from_slice(&9999u32.to_be_bytes()); // user_version
    let made: Vec<(&str, Vec<u8>, ErrorCode, &str, &str)> = vec![
        ("cut mid-page", fixture[..300_000].to_vec(), CORRUPT, "beschadigd", "damaged"),
        ("cut at a page boundary", fixture[..40 * page].to_vec(), CORRUPT, "beschadigd", "truncated"),
        ("ten garbled pages", garbled, CORRUPT, "beschadigd", "damaged"),
        ("garbled schema page", schema_garbled, CORRUPT, "beschadigd", "damaged"),
        ("from a newer version", newer, ErrorCode::NewerVersion, "nieuwere versie", "newer Ketentafel"),
    ];
    for (i, (name, bytes, code, nl, en)) in made.iter().enumerate() {
        let sub = dir.path().join(format!("made-{i}"));
        std::fs::create_dir(&sub).unwrap();
        let file = sub.join("dialoog.ketentafel");
        std::fs::write(&file, bytes).unwrap();
        println!("{}", check_open(name, &file, *code, nl, en));
    }
}
