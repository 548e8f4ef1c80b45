//! Renders a [`Document`](super::Document) as one self-contained, printable HTML page.
//!
//! The page loads nothing: no fonts, no scripts, no images — its style sheet is embedded and
//! a Content-Security-Policy forbids anything else. All text is escaped; colours reach the
//! page only as validated `#rrggbb` values.

use std::fmt::Write as _;

use super::{Block, Document, Inline, Table};
use crate::error::Lang;

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: #1d2430;
  font: 11pt/1.5 "Segoe UI", "Noto Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
main { max-width: 52rem; margin: 2rem auto; padding: 2.5rem 3rem; background: #ffffff;
  border: 1px solid #dde1e6; border-radius: 4px; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; color: #0b3d66; margin: 1.6em 0 0.5em; break-after: avoid; }
h1 { font-size: 1.8rem; margin-top: 0; }
h2 { font-size: 1.4rem; border-bottom: 1px solid #dde1e6; padding-bottom: 0.2em; }
h3 { font-size: 1.15rem; }
h4, h5, h6 { font-size: 1rem; }
.subtitle { margin-top: -0.2em; color: #4a5565; font-style: italic; }
p, li, td, th { white-space: pre-line; overflow-wrap: break-word; }
p { margin: 0 0 0.8em; }
ul { margin: 0 0 1em; padding-left: 1.4em; }
li { margin-bottom: 0.3em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; font-size: 0.9rem; }
th, td { border: 1px solid #c9ced6; padding: 0.3em 0.45em; text-align: left; vertical-align: top; }
thead th { background: #e8ebef; font-weight: 600; }
td.c { text-align: center; white-space: nowrap; }
.page-break { border: 0; border-top: 1px dashed #c9ced6; margin: 2.5rem 0; }
@media print {
  @page { size: A4; margin: 2cm 1.8cm; }
  body { background: #ffffff; font-size: 10.5pt; }
  main { max-width: none; margin: 0; padding: 0; border: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  .page-break { border: 0; margin: 0; break-before: page; page-break-before: always; }
}
"#;

pub fn render(doc: &Document) -> String {
    let lang = match doc.lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    };
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!doctype html>\n");
    let _ = writeln!(out, "<html lang=\"{lang}\">");
    out.push_str("<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing but the embedded style sheet may load or run, whatever the text holds.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"generator\" content=\"Ketentafel\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&doc.title));
    let _ = writeln!(out, "<style>{CSS}</style>");
    out.push_str("</head>\n<body>\n<main>\n<header>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&doc.title));
    if let Some(sub) = doc.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape(sub));
    }
    out.push_str("</header>\n");
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let h = (*level).clamp(1, 5) + 1;
                let _ = writeln!(out, "<h{h}>{}</h{h}>", escape(text));
            }
            Block::Paragraph(inlines) => {
                let _ = writeln!(out, "<p>{}</p>", inlines_html(inlines));
            }
            Block::Bullets(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", inlines_html(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(t) => table(&mut out, t),
            Block::PageBreak => out.push_str("<hr class=\"page-break\">\n"),
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn table(out: &mut String, t: &Table) {
    out.push_str("<table>\n");
    let total: u64 = t.widths.iter().map(|w| u64::from(*w)).sum();
    if total > 0 {
        out.push_str("<colgroup>");
        for w in &t.widths {
            let _ = write!(out, "<col style=\"width:{:.2}%\">", u64::from(*w) as f64 * 100.0 / total as f64);
        }
        out.push_str("</colgroup>\n");
    }
    if !t.header.is_empty() {
        out.push_str("<thead><tr>");
        for h in &t.header {
            let _ = write!(out, "<th scope=\"col\">{}</th>", escape(h));
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for cell in row {
            let fill = cell.fill.as_deref().and_then(valid_colour);
            let colour = cell.colour.as_deref().and_then(valid_colour);
            let mut style = String::new();
            if let Some(f) = &fill {
                let _ = write!(style, "background:{f};");
            }
            if let Some(c) = &colour {
                let _ = write!(style, "color:{c};");
            }
            // A coloured cell is a matrix cell: a short symbol, centred.
            let class = if fill.is_some() { " class=\"c\"" } else { "" };
            if style.is_empty() {
                let _ = write!(out, "<td{class}>{}</td>", escape(&cell.text));
            } else {
                let _ = write!(out, "<td{class} style=\"{style}\">{}</td>", escape(&cell.text));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn inlines_html(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(s) => out.push_str(&escape(s)),
            Inline::Strong(s) => {
                let _ = write!(out, "<strong>{}</strong>", escape(s));
            }
            Inline::Emphasis(s) => {
                let _ = write!(out, "<em>{}</em>", escape(s));
            }
        }
    }
    out
}

/// `#rrggbb` (any case) as lower-case `#rrggbb`; anything else is no colour.
pub fn valid_colour(s: &str) -> Option<String> {
    let hex = s.strip_prefix('#')?;
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| format!("#{}", hex.to_ascii_lowercase()))
}

/// Escapes text for HTML content and attribute values; control characters other than line
/// breaks and tabs (which HTML does not allow) are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {}
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::TableCell;

    #[test]
    fn a_complete_page_that_loads_nothing() {
        let mut d = Document::new("Rapport", Lang::Nl);
        d.subtitle = Some("Concept".into());
        d.heading(1, "Eerste");
        d.rich(vec![Inline::Text("a ".into()), Inline::Strong("b".into()), Inline::Emphasis("c".into())]);
        d.heading(2, "Tweede");
        d.bullets(vec![vec![Inline::Text("punt".into())]]);
        d.blocks.push(Block::PageBreak);
        d.heading(1, "Bijlage");
        d.table(Table {
            header: vec!["Onderwerp".into(), "PLL".into()],
            rows: vec![vec![
                TableCell::text("1.1"),
                TableCell { text: "++".into(), fill: Some("#005A8C".into()), colour: Some("#ffffff".into()) },
            ]],
            widths: vec![3, 1],
        });
        let html = render(&d);
        assert!(html.starts_with("<!doctype html>\n<html lang=\"nl\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("<title>Rapport</title>"));
        assert!(html.contains("@media print") && html.contains("break-before: page"));
        assert!(html.contains("<p class=\"subtitle\">Concept</p>"));
        let pos = |n: &str| html.find(n).unwrap_or_else(|| panic!("{n}"));
        assert!(pos("<h1>Rapport</h1>") < pos("<h2>Eerste</h2>"));
        assert!(pos("<h2>Eerste</h2>") < pos("<h3>Tweede</h3>"));
        assert!(pos("<h3>Tweede</h3>") < pos("<hr class=\"page-break\">"));
        assert!(pos("<hr class=\"page-break\">") < pos("<h2>Bijlage</h2>"));
        assert!(html.contains("<p>a <strong>b</strong><em>c</em></p>"));
        assert!(html.contains("<li>punt</li>"));
        assert!(html.contains("<td class=\"c\" style=\"background:#005a8c;color:#ffffff;\">++</td>"));
        assert!(html.contains("<col style=\"width:75.00%\">"));
        for external in ["<script", "<link", "src=", "href=", "http://", "https://", "url(", "@import"] {
            assert!(!html.contains(external), "{external}");
        }
        assert!(html.ends_with("</html>\n"));
        assert!(render(&Document::new("x", Lang::En)).contains("<html lang=\"en\">"));
    }

    #[test]
    fn hostile_text_and_colours_are_neutralised() {
        let evil = "<script>alert('x')</script> & \"q\" **x** | a | =cmd";
        let mut d = Document::new(evil, Lang::En);
        d.subtitle = Some(evil.into());
        d.heading(1, evil);
        d.rich(vec![Inline::Text(evil.into()), Inline::Strong(evil.into()), Inline::Emphasis(evil.into())]);
        d.bullets(vec![vec![Inline::Text(evil.into())]]);
        d.table(Table {
            header: vec![evil.into()],
            rows: vec![vec![
                TableCell {
                    text: evil.into(),
                    fill: Some("red;background:url(http://x)".into()),
                    colour: Some("#12345g".into()),
                },
                TableCell { text: "\u{1}ok".into(), fill: Some("\"><script>".into()), colour: None },
            ]],
            widths: vec![],
        });
        let html = render(&d);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("'x'") && !html.contains("\"q\""));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; **x** | a | =cmd"));
        assert!(!html.contains("url(") && !html.contains("style=\"background:red"));
        assert!(html.contains("<td>ok</td>"), "control characters are dropped, the bad fill too");
        assert_eq!(valid_colour("#A9D0EE").as_deref(), Some("#a9d0ee"));
        for bad in ["a9d0ee", "#a9d0e", "#a9d0eee", "#ggggggg", "#a9d0e;", ""] {
            assert_eq!(valid_colour(bad), None, "{bad}");
        }
    }
}
