//! A checked import matched to the plan's activities by a key (`engine::keyed`): the
//! activity batch is rewritten so that updates keep their activity's id (a new revision),
//! unchanged rows are left alone and a replacing file deletes what it no longer lists. The
//! whole import stays one change, applied only when no row is conflicting.

use super::hxl::table::HxlTable;
use super::hxl::{ImportBatch, Preview, TableKind};
use crate::engine::keyed::{classify, Keyed, KeyedCounts, Replace, RowKey, RowStatus};
use crate::model::{Activity, AnyRecords, Kind, Plan};
use thiserror::Error;

/// What `--key whole-row` and the app's "whole row" choice warn of.
pub const WHOLE_ROW_WARNING: &str = "rows are matched by all their cells: a partner who corrects one figure adds a second activity and the totals count it twice. Match by an id column or by key fields instead.";

/// The batches of one file with the activity rows classified.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedImport {
    /// To apply together, in order; the activity batch holds only new and updated rows.
    pub batches: Vec<ImportBatch>,
    /// The classification of the activity rows (empty when the file has none).
    pub keyed: Keyed,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{file}: nothing was imported; {rows} rows cannot be matched to one activity each (their key is shared and their content differs). Add a column to the key, an id column, or correct the rows.")]
pub struct KeyConflicts {
    pub file: String,
    pub rows: usize,
}

impl KeyedImport {
    pub fn counts(&self) -> KeyedCounts {
        self.keyed.counts()
    }

    /// The batches to apply, or the conflicts that stop them.
    pub fn ready(self) -> Result<Vec<ImportBatch>, KeyConflicts> {
        let rows = self.counts().conflicting;
        if rows > 0 {
            let file = self.batches.last().map(|b| b.file.clone()).unwrap_or_default();
            return Err(KeyConflicts { file, rows });
        }
        Ok(self.batches)
    }
}

/// Classifies the activity batch among `batches` (a file's, in order) under `key`, and
/// rewrites it; other batches pass through.
pub fn key_batches(batches: Vec<ImportBatch>, plan: &Plan, key: &RowKey, replace: Option<Replace>) -> KeyedImport {
    let mut keyed = classify(plan, Vec::new(), key, None);
    let batches = batches
        .into_iter()
        .map(|batch| {
            let ImportBatch { file, preview, records, warnings, organisations, removed, notes } = batch;
            let AnyRecords::Activities(rows) = records else {
                return ImportBatch { file, preview, records, warnings, organisations, removed, notes };
            };
            keyed = classify(plan, rows, key, replace.clone());
            let counts = keyed.counts();
            let preview = Preview {
                kind: TableKind::Activities,
                adds: counts.new,
                updates: counts.updated,
                unchanged: counts.unchanged,
            };
            let removed = keyed.removed.iter().map(|(id, _)| id.clone()).collect();
            ImportBatch {
                file,
                preview,
                records: AnyRecords::Activities(keyed.puts()),
                warnings,
                organisations,
                removed,
                notes,
            }
        })
        .collect();
    KeyedImport { batches, keyed }
}

/// The counts in words, as the command line and the preview say them.
pub fn counts_line(counts: &KeyedCounts) -> String {
    format!(
        "{} new, {} updated, {} unchanged, {} conflicting, {} removed",
        counts.new, counts.updated, counts.unchanged, counts.conflicting, counts.removed
    )
}

/// One line per row that changes something (updates with their fields old → new,
/// conflicts, removals), at most `limit`, then how many more; first, when rows set aside
/// without an id may stand for an activity removed, a warning.
pub fn change_lines(keyed: &Keyed, limit: usize) -> Vec<String> {
    let label = |key: &'static str| Activity::FIELDS.iter().find(|f| f.key == key).map_or(key, |f| f.label);
    let shown = |text: &str| if text.is_empty() { "(empty)".to_string() } else { text.to_string() };
    let mut lines = Vec::new();
    let unnamed = keyed.set_aside_without_id;
    if unnamed > 0 && !keyed.removed.is_empty() {
        let rows = if unnamed == 1 { "1 row".to_string() } else { format!("{unnamed} rows") };
        lines.push(format!(
            "check the removals: {rows} set aside without an id may stand for an activity listed as removed below; to keep it, correct the row and import the file again"
        ));
    }
    for row in &keyed.rows {
        let what = row.activity.describe(&row.id);
        match &row.status {
            RowStatus::Update(changes) => {
                let fields: Vec<String> = changes
                    .iter()
                    .map(|c| format!("{} {} → {}", label(c.field), shown(&c.old), shown(&c.new)))
                    .collect();
                lines.push(format!("update {what}: {}", fields.join("; ")));
            }
            RowStatus::Conflicting { rows, activities } => lines.push(format!(
                "conflicting {what}: its key names {rows} rows of the file and {activities} activities of the plan"
            )),
            RowStatus::New | RowStatus::Unchanged => {}
        }
    }
    for (id, activity) in &keyed.removed {
        lines.push(format!("remove {}", activity.describe(id)));
    }
    let total = lines.len();
    if total > limit {
        lines.truncate(limit);
        lines.push(format!("… and {} more", total - limit));
    }
    lines
}

/// Whether a file whose columns carry these hashtags has an id column.
pub fn has_id_column<'a>(hashtags: impl IntoIterator<Item = &'a str>) -> bool {
    hashtags.into_iter().any(is_id_column)
}

/// Whether a column with this hashtag is the file's id column (`#meta+id`).
pub fn is_id_column(hashtag: &str) -> bool {
    let tag = hashtag.trim().to_ascii_lowercase();
    tag == "#meta+id" || tag.starts_with("#meta+id+")
}

/// Whether an HXL CSV file has a `#meta+id` column.
pub fn hxl_has_id(file: &str, text: &str) -> bool {
    HxlTable::parse(file, text).is_ok_and(|t| t.has("meta", &["id"]))
}

/// HXL files' batches keyed by their id column, else the proposed key fields (the app's
/// HXL import): the batches to apply, or every conflict in words.
pub fn key_hxl_batches(
    batches: Vec<ImportBatch>,
    texts: &[(String, String)],
    plan: &Plan,
) -> Result<Vec<ImportBatch>, String> {
    let mut out = Vec::with_capacity(batches.len());
    for batch in batches {
        let has_id =
            texts.iter().find(|(name, _)| *name == batch.file).is_some_and(|(name, text)| hxl_has_id(name, text));
        let key = RowKey::resolve(None, has_id).unwrap_or_default();
        let import = key_batches(vec![batch], plan, &key, None);
        let lines = change_lines(&import.keyed, 30);
        match import.ready() {
            Ok(batches) => out.extend(batches),
            Err(conflicts) => {
                let mut message = conflicts.to_string();
                for line in lines.iter().filter(|l| l.starts_with("conflicting")) {
                    message.push_str("\n- ");
                    message.push_str(line);
                }
                return Err(message);
            }
        }
    }
    Ok(out)
}
