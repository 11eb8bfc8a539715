//! The plan's areas as a tree for pickers: each area with its path from the top
//! ("Aleppo › A'zaz › Mare' (SY020302)"), in tree order, searchable by code or name.

use crate::model::sorting;
use crate::model::Plan;
use std::collections::HashMap;

/// Deeper than any admin hierarchy: stops a parent loop in bad data.
const MAX_DEPTH: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub struct AreaChoice {
    pub code: String,
    pub level: u8,
    /// Names from the top down to this area.
    pub path: Vec<String>,
    /// Lower-cased code and path, for searching.
    key: String,
}

impl AreaChoice {
    /// "Aleppo › A'zaz › Mare' (SY020302)".
    pub fn label(&self) -> String {
        format!("{} ({})", self.path.join(" › "), self.code)
    }
    pub fn matches(&self, words: &[String]) -> bool {
        words.iter().all(|w| self.key.contains(w.as_str()))
    }
}

/// Every live area, parents before children, siblings by name.
pub fn area_choices(plan: &Plan) -> Vec<AreaChoice> {
    let by_code: HashMap<&str, (&str, Option<&str>)> =
        plan.areas.live().map(|r| (r.id.as_str(), (r.data.name.as_str(), r.data.parent.as_deref()))).collect();
    let mut choices: Vec<(Vec<String>, AreaChoice)> = plan
        .areas
        .live()
        .map(|r| {
            let mut path = vec![r.data.name.clone()];
            let mut sort_key = vec![format!("{}\u{1f}{}", r.data.name.to_lowercase(), r.id)];
            let mut parent = r.data.parent.as_deref();
            while let Some(code) = parent {
                let Some((name, next)) = by_code.get(code) else { break };
                path.insert(0, name.to_string());
                sort_key.insert(0, format!("{}\u{1f}{code}", name.to_lowercase()));
                parent = *next;
                if path.len() >= MAX_DEPTH {
                    break;
                }
            }
            // The area's names in other languages are searchable too (حلب finds Aleppo).
            let other_names: Vec<&str> = r.data.names.values().map(String::as_str).collect();
            let key = format!(
                "{} {} {}",
                r.id.to_lowercase(),
                path.join(" ").to_lowercase(),
                other_names.join(" ").to_lowercase()
            );
            (sort_key, AreaChoice { code: r.id.clone(), level: r.data.level, path, key })
        })
        .collect();
    sorting::sort_by(&mut choices, |a, b| a.0.cmp(&b.0));
    choices.into_iter().map(|(_, c)| c).collect()
}

/// The first `limit` areas matching every typed word (code or any name on the path).
pub fn search_areas<'a>(choices: &'a [AreaChoice], query: &str, limit: usize) -> Vec<&'a AreaChoice> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    choices.iter().filter(|c| c.matches(&words)).take(limit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Area, Stamp};

    fn plan() -> Plan {
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() };
        let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp);
        for (code, name, level, parent) in [
            ("SY020302", "Mare'", 3, Some("SY0203")),
            ("SY02", "Aleppo", 1, None),
            ("SY0203", "A'zaz", 2, Some("SY02")),
            ("SY01", "Damascus", 1, None),
        ] {
            let names =
                if code == "SY02" { [("ar".to_string(), "حلب".to_string())].into() } else { Default::default() };
            let area = Area {
                names,
                code: code.into(),
                name: name.into(),
                level,
                parent: parent.map(Into::into),
                population: None,
                household_size: None,
            };
            plan.areas.upsert(code, area, &stamp);
        }
        plan
    }

    #[test]
    fn areas_come_in_tree_order_with_their_path() {
        let choices = area_choices(&plan());
        let labels: Vec<String> = choices.iter().map(AreaChoice::label).collect();
        assert_eq!(
            labels,
            vec!["Aleppo (SY02)", "Aleppo › A'zaz (SY0203)", "Aleppo › A'zaz › Mare' (SY020302)", "Damascus (SY01)"]
        );
    }

    #[test]
    fn typing_a_code_or_names_on_the_path_finds_the_area() {
        let choices = area_choices(&plan());
        let codes = |q: &str| search_areas(&choices, q, 10).iter().map(|c| c.code.clone()).collect::<Vec<_>>();
        assert_eq!(codes("sy0203"), vec!["SY0203", "SY020302"]);
        assert_eq!(codes("aleppo mare"), vec!["SY020302"]);
        assert_eq!(codes("damas"), vec!["SY01"]);
        assert!(codes("homs").is_empty());
        assert_eq!(codes("حلب"), vec!["SY02"], "a name in another language finds the area");
    }
}
