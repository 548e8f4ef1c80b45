//! Synthetic dialogues: a reproducible generator of parties, topics, sessions, positions and
//! verdicts with a realistic structure, for load tests and for trying the analysis at scale.
//!
//! The same spec and seed give the same records byte for byte, ids included: every id is a
//! UUIDv7 whose timestamp is a fixed base plus a running number and whose random bits come
//! from the seeded generator, and every time is derived from the session calendar. Because
//! ids grow in the order rows are written, and positions are written topic by topic, party by
//! party, session by session, the bulk load appends to the indexes instead of scattering
//! across them. Everything goes in one transaction, with one audit row (the dialogue's new
//! description) instead of one per record.
//!
//! The stances follow a small latent model. Each topic has an axis — broad consensus,
//! producers and makers against broadcasters, cinemas and distributors against streamers,
//! or still open — with a tension and a base level of support; each chain role loads on the
//! axes; each party has a bias and each party–topic pair some noise; and some pairs move:
//! from a given session on, the party's stance shifts, mostly towards agreement.
//!
//! Every organisation is invented ("Producent 017"); no real name is used.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{ChainRole, Dialogue, Marking, ProductionType, SessionKind, TopicKind};
use crate::rng::SplitMix64;
use crate::store::Store;

/// What to generate. `positions` distinct (topic, party, session) cells are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GenerateSpec {
    pub parties: usize,
    pub topics: usize,
    pub sessions: usize,
    pub positions: usize,
    pub seed: u64,
}

impl Default for GenerateSpec {
    /// The load-test size: 200 parties, 1000 topics, 30 sessions, a million positions.
    fn default() -> Self {
        GenerateSpec { parties: 200, topics: 1000, sessions: 30, positions: 1_000_000, seed: 1 }
    }
}

/// What a generation wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GenerateReport {
    /// Bouwstenen created (0 when the dialogue already had its own).
    pub bouwstenen_created: usize,
    pub topics: usize,
    pub parties: usize,
    pub sessions: usize,
    /// Rows of `session_attendees`.
    pub attendees: usize,
    pub positions: usize,
    /// Positions recorded as "no position" (stance NULL).
    pub no_position: usize,
    /// Positions with a "mits …" condition.
    pub with_condition: usize,
    pub verdicts: usize,
}

pub const MAX_PARTIES: usize = 10_000;
pub const MAX_TOPICS: usize = 100_000;
pub const MAX_SESSIONS: usize = 1_000;
pub const MAX_POSITIONS: usize = 20_000_000;
/// Parties × topics × sessions: every cell is visited once while choosing the positions.
pub const MAX_CELLS: u64 = 2_000_000_000;

/// The name generated positions and verdicts are "recorded by": fixed, so that the content
/// does not depend on who runs the generator (the audit row names the real actor).
pub const RECORDED_BY: &str = "generator";

impl GenerateSpec {
    /// parties × topics × sessions: how many positions could exist at most.
    pub fn cells(&self) -> u64 {
        (self.parties as u64).saturating_mul(self.topics as u64).saturating_mul(self.sessions as u64)
    }

    /// Refuses a spec that cannot be generated; nothing is written before this passes.
    pub fn validate(&self) -> Result<()> {
        let between = |field: &'static str, v: usize, max: usize| {
            if v == 0 || v > max {
                Err(Error::invalid(field, format!("must be between 1 and {max}, not {v}")))
            } else {
                Ok(())
            }
        };
        between("parties", self.parties, MAX_PARTIES)?;
        between("topics", self.topics, MAX_TOPICS)?;
        between("sessions", self.sessions, MAX_SESSIONS)?;
        if self.positions > MAX_POSITIONS {
            return Err(Error::invalid("positions", format!("at most {MAX_POSITIONS}, not {}", self.positions)));
        }
        let cells = self.cells();
        if cells > MAX_CELLS {
            return Err(Error::invalid(
                "sessions",
                format!("parties × topics × sessions is {cells}; at most {MAX_CELLS} can be generated"),
            ));
        }
        if self.positions as u64 > cells {
            return Err(Error::invalid(
                "positions",
                format!(
                    "{} positions do not fit in {} parties × {} topics × {} sessions = {cells} (one per party, topic and session)",
                    self.positions, self.parties, self.topics, self.sessions
                ),
            ));
        }
        Ok(())
    }
}

/// Fills a dialogue that has no topics, parties or sessions yet with a synthetic one. Uses the
/// dialogue's bouwstenen, or creates the four default ones when it has none. All or nothing.
pub fn populate(store: &mut Store, spec: &GenerateSpec) -> Result<GenerateReport> {
    spec.validate()?;
    let c = store.counts()?;
    if c.topics + c.parties + c.sessions + c.positions + c.verdicts > 0 {
        return Err(Error::invalid(
            "store",
            "the dialogue already holds topics, parties or sessions; generate into a new dialogue",
        ));
    }
    let bouwstenen: Vec<String> = store.list_bouwstenen()?.iter().map(|b| b.id.to_string()).collect();
    let dialogue = store.dialogue()?;
    let mut g = Generator::new(spec);
    let plan = g.plan(bouwstenen);
    store.write(|tx, ctx| {
        // A bigger page cache for the load only, so the pages being filled (the tails of the
        // indexes, FTS5's segments) are not spilled to the WAL half-full and written again.
        // Put back as it was, whatever happens.
        let cache: i64 = tx.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        tx.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        let written = g.write(tx, &plan);
        tx.pragma_update(None, "cache_size", cache)?;
        let report = written?;
        // Each count with its noun, the singular for one ("1 sessie").
        let n = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let after = Dialogue {
            description: format!(
                "Synthetische dialoog (seed {}): {}, {}, {}, {}. Alle organisaties zijn fictief.",
                spec.seed,
                n(report.parties, "partij", "partijen"),
                n(report.topics, "onderwerp", "onderwerpen"),
                n(report.sessions, "sessie", "sessies"),
                n(report.positions, "standpunt", "standpunten"),
            ),
            updated_at: ctx.now,
            ..dialogue.clone()
        };
        tx.prepare("UPDATE dialogue SET description = ?2, updated_at = ?3 WHERE id = ?1")?.execute(params![
            after.id.to_string(),
            after.description,
            after.updated_at
        ])?;
        let json = |d: &Dialogue| serde_json::to_string(d).map_err(|e| Error::Internal(e.to_string()));
        tx.prepare(
            "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after)
             VALUES (?1, ?2, 'dialogue', ?3, 'update', ?4, ?5)",
        )?
        .execute(params![ctx.now, ctx.actor, after.id.to_string(), json(&dialogue)?, json(&after)?])?;
        Ok(report)
    })
}

/// The page cache during the load, in KiB (SQLite's negative `cache_size`). Measured on a
/// million positions: 2 MB (the default) 28.5 s, 16 MB 25.4 s, 256 MB no faster than 16 MB.
const BULK_CACHE_KIB: i64 = 32 * 1024;

// ---- randomness --------------------------------------------------------------------------

/// One stream of [`SplitMix64`] per part of the dialogue, with the draws the generator needs.
struct Rng(SplitMix64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(SplitMix64::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03)));
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0.below(n)
    }

    fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `[0, 1)`. Only +, −, × and rounding touch these floats, which IEEE 754
    /// defines exactly, so the stances are the same on every machine.
    fn unit(&mut self) -> f64 {
        self.0.unit()
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.index(xs.len())]
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.index(i + 1);
            xs.swap(i, j);
        }
    }
}

/// UUIDv7s with a fixed base time plus a running number of milliseconds: unique, reproducible,
/// and increasing in the order they are handed out.
struct Ids {
    rng: Rng,
    ms: u64,
}

