//! Property tests: CSV and bundle export → import give back what was exported, the bundle merge
//! is commutative and idempotent, and the measures stay in range for any distribution.
//!
//! `PROPTEST_CASES=2000 cargo test -p ketentafel-core --test properties` runs more cases than
//! the quick defaults below.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use ketentafel_core::analysis::{Measures, StanceCounts, suggest};
use ketentafel_core::bundle::{self, MergeReport};
use ketentafel_core::measures::{agreement_a, consensus_cns};
use ketentafel_core::model::*;
use ketentafel_core::{Store, csv};
use proptest::prelude::*;
use proptest::sample::Index;

/// The case count: `PROPTEST_CASES` when set, else `quick` (so `cargo test` stays fast).
fn config(quick: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(quick);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// Text as people type it and as attackers craft it: markup, formula starts, quotes, the
/// CSV delimiters, an apostrophe in front, accents, tabs and line breaks.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-a-zA-Z0-9 <>&\"'=+@|*#()\\[\\];,.éü€\t\r\n]{1,16}",
        "['=+@\t-]{1,3}[a-z0-9(\"]{0,6}",
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("[x](javascript:alert(1))".to_owned()),
    ]
}

fn stance() -> impl Strategy<Value = Option<i8>> {
    prop_oneof![Just(None), (-2i8..=2).prop_map(Some)]
}

/// A dialogue to build: names of bouwstenen, topics (with their bouwsteen), parties, sessions,
/// and positions as indexes into those.
#[derive(Debug, Clone)]
struct Spec {
    bouwstenen: Vec<String>,
    topics: Vec<(Index, String)>,
    parties: Vec<(String, Index)>,
    sessions: Vec<String>,
    positions: Vec<(Index, Index, Index, Option<i8>, String, String)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(text(), 1..3),
        prop::collection::vec((any::<Index>(), text()), 1..5),
        prop::collection::vec((text(), any::<Index>()), 1..5),
        prop::collection::vec(text(), 1..3),
        prop::collection::vec((any::<Index>(), any::<Index>(), any::<Index>(), stance(), text(), text()), 0..12),
    )
        .prop_map(|(bouwstenen, topics, parties, sessions, positions)| Spec {
            bouwstenen,
            topics,
            parties,
            sessions,
            positions,
        })
}

/// Names the CSV import tells apart: it matches names trimmed and lower-cased, so names equal
/// that way are one record there (and are skipped here).
fn distinct(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    names.into_iter().filter(|n| !n.trim().is_empty() && seen.insert(n.trim().to_lowercase())).collect()
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z").unwrap().with_timezone(&Utc)
}

/// Builds the dialogue through the store's own API; what the store refuses is left out.
fn build(spec: &Spec) -> Store {
    let mut s = Store::in_memory("prop").unwrap();
    let bouwstenen: Vec<_> = distinct(spec.bouwstenen.clone())
        .into_iter()
        .filter_map(|name| s.create_bouwsteen(BouwsteenInput { name, description: String::new() }).ok())
        .collect();
    if bouwstenen.is_empty() {
        return s;
    }
    let mut titles = HashSet::new();
    let topics: Vec<_> = spec
        .topics
        .iter()
        .filter(|(_, title)| !title.trim().is_empty() && titles.insert(title.trim().to_lowercase()))
        .filter_map(|(b, title)| {
            s.create_topic(TopicInput {
                bouwsteen_id: b.get(&bouwstenen).id,
                code: String::new(),
                kind: TopicKind::Bottleneck,
                title: title.clone(),
                description: String::new(),
                priority: 2,
                production_types: vec![],
            })
            .ok()
        })
        .collect();
    let mut names = HashSet::new();
    let parties: Vec<_> = spec
        .parties
        .iter()
        .filter(|(name, _)| !name.trim().is_empty() && names.insert(name.trim().to_lowercase()))
        .filter_map(|(name, role)| {
            s.create_party(PartyInput {
                name: name.clone(),
                short_name: String::new(),
                chain_role: *role.get(ChainRole::ALL),
                segment: None,
                production_types: vec![],
                colour: "#777777".into(),
                notes: String::new(),
            })
            .ok()
        })
        .collect();
    let sessions: Vec<_> = distinct(spec.sessions.clone())
        .into_iter()
        .enumerate()
        .filter_map(|(i, title)| {
            let at = t0() + Duration::hours(i as i64);
            s.create_session(SessionInput {
                title,
                kind: SessionKind::WorkingGroup,
                starts_at: at,
                ends_at: at,
                location: String::new(),
                notes: String::new(),
                attendee_ids: vec![],
            })
            .ok()
        })
        .collect();
    if topics.is_empty() || parties.is_empty() || sessions.is_empty() {
        return s;
    }
    let mut seen = HashSet::new();
    for (t, p, x, stance, rationale, condition) in &spec.positions {
        let key = (t.index(topics.len()), p.index(parties.len()), x.index(sessions.len()));
        if !seen.insert(key) {
            continue;
        }
        s.record_position(PositionInput {
            topic_id: topics[key.0].id,
            party_id: parties[key.1].id,
            session_id: sessions[key.2].id,
            stance: *stance,
            rationale: rationale.clone(),
            condition: condition.clone(),
            quote: String::new(),
        })
        .unwrap();
    }
    s
}

