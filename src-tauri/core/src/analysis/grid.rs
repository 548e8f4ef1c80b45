//! The grid of positions the analysis reads: topics × parties, one small cell each, built in
//! one pass over the `positions` table.
//!
//! The "current" position of a party on a topic is the entry of the most recent session (by
//! start) in which it has one, the last recorded on a tie — the same rule as
//! `positions::list_current`, which a test holds them to. A grid "as of" a session keeps only
//! the sessions that started no later than it, which is what movement compares.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use uuid::Uuid;

use crate::error::Result;
use crate::model::{ChainRole, ProductionType, TopicKind};
use crate::store::uuid_at;

/// One cell: nothing recorded, "no position", or a stance −2..=2, with whether the stance
/// came with a condition ("mits …").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell(u8);

const EMPTY: u8 = 0;
const NO_POSITION: u8 = 1;
/// Stances are stored as 2 + (stance + 2), so 2..=6.
const STANCE_BASE: u8 = 4;
const CONDITIONAL: u8 = 0x80;

impl Cell {
    pub fn new(stance: Option<i8>, conditional: bool) -> Cell {
        let v = match stance {
            Some(s) => (STANCE_BASE as i8 + s) as u8,
            None => NO_POSITION,
        };
        Cell(v | if conditional && stance.is_some() { CONDITIONAL } else { 0 })
    }
    /// Nothing recorded for this party on this topic.
    pub fn is_empty(self) -> bool {
        self.0 & !CONDITIONAL == EMPTY
    }
    /// `None` when nothing is recorded, `Some(None)` for "no position".
    pub fn entry(self) -> Option<Option<i8>> {
        match self.0 & !CONDITIONAL {
            EMPTY => None,
            NO_POSITION => Some(None),
            v => Some(Some(v as i8 - STANCE_BASE as i8)),
        }
    }
    /// The stance, when there is one.
    pub fn stance(self) -> Option<i8> {
        self.entry().flatten()
    }
    pub fn conditional(self) -> bool {
        self.0 & CONDITIONAL != 0
    }
    /// −2..=2 a stance, 3 "no position", 4 nothing recorded.
    pub fn plain_code(self) -> i8 {
        match self.entry() {
            None => 4,
            Some(None) => 3,
            Some(Some(s)) => s,
        }
    }
    /// The compact code the heat-map receives: −2..=2 a stance, 3 "no position", 4 nothing;
    /// plus 10 when the stance carries a condition.
    pub fn code(self) -> i8 {
        match self.entry() {
            None => 4,
            Some(None) => 3,
            Some(Some(s)) => s + if self.conditional() { 10 } else { 0 },
        }
    }
}

/// What the analysis needs of a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct GridTopic {
    pub id: Uuid,
    pub code: String,
    pub title: String,
    pub kind: TopicKind,
    pub priority: i64,
    pub bouwsteen_id: Uuid,
    pub bouwsteen: String,
    pub production_types: Vec<ProductionType>,
}

/// What the analysis needs of a party.
#[derive(Debug, Clone, PartialEq)]
pub struct GridParty {
    pub id: Uuid,
    pub name: String,
    pub short_name: String,
    pub chain_role: ChainRole,
    pub segment: String,
    pub production_types: Vec<ProductionType>,
}

/// Topics (by bouwsteen, then code, then title) × parties (by chain role, then name).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub topics: Vec<GridTopic>,
    pub parties: Vec<GridParty>,
    cells: Vec<Cell>,
}

impl Grid {
    pub fn cell(&self, topic: usize, party: usize) -> Cell {
        self.cells[topic * self.parties.len() + party]
    }

    /// One topic's row, a cell per party.
    pub fn row(&self, topic: usize) -> &[Cell] {
        let w = self.parties.len();
        &self.cells[topic * w..(topic + 1) * w]
    }

