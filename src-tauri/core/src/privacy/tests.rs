//! Tests of the access export and the erasure, on the demo dialogue in a real file.

use super::*;
use crate::ErrorCode;
use crate::model::*;

fn needles(name: &str, email: &str) -> Needles {
    Needles::of(&Person {
        id: Uuid::nil(),
        party_id: Uuid::nil(),
        name: name.into(),
        email: email.into(),
        role_title: String::new(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    })
}

#[test]
fn finds_the_full_name_and_address_as_whole_words_in_any_case() {
    let n = needles("Anna de Vries", "anna@example.org");
    assert_eq!(n.replace("Volgens ANNA DE VRIES kan dit.").as_deref(), Some("Volgens [verwijderd] kan dit."));
    assert_eq!(n.replace("Mail anna@Example.org, of bel.").as_deref(), Some("Mail [verwijderd], of bel."));
    assert_eq!(n.replace("Anna  de\nVries zei: (Anna de Vries)").as_deref(), Some("[verwijderd] zei: ([verwijderd])"));
    // Parts of the name, and the name inside a longer word, are someone or something else.
    assert_eq!(n.replace("Anna en mevrouw De Vries"), None);
    assert_eq!(n.replace("Hanna de Vriesland"), None);
    assert_eq!(n.replace("hanna@example.org"), None);
    let accents = needles("Émile Çelik", "");
    assert_eq!(accents.replace("met émile çelik besproken").as_deref(), Some("met [verwijderd] besproken"));
}

#[test]
fn rewrites_json_strings_whatever_their_escapes() {
    let n = needles("Anna \"An\" de Vries", "anna@example.org");
    let json = r#"{"rationale":"Zie\nAnna \"An\" de Vries","n":2,"mail":"anna@example.org"}"#;
    let out = n.replace_in_json(json).unwrap();
    assert_eq!(out, r#"{"rationale":"Zie\n[verwijderd]","n":2,"mail":"[verwijderd]"}"#);
    assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
    assert_eq!(n.replace_in_json(r#"{"a":"niemand"}"#), None);
}

#[test]
fn narrows_the_scan_by_the_longest_ascii_word_of_each_needle() {
    assert_eq!(
        needles("Anna de Vries", "anna.devries@example.org").ascii_fragments(),
        Some(vec!["devries".to_owned(), "vries".to_owned()])
    );
    assert_eq!(needles("Émile Çelik", "").ascii_fragments(), Some(vec!["mile".to_owned()]));
    assert_eq!(needles("Ирина", "").ascii_fragments(), None, "no ASCII word: every text is read");
}

/// Every TEXT column of every table is either swept as free text or holds an id, a time or a
/// code; a migration that adds a free-text column must add it to `FREE_TEXT`.
#[test]
fn every_text_column_is_classified() {
    let store = Store::in_memory("t").unwrap();
    let conn = store.conn();
    let tables: Vec<(String, i64)> = conn
        .prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0).unwrap(), r.get(1).unwrap())))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let codes =
        ["at", "kind", "chain_role", "status", "marking", "production_type", "colour", "due_date", "action", "entity"];
    let mut swept = 0;
    for (table, without_rowid) in &tables {
        // The search index's own tables are rebuilt from the swept columns.
        if table.starts_with("search_index") {
            continue;
        }
        let columns: Vec<(String, String)> = conn
            .prepare("SELECT name, type FROM pragma_table_info(?1)")
            .unwrap()
            .query_map([table], |r| Ok((r.get(0).unwrap(), r.get(1).unwrap())))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let free = FREE_TEXT.iter().find(|(t, _)| t == table).map(|(_, c)| *c).unwrap_or(&[]);
        for (column, ty) in columns.iter().filter(|(_, ty)| ty.eq_ignore_ascii_case("TEXT")) {
            if free.contains(&column.as_str()) {
                assert_eq!(*without_rowid, 0, "{table} is WITHOUT ROWID; the sweep updates by rowid");
                swept += 1;
                continue;
            }
            let id_time_or_code = column == "id"
                || column.ends_with("_id")
                || column.ends_with("_at")
                || codes.contains(&column.as_str());
            assert!(id_time_or_code, "{table}.{column} ({ty}) is neither swept as free text nor an id, time or code");
        }
    }
    assert_eq!(swept, FREE_TEXT.iter().map(|(_, c)| c.len()).sum::<usize>(), "every FREE_TEXT column exists");
}

