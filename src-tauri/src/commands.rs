//! The IPC commands: thin adapters that lock the workspace, call the core, and turn errors
//! into the `{ code, message, field }` payload the UI branches on.
//!
//! Every command runs off the main thread (`async`): on a sector-scale file a query can take
//! a second, and the main thread is the one that paints the window and handles its input.

use std::path::{Path, PathBuf};

use ketentafel_core::backup::BackupList;
use ketentafel_core::grants::FileGrants;
use ketentafel_core::model::*;
use ketentafel_core::{Error, ErrorPayload, Lang, Store, Workspace};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use uuid::Uuid;

use crate::AppState;

type Res<T> = Result<T, ErrorPayload>;

fn err(e: Error) -> ErrorPayload {
    ErrorPayload::from(&e)
}

/// Runs `f` on the locked workspace.
fn with_ws<T>(state: &State<'_, AppState>, f: impl FnOnce(&mut Workspace) -> ketentafel_core::Result<T>) -> Res<T> {
    let mut ws = state.0.lock().map_err(|_| err(Error::Internal("workspace lock poisoned".into())))?;
    let lang = ws.lang();
    f(&mut ws).map_err(|e| ErrorPayload::localized(&e, lang))
}

/// Runs `f` on the open dialogue.
fn with_store<T>(state: &State<'_, AppState>, f: impl FnOnce(&mut Store) -> ketentafel_core::Result<T>) -> Res<T> {
    with_ws(state, |ws| f(ws.store()?))
}

/// Runs `f` on the open dialogue with the user's language (for texts the core writes).
fn with_store_lang<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut Store, Lang) -> ketentafel_core::Result<T>,
) -> Res<T> {
    with_ws(state, |ws| {
        let lang = ws.lang();
        f(ws.store()?, lang)
    })
}

/// The path, if the user chose it in a file dialog for one of `purposes` (see `FileGrants`).
fn granted(state: &State<'_, AppState>, grants: &FileGrants, path: &str, purposes: &[PickPurpose]) -> Res<PathBuf> {
    grants.check(path, purposes).map_err(|e| {
        let lang = state.0.lock().map(|ws| ws.lang()).unwrap_or_default();
        ErrorPayload::localized(&e, lang)
    })
}

/// Keeps the window title in step with the open file.
fn update_title<R: Runtime>(app: &AppHandle<R>, state: &State<'_, AppState>) {
    let title = match state.0.lock() {
        Ok(ws) => ws.window_title(),
        Err(_) => return,
    };
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.set_title(&title);
    }
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn app_snapshot(state: State<'_, AppState>) -> Res<AppSnapshot> {
    with_ws(&state, |ws| ws.snapshot())
}

