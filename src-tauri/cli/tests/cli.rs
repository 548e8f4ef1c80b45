//! CLI acceptance: the real binary on real files, including files it must refuse untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ketentafel-cli"))
        .args(args)
        .env("LANG", "nl_NL.UTF-8")
        .env_remove("KETENTAFEL_LANG")
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.ketentafel");
    let out = cli(&["new", s(&path), "--demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    path
}

#[test]
fn new_demo_then_check_reports_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let out = cli(&["check", s(&path), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["integrity"], "ok");
    assert_eq!(v["schema_version"], v["latest_version"]);
    assert_eq!(v["counts"]["bouwstenen"], 4);
    assert!(v["counts"]["parties"].as_i64().unwrap() >= 12);
    assert!(v["counts"]["topics"].as_i64().unwrap() >= 20);
    assert!(v["counts"]["sessions"].as_i64().unwrap() >= 2);
    assert!(v["counts"]["positions"].as_i64().unwrap() > 0);
    let text = cli(&["check", s(&path)]);
    assert!(stdout(&text).contains("bouwstenen"), "{}", stdout(&text));
    assert!(stdout(&text).contains("integriteit"));
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let before = std::fs::read(&path).unwrap();
    let out = cli(&["new", s(&path)]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("bestaat al"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn list_prints_each_kind_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let before = std::fs::read(&path).unwrap();
    let b = cli(&["list", s(&path), "bouwstenen"]);
    assert!(stdout(&b).contains("Talent en vakmanschap"));
    assert_eq!(stdout(&b).lines().count(), 4);
    let t = cli(&["list", s(&path), "topics", "--json"]);
    let topics: serde_json::Value = serde_json::from_str(&stdout(&t)).unwrap();
    assert!(topics.as_array().unwrap().len() >= 20);
    let p = cli(&["list", s(&path), "parties"]);
    assert!(stdout(&p).contains("public_broadcaster"));
    let sess = cli(&["list", s(&path), "sessions", "--json"]);
    let sessions: serde_json::Value = serde_json::from_str(&stdout(&sess)).unwrap();
    assert!(sessions.as_array().unwrap().iter().any(|x| x["kind"] == "nff"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "list changes nothing");
}

/// Runs `check` on a broken file: it must fail with `expect` in its message and leave every
/// byte as it was.
#[test]
fn analyse_prints_the_documented_schema_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let before = std::fs::read(&path).unwrap();
    let out = cli(&["analyse", s(&path), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), before, "analyse is read-only");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let topics = v["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 22);
    let top = &topics[0];
    for key in [
        "id",
        "code",
        "title",
        "bouwsteen",
        "kind",
        "counts",
        "share_for",
        "share_against",
        "cns",
        "agreement_a",
        "too_few",
        "suggested",
        "marked",
        "fault_line",
    ] {
        assert!(top.get(key).is_some(), "topics[].{key}");
    }
    for key in ["-2", "-1", "0", "1", "2", "none"] {
        assert!(top["counts"][key].is_u64(), "counts.{key}");
    }
    assert_eq!(top["code"], "2.2");
    assert_eq!(top["suggested"], "divergence");
    assert_eq!(top["marked"], "divergence");
    assert!(top["fault_line"].as_str().unwrap().starts_with("Producenten"));
    let parties = v["parties"].as_array().unwrap();
    assert_eq!(parties.len(), 14);
    for key in ["id", "name", "segment", "alignment"] {
        assert!(parties[0].get(key).is_some(), "parties[].{key}");
    }
    let a = &parties[0]["alignment"][0];
    assert!(a["party"].is_string() && a["agreement"].as_f64().is_some_and(|x| (0.0..=1.0).contains(&x)));
    // The table in English; the same first topic.
    let out = cli(&["--lang", "en", "analyse", s(&path)]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.lines().nth(1).unwrap().starts_with("2.2"), "{text}");
    assert!(text.contains("Producers and makers strongly for"), "{text}");
    // A file that is not a dialogue: a clear error as JSON, in Dutch.
    let bad = dir.path().join("x.ketentafel");
    std::fs::write(&bad, "hallo").unwrap();
    let out = cli(&["analyse", s(&bad), "--json"]);
    assert!(!out.status.success());
    assert_eq!(serde_json::from_str::<serde_json::Value>(&stdout(&out)).unwrap()["error"]["code"], "not_a_dialogue");
}

fn refused(path: &Path, expect: &str, code: &str) {
    let before = std::fs::read(path).unwrap();
    let out = cli(&["check", s(path)]);
    assert!(!out.status.success(), "check accepted {}", path.display());
    assert!(stderr(&out).contains(expect), "expected {expect:?} in {:?}", stderr(&out));
    let json = cli(&["check", s(path), "--json"]);
    assert!(!json.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["error"]["code"], code);
    assert_eq!(std::fs::read(path).unwrap(), before, "{} was changed", path.display());
}

#[test]
fn check_refuses_a_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notities.txt");
    std::fs::write(&path, "Verslag van de werkgroep\n".repeat(50)).unwrap();
    refused(&path, "geen Ketentafel-dialoog", "not_a_dialogue");
}

#[test]
fn check_refuses_a_truncated_dialogue() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192, "the demo spans several pages");
    std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();
    refused(&path, "beschadigd", "corrupt");
}

#[test]
fn check_refuses_a_garbled_dialogue() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    // Overwrite the middle pages with noise, keeping the header and the size.
    for (i, b) in bytes[4096..len - 4096].iter_mut().enumerate() {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    refused(&path, "beschadigd", "corrupt");
}

#[test]
fn check_refuses_a_newer_dialogue() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    // user_version lives at offset 60 of the header, big-endian.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&path, &bytes).unwrap();
    refused(&path, "nieuwere versie", "newer_version");
}

