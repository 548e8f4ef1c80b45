//! The review views' data: a topic page, a party profile, the alignment matrix, movement
//! between two sessions, heat-map windows, and the `analyse --json` report.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::*;
use crate::model::{HistoryEntry, Position};

// ---- alignment ---------------------------------------------------------------------------

/// The share of topics two parties both took a stance on where they stand on the same side
/// (both for, both neutral, or both against); `None` when they share no topic.
pub fn pair_agreement(a: &[i8], b: &[i8]) -> (Option<f64>, u32) {
    let (mut shared, mut same) = (0u32, 0u32);
    for (x, y) in a.iter().zip(b) {
        if *x != NO && *y != NO {
            shared += 1;
            same += u32::from(x.signum() == y.signum());
        }
    }
    ((shared > 0).then(|| same as f64 / shared as f64), shared)
}

/// A stance column per party: the stance per topic, or `NO` when there is none.
const NO: i8 = i8::MIN;

fn columns(grid: &Grid) -> Vec<Vec<i8>> {
    (0..grid.parties.len())
        .map(|p| (0..grid.topics.len()).map(|t| grid.cell(t, p).stance().unwrap_or(NO)).collect())
        .collect()
}

/// The party × party agreement matrix, row-major over `parties` in grid order.
pub fn agreement_matrix(grid: &Grid) -> (Vec<Option<f64>>, Vec<u32>) {
    let cols = columns(grid);
    let n = cols.len();
    let mut values = vec![None; n * n];
    let mut shared = vec![0u32; n * n];
    for i in 0..n {
        for j in i..n {
            let (v, s) = pair_agreement(&cols[i], &cols[j]);
            values[i * n + j] = v;
            values[j * n + i] = v;
            shared[i * n + j] = s;
            shared[j * n + i] = s;
        }
    }
    (values, shared)
}

/// An order of the parties that puts allies side by side: average-linkage clustering on
/// 1 − agreement (½ for pairs that share no topic), each merge joined at its closest ends.
pub fn ally_order(values: &[Option<f64>], n: usize) -> Vec<usize> {
    let sim = |i: usize, j: usize| values[i * n + j].unwrap_or(0.5);
    // Clusters as (members in order); linkage = mean similarity over member pairs.
    let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut link: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| sim(i, j)).collect()).collect();
    while clusters.len() > 1 {
        let (mut bi, mut bj, mut best) = (0, 1, f64::NEG_INFINITY);
        for (i, row) in link.iter().enumerate() {
            for (j, &v) in row.iter().enumerate().skip(i + 1) {
                if v > best + 1e-12 {
                    (bi, bj, best) = (i, j, v);
                }
            }
        }
        let b = clusters.remove(bj);
        let a = std::mem::take(&mut clusters[bi]);
        // Join so that the two members that meet are as alike as possible.
        let ends = |x: &[usize], y: &[usize]| sim(*x.last().unwrap_or(&0), *y.first().unwrap_or(&0));
        let (ra, rb): (Vec<usize>, Vec<usize>) = (a.iter().rev().copied().collect(), b.iter().rev().copied().collect());
        let options = [(&a, &b), (&a, &rb), (&ra, &b), (&ra, &rb)];
        let (x, y) =
            options.iter().copied().max_by(|p, q| ends(p.0, p.1).total_cmp(&ends(q.0, q.1))).unwrap_or((&a, &b));
        let merged: Vec<usize> = x.iter().chain(y.iter()).copied().collect();
        let (na, nb) = (a.len() as f64, b.len() as f64);
        // Lance–Williams update for average linkage, then drop row/column bj.
        let joined: Vec<f64> = link[bi].iter().zip(&link[bj]).map(|(x, y)| (na * x + nb * y) / (na + nb)).collect();
        for (k, v) in joined.into_iter().enumerate() {
            link[bi][k] = v;
            link[k][bi] = v;
        }
        link.remove(bj);
        for row in &mut link {
            row.remove(bj);
        }
        clusters[bi] = merged;
    }
    clusters.pop().unwrap_or_default()
}

/// A party as the review views name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PartyRef {
    pub id: Uuid,
    pub name: String,
    pub short_name: String,
    pub chain_role: ChainRole,
    pub segment: String,
}

impl From<&GridParty> for PartyRef {
    fn from(p: &GridParty) -> Self {
        PartyRef {
            id: p.id,
            name: p.name.clone(),
            short_name: p.short_name.clone(),
            chain_role: p.chain_role,
            segment: p.segment.clone(),
        }
    }
}