impl Ids {
    fn next_id(&mut self) -> Uuid {
        self.ms += 1;
        let a = self.rng.next_u64().to_le_bytes();
        let b = self.rng.next_u64().to_le_bytes();
        let bytes = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1]];
        uuid::Builder::from_unix_timestamp_millis(self.ms, &bytes).into_uuid()
    }
}

// ---- the vocabulary -----------------------------------------------------------------------

use ChainRole as R;
use ProductionType as P;

/// Per chain role: name prefix, short-name prefix, share of the table, base colour, loading on
/// the producers-versus-broadcasters axis, loading on the cinema-versus-streamer axis, the
/// production types it works in and how many of them (at least, at most).
struct RoleInfo {
    role: ChainRole,
    label: &'static str,
    abbr: &'static str,
    weight: u64,
    colour: [u8; 3],
    rights: f64,
    windows: f64,
    types: &'static [ProductionType],
    types_min: usize,
    types_max: usize,
}

const ALL_TYPES: &[ProductionType] = ProductionType::ALL;

#[rustfmt::skip]
const ROLES: &[RoleInfo] = &[
    RoleInfo { role: R::Producer, label: "Producent", abbr: "PRO", weight: 30, colour: [0x00, 0x72, 0xb2], rights: 1.0, windows: 0.3, types: ALL_TYPES, types_min: 1, types_max: 3 },
    RoleInfo { role: R::Maker, label: "Makerscollectief", abbr: "MAK", weight: 22, colour: [0x00, 0x9e, 0x73], rights: 0.9, windows: 0.2, types: ALL_TYPES, types_min: 1, types_max: 2 },
    RoleInfo { role: R::PublicBroadcaster, label: "Publieke omroep", abbr: "POM", weight: 6, colour: [0xd5, 0x5e, 0x00], rights: -1.0, windows: -0.1, types: &[P::Series, P::Documentary, P::Animation], types_min: 2, types_max: 3 },
    RoleInfo { role: R::CommercialBroadcaster, label: "Commerciële zender", abbr: "CZE", weight: 4, colour: [0xe6, 0x9f, 0x00], rights: -0.9, windows: -0.4, types: &[P::Series, P::FeatureFilm], types_min: 1, types_max: 2 },
    RoleInfo { role: R::Streamer, label: "Streamingdienst", abbr: "STR", weight: 5, colour: [0xcc, 0x79, 0xa7], rights: -0.6, windows: -1.0, types: &[P::Series, P::FeatureFilm, P::Documentary], types_min: 2, types_max: 3 },
    RoleInfo { role: R::Distributor, label: "Distributeur", abbr: "DIS", weight: 7, colour: [0x56, 0xb4, 0xe9], rights: 0.3, windows: 0.9, types: &[P::FeatureFilm, P::Documentary, P::Animation], types_min: 1, types_max: 2 },
    RoleInfo { role: R::Cinema, label: "Bioscoop", abbr: "BIO", weight: 8, colour: [0x66, 0x66, 0x66], rights: 0.0, windows: 1.0, types: &[P::FeatureFilm, P::Documentary, P::Animation], types_min: 1, types_max: 3 },
    RoleInfo { role: R::Fund, label: "Fonds", abbr: "FON", weight: 4, colour: [0x33, 0x22, 0x88], rights: 0.2, windows: 0.0, types: ALL_TYPES, types_min: 2, types_max: 4 },
    RoleInfo { role: R::Festival, label: "Festival", abbr: "FES", weight: 4, colour: [0x88, 0x22, 0x55], rights: 0.2, windows: 0.4, types: &[P::FeatureFilm, P::Documentary, P::InnovativeMedia], types_min: 1, types_max: 2 },
    RoleInfo { role: R::Training, label: "Opleiding", abbr: "OPL", weight: 3, colour: [0x11, 0x77, 0x33], rights: 0.3, windows: 0.0, types: ALL_TYPES, types_min: 0, types_max: 1 },
    RoleInfo { role: R::Development, label: "Ontwikkellab", abbr: "ONT", weight: 3, colour: [0x44, 0xaa, 0x99], rights: 0.5, windows: 0.0, types: &[P::InnovativeMedia, P::Series, P::Animation], types_min: 1, types_max: 2 },
    RoleInfo { role: R::CableOperator, label: "Kabelaanbieder", abbr: "KAB", weight: 2, colour: [0x99, 0x99, 0x33], rights: -0.3, windows: -0.6, types: &[P::Series], types_min: 0, types_max: 1 },
    RoleInfo { role: R::Government, label: "Overheidsdienst", abbr: "OHD", weight: 2, colour: [0x88, 0xcc, 0xee], rights: 0.0, windows: 0.0, types: ALL_TYPES, types_min: 0, types_max: 0 },
    RoleInfo { role: R::Other, label: "Belangenorganisatie", abbr: "BEL", weight: 3, colour: [0x77, 0x77, 0x77], rights: 0.0, windows: 0.0, types: ALL_TYPES, types_min: 0, types_max: 2 },
];

const SUBJECTS: &[&str] = &[
    "ontwikkelbudget",
    "rechtenverdeling",
    "talentontwikkeling",
    "crewcapaciteit",
    "exploitatievensters",
    "vindbaarheid op platforms",
    "ondertiteling en toegankelijkheid",
    "duurzaam produceren",
    "internationale coproductie",
    "festivalpromotie",
    "regionale filmtheaters",
    "kijk- en bezoekcijfers",
    "beloningsrichtlijnen",
    "de investeringsverplichting",
    "auteursrechtvergoedingen",
    "scenario-ontwikkeling",
    "animatieproductie",
    "documentairefinanciering",
    "internationale verkoop",
    "archiefontsluiting",
    "diversiteit en inclusie",
    "stageplaatsen",
    "productiebudgetten",
    "pitchtrajecten",
    "contractvoorwaarden",
    "beslistermijnen",
    "jeugdproducties",
    "digitale distributie",
    "marketingbudgetten",
    "publieksonderzoek",
    "werkdruk op de set",
    "sociale veiligheid",
    "opdrachtverlening door omroepen",
    "de terugkeer van rechten",
    "matchingsregelingen",
    "productie-incentives",
    "innovatieve mediaformats",
    "filmeducatie",
    "nieuwe verdienmodellen",
    "data-uitwisseling in de keten",
    "gezamenlijke marketing",
    "kennisdeling",
    "coproductie met omroepen",
    "wereldrechten",
    "catalogusopbouw",
    "premieregelingen",
];

const TITLES_BOTTLENECK: &[&str] =
    &["Tekort aan ", "Versnippering van ", "Onzekerheid over ", "Te weinig ruimte voor ", "Druk op "];
const TITLES_PRECONDITION: &[&str] = &[
    "Heldere afspraken over ",
    "Eerlijke verdeling bij ",
    "Transparantie over ",
    "Stabiele financiering van ",
    "Gedeelde normen voor ",
];
const TITLES_SOLUTION: &[&str] = &[
    "Sectorbrede regeling voor ",
    "Gezamenlijk fonds voor ",
    "Standaardcontract voor ",
    "Pilot rond ",
    "Kenniscentrum voor ",
];
const TITLES_AMBITION: &[&str] =
    &["Meer ruimte voor ", "Internationale zichtbaarheid via ", "Duurzame groei van ", "Een sterke positie voor "];
const TITLE_SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    " in de regio",
    " bij series",
    " bij documentaires",
    " voor animatie",
    " bij speelfilms",
    " voor jong talent",
    " op lange termijn",
    " in de hele keten",
];