#[test]
fn check_refuses_another_programs_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("andere.sqlite");
    // A valid SQLite file with no Ketentafel application id: borrow the demo and zero it.
    let src = demo(dir.path());
    let mut bytes = std::fs::read(&src).unwrap();
    bytes[68..72].copy_from_slice(&0u32.to_be_bytes());
    std::fs::write(&path, &bytes).unwrap();
    refused(&path, "geen Ketentafel-dialoog", "not_a_dialogue");
}

#[test]
fn messages_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.txt");
    std::fs::write(&path, "x").unwrap();
    let out = cli(&["--lang", "en", "check", s(&path)]);
    assert!(stderr(&out).contains("not a Ketentafel dialogue"), "{}", stderr(&out));
    let help = cli(&["--help"]);
    assert!(help.status.success());
    for cmd in ["new", "check", "list"] {
        assert!(stdout(&help).contains(cmd));
        assert!(cli(&[cmd, "--help"]).status.success());
    }
}

#[test]
fn import_with_a_bad_stance_on_line_7_names_it_and_leaves_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let csv = dir.path().join("in.csv");
    let mut text = String::from("\u{FEFF}bouwsteen;topic;party;chain_role;stance;rationale\r\n");
    for i in 0..5 {
        text.push_str(&format!("Zichtbaarheid;Nieuw onderwerp;Partij {i};maker;+;café-overleg\r\n"));
    }
    text.push_str("Zichtbaarheid;Nieuw onderwerp;Partij 9;maker;veel;x\r\n");
    std::fs::write(&csv, text).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = cli(&["import", s(&path), "--positions", s(&csv)]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Regel 7, kolom stance"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was written");
    let en = cli(&["--lang", "en", "import", s(&path), "--positions", s(&csv)]);
    assert!(stderr(&en).contains("Line 7, column stance"), "{}", stderr(&en));
}

#[test]
fn a_good_import_exports_the_same_rows_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leeg.ketentafel");
    assert!(cli(&["new", s(&path)]).status.success());
    let csv = dir.path().join("in.csv");
    let rows = "bouwsteen,topic,party,chain_role,stance,rationale,condition,session,recorded_at
