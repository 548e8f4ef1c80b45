//! ketentafel-cli: Ketentafel without a window — create, check and list dialogue files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod crash;

use clap::{Parser, Subcommand, ValueEnum};
use ketentafel_core::{Error, ErrorPayload, Lang, Store, check_file, demo};

#[derive(Parser)]
#[command(
    name = "ketentafel-cli",
    version,
    about = "Ketentafel without a window: create, check and list dialogue files; import and export positions."
)]
struct Cli {
    /// Language of messages (nl or en); defaults to KETENTAFEL_LANG, then LANG, then Dutch.
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Nl,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new dialogue file (refuses to overwrite an existing file).
    New {
        /// The file to create, e.g. werkgroep.ketentafel
        file: PathBuf,
        /// Fill it with the demo dialogue (Voorbeelddialoog).
        #[arg(long)]
        demo: bool,
    },
    /// Check a dialogue file without changing it: schema version, integrity and counts.
    /// Exits non-zero on any problem.
    Check {
        file: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import positions from a CSV file or a Pol.is export folder (all or nothing); unknown
    /// bouwstenen, topics, parties and sessions are created. Or merge a colleague's bundle.
    Import {
        file: PathBuf,
        /// A CSV file (bouwsteen,topic,party,chain_role,stance,rationale,condition,session,recorded_at) or an Excel workbook (.xlsx) with those columns
        #[arg(
            long,
            value_name = "CSV|XLSX",
            required_unless_present_any = ["polis", "bundle"],
            conflicts_with_all = ["polis", "bundle"]
        )]
        positions: Option<PathBuf>,
        /// A Pol.is export folder (comments.csv, participants-votes.csv).
        #[arg(long, value_name = "DIR", conflicts_with = "bundle")]
        polis: Option<PathBuf>,
        /// A bundle (`export --bundle`) to merge in by record id; prints what changed.
        #[arg(long, value_name = "JSON")]
        bundle: Option<PathBuf>,
    },
    /// Export every position to a CSV file (the same columns the import reads), or the whole
    /// dialogue as a bundle for another facilitator.
    Export {
        file: PathBuf,
        /// A .csv file, or a .xlsx workbook with the matrix (heat-map colours) and every position.
        #[arg(long, value_name = "CSV|XLSX", required_unless_present = "bundle", conflicts_with = "bundle")]
        positions: Option<PathBuf>,
        /// The whole dialogue as versioned JSON (written through a temporary file).
        #[arg(long, value_name = "JSON")]
        bundle: Option<PathBuf>,
    },
    /// Measure agreement per topic (counts, shares, Cns, A, suggested verdict, fault line) and
    /// alignment per party, ranked as the divergence list. Never changes the file.
    Analyse {
        file: PathBuf,
        /// Print the full report as JSON (schema in the README).
        #[arg(long)]
        json: bool,
    },
    /// Write a session's agenda as Markdown, HTML, DOCX or iCalendar; drafts one from the
    /// divergence list first when the session has none (and saves that draft in the file).
    Agenda {
        file: PathBuf,
        /// The session's id or its exact title.
        #[arg(long)]
        session: String,
        /// The time to fill when drafting, in minutes (default: the session's length).
        #[arg(long)]
        minutes: Option<i64>,
        #[arg(long, value_parser = ["md", "html", "docx", "ics"])]
        format: String,
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Write the working group's report draft as Markdown, a printable HTML page or DOCX, in
    /// the --lang language. Never changes the dialogue file; the output is replaced atomically.
    Report {
        file: PathBuf,
        /// md, html or docx; by default taken from the extension of --out.
        #[arg(long, value_parser = ["md", "html", "docx"])]
        format: Option<String>,
        /// The file to write, e.g. rapport.docx (an existing file is replaced).
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Time what the facilitator feels (recording, import, analysis, matrix, search, memory)
    /// on a copy of FILE, each beside its limit measured in the same run. Never changes FILE.
    Bench {
        file: PathBuf,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// How many recordings and searches to time.
        #[arg(long, default_value_t = 200)]
        samples: usize,
    },
    /// A person's data on request: everything the dialogue holds about them as JSON
    /// (--export), or the person erased from the whole file (--erase; irreversible).
    Person {
        file: PathBuf,
        /// The person's id, or their exact name or e-mail address (ignoring case).
        who: String,
        /// Write everything the dialogue holds about the person to this JSON file.
        #[arg(long, value_name = "JSON", required_unless_present = "erase", conflicts_with = "erase")]
        export: Option<PathBuf>,
        /// Replace their name, e-mail address and role, and every mention of their name or
        /// address in any text, then rewrite the file so no trace of the old bytes is left.
        #[arg(long)]
        erase: bool,
    },
    /// List the bouwstenen, topics, parties or sessions of a dialogue.
    List {
        file: PathBuf,
        #[arg(value_enum)]
        what: ListWhat,
        /// Print the records as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create a new dialogue file filled with a reproducible synthetic dialogue (fictional
    /// parties; for load tests). Refuses to overwrite an existing file.
    Generate {
        file: PathBuf,
        #[arg(long, default_value_t = 200)]
        parties: usize,
        #[arg(long, default_value_t = 1000)]
        topics: usize,
        #[arg(long, default_value_t = 30)]
        sessions: usize,
        #[arg(long, default_value_t = 1_000_000)]
        positions: usize,
        /// The same seed and numbers give the same dialogue.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// For the crash stress test only (`cli/tests/crash.rs`): writes through the app's own
    /// paths until killed, acknowledging each write on stdout. Hidden from --help.
    #[command(hide = true)]
    CrashVictim {
        file: PathBuf,
        /// Create FILE with the test's topics and parties instead.
        #[arg(long)]
        setup: bool,
        /// Names this round's session and imports.
        #[arg(long, default_value = "0")]
        round: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ListWhat {
    Bouwstenen,
    Topics,
    Parties,
    Sessions,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Nl) => Lang::Nl,
        None => std::env::var("KETENTAFEL_LANG")
            .or_else(|_| std::env::var("LANG"))
            .map(|l| Lang::from_locale(&l))
            .unwrap_or_default(),
    };
    let json = matches!(
        cli.command,
        Command::Check { json: true, .. }
            | Command::List { json: true, .. }
            | Command::Analyse { json: true, .. }
            | Command::Bench { json: true, .. }
    );
    match run(cli.command, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                let payload = ErrorPayload::localized(&e, lang);
                println!("{}", serde_json::json!({ "error": payload }));
            }
            eprintln!("ketentafel-cli: {}", e.localized(lang));
            ExitCode::FAILURE
        }
    }
}

/// The person `who` names: an id, or exactly one person's name or e-mail address (any case).
fn find_person(store: &Store, who: &str) -> Result<uuid::Uuid, Error> {
    let who = who.trim();
    if let Ok(id) = uuid::Uuid::parse_str(who) {
        return Ok(id);
    }
    let matches: Vec<_> = store
        .list_people()?
        .into_iter()
        .filter(|p| p.name.eq_ignore_ascii_case(who) || (!p.email.is_empty() && p.email.eq_ignore_ascii_case(who)))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.id),
        [] => Err(Error::not_found("person", who)),
        _ => Err(Error::invalid("who", format!("{} people are named {who}; give the id", matches.len()))),
    }
}

