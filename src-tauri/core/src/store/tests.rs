//! Store tests on in-memory databases, one module per table.

use super::*;
pub(crate) use crate::ErrorCode;

fn store() -> Store {
    let mut s = Store::in_memory("test").unwrap();
    s.set_actor("tester");
    s
}

fn party_input(name: &str, role: ChainRole) -> PartyInput {
    PartyInput {
        name: name.into(),
        short_name: String::new(),
        chain_role: role,
        segment: None,
        production_types: vec![ProductionType::Series, ProductionType::Series],
        colour: "#0072B2".into(),
        notes: String::new(),
    }
}

fn bouwsteen(s: &mut Store, name: &str) -> Bouwsteen {
    s.create_bouwsteen(BouwsteenInput { name: name.into(), description: String::new() }).unwrap()
}

fn topic_input(b: Uuid, title: &str) -> TopicInput {
    TopicInput {
        bouwsteen_id: b,
        code: String::new(),
        kind: TopicKind::Bottleneck,
        title: title.into(),
        description: String::new(),
        priority: 2,
        production_types: vec![],
    }
}

fn session_input(title: &str) -> SessionInput {
    let start = Utc::now();
    SessionInput {
        title: title.into(),
        kind: SessionKind::WorkingGroup,
        starts_at: start,
        ends_at: start + chrono::Duration::hours(2),
        location: String::new(),
        notes: String::new(),
        attendee_ids: vec![],
    }
}

mod dialogue_table {
    use super::*;

    #[test]
    fn created_with_title_and_updatable() {
        let mut s = store();
        assert_eq!(s.dialogue().unwrap().title, "test");
        let d = s.update_dialogue(DialogueInput { title: "  Sectorplan  ".into(), description: "x".into() }).unwrap();
        assert_eq!(d.title, "Sectorplan");
        assert!(s.update_dialogue(DialogueInput { title: " ".into(), description: String::new() }).is_err());
        assert_eq!(s.dialogue().unwrap().title, "Sectorplan");
    }
}

mod bouwstenen_table {
    use super::*;

    #[test]
    fn create_update_move_delete() {
        let mut s = store();
        let a = bouwsteen(&mut s, "A");
        let b = bouwsteen(&mut s, "B");
        let c = bouwsteen(&mut s, "C");
        assert_eq!((a.position, b.position, c.position), (1, 2, 3));
        let order = s.move_bouwsteen(c.id, 0).unwrap();
        assert_eq!(order.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["C", "A", "B"]);
        assert_eq!(s.list_bouwstenen().unwrap().iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["C", "A", "B"]);
        let a2 = s.update_bouwsteen(a.id, BouwsteenInput { name: "A2".into(), description: "d".into() }).unwrap();
        assert_eq!(a2.position, 2);
        s.delete_bouwsteen(b.id).unwrap();
        assert_eq!(s.list_bouwstenen().unwrap().len(), 2);
        assert_eq!(s.delete_bouwsteen(b.id).unwrap_err().code(), ErrorCode::NotFound);
    }

    #[test]
    fn empty_name_is_refused_and_nothing_changes() {
        let mut s = store();
        let err = s.create_bouwsteen(BouwsteenInput { name: "   ".into(), description: String::new() }).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert_eq!(err.field(), Some("name"));
        assert_eq!(s.counts().unwrap().bouwstenen, 0);
    }

    #[test]
    fn bouwsteen_with_topics_cannot_be_deleted() {
        let mut s = store();
        let b = bouwsteen(&mut s, "A");
        s.create_topic(topic_input(b.id, "T")).unwrap();
        assert_eq!(s.delete_bouwsteen(b.id).unwrap_err().code(), ErrorCode::InUse);
        assert_eq!(s.counts().unwrap().bouwstenen, 1);
    }
}

mod topics_table {
    use super::*;

