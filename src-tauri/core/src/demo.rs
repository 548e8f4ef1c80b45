//! "Voorbeelddialoog": a fictional dialogue built on the seed letter, for first steps and tests.
//!
//! Every organisation is invented. The positions are chosen to show three things the review
//! views must find: a clear consensus, a clear producers-versus-broadcasters divergence, and a
//! party that moved between the two working-group sessions.

use chrono::{TimeZone, Utc};

use crate::error::Result;
use crate::model::*;
use crate::store::Store;

/// The four default building blocks of the seed letter.
pub const BOUWSTENEN: [(&str, &str); 4] = [
    ("Talent en vakmanschap", "De beschikbare capaciteit van talent en vakmanschap vergroten."),
    ("Ontwikkeling en productie", "Het ontwikkelings- en productieproces optimaliseren."),
    ("Samenwerking in de keten", "De samenwerking tussen de partijen in de keten verbeteren."),
    (
        "Zichtbaarheid",
        "De zichtbaarheid van Nederlandse culturele audiovisuele producties in binnen- en buitenland verbeteren.",
    ),
];

use ChainRole as R;
use ProductionType as P;

const PARTIES: &[(&str, &str, ChainRole, &[ProductionType], &str)] = &[
    ("Producentenkring Lage Landen", "PLL", R::Producer, &[P::FeatureFilm, P::Series, P::Documentary], "#0072b2"),
    ("Studio Polderlicht", "SPL", R::Producer, &[P::Animation, P::InnovativeMedia], "#56b4e9"),
    ("Gilde van Scenaristen en Regisseurs", "GSR", R::Maker, &[P::FeatureFilm, P::Series], "#009e73"),
    ("Documentairemakers Collectief", "DMC", R::Maker, &[P::Documentary], "#66c2a5"),
    ("Publieke Omroep Delta", "POD", R::PublicBroadcaster, &[P::Series, P::Documentary], "#d55e00"),
    ("Omroepvereniging Horizon", "OVH", R::PublicBroadcaster, &[P::Series, P::Documentary], "#e69f00"),
    ("Zender Zeven Media", "Z7M", R::CommercialBroadcaster, &[P::Series], "#cc79a7"),
    ("Stroomkanaal", "STR", R::Streamer, &[P::Series, P::FeatureFilm], "#8c564b"),
    ("Kijkhuis Online", "KHO", R::Streamer, &[P::Series, P::Documentary], "#a6761d"),
    ("Filmdistributie Duinzicht", "FDD", R::Distributor, &[P::FeatureFilm, P::Documentary], "#7570b3"),
    ("Vereniging Filmtheaters Grachtengordel", "VFG", R::Cinema, &[P::FeatureFilm, P::Documentary], "#1b9e77"),
    ("Bioscoopgroep Lichtspel", "BGL", R::Cinema, &[P::FeatureFilm, P::Animation], "#666666"),
    ("Kabelnet Oost", "KNO", R::CableOperator, &[P::Series], "#999933"),
    ("Audiovisueel Fonds Waddenzee", "AFW", R::Fund, &[P::FeatureFilm, P::Documentary, P::Animation], "#332288"),
];

/// How the parties stand on a topic, by chain role.
#[derive(Clone, Copy)]
enum Profile {
    /// Everyone for; the makers and producers strongly.
    Consensus,
    /// Producers and makers strongly for, broadcasters (public and commercial) against.
    ProducersVersusBroadcasters,
    /// For, with conditions from the broadcasters and streamers.
    Reservations,
    /// Cinemas and distributors for, streamers against, others neutral.
    WindowsSplit,
    /// Few positions yet.
    Open,
}

