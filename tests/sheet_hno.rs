//! The HNO as published imports in one pass: a workbook with a blank first row, the header on
//! row 2, one people-in-need column per sector (and a severity), formulas, a totals row, and
//! the inter-sector PiN on another sheet. Sector columns become one need per area and sector;
//! multipurpose cash is then measured against the inter-sector PiN in the gap report.

mod cli_helpers;

use cashplan::engine::gaps::{analyse, GapQuery};
use cashplan::formats::hxl::read_hxl;
use cashplan::formats::sheet::*;
use cashplan::model::{Plan, Stamp};
use rust_xlsxwriter::{Formula, Workbook};

fn stamp() -> Stamp {
    Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() }
}

const OPTIONS: SheetOptions = SheetOptions { create_areas: true, skip_bad_rows: false };
const NO_AREAS: SheetOptions = SheetOptions { create_areas: false, skip_bad_rows: false };

/// The areas (admin 1 and 2, English and Arabic names) and their people in need by sector.
type Area = (&'static str, &'static str, &'static str, &'static str, &'static str, [u32; 4], u8);
const AREAS: [Area; 3] = [
    ("SY02", "Aleppo", "حلب", "SY0200", "Jebel Saman", [1000, 800, 0, 500], 4),
    ("SY02", "Aleppo", "حلب", "SY0203", "Afrin", [600, 400, 300, 0], 3),
    ("SY07", "Idleb", "إدلب", "SY0700", "Idleb", [2000, 1500, 900, 700], 5),
];
const INTER_SECTOR: [u32; 3] = [1200, 700, 2400];

fn hno_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("PiN by sector").unwrap();
    // Row 1 is blank; the header is on row 2 (index 1).
    let headers = [
        "admin1Pcode",
        "admin1Name_en",
        "admin1Name_ar",
        "admin2Pcode",
        "admin2Name_en",
        "Food_PIN",
        "WASH_PIN",
        "Shelter_PIN",
        "Health_PIN",
        "Food_Severity",
        "Total sectors",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (a1, n1, ar, a2, n2, pins, severity)) in AREAS.iter().enumerate() {
        let row = r as u32 + 2;
        for (c, text) in [a1, n1, ar, a2, n2].iter().enumerate() {
            sheet.write_string(row, c as u16, **text).unwrap();
        }
        for (c, pin) in pins.iter().enumerate() {
            // Zero PiN cells are blank in the published files.
            if *pin > 0 {
                sheet.write_number(row, 5 + c as u16, f64::from(*pin)).unwrap();
            }
        }
        sheet.write_number(row, 9, f64::from(*severity)).unwrap();
        let sum: u32 = pins.iter().sum();
        let excel_row = row + 1;
        let formula = Formula::new(format!("=SUM(F{excel_row}:I{excel_row})")).set_result(sum.to_string());
        sheet.write_formula(row, 10, formula).unwrap();
    }
    let totals = AREAS.len() as u32 + 2;
    sheet.write_string(totals, 0, "Total").unwrap();
    for c in 5..9u16 {
        let sum: u32 = AREAS.iter().map(|a| a.5[usize::from(c - 5)]).sum();
        let letter = (b'A' + c as u8) as char;
        let formula = Formula::new(format!("=SUM({letter}3:{letter}5)")).set_result(sum.to_string());
        sheet.write_formula(totals, c, formula).unwrap();
    }
    let is = book.add_worksheet();
    is.set_name("Inter-sector").unwrap();
    for (c, h) in ["admin2Pcode", "admin2Name_en", "Intersector_PIN", "Intersector_Severity"].iter().enumerate() {
        is.write_string(0, c as u16, *h).unwrap();
    }
    for (r, ((_, _, _, code, name, _, severity), pin)) in AREAS.iter().zip(INTER_SECTOR).enumerate() {
        let row = r as u32 + 1;
        is.write_string(row, 0, *code).unwrap();
        is.write_string(row, 1, *name).unwrap();
        is.write_number(row, 2, f64::from(pin)).unwrap();
        is.write_number(row, 3, f64::from(*severity)).unwrap();
    }
    book.save_to_buffer().unwrap()
}

fn need(plan: &Plan, area: &str, sector: &str) -> Option<cashplan::model::Need> {
    plan.needs.live().find(|r| r.data.area == area && r.data.sector == sector).map(|r| r.data.clone())
}

fn import_sheet(plan: &mut Plan, bytes: &[u8], sheet: &str) -> SheetImport {
    let raw = read_table("hno.xlsx", bytes, Some(sheet)).unwrap_or_else(|e| panic!("{e}"));
    let mapping = propose_mapping(&raw);
    let import = prepare(&raw, &mapping, plan, &OPTIONS).unwrap_or_else(|e| panic!("{e}"));
    for batch in import.batches.clone() {
        batch.apply(plan, &stamp());
    }
    import
}

