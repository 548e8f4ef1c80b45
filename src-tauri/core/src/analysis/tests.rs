use super::*;
use crate::Store;
use crate::model::*;

fn demo() -> Store {
    let mut s = Store::in_memory("demo").unwrap();
    crate::demo::populate(&mut s).unwrap();
    s
}

fn counts(f: [u32; 5], none: u32) -> StanceCounts {
    StanceCounts { strongly_against: f[0], against: f[1], neutral: f[2], r#for: f[3], strongly_for: f[4], none }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 0.0005)
}

/// A store with one session, the given parties (name, role, segment) and topics, each topic a
/// row of stances per party (`None` = nothing recorded, `Some(None)` = no position).
struct Fixture {
    store: Store,
    topics: Vec<Uuid>,
    parties: Vec<Uuid>,
    sessions: Vec<Uuid>,
}

fn fixture(parties: &[(&str, ChainRole, &str)], rows: &[&[Option<Option<i8>>]]) -> Fixture {
    let mut store = Store::in_memory("t").unwrap();
    let b = store.create_bouwsteen(BouwsteenInput { name: "B".into(), description: String::new() }).unwrap();
    let parties: Vec<Uuid> = parties
        .iter()
        .map(|(name, role, segment)| {
            store
                .create_party(PartyInput {
                    name: (*name).into(),
                    short_name: String::new(),
                    chain_role: *role,
                    segment: Some((*segment).into()),
                    production_types: vec![],
                    colour: "#777777".into(),
                    notes: String::new(),
                })
                .unwrap()
                .id
        })
        .collect();
    let at = |d: u32| chrono::Utc.with_ymd_and_hms(2026, 1, d, 10, 0, 0).unwrap();
    let sessions: Vec<Uuid> = (1..=2)
        .map(|d| {
            store
                .create_session(SessionInput {
                    title: format!("S{d}"),
                    kind: SessionKind::WorkingGroup,
                    starts_at: at(d),
                    ends_at: at(d),
                    location: String::new(),
                    notes: String::new(),
                    attendee_ids: vec![],
                })
                .unwrap()
                .id
        })
        .collect();
    let mut topics = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let t = store
            .create_topic(TopicInput {
                bouwsteen_id: b.id,
                code: format!("1.{}", i + 1),
                kind: TopicKind::SolutionDirection,
                title: format!("Topic {}", i + 1),
                description: String::new(),
                priority: 2,
                production_types: vec![],
            })
            .unwrap();
        for (p, cell) in row.iter().enumerate() {
            if let Some(stance) = cell {
                store
                    .record_position(PositionInput {
                        topic_id: t.id,
                        party_id: parties[p],
                        session_id: sessions[0],
                        stance: *stance,
                        rationale: String::new(),
                        condition: String::new(),
                        quote: String::new(),
                    })
                    .unwrap();
            }
        }
        topics.push(t.id);
    }
    Fixture { store, topics, parties, sessions }
}

use chrono::TimeZone;

const S: fn(i8) -> Option<Option<i8>> = |s| Some(Some(s));

#[test]
fn measures_of_the_five_point_scale() {
    // All in one category; half at each extreme; uniform.
    let one = Measures::of(counts([0, 0, 0, 7, 0], 0));
    assert!(close(one.agreement_a, 1.0) && close(one.cns, 1.0));
    let split = Measures::of(counts([4, 0, 0, 0, 4], 2));
    assert!(close(split.agreement_a, -1.0) && close(split.cns, 0.0));
    assert!(close(split.share_for, 0.5) && close(split.share_against, 0.5), "none is not counted");
    assert!(close(split.mean, 0.0));
    let uniform = Measures::of(counts([2, 2, 2, 2, 2], 0));
    assert!(close(uniform.agreement_a, 0.0));
    // No position is never neutral, and three counted stances are the least.
    let abstaining = Measures::of(counts([0, 0, 0, 0, 2], 9));
    assert_eq!((abstaining.counted, abstaining.too_few, abstaining.share_neutral), (2, true, Some(0.0)));
    let nothing = Measures::of(counts([0; 5], 3));
    assert_eq!((nothing.cns, nothing.agreement_a, nothing.mean, nothing.share_for), (None, None, None, None));
}