/// The alignment matrix in ally order: `values[i * n + j]` is the agreement of parties i and
/// j, `shared` how many topics they both took a stance on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Alignment {
    pub parties: Vec<PartyRef>,
    pub values: Vec<Option<f64>>,
    pub shared: Vec<u32>,
}

pub fn alignment(grid: &Grid) -> Alignment {
    let n = grid.parties.len();
    let (values, shared) = agreement_matrix(grid);
    let order = ally_order(&values, n);
    let cells = || order.iter().flat_map(|&i| order.iter().map(move |&j| i * n + j));
    let picked: Vec<Option<f64>> = cells().map(|k| values[k]).collect();
    let shared_ordered = cells().map(|k| shared[k]).collect();
    Alignment {
        parties: order.iter().map(|&i| PartyRef::from(&grid.parties[i])).collect(),
        values: picked,
        shared: shared_ordered,
    }
}

/// For each party, the topics where it stands alone: the only one for (or against) while at
/// least two others took a stance.
pub fn standing_alone(grid: &Grid) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); grid.parties.len()];
    for t in 0..grid.topics.len() {
        let row = grid.row(t);
        let (mut pos, mut neg, mut counted) = (0u32, 0u32, 0u32);
        for c in row {
            if let Some(s) = c.stance() {
                counted += 1;
                pos += u32::from(s > 0);
                neg += u32::from(s < 0);
            }
        }
        if u64::from(counted) < MIN_POSITIONS {
            continue;
        }
        for (p, c) in row.iter().enumerate() {
            match c.stance() {
                Some(s) if (s > 0 && pos == 1) || (s < 0 && neg == 1) => out[p].push(t),
                _ => {}
            }
        }
    }
    out
}

// ---- topic page and party profile ---------------------------------------------------------

/// A party's current entry on a topic, for the topic page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PartyStance {
    pub party: PartyRef,
    pub position: Position,
    pub session_title: String,
}

/// A topic's distribution as it stood after one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionMeasures {
    pub session_id: Uuid,
    pub session_title: String,
    pub starts_at: DateTime<Utc>,
    pub measures: Measures,
}

/// Everything the topic page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TopicDetail {
    pub analysis: TopicAnalysis,
    pub splits: Vec<SplitGroup>,
    /// Each party's current entry, in grid order (by chain role).
    pub stances: Vec<PartyStance>,
    /// Parties with nothing recorded on the topic.
    pub silent: Vec<PartyRef>,
    /// The distribution after each session that had entries on the topic, oldest first.
    pub timeline: Vec<SessionMeasures>,
    pub verdict_note: String,
}

/// A topic seen from one party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProfileTopic {
    pub topic_id: Uuid,
    pub code: String,
    pub title: String,
    pub bouwsteen: String,
    /// The party's current entry: −2..=2, 3 "no position", 4 nothing recorded (as the heat-map).
    pub cell: i8,
    /// The mean stance of the other parties, when any took one.
    pub others_mean: Option<f64>,
}

/// Another party and how often it stands on the same side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Ally {
    pub party: PartyRef,
    pub agreement: f64,
    pub shared: u32,
}

/// Everything the party profile shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PartyProfile {
    pub party: PartyRef,
    pub counts: StanceCounts,
    pub topics: Vec<ProfileTopic>,
    /// Where it stands alone (see `standing_alone`).
    pub alone: Vec<ProfileTopic>,
    /// The other parties, most agreeing first; pairs that share no topic are left out.
    pub allies: Vec<Ally>,
}

