//! `cashplan round`: open a round, see who is missing, write a partner's pack, edit it as the
//! partner would, receive it back (status and totals move by exactly the edit), receive it
//! again (nothing changes), roll forward and read the history.

mod cli_helpers;

use calamine::{open_workbook_auto, Data, Reader};
use cashplan::formats::xlsx::{write_xlsx, Cell, SheetData};
use cli_helpers::{cashplan, load, workdir};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/hxl/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn targeted(dir: &std::path::Path) -> u64 {
    load(&dir.join("p.json")).activities.live().filter_map(|r| r.data.targeted).sum()
}

/// The pack's report sheet with `People targeted` of the row with `id` set to `to`.
fn edit_pack(pack: &std::path::Path, out: &std::path::Path, to: i64) {
    let mut book = open_workbook_auto(pack).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    let (headers, tags) = (&rows[0], &rows[1]);
    let col = tags.iter().position(|t| t == "#targeted").unwrap();
    let food = rows.iter().position(|r| r.iter().any(|c| c == "Monthly food vouchers")).unwrap();
    let data = rows[2..]
        .iter()
        .enumerate()
        .map(|(i, r)| {
            r.iter()
                .enumerate()
                .map(|(c, v)| {
                    if c == col && i + 2 == food {
                        Cell::Integer(to)
                    } else if v.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(v.clone())
                    }
                })
                .collect()
        })
        .collect();
    let sheet = SheetData {
        name,
        columns: headers.iter().cloned().zip(tags.iter().cloned()).collect(),
        rows: data,
        lists: Vec::new(),
    };
    std::fs::write(out, write_xlsx(&[sheet]).unwrap()).unwrap();
}

/// `cashplan round receive` of the edited pack for March; what it printed.
fn receive_back(dir: &std::path::Path) -> String {
    let back = cashplan(dir, &["round", "receive", "p.json", "2024-03", "wfp-back.xlsx"]);
    assert_eq!(back.code, 0, "{}{}", back.stdout, back.stderr);
    back.stdout
}

#[test]
fn a_round_from_opening_to_a_second_identical_file() {
    let dir = workdir("round");
    assert_eq!(cashplan(&dir, &["new", "p.json", "--name", "P", "--country", "SYR"]).code, 0);
    assert_eq!(cashplan(&dir, &["import", "p.json", &fixture("areas.csv"), &fixture("activities.csv")]).code, 0);
    let open = cashplan(&dir, &["round", "open", "p.json", "2024-03", "--due", "2024-04-10"]);
    assert_eq!(open.code, 0, "{}{}", open.stdout, open.stderr);
    assert!(open.stdout.starts_with("Round 2024-03: 5 partners expected, due 2024-04-10."), "{}", open.stdout);
    let status = |today: &str| cashplan(&dir, &["round", "status", "p.json", "2024-03", "--today", today]).stdout;
    let before = status("2024-04-11");
    assert!(before.contains("WFP: late") && before.contains("IRC: late"), "{before}");
    assert!(before.contains("Reminders:\nIRC: your report for 2024-03 is late, due 2024-04-10."), "{before}");

    let pack = cashplan(&dir, &["round", "pack", "p.json", "2024-03", "--organisation", "wfp", "--out", "wfp.xlsx"]);
    assert_eq!(pack.code, 0, "{}{}", pack.stdout, pack.stderr);
    assert!(pack.stdout.contains("Wrote wfp.xlsx: 2 activities of wfp for 2024-03."), "{}", pack.stdout);
    let total = targeted(&dir);
    edit_pack(&dir.join("wfp.xlsx"), &dir.join("wfp-back.xlsx"), 61_000);

    let back = receive_back(&dir);
    assert!(back.contains("rows matched by key id: 0 new, 1 updated, 1 unchanged, 0 conflicting, 0 removed"), "{back}");
    assert!(back.contains("People targeted 60000 → 61000"), "{back}");
    assert_eq!(targeted(&dir), total + 1_000);
    let after = status("2024-04-11");
    assert!(
        after.contains("WFP: received (") && after.contains("wfp-back.xlsx: 0 new, 1 updated, 0 removed, 1 unchanged)"),
        "{after}"
    );
    assert!(!after.contains("WFP: your report"), "{after}");

    let again = cashplan(&dir, &["round", "receive", "p.json", "2024-03", "wfp-back.xlsx"]);
    assert!(again.stdout.contains("0 new, 0 updated, 2 unchanged, 0 conflicting, 0 removed"), "{}", again.stdout);
    assert_eq!(targeted(&dir), total + 1_000);

    let history = cashplan(&dir, &["round", "history", "p.json"]).stdout;
    assert_eq!(history.lines().filter(|l| l.contains(" WFP wfp-back.xlsx: ")).count(), 2, "{history}");

    let roll = cashplan(&dir, &["round", "roll", "p.json", "2024-03", "2024-04"]);
    assert!(roll.stdout.starts_with("1 activities of 2024-03 to copy into 2024-04 (preview"), "{}", roll.stdout);
    let live = load(&dir.join("p.json")).activities.len_live();
    assert_eq!(cashplan(&dir, &["round", "roll", "p.json", "2024-03", "2024-04", "--apply"]).code, 0);
    assert_eq!(
        load(&dir.join("p.json")).activities.len_live(),
        live + 1,
        "the one activity of March that April does not run"
    );
}

