//! Criterion benchmarks of what `ketentafel-cli bench` times — recording, the bare insert it
//! is held to, bulk CSV import, the full analysis and the bare scan, one bouwsteen's matrix,
//! a search — on a dialogue generated in the setup: 200 parties, 1,000 topics, 30 sessions
//! and `KETENTAFEL_BENCH_POSITIONS` positions (100,000 unless set; 1,000,000 is sector scale).

use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use ketentafel_core::generate::{GenerateSpec, populate};
use ketentafel_core::model::{PositionInput, SessionInput, SessionKind};
use ketentafel_core::{Lang, Store, bench};

fn positions() -> usize {
    std::env::var("KETENTAFEL_BENCH_POSITIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

fn new_session(store: &mut Store, title: &str) -> uuid::Uuid {
    let now = chrono::Utc::now();
    store
        .create_session(SessionInput {
            title: title.into(),
            kind: SessionKind::WorkingGroup,
            starts_at: now,
            ends_at: now,
            location: String::new(),
            notes: String::new(),
            attendee_ids: vec![],
        })
        .expect("a new session")
        .id
}

fn sector(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::create(&dir.path().join("bench.ketentafel")).expect("a new dialogue");
    let spec = GenerateSpec { parties: 200, topics: 1000, sessions: 30, positions: positions(), seed: 1 };
    populate(&mut store, &spec).expect("a generated dialogue");
    let topics: Vec<_> = store.list_topics().expect("topics").into_iter().map(|t| t.id).collect();
    let parties: Vec<_> = store.list_parties().expect("parties").into_iter().map(|p| p.id).collect();
    // Cell i of a session: a different (topic, party) for each of the first 200,000 i.
    let cell = |i: usize| (topics[i % topics.len()], parties[(i / topics.len()) % parties.len()]);

    let mut g = c.benchmark_group(format!("sector_{}", spec.positions));
    g.sample_size(20).measurement_time(Duration::from_secs(5));

    g.bench_function("bare_scan", |b| b.iter(|| bench::bare_scan(&store).expect("scan")));
    g.bench_function("analysis_cold", |b| {
        b.iter(|| {
            store.drop_cached_grid();
            let overview = store.overview(Lang::Nl).expect("overview");
            let alignment = store.alignment().expect("alignment");
            (overview.topics.len(), alignment.parties.len())
        })
    });
    let layout = store.heatmap_layout().expect("layout");
    let first = layout.rows.first().map(|r| r.bouwsteen_id);
    let rows = layout.rows.iter().filter(|r| Some(r.bouwsteen_id) == first).count() as u32;
    let columns = layout.columns.len() as u32;
    g.bench_function("matrix_one_bouwsteen", |b| b.iter(|| store.heatmap_window(0, 0, rows, columns).expect("matrix")));
    g.bench_function("search", |b| b.iter(|| store.search("rechten").expect("search").len()));

    // Writes last: they change the file the reads above measured.
    let session = new_session(&mut store, "bench record");
    let mut i = 0usize;
    g.bench_function("record_position", |b| {
        b.iter(|| {
            let (topic_id, party_id) = cell(i);
            i += 1;
            store
                .set_position(PositionInput {
                    topic_id,
                    party_id,
                    session_id: session,
                    stance: Some((i % 5) as i8 - 2),
                    rationale: "Een toelichting van gemiddelde lengte, zoals een gespreksleider die tijdens de vergadering noteert.".into(),
                    condition: String::new(),
                    quote: String::new(),
                })
                .expect("recorded")
        })
    });
    let bare_session = new_session(&mut store, "bench bare");
    bench::without_search_trigger(&store, || {
        let mut i = 0usize;
        g.bench_function("bare_insert", |b| {
            b.iter(|| {
                let (topic, party) = cell(i);
                i += 1;
                bench::bare_insert(&store, topic, party, bare_session, (i % 5) as i64 - 2).expect("inserted")
            })
        });
        Ok(())
    })
    .expect("trigger restored");

    const ROWS: usize = 2_000;
    g.throughput(Throughput::Elements(ROWS as u64));
    // Every run into a session of its own, so each imports new rows.
    let template = bench::import_csv(&store, ROWS, "@session@").expect("csv");
    let mut n = 0usize;
    g.bench_function("import_csv", |b| {
        b.iter_batched(
            || {
                n += 1;
                template.replace("\"@session@\"", &format!("\"bench import {n}\""))
            },
            |csv| ketentafel_core::csv::import_positions_bytes(&mut store, csv.as_bytes()).expect("imported"),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, sector);
criterion_main!(benches);
