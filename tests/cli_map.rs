//! `cashplan boundaries` and `cashplan map` on the real files: the Syria COD-AB zip and
//! GeoJSON, and a plan built from the real Northwest Syria CWG 4W.

mod cli_helpers;

use cli_helpers::{cashplan, load, plan_from_the_4w, real_dir, workdir};
use std::path::Path;

fn zip(real: &Path) -> String {
    real.join("cod-ab-syria/syr_adm0-2_uncs_unocha_20201217_shp.zip").display().to_string()
}

#[test]
fn boundaries_prints_levels_mapping_and_the_match_with_a_plan() {
    let Some(real) = real_dir() else { return };
    let dir = plan_from_the_4w("boundaries-real", &real);
    let run = cashplan(&dir, &["boundaries", &zip(&real), "--plan", "p.cashplan.json"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let out = &run.stdout;
    assert!(out.contains(": 3 layers\n"), "{out}");
    assert!(out.contains("syr_admbnda_adm2_uncs_unocha_20201217: admin level 2, 62 areas, 76,433 vertices, "), "{out}");
    assert!(out.contains("P-code: ADM2_PCODE; names: ADM2_EN (en), ADM2_AR (ar); parent P-code: ADM1_PCODE"), "{out}");
    assert!(out.contains("Admin level 2 against p.cashplan.json: 8 of 62 shapes match the plan's 8 areas."), "{out}");
    assert!(out.contains("Shapes without an area in the plan (54): SY0100, "), "{out}");
    assert!(out.contains("The boundaries would create 66 areas"), "{out}");

    let json = real.join("cod-ab-syria/syr_admbnda_adm1_uncs_unocha_20201217.geojson").display().to_string();
    let one = cashplan(&dir, &["boundaries", &json]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stdout.contains("admin level 1, 14 areas"), "{}", one.stdout);
}

#[test]
fn map_writes_the_svg_and_geojson_the_app_draws() {
    let Some(real) = real_dir() else { return };
    let dir = plan_from_the_4w("map-real", &real);
    let boundaries = zip(&real);
    let svg_args = ["map", "p.cashplan.json", "--boundaries", &boundaries, "--level", "2", "--measure", "targeted"];
    let run = cashplan(&dir, &[&svg_args[..], &["--period", "2023-03", "--out", "targeted.svg"]].concat());
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    assert!(run.stdout.contains("62 areas drawn, 8 of the plan's 8 areas with a shape"), "{}", run.stdout);
    let svg = std::fs::read_to_string(dir.join("targeted.svg")).unwrap();
    assert_eq!(svg.matches("<path class=\"area ").count(), 62);
    assert!(svg.contains("Month: 2023-03"));
    assert!(svg.contains("data-pcode=\"SY0203\""));
    assert!(svg.contains("Afrin (SY0203): coverage: no data; people in need no data; reached "), "{svg}");
    assert!(svg.contains("do not imply official endorsement or acceptance by the United Nations."));

    let json_args = ["map", "p.cashplan.json", "--boundaries", &boundaries, "--measure", "partners"];
    let run = cashplan(
        &dir,
        &[&json_args[..], &["--level", "1", "--format", "geojson", "--out", "partners.geojson"]].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("partners.geojson")).unwrap()).unwrap();
    let features = json["features"].as_array().unwrap();
    assert_eq!(features.len(), 14);
    let aleppo = features.iter().find(|f| f["properties"]["pcode"] == "SY02").unwrap();
    let p = &aleppo["properties"];
    assert_eq!(
        (p["name"].as_str(), p["level"].as_u64(), p["measure"].as_str()),
        (Some("Aleppo"), Some(1), Some("partners"))
    );
    assert!(p["value"].as_f64().unwrap() >= 1.0, "{p}");
    assert!(p["band"].as_str().unwrap().starts_with("class-"), "{p}");
    assert_eq!(p["name_ar"].as_str(), Some("حلب"));
}

#[test]
fn boundaries_are_stored_in_the_plan_mapped_from_it_exported_and_reused() {
    let Some(real) = real_dir() else { return };
    let dir = plan_from_the_4w("boundaries-stored", &real);
    let run = cashplan(&dir, &["boundaries", "p.cashplan.json", &zip(&real), "--level", "2", "--create-areas"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    assert!(
        run.stdout.contains("Stored 62 boundaries in p.cashplan.json (0 no longer in the file removed)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Areas: 54 created, "), "{}", run.stdout);
    let plan = load(&dir.join("p.cashplan.json"));
    assert_eq!(plan.boundaries.len_live(), 62);
    assert!(plan.areas.get("SY0100").is_some(), "areas created from the attributes");
    let stored: usize = plan.boundaries.live().map(|r| r.data.shape.vertex_count()).sum();
    assert!(stored < 76_433 / 3, "simplified: {stored} vertices kept");

    // The map reads the stored boundaries.
    let map = cashplan(&dir, &["map", "p.cashplan.json", "--level", "2", "--out", "m.svg"]);
    assert_eq!((map.code, map.stderr.as_str()), (0, ""), "{}", map.stdout);
    let svg = std::fs::read_to_string(dir.join("m.svg")).unwrap();
    assert_eq!(svg.matches("<path class=\"area ").count(), 62);
    assert!(svg.contains("syr_adm0-2_uncs_unocha_20201217_shp.zip"), "the source names the boundary file");

    // Exported as GeoJSON with COD-AB names, and reused by a new plan (from the plan or the export).
    let list = cashplan(&dir, &["boundaries", "p.cashplan.json", "--out", "adm2.geojson"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(list.stdout.contains("admin level 2, 62 boundaries"), "{}", list.stdout);
    let export = std::fs::read_to_string(dir.join("adm2.geojson")).unwrap();
    assert!(export.contains("\"ADM2_PCODE\":\"SY0203\"") && export.contains("\"ADM1_PCODE\":\"SY02\""));
    assert_eq!(cashplan(&dir, &["new", "q.cashplan.json", "--name", "Q", "--country", "SYR"]).code, 0);
    let reuse = cashplan(&dir, &["boundaries", "q.cashplan.json", "p.cashplan.json", "--create-areas"]);
    assert_eq!(reuse.code, 0, "{}", reuse.stderr);
    assert!(reuse.stdout.contains("62 boundaries reused from the plan \"NW Syria\""), "{}", reuse.stdout);
    let q = load(&dir.join("q.cashplan.json"));
    assert_eq!(
        (q.boundaries.len_live(), q.areas.len_live()),
        (62, 62),
        "admin 2 areas created, without their parents (not stored)"
    );
    assert_eq!(cashplan(&dir, &["new", "r.cashplan.json", "--name", "R", "--country", "SYR"]).code, 0);
    let from_export = cashplan(&dir, &["boundaries", "r.cashplan.json", "adm2.geojson"]);
    assert_eq!(from_export.code, 0, "{}", from_export.stderr);
    let r = load(&dir.join("r.cashplan.json"));
    let pcodes = |p: &cashplan::model::Plan| p.boundaries.live().map(|b| b.id.clone()).collect::<Vec<_>>();
    assert_eq!(pcodes(&r), pcodes(&plan));
}

#[test]
fn map_and_boundaries_say_what_is_wrong() {
    let dir = workdir("map-usage");
    assert_eq!(cashplan(&dir, &["new", "p.cashplan.json", "--name", "X", "--country", "SYR"]).code, 0);
    std::fs::write(dir.join("bad.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[").unwrap();
    let cases: &[(&[&str], i32, &str)] = &[
        (&["map", "p.cashplan.json", "--out", "m.svg"], 1, "no boundaries stored at admin level"),
        (
            &["boundaries", "p.cashplan.json", "--out", "b.geojson"],
            1,
            "no boundaries stored at admin level 0; stored: none",
        ),
        (&["boundaries", "p.cashplan.json", "bad.geojson", "--plan", "p.cashplan.json"], 2, "not both"),
        (&["boundaries", "bad.geojson", "--create-areas"], 2, "--create-areas needs the plan"),
        (
            &["map", "p.cashplan.json", "--boundaries", "b.zip", "--out", "m.svg", "--measure", "beauty"],
            2,
            "--measure `beauty` is not known",
        ),
        (
            &["map", "p.cashplan.json", "--boundaries", "b.zip", "--out", "m.svg", "--format", "png"],
            2,
            "--format must be svg or geojson",
        ),
        (&["map", "p.cashplan.json", "--boundaries", "nowhere.zip", "--out", "m.svg"], 1, "nowhere.zip: no such file"),
        (
            &["map", "p.cashplan.json", "--boundaries", "bad.geojson", "--out", "m.svg"],
            1,
            "bad.geojson: not valid GeoJSON",
        ),
        (
            &["map", "p.cashplan.json", "--boundaries", "bad.geojson", "--out", "m.svg", "--sector", "XYZ"],
            1,
            "no sector `XYZ`",
        ),
        (&["boundaries", "bad.geojson"], 1, "bad.geojson: not valid GeoJSON"),
        (&["boundaries", "x.zip", "--level", "top"], 2, "--level `top` is not an admin level"),
    ];
    for (args, code, message) in cases {
        let run = cashplan(&dir, args);
        assert_eq!(run.code, *code, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    assert!(!dir.join("m.svg").exists());
}