#[test]
fn the_pack_offers_drop_down_lists_of_the_accepted_values() {
    use std::io::Read;
    let dir = workdir("round-lists");
    assert_eq!(cashplan(&dir, &["new", "p.json", "--name", "P", "--country", "SYR"]).code, 0);
    assert_eq!(cashplan(&dir, &["import", "p.json", &fixture("areas.csv"), &fixture("activities.csv")]).code, 0);
    let pack = cashplan(&dir, &["round", "pack", "p.json", "2024-03", "--organisation", "wfp", "--out", "wfp.xlsx"]);
    assert_eq!(pack.code, 0, "{}{}", pack.stdout, pack.stderr);
    let file = std::fs::File::open(dir.join("wfp.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut report = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut report).unwrap();
    let plan = load(&dir.join("p.json"));
    let sectors = plan.sectors.live().filter(|s| !s.data.caseload).count();
    let areas = plan.areas.live().count();
    assert!(sectors > 0 && areas > 0);
    // Sector, modality and status each once; the area list on each admin level's P-code column.
    for (list, columns) in
        [(format!("$A$3:$A${}", sectors + 2), 1), ("$B$3:$B$".to_string(), 1), ("$C$3:$C$".into(), 1)]
            .into_iter()
            .chain([(format!("$D$3:$D${}", areas + 2), 4)])
    {
        let formula = format!("<formula1>Lists!{list}");
        assert_eq!(report.matches(&formula).count(), columns, "{formula} in {report}");
    }
    assert_eq!(report.matches(r#"<dataValidation type="list" errorStyle="warning""#).count(), 7, "{report}");
}

#[test]
fn a_returned_row_set_aside_keeps_its_activity() {
    let dir = workdir("round-set-aside");
    assert_eq!(cashplan(&dir, &["new", "p.json", "--name", "P", "--country", "SYR"]).code, 0);
    assert_eq!(cashplan(&dir, &["import", "p.json", &fixture("areas.csv"), &fixture("activities.csv")]).code, 0);
    assert_eq!(cashplan(&dir, &["round", "open", "p.json", "2024-03"]).code, 0);
    let pack = cashplan(&dir, &["round", "pack", "p.json", "2024-03", "--organisation", "wfp", "--out", "wfp.xlsx"]);
    assert_eq!(pack.code, 0, "{}{}", pack.stdout, pack.stderr);
    let (total, live) = (targeted(&dir), load(&dir.join("p.json")).activities.len_live());
    // The partner's typo: a negative count, which the checks set aside.
    edit_pack(&dir.join("wfp.xlsx"), &dir.join("wfp-back.xlsx"), -5);

    let back = receive_back(&dir);
    assert!(back.contains("0 new, 0 updated, 1 unchanged, 0 conflicting, 0 removed; 1 rows set aside"), "{back}");
    assert!(!back.contains("remove "), "the preview lists no removal: {back}");
    let plan = load(&dir.join("p.json"));
    assert_eq!(plan.activities.len_live(), live);
    assert!(plan.activities.live().any(|r| r.data.description == "Monthly food vouchers"));
    assert_eq!(targeted(&dir), total);
}