#[test]
fn suggested_verdict_follows_the_documented_thresholds() {
    let m = |f, n| Measures::of(counts(f, n));
    assert_eq!(suggest(&m([0, 0, 0, 1, 1], 5), 0), Suggestion::Insufficient);
    assert_eq!(suggest(&m([0, 0, 1, 2, 1], 0), 0), Suggestion::Consensus, "75 % for, nobody against");
    assert_eq!(suggest(&m([0, 0, 1, 2, 1], 0), 1), Suggestion::ConsensusWithReservations, "a condition");
    assert_eq!(suggest(&m([0, 1, 0, 2, 2], 0), 0), Suggestion::ConsensusWithReservations, "80 % for, one against");
    assert_eq!(suggest(&m([0, 1, 1, 1, 1], 0), 0), Suggestion::Divergence, "50 % for");
    assert_eq!(suggest(&m([0, 1, 0, 4, 3], 0), 0), Suggestion::ConsensusWithReservations, "7 of 8 for, one against");
    assert_eq!(suggest(&m([2, 2, 0, 0, 0], 0), 0), Suggestion::Consensus, "agreement against is consensus too");
    assert_eq!(suggest(&m([0, 0, 2, 2, 1], 0), 0), Suggestion::Divergence, "60 % is not enough");
    assert_eq!(suggest(&m([3, 0, 0, 0, 3], 0), 0), Suggestion::Divergence);
}

#[test]
fn mismatch_flags() {
    let m = |f| Measures::of(counts(f, 0));
    assert!(mismatch(Some(Marking::Consensus), &m([0, 1, 0, 3, 3])), "consensus while a party is against");
    assert!(!mismatch(Some(Marking::Consensus), &m([0, 0, 1, 3, 3])));
    assert!(!mismatch(Some(Marking::Consensus), &m([3, 3, 0, 0, 0])), "consensus against, nobody for");
    assert!(!mismatch(Some(Marking::ConsensusWithReservations), &m([0, 1, 0, 3, 3])));
    assert!(mismatch(Some(Marking::Divergence), &m([0, 0, 0, 3, 3])), "divergence while all agree");
    assert!(!mismatch(Some(Marking::Divergence), &m([0, 0, 1, 3, 3])));
    assert!(!mismatch(None, &m([0, 1, 0, 3, 3])));
}

#[test]
fn fault_line_in_words_and_splits_per_group() {
    use ChainRole as R;
    let f = fixture(
        &[
            ("P1", R::Producer, ""),
            ("P2", R::Producer, ""),
            ("D1", R::Distributor, ""),
            ("B1", R::PublicBroadcaster, ""),
            ("B2", R::PublicBroadcaster, ""),
            ("C1", R::Cinema, ""),
        ],
        &[&[S(1), S(1), S(1), S(-1), S(-1), S(0)], &[S(1), S(1), S(1), S(1), S(2), S(1)]],
    );
    let o = f.store.overview(Lang::Nl).unwrap();
    let split = o.topics.iter().find(|t| t.id == f.topics[0]).unwrap();
    assert_eq!(split.fault_line.as_deref(), Some("Producenten en distributeurs voor; publieke omroepen tegen"));
    let fault = split.fault.as_ref().unwrap();
    assert_eq!(fault.high[0].code, "producer");
    assert!(close(Some(fault.low_mean), -1.0));
    let en = f.store.overview(Lang::En).unwrap();
    assert_eq!(
        en.topics.iter().find(|t| t.id == f.topics[0]).unwrap().fault_line.as_deref(),
        Some("Producers and distributors for; public broadcasters against")
    );
    // Everyone for, some more than others: no fault line.
    let agreed = o.topics.iter().find(|t| t.id == f.topics[1]).unwrap();
    assert_eq!(agreed.fault_line, None);
    // Splits per chain role on the topic page.
    let d = f.store.topic_detail(f.topics[0], Lang::Nl).unwrap();
    let broadcasters = d.splits.iter().find(|s| s.group.code == "public_broadcaster").unwrap();
    assert_eq!(broadcasters.parties, 2);
    assert_eq!(broadcasters.measures.counts, counts([0, 2, 0, 0, 0], 0));
    assert_eq!(d.stances.len(), 6);
    assert!(d.silent.is_empty());
}