/// The version and the licences of everything bundled (for the About screen).
#[tauri::command(rename_all = "snake_case", async)]
pub fn about() -> Res<ketentafel_core::about::AboutInfo> {
    ketentafel_core::about::about(env!("CARGO_PKG_VERSION"), include_str!("../licences.json")).map_err(err)
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn set_lang(state: State<'_, AppState>, lang: Lang) -> Res<()> {
    with_ws(&state, |ws| ws.set_lang(lang))
}

/// Shows the native file dialog. End-to-end tests cannot drive a GTK dialog, so when
/// `KETENTAFEL_E2E_PICK_FILE` names a file, its first line is taken (and removed) instead.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_path<R: Runtime>(app: AppHandle<R>, purpose: PickPurpose) -> Res<Option<String>> {
    if let Some(queue) = std::env::var_os("KETENTAFEL_E2E_PICK_FILE") {
        let picked = pop_scripted_path(Path::new(&queue)).map_err(err)?;
        if let Some(path) = &picked {
            app.state::<FileGrants>().grant(Path::new(path), purpose);
        }
        return Ok(picked);
    }
    let lang = app.state::<AppState>().0.lock().map(|ws| ws.lang()).unwrap_or_default();
    let (title, name) = match (purpose, lang) {
        (PickPurpose::New, Lang::Nl) => ("Nieuwe dialoog", "Nieuwe dialoog.ketentafel"),
        (PickPurpose::New, Lang::En) => ("New dialogue", "New dialogue.ketentafel"),
        (PickPurpose::Open, Lang::Nl) => ("Dialoog openen", ""),
        (PickPurpose::Open, Lang::En) => ("Open dialogue", ""),
        (PickPurpose::SaveCopy, Lang::Nl) => ("Kopie opslaan", "Kopie.ketentafel"),
        (PickPurpose::SaveCopy, Lang::En) => ("Save a copy", "Copy.ketentafel"),
        (PickPurpose::ImportCsv, Lang::Nl) => ("Standpunten importeren (CSV)", ""),
        (PickPurpose::ImportCsv, Lang::En) => ("Import positions (CSV)", ""),
        (PickPurpose::ExportCsv, Lang::Nl) => ("Standpunten exporteren (CSV)", "standpunten.csv"),
        (PickPurpose::ExportCsv, Lang::En) => ("Export positions (CSV)", "positions.csv"),
        (PickPurpose::ImportPolis, Lang::Nl) => ("Pol.is-export importeren (map)", ""),
        (PickPurpose::ImportPolis, Lang::En) => ("Import a Pol.is export (folder)", ""),
        (PickPurpose::ExportMarkdown, Lang::Nl) => ("Opslaan als Markdown", "agenda.md"),
        (PickPurpose::ExportMarkdown, Lang::En) => ("Save as Markdown", "agenda.md"),
        (PickPurpose::ExportHtml, Lang::Nl) => ("Opslaan als webpagina (afdrukken naar pdf)", "agenda.html"),
        (PickPurpose::ExportHtml, Lang::En) => ("Save as web page (print to PDF)", "agenda.html"),
        (PickPurpose::ExportDocx, Lang::Nl) => ("Opslaan als Word-document", "agenda.docx"),
        (PickPurpose::ExportDocx, Lang::En) => ("Save as Word document", "agenda.docx"),
        (PickPurpose::ExportIcs, Lang::Nl) => ("Opslaan als agenda-afspraak (iCalendar)", "sessie.ics"),
        (PickPurpose::ExportIcs, Lang::En) => ("Save as calendar event (iCalendar)", "session.ics"),
        (PickPurpose::ExportXlsx, Lang::Nl) => ("Exporteren naar Excel", "standpunten.xlsx"),
        (PickPurpose::ExportXlsx, Lang::En) => ("Export to Excel", "positions.xlsx"),
        (PickPurpose::ImportXlsx, Lang::Nl) => ("Standpunten importeren (Excel)", ""),
        (PickPurpose::ImportXlsx, Lang::En) => ("Import positions (Excel)", ""),
        (PickPurpose::ExportReport, Lang::Nl) => {
            ("Conceptrapport opslaan (.docx, .html of .md)", "conceptrapport.docx")
        }
        (PickPurpose::ExportReport, Lang::En) => ("Save draft report (.docx, .html or .md)", "draft-report.docx"),
        (PickPurpose::ExportBundle, Lang::Nl) => ("Dialoog delen als bundel", "dialoog.json"),
        (PickPurpose::ExportBundle, Lang::En) => ("Share dialogue as a bundle", "dialogue.json"),
        (PickPurpose::ImportBundle, Lang::Nl) => ("Bundel van een andere gespreksleider samenvoegen", ""),
        (PickPurpose::ImportBundle, Lang::En) => ("Merge a bundle from another facilitator", ""),
        (PickPurpose::ExportPerson, Lang::Nl) => ("Gegevens van een persoon exporteren", "persoonsgegevens.json"),
        (PickPurpose::ExportPerson, Lang::En) => ("Export a person's data", "personal-data.json"),
    };
    let (filter, ext) = match (purpose, lang) {
        (PickPurpose::ExportMarkdown, _) => ("Markdown", "md"),
        (PickPurpose::ExportHtml, _) => ("HTML", "html"),
        (PickPurpose::ExportDocx, _) => ("Word (.docx)", "docx"),
        (PickPurpose::ExportIcs, _) => ("iCalendar", "ics"),
        (PickPurpose::ExportXlsx | PickPurpose::ImportXlsx, _) => ("Excel (.xlsx)", "xlsx"),
        (PickPurpose::ExportReport, _) => ("Word (.docx)", "docx"),
        (PickPurpose::ExportBundle | PickPurpose::ImportBundle | PickPurpose::ExportPerson, _) => ("JSON", "json"),
        (PickPurpose::ImportCsv | PickPurpose::ExportCsv, Lang::Nl) => ("CSV-bestand", "csv"),
        (PickPurpose::ImportCsv | PickPurpose::ExportCsv, Lang::En) => ("CSV file", "csv"),
        (_, Lang::Nl) => ("Ketentafel-dialoog", "ketentafel"),
        (_, Lang::En) => ("Ketentafel dialogue", "ketentafel"),
    };
    let dialog = app.dialog().file().set_title(title).add_filter(filter, &[ext]);
    let picked = match purpose {
        PickPurpose::ImportPolis => app.dialog().file().set_title(title).blocking_pick_folder(),
        PickPurpose::Open | PickPurpose::ImportCsv | PickPurpose::ImportXlsx | PickPurpose::ImportBundle => {
            dialog.blocking_pick_file()
        }
        _ => dialog.set_file_name(name).blocking_save_file(),
    };
    match picked {
        None => Ok(None),
        Some(p) => {
            let path = p.into_path().map_err(|e| err(Error::invalid("path", e.to_string())))?;
            app.state::<FileGrants>().grant(&path, purpose);
            Ok(Some(path.display().to_string()))
        }
    }
}

