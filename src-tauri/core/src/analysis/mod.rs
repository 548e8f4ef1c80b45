//! Seeing agreement and disagreement: per-topic measures, the suggested verdict, splits and
//! fault lines, movement between sessions, and party alignment — all computed from the
//! [`Grid`] of current positions, which the store builds once per change.
//!
//! The rules, in one place (and in the README):
//! - "No position" is counted apart and never as neutral; shares and measures use counted
//!   stances only. Fewer than [`MIN_POSITIONS`] counted stances: "too few positions".
//! - Suggested verdict (Delphi studies most often take ≥ 75 % agreement as consensus):
//!   *insufficient* below three counted stances; *consensus* when ≥ 75 % stand on one side
//!   (for or against) and nobody on the other side or with a condition; *consensus with
//!   reservations* when ≥ 75 % stand on one side but someone is on the other side or attaches
//!   a condition; *divergence* otherwise.
//! - A marking *mismatches* when it says consensus while a party stands on the other side of
//!   the majority, or divergence while every counted stance is on one side.
//! - Divergence score = (1 − A) / 2 × priority (1–3); topics with too few positions last.
//! - Fault line: over chain roles (and segments, where parties have them), the two groups
//!   whose mean stances differ most, when they differ by at least one scale point and do not
//!   stand on the same side (a mean from −0.5 to 0.5 reads as neutral). Each side lists the
//!   groups whose mean falls in the same band (sterk voor ≥ 1.5, voor ≥ 0.5, neutraal,
//!   tegen ≤ −0.5, sterk tegen ≤ −1.5).

mod grid;
mod report;

pub use grid::{Cell, Grid, GridParty, GridTopic, natural_cmp};
pub use report::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Lang, Result};
use crate::labels;
use crate::measures::{MIN_POSITIONS, agreement_a, consensus_cns};
use crate::model::{ChainRole, Marking, ProductionType, TopicKind};

/// The share of counted stances on one side that makes a consensus.
pub const CONSENSUS_SHARE: f64 = 0.75;
/// The smallest difference of mean stances (in scale points) that makes a fault line.
pub const FAULT_LINE_GAP: f64 = 1.0;

/// How many parties took each stance, and how many recorded "no position".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct StanceCounts {
    #[serde(rename = "-2")]
    pub strongly_against: u32,
    #[serde(rename = "-1")]
    pub against: u32,
    #[serde(rename = "0")]
    pub neutral: u32,
    #[serde(rename = "1")]
    pub r#for: u32,
    #[serde(rename = "2")]
    pub strongly_for: u32,
    pub none: u32,
}

impl StanceCounts {
    pub fn add(&mut self, cell: Cell) {
        match cell.entry() {
            None => {}
            Some(None) => self.none += 1,
            Some(Some(s)) => *self.slot(s) += 1,
        }
    }
    fn slot(&mut self, s: i8) -> &mut u32 {
        match s {
            ..=-2 => &mut self.strongly_against,
            -1 => &mut self.against,
            0 => &mut self.neutral,
            1 => &mut self.r#for,
            _ => &mut self.strongly_for,
        }
    }
    /// Frequencies over the five points, −2 first.
    pub fn freqs(&self) -> [u64; 5] {
        [self.strongly_against, self.against, self.neutral, self.r#for, self.strongly_for].map(u64::from)
    }
    pub fn counted(&self) -> u32 {
        self.strongly_against + self.against + self.neutral + self.r#for + self.strongly_for
    }
}

/// The measures of one distribution of stances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Measures {
    pub counts: StanceCounts,
    /// Stances counted (−2..=2); "no position" is not among them.
    pub counted: u32,
    pub share_for: Option<f64>,
    pub share_against: Option<f64>,
    pub share_neutral: Option<f64>,
    pub mean: Option<f64>,
    /// Tastle & Wierman's consensus, 0..1; `None` when nothing is counted.
    pub cns: Option<f64>,
    /// van der Eijk's agreement, −1..1; `None` when nothing is counted.
    pub agreement_a: Option<f64>,
    /// Fewer than three counted stances: the measures say little.
    pub too_few: bool,
}

