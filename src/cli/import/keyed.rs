//! `cashplan import … --key COLUMNS --replace-period YYYY-MM`: a file's activity rows
//! matched to the plan's by their key (`engine::keyed`), with the same classification the
//! app's preview shows, printed before anything is written.

use super::{CliError, Problems};
use crate::cli::args::Args;
use crate::engine::keyed::{Replace, RowKey, SetAside};
use crate::formats::hxl::ImportBatch;
pub(super) use crate::formats::keyed::hxl_has_id;
use crate::formats::keyed::{change_lines, counts_line, has_id_column, key_batches, WHOLE_ROW_WARNING};
use crate::model::{Month, Plan};

/// Change lines printed per file; past this, how many more.
const LISTED: usize = 40;

pub(super) struct KeyOptions {
    key: Option<RowKey>,
    replace: Option<Month>,
}

impl KeyOptions {
    pub fn from_args(args: &Args) -> Result<KeyOptions, CliError> {
        let key = match args.value("--key") {
            None => None,
            Some(text) => Some(RowKey::parse(text).map_err(|e| args.usage_error(&format!("--key: {e}")))?),
        };
        let replace = match args.value("--replace-period") {
            None => None,
            Some(text) => {
                let period = Month::parse(text.trim()).ok_or_else(|| {
                    args.usage_error(&format!("--replace-period: `{text}` is not a month; write it as YYYY-MM"))
                })?;
                Some(period)
            }
        };
        Ok(KeyOptions { key, replace })
    }
}

/// Whether a column mapping gives the sheet an id column.
pub(super) fn mapping_has_id(mapping: &crate::formats::sheet::ColumnMapping) -> bool {
    has_id_column(mapping.columns.iter().filter_map(|c| c.hashtag.as_deref()))
}

/// Keys the file's activity batch (the key given, else the mapping's, else the id column
/// or the proposed fields), prints what it does, and returns the batches to apply. The ids
/// of the rows `set_aside` keep their activities when the file replaces a month.
pub(super) fn key_file(
    file: &str,
    batches: Vec<ImportBatch>,
    plan: &Plan,
    options: &KeyOptions,
    remembered: Option<&RowKey>,
    has_id: bool,
    set_aside: SetAside,
) -> Result<Vec<ImportBatch>, Problems> {
    if !batches.iter().any(|b| b.kind() == crate::formats::hxl::TableKind::Activities) {
        if options.key.is_some() || options.replace.is_some() {
            return Err(Problems::one(format!(
                "{file}: --key and --replace-period match activity rows, and this file has none."
            )));
        }
        return Ok(batches);
    }
    let key = RowKey::resolve(options.key.as_ref().or(remembered), has_id)
        .map_err(|e| Problems::one(format!("{file}: {e}")))?;
    if key.double_counts() {
        println!("{file}: warning: {WHOLE_ROW_WARNING}");
    }
    let import = key_batches(batches, plan, &key, options.replace.map(|period| Replace { period, set_aside }));
    let counts = import.counts();
    let asked = options.key.is_some() || options.replace.is_some();
    if !asked && counts.updated + counts.removed + counts.conflicting == 0 {
        // Only new and unchanged rows: the preview line says it all.
        return import.ready().map_err(|e| Problems::one(e.to_string()));
    }
    let mut line = format!("{file}: rows matched by key {}: {}", key.code(), counts_line(&counts));
    if let Some(period) = options.replace {
        line.push_str(&format!(" (the file replaces its partners' activities of {period})"));
    }
    println!("{line}");
    let changes = change_lines(&import.keyed, LISTED);
    if counts.conflicting > 0 {
        let mut found = Problems::default();
        let conflicts = import.clone().ready().err().map(|e| e.to_string()).unwrap_or_default();
        found.lines.push(conflicts);
        found.lines.extend(changes.into_iter().filter(|l| l.starts_with("conflicting")));
        found.count = counts.conflicting;
        return Err(found);
    }
    for change in changes {
        println!("  {change}");
    }
    import.ready().map_err(|e| Problems::one(e.to_string()))
}