Zichtbaarheid,Filmtheaters in de regio,Filmhuis Noord,cinema,2,Publiek buiten de Randstad,,Werkgroep juni,2022-06-14T10:00:00Z
Zichtbaarheid,Filmtheaters in de regio,Omroep West,public_broadcaster,-1,,mits de omroep meebetaalt,Werkgroep juni,2022-06-14T10:05:00Z
Zichtbaarheid,Filmtheaters in de regio,Stroomdienst,streamer,,,,Werkgroep juni,2022-06-14T10:06:00Z
";
    std::fs::write(&csv, rows).unwrap();
    let out = cli(&["import", s(&path), "--positions", s(&csv)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Geïmporteerd: 3 standpunten uit 3 regels (0 nieuwe bouwstenen, 1 nieuw onderwerp, 3 nieuwe partijen, 1 nieuwe sessie)"
    );
    let exported = dir.path().join("out.csv");
    let out = cli(&["export", s(&path), "--positions", s(&exported)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut want: Vec<&str> = rows.lines().collect();
    let text = std::fs::read_to_string(&exported).unwrap();
    let mut got: Vec<&str> = text.lines().collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    // One row: the singular, in either language.
    let one = dir.path().join("one.csv");
    std::fs::write(&one, "bouwsteen,topic,party,chain_role,stance,session\nZichtbaarheid,Filmtheaters in de regio,Filmhuis Noord,cinema,1,Werkgroep juli\n")
        .unwrap();
    let out = cli(&["--lang", "en", "import", s(&path), "--positions", s(&one)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Imported: 1 position from 1 row (0 new bouwstenen, 0 new topics, 0 new parties, 1 new session)"
    );
}

#[test]
fn polis_export_imports_as_36_topics_and_26_parties() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("polis.ketentafel");
    assert!(cli(&["new", s(&path)]).status.success());
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/polis-london-youth-policing");
    let out = cli(&["import", s(&path), "--polis", s(&data)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&cli(&["check", s(&path), "--json"]))).unwrap();
    assert_eq!(v["counts"]["topics"], 36);
    assert_eq!(v["counts"]["parties"], 26);
    assert!(!cli(&["import", s(&path)]).status.success(), "one source is required");
}

#[test]
fn generate_then_check_reports_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthetisch.ketentafel");
    let args = [
        "generate",
        s(&path),
        "--parties",
        "15",
        "--topics",
        "40",
        "--sessions",
        "5",
        "--positions",
        "1500",
        "--seed",
        "7",
    ];
    let out = cli(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1.500 standpunten"), "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&cli(&["check", s(&path), "--json"]))).unwrap();
    assert_eq!(v["integrity"], "ok");
    assert_eq!(v["counts"]["bouwstenen"], 4);
    assert_eq!(v["counts"]["parties"], 15);
    assert_eq!(v["counts"]["topics"], 40);
    assert_eq!(v["counts"]["sessions"], 5);
    assert_eq!(v["counts"]["positions"], 1500);
    // Never over an existing file.
    let before = std::fs::read(&path).unwrap();
    let again = cli(&args);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("bestaat al"), "{}", stderr(&again));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Numbers that cannot fit are refused before a file is made.
    let bad = dir.path().join("te-vol.ketentafel");
    let out = cli(&["generate", s(&bad), "--parties", "2", "--topics", "3", "--sessions", "1", "--positions", "7"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("positions"), "{}", stderr(&out));
    assert!(!bad.exists());
}

#[test]
fn agenda_drafts_once_and_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let ics = dir.path().join("nff.ics");
    let out = cli(&[
        "agenda",
        s(&path),
        "--session",
        "NFF Professionals — sectorsessie bouwstenen",
        "--minutes",
        "90",
        "--format",
        "ics",
        "--out",
        s(&ics),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("opgesteld"), "{}", stdout(&out));
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains("DTSTART;TZID=Europe/Amsterdam:20220926T140000"), "{text}");
    // The draft is kept: a second export does not draft again.
    let md = dir.path().join("nff.md");
    let out = cli(&[
        "agenda",
        s(&path),
        "--session",
        "nff professionals — sectorsessie bouwstenen",
        "--format",
        "md",
        "--out",
        s(&md),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("opgesteld"));
    assert!(std::fs::read_to_string(&md).unwrap().contains("14:00"));
    // An unknown session: a clear error, no file.
    let none = dir.path().join("none.md");
    let out = cli(&["agenda", s(&path), "--session", "Bestaat niet", "--format", "md", "--out", s(&none)]);
    assert!(!out.status.success());
    assert!(!none.exists());
}

