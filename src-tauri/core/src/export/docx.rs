//! Renders a [`Document`](super::Document) as DOCX for Word (and LibreOffice).
//!
//! The file uses Word's own style names — Title, Subtitle, heading 1–3 with outline levels —
//! so the navigation pane and a generated table of contents work; bullets are a real list
//! (a numbering definition), tables have a shaded header row and the heat-map fills as cell
//! shading. The document's language (Dutch or English) is set on the default run properties,
//! so Word checks the spelling in the right language, and in the core properties.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, IndentLevel, Level, LevelJc, LevelText, LineSpacing,
    NumberFormat, NumberingId, PageMargin, Paragraph, Run, RunFonts, Shading, ShdType, SpecialIndentType, Start, Style,
    StyleType, TableCell as DocxCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::{Block, Document, Inline, Table, html::valid_colour};
use crate::error::{Error, Lang, Result};

/// A4 portrait in twentieths of a point, with 2 cm margins.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_134;
const TEXT_WIDTH: usize = (PAGE_WIDTH as i32 - 2 * MARGIN) as usize;
/// The bullet list's numbering (docx-rs writes numbering 1 itself).
const BULLETS: usize = 2;
const HEADER_FILL: &str = "E8EBEF";
const FONT: &str = "Calibri";

pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let mut docx = styled(Docx::new())
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN).header(709).footer(709))
        .add_abstract_numbering(bullet_numbering())
        .add_numbering(docx_rs::Numbering::new(BULLETS, BULLETS));

    docx = docx.add_paragraph(Paragraph::new().style("Title").add_run(text_run(&doc.title)));
    if let Some(sub) = doc.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        docx = docx.add_paragraph(Paragraph::new().style("Subtitle").add_run(text_run(sub)));
    }
    for block in &doc.blocks {
        docx = match block {
            Block::Heading { level, text } => {
                let n = (*level).clamp(1, 3);
                docx.add_paragraph(Paragraph::new().style(&format!("Heading{n}")).add_run(text_run(text)))
            }
            Block::Paragraph(inlines) => docx.add_paragraph(runs(Paragraph::new(), inlines)),
            Block::Bullets(items) => items.iter().fold(docx, |d, item| {
                d.add_paragraph(
                    runs(Paragraph::new().style("ListBullet"), item)
                        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0)),
                )
            }),
            Block::Table(t) => docx.add_table(table(t)),
            Block::PageBreak => docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page))),
        };
    }

    let mut xml = docx.build();
    let (tag, bidi) = match doc.lang {
        Lang::Nl => ("nl-NL", "ar-SA"),
        Lang::En => ("en-GB", "ar-SA"),
    };
    xml.styles = set_language(&xml.styles, tag, bidi);
    xml.doc_props.core = core_properties(&xml.doc_props.core, &doc.title, tag);
    let mut out = Cursor::new(Vec::with_capacity(32 * 1024));
    xml.pack(&mut out).map_err(|e| Error::Internal(format!("DOCX could not be written: {e}")))?;
    Ok(out.into_inner())
}

/// The styles: body text, title and subtitle, three headings Word knows as its own (their
/// names are Word's built-in "heading n", with outline levels for the navigation pane), and a
/// list paragraph for bullets.
fn styled(docx: Docx) -> Docx {
    let heading = |n: usize, size: usize, colour: &str, before: u32| {
        let mut style = Style::new(format!("Heading{n}"), StyleType::Paragraph)
            .name(format!("heading {n}"))
            .based_on("Normal")
            .next("Normal")
            .size(size)
            .bold()
            .color(colour)
            .line_spacing(LineSpacing::new().before(before).after(80))
            .outline_lvl(n - 1)
            .ui_priority(9);
        // A heading stays on the page of the text it introduces.
        style.paragraph_property = style.paragraph_property.keep_next(true);
        style
    };
    docx.default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(22)
        .default_line_spacing(LineSpacing::new().after(120).line(276))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .size(40)
                .bold()
                .color("0B3D66")
                .ui_priority(10),
        )
        .add_style(
            Style::new("Subtitle", StyleType::Paragraph)
                .name("Subtitle")
                .based_on("Normal")
                .next("Normal")
                .size(24)
                .italic()
                .color("4A5565")
                .ui_priority(11),
        )
        .add_style(heading(1, 32, "0B3D66", 360))
        .add_style(heading(2, 26, "0B3D66", 240))
        .add_style(heading(3, 23, "1D2430", 200))
        .add_style(
            Style::new("ListBullet", StyleType::Paragraph).name("List Bullet").based_on("Normal").ui_priority(36),
        )
}