#[test]
fn the_published_hno_imports_in_one_pass_and_mpc_is_measured_against_the_inter_sector_pin() {
    let bytes = hno_workbook();
    let mut plan = Plan::new("p", "Syria", "SYR", "USD", &stamp());

    let raw = read_table("hno.xlsx", &bytes, Some("PiN by sector")).unwrap();
    assert_eq!(raw.header_row, 2);
    let mapping = propose_mapping(&raw);
    let proposed: Vec<(String, Option<String>, Option<String>)> = mapping
        .columns
        .iter()
        .map(|c| (c.header.clone(), c.hashtag.clone(), c.per.as_ref().map(|p| p.value.clone())))
        .collect();
    let expect = |h: &str, tag: Option<&str>, per: Option<&str>| {
        (h.to_string(), tag.map(str::to_string), per.map(str::to_string))
    };
    assert_eq!(
        proposed,
        [
            expect("admin1Pcode", Some("#adm1+code"), None),
            expect("admin1Name_en", Some("#adm1+name"), None),
            expect("admin1Name_ar", Some("#adm1+name+i_ar"), None),
            expect("admin2Pcode", Some("#adm2+code"), None),
            expect("admin2Name_en", Some("#adm2+name"), None),
            expect("Food_PIN", Some("#inneed"), Some("FSC")),
            expect("WASH_PIN", Some("#inneed"), Some("WSH")),
            expect("Shelter_PIN", Some("#inneed"), Some("SHL")),
            expect("Health_PIN", Some("#inneed"), Some("HEA")),
            expect("Food_Severity", Some("#severity"), Some("FSC")),
            expect("Total sectors", None, None),
        ]
    );

    let import = import_sheet(&mut plan, &bytes, "PiN by sector");
    let areas: Vec<String> = plan.areas.live().map(|r| format!("{} {}", r.id, r.data.name)).collect();
    assert_eq!(import.areas_created(), 5, "2 governorates and 3 districts: {areas:?}");
    // 3 areas × 4 sectors, less the two blank cells.
    assert_eq!(import.preview().unwrap().adds, 10);
    assert!(import.rejected.is_empty());
    assert_eq!(import.warnings_by_kind().get(&WarningKind::TotalsRow), Some(&1));
    assert_eq!(need(&plan, "SY0700", "FSC").map(|n| (n.people_in_need, n.severity)), Some((2000, Some(5))));
    assert_eq!(need(&plan, "SY0203", "HEA"), None, "a blank PiN cell is no need");
    assert_eq!(plan.areas.get("SY07").map(|r| r.data.name.clone()), Some("Idleb".into()));

    let import = import_sheet(&mut plan, &bytes, "Inter-sector");
    assert_eq!(import.preview().unwrap().adds, 3);
    assert_eq!(need(&plan, "SY0203", "IS").map(|n| n.people_in_need), Some(700));

    // Multipurpose cash reported by a partner: its coverage is against the inter-sector PiN.
    let activities = "Org,Sector,Pcode,Modality,Value,Currency,Targeted,Reached,Status\n\
        #org+prog,#sector,#adm2+code,#modality,#value+transfer+hh,#currency,#targeted,#reached,#status\n\
        Org A,MPC,SY0203,cash,100,USD,350,350,ongoing\n";
    read_hxl("4w.csv", activities, None, &plan).unwrap().apply(&mut plan, &stamp());
    let report = analyse(&plan, &GapQuery { level: Some(2), period: None });
    let mpc = report.cells.iter().find(|c| c.area == "SY0203" && c.sector == "MPC").unwrap();
    assert_eq!((mpc.pin, mpc.measured_against.as_deref(), mpc.gap), (Some(700), Some("IS"), Some(350)));
    assert_eq!(mpc.coverage.map(|p| p.to_string()).as_deref(), Some("50.0"));
    let totals = report.areas.iter().find(|a| a.area == "SY0203").unwrap();
    assert_eq!(totals.inter_sector_pin, Some(700));
}

#[test]
fn a_value_fixed_for_the_whole_file_sets_the_sector_of_every_row() {
    let text = "Admin 2 Pcode,District,People in need\nSY0203,Afrin,500\nSY0700,Idleb,900\n";
    let raw = read_table("food.csv", text.as_bytes(), None).unwrap();
    let mut mapping = propose_mapping(&raw);
    let mut plan = Plan::new("p", "Syria", "SYR", "USD", &stamp());
    let areas = "P,Name,Parent\n#adm2+code,#adm2+name,#adm1+code\nSY0203,Afrin,\nSY0700,Idleb,\n";
    read_hxl("areas.csv", areas, None, &plan).unwrap_or_else(|e| panic!("{e}")).apply(&mut plan, &stamp());
    assert!(prepare(&raw, &mapping, &plan, &NO_AREAS).is_err(), "no sector");
    mapping.fixed.insert("#sector".into(), "FSC".into());
    let import = prepare(&raw, &mapping, &plan, &NO_AREAS).unwrap_or_else(|e| panic!("{e}"));
    for batch in import.batches {
        batch.apply(&mut plan, &stamp());
    }
    let mut needs: Vec<(String, String, u64)> =
        plan.needs.live().map(|r| (r.data.area.clone(), r.data.sector.clone(), r.data.people_in_need)).collect();
    needs.sort();
    assert_eq!(needs, [("SY0203".into(), "FSC".into(), 500), ("SY0700".into(), "FSC".into(), 900)]);
    // The mapping file keeps it.
    let again = read_mapping_file("m.json", &write_mapping_file(&mapping)).unwrap();
    assert_eq!(again.fixed.get("#sector").map(String::as_str), Some("FSC"));
}

