//! HXL-tagged CSV (hxlstandard.org): import of areas, needs, 5W activities, transfer value
//! standards, MEBs and exchange rates, and export of the same tables.
//!
//! An import is all-or-nothing: [`read_hxl`] checks the whole file against the plan without
//! changing it and returns either an [`ImportBatch`] (with a [`Preview`] of what it would add
//! and update) or every problem found, each naming the file, row and column.

mod activities;
mod areas;
mod cells;
mod errors;
mod export;
mod harmonisation;
mod many;
mod needs;
mod protect;
mod rules;
pub mod table;
mod write;

/// The records of one import, keyed by id (the registry's any-kind records).
pub use crate::model::AnyRecords as Records;
pub use activities::{derived_activity_id, SEX_AGE};
pub use errors::{id_note, HxlError, HxlWarning, ImportErrors, ERROR_CAP};
pub use export::write_table;
pub use harmonisation::{meb_id, rate_id, standard_id, OPERATIONAL_FROM};
pub use many::read_many;
pub use protect::protect_hxl;
pub(crate) use write::undefused;
pub use write::{write_hxl, HxlWriter};

use crate::model::change::{apply, Change};
use crate::model::{AnyRecords, Kind, Organisation, Plan, Registered, Stamp, Table, TableName};
use errors::Errors;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;
use table::HxlTable;
use thiserror::Error;

/// Which plan table an HXL file fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TableKind {
    Areas,
    Needs,
    Activities,
    Standards,
    Mebs,
    ExchangeRates,
}

impl TableKind {
    pub const ALL: [TableKind; 6] = [
        TableKind::Areas,
        TableKind::Needs,
        TableKind::Activities,
        TableKind::Standards,
        TableKind::Mebs,
        TableKind::ExchangeRates,
    ];

    /// The name accepted by `--as` and shown in messages.
    pub fn code(self) -> &'static str {
        match self {
            TableKind::Areas => "areas",
            TableKind::Needs => "needs",
            TableKind::Activities => "activities",
            TableKind::Standards => "standards",
            TableKind::Mebs => "meb",
            TableKind::ExchangeRates => "rates",
        }
    }

    /// The usual file name of the table's export and fixture.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.code())
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown table kind `{0}`; use one of: areas, needs, activities, standards, meb, rates")]
pub struct UnknownTableKind(pub String);

impl FromStr for TableKind {
    type Err = UnknownTableKind;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let kind = match crate::model::vocab::fold(text).as_str() {
            "areas" | "area" | "admin" => TableKind::Areas,
            "needs" | "need" | "pin" => TableKind::Needs,
            "activities" | "activity" | "5w" | "3w" | "4w" => TableKind::Activities,
            "standards" | "standard" | "transfervalues" => TableKind::Standards,
            "meb" | "mebs" => TableKind::Mebs,
            "rates" | "rate" | "exchangerates" | "fx" => TableKind::ExchangeRates,
            _ => return Err(UnknownTableKind(text.to_string())),
        };
        Ok(kind)
    }
}

/// Tells the table kind from the hashtags, most specific first.
pub fn recognise(table: &HxlTable) -> Option<TableKind> {
    if table.has("value", &["recommended"]) {
        Some(TableKind::Standards)
    } else if table.has("value", &["meb"]) {
        Some(TableKind::Mebs)
    } else if table.has("value", &["fx"]) {
        Some(TableKind::ExchangeRates)
    } else if table.has("inneed", &[]) {
        Some(TableKind::Needs)
    } else if ["org", "activity", "targeted", "reached"].iter().any(|t| table.has(t, &[])) {
        Some(TableKind::Activities)
    } else if table.has("adm1", &["code"]) {
        Some(TableKind::Areas)
    } else {
        None
    }
}

/// What applying an import would do to the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub kind: TableKind,
    /// Records whose id the plan does not have.
    pub adds: usize,
    /// Records the plan has with different content.
    pub updates: usize,
    /// Records the plan already has exactly so.
    pub unchanged: usize,
}

/// A checked import, ready to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportBatch {
    pub file: String,
    pub preview: Preview,
    /// The records, keyed by id, in file order.
    pub records: AnyRecords,
    /// What the rules flag in rows imported all the same.
    pub warnings: Vec<HxlWarning>,
    /// Organisations the rows name (reporting, implementing, funding) that the plan's
    /// Organisations table lacks: added with the rows, so the table lists every partner.
    pub organisations: Vec<(String, Organisation)>,
    /// Ids of this table's records the import removes (a keyed file replacing a partner's
    /// month, see `formats::keyed`).
    pub removed: Vec<String>,
    /// What the reader assumed for a column the file does not have, said in the preview.
    pub notes: Vec<ImportNote>,
}

/// A value the reader took for the whole file because no column gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportNote {
    /// Exchange rates without a `#currency+from` column: UN operational rates, as the cash 4W
    /// template's FX sheet gives them (units of the currency per US dollar).
    RatesPerUsDollar,
}

impl fmt::Display for ImportNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportNote::RatesPerUsDollar => write!(
                f,
                "no column gives the currency converted from (#currency+from): every rate is read as units of \
                 its currency per US dollar ({}), the UN operational rate; add a #currency+from column if not",
                harmonisation::OPERATIONAL_FROM
            ),
        }
    }
}

impl ImportBatch {
    pub fn kind(&self) -> TableKind {
        self.preview.kind
    }