impl Measures {
    pub fn of(counts: StanceCounts) -> Measures {
        let f = counts.freqs();
        let n = counts.counted();
        let share = |x: u64| (n > 0).then(|| x as f64 / n as f64);
        let sum: i64 = f.iter().enumerate().map(|(i, c)| (i as i64 - 2) * *c as i64).sum();
        Measures {
            counts,
            counted: n,
            share_for: share(f[3] + f[4]),
            share_against: share(f[0] + f[1]),
            share_neutral: share(f[2]),
            mean: (n > 0).then(|| sum as f64 / n as f64),
            cns: consensus_cns(&f),
            agreement_a: agreement_a(&f),
            too_few: u64::from(n) < MIN_POSITIONS,
        }
    }

    pub fn of_cells<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> Measures {
        let mut c = StanceCounts::default();
        cells.into_iter().for_each(|cell| c.add(*cell));
        Measures::of(c)
    }
}

crate::model::code_enum!(
    /// The verdict the figures suggest, beside the facilitator's own marking.
    Suggestion {
        Consensus = "consensus",
        ConsensusWithReservations = "consensus_with_reservations",
        Divergence = "divergence",
        Insufficient = "insufficient",
    }
);

/// The suggested verdict for a topic's row of current positions (rules in the module docs).
pub fn suggest(m: &Measures, conditions: u32) -> Suggestion {
    if m.too_few {
        return Suggestion::Insufficient;
    }
    let (f, a) = (m.share_for.unwrap_or(0.0), m.share_against.unwrap_or(0.0));
    let (side, other) = if f >= a { (f, a) } else { (a, f) };
    if side + 1e-9 < CONSENSUS_SHARE {
        Suggestion::Divergence
    } else if other > 0.0 || conditions > 0 {
        Suggestion::ConsensusWithReservations
    } else {
        Suggestion::Consensus
    }
}

/// Whether the facilitator's marking contradicts the figures (see module docs).
pub fn mismatch(marked: Option<Marking>, m: &Measures) -> bool {
    let (f, a, n) = (m.counts.r#for + m.counts.strongly_for, m.counts.against + m.counts.strongly_against, m.counted);
    match marked {
        Some(Marking::Consensus) => f > 0 && a > 0,
        Some(Marking::Divergence) => n >= 2 && (f == n || a == n),
        _ => false,
    }
}

/// What a group of parties is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    ChainRole,
    ProductionType,
    Segment,
}

/// A group of parties: a chain role, a production type or a segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct Group {
    pub dimension: Dimension,
    /// The chain role or production type code, or the segment's name.
    pub code: String,
}

impl Group {
    /// The group named as a plural in running text: "producenten", "groep 1".
    pub fn plural(&self, lang: Lang) -> String {
        match self.dimension {
            Dimension::ChainRole => ChainRole::from_code(&self.code)
                .map(|r| labels::chain_role_plural(r, lang))
                .unwrap_or_else(|| self.code.clone()),
            Dimension::ProductionType => ProductionType::from_code(&self.code)
                .map(|t| labels::production_type_label(t, lang))
                .unwrap_or_else(|| self.code.clone()),
            Dimension::Segment => self.code.clone(),
        }
    }
}

/// The measures of one group on one topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SplitGroup {
    pub group: Group,
    /// How many parties belong to the group (whether or not they took a position).
    pub parties: u32,
    pub measures: Measures,
}

/// The two sides of a topic's deepest split, each with the groups that stand with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FaultLine {
    /// The side with the higher mean stance, the first group being the highest.
    pub high: Vec<Group>,
    pub high_mean: f64,
    pub low: Vec<Group>,
    pub low_mean: f64,
    /// In words: "Producenten en makers voor; publieke omroepen tegen".
    pub text: String,
}

/// One topic, measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TopicAnalysis {
    pub id: Uuid,
    pub code: String,
    pub title: String,
    /// The bouwsteen's name.
    pub bouwsteen: String,
    pub bouwsteen_id: Uuid,
    pub kind: TopicKind,
    pub priority: i64,
    pub production_types: Vec<ProductionType>,
    pub counts: StanceCounts,
    pub counted: u32,
    pub share_for: Option<f64>,
    pub share_against: Option<f64>,
    pub share_neutral: Option<f64>,
    pub mean: Option<f64>,
    pub cns: Option<f64>,
    pub agreement_a: Option<f64>,
    pub too_few: bool,
    /// Counted stances that came with a condition ("mits …").
    pub conditions: u32,
    pub suggested: Suggestion,
    /// The facilitator's marking, if any.
    pub marked: Option<Marking>,
    pub mismatch: bool,
    /// The fault line in words, or `None` when no two groups differ by a scale point.
    pub fault_line: Option<String>,
    pub fault: Option<FaultLine>,
    /// (1 − A) / 2 × priority; `None` with too few positions.
    pub divergence: Option<f64>,
}