impl crate::Store {
    pub fn topic_detail(&self, topic_id: Uuid, lang: Lang) -> Result<TopicDetail> {
        let (grid, t) = self.topic_position(topic_id)?;
        let groups = group_members(&grid);
        let verdict = self.list_verdicts()?.into_iter().find(|v| v.topic_id == topic_id);
        let analysis = analyse_topic(&grid, t, &groups, verdict.as_ref().map(|v| v.marking), lang);
        let sessions: HashMap<Uuid, crate::model::Session> =
            self.list_sessions()?.into_iter().map(|s| (s.id, s)).collect();
        let all = crate::store::positions_for_topic(self.conn(), topic_id)?;
        // Current entries by the grid's rule: latest session start, then latest recorded.
        let order = |p: &Position| (sessions.get(&p.session_id).map(|s| s.starts_at), p.recorded_at);
        let mut current: HashMap<Uuid, &Position> = HashMap::new();
        for p in &all {
            let e = current.entry(p.party_id).or_insert(p);
            if order(p) > order(e) {
                *e = p;
            }
        }
        let (mut stances, mut silent) = (Vec::new(), Vec::new());
        for p in &grid.parties {
            match current.get(&p.id) {
                Some(pos) => stances.push(PartyStance {
                    party: p.into(),
                    session_title: sessions.get(&pos.session_id).map(|s| s.title.clone()).unwrap_or_default(),
                    position: (*pos).clone(),
                }),
                None => silent.push(p.into()),
            }
        }
        // The distribution after each session with entries on this topic, "as of" its start.
        let mut with_entries: Vec<&crate::model::Session> =
            sessions.values().filter(|s| all.iter().any(|p| p.session_id == s.id)).collect();
        with_entries.sort_by_key(|s| s.starts_at);
        let timeline = with_entries
            .into_iter()
            .map(|s| {
                type Latest = (DateTime<Utc>, DateTime<Utc>, Option<i8>);
                let mut latest: HashMap<Uuid, Latest> = HashMap::new();
                for p in &all {
                    let Some(ps) = sessions.get(&p.session_id) else { continue };
                    if ps.starts_at > s.starts_at {
                        continue;
                    }
                    let key = (ps.starts_at, p.recorded_at, p.stance);
                    let e = latest.entry(p.party_id).or_insert(key);
                    if (key.0, key.1) > (e.0, e.1) {
                        *e = key;
                    }
                }
                let mut c = StanceCounts::default();
                latest.values().for_each(|(_, _, st)| c.add(Cell::new(*st, false)));
                SessionMeasures {
                    session_id: s.id,
                    session_title: s.title.clone(),
                    starts_at: s.starts_at,
                    measures: Measures::of(c),
                }
            })
            .collect();
        Ok(TopicDetail {
            splits: splits(&grid, t, &groups)
                .into_iter()
                .filter(|s| s.measures.counted + s.measures.counts.none > 0)
                .collect(),
            analysis,
            stances,
            silent,
            timeline,
            verdict_note: verdict.map(|v| v.note).unwrap_or_default(),
        })
    }

    pub fn party_profile(&self, party_id: Uuid) -> Result<PartyProfile> {
        let grid = self.grid()?;
        let p = grid.party_index(party_id).ok_or_else(|| Error::not_found("party", party_id))?;
        let mut counts = StanceCounts::default();
        let topic = |t: usize| {
            let row = grid.row(t);
            let others: Vec<i8> =
                row.iter().enumerate().filter(|(i, _)| *i != p).filter_map(|(_, c)| c.stance()).collect();
            let gt = &grid.topics[t];
            ProfileTopic {
                topic_id: gt.id,
                code: gt.code.clone(),
                title: gt.title.clone(),
                bouwsteen: gt.bouwsteen.clone(),
                cell: row[p].plain_code(),
                others_mean: (!others.is_empty())
                    .then(|| others.iter().map(|s| f64::from(*s)).sum::<f64>() / others.len() as f64),
            }
        };
        let topics: Vec<ProfileTopic> = (0..grid.topics.len())
            .inspect(|&t| counts.add(grid.cell(t, p)))
            .filter(|&t| !grid.cell(t, p).is_empty())
            .map(topic)
            .collect();
        let alone = standing_alone(&grid)[p].iter().map(|&t| topic(t)).collect();
        let cols = columns(&grid);
        let mut allies: Vec<Ally> = (0..grid.parties.len())
            .filter(|&q| q != p)
            .filter_map(|q| {
                let (v, shared) = pair_agreement(&cols[p], &cols[q]);
                v.map(|agreement| Ally { party: (&grid.parties[q]).into(), agreement, shared })
            })
            .collect();
        allies.sort_by(|a, b| b.agreement.total_cmp(&a.agreement).then(b.shared.cmp(&a.shared)));
        Ok(PartyProfile { party: (&grid.parties[p]).into(), counts, topics, alone, allies })
    }

    pub fn alignment(&self) -> Result<Alignment> {
        Ok(alignment(&*self.grid()?))
    }
}

// ---- movement ----------------------------------------------------------------------------

/// Which way a party moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    TowardFor,
    TowardAgainst,
    /// From a stance to "no position".
    Withdrew,
    /// From "no position" to a stance.
    TookPosition,
}

/// One party's change on one topic between two sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Move {
    pub topic_id: Uuid,
    pub party: PartyRef,
    /// The stance before and after; `None` is "no position".
    pub from: Option<i8>,
    pub to: Option<i8>,
    pub direction: Direction,
}

