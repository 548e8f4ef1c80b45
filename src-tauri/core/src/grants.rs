//! The files the window may name: only those the user chose in a file dialog (or a recent
//! dialogue), each for the purpose it was chosen for. A script injected into the webview
//! could otherwise read or overwrite any file the user can.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::model::PickPurpose;

/// Paths granted by the file dialog during this run of the app, with their purpose.
#[derive(Debug, Default)]
pub struct FileGrants {
    granted: Mutex<HashSet<(PathBuf, PickPurpose)>>,
}

impl FileGrants {
    /// Records that the user chose `path` in a dialog opened for `purpose`.
    pub fn grant(&self, path: &Path, purpose: PickPurpose) {
        if let Ok(mut set) = self.granted.lock() {
            set.insert((path.to_owned(), purpose));
        }
    }

    /// The path, if the user chose it for one of `purposes`; otherwise `NotPermitted` and
    /// nothing is touched.
    pub fn check(&self, path: &str, purposes: &[PickPurpose]) -> Result<PathBuf> {
        let path = PathBuf::from(path);
        let set = self.granted.lock().map_err(|_| Error::Internal("file grants lock poisoned".into()))?;
        if purposes.iter().any(|p| set.contains(&(path.clone(), *p))) {
            Ok(path)
        } else {
            Err(Error::NotPermitted(path.display().to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorCode, Lang};

    #[test]
    fn only_a_path_chosen_for_that_purpose_passes() {
        let grants = FileGrants::default();
        let csv = Path::new("/tmp/standpunten.csv");
        assert_eq!(
            grants.check("/tmp/standpunten.csv", &[PickPurpose::ImportCsv]).unwrap_err().code(),
            ErrorCode::NotPermitted
        );

        grants.grant(csv, PickPurpose::ImportCsv);
        assert_eq!(grants.check("/tmp/standpunten.csv", &[PickPurpose::ImportCsv]).unwrap(), csv);
        // Chosen to be read is not chosen to be overwritten.
        let e = grants.check("/tmp/standpunten.csv", &[PickPurpose::ExportCsv]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotPermitted);
        assert!(e.localized(Lang::Nl).contains("niet in een bestandsvenster gekozen"));
        assert!(e.localized(Lang::En).contains("not chosen in a file dialog"));
        assert!(grants.check("/etc/passwd", &[PickPurpose::ImportCsv, PickPurpose::Open]).is_err());
        assert!(grants.check("/tmp/../tmp/standpunten.csv", &[PickPurpose::ImportCsv]).is_err());
    }
}