fn run(command: Command, lang: Lang) -> Result<(), Error> {
    match command {
        Command::New { file, demo: with_demo } => {
            let mut store = Store::create(&file)?;
            if with_demo {
                demo::populate(&mut store)?;
            }
            let c = store.counts()?;
            match lang {
                Lang::Nl => println!(
                    "Aangemaakt: {} ({} bouwstenen, {} onderwerpen, {} partijen)",
                    file.display(),
                    c.bouwstenen,
                    c.topics,
                    c.parties
                ),
                Lang::En => println!(
                    "Created: {} ({} bouwstenen, {} topics, {} parties)",
                    file.display(),
                    c.bouwstenen,
                    c.topics,
                    c.parties
                ),
            }
        }
        Command::Import { file, bundle: Some(path), .. } => {
            let bundle = ketentafel_core::bundle::read(&path)?;
            let mut store = Store::open(&file)?;
            let report = ketentafel_core::bundle::import(&mut store, &bundle)?;
            for line in report.summary(lang, 20) {
                println!("{line}");
            }
        }
        Command::Import { file, positions: None, polis: Some(dir), .. } => {
            let mut store = Store::open(&file)?;
            let r = ketentafel_core::polis::import(&mut store, &dir)?;
            match lang {
                Lang::Nl => println!(
                    "Pol.is geïmporteerd: {} onderwerpen, {} partijen, {} standpunten",
                    r.topics, r.parties, r.positions
                ),
                Lang::En => {
                    println!("Pol.is imported: {} topics, {} parties, {} positions", r.topics, r.parties, r.positions)
                }
            }
        }
        Command::Import { positions: None, .. } => {
            return Err(Error::invalid("positions", "give --positions CSV, --polis DIR or --bundle JSON"));
        }
        Command::Import { file, positions: Some(positions), .. } => {
            let mut store = Store::open(&file)?;
            let r = if is_xlsx(&positions) {
                ketentafel_core::xlsx::import_positions(&mut store, &positions)?
            } else {
                ketentafel_core::csv::import_positions(&mut store, &positions)?
            };
            let line = count_list(
                lang,
                &[
                    (
                        r.bouwstenen_created,
                        ("nieuwe bouwsteen", "nieuwe bouwstenen"),
                        ("new bouwsteen", "new bouwstenen"),
                    ),
                    (r.topics_created, ("nieuw onderwerp", "nieuwe onderwerpen"), ("new topic", "new topics")),
                    (r.parties_created, ("nieuwe partij", "nieuwe partijen"), ("new party", "new parties")),
                    (r.sessions_created, ("nieuwe sessie", "nieuwe sessies"), ("new session", "new sessions")),
                ],
            );
            let (written, rows) = (
                counted(r.positions_written, lang, ("standpunt", "standpunten"), ("position", "positions")),
                counted(r.rows, lang, ("regel", "regels"), ("row", "rows")),
            );
            match lang {
                Lang::Nl => println!("Geïmporteerd: {written} uit {rows} ({line})"),
                Lang::En => println!("Imported: {written} from {rows} ({line})"),
            }
        }
        Command::Export { file, bundle: Some(path), .. } => {
            let store = Store::open_read_only(&file)?;
            let b = ketentafel_core::bundle::write(&store, &path)?;
            let (t, p, n) = (b.topics.len(), b.parties.len(), b.positions.len());
            match lang {
                Lang::Nl => println!(
                    "Geëxporteerd: bundel met {t} onderwerpen, {p} partijen en {n} standpunten naar {}",
                    path.display()
                ),
                Lang::En => {
                    println!("Exported: bundle of {t} topics, {p} parties and {n} positions to {}", path.display())
                }
            }
        }
        Command::Export { positions: None, .. } => {
            return Err(Error::invalid("positions", "give --positions CSV or --bundle JSON"));
        }
        Command::Export { file, positions: Some(positions), .. } if is_xlsx(&positions) => {
            let store = Store::open_read_only(&file)?;
            ketentafel_core::xlsx::export(&store, &positions, lang)?;
            let n = store.counts()?.positions;
            match lang {
                Lang::Nl => println!("Geëxporteerd: matrix en {n} standpunten naar {}", positions.display()),
                Lang::En => println!("Exported: matrix and {n} positions to {}", positions.display()),
            }
        }
        Command::Export { file, positions: Some(positions), .. } => {
            let store = Store::open_read_only(&file)?;
            let n = ketentafel_core::csv::export_positions(&store, &positions)?;
            match lang {
                Lang::Nl => println!("Geëxporteerd: {n} standpunten naar {}", positions.display()),
                Lang::En => println!("Exported: {n} positions to {}", positions.display()),
            }
        }
        Command::Check { file, json } => {
            let r = check_file(&file)?;
            if json {
                println!("{}", to_json(&r)?);
            } else {
                let c = &r.counts;
                let (version, label): (String, fn(usize) -> &'static str) = match lang {
                    Lang::Nl => {
                        (format!("{} (deze versie kent tot en met {})", r.schema_version, r.latest_version), |i| {
                            [
                                "schemaversie",
                                "integriteit",
                                "bouwstenen",
                                "onderwerpen",
                                "partijen",
                                "sessies",
                                "standpunten",
                                "vertegenwoordigers",
                            ][i]
                        })
                    }
                    Lang::En => (format!("{} (this app knows up to {})", r.schema_version, r.latest_version), |i| {
                        [
                            "schema version",
                            "integrity",
                            "bouwstenen",
                            "topics",
                            "parties",
                            "sessions",
                            "positions",
                            "people",
                        ][i]
                    }),
                };
                let values = [
                    version,
                    r.integrity.clone(),
                    c.bouwstenen.to_string(),
                    c.topics.to_string(),
                    c.parties.to_string(),
                    c.sessions.to_string(),
                    c.positions.to_string(),
                    c.people.to_string(),
                ];
                for (i, v) in values.iter().enumerate() {
                    println!("{:<20} {v}", label(i));
                }
            }
        }
        Command::Agenda { file, session, minutes, format, out } => {
            use ketentafel_core::agenda::{self, AgendaFormat, DraftParams};
            let format =
                AgendaFormat::from_code(&format).ok_or_else(|| Error::invalid("format", "md, html, docx or ics"))?;
            let mut store = Store::open(&file)?;
            let session = agenda::find_session(&store, &session)?;
            let mut drafted = false;
            if store.agenda(session.id)?.slots.is_empty() {
                store.draft_agenda(session.id, &DraftParams { total_minutes: minutes, ..Default::default() }, lang)?;
                drafted = true;
            }
            agenda::export(&store, session.id, format, lang, &out)?;
            let items = store.agenda(session.id)?.slots.len();
            match (lang, drafted) {
                (Lang::Nl, true) => {
                    println!("Agenda opgesteld ({items} onderdelen) en geschreven naar {}", out.display())
                }
                (Lang::Nl, false) => println!("Agenda ({items} onderdelen) geschreven naar {}", out.display()),
                (Lang::En, true) => println!("Agenda drafted ({items} items) and written to {}", out.display()),
                (Lang::En, false) => println!("Agenda ({items} items) written to {}", out.display()),
            }
        }
        Command::Bench { file, json, samples } => {
            let r = ketentafel_core::bench::run(&file, samples.max(5))?;
            if json {
                println!("{}", to_json(&r)?);
            } else {
                let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
                let n = |x: f64, decimals: usize| num(x, decimals, lang);
                let (rec, rec99) = (
                    n(ratio(r.record_median_us, r.bare_insert_median_us), 1),
                    n(ratio(r.record_p99_us, r.bare_insert_p99_us), 1),
                );
                let (record, record99) = (n(r.record_median_us, 0), n(r.record_p99_us, 0));
                let (bare, bare99) = (n(r.bare_insert_median_us, 0), n(r.bare_insert_p99_us, 0));
                let (import, bare_import) = (n(r.import_rows_per_s, 0), n(r.bare_import_rows_per_s, 0));
                let imp = n(ratio(r.bare_import_rows_per_s, r.import_rows_per_s), 1);
                let (analyse, scan, ana) =
                    (n(r.analyse_ms, 0), n(r.bare_scan_ms, 0), n(ratio(r.analyse_ms, r.bare_scan_ms), 1));
                let (positions, matrix, search, rss) =
                    (n(r.positions as f64, 0), n(r.matrix_ms, 2), n(r.search_ms, 1), n(r.peak_rss_mb, 0));
                let lines = match lang {
                    Lang::Nl => [
                        format!("standpunten          {positions}"),
                        format!(
                            "vastleggen           mediaan {record} µs, p99 {record99} µs ({rec}× en {rec99}× de kale insert: mediaan {bare} µs, p99 {bare99} µs; doel ≤ 3×)"
                        ),
                        format!(
                            "importeren           {import} regels/s ({imp}× zo lang als de kale bulk-insert van {bare_import} regels/s; doel ≥ 250.000)"
                        ),
                        format!(
                            "analyse              {analyse} ms ({ana}× de kale scan van {scan} ms; doel ≤ 3× en < 1 s)"
                        ),
                        format!("matrix (1 bouwsteen) {matrix} ms (doel ≤ 50)"),
                        format!("zoeken               {search} ms (doel ≤ 50)"),
                        format!("piekgeheugen         {rss} MB (doel ≤ 300)"),
                    ],
                    Lang::En => [
                        format!("positions            {positions}"),
                        format!(
                            "record               median {record} µs, p99 {record99} µs ({rec}× and {rec99}× the bare insert: median {bare} µs, p99 {bare99} µs; target ≤ 3×)"
                        ),
                        format!(
                            "import               {import} rows/s ({imp}× as long as the bare bulk insert of {bare_import} rows/s; target ≥ 250,000)"
                        ),
                        format!(
                            "analysis             {analyse} ms ({ana}× the bare scan of {scan} ms; target ≤ 3× and < 1 s)"
                        ),
                        format!("matrix (1 bouwsteen) {matrix} ms (target ≤ 50)"),
                        format!("search               {search} ms (target ≤ 50)"),
                        format!("peak memory          {rss} MB (target ≤ 300)"),
                    ],
                };
                for line in lines {
                    println!("{line}");
                }
            }
        }
        Command::Analyse { file, json } => {
            let store = Store::open_read_only(&file)?;
            let report = store.analysis_report(lang)?;
            if json {
                println!("{}", to_json(&report)?);
            } else {
                print_analysis(&report, lang);
            }
        }
        Command::Report { file, format, out } => report(&file, format.as_deref(), &out, lang)?,
        Command::Generate { file, parties, topics, sessions, positions, seed } => {
            let spec = ketentafel_core::generate::GenerateSpec { parties, topics, sessions, positions, seed };
            generate(&file, &spec, lang)?;
        }
        Command::CrashVictim { file, setup: true, .. } => crash::setup(&file)?,
        Command::CrashVictim { file, round, seed, .. } => crash::run(&file, &round, seed)?,
        Command::Person { file, who, export: Some(out), .. } => {
            let store = Store::open_read_only(&file)?;
            let id = find_person(&store, &who)?;
            let data = ketentafel_core::privacy::export_person(&store, id, &out, lang)?;
            let (a, m) = (data.audit_log.len(), data.mentions.len());
            match lang {
                Lang::Nl => println!(
                    "Geëxporteerd: {} met {a} logregels en {m} andere teksten waarin de naam voorkomt, naar {}",
                    data.person.name,
                    out.display()
                ),
                Lang::En => println!(
                    "Exported: {} with {a} log entries and {m} other texts naming them, to {}",
                    data.person.name,
                    out.display()
                ),
            }
        }
        Command::Person { file, who, .. } => {
            let mut store = Store::open(&file)?;
            let id = find_person(&store, &who)?;
            let r = ketentafel_core::privacy::erase_person(&mut store, id)?;
            let texts: i64 = r.texts.values().sum();
            match lang {
                Lang::Nl => println!(
                    "Gewist: persoon {id}; {texts} teksten en {} logregels herschreven{}",
                    r.audit_entries,
                    if r.scrubbed { "" } else { " (het bestand is elders ook open: sluit dat programma)" }
                ),
                Lang::En => println!(
                    "Erased: person {id}; {texts} texts and {} log entries rewritten{}",
                    r.audit_entries,
                    if r.scrubbed { "" } else { " (the file is open elsewhere too: close that program)" }
                ),
            }
        }
        Command::List { file, what, json } => {
            let s = Store::open_read_only(&file)?;
            match what {
                ListWhat::Bouwstenen => {
                    let items = s.list_bouwstenen()?;
                    if json {
                        println!("{}", to_json(&items)?);
                    } else {
                        for b in items {
                            println!("{}\t{}\t{}", b.id, b.position, b.name);
                        }
                    }
                }
                ListWhat::Topics => {
                    let items = s.list_topics()?;
                    if json {
                        println!("{}", to_json(&items)?);
                    } else {
                        let names: std::collections::HashMap<_, _> =
                            s.list_bouwstenen()?.into_iter().map(|b| (b.id, b.name)).collect();
                        for t in items {
                            let b = names.get(&t.bouwsteen_id).map(String::as_str).unwrap_or("");
                            println!("{}\t{}\t{}\t{}\t{}", t.id, t.code, t.kind.code(), t.title, b);
                        }
                    }
                }
                ListWhat::Parties => {
                    let items = s.list_parties()?;
                    if json {
                        println!("{}", to_json(&items)?);
                    } else {
                        for p in items {
                            println!("{}\t{}\t{}", p.id, p.name, p.chain_role.code());
                        }
                    }
                }
                ListWhat::Sessions => {
                    let items = s.list_sessions()?;
                    if json {
                        println!("{}", to_json(&items)?);
                    } else {
                        for x in items {
                            println!(
                                "{}\t{}\t{}\t{}\t{}",
                                x.id,
                                x.title,
                                x.kind.code(),
                                x.starts_at.to_rfc3339(),
                                x.location
                            );
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// The divergence list as a table: one line per topic, most divergent first.
fn print_analysis(r: &ketentafel_core::analysis::AnalysisReport, lang: Lang) {
    use ketentafel_core::analysis::Suggestion;
    let nl = lang == Lang::Nl;
    let word = |s: Suggestion| match (s, nl) {
        (Suggestion::Consensus, _) => "consensus",
        (Suggestion::ConsensusWithReservations, true) => "consensus met voorbehoud",
        (Suggestion::ConsensusWithReservations, false) => "consensus with reservations",
        (Suggestion::Divergence, true) => "verdeeld",
        (Suggestion::Divergence, false) => "divergence",
        (Suggestion::Insufficient, true) => "te weinig standpunten",
        (Suggestion::Insufficient, false) => "too few positions",
    };
    let num = |v: Option<f64>| v.map(|x| format!("{x:.3}")).unwrap_or_else(|| "–".into());
    // Written to a locked stdout; a closed pipe (`| head`) ends the table quietly.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:<8} {:>6} {:>6} {:>6}  {:<28} {}",
        "code",
        "A",
        "Cns",
        "score",
        if nl { "voorstel" } else { "suggested" },
        if nl { "onderwerp — breuklijn" } else { "topic — fault line" }
    );
    for t in &r.topics {
        let flag = if t.mismatch { " (!)" } else { "" };
        let line = writeln!(
            out,
            "{:<8} {:>6} {:>6} {:>6}  {:<28} {}{}",
            t.code,
            num(t.agreement_a),
            num(t.cns),
            num(t.divergence),
            format!("{}{flag}", word(t.suggested)),
            t.title,
            t.fault_line.as_ref().map(|f| format!(" — {f}")).unwrap_or_default()
        );
        if line.is_err() {
            return;
        }
    }
}

/// `report`: the report draft in the chosen (or the output's) format, written atomically.
fn report(file: &std::path::Path, format: Option<&str>, out: &std::path::Path, lang: Lang) -> Result<(), Error> {
    use ketentafel_core::export::Format;
    let code = format.or_else(|| out.extension().and_then(|e| e.to_str())).unwrap_or("");
    let format = Format::from_code(code).ok_or_else(|| {
        Error::invalid(
            "format",
            match lang {
                Lang::Nl => "geef --format md, html of docx",
                Lang::En => "give --format md, html or docx",
            },
        )
    })?;
    let store = Store::open_read_only(file)?;
    let bytes = ketentafel_core::report::write(&store, lang, format, out)?;
    match lang {
        Lang::Nl => println!("Rapport geschreven: {} ({bytes} bytes)", out.display()),
        Lang::En => println!("Report written: {} ({bytes} bytes)", out.display()),
    }
    Ok(())
}

/// An Excel workbook by its extension (.xlsx, also .xlsm/.xls/.ods for reading).
fn is_xlsx(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str()))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(v).map_err(|e| Error::Internal(e.to_string()))
}

/// `generate`: checks the numbers, creates the file (never over an existing one), fills it in
/// one transaction and prints one line with the counts and the time taken. A file it created
/// but could not fill is removed again.
fn generate(file: &std::path::Path, spec: &ketentafel_core::generate::GenerateSpec, lang: Lang) -> Result<(), Error> {
    spec.validate()?;
    let started = std::time::Instant::now();
    let mut store = Store::create(file)?;
    let report = match ketentafel_core::generate::populate(&mut store, spec) {
        Ok(r) => r,
        Err(e) => {
            drop(store);
            for suffix in ["", "-wal", "-shm"] {
                let mut p = file.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(std::path::PathBuf::from(p));
            }
            return Err(e);
        }
    };
    let c = store.counts()?;
    drop(store);
    let secs = started.elapsed().as_secs_f64();
    let line = count_list(
        lang,
        &[
            (c.bouwstenen, ("bouwsteen", "bouwstenen"), ("bouwsteen", "bouwstenen")),
            (c.topics, ("onderwerp", "onderwerpen"), ("topic", "topics")),
            (c.parties, ("partij", "partijen"), ("party", "parties")),
            (c.sessions, ("sessie", "sessies"), ("session", "sessions")),
            (c.positions, ("standpunt", "standpunten"), ("position", "positions")),
            (
                report.no_position as i64,
                ("zonder standpunt", "zonder standpunt"),
                ("without a stance", "without a stance"),
            ),
            (c.verdicts, ("oordeel", "oordelen"), ("verdict", "verdicts")),
        ],
    );
    match lang {
        Lang::Nl => {
            println!("Gegenereerd: {} ({line}; seed {}) in {} s", file.display(), spec.seed, num(secs, 1, lang))
        }
        Lang::En => println!("Generated: {} ({line}; seed {}) in {} s", file.display(), spec.seed, num(secs, 1, lang)),
    }
    Ok(())
}

/// `n` with its noun in the UI language: the singular for exactly one ("1 nieuwe sessie",
/// "2 nieuwe sessies").
fn counted(n: i64, lang: Lang, nl: Noun, en: Noun) -> String {
    let (one, many) = match lang {
        Lang::Nl => nl,
        Lang::En => en,
    };
    format!("{} {}", num(n as f64, 0, lang), if n == 1 { one } else { many })
}

/// A noun's singular and plural.
type Noun<'a> = (&'a str, &'a str);

/// Counts with their nouns in Dutch and English (see [`counted`]), one after another:
/// "2 partijen, 1 sessie".
fn count_list(lang: Lang, counts: &[(i64, Noun, Noun)]) -> String {
    counts.iter().map(|&(n, nl, en)| counted(n, lang, nl, en)).collect::<Vec<_>>().join(", ")
}

/// `x` rounded to `decimals` as the language writes numbers: 1.234.567,8 in Dutch and
/// 1,234,567.8 in English.
fn num(x: f64, decimals: usize, lang: Lang) -> String {
    let plain = format!("{:.*}", decimals, x.abs());
    let (int, frac) = plain.split_once('.').map_or((plain.as_str(), None), |(i, f)| (i, Some(f)));
    let (group, point) = match lang {
        Lang::Nl => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::new();
    if x < 0.0 && plain.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push(point);
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_each_language_writes_them() {
        assert_eq!(num(1_000_000.0, 0, Lang::Nl), "1.000.000");
        assert_eq!(num(1_000_000.0, 0, Lang::En), "1,000,000");
        assert_eq!(num(28_583.4, 0, Lang::Nl), "28.583");
        assert_eq!(num(2.6049, 1, Lang::Nl), "2,6");
        assert_eq!(num(0.019, 2, Lang::En), "0.02");
        assert_eq!(num(999.96, 1, Lang::Nl), "1.000,0");
        assert_eq!(num(-1234.5, 1, Lang::En), "-1,234.5");
        assert_eq!(num(-0.01, 0, Lang::Nl), "0");
        assert_eq!(counted(1, Lang::Nl, ("sessie", "sessies"), ("session", "sessions")), "1 sessie");
        assert_eq!(counted(20_000, Lang::Nl, ("regel", "regels"), ("row", "rows")), "20.000 regels");
        let nouns =
            [(2, ("partij", "partijen"), ("party", "parties")), (1, ("sessie", "sessies"), ("session", "sessions"))];
        assert_eq!(count_list(Lang::Nl, &nouns), "2 partijen, 1 sessie");
        assert_eq!(count_list(Lang::En, &nouns), "2 parties, 1 session");
    }
}
