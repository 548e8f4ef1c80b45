//! Excel: the position matrix with heat-map colours and every position in one workbook
//! (rust_xlsxwriter), and positions read back from a sheet in the CSV column layout
//! (calamine) — all or nothing, with the same row and column messages as the CSV import.

use std::path::Path;

use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::csv::{COLUMNS, position_rows};
use crate::error::{Error, Lang, Result};
use crate::model::ImportReport;
use crate::store::Store;

/// Background and text colour per stance −2…+2: the app's colour-blind-safe palette.
const PALETTE: [(u32, u32); 5] =
    [(0x9c3d00, 0xffffff), (0xf6c99f, 0x6b2800), (0xe3e6eb, 0x1a1f29), (0xa9d0ee, 0x0b3d66), (0x005a8c, 0xffffff)];

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Internal(format!("xlsx: {e}"))
}

fn symbol(stance: Option<i8>) -> &'static str {
    match stance {
        Some(2) => "++",
        Some(1) => "+",
        Some(0) => "0",
        Some(-1) => "−",
        Some(-2) => "−−",
        _ => "∅",
    }
}

/// The workbook: sheet "Matrix" (topics × parties, current positions, coloured, each cell
/// with its symbol so colour is not the only cue) and sheet "Standpunten"/"Positions" (every
/// position in the CSV column layout, readable by `import_positions`).
pub fn export_bytes(store: &Store, lang: Lang) -> Result<Vec<u8>> {
    let nl = lang == Lang::Nl;
    let grid = store.grid()?;
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_background_color(Color::RGB(0xe8edf6)).set_border(FormatBorder::Thin);
    let rotated = header.clone().set_rotation(90).set_align(FormatAlign::Center);

    let sheet: &mut Worksheet = book.add_worksheet();
    sheet.set_name("Matrix").map_err(xlsx_error)?;
    let fixed = ["Code", if nl { "Onderwerp" } else { "Topic" }, "Bouwsteen"];
    for (c, h) in fixed.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &header).map_err(xlsx_error)?;
    }
    for (p, party) in grid.parties.iter().enumerate() {
        let name = if party.short_name.is_empty() { &party.name } else { &party.short_name };
        write_text(sheet, 0, (p + 3) as u16, name, Some(&rotated))?;
        sheet.set_column_width((p + 3) as u16, 5).map_err(xlsx_error)?;
    }
    let styles: Vec<Format> = PALETTE
        .iter()
        .map(|(bg, fg)| {
            Format::new()
                .set_background_color(Color::RGB(*bg))
                .set_font_color(Color::RGB(*fg))
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin)
        })
        .collect();
    let none = Format::new().set_align(FormatAlign::Center).set_border(FormatBorder::Thin).set_italic();
    for (t, topic) in grid.topics.iter().enumerate() {
        let r = (t + 1) as u32;
        write_text(sheet, r, 0, &topic.code, None)?;
        write_text(sheet, r, 1, &topic.title, None)?;
        write_text(sheet, r, 2, &topic.bouwsteen, None)?;
        for (p, cell) in grid.row(t).iter().enumerate() {
            let c = (p + 3) as u16;
            match cell.entry() {
                None => {}
                Some(None) => {
                    sheet.write_string_with_format(r, c, symbol(None), &none).map_err(xlsx_error)?;
                }
                Some(Some(s)) => {
                    let mark = if cell.conditional() { "*" } else { "" };
                    let text = format!("{}{mark}", symbol(Some(s)));
                    sheet.write_string_with_format(r, c, &text, &styles[(s + 2) as usize]).map_err(xlsx_error)?;
                }
            }
        }
    }
    sheet.set_column_width(0, 7).map_err(xlsx_error)?;
    sheet.set_column_width(1, 48).map_err(xlsx_error)?;
    sheet.set_column_width(2, 24).map_err(xlsx_error)?;
    sheet.set_freeze_panes(1, 3).map_err(xlsx_error)?;
    let legend_row = (grid.topics.len() + 2) as u32;
    let legend = if nl {
        "++ sterk voor · + voor · 0 neutraal · − tegen · −− sterk tegen · ∅ geen standpunt · * mits … (voorwaarde)"
    } else {
        "++ strongly for · + for · 0 neutral · − against · −− strongly against · ∅ no position · * provided that …"
    };
    sheet.write_string(legend_row, 1, legend).map_err(xlsx_error)?;

    let sheet = book.add_worksheet();
    sheet.set_name(if nl { "Standpunten" } else { "Positions" }).map_err(xlsx_error)?;
    for (c, h) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &header).map_err(xlsx_error)?;
    }
    for (r, row) in position_rows(store)?.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = ((r + 1) as u32, c as u16);
            // The stance as a number, so the sheet can count and filter on it.
            match (c, value.parse::<f64>()) {
                (4, Ok(n)) => sheet.write_number(r, c, n).map(|_| ()).map_err(xlsx_error)?,
                _ => write_text(sheet, r, c, value, None)?,
            }
        }
    }
    for (c, w) in [24, 40, 28, 22, 8, 48, 36, 28, 22].iter().enumerate() {
        sheet.set_column_width(c as u16, *w).map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    book.save_to_buffer().map_err(xlsx_error)
}