/// Whether a topic's agreement A rose or fell between two sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Converged,
    Diverged,
    Unchanged,
    /// Too few positions at either moment to say.
    Insufficient,
}

/// A topic's movement between two sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TopicShift {
    pub topic_id: Uuid,
    pub code: String,
    pub title: String,
    pub bouwsteen: String,
    pub before: Measures,
    pub after: Measures,
    pub trend: Trend,
    pub moves: Vec<Move>,
}

/// What changed between the positions as they stood after one session and after another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Movement {
    pub from_session: Uuid,
    pub to_session: Uuid,
    /// Topics with a move or a change of trend, most moves first.
    pub topics: Vec<TopicShift>,
    pub converged: u32,
    pub diverged: u32,
    pub moves: u32,
}

impl crate::Store {
    /// Compares the positions as they stood after `from` with those after `to`.
    pub fn movement(&self, from: Uuid, to: Uuid) -> Result<Movement> {
        let (a, b) = (self.session_start(from)?, self.session_start(to)?);
        // Both moments from one scan of the positions.
        match Grid::load_at(self.conn(), &[Some(a), Some(b)])?.as_slice() {
            [before, after] => Ok(movement_between(before, after, from, to)),
            _ => Err(crate::error::Error::Internal("two grids were asked for".into())),
        }
    }
}

pub fn movement_between(before: &Grid, after: &Grid, from: Uuid, to: Uuid) -> Movement {
    let mut topics = Vec::new();
    let (mut converged, mut diverged, mut moves_n) = (0, 0, 0);
    for t in 0..after.topics.len() {
        let (rb, ra) = (before.row(t), after.row(t));
        let mb = Measures::of_cells(rb);
        let ma = Measures::of_cells(ra);
        let moves: Vec<Move> = (0..after.parties.len())
            .filter_map(|p| {
                let (Some(x), Some(y)) = (rb[p].entry(), ra[p].entry()) else { return None };
                let direction = match (x, y) {
                    (Some(x), Some(y)) if y > x => Direction::TowardFor,
                    (Some(x), Some(y)) if y < x => Direction::TowardAgainst,
                    (Some(_), None) => Direction::Withdrew,
                    (None, Some(_)) => Direction::TookPosition,
                    _ => return None,
                };
                Some(Move {
                    topic_id: after.topics[t].id,
                    party: (&after.parties[p]).into(),
                    from: x,
                    to: y,
                    direction,
                })
            })
            .collect();
        let trend = match (mb.too_few || ma.too_few, mb.agreement_a, ma.agreement_a) {
            (false, Some(x), Some(y)) if y > x + 1e-9 => Trend::Converged,
            (false, Some(x), Some(y)) if y < x - 1e-9 => Trend::Diverged,
            (false, Some(_), Some(_)) => Trend::Unchanged,
            _ => Trend::Insufficient,
        };
        converged += u32::from(trend == Trend::Converged);
        diverged += u32::from(trend == Trend::Diverged);
        moves_n += moves.len() as u32;
        if !moves.is_empty() || matches!(trend, Trend::Converged | Trend::Diverged) {
            let gt = &after.topics[t];
            topics.push(TopicShift {
                topic_id: gt.id,
                code: gt.code.clone(),
                title: gt.title.clone(),
                bouwsteen: gt.bouwsteen.clone(),
                before: mb,
                after: ma,
                trend,
                moves,
            });
        }
    }
    topics.sort_by_key(|t| std::cmp::Reverse(t.moves.len()));
    Movement { from_session: from, to_session: to, topics, converged, diverged, moves: moves_n }
}

// ---- heat-map ----------------------------------------------------------------------------

/// The heat-map's rows and columns, without any cell: the window asks for cells by window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HeatmapLayout {
    /// Topics in bouwsteen order.
    pub rows: Vec<HeatRow>,
    /// Parties grouped by chain role.
    pub columns: Vec<PartyRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HeatRow {
    pub topic_id: Uuid,
    pub code: String,
    pub title: String,
    pub bouwsteen_id: Uuid,
    pub bouwsteen: String,
}

/// A rectangle of cells, row-major: −2..=2 a stance (+10 when it has a condition), 3 "no
/// position", 4 nothing recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HeatmapWindow {
    pub row: u32,
    pub column: u32,
    pub rows: u32,
    pub columns: u32,
    pub cells: Vec<i8>,
}

/// One cell's entry with its words, for the heat-map's hover and focus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CellDetail {
    pub position: Option<Position>,
    pub session_title: String,
    pub history: Vec<HistoryEntry>,
}

