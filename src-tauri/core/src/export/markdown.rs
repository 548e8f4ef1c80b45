//! Renders a [`Document`](super::Document) as markdown (being built).

use super::Document;

pub fn render(doc: &Document) -> String {
    doc.plain_text()
}
