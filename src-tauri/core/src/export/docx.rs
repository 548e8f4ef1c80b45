//! Renders a [`Document`](super::Document) as DOCX (being built).

use super::Document;
use crate::error::{Error, Result};

pub fn render(_doc: &Document) -> Result<Vec<u8>> {
    Err(Error::Internal("DOCX is not written yet".into()))
}
