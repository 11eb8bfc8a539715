//! One rule, one place: the same 5W row is refused or flagged the same way, on the same
//! field, whichever path it takes — an HXL file, a partner's spreadsheet, the activity form
//! or `cashplan check` on a plan file — because every path calls `model::rules`. One table of
//! cases, each run through the four paths.

mod cli_helpers;

use cashplan::formats::hxl::{read_hxl, HxlError};
use cashplan::formats::planfile::write_plan_file;
use cashplan::formats::sheet::{prepare, propose_mapping, read_table, SheetOptions};
use cashplan::model::rules::values::{self, MonthDay};
use cashplan::model::{Activity, Area, Modality, Plan, Stamp, Status, Transfer, ValueUnit, Vocabulary};
use cashplan::ui::table::activity_checks::read_activity;
use cli_helpers::{cashplan, workdir};
use std::collections::BTreeSet;

/// A column of the test sheet: its header, hashtag, the activity's field key and the form's key.
const COLUMNS: &[(&str, &str, &str, &str)] = &[
    ("Organisation", "#org+prog", "reporting_org", "org"),
    ("Sector", "#sector", "sector", "sector"),
    ("P-code", "#adm1+code", "area", "area"),
    ("People targeted", "#targeted", "targeted", "targeted"),
    ("Households targeted", "#targeted+hh", "targeted_households", "targeted-hh"),
    ("People reached", "#reached", "reached", "reached"),
    ("Households reached", "#reached+hh", "reached_households", "reached-hh"),
    ("Modality", "#modality", "modality", "modality"),
    ("Value", "#value+transfer+hh", "transfer.value", "value"),
    ("Currency", "#currency", "transfer.currency", "currency"),
    ("Start", "#date+start", "start", "start"),
    ("End", "#date+end", "end", "end"),
    ("Status", "#status", "status", "status"),
];

const BASE: &[(&str, &str)] =
    &[("reporting_org", "WFP"), ("sector", "FSC"), ("area", "SY02"), ("status", "ongoing"), ("targeted", "100")];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Weight {
    Refused,
    Flagged,
}

/// A case: fields changed from [`BASE`], what every path must find (field, weight), and the
/// words every path's message says for it (None for a value that cannot be read, which each
/// path explains in its own terms: a form field, a cell, a value mapping).
struct Case {
    name: &'static str,
    fields: &'static [(&'static str, &'static str)],
    found: &'static [(&'static str, Weight)],
    words: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case { name: "clean", fields: &[], found: &[], words: None },
    Case {
        name: "reached above targeted",
        fields: &[("reached", "150")],
        found: &[("reached", Weight::Flagged)],
        words: Some("150 is more than targeted (100); check both figures"),
    },
    Case {
        name: "households reached above targeted",
        fields: &[("targeted_households", "10"), ("reached_households", "12")],
        found: &[("reached_households", Weight::Flagged)],
        words: Some("12 households is more than targeted (10)"),
    },
    Case {
        name: "people reached on a planned activity",
        fields: &[("status", "planned"), ("reached", "50")],
        found: &[("status", Weight::Flagged)],
        words: Some("50 people reached, but the status is planned: only ongoing and completed activities count"),
    },
    Case {
        name: "cash without a transfer value",
        fields: &[("modality", "cash")],
        found: &[("transfer.value", Weight::Refused)],
        words: Some("cash activity without a transfer value"),
    },
    Case {
        name: "in-kind with a transfer value",
        fields: &[("modality", "in-kind"), ("transfer.value", "40"), ("transfer.currency", "USD")],
        found: &[("transfer.value", Weight::Refused)],
        words: Some("in-kind activities have no transfer value"),
    },
    Case {
        name: "end before start",
        fields: &[("start", "2024-03-01"), ("end", "2024-02-01")],
        found: &[("end", Weight::Refused)],
        words: Some("2024-02-01 is before start 2024-03-01"),
    },
    Case {
        name: "a billion people and one",
        fields: &[("targeted", "1000000001")],
        found: &[("targeted", Weight::Refused)],
        words: Some("1000000001 people is not plausible for one record"),
    },
    Case {
        name: "a value without its currency",
        fields: &[("modality", "cash"), ("transfer.value", "40"), ("transfer.currency", "")],
        found: &[("transfer.currency", Weight::Refused)],
        words: Some("a transfer value without its currency"),
    },
    Case { name: "unknown area", fields: &[("area", "SY99")], found: &[("area", Weight::Refused)], words: None },
    Case {
        name: "negative count",
        fields: &[("targeted", "-5")],
        found: &[("targeted", Weight::Refused)],
        words: None,
    },
];

