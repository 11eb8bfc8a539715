//! How closely an activity's targeting criteria follow the agreed ones (Jaccard similarity).

use super::figures::Ratio;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Targeting {
    /// |shared| / |all|, two decimals.
    pub similarity: Ratio,
    /// Agreed criteria the activity does not use, as the standard spells them.
    pub missing: Vec<String>,
    /// Criteria the activity adds, as the activity spells them.
    pub extra: Vec<String>,
}

/// Criteria match trimmed, case-insensitively and with runs of inner spaces as one.
fn by_key(criteria: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut keyed = BTreeMap::new();
    for criterion in criteria {
        let key = criterion.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if !key.is_empty() {
            keyed.entry(key).or_insert_with(|| criterion.trim().to_string());
        }
    }
    keyed
}

/// Compares the activity's criteria with the agreed ones. None when nothing was agreed (the
/// standard lists no criteria, including when both lists are empty): a similarity of 1.00
/// would claim an alignment nobody checked, and 0.00 a divergence. When criteria were agreed
/// and the activity lists none, the similarity is 0.00 with every agreed criterion missing.
pub fn compare_criteria(activity: &BTreeSet<String>, agreed: &BTreeSet<String>) -> Option<Targeting> {
    let (activity, agreed) = (by_key(activity), by_key(agreed));
    if agreed.is_empty() {
        return None;
    }
    let shared = agreed.keys().filter(|k| activity.contains_key(*k)).count();
    let all = agreed.len() + activity.len() - shared;
    let only_in = |a: &BTreeMap<String, String>, b: &BTreeMap<String, String>| -> Vec<String> {
        a.iter().filter(|(k, _)| !b.contains_key(*k)).map(|(_, v)| v.clone()).collect()
    };
    Some(Targeting {
        similarity: Ratio::of(shared as u64, all as u64)?,
        missing: only_in(&agreed, &activity),
        extra: only_in(&activity, &agreed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matches_ignoring_case_and_spaces() {
        let t = compare_criteria(
            &set(&["  Female-headed  household ", "DISABILITY"]),
            &set(&["female-headed household", "disability"]),
        )
        .unwrap();
        assert_eq!(t.similarity.to_string(), "1.00");
        assert!(t.missing.is_empty() && t.extra.is_empty());
    }

    #[test]
    fn lists_missing_and_extra_criteria() {
        let t = compare_criteria(&set(&["Disability", "IDP"]), &set(&["disability", "elderly", "chronic illness"]))
            .unwrap();
        // shared {disability}, all {disability, elderly, chronic illness, idp}
        assert_eq!(t.similarity.to_string(), "0.25");
        assert_eq!(t.missing, vec!["chronic illness", "elderly"]);
        assert_eq!(t.extra, vec!["IDP"]);
    }

    #[test]
    fn nothing_agreed_gives_no_similarity() {
        assert_eq!(compare_criteria(&set(&[]), &set(&[])), None);
        assert_eq!(compare_criteria(&set(&["idp"]), &set(&[" "])), None);
    }

    #[test]
    fn activity_without_criteria_misses_all_agreed_ones() {
        let t = compare_criteria(&set(&[]), &set(&["elderly", "idp"])).unwrap();
        assert_eq!(t.similarity.to_string(), "0.00");
        assert_eq!(t.missing, vec!["elderly", "idp"]);
    }
}