    #[test]
    fn crud_with_production_types_and_codes() {
        let mut s = store();
        let b = bouwsteen(&mut s, "A");
        let mut input = topic_input(b.id, "Rechten");
        input.code = "2.2".into();
        input.production_types = vec![ProductionType::Series, ProductionType::FeatureFilm, ProductionType::Series];
        let t = s.create_topic(input.clone()).unwrap();
        assert_eq!(t.production_types, vec![ProductionType::Series, ProductionType::FeatureFilm]);
        assert_eq!(s.get_topic(t.id).unwrap(), t);
        assert_eq!(s.create_topic(input.clone()).unwrap_err().code(), ErrorCode::Conflict, "codes are unique");
        input.code = String::new();
        s.create_topic(input.clone()).unwrap();
        s.create_topic(input.clone()).unwrap(); // empty codes may repeat
        input.priority = 9;
        assert_eq!(s.create_topic(input).unwrap_err().field(), Some("priority"));
        let mut upd = topic_input(b.id, "Rechten (herzien)");
        upd.kind = TopicKind::Ambition;
        let t2 = s.update_topic(t.id, upd).unwrap();
        assert_eq!(t2.kind, TopicKind::Ambition);
        assert!(t2.production_types.is_empty());
        assert_eq!(s.list_topics().unwrap().len(), 3);
    }

    #[test]
    fn unknown_bouwsteen_is_invalid() {
        let mut s = store();
        let err = s.create_topic(topic_input(Uuid::now_v7(), "T")).unwrap_err();
        assert_eq!(err.field(), Some("bouwsteen_id"));
    }

    #[test]
    fn delete_takes_positions_and_logs_them() {
        let mut s = store();
        let b = bouwsteen(&mut s, "A");
        let t = s.create_topic(topic_input(b.id, "T")).unwrap();
        let p = s.create_party(party_input("P", ChainRole::Producer)).unwrap();
        let sess = s.create_session(session_input("S")).unwrap();
        let pos = s
            .record_position(PositionInput {
                topic_id: t.id,
                party_id: p.id,
                session_id: sess.id,
                stance: Some(1),
                rationale: String::new(),
                condition: String::new(),
                quote: String::new(),
            })
            .unwrap();
        s.set_verdict(t.id, Marking::Open, "").unwrap();
        s.delete_topic(t.id).unwrap();
        assert_eq!(s.counts().unwrap().positions, 0);
        assert_eq!(s.counts().unwrap().verdicts, 0);
        let log = s.audit_for(pos.id).unwrap();
        assert_eq!(log.last().unwrap().action, "delete");
    }
}

mod parties_table {
    use super::*;

    #[test]
    fn crud_and_unique_names() {
        let mut s = store();
        let p = s.create_party(party_input("Omroep B", ChainRole::PublicBroadcaster)).unwrap();
        assert_eq!(p.colour, "#0072b2");
        assert_eq!(p.production_types, vec![ProductionType::Series]);
        let err = s.create_party(party_input("omroep b", ChainRole::Streamer)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Conflict);
        let mut bad = party_input("X", ChainRole::Other);
        bad.colour = "red".into();
        assert_eq!(s.create_party(bad).unwrap_err().field(), Some("colour"));
        let p2 = s.update_party(p.id, party_input("Omroep C", ChainRole::PublicBroadcaster)).unwrap();
        assert_eq!(s.get_party(p.id).unwrap(), p2);
        s.delete_party(p.id).unwrap();
        assert!(s.list_parties().unwrap().is_empty());
    }
}

mod people_table {
    use super::*;

    #[test]
    fn people_belong_to_parties() {
        let mut s = store();
        let p = s.create_party(party_input("P", ChainRole::Maker)).unwrap();
        let person = s
            .create_person(PersonInput {
                party_id: p.id,
                name: "Anna".into(),
                email: "anna@example.org".into(),
                role_title: String::new(),
            })
            .unwrap();
        let bad =
            PersonInput { party_id: p.id, name: "B".into(), email: "not an address".into(), role_title: String::new() };
        assert_eq!(s.create_person(bad).unwrap_err().field(), Some("email"));
        let upd = s
            .update_person(
                person.id,
                PersonInput {
                    party_id: p.id,
                    name: "Anna B".into(),
                    email: String::new(),
                    role_title: "voorzitter".into(),
                },
            )
            .unwrap();
        assert_eq!(upd.name, "Anna B");
        s.delete_party(p.id).unwrap();
        assert!(s.list_people().unwrap().is_empty(), "people go with their party");
    }
}