/// Reasons to support a topic; `{x}` is its subject. Main-clause word order: they follow
/// "…, want" or a colon.
const REASONS_FOR: &[&str] = &[
    "de regeling rond {x} schiet nu tekort",
    "zonder afspraken over {x} blijft de keten kwetsbaar",
    "de lasten van {x} liggen nu eenzijdig bij ons",
    "het publiek vraagt om meer Nederlandse verhalen",
    "de financiering staat al jaren onder druk",
    "kleine partijen hebben nauwelijks onderhandelingsruimte",
    "internationale coproducties worden zo eenvoudiger",
    "dit sluit aan bij de afspraken uit het sectorplan",
    "de rendabiliteit van producties hangt mede af van {x}",
    "onze leden merken dagelijks de gevolgen van {x}",
    "de concurrentie uit het buitenland neemt toe",
    "wie investeert, moet ook kunnen meedelen in het succes",
    "het huidige systeem beloont de korte termijn boven kwaliteit",
];

/// Reasons to oppose a topic, or to hold back.
const REASONS_AGAINST: &[&str] = &[
    "de voorgestelde aanpak van {x} is te vrijblijvend",
    "wij missen een onderbouwing met cijfers over {x}",
    "de administratieve lasten nemen verder toe",
    "dit raakt direct aan ons verdienmodel",
    "er is te weinig zicht op wat {x} werkelijk kost",
    "de rekening komt zo vooral bij ons te liggen",
    "het bestaande stelsel rond {x} werkt voor onze leden goed",
    "dit beperkt onze vrijheid om te programmeren",
];

/// Openers by stance: −2, −1, 0, +1, +2, and "no position".
const OPENERS: [&[&str]; 6] = [
    &[
        "Wij zijn hier principieel tegen",
        "Dit is voor onze achterban onaanvaardbaar",
        "Wij wijzen dit voorstel af",
        "Dit gaat ten koste van onze positie",
    ],
    &[
        "Wij hebben ernstige bedenkingen",
        "Liever niet in deze vorm",
        "Wij zijn terughoudend",
        "Wij zien meer nadelen dan voordelen",
    ],
    &[
        "Wij zien voor- en nadelen",
        "Hierover zijn onze leden verdeeld",
        "Wij wachten de uitwerking af",
        "Wij stellen ons neutraal op",
    ],
    &[
        "Wij steunen de richting",
        "In principe positief",
        "Een stap in de goede richting",
        "Wij kunnen hier in grote lijnen mee instemmen",
    ],
    &[
        "Wij steunen dit van harte",
        "Voor onze leden is dit essentieel",
        "Hier pleiten wij al jaren voor",
        "Volmondig ja",
    ],
    &[
        "Nog geen standpunt",
        "Wij raadplegen eerst onze achterban",
        "Hier gaan wij niet direct over",
        "Geen standpunt ingenomen in deze sessie",
    ],
];

const CONNECTORS: &[&str] = &[", want ", ": ", " — "];

const EXTRAS: &[&str] = &[
    "Graag verder uitwerken in de werkgroep.",
    "Wij leveren hiervoor cijfers aan.",
    "Zie ook onze schriftelijke reactie.",
    "Dit vraagt om een gezamenlijke aanpak van alle schakels.",
    "Het risico ligt nu vooral bij de producent.",
    "De omroepen moeten hierin meebewegen.",
    "Wij willen eerst de evaluatie van de huidige regeling zien.",
    "Vergelijk de aanpak in Vlaanderen en Denemarken.",
    "Dit punt komt terug in de volgende bijeenkomst.",
    "Onze achterban is hierover eensgezind.",
    "Het gaat uiteindelijk om de kijker en de bezoeker.",
    "Zonder structurele middelen blijft dit een papieren afspraak.",
];

const MOVED: &[&str] = &[
    "Na het overleg in de werkgroep zijn wij bijgedraaid.",
    "Ons standpunt is bijgesteld na overleg met de achterban.",
    "Sinds de vorige bijeenkomst zien wij dit anders.",
];

const CONDITIONS: &[&str] = &[
    "de financiering structureel is",
    "de rechten na vijf jaar terugkeren",
    "de bijdrage naar rato van omzet wordt verdeeld",
    "er na twee jaar een evaluatie komt",
    "de administratieve lasten niet toenemen",
    "alle schakels in de keten meebetalen",
    "de omroep een eerste venster behoudt",
    "kleine producenten worden ontzien",
    "er ruimte blijft voor maatwerk per productietype",
    "de afspraken over {x} bindend worden",
];

const QUOTES: &[&str] = &[
    "“{x} is geen luxe maar noodzaak.”",
    "“Wij willen niet langer aan de zijlijn staan.”",
    "“Dit moet de hele keten samen dragen.”",
    "“Zonder afspraken over {x} geen toekomst voor het vak.”",
];

const WG_LOCATIONS: &[&str] = &["Den Haag", "Utrecht", "Amsterdam", "Hilversum", "Rotterdam", "Online"];
const BILATERAL_LOCATIONS: &[&str] = &["Online", "Utrecht", "Hilversum"];

/// Appends `template` with `{x}` replaced by `subject`.
fn push_with(buf: &mut String, template: &str, subject: &str) {
    match template.split_once("{x}") {
        Some((a, b)) => {
            buf.push_str(a);
            buf.push_str(subject);
            buf.push_str(b);
        }
        None => buf.push_str(template),
    }
}

/// Upper-cases the first letter of what was appended from `from` on.
fn capitalise_from(buf: &mut String, from: usize) {
    if let Some(c) = buf[from..].chars().next()
        && c.is_lowercase()
    {
        let upper: String = c.to_uppercase().collect();
        buf.replace_range(from..from + c.len_utf8(), &upper);
    }
}

// ---- the plan: everything but the positions ------------------------------------------------

/// How the parties line up on a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    /// Broad support from everyone.
    Consensus,
    /// Producers and makers for, broadcasters (and streamers) against.
    Rights,
    /// Cinemas and distributors for, streamers and cable against.
    Windows,
    /// Not much of a position yet from anyone.
    Open,
}

struct TopicPlan {
    id: String,
    bouwsteen: usize,
    code: String,
    kind: TopicKind,
    title: String,
    description: String,
    priority: i64,
    types: Vec<ProductionType>,
    subject: &'static str,
    axis: Axis,
    tension: f64,
    support: f64,
}

struct PartyPlan {
    id: String,
    name: String,
    short_name: String,
    role: usize,
    segment: &'static str,
    types: Vec<ProductionType>,
    colour: String,
    bias: f64,
}

struct SessionPlan {
    id: String,
    title: String,
    kind: SessionKind,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    location: &'static str,
    notes: String,
    attendees: Vec<usize>,
}

struct Plan {
    /// Ids of the bouwstenen the topics go in; `new_bouwstenen` of them are to be created.
    bouwstenen: Vec<String>,
    new_bouwstenen: bool,
    parties: Vec<PartyPlan>,
    topics: Vec<TopicPlan>,
    sessions: Vec<SessionPlan>,
    /// `[p * sessions + s]`: party p attends session s.
    attends: Vec<bool>,
    /// Bit `t * sessions + s`: topic t is on the agenda of session s.
    agenda: Vec<u64>,
    /// Cells where an attendee meets an agenda topic: most positions are chosen from these.
    preferred_cells: u64,
    created_at: DateTime<Utc>,
}

impl Plan {
    fn on_agenda(&self, t: usize, s: usize) -> bool {
        let bit = t * self.sessions.len() + s;
        self.agenda[bit / 64] >> (bit % 64) & 1 == 1
    }
}