const TOPICS: &[(usize, TopicKind, &str, &str, i64, Profile)] = &[
    (0, TopicKind::Ambition, "1.1", "Meer instroom en doorstroom van talent in alle functies", 3, Profile::Consensus),
    (0, TopicKind::Bottleneck, "1.2", "Tekort aan ervaren crew bij gelijktijdige producties", 3, Profile::Consensus),
    (
        0,
        TopicKind::SolutionDirection,
        "1.3",
        "Sectorbreed opleidingsfonds, gevoed door alle schakels",
        2,
        Profile::Reservations,
    ),
    (
        0,
        TopicKind::Precondition,
        "1.4",
        "Eerlijke beloning volgens de sectorbrede richtlijnen",
        2,
        Profile::ProducersVersusBroadcasters,
    ),
    (
        0,
        TopicKind::SolutionDirection,
        "1.5",
        "Mentorprogramma's op de set voor startende makers",
        1,
        Profile::Consensus,
    ),
    (1, TopicKind::Bottleneck, "2.1", "Te weinig ontwikkelbudget voor de lange termijn", 3, Profile::Reservations),
    (
        1,
        TopicKind::SolutionDirection,
        "2.2",
        "Rechten keren na vijf jaar terug naar de producent",
        3,
        Profile::ProducersVersusBroadcasters,
    ),
    (
        1,
        TopicKind::Precondition,
        "2.3",
        "Heldere afspraken over de verdeling van opbrengsten",
        2,
        Profile::ProducersVersusBroadcasters,
    ),
    (1, TopicKind::Bottleneck, "2.4", "Lange beslistermijnen bij omroepen en fondsen", 2, Profile::WindowsSplit),
    (1, TopicKind::Ambition, "2.5", "Duurzaam produceren als norm", 1, Profile::Consensus),
    (
        1,
        TopicKind::SolutionDirection,
        "2.6",
        "Gestandaardiseerde contracten voor ontwikkeling",
        2,
        Profile::Reservations,
    ),
    (2, TopicKind::Ambition, "3.1", "Periodiek ketenoverleg met alle schakels aan tafel", 3, Profile::Consensus),
    (2, TopicKind::Bottleneck, "3.2", "Onvoldoende inzicht in kijk- en bezoekcijfers", 2, Profile::Reservations),
    (
        2,
        TopicKind::SolutionDirection,
        "3.3",
        "Investeringsverplichting voor streamingdiensten",
        3,
        Profile::WindowsSplit,
    ),
    (2, TopicKind::Precondition, "3.4", "Gelijk speelveld tussen omroepen en streamers", 2, Profile::WindowsSplit),
    (2, TopicKind::SolutionDirection, "3.5", "Gezamenlijke gedragscode voor samenwerking", 1, Profile::Open),
    (
        3,
        TopicKind::Ambition,
        "4.1",
        "Meer publiek voor Nederlandse producties in binnen- en buitenland",
        3,
        Profile::Consensus,
    ),
    (
        3,
        TopicKind::Bottleneck,
        "4.2",
        "Nederlandse films verdwijnen snel uit de filmtheaters",
        2,
        Profile::WindowsSplit,
    ),
    (
        3,
        TopicKind::SolutionDirection,
        "4.3",
        "Vaste vensters tussen bioscoop- en streamingrelease",
        3,
        Profile::WindowsSplit,
    ),
    (
        3,
        TopicKind::SolutionDirection,
        "4.4",
        "Gezamenlijke promotie op internationale festivals",
        2,
        Profile::Consensus,
    ),
    (3, TopicKind::Precondition, "4.5", "Vindbaarheid van Nederlands aanbod op platforms", 2, Profile::Reservations),
    (
        3,
        TopicKind::SolutionDirection,
        "4.6",
        "Ondertiteling en toegankelijkheid standaard meefinancieren",
        1,
        Profile::Open,
    ),
];

fn is_broadcaster(r: ChainRole) -> bool {
    matches!(r, R::PublicBroadcaster | R::CommercialBroadcaster)
}

/// The stance of a party in a chain role on a topic of `profile`; `i` varies it per party.
fn stance(profile: Profile, role: ChainRole, i: usize) -> Option<i8> {
    match profile {
        Profile::Consensus => Some(if matches!(role, R::Producer | R::Maker) { 2 } else { 1 + (i % 2) as i8 }),
        Profile::ProducersVersusBroadcasters => match role {
            R::Producer | R::Maker => Some(2),
            r if is_broadcaster(r) => Some(-2 + (i % 2) as i8),
            R::Streamer => Some(-1),
            R::Distributor | R::Fund => Some(1),
            R::Cinema => Some(0),
            _ => None,
        },
        Profile::Reservations => Some(if is_broadcaster(role) || role == R::Streamer { 1 } else { 2 - (i % 2) as i8 }),
        Profile::WindowsSplit => match role {
            R::Cinema | R::Distributor => Some(2),
            R::Streamer => Some(-2),
            R::CableOperator => Some(-1),
            R::Producer | R::Maker => Some(1),
            _ => Some(0),
        },
        Profile::Open => i.is_multiple_of(3).then_some(1),
    }
}

