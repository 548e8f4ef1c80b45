//! Command tests through Tauri's mock runtime: the real IPC path (JSON in, JSON or
//! `{ code, message, field }` out) without a window or webview library.

use std::sync::Mutex;

use ketentafel_core::Workspace;
use ketentafel_core::grants::FileGrants;
use ketentafel_core::model::PickPurpose;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use crate::{AppState, register};

struct Harness {
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::new(dir.path().join("data"), "test");
    let app = register(mock_builder())
        .manage(AppState(Mutex::new(ws)))
        .manage(FileGrants::default())
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Harness { app, window, dir }
}

/// The file dialog each command's path comes from in the app.
fn purpose_of(cmd: &str, args: &Value) -> PickPurpose {
    match (cmd, args["format"].as_str()) {
        ("dialogue_new", _) => PickPurpose::New,
        ("dialogue_open", _) => PickPurpose::Open,
        ("dialogue_save_copy", _) => PickPurpose::SaveCopy,
        ("positions_import_csv", _) => PickPurpose::ImportCsv,
        ("positions_export_csv", _) => PickPurpose::ExportCsv,
        ("positions_import_polis", _) => PickPurpose::ImportPolis,
        ("agenda_export", Some("md")) => PickPurpose::ExportMarkdown,
        ("agenda_export", Some("html")) => PickPurpose::ExportHtml,
        ("agenda_export", Some("docx")) => PickPurpose::ExportDocx,
        ("agenda_export", _) => PickPurpose::ExportIcs,
        ("report_export", _) => PickPurpose::ExportReport,
        ("positions_export_xlsx", _) => PickPurpose::ExportXlsx,
        ("positions_import_xlsx", _) => PickPurpose::ImportXlsx,
        ("bundle_export", _) => PickPurpose::ExportBundle,
        ("bundle_import", _) => PickPurpose::ImportBundle,
        ("person_export", _) => PickPurpose::ExportPerson,
        _ => panic!("{cmd} takes no path"),
    }
}

impl Harness {
    /// Calls `cmd`; a `path` argument is first granted as if the user had chosen it in the
    /// command's file dialog (`pick_path`).
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        if let Some(path) = args["path"].as_str() {
            self.app.state::<FileGrants>().grant(std::path::Path::new(path), purpose_of(cmd, &args));
        }
        self.call_unpicked(cmd, args)
    }

    /// Calls `cmd` as a script in the webview could: nothing granted.
    fn call_unpicked(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let req = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, req).map(|b| b.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err_code(&self, cmd: &str, args: Value) -> String {
        let e = self.call(cmd, args).err().unwrap_or_else(|| panic!("{cmd} succeeded"));
        e["code"].as_str().unwrap().to_owned()
    }
}

#[test]
fn commands_need_an_open_dialogue() {
    let h = harness();
    assert_eq!(h.err_code("party_list", json!({})), "no_dialogue_open");
    let snap = h.ok("app_snapshot", json!({}));
    assert!(snap["dialogue"].is_null());
    assert_eq!(snap["lang"], "nl");
}