/// Sainte-Laguë: hands out `n` seats over `weights` one at a time, so every prefix of the
/// sequence is itself in proportion and the small groups get their first seat early.
fn apportion(weights: &[u64], n: usize) -> Vec<usize> {
    let mut seats = vec![0u64; weights.len()];
    let mut order = Vec::with_capacity(n);
    for _ in 0..n {
        let mut best = 0;
        for i in 1..weights.len() {
            // weights[i] / (2 seats[i] + 1) > weights[best] / (2 seats[best] + 1), in integers.
            if weights[i] * (2 * seats[best] + 1) > weights[best] * (2 * seats[i] + 1) {
                best = i;
            }
        }
        seats[best] += 1;
        order.push(best);
    }
    order
}

/// 10:00 (or `hour`) in Amsterdam on `day`, in UTC: summer time runs from the last Sunday of
/// March to the last Sunday of October.
fn amsterdam(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let last_sunday = |month| {
        let last = NaiveDate::from_ymd_opt(day.year(), month, 31).unwrap_or(day);
        last - Duration::days(i64::from(last.weekday().num_days_from_sunday()))
    };
    let offset = if day >= last_sunday(3) && day < last_sunday(10) { 2 } else { 1 };
    let naive = day.and_hms_opt(hour - offset, 0, 0).unwrap_or_default();
    Utc.from_utc_datetime(&naive)
}

/// The first session's day, a Tuesday; the dialogue runs about two years from it.
const FIRST_DAY: (i32, u32, u32) = (2023, 1, 17);
const SPAN_DAYS: i64 = 700;

struct Generator {
    spec: GenerateSpec,
    rng: Rng,
    ids: Ids,
}

