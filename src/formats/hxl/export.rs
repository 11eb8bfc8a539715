//! Exports each plan table as HXL CSV that [`super::read_hxl`] reads back to the same records.

use super::activities::{sex_age_parts, SEX_AGE};
use super::write::{deepest_level, placed_by_level, HxlWriter};
use super::TableKind;
use crate::model::sorting;
use crate::model::{Activity, Amount, Plan, Table, ValueUnit, Vocabulary};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Display;

/// A column: human header, hashtag, and the cell of a record (given its id).
type Field<'a, T> = (String, String, Box<dyn Fn(&str, &T) -> String + 'a>);

fn field<'a, T>(header: &str, hashtag: &str, cell: impl Fn(&str, &T) -> String + 'a) -> Field<'a, T> {
    (header.to_string(), hashtag.to_string(), Box::new(cell))
}

fn text<T: Display>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A household size or other decimal, written with at most the 4 decimals the reader takes.
fn decimal(value: Option<f64>) -> String {
    text(value.and_then(Amount::from_f64_rounded))
}

fn list(items: &BTreeSet<String>) -> String {
    crate::model::rules::values::list_text(items)
}

/// The amount when the record's unit is `unit`, so each unit gets its own column.
fn in_unit(unit: ValueUnit, value: Option<(ValueUnit, Amount)>) -> String {
    text(value.filter(|(u, _)| *u == unit).map(|(_, v)| v))
}

/// `#admN+code` and `#admN+name` columns for the record's area and its ancestors.
fn area_fields<'a, T: 'a>(plan: &'a Plan, area_of: fn(&T) -> Option<&str>) -> Vec<Field<'a, T>> {
    let mut fields = Vec::new();
    for level in 1..=deepest_level(plan) {
        let slot = usize::from(level - 1);
        let part = move |t: &T, pick: fn(&(String, String)) -> &String| {
            area_of(t)
                .and_then(|code| placed_by_level(plan, code).get(slot).cloned().flatten())
                .map(|placed| pick(&placed).clone())
                .unwrap_or_default()
        };
        let (code_header, name_header) = (format!("Admin {level} P-code"), format!("Admin {level} name"));
        fields.push(field(&code_header, &format!("#adm{level}+code"), move |_, t: &T| part(t, |p| &p.0)));
        fields.push(field(&name_header, &format!("#adm{level}+name"), move |_, t: &T| part(t, |p| &p.1)));
    }
    fields
}

/// `#admN+name+i_xx` columns for the names in other languages the plan's areas have, at
/// each level: the name of the row's area (or its ancestor at that level) in that language.
fn other_name_fields(plan: &Plan) -> Vec<Field<'_, crate::model::Area>> {
    let mut languages: BTreeSet<(u8, String)> = BTreeSet::new();
    for record in plan.areas.live() {
        languages.extend(record.data.names.keys().map(|l| (record.data.level.clamp(1, 4), l.clone())));
    }
    languages
        .into_iter()
        .map(|(level, language)| {
            let slot = usize::from(level - 1);
            let header = format!("Admin {level} name ({language})");
            let tag = format!("#adm{level}+name+i_{language}");
            field(&header, &tag, move |_, a: &crate::model::Area| {
                placed_by_level(plan, &a.code)
                    .get(slot)
                    .cloned()
                    .flatten()
                    .and_then(|(code, _)| plan.areas.get(&code))
                    .and_then(|r| r.data.names.get(&language).cloned())
                    .unwrap_or_default()
            })
        })
        .collect()
}

fn id_field<'a, T>() -> Field<'a, T> {
    field("ID", "#meta+id", |id: &str, _: &T| id.to_string())
}

fn export<T: Serialize + Clone + PartialEq>(fields: Vec<Field<T>>, table: &Table<T>) -> String {
    export_records(fields, table.live().map(|r| (r.id.as_str(), &r.data)))
}

fn export_records<'r, T: 'r>(fields: Vec<Field<T>>, records: impl Iterator<Item = (&'r str, &'r T)>) -> String {
    let mut writer = HxlWriter::new(fields.iter().map(|(h, t, _)| (h.as_str(), t.as_str())));
    for (id, data) in records {
        writer.row(fields.iter().map(|(_, _, cell)| cell(id, data)).collect());
    }
    writer.finish()
}

