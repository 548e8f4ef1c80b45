//! The working group's report draft: per bouwsteen the shared ambitions and consensus, the
//! differences (with each party's position, grouped by side) and the open topics; then the
//! follow-up actions and, as an appendix, the position matrix. One [`Document`], written as
//! Markdown, a printable HTML page or DOCX by [`crate::export`].
//!
//! Which section a topic goes to: the facilitator's marking wins (consensus and consensus
//! with reservations → consensus; divergence → differences; open → open). An unmarked topic
//! follows the verdict the figures suggest, and "too few positions" is open. The positions are
//! the current ones, as everywhere in the analysis.

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use crate::Store;
use crate::analysis::{Grid, GridParty, Suggestion, TopicAnalysis, analyse_topic, group_members};
use crate::error::{Error, Lang, Result};
use crate::export::{self, Block, Document, Format, Inline, Table, TableCell};
use crate::labels;
use crate::model::{Marking, Position, Verdict};

/// The report as it stands today (Europe/Amsterdam).
pub fn report(store: &Store, lang: Lang) -> Result<Document> {
    let today = Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).date_naive();
    report_on(store, lang, today)
}

/// Writes the report in `format` to `out`: to a temporary file in the same folder, synced and
/// then renamed over `out`, so a reader never sees half a report and a failure leaves any
/// earlier file as it was. Refuses to write over the dialogue file itself. Returns the size.
pub fn write(store: &Store, lang: Lang, format: Format, out: &Path) -> Result<u64> {
    if let Some(file) = store.path() {
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same(file, out) {
            return Err(Error::invalid(
                "out",
                match lang {
                    Lang::Nl => "dat is het dialoogbestand zelf; kies een ander bestand voor het rapport",
                    Lang::En => "that is the dialogue file itself; choose another file for the report",
                },
            ));
        }
    }
    let bytes = export::render(&report(store, lang)?, format)?;
    export::write_atomically(out, &bytes)?;
    Ok(bytes.len() as u64)
}

/// The report dated `today`.
pub fn report_on(store: &Store, lang: Lang, today: NaiveDate) -> Result<Document> {
    let w = Words(lang);
    let dialogue = store.dialogue()?;
    let counts = store.counts()?;
    let bouwstenen = store.list_bouwstenen()?;
    let grid = store.grid()?;
    let groups = group_members(&grid);
    let verdicts: HashMap<Uuid, Verdict> = store.list_verdicts()?.into_iter().map(|v| (v.topic_id, v)).collect();
    let current: HashMap<(Uuid, Uuid), Position> =
        store.current_positions()?.into_iter().map(|p| ((p.topic_id, p.party_id), p)).collect();
    let topics: Vec<TopicAnalysis> = (0..grid.topics.len())
        .map(|i| analyse_topic(&grid, i, &groups, verdicts.get(&grid.topics[i].id).map(|v| v.marking), lang))
        .collect();
    let ctx = Ctx { w, grid: &grid, verdicts: &verdicts, current: &current };

    let mut doc = Document::new(format!("{} — {}", dialogue.title.trim(), w.t("conceptrapport", "draft report")), lang);
    doc.subtitle = Some(match lang {
        Lang::Nl => format!("Concept, opgesteld op {}", w.date(today)),
        Lang::En => format!("Draft, prepared on {}", w.date(today)),
    });

    doc.heading(1, w.t("Inleiding", "Introduction"));
    doc.paragraph(w.introduction(&counts));
    if !dialogue.description.trim().is_empty() {
        doc.rich(vec![Inline::Emphasis(dialogue.description.trim().to_owned())]);
    }

    for b in &bouwstenen {
        doc.heading(1, b.name.clone());
        if !b.description.trim().is_empty() {
            doc.rich(vec![Inline::Emphasis(b.description.trim().to_owned())]);
        }
        let mine: Vec<&TopicAnalysis> = topics.iter().filter(|t| t.bouwsteen_id == b.id).collect();
        if mine.is_empty() {
            doc.paragraph(w.t(
                "Onder deze bouwsteen zijn nog geen onderwerpen opgenomen.",
                "No topics have been added to this building block yet.",
            ));
            continue;
        }
        let of = |s: Section| mine.iter().copied().filter(move |t| section(t) == s);

        doc.heading(2, w.t("Gedeelde ambities en consensus", "Shared ambitions and consensus"));
        let items: Vec<Vec<Inline>> = of(Section::Consensus).map(|t| ctx.consensus_item(t)).collect();
        if items.is_empty() {
            doc.paragraph(w.t(
                "Binnen deze bouwsteen is nog geen consensus vastgesteld.",
                "No consensus has been established in this building block yet.",
            ));
        }
        doc.bullets(items);

        doc.heading(2, w.t("Verschillen", "Differences"));
        let mut any = false;
        for t in of(Section::Divergence) {
            any = true;
            ctx.divergence(&mut doc, t);
        }
        if !any {
            doc.paragraph(w.t(
                "Binnen deze bouwsteen zijn geen onderwerpen waarop de partijen van mening verschillen.",
                "There are no topics in this building block on which the parties differ.",
            ));
        }

        doc.heading(2, w.t("Open onderwerpen", "Open topics"));
        let items: Vec<Vec<Inline>> = of(Section::Open).map(|t| ctx.open_item(t)).collect();
        if items.is_empty() {
            doc.paragraph(w.t(
                "Binnen deze bouwsteen liggen geen onderwerpen open.",
                "No topics remain open in this building block.",
            ));
        }
        doc.bullets(items);
    }

    ctx.actions(&mut doc, store)?;
    ctx.matrix(&mut doc, &bouwstenen);
    Ok(doc)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Consensus,
    Divergence,
    Open,
}

