//! The app's session state without a window: which dialogue is open, the settings, the
//! recent files and what happens on start. The desktop shell holds one `Workspace`.

use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::db::EXTENSION;
use crate::demo;
use crate::error::{Error, ErrorPayload, Lang, Result};
use crate::model::{AppSnapshot, DialogueInfo, RecentFile};
use crate::settings::Settings;
use crate::store::Store;

/// What the app was asked to do on start (from its command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartArgs {
    /// A dialogue file to open (e.g. a double-clicked `.ketentafel`).
    pub file: Option<PathBuf>,
    /// Open a fresh demo dialogue.
    pub demo: bool,
}

impl StartArgs {
    /// Reads `[FILE] [--demo]`, ignoring anything else (WebDriver and the OS add flags).
    pub fn parse(args: impl IntoIterator<Item = String>) -> StartArgs {
        let mut out = StartArgs::default();
        for a in args {
            if a == "--demo" {
                out.demo = true;
            } else if !a.starts_with('-') && out.file.is_none() {
                out.file = Some(PathBuf::from(a));
            }
        }
        out
    }
}

pub struct Workspace {
    store: Option<Store>,
    settings: Settings,
    settings_path: PathBuf,
    data_dir: PathBuf,
    reopen_error: Option<ErrorPayload>,
    version: String,
}

impl Workspace {
    /// A workspace keeping its settings and demo files in `data_dir`.
    pub fn new(data_dir: PathBuf, version: &str) -> Workspace {
        let settings_path = data_dir.join("settings.json");
        Workspace {
            store: None,
            settings: Settings::load(&settings_path),
            settings_path,
            data_dir,
            reopen_error: None,
            version: version.to_owned(),
        }
    }

    /// Opens what the command line asks for, or else the last dialogue. A failure is kept
    /// for the window to show; the app starts either way.
    pub fn start(&mut self, args: &StartArgs) {
        let result = if args.demo {
            self.open_demo().map(|_| ())
        } else if let Some(file) = &args.file {
            self.open(file).map(|_| ())
        } else if let Some(last) = self.settings.last_file().map(Path::to_owned) {
            self.open(&last).map(|_| ())
        } else {
            Ok(())
        };
        self.reopen_error = result.err().map(|e| ErrorPayload::from(&e));
    }

    pub fn snapshot(&self) -> Result<AppSnapshot> {
        Ok(AppSnapshot {
            version: self.version.clone(),
            lang: self.settings.lang,
            dialogue: self.store.as_ref().map(Store::info).transpose()?,
            recent: self.settings.recent_files(),
            reopen_error: self.reopen_error.clone(),
        })
    }

    /// Creates a new dialogue file (with the four default bouwstenen, or the whole demo) and
    /// makes it the open one.
    pub fn create(&mut self, path: &Path, with_demo: bool) -> Result<DialogueInfo> {
        let path = with_extension(path);
        let mut store = Store::create(&path)?;
        if with_demo {
            demo::populate(&mut store)?;
        }
        self.replace(store)
    }

    /// Opens an existing file. On failure the dialogue that was open stays open.
    pub fn open(&mut self, path: &Path) -> Result<DialogueInfo> {
        let store = Store::open(path)?;
        self.replace(store)
    }

    /// Creates a fresh demo dialogue in the data folder and opens it.
    pub fn open_demo(&mut self) -> Result<DialogueInfo> {
        std::fs::create_dir_all(&self.data_dir)?;
        let mut n = 1;
        let path = loop {
            let name = if n == 1 {
                format!("Voorbeelddialoog.{EXTENSION}")
            } else {
                format!("Voorbeelddialoog {n}.{EXTENSION}")
            };
            let p = self.data_dir.join(name);
            if !p.exists() {
                break p;
            }
            n += 1;
        };
        self.create(&path, true)
    }

    fn replace(&mut self, store: Store) -> Result<DialogueInfo> {
        let info = store.info()?;
        if let Some(p) = store.path() {
            self.settings.touch_recent(p, Utc::now());
            // Settings are a convenience: failing to write them must not fail the open.
            let _ = self.settings.save(&self.settings_path);
        }
        self.store = Some(store);
        self.reopen_error = None;
        Ok(info)
    }

    pub fn close(&mut self) {
        self.store = None;
    }