/// The table as HXL CSV: a human header row, the hashtag row, then one row per live record.
pub fn write_table(plan: &Plan, kind: TableKind) -> String {
    match kind {
        TableKind::Areas => {
            let mut fields = area_fields(plan, |a: &crate::model::Area| Some(a.code.as_str()));
            fields.extend(other_name_fields(plan));
            fields.push(field("Population", "#population", |_, a: &crate::model::Area| text(a.population)));
            fields.push(field("Household size", "#indicator+hhsize", |_, a: &crate::model::Area| {
                decimal(a.household_size)
            }));
            // Each governorate followed by its districts, and so on down, as people read them.
            let mut areas: Vec<_> = plan.areas.live().map(|r| (placed_by_level(plan, &r.id), r)).collect();
            sorting::sort_by(&mut areas, |a, b| a.0.cmp(&b.0));
            export_records(fields, areas.iter().map(|(_, r)| (r.id.as_str(), &r.data)))
        }
        TableKind::Needs => {
            let mut fields = area_fields(plan, |n: &crate::model::Need| Some(n.area.as_str()));
            fields.push(field("Sector", "#sector", |_, n: &crate::model::Need| n.sector.clone()));
            fields.push(field("People in need", "#inneed", |_, n: &crate::model::Need| n.people_in_need.to_string()));
            fields.push(field("Households in need", "#inneed+hh", |_, n: &crate::model::Need| {
                text(n.households_in_need)
            }));
            fields.push(field("Severity", "#severity", |_, n: &crate::model::Need| text(n.severity)));
            export(fields, &plan.needs)
        }
        TableKind::Activities => export(activity_fields(plan), &plan.activities),
        TableKind::Standards => {
            type S = crate::model::Standard;
            let value = |s: &S| Some((s.unit, s.value));
            let mut fields = vec![
                id_field(),
                field("Sector", "#sector", |_, s: &S| s.sector.clone()),
                field("Conditionality", "#modality+conditionality", |_, s: &S| {
                    if s.cash_for_work {
                        crate::model::Conditionality::CashForWork.code().to_string()
                    } else {
                        String::new()
                    }
                }),
            ];
            fields.extend(area_fields(plan, |s: &S| s.area.as_deref()));
            fields.extend([
                field("Recommended value per household", "#value+recommended+hh", move |_, s: &S| {
                    in_unit(ValueUnit::Household, value(s))
                }),
                field("Recommended value per person", "#value+recommended+ind", move |_, s: &S| {
                    in_unit(ValueUnit::Person, value(s))
                }),
                field("Recommended daily wage", "#value+recommended+day", move |_, s: &S| {
                    in_unit(ValueUnit::Day, value(s))
                }),
                field("Currency", "#currency", |_, s: &S| s.currency.clone()),
                field("Frequency", "#frequency", |_, s: &S| s.frequency.to_string()),
                field("Tolerance %", "#indicator+tolerance", |_, s: &S| s.tolerance_pct.to_string()),
                field("Valid from", "#date+start", |_, s: &S| text(s.valid_from)),
                field("Valid to", "#date+end", |_, s: &S| text(s.valid_to)),
                field("Targeting criteria", "#beneficiary+criteria", |_, s: &S| list(&s.criteria)),
                field("Market daily wage", "#value+market", |_, s: &S| text(s.market_wage)),
            ]);
            export(fields, &plan.standards)
        }
        TableKind::Mebs => {
            type M = crate::model::Meb;
            let value = |m: &M| Some((m.unit, m.value));
            let mut fields = vec![id_field()];
            fields.extend(area_fields(plan, |m: &M| m.area.as_deref()));
            fields.extend([
                field("MEB per household per month", "#value+meb+hh", move |_, m: &M| {
                    in_unit(ValueUnit::Household, value(m))
                }),
                field("MEB per person per month", "#value+meb+ind", move |_, m: &M| {
                    in_unit(ValueUnit::Person, value(m))
                }),
                field("Currency", "#currency", |_, m: &M| m.currency.clone()),
                field("From", "#date+start", |_, m: &M| text(m.start)),
            ]);
            export(fields, &plan.mebs)
        }
        TableKind::ExchangeRates => {
            type R = crate::model::ExchangeRate;
            let fields = vec![
                id_field(),
                field("From currency", "#currency+from", |_, r: &R| r.from.clone()),
                field("To currency", "#currency+to", |_, r: &R| r.to.clone()),
                field("Rate", "#value+fx", |_, r: &R| r.rate.to_string()),
                field("Date", "#date", |_, r: &R| r.date.to_string()),
            ];
            export(fields, &plan.exchange_rates)
        }
    }
}