#[test]
fn new_dialogue_crud_and_errors_cross_ipc_as_code_message_field() {
    let h = harness();
    let path = h.dir.path().join("werkgroep.ketentafel");
    let info = h.ok("dialogue_new", json!({ "path": path, "demo": false }));
    assert_eq!(info["file_name"], "werkgroep.ketentafel");
    assert_eq!(info["counts"]["bouwstenen"], 4);

    let party = h.ok(
        "party_create",
        json!({ "input": { "name": "Omroep B", "short_name": "OB", "chain_role": "public_broadcaster",
            "production_types": ["series"], "colour": "#d55e00", "notes": "" } }),
    );
    let dup = h
        .call(
            "party_create",
            json!({ "input": { "name": "omroep b", "short_name": "", "chain_role": "streamer",
                "production_types": [], "colour": "#000000", "notes": "" } }),
        )
        .unwrap_err();
    assert_eq!(dup["code"], "conflict");
    assert!(dup["message"].as_str().unwrap().contains("name"));

    let bad = h
        .call(
            "party_create",
            json!({ "input": { "name": "", "short_name": "", "chain_role": "streamer",
                "production_types": [], "colour": "#000000", "notes": "" } }),
        )
        .unwrap_err();
    assert_eq!(bad["code"], "invalid_input");
    assert_eq!(bad["field"], "name");

    let bouwstenen = h.ok("bouwsteen_list", json!({}));
    let b0 = bouwstenen[0]["id"].clone();
    let topic = h.ok(
        "topic_create",
        json!({ "input": { "bouwsteen_id": b0, "code": "1.1", "kind": "bottleneck", "title": "Crewtekort",
            "description": "", "priority": 3, "production_types": ["series", "feature_film"] } }),
    );
    assert_eq!(topic["production_types"], json!(["series", "feature_film"]));
    assert_eq!(h.err_code("bouwsteen_delete", json!({ "id": b0 })), "in_use");
    let moved = h.ok("bouwsteen_move", json!({ "id": bouwstenen[3]["id"], "index": 0 }));
    assert_eq!(moved[0]["id"], bouwstenen[3]["id"]);

    let session = h.ok(
        "session_create",
        json!({ "input": { "title": "Werkgroep", "kind": "working_group", "starts_at": "2026-03-01T09:00:00Z",
            "ends_at": "2026-03-01T11:00:00Z", "location": "Utrecht", "notes": "", "attendee_ids": [party["id"]] } }),
    );
    assert_eq!(session["attendee_ids"], json!([party["id"]]));
    let wrong_order = h
        .call(
            "session_update",
            json!({ "id": session["id"], "input": { "title": "Werkgroep", "kind": "nff", "starts_at": "2026-03-01T09:00:00Z",
                "ends_at": "2026-03-01T08:00:00Z", "location": "", "notes": "", "attendee_ids": [] } }),
        )
        .unwrap_err();
    assert_eq!(wrong_order["field"], "ends_at");

    // An unknown code is refused by deserialisation before the core is reached.
    assert!(h.call("topic_update", json!({ "id": topic["id"], "input": { "kind": "nonsense" } })).is_err());

    h.ok("party_delete", json!({ "id": party["id"] }));
    assert_eq!(h.ok("party_list", json!({})), json!([]));
    assert_eq!(h.err_code("party_delete", json!({ "id": party["id"] })), "not_found");
}

#[test]
fn open_refuses_a_text_file_and_keeps_the_current_dialogue() {
    let h = harness();
    let good = h.dir.path().join("a.ketentafel");
    h.ok("dialogue_new", json!({ "path": good, "demo": true }));
    let txt = h.dir.path().join("notes.txt");
    std::fs::write(&txt, "plain text").unwrap();
    assert_eq!(h.err_code("dialogue_open", json!({ "path": txt })), "not_a_dialogue");
    assert_eq!(std::fs::read_to_string(&txt).unwrap(), "plain text");
    let info = h.ok("dialogue_info", json!({}));
    assert_eq!(info["file_name"], "a.ketentafel");
    assert!(info["counts"]["parties"].as_i64().unwrap() >= 12);

    let copy = h.dir.path().join("kopie.ketentafel");
    h.ok("dialogue_save_copy", json!({ "path": copy }));
    h.ok("dialogue_close", json!({}));
    let reopened = h.ok("dialogue_open", json!({ "path": copy }));
    assert_eq!(reopened["counts"], info["counts"]);
    // A file becomes a recent file once it is checked whole, which the window waits for
    // after its first screen while it loads its lists.
    h.ok("dialogue_ready", json!({}));
    assert_eq!(
        h.ok("topic_list", json!({})).as_array().unwrap().len(),
        info["counts"]["topics"].as_u64().unwrap() as usize
    );
    assert_eq!(h.ok("dialogue_checked", json!({}))["file_name"], "kopie.ketentafel");
    let recent = h.ok("app_snapshot", json!({}))["recent"].clone();
    assert_eq!(recent[0]["file_name"], "kopie.ketentafel");
}