impl Generator {
    fn new(spec: &GenerateSpec) -> Generator {
        let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).unwrap_or_default();
        let base = amsterdam(first - Duration::days(14), 10).timestamp_millis() as u64;
        Generator { spec: *spec, rng: Rng::new(spec.seed, 1), ids: Ids { rng: Rng::new(spec.seed, 2), ms: base } }
    }

    fn id(&mut self) -> String {
        self.ids.next_id().to_string()
    }

    fn plan(&mut self, existing_bouwstenen: Vec<String>) -> Plan {
        let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).unwrap_or_default();
        let created_at = amsterdam(first - Duration::days(14), 10);
        let new_bouwstenen = existing_bouwstenen.is_empty();
        let bouwstenen = if new_bouwstenen {
            (0..crate::demo::BOUWSTENEN.len()).map(|_| self.id()).collect()
        } else {
            existing_bouwstenen
        };
        let parties = self.plan_parties();
        let topics = self.plan_topics(bouwstenen.len());
        let sessions = self.plan_sessions(&parties, first);
        let mut plan = Plan {
            bouwstenen,
            new_bouwstenen,
            parties,
            topics,
            sessions,
            attends: Vec::new(),
            agenda: Vec::new(),
            preferred_cells: 0,
            created_at,
        };
        self.plan_agendas(&mut plan);
        plan
    }

    fn plan_parties(&mut self) -> Vec<PartyPlan> {
        let weights: Vec<u64> = ROLES.iter().map(|r| r.weight).collect();
        let mut numbers = vec![0usize; ROLES.len()];
        let mut out = Vec::with_capacity(self.spec.parties);
        for role in apportion(&weights, self.spec.parties) {
            let info = &ROLES[role];
            numbers[role] += 1;
            let n = numbers[role];
            let mut pool = info.types.to_vec();
            self.rng.shuffle(&mut pool);
            let k = info.types_min + self.rng.index(info.types_max - info.types_min + 1);
            let mut types: Vec<_> = pool.into_iter().take(k).collect();
            types.sort();
            let jitter = |rng: &mut Rng, c: u8| (i64::from(c) + rng.below(49) as i64 - 24).clamp(0, 255);
            let [r, g, b] = info.colour;
            let colour = format!(
                "#{:02x}{:02x}{:02x}",
                jitter(&mut self.rng, r),
                jitter(&mut self.rng, g),
                jitter(&mut self.rng, b)
            );
            let leaning = match info.role {
                R::Producer | R::Maker | R::Development | R::Training => Some(0),
                R::PublicBroadcaster | R::CommercialBroadcaster | R::Streamer | R::CableOperator => Some(1),
                R::Cinema | R::Distributor | R::Festival => Some(2),
                _ => None,
            };
            let segment = if self.rng.chance(0.35) {
                ""
            } else {
                let caucus = match leaning {
                    Some(c) if self.rng.chance(0.7) => c,
                    _ => self.rng.index(3),
                };
                ["caucus A", "caucus B", "caucus C"][caucus]
            };
            out.push(PartyPlan {
                id: self.id(),
                name: format!("{} {n:03}", info.label),
                short_name: format!("{}{n:03}", info.abbr),
                role,
                segment,
                types,
                colour,
                bias: self.rng.range(-0.35, 0.35),
            });
        }
        out
    }

    fn plan_topics(&mut self, bouwstenen: usize) -> Vec<TopicPlan> {
        let weights: Vec<u64> = (0..bouwstenen).map(|b| if b < 2 { 3 } else { 2 }).collect();
        let mut per_bouwsteen = vec![0usize; bouwstenen];
        for b in apportion(&weights, self.spec.topics) {
            per_bouwsteen[b] += 1;
        }
        // Axes in blocks of ten, shuffled: four consensus, three rights, two windows, one open.
        let mut axes = Vec::with_capacity(self.spec.topics + 10);
        while axes.len() < self.spec.topics {
            let mut block = [
                Axis::Consensus,
                Axis::Consensus,
                Axis::Consensus,
                Axis::Consensus,
                Axis::Rights,
                Axis::Rights,
                Axis::Rights,
                Axis::Windows,
                Axis::Windows,
                Axis::Open,
            ];
            self.rng.shuffle(&mut block);
            axes.extend(block);
        }
        const FIRST_KINDS: [TopicKind; 4] =
            [TopicKind::Ambition, TopicKind::Bottleneck, TopicKind::SolutionDirection, TopicKind::Precondition];
        let mut out = Vec::with_capacity(self.spec.topics);
        for (b, &count) in per_bouwsteen.iter().enumerate() {
            for j in 0..count {
                let g = out.len();
                let kind = if g < FIRST_KINDS.len() {
                    FIRST_KINDS[g]
                } else if j == 0 {
                    TopicKind::Ambition
                } else {
                    match self.rng.below(20) {
                        0..=5 => TopicKind::Bottleneck,
                        6..=12 => TopicKind::SolutionDirection,
                        13..=16 => TopicKind::Precondition,
                        _ => TopicKind::Ambition,
                    }
                };
                let subject = self.rng.pick(SUBJECTS);
                let prefix = self.rng.pick(match kind {
                    TopicKind::Bottleneck => TITLES_BOTTLENECK,
                    TopicKind::Precondition => TITLES_PRECONDITION,
                    TopicKind::SolutionDirection => TITLES_SOLUTION,
                    TopicKind::Ambition => TITLES_AMBITION,
                });
                let title = format!("{prefix}{subject}{}", self.rng.pick(TITLE_SUFFIXES));
                let mut description = String::new();
                if self.rng.chance(0.5) {
                    description.push_str("Uit de inventarisatie: ");
                    let from = description.len();
                    push_with(&mut description, self.rng.pick(REASONS_FOR), subject);
                    capitalise_from(&mut description, from);
                    description.push('.');
                }
                let priority = match self.rng.below(4) {
                    0 => 1,
                    3 => 3,
                    _ => 2,
                };
                let mut types = Vec::new();
                if self.rng.chance(0.4) {
                    let mut pool = ALL_TYPES.to_vec();
                    self.rng.shuffle(&mut pool);
                    types = pool.into_iter().take(1 + self.rng.index(2)).collect();
                    types.sort();
                }
                let axis = axes[g];
                let (tension, support) = match axis {
                    Axis::Consensus => (self.rng.range(0.0, 0.25), self.rng.range(0.9, 1.6)),
                    Axis::Rights => (self.rng.range(0.55, 1.0), self.rng.range(-0.1, 0.5)),
                    Axis::Windows => (self.rng.range(0.5, 0.9), self.rng.range(-0.2, 0.4)),
                    Axis::Open => (self.rng.range(0.1, 0.4), self.rng.range(-0.3, 0.3)),
                };
                out.push(TopicPlan {
                    id: self.id(),
                    bouwsteen: b,
                    code: format!("{}.{}", b + 1, j + 1),
                    kind,
                    title,
                    description,
                    priority,
                    types,
                    subject,
                    axis,
                    tension,
                    support,
                });
            }
        }
        out
    }

    fn plan_sessions(&mut self, parties: &[PartyPlan], first: NaiveDate) -> Vec<SessionPlan> {
        let n = self.spec.sessions;
        let mut out: Vec<SessionPlan> = Vec::with_capacity(n);
        let (mut working, mut nff) = (0, 0);
        let mut everyone: Vec<usize> = (0..parties.len()).collect();
        let mut nff_year = None;
        for i in 0..n {
            let spread = if n > 1 { i as i64 * SPAN_DAYS / (n as i64 - 1) } else { 0 };
            let mut day = first + Duration::days(spread + self.rng.below(7) as i64 - 3);
            // No meetings at weekends or over Christmas and New Year.
            let off = |d: NaiveDate| {
                d.weekday().num_days_from_monday() >= 5
                    || (d.month() == 12 && d.day() >= 24)
                    || (d.month() == 1 && d.day() <= 2)
            };
            while off(day) {
                day += Duration::days(1);
            }
            // The first session in the weeks of the Nederlands Film Festival (late September,
            // early October) is the yearly NFF session; a few others are bilateral talks.
            let festival = (day.month() == 9 && day.day() >= 15) || (day.month() == 10 && day.day() <= 15);
            let kind = if festival && nff_year != Some(day.year()) {
                nff_year = Some(day.year());
                SessionKind::Nff
            } else if matches!(i % 10, 3 | 8) {
                SessionKind::Bilateral
            } else {
                SessionKind::WorkingGroup
            };
            let (hour, hours) = match kind {
                SessionKind::WorkingGroup => (10, 3),
                SessionKind::Bilateral => (14, 1),
                SessionKind::Nff => (15, 2),
            };
            let mut starts_at = amsterdam(day, hour);
            // Strictly later than the one before, so the calendar order is the id order.
            if let Some(prev) = out.last()
                && starts_at <= prev.starts_at
            {
                starts_at = prev.ends_at + Duration::hours(1);
            }
            let ends_at = starts_at + Duration::hours(hours);
            let size = match kind {
                SessionKind::WorkingGroup => (parties.len() as f64 * self.rng.range(0.7, 0.95)).round() as usize,
                SessionKind::Nff => (parties.len() as f64 * self.rng.range(0.4, 0.7)).round() as usize,
                SessionKind::Bilateral => 2 + self.rng.index(2),
            }
            .clamp(1, parties.len());
            // A partial Fisher–Yates shuffle picks the attendees.
            for k in 0..size {
                let j = k + self.rng.index(everyone.len() - k);
                everyone.swap(k, j);
            }
            let mut attendees = everyone[..size].to_vec();
            attendees.sort_unstable();
            let (title, location, notes) = match kind {
                SessionKind::WorkingGroup => {
                    working += 1;
                    (
                        format!("Werkgroep sectorplan — bijeenkomst {working}"),
                        self.rng.pick(WG_LOCATIONS),
                        String::new(),
                    )
                }
                SessionKind::Nff => {
                    nff += 1;
                    (
                        format!("NFF Professionals — sectorsessie {nff}"),
                        "Utrecht, Nederlands Film Festival",
                        "Welke prioriteiten? Wie pakt het op? Wat is er nodig?".to_owned(),
                    )
                }
                SessionKind::Bilateral => {
                    let names: Vec<&str> = attendees.iter().map(|&p| parties[p].short_name.as_str()).collect();
                    let who = match names.split_last() {
                        Some((last, rest)) if !rest.is_empty() => format!("{} en {last}", rest.join(", ")),
                        _ => names.concat(),
                    };
                    (format!("Bilateraal overleg {who}"), self.rng.pick(BILATERAL_LOCATIONS), String::new())
                }
            };
            out.push(SessionPlan { id: String::new(), title, kind, starts_at, ends_at, location, notes, attendees });
        }
        for s in &mut out {
            s.id = self.ids.next_id().to_string();
        }
        out
    }

    /// Chooses each session's agenda so that attendees meeting agenda topics give about a
    /// quarter more cells than positions are wanted: most positions then come from people at
    /// the table on topics under discussion, and a topic comes back in several sessions.
    fn plan_agendas(&mut self, plan: &mut Plan) {
        let (np, nt, ns) = (plan.parties.len(), plan.topics.len(), plan.sessions.len());
        let factor = |k: SessionKind| match k {
            SessionKind::WorkingGroup => 1.0,
            SessionKind::Nff => 0.5,
            SessionKind::Bilateral => 0.15,
        };
        let weighted: f64 = plan.sessions.iter().map(|s| s.attendees.len() as f64 * factor(s.kind)).sum();
        let share = (1.25 * self.spec.positions as f64 / (nt as f64 * weighted)).min(1.0);
        plan.attends = vec![false; np * ns];
        plan.agenda = vec![0u64; (nt * ns).div_ceil(64)];
        let mut order: Vec<usize> = (0..nt).collect();
        for (s, session) in plan.sessions.iter_mut().enumerate() {
            for &p in &session.attendees {
                plan.attends[p * ns + s] = true;
            }
            let k = ((share * factor(session.kind) * nt as f64).round() as usize).clamp(1, nt);
            for i in 0..k {
                let j = i + self.rng.index(nt - i);
                order.swap(i, j);
                let bit = order[i] * ns + s;
                plan.agenda[bit / 64] |= 1 << (bit % 64);
            }
            plan.preferred_cells += (k * session.attendees.len()) as u64;
            if session.kind == SessionKind::WorkingGroup {
                session.notes = format!("Agenda: {k} onderwerpen, {} partijen aanwezig.", session.attendees.len());
            }
        }
    }

    // ---- writing -------------------------------------------------------------------------

    fn write(&mut self, tx: &Connection, plan: &Plan) -> Result<GenerateReport> {
        let mut report = GenerateReport::default();
        let at = plan.created_at;
        if plan.new_bouwstenen {
            let mut ins = tx.prepare(
                "INSERT INTO bouwstenen (id, position, name, description, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?;
            for (i, (id, (name, description))) in plan.bouwstenen.iter().zip(crate::demo::BOUWSTENEN).enumerate() {
                ins.execute(params![id, i as i64 + 1, name, description, at])?;
                report.bouwstenen_created += 1;
            }
        }
        {
            let mut ins = tx.prepare(
                "INSERT INTO parties (id, name, short_name, chain_role, colour, notes, created_at, updated_at, segment)
                 VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?6, ?7)",
            )?;
            let mut types =
                tx.prepare("INSERT INTO party_production_types (party_id, production_type) VALUES (?1, ?2)")?;
            for p in &plan.parties {
                ins.execute(params![p.id, p.name, p.short_name, ROLES[p.role].role, p.colour, at, p.segment])?;
                for t in &p.types {
                    types.execute(params![p.id, t])?;
                }
                report.parties += 1;
            }
        }
        {
            let mut ins = tx.prepare(
                "INSERT INTO topics (id, bouwsteen_id, code, kind, title, description, priority, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?;
            let mut types =
                tx.prepare("INSERT INTO topic_production_types (topic_id, production_type) VALUES (?1, ?2)")?;
            for t in &plan.topics {
                ins.execute(params![
                    t.id,
                    plan.bouwstenen[t.bouwsteen],
                    t.code,
                    t.kind,
                    t.title,
                    t.description,
                    t.priority,
                    at
                ])?;
                for pt in &t.types {
                    types.execute(params![t.id, pt])?;
                }
                report.topics += 1;
            }
        }
        {
            let mut ins = tx.prepare(
                "INSERT INTO sessions (id, title, kind, starts_at, ends_at, location, notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?;
            let mut att = tx.prepare("INSERT INTO session_attendees (session_id, party_id) VALUES (?1, ?2)")?;
            for s in &plan.sessions {
                ins.execute(params![s.id, s.title, s.kind, s.starts_at, s.ends_at, s.location, s.notes, at])?;
                for &p in &s.attendees {
                    att.execute(params![s.id, plan.parties[p].id])?;
                    report.attendees += 1;
                }
                report.sessions += 1;
            }
        }
        let last_session = self.write_positions(tx, plan, &mut report)?;
        self.write_verdicts(tx, plan, &last_session, &mut report)?;
        Ok(report)
    }

    /// Chooses exactly `spec.positions` cells and writes a position in each. Returns, per
    /// topic, the last session with a position on it.
    fn write_positions(
        &mut self,
        tx: &Connection,
        plan: &Plan,
        report: &mut GenerateReport,
    ) -> Result<Vec<Option<usize>>> {
        let (np, nt, ns) = (plan.parties.len(), plan.topics.len(), plan.sessions.len());
        let wanted = self.spec.positions as u64;
        let cells = (np * nt * ns) as u64;
        // Selection sampling (Knuth's algorithm S) in two tiers: first the preferred cells,
        // then, if those are too few, the rest (written input from parties not at the table).
        let preferred = wanted.min(plan.preferred_cells);
        let mut tiers = [
            Tier { need: preferred, left: plan.preferred_cells },
            Tier { need: wanted - preferred, left: cells - plan.preferred_cells },
        ];
        let mut last_session = vec![None; nt];
        let mut stage = Stage::new(tx)?;
        let mut rationale = String::with_capacity(256);
        let mut condition = String::with_capacity(128);
        let mut quote = String::with_capacity(128);
        let mut id_buf = [0u8; 36];
        let rng = &mut self.rng;
        'topics: for (t, topic) in plan.topics.iter().enumerate() {
            for (p, party) in plan.parties.iter().enumerate() {
                if tiers[0].need == 0 && tiers[1].need == 0 {
                    break 'topics;
                }
                let role = &ROLES[party.role];
                // What this party thinks of this topic, before the session's own noise.
                let loading = match topic.axis {
                    Axis::Consensus => {
                        if matches!(role.role, R::Producer | R::Maker) {
                            0.5
                        } else {
                            0.25
                        }
                    }
                    Axis::Rights => role.rights,
                    Axis::Windows => role.windows,
                    Axis::Open => 0.0,
                };
                let base = topic.support + 2.2 * topic.tension * loading + party.bias + rng.range(-0.6, 0.6);
                let move_chance = match topic.axis {
                    Axis::Consensus => 0.06,
                    Axis::Rights | Axis::Windows => 0.15,
                    Axis::Open => 0.10,
                };
                let (move_at, shift) = if ns > 1 && rng.chance(move_chance) {
                    let at = 1 + rng.index(ns - 1);
                    let shift = if base < 0.0 {
                        rng.range(1.0, 2.5)
                    } else if base > 1.2 {
                        -rng.range(0.8, 1.5)
                    } else if rng.chance(0.5) {
                        1.0
                    } else {
                        -1.0
                    };
                    (at, shift)
                } else {
                    (usize::MAX, 0.0)
                };
                let mut no_position = 0.03;
                if topic.axis == Axis::Open {
                    no_position += 0.25;
                }
                if loading.abs() < 0.15 {
                    no_position += 0.10;
                }
                if matches!(role.role, R::Government | R::Other) {
                    no_position += 0.08;
                }
                for (s, session) in plan.sessions.iter().enumerate() {
                    let tier = if plan.attends[p * ns + s] && plan.on_agenda(t, s) { 0 } else { 1 };
                    if !tiers[tier].take(rng) {
                        continue;
                    }
                    let moved = s >= move_at;
                    let stance = if rng.chance(no_position) {
                        None
                    } else {
                        let x = base + rng.range(-0.2, 0.2) + if moved { shift } else { 0.0 };
                        Some(x.round().clamp(-2.0, 2.0) as i8)
                    };
                    let subject = topic.subject;
                    rationale.clear();
                    condition.clear();
                    quote.clear();
                    let write_text = match stance {
                        None => rng.chance(0.6),
                        Some(_) => !rng.chance(0.05),
                    };
                    if write_text {
                        let opener = OPENERS[stance.map_or(5, |v| (v + 2) as usize)];
                        rationale.push_str(rng.pick(opener));
                        rationale.push_str(rng.pick(CONNECTORS));
                        let reasons = match stance {
                            Some(v) if v > 0 => REASONS_FOR,
                            Some(v) if v < 0 => REASONS_AGAINST,
                            _ if rng.chance(0.5) => REASONS_FOR,
                            _ => REASONS_AGAINST,
                        };
                        push_with(&mut rationale, rng.pick(reasons), subject);
                        rationale.push('.');
                        if moved && stance.is_some() && rng.chance(0.6) {
                            rationale.push(' ');
                            rationale.push_str(rng.pick(MOVED));
                        }
                        // Mostly short, sometimes a paragraph: 40 to 250 characters. Extra
                        // sentences are taken in turn from a random start, so none repeats.
                        let u = rng.unit();
                        let target = 40 + (210.0 * u * u) as usize;
                        let first = rng.index(EXTRAS.len());
                        for extra in EXTRAS.iter().cycle().skip(first).take(EXTRAS.len()) {
                            let short = rationale.chars().count() < 40;
                            if !short && (rationale.len() >= target || rationale.len() + 1 + extra.len() > 250) {
                                break;
                            }
                            rationale.push(' ');
                            rationale.push_str(extra);
                        }
                    }
                    let condition_chance = match stance {
                        Some(1) => 0.25,
                        Some(0) => 0.12,
                        Some(2) => 0.04,
                        Some(-1) => 0.06,
                        _ => 0.0,
                    };
                    if rng.chance(condition_chance) {
                        condition.push_str("mits ");
                        push_with(&mut condition, rng.pick(CONDITIONS), subject);
                        report.with_condition += 1;
                    }
                    if stance.is_some() && rng.chance(0.015) {
                        let from = quote.len();
                        push_with(&mut quote, rng.pick(QUOTES), subject);
                        // After the opening quote mark.
                        capitalise_from(&mut quote, from + '“'.len_utf8());
                    }
                    let secs = (session.ends_at - session.starts_at).num_seconds().max(1) as u64;
                    let recorded_at = session.starts_at + Duration::seconds(rng.below(secs) as i64);
                    let id = self.ids.next_id();
                    let id = id.hyphenated().encode_lower(&mut id_buf);
                    stage.push(params![
                        &*id,
                        topic.id,
                        party.id,
                        session.id,
                        stance,
                        rationale,
                        condition,
                        quote,
                        recorded_at
                    ])?;
                    report.positions += 1;
                    if stance.is_none() {
                        report.no_position += 1;
                    }
                    last_session[t] = last_session[t].max(Some(s));
                }
            }
        }
        stage.finish()?;
        if report.positions as u64 != wanted {
            return Err(Error::Internal(format!("generated {} positions, not {wanted}", report.positions)));
        }
        Ok(last_session)
    }

    /// The facilitator's marking on about a fifth of the discussed topics, a day after the
    /// last session that discussed them.
    fn write_verdicts(
        &mut self,
        tx: &Connection,
        plan: &Plan,
        last_session: &[Option<usize>],
        report: &mut GenerateReport,
    ) -> Result<()> {
        let mut ins = tx.prepare(
            "INSERT INTO topic_verdicts (topic_id, marking, note, marked_by, marked_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (topic, last) in plan.topics.iter().zip(last_session) {
            let Some(s) = *last else { continue };
            if !self.rng.chance(0.2) {
                continue;
            }
            let (marking, note) = match topic.axis {
                Axis::Consensus if topic.tension < 0.15 => {
                    (Marking::Consensus, "Brede steun in de werkgroep voor {x}.")
                }
                Axis::Consensus => {
                    (Marking::ConsensusWithReservations, "Steun voor {x}, met voorbehouden van enkele partijen.")
                }
                Axis::Rights if self.rng.chance(0.7) => {
                    (Marking::Divergence, "Producenten en omroepen staan tegenover elkaar over {x}.")
                }
                Axis::Windows if self.rng.chance(0.7) => {
                    (Marking::Divergence, "Bioscopen en streamers verschillen van mening over {x}.")
                }
                Axis::Rights | Axis::Windows => (
                    Marking::ConsensusWithReservations,
                    "Toenadering over {x}, maar nog geen akkoord over de uitwerking.",
                ),
                Axis::Open => (Marking::Open, "Nog onvoldoende besproken; terug op de agenda."),
            };
            let mut text = String::new();
            push_with(&mut text, note, topic.subject);
            capitalise_from(&mut text, 0);
            let marked_at = plan.sessions[s].ends_at + Duration::days(1);
            ins.execute(params![topic.id, marking, text, RECORDED_BY, marked_at])?;
            report.verdicts += 1;
        }
        Ok(())
    }
}