#[test]
fn cashplan_propose_prints_the_mapping_that_import_then_uses() {
    let dir = cli_helpers::workdir("propose-hno");
    std::fs::write(dir.join("hno.xlsx"), hno_workbook()).unwrap();
    let proposed = cli_helpers::cashplan(&dir, &["propose", "hno.xlsx", "--sheet", "PiN by sector"]);
    assert_eq!(proposed.code, 0, "{}", proposed.stderr);
    let mapping = read_mapping_file("stdout", &proposed.stdout).unwrap_or_else(|e| panic!("{e}\n{}", proposed.stdout));
    let per: Vec<&str> = mapping.columns.iter().filter_map(|c| c.per.as_ref().map(|p| p.value.as_str())).collect();
    assert_eq!(per, ["FSC", "WSH", "SHL", "HEA", "FSC"]);
    std::fs::write(dir.join("hno.mapping.json"), &proposed.stdout).unwrap();
    assert_eq!(cli_helpers::cashplan(&dir, &["new", "p.json", "--name", "S", "--country", "SYR"]).code, 0);
    let args =
        ["import", "p.json", "hno.xlsx", "--sheet", "PiN by sector", "--mapping", "hno.mapping.json", "--create-areas"];
    let imported = cli_helpers::cashplan(&dir, &args);
    assert_eq!(imported.code, 0, "{}{}", imported.stdout, imported.stderr);
    let plan = cli_helpers::load(&dir.join("p.json"));
    assert_eq!((plan.areas.len_live(), plan.needs.len_live()), (5, 10));

    // Personal data is refused, and said so with the reason.
    std::fs::write(dir.join("list.csv"), "Beneficiary name,Phone number,Families\nAmal Haddad,+963 944 123 456,3\n")
        .unwrap();
    let proposed = cli_helpers::cashplan(&dir, &["propose", "list.csv"]);
    assert_eq!(proposed.code, 0, "{}", proposed.stderr);
    assert!(
        proposed.stderr.contains("list.csv, column “Beneficiary name”: refused as personal data"),
        "{}",
        proposed.stderr
    );
    assert!(proposed.stderr.contains("column “Phone number”"), "{}", proposed.stderr);
    let mapping = read_mapping_file("stdout", &proposed.stdout).unwrap();
    assert_eq!(mapping.columns[0].hashtag, None);
}

#[test]
fn the_templates_exchange_rate_sheet_imports_as_rates_from_the_us_dollar() {
    let text = "Type,Currency Code,Operational Rate,Effective Date,Source\n\
        UN Operational,SYP,12500,2023-03-01,treasury.un.org\n\
        UN Operational,TRY,18.95,2023-03-01,treasury.un.org\n";
    let raw = read_table("fx.csv", text.as_bytes(), None).unwrap();
    let mapping = propose_mapping(&raw);
    let tags: Vec<Option<&str>> = mapping.columns.iter().map(|c| c.hashtag.as_deref()).collect();
    assert_eq!(tags, [None, Some("#currency+to"), Some("#value+fx"), Some("#date"), None]);
    assert_eq!(mapping.fixed.get("#currency+from").map(String::as_str), Some("USD"));
    let mut plan = Plan::new("p", "Syria", "SYR", "USD", &stamp());
    let import = prepare(&raw, &mapping, &plan, &NO_AREAS).unwrap_or_else(|e| panic!("{e}"));
    for batch in import.batches {
        batch.apply(&mut plan, &stamp());
    }
    let mut rates: Vec<String> = plan
        .exchange_rates
        .live()
        .map(|r| format!("{} {} {} {}", r.data.from, r.data.to, r.data.rate, r.data.date))
        .collect();
    rates.sort();
    assert_eq!(rates, ["USD SYP 12500 2023-03-01", "USD TRY 18.95 2023-03-01"]);
}

/// The browser journey's HNO (`tests/e2e/realfiles.test.mjs`) is this workbook, kept as a
/// fixture; `CASHPLAN_BLESS=1` writes it again.
#[test]
fn the_journeys_hno_fixture_is_this_workbook() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realfiles/hno-wide.xlsx");
    if std::env::var_os("CASHPLAN_BLESS").is_some() {
        std::fs::write(&path, hno_workbook()).unwrap();
    }
    let fixture = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; run with CASHPLAN_BLESS=1", path.display()));
    for sheet in ["PiN by sector", "Inter-sector"] {
        let (kept, made) =
            (read_table("hno.xlsx", &fixture, Some(sheet)), read_table("hno.xlsx", &hno_workbook(), Some(sheet)));
        let (kept, made) = (kept.unwrap(), made.unwrap());
        assert_eq!(
            (kept.header_row, &kept.headers, &kept.rows),
            (made.header_row, &made.headers, &made.rows),
            "{sheet}"
        );
    }
}
