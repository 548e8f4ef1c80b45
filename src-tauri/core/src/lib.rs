//! ketentafel-core: the dialogue model, its SQLite store, the demo and the settings — all
//! of Ketentafel that works without a window. Never depends on Tauri or a webview.

pub mod about;
pub mod agenda;
pub mod analysis;
pub mod backup;
pub mod bench;
pub mod bindings;
pub mod bundle;
pub mod csv;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod generate;
pub mod grants;
pub mod labels;
pub mod lock;
pub mod measures;
pub mod model;
pub mod polis;
pub mod privacy;
pub mod report;
pub mod rng;
pub mod settings;
pub mod store;
pub mod workspace;
pub mod xlsx;

pub use error::{Error, ErrorCode, ErrorPayload, Lang, Result};
pub use store::{Integrity, IntegrityWait, Store, garble_index};
pub use workspace::{StartArgs, Workspace};

/// Checks a file without changing a byte: header, integrity, schema version and counts.
pub fn check_file(path: &std::path::Path) -> Result<CheckReport> {
    let (conn, header) = db::open_read_only(path)?;
    let counts = store::counts(&conn)?;
    Ok(CheckReport {
        schema_version: header.user_version,
        latest_version: db::latest_version(),
        integrity: "ok".into(),
        counts,
    })
}

/// What `ketentafel-cli check` reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckReport {
    pub schema_version: i64,
    pub latest_version: i64,
    pub integrity: String,
    pub counts: model::Counts,
}