/// The demo in a file, with Anna de Vries named in texts of every kind and in audit history.
struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    anna: Person,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dialoog.ketentafel");
    let mut store = Store::create(&path).unwrap();
    store.set_actor("tester");
    crate::demo::populate(&mut store).unwrap();
    let anna = store.list_people().unwrap().into_iter().find(|p| p.name == "Anna de Vries").unwrap();
    // A change of role: the audit log keeps both versions.
    let anna = store
        .update_person(
            anna.id,
            PersonInput {
                party_id: anna.party_id,
                name: anna.name.clone(),
                email: anna.email.clone(),
                role_title: "Voorzitter productiecommissie".into(),
            },
        )
        .unwrap();
    let topic = store.list_topics().unwrap()[0].clone();
    let session = store.list_sessions().unwrap()[0].clone();
    // A rationale naming her, then corrected (so the earlier text is in the audit log too).
    let input = |rationale: &str| PositionInput {
        topic_id: topic.id,
        party_id: anna.party_id,
        session_id: session.id,
        stance: Some(1),
        rationale: rationale.into(),
        condition: "mits anna@example.org de cijfers levert".into(),
        quote: String::new(),
    };
    store.set_position(input("Toegelicht door Anna de Vries.")).unwrap();
    store.set_position(input("Toegelicht door Anna de Vries (secretaris).")).unwrap();
    store.set_verdict(topic.id, Marking::Open, "Navragen bij ANNA DE VRIES").unwrap();
    store
        .create_action(ActionInput {
            title: "Cijfers opvragen".into(),
            owner_party_id: Some(anna.party_id),
            topic_id: Some(topic.id),
            due_date: None,
            status: ActionStatus::Open,
            notes: "Contact: anna@example.org".into(),
        })
        .unwrap();
    let s = store.get_session(session.id).unwrap();
    store
        .update_session(
            s.id,
            SessionInput {
                title: s.title,
                kind: s.kind,
                starts_at: s.starts_at,
                ends_at: s.ends_at,
                location: s.location,
                notes: "Anna de Vries schuift aan namens de producenten.".into(),
                attendee_ids: s.attendee_ids,
            },
        )
        .unwrap();
    store
        .add_agenda_item(
            session.id,
            crate::agenda::AgendaItemInput {
                kind: crate::agenda::AgendaItemKind::Other,
                topic_id: None,
                title: "Terugkoppeling".into(),
                question: "Wat heeft Anna de Vries uitgezocht?".into(),
                minutes: 10,
                party_ids: vec![],
            },
        )
        .unwrap();
    Fixture { _dir: dir, path, store, anna }
}

fn cell(v: rusqlite::types::ValueRef) -> String {
    use rusqlite::types::ValueRef as V;
    match v {
        V::Null => "NULL".into(),
        V::Integer(i) => i.to_string(),
        V::Real(x) => x.to_string(),
        V::Text(t) => String::from_utf8_lossy(t).into_owned(),
        V::Blob(b) => format!("{b:?}"),
    }
}