/// Writes text a user typed as a text cell. A text cell is never run as a formula when opened,
/// but Excel would run it once someone edits the cell and presses Enter; so text that starts
/// like a formula (`= + - @`, tab, carriage return) gets Excel's own "quote prefix" (what
/// typing a leading `'` does): shown and kept as text, while the cell's value stays exactly the
/// text, so export → import gives it back unchanged.
fn write_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: Option<&Format>) -> Result<()> {
    let quoted = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    match (format, quoted) {
        (Some(f), true) => sheet.write_string_with_format(row, col, text, &f.clone().set_quote_prefix()),
        (None, true) => sheet.write_string_with_format(row, col, text, &Format::new().set_quote_prefix()),
        (Some(f), false) => sheet.write_string_with_format(row, col, text, f),
        (None, false) => sheet.write_string(row, col, text),
    }
    .map_err(xlsx_error)?;
    Ok(())
}

/// Writes the workbook to `path` (atomically).
pub fn export(store: &Store, path: &Path, lang: Lang) -> Result<()> {
    crate::export::write_atomically(path, &export_bytes(store, lang)?)
}

/// Reads positions from an Excel workbook: the sheet named "Standpunten" or "Positions" if
/// there is one, else the first; its first row names the columns as in the CSV layout. All
/// rows or none, and a bad cell is named by its row ("Regel 7" is row 7 of the sheet).
pub fn import_positions(store: &mut Store, path: &Path) -> Result<ImportReport> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound(path.display().to_string()),
        _ => Error::Io(e),
    })?;
    import_positions_bytes(store, &bytes)
}

/// Most cells a sheet may hold: far above any dialogue (a million positions fill 9 million),
/// and a bound on the memory a crafted file can ask for.
const MAX_CELLS: usize = 10_000_000;
/// Excel's own number of rows; a crafted file may claim more.
const MAX_ROWS: u32 = 1_048_576;
/// Columns beyond the CSV layout's are ignored when empty; a sheet wider than this is refused
/// rather than written out as rows of millions of empty cells.
const MAX_COLUMNS: u32 = 1_000;

/// [`import_positions`] from the bytes of a workbook (`.xlsx`, `.xlsb`, `.xls` or `.ods`).
pub fn import_positions_bytes(store: &mut Store, bytes: &[u8]) -> Result<ImportReport> {
    // The workbook reader (calamine) can panic on a crafted file: fuzzing found an arithmetic
    // overflow on an absurdly long cell reference in builds with overflow checks. Such a file is
    // refused like any other unreadable workbook; nothing has been written yet at this point.
    let csv = std::panic::catch_unwind(|| sheet_as_csv(bytes)).unwrap_or_else(|_| {
        Err(fail(
            "Dit Excel-bestand is beschadigd en kan niet worden gelezen.".into(),
            "This Excel file is damaged and cannot be read.".into(),
        ))
    })?;
    crate::csv::import_positions_bytes(store, &csv)
}

fn fail(nl: String, en: String) -> Error {
    Error::Import { line: 0, column: None, nl, en }
}

