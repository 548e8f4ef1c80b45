//! A session's agenda: ordered items with timeboxes, drafted from the divergence list and
//! always editable, exported as a document (Markdown, HTML, DOCX) or an iCalendar event.
//!
//! The draft takes the topics that most need the room — divergences by score, then open
//! topics — from the chosen bouwstenen, fits them between a welcome and a wrap-up with the
//! breaks spread evenly, and invites per topic a panel on which every side of the topic's
//! fault line speaks (the most outspoken party of each group first, sides taking turns).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::analysis::{Dimension, Grid, Group, Suggestion, TopicAnalysis};
use crate::error::{Error, Lang, Result};
use crate::export::{Document, Inline, Table, TableCell};
use crate::model::{Marking, Session, code_enum};
use crate::store::audit::{self, Audited};
use crate::store::{Ctx, Store, found, uuid_at};

code_enum!(
    /// What an agenda item is.
    AgendaItemKind {
        Topic = "topic",
        Welcome = "welcome",
        Break = "break",
        WrapUp = "wrap_up",
        Other = "other",
    }
);

/// One item of a session's agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AgendaItem {
    pub id: Uuid,
    pub session_id: Uuid,
    /// 0-based order within the session.
    pub position: i64,
    pub kind: AgendaItemKind,
    pub topic_id: Option<Uuid>,
    pub title: String,
    /// The goal question, e.g. "Welke prioriteit? Wie pakt het op? Wat is er nodig?".
    pub question: String,
    pub minutes: i64,
    /// The invited panel, in speaking order.
    pub party_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AgendaItemInput {
    pub kind: AgendaItemKind,
    pub topic_id: Option<Uuid>,
    /// May be empty for a topic item: the topic's code and title are used.
    pub title: String,
    pub question: String,
    pub minutes: i64,
    pub party_ids: Vec<Uuid>,
}

/// An item with its computed times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AgendaSlot {
    pub item: AgendaItem,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A session's agenda with start times computed from the session's start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Agenda {
    pub session: Session,
    pub slots: Vec<AgendaSlot>,
    pub total_minutes: i64,
    /// The session's own length in minutes; the agenda may run over or under it.
    pub session_minutes: i64,
}

/// The knobs of an automatic draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DraftParams {
    /// The time to fill; `None` takes the session's length.
    pub total_minutes: Option<i64>,
    pub breaks: i64,
    pub break_minutes: i64,
    pub min_minutes: i64,
    pub max_minutes: i64,
    /// Only topics of these bouwstenen; empty takes all.
    pub bouwsteen_ids: Vec<Uuid>,
    /// The most parties invited to one item.
    pub max_panel: i64,
    pub welcome_minutes: i64,
    pub wrap_up_minutes: i64,
}

impl Default for DraftParams {
    fn default() -> Self {
        DraftParams {
            total_minutes: None,
            breaks: 0,
            break_minutes: 15,
            min_minutes: 15,
            max_minutes: 30,
            bouwsteen_ids: vec![],
            max_panel: 4,
            welcome_minutes: 10,
            wrap_up_minutes: 10,
        }
    }
}

/// The default goal question of a topic item.
pub fn default_question(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Welke prioriteit? Wie pakt het op? Wat is er nodig?",
        Lang::En => "Which priority? Who takes it up? What is needed?",
    }
}

fn fixed_title(kind: AgendaItemKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (AgendaItemKind::Welcome, Lang::Nl) => "Welkom en doel van de sessie",
        (AgendaItemKind::Welcome, Lang::En) => "Welcome and purpose of the session",
        (AgendaItemKind::Break, Lang::Nl) => "Pauze",
        (AgendaItemKind::Break, Lang::En) => "Break",
        (AgendaItemKind::WrapUp, Lang::Nl) => "Afronding en vervolgafspraken",
        (AgendaItemKind::WrapUp, Lang::En) => "Wrap-up and next steps",
        (_, Lang::Nl) => "Agendapunt",
        (_, Lang::En) => "Agenda item",
    }
}

impl Audited for AgendaItem {
    const ENTITY: &'static str = "agenda_item";
    fn audit_id(&self) -> String {
        self.id.to_string()
    }
}

// ---- the table ---------------------------------------------------------------------------

