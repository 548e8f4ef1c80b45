//! What the About screen shows: the app's version and licence, and the licences of everything
//! bundled into it (the list `scripts/licences.mjs` writes from the lockfiles).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// One bundled component and its licence (an SPDX expression as its authors state it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Licence {
    pub name: String,
    pub version: String,
    pub licence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AboutInfo {
    pub version: String,
    /// Ketentafel's own licence.
    pub licence: String,
    /// Rust crates linked into the app.
    pub rust: Vec<Licence>,
    /// npm packages in the window's code.
    pub npm: Vec<Licence>,
}

#[derive(Deserialize)]
struct LicenceList {
    rust: Vec<Licence>,
    npm: Vec<Licence>,
}

/// The About information from the app's version and the generated licence list (JSON).
pub fn about(version: &str, licences_json: &str) -> Result<AboutInfo> {
    let list: LicenceList =
        serde_json::from_str(licences_json).map_err(|e| Error::Internal(format!("licence list: {e}")))?;
    Ok(AboutInfo { version: version.to_owned(), licence: "EUPL-1.2".to_owned(), rust: list.rust, npm: list.npm })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_generated_list() {
        let info = about("0.1.0", include_str!("../../licences.json")).unwrap();
        assert_eq!(info.version, "0.1.0");
        assert!(info.rust.iter().any(|c| c.name == "rusqlite" && c.version == "0.40.2"), "rusqlite is listed");
        assert!(info.rust.iter().any(|c| c.name == "tauri"), "tauri is listed");
        assert!(info.npm.iter().any(|p| p.name == "svelte"), "svelte is listed");
        assert!(info.rust.iter().chain(&info.npm).all(|c| !c.licence.is_empty() && c.licence != "unknown"));
        assert!(info.rust.iter().all(|c| !c.name.starts_with("ketentafel")), "our own crates are not third parties");
        assert_eq!(about("0.1.0", "{").unwrap_err().code(), crate::ErrorCode::Internal);
    }
}