mod sessions_table {
    use super::*;

    #[test]
    fn crud_with_attendees_and_time_order() {
        let mut s = store();
        let a = s.create_party(party_input("A", ChainRole::Producer)).unwrap();
        let b = s.create_party(party_input("B", ChainRole::Cinema)).unwrap();
        let mut input = session_input("Werkgroep");
        input.attendee_ids = vec![b.id, a.id, a.id];
        let sess = s.create_session(input.clone()).unwrap();
        assert_eq!(sess.attendee_ids.len(), 2);
        assert_eq!(s.get_session(sess.id).unwrap(), sess);
        input.ends_at = input.starts_at - chrono::Duration::minutes(1);
        assert_eq!(s.create_session(input.clone()).unwrap_err().field(), Some("ends_at"));
        input.ends_at = input.starts_at;
        input.attendee_ids = vec![Uuid::now_v7()];
        assert_eq!(s.create_session(input).unwrap_err().field(), Some("attendee_ids"));
        s.delete_party(a.id).unwrap();
        assert_eq!(s.get_session(sess.id).unwrap().attendee_ids, vec![b.id]);
        s.delete_session(sess.id).unwrap();
        assert!(s.list_sessions().unwrap().is_empty());
    }
}

mod positions_table {
    use super::*;

    #[test]
    fn correction_replaces_and_audit_keeps_the_old_value() {
        let mut s = store();
        let b = bouwsteen(&mut s, "A");
        let t = s.create_topic(topic_input(b.id, "T")).unwrap();
        let p = s.create_party(party_input("P", ChainRole::Producer)).unwrap();
        let sess = s.create_session(session_input("S")).unwrap();
        let input = PositionInput {
            topic_id: t.id,
            party_id: p.id,
            session_id: sess.id,
            stance: Some(-1),
            rationale: "te duur".into(),
            condition: String::new(),
            quote: String::new(),
        };
        let first = s.record_position(input.clone()).unwrap();
        assert_eq!(first.recorded_by, "tester");
        let second = s
            .record_position(PositionInput { stance: Some(1), condition: "mits gedeeld".into(), ..input.clone() })
            .unwrap();
        assert_eq!(first.id, second.id);
        assert_eq!(s.list_positions().unwrap(), vec![second.clone()]);
        let log = s.audit_for(first.id).unwrap();
        assert_eq!(log.len(), 2);
        assert!(log[1].before.as_deref().unwrap().contains("\"stance\":-1"));
        // No position is stored as such, not as neutral.
        let none = s.record_position(PositionInput { stance: None, ..input.clone() }).unwrap();
        assert_eq!(none.stance, None);
        assert_eq!(s.record_position(PositionInput { stance: Some(3), ..input }).unwrap_err().field(), Some("stance"));
        assert_eq!(s.list_positions().unwrap()[0].stance, None);
    }
}

mod verdicts_and_actions {
    use super::*;