fn pop_scripted_path(queue: &Path) -> ketentafel_core::Result<Option<String>> {
    let text = std::fs::read_to_string(queue)?;
    let mut lines = text.lines();
    let first = lines.next().map(str::to_owned);
    let rest: Vec<&str> = lines.collect();
    std::fs::write(queue, rest.join("\n"))?;
    Ok(first.filter(|l| !l.is_empty()))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn dialogue_new<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    grants: State<'_, FileGrants>,
    path: String,
    demo: bool,
) -> Res<DialogueInfo> {
    let path = granted(&state, &grants, &path, &[PickPurpose::New])?;
    let out = with_ws(&state, |ws| ws.create(&path, demo));
    update_title(&app, &state);
    out
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn dialogue_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    grants: State<'_, FileGrants>,
    path: String,
) -> Res<DialogueInfo> {
    // A dialogue from the recent-files list was chosen in a dialog on an earlier day.
    let recent = state.0.lock().map(|ws| ws.is_recent(Path::new(&path))).unwrap_or(false);
    let path = if recent { PathBuf::from(path) } else { granted(&state, &grants, &path, &[PickPurpose::Open])? };
    let out = with_ws(&state, |ws| ws.begin_open(&path));
    update_title(&app, &state);
    out
}

/// Opens the shown dialogue for work (`Workspace::finish_open`); the window calls it once its
/// first screen is painted, and loads its lists after it. SQLite's whole-file check starts
/// beside it, for `dialogue_checked`.
#[tauri::command(rename_all = "snake_case", async)]
pub fn dialogue_ready<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Res<DialogueInfo> {
    let out = with_ws(&state, |ws| ws.finish_open());
    update_title(&app, &state);
    out
}