#[test]
fn segments_make_a_fault_line_like_chain_roles() {
    use ChainRole as R;
    let f = fixture(
        &[
            ("A", R::Other, "groep 0"),
            ("B", R::Other, "groep 0"),
            ("C", R::Other, "groep 1"),
            ("D", R::Other, "groep 1"),
        ],
        &[&[S(1), S(1), S(-1), S(-1)]],
    );
    let t = &f.store.overview(Lang::Nl).unwrap().topics[0];
    assert_eq!(t.fault_line.as_deref(), Some("Groep 0 voor; groep 1 tegen"));
}

#[test]
fn demo_divergence_list_is_topped_by_producers_versus_broadcasters() {
    let s = demo();
    let o = s.overview(Lang::Nl).unwrap();
    let top = &o.topics[0];
    assert_eq!(top.code, "2.2", "{:?}", o.topics.iter().map(|t| (&t.code, t.divergence)).collect::<Vec<_>>());
    let line = top.fault_line.as_deref().unwrap();
    assert!(line.starts_with("Producenten") && line.contains("omroepen"), "{line}");
    assert_eq!(top.suggested, Suggestion::Divergence);
    assert_eq!(top.marked, Some(Marking::Divergence));
    assert!(!top.mismatch);
    // Ranked by score; the consensus topics come after every divergent one.
    let scores: Vec<f64> = o.topics.iter().filter_map(|t| t.divergence).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    let consensus = o.topics.iter().find(|t| t.code == "3.1").unwrap();
    assert_eq!(
        (consensus.suggested, consensus.marked, consensus.mismatch),
        (Suggestion::Consensus, Some(Marking::Consensus), false)
    );
    assert_eq!(consensus.fault_line, None);
    // Conditions make reservations.
    assert_eq!(o.topics.iter().find(|t| t.code == "2.1").unwrap().suggested, Suggestion::ConsensusWithReservations);
}

#[test]
fn a_marking_against_the_figures_is_flagged() {
    let mut s = demo();
    let rights = s.list_topics().unwrap().into_iter().find(|t| t.code == "2.2").unwrap();
    s.set_verdict(rights.id, Marking::Consensus, "").unwrap();
    let o = s.overview(Lang::Nl).unwrap();
    assert!(o.topics.iter().find(|t| t.code == "2.2").unwrap().mismatch);
}

