//! Renders a [`Document`](super::Document) as Markdown (CommonMark with GitHub's pipe tables).
//!
//! Every piece of text is escaped, so what a user typed (a rationale, a party name) shows as
//! typed and never becomes markup: punctuation Markdown gives a meaning is backslash-escaped,
//! a block never starts with a list or heading marker, and line breaks inside a block become
//! spaces (one block, one line).

use super::{Block, Document, Inline, Table};

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("# ");
    out.push_str(&block_text(&doc.title));
    out.push_str("\n\n");
    if let Some(sub) = doc.subtitle.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        out.push_str(&emphasis(sub));
        out.push_str("\n\n");
    }
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                // Level 1 sits below the title's `#`.
                let hashes = "#".repeat(usize::from((*level).clamp(1, 5)) + 1);
                out.push_str(&format!("{hashes} {}\n\n", block_text(text)));
            }
            Block::Paragraph(inlines) => {
                let text = inlines_md(inlines);
                if !text.is_empty() {
                    out.push_str(&text);
                    out.push_str("\n\n");
                }
            }
            Block::Bullets(items) => {
                for item in items {
                    out.push_str("- ");
                    out.push_str(&inlines_md(item));
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table(t) => table(&mut out, t),
            // Markdown has no pages.
            Block::PageBreak => {}
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn table(out: &mut String, t: &Table) {
    let columns = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return;
    }
    let row = |cells: Vec<String>| {
        let mut line = String::from("|");
        for c in cells {
            line.push(' ');
            line.push_str(&c);
            line.push_str(" |");
        }
        line.push('\n');
        line
    };
    let pad = |mut v: Vec<String>| {
        v.resize(columns, String::new());
        v
    };
    out.push_str(&row(pad(t.header.iter().map(|h| escape(&one_line(h))).collect())));
    out.push_str(&row(vec!["---".to_owned(); columns]));
    for r in &t.rows {
        out.push_str(&row(pad(r.iter().map(|c| escape(&one_line(&c.text))).collect())));
    }
    out.push('\n');
}

/// A block's text on one line, escaped, with no marker at its start.
fn block_text(s: &str) -> String {
    guard_start(&escape(&one_line(s)))
}

fn inlines_md(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(s) => out.push_str(&escape(&one_line(s))),
            Inline::Strong(s) => out.push_str(&wrap(s, "**")),
            Inline::Emphasis(s) => out.push_str(&emphasis(s)),
        }
    }
    guard_start(out.trim())
}

fn emphasis(s: &str) -> String {
    wrap(s, "_")
}

/// `**text**` with the surrounding spaces outside the markers (`** x**` is no emphasis).
fn wrap(s: &str, marker: &str) -> String {
    let line = one_line(s);
    let core = line.trim();
    if core.is_empty() {
        return line;
    }
    let lead = if line.starts_with(' ') { " " } else { "" };
    let trail = if line.ends_with(' ') { " " } else { "" };
    format!("{lead}{marker}{}{marker}{trail}", escape(core))
}

/// Line breaks, tabs and other control characters become spaces; runs of spaces stay.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_break = false;
    for c in s.chars() {
        if c == '\r' || c == '\n' {
            if !last_break {
                out.push(' ');
            }
            last_break = true;
        } else {
            out.push(if c.is_control() { ' ' } else { c });
            last_break = false;
        }
    }
    out
}