/// Resolves once the open file has passed its whole-file check (seconds on a sector-scale
/// file), or closes it and fails with the check's error (`Workspace::checked`). The waiting
/// happens outside the workspace lock, so the window reads meanwhile, on a blocking thread,
/// so it holds up neither the main thread nor one of the few async workers.
#[tauri::command(rename_all = "snake_case")]
pub async fn dialogue_checked<R: Runtime>(app: AppHandle<R>) -> Res<DialogueInfo> {
    let handle = app.clone();
    let out = tauri::async_runtime::spawn_blocking(move || {
        let state = handle.state::<AppState>();
        // Again after each wait: another file may have been opened meanwhile, whose check the
        // workspace would otherwise wait for while holding its lock.
        while let Some(wait) = with_ws(&state, |ws| ws.integrity_wait())? {
            wait.wait();
        }
        with_ws(&state, |ws| ws.checked())
    })
    .await
    .map_err(|e| err(Error::Internal(e.to_string())))?;
    update_title(&app, &app.state());
    out
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn dialogue_open_demo<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Res<DialogueInfo> {
    let out = with_ws(&state, |ws| ws.open_demo());
    update_title(&app, &state);
    out
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn dialogue_save_copy(state: State<'_, AppState>, grants: State<'_, FileGrants>, path: String) -> Res<()> {
    let path = granted(&state, &grants, &path, &[PickPurpose::SaveCopy])?;
    with_store(&state, |s| s.save_copy(&path))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn dialogue_close<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Res<()> {
    with_ws(&state, |ws| {
        ws.close();
        Ok(())
    })?;
    update_title(&app, &state);
    Ok(())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn backup_list(state: State<'_, AppState>) -> Res<BackupList> {
    with_ws(&state, |ws| ws.list_backups())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn backup_restore<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: String) -> Res<DialogueInfo> {
    let out = with_ws(&state, |ws| ws.restore_backup(&id));
    update_title(&app, &state);
    out
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn dialogue_info(state: State<'_, AppState>) -> Res<DialogueInfo> {
    with_ws(&state, |ws| ws.info())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn dialogue_update(state: State<'_, AppState>, input: DialogueInput) -> Res<Dialogue> {
    with_store(&state, |s| s.update_dialogue(input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn recent_forget(state: State<'_, AppState>, path: String) -> Res<Vec<RecentFile>> {
    with_ws(&state, |ws| ws.forget_recent(Path::new(&path)))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn bouwsteen_list(state: State<'_, AppState>) -> Res<Vec<Bouwsteen>> {
    with_store(&state, |s| s.list_bouwstenen())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn bouwsteen_create(state: State<'_, AppState>, input: BouwsteenInput) -> Res<Bouwsteen> {
    with_store(&state, |s| s.create_bouwsteen(input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn bouwsteen_update(state: State<'_, AppState>, id: Uuid, input: BouwsteenInput) -> Res<Bouwsteen> {
    with_store(&state, |s| s.update_bouwsteen(id, input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn bouwsteen_delete(state: State<'_, AppState>, id: Uuid) -> Res<()> {
    with_store(&state, |s| s.delete_bouwsteen(id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn bouwsteen_move(state: State<'_, AppState>, id: Uuid, index: usize) -> Res<Vec<Bouwsteen>> {
    with_store(&state, |s| s.move_bouwsteen(id, index))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn topic_list(state: State<'_, AppState>) -> Res<Vec<Topic>> {
    with_store(&state, |s| s.list_topics())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn topic_create(state: State<'_, AppState>, input: TopicInput) -> Res<Topic> {
    with_store(&state, |s| s.create_topic(input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn topic_update(state: State<'_, AppState>, id: Uuid, input: TopicInput) -> Res<Topic> {
    with_store(&state, |s| s.update_topic(id, input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn topic_delete(state: State<'_, AppState>, id: Uuid) -> Res<()> {
    with_store(&state, |s| s.delete_topic(id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn party_list(state: State<'_, AppState>) -> Res<Vec<Party>> {
    with_store(&state, |s| s.list_parties())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn party_create(state: State<'_, AppState>, input: PartyInput) -> Res<Party> {
    with_store(&state, |s| s.create_party(input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn party_update(state: State<'_, AppState>, id: Uuid, input: PartyInput) -> Res<Party> {
    with_store(&state, |s| s.update_party(id, input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn party_delete(state: State<'_, AppState>, id: Uuid) -> Res<()> {
    with_store(&state, |s| s.delete_party(id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn session_list(state: State<'_, AppState>) -> Res<Vec<Session>> {
    with_store(&state, |s| s.list_sessions())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn session_create(state: State<'_, AppState>, input: SessionInput) -> Res<Session> {
    with_store(&state, |s| s.create_session(input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn session_update(state: State<'_, AppState>, id: Uuid, input: SessionInput) -> Res<Session> {
    with_store(&state, |s| s.update_session(id, input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn session_delete(state: State<'_, AppState>, id: Uuid) -> Res<()> {
    with_store(&state, |s| s.delete_session(id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn position_set(state: State<'_, AppState>, input: PositionInput) -> Res<PositionChange> {
    with_store(&state, |s| s.set_position(input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn position_clear(state: State<'_, AppState>, key: PositionKey) -> Res<PositionChange> {
    with_store(&state, |s| s.clear_position(key))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn positions_in_session(state: State<'_, AppState>, session_id: Uuid, topic_id: Uuid) -> Res<Vec<Position>> {
    with_store(&state, |s| s.positions_in_session(session_id, topic_id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn position_history(state: State<'_, AppState>, topic_id: Uuid, party_id: Uuid) -> Res<Vec<HistoryEntry>> {
    with_store(&state, |s| s.position_history(topic_id, party_id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn verdict_list(state: State<'_, AppState>) -> Res<Vec<Verdict>> {
    with_store(&state, |s| s.list_verdicts())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn verdict_set(state: State<'_, AppState>, topic_id: Uuid, marking: Marking, note: String) -> Res<Verdict> {
    with_store(&state, |s| s.set_verdict(topic_id, marking, &note))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn verdict_clear(state: State<'_, AppState>, topic_id: Uuid) -> Res<()> {
    with_store(&state, |s| s.clear_verdict(topic_id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn action_list(state: State<'_, AppState>) -> Res<Vec<Action>> {
    with_store(&state, |s| s.list_actions())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn action_create(state: State<'_, AppState>, input: ActionInput) -> Res<Action> {
    with_store(&state, |s| s.create_action(input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn action_update(state: State<'_, AppState>, id: Uuid, input: ActionInput) -> Res<Action> {
    with_store(&state, |s| s.update_action(id, input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn action_delete(state: State<'_, AppState>, id: Uuid) -> Res<()> {
    with_store(&state, |s| s.delete_action(id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn search(state: State<'_, AppState>, query: String) -> Res<Vec<SearchHit>> {
    with_store(&state, |s| s.search(&query))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn positions_import_csv(
    state: State<'_, AppState>,
    grants: State<'_, FileGrants>,
    path: String,
) -> Res<ImportReport> {
    let path = granted(&state, &grants, &path, &[PickPurpose::ImportCsv])?;
    with_store(&state, |s| ketentafel_core::csv::import_positions(s, &path))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn positions_export_csv(state: State<'_, AppState>, grants: State<'_, FileGrants>, path: String) -> Res<i64> {
    let path = granted(&state, &grants, &path, &[PickPurpose::ExportCsv])?;
    with_store(&state, |s| ketentafel_core::csv::export_positions(s, &path))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn positions_import_polis(
    state: State<'_, AppState>,
    grants: State<'_, FileGrants>,
    path: String,
) -> Res<ketentafel_core::polis::PolisReport> {
    let path = granted(&state, &grants, &path, &[PickPurpose::ImportPolis])?;
    with_store(&state, |s| ketentafel_core::polis::import(s, &path))
}

// ---- the review views --------------------------------------------------------------------

use ketentafel_core::analysis::{
    Alignment, CellDetail, HeatmapLayout, HeatmapWindow, Movement, Overview, PartyProfile, TopicDetail,
};

#[tauri::command(rename_all = "snake_case", async)]
pub fn analysis_overview(state: State<'_, AppState>) -> Res<Overview> {
    with_store_lang(&state, |s, lang| s.overview(lang))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn analysis_topic(state: State<'_, AppState>, topic_id: Uuid) -> Res<TopicDetail> {
    with_store_lang(&state, |s, lang| s.topic_detail(topic_id, lang))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn analysis_party(state: State<'_, AppState>, party_id: Uuid) -> Res<PartyProfile> {
    with_store(&state, |s| s.party_profile(party_id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn analysis_alignment(state: State<'_, AppState>) -> Res<Alignment> {
    with_store(&state, |s| s.alignment())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn analysis_movement(state: State<'_, AppState>, from_session: Uuid, to_session: Uuid) -> Res<Movement> {
    with_store(&state, |s| s.movement(from_session, to_session))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn heatmap_layout(state: State<'_, AppState>) -> Res<HeatmapLayout> {
    with_store(&state, |s| s.heatmap_layout())
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn heatmap_window(
    state: State<'_, AppState>,
    row: u32,
    column: u32,
    rows: u32,
    columns: u32,
) -> Res<HeatmapWindow> {
    with_store(&state, |s| s.heatmap_window(row, column, rows, columns))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn heatmap_cell(state: State<'_, AppState>, topic_id: Uuid, party_id: Uuid) -> Res<CellDetail> {
    with_store(&state, |s| s.cell_detail(topic_id, party_id))
}

// ---- agenda ------------------------------------------------------------------------------

use ketentafel_core::agenda::{Agenda, AgendaFormat, AgendaItem, AgendaItemInput, DraftParams};

#[tauri::command(rename_all = "snake_case", async)]
pub fn agenda_get(state: State<'_, AppState>, session_id: Uuid) -> Res<Agenda> {
    with_store(&state, |s| s.agenda(session_id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn agenda_draft(state: State<'_, AppState>, session_id: Uuid, params: DraftParams) -> Res<Agenda> {
    with_store_lang(&state, |s, lang| s.draft_agenda(session_id, &params, lang))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn agenda_item_add(state: State<'_, AppState>, session_id: Uuid, input: AgendaItemInput) -> Res<AgendaItem> {
    with_store(&state, |s| s.add_agenda_item(session_id, input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn agenda_item_update(state: State<'_, AppState>, id: Uuid, input: AgendaItemInput) -> Res<AgendaItem> {
    with_store(&state, |s| s.update_agenda_item(id, input))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn agenda_item_delete(state: State<'_, AppState>, id: Uuid) -> Res<()> {
    with_store(&state, |s| s.delete_agenda_item(id))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn agenda_item_move(state: State<'_, AppState>, id: Uuid, index: usize) -> Res<Agenda> {
    with_store(&state, |s| s.move_agenda_item(id, index))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn agenda_export(
    state: State<'_, AppState>,
    grants: State<'_, FileGrants>,
    session_id: Uuid,
    format: AgendaFormat,
    path: String,
) -> Res<()> {
    let purpose = match format {
        AgendaFormat::Md => PickPurpose::ExportMarkdown,
        AgendaFormat::Html => PickPurpose::ExportHtml,
        AgendaFormat::Docx => PickPurpose::ExportDocx,
        AgendaFormat::Ics => PickPurpose::ExportIcs,
    };
    let path = granted(&state, &grants, &path, &[purpose])?;
    with_store_lang(&state, |s, lang| ketentafel_core::agenda::export(s, session_id, format, lang, &path))
}

// ---- report, Excel and bundles -----------------------------------------------------------

#[tauri::command(rename_all = "snake_case", async)]
pub fn report_export(state: State<'_, AppState>, grants: State<'_, FileGrants>, path: String) -> Res<()> {
    let path = granted(&state, &grants, &path, &[PickPurpose::ExportReport])?;
    with_store_lang(&state, |s, lang| {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("docx");
        let format = ketentafel_core::export::Format::from_code(ext)
            .ok_or_else(|| Error::invalid("path", "the report is written as .docx, .html or .md"))?;
        ketentafel_core::report::write(s, lang, format, &path).map(|_| ())
    })
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn positions_export_xlsx(state: State<'_, AppState>, grants: State<'_, FileGrants>, path: String) -> Res<i64> {
    let path = granted(&state, &grants, &path, &[PickPurpose::ExportXlsx])?;
    with_store_lang(&state, |s, lang| {
        ketentafel_core::xlsx::export(s, &path, lang)?;
        Ok(s.counts()?.positions)
    })
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn positions_import_xlsx(
    state: State<'_, AppState>,
    grants: State<'_, FileGrants>,
    path: String,
) -> Res<ImportReport> {
    let path = granted(&state, &grants, &path, &[PickPurpose::ImportXlsx])?;
    with_store(&state, |s| ketentafel_core::xlsx::import_positions(s, &path))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn bundle_export(state: State<'_, AppState>, grants: State<'_, FileGrants>, path: String) -> Res<()> {
    let path = granted(&state, &grants, &path, &[PickPurpose::ExportBundle])?;
    with_store(&state, |s| ketentafel_core::bundle::write(s, &path).map(|_| ()))
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn bundle_import(
    state: State<'_, AppState>,
    grants: State<'_, FileGrants>,
    path: String,
) -> Res<ketentafel_core::bundle::MergeReport> {
    let path = granted(&state, &grants, &path, &[PickPurpose::ImportBundle])?;
    with_store(&state, |s| {
        let bundle = ketentafel_core::bundle::read(&path)?;
        ketentafel_core::bundle::import(s, &bundle)
    })
}

#[tauri::command(rename_all = "snake_case", async)]
pub fn person_list(state: State<'_, AppState>) -> Res<Vec<Person>> {
    with_store(&state, |s| s.list_people())
}

/// Everything the dialogue holds about one person, as JSON (a GDPR access request).
#[tauri::command(rename_all = "snake_case", async)]
pub fn person_export(state: State<'_, AppState>, grants: State<'_, FileGrants>, id: Uuid, path: String) -> Res<()> {
    let path = granted(&state, &grants, &path, &[PickPurpose::ExportPerson])?;
    with_store_lang(&state, |s, lang| ketentafel_core::privacy::export_person(s, id, &path, lang).map(|_| ()))
}

/// Erases a person from the whole file; irreversible.
#[tauri::command(rename_all = "snake_case", async)]
pub fn person_erase(state: State<'_, AppState>, id: Uuid) -> Res<ketentafel_core::privacy::ErasureReport> {
    with_ws(&state, |ws| ws.erase_person(id))
}
