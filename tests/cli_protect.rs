//! `--protect-below N` on the files a coordinator shares outside the group: the gap report,
//! the tables, the workbook and the map hide counts of fewer than N people, and say so in the file.

mod cli_helpers;

use calamine::{open_workbook, Data, Reader, Xlsx};
use cli_helpers::{cashplan, workdir};
use std::path::PathBuf;

const AREAS: &str = "Governorate,Governorate P-code,District,District P-code\n\
#adm1+name,#adm1+code,#adm2+name,#adm2+code\n\
Aleppo,SY02,,\n\
Aleppo,SY02,Jebel Saman,SY0200\n\
Aleppo,SY02,Afrin,SY0201\n";

const NEEDS: &str = "District P-code,Sector,People in need\n\
#adm2+code,#sector,#inneed\n\
SY0200,MPC,500\n\
SY0201,MPC,40\n";

/// Jebel Saman: 3 people reached (1 woman, 2 men); Afrin: 25 reached (4 girls, 21 boys).
const ACTIVITIES: &str = "Organisation,Sector,District P-code,Modality,People targeted,People reached,Women reached,Men reached,Girls reached,Boys reached,Transfer value,Currency,Status\n\
#org+prog,#sector,#adm2+code,#modality,#targeted,#reached,#reached+f+adults,#reached+m+adults,#reached+f+children,#reached+m+children,#value+transfer,#currency,#status\n\
IRC,MPC,SY0200,Cash,30,3,1,2,,,100,USD,Ongoing\n\
NRC,MPC,SY0201,Cash,30,25,,,4,21,100,USD,Ongoing\n";