    pub fn topic_index(&self, id: Uuid) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }

    pub fn party_index(&self, id: Uuid) -> Option<usize> {
        self.parties.iter().position(|p| p.id == id)
    }

    /// Reads the grid of current positions, or of the positions as they stood after the
    /// sessions that started no later than `as_of`.
    pub fn load(conn: &Connection, as_of: Option<DateTime<Utc>>) -> Result<Grid> {
        let mut grids = Grid::load_at(conn, &[as_of])?;
        grids.pop().ok_or_else(|| crate::error::Error::Internal("no grid was read".into()))
    }

    /// The grids as they stood at each cut (see [`Grid::load`]), from one scan of the
    /// positions: comparing two moments costs one read of the table, not two.
    pub fn load_at(conn: &Connection, cuts: &[Option<DateTime<Utc>>]) -> Result<Vec<Grid>> {
        let topics = load_topics(conn)?;
        let parties = load_parties(conn)?;
        let topic_ix: HashMap<String, usize> = topics.iter().enumerate().map(|(i, t)| (t.id.to_string(), i)).collect();
        let party_ix: HashMap<String, usize> = parties.iter().enumerate().map(|(i, p)| (p.id.to_string(), i)).collect();
        // Sessions ranked by start; equal starts share a rank, and recorded_at decides.
        let mut sessions: Vec<(String, DateTime<Utc>)> = conn
            .prepare("SELECT id, starts_at FROM sessions")?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        sessions.sort_by_key(|s| s.1);
        let mut session_rank: HashMap<String, u32> = HashMap::with_capacity(sessions.len());
        let mut rank = 0u32;
        // Whether a rank is shared by sessions with one start: only then can two entries of a
        // cell tie, and only then is their recorded_at worth keeping (a copy per row otherwise).
        let mut shared = vec![false; sessions.len() + 1];
        // Per cut, the highest rank it takes in (ranks follow the starts): 0 for none.
        let mut limits = vec![0u32; cuts.len()];
        for (i, (id, start)) in sessions.iter().enumerate() {
            if i > 0 && sessions[i - 1].1 != *start {
                rank += 1;
            } else if i > 0 {
                shared[rank as usize + 1] = true;
            }
            session_rank.insert(id.clone(), rank + 1);
            for (limit, cut) in limits.iter_mut().zip(cuts) {
                if cut.is_none_or(|cut| *start <= cut) {
                    *limit = rank + 1;
                }
            }
        }

        let width = parties.len();
        let mut taken: Vec<Taking> = limits.iter().map(|&limit| Taking::new(limit, topics.len() * width)).collect();
        let mut stmt =
            conn.prepare("SELECT topic_id, party_id, session_id, stance, condition <> '', recorded_at FROM positions")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (Some(&t), Some(&p), Some(&rank)) =
                (topic_ix.get(text(r, 0)?), party_ix.get(text(r, 1)?), session_rank.get(text(r, 2)?))
            else {
                continue;
            };
            for cut in taken.iter_mut().filter(|c| rank <= c.limit) {
                cut.offer(r, t * width + p, rank, shared[rank as usize])?;
            }
        }
        Ok(taken
            .into_iter()
            .map(|c| Grid { topics: topics.clone(), parties: parties.clone(), cells: c.cells })
            .collect())
    }
}

/// One cut's grid as the scan builds it.
struct Taking {
    /// The highest session rank it takes in.
    limit: u32,
    cells: Vec<Cell>,
    /// Per cell: the rank of the session its entry came from (0 = none yet), and the
    /// recorded_at text, kept only for the rare tie between sessions with one start.
    ranks: Vec<u32>,
    tie_times: HashMap<usize, String>,
}

impl Taking {
    fn new(limit: u32, cells: usize) -> Taking {
        Taking { limit, cells: vec![Cell::default(); cells], ranks: vec![0; cells], tie_times: HashMap::new() }
    }