/// Backslash-escapes every character Markdown (CommonMark and GitHub's extensions) reads as
/// markup inside a line.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Keeps the start of a block from reading as a list item, a quote, a heading, a thematic
/// break or a code block: "- x", "+ x", "1. x", "2) x", "=== ", four leading spaces.
fn guard_start(s: &str) -> String {
    let s = s.trim_start();
    let mut chars = s.char_indices().peekable();
    match chars.peek().map(|(_, c)| *c) {
        Some('-' | '+' | '=') => format!("\\{s}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = s.bytes().take_while(u8::is_ascii_digit).count();
            let rest = &s[digits..];
            match rest.chars().next() {
                // An ordered-list marker is up to nine digits, then `.` or `)`, then a space.
                Some('.' | ')') if rest[1..].is_empty() || rest[1..].starts_with(' ') => {
                    format!("{}\\{rest}", &s[..digits])
                }
                _ => s.to_owned(),
            }
        }
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Lang;
    use crate::export::TableCell;

    fn doc() -> Document {
        let mut d = Document::new("Rapport | *concept*", Lang::Nl);
        d.subtitle = Some("Opgesteld op 1 maart".into());
        d.heading(1, "Eerste");
        d.rich(vec![
            Inline::Text("Gewoon ".into()),
            Inline::Strong("vet".into()),
            Inline::Text(" en ".into()),
            Inline::Emphasis("schuin".into()),
        ]);
        d.heading(2, "Tweede");
        d.bullets(vec![vec![Inline::Text("een".into())], vec![Inline::Text("twee".into())]]);
        d.blocks.push(Block::PageBreak);
        d.heading(3, "Derde");
        d.table(Table {
            header: vec!["Code".into(), "Titel".into()],
            rows: vec![vec![TableCell::text("1.1"), TableCell::text("a | b\nc")]],
            widths: vec![],
        });
        d
    }

    #[test]
    fn structure_in_order() {
        let md = render(&doc());
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], r"# Rapport \| \*concept\*");
        assert_eq!(lines[2], "_Opgesteld op 1 maart_");
        let pos = |needle: &str| md.find(needle).unwrap_or_else(|| panic!("{needle} in {md}"));
        assert!(pos("## Eerste") < pos("### Tweede"));
        assert!(pos("### Tweede") < pos("#### Derde"));
        assert!(md.contains("Gewoon **vet** en _schuin_"));
        assert!(md.contains("- een\n- twee\n"));
        assert!(md.contains("| Code | Titel |\n| --- | --- |\n| 1.1 | a \\| b c |"), "{md}");
        assert!(md.ends_with("|\n") && !md.ends_with("\n\n"));
    }

    #[test]
    fn hostile_text_stays_text() {
        let mut d = Document::new("t", Lang::En);
        for s in ["<script>alert(1)</script>", "**x**", "| a |", "=cmd", "- item", "1. first", "# kop", "`code`"] {
            d.paragraph(s);
            d.bullets(vec![vec![Inline::Text(s.into())]]);
            d.heading(1, s);
        }
        d.table(Table {
            header: vec!["| a |".into()],
            rows: vec![vec![TableCell::text("[link](javascript:x) _y_")]],
            widths: vec![],
        });
        let md = render(&d);
        assert!(md.match_indices(['<', '>']).all(|(i, _)| md[..i].ends_with('\\')), "{md}");
        assert!(md.contains(r"\<script\>alert(1)\</script\>"));
        assert!(md.contains(r"\*\*x\*\*"));
        assert!(!md.contains("**x**"));
        assert!(md.contains(r"\| a \|"));
        assert!(md.contains("\n\\=cmd\n"));
        assert!(md.contains("\n\\- item\n") && md.contains("- \\- item\n"), "{md}");
        assert!(md.contains("\n1\\. first\n"), "{md}");
        assert!(md.contains(r"\# kop") && md.contains(r"\`code\`"));
        assert!(md.contains(r"| \[link\](javascript:x) \_y\_ |"), "{md}");
    }

    #[test]
    fn numbers_and_breaks_that_are_no_markup_are_left_alone() {
        let mut d = Document::new("t", Lang::Nl);
        d.paragraph("2.2 Rechten\nkeren terug");
        d.rich(vec![Inline::Strong(" vet ".into()), Inline::Text("tekst".into())]);
        let md = render(&d);
        assert!(md.contains("\n2.2 Rechten keren terug\n"), "{md}");
        assert!(md.contains("\n**vet** tekst"), "{md}");
    }
}