fn bullet_numbering() -> AbstractNumbering {
    (0..3).fold(AbstractNumbering::new(BULLETS), |a, level| {
        let indent = 360 * (level as i32 + 1);
        a.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new(["•", "◦", "▪"][level]),
                LevelJc::new("left"),
            )
            .indent(Some(indent), Some(SpecialIndentType::Hanging(360)), None, None),
        )
    })
}

/// One run of plain text: line breaks become breaks, tabs tabs, other control characters go
/// (XML forbids them).
fn text_run(s: &str) -> Run {
    let mut run = Run::new();
    let mut first_line = true;
    for line in s.split('\n') {
        if !first_line {
            run = run.add_break(BreakType::TextWrapping);
        }
        first_line = false;
        let mut first_part = true;
        for part in line.split('\t') {
            if !first_part {
                run = run.add_tab();
            }
            first_part = false;
            let clean: String = part.chars().filter(|c| !c.is_control()).collect();
            if !clean.is_empty() {
                run = run.add_text(clean);
            }
        }
    }
    run
}

fn runs(p: Paragraph, inlines: &[Inline]) -> Paragraph {
    inlines.iter().fold(p, |p, i| match i {
        Inline::Text(s) => p.add_run(text_run(s)),
        Inline::Strong(s) => p.add_run(text_run(s).bold()),
        Inline::Emphasis(s) => p.add_run(text_run(s).italic()),
    })
}

