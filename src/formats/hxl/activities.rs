//! The 5W activities table: who does what, where, when, for whom, with which transfer.
//!
//! Partners rarely keep row ids, so a row without `#meta+id` gets one derived from its key
//! fields: importing the same file again then updates the activities instead of adding
//! them twice.

use super::cells::{require, require_currency, value_columns, AreaColumns, AreaIndex, Dedup, RowReader};
use super::errors::Errors;
use super::rules::check_read_row;
use super::table::{Column, HxlTable};
use super::TableKind;
use crate::model::{
    vocab, Activity, Conditionality, Frequency, IsoDate, Modality, Plan, Restriction, SexAge, SocialProtectionLink,
    Status, Transfer, ValueUnit,
};
use sha2::{Digest, Sha256};

/// SexAge parts with their header word and HXL attributes (`#targeted+f+adults`, …), in
/// SexAge field order.
pub const SEX_AGE: [(&str, &str, &str); 6] = [
    ("Women", "f", "adults"),
    ("Men", "m", "adults"),
    ("Girls", "f", "children"),
    ("Boys", "m", "children"),
    ("Elderly women", "f", "elderly"),
    ("Elderly men", "m", "elderly"),
];
const NOT_TOTAL: &[&str] = &["hh", "f", "m", "adults", "children", "elderly"];

pub(super) fn sex_age_parts(s: &SexAge) -> [Option<u64>; 6] {
    [s.women, s.men, s.girls, s.boys, s.elderly_women, s.elderly_men]
}

fn sex_age_from(parts: [Option<u64>; 6]) -> Option<SexAge> {
    let [women, men, girls, boys, elderly_women, elderly_men] = parts;
    parts.iter().any(Option::is_some).then_some(SexAge { women, men, girls, boys, elderly_women, elderly_men })
}

const DUPLICATE_ID: &str = "Each #meta+id must be unique; give this row its own id or delete one of the rows.";
const DUPLICATE_KEY: &str = "Without #meta+id, rows are told apart by organisation, sector, area, site, reporting month, activity, dates, modality, conditionality and transfer value; add a #meta+id column or make the rows differ.";

