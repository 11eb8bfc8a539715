//! Keyed imports: which rows of a partner's file are new activities, which update an
//! activity the plan already has (and which of its fields change), which are unchanged and
//! which cannot be told apart — and, when the file replaces the partner's report for a
//! month, which activities it removes.
//!
//! A row is matched first by its id (the file's `#meta+id`, or the id the reader made from
//! its cells) and then, under a [`RowKey::Fields`] key, by the key fields: within one key,
//! rows identical to an activity are unchanged, and one remaining row against one remaining
//! activity is an update. More than one on either side cannot be paired safely: those rows
//! are conflicting, and a keyed import with conflicts is never applied. So a partner who
//! corrects one figure updates that activity instead of adding a second one.

#[cfg(test)]
mod tests;

use crate::model::rules::values::organisation_key;
use crate::model::sorting;
use crate::model::vocab::fold;
use crate::model::{Activity, Kind, Month, Plan};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use thiserror::Error;

/// The key field standing for the month of an activity's start date.
pub const START_MONTH: &str = "start_month";
/// The proposed key when the file has no id column.
pub const DEFAULT_KEY: [&str; 5] = ["reporting_org", "area", "sector", "description", START_MONTH];

/// How rows are matched to the activities already in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum RowKey {
    /// The file's own id column (`#meta+id`): a template's row id, or a reporting pack's.
    Id,
    /// These activity fields (keys of the activity's fields, or [`START_MONTH`]), compared
    /// without case, spacing or punctuation; organisations by the one organisation key.
    Fields { fields: Vec<String> },
    /// The old behaviour, only by explicit choice: an id made from the row's cells, so a
    /// corrected figure adds a second activity and the totals count it twice.
    WholeRow,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    #[error("`{name}` is not an activity field; use field names such as reporting_org, area, sector, description, start_month, or `id` or `whole-row`")]
    UnknownField { name: String },
    #[error("the key names no field; give at least one, e.g. reporting_org,area,sector,description,start_month")]
    Empty,
    #[error("the key is the file's id column, but the file has no #meta+id column; choose key fields instead")]
    NoIdColumn,
}

impl Default for RowKey {
    fn default() -> Self {
        RowKey::Fields { fields: DEFAULT_KEY.iter().map(|f| f.to_string()).collect() }
    }
}

impl RowKey {
    /// Reads `id`, `whole-row`, or a comma-separated list of fields, each given by its key
    /// (`reporting_org`), its hashtag (`#org+prog`) or its label (`Reporting organisation`).
    pub fn parse(text: &str) -> Result<RowKey, KeyError> {
        match fold(text).as_str() {
            "id" | "#metaid" | "metaid" => return Ok(RowKey::Id),
            "wholerow" | "allcells" => return Ok(RowKey::WholeRow),
            _ => {}
        }
        let mut fields = Vec::new();
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let field = key_field(name).ok_or_else(|| KeyError::UnknownField { name: name.to_string() })?;
            if !fields.iter().any(|f| f == field) {
                fields.push(field.to_string());
            }
        }
        if fields.is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(RowKey::Fields { fields })
    }

    /// The key for a file: the one chosen, else the file's id column when it has one, else
    /// the proposed key fields.
    pub fn resolve(chosen: Option<&RowKey>, has_id_column: bool) -> Result<RowKey, KeyError> {
        match chosen {
            Some(RowKey::Id) if !has_id_column => Err(KeyError::NoIdColumn),
            Some(RowKey::Fields { fields }) if fields.is_empty() => Err(KeyError::Empty),
            Some(key) => Ok(key.clone()),
            None if has_id_column => Ok(RowKey::Id),
            None => Ok(RowKey::default()),
        }
    }

    /// Whether this key can add a second activity for a corrected row (the warning shown).
    pub fn double_counts(&self) -> bool {
        *self == RowKey::WholeRow
    }

    /// The key as `--key` takes it.
    pub fn code(&self) -> String {
        match self {
            RowKey::Id => "id".into(),
            RowKey::WholeRow => "whole-row".into(),
            RowKey::Fields { fields } => fields.join(","),
        }
    }
}

/// The field key `name` stands for, if any.
pub fn key_field(name: &str) -> Option<&'static str> {
    let folded = fold(name);
    if folded == fold(START_MONTH) || folded == "startmonth" || folded == "month" {
        return Some(START_MONTH);
    }
    let admin_code = folded.strip_prefix("#adm").and_then(|rest| rest.strip_suffix("+code"));
    if admin_code.is_some_and(|level| !level.is_empty() && level.chars().all(|c| c.is_ascii_digit())) {
        return Some("area");
    }
    Activity::FIELDS
        .iter()
        .find(|f| fold(f.key) == folded || fold(f.hxl) == folded || fold(f.label) == folded)
        .map(|f| f.key)
}

/// The text an activity has under a key: one part per field, joined.
pub fn key_text(activity: &Activity, fields: &[String]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|field| match field.as_str() {
            START_MONTH => activity.start.map(|d| d.month_of().to_string()).unwrap_or_default(),
            "reporting_org" | "implementing_partner" | "donor" => organisation_key(&activity.field_text(field)),
            _ => fold(&activity.field_text(field)),
        })
        .collect();
    parts.join("\u{1f}")
}

