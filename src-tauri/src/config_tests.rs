//! Checks on the window's security configuration: the CSP in tauri.conf.json and the
//! capabilities. The end-to-end suite proves the same policy is enforced in the real window.

use serde_json::Value;

fn config() -> Value {
    serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json is JSON")
}

#[test]
fn csp_allows_no_eval_and_no_remote_source() {
    let config = config();
    let csp = config["app"]["security"]["csp"].as_object().expect("the CSP is set per directive");
    for (directive, sources) in csp {
        let sources = sources.as_str().expect("a directive's sources are one string");
        for source in sources.split_whitespace() {
            // Only the app itself and Tauri's IPC endpoints; images may also be inline data.
            let allowed = matches!(source, "'self'" | "'none'")
                || (directive == "connect-src" && matches!(source, "ipc:" | "http://ipc.localhost"))
                || (directive == "img-src" && source == "data:")
                // Svelte sets element styles inline; styles cannot run code.
                || (directive == "style-src" && source == "'unsafe-inline'");
            assert!(allowed, "{directive} allows {source}");
        }
    }
    for required in ["default-src", "script-src", "connect-src", "object-src", "base-uri", "form-action"] {
        assert!(csp.contains_key(required), "the CSP sets {required}");
    }
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(config["app"]["security"]["freezePrototype"], true);
}

/// Nothing leaves the machine: the page may talk to the Rust side over Tauri's IPC and to
/// nothing else — not even its own origin, and no fetch, WebSocket or beacon to anywhere.
#[test]
fn the_page_connects_to_the_ipc_only() {
    let config = config();
    let security = &config["app"]["security"];
    let connect: Vec<&str> =
        security["csp"]["connect-src"].as_str().expect("connect-src is set").split_whitespace().collect();
    assert_eq!(connect, ["ipc:", "http://ipc.localhost"]);
    // Every other fetch directive falls back to default-src, which is the app's own files.
    assert_eq!(security["csp"]["default-src"], "'self'");
    for key in ["dangerousDisableAssetCspModification", "dangerousRemoteDomainIpcAccess"] {
        assert!(security.get(key).is_none(), "{key} is set");
    }
    // No window loads a remote page.
    for window in config["app"]["windows"].as_array().expect("windows") {
        assert!(window.get("url").is_none_or(|u| u.as_str().is_some_and(|u| !u.contains("://"))), "{window}");
    }
}

#[test]
fn the_window_holds_core_permissions_only() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("capabilities folder") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("capability file");
        let capability: Value = serde_json::from_str(&text).expect("capability JSON");
        let permissions = capability["permissions"].as_array().expect("permissions list");
        for p in permissions {
            // No shell, HTTP, file-system or dialog permission: files only through the dialogs
            // the Rust side opens.
            assert_eq!(p, "core:default", "{} grants {p}", path.display());
        }
        assert!(capability.get("remote").is_none(), "no remote URL may reach the IPC");
        seen += 1;
    }
    assert_eq!(seen, 1, "one capability file, for the main window");
}

#[test]
fn no_plugin_that_reaches_the_network_or_runs_programs() {
    let manifest = include_str!("../Cargo.toml");
    for plugin in
        ["tauri-plugin-shell", "tauri-plugin-http", "tauri-plugin-fs", "tauri-plugin-updater", "tauri-plugin-websocket"]
    {
        assert!(!manifest.contains(plugin), "the shell depends on {plugin}");
    }
}

/// The bare window the first paint is measured against (`src-tauri/bare-window`) opens the
/// same window with the same security settings, so only what the app adds is measured.
#[test]
fn the_bare_window_has_the_apps_window_and_security() {
    let bare: Value = serde_json::from_str(include_str!("../bare-window/tauri.conf.json")).expect("JSON");
    assert_eq!(bare["app"], config()["app"]);
    assert_eq!(bare["bundle"]["active"], false, "never bundled");
}