/// The positions sheet as CSV text, row for row, for the one CSV importer. Cells are read one
/// by one (never as calamine's dense range, which a sheet with a cell in A1 and one in
/// XFD1048576 would make 17 billion cells big), and every text cell is neutralised as the
/// CSV export does, so the CSV importer's un-neutralising gives back exactly the cell's text.
fn sheet_as_csv(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
        fail(format!("Dit is geen leesbaar Excel-bestand ({e})."), format!("This is not a readable Excel file ({e})."))
    })?;
    let names = book.sheet_names().to_vec();
    let name = names
        .iter()
        .find(|n| ["standpunten", "positions"].contains(&n.to_lowercase().as_str()))
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| fail("Het werkboek heeft geen werkbladen.".into(), "The workbook has no sheets.".into()))?;
    let unreadable = |e: &dyn std::fmt::Display| {
        fail(format!("Werkblad {name} is niet te lezen ({e})."), format!("Sheet {name} cannot be read ({e})."))
    };
    let too_big = || {
        fail(
            format!(
                "Werkblad {name} is te groot: meer dan {MAX_CELLS} cellen, {MAX_ROWS} rijen of {MAX_COLUMNS} kolommen."
            ),
            format!(
                "Sheet {name} is too large: more than {MAX_CELLS} cells, {MAX_ROWS} rows or {MAX_COLUMNS} columns."
            ),
        )
    };
    let mut cells: Vec<((u32, u32), String)> = Vec::new();
    let mut push = |pos: (u32, u32), data: Data| -> Result<()> {
        if data == Data::Empty {
            return Ok(());
        }
        if cells.len() >= MAX_CELLS || pos.1 >= MAX_COLUMNS || pos.0 >= MAX_ROWS {
            return Err(too_big());
        }
        cells.push((pos, cell_text(&data)));
        Ok(())
    };
    match &mut book {
        Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(|e| unreadable(&e))?;
            while let Some(c) = reader.next_cell().map_err(|e| unreadable(&e))? {
                push(c.get_position(), Data::from(c.get_value().clone()))?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(|e| unreadable(&e))?;
            while let Some(c) = reader.next_cell().map_err(|e| unreadable(&e))? {
                push(c.get_position(), Data::from(c.get_value().clone()))?;
            }
        }
        // The older formats hold their cells in memory already; their range is as large as
        // the file's own records.
        other => {
            let range = other.worksheet_range(&name).map_err(|e| unreadable(&e))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                push((r0 + r as u32, c0 + c as u32), data.clone())?;
            }
        }
    }
    cells.sort_by_key(|(pos, _)| *pos);
    // The header row is as wide as the widest row, as a spreadsheet shows it; other rows end
    // at their last cell. Rows above the first used one keep their numbers ("Regel 7" = row 7).
    let width = cells.iter().map(|((_, c), _)| *c as usize + 1).max().unwrap_or(0);
    let header_row = cells.first().map(|((r, _), _)| *r).unwrap_or(0);
    let mut out = Vec::new();
    let io = |e: csv::Error| Error::Internal(e.to_string());
    let mut next_row = 0u32;
    let mut i = 0;
    while i < cells.len() {
        let row = cells[i].0.0;
        // Blank lines, which the CSV reader skips but counts.
        out.extend(std::iter::repeat_n(b'\n', (row - next_row) as usize));
        let mut record: Vec<String> = Vec::new();
        while i < cells.len() && cells[i].0.0 == row {
            let ((_, c), text) = &cells[i];
            record.resize(*c as usize, String::new());
            record.push(crate::csv::neutralise(text));
            i += 1;
        }
        if row == header_row {
            record.resize(width, String::new());
        }
        let mut w = csv::WriterBuilder::new().buffer_capacity(1024).from_writer(&mut out);
        w.write_record(&record).map_err(io)?;
        w.flush().map_err(|e| Error::Internal(e.to_string()))?;
        drop(w);
        next_row = row + 1;
    }
    Ok(out)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        // An Excel date: days since 1899-12-30, read as UTC.
        Data::DateTime(dt) => {
            let millis = (dt.as_f64() * 86_400_000.0).round() as i64;
            chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .and_then(|d| d.checked_add_signed(chrono::Duration::milliseconds(millis)))
                .map(|t| t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
                .unwrap_or_else(|| dt.to_string())
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::model::{PartyInput, PositionInput};

    fn demo() -> Store {
        let mut s = Store::in_memory("demo").unwrap();
        crate::demo::populate(&mut s).unwrap();
        s
    }

    fn read_sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
        let mut book = calamine::open_workbook_auto(path).unwrap();
        book.worksheet_range(name).unwrap().rows().map(|r| r.to_vec()).collect()
    }

    #[test]
    fn workbook_has_the_coloured_matrix_and_every_position() {
        let s = demo();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.xlsx");
        export(&s, &path, Lang::Nl).unwrap();
        let matrix = read_sheet(&path, "Matrix");
        assert_eq!(matrix.len(), 1 + 22 + 2, "header, 22 topics, a blank row and the legend");
        assert_eq!(matrix[0].len(), 3 + 14);
        let positions = read_sheet(&path, "Standpunten");
        assert_eq!(positions.len(), 1 + s.counts().unwrap().positions as usize);
        assert_eq!(positions[0].iter().map(|c| c.to_string()).collect::<Vec<_>>(), COLUMNS);
        // The cell of OVH on 2.2: + with its condition.
        let grid = s.grid().unwrap();
        let t = grid.topics.iter().position(|t| t.code == "2.2").unwrap();
        let p = grid.parties.iter().position(|p| p.short_name == "OVH").unwrap();
        assert_eq!(matrix[t + 1][p + 3], Data::String("+*".into()));
    }

    #[test]
    fn export_then_import_gives_the_same_positions() {
        let s = demo();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.xlsx");
        export(&s, &path, Lang::En).unwrap();
        let mut fresh = Store::in_memory("fresh").unwrap();
        let r = import_positions(&mut fresh, &path).unwrap();
        assert_eq!(r.positions_written, s.counts().unwrap().positions);
        assert_eq!(
            crate::csv::export_positions_bytes(&fresh).unwrap().0,
            crate::csv::export_positions_bytes(&s).unwrap().0,
            "the same rows as the CSV export"
        );
    }

    #[test]
    fn a_bad_cell_names_its_row_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.xlsx");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in COLUMNS.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..=6u32 {
            sheet.write_string(r, 0, "Zichtbaarheid").unwrap();
            sheet.write_string(r, 1, "Filmtheaters in de regio").unwrap();
            sheet.write_string(r, 2, format!("Zaal {r}")).unwrap();
            sheet.write_string(r, 3, "cinema").unwrap();
            if r == 6 {
                sheet.write_string(r, 4, "misschien").unwrap();
            } else {
                sheet.write_number(r, 4, 1.0).unwrap();
            }
        }
        book.save(&path).unwrap();
        let mut s = Store::in_memory("t").unwrap();
        let e = import_positions(&mut s, &path).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ImportFailed);
        assert!(e.localized(Lang::Nl).starts_with("Regel 7, kolom stance"), "{}", e.localized(Lang::Nl));
        assert_eq!(s.counts().unwrap().positions, 0);
        assert_eq!(s.counts().unwrap().parties, 0);
        // Not a workbook at all.
        let text = dir.path().join("tekst.xlsx");
        std::fs::write(&text, "geen excel").unwrap();
        let e = import_positions(&mut s, &text).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ImportFailed);
        assert!(e.localized(Lang::Nl).contains("geen leesbaar Excel-bestand"), "{}", e.localized(Lang::Nl));
    }

    /// Formula-like text is exported as quote-prefixed text cells and imported back unchanged.
    #[test]
    fn formula_text_is_quote_prefixed_and_comes_back_unchanged() {
        let mut s = demo();
        let t = s.list_topics().unwrap()[0].clone();
        let sess = s.list_sessions().unwrap()[0].clone();
        let texts =
            ["=HYPERLINK(\"http://x\",\"klik\")", "'=1+1", "@SUM(A1)", "-5 procent", "<img src=x onerror=alert(1)>"];
        for (i, text) in texts.iter().enumerate() {
            let p = s
                .create_party(PartyInput {
                    name: format!("{text} {i}"),
                    short_name: String::new(),
                    chain_role: crate::model::ChainRole::Other,
                    segment: None,
                    production_types: vec![],
                    colour: "#777777".into(),
                    notes: String::new(),
                })
                .unwrap();
            s.record_position(PositionInput {
                topic_id: t.id,
                party_id: p.id,
                session_id: sess.id,
                stance: Some(1),
                rationale: text.to_string(),
                condition: text.to_string(),
                quote: String::new(),
            })
            .unwrap();
        }
        let bytes = export_bytes(&s, Lang::Nl).unwrap();
        let mut fresh = Store::in_memory("fresh").unwrap();
        import_positions_bytes(&mut fresh, &bytes).unwrap();
        assert_eq!(
            crate::csv::export_positions_bytes(&fresh).unwrap().0,
            crate::csv::export_positions_bytes(&s).unwrap().0,
            "every text back as typed"
        );
        for text in texts {
            assert!(fresh.list_positions().unwrap().iter().any(|p| p.rationale == text), "{text}");
        }
    }

    /// A sheet with a cell in A1 and one in XFD1048576 would be a 17-billion-cell range.
    #[test]
    fn far_apart_cells_are_refused_without_a_huge_range() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in COLUMNS.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1_048_575, 16_383, "ver weg").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let mut s = Store::in_memory("t").unwrap();
        let e = import_positions_bytes(&mut s, &bytes).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ImportFailed);
        assert!(e.localized(Lang::Nl).contains("te groot"), "{}", e.localized(Lang::Nl));
        assert_eq!(s.counts().unwrap().positions, 0);
    }
}