impl crate::Store {
    pub fn heatmap_layout(&self) -> Result<HeatmapLayout> {
        let g = self.grid()?;
        Ok(HeatmapLayout {
            rows: g
                .topics
                .iter()
                .map(|t| HeatRow {
                    topic_id: t.id,
                    code: t.code.clone(),
                    title: t.title.clone(),
                    bouwsteen_id: t.bouwsteen_id,
                    bouwsteen: t.bouwsteen.clone(),
                })
                .collect(),
            columns: g.parties.iter().map(PartyRef::from).collect(),
        })
    }

    /// The cells of rows `row..row + rows` and columns `column..column + columns`, clipped.
    pub fn heatmap_window(&self, row: u32, column: u32, rows: u32, columns: u32) -> Result<HeatmapWindow> {
        const MAX_CELLS: u64 = 100_000;
        if u64::from(rows) * u64::from(columns) > MAX_CELLS {
            return Err(Error::invalid("rows", format!("at most {MAX_CELLS} cells at a time")));
        }
        let g = self.grid()?;
        let (r0, c0) = ((row as usize).min(g.topics.len()), (column as usize).min(g.parties.len()));
        let (r1, c1) = ((r0 + rows as usize).min(g.topics.len()), (c0 + columns as usize).min(g.parties.len()));
        let mut cells = Vec::with_capacity((r1 - r0) * (c1 - c0));
        for t in r0..r1 {
            cells.extend(g.row(t)[c0..c1].iter().map(|c| c.code()));
        }
        Ok(HeatmapWindow {
            row: r0 as u32,
            column: c0 as u32,
            rows: (r1 - r0) as u32,
            columns: (c1 - c0) as u32,
            cells,
        })
    }

    pub fn cell_detail(&self, topic_id: Uuid, party_id: Uuid) -> Result<CellDetail> {
        self.get_topic(topic_id)?;
        self.get_party(party_id)?;
        let history = self.position_history(topic_id, party_id)?;
        // The current entry: the latest session's (history is oldest first, as `Grid`).
        let last = history.iter().max_by(|a, b| {
            (a.session_starts_at, a.position.recorded_at).cmp(&(b.session_starts_at, b.position.recorded_at))
        });
        Ok(CellDetail {
            position: last.map(|h| h.position.clone()),
            session_title: last.map(|h| h.session_title.clone()).unwrap_or_default(),
            history,
        })
    }
}

// ---- the CLI report ----------------------------------------------------------------------

/// `ketentafel-cli analyse --json`: every topic measured and every party's alignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisReport {
    pub topics: Vec<TopicAnalysis>,
    pub parties: Vec<PartyAlignment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyAlignment {
    pub id: Uuid,
    pub name: String,
    pub chain_role: ChainRole,
    pub segment: String,
    /// Every other party it shares a topic with, most agreeing first.
    pub alignment: Vec<AlignmentEntry>,
    /// The codes (or titles) of the topics where it stands alone.
    pub alone: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignmentEntry {
    pub party: Uuid,
    pub name: String,
    pub agreement: f64,
    pub shared: u32,
}

impl crate::Store {
    pub fn analysis_report(&self, lang: Lang) -> Result<AnalysisReport> {
        let grid = self.grid()?;
        let overview = self.overview(lang)?;
        let n = grid.parties.len();
        let (values, shared) = agreement_matrix(&grid);
        let alone = standing_alone(&grid);
        let parties = grid
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut alignment: Vec<AlignmentEntry> = (0..n)
                    .filter(|&j| j != i)
                    .filter_map(|j| {
                        values[i * n + j].map(|agreement| AlignmentEntry {
                            party: grid.parties[j].id,
                            name: grid.parties[j].name.clone(),
                            agreement,
                            shared: shared[i * n + j],
                        })
                    })
                    .collect();
                alignment.sort_by(|a, b| b.agreement.total_cmp(&a.agreement).then_with(|| a.name.cmp(&b.name)));
                PartyAlignment {
                    id: p.id,
                    name: p.name.clone(),
                    chain_role: p.chain_role,
                    segment: p.segment.clone(),
                    alignment,
                    alone: alone[i]
                        .iter()
                        .map(|&t| {
                            let t = &grid.topics[t];
                            if t.code.is_empty() { t.title.clone() } else { t.code.clone() }
                        })
                        .collect(),
                }
            })
            .collect();
        Ok(AnalysisReport { topics: overview.topics, parties })
    }
}
