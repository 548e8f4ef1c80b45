//! A bare Tauri window: what `scripts/paint-bench.mjs` measures the app's first paint against.
//! The same Tauri, window size and security settings as the app, a static page, and the same
//! first-paint probe (the app's `probe.rs`, compiled in here), but no dialogue, no core and no
//! Svelte. It never ships: the `.deb` holds the app's binary only.

#[path = "../../src/probe.rs"]
mod probe;

fn main() {
    probe::mark("main");
    let app = tauri::Builder::default()
        .setup(|_| {
            probe::mark("setup");
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![probe::paint_probe])
        .run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("ketentafel-bare-window: {e}");
        std::process::exit(1);
    }
}