fn stamp() -> Stamp {
    Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() }
}

fn plan() -> Plan {
    let mut plan = Plan::new("p-rules", "Rules", "SYR", "USD", &stamp());
    let area = Area {
        names: Default::default(),
        code: "SY02".into(),
        name: "Aleppo".into(),
        level: 1,
        parent: None,
        population: None,
        household_size: None,
    };
    plan.areas.upsert("SY02", area, &stamp());
    plan
}

/// The case's value of a field (the base's, changed by the case), "" when not given.
fn value(case: &Case, field: &str) -> String {
    let pick = |list: &[(&str, &str)]| list.iter().find(|(k, _)| *k == field).map(|(_, v)| v.to_string());
    pick(case.fields).or_else(|| pick(BASE)).unwrap_or_default()
}

fn sheet_text(case: &Case) -> String {
    let row = |f: fn(&(&str, &str, &str, &str)) -> String| COLUMNS.iter().map(f).collect::<Vec<_>>().join(",");
    let cells: Vec<String> = COLUMNS.iter().map(|c| value(case, c.2)).collect();
    format!("{}\n{}\n{}\n", row(|c| c.0.to_string()), row(|c| c.1.to_string()), cells.join(","))
}

fn field_of_header(header: &str) -> &'static str {
    COLUMNS.iter().find(|c| c.0 == header).map_or("?", |c| c.2)
}

fn field_of_form_key(key: &str) -> &'static str {
    COLUMNS.iter().find(|c| c.3 == key).map_or("?", |c| c.2)
}