#[test]
fn alignment_orders_allies_together_and_finds_who_stands_alone() {
    use ChainRole as R;
    // Two blocs interleaved in name order: a1 b1 a2 b2 a3; a loner on topic 3.
    let f = fixture(
        &[
            ("a1", R::Producer, ""),
            ("b1", R::Producer, ""),
            ("a2", R::Producer, ""),
            ("b2", R::Producer, ""),
            ("a3", R::Producer, ""),
        ],
        &[
            &[S(2), S(-2), S(1), S(-1), S(2)],
            &[S(-1), S(1), S(-2), S(2), S(-1)],
            &[S(1), S(-1), S(1), S(-1), S(-1)],
            &[S(1), None, S(1), Some(None), S(1)],
        ],
    );
    let a = f.store.alignment().unwrap();
    let names: Vec<&str> = a.parties.iter().map(|p| p.name.as_str()).collect();
    let n = names.len();
    let pos = |x: &str| names.iter().position(|y| *y == x).unwrap();
    let bloc_a: Vec<usize> = ["a1", "a2", "a3"].iter().map(|x| pos(x)).collect();
    assert!(bloc_a.iter().max().unwrap() - bloc_a.iter().min().unwrap() == 2, "allies sit together: {names:?}");
    // Symmetric, 1 on the diagonal; a1 and a2 agree everywhere, a1 and b1 nowhere.
    for i in 0..n {
        assert_eq!(a.values[i * n + i], Some(1.0));
        for j in 0..n {
            assert_eq!(a.values[i * n + j], a.values[j * n + i]);
        }
    }
    assert_eq!(a.values[pos("a1") * n + pos("a2")], Some(1.0));
    assert_eq!(a.values[pos("a1") * n + pos("b1")], Some(0.0));
    assert!(close(a.values[pos("a1") * n + pos("a3")], 0.75));
    assert_eq!(a.shared[pos("a1") * n + pos("b1")], 3, "b1 has nothing on topic 4");
    // a3 is the only one against on topic 3? No: b1, b2 and a3 are against; nobody alone there.
    let profile = f.store.party_profile(f.parties[0]).unwrap();
    assert!(profile.alone.is_empty());
    assert_eq!(profile.allies[0].agreement, 1.0);
    let report = f.store.analysis_report(Lang::Nl).unwrap();
    assert_eq!(report.parties.len(), 5);
    assert_eq!(report.parties[0].alignment.len(), 4);
}

#[test]
fn standing_alone_is_the_only_one_on_its_side() {
    use ChainRole as R;
    let f = fixture(
        &[("x", R::Producer, ""), ("y", R::Maker, ""), ("z", R::Cinema, ""), ("w", R::Fund, "")],
        &[&[S(-2), S(1), S(2), S(0)], &[S(-2), S(1), None, None]],
    );
    let p = f.store.party_profile(f.parties[0]).unwrap();
    assert_eq!(p.alone.iter().map(|t| t.code.as_str()).collect::<Vec<_>>(), ["1.1"], "topic 2 has too few");
    assert_eq!(p.counts, counts([2, 0, 0, 0, 0], 0));
    assert!(close(p.topics[0].others_mean, 1.0));
}

#[test]
fn movement_between_the_demo_sessions() {
    let s = demo();
    let sessions = s.list_sessions().unwrap();
    let m = s.movement(sessions[0].id, sessions[1].id).unwrap();
    let rights = m.topics.iter().find(|t| t.code == "2.2").unwrap();
    assert_eq!(rights.moves.len(), 1);
    let mv = &rights.moves[0];
    assert_eq!(
        (mv.party.short_name.as_str(), mv.from, mv.to, mv.direction),
        ("OVH", Some(-2), Some(1), Direction::TowardFor)
    );
    assert_eq!(rights.trend, Trend::Converged, "A rose when the broadcaster moved");
    assert!(rights.after.agreement_a > rights.before.agreement_a);
    assert_eq!(m.moves, 1);
    // Topics first discussed in the second session are new, not moved.
    assert!(m.topics.iter().all(|t| !t.code.starts_with('4')));
    // Back the other way it diverged.
    let back = s.movement(sessions[1].id, sessions[0].id).unwrap();
    assert_eq!(back.topics.iter().find(|t| t.code == "2.2").unwrap().trend, Trend::Diverged);
}

#[test]
fn movement_counts_withdrawals() {
    use ChainRole as R;
    let mut f = fixture(&[("x", R::Producer, ""), ("y", R::Maker, ""), ("z", R::Cinema, "")], &[&[S(2), S(1), S(2)]]);
    f.store
        .record_position(PositionInput {
            topic_id: f.topics[0],
            party_id: f.parties[0],
            session_id: f.sessions[1],
            stance: None,
            rationale: String::new(),
            condition: String::new(),
            quote: String::new(),
        })
        .unwrap();
    let m = f.store.movement(f.sessions[0], f.sessions[1]).unwrap();
    assert_eq!(m.topics[0].moves[0].direction, Direction::Withdrew);
    assert_eq!(m.topics[0].trend, Trend::Insufficient, "two stances left");
}