fn small_plan(test: &str) -> PathBuf {
    let dir = workdir(test);
    assert_eq!(cashplan(&dir, &["new", "plan.cashplan.json", "--name", "Aleppo", "--country", "SYR"]).code, 0);
    for (name, text) in [("areas.csv", AREAS), ("needs.csv", NEEDS), ("activities.csv", ACTIVITIES)] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let run = cashplan(&dir, &["import", "plan.cashplan.json", "areas.csv", "needs.csv", "activities.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn the_gap_report_hides_small_reach_and_the_coverage_and_gap_that_would_reveal_it() {
    let dir = small_plan("protect-gaps");
    let plain = cashplan(&dir, &["gaps", "plan.cashplan.json"]);
    assert!(plain.stdout.contains("SY0200,Jebel Saman,MPC,500,30,3,0.6,"), "{}", plain.stdout);
    let run = cashplan(&dir, &["gaps", "plan.cashplan.json", "--protect-below", "10"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = lines(&run.stdout);
    assert!(out[0].ends_with(",Privacy"), "{}", out[0]);
    assert!(out[1].ends_with(",#meta+privacy"), "{}", out[1]);
    let jebel = out.iter().find(|l| l.starts_with("SY0200")).unwrap();
    assert!(jebel.starts_with("SY0200,Jebel Saman,MPC,500,30,<10,,"), "{jebel}");
    assert!(jebel.ends_with("counts under 10 people shown as <10; figures that would reveal them left out"));
    let afrin = out.iter().find(|l| l.starts_with("SY0201")).unwrap();
    assert!(afrin.starts_with("SY0201,Afrin,MPC,40,30,25,62.5,"), "25 of 40 is not small: {afrin}");
    assert!(afrin.ends_with(','), "nothing hidden, nothing said: {afrin}");
}

#[test]
fn exported_tables_hide_small_counts_and_the_breakdowns_that_would_give_them_away() {
    let dir = small_plan("protect-export");
    let run = cashplan(&dir, &["export", "plan.cashplan.json", "--format", "csv", "out", "--protect-below", "10"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.join("out/activities.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {headers:?}"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let afrin = rows.iter().find(|r| r.iter().any(|c| c == "SY0201")).unwrap();
    assert_eq!(&afrin[column("People reached")], "25");
    assert_eq!(&afrin[column("Girls reached")], "<10");
    assert_eq!(&afrin[column("Boys reached")], "<10", "21 would give the 4 girls away");
    assert!(afrin[column("Privacy")].starts_with("counts under 10"));
    assert!(!text.contains("#reached"), "plain CSV: no hashtag row");
}

#[test]
fn the_workbook_is_protected_in_every_sheet() {
    let dir = small_plan("protect-xlsx");
    let run =
        cashplan(&dir, &["export", "plan.cashplan.json", "--format", "xlsx", "plan.xlsx", "--protect-below", "10"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut book: Xlsx<_> = open_workbook(dir.join("plan.xlsx")).unwrap();
    for sheet in ["Activities (5W)", "Gaps admin 2"] {
        let range = book.worksheet_range(sheet).unwrap();
        let cells: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
        assert!(cells.iter().any(|c| c == "<10"), "{sheet}: {cells:?}");
        assert!(cells.iter().any(|c| c == "#meta+privacy"), "{sheet}");
        assert!(
            !range.cells().any(|(_, _, c)| matches!(c, Data::Int(3) | Data::Float(3.0))),
            "{sheet}: 3 reached shown"
        );
    }
}

#[test]
fn protection_is_refused_where_it_would_mean_nothing_and_thresholds_are_checked() {
    let dir = small_plan("protect-refused");
    let text = cashplan(&dir, &["gaps", "plan.cashplan.json", "--format", "text", "--protect-below", "10"]);
    assert_eq!(text.code, 2);
    assert!(
        text.stderr.contains("--protect-below protects files to share; use it with --format hxl"),
        "{}",
        text.stderr
    );
    let low = cashplan(&dir, &["overlaps", "plan.cashplan.json", "--format", "hxl", "--protect-below", "1"]);
    assert_eq!(low.code, 2);
    assert!(low.stderr.contains("1 is outside 2 to 1000"), "{}", low.stderr);
    let word = cashplan(&dir, &["export", "plan.cashplan.json", "--format", "hxl", "out", "--protect-below", "ten"]);
    assert_eq!(word.code, 2);
    assert!(word.stderr.contains("“ten” is not a number of people"), "{}", word.stderr);
    assert!(!dir.join("out").exists(), "nothing written");
}

/// Two districts of Aleppo as GeoJSON with COD-AB field names, one degree square each.
fn boundaries(dir: &std::path::Path) {
    let square = |x: f64| format!("[[[{x},36],[{},36],[{},37],[{x},37],[{x},36]]]", x + 1.0, x + 1.0);
    let feature = |code: &str, name: &str, x: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"ADM2_PCODE":"{code}","ADM2_EN":"{name}","ADM1_PCODE":"SY02"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}"#,
            square(x)
        )
    };
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{},{}]}}"#,
        feature("SY0200", "Jebel Saman", 36.0),
        feature("SY0201", "Afrin", 37.0)
    );
    std::fs::write(dir.join("adm2.geojson"), text).unwrap();
    let run = cashplan(dir, &["boundaries", "plan.cashplan.json", "adm2.geojson"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_map_for_sharing_hides_small_reach_and_the_coverage_and_gap_beside_it_and_says_so() {
    let dir = small_plan("protect-map");
    boundaries(&dir);
    let map = |out: &str, extra: &[&str]| {
        let mut args = vec!["map", "plan.cashplan.json", "--level", "2", "--measure", "reached", "--out", out];
        args.extend_from_slice(extra);
        let run = cashplan(&dir, &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        std::fs::read_to_string(dir.join(out)).unwrap()
    };
    let geojson = map("map.geojson", &["--format", "geojson", "--protect-below", "10"]);
    let json: serde_json::Value = serde_json::from_str(&geojson).unwrap();
    assert!(json["privacy"].as_str().unwrap().contains("counts under 10 people are not shown"), "{json}");
    let area = |code: &str| {
        json["features"].as_array().unwrap().iter().find(|f| f["properties"]["pcode"] == code).unwrap()["properties"]
            .clone()
    };
    let jebel = area("SY0200");
    assert_eq!((jebel["reached"].as_str(), jebel["value"].as_str()), (Some("<10"), Some("<10")), "3 reached");
    assert!(jebel["gap"].is_null() && jebel["coverage_pct"].is_null(), "497 of 500 would give the 3 away: {jebel}");
    assert_eq!((jebel["people_in_need"].as_u64(), jebel["targeted"].as_u64()), (Some(500), Some(30)));
    assert!(jebel["privacy"].as_str().unwrap().starts_with("counts under 10 people"));
    let afrin = area("SY0201");
    assert_eq!((afrin["reached"].as_u64(), afrin["gap"].as_u64(), afrin.get("privacy")), (Some(25), Some(15), None));

    let svg = map("map.svg", &["--protect-below", "10"]);
    assert!(svg.contains(r#"class="privacy">Protected for sharing: counts under 10 people"#), "{svg}");
    assert!(svg.contains("Jebel Saman (SY0200): coverage: hidden (small counts); people in need 500; reached &lt;10"));
    let open = map("open.geojson", &["--format", "geojson"]);
    assert!(open.contains(r#""reached":3"#) && !open.contains("privacy"), "not asked: every count");
    let refused = cashplan(&dir, &["map", "plan.cashplan.json", "--out", "x.svg", "--protect-below", "ten"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(!dir.join("x.svg").exists());
}