const COLUMNS: &str = "id, session_id, position, kind, topic_id, title, question, minutes, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<AgendaItem> {
    let topic: Option<String> = r.get(4)?;
    Ok(AgendaItem {
        id: uuid_at(r, 0)?,
        session_id: uuid_at(r, 1)?,
        position: r.get(2)?,
        kind: r.get(3)?,
        topic_id: topic.and_then(|t| Uuid::parse_str(&t).ok()),
        title: r.get(5)?,
        question: r.get(6)?,
        minutes: r.get(7)?,
        party_ids: vec![],
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

fn panel(conn: &Connection, item: Uuid) -> Result<Vec<Uuid>> {
    let mut stmt =
        conn.prepare_cached("SELECT party_id FROM agenda_item_parties WHERE item_id = ?1 ORDER BY position")?;
    Ok(stmt.query_map([item.to_string()], |r| uuid_at(r, 0))?.collect::<rusqlite::Result<_>>()?)
}

fn list_items(conn: &Connection, session: Uuid) -> Result<Vec<AgendaItem>> {
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM agenda_items WHERE session_id = ?1 ORDER BY position, id"))?;
    let mut items: Vec<AgendaItem> =
        stmt.query_map([session.to_string()], from_row)?.collect::<rusqlite::Result<_>>()?;
    for i in &mut items {
        i.party_ids = panel(conn, i.id)?;
    }
    Ok(items)
}

fn get_item(conn: &Connection, id: Uuid) -> Result<AgendaItem> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM agenda_items WHERE id = ?1"))?
        .query_row([id.to_string()], from_row);
    let mut item = found(r, "agenda item", id)?;
    item.party_ids = panel(conn, id)?;
    Ok(item)
}

fn write_panel(conn: &Connection, item: &AgendaItem) -> Result<()> {
    conn.prepare_cached("DELETE FROM agenda_item_parties WHERE item_id = ?1")?.execute([item.id.to_string()])?;
    let mut stmt =
        conn.prepare_cached("INSERT INTO agenda_item_parties (item_id, party_id, position) VALUES (?1, ?2, ?3)")?;
    for (i, p) in item.party_ids.iter().enumerate() {
        stmt.execute(params![item.id.to_string(), p.to_string(), i as i64])?;
    }
    Ok(())
}

fn insert_item(conn: &Connection, item: &AgendaItem) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO agenda_items ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    ))?
    .execute(params![
        item.id.to_string(),
        item.session_id.to_string(),
        item.position,
        item.kind,
        item.topic_id.map(|t| t.to_string()),
        item.title,
        item.question,
        item.minutes,
        item.created_at,
        item.updated_at
    ])?;
    write_panel(conn, item)
}

fn update_item(conn: &Connection, item: &AgendaItem) -> Result<()> {
    conn.prepare_cached(
        "UPDATE agenda_items SET position = ?2, kind = ?3, topic_id = ?4, title = ?5, question = ?6, minutes = ?7,
         updated_at = ?8 WHERE id = ?1",
    )?
    .execute(params![
        item.id.to_string(),
        item.position,
        item.kind,
        item.topic_id.map(|t| t.to_string()),
        item.title,
        item.question,
        item.minutes,
        item.updated_at
    ])?;
    write_panel(conn, item)
}

fn delete_item(conn: &Connection, id: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM agenda_items WHERE id = ?1")?.execute([id.to_string()])?;
    Ok(())
}

/// Writes positions 0…n−1 in the given order, auditing the items whose place changed.
fn renumber(tx: &Connection, ctx: &Ctx, items: Vec<AgendaItem>) -> Result<()> {
    for (i, before) in items.into_iter().enumerate() {
        if before.position != i as i64 {
            let after = AgendaItem { position: i as i64, updated_at: ctx.now, ..before.clone() };
            update_item(tx, &after)?;
            audit::updated(tx, ctx, &before, &after)?;
        }
    }
    Ok(())
}

/// The table's rows as they are, for bundles: every item of every session, and writes that
/// take an item whole (its session, position and timestamps included) without validation or audit.
pub(crate) mod rows {
    use super::*;

    /// Every agenda item of the dialogue with its panel, ordered by id.
    pub(crate) fn list_all(conn: &Connection) -> Result<Vec<AgendaItem>> {
        let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM agenda_items ORDER BY id"))?;
        let mut items: Vec<AgendaItem> = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
        for i in &mut items {
            i.party_ids = panel(conn, i.id)?;
        }
        Ok(items)
    }