/// The file replaces the report of the partners it names for this month: their activities
/// of the month that no row matches are removed, except those a row set aside stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    pub period: Month,
    pub set_aside: SetAside,
}

/// The rows of the file the checks set aside (a mistyped P-code, a negative count): a
/// partner's typo is no removal, so the activities they stand for stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetAside {
    /// The ids of those rows (the file's id column): their activities are not removed.
    pub ids: BTreeSet<String>,
    /// How many of them carry no id: the activities they stand for cannot be told, so any
    /// of them no other row matches is removed like the rest, and the preview warns so.
    /// (Holding every removal back instead would make a file with a few bad rows, which
    /// the real NW Syria 4W always has, unable ever to replace its month.)
    pub without_id: usize,
}

impl Replace {
    /// The month replaced, with no row set aside.
    pub fn month(period: Month) -> Replace {
        Replace { period, set_aside: SetAside::default() }
    }
}

/// Whether an activity runs in `month`: from its start month to its end month (its start
/// month alone when it has no end). An activity without a start date is in no month.
pub fn in_month(activity: &Activity, month: Month) -> bool {
    let Some(start) = activity.start.map(|d| d.month_of()) else { return false };
    let end = activity.end.map_or(start, |d| d.month_of());
    start <= month && month <= end
}

/// One field that an update changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's key (see the activity's fields for its label).
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// What a row of the file is.
#[derive(Debug, Clone, PartialEq)]
pub enum RowStatus {
    New,
    Update(Vec<FieldChange>),
    Unchanged,
    /// The key names `rows` rows of the file and `activities` activities of the plan that
    /// could be them, and their content does not tell which is which.
    Conflicting {
        rows: usize,
        activities: usize,
    },
}

/// A row of the file, in file order, with the id it is written under.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedRow {
    pub id: String,
    pub activity: Activity,
    pub status: RowStatus,
}

/// The counts a preview shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyedCounts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub conflicting: usize,
    pub removed: usize,
}

/// Every row classified, and what a replacing file removes.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyed {
    pub key: RowKey,
    pub rows: Vec<KeyedRow>,
    /// Ids of the activities removed, with the activity as it is.
    pub removed: Vec<(String, Activity)>,
    /// Rows whose key another row of the file shares (told apart by their whole content).
    pub shared_key_rows: usize,
    /// Rows set aside without an id in a replacing file (see [`SetAside::without_id`]).
    pub set_aside_without_id: usize,
}

impl Keyed {
    pub fn counts(&self) -> KeyedCounts {
        let mut counts = KeyedCounts { removed: self.removed.len(), ..KeyedCounts::default() };
        for row in &self.rows {
            match row.status {
                RowStatus::New => counts.new += 1,
                RowStatus::Update(_) => counts.updated += 1,
                RowStatus::Unchanged => counts.unchanged += 1,
                RowStatus::Conflicting { .. } => counts.conflicting += 1,
            }
        }
        counts
    }

    /// The activities to write: the new rows and the updates, in file order.
    pub fn puts(&self) -> Vec<(String, Activity)> {
        self.rows
            .iter()
            .filter(|r| matches!(r.status, RowStatus::New | RowStatus::Update(_)))
            .map(|r| (r.id.clone(), r.activity.clone()))
            .collect()
    }

    /// The counts per reporting organisation (by the one organisation key), for a round's
    /// receipts: the rows of each partner and the activities of each partner removed.
    pub fn counts_by_organisation(&self) -> BTreeMap<String, KeyedCounts> {
        let mut out: BTreeMap<String, KeyedCounts> = BTreeMap::new();
        for row in &self.rows {
            let counts = out.entry(organisation_key(&row.activity.reporting_org)).or_default();
            match row.status {
                RowStatus::New => counts.new += 1,
                RowStatus::Update(_) => counts.updated += 1,
                RowStatus::Unchanged => counts.unchanged += 1,
                RowStatus::Conflicting { .. } => counts.conflicting += 1,
            }
        }
        for (_, activity) in &self.removed {
            out.entry(organisation_key(&activity.reporting_org)).or_default().removed += 1;
        }
        out
    }
}

/// The fields whose text differs between `old` and `new`, in field order.
pub fn field_changes(old: &Activity, new: &Activity) -> Vec<FieldChange> {
    Activity::FIELDS
        .iter()
        .filter_map(|f| {
            let (before, after) = (old.field_text(f.key), new.field_text(f.key));
            (before != after).then_some(FieldChange { field: f.key, old: before, new: after })
        })
        .collect()
}