    #[test]
    fn verdict_upserts_and_actions_list() {
        let mut s = store();
        let b = bouwsteen(&mut s, "A");
        let t = s.create_topic(topic_input(b.id, "T")).unwrap();
        s.set_verdict(t.id, Marking::Open, "").unwrap();
        let v = s.set_verdict(t.id, Marking::Divergence, "uiteen").unwrap();
        assert_eq!(s.list_verdicts().unwrap(), vec![v]);
        let input = ActionInput {
            title: "Uitzoeken".into(),
            owner_party_id: None,
            topic_id: Some(t.id),
            due_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            status: ActionStatus::Open,
            notes: String::new(),
        };
        let a = s.create_action(input.clone()).unwrap();
        assert_eq!(s.list_actions().unwrap(), vec![a.clone()]);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        assert_eq!(s.overdue_actions(today).unwrap().len(), 1);
        let done = s.update_action(a.id, ActionInput { status: ActionStatus::Done, ..input.clone() }).unwrap();
        assert_eq!(done.status, ActionStatus::Done);
        assert!(s.overdue_actions(today).unwrap().is_empty(), "done is not overdue");
        assert_eq!(
            s.create_action(ActionInput { title: " ".into(), ..input.clone() }).unwrap_err().field(),
            Some("title")
        );
        let bad_owner = ActionInput { owner_party_id: Some(Uuid::now_v7()), ..input };
        assert_eq!(s.create_action(bad_owner).unwrap_err().field(), Some("owner_party_id"));
        s.delete_action(a.id).unwrap();
        assert!(s.list_actions().unwrap().is_empty());
        s.clear_verdict(t.id).unwrap();
        assert!(s.list_verdicts().unwrap().is_empty());
    }
}

mod files {
    use super::*;

    #[test]
    fn file_round_trip_and_save_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("werkgroep.ketentafel");
        let mut s = Store::create(&path).unwrap();
        assert_eq!(s.dialogue().unwrap().title, "werkgroep");
        s.create_party(party_input("P", ChainRole::Producer)).unwrap();
        let copy = dir.path().join("kopie.ketentafel");
        s.save_copy(&copy).unwrap();
        assert_eq!(s.save_copy(&path).unwrap_err().code(), ErrorCode::InvalidInput);
        drop(s);
        let reopened = Store::open(&copy).unwrap();
        assert_eq!(reopened.list_parties().unwrap().len(), 1);
        let info = reopened.info().unwrap();
        assert_eq!(info.file_name, "kopie.ketentafel");
        assert_eq!(info.counts.parties, 1);
        let report = crate::check_file(&path).unwrap();
        assert_eq!(report.counts.parties, 1);
    }
}

mod capture {
    use super::*;

    struct Setup {
        s: Store,
        topic: Topic,
        a: Party,
        first: Session,
        second: Session,
    }

    fn setup() -> Setup {
        let mut s = store();
        let b = bouwsteen(&mut s, "A");
        let topic = s.create_topic(topic_input(b.id, "Rechten")).unwrap();
        let a = s.create_party(party_input("Producent A", ChainRole::Producer)).unwrap();
        let mut early = session_input("Eerste");
        early.starts_at -= chrono::Duration::days(30);
        early.ends_at -= chrono::Duration::days(30);
        let first = s.create_session(early).unwrap();
        let second = s.create_session(session_input("Tweede")).unwrap();
        Setup { s, topic, a, first, second }
    }

    fn input(t: &Topic, p: &Party, sess: &Session, stance: Option<i8>) -> PositionInput {
        PositionInput {
            topic_id: t.id,
            party_id: p.id,
            session_id: sess.id,
            stance,
            rationale: String::new(),
            condition: String::new(),
            quote: String::new(),
        }
    }

    #[test]
    fn set_returns_what_undo_needs_and_clear_undoes_a_first_entry() {
        let Setup { mut s, topic, a, first, .. } = setup();
        let c1 = s.set_position(input(&topic, &a, &first, Some(1))).unwrap();
        assert!(c1.before.is_none());
        let c2 = s.set_position(input(&topic, &a, &first, Some(-1))).unwrap();
        assert_eq!(c2.before.as_ref().unwrap().stance, Some(1));
        // Undo the correction: write the old value back.
        let before = c2.before.unwrap();
        s.set_position(PositionInput { stance: before.stance, ..input(&topic, &a, &first, None) }).unwrap();
        assert_eq!(s.list_positions().unwrap()[0].stance, Some(1));
        // Undo the first entry: clear.
        let cleared = s.clear_position(c1.key).unwrap();
        assert_eq!(cleared.before.unwrap().stance, Some(1));
        assert!(s.list_positions().unwrap().is_empty());
        assert!(s.clear_position(c1.key).unwrap().before.is_none(), "clearing nothing is fine");
    }

