//! Documents the app writes for people — the NFF agenda, the working group's report — as one
//! small model rendered three ways: Markdown, a printable HTML page, and DOCX for Word.
//!
//! The model holds plain text only; every renderer escapes it for its own format, so text a
//! user typed (a rationale, a party name) can never become markup.

pub mod docx;
pub mod html;
pub mod markdown;

use serde::{Deserialize, Serialize};

use crate::error::{Lang, Result};

/// A document: a title, an optional line under it, and its blocks in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub title: String,
    pub subtitle: Option<String>,
    /// The language of the fixed texts; also the document's `lang`.
    pub lang: Lang,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// Level 1 is the highest heading below the title.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Vec<Inline>),
    Bullets(Vec<Vec<Inline>>),
    Table(Table),
    /// A new page in print (DOCX, printed HTML); nothing in Markdown.
    PageBreak,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Inline {
    Text(String),
    Strong(String),
    Emphasis(String),
}

/// A table with a header row. `widths` are relative column widths (empty: equal).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<TableCell>>,
    pub widths: Vec<u32>,
}

/// One cell: its text, and optionally a background and text colour (`#rrggbb`), as the
/// heat-map colours of a matrix.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TableCell {
    pub text: String,
    pub fill: Option<String>,
    pub colour: Option<String>,
}

impl TableCell {
    pub fn text(s: impl Into<String>) -> TableCell {
        TableCell { text: s.into(), fill: None, colour: None }
    }
}

impl Document {
    pub fn new(title: impl Into<String>, lang: Lang) -> Document {
        Document { title: title.into(), subtitle: None, lang, blocks: Vec::new() }
    }
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading { level, text: text.into() });
    }
    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(vec![Inline::Text(text.into())]));
    }
    pub fn rich(&mut self, inlines: Vec<Inline>) {
        self.blocks.push(Block::Paragraph(inlines));
    }
    pub fn bullets(&mut self, items: Vec<Vec<Inline>>) {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
    }
    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }
    /// Every piece of text in the document, in order (for tests and search).
    pub fn plain_text(&self) -> String {
        let mut out = vec![self.title.clone()];
        out.extend(self.subtitle.clone());
        for b in &self.blocks {
            match b {
                Block::Heading { text, .. } => out.push(text.clone()),
                Block::Paragraph(p) => out.push(inline_text(p)),
                Block::Bullets(items) => out.extend(items.iter().map(|i| inline_text(i))),
                Block::Table(t) => {
                    out.push(t.header.join(" | "));
                    out.extend(
                        t.rows.iter().map(|r| r.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" | ")),
                    );
                }
                Block::PageBreak => {}
            }
        }
        out.join("\n")
    }
}

pub fn inline_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(s) | Inline::Strong(s) | Inline::Emphasis(s) => s.as_str(),
        })
        .collect()
}

/// The formats a document can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Docx,
}

impl Format {
    pub fn from_code(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so a reader
/// never sees half a file and a failed write leaves any earlier file as it was.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let name = path.file_name().ok_or_else(|| crate::Error::invalid("out", "no file name"))?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let written = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}

/// Renders `doc` in `format` to bytes.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Markdown => markdown::render(doc).into_bytes(),
        Format::Html => html::render(doc).into_bytes(),
        Format::Docx => docx::render(doc)?,
    })
}