type Found = BTreeSet<(&'static str, Weight)>;

/// Through an HXL file: errors refuse, warnings go with the batch.
fn through_hxl(case: &Case, plan: &Plan) -> (Found, Vec<String>) {
    let header_of =
        |column: &str| COLUMNS.iter().find(|c| column.contains(&format!("\"{}\"", c.0))).map_or("?", |c| c.2);
    match read_hxl("5w.csv", &sheet_text(case), None, plan) {
        Ok(batch) => {
            let found = batch.warnings.iter().map(|w| (header_of(&w.column), Weight::Flagged)).collect();
            (found, batch.warnings.iter().map(|w| w.to_string()).collect())
        }
        Err(errors) => {
            let found = errors.0.iter().filter_map(HxlError::column).map(|c| (header_of(c), Weight::Refused)).collect();
            (found, errors.0.iter().map(|e| e.to_string()).collect())
        }
    }
}

/// Through a partner's spreadsheet, mapped by its hashtags, bad rows set aside.
fn through_sheet(case: &Case, plan: &Plan) -> (Found, Vec<String>) {
    let raw = read_table("partner.csv", sheet_text(case).as_bytes(), None).unwrap();
    let mapping = propose_mapping(&raw);
    let import = prepare(&raw, &mapping, plan, &SheetOptions { create_areas: false, skip_bad_rows: true }).unwrap();
    let mut found: Found = import
        .rejected
        .iter()
        .map(|p| (field_of_header(p.column.as_deref().unwrap_or("?")), Weight::Refused))
        .collect();
    found
        .extend(import.warnings.iter().map(|w| (field_of_header(w.column.as_deref().unwrap_or("?")), Weight::Flagged)));
    let messages =
        import.rejected.iter().map(|p| p.message.clone()).chain(import.warnings.iter().map(|w| w.message.clone()));
    (found, messages.collect())
}

/// Through the activity form; what the form accepts is saved through the app's reducer,
/// which says what the rules flag.
fn through_form(case: &Case, plan: &Plan) -> (Found, Vec<String>) {
    let get = |key: &str| value(case, field_of_form_key(key));
    match read_activity(&get, plan) {
        Err(problems) => {
            let found = problems.iter().map(|(k, _)| (field_of_form_key(k), Weight::Refused)).collect();
            (found, problems.into_iter().map(|(_, m)| m).collect())
        }
        Ok(activity) => {
            use cashplan::model::change::Change;
            use cashplan::ui::state::{Action, AppState, Context};
            let context = Context { at: "2024-01-01T00:00:00Z".into(), new_id: "p".into() };
            let (state, _) = AppState::default().update(Action::Open(plan.clone()), &context);
            let (state, _) = state.update(Action::Edit(Change::put("a-form", activity)), &context);
            let notice = state.notice.map(|n| n.text).unwrap_or_default();
            let found = case.found.iter().filter(|_| !notice.is_empty()).map(|(f, _)| (*f, Weight::Flagged)).collect();
            (found, vec![notice])
        }
    }
}

/// The case as a stored record (skipping what no record can hold: a value that cannot be read).
fn as_record(case: &Case) -> Option<Activity> {
    let count = |field: &str| -> Option<Option<u64>> {
        let text = value(case, field);
        if text.is_empty() {
            Some(None)
        } else {
            values::count(&text).ok().map(Some)
        }
    };
    let date = |field: &str, day| -> Option<_> {
        let text = value(case, field);
        if text.is_empty() {
            Some(None)
        } else {
            values::date(&text, day).ok().map(Some)
        }
    };
    let transfer = match (value(case, "transfer.value"), value(case, "transfer.currency")) {
        (v, _) if v.is_empty() => None,
        (v, c) => Some(Transfer { value: values::amount(&v).ok()?, unit: ValueUnit::Household, currency: c }),
    };
    Some(Activity {
        reporting_org: value(case, "reporting_org"),
        sector: value(case, "sector"),
        area: value(case, "area"),
        targeted: count("targeted")?,
        targeted_households: count("targeted_households")?,
        reached: count("reached")?,
        reached_households: count("reached_households")?,
        modality: Some(value(case, "modality")).filter(|m| !m.is_empty()).and_then(|m| Modality::parse_loose(&m)),
        transfer,
        start: date("start", MonthDay::First)?,
        end: date("end", MonthDay::Last)?,
        status: Status::parse_loose(&value(case, "status")).unwrap_or_default(),
        ..Activity::default()
    })
}

/// Through `cashplan check` on a plan file holding the record as it is.
fn through_check(case: &Case, plan: &Plan) -> Option<(Found, Vec<String>)> {
    let activity = as_record(case)?;
    let mut plan = plan.clone();
    plan.activities.upsert("a-check", activity, &stamp());
    let dir = workdir(&format!("rules-{}", case.name.replace(' ', "-")));
    std::fs::write(dir.join("p.cashplan.json"), write_plan_file(&plan, "test", "2024-01-01T00:00:00Z").unwrap())
        .unwrap();
    let run = cashplan(&dir, &["check", "p.cashplan.json"]);
    let lines: Vec<String> =
        run.stdout.lines().map(str::trim).filter(|l| l.starts_with("activities/a-check ")).map(String::from).collect();
    assert_eq!(run.code, if lines.is_empty() { 0 } else { 1 }, "{}: {}", case.name, run.stderr);
    let found = lines
        .iter()
        .map(|line| {
            let field = line.trim_start_matches("activities/a-check ").split(':').next().unwrap_or("?");
            let weight = if line.ends_with("(warning)") { Weight::Flagged } else { Weight::Refused };
            (COLUMNS.iter().find(|c| c.2 == field).map_or("?", |c| c.2), weight)
        })
        .collect();
    Some((found, lines))
}

#[test]
fn every_path_refuses_or_flags_a_row_the_same_way() {
    let plan = plan();
    for case in CASES {
        let expected: Found = case.found.iter().copied().collect();
        let mut paths = vec![
            ("HXL", through_hxl(case, &plan)),
            ("spreadsheet", through_sheet(case, &plan)),
            ("form", through_form(case, &plan)),
        ];
        if let Some(check) = through_check(case, &plan) {
            paths.push(("cashplan check", check));
        }
        for (path, (found, messages)) in paths {
            assert_eq!(found, expected, "{}: {path} found {found:?}; messages: {messages:#?}", case.name);
            if let Some(words) = case.words {
                assert!(
                    messages.iter().any(|m| m.to_lowercase().contains(&words.to_lowercase())),
                    "{}: {path} says it in the rules' words “{words}”: {messages:#?}",
                    case.name
                );
            }
        }
    }
}