    pub(crate) fn insert(conn: &Connection, item: &AgendaItem) -> Result<()> {
        insert_item(conn, item)
    }

    /// Writes every column of the item with this id, and its panel.
    pub(crate) fn replace(conn: &Connection, item: &AgendaItem) -> Result<()> {
        conn.prepare_cached(
            "UPDATE agenda_items SET session_id = ?2, position = ?3, kind = ?4, topic_id = ?5, title = ?6,
             question = ?7, minutes = ?8, created_at = ?9, updated_at = ?10 WHERE id = ?1",
        )?
        .execute(params![
            item.id.to_string(),
            item.session_id.to_string(),
            item.position,
            item.kind,
            item.topic_id.map(|t| t.to_string()),
            item.title,
            item.question,
            item.minutes,
            item.created_at,
            item.updated_at
        ])?;
        write_panel(conn, item)
    }

    pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
        delete_item(conn, id)
    }
}

// ---- validation --------------------------------------------------------------------------

pub(crate) const MAX_MINUTES: i64 = 600;
pub(crate) const MAX_TEXT: usize = 2000;

fn validate(conn: &Connection, input: AgendaItemInput) -> Result<AgendaItemInput> {
    if !(1..=MAX_MINUTES).contains(&input.minutes) {
        return Err(Error::invalid("minutes", format!("must be between 1 and {MAX_MINUTES}")));
    }
    let mut title = input.title.trim().to_owned();
    let question = input.question.trim().to_owned();
    if title.chars().count() > MAX_TEXT || question.chars().count() > MAX_TEXT {
        return Err(Error::invalid("title", format!("longer than {MAX_TEXT} characters")));
    }
    if let Some(t) = input.topic_id {
        let topic = crate::store::get_topic_in(conn, t)?;
        if title.is_empty() {
            title = topic_title(&topic.code, &topic.title);
        }
    } else if input.kind == AgendaItemKind::Topic {
        return Err(Error::invalid("topic_id", "a topic item needs a topic"));
    }
    if title.is_empty() {
        return Err(Error::invalid("title", "must not be empty"));
    }
    let mut seen = HashSet::new();
    for p in &input.party_ids {
        if !seen.insert(*p) {
            return Err(Error::invalid("party_ids", "a party is invited twice"));
        }
        crate::store::get_party_in(conn, *p)?;
    }
    Ok(AgendaItemInput { title, question, ..input })
}

fn topic_title(code: &str, title: &str) -> String {
    if code.is_empty() { title.to_owned() } else { format!("{code} {title}") }
}

impl DraftParams {
    fn validate(&self, session_minutes: i64) -> Result<i64> {
        let total = self.total_minutes.unwrap_or(session_minutes);
        let check =
            |ok: bool, field: &'static str, why: &str| if ok { Ok(()) } else { Err(Error::invalid(field, why)) };
        check((1..=24 * 60).contains(&total), "total_minutes", "must be between 1 minute and 24 hours")?;
        check((0..=10).contains(&self.breaks), "breaks", "must be between 0 and 10")?;
        check((0..=120).contains(&self.break_minutes), "break_minutes", "must be between 0 and 120")?;
        check((1..=MAX_MINUTES).contains(&self.min_minutes), "min_minutes", "must be between 1 and 600")?;
        check(
            (self.min_minutes..=MAX_MINUTES).contains(&self.max_minutes),
            "max_minutes",
            "must be at least the minimum and at most 600",
        )?;
        check((1..=50).contains(&self.max_panel), "max_panel", "must be between 1 and 50")?;
        check((0..=120).contains(&self.welcome_minutes), "welcome_minutes", "must be between 0 and 120")?;
        check((0..=120).contains(&self.wrap_up_minutes), "wrap_up_minutes", "must be between 0 and 120")?;
        Ok(total)
    }
}

// ---- drafting ----------------------------------------------------------------------------

/// Whether a topic belongs on a session agenda: a divergence or still open (the marking
/// wins over the suggestion).
fn needs_the_room(t: &TopicAnalysis) -> Option<u8> {
    match (t.marked, t.suggested) {
        (Some(Marking::Divergence), _) | (None, Suggestion::Divergence) => Some(0),
        (Some(Marking::Open), _) | (None, Suggestion::Insufficient) => Some(1),
        _ => None,
    }
}