/// The whole dialogue, measured: topics as the divergence list ranks them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Overview {
    pub topics: Vec<TopicAnalysis>,
}

/// Each party in a list of groups, by dimension: its chain role, its production types, its
/// segment (when it has one).
fn groups_of(p: &GridParty) -> Vec<Group> {
    let mut g = vec![Group { dimension: Dimension::ChainRole, code: p.chain_role.code().to_owned() }];
    g.extend(
        p.production_types.iter().map(|t| Group { dimension: Dimension::ProductionType, code: t.code().to_owned() }),
    );
    if !p.segment.trim().is_empty() {
        g.push(Group { dimension: Dimension::Segment, code: p.segment.clone() });
    }
    g
}

/// Every group of the grid's parties, each with the indexes of its parties, in a stable order.
pub fn group_members(grid: &Grid) -> Vec<(Group, Vec<usize>)> {
    let mut map: std::collections::BTreeMap<Group, Vec<usize>> = Default::default();
    for (i, p) in grid.parties.iter().enumerate() {
        for g in groups_of(p) {
            map.entry(g).or_default().push(i);
        }
    }
    let role_order = |g: &Group| match g.dimension {
        Dimension::ChainRole => ChainRole::ALL.iter().position(|r| r.code() == g.code).unwrap_or(99),
        Dimension::ProductionType => ProductionType::ALL.iter().position(|r| r.code() == g.code).unwrap_or(99),
        Dimension::Segment => 0,
    };
    let mut v: Vec<_> = map.into_iter().collect();
    v.sort_by(|(a, _), (b, _)| {
        a.dimension
            .cmp(&b.dimension)
            .then(role_order(a).cmp(&role_order(b)))
            .then_with(|| natural_cmp(&a.code, &b.code))
    });
    v
}

/// The measures per group on one topic.
pub fn splits(grid: &Grid, topic: usize, groups: &[(Group, Vec<usize>)]) -> Vec<SplitGroup> {
    let row = grid.row(topic);
    groups
        .iter()
        .map(|(g, members)| SplitGroup {
            group: g.clone(),
            parties: members.len() as u32,
            measures: Measures::of_cells(members.iter().map(|&i| &row[i])),
        })
        .collect()
}

fn side_word(mean: f64, lang: Lang) -> &'static str {
    let nl = lang == Lang::Nl;
    match mean {
        m if m >= 1.5 => {
            if nl {
                "sterk voor"
            } else {
                "strongly for"
            }
        }
        m if m >= 0.5 => {
            if nl {
                "voor"
            } else {
                "for"
            }
        }
        m if m > -0.5 => {
            if nl {
                "neutraal"
            } else {
                "neutral"
            }
        }
        m if m > -1.5 => {
            if nl {
                "tegen"
            } else {
                "against"
            }
        }
        _ => {
            if nl {
                "sterk tegen"
            } else {
                "strongly against"
            }
        }
    }
}

/// The band a mean falls in, as `side_word` names it.
fn band(mean: f64) -> i8 {
    match mean {
        m if m >= 1.5 => 2,
        m if m >= 0.5 => 1,
        m if m > -0.5 => 0,
        m if m > -1.5 => -1,
        _ => -2,
    }
}

