use chrono::TimeZone;

use super::*;
use crate::model::*;

fn demo() -> Store {
    let mut s = Store::in_memory("demo").unwrap();
    crate::demo::populate(&mut s).unwrap();
    s
}

fn nff(s: &Store) -> Session {
    s.list_sessions().unwrap().into_iter().find(|x| x.kind == SessionKind::Nff).unwrap()
}

#[test]
fn draft_for_the_nff_session_fits_the_time_and_puts_the_fault_line_at_the_table() {
    let mut s = demo();
    let session = nff(&s);
    let params = DraftParams { total_minutes: Some(120), breaks: 1, ..Default::default() };
    let a = s.draft_agenda(session.id, &params, Lang::Nl).unwrap();
    let kinds: Vec<AgendaItemKind> = a.slots.iter().map(|x| x.item.kind).collect();
    assert_eq!(kinds.first(), Some(&AgendaItemKind::Welcome));
    assert_eq!(kinds.last(), Some(&AgendaItemKind::WrapUp));
    assert_eq!(kinds.iter().filter(|k| **k == AgendaItemKind::Break).count(), 1);
    assert!(a.total_minutes <= 120, "{}", a.total_minutes);
    // Times follow on from the session's start without gaps.
    assert_eq!(a.slots[0].starts_at, session.starts_at);
    for w in a.slots.windows(2) {
        assert_eq!(w[0].ends_at, w[1].starts_at);
    }
    // The most divergent topic comes first, with the default question and both sides invited.
    let first = a.slots.iter().find(|x| x.item.kind == AgendaItemKind::Topic).unwrap();
    assert!(first.item.title.starts_with("2.2"), "{}", first.item.title);
    assert_eq!(first.item.question, default_question(Lang::Nl));
    assert!((15..=30).contains(&first.item.minutes));
    let parties = s.list_parties().unwrap();
    let role = |id: &Uuid| parties.iter().find(|p| p.id == *id).unwrap().chain_role;
    let roles: Vec<ChainRole> = first.item.party_ids.iter().map(role).collect();
    assert!(roles.len() <= 4 && roles.len() >= 2, "{roles:?}");
    assert!(roles.contains(&ChainRole::Producer), "{roles:?}");
    assert!(roles.contains(&ChainRole::CommercialBroadcaster), "{roles:?}");
    // Consensus topics stay off the agenda.
    assert!(a.slots.iter().all(|x| !x.item.title.starts_with("3.1 ")));
    // A second draft replaces the first.
    let again = s.draft_agenda(session.id, &params, Lang::Nl).unwrap();
    assert_eq!(again.slots.len(), a.slots.len());
}

#[test]
fn draft_respects_bouwstenen_and_bounds() {
    let mut s = demo();
    let session = nff(&s);
    let b4 = s.list_bouwstenen().unwrap()[3].id;
    let params = DraftParams {
        total_minutes: Some(60),
        bouwsteen_ids: vec![b4],
        welcome_minutes: 0,
        wrap_up_minutes: 0,
        min_minutes: 20,
        max_minutes: 25,
        ..Default::default()
    };
    let a = s.draft_agenda(session.id, &params, Lang::En).unwrap();
    assert!(!a.slots.is_empty());
    let topics = s.list_topics().unwrap();
    for slot in &a.slots {
        let t = topics.iter().find(|t| Some(t.id) == slot.item.topic_id).unwrap();
        assert_eq!(t.bouwsteen_id, b4);
        assert!((20..=25).contains(&slot.item.minutes));
    }
    assert!(a.total_minutes <= 60);
    assert_eq!(a.slots[0].item.question, default_question(Lang::En));
    // Bad parameters change nothing.
    for bad in [
        DraftParams { min_minutes: 30, max_minutes: 20, ..Default::default() },
        DraftParams { total_minutes: Some(0), ..Default::default() },
        DraftParams { bouwsteen_ids: vec![Uuid::now_v7()], ..Default::default() },
    ] {
        assert!(s.draft_agenda(session.id, &bad, Lang::Nl).is_err());
        assert_eq!(s.agenda(session.id).unwrap().slots.len(), a.slots.len());
    }
}