fn rationale(profile: Profile, role: ChainRole) -> (&'static str, &'static str) {
    match (profile, role) {
        (Profile::ProducersVersusBroadcasters, R::Producer) => {
            ("Zonder rechten bouwen producenten geen catalogus en geen eigen vermogen op.", "")
        }
        (Profile::ProducersVersusBroadcasters, R::Maker) => {
            ("Makers delen nu niet mee in het succes van hun werk.", "")
        }
        (Profile::ProducersVersusBroadcasters, r) if is_broadcaster(r) => {
            ("Wie het grootste deel financiert, moet de rechten kunnen exploiteren.", "")
        }
        (Profile::Reservations, r) if is_broadcaster(r) || r == R::Streamer => {
            ("Eens met de richting.", "mits de bijdrage naar rato van omzet wordt verdeeld")
        }
        (Profile::WindowsSplit, R::Cinema) => ("De filmzaal is het eerste venster en verdient die ruimte.", ""),
        (Profile::WindowsSplit, R::Streamer) => ("Vaste regels passen niet bij hoe het publiek nu kijkt.", ""),
        (Profile::Consensus, _) => ("Dit dragen alle partijen in de keten.", ""),
        _ => ("", ""),
    }
}

/// Fills an empty store with the demo dialogue.
pub fn populate(store: &mut Store) -> Result<()> {
    store.update_dialogue(DialogueInput {
        title: "Voorbeelddialoog sectorplan audiovisueel".into(),
        description:
            "Een verzonnen dialoog naar het voorbeeld van de werkgroep sectorplan: partijen uit de productie- en \
            exploitatieketen bespreken vier bouwstenen. Alle organisaties in dit voorbeeld zijn fictief."
                .into(),
    })?;
    // A file made by `Store::create` has the four bouwstenen already; an in-memory one has none.
    let mut bouwstenen = store.list_bouwstenen()?;
    if bouwstenen.is_empty() {
        for (name, description) in BOUWSTENEN {
            bouwstenen
                .push(store.create_bouwsteen(BouwsteenInput { name: name.into(), description: description.into() })?);
        }
    }
    let mut parties = Vec::new();
    for (name, short, role, types, colour) in PARTIES {
        parties.push(store.create_party(PartyInput {
            name: (*name).into(),
            short_name: (*short).into(),
            chain_role: *role,
            segment: None,
            production_types: types.to_vec(),
            colour: (*colour).into(),
            notes: String::new(),
        })?);
    }
    let reps = [
        ("Anna de Vries", "anna@example.org", 0),
        ("Bram Jansen", "bram@example.org", 4),
        ("Chantal Bakker", "chantal@example.org", 10),
    ];
    for (name, email, party) in reps {
        store.create_person(PersonInput {
            party_id: parties[party].id,
            name: name.into(),
            email: email.into(),
            role_title: "Vertegenwoordiger".into(),
        })?;
    }
    let mut topics = Vec::new();
    for (b, kind, code, title, priority, profile) in TOPICS {
        let types = match b {
            1 => vec![P::FeatureFilm, P::Series, P::Documentary],
            3 => vec![P::FeatureFilm, P::Documentary, P::Animation],
            _ => vec![],
        };
        let t = store.create_topic(TopicInput {
            bouwsteen_id: bouwstenen[*b].id,
            code: (*code).into(),
            kind: *kind,
            title: (*title).into(),
            description: String::new(),
            priority: *priority,
            production_types: types,
        })?;
        topics.push((t, *profile));
    }
    let amsterdam = |y: i32, m: u32, d: u32, h: u32| {
        // Europe/Amsterdam is UTC+1 in winter and UTC+2 in summer; these dates are all summer time.
        Utc.with_ymd_and_hms(y, m, d, h - 2, 0, 0).single().unwrap_or_default()
    };
    let everyone: Vec<_> = parties.iter().map(|p| p.id).collect();
    let first = store.create_session(SessionInput {
        title: "Werkgroep sectorplan — startbijeenkomst".into(),
        kind: SessionKind::WorkingGroup,
        starts_at: amsterdam(2022, 4, 12, 10),
        ends_at: amsterdam(2022, 4, 12, 13),
        location: "Den Haag".into(),
        notes: String::new(),
        attendee_ids: everyone.clone(),
    })?;
    let second = store.create_session(SessionInput {
        title: "Werkgroep sectorplan — tweede bijeenkomst".into(),
        kind: SessionKind::WorkingGroup,
        starts_at: amsterdam(2022, 6, 14, 10),
        ends_at: amsterdam(2022, 6, 14, 13),
        location: "Utrecht".into(),
        notes: String::new(),
        attendee_ids: everyone.clone(),
    })?;
    store.create_session(SessionInput {
        title: "NFF Professionals — sectorsessie bouwstenen".into(),
        kind: SessionKind::Nff,
        starts_at: amsterdam(2022, 9, 26, 14),
        ends_at: amsterdam(2022, 9, 26, 16),
        location: "Utrecht, Nederlands Film Festival".into(),
        notes: "Welke prioriteiten? Wie pakt het op? Wat is er nodig?".into(),
        attendee_ids: everyone,
    })?;
    for (session, round) in [(&first, 0usize), (&second, 1usize)] {
        for (ti, (topic, profile)) in topics.iter().enumerate() {
            // The first session covered the first two bouwstenen; the second covered all four.
            if round == 0 && ti >= 11 {
                continue;
            }
            for (pi, party) in parties.iter().enumerate() {
                let mut s = stance(*profile, party.chain_role, pi + ti);
                // Omroepvereniging Horizon moved on rights reversion ("2.2") between sessions.
                let moved = party.short_name == "OVH" && topic.code == "2.2";
                if moved {
                    s = Some(if round == 0 { -2 } else { 1 });
                }
                let (why, condition) = rationale(*profile, party.chain_role);
                let (why, condition) = if moved && round == 1 {
                    (
                        "Na het gesprek over exploitatie kunnen wij hierin meegaan.",
                        "mits de omroep een eerste venster behoudt",
                    )
                } else {
                    (why, condition)
                };
                store.record_position(PositionInput {
                    topic_id: topic.id,
                    party_id: party.id,
                    session_id: session.id,
                    stance: s,
                    rationale: why.into(),
                    condition: condition.into(),
                    quote: String::new(),
                })?;
            }
        }
    }
    let by_code = |code: &str| topics.iter().find(|(t, _)| t.code == code).map(|(t, _)| t.id);
    if let Some(id) = by_code("3.1") {
        store.set_verdict(id, Marking::Consensus, "Alle partijen willen het overleg voortzetten.")?;
    }
    if let Some(id) = by_code("2.2") {
        store.set_verdict(id, Marking::Divergence, "Producenten en omroepen staan tegenover elkaar.")?;
        store.create_action(ActionInput {
            title: "Verkenning rechtenmodellen in het buitenland".into(),
            owner_party_id: Some(parties[0].id),
            topic_id: Some(id),
            due_date: chrono::NaiveDate::from_ymd_opt(2022, 9, 1),
            status: ActionStatus::InProgress,
            notes: "Wat werkt in Denemarken en Vlaanderen?".into(),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Store {
        let mut s = Store::in_memory("demo").unwrap();
        populate(&mut s).unwrap();
        s
    }

    #[test]
    fn demo_meets_the_brief() {
        let s = demo();
        let c = s.counts().unwrap();
        assert_eq!(c.bouwstenen, 4);
        assert!(c.parties >= 12, "{c:?}");
        assert!(c.topics >= 20, "{c:?}");
        assert!(c.sessions >= 2, "{c:?}");
        assert!(c.positions > 0);
        let kinds: std::collections::BTreeSet<_> = s.list_topics().unwrap().iter().map(|t| t.kind).collect();
        assert_eq!(kinds.len(), 4, "all four topic kinds appear");
    }

    #[test]
    fn demo_has_producers_versus_broadcasters_and_a_mover() {
        let s = demo();
        let topics = s.list_topics().unwrap();
        let parties = s.list_parties().unwrap();
        let sessions = s.list_sessions().unwrap();
        let rights = topics.iter().find(|t| t.code == "2.2").unwrap();
        let pos = s.list_positions().unwrap();
        let role = |id| parties.iter().find(|p| p.id == id).unwrap().chain_role;
        let in_last: Vec<_> =
            pos.iter().filter(|p| p.topic_id == rights.id && p.session_id == sessions[1].id).collect();
        assert!(in_last.iter().filter(|p| role(p.party_id) == R::Producer).all(|p| p.stance == Some(2)));
        assert!(in_last.iter().filter(|p| role(p.party_id) == R::CommercialBroadcaster).all(|p| p.stance.unwrap() < 0));
        let horizon = parties.iter().find(|p| p.short_name == "OVH").unwrap();
        let moves: Vec<_> =
            pos.iter().filter(|p| p.topic_id == rights.id && p.party_id == horizon.id).map(|p| p.stance).collect();
        assert_eq!(moves, vec![Some(-2), Some(1)]);
        let consensus = topics.iter().find(|t| t.code == "1.1").unwrap();
        assert!(pos.iter().filter(|p| p.topic_id == consensus.id).all(|p| p.stance.unwrap() > 0));
    }

    #[test]
    fn demo_names_no_real_organisation() {
        for (name, ..) in PARTIES {
            for real in
                ["NPO", "RTL", "Netflix", "Videoland", "EYE", "Filmfonds", "NVBF", "NVF", "Pathé", "Ziggo", "KPN"]
            {
                assert!(!name.contains(real), "{name} looks like {real}");
            }
        }
    }
}