#[test]
fn heatmap_windows_are_clipped_and_cells_explain_themselves() {
    let s = demo();
    let layout = s.heatmap_layout().unwrap();
    assert_eq!((layout.rows.len(), layout.columns.len()), (22, 14));
    let w = s.heatmap_window(20, 10, 50, 50).unwrap();
    assert_eq!((w.row, w.column, w.rows, w.columns), (20, 10, 2, 4));
    assert_eq!(w.cells.len(), 8);
    let all = s.heatmap_window(0, 0, 22, 14).unwrap();
    let grid = s.grid().unwrap();
    for (k, code) in all.cells.iter().enumerate() {
        assert_eq!(*code, grid.cell(k / 14, k % 14).code());
    }
    assert!(all.cells.iter().any(|c| *c >= 8), "conditions are marked");
    assert!(s.heatmap_window(0, 0, 1000, 1000).is_err(), "a window is bounded");
    let rights = layout.rows.iter().find(|r| r.code == "2.2").unwrap();
    let ovh = layout.columns.iter().find(|p| p.short_name == "OVH").unwrap();
    let d = s.cell_detail(rights.topic_id, ovh.id).unwrap();
    assert_eq!(d.position.as_ref().unwrap().stance, Some(1));
    assert!(d.position.unwrap().condition.starts_with("mits"));
    assert_eq!(d.history.len(), 2);
    assert_eq!(d.session_title, "Werkgroep sectorplan — tweede bijeenkomst");
}

#[test]
fn topic_page_timeline_follows_the_sessions() {
    let s = demo();
    let rights = s.list_topics().unwrap().into_iter().find(|t| t.code == "2.2").unwrap();
    let d = s.topic_detail(rights.id, Lang::Nl).unwrap();
    assert_eq!(d.timeline.len(), 2);
    assert!(d.timeline[1].measures.agreement_a > d.timeline[0].measures.agreement_a);
    assert_eq!(d.timeline[1].measures.counts, d.analysis.counts);
    assert_eq!(d.verdict_note, "Producenten en omroepen staan tegenover elkaar.");
    assert!(s.topic_detail(Uuid::now_v7(), Lang::Nl).is_err());
}

#[test]
fn polis_counts_equal_the_vote_tallies() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/polis-london-youth-policing");
    if !dir.exists() {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let mut s = Store::in_memory("polis").unwrap();
    crate::polis::import(&mut s, &dir).unwrap();
    let o = s.overview(Lang::Nl).unwrap();
    assert_eq!(o.topics.len(), 36);
    // Tally participants-votes.csv per comment column.
    let mut rdr = ::csv::Reader::from_path(dir.join("participants-votes.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let mut tallies: std::collections::HashMap<String, [u32; 3]> = Default::default();
    for row in rdr.records() {
        let row = row.unwrap();
        for (h, v) in headers.iter().zip(row.iter()) {
            if h.parse::<u32>().is_ok() {
                let e = tallies.entry(h.to_owned()).or_default();
                match v.trim() {
                    "1" => e[0] += 1,
                    "-1" => e[1] += 1,
                    "0" => e[2] += 1,
                    _ => {}
                }
            }
        }
    }
    for t in &o.topics {
        let [agree, disagree, pass] = tallies[&t.code];
        assert_eq!((t.counts.r#for, t.counts.against, t.counts.none), (agree, disagree, pass), "comment {}", t.code);
        assert_eq!(t.counts.strongly_for + t.counts.strongly_against + t.counts.neutral, 0);
    }
    assert_eq!(s.analysis_report(Lang::Nl).unwrap().parties.len(), 26);
}