    /// The change that writes every record into the plan (one new revision per changed
    /// record), with the organisations it names that the plan lacks.
    pub fn change(&self) -> Change {
        let records = Change::Put { records: self.records.clone() };
        if self.organisations.is_empty() && self.removed.is_empty() {
            return records;
        }
        let mut changes = vec![records];
        if !self.removed.is_empty() {
            changes.push(Change::delete(self.kind().table(), self.removed.clone()));
        }
        if !self.organisations.is_empty() {
            changes.push(Change::Put { records: Organisation::wrap_records(self.organisations.clone()) });
        }
        Change::Batch { changes }
    }

    /// Writes every record into the plan.
    pub fn apply(self, plan: &mut Plan, stamp: &Stamp) {
        apply(plan, self.change(), stamp);
    }
}

impl TableKind {
    /// The plan table this kind of file fills.
    pub fn table(self) -> TableName {
        match self {
            TableKind::Areas => TableName::Areas,
            TableKind::Needs => TableName::Needs,
            TableKind::Activities => TableName::Activities,
            TableKind::Standards => TableName::Standards,
            TableKind::Mebs => TableName::Mebs,
            TableKind::ExchangeRates => TableName::ExchangeRates,
        }
    }
}

/// The organisations a batch of activities names that the plan does not have, once each
/// (by the one organisation key), the first spelling met naming it.
fn new_organisations(records: &AnyRecords, plan: &Plan) -> Vec<(String, Organisation)> {
    let AnyRecords::Activities(rows) = records else { return Vec::new() };
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (_, activity) in rows {
        let names = [Some(&activity.reporting_org), activity.implementing_partner.as_ref(), activity.donor.as_ref()];
        for name in names.into_iter().flatten().filter(|n| !n.trim().is_empty()) {
            let id = Organisation::id_for(name);
            if plan.organisations.get(&id).is_none() && seen.insert(id.clone()) {
                out.push((id, Organisation::named(name)));
            }
        }
    }
    out
}

/// What applying `rows` to `table` would do.
fn preview_of<K: Kind>(kind: TableKind, table: &Table<K>, rows: &[(String, K)]) -> Preview {
    let mut preview = Preview { kind, adds: 0, updates: 0, unchanged: 0 };
    for (id, data) in rows {
        match table.get(id) {
            None => preview.adds += 1,
            Some(existing) if existing.data == *data => preview.unchanged += 1,
            Some(_) => preview.updates += 1,
        }
    }
    preview
}

/// The batch of `rows` for `plan`, with its preview.
fn batch_of<K: Kind>(file: &str, kind: TableKind, plan: &Plan, rows: Vec<(String, K)>) -> ImportBatch {
    let preview = preview_of(kind, K::table(plan), &rows);
    let records = K::wrap_records(rows);
    let organisations = new_organisations(&records, plan);
    ImportBatch {
        file: file.to_string(),
        preview,
        records,
        warnings: Vec::new(),
        organisations,
        removed: Vec::new(),
        notes: Vec::new(),
    }
}

/// Parses and checks an HXL CSV file against the plan without changing it. `kind` forces the
/// table kind; otherwise it is recognised from the hashtags.
pub fn read_hxl(
    file_name: &str,
    text: &str,
    kind: Option<TableKind>,
    plan: &Plan,
) -> Result<ImportBatch, ImportErrors> {
    let table = HxlTable::parse(file_name, text)?;
    let kind = kind
        .or_else(|| recognise(&table))
        .ok_or_else(|| HxlError::Unrecognised { file: file_name.to_string(), found: table.hashtag_list() })?;
    read_parsed(&table, kind, plan)
}

/// Like [`read_hxl`] for a table already parsed, so a caller reading one file as several
/// kinds (new areas, then activities) parses it once.
pub fn read_parsed(table: &HxlTable, kind: TableKind, plan: &Plan) -> Result<ImportBatch, ImportErrors> {
    read_checked(table, kind, plan, Errors::new(&table.file))
}

/// Like [`read_parsed`] with every problem listed (no [`ERROR_CAP`]), so a caller that sets
/// aside the rows with problems finds them all in one reading.
pub fn read_parsed_all(table: &HxlTable, kind: TableKind, plan: &Plan) -> Result<ImportBatch, ImportErrors> {
    read_checked(table, kind, plan, Errors::all(&table.file))
}

fn read_checked(
    table: &HxlTable,
    kind: TableKind,
    plan: &Plan,
    mut errors: Errors,
) -> Result<ImportBatch, ImportErrors> {
    let file_name = table.file.as_str();
    let batch = match kind {
        TableKind::Areas => batch_of(file_name, kind, plan, areas::read(table, plan, &mut errors)),
        TableKind::Needs => batch_of(file_name, kind, plan, needs::read(table, plan, &mut errors)),
        TableKind::Activities => batch_of(file_name, kind, plan, activities::read(table, plan, &mut errors)),
        TableKind::Standards => {
            batch_of(file_name, kind, plan, harmonisation::read_standards(table, plan, &mut errors))
        }
        TableKind::Mebs => batch_of(file_name, kind, plan, harmonisation::read_mebs(table, plan, &mut errors)),
        TableKind::ExchangeRates => {
            batch_of(file_name, kind, plan, harmonisation::read_rates(table, plan, &mut errors))
        }
    };
    let warnings = errors.into_result()?;
    let notes = harmonisation::notes(table, kind);
    Ok(ImportBatch { warnings, notes, ..batch })
}