fn sorted_rows(s: &Store) -> Vec<[String; 9]> {
    let mut rows = csv::position_rows(s).unwrap();
    rows.sort();
    rows
}

/// Every record list of the dialogue but the dialogue row (which a fresh file has its own of).
fn records(s: &Store) -> String {
    let b = bundle::export(s).unwrap();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        b.bouwstenen, b.topics, b.parties, b.people, b.sessions, b.positions, b.verdicts, b.actions, b.agenda_items
    )
}

proptest! {
    #![proptest_config(config(64))]

    /// CSV export → import into an empty dialogue gives the same rows, every text as typed
    /// (formula-like text included); into the same dialogue it changes nothing.
    #[test]
    fn csv_export_then_import_is_the_identity(spec in spec()) {
        let mut original = build(&spec);
        let (bytes, n) = csv::export_positions_bytes(&original).unwrap();
        let mut fresh = Store::in_memory("leeg").unwrap();
        let report = csv::import_positions_bytes(&mut fresh, &bytes).unwrap();
        prop_assert_eq!(report.positions_written, n);
        prop_assert_eq!(sorted_rows(&fresh), sorted_rows(&original));
        let before = sorted_rows(&original);
        csv::import_positions_bytes(&mut original, &bytes).unwrap();
        prop_assert_eq!(sorted_rows(&original), before);
    }

    /// A bundle reads back as the bundle written, and imported into an empty dialogue gives
    /// every record back.
    #[test]
    fn bundle_export_then_import_is_the_identity(spec in spec()) {
        let original = build(&spec);
        let b = bundle::export(&original).unwrap();
        let read = bundle::from_bytes(&bundle::to_bytes(&b).unwrap()).unwrap();
        prop_assert_eq!(&read, &b);
        let mut fresh = Store::in_memory("leeg").unwrap();
        bundle::import(&mut fresh, &read).unwrap();
        prop_assert_eq!(records(&fresh), records(&original));
    }
}

/// An edit one facilitator makes on their copy.
#[derive(Debug, Clone)]
enum Edit {
    Stance(Index, Index, Index, Option<i8>, String),
    AddParty(String),
    RenameTopic(Index, String),
    DeleteParty(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), any::<Index>(), any::<Index>(), stance(), text())
            .prop_map(|(t, p, s, x, why)| Edit::Stance(t, p, s, x, why)),
        1 => text().prop_map(Edit::AddParty),
        1 => (any::<Index>(), text()).prop_map(|(t, title)| Edit::RenameTopic(t, title)),
        1 => any::<Index>().prop_map(Edit::DeleteParty),
    ]
}

/// Makes the edit through the store; edits the store refuses (a taken name) are not made.
fn apply(s: &mut Store, e: &Edit) {
    let (topics, parties, sessions) = (s.list_topics().unwrap(), s.list_parties().unwrap(), s.list_sessions().unwrap());
    let _ = match e {
        Edit::Stance(t, p, x, stance, why) if !topics.is_empty() && !parties.is_empty() && !sessions.is_empty() => s
            .set_position(PositionInput {
                topic_id: t.get(&topics).id,
                party_id: p.get(&parties).id,
                session_id: x.get(&sessions).id,
                stance: *stance,
                rationale: why.clone(),
                condition: String::new(),
                quote: String::new(),
            })
            .map(drop),
        Edit::AddParty(name) => s
            .create_party(PartyInput {
                name: name.clone(),
                short_name: String::new(),
                chain_role: ChainRole::Other,
                segment: None,
                production_types: vec![],
                colour: "#123456".into(),
                notes: String::new(),
            })
            .map(drop),
        Edit::RenameTopic(t, title) if !topics.is_empty() => {
            let topic = t.get(&topics);
            s.update_topic(
                topic.id,
                TopicInput {
                    bouwsteen_id: topic.bouwsteen_id,
                    code: topic.code.clone(),
                    kind: topic.kind,
                    title: title.clone(),
                    description: topic.description.clone(),
                    priority: topic.priority,
                    production_types: topic.production_types.clone(),
                },
            )
            .map(drop)
        }
        Edit::DeleteParty(p) if !parties.is_empty() => s.delete_party(p.get(&parties).id),
        _ => Ok(()),
    };
}

