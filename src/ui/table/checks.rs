//! Reading records from what people typed (an add form or a row being edited), with a
//! message per field that says how to fix it. Pure: fields come in through a getter.

use super::super::input::{parse_count, parse_required_count, required, sentence};
use crate::model::rules::{self, values, Problem};
use crate::model::{Area, Kind, Need, OrgType, Organisation, Plan, Sector, Vocabulary};

/// (field key, message) for every field that needs fixing.
pub type Problems = Vec<(&'static str, String)>;

/// The text of a field by key ("" when absent).
pub type Fields<'a> = &'a dyn Fn(&str) -> String;

/// Records a field's parse error and returns the value, if any.
pub fn check<T>(problems: &mut Problems, key: &'static str, result: Result<T, String>) -> Option<T> {
    result.map_err(|message| problems.push((key, message))).ok()
}

/// A value from a canonical list; empty means not given.
pub fn vocabulary<V: Vocabulary + PartialEq>(problems: &mut Problems, key: &'static str, text: &str) -> Option<V> {
    if text.trim().is_empty() {
        return None;
    }
    check(problems, key, values::choice::<V>(text).map_err(sentence))
}

/// A positive decimal such as a household size; empty means not given.
pub fn positive_decimal(text: &str) -> Result<Option<f64>, String> {
    match text.trim() {
        "" => Ok(None),
        t => values::positive(t).map(Some).map_err(sentence),
    }
}

/// What the rules refuse in a record read from a form, at the form's keys: `keys` maps a
/// form key to the kind's field key (fields not listed keep their key). A field that could
/// not even be read is not told twice. Warnings do not stop a save: the app shows them once
/// the record is stored (see `AppState::edit_stamped`).
pub fn refused_by_rules<K: Kind>(
    record: &K,
    plan: &Plan,
    keys: &[(&'static str, &'static str)],
    problems: &mut Problems,
) {
    let form_key = |p: &Problem| keys.iter().find(|(_, field)| *field == p.field).map_or(p.field, |(key, _)| *key);
    for problem in rules::check(record, plan).into_iter().filter(Problem::is_error) {
        let key = form_key(&problem);
        if !problems.iter().any(|(k, _)| *k == key) {
            problems.push((key, sentence(&problem.kind)));
        }
    }
}

/// The plan's code for an area typed as a code (any case).
pub fn known_area(plan: &Plan, text: &str) -> Result<String, String> {
    let text = required(text)?;
    [text.clone(), text.to_uppercase()]
        .into_iter()
        .find(|code| plan.areas.get(code).is_some())
        .ok_or_else(|| format!("Unknown area “{text}”: pick one from the list, or add it on the Areas tab first."))
}

/// The plan's code for a sector typed as its code or name.
pub fn known_sector(plan: &Plan, text: &str) -> Result<String, String> {
    let text = required(text)?;
    plan.find_sector(&text).map(|s| s.code.clone()).ok_or_else(|| {
        format!("Unknown sector “{text}”: choose one of the plan's sectors, or add it on the Sectors tab first.")
    })
}

fn refuse_existing(problems: &mut Problems, key: &'static str, exists: bool, what: &str) {
    if exists {
        problems.push((key, format!("This {what} exists already: edit it in the table below instead.")));
    }
}

fn done<T>(problems: Problems, value: Option<T>) -> Result<T, Problems> {
    match value {
        Some(value) if problems.is_empty() => Ok(value),
        _ => Err(problems),
    }
}

/// Keys: code, name, level, parent, population, household-size. `adding` refuses a code in use.
pub fn read_area(get: Fields, plan: &Plan, adding: bool) -> Result<Area, Problems> {
    let mut problems = Problems::new();
    let code = check(&mut problems, "code", required(&get("code")));
    let name = check(&mut problems, "name", required(&get("name")));
    let level = check(&mut problems, "level", values::level(&get("level")).map_err(sentence));
    let population = check(&mut problems, "population", parse_count(&get("population")));
    let household_size = check(&mut problems, "household-size", positive_decimal(&get("household-size")));
    refuse_existing(
        &mut problems,
        "code",
        adding && code.as_deref().is_some_and(|c| plan.areas.get(c).is_some()),
        "P-code",
    );
    let parent = Some(get("parent").trim().to_string()).filter(|p| !p.is_empty());
    let area = match (code, name, level, population, household_size) {
        (Some(code), Some(name), Some(level), Some(population), Some(household_size)) => Some(Area {
            names: Default::default(),
            code,
            name,
            level,
            parent: parent.filter(|_| level > 1),
            population,
            household_size,
        }),
        _ => None,
    };
    if let Some(area) = &area {
        refused_by_rules(area, plan, &[("household-size", "household_size")], &mut problems);
    }
    done(problems, area)
}

/// Keys: code, name, lead, measured-against (a sector or caseload code; empty: its own
/// people in need), caseload ("yes": a figure of people in need only). The lead may be
/// empty: the gap then shows "no lead set".
pub fn read_sector(get: Fields, plan: &Plan, adding: bool) -> Result<Sector, Problems> {
    let mut problems = Problems::new();
    let code = check(&mut problems, "code", required(&get("code")).map(|c| c.to_uppercase()));
    let name = check(&mut problems, "name", required(&get("name")));
    refuse_existing(
        &mut problems,
        "code",
        adding && code.as_deref().is_some_and(|c| plan.sectors.get(c).is_some()),
        "sector code",
    );
    let lead = Some(get("lead").trim().to_string()).filter(|l| !l.is_empty());
    let measured_against = match get("measured-against").trim() {
        "" => None,
        text => check(&mut problems, "measured-against", known_sector(plan, text)),
    };
    let caseload = matches!(get("caseload").trim().to_lowercase().as_str(), "yes" | "true" | "1");
    let sector = code.zip(name).map(|(code, name)| Sector { code, name, lead, measured_against, caseload });
    if let Some(sector) = &sector {
        refused_by_rules(sector, plan, &[("measured-against", "measured_against")], &mut problems);
    }
    done(problems, sector)
}

/// Keys: name, acronym, type.
pub fn read_organisation(get: Fields) -> Result<Organisation, Problems> {
    let mut problems = Problems::new();
    let name = check(&mut problems, "name", required(&get("name")));
    let kind = vocabulary::<OrgType>(&mut problems, "type", &get("type"));
    let acronym = Some(get("acronym").trim().to_string()).filter(|a| !a.is_empty());
    done(problems, name.map(|name| Organisation { name, acronym, kind }))
}

/// The id of an organisation: its name's one key, so the same name typed twice is one record.
pub fn organisation_id(organisation: &Organisation) -> String {
    Organisation::id_for(&organisation.name)
}

/// Keys: area, sector, pin, households, severity.
pub fn read_need(get: Fields, plan: &Plan) -> Result<Need, Problems> {
    let mut problems = Problems::new();
    let area = check(&mut problems, "area", known_area(plan, &get("area")));
    let sector = check(&mut problems, "sector", known_sector(plan, &get("sector")));
    let pin = check(&mut problems, "pin", parse_required_count(&get("pin")));
    let households = check(&mut problems, "households", parse_count(&get("households")));
    let severity = check(
        &mut problems,
        "severity",
        match get("severity").trim() {
            "" => Ok(None),
            text => values::severity(text).map(Some).map_err(sentence),
        },
    );
    // The rules see what could be read, so every problem is told at once (a field that
    // could not be read is not told twice).
    let draft = Need {
        area: area.clone().unwrap_or_default(),
        sector: sector.clone().unwrap_or_default(),
        people_in_need: pin.unwrap_or_default(),
        households_in_need: households.flatten(),
        severity: severity.flatten(),
    };
    let keys = [("pin", "people_in_need"), ("households", "households_in_need")];
    refused_by_rules(&draft, plan, &keys, &mut problems);
    let complete = area.is_some() && sector.is_some() && pin.is_some() && households.is_some() && severity.is_some();
    done(problems, complete.then_some(draft))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::Stamp;

    pub(crate) fn plan() -> Plan {
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() };
        let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp);
        let area = Area {
            names: Default::default(),
            code: "SY02".into(),
            name: "Aleppo".into(),
            level: 1,
            parent: None,
            population: None,
            household_size: None,
        };
        plan.areas.upsert("SY02", area, &stamp);
        plan
    }

    pub(crate) fn fields(pairs: &[(&str, &str)]) -> impl Fn(&str) -> String {
        let map: std::collections::HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |key: &str| map.get(key).cloned().unwrap_or_default()
    }

    pub(crate) fn message(problems: &Problems, key: &str) -> String {
        problems.iter().find(|(k, _)| *k == key).map(|(_, m)| m.clone()).unwrap_or_default()
    }

    #[test]
    fn an_area_below_admin_1_needs_a_known_parent_one_level_up() {
        let plan = plan();
        let ok = read_area(
            &fields(&[("code", "SY0203"), ("name", "A'zaz"), ("level", "2"), ("parent", "SY02")]),
            &plan,
            true,
        );
        assert_eq!(ok.map(|a| a.parent), Ok(Some("SY02".to_string())));
        // Without its parent an admin 2 area is kept, with the rules' warning (shown once
        // it is saved): its figures cannot be added up to admin 1.
        let orphan = read_area(&fields(&[("code", "SY0203"), ("name", "A'zaz"), ("level", "2")]), &plan, true).unwrap();
        let warned = rules::check(&orphan, &plan);
        assert!(matches!(warned.as_slice(), [p] if p.field == "parent" && !p.is_error()), "{warned:?}");
        let unknown = read_area(
            &fields(&[("code", "SY0203"), ("name", "A'zaz"), ("level", "2"), ("parent", "SY99")]),
            &plan,
            true,
        )
        .unwrap_err();
        assert!(message(&unknown, "parent").contains("nknown parent area `SY99`"), "{unknown:?}");
        let twice =
            read_area(&fields(&[("code", "SY02"), ("name", "Aleppo"), ("level", "1")]), &plan, true).unwrap_err();
        assert!(message(&twice, "code").contains("exists already"));
        let bad = read_area(
            &fields(&[("code", "SY02"), ("name", "Aleppo"), ("level", "1"), ("population", "-5")]),
            &plan,
            false,
        )
        .unwrap_err();
        assert!(message(&bad, "population").contains("negative"));
    }

    #[test]
    fn a_sector_lead_may_be_cleared_but_the_name_is_required() {
        let plan = plan();
        let cleared = read_sector(&fields(&[("code", "MPC"), ("name", "Multipurpose Cash")]), &plan, false).unwrap();
        assert_eq!(cleared.lead, None);
        let nameless = read_sector(&fields(&[("code", "MPC"), ("lead", "UNHCR")]), &plan, false).unwrap_err();
        assert_eq!(message(&nameless, "name"), "Required.");
    }

    #[test]
    fn needs_refer_to_known_areas_and_sectors_with_a_sane_severity() {
        let plan = plan();
        let need =
            read_need(&fields(&[("area", "sy02"), ("sector", "Multipurpose cash"), ("pin", "1,000")]), &plan).unwrap();
        assert_eq!((need.area.as_str(), need.sector.as_str(), need.people_in_need), ("SY02", "MPC", 1000));
        let bad = read_need(
            &fields(&[("area", "SY99"), ("sector", "XYZ"), ("pin", "10"), ("severity", "7"), ("households", "20")]),
            &plan,
        )
        .unwrap_err();
        assert!(message(&bad, "area").contains("Unknown area"));
        assert!(message(&bad, "sector").contains("Unknown sector"));
        assert!(message(&bad, "severity").contains("1 (minimal) to 5"));
        assert!(message(&bad, "households").contains("ore households than people in need"));
    }

    #[test]
    fn organisation_types_use_the_canonical_list() {
        let org = read_organisation(&fields(&[("name", "Syria Relief"), ("type", "national ngo")])).unwrap();
        assert_eq!(org.kind, Some(OrgType::Nngo));
        assert_eq!(organisation_id(&org), "o-syriarelief");
        let bad = read_organisation(&fields(&[("name", "X"), ("type", "club")])).unwrap_err();
        assert!(message(&bad, "type").contains("Choose one of: UN, INGO"));
    }
}