    /// Takes row `r` (an entry for cell `i` from a session of `rank`) when it is newer.
    fn offer(&mut self, r: &rusqlite::Row, i: usize, rank: u32, shared: bool) -> rusqlite::Result<()> {
        let newer = match rank.cmp(&self.ranks[i]) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => {
                let at = text(r, 5)?;
                self.tie_times.get(&i).is_none_or(|prev| at > prev.as_str())
            }
        };
        if newer {
            self.ranks[i] = rank;
            self.cells[i] = Cell::new(r.get(3)?, r.get(4)?);
            if shared {
                self.tie_times.insert(i, r.get(5)?);
            }
        }
        Ok(())
    }
}

/// A TEXT column borrowed from the row, without a copy.
fn text<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into()))
}

/// "2.10" after "2.9": compares runs of digits by value.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let take = |it: &mut std::iter::Peekable<std::str::Chars>| {
                    let mut n = String::new();
                    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
                        n.push(c);
                        it.next();
                    }
                    n
                };
                let (na, nb) = (take(&mut a), take(&mut b));
                let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                let o = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if o != Ordering::Equal {
                    return o;
                }
            }
            (Some(x), Some(y)) => {
                let o = x.to_lowercase().cmp(y.to_lowercase());
                if o != Ordering::Equal {
                    return o;
                }
                a.next();
                b.next();
            }
        }
    }
}

fn production_types(conn: &Connection, table: &str, key: &str) -> Result<HashMap<String, Vec<ProductionType>>> {
    let mut out: HashMap<String, Vec<ProductionType>> = HashMap::new();
    let mut stmt = conn.prepare(&format!("SELECT {key}, production_type FROM {table} ORDER BY production_type"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, ProductionType>(1)?)))?;
    for row in rows {
        let (id, t) = row?;
        out.entry(id).or_default().push(t);
    }
    Ok(out)
}

