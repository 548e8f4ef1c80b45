//! The Dutch and English labels of the code lists, read from the window's own message files
//! (`ui/messages/{nl,en}.json`), so a label is written once for the UI, imports and reports.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::Lang;
use crate::model::{ChainRole, ProductionType};

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
}
