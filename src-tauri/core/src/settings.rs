//! The app's own settings file (language, recent files, the last dialogue), kept apart from
//! any dialogue and written atomically.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Lang, Result};
use crate::model::RecentFile;

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub recent: Vec<RecentEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentEntry {
    pub path: PathBuf,
    pub opened_at: DateTime<Utc>,
}

impl Settings {
    /// Loads settings; a missing or unreadable file gives the defaults (settings are a
    /// convenience, never a reason not to start).
    pub fn load(path: &Path) -> Settings {
        std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    /// Writes to a temporary file and renames it over the old one.
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Internal(e.to_string()))?;
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    }

    /// Puts `path` at the top of the recent list.
    pub fn touch_recent(&mut self, path: &Path, now: DateTime<Utc>) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|r| r.path != path);
        self.recent.insert(0, RecentEntry { path, opened_at: now });
        self.recent.truncate(MAX_RECENT);
    }

    pub fn forget_recent(&mut self, path: &Path) {
        self.recent.retain(|r| r.path != path);
    }

    /// The most recently opened file, the one to reopen on start.
    pub fn last_file(&self) -> Option<&Path> {
        self.recent.first().map(|r| r.path.as_path())
    }

    pub fn recent_files(&self) -> Vec<RecentFile> {
        self.recent
            .iter()
            .map(|r| RecentFile {
                path: r.path.display().to_string(),
                file_name: r.path.file_name().and_then(|s| s.to_str()).unwrap_or_default().to_owned(),
                opened_at: r.opened_at,
                exists: r.path.is_file(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_recent_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.json");
        let mut s = Settings::load(&file);
        assert_eq!(s, Settings::default());
        for i in 0..12 {
            s.touch_recent(&dir.path().join(format!("{i}.ketentafel")), Utc::now());
        }
        s.touch_recent(&dir.path().join("3.ketentafel"), Utc::now());
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert!(s.last_file().unwrap().ends_with("3.ketentafel"));
        s.lang = Lang::En;
        s.save(&file).unwrap();
        assert_eq!(Settings::load(&file), s);
    }

    #[test]
    fn broken_settings_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.json");
        std::fs::write(&file, b"{not json").unwrap();
        assert_eq!(Settings::load(&file), Settings::default());
    }
}