    /// The open dialogue, or `NoDialogueOpen`.
    pub fn store(&mut self) -> Result<&mut Store> {
        self.store.as_mut().ok_or(Error::NoDialogueOpen)
    }

    pub fn info(&self) -> Result<DialogueInfo> {
        self.store.as_ref().ok_or(Error::NoDialogueOpen)?.info()
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    pub fn set_lang(&mut self, lang: Lang) -> Result<()> {
        self.settings.lang = lang;
        self.settings.save(&self.settings_path)
    }

    /// Whether `path` is on the recent-files list (chosen in a dialog on an earlier day).
    pub fn is_recent(&self, path: &Path) -> bool {
        self.settings.recent_files().iter().any(|r| Path::new(&r.path) == path)
    }

    pub fn forget_recent(&mut self, path: &Path) -> Result<Vec<RecentFile>> {
        self.settings.forget_recent(path);
        self.settings.save(&self.settings_path)?;
        Ok(self.settings.recent_files())
    }

    /// "Ketentafel — werkgroep.ketentafel", or just "Ketentafel".
    pub fn window_title(&self) -> String {
        match self.store.as_ref().and_then(|s| s.path()).and_then(|p| p.file_name()).and_then(|n| n.to_str()) {
            Some(name) => format!("{name} — Ketentafel"),
            None => "Ketentafel".to_owned(),
        }
    }
}

/// Adds `.ketentafel` when the user typed a name without it.
fn with_extension(path: &Path) -> PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case(EXTENSION) => path.to_owned(),
        _ => {
            let mut s = path.as_os_str().to_owned();
            s.push(".");
            s.push(EXTENSION);
            PathBuf::from(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn create_reopen_and_last_file_on_start() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(dir.path().join("data"), "0.1.0");
        assert!(ws.snapshot().unwrap().dialogue.is_none());
        let info = ws.create(&dir.path().join("werkgroep"), false).unwrap();
        assert_eq!(info.file_name, "werkgroep.ketentafel");
        assert_eq!(info.counts.bouwstenen, 4, "a new dialogue has the four default bouwstenen");
        assert_eq!(ws.window_title(), "werkgroep.ketentafel — Ketentafel");
        drop(ws);
        let mut again = Workspace::new(dir.path().join("data"), "0.1.0");
        again.start(&StartArgs::default());
        let snap = again.snapshot().unwrap();
        assert_eq!(snap.dialogue.unwrap().file_name, "werkgroep.ketentafel");
        assert_eq!(snap.recent.len(), 1);
    }

    #[test]
    fn failed_open_keeps_the_open_dialogue_and_is_reported_on_start() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(dir.path().join("data"), "0.1.0");
        ws.create(&dir.path().join("a.ketentafel"), false).unwrap();
        let txt = dir.path().join("notes.txt");
        std::fs::write(&txt, "not a dialogue").unwrap();
        assert_eq!(ws.open(&txt).unwrap_err().code(), ErrorCode::NotADialogue);
        assert_eq!(ws.info().unwrap().file_name, "a.ketentafel");
        ws.close();
        assert_eq!(ws.store().err().unwrap().code(), ErrorCode::NoDialogueOpen);
        let mut ws2 = Workspace::new(dir.path().join("data"), "0.1.0");
        ws2.start(&StartArgs { file: Some(txt), demo: false });
        assert_eq!(ws2.snapshot().unwrap().reopen_error.unwrap().code, ErrorCode::NotADialogue);
    }

    #[test]
    fn demo_files_do_not_overwrite_each_other_and_lang_persists() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(dir.path().to_owned(), "0.1.0");
        let a = ws.open_demo().unwrap();
        let b = ws.open_demo().unwrap();
        assert_ne!(a.path, b.path);
        assert!(b.counts.parties >= 12);
        ws.set_lang(Lang::En).unwrap();
        assert_eq!(Workspace::new(dir.path().to_owned(), "0.1.0").lang(), Lang::En);
    }

    #[test]
    fn start_args() {
        let a = StartArgs::parse(["--demo".to_string()]);
        assert!(a.demo);
        let b = StartArgs::parse(["x.ketentafel".to_string(), "--foo".to_string()]);
        assert_eq!(b.file, Some(PathBuf::from("x.ketentafel")));
    }
}