fn activity_fields(plan: &Plan) -> Vec<Field<'_, Activity>> {
    type A = Activity;
    let transfer = |a: &A| a.transfer.as_ref().map(|t| (t.unit, t.value));
    let mut fields = vec![
        id_field(),
        field("Organisation", "#org+prog", |_, a: &A| a.reporting_org.clone()),
        field("Implementing partner", "#org+impl", |_, a: &A| text(a.implementing_partner.as_ref())),
        field("Donor", "#org+funder", |_, a: &A| text(a.donor.as_ref())),
        field("Sector", "#sector", |_, a: &A| a.sector.clone()),
    ];
    fields.extend(area_fields(plan, |a: &A| Some(a.area.as_str())));
    let live = || plan.activities.live().map(|r| &r.data);
    // Only plans that hold sites or reporting months get their columns.
    if live().any(|a| a.site.is_some() || a.site_code.is_some() || a.month.is_some()) {
        fields.extend([
            field("Site or camp", "#loc+name", |_, a: &A| text(a.site.as_ref())),
            field("Site or camp code", "#loc+code", |_, a: &A| text(a.site_code.as_ref())),
            field("Reporting month", "#date+reported", |_, a: &A| text(a.month)),
        ]);
    }
    if live().any(|a| a.latitude.is_some() || a.longitude.is_some()) {
        fields.extend([
            field("Latitude", "#geo+lat", |_, a: &A| text(a.latitude)),
            field("Longitude", "#geo+lon", |_, a: &A| text(a.longitude)),
        ]);
    }
    fields.extend([
        field("Activity", "#activity", |_, a: &A| a.description.clone()),
        field("Modality", "#modality", |_, a: &A| text(a.modality)),
        field("Conditionality", "#modality+conditionality", |_, a: &A| text(a.conditionality)),
        field("Restriction", "#modality+restriction", |_, a: &A| text(a.restriction)),
        field("Delivery mechanism", "#channel", |_, a: &A| text(a.delivery_mechanism.as_ref())),
        field("People targeted", "#targeted", |_, a: &A| text(a.targeted)),
        field("Households targeted", "#targeted+hh", |_, a: &A| text(a.targeted_households)),
        field("People reached", "#reached", |_, a: &A| text(a.reached)),
        field("Households reached", "#reached+hh", |_, a: &A| text(a.reached_households)),
    ]);
    if live().any(|a| a.targeted_by_sex_age.is_some() || a.reached_by_sex_age.is_some()) {
        for (tag, header, of) in [
            (
                "targeted",
                "targeted",
                (|a: &A| a.targeted_by_sex_age.as_ref()) as fn(&A) -> Option<&crate::model::SexAge>,
            ),
            ("reached", "reached", |a: &A| a.reached_by_sex_age.as_ref()),
        ] {
            for (i, (label, sex, age)) in SEX_AGE.iter().enumerate() {
                let cell = move |_: &str, a: &A| text(of(a).and_then(|s| sex_age_parts(s).get(i).copied().flatten()));
                fields.push(field(&format!("{label} {header}"), &format!("#{tag}+{sex}+{age}"), cell));
            }
        }
    }
    fields.extend([
        field("Transfer value per household", "#value+transfer+hh", move |_, a: &A| {
            in_unit(ValueUnit::Household, transfer(a))
        }),
        field("Transfer value per person", "#value+transfer+ind", move |_, a: &A| {
            in_unit(ValueUnit::Person, transfer(a))
        }),
        field("Daily wage", "#value+wage", move |_, a: &A| in_unit(ValueUnit::Day, transfer(a))),
        field("Currency", "#currency", |_, a: &A| text(a.transfer.as_ref().map(|t| &t.currency))),
        field("Frequency", "#frequency", |_, a: &A| text(a.frequency)),
        field("Number of payments", "#indicator+payments", |_, a: &A| text(a.payments)),
        field("Start", "#date+start", |_, a: &A| text(a.start)),
        field("End", "#date+end", |_, a: &A| text(a.end)),
        field("Status", "#status", |_, a: &A| a.status.to_string()),
        field("Targeting criteria", "#beneficiary+criteria", |_, a: &A| list(&a.targeting_criteria)),
        field("Social protection link", "#activity+sp_link", |_, a: &A| a.social_protection_link.to_string()),
        field("Household size", "#indicator+hhsize", |_, a: &A| decimal(a.household_size)),
    ]);
    fields
}