#[test]
fn report_in_markdown_html_and_docx() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let before = std::fs::read(&path).unwrap();
    let md = dir.path().join("rapport.md");
    let out = cli(&["report", s(&path), "--format", "md", "--out", s(&md)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Rapport geschreven"), "{}", stdout(&out));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# Voorbeelddialoog sectorplan audiovisueel — conceptrapport\n"));
    let bouwstenen =
        ["Talent en vakmanschap", "Ontwikkeling en productie", "Samenwerking in de keten", "Zichtbaarheid"];
    let at: Vec<usize> = bouwstenen.iter().map(|b| text.find(&format!("\n## {b}\n")).expect(b)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in order");
    assert!(text.contains("## Vervolgacties") && text.contains("## Bijlage: standpuntenmatrix"));

    let html = dir.path().join("rapport.html");
    let out = cli(&["report", s(&path), "--format", "html", "--out", s(&html), "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(page.contains("<h2>Follow-up actions</h2>") && !page.contains("<script"));

    // The format from the extension; an existing output is replaced.
    let docx = dir.path().join("rapport.docx");
    std::fs::write(&docx, "old").unwrap();
    let out = cli(&["report", s(&path), "--out", s(&docx)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&docx).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    assert!(bytes.len() > 10_000);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "report changes nothing");
}

#[test]
fn report_refuses_an_unknown_format_and_the_dialogue_file_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let before = std::fs::read(&path).unwrap();
    let out = cli(&["report", s(&path), "--out", s(&dir.path().join("rapport.pdf"))]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--format md, html of docx"), "{}", stderr(&out));
    let out = cli(&["report", s(&path), "--format", "pdf", "--out", s(&dir.path().join("r"))]);
    assert!(!out.status.success());
    let out = cli(&["report", s(&path), "--format", "md", "--out", s(&path)]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("dialoogbestand zelf"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("rapport.pdf").exists());
}

/// A bundle without the one field that differs between two exports of the same dialogue.
fn bundle_json(path: &Path) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

#[test]
fn a_bundle_carries_a_dialogue_to_another_file_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let b = dir.path().join("kopie.ketentafel");
    assert!(cli(&["new", s(&b)]).status.success());
    let a_bytes = std::fs::read(&a).unwrap();
    let bundle_a = dir.path().join("a.json");
    let out = cli(&["export", s(&a), "--bundle", s(&bundle_a)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("bundel met 22 onderwerpen, 14 partijen en"), "{}", stdout(&out));
    assert_eq!(std::fs::read(&a).unwrap(), a_bytes, "export never writes to the dialogue");

    // Into a new file (with its own four bouwstenen, matched by name): the whole dialogue.
    let out = cli(&["import", s(&b), "--bundle", s(&bundle_a)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Bundel samengevoegd: "), "{}", stdout(&out));
    let counts = |p: &Path| {
        serde_json::from_str::<serde_json::Value>(&stdout(&cli(&["check", s(p), "--json"]))).unwrap()["counts"].clone()
    };
    assert_eq!(counts(&b), counts(&a));
    let (csv_a, csv_b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    assert!(cli(&["export", s(&a), "--positions", s(&csv_a)]).status.success());
    assert!(cli(&["export", s(&b), "--positions", s(&csv_b)]).status.success());
    assert_eq!(std::fs::read(&csv_a).unwrap(), std::fs::read(&csv_b).unwrap());
    let titles = |p: &Path| stdout(&cli(&["list", s(p), "bouwstenen"])).lines().count();
    assert_eq!(titles(&b), 4, "one bouwsteen per name");

    // And back: after exchanging both ways the two files hold the same dialogue.
    let bundle_b = dir.path().join("b.json");
    assert!(cli(&["export", s(&b), "--bundle", s(&bundle_b)]).status.success());
    let out = cli(&["--lang", "en", "import", s(&a), "--bundle", s(&bundle_b)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Bundle merged: "), "{}", stdout(&out));
    let (again_a, again_b) = (dir.path().join("a2.json"), dir.path().join("b2.json"));
    assert!(cli(&["export", s(&a), "--bundle", s(&again_a)]).status.success());
    assert!(cli(&["export", s(&b), "--bundle", s(&again_b)]).status.success());
    assert_eq!(bundle_json(&again_a), bundle_json(&again_b));
    // A bundle imported before changes nothing the second time.
    let out = cli(&["import", s(&b), "--bundle", s(&bundle_a)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("niets veranderd"), "{}", stdout(&out));
}

#[test]
fn a_garbled_bundle_is_refused_and_the_file_stays_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let good = dir.path().join("goed.json");
    assert!(cli(&["export", s(&path), "--bundle", s(&good)]).status.success());
    let bytes = std::fs::read(&good).unwrap();
    let before = std::fs::read(&path).unwrap();
    let refused = |bundle: &Path, expect_nl: &str, expect_en: &str| {
        let out = cli(&["import", s(&path), "--bundle", s(bundle)]);
        assert!(!out.status.success(), "{} was accepted", bundle.display());
        assert!(stderr(&out).contains(expect_nl), "expected {expect_nl:?} in {:?}", stderr(&out));
        let out = cli(&["--lang", "en", "import", s(&path), "--bundle", s(bundle)]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(expect_en), "expected {expect_en:?} in {:?}", stderr(&out));
        assert_eq!(std::fs::read(&path).unwrap(), before, "{} changed the dialogue", bundle.display());
    };

    // Cut off two thirds in, with noise after it.
    let garbled = dir.path().join("kapot.json");
    let mut noise = bytes[..bytes.len() * 2 / 3].to_vec();
    noise.extend_from_slice(b"\x00\xff\x13 ruis");
    std::fs::write(&garbled, &noise).unwrap();
    refused(&garbled, "geen leesbare JSON", "not readable JSON");
    let out = cli(&["import", s(&path), "--bundle", s(&garbled)]);
    assert!(stderr(&out).contains("ketentafel-cli: Regel "), "{}", stderr(&out));

    // Another program's JSON, and a bundle from a newer Ketentafel.
    let other = dir.path().join("anders.json");
    std::fs::write(&other, r#"{"name": "iets anders", "items": [1, 2]}"#).unwrap();
    refused(&other, "geen Ketentafel-bundel", "not a Ketentafel bundle");
    let newer = dir.path().join("nieuwer.json");
    std::fs::write(&newer, String::from_utf8(bytes.clone()).unwrap().replacen("\"version\": 1", "\"version\": 9", 1))
        .unwrap();
    refused(&newer, "nieuwere Ketentafel", "newer Ketentafel");

    // A position of a party that is in neither the bundle nor the dialogue: nothing is written.
    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    v["positions"][3]["party_id"] = serde_json::json!("01900000-0000-7000-8000-000000000000");
    v["parties"][0]["notes"] = serde_json::json!("dit mag er niet in komen");
    let dangling = dir.path().join("los.json");
    std::fs::write(&dangling, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    refused(&dangling, "kolom party_id: de partij 01900000", "column party_id: the party 01900000");

    // One source at a time; a missing bundle is named.
    let out = cli(&["import", s(&path), "--bundle", s(&good), "--positions", s(&good)]);
    assert!(!out.status.success());
    let out = cli(&["export", s(&path), "--bundle", s(&good), "--positions", s(&good)]);
    assert!(!out.status.success());
    let out = cli(&["import", s(&path), "--bundle", s(&dir.path().join("nergens.json"))]);
    assert!(stderr(&out).contains("Bestand niet gevonden"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn positions_go_to_excel_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let xlsx = dir.path().join("standpunten.xlsx");
    let out = cli(&["export", s(&path), "--positions", s(&xlsx)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let other = dir.path().join("leeg.ketentafel");
    assert!(cli(&["new", s(&other)]).status.success());
    let out = cli(&["import", s(&other), "--positions", s(&xlsx)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("462 standpunten"), "{}", stdout(&out));
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    assert!(cli(&["export", s(&path), "--positions", s(&a)]).status.success());
    assert!(cli(&["export", s(&other), "--positions", s(&b)]).status.success());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn bench_prints_the_documented_figures_and_leaves_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let before = std::fs::read(&path).unwrap();
    let out = cli(&["bench", s(&path), "--json", "--samples", "5"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for key in [
        "positions",
        "record_median_us",
        "record_p99_us",
        "bare_insert_median_us",
        "bare_insert_p99_us",
        "import_rows_per_s",
        "bare_import_rows_per_s",
        "analyse_ms",
        "bare_scan_ms",
        "matrix_ms",
        "search_ms",
        "peak_rss_mb",
    ] {
        assert!(v[key].is_number(), "{key}");
    }
    assert_eq!(v["positions"], 462);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn person_export_then_erase_leaves_no_trace_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let json = dir.path().join("anna.json");
    let out = cli(&["person", s(&path), "anna@example.org", "--export", s(&json)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let data: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(data["person"]["name"], "Anna de Vries");

    // Nobody of that name: a clear message, exit 1, the file untouched.
    let before = std::fs::read(&path).unwrap();
    let out = cli(&["person", s(&path), "Niemand", "--erase"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Persoon niet gevonden: Niemand"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let out = cli(&["person", s(&path), "Anna de Vries", "--erase"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Gewist: persoon "), "{}", stdout(&out));
    let bytes = std::fs::read(&path).unwrap();
    for needle in [&b"Anna de Vries"[..], b"anna@example.org"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "still in the file");
    }
    let check = cli(&["check", s(&path), "--json"]);
    assert!(check.status.success(), "{}", stderr(&check));
}