    #[test]
    fn current_position_is_the_latest_sessions() {
        let Setup { mut s, topic, a, first, second } = setup();
        // Recorded out of order: the later session's entry first.
        s.record_position(input(&topic, &a, &second, Some(2))).unwrap();
        s.record_position(input(&topic, &a, &first, Some(-2))).unwrap();
        let current = s.current_positions().unwrap();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].stance, Some(2), "the second session is more recent, whatever the recording order");
        // An explicit "no position" in the latest session is the current position.
        s.record_position(input(&topic, &a, &second, None)).unwrap();
        assert_eq!(s.current_positions().unwrap()[0].stance, None);
    }

    #[test]
    fn history_lists_sessions_in_order_with_corrections() {
        let Setup { mut s, topic, a, first, second } = setup();
        s.record_position(input(&topic, &a, &first, Some(-2))).unwrap();
        s.record_position(input(&topic, &a, &second, Some(1))).unwrap();
        s.record_position(input(&topic, &a, &second, Some(2))).unwrap();
        let h = s.position_history(topic.id, a.id).unwrap();
        assert_eq!(h.iter().map(|e| e.session_title.as_str()).collect::<Vec<_>>(), ["Eerste", "Tweede"]);
        assert_eq!(h[1].position.stance, Some(2));
        assert_eq!(h[1].earlier.iter().map(|p| p.stance).collect::<Vec<_>>(), [Some(1)]);
        assert_eq!(h[1].position.recorded_by, "tester");
    }

    #[test]
    fn search_ignores_accents_and_case_and_follows_edits() {
        let Setup { mut s, topic, a, first, .. } = setup();
        let mut i = input(&topic, &a, &first, Some(1));
        i.rationale = "Het café in het filmtheater draagt de exploitatie".into();
        i.condition = "mits de Überregeling blijft".into();
        s.record_position(i.clone()).unwrap();
        let hits = s.search("CAFE").unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, HitKind::Rationale);
        assert_eq!(hits[0].topic_id, Some(topic.id));
        assert_eq!(hits[0].party_id, Some(a.id));
        assert!(hits[0].bouwsteen_id.is_some());
        assert!(
            hits[0].snippet.contains(&format!("{}café{}", search::MARK_START, search::MARK_END)),
            "{:?}",
            hits[0].snippet
        );
        assert_eq!(s.search("uberreg").unwrap()[0].kind, HitKind::Condition, "prefix and umlaut");
        assert_eq!(s.search("rechten").unwrap()[0].kind, HitKind::Topic);
        s.set_verdict(topic.id, Marking::Divergence, "Omroepen zien het anders").unwrap();
        assert_eq!(s.search("omroepen").unwrap()[0].kind, HitKind::VerdictNote);
        // Editing replaces the indexed text; deleting removes it.
        i.rationale = "Iets anders".into();
        s.record_position(i).unwrap();
        assert!(s.search("cafe").unwrap().is_empty());
        s.delete_topic(topic.id).unwrap();
        assert!(s.search("uberregeling").unwrap().is_empty());
        assert!(s.search("omroepen").unwrap().is_empty());
        assert!(s.search("\"unbalanced OR").is_ok(), "operators in the input are taken literally");
    }

    #[test]
    fn single_recordings_keep_the_queue_short_without_counting_it_each_time() {
        let Setup { mut s, topic, .. } = setup();
        let sessions: Vec<Session> =
            (0..2).map(|k| s.create_session(session_input(&format!("Ronde {k}"))).unwrap()).collect();
        let parties: Vec<Party> =
            (0..320).map(|k| s.create_party(party_input(&format!("Partij {k}"), ChainRole::Maker)).unwrap()).collect();
        let mut longest = 0;
        for (k, p) in parties.iter().enumerate() {
            for sess in &sessions {
                let mut i = input(&topic, p, sess, Some(1));
                i.rationale = format!("Toelichting {k}");
                s.record_position(i).unwrap();
                longest = longest.max(search::queued(s.conn()).unwrap());
            }
        }
        // 640 recordings: the queue was indexed along the way, and never grew past the
        // threshold by more than the rows one write changes.
        assert!(longest < search::FLUSH_AT + 5, "{longest}");
        assert!(search::queued(s.conn()).unwrap() < 640);
        assert_eq!(s.search("toelichting").unwrap().len(), 200);
        // A wrong link is still named, before anything is written.
        let mut bad = input(&topic, &parties[0], &sessions[0], Some(1));
        bad.session_id = Uuid::now_v7();
        assert_eq!(s.set_position(bad).unwrap_err().code(), ErrorCode::InvalidInput);
    }

    #[test]
    fn a_new_position_changed_or_deleted_before_its_batch_is_indexed_once_as_it_is() {
        let Setup { mut s, topic, a, first, second } = setup();
        let mut i = input(&topic, &a, &first, Some(1));
        i.rationale = "Eerste lezing".into();
        s.record_position(i.clone()).unwrap();
        i.rationale = "Tweede lezing".into();
        s.record_position(i).unwrap();
        let mut gone = input(&topic, &a, &second, Some(-1));
        gone.rationale = "Ingetrokken voorstel".into();
        let gone = s.record_position(gone).unwrap();
        s.delete_position(gone.id).unwrap();
        // New in the log, then changed (queued) or deleted: each taken once, as it is now.
        assert!(s.search("eerste").unwrap().is_empty());
        assert_eq!(s.search("tweede").unwrap().len(), 1);
        assert!(s.search("ingetrokken").unwrap().is_empty());
        let rationales: i64 =
            s.conn().query_row("SELECT count(*) FROM search_map WHERE kind = 'rationale'", [], |r| r.get(0)).unwrap();
        assert_eq!(rationales, 1);
        assert_eq!(search::queued(s.conn()).unwrap(), 0);
    }

    #[test]
    fn positions_are_indexed_in_batches_and_topics_always_ranked() {
        let Setup { mut s, topic, a, first, .. } = setup();
        let queued = |s: &Store| search::queued(s.conn()).unwrap();
        let mut i = input(&topic, &a, &first, Some(1));
        i.rationale = "Rechten blijven bij de maker".into();
        s.record_position(i).unwrap();
        assert_eq!(queued(&s), 1, "a recording only queues its position for search");
        assert_eq!(s.search("maker").unwrap().len(), 1);
        assert_eq!(queued(&s), 0, "a search indexes the queue first");
        // An import of more rows than the queue holds indexes them in its own transaction,
        // and more position texts match a word than a search ranks: the topic still comes up.
        let n = search::RANKED_POSITION_MATCHES as usize + 100;
        let mut csv = String::from("bouwsteen,topic,party,chain_role,stance,rationale,session\n");
        for k in 0..n {
            csv.push_str(&format!("A,Rechten,Partij {k},producer,1,Over rechten gesproken {k},Import\n"));
        }
        crate::csv::import_positions_bytes(&mut s, csv.as_bytes()).unwrap();
        assert_eq!(queued(&s), 0);
        let hits = s.search("rechten").unwrap();
        assert_eq!(hits.len(), 200);
        assert!(hits.iter().any(|h| h.kind == HitKind::Topic && h.topic_id == Some(topic.id)), "the topic is ranked");
        assert!(hits.iter().filter(|h| h.kind == HitKind::Rationale).count() >= 199);
        let fts: i64 = s.conn().query_row("SELECT count(*) FROM search_index", [], |r| r.get(0)).unwrap();
        let map: i64 = s.conn().query_row("SELECT count(*) FROM search_map", [], |r| r.get(0)).unwrap();
        assert_eq!((fts, map), (n as i64 + 2, n as i64 + 2), "the topic, the first rationale and the imported ones");
        // Deleting the topic removes its positions from the index at the next search.
        s.delete_topic(topic.id).unwrap();
        assert!(s.search("rechten").unwrap().is_empty());
        assert!(s.search("maker").unwrap().is_empty());
    }
}