/// The panel for a topic: sides take turns, each side's groups take turns, the party with
/// the most outspoken stance of a group first.
pub fn panel_for(grid: &Grid, t: &TopicAnalysis, max_panel: usize) -> Vec<Uuid> {
    let Some(ti) = grid.topic_index(t.id) else { return vec![] };
    let row = grid.row(ti);
    let in_group = |p: usize, g: &Group| {
        let party = &grid.parties[p];
        match g.dimension {
            Dimension::ChainRole => party.chain_role.code() == g.code,
            Dimension::Segment => party.segment == g.code,
            Dimension::ProductionType => party.production_types.iter().any(|x| x.code() == g.code),
        }
    };
    // Each side as a list of groups, each group its parties (with a stance) best first.
    let side = |groups: Vec<Vec<usize>>, high: bool| -> Vec<usize> {
        let mut groups: Vec<Vec<usize>> = groups
            .into_iter()
            .map(|mut g| {
                g.retain(|&p| row[p].stance().is_some());
                g.sort_by(|&a, &b| {
                    let (sa, sb) = (row[a].stance().unwrap_or(0), row[b].stance().unwrap_or(0));
                    (if high { sb.cmp(&sa) } else { sa.cmp(&sb) })
                        .then_with(|| grid.parties[a].name.cmp(&grid.parties[b].name))
                });
                g
            })
            .collect();
        let mut out = Vec::new();
        while groups.iter().any(|g| !g.is_empty()) {
            for g in &mut groups {
                if !g.is_empty() {
                    out.push(g.remove(0));
                }
            }
        }
        out
    };
    let all: Vec<usize> = (0..grid.parties.len()).collect();
    let (high, low) = match &t.fault {
        Some(f) => (
            side(f.high.iter().map(|g| all.iter().copied().filter(|&p| in_group(p, g)).collect()).collect(), true),
            side(f.low.iter().map(|g| all.iter().copied().filter(|&p| in_group(p, g)).collect()).collect(), false),
        ),
        None => (
            side(vec![all.iter().copied().filter(|&p| row[p].stance().is_some_and(|s| s > 0)).collect()], true),
            side(vec![all.iter().copied().filter(|&p| row[p].stance().is_some_and(|s| s < 0)).collect()], false),
        ),
    };
    let mut out: Vec<Uuid> = Vec::new();
    let mut seen = HashSet::new();
    let (mut h, mut l) = (high.into_iter(), low.into_iter());
    while out.len() < max_panel {
        let mut progressed = false;
        for next in [h.next(), l.next()].into_iter().flatten() {
            if out.len() < max_panel && seen.insert(next) {
                out.push(grid.parties[next].id);
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    out
}

impl Store {
    /// The session's agenda with computed times (empty when none was made).
    pub fn agenda(&self, session_id: Uuid) -> Result<Agenda> {
        let session = self.get_session(session_id)?;
        let items = list_items(self.conn(), session_id)?;
        Ok(with_times(session, items))
    }

    /// Replaces the session's agenda with an automatic draft.
    pub fn draft_agenda(&mut self, session_id: Uuid, params: &DraftParams, lang: Lang) -> Result<Agenda> {
        let session = self.get_session(session_id)?;
        let session_minutes = (session.ends_at - session.starts_at).num_minutes();
        let total = params.validate(session_minutes)?;
        let known: HashSet<Uuid> = self.list_bouwstenen()?.into_iter().map(|b| b.id).collect();
        if let Some(b) = params.bouwsteen_ids.iter().find(|b| !known.contains(b)) {
            return Err(Error::not_found("bouwsteen", b));
        }
        let grid = self.grid()?;
        let overview = self.overview(lang)?;
        let mut candidates: Vec<(u8, &TopicAnalysis)> = overview
            .topics
            .iter()
            .filter(|t| params.bouwsteen_ids.is_empty() || params.bouwsteen_ids.contains(&t.bouwsteen_id))
            .filter_map(|t| needs_the_room(t).map(|k| (k, t)))
            .collect();
        // Divergences in list order first, then the open topics (stable sort keeps the rank).
        candidates.sort_by_key(|(k, _)| *k);

        let fixed = params.welcome_minutes + params.wrap_up_minutes + params.breaks * params.break_minutes;
        let available = (total - fixed).max(0);
        let n = (candidates.len() as i64).min(available / params.min_minutes);
        let per_item = if n > 0 {
            let even = available / n;
            // Whole five minutes where the bounds allow it.
            let rounded = if even >= 5 { even - even % 5 } else { even };
            rounded.clamp(params.min_minutes, params.max_minutes)
        } else {
            0
        };
        let mut plan: Vec<AgendaItemInput> = Vec::new();
        let fixed_item = |kind, minutes| AgendaItemInput {
            kind,
            topic_id: None,
            title: fixed_title(kind, lang).to_owned(),
            question: String::new(),
            minutes,
            party_ids: vec![],
        };
        if params.welcome_minutes > 0 {
            plan.push(fixed_item(AgendaItemKind::Welcome, params.welcome_minutes));
        }
        let chosen = &candidates[..n as usize];
        // Breaks spread evenly between the topics.
        let per_block = (n as usize).div_ceil(params.breaks as usize + 1).max(1);
        let mut breaks_left = if params.break_minutes > 0 { params.breaks } else { 0 };
        for (i, (_, t)) in chosen.iter().enumerate() {
            if i > 0 && i % per_block == 0 && breaks_left > 0 {
                plan.push(fixed_item(AgendaItemKind::Break, params.break_minutes));
                breaks_left -= 1;
            }
            plan.push(AgendaItemInput {
                kind: AgendaItemKind::Topic,
                topic_id: Some(t.id),
                title: topic_title(&t.code, &t.title),
                question: default_question(lang).to_owned(),
                minutes: per_item,
                party_ids: panel_for(&grid, t, params.max_panel as usize),
            });
        }
        if params.wrap_up_minutes > 0 {
            plan.push(fixed_item(AgendaItemKind::WrapUp, params.wrap_up_minutes));
        }
        self.write(|tx, ctx| {
            for before in list_items(tx, session_id)? {
                delete_item(tx, before.id)?;
                audit::deleted(tx, ctx, &before)?;
            }
            for (i, input) in plan.into_iter().enumerate() {
                let input = validate(tx, input)?;
                let item = new_item(session_id, i as i64, input, ctx);
                insert_item(tx, &item)?;
                audit::inserted(tx, ctx, &item)?;
            }
            Ok(())
        })?;
        self.agenda(session_id)
    }

    /// Adds an item at the end of the session's agenda.
    pub fn add_agenda_item(&mut self, session_id: Uuid, input: AgendaItemInput) -> Result<AgendaItem> {
        self.write(|tx, ctx| {
            crate::store::get_session_in(tx, session_id)?;
            let input = validate(tx, input)?;
            let position = list_items(tx, session_id)?.len() as i64;
            let item = new_item(session_id, position, input, ctx);
            insert_item(tx, &item)?;
            audit::inserted(tx, ctx, &item)?;
            Ok(item)
        })
    }

    pub fn update_agenda_item(&mut self, id: Uuid, input: AgendaItemInput) -> Result<AgendaItem> {
        self.write(|tx, ctx| {
            let before = get_item(tx, id)?;
            let input = validate(tx, input)?;
            let after = AgendaItem {
                kind: input.kind,
                topic_id: input.topic_id,
                title: input.title,
                question: input.question,
                minutes: input.minutes,
                party_ids: input.party_ids,
                updated_at: ctx.now,
                ..before.clone()
            };
            update_item(tx, &after)?;
            audit::updated(tx, ctx, &before, &after)?;
            Ok(after)
        })
    }

    pub fn delete_agenda_item(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx, ctx| {
            let before = get_item(tx, id)?;
            delete_item(tx, id)?;
            audit::deleted(tx, ctx, &before)?;
            let rest = list_items(tx, before.session_id)?;
            renumber(tx, ctx, rest)
        })
    }

    /// Moves an item to `index` (clamped) within its session's agenda.
    pub fn move_agenda_item(&mut self, id: Uuid, index: usize) -> Result<Agenda> {
        let session = self.write(|tx, ctx| {
            let item = get_item(tx, id)?;
            let mut items = list_items(tx, item.session_id)?;
            let from = items.iter().position(|i| i.id == id).ok_or_else(|| Error::not_found("agenda item", id))?;
            let moved = items.remove(from);
            items.insert(index.min(items.len()), moved);
            renumber(tx, ctx, items)?;
            Ok(item.session_id)
        })?;
        self.agenda(session)
    }
}

fn new_item(session_id: Uuid, position: i64, input: AgendaItemInput, ctx: &Ctx) -> AgendaItem {
    AgendaItem {
        id: Uuid::now_v7(),
        session_id,
        position,
        kind: input.kind,
        topic_id: input.topic_id,
        title: input.title,
        question: input.question,
        minutes: input.minutes,
        party_ids: input.party_ids,
        created_at: ctx.now,
        updated_at: ctx.now,
    }
}

fn with_times(session: Session, items: Vec<AgendaItem>) -> Agenda {
    let mut at = session.starts_at;
    let mut total = 0;
    let slots = items
        .into_iter()
        .map(|item| {
            let starts_at = at;
            at += Duration::minutes(item.minutes);
            total += item.minutes;
            AgendaSlot { item, starts_at, ends_at: at }
        })
        .collect();
    let session_minutes = (session.ends_at - session.starts_at).num_minutes();
    Agenda { session, slots, total_minutes: total, session_minutes }
}

// ---- exports -----------------------------------------------------------------------------

const AMSTERDAM: chrono_tz::Tz = chrono_tz::Europe::Amsterdam;

fn local(t: DateTime<Utc>) -> DateTime<chrono_tz::Tz> {
    t.with_timezone(&AMSTERDAM)
}

fn date_text(t: DateTime<Utc>, lang: Lang) -> String {
    crate::labels::long_date(local(t).date_naive(), lang)
}

fn hm(t: DateTime<Utc>) -> String {
    local(t).format("%H:%M").to_string()
}

/// The agenda as a document: a table of times and items, then per topic item its question,
/// its fault line and the invited parties.
pub fn document(store: &Store, session_id: Uuid, lang: Lang) -> Result<Document> {
    let agenda = store.agenda(session_id)?;
    let s = &agenda.session;
    let nl = lang == Lang::Nl;
    let parties: HashMap<Uuid, String> = store.list_parties()?.into_iter().map(|p| (p.id, p.name)).collect();
    let overview = store.overview(lang)?;
    let faults: HashMap<Uuid, String> =
        overview.topics.iter().filter_map(|t| t.fault_line.clone().map(|f| (t.id, f))).collect();
    let mut doc = Document::new(format!("Agenda: {}", s.title), lang);
    let place = if s.location.is_empty() { String::new() } else { format!(", {}", s.location) };
    doc.subtitle = Some(format!("{}, {}–{}{place}", date_text(s.starts_at, lang), hm(s.starts_at), hm(s.ends_at)));
    if !s.notes.trim().is_empty() {
        doc.paragraph(s.notes.trim());
    }
    let header =
        if nl { vec!["Tijd", "Onderdeel", "Vraag", "Genodigden"] } else { vec!["Time", "Item", "Question", "Invited"] };
    let names = |ids: &[Uuid]| ids.iter().filter_map(|p| parties.get(p).cloned()).collect::<Vec<_>>().join(", ");
    doc.table(Table {
        header: header.into_iter().map(String::from).collect(),
        rows: agenda
            .slots
            .iter()
            .map(|slot| {
                vec![
                    TableCell::text(format!("{}–{}", hm(slot.starts_at), hm(slot.ends_at))),
                    TableCell::text(slot.item.title.clone()),
                    TableCell::text(slot.item.question.clone()),
                    TableCell::text(names(&slot.item.party_ids)),
                ]
            })
            .collect(),
        widths: vec![14, 36, 30, 20],
    });
    let topics: Vec<&AgendaSlot> = agenda.slots.iter().filter(|s| s.item.topic_id.is_some()).collect();
    if !topics.is_empty() {
        doc.heading(1, if nl { "Toelichting per onderwerp" } else { "Notes per topic" });
        for slot in topics {
            doc.heading(2, format!("{} {}", hm(slot.starts_at), slot.item.title));
            if !slot.item.question.is_empty() {
                doc.rich(vec![
                    Inline::Strong(if nl { "Vraag: " } else { "Question: " }.into()),
                    Inline::Text(slot.item.question.clone()),
                ]);
            }
            if let Some(f) = slot.item.topic_id.and_then(|t| faults.get(&t)) {
                doc.rich(vec![
                    Inline::Strong(if nl { "Breuklijn: " } else { "Fault line: " }.into()),
                    Inline::Text(f.clone()),
                ]);
            }
            if !slot.item.party_ids.is_empty() {
                doc.rich(vec![
                    Inline::Strong(if nl { "Aan tafel: " } else { "At the table: " }.into()),
                    Inline::Text(names(&slot.item.party_ids)),
                ]);
            }
        }
    }
    Ok(doc)
}

/// The session as one iCalendar event with the agenda in its description, its times in
/// Europe/Amsterdam with the zone's VTIMEZONE.
pub fn ics(store: &Store, session_id: Uuid, lang: Lang) -> Result<String> {
    use icalendar::{Calendar, CalendarDateTime, Component, EventLike};
    let agenda = store.agenda(session_id)?;
    let s = &agenda.session;
    let parties: HashMap<Uuid, String> = store.list_parties()?.into_iter().map(|p| (p.id, p.name)).collect();
    let mut description = String::new();
    for slot in &agenda.slots {
        description.push_str(&format!("{}–{} {}", hm(slot.starts_at), hm(slot.ends_at), slot.item.title));
        if !slot.item.question.is_empty() {
            description.push_str(&format!(" — {}", slot.item.question));
        }
        let names: Vec<&str> = slot.item.party_ids.iter().filter_map(|p| parties.get(p).map(String::as_str)).collect();
        if !names.is_empty() {
            description.push_str(&format!(" ({})", names.join(", ")));
        }
        description.push('\n');
    }
    let tz = |t: DateTime<Utc>| CalendarDateTime::WithTimezone {
        date_time: local(t).naive_local(),
        tzid: "Europe/Amsterdam".to_owned(),
    };
    let event = icalendar::Event::new()
        .uid(&format!("{}@ketentafel", s.id))
        .summary(&s.title)
        .location(&s.location)
        .description(description.trim_end())
        .starts(tz(s.starts_at))
        .ends(tz(s.ends_at))
        .timestamp(s.updated_at)
        .append_property(icalendar::Property::new("X-KETENTAFEL-LANG", if lang == Lang::Nl { "nl" } else { "en" }))
        .done();
    let mut cal = Calendar::new();
    cal.append_property(icalendar::Property::new("PRODID", "-//Ketentafel//Agenda//NL"));
    cal.push(event);
    let text = cal.to_string();
    // The crate writes no VTIMEZONE; the zone's rules (EU summer time since 1996) go in
    // before the event, so calendars that know no IANA names still place it right.
    let at = text.find("BEGIN:VEVENT").ok_or_else(|| Error::Internal("no event in the calendar".into()))?;
    Ok(format!("{}{VTIMEZONE}{}", &text[..at], &text[at..]))
}

const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// What an agenda can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AgendaFormat {
    Md,
    Html,
    Docx,
    Ics,
}

impl AgendaFormat {
    pub fn from_code(s: &str) -> Option<AgendaFormat> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(AgendaFormat::Md),
            "html" | "htm" => Some(AgendaFormat::Html),
            "docx" => Some(AgendaFormat::Docx),
            "ics" | "ical" => Some(AgendaFormat::Ics),
            _ => None,
        }
    }
}

