//! The spreadsheet import keyed to the plan's activities (`formats::keyed`): when the rows
//! come back checked, their activity batch is matched by the mapping's key (else the id
//! column, else the proposed fields), with the replace month the user gave, so the preview
//! says per row new, update (old → new), unchanged or conflicting and what is removed, and
//! the import applies exactly that.

use super::sheet_flow::Draft;
use crate::engine::keyed::{Replace, RowKey};
use crate::formats::keyed::{has_id_column, key_batches};
use crate::formats::sheet::{SheetImport, SheetImportErrors};
use crate::model::{Month, Plan};
use std::rc::Rc;

/// Whether the draft's mapping gives the sheet an id column.
pub fn draft_has_id(draft: &Draft) -> bool {
    has_id_column(draft.mapping.columns.iter().filter_map(|c| c.hashtag.as_deref()))
}

/// The key the draft's rows are matched by, or why it cannot be used.
pub fn draft_key(draft: &Draft) -> Result<RowKey, String> {
    RowKey::resolve(draft.mapping.key.as_ref(), draft_has_id(draft)).map_err(|e| e.to_string())
}

/// Reads the replace month typed on the mapping screen: empty is none.
pub fn read_replace(text: &str) -> Result<Option<Month>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Month::parse(text).map(Some).ok_or_else(|| format!("“{text}” is not a month: write it as YYYY-MM, e.g. 2024-03."))
}

/// The checked rows keyed: the draft carries the classification, the result the batches
/// to apply. A key that cannot be used refuses the whole file.
pub fn key_checked(
    mut draft: Draft,
    plan: &Plan,
    result: Rc<Result<SheetImport, SheetImportErrors>>,
) -> (Draft, Rc<Result<SheetImport, SheetImportErrors>>) {
    draft.keyed = None;
    if result.is_err() {
        return (draft, result);
    }
    let mut import = match Rc::try_unwrap(result).unwrap_or_else(|shared| (*shared).clone()) {
        Ok(import) => import,
        Err(errors) => return (draft, Rc::new(Err(errors))),
    };
    let key = match draft_key(&draft) {
        Ok(key) => key,
        Err(message) => {
            let refused = SheetImportErrors {
                whole_file: vec![format!("{}: {message}", import.file)],
                rows: Vec::new(),
                warnings: import.warnings,
                file: import.file,
            };
            return (draft, Rc::new(Err(refused)));
        }
    };
    let replace = draft.replace.map(|period| Replace { period, set_aside: import.set_aside.clone() });
    let keyed = key_batches(std::mem::take(&mut import.batches), plan, &key, replace);
    import.batches = keyed.batches;
    draft.keyed = Some(Rc::new(keyed.keyed));
    (draft, Rc::new(Ok(import)))
}