/// The marking wins; without one, the suggested verdict decides.
fn section(t: &TopicAnalysis) -> Section {
    match (t.marked, t.suggested) {
        (Some(Marking::Consensus | Marking::ConsensusWithReservations), _) => Section::Consensus,
        (Some(Marking::Divergence), _) => Section::Divergence,
        (Some(Marking::Open), _) => Section::Open,
        (None, Suggestion::Consensus | Suggestion::ConsensusWithReservations) => Section::Consensus,
        (None, Suggestion::Divergence) => Section::Divergence,
        (None, Suggestion::Insufficient) => Section::Open,
    }
}

/// The stance symbol of the position matrix and its heat-map fill and text colour.
pub fn matrix_cell(entry: Option<Option<i8>>) -> TableCell {
    let (text, fill, colour) = match entry {
        None => ("", None, None),
        // White: no heat, but centred and boxed like the stances around it.
        Some(None) => ("∅", Some("#ffffff"), Some("#4a5565")),
        Some(Some(2..)) => ("++", Some("#005a8c"), Some("#ffffff")),
        Some(Some(1)) => ("+", Some("#a9d0ee"), Some("#0b3d66")),
        Some(Some(0)) => ("0", Some("#e3e6eb"), None),
        Some(Some(-1)) => ("−", Some("#f6c99f"), Some("#6b2800")),
        Some(Some(..=-2)) => ("−−", Some("#9c3d00"), Some("#ffffff")),
    };
    TableCell { text: text.into(), fill: fill.map(Into::into), colour: colour.map(Into::into) }
}

/// The fixed texts in the report's language.
#[derive(Clone, Copy)]
struct Words(Lang);

impl Words {
    fn t(self, nl: &'static str, en: &'static str) -> &'static str {
        if self.0 == Lang::Nl { nl } else { en }
    }

    /// "1 partij", "14 partijen".
    fn count(self, n: i64, nl: (&str, &str), en: (&str, &str)) -> String {
        let (one, many) = if self.0 == Lang::Nl { nl } else { en };
        format!("{n} {}", if n == 1 { one } else { many })
    }

    fn date(self, d: NaiveDate) -> String {
        crate::labels::long_date(d, self.0)
    }

    fn introduction(self, c: &crate::model::Counts) -> String {
        let parties = self.count(c.parties, ("partij", "partijen"), ("party", "parties"));
        let sessions = self.count(c.sessions, ("bijeenkomst", "bijeenkomsten"), ("meeting", "meetings"));
        let positions = self.count(c.positions, ("standpunt", "standpunten"), ("position", "positions"));
        let topics = self.count(c.topics, ("onderwerp", "onderwerpen"), ("topic", "topics"));
        let bouwstenen = self.count(c.bouwstenen, ("bouwsteen", "bouwstenen"), ("building block", "building blocks"));
        match self.0 {
            Lang::Nl => format!(
                "Dit conceptrapport beschrijft de stand van zaken in de dialoog van de werkgroep. Aan tafel \
                 zitten {parties} uit de productie- en exploitatieketen. In {sessions} zijn {positions} \
                 vastgelegd over {topics}, verdeeld over {bouwstenen}. Per bouwsteen komen achtereenvolgens aan \
                 bod: de gedeelde ambities en de onderwerpen waarover consensus bestaat, de onderwerpen waarop de \
                 partijen van mening verschillen en de onderwerpen die nog open liggen. Heeft de facilitator een \
                 oordeel vastgelegd, dan volgt het rapport dat oordeel; bij de overige onderwerpen geldt het \
                 voorstel op basis van de vastgelegde standpunten. Van consensus is sprake als ten minste \
                 75 procent van de partijen met een standpunt aan één kant staat; van consensus met voorbehoud \
                 als daarbij een partij aan de andere kant staat of een voorwaarde stelt. Het rapport sluit af \
                 met de vervolgacties en, als bijlage, de standpuntenmatrix."
            ),
            Lang::En => format!(
                "This draft report describes where the working group's dialogue stands. Around the table are \
                 {parties} from the production and exploitation chain. In {sessions}, {positions} were \
                 recorded on {topics}, grouped in {bouwstenen}. For each building block the report covers, in \
                 turn, the shared ambitions and the topics on which there is consensus, the topics on which the \
                 parties differ, and the topics that remain open. Where the facilitator has recorded a verdict, \
                 the report follows it; for the other topics it follows the verdict suggested by the recorded \
                 positions. There is consensus when at least 75 per cent of the parties with a position stand on \
                 one side, and consensus with reservations when a party stands on the other side or attaches a \
                 condition. The report ends with the follow-up actions and, as an appendix, the position matrix."
            ),
        }
    }

    /// "Oordeel van de facilitator: verdeeldheid." or "Voorstel op basis van de cijfers: …".
    fn verdict(self, t: &TopicAnalysis) -> String {
        let (lead, label) = match t.marked {
            Some(m) => {
                (self.t("Oordeel van de facilitator", "The facilitator's verdict"), labels::marking_label(m, self.0))
            }
            None => (
                self.t("Voorstel op basis van de cijfers", "Suggested by the figures"),
                labels::suggestion_label(t.suggested, self.0),
            ),
        };
        format!("{lead}: {}.", lower_first(&label))
    }

    /// "12 van de 13 partijen met een standpunt zijn voor (92 procent)."
    fn share(self, t: &TopicAnalysis) -> String {
        if t.counted == 0 {
            return self.t("Er zijn nog geen standpunten vastgelegd.", "No positions have been recorded yet.").into();
        }
        let against = t.share_against.unwrap_or(0.0) > t.share_for.unwrap_or(0.0);
        let n =
            if against { t.counts.against + t.counts.strongly_against } else { t.counts.r#for + t.counts.strongly_for };
        let share = f64::from(n) / f64::from(t.counted) * 100.0;
        let side = match (self.0, against) {
            (Lang::Nl, false) => "voor",
            (Lang::Nl, true) => "tegen",
            (Lang::En, false) => "for",
            (Lang::En, true) => "against",
        };
        let mut out = match (self.0, n == t.counted) {
            (Lang::Nl, true) => format!("Alle {n} partijen met een standpunt zijn {side}."),
            (Lang::En, true) => format!("All {n} parties with a position are {side}."),
            (Lang::Nl, false) => {
                format!("{n} van de {} partijen met een standpunt zijn {side} ({share:.0} procent).", t.counted)
            }
            (Lang::En, false) => {
                format!("{n} of the {} parties with a position are {side} ({share:.0} per cent).", t.counted)
            }
        };
        // "No position" is never counted; say how many there were.
        let none = t.counts.none;
        if none > 0 {
            out.push_str(&match (self.0, none) {
                (Lang::Nl, 1) => " Eén partij nam geen standpunt in.".to_owned(),
                (Lang::Nl, _) => format!(" {none} partijen namen geen standpunt in."),
                (Lang::En, 1) => " One party took no position.".to_owned(),
                (Lang::En, _) => format!(" {none} parties took no position."),
            });
        }
        out
    }

    /// "A, B en C" / "A, B and C".
    fn list(self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} {} {last}", rest.join(", "), self.t("en", "and")),
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

/// "2.2 Rechten keren …", or the title alone when the topic has no code.
fn topic_ref(code: &str, title: &str) -> String {
    if code.trim().is_empty() { title.to_owned() } else { format!("{code} {title}") }
}

/// "Omroepvereniging Horizon (OVH)".
fn party_name(p: &GridParty) -> String {
    let short = p.short_name.trim();
    if short.is_empty() || short == p.name.trim() { p.name.clone() } else { format!("{} ({short})", p.name) }
}

/// Ends a sentence with a full stop unless it ends with punctuation already.
fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?', ':', ';', '…']) { s.to_owned() } else { format!("{s}.") }
}