/// A colleague's copy: the bundle imported into an empty dialogue.
fn copy_of(s: &Store) -> Store {
    let mut c = Store::in_memory("kopie").unwrap();
    bundle::import(&mut c, &bundle::export(s).unwrap()).unwrap();
    c
}

proptest! {
    #![proptest_config(config(32))]

    /// Two copies edited apart and merged both ways are the same dialogue, and merging the same
    /// bundle again changes nothing.
    #[test]
    fn bundle_merge_is_commutative_and_idempotent(
        spec in spec(),
        edits_a in prop::collection::vec(edit(), 0..8),
        edits_b in prop::collection::vec(edit(), 0..8),
    ) {
        let base = build(&spec);
        let (mut a, mut b) = (copy_of(&base), copy_of(&base));
        edits_a.iter().for_each(|e| apply(&mut a, e));
        edits_b.iter().for_each(|e| apply(&mut b, e));
        let (bundle_a, bundle_b) = (bundle::export(&a).unwrap(), bundle::export(&b).unwrap());
        bundle::import(&mut a, &bundle_b).unwrap();
        bundle::import(&mut b, &bundle_a).unwrap();
        prop_assert_eq!(records(&a), records(&b));
        prop_assert_eq!(a.dialogue().unwrap(), b.dialogue().unwrap());
        prop_assert_eq!(bundle::import(&mut a, &bundle_b).unwrap(), MergeReport::default());
        prop_assert_eq!(bundle::import(&mut b, &bundle_a).unwrap(), MergeReport::default());
        prop_assert_eq!(bundle::import(&mut a, &bundle::export(&b).unwrap()).unwrap(), MergeReport::default());
    }
}

proptest! {
    #![proptest_config(config(1024))]

    /// Cns in 0..1 and A in −1..1 for any frequencies over 3 to 9 categories; `None` exactly
    /// when nothing was counted.
    #[test]
    fn measures_stay_in_range(freqs in prop::collection::vec(prop_oneof![0u64..4, 0u64..1_000_000], 3..10)) {
        let n: u64 = freqs.iter().sum();
        let (cns, a) = (consensus_cns(&freqs), agreement_a(&freqs));
        prop_assert_eq!(cns.is_none(), n == 0);
        prop_assert_eq!(a.is_none(), n == 0);
        if let Some(c) = cns {
            prop_assert!(c.is_finite() && (-1e-9..=1.0 + 1e-9).contains(&c), "Cns = {}", c);
        }
        if let Some(a) = a {
            prop_assert!(a.is_finite() && (-1.0 - 1e-9..=1.0 + 1e-9).contains(&a), "A = {}", a);
        }
        // One category holding everything is full agreement.
        if freqs.iter().filter(|f| **f > 0).count() == 1 {
            prop_assert!((cns.unwrap() - 1.0).abs() < 1e-9 && (a.unwrap() - 1.0).abs() < 1e-9);
        }
    }

    /// A topic's figures: shares in 0..1 adding up to 1, the mean within −2..2, and a
    /// suggestion for every distribution.
    #[test]
    fn topic_measures_stay_in_range(c in prop::array::uniform6(prop_oneof![0u32..4, 0u32..100_000])) {
        let counts = StanceCounts {
            strongly_against: c[0], against: c[1], neutral: c[2], r#for: c[3], strongly_for: c[4], none: c[5],
        };
        let m = Measures::of(counts);
        let shares = [m.share_for, m.share_against, m.share_neutral];
        for s in shares.iter().flatten() {
            prop_assert!((0.0..=1.0).contains(s), "share {}", s);
        }
        if m.counted > 0 {
            let total: f64 = shares.iter().flatten().sum();
            prop_assert!((total - 1.0).abs() < 1e-9, "shares add up to {}", total);
            let mean = m.mean.unwrap();
            prop_assert!((-2.0..=2.0).contains(&mean), "mean {}", mean);
        } else {
            prop_assert!(m.mean.is_none() && m.cns.is_none() && m.agreement_a.is_none());
        }
        prop_assert_eq!(m.too_few, m.counted < 3);
        let _ = suggest(&m, c[5]);
    }
}