#[test]
fn a_file_found_damaged_by_its_check_is_closed_and_the_check_says_so() {
    let h = harness();
    let path = h.dir.path().join("a.ketentafel");
    h.ok("dialogue_new", json!({ "path": path, "demo": true }));
    h.ok("dialogue_close", json!({}));
    ketentafel_core::garble_index(&path, "audit_log_entity").unwrap();
    let shown = h.ok("dialogue_open", json!({ "path": path }));
    assert_eq!(h.ok("dialogue_ready", json!({}))["counts"], shown["counts"]);
    assert_eq!(h.err_code("dialogue_checked", json!({})), "corrupt");
    assert_eq!(h.err_code("dialogue_info", json!({})), "no_dialogue_open");
    assert_eq!(h.err_code("topic_list", json!({})), "no_dialogue_open");
    assert!(h.ok("app_snapshot", json!({}))["dialogue"].is_null());
}

#[test]
fn language_choice_persists() {
    let h = harness();
    h.ok("set_lang", json!({ "lang": "en" }));
    assert_eq!(h.ok("app_snapshot", json!({}))["lang"], "en");
    assert!(h.call("set_lang", json!({ "lang": "fr" })).is_err());
}

#[test]
fn capture_undo_history_and_search_through_ipc() {
    let h = harness();
    let path = h.dir.path().join("d.ketentafel");
    h.ok("dialogue_new", json!({ "path": path, "demo": true }));
    let topic = h.ok("topic_list", json!({}))[0].clone();
    let party = h.ok("party_list", json!({}))[0].clone();
    let session = h.ok(
        "session_create",
        json!({ "input": { "title": "Live", "kind": "working_group", "starts_at": "2030-01-01T09:00:00Z",
            "ends_at": "2030-01-01T11:00:00Z", "location": "", "notes": "", "attendee_ids": [] } }),
    );
    let input = json!({ "topic_id": topic["id"], "party_id": party["id"], "session_id": session["id"], "stance": 1,
        "rationale": "Het café-gesprek overtuigde ons", "condition": "", "quote": "" });
    let change = h.ok("position_set", json!({ "input": input }));
    assert!(change["before"].is_null());
    assert_eq!(change["after"]["stance"], 1);
    let cell = h.ok("heatmap_cell", json!({ "topic_id": topic["id"], "party_id": party["id"] }));
    assert_eq!(cell["position"]["session_id"], session["id"], "the newest session's entry is current");
    let hits = h.ok("search", json!({ "query": "cafe" }));
    assert_eq!(hits[0]["kind"], "rationale");
    assert_eq!(hits[0]["party_id"], party["id"]);
    let history = h.ok("position_history", json!({ "topic_id": topic["id"], "party_id": party["id"] }));
    assert_eq!(history.as_array().unwrap().last().unwrap()["session_title"], "Live");
    // Undo the first entry.
    h.ok("position_clear", json!({ "key": change["key"] }));
    assert_eq!(
        h.ok("positions_in_session", json!({ "session_id": session["id"], "topic_id": topic["id"] })),
        json!([])
    );
    assert_eq!(h.ok("search", json!({ "query": "cafe" })), json!([]));
    // Verdicts and actions.
    h.ok("verdict_set", json!({ "topic_id": topic["id"], "marking": "consensus", "note": "" }));
    assert!(h.ok("verdict_list", json!({})).as_array().unwrap().iter().any(|v| v["topic_id"] == topic["id"]));
    let action = h.ok(
        "action_create",
        json!({ "input": { "title": "Nabellen", "owner_party_id": party["id"], "topic_id": topic["id"],
            "due_date": "2030-02-01", "status": "open", "notes": "" } }),
    );
    assert_eq!(action["due_date"], "2030-02-01");
    let bad = h.call(
        "position_set",
        json!({ "input": { "topic_id": topic["id"], "party_id": party["id"],
        "session_id": session["id"], "stance": 5, "rationale": "", "condition": "", "quote": "" } }),
    );
    assert_eq!(bad.unwrap_err()["field"], "stance");
}

#[test]
fn error_messages_follow_the_chosen_language() {
    let h = harness();
    assert!(h.call("party_list", json!({})).unwrap_err()["message"].as_str().unwrap().contains("geen dialoog"));
    h.ok("set_lang", json!({ "lang": "en" }));
    assert!(h.call("party_list", json!({})).unwrap_err()["message"].as_str().unwrap().contains("no dialogue"));
}