struct Ctx<'a> {
    w: Words,
    grid: &'a Grid,
    verdicts: &'a HashMap<Uuid, Verdict>,
    current: &'a HashMap<(Uuid, Uuid), Position>,
}

impl Ctx<'_> {
    fn lang(&self) -> Lang {
        self.w.0
    }

    /// Each party with its current entry on the topic, in grid order (by chain role).
    fn entries(&self, t: &TopicAnalysis) -> Vec<(&GridParty, Option<i8>, Option<&Position>)> {
        let Some(ti) = self.grid.topic_index(t.id) else { return Vec::new() };
        self.grid
            .parties
            .iter()
            .enumerate()
            .filter_map(|(pi, p)| {
                self.grid.cell(ti, pi).entry().map(|stance| (p, stance, self.current.get(&(t.id, p.id))))
            })
            .collect()
    }

    /// The topic's code and title, with its kind: "**1.1** Meer instroom … (ambitie)."
    fn topic_head(&self, t: &TopicAnalysis) -> Vec<Inline> {
        let kind = lower_first(&labels::topic_kind_label(t.kind, self.lang()));
        let mut v = Vec::new();
        if !t.code.trim().is_empty() {
            v.push(Inline::Strong(t.code.clone()));
            v.push(Inline::Text(" ".into()));
        }
        v.push(Inline::Text(format!("{} ({kind}). ", t.title.trim())));
        v
    }

    fn note(&self, t: &TopicAnalysis, v: &mut Vec<Inline>) {
        if let Some(note) = self.verdicts.get(&t.id).map(|v| v.note.trim()).filter(|n| !n.is_empty()) {
            v.push(Inline::Text(" ".into()));
            v.push(Inline::Emphasis(sentence(note)));
        }
    }

    fn consensus_item(&self, t: &TopicAnalysis) -> Vec<Inline> {
        let mut v = self.topic_head(t);
        v.push(Inline::Text(format!("{} {}", self.w.verdict(t), self.w.share(t))));
        self.note(t, &mut v);
        let entries = self.entries(t);
        // The conditions ("mits …"), each with the parties that named it.
        let mut conditions: Vec<(&str, Vec<String>)> = Vec::new();
        for (p, stance, pos) in &entries {
            let Some(c) = pos.filter(|_| stance.is_some()).map(|pos| pos.condition.trim()).filter(|c| !c.is_empty())
            else {
                continue;
            };
            match conditions.iter_mut().find(|(text, _)| *text == c) {
                Some((_, parties)) => parties.push(party_name(p)),
                None => conditions.push((c, vec![party_name(p)])),
            }
        }
        for (c, parties) in conditions {
            v.push(Inline::Text(format!(
                " {} {}: ",
                self.w.t("Voorbehoud van", "Reservation of"),
                self.w.list(&parties)
            )));
            v.push(Inline::Emphasis(c.to_owned()));
            v.push(Inline::Text(".".into()));
        }
        // Those on the other side of the majority.
        let majority_against = t.share_against.unwrap_or(0.0) > t.share_for.unwrap_or(0.0);
        let dissent: Vec<String> = entries
            .iter()
            .filter_map(|(p, s, _)| s.map(|s| (p, s)))
            .filter(|(_, s)| if majority_against { *s > 0 } else { *s < 0 })
            .map(|(p, s)| format!("{} ({})", party_name(p), labels::stance_label(Some(s), self.lang())))
            .collect();
        if !dissent.is_empty() {
            v.push(Inline::Text(format!(
                " {} {}.",
                self.w.t("Afwijkend standpunt:", "Dissenting:"),
                self.w.list(&dissent)
            )));
        }
        v
    }

    fn divergence(&self, doc: &mut Document, t: &TopicAnalysis) {
        let w = self.w;
        doc.heading(3, topic_ref(&t.code, t.title.trim()));
        let kind = labels::topic_kind_label(t.kind, self.lang());
        match &t.fault_line {
            Some(f) => doc.rich(vec![
                Inline::Strong(format!("{} ", w.t("Breuklijn:", "Fault line:"))),
                Inline::Text(sentence(f)),
            ]),
            None => doc.rich(vec![Inline::Text(
                w.t(
                    "Er is geen breuklijn tussen ketenrollen aan te wijzen; de verschillen lopen door de rollen heen.",
                    "No fault line between chain roles stands out; the differences cut across the roles.",
                )
                .into(),
            )]),
        }
        let c = &t.counts;
        let (f, n, a) = (c.r#for + c.strongly_for, c.neutral, c.against + c.strongly_against);
        let tally = match self.lang() {
            Lang::Nl => format!(
                "{} Standpunten: {f} voor, {n} neutraal, {a} tegen{}. Soort onderwerp: {}.",
                w.verdict(t),
                if c.none > 0 { format!(", {} zonder standpunt", c.none) } else { String::new() },
                lower_first(&kind)
            ),
            Lang::En => format!(
                "{} Positions: {f} for, {n} neutral, {a} against{}. Kind of topic: {}.",
                w.verdict(t),
                if c.none > 0 { format!(", {} with no position", c.none) } else { String::new() },
                lower_first(&kind)
            ),
        };
        let mut v = vec![Inline::Text(tally)];
        self.note(t, &mut v);
        doc.rich(v);

        let entries = self.entries(t);
        // The sides: for (1), neutral (0), against (−1), no position (None).
        let side_of = |s: Option<i8>| s.map(i8::signum);
        let sides = [
            ("Voor", "For", Some(1)),
            ("Neutraal", "Neutral", Some(0)),
            ("Tegen", "Against", Some(-1)),
            ("Geen standpunt", "No position", None),
        ];
        for (nl, en, side) in sides {
            let mut items: Vec<(i8, Vec<Inline>)> = entries
                .iter()
                .filter(|(_, s, _)| side_of(*s) == side)
                .map(|(p, s, pos)| {
                    let mut item = vec![Inline::Strong(party_name(p))];
                    if let Some(s) = s {
                        item.push(Inline::Text(format!(" ({})", labels::stance_label(Some(*s), self.lang()))));
                    }
                    let rationale = pos.map(|p| p.rationale.trim()).unwrap_or("");
                    let condition = pos.map(|p| p.condition.trim()).unwrap_or("");
                    if !rationale.is_empty() {
                        item.push(Inline::Text(format!(": {}", sentence(rationale))));
                    }
                    if !condition.is_empty() {
                        item.push(Inline::Text(format!(" {} ", w.t("Voorwaarde:", "Condition:"))));
                        item.push(Inline::Emphasis(condition.to_owned()));
                    }
                    // Strongest first on each side.
                    (s.map_or(0, |s| -s.abs()), item)
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            items.sort_by_key(|(k, _)| *k);
            doc.rich(vec![Inline::Strong(w.t(nl, en).into())]);
            doc.bullets(items.into_iter().map(|(_, i)| i).collect());
        }
        let silent: Vec<String> = match self.grid.topic_index(t.id) {
            Some(ti) => self
                .grid
                .parties
                .iter()
                .enumerate()
                .filter(|(pi, _)| self.grid.cell(ti, *pi).is_empty())
                .map(|(_, p)| party_name(p))
                .collect(),
            None => Vec::new(),
        };
        if !silent.is_empty() {
            doc.paragraph(format!(
                "{}: {}.",
                w.t("Nog niets vastgelegd voor", "Nothing recorded yet for"),
                w.list(&silent)
            ));
        }
    }

    fn open_item(&self, t: &TopicAnalysis) -> Vec<Inline> {
        let mut v = self.topic_head(t);
        let parties = self.grid.parties.len();
        if t.marked.is_some() {
            v.push(Inline::Text(self.w.verdict(t)));
            if t.counted > 0 {
                v.push(Inline::Text(format!(" {}", self.w.share(t))));
            }
        } else {
            v.push(Inline::Text(match self.lang() {
                Lang::Nl => format!(
                    "Nog te weinig standpunten voor een conclusie: {} van de {parties} partijen namen stelling.",
                    t.counted
                ),
                Lang::En => format!(
                    "Too few positions for a conclusion yet: {} of the {parties} parties took a stance.",
                    t.counted
                ),
            }));
        }
        self.note(t, &mut v);
        v
    }

    fn actions(&self, doc: &mut Document, store: &Store) -> Result<()> {
        let w = self.w;
        doc.heading(1, w.t("Vervolgacties", "Follow-up actions"));
        let actions = store.list_actions()?;
        if actions.is_empty() {
            doc.paragraph(
                w.t("Er zijn nog geen vervolgacties vastgelegd.", "No follow-up actions have been recorded yet."),
            );
            return Ok(());
        }
        let parties: HashMap<Uuid, String> = self.grid.parties.iter().map(|p| (p.id, party_name(p))).collect();
        let topics: HashMap<Uuid, String> =
            self.grid.topics.iter().map(|t| (t.id, topic_ref(&t.code, t.title.trim()))).collect();
        let none = || TableCell::text("—");
        let header = match self.lang() {
            Lang::Nl => ["Actie", "Trekker", "Onderwerp", "Gereed op", "Status"],
            Lang::En => ["Action", "Owner", "Topic", "Due", "Status"],
        };
        let rows = actions
            .iter()
            .map(|a| {
                vec![
                    TableCell::text(a.title.trim()),
                    a.owner_party_id.and_then(|id| parties.get(&id)).map(TableCell::text).unwrap_or_else(none),
                    a.topic_id.and_then(|id| topics.get(&id)).map(TableCell::text).unwrap_or_else(none),
                    a.due_date.map(|d| TableCell::text(w.date(d))).unwrap_or_else(none),
                    TableCell::text(labels::action_status_label(a.status, self.lang())),
                ]
            })
            .collect();
        doc.table(Table { header: header.map(String::from).to_vec(), rows, widths: vec![5, 4, 5, 3, 3] });
        Ok(())
    }

    fn matrix(&self, doc: &mut Document, bouwstenen: &[crate::model::Bouwsteen]) {
        let w = self.w;
        doc.blocks.push(Block::PageBreak);
        doc.heading(1, w.t("Bijlage: standpuntenmatrix", "Appendix: position matrix"));
        doc.paragraph(w.t(
            "Per onderwerp het meest recente standpunt van elke partij: ++ sterk voor, + voor, 0 neutraal, \
             − tegen, −− sterk tegen, ∅ geen standpunt. Een leeg vak betekent dat er niets is vastgelegd. \
             Blauw staat voor steun, oranje voor bezwaar.",
            "Each party's most recent position per topic: ++ strongly for, + for, 0 neutral, − against, \
             −− strongly against, ∅ no position. An empty cell means nothing has been recorded. Blue stands \
             for support, orange for objection.",
        ));
        let abbreviations: Vec<String> = self
            .grid
            .parties
            .iter()
            .filter(|p| !p.short_name.trim().is_empty() && p.short_name.trim() != p.name.trim())
            .map(|p| format!("{} {}", p.short_name.trim(), p.name.trim()))
            .collect();
        if !abbreviations.is_empty() {
            doc.paragraph(format!("{} {}.", w.t("Afkortingen:", "Abbreviations:"), abbreviations.join("; ")));
        }
        // More parties than fit across a page: the columns in chunks, one table each, every
        // table with the topic column (and balanced chunks: 20 parties as 10 + 10).
        let n = self.grid.parties.len();
        let chunks = n.div_ceil(MATRIX_COLUMNS).max(1);
        let per_table = n.div_ceil(chunks).max(1);
        for b in bouwstenen {
            let topics: Vec<usize> =
                (0..self.grid.topics.len()).filter(|&ti| self.grid.topics[ti].bouwsteen_id == b.id).collect();
            if topics.is_empty() {
                continue;
            }
            doc.heading(2, b.name.clone());
            for (chunk, columns) in (0..n).collect::<Vec<_>>().chunks(per_table).enumerate() {
                if chunks > 1 {
                    doc.rich(vec![Inline::Emphasis(match self.lang() {
                        Lang::Nl => format!("Deel {} van {chunks}", chunk + 1),
                        Lang::En => format!("Part {} of {chunks}", chunk + 1),
                    })]);
                }
                let mut header = vec![w.t("Onderwerp", "Topic").to_owned()];
                header.extend(columns.iter().map(|&pi| {
                    let p = &self.grid.parties[pi];
                    if p.short_name.trim().is_empty() {
                        p.name.trim().to_owned()
                    } else {
                        p.short_name.trim().to_owned()
                    }
                }));
                let mut widths = vec![(columns.len() as u32).div_ceil(3).max(2)];
                widths.extend(std::iter::repeat_n(1, columns.len()));
                let rows = topics
                    .iter()
                    .map(|&ti| {
                        let t = &self.grid.topics[ti];
                        let mut row = vec![TableCell::text(topic_ref(&t.code, t.title.trim()))];
                        row.extend(columns.iter().map(|&pi| matrix_cell(self.grid.cell(ti, pi).entry())));
                        row
                    })
                    .collect();
                doc.table(Table { header, rows, widths });
            }
        }
    }
}

/// The most party columns one matrix table holds (what fits across A4 portrait).
pub const MATRIX_COLUMNS: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Store {
        let mut s = Store::in_memory("demo").unwrap();
        crate::demo::populate(&mut s).unwrap();
        s
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 9, 20).unwrap()
    }

    /// The blocks from the level-`level` heading `text` (after `from`) up to the next heading
    /// of that level or higher.
    fn section_of<'a>(doc: &'a Document, from: usize, level: u8, text: &str) -> (usize, &'a [Block]) {
        let start = doc.blocks[from..]
            .iter()
            .position(|b| matches!(b, Block::Heading { level: l, text: t } if *l == level && t == text))
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("heading {text:?} after block {from}"));
        let end = doc.blocks[start + 1..]
            .iter()
            .position(|b| matches!(b, Block::Heading { level: l, .. } if *l <= level))
            .map(|i| i + start + 1)
            .unwrap_or(doc.blocks.len());
        (start, &doc.blocks[start + 1..end])
    }

    fn text_of(blocks: &[Block]) -> String {
        let mut d = Document::new("", Lang::Nl);
        d.blocks = blocks.to_vec();
        d.plain_text()
    }

    #[test]
    fn every_bouwsteen_in_order_with_its_three_sections() {
        let s = demo();
        let doc = report_on(&s, Lang::Nl, day()).unwrap();
        assert_eq!(doc.title, "Voorbeelddialoog sectorplan audiovisueel — conceptrapport");
        assert_eq!(doc.subtitle.as_deref(), Some("Concept, opgesteld op 20 september 2022"));
        let h1: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level: 1, text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let mut want = vec!["Inleiding"];
        want.extend(crate::demo::BOUWSTENEN.iter().map(|(name, _)| *name));
        want.extend(["Vervolgacties", "Bijlage: standpuntenmatrix"]);
        assert_eq!(h1, want);
        for (name, description) in crate::demo::BOUWSTENEN {
            let (_, blocks) = section_of(&doc, 0, 1, name);
            assert!(text_of(blocks).contains(description));
            let h2: Vec<&str> = blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Heading { level: 2, text } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(h2, ["Gedeelde ambities en consensus", "Verschillen", "Open onderwerpen"], "{name}");
        }
        let intro = text_of(section_of(&doc, 0, 1, "Inleiding").1);
        let c = s.counts().unwrap();
        for n in [
            format!("{} partijen", c.parties),
            format!("{} bijeenkomsten", c.sessions),
            format!("{} standpunten", c.positions),
            format!("{} onderwerpen", c.topics),
        ] {
            assert!(intro.contains(&n), "{n} in {intro}");
        }
    }

    #[test]
    fn rights_reversion_is_a_difference_with_its_fault_line_and_the_condition() {
        let doc = report_on(&demo(), Lang::Nl, day()).unwrap();
        let (b2, _) = section_of(&doc, 0, 1, "Ontwikkeling en productie");
        let (v, verschillen) = section_of(&doc, b2, 2, "Verschillen");
        let (_, topic) = section_of(&doc, v, 3, "2.2 Rechten keren na vijf jaar terug naar de producent");
        assert!(verschillen.len() > topic.len());
        let text = text_of(topic);
        let fault = text.lines().find(|l| l.starts_with("Breuklijn: ")).unwrap_or_else(|| panic!("{text}"));
        assert!(fault.contains("Producenten"), "{fault}");
        assert!(text.contains("Oordeel van de facilitator: verdeeldheid."), "{text}");
        assert!(text.contains("Producenten en omroepen staan tegenover elkaar."), "the verdict's note");
        // Grouped by side: for, then against; Horizon moved to "for, on a condition".
        let (voor, tegen) = (text.find("\nVoor\n").unwrap(), text.find("\nTegen\n").unwrap());
        assert!(voor < tegen);
        let horizon = text.find("Omroepvereniging Horizon (OVH) (voor): Na het gesprek").unwrap();
        assert!(voor < horizon && horizon < tegen, "{text}");
        assert!(text.contains("Voorwaarde: mits de omroep een eerste venster behoudt"));
        assert!(text.contains("Publieke Omroep Delta (POD) (sterk tegen): Wie het grootste deel financiert"));
        // Not in the consensus or open sections of its bouwsteen.
        let (_, consensus) = section_of(&doc, b2, 2, "Gedeelde ambities en consensus");
        assert!(!text_of(consensus).contains("Rechten keren"));
    }

    #[test]
    fn ongoing_consultation_is_consensus_and_reservations_name_their_conditions() {
        let doc = report_on(&demo(), Lang::Nl, day()).unwrap();
        let (b3, _) = section_of(&doc, 0, 1, "Samenwerking in de keten");
        let (_, consensus) = section_of(&doc, b3, 2, "Gedeelde ambities en consensus");
        let text = text_of(consensus);
        let line = text.lines().find(|l| l.starts_with("3.1 ")).unwrap_or_else(|| panic!("{text}"));
        assert!(line.contains("Periodiek ketenoverleg met alle schakels aan tafel (ambitie)."), "{line}");
        assert!(line.contains("Oordeel van de facilitator: consensus."), "{line}");
        assert!(line.contains("Alle 14 partijen met een standpunt zijn voor."), "{line}");
        assert!(line.contains("Alle partijen willen het overleg voortzetten."));
        // 3.2 is unmarked; the figures suggest consensus with reservations, by condition.
        let line = text.lines().find(|l| l.starts_with("3.2 ")).unwrap_or_else(|| panic!("{text}"));
        assert!(line.contains("Voorstel op basis van de cijfers: consensus met voorbehoud."), "{line}");
        assert!(
            line.contains(
                "Voorbehoud van Omroepvereniging Horizon (OVH), Publieke Omroep Delta (POD), Zender Zeven Media \
                 (Z7M), Kijkhuis Online (KHO) en Stroomkanaal (STR): mits de bijdrage naar rato van omzet wordt \
                 verdeeld."
            ),
            "{line}"
        );
        // 3.5: five for, nine without a position — which is said, not counted.
        let line = text.lines().find(|l| l.starts_with("3.5 ")).unwrap_or_else(|| panic!("{text}"));
        assert!(line.contains("Alle 5 partijen met een standpunt zijn voor. 9 partijen namen geen standpunt in."));
    }

    #[test]
    fn the_marking_wins_and_open_topics_say_why() {
        let mut s = demo();
        let topics = s.list_topics().unwrap();
        let id = |code: &str| topics.iter().find(|t| t.code == code).unwrap().id;
        // Figures say divergence; the facilitator says consensus with reservations.
        s.set_verdict(id("3.3"), Marking::ConsensusWithReservations, "Mits de streamers meedenken.").unwrap();
        // Figures say consensus; the facilitator keeps it open.
        s.set_verdict(id("4.6"), Marking::Open, "").unwrap();
        // Nobody has spoken on a new topic yet.
        let b3 = s.list_bouwstenen().unwrap()[2].id;
        s.create_topic(crate::model::TopicInput {
            bouwsteen_id: b3,
            code: "3.6".into(),
            kind: crate::model::TopicKind::Precondition,
            title: "Gedeelde data-infrastructuur".into(),
            description: String::new(),
            priority: 2,
            production_types: vec![],
        })
        .unwrap();
        let doc = report_on(&s, Lang::Nl, day()).unwrap();
        let (b3, _) = section_of(&doc, 0, 1, "Samenwerking in de keten");
        let consensus = text_of(section_of(&doc, b3, 2, "Gedeelde ambities en consensus").1);
        let line = consensus.lines().find(|l| l.starts_with("3.3 ")).unwrap_or_else(|| panic!("{consensus}"));
        assert!(line.contains("Oordeel van de facilitator: consensus met voorbehoud."), "{line}");
        assert!(line.contains("7 van de 14 partijen met een standpunt zijn voor (50 procent)."), "{line}");
        assert!(
            line.contains("Afwijkend standpunt: Kijkhuis Online (KHO) (sterk tegen), Stroomkanaal (STR) (sterk tegen) en Kabelnet Oost (KNO) (tegen)."),
            "{line}"
        );
        assert!(line.contains("Mits de streamers meedenken."));
        assert!(!text_of(section_of(&doc, b3, 2, "Verschillen").1).contains("3.3 "));
        let open = text_of(section_of(&doc, b3, 2, "Open onderwerpen").1);
        assert!(
            open.contains(
                "3.6 Gedeelde data-infrastructuur (voorwaarde). Nog te weinig standpunten voor een conclusie: 0 van de \
                 14 partijen namen stelling."
            ),
            "{open}"
        );
        let (b4, _) = section_of(&doc, 0, 1, "Zichtbaarheid");
        let open = text_of(section_of(&doc, b4, 2, "Open onderwerpen").1);
        assert!(open.contains("4.6 Ondertiteling en toegankelijkheid standaard meefinancieren (oplossingsrichting). Oordeel van de facilitator: open. Alle 5 partijen"), "{open}");
        // In the matrix, 3.6 is a row of empty cells.
        let at = doc
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { text, .. } if text.starts_with("Bijlage")))
            .unwrap();
        let row = doc.blocks[at..]
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => t.rows.iter().find(|r| r[0].text.starts_with("3.6 ")),
                _ => None,
            })
            .unwrap();
        assert!(row[1..].iter().all(|c| *c == TableCell::default()));
    }

    #[test]
    fn actions_and_the_matrix() {
        let s = demo();
        let doc = report_on(&s, Lang::Nl, day()).unwrap();
        let (_, actions) = section_of(&doc, 0, 1, "Vervolgacties");
        let Some(Block::Table(t)) = actions.first() else { panic!("{actions:?}") };
        assert_eq!(t.header, ["Actie", "Trekker", "Onderwerp", "Gereed op", "Status"]);
        let row: Vec<&str> = t.rows[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            row,
            [
                "Verkenning rechtenmodellen in het buitenland",
                "Producentenkring Lage Landen (PLL)",
                "2.2 Rechten keren na vijf jaar terug naar de producent",
                "1 september 2022",
                "In behandeling"
            ]
        );
        let at = doc
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { text, .. } if text.starts_with("Bijlage")))
            .unwrap();
        assert_eq!(doc.blocks[at - 1], Block::PageBreak);
        let tables: Vec<&Table> = doc.blocks[at..]
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 4, "one per bouwsteen");
        let parties = s.list_parties().unwrap().len();
        assert!(tables.iter().all(|t| t.header.len() == parties + 1 && t.widths.len() == parties + 1));
        assert_eq!(tables[0].header[1], "PLL");
        let row = tables[1].rows.iter().find(|r| r[0].text.starts_with("2.2 ")).unwrap();
        let ovh = tables[1].header.iter().position(|h| h == "OVH").unwrap();
        assert_eq!(row[ovh], matrix_cell(Some(Some(1))));
        assert_eq!(
            row[1],
            TableCell { text: "++".into(), fill: Some("#005a8c".into()), colour: Some("#ffffff".into()) }
        );
        let pod = tables[1].header.iter().position(|h| h == "POD").unwrap();
        assert_eq!(row[pod].text, "−−");
        assert_eq!(row[pod].fill.as_deref(), Some("#9c3d00"));
        // 3.5: "no position" is ∅, white.
        let open = tables[2].rows.iter().find(|r| r[0].text.starts_with("3.5 ")).unwrap();
        assert!(open.iter().skip(1).any(|c| c.text == "∅" && c.fill.as_deref() == Some("#ffffff")));
    }

    #[test]
    fn a_wide_matrix_is_split_into_balanced_tables() {
        let mut s = demo();
        for i in 0..4 {
            s.create_party(crate::model::PartyInput {
                name: format!("Festival {i}"),
                short_name: format!("F{i}"),
                chain_role: crate::model::ChainRole::Festival,
                segment: None,
                production_types: vec![],
                colour: "#336699".into(),
                notes: String::new(),
            })
            .unwrap();
        }
        let doc = report_on(&s, Lang::Nl, day()).unwrap();
        let (b1, _) = section_of(&doc, 0, 1, "Bijlage: standpuntenmatrix");
        let (_, blocks) = section_of(&doc, b1, 2, "Talent en vakmanschap");
        let tables: Vec<&Table> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.iter().map(|t| t.header.len() - 1).collect::<Vec<_>>(), [9, 9], "18 parties as 9 + 9");
        assert!(tables.iter().all(|t| t.header[0] == "Onderwerp" && t.rows.len() == 5));
        assert!(text_of(blocks).contains("Deel 2 van 2"));
    }

    #[test]
    fn english_fixed_texts() {
        let doc = report_on(&demo(), Lang::En, day()).unwrap();
        assert_eq!(doc.lang, Lang::En);
        assert!(doc.title.ends_with("— draft report"));
        assert_eq!(doc.subtitle.as_deref(), Some("Draft, prepared on 20 September 2022"));
        let text = doc.plain_text();
        for s in [
            "Introduction",
            "Shared ambitions and consensus",
            "Differences",
            "Open topics",
            "Follow-up actions",
            "Appendix: position matrix",
            "Fault line: Producers",
            "The facilitator's verdict: divergence.",
            "Condition: mits de omroep een eerste venster behoudt",
            "In progress",
            "1 September 2022",
        ] {
            assert!(text.contains(s), "{s}");
        }
        for dutch in ["Verschillen", "Gedeelde ambities", "Vervolgacties", "Bijlage", "Breuklijn", "Voorwaarde:"] {
            assert!(!text.contains(dutch), "{dutch}");
        }
    }

    #[test]
    fn a_hostile_party_name_is_escaped_in_every_format() {
        let mut s = demo();
        let evil = "<script>alert(1)</script> **Vet** | Co";
        let party = s
            .create_party(crate::model::PartyInput {
                name: evil.into(),
                short_name: "<b>X</b>".into(),
                chain_role: crate::model::ChainRole::Producer,
                segment: None,
                production_types: vec![],
                colour: "#000000".into(),
                notes: String::new(),
            })
            .unwrap();
        let topic = s.list_topics().unwrap().into_iter().find(|t| t.code == "2.2").unwrap();
        let session = s.list_sessions().unwrap()[1].id;
        s.record_position(crate::model::PositionInput {
            topic_id: topic.id,
            party_id: party.id,
            session_id: session,
            stance: Some(-1),
            rationale: "=HYPERLINK(\"http://x\") <img src=x onerror=alert(1)>".into(),
            condition: "- mits [link](javascript:alert(1))".into(),
            quote: String::new(),
        })
        .unwrap();
        let doc = report_on(&s, Lang::Nl, day()).unwrap();
        assert!(doc.plain_text().contains(evil));

        let html = String::from_utf8(export::render(&doc, Format::Html).unwrap()).unwrap();
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>X"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; **Vet** | Co"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));

        let md = String::from_utf8(export::render(&doc, Format::Markdown).unwrap()).unwrap();
        assert!(md.contains(r"\<script\>alert(1)\</script\> \*\*Vet\*\* \| Co"), "{md}");
        assert!(md.contains(r"\[link\](javascript:alert(1))"));
        assert!(md.match_indices(['<', '>']).all(|(i, _)| md[..i].ends_with('\\')), "no raw angle brackets");

        let docx = export::render(&doc, Format::Docx).unwrap();
        let paras = export::docx::tests::paragraphs(&docx);
        assert!(paras.iter().any(|(_, t)| t.contains(evil)));
        assert!(!export::docx::tests::part(&docx, "word/document.xml").contains("<script"));
    }

    #[test]
    fn renders_in_all_three_formats() {
        let doc = report_on(&demo(), Lang::Nl, day()).unwrap();
        let md = String::from_utf8(export::render(&doc, Format::Markdown).unwrap()).unwrap();
        assert!(md.starts_with("# Voorbeelddialoog sectorplan audiovisueel — conceptrapport\n"));
        assert!(md.contains("\n## Talent en vakmanschap\n") && md.contains("\n#### 2.2 Rechten keren"));
        let html = String::from_utf8(export::render(&doc, Format::Html).unwrap()).unwrap();
        assert!(html.contains("<h2>Zichtbaarheid</h2>") && html.contains("background:#005a8c"));
        let docx = export::render(&doc, Format::Docx).unwrap();
        let headings: Vec<String> = export::docx::tests::paragraphs(&docx)
            .into_iter()
            .filter(|(s, _)| s.as_deref() == Some("Heading1"))
            .map(|(_, t)| t)
            .collect();
        assert_eq!(headings[1..5], crate::demo::BOUWSTENEN.map(|(n, _)| n.to_owned()));
    }

    #[test]
    fn write_replaces_the_output_atomically_and_never_the_dialogue() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("demo.ketentafel");
        let mut s = Store::create(&file).unwrap();
        crate::demo::populate(&mut s).unwrap();
        drop(s);
        let s = Store::open_read_only(&file).unwrap();
        let out = dir.path().join("rapport.md");
        std::fs::write(&out, "oud").unwrap();
        let n = write(&s, Lang::Nl, Format::Markdown, &out).unwrap();
        let md = std::fs::read_to_string(&out).unwrap();
        assert_eq!(md.len() as u64, n);
        assert!(md.starts_with("# Voorbeelddialoog"));
        let before = std::fs::read(&file).unwrap();
        let e = write(&s, Lang::Nl, Format::Html, &file).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::InvalidInput);
        assert_eq!(std::fs::read(&file).unwrap(), before);
        // A folder that does not exist: an error, and no temporary file left anywhere.
        assert!(write(&s, Lang::Nl, Format::Docx, &dir.path().join("nope").join("r.docx")).is_err());
        let names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }

    #[test]
    fn an_empty_dialogue_still_makes_a_report() {
        let s = Store::in_memory("Leeg").unwrap();
        let doc = report_on(&s, Lang::Nl, day()).unwrap();
        let text = doc.plain_text();
        assert!(text.contains("Er zijn nog geen vervolgacties vastgelegd."));
        assert!(text.contains("0 partijen"));
        for f in [Format::Markdown, Format::Html, Format::Docx] {
            assert!(!export::render(&doc, f).unwrap().is_empty());
        }
    }
}