/// Whether the draft's last check left rows that cannot be matched (the import waits).
pub fn has_conflicts(draft: &Draft) -> bool {
    draft.keyed.as_ref().is_some_and(|k| k.counts().conflicting > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::sheet::{prepare, propose_mapping, read_table, SheetOptions};
    use crate::model::change::{apply, Change};
    use crate::model::Stamp;

    const OPTIONS: SheetOptions = SheetOptions { create_areas: true, skip_bad_rows: false };

    fn stamp() -> Stamp {
        Stamp { at: "2024-03-01T00:00:00Z".into(), by: "test".into() }
    }

    fn sheet(rows: &[&str]) -> String {
        let mut text = "Partner,Cluster,Pcode,Governorate,People,Start\n".to_string();
        text.push_str("#org+prog,#sector,#adm1+code,#adm1+name,#targeted,#date+start\n");
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text
    }

    fn checked(
        text: &str,
        plan: &Plan,
        key: Option<RowKey>,
        replace: Option<&str>,
    ) -> (Draft, Rc<Result<SheetImport, SheetImportErrors>>) {
        let raw = read_table("partner.csv", text.as_bytes(), None).unwrap();
        let mut mapping = propose_mapping(&raw);
        mapping.key = key;
        let result = Rc::new(prepare(&raw, &mapping, plan, &OPTIONS));
        let draft = Draft {
            raw: Rc::new(raw),
            mapping,
            options: OPTIONS,
            remembered: false,
            findings: Rc::new(Vec::new()),
            page: 0,
            replace: replace.map(|m| read_replace(m).unwrap().unwrap()),
            keyed: None,
        };
        key_checked(draft, plan, result)
    }

    fn apply_checked(plan: &mut Plan, result: &Result<SheetImport, SheetImportErrors>) {
        let changes = result.as_ref().unwrap().batches.iter().map(|b| b.change()).collect();
        apply(plan, Change::Batch { changes }, &stamp());
    }

    #[test]
    fn the_preview_says_what_each_row_does_and_the_import_applies_exactly_that() {
        let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp());
        let march = ["WFP,MPC,SY01,Damascus,100,2024-03-01", "WFP,MPC,SY02,Aleppo,200,2024-03-01"];
        let (_, first) = checked(&sheet(&march), &plan, None, None);
        apply_checked(&mut plan, &first);
        assert_eq!(plan.activities.len_live(), 2);

        let corrected = sheet(&["WFP,MPC,SY01,Damascus,150,2024-03-01"]);
        let (draft, result) = checked(&corrected, &plan, None, Some("2024-03"));
        let counts = draft.keyed.as_ref().unwrap().counts();
        assert_eq!((counts.new, counts.updated, counts.unchanged, counts.removed), (0, 1, 0, 1));
        assert!(!has_conflicts(&draft));
        apply_checked(&mut plan, &result);
        let targeted: Vec<u64> = plan.activities.live().filter_map(|r| r.data.targeted).collect();
        assert_eq!(targeted, [150], "updated in place, the row left out removed");

        // Every cell as the key, by choice: the corrected row would be a second activity.
        let (draft, _) =
            checked(&sheet(&["WFP,MPC,SY01,Damascus,170,2024-03-01"]), &plan, Some(RowKey::WholeRow), None);
        assert_eq!(draft.keyed.as_ref().map(|k| (k.counts().new, k.key.double_counts())), Some((1, true)));
        // The id column chosen for a sheet without one refuses the file.
        let (draft, result) = checked(&corrected, &plan, Some(RowKey::Id), None);
        assert!(draft.keyed.is_none());
        assert!(result.as_ref().as_ref().unwrap_err().whole_file[0].contains("no #meta+id column"));
        assert_eq!(read_replace(" "), Ok(None));
        assert!(read_replace("March").unwrap_err().contains("YYYY-MM"));
    }

    #[test]
    fn import_stays_disabled_while_preview_rows_conflict() {
        use crate::ui::sheet_flow::{SheetMsg, SheetStage};
        use crate::ui::state::{fixtures, Action, AppState};
        let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp());
        let (_, first) = checked(&sheet(&["WFP,MPC,SY01,Damascus,100,2024-03-01"]), &plan, None, None);
        apply_checked(&mut plan, &first);
        let preview = |rows: &[&str], plan: &Plan| {
            let (draft, result) = checked(&sheet(rows), plan, None, None);
            let mut state = AppState::default();
            state.plan = Some(Rc::new(plan.clone()));
            state.sheet = SheetStage::Preview(draft, result);
            state
        };

        // Two rows with one key and different figures: which one updates the activity?
        let twice = ["WFP,MPC,SY01,Damascus,150,2024-03-01", "WFP,MPC,SY01,Damascus,170,2024-03-01"];
        let state = preview(&twice, &plan);
        let SheetStage::Preview(draft, result) = &state.sheet else { unreachable!() };
        assert!(result.is_ok() && has_conflicts(draft), "the rows check, the keys conflict");
        let (sheet, plan_before, revision) = (state.sheet.clone(), state.plan.clone().unwrap(), state.revision);
        let (state, effects) = state.update(Action::Sheet(SheetMsg::Import), &fixtures::context());
        assert_eq!(effects, [], "nothing is scheduled");
        assert_eq!(state.sheet, sheet, "the preview stays, its Import still withheld");
        assert!(Rc::ptr_eq(state.plan.as_ref().unwrap(), &plan_before) && state.revision == revision);
        let (state, _) = state.update(Action::Sheet(SheetMsg::Apply), &fixtures::context());
        assert_eq!(state.plan.as_ref().unwrap().activities.len_live(), 1);
        assert_eq!(state.plan.as_ref().unwrap().activities.live().next().unwrap().data.targeted, Some(100));

        // The same file with the key told apart (one row): Import goes ahead.
        let state = preview(&twice[..1], &plan);
        let (state, effects) = state.update(Action::Sheet(SheetMsg::Import), &fixtures::context());
        assert!(matches!(state.sheet, SheetStage::Adding(..)), "{:?}", state.sheet);
        assert_eq!(effects.len(), 1);
    }
}