/// The agenda in `format`, as bytes.
pub fn render(store: &Store, session_id: Uuid, format: AgendaFormat, lang: Lang) -> Result<Vec<u8>> {
    use crate::export::Format;
    Ok(match format {
        AgendaFormat::Ics => ics(store, session_id, lang)?.into_bytes(),
        AgendaFormat::Md => crate::export::render(&document(store, session_id, lang)?, Format::Markdown)?,
        AgendaFormat::Html => crate::export::render(&document(store, session_id, lang)?, Format::Html)?,
        AgendaFormat::Docx => crate::export::render(&document(store, session_id, lang)?, Format::Docx)?,
    })
}

/// Writes the agenda to `path` (atomically).
pub fn export(store: &Store, session_id: Uuid, format: AgendaFormat, lang: Lang, path: &std::path::Path) -> Result<()> {
    crate::export::write_atomically(path, &render(store, session_id, format, lang)?)
}

/// A session by id or by its exact title (case-insensitive), for the command line.
pub fn find_session(store: &Store, key: &str) -> Result<Session> {
    if let Ok(id) = Uuid::parse_str(key.trim()) {
        return store.get_session(id);
    }
    let wanted = key.trim().to_lowercase();
    let mut matches = store.list_sessions()?.into_iter().filter(|s| s.title.trim().to_lowercase() == wanted);
    match (matches.next(), matches.next()) {
        (Some(s), None) => Ok(s),
        (None, _) => Err(Error::not_found("session", key)),
        _ => Err(Error::invalid("session", "more than one session has this title; give its id")),
    }
}

#[cfg(test)]
mod tests;