fn table(t: &Table) -> docx_rs::Table {
    let columns = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
    let weights: Vec<u64> = if t.widths.len() == columns && t.widths.iter().any(|w| *w > 0) {
        t.widths.iter().map(|w| u64::from(*w)).collect()
    } else {
        vec![1; columns]
    };
    // A wide table (a position matrix) in 8 pt, others in 9 pt (half-points).
    let size = if columns > 8 { 16 } else { 18 };
    let total: u64 = weights.iter().sum();
    let grid: Vec<usize> = weights.iter().map(|w| (*w * TEXT_WIDTH as u64 / total) as usize).collect();
    let cell = |text: &str, width: usize| {
        DocxCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Top).add_paragraph(
            Paragraph::new()
                .line_spacing(LineSpacing::new().before(0).after(0).line(240))
                .add_run(text_run(text).size(size)),
        )
    };
    let mut rows = Vec::with_capacity(t.rows.len() + 1);
    if !t.header.is_empty() {
        let cells = (0..columns)
            .map(|i| {
                let text = t.header.get(i).map(String::as_str).unwrap_or("");
                DocxCell::new()
                    .width(grid[i], WidthType::Dxa)
                    .shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(HEADER_FILL))
                    .add_paragraph(
                        Paragraph::new()
                            .line_spacing(LineSpacing::new().before(0).after(0).line(240))
                            .add_run(text_run(text).bold().size(size)),
                    )
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    for r in &t.rows {
        let cells = (0..columns)
            .map(|i| match r.get(i) {
                None => cell("", grid[i]),
                Some(c) => {
                    let fill = c.fill.as_deref().and_then(valid_colour);
                    let colour = c.colour.as_deref().and_then(valid_colour);
                    let mut run = text_run(&c.text).size(size);
                    if let Some(col) = &colour {
                        run = run.color(&col[1..]);
                    }
                    let mut para =
                        Paragraph::new().line_spacing(LineSpacing::new().before(0).after(0).line(240)).add_run(run);
                    let mut cell = DocxCell::new().width(grid[i], WidthType::Dxa);
                    if let Some(f) = &fill {
                        // A coloured cell is a matrix cell: a short symbol, centred.
                        para = para.align(AlignmentType::Center);
                        cell = cell.shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(&f[1..]));
                    }
                    cell.add_paragraph(para)
                }
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    // Narrow cell margins (1 mm) leave room for a matrix's many short columns.
    docx_rs::Table::new(rows)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(28, 57, 28, 57))
}

/// Puts `<w:lang>` into the default run properties of styles.xml (docx-rs has no setter).
fn set_language(styles: &[u8], tag: &str, bidi: &str) -> Vec<u8> {
    let Ok(xml) = std::str::from_utf8(styles) else { return styles.to_vec() };
    let lang = format!(r#"<w:lang w:val="{tag}" w:eastAsia="{tag}" w:bidi="{bidi}" />"#);
    let Some(start) = xml.find("<w:rPrDefault>") else { return styles.to_vec() };
    let rest = &xml[start..];
    let patched = if let Some(i) = rest.find("</w:rPr>") {
        // `w:lang` comes late in a run's properties; the defaults hold nothing after it.
        format!("{}{lang}{}", &xml[..start + i], &xml[start + i..])
    } else if let Some(i) = rest.find("<w:rPr />") {
        format!("{}<w:rPr>{lang}</w:rPr>{}", &xml[..start + i], &xml[start + i + "<w:rPr />".len()..])
    } else {
        return styles.to_vec();
    };
    patched.into_bytes()
}

/// Adds the title and language to docProps/core.xml (docx-rs has no setter for either).
fn core_properties(core: &[u8], title: &str, tag: &str) -> Vec<u8> {
    let Ok(xml) = std::str::from_utf8(core) else { return core.to_vec() };
    let end = "</cp:coreProperties>";
    let Some(i) = xml.rfind(end) else { return core.to_vec() };
    let mut extra = String::new();
    if !xml.contains("<dc:language>") {
        extra.push_str(&format!("<dc:language>{tag}</dc:language>"));
    }
    if !xml.contains("<dc:title>") {
        let title: String = title.chars().filter(|c| !c.is_control()).collect();
        extra.push_str(&format!("<dc:title>{}</dc:title>", super::html::escape(&title)));
    }
    format!("{}{extra}{}", &xml[..i], &xml[i..]).into_bytes()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::export::TableCell;

    /// The text of every paragraph of a DOCX, read back with docx-rs's reader (which opens the
    /// zip and parses word/document.xml): paragraphs, then table cells, in document order.
    pub(crate) fn paragraphs(bytes: &[u8]) -> Vec<(Option<String>, String)> {
        let docx = docx_rs::read_docx(bytes).expect("a readable DOCX");
        let mut out = Vec::new();
        for child in &docx.document.children {
            match child {
                docx_rs::DocumentChild::Paragraph(p) => {
                    out.push((p.property.style.as_ref().map(|s| s.val.clone()), p.raw_text()))
                }
                docx_rs::DocumentChild::Table(t) => {
                    for row in &t.rows {
                        let docx_rs::TableChild::TableRow(row) = row;
                        for cell in &row.cells {
                            let docx_rs::TableRowChild::TableCell(cell) = cell;
                            for c in &cell.children {
                                if let docx_rs::TableCellContent::Paragraph(p) = c {
                                    out.push((Some("cell".into()), p.raw_text()));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// A stored zip member's bytes (docx-rs writes them uncompressed), for checks of the XML.
    pub(crate) fn part(bytes: &[u8], name: &str) -> String {
        let needle = name.as_bytes();
        // The name right after a local file header (it appears in other parts too).
        let header = (30..bytes.len() - needle.len())
            .find(|&i| &bytes[i..i + needle.len()] == needle && &bytes[i - 30..i - 26] == b"PK\x03\x04")
            .expect("the part's local file header")
            - 30;
        let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
        let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
        assert_eq!(u16_at(header + 8), 0, "stored, not compressed");
        let (size, name_len, extra_len) = (u32_at(header + 18), u16_at(header + 26), u16_at(header + 28));
        let data = header + 30 + name_len + extra_len;
        String::from_utf8(bytes[data..data + size].to_vec()).unwrap()
    }

    fn sample(lang: Lang) -> Document {
        let mut d = Document::new("Rapport <concept>", lang);
        d.subtitle = Some("Opgesteld op 1 maart".into());
        d.heading(1, "Eerste");
        d.rich(vec![Inline::Text("Gewoon ".into()), Inline::Strong("vet".into()), Inline::Emphasis("schuin".into())]);
        d.heading(2, "Tweede");
        d.bullets(vec![vec![Inline::Text("een".into())], vec![Inline::Text("twee".into())]]);
        d.blocks.push(Block::PageBreak);
        d.heading(3, "Derde");
        d.table(Table {
            header: vec!["Onderwerp".into(), "PLL".into()],
            rows: vec![vec![
                TableCell::text("1.1 Talent"),
                TableCell { text: "++".into(), fill: Some("#005a8c".into()), colour: Some("#ffffff".into()) },
            ]],
            widths: vec![4, 1],
        });
        d
    }

    #[test]
    fn a_zip_with_styles_headings_lists_tables_and_language() {
        let bytes = render(&sample(Lang::Nl)).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let paras = paragraphs(&bytes);
        let styled: Vec<(&str, &str)> =
            paras.iter().filter_map(|(s, t)| s.as_deref().map(|s| (s, t.as_str()))).collect();
        assert_eq!(
            &styled[..6],
            &[
                ("Title", "Rapport <concept>"),
                ("Subtitle", "Opgesteld op 1 maart"),
                ("Heading1", "Eerste"),
                ("Heading2", "Tweede"),
                ("ListBullet", "een"),
                ("ListBullet", "twee"),
            ]
        );
        assert!(styled.contains(&("Heading3", "Derde")));
        assert!(styled.contains(&("cell", "Onderwerp")) && styled.contains(&("cell", "++")));
        assert!(paras.iter().any(|(_, t)| t == "Gewoon vetschuin"));

        let document = part(&bytes, "word/document.xml");
        assert!(document.contains("Rapport &lt;concept&gt;"));
        assert!(document.contains(r#"<w:br w:type="page" />"#), "a page break");
        assert!(document.contains(r#"w:fill="005a8c""#) && document.contains(r#"<w:color w:val="ffffff" />"#));
        assert!(document.contains(r#"<w:numId w:val="2" />"#));
        assert!(document.contains("<w:b />") && document.contains("<w:i />"));
        let styles = part(&bytes, "word/styles.xml");
        assert!(styles.contains(r#"<w:lang w:val="nl-NL""#), "{styles}");
        assert!(styles.contains(r#"<w:name w:val="heading 1" />"#) && styles.contains(r#"<w:outlineLvl w:val="0" />"#));
        let numbering = part(&bytes, "word/numbering.xml");
        assert!(numbering.contains(r#"<w:numFmt w:val="bullet" />"#));
        let core = part(&bytes, "docProps/core.xml");
        assert!(core.contains("<dc:language>nl-NL</dc:language>"));
        assert!(core.contains("<dc:title>Rapport &lt;concept&gt;</dc:title>"));

        let en = render(&sample(Lang::En)).unwrap();
        assert!(part(&en, "word/styles.xml").contains(r#"<w:lang w:val="en-GB""#));
    }

    #[test]
    fn hostile_text_stays_text() {
        let evil = "<script>alert('x')</script> **x** | a | =cmd & Co\u{1}\u{b}";
        let mut d = Document::new(evil, Lang::En);
        d.heading(1, evil);
        d.paragraph(format!("{evil}\nline two\tcolumn"));
        d.table(Table {
            header: vec![evil.into()],
            rows: vec![vec![TableCell { text: evil.into(), fill: Some("\"/><w:evil".into()), colour: None }]],
            widths: vec![],
        });
        let bytes = render(&d).unwrap();
        let paras = paragraphs(&bytes);
        let want = "<script>alert('x')</script> **x** | a | =cmd & Co";
        assert_eq!(paras[0], (Some("Title".into()), want.into()));
        assert_eq!(paras[1], (Some("Heading1".into()), want.into()));
        assert_eq!(paras[2].1, format!("{want}\nline two\tcolumn"), "a line break and a tab, read back");
        assert!(paras.iter().filter(|(s, t)| s.as_deref() == Some("cell") && t == want).count() == 2);
        let document = part(&bytes, "word/document.xml");
        assert!(!document.contains("<script") && !document.contains("w:evil"));
        assert!(document.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"));
        assert!(document.contains("=cmd &amp; Co"));
        assert!(!document.contains('\u{1}'));
    }
}