#[test]
fn csv_import_failure_crosses_ipc_with_line_and_column() {
    let h = harness();
    let path = h.dir.path().join("d.ketentafel");
    h.ok("dialogue_new", json!({ "path": path, "demo": false }));
    let csv = h.dir.path().join("x.csv");
    std::fs::write(&csv, "bouwsteen,topic,party,chain_role,stance\nA,B,C,maker,+\nA,B,D,maker,7\n").unwrap();
    let e = h.call("positions_import_csv", json!({ "path": csv })).unwrap_err();
    assert_eq!(e["code"], "import_failed");
    assert_eq!(e["field"], "stance");
    assert!(e["message"].as_str().unwrap().starts_with("Regel 3, kolom stance"));
    let out = h.dir.path().join("out.csv");
    assert_eq!(h.ok("positions_export_csv", json!({ "path": out })), 0);
}

#[test]
fn review_views_cross_ipc() {
    let h = harness();
    h.ok("dialogue_open_demo", json!({}));
    let o = h.ok("analysis_overview", json!({}));
    let top = &o["topics"][0];
    assert_eq!(top["code"], "2.2");
    assert!(top["fault_line"].as_str().unwrap().starts_with("Producenten"), "{top}");
    assert_eq!(top["counts"]["none"], 1);
    let topic_id = top["id"].clone();
    let d = h.ok("analysis_topic", json!({ "topic_id": topic_id }));
    assert_eq!(d["timeline"].as_array().unwrap().len(), 2);
    let party_id = d["stances"][0]["party"]["id"].clone();
    let p = h.ok("analysis_party", json!({ "party_id": party_id }));
    assert_eq!(p["party"]["id"], party_id);
    let a = h.ok("analysis_alignment", json!({}));
    assert_eq!(a["values"].as_array().unwrap().len(), 14 * 14);
    let sessions = h.ok("session_list", json!({}));
    let m = h.ok("analysis_movement", json!({ "from_session": sessions[0]["id"], "to_session": sessions[1]["id"] }));
    assert_eq!(m["moves"], 1);
    let layout = h.ok("heatmap_layout", json!({}));
    assert_eq!(layout["rows"].as_array().unwrap().len(), 22);
    let w = h.ok("heatmap_window", json!({ "row": 0, "column": 0, "rows": 5, "columns": 3 }));
    assert_eq!(w["cells"].as_array().unwrap().len(), 15);
    let c = h.ok("heatmap_cell", json!({ "topic_id": topic_id, "party_id": party_id }));
    assert!(c["position"]["stance"].is_number());
    // Bad requests get a code, and change nothing.
    assert_eq!(
        h.err_code("heatmap_window", json!({ "row": 0, "column": 0, "rows": 100000, "columns": 100 })),
        "invalid_input"
    );
    assert_eq!(h.err_code("analysis_topic", json!({ "topic_id": uuid::Uuid::now_v7() })), "not_found");
    let e = h
        .call("analysis_movement", json!({ "from_session": uuid::Uuid::now_v7(), "to_session": sessions[1]["id"] }))
        .unwrap_err();
    assert_eq!(e["code"], "not_found");
    assert!(e["message"].as_str().unwrap().len() > 5);
}