fn join_names(names: &[String], lang: Lang) -> String {
    let and = if lang == Lang::Nl { " en " } else { " and " };
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The topic's fault line over chain roles and segments (see module docs).
pub fn fault_line(splits: &[SplitGroup], lang: Lang) -> Option<FaultLine> {
    let mut best: Option<(Dimension, f64, f64)> = None;
    for dim in [Dimension::ChainRole, Dimension::Segment] {
        let means: Vec<f64> =
            splits.iter().filter(|s| s.group.dimension == dim).filter_map(|s| s.measures.mean).collect();
        let (Some(hi), Some(lo)) = (means.iter().copied().reduce(f64::max), means.iter().copied().reduce(f64::min))
        else {
            continue;
        };
        // A fault line divides: the two ends may not stand on the same side.
        let divides = (band(hi) > 0 && band(lo) <= 0) || (band(hi) >= 0 && band(lo) < 0);
        if divides && hi - lo + 1e-9 >= FAULT_LINE_GAP && best.is_none_or(|(_, h, l)| hi - lo > h - l + 1e-9) {
            best = Some((dim, hi, lo));
        }
    }
    let (dim, hi, lo) = best?;
    // Each side: the groups in the same band as its extreme, the extreme first.
    let side = |extreme: f64, high: bool| {
        let mut v: Vec<(&SplitGroup, f64)> = splits
            .iter()
            .filter(|s| s.group.dimension == dim)
            .filter_map(|s| s.measures.mean.map(|m| (s, m)))
            .filter(|(_, m)| band(*m) == band(extreme))
            .collect();
        v.sort_by(|a, b| if high { b.1.total_cmp(&a.1) } else { a.1.total_cmp(&b.1) });
        v.into_iter().map(|(s, _)| s.group.clone()).collect::<Vec<_>>()
    };
    let (high, low) = (side(hi, true), side(lo, false));
    let words = |groups: &[Group], mean: f64| {
        let names: Vec<String> = groups.iter().map(|g| g.plural(lang)).collect();
        format!("{} {}", join_names(&names, lang), side_word(mean, lang))
    };
    let text = capitalise(&format!("{}; {}", words(&high, hi), words(&low, lo)));
    Some(FaultLine { high, high_mean: hi, low, low_mean: lo, text })
}

/// Analyses one topic of the grid.
pub fn analyse_topic(
    grid: &Grid,
    topic: usize,
    groups: &[(Group, Vec<usize>)],
    marked: Option<Marking>,
    lang: Lang,
) -> TopicAnalysis {
    let t = &grid.topics[topic];
    let row = grid.row(topic);
    let m = Measures::of_cells(row);
    let conditions = row.iter().filter(|c| c.conditional()).count() as u32;
    let fault = fault_line(&splits(grid, topic, groups), lang);
    TopicAnalysis {
        id: t.id,
        code: t.code.clone(),
        title: t.title.clone(),
        bouwsteen: t.bouwsteen.clone(),
        bouwsteen_id: t.bouwsteen_id,
        kind: t.kind,
        priority: t.priority,
        production_types: t.production_types.clone(),
        suggested: suggest(&m, conditions),
        mismatch: mismatch(marked, &m),
        marked,
        fault_line: fault.as_ref().map(|f| f.text.clone()),
        fault,
        divergence: (!m.too_few).then(|| m.agreement_a.map(|a| (1.0 - a) / 2.0 * t.priority as f64)).flatten(),
        conditions,
        counts: m.counts,
        counted: m.counted,
        share_for: m.share_for,
        share_against: m.share_against,
        share_neutral: m.share_neutral,
        mean: m.mean,
        cns: m.cns,
        agreement_a: m.agreement_a,
        too_few: m.too_few,
    }
}

/// Sorts topics as the divergence list shows them: highest divergence score first, topics
/// with too few positions last, then by bouwsteen order (their order in the grid).
pub fn rank_by_divergence(topics: &mut [TopicAnalysis]) {
    topics.sort_by(|a, b| match (a.divergence, b.divergence) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

pub(crate) fn markings(store: &crate::Store) -> Result<std::collections::HashMap<Uuid, Marking>> {
    Ok(store.list_verdicts()?.into_iter().map(|v| (v.topic_id, v.marking)).collect())
}

impl crate::Store {
    /// Every topic measured, ranked for the divergence list.
    pub fn overview(&self, lang: Lang) -> Result<Overview> {
        let grid = self.grid()?;
        let groups = group_members(&grid);
        let marks = markings(self)?;
        let mut topics: Vec<_> = (0..grid.topics.len())
            .map(|i| analyse_topic(&grid, i, &groups, marks.get(&grid.topics[i].id).copied(), lang))
            .collect();
        rank_by_divergence(&mut topics);
        Ok(Overview { topics })
    }

    pub(crate) fn topic_position(&self, id: Uuid) -> Result<(std::sync::Arc<Grid>, usize)> {
        let grid = self.grid()?;
        let i = grid.topic_index(id).ok_or_else(|| Error::not_found("topic", id))?;
        Ok((grid, i))
    }

    pub(crate) fn session_start(&self, id: Uuid) -> Result<DateTime<Utc>> {
        Ok(self.get_session(id)?.starts_at)
    }
}

#[cfg(test)]
mod tests;