/// Every row of every table (search index included), as text: a fingerprint of the whole file.
fn dump_all(conn: &Connection) -> Vec<String> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| Ok((0..n).map(|i| cell(r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap();
        let mut rows: Vec<String> = rows.map(|r| format!("{t}: {}", r.unwrap())).collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

fn party_positions(conn: &Connection, party: Uuid) -> Vec<String> {
    conn.prepare(
        "SELECT id, topic_id, session_id, stance, rationale, condition, quote, recorded_at, recorded_by
         FROM positions WHERE party_id = ?1 ORDER BY id",
    )
    .unwrap()
    .query_map([party.to_string()], |r| Ok((0..9).map(|i| cell(r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

/// Whether `needle` occurs in `hay`, ignoring ASCII case.
fn contains_ci(hay: &[u8], needle: &str) -> bool {
    let needle = needle.to_ascii_lowercase().into_bytes();
    hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(&needle))
}

fn wal_bytes(path: &Path) -> Vec<u8> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::read(std::path::PathBuf::from(wal)).unwrap_or_default()
}

#[test]
fn export_holds_the_person_their_party_sessions_history_and_mentions() {
    let f = fixture();
    let before = dump_all(f.store.conn());
    let out = f.path.with_file_name("anna.json");
    let data = export_person(&f.store, f.anna.id, &out, Lang::Nl).unwrap();
    assert_eq!(dump_all(f.store.conn()), before, "the export changes nothing");

    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(json["format"], "ketentafel-person-export");
    assert_eq!(json["person"]["name"], "Anna de Vries");
    assert_eq!(json["person"]["role_title"], "Voorzitter productiecommissie");
    let party = f.store.get_party(f.anna.party_id).unwrap();
    assert_eq!(json["party"]["name"], party.name.as_str());
    let attended = f.store.list_sessions().unwrap().iter().filter(|s| s.attendee_ids.contains(&party.id)).count();
    assert!(attended > 0);
    assert_eq!(data.sessions.len(), attended);
    assert!(json["explanation"][2].as_str().unwrap().contains("per partij"));

    // Her own record's history (insert, role change) and the changes that name her.
    let own: Vec<_> = data.audit_log.iter().filter(|e| e.entity == "person").collect();
    assert_eq!(own.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["insert", "update"]);
    assert!(data.audit_log.iter().any(|e| e.entity == "position" && e.action == "update"));
    assert!(data.audit_log.iter().any(|e| e.entity == "verdict"));
    let mut ids: Vec<i64> = data.audit_log.iter().map(|e| e.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), data.audit_log.len(), "each entry once, even when before and after both name her");

    let places: Vec<String> = data.mentions.iter().map(|m| format!("{}.{}", m.table, m.column)).collect();
    for place in [
        "positions.rationale",
        "positions.condition",
        "topic_verdicts.note",
        "actions.notes",
        "sessions.notes",
        "agenda_items.question",
    ] {
        assert!(places.contains(&place.to_owned()), "{place} missing from {places:?}");
    }
    assert!(!places.iter().any(|p| p.starts_with("people.") || p.starts_with("audit_log.")));

    // Unknown person: a clear error, no file.
    let missing = f.path.with_file_name("niemand.json");
    let e = export_person(&f.store, Uuid::now_v7(), &missing, Lang::En).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(!missing.exists());
}

/// The acceptance test of the erasure: afterwards no byte of her name or address is left in
/// the file or its WAL (the search index's tokens included), and her party's positions are the
/// same rows with the same stances, only the mentions of her replaced.
#[test]
fn erasure_leaves_no_byte_of_the_person_and_keeps_the_positions() {
    let Fixture { _dir, path, mut store, anna } = fixture();
    // She is really in every corner first: texts, audit history, search index.
    assert!(!store.search("Vries").unwrap().is_empty());
    assert!(contains_ci(&[std::fs::read(&path).unwrap(), wal_bytes(&path)].concat(), "Anna de Vries"));
    let positions_before = party_positions(store.conn(), anna.party_id);
    assert!(positions_before.iter().any(|p| p.contains("Anna de Vries")));
    let people_before = store.list_people().unwrap();
    let started = std::time::Instant::now();

    let report = erase_person(&mut store, anna.id).unwrap();
    eprintln!("erasure took {:?}, file {} bytes", started.elapsed(), std::fs::metadata(&path).unwrap().len());
    assert!(report.scrubbed);
    for (place, n) in [
        ("positions.rationale", 1),
        ("positions.condition", 1),
        ("topic_verdicts.note", 1),
        ("actions.notes", 1),
        ("sessions.notes", 1),
        ("agenda_items.question", 1),
    ] {
        assert_eq!(report.texts.get(place), Some(&n), "{place} in {:?}", report.texts);
    }
    assert!(report.audit_entries >= 6, "{report:?}");

    // Positions: same rows, same stances; only the mention of her replaced.
    let expected: Vec<String> = positions_before
        .iter()
        .map(|p| p.replace("Anna de Vries", ERASED).replace("anna@example.org", ERASED))
        .collect();
    assert_eq!(party_positions(store.conn(), anna.party_id), expected);

    // Her record, and nobody else's.
    let people_after = store.list_people().unwrap();
    let erased = people_after.iter().find(|p| p.id == anna.id).unwrap();
    assert_eq!((erased.name.as_str(), erased.email.as_str(), erased.role_title.as_str()), (ERASED, "", ""));
    let others = |v: &[Person]| v.iter().filter(|p| p.id != anna.id).cloned().collect::<Vec<_>>();
    assert_eq!(others(&people_after), others(&people_before));

    // The erasure is logged, without what it erased.
    let log = store.audit_for(anna.id).unwrap();
    let last = log.last().unwrap();
    assert_eq!((last.action.as_str(), last.before.as_deref()), ("update", None));
    assert!(last.actor.ends_with("(erasure)"));
    assert!(log.iter().all(|e| !format!("{e:?}").contains("Voorzitter")), "role title gone from history");
    assert!(store.search("Vries").unwrap().is_empty());
    assert!(!store.search("verwijderd").unwrap().is_empty());
    store.integrity_check().unwrap();

    // The WAL is empty while the file is open, and once it is closed not a byte of her is left.
    assert!(!contains_ci(&wal_bytes(&path), "vries"));
    drop(store);
    let bytes = [std::fs::read(&path).unwrap(), wal_bytes(&path)].concat();
    for needle in ["Anna de Vries", "anna@example.org", "Voorzitter productiecommissie", "vries"] {
        assert!(!contains_ci(&bytes, needle), "{needle} still in the file");
    }
    // And the file opens as a valid dialogue.
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.list_people().unwrap().len(), people_before.len());
}

#[test]
fn erasing_an_unknown_person_is_a_clear_error_and_changes_nothing() {
    let mut f = fixture();
    let before = dump_all(f.store.conn());
    let e = erase_person(&mut f.store, Uuid::nil()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert_eq!(e.localized(Lang::Nl), format!("Persoon niet gevonden: {}", Uuid::nil()));
    assert_eq!(e.localized(Lang::En), format!("person not found: {}", Uuid::nil()));
    assert_eq!(dump_all(f.store.conn()), before);
}

/// Another program reading the file at the same moment cannot stop the erasure; the report
/// says the file could not be rewritten yet, and once that program is gone no trace is left.
#[test]
fn erasure_while_another_connection_reads_reports_not_scrubbed() {
    let Fixture { _dir, path, mut store, anna } = fixture();
    let reader = Connection::open(&path).unwrap();
    reader.execute_batch("BEGIN; SELECT count(*) FROM people;").unwrap();
    let report = erase_person(&mut store, anna.id).unwrap();
    assert!(!report.scrubbed);
    assert_eq!(store.list_people().unwrap().iter().find(|p| p.id == anna.id).unwrap().name, ERASED);
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    drop(store);
    let bytes = [std::fs::read(&path).unwrap(), wal_bytes(&path)].concat();
    assert!(!contains_ci(&bytes, "anna@example.org"));
}

/// Through the workspace, as the app does it: the backup taken on opening still holds her, the
/// one the erasure takes at once holds no byte of her.
#[test]
fn the_backup_after_an_erasure_holds_nothing_of_the_person() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = crate::Workspace::new(dir.path().join("data"), "0.1.0");
    ws.open_demo().unwrap();
    assert!(ws.wait_for_backups().iter().all(|r| r.is_ok()));
    let anna = ws.store().unwrap().list_people().unwrap().into_iter().find(|p| p.name == "Anna de Vries").unwrap();
    let newest = |ws: &crate::Workspace| {
        let list = ws.list_backups().unwrap();
        std::fs::read(std::path::Path::new(&list.folder).join(&list.backups[0].id)).unwrap()
    };
    assert!(contains_ci(&newest(&ws), "Anna de Vries"), "the backup taken on opening holds her");

    ws.erase_person(anna.id).unwrap();
    let after = newest(&ws);
    assert!(!contains_ci(&after, "Anna de Vries"));
    assert!(!contains_ci(&after, &anna.email));
    assert_eq!(ws.list_backups().unwrap().backups.len(), 2, "the older backup is kept");
    // Unknown person: refused, and no new backup.
    assert_eq!(ws.erase_person(Uuid::new_v4()).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(ws.list_backups().unwrap().backups.len(), 2);
}