/// Positions go into `positions` in batches through a temporary table: one INSERT … SELECT
/// per batch instead of one INSERT per row, and one more that queues the batch for the search
/// index (the store indexes the queue in bulk). Written without audit entries: a generated
/// dialogue has no history.
struct Stage<'c> {
    tx: &'c Connection,
    insert: rusqlite::Statement<'c>,
    rows: usize,
}

/// Rows per batch: large enough to amortise each statement, small enough to stay a few MB.
const STAGE_ROWS: usize = 20_000;

impl<'c> Stage<'c> {
    fn new(tx: &'c Connection) -> Result<Stage<'c>> {
        tx.execute_batch(
            "CREATE TEMP TABLE generate_stage (id TEXT, topic_id TEXT, party_id TEXT, session_id TEXT,
                 stance INTEGER, rationale TEXT, condition TEXT, quote TEXT, recorded_at TEXT)",
        )?;
        let insert = tx.prepare(
            "INSERT INTO temp.generate_stage (id, topic_id, party_id, session_id, stance, rationale, condition, quote, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        Ok(Stage { tx, insert, rows: 0 })
    }

    fn push(&mut self, row: &[&dyn rusqlite::ToSql]) -> Result<()> {
        self.insert.execute(row)?;
        self.rows += 1;
        if self.rows == STAGE_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows > 0 {
            self.tx
                .prepare_cached(
                    "INSERT INTO positions (id, topic_id, party_id, session_id, stance, rationale, condition, quote, recorded_at, recorded_by)
                     SELECT id, topic_id, party_id, session_id, stance, rationale, condition, quote, recorded_at, ?1
                     FROM temp.generate_stage ORDER BY rowid",
                )?
                .execute([RECORDED_BY])?;
            // Written without audit entries, so queued for the search index by hand (migration 6).
            self.tx
                .prepare_cached("INSERT INTO search_queue (position_id) SELECT id FROM temp.generate_stage")?
                .execute([])?;
            self.tx.prepare_cached("DELETE FROM temp.generate_stage")?.execute([])?;
            self.rows = 0;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.flush()?;
        let Stage { tx, insert, .. } = self;
        drop(insert);
        tx.execute_batch("DROP TABLE temp.generate_stage")?;
        Ok(())
    }
}

/// One tier of the selection: `need` cells still to take out of the `left` still to visit.
struct Tier {
    need: u64,
    left: u64,
}

impl Tier {
    fn take(&mut self, rng: &mut Rng) -> bool {
        let take = self.need > 0 && (self.need >= self.left || rng.below(self.left) < self.need);
        self.left -= 1;
        if take {
            self.need -= 1;
        }
        take
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::model::{Position, Topic};
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    fn small(seed: u64) -> GenerateSpec {
        GenerateSpec { parties: 12, topics: 30, sessions: 4, positions: 600, seed }
    }

    fn generated(spec: &GenerateSpec) -> (Store, GenerateReport) {
        let mut s = Store::in_memory("synthetisch").unwrap();
        let r = populate(&mut s, spec).unwrap();
        (s, r)
    }

    #[test]
    fn small_spec_gives_exactly_those_counts() {
        let (s, r) = generated(&small(1));
        let c = s.counts().unwrap();
        assert_eq!((c.bouwstenen, c.parties, c.topics, c.sessions, c.positions), (4, 12, 30, 4, 600));
        assert_eq!(r.bouwstenen_created, 4);
        assert_eq!((r.parties, r.topics, r.sessions, r.positions), (12, 30, 4, 600));
        assert_eq!(r.verdicts as i64, c.verdicts);
        assert!(r.verdicts > 0, "{r:?}");
        s.integrity_check().unwrap();
        // One audit row for the whole generation, besides the dialogue's creation.
        let d = s.dialogue().unwrap();
        let audit = s.audit_for(d.id).unwrap();
        assert_eq!(audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), ["insert", "update"]);
        assert!(d.description.contains("seed 1"), "{}", d.description);
    }

    #[test]
    fn same_seed_same_content_other_seed_other_content() {
        let (a, _) = generated(&small(42));
        let (b, _) = generated(&small(42));
        assert_eq!(a.list_positions().unwrap(), b.list_positions().unwrap());
        assert_eq!(a.list_parties().unwrap(), b.list_parties().unwrap());
        assert_eq!(a.list_topics().unwrap(), b.list_topics().unwrap());
        assert_eq!(a.list_sessions().unwrap(), b.list_sessions().unwrap());
        assert_eq!(a.list_verdicts().unwrap(), b.list_verdicts().unwrap());
        assert_eq!(a.list_bouwstenen().unwrap(), b.list_bouwstenen().unwrap());
        let (c, _) = generated(&small(43));
        assert_ne!(a.list_positions().unwrap(), c.list_positions().unwrap());
        assert_ne!(a.list_parties().unwrap(), c.list_parties().unwrap());
    }

    #[test]
    fn invalid_spec_is_refused_before_anything_is_written() {
        let mut s = Store::in_memory("leeg").unwrap();
        let before = (s.counts().unwrap(), s.dialogue().unwrap());
        let bad = [
            (GenerateSpec { positions: 12 * 30 * 4 + 1, ..small(1) }, "positions"),
            (GenerateSpec { parties: 0, ..small(1) }, "parties"),
            (GenerateSpec { topics: 0, ..small(1) }, "topics"),
            (GenerateSpec { sessions: 0, ..small(1) }, "sessions"),
            (GenerateSpec { parties: MAX_PARTIES + 1, ..small(1) }, "parties"),
            (GenerateSpec { parties: 10_000, topics: 100_000, sessions: 1_000, ..small(1) }, "sessions"),
        ];
        for (spec, field) in bad {
            let e = populate(&mut s, &spec).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
            assert_eq!(e.field(), Some(field), "{e}");
            assert!(spec.validate().is_err());
        }
        assert_eq!((s.counts().unwrap(), s.dialogue().unwrap()), before, "nothing was written");
        // The full cell count is allowed.
        assert!(GenerateSpec { positions: 12 * 30 * 4, ..small(1) }.validate().is_ok());
        assert!(GenerateSpec::default().validate().is_ok());
    }

    #[test]
    fn refuses_a_dialogue_that_already_has_content() {
        let (mut s, _) = generated(&small(1));
        let before = s.counts().unwrap();
        let e = populate(&mut s, &small(2)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert_eq!(s.counts().unwrap(), before);
    }

    #[test]
    fn fills_every_cell_when_asked() {
        let spec = GenerateSpec { parties: 5, topics: 6, sessions: 3, positions: 90, seed: 9 };
        let (s, _) = generated(&spec);
        assert_eq!(s.counts().unwrap().positions, 90);
        s.integrity_check().unwrap();
        assert!(s.dialogue().unwrap().description.contains("6 onderwerpen, 3 sessies, 90 standpunten"));
        let one = GenerateSpec { parties: 5, topics: 6, sessions: 1, positions: 30, seed: 9 };
        assert!(generated(&one).0.dialogue().unwrap().description.contains("6 onderwerpen, 1 sessie, 30 standpunten"));
    }

    fn stance_by_role(
        topics: &[Topic],
        positions: &[Position],
        roles: &HashMap<uuid::Uuid, ChainRole>,
    ) -> BTreeMap<String, (f64, f64)> {
        let mut out = BTreeMap::new();
        for t in topics {
            let mean = |pred: &dyn Fn(ChainRole) -> bool| {
                let v: Vec<f64> = positions
                    .iter()
                    .filter(|p| p.topic_id == t.id && pred(roles[&p.party_id]))
                    .filter_map(|p| p.stance.map(f64::from))
                    .collect();
                if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 }
            };
            let producers = mean(&|r| r == R::Producer);
            let broadcasters = mean(&|r| matches!(r, R::PublicBroadcaster | R::CommercialBroadcaster));
            out.insert(t.code.clone(), (producers, broadcasters));
        }
        out
    }

    #[test]
    fn stances_have_structure() {
        let (s, r) = generated(&small(1));
        let topics = s.list_topics().unwrap();
        let parties = s.list_parties().unwrap();
        let positions = s.list_positions().unwrap();
        let roles: HashMap<_, _> = parties.iter().map(|p| (p.id, p.chain_role)).collect();
        assert!(roles.values().any(|&r| r == R::Producer));
        assert!(roles.values().any(|&r| matches!(r, R::PublicBroadcaster | R::CommercialBroadcaster)));
        let split = stance_by_role(&topics, &positions, &roles);
        assert!(split.values().any(|&(p, b)| p > 0.0 && b < 0.0), "a producers-versus-broadcasters topic: {split:?}");
        // A consensus topic: everyone with a stance is for it.
        let consensus = topics.iter().any(|t| {
            let v: Vec<i8> = positions.iter().filter(|p| p.topic_id == t.id).filter_map(|p| p.stance).collect();
            v.len() >= 5 && v.iter().all(|&x| x > 0)
        });
        assert!(consensus, "some topic has only supporters");
        // Movement: a party whose stance on a topic differs between sessions.
        let mut by_pair: HashMap<(uuid::Uuid, uuid::Uuid), BTreeSet<i8>> = HashMap::new();
        for p in &positions {
            if let Some(x) = p.stance {
                by_pair.entry((p.topic_id, p.party_id)).or_default().insert(x);
            }
        }
        assert!(by_pair.values().any(|v| v.len() > 1), "some party moved");
        // No position, conditions, rationales of realistic length, all kinds and priorities.
        assert!(positions.iter().any(|p| p.stance.is_none()));
        assert_eq!(positions.iter().filter(|p| p.stance.is_none()).count(), r.no_position);
        assert!(r.no_position < 600 / 4, "{r:?}");
        let conditions: Vec<_> = positions.iter().filter(|p| !p.condition.is_empty()).collect();
        assert_eq!(conditions.len(), r.with_condition);
        assert!(!conditions.is_empty() && conditions.iter().all(|p| p.condition.starts_with("mits ")));
        for p in positions.iter().filter(|p| !p.rationale.is_empty()) {
            let n = p.rationale.chars().count();
            assert!((40..=250).contains(&n), "{n}: {}", p.rationale);
        }
        assert!(positions.iter().filter(|p| !p.rationale.is_empty()).count() > 500);
        let kinds: BTreeSet<_> = topics.iter().map(|t| t.kind).collect();
        assert_eq!(kinds.len(), 4);
        let priorities: BTreeSet<_> = topics.iter().map(|t| t.priority).collect();
        assert_eq!(priorities, BTreeSet::from([1, 2, 3]));
        assert!(
            topics.iter().all(|t| t
                .code
                .split_once('.')
                .is_some_and(|(b, n)| b.parse::<u8>().is_ok() && n.parse::<u16>().is_ok()))
        );
        assert!(parties.iter().all(|p| p.colour.len() == 7 && p.name.chars().last().unwrap().is_ascii_digit()));
        let sessions = s.list_sessions().unwrap();
        assert!(sessions.windows(2).all(|w| w[0].starts_at < w[1].starts_at));
        assert!(sessions.iter().any(|x| x.kind == SessionKind::Bilateral));
        assert!(positions.iter().all(|p| p.recorded_by == RECORDED_BY));
        // The search index holds the generated rationales.
        assert!(s.search("achterban").unwrap().iter().any(|h| h.kind == crate::model::HitKind::Rationale));
        s.integrity_check().unwrap();
    }

    /// The structure does not hang on one lucky seed.
    #[test]
    fn every_seed_has_a_split_a_consensus_and_a_mover() {
        for seed in 1..=SEEDS {
            let (s, _) = generated(&small(seed));
            let topics = s.list_topics().unwrap();
            let positions = s.list_positions().unwrap();
            let roles: HashMap<_, _> = s.list_parties().unwrap().iter().map(|p| (p.id, p.chain_role)).collect();
            let split = stance_by_role(&topics, &positions, &roles);
            assert!(split.values().any(|&(p, b)| p > 0.0 && b < 0.0), "seed {seed}: {split:?}");
            let mut by_pair: HashMap<(uuid::Uuid, uuid::Uuid), BTreeSet<i8>> = HashMap::new();
            for p in &positions {
                if let Some(x) = p.stance {
                    by_pair.entry((p.topic_id, p.party_id)).or_default().insert(x);
                }
            }
            assert!(by_pair.values().any(|v| v.len() > 1), "seed {seed}: nobody moved");
            let consensus = topics.iter().any(|t| {
                let v: Vec<i8> = positions.iter().filter(|p| p.topic_id == t.id).filter_map(|p| p.stance).collect();
                v.len() >= 5 && v.iter().all(|&x| x > 0)
            });
            assert!(consensus, "seed {seed}: no topic with only supporters");
        }
    }

    const SEEDS: u64 = 12;

    #[test]
    fn a_created_file_keeps_its_own_bouwstenen() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::create(&dir.path().join("gen.ketentafel")).unwrap();
        let bouwstenen = s.list_bouwstenen().unwrap();
        let r = populate(&mut s, &small(3)).unwrap();
        assert_eq!(r.bouwstenen_created, 0);
        assert_eq!(s.list_bouwstenen().unwrap(), bouwstenen);
        let used: BTreeSet<_> = s.list_topics().unwrap().iter().map(|t| t.bouwsteen_id).collect();
        assert_eq!(used.len(), 4, "topics spread over all four bouwstenen");
        s.integrity_check().unwrap();
    }
}
