//! Importing several HXL files at once (a partner's areas, needs and 5W together): ordered
//! so that areas come before what refers to them, validated as one all-or-nothing change.

use super::table::HxlTable;
use super::{read_hxl, recognise, ImportBatch, ImportErrors, TableKind};
use crate::model::sorting;
use crate::model::{Plan, Stamp};

/// Areas first (others refer to them), then the harmonisation inputs, needs, activities.
fn rank(kind: Option<TableKind>) -> u8 {
    match kind {
        Some(TableKind::Areas) => 0,
        Some(TableKind::ExchangeRates) => 1,
        Some(TableKind::Mebs) => 2,
        Some(TableKind::Standards) => 3,
        Some(TableKind::Needs) => 4,
        Some(TableKind::Activities) => 5,
        None => 6,
    }
}

/// Reads every file against the plan as the earlier files would leave it. Returns the
/// batches in the order they must be applied, or every error of every file.
pub fn read_many(files: &[(String, String)], plan: &Plan) -> Result<Vec<ImportBatch>, ImportErrors> {
    let mut ordered: Vec<&(String, String)> = files.iter().collect();
    sorting::sort_by_key(&mut ordered, |(name, text)| {
        rank(HxlTable::parse(name, text).ok().as_ref().and_then(recognise))
    });
    let mut working = plan.clone();
    let mut batches = Vec::new();
    let mut errors = Vec::new();
    // Validation only: the stamp never reaches the caller's plan.
    let scratch = Stamp { at: String::new(), by: String::new() };
    for (name, text) in ordered {
        match read_hxl(name, text, None, &working) {
            Ok(batch) => {
                batch.clone().apply(&mut working, &scratch);
                batches.push(batch);
            }
            Err(ImportErrors(found)) => errors.extend(found),
        }
    }
    if errors.is_empty() {
        Ok(batches)
    } else {
        Err(ImportErrors(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan::new("p", "Plan", "SYR", "USD", &Stamp { at: "t".into(), by: "me".into() })
    }

    const AREAS: &str = "#adm1+code,#adm1+name\nSY02,Aleppo\n";
    const NEEDS: &str = "#adm1+code,#sector,#inneed\nSY02,MPC,1000\n";

    #[test]
    fn needs_listed_before_their_areas_still_import() {
        let files = vec![("needs.csv".to_string(), NEEDS.to_string()), ("areas.csv".to_string(), AREAS.to_string())];
        let batches = read_many(&files, &plan()).unwrap();
        assert_eq!(batches.iter().map(ImportBatch::kind).collect::<Vec<_>>(), [TableKind::Areas, TableKind::Needs]);
    }

    #[test]
    fn one_bad_file_fails_the_whole_import_with_every_error() {
        let bad = "#adm1+code,#sector,#inneed\nSY99,MPC,-4\n";
        let files = vec![("areas.csv".to_string(), AREAS.to_string()), ("bad.csv".to_string(), bad.to_string())];
        let errors = read_many(&files, &plan()).unwrap_err();
        let text = errors.to_string();
        assert!(text.contains("bad.csv"), "{text}");
        assert!(errors.0.len() >= 2, "unknown P-code and negative count: {text}");
    }
}
