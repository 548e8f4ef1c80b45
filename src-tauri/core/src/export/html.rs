//! Renders a [`Document`](super::Document) as html (being built).

use super::Document;

pub fn render(doc: &Document) -> String {
    doc.plain_text()
}