/// The id of an activity row without `#meta+id`: `a-` and 16 hex digits of a hash of its
/// key fields, insensitive to case and spacing.
pub fn derived_activity_id(activity: &Activity) -> String {
    let date = |d: Option<IsoDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let transfer =
        activity.transfer.as_ref().map(|t| format!("{} {} {}", t.value, t.unit, t.currency)).unwrap_or_default();
    let mut parts = vec![
        vocab::fold(&activity.reporting_org),
        vocab::fold(&activity.sector),
        activity.area.to_uppercase(),
        vocab::fold(&activity.description),
        date(activity.start),
        date(activity.end),
        activity.modality.map(|m| m.to_string()).unwrap_or_default(),
        activity.conditionality.map(|c| c.to_string()).unwrap_or_default(),
        transfer,
    ];
    // Added only when given, so the ids of rows without them stay as they were.
    if activity.site.is_some() || activity.site_code.is_some() || activity.month.is_some() {
        let code = activity.site_code.as_deref().map(str::to_uppercase).unwrap_or_default();
        parts.extend([vocab::fold(activity.site.as_deref().unwrap_or_default()), code, text_of(activity.month)]);
    }
    let digest = Sha256::digest(parts.join("\u{1f}").as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("a-{hex}")
}

fn text_of(month: Option<crate::model::Month>) -> String {
    month.map(|m| m.to_string()).unwrap_or_default()
}

struct Columns<'t> {
    id: Option<&'t Column>,
    org: Option<&'t Column>,
    implementer: Option<&'t Column>,
    donor: Option<&'t Column>,
    sector: Option<&'t Column>,
    areas: AreaColumns<'t>,
    description: Option<&'t Column>,
    site: Option<&'t Column>,
    site_code: Option<&'t Column>,
    month: Option<&'t Column>,
    latitude: Option<&'t Column>,
    longitude: Option<&'t Column>,
    modality: Option<&'t Column>,
    conditionality: Option<&'t Column>,
    restriction: Option<&'t Column>,
    channel: Option<&'t Column>,
    targeted: [Option<&'t Column>; 2],
    reached: [Option<&'t Column>; 2],
    targeted_by_sex_age: [Option<&'t Column>; 6],
    reached_by_sex_age: [Option<&'t Column>; 6],
    values: Vec<(ValueUnit, &'t Column)>,
    currency: Option<&'t Column>,
    frequency: Option<&'t Column>,
    payments: Option<&'t Column>,
    start: Option<&'t Column>,
    end: Option<&'t Column>,
    status: Option<&'t Column>,
    criteria: Option<&'t Column>,
    sp_link: Option<&'t Column>,
    household_size: Option<&'t Column>,
}

impl<'t> Columns<'t> {
    /// The column that gives a field of the record (see `Activity`'s `Kind::FIELDS`).
    fn column(&self, field: &str) -> Option<&'t Column> {
        match field {
            "reporting_org" => self.org,
            "implementing_partner" => self.implementer,
            "donor" => self.donor,
            "sector" => self.sector,
            "area" => self.areas.first(),
            "description" => self.description,
            "site" => self.site,
            "site_code" => self.site_code,
            "month" => self.month,
            "latitude" => self.latitude,
            "longitude" => self.longitude,
            "modality" => self.modality,
            "conditionality" => self.conditionality,
            "restriction" => self.restriction,
            "delivery_mechanism" => self.channel,
            "targeted" => self.targeted[0],
            "targeted_households" => self.targeted[1],
            "reached" => self.reached[0],
            "reached_households" => self.reached[1],
            "household_size" => self.household_size,
            "transfer.value" | "transfer.unit" => self.values.first().map(|(_, c)| *c).or(self.modality),
            "transfer.currency" => self.currency,
            "frequency" => self.frequency,
            "payments" => self.payments,
            "start" => self.start,
            "end" => self.end,
            "status" => self.status,
            "targeting_criteria" => self.criteria,
            "social_protection_link" => self.sp_link,
            _ => None,
        }
    }

    fn of(t: &'t HxlTable) -> Columns<'t> {
        let people = |tag: &str| [t.find(tag, &[], NOT_TOTAL), t.find(tag, &["hh"], &[])];
        let by_sex_age = |tag: &str| SEX_AGE.map(|(_, sex, age)| t.find(tag, &[sex, age], &[]));
        let mut values = value_columns(t, "transfer", ValueUnit::Household);
        values.extend(t.find_all("value", &["wage"], &[]).into_iter().map(|c| (ValueUnit::Day, c)));
        Columns {
            id: t.find("meta", &["id"], &[]),
            org: t.find("org", &["prog"], &[]).or_else(|| t.find("org", &[], &["impl", "funder", "funding", "donor"])),
            implementer: t.find("org", &["impl"], &[]),
            donor: t.find("org", &["funder"], &[]).or_else(|| t.find("org", &["funding"], &[])),
            sector: t.find("sector", &[], &[]),
            areas: AreaColumns::of(t),
            description: t.find("activity", &[], &["sp_link"]),
            site: t.find("loc", &["name"], &[]),
            site_code: t.find("loc", &["code"], &[]),
            month: t.find("date", &["reported"], &[]),
            latitude: t.find("geo", &["lat"], &[]),
            longitude: t.find("geo", &["lon"], &[]),
            modality: t.find("modality", &[], &["conditionality", "restriction"]),
            conditionality: t.find("modality", &["conditionality"], &[]),
            restriction: t.find("modality", &["restriction"], &[]),
            channel: t.find("channel", &[], &[]),
            targeted: people("targeted"),
            reached: people("reached"),
            targeted_by_sex_age: by_sex_age("targeted"),
            reached_by_sex_age: by_sex_age("reached"),
            values,
            currency: t.find("currency", &[], &[]),
            frequency: t.find("frequency", &[], &[]),
            payments: t.find("indicator", &["payments"], &[]),
            start: t.find("date", &["start"], &[]),
            end: t.find("date", &["end"], &[]),
            status: t.find("status", &[], &[]),
            criteria: t.find("beneficiary", &["criteria"], &[]),
            sp_link: t.find("activity", &["sp_link"], &[]),
            household_size: t.find("indicator", &["hhsize"], &[]),
        }
    }
}

pub(super) fn read(table: &HxlTable, plan: &Plan, errors: &mut Errors) -> Vec<(String, Activity)> {
    let c = Columns::of(table);
    let kind = TableKind::Activities;
    let present = [
        require(c.org, kind, "#org+prog (or #org)", "the reporting organisation", errors),
        require(c.sector, kind, "#sector", "the sector code or name", errors),
        require(c.areas.first(), kind, "#adm1+code (or a deeper #admN+code)", "the area P-code", errors),
    ];
    if !c.values.is_empty() {
        require_currency(c.currency, kind, plan, errors);
    }
    if present.contains(&false) || !errors.is_empty() {
        return Vec::new();
    }
    let known = AreaIndex::of(plan);
    let mut seen = Dedup::default();
    let mut activities = Vec::new();
    for row in &table.rows {
        let mut reader = RowReader { row, errors };
        let given_id = reader.owned(c.id);
        let mark = reader.errors.mark();
        let (activity, complete) = read_row(&mut reader, &c, plan, &known);
        let reported = Some((mark, complete));
        if !check_read_row(&activity, plan, row.number, |field| c.column(field), errors, reported) {
            continue;
        }
        let given = given_id.is_some();
        let (id, advice) = match given_id {
            Some(id) => (id, DUPLICATE_ID),
            None => (derived_activity_id(&activity), DUPLICATE_KEY),
        };
        if seen.first(&id, given, row.number, errors, advice) {
            activities.push((id, activity));
        }
    }
    activities
}

/// The row's activity, and whether its required fields (organisation, sector, area) could
/// be read; missing ones are left empty, so the rules can still check the rest of the row.
fn read_row(r: &mut RowReader, c: &Columns, plan: &Plan, known: &AreaIndex) -> (Activity, bool) {
    let reporting_org = r.required(c.org).map(str::to_string);
    let sector = r.sector(c.sector, plan);
    let area = r.area_required(&c.areas, known);
    let [targeted, targeted_households] = c.targeted.map(|col| r.count(col));
    let [reached, reached_households] = c.reached.map(|col| r.count(col));
    let targeted_by_sex_age = sex_age_from(c.targeted_by_sex_age.map(|col| r.count(col)));
    let reached_by_sex_age = sex_age_from(c.reached_by_sex_age.map(|col| r.count(col)));
    let value = r.unit_value(&c.values);
    let currency = match (value, c.currency) {
        // A value in a row whose currency cell is empty: the currency is not guessed; the
        // rules refuse the value without it.
        (Some(_), Some(column)) if r.text(Some(column)).is_none() => Some(String::new()),
        (Some(_), _) => r.currency_or_plan(c.currency, plan),
        (None, _) => r.currency(c.currency),
    };
    let transfer = value.zip(currency).map(|((unit, value), currency)| Transfer { value, unit, currency });
    let (start, end) = r.period(c.start, c.end);
    let activity = Activity {
        implementing_partner: r.owned(c.implementer),
        donor: r.owned(c.donor),
        description: r.owned(c.description).unwrap_or_default(),
        site: r.owned(c.site),
        site_code: r.owned(c.site_code),
        month: r.month(c.month),
        latitude: r.coordinate(c.latitude),
        longitude: r.coordinate(c.longitude),
        modality: r.vocab::<Modality>(c.modality),
        conditionality: r.vocab::<Conditionality>(c.conditionality),
        restriction: r.vocab::<Restriction>(c.restriction),
        delivery_mechanism: r.owned(c.channel),
        targeted,
        targeted_households,
        reached,
        reached_households,
        targeted_by_sex_age,
        reached_by_sex_age,
        household_size: r.positive(c.household_size),
        transfer,
        frequency: r.vocab::<Frequency>(c.frequency),
        payments: r.parse(c.payments, super::cells::COUNT, |t| {
            super::cells::parse_count(t).and_then(|n| u32::try_from(n).ok())
        }),
        start,
        end,
        status: r.vocab::<Status>(c.status).unwrap_or_default(),
        targeting_criteria: r.list(c.criteria),
        social_protection_link: r.vocab::<SocialProtectionLink>(c.sp_link).unwrap_or_default(),
        ..Activity::default()
    };
    let complete = reporting_org.is_some() && sector.is_some() && area.is_some();
    let activity = Activity {
        reporting_org: reporting_org.unwrap_or_default(),
        sector: sector.unwrap_or_default(),
        area: area.unwrap_or_default(),
        ..activity
    };
    (activity, complete)
}