#[test]
fn items_can_be_added_edited_moved_and_removed() {
    let mut s = demo();
    let session = nff(&s);
    let a =
        s.draft_agenda(session.id, &DraftParams { total_minutes: Some(90), ..Default::default() }, Lang::Nl).unwrap();
    let n = a.slots.len();
    let extra = s
        .add_agenda_item(
            session.id,
            AgendaItemInput {
                kind: AgendaItemKind::Other,
                topic_id: None,
                title: "Presentatie <onderzoek> & cijfers".into(),
                question: String::new(),
                minutes: 10,
                party_ids: vec![],
            },
        )
        .unwrap();
    assert_eq!(extra.position, n as i64);
    // Keyboard move: to the top.
    let moved = s.move_agenda_item(extra.id, 0).unwrap();
    assert_eq!(moved.slots[0].item.id, extra.id);
    assert_eq!(moved.slots[0].starts_at, session.starts_at);
    assert_eq!(moved.slots[1].starts_at, session.starts_at + Duration::minutes(10));
    let positions: Vec<i64> = moved.slots.iter().map(|x| x.item.position).collect();
    assert_eq!(positions, (0..=n as i64).collect::<Vec<_>>());
    // Edit: a longer slot shifts everything after it.
    let before_second = moved.slots[1].starts_at;
    let mut input = AgendaItemInput {
        kind: extra.kind,
        topic_id: None,
        title: extra.title.clone(),
        question: "Wat valt op?".into(),
        minutes: 25,
        party_ids: vec![],
    };
    s.update_agenda_item(extra.id, input.clone()).unwrap();
    assert_eq!(s.agenda(session.id).unwrap().slots[1].starts_at, before_second + Duration::minutes(15));
    // Bad input is refused and changes nothing.
    input.minutes = 0;
    assert!(s.update_agenda_item(extra.id, input.clone()).is_err());
    input.minutes = 10;
    input.kind = AgendaItemKind::Topic;
    assert!(s.update_agenda_item(extra.id, input.clone()).is_err(), "a topic item needs a topic");
    input.kind = AgendaItemKind::Other;
    input.party_ids = vec![Uuid::now_v7()];
    assert!(s.update_agenda_item(extra.id, input).is_err());
    assert_eq!(s.agenda(session.id).unwrap().slots[0].item.minutes, 25);
    // Remove: the rest closes up.
    s.delete_agenda_item(extra.id).unwrap();
    let after = s.agenda(session.id).unwrap();
    assert_eq!(after.slots.len(), n);
    assert_eq!(after.slots[0].starts_at, session.starts_at);
    assert_eq!(after.slots.iter().map(|x| x.item.position).collect::<Vec<_>>(), (0..n as i64).collect::<Vec<_>>());
    // Deleting the session takes its agenda along.
    s.delete_session(session.id).unwrap();
    assert!(s.agenda(session.id).is_err());
}

#[test]
fn document_lists_items_with_times_and_escapes_nothing_itself() {
    let mut s = demo();
    let session = nff(&s);
    s.draft_agenda(session.id, &DraftParams { total_minutes: Some(90), breaks: 1, ..Default::default() }, Lang::Nl)
        .unwrap();
    let doc = document(&s, session.id, Lang::Nl).unwrap();
    let text = doc.plain_text();
    assert!(text.contains("Agenda: NFF Professionals"), "{text}");
    // The demo's NFF session starts at 14:00 Amsterdam time.
    assert!(text.contains("14:00–14:10 | Welkom en doel van de sessie"), "{text}");
    assert!(text.contains("Breuklijn: Producenten"), "{text}");
    assert!(doc.subtitle.as_deref().unwrap().starts_with("26 september 2022, 14:00–16:00"));
}

fn parse_local(ics: &str, key: &str) -> (String, chrono::NaiveDateTime) {
    use icalendar::Component;
    let cal: icalendar::Calendar = ics.parse().unwrap();
    let event = cal.components.iter().find_map(|c| c.as_event()).unwrap();
    let dt = if key == "DTSTART" { event.get_start() } else { event.get_end() };
    match dt {
        Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone { date_time, tzid })) => {
            (tzid, date_time)
        }
        other => panic!("{key}: {other:?}; summary {:?}", event.get_summary()),
    }
}

#[test]
fn ics_parses_and_matches_the_session_in_amsterdam_summer_and_winter() {
    let mut s = demo();
    let summer = nff(&s);
    s.draft_agenda(summer.id, &DraftParams::default(), Lang::Nl).unwrap();
    let winter = s
        .create_session(SessionInput {
            title: "Werkgroep — winteroverleg".into(),
            kind: SessionKind::WorkingGroup,
            starts_at: Utc.with_ymd_and_hms(2022, 12, 13, 9, 30, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2022, 12, 13, 11, 0, 0).unwrap(),
            location: "Den Haag; zaal 2, \"groot\"".into(),
            notes: String::new(),
            attendee_ids: vec![],
        })
        .unwrap();
    for (session, local_start) in [(&summer, "2022-09-26T14:00:00"), (&winter, "2022-12-13T10:30:00")] {
        let text = ics(&s, session.id, Lang::Nl).unwrap();
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam"), "{text}");
        let (tz, start) = parse_local(&text, "DTSTART");
        let (_, end) = parse_local(&text, "DTEND");
        assert_eq!(tz, "Europe/Amsterdam");
        assert_eq!(start.format("%Y-%m-%dT%H:%M:%S").to_string(), local_start);
        // Back to UTC through the zone's rules: the session's own instants.
        let utc = |t: chrono::NaiveDateTime| AMSTERDAM.from_local_datetime(&t).single().unwrap().with_timezone(&Utc);
        assert_eq!(utc(start), session.starts_at);
        assert_eq!(utc(end), session.ends_at);
        let cal: icalendar::Calendar = text.parse().unwrap();
        use icalendar::{Component, EventLike};
        let event = cal.components.iter().find_map(|c| c.as_event()).unwrap();
        assert_eq!(event.get_summary(), Some(session.title.as_str()));
        assert_eq!(event.get_location(), Some(session.location.as_str()));
    }
    let text = ics(&s, summer.id, Lang::Nl).unwrap();
    assert!(text.contains("14:00–14:10 Welkom"), "{text}");
}