/// Classifies `incoming` (rows in file order, each with the id the reader gave it) against
/// the plan's live activities under `key`; with `replace`, the partners' activities of that
/// month that no row matches are removed.
pub fn classify(plan: &Plan, incoming: Vec<(String, Activity)>, key: &RowKey, replace: Option<Replace>) -> Keyed {
    let table = &plan.activities;
    // Row index → the existing id it is paired with.
    let mut paired: Vec<Option<String>> = vec![None; incoming.len()];
    let mut claimed: HashSet<String> = HashSet::new();
    let mut conflicts: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut shared_key_rows = 0;
    for (index, (id, _)) in incoming.iter().enumerate() {
        if table.get(id).is_some() {
            if claimed.insert(id.clone()) {
                paired[index] = Some(id.clone());
            } else {
                // The same id twice in the file: both rows cannot be that one activity.
                conflicts.insert(index, (2, 1));
            }
        }
    }
    if let RowKey::Fields { fields } = key {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut sizes: HashMap<String, usize> = HashMap::new();
        for (index, (_, activity)) in incoming.iter().enumerate() {
            let text = key_text(activity, fields);
            *sizes.entry(text.clone()).or_default() += 1;
            if paired[index].is_none() && !conflicts.contains_key(&index) {
                groups.entry(text).or_default().push(index);
            }
        }
        shared_key_rows = sizes.values().filter(|n| **n > 1).sum();
        let mut existing: HashMap<String, Vec<&str>> = HashMap::new();
        for record in table.live().filter(|r| !claimed.contains(&r.id)) {
            let text = key_text(&record.data, fields);
            if groups.contains_key(&text) {
                existing.entry(text).or_default().push(&record.id);
            }
        }
        for (text, rows) in groups {
            let mut left: Vec<&str> = existing.remove(&text).unwrap_or_default();
            let mut unpaired = Vec::new();
            for index in rows {
                let same = left.iter().position(|id| table.get(id).is_some_and(|r| r.data == incoming[index].1));
                match same {
                    Some(at) => paired[index] = Some(left.swap_remove(at).to_string()),
                    None => unpaired.push(index),
                }
            }
            match (unpaired.len(), left.len()) {
                (1, 1) => paired[unpaired[0]] = Some(left[0].to_string()),
                (_, 0) => {}
                (rows, activities) => {
                    for index in unpaired {
                        conflicts.insert(index, (rows, activities));
                    }
                }
            }
            claimed.extend(left.into_iter().map(str::to_string));
        }
        // Rows paired by content claim their activity too.
        claimed.extend(paired.iter().flatten().cloned());
    }
    let mut taken: HashSet<String> = HashSet::new();
    let rows: Vec<KeyedRow> = incoming
        .into_iter()
        .enumerate()
        .map(|(index, (id, activity))| {
            if let Some(&(rows, activities)) = conflicts.get(&index) {
                return KeyedRow { id, activity, status: RowStatus::Conflicting { rows, activities } };
            }
            match &paired[index] {
                Some(existing) => {
                    let old = table.get(existing).map(|r| &r.data);
                    let status = match old {
                        Some(old) if *old == activity => RowStatus::Unchanged,
                        Some(old) => RowStatus::Update(field_changes(old, &activity)),
                        None => RowStatus::New,
                    };
                    KeyedRow { id: existing.clone(), activity, status }
                }
                None => match free_id(plan, &id, key, &mut taken) {
                    Some(id) => KeyedRow { id, activity, status: RowStatus::New },
                    None => KeyedRow { id, activity, status: RowStatus::Conflicting { rows: 2, activities: 0 } },
                },
            }
        })
        .collect();
    let set_aside_without_id = replace.as_ref().map_or(0, |r| r.set_aside.without_id);
    let removed = match replace {
        Some(replace) => removals(plan, &rows, &claimed, &replace),
        None => Vec::new(),
    };
    Keyed { key: key.clone(), rows, removed, shared_key_rows, set_aside_without_id }
}

/// The id a new row is written under: its own, unless (under key fields) an activity the
/// key did not match has it, live or deleted, or an earlier new row took it. Under the id
/// column, an id an earlier row took is a conflict (None).
fn free_id(plan: &Plan, id: &str, key: &RowKey, taken: &mut HashSet<String>) -> Option<String> {
    if !matches!(key, RowKey::Fields { .. }) {
        return taken.insert(id.to_string()).then(|| id.to_string());
    }
    let free = |candidate: &str| plan.activities.entry(candidate).is_none() && !taken.contains(candidate);
    let mut candidate = id.to_string();
    let mut n = 2;
    while !free(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    Some(candidate)
}

/// The live activities of the file's partners in the month that no row matched and no row
/// set aside stands for.
fn removals(plan: &Plan, rows: &[KeyedRow], claimed: &HashSet<String>, replace: &Replace) -> Vec<(String, Activity)> {
    let partners: BTreeSet<String> = sorting::set_of(rows.iter().map(|r| organisation_key(&r.activity.reporting_org)));
    let kept: HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    plan.activities
        .live()
        .filter(|r| !kept.contains(r.id.as_str()) && !claimed.contains(&r.id) && !replace.set_aside.ids.contains(&r.id))
        .filter(|r| partners.contains(&organisation_key(&r.data.reporting_org)) && in_month(&r.data, replace.period))
        .map(|r| (r.id.clone(), r.data.clone()))
        .collect()
}