fn load_topics(conn: &Connection) -> Result<Vec<GridTopic>> {
    let mut types = production_types(conn, "topic_production_types", "topic_id")?;
    let mut stmt = conn.prepare(
        "SELECT t.id, t.code, t.title, t.kind, t.priority, b.id, b.name, b.position
         FROM topics t JOIN bouwstenen b ON b.id = t.bouwsteen_id",
    )?;
    let mut topics: Vec<(i64, GridTopic)> = stmt
        .query_map([], |r| {
            let id: Uuid = uuid_at(r, 0)?;
            Ok((
                r.get(7)?,
                GridTopic {
                    id,
                    code: r.get(1)?,
                    title: r.get(2)?,
                    kind: r.get(3)?,
                    priority: r.get(4)?,
                    bouwsteen_id: uuid_at(r, 5)?,
                    bouwsteen: r.get(6)?,
                    production_types: vec![],
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (_, t) in &mut topics {
        t.production_types = types.remove(&t.id.to_string()).unwrap_or_default();
    }
    topics.sort_by(|(pa, a), (pb, b)| {
        pa.cmp(pb)
            .then_with(|| a.bouwsteen_id.cmp(&b.bouwsteen_id))
            .then_with(|| (a.code.is_empty()).cmp(&b.code.is_empty()))
            .then_with(|| natural_cmp(&a.code, &b.code))
            .then_with(|| natural_cmp(&a.title, &b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(topics.into_iter().map(|(_, t)| t).collect())
}

fn load_parties(conn: &Connection) -> Result<Vec<GridParty>> {
    let mut types = production_types(conn, "party_production_types", "party_id")?;
    let mut stmt = conn.prepare("SELECT id, name, short_name, chain_role, segment FROM parties")?;
    let mut parties: Vec<GridParty> = stmt
        .query_map([], |r| {
            Ok(GridParty {
                id: uuid_at(r, 0)?,
                name: r.get(1)?,
                short_name: r.get(2)?,
                chain_role: r.get(3)?,
                segment: r.get(4)?,
                production_types: vec![],
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for p in &mut parties {
        p.production_types = types.remove(&p.id.to_string()).unwrap_or_default();
    }
    let role_order = |r: ChainRole| ChainRole::ALL.iter().position(|x| *x == r).unwrap_or(usize::MAX);
    parties.sort_by(|a, b| {
        role_order(a.chain_role)
            .cmp(&role_order(b.chain_role))
            .then_with(|| natural_cmp(&a.segment, &b.segment))
            .then_with(|| natural_cmp(&a.name, &b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(parties)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn cells_round_trip() {
        for s in [None, Some(-2), Some(-1), Some(0), Some(1), Some(2)] {
            for c in [false, true] {
                let cell = Cell::new(s, c);
                assert_eq!(cell.entry(), Some(s));
                assert_eq!(cell.conditional(), c && s.is_some());
            }
        }
        assert_eq!(Cell::default().entry(), None);
        assert_eq!(Cell::default().code(), 4);
        assert_eq!(Cell::new(None, false).code(), 3);
        assert_eq!(Cell::new(Some(-2), true).code(), 8);
    }

    #[test]
    fn natural_order() {
        let mut v = vec!["2.10", "2.2", "10.1", "1.1", "", "2.02b", "2.2a"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, vec!["", "1.1", "2.2", "2.2a", "2.02b", "2.10", "10.1"]);
    }

    #[test]
    fn current_grid_matches_the_sql_rule() {
        let mut s = Store::in_memory("t").unwrap();
        crate::demo::populate(&mut s).unwrap();
        let g = s.grid().unwrap();
        let current = s.current_positions().unwrap();
        let mut filled = 0;
        for (ti, t) in g.topics.iter().enumerate() {
            for (pi, p) in g.parties.iter().enumerate() {
                let want = current.iter().find(|c| c.topic_id == t.id && c.party_id == p.id);
                let cell = g.cell(ti, pi);
                assert_eq!(cell.entry(), want.map(|c| c.stance), "{} / {}", t.code, p.name);
                assert_eq!(cell.conditional(), want.is_some_and(|c| !c.condition.is_empty() && c.stance.is_some()));
                filled += usize::from(want.is_some());
            }
        }
        assert_eq!(filled, current.len());
        // Ordered by bouwsteen, then code.
        let codes: Vec<_> = g.topics.iter().map(|t| t.code.as_str()).take(6).collect();
        assert_eq!(codes, ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1"]);
        assert_eq!(g.parties[0].chain_role, ChainRole::Producer);
    }

    #[test]
    fn as_of_an_earlier_session_and_cache_invalidation() {
        let mut s = Store::in_memory("t").unwrap();
        crate::demo::populate(&mut s).unwrap();
        let sessions = s.list_sessions().unwrap();
        let first = Grid::load(s.conn(), Some(sessions[0].starts_at)).unwrap();
        let now = s.grid().unwrap();
        let t = now.topics.iter().position(|t| t.code == "2.2").unwrap();
        let p = now.parties.iter().position(|p| p.short_name == "OVH").unwrap();
        assert_eq!(first.cell(t, p).stance(), Some(-2));
        assert_eq!(now.cell(t, p).stance(), Some(1));
        // Topics of the last two bouwstenen were not discussed in the first session.
        let late = now.topics.iter().position(|t| t.code == "4.1").unwrap();
        assert!(first.row(late).iter().all(|c| c.is_empty()));
        // A write drops the cached grid.
        let (topic, party) = (now.topics[t].id, now.parties[p].id);
        s.record_position(crate::model::PositionInput {
            topic_id: topic,
            party_id: party,
            session_id: sessions[1].id,
            stance: None,
            rationale: String::new(),
            condition: String::new(),
            quote: String::new(),
        })
        .unwrap();
        assert_eq!(s.grid().unwrap().cell(t, p).entry(), Some(None));
    }

    #[test]
    fn one_scan_for_several_moments_gives_each_moment_its_own_grid() {
        let mut s = Store::in_memory("t").unwrap();
        let spec = crate::generate::GenerateSpec { parties: 12, topics: 30, sessions: 5, positions: 1200, seed: 3 };
        crate::generate::populate(&mut s, &spec).unwrap();
        let mut starts: Vec<DateTime<Utc>> = s.list_sessions().unwrap().into_iter().map(|x| x.starts_at).collect();
        starts.sort();
        // Before every session, at each one, and now; in an order of their own.
        let before = starts[0] - chrono::Duration::days(1);
        let mut cuts: Vec<Option<DateTime<Utc>>> = starts.iter().rev().map(|&t| Some(t)).collect();
        cuts.extend([None, Some(before)]);
        let together = Grid::load_at(s.conn(), &cuts).unwrap();
        assert_eq!(together.len(), cuts.len());
        for (grid, cut) in together.iter().zip(&cuts) {
            assert_eq!(grid, &Grid::load(s.conn(), *cut).unwrap(), "{cut:?}");
        }
        // They differ where the dialogue moved: not one grid copied to every cut.
        let filled = |g: &Grid| (0..g.topics.len()).flat_map(|t| g.row(t).to_vec()).filter(|c| !c.is_empty()).count();
        assert_eq!(filled(&together[cuts.len() - 1]), 0, "nothing before the first session");
        assert!(
            filled(&together[cuts.len() - 2]) > filled(&together[cuts.len() - 3]),
            "now holds more than the first session"
        );
        assert_eq!(&together[0], s.grid().unwrap().as_ref(), "the last session's moment is now");
    }

    #[test]
    fn sessions_with_one_start_tie_on_recorded_at_and_others_on_start() {
        use crate::model::*;
        use chrono::TimeZone;
        let mut s = Store::in_memory("t").unwrap();
        let b = s.create_bouwsteen(BouwsteenInput { name: "B".into(), description: String::new() }).unwrap();
        let topic = s
            .create_topic(TopicInput {
                bouwsteen_id: b.id,
                code: "1.1".into(),
                kind: TopicKind::Bottleneck,
                title: "T".into(),
                description: String::new(),
                priority: 2,
                production_types: vec![],
            })
            .unwrap();
        let party = s
            .create_party(PartyInput {
                name: "P".into(),
                short_name: String::new(),
                chain_role: ChainRole::Producer,
                segment: None,
                production_types: vec![],
                colour: "#777777".into(),
                notes: String::new(),
            })
            .unwrap();
        let session = |s: &mut Store, title: &str, day: u32| {
            let at = chrono::Utc.with_ymd_and_hms(2026, 1, day, 10, 0, 0).unwrap();
            s.create_session(SessionInput {
                title: title.into(),
                kind: SessionKind::WorkingGroup,
                starts_at: at,
                ends_at: at,
                location: String::new(),
                notes: String::new(),
                attendee_ids: vec![],
            })
            .unwrap()
            .id
        };
        // Two sessions starting at once (a tie on start) and one earlier, recorded last.
        let (a, b2, early) = (session(&mut s, "A", 5), session(&mut s, "B", 5), session(&mut s, "E", 1));
        let cell = |s: &Store| {
            let g = s.grid().unwrap();
            let fresh = Grid::load(s.conn(), None).unwrap();
            assert_eq!(*g, fresh, "the cached grid is the grid a fresh load gives");
            g.cell(0, 0).stance()
        };
        let record = |s: &mut Store, session_id: Uuid, stance: i8| {
            s.record_position(PositionInput {
                topic_id: topic.id,
                party_id: party.id,
                session_id,
                stance: Some(stance),
                rationale: String::new(),
                condition: String::new(),
                quote: String::new(),
            })
            .unwrap();
        };
        record(&mut s, b2, 1);
        assert_eq!(cell(&s), Some(1));
        record(&mut s, a, -1);
        assert_eq!(cell(&s), Some(-1), "same start: the later recording wins");
        record(&mut s, early, 2);
        assert_eq!(cell(&s), Some(-1), "an earlier session never overrides a later one");
        record(&mut s, b2, 0);
        assert_eq!(cell(&s), Some(0), "a correction in the tied session is the latest again");
        let current = s.current_positions().unwrap();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].stance, Some(0));
    }
}
