//! The desktop shell: builds the Tauri app, holds the one `Workspace`, and registers the
//! commands. Everything with logic lives in `ketentafel-core`.

pub mod commands;
pub mod probe;

use std::sync::Mutex;

use ketentafel_core::grants::FileGrants;
use ketentafel_core::{StartArgs, Workspace};
use tauri::{Builder, Manager, Runtime};

/// The app's state: the workspace behind a mutex (commands run on several threads).
pub struct AppState(pub Mutex<Workspace>);

/// Registers every command; used by `run` and by the mock-runtime tests alike.
pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_snapshot,
        commands::about,
        commands::set_lang,
        commands::pick_path,
        commands::dialogue_new,
        commands::dialogue_open,
        commands::dialogue_ready,
        commands::dialogue_checked,
        commands::dialogue_open_demo,
        commands::dialogue_save_copy,
        commands::dialogue_close,
        commands::dialogue_info,
        commands::backup_list,
        commands::backup_restore,
        commands::dialogue_update,
        commands::recent_forget,
        commands::bouwsteen_list,
        commands::bouwsteen_create,
        commands::bouwsteen_update,
        commands::bouwsteen_delete,
        commands::bouwsteen_move,
        commands::topic_list,
        commands::topic_create,
        commands::topic_update,
        commands::topic_delete,
        commands::party_list,
        commands::party_create,
        commands::party_update,
        commands::party_delete,
        commands::session_list,
        commands::session_create,
        commands::session_update,
        commands::session_delete,
        commands::position_set,
        commands::position_clear,
        commands::positions_in_session,
        commands::position_history,
        commands::verdict_list,
        commands::verdict_set,
        commands::verdict_clear,
        commands::action_list,
        commands::action_create,
        commands::action_update,
        commands::action_delete,
        commands::search,
        commands::positions_import_csv,
        commands::positions_export_csv,
        commands::positions_import_polis,
        commands::analysis_overview,
        commands::analysis_topic,
        commands::analysis_party,
        commands::analysis_alignment,
        commands::analysis_movement,
        commands::heatmap_layout,
        commands::heatmap_window,
        commands::heatmap_cell,
        commands::agenda_get,
        commands::agenda_draft,
        commands::agenda_item_add,
        commands::agenda_item_update,
        commands::agenda_item_delete,
        commands::agenda_item_move,
        commands::agenda_export,
        commands::report_export,
        commands::positions_export_xlsx,
        commands::positions_import_xlsx,
        commands::bundle_export,
        commands::bundle_import,
        commands::person_list,
        commands::person_export,
        commands::person_erase,
        probe::paint_probe,
    ])
}

/// Asks the workspace every minute whether a snapshot of the open dialogue is due (it is
/// after `backup::INTERVAL` of editing). Taking one runs on its own thread, so the mutex is
/// held only for the check.
fn start_backup_timer<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60));
            let state = app.state::<AppState>();
            if let Ok(mut ws) = state.0.lock() {
                ws.backup_if_due(std::time::Instant::now());
            }
        }
    });
}

/// Opens what the command line asks for (or the last dialogue) on a thread of its own, so the
/// window starts loading its page meanwhile. The thread holds the workspace from before setup
/// returns until the file is open: the page's first command waits for it there.
fn open_on_start<R: Runtime>(app: tauri::AppHandle<R>, args: StartArgs) {
    let (locked, is_locked) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let Ok(mut ws) = state.0.lock() else { return };
        let _ = locked.send(());
        ws.start(&args);
        let title = ws.window_title();
        drop(ws);
        probe::mark("opened");
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.set_title(&title);
        }
    });
    // An error here means the thread ended without the lock (a poisoned one): nothing to wait for.
    let _ = is_locked.recv();
}

/// WebKitGTK paints through Skia on the GPU. Without one (no DRM render node: a virtual
/// machine, a remote desktop) that GPU is Mesa's software OpenGL, which on a 2-core VM took
/// about a second for the first frame of the app's page, where Skia's own CPU renderer takes
/// 0.1–0.3 s (README, "The app at sector scale"). So without a render node, and unless the user
/// set it, the web process is told to use the CPU renderer.
#[cfg(target_os = "linux")]
fn prefer_cpu_rendering_without_gpu() {
    const VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
    let render_node = std::fs::read_dir("/dev/dri")
        .map(|nodes| nodes.flatten().any(|n| n.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false);
    if !render_node && std::env::var_os(VAR).is_none() {
        // SAFETY: called first thing in `run`, before the app or WebKit starts any thread.
        unsafe { std::env::set_var(VAR, "1") };
    }
}

/// Starts the desktop app.
pub fn run() {
    #[cfg(target_os = "linux")]
    prefer_cpu_rendering_without_gpu();
    probe::mark("main");
    let args = StartArgs::parse(std::env::args().skip(1));
    let builder = Builder::default().plugin(tauri_plugin_dialog::init()).setup(move |app| {
        let data_dir = app.path().app_data_dir()?;
        app.manage(AppState(Mutex::new(Workspace::new(data_dir, env!("CARGO_PKG_VERSION")))));
        app.manage(FileGrants::default());
        open_on_start(app.handle().clone(), args);
        start_backup_timer(app.handle().clone());
        probe::mark("setup");
        Ok(())
    });
    if let Err(e) = register(builder).run(tauri::generate_context!()) {
        eprintln!("ketentafel: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod config_tests;
#[cfg(test)]
mod tests;