#[test]
fn polis_import_through_ipc() {
    let h = harness();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/polis-london-youth-policing");
    if !dir.exists() {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let path = h.dir.path().join("polis.ketentafel");
    h.ok("dialogue_new", json!({ "path": path, "demo": false }));
    let r = h.ok("positions_import_polis", json!({ "path": dir }));
    assert_eq!((r["topics"].as_i64(), r["parties"].as_i64()), (Some(36), Some(26)));
    let o = h.ok("analysis_overview", json!({}));
    assert_eq!(o["topics"].as_array().unwrap().len(), 36);
    // A folder that is not an export: a clear error, nothing written.
    let before = h.ok("dialogue_info", json!({}))["counts"].clone();
    let e = h.call("positions_import_polis", json!({ "path": h.dir.path() })).unwrap_err();
    assert_eq!(e["code"], "file_not_found", "{e}");
    assert!(e["message"].as_str().unwrap().contains("comments.csv"), "{e}");
    assert_eq!(h.ok("dialogue_info", json!({}))["counts"], before);
}

#[test]
fn agenda_crosses_ipc() {
    let h = harness();
    h.ok("dialogue_open_demo", json!({}));
    let sessions = h.ok("session_list", json!({}));
    let nff = sessions.as_array().unwrap().iter().find(|s| s["kind"] == "nff").unwrap()["id"].clone();
    let params = json!({ "total_minutes": 90, "breaks": 1, "break_minutes": 15, "min_minutes": 15, "max_minutes": 30,
        "bouwsteen_ids": [], "max_panel": 4, "welcome_minutes": 10, "wrap_up_minutes": 10 });
    let a = h.ok("agenda_draft", json!({ "session_id": nff, "params": params }));
    let slots = a["slots"].as_array().unwrap();
    assert!(slots.len() >= 4);
    let last = slots.last().unwrap()["item"]["id"].clone();
    let moved = h.ok("agenda_item_move", json!({ "id": last, "index": 0 }));
    assert_eq!(moved["slots"][0]["item"]["id"], last);
    let path = h.dir.path().join("agenda.md");
    h.ok("agenda_export", json!({ "session_id": nff, "format": "md", "path": path }));
    assert!(std::fs::read_to_string(&path).unwrap().contains("Afronding"));
    let bad = json!({ "kind": "other", "topic_id": null, "title": "", "question": "", "minutes": 10, "party_ids": [] });
    assert_eq!(h.err_code("agenda_item_add", json!({ "session_id": nff, "input": bad })), "invalid_input");
    assert_eq!(h.err_code("agenda_get", json!({ "session_id": uuid::Uuid::now_v7() })), "not_found");
}

#[test]
fn report_excel_and_bundles_cross_ipc() {
    let h = harness();
    h.ok("dialogue_open_demo", json!({}));
    let docx = h.dir.path().join("rapport.docx");
    h.ok("report_export", json!({ "path": docx }));
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
    let md = h.dir.path().join("rapport.md");
    h.ok("report_export", json!({ "path": md }));
    assert!(std::fs::read_to_string(&md).unwrap().contains("Ontwikkeling en productie"));
    assert_eq!(h.err_code("report_export", json!({ "path": h.dir.path().join("rapport.pdf") })), "invalid_input");
    let xlsx = h.dir.path().join("m.xlsx");
    assert_eq!(h.ok("positions_export_xlsx", json!({ "path": xlsx })), json!(462));
    let bundle = h.dir.path().join("b.json");
    h.ok("bundle_export", json!({ "path": bundle }));
    // The same bundle back into the same dialogue changes nothing.
    let r = h.ok("bundle_import", json!({ "path": bundle }));
    assert!(r["conflicts"].as_array().unwrap().is_empty(), "{r}");
    let before = h.ok("dialogue_info", json!({}))["counts"].clone();
    std::fs::write(&bundle, "{ kapot").unwrap();
    assert_eq!(h.err_code("bundle_import", json!({ "path": bundle })), "import_failed");
    assert_eq!(h.err_code("positions_import_xlsx", json!({ "path": bundle })), "import_failed");
    assert_eq!(h.ok("dialogue_info", json!({}))["counts"], before);
}

#[test]
fn a_persons_data_is_exported_and_erased_through_ipc() {
    let h = harness();
    h.ok("dialogue_open_demo", json!({}));
    let people = h.ok("person_list", json!({}));
    let anna = people.as_array().unwrap().iter().find(|p| p["name"] == "Anna de Vries").unwrap().clone();

    let out = h.dir.path().join("anna.json");
    h.ok("person_export", json!({ "id": anna["id"], "path": out }));
    let data: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(data["person"]["email"], "anna@example.org");
    assert!(data["explanation"][0].as_str().unwrap().starts_with("person: de gegevens"), "in the user's language");

    // Unknown person: `not_found` in the user's language, nothing changed.
    let counts = h.ok("dialogue_info", json!({}))["counts"].clone();
    let e = h.call("person_erase", json!({ "id": uuid::Uuid::nil() })).unwrap_err();
    assert_eq!(e["code"], "not_found");
    assert!(e["message"].as_str().unwrap().starts_with("Persoon niet gevonden"), "{e}");
    assert_eq!(h.ok("dialogue_info", json!({}))["counts"], counts);

    let report = h.ok("person_erase", json!({ "id": anna["id"] }));
    assert_eq!(report["scrubbed"], true);
    let people = h.ok("person_list", json!({}));
    let erased = people.as_array().unwrap().iter().find(|p| p["id"] == anna["id"]).unwrap();
    assert_eq!(erased["name"], "[verwijderd]");
    assert_eq!(erased["email"], "");
    assert_eq!(h.ok("dialogue_info", json!({}))["counts"], counts, "the person stays, erased; nothing is deleted");
}

#[test]
fn files_are_reached_only_through_the_dialog_that_chose_them() {
    let h = harness();
    let path = h.dir.path().join("werkgroep.ketentafel");
    h.ok("dialogue_new", json!({ "path": path, "demo": true }));

    // A path nobody chose: refused with `not_permitted`, and nothing is written.
    let target = h.dir.path().join("buiten.csv");
    let e = h.call_unpicked("positions_export_csv", json!({ "path": target })).unwrap_err();
    assert_eq!(e["code"], "not_permitted");
    assert!(e["message"].as_str().unwrap().contains("bestandsvenster"), "{e}");
    assert!(!target.exists());
    for (cmd, args) in [
        ("dialogue_new", json!({ "path": h.dir.path().join("ander.ketentafel"), "demo": false })),
        ("dialogue_save_copy", json!({ "path": h.dir.path().join("kopie.ketentafel") })),
        ("report_export", json!({ "path": h.dir.path().join("r.docx") })),
        ("bundle_import", json!({ "path": "/etc/passwd" })),
        ("positions_import_csv", json!({ "path": "/etc/passwd" })),
        ("person_export", json!({ "id": uuid::Uuid::nil(), "path": h.dir.path().join("p.json") })),
    ] {
        let e = h.call_unpicked(cmd, args).unwrap_err();
        assert_eq!(e["code"], "not_permitted", "{cmd}");
    }
    assert!(!h.dir.path().join("ander.ketentafel").exists());

    // Chosen to be read is not chosen to be overwritten.
    h.app.state::<FileGrants>().grant(&target, PickPurpose::ImportCsv);
    let e = h.call_unpicked("positions_export_csv", json!({ "path": target })).unwrap_err();
    assert_eq!(e["code"], "not_permitted");

    // A dialogue on the recent-files list opens without a new dialog.
    h.ok("dialogue_close", json!({}));
    let info = h.call_unpicked("dialogue_open", json!({ "path": path })).unwrap();
    assert_eq!(info["file_name"], "werkgroep.ketentafel");
}

#[test]
fn about_lists_the_version_and_bundled_licences() {
    let h = harness();
    let about = h.ok("about", json!({}));
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(about["licence"], "EUPL-1.2");
    assert!(about["rust"].as_array().unwrap().len() > 100, "the crates linked into the app are listed");
    assert!(about["npm"].as_array().unwrap().iter().any(|p| p["name"] == "@tauri-apps/api"));
}

impl Harness {
    /// Waits for the snapshots the workspace writes in the background.
    fn wait_for_backups(&self) {
        use tauri::Manager;
        let state = self.app.state::<AppState>();
        let results = state.0.lock().unwrap().wait_for_backups();
        assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    }
}

#[test]
fn backups_list_and_restore_cross_ipc() {
    let h = harness();
    assert_eq!(h.err_code("backup_list", json!({})), "no_dialogue_open");
    let path = h.dir.path().join("werkgroep.ketentafel");
    h.ok("dialogue_new", json!({ "path": path, "demo": false }));
    h.wait_for_backups();
    let list = h.ok("backup_list", json!({}));
    assert_eq!(list["keep"], 10);
    assert!(list["folder"].as_str().unwrap().starts_with(h.dir.path().join("data").to_str().unwrap()));
    let first = list["backups"][0].clone();
    assert_eq!(first["counts"]["bouwstenen"], 4);
    assert!(first["size"].as_u64().unwrap() > 0);
    assert!(first["taken_at"].as_str().unwrap().ends_with('Z'));

    let b0 = h.ok("bouwsteen_list", json!({}))[0]["id"].clone();
    h.ok("bouwsteen_delete", json!({ "id": b0 }));
    assert_eq!(h.err_code("backup_restore", json!({ "id": "../../etc/passwd" })), "invalid_input");
    assert_eq!(h.err_code("backup_restore", json!({ "id": "20000101T000000.000Z.ketentafel" })), "not_found");
    let info = h.ok("backup_restore", json!({ "id": first["id"] }));
    assert_eq!(info["counts"]["bouwstenen"], 4);
    assert_eq!(h.ok("bouwsteen_list", json!({})).as_array().unwrap().len(), 4);
    let after = h.ok("backup_list", json!({}));
    assert_eq!(after["backups"].as_array().unwrap().len(), 2);
    assert_eq!(after["backups"][0]["counts"]["bouwstenen"], 3, "the state before the restore was kept");
}

#[test]
fn a_file_open_in_another_app_is_refused_with_who_has_it() {
    let h = harness();
    let path = h.dir.path().join("werkgroep.ketentafel");
    h.ok("dialogue_new", json!({ "path": path, "demo": false }));
    // A second app instance: another workspace on the same file.
    let other = harness();
    let e = other.call("dialogue_open", json!({ "path": path })).unwrap_err();
    assert_eq!(e["code"], "locked");
    assert!(e["message"].as_str().unwrap().contains("al geopend in Ketentafel door"), "{e}");
    h.ok("dialogue_close", json!({}));
    other.ok("dialogue_open", json!({ "path": path }));
}

#[test]
fn a_file_moved_while_open_refuses_writes_with_file_gone_and_saves_a_copy() {
    let h = harness();
    let path = h.dir.path().join("werkgroep.ketentafel");
    h.ok("dialogue_new", json!({ "path": path, "demo": false }));
    std::fs::rename(&path, h.dir.path().join("elders.ketentafel")).unwrap();
    let e = h.call("dialogue_update", json!({ "input": { "title": "Nieuw", "description": "" } })).unwrap_err();
    assert_eq!(e["code"], "file_gone");
    let copy = h.dir.path().join("kopie.ketentafel");
    h.ok("dialogue_save_copy", json!({ "path": copy }));
    h.ok("dialogue_open", json!({ "path": copy }));
    h.ok("dialogue_update", json!({ "input": { "title": "Nieuw", "description": "" } }));
}

/// The webview never receives all positions at once. Every command in `register` is called on
/// a generated dialogue (or named below as one that answers with a fixed-size result), and no
/// answer may hold more than a tenth of the bytes of all positions as JSON, except one
/// session's positions for meeting mode, which may hold that session's share and no more. A
/// command added to `register` fails here until it is placed in one of the lists.
#[test]
fn no_answer_holds_all_positions() {
    use ketentafel_core::Store;
    use ketentafel_core::generate::{GenerateSpec, populate};

    // Small and fixed-size answers: writes (the record written, or nothing), file exports and
    // imports (a count or report), the file dialog, the About screen and the paint probe.
    const FIXED: &[&str] = &[
        "about",
        "set_lang",
        "pick_path",
        "dialogue_new",
        "dialogue_open",
        "dialogue_open_demo",
        "dialogue_save_copy",
        "dialogue_close",
        "backup_restore",
        "dialogue_update",
        "recent_forget",
        "bouwsteen_create",
        "bouwsteen_update",
        "bouwsteen_delete",
        "bouwsteen_move",
        "topic_create",
        "topic_update",
        "topic_delete",
        "party_create",
        "party_update",
        "party_delete",
        "session_create",
        "session_update",
        "session_delete",
        "position_set",
        "position_clear",
        "verdict_set",
        "verdict_clear",
        "action_create",
        "action_update",
        "action_delete",
        "positions_import_csv",
        "positions_export_csv",
        "positions_import_polis",
        "agenda_draft",
        "agenda_item_add",
        "agenda_item_update",
        "agenda_item_delete",
        "agenda_item_move",
        "agenda_export",
        "report_export",
        "positions_export_xlsx",
        "positions_import_xlsx",
        "bundle_export",
        "bundle_import",
        "person_export",
        "person_erase",
        "paint_probe",
    ];

    let h = harness();
    let path = h.dir.path().join("groot.ketentafel");
    let spec = GenerateSpec { parties: 30, topics: 120, sessions: 4, positions: 12_000, seed: 7 };
    let mut store = Store::create(&path).unwrap();
    populate(&mut store, &spec).unwrap();
    let all = serde_json::to_vec(&store.list_positions().unwrap()).unwrap().len();
    drop(store);
    h.ok("dialogue_open", json!({ "path": path }));

    let topics = h.ok("topic_list", json!({}));
    let parties = h.ok("party_list", json!({}));
    let sessions = h.ok("session_list", json!({}));
    let (topic, party) = (&topics[0]["id"], &parties[0]["id"]);
    let (first, last) = (&sessions[0]["id"], &sessions[spec.sessions - 1]["id"]);
    // The heat-map asks for tiles of 50 × 25 cells (Heatmap.svelte).
    let reads: Vec<(&str, Value)> = vec![
        ("app_snapshot", json!({})),
        ("dialogue_info", json!({})),
        ("dialogue_ready", json!({})),
        ("dialogue_checked", json!({})),
        ("backup_list", json!({})),
        ("bouwsteen_list", json!({})),
        ("topic_list", json!({})),
        ("party_list", json!({})),
        ("session_list", json!({})),
        ("person_list", json!({})),
        ("verdict_list", json!({})),
        ("action_list", json!({})),
        ("position_history", json!({ "topic_id": topic, "party_id": party })),
        ("search", json!({ "query": "mits" })),
        ("analysis_overview", json!({})),
        ("analysis_topic", json!({ "topic_id": topic })),
        ("analysis_party", json!({ "party_id": party })),
        ("analysis_alignment", json!({})),
        ("analysis_movement", json!({ "from_session": first, "to_session": last })),
        ("heatmap_layout", json!({})),
        ("heatmap_window", json!({ "row": 0, "column": 0, "rows": 50, "columns": 25 })),
        ("heatmap_cell", json!({ "topic_id": topic, "party_id": party })),
        ("agenda_get", json!({ "session_id": last })),
    ];
    let mut largest = ("", 0);
    for (cmd, args) in &reads {
        let size = serde_json::to_vec(&h.ok(cmd, args.clone())).unwrap().len();
        println!("{cmd}: {size} bytes");
        assert!(size * 10 <= all, "{cmd} answers {size} bytes, more than a tenth of all positions ({all} bytes)");
        if size > largest.1 {
            largest = (cmd, size);
        }
    }
    // Meeting mode loads one topic's entries of a session at a time: one per party at most.
    let mut in_sessions = 0;
    for session in sessions.as_array().unwrap() {
        for topic in topics.as_array().unwrap() {
            let answer = h.ok("positions_in_session", json!({ "session_id": session["id"], "topic_id": topic["id"] }));
            let entries = answer.as_array().unwrap();
            assert!(entries.len() <= spec.parties, "one entry per party at most");
            assert!(entries.iter().all(|p| p["topic_id"] == topic["id"] && p["session_id"] == session["id"]));
            in_sessions += entries.len();
        }
    }
    assert_eq!(in_sessions, spec.positions, "the sessions' topics together hold every position once");
    println!("all positions: {all} bytes; largest other answer: {} ({} bytes)", largest.0, largest.1);

    // Every registered command is either called above or named as fixed-size.
    let registered: Vec<&str> = include_str!("lib.rs")
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap()
        .split(',')
        .filter_map(|c| c.trim().rsplit("::").next())
        .filter(|c| !c.is_empty())
        .collect();
    assert!(registered.len() > 60, "parsed {registered:?}");
    for cmd in &registered {
        let placed = FIXED.contains(cmd) || *cmd == "positions_in_session" || reads.iter().any(|(r, _)| r == cmd);
        assert!(placed, "{cmd} is neither called by this test nor named as answering with a fixed size");
    }
}
