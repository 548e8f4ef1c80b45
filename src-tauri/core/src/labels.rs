//! The Dutch and English labels of the code lists, read from the window's own message files
//! (`ui/messages/{nl,en}.json`), so a label is written once for the UI, imports and reports.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::analysis::Suggestion;
use crate::error::Lang;
use crate::model::{ActionStatus, ChainRole, Marking, ProductionType, TopicKind};

const NL: &str = include_str!("../../../ui/messages/nl.json");
const EN: &str = include_str!("../../../ui/messages/en.json");

fn messages(lang: Lang) -> &'static HashMap<String, String> {
    static CACHE: OnceLock<[HashMap<String, String>; 2]> = OnceLock::new();
    let both = CACHE.get_or_init(|| {
        // The message files are part of this build and checked by the UI tests; a broken one
        // gives no labels rather than a crash.
        let parse = |s: &str| -> HashMap<String, String> {
            serde_json::from_str::<HashMap<String, serde_json::Value>>(s)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_owned())))
                .collect()
        };
        [parse(NL), parse(EN)]
    });
    &both[if lang == Lang::Nl { 0 } else { 1 }]
}

/// "Publieke omroep" / "Public broadcaster" for `public_broadcaster`.
pub fn chain_role_label(role: ChainRole, lang: Lang) -> String {
    messages(lang).get(&format!("chain_role_{}", role.code())).cloned().unwrap_or_else(|| role.code().to_owned())
}

/// "producenten" / "producers": the role as a group in running text.
pub fn chain_role_plural(role: ChainRole, lang: Lang) -> String {
    messages(lang)
        .get(&format!("chain_role_plural_{}", role.code()))
        .cloned()
        .unwrap_or_else(|| chain_role_label(role, lang).to_lowercase())
}

/// "Speelfilm" / "Feature film".
pub fn production_type_label(t: ProductionType, lang: Lang) -> String {
    messages(lang).get(&format!("production_type_{}", t.code())).cloned().unwrap_or_else(|| t.code().to_owned())
}

/// A label by its message key, or `fallback` when the message files lack it.
fn label(key: &str, lang: Lang, fallback: &str) -> String {
    messages(lang).get(key).cloned().unwrap_or_else(|| fallback.to_owned())
}

/// "Consensus met voorbehoud" / "Consensus with reservations": the facilitator's marking.
pub fn marking_label(m: Marking, lang: Lang) -> String {
    label(&format!("meeting_marking_{}", m.code()), lang, m.code())
}

/// "Te weinig standpunten" / "Too few positions": the verdict the figures suggest.
pub fn suggestion_label(s: Suggestion, lang: Lang) -> String {
    label(&format!("suggestion_{}", s.code()), lang, s.code())
}

/// "Knelpunt" / "Bottleneck".
pub fn topic_kind_label(k: TopicKind, lang: Lang) -> String {
    label(&format!("kind_{}", k.code()), lang, k.code())
}

/// "In behandeling" / "In progress".
pub fn action_status_label(s: ActionStatus, lang: Lang) -> String {
    label(&format!("actions_status_{}", s.code()), lang, s.code())
}

/// "sterk voor" … "sterk tegen", or "geen standpunt" for `None`.
pub fn stance_label(stance: Option<i8>, lang: Lang) -> String {
    let key = match stance {
        None => "none",
        Some(2..) => "plus2",
        Some(1) => "plus1",
        Some(0) => "zero",
        Some(-1) => "min1",
        Some(..=-2) => "min2",
    };
    label(&format!("meeting_stance_{key}"), lang, key)
}

/// "26 september 2022" / "26 September 2022": a date as running text says it.
pub fn long_date(d: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = if lang == Lang::Nl { NL } else { EN }[d.month0() as usize];
    format!("{} {month} {}", d.day(), d.year())
}

/// A chain role from its code or its Dutch or English label (or one half of a label such as
/// "Bioscoop / filmtheater"), ignoring case and surrounding spaces.
pub fn parse_chain_role(input: &str) -> Option<ChainRole> {
    let wanted = input.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    if let Some(r) = ChainRole::from_code(&wanted) {
        return Some(r);
    }
    ChainRole::ALL.iter().copied().find(|r| {
        [Lang::Nl, Lang::En].iter().any(|l| {
            let label = chain_role_label(*r, *l).to_lowercase();
            label == wanted || label.split(" / ").any(|part| part.trim() == wanted)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_in_both_languages() {
        let d = chrono::NaiveDate::from_ymd_opt(2022, 9, 26).unwrap();
        assert_eq!(long_date(d, Lang::Nl), "26 september 2022");
        assert_eq!(long_date(d, Lang::En), "26 September 2022");
    }

    #[test]
    fn every_role_has_both_labels_and_parses_back() {
        for r in ChainRole::ALL {
            for l in [Lang::Nl, Lang::En] {
                let label = chain_role_label(*r, l);
                assert_ne!(label, r.code().replace('_', " "), "{r:?} has a {l:?} label");
                assert_eq!(parse_chain_role(&label), Some(*r), "{label}");
            }
            assert_eq!(parse_chain_role(r.code()), Some(*r));
            for l in [Lang::Nl, Lang::En] {
                assert!(messages(l).contains_key(&format!("chain_role_plural_{}", r.code())), "{r:?} plural {l:?}");
            }
        }
        assert_eq!(parse_chain_role(" publieke OMROEP "), Some(ChainRole::PublicBroadcaster));
        assert_eq!(parse_chain_role("filmtheater"), Some(ChainRole::Cinema));
        assert_eq!(parse_chain_role("bakker"), None);
    }

    #[test]
    fn markings_suggestions_kinds_statuses_and_stances_have_both_labels() {
        for l in [Lang::Nl, Lang::En] {
            for m in Marking::ALL {
                assert_ne!(marking_label(*m, l), m.code(), "{m:?} {l:?}");
            }
            for s in Suggestion::ALL {
                assert_ne!(suggestion_label(*s, l), s.code(), "{s:?} {l:?}");
            }
            for k in TopicKind::ALL {
                assert_ne!(topic_kind_label(*k, l), k.code(), "{k:?} {l:?}");
            }
            for s in ActionStatus::ALL {
                assert_ne!(action_status_label(*s, l), s.code(), "{s:?} {l:?}");
            }
            for s in [None, Some(-2), Some(-1), Some(0), Some(1), Some(2)] {
                assert!(!stance_label(s, l).contains("plus") && !stance_label(s, l).contains("min"), "{s:?}");
            }
        }
        assert_eq!(marking_label(Marking::ConsensusWithReservations, Lang::Nl), "Consensus met voorbehoud");
        assert_eq!(action_status_label(ActionStatus::InProgress, Lang::En), "In progress");
        assert_eq!(stance_label(Some(-2), Lang::Nl), "sterk tegen");
    }
}
