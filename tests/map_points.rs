//! The map's point layer: activities carry a latitude and a longitude (`#geo+lat`,
//! `#geo+lon`) checked by `model::rules` on every path — HXL, spreadsheets, plan files —
//! and `cashplan map --points` draws them as dots, one per place, sized by people. The real
//! Northwest Syria 4W (which has coordinates) is drawn on the real Syria boundaries.

mod cli_helpers;

use cashplan::formats::hxl::{read_hxl, write_table, Records, TableKind};
use cashplan::formats::planfile::{read_plan_file, write_plan_file};
use cashplan::formats::sheet::{prepare, propose_mapping, read_table, SheetOptions};
use cashplan::model::rules::{self, ProblemKind};
use cashplan::model::{Activity, Plan, Stamp, Status};
use cli_helpers::{cashplan, load, plan_from_the_4w, real_dir, workdir};

fn stamp() -> Stamp {
    Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() }
}

fn plan_with_area() -> Plan {
    let mut plan = Plan::new("p-test", "NWS", "SYR", "USD", &stamp());
    let areas = read_hxl("areas.csv", "P-code,Governorate\n#adm1+code,#adm1+name\nSY02,Aleppo\n", None, &plan);
    areas.unwrap().apply(&mut plan, &stamp());
    plan
}

fn at(latitude: Option<f64>, longitude: Option<f64>) -> Activity {
    Activity {
        reporting_org: "Org A".into(),
        sector: "MPC".into(),
        area: "SY02".into(),
        status: Status::Ongoing,
        latitude,
        longitude,
        ..Activity::default()
    }
}

#[test]
fn the_rules_take_both_coordinates_in_range_or_neither() {
    let plan = plan_with_area();
    let coordinate_problems = |activity: &Activity| -> Vec<(&'static str, String)> {
        rules::check(activity, &plan)
            .into_iter()
            .filter(|p| matches!(p.field, "latitude" | "longitude"))
            .map(|p| {
                assert!(p.is_error(), "{p:?}");
                (p.field, p.to_string())
            })
            .collect()
    };
    assert!(coordinate_problems(&at(None, None)).is_empty());
    assert!(coordinate_problems(&at(Some(36.392488), Some(36.689563))).is_empty());
    assert!(coordinate_problems(&at(Some(-90.0), Some(180.0))).is_empty(), "the limits are inside");
    assert_eq!(
        coordinate_problems(&at(Some(91.0), Some(-181.5))),
        [
            ("latitude", "91 is not a latitude: it must be between -90 and 90 degrees".to_string()),
            ("longitude", "-181.5 is not a longitude: it must be between -180 and 180 degrees".to_string()),
        ]
    );
    assert_eq!(
        coordinate_problems(&at(Some(36.4), None)),
        [("longitude", "a latitude without its longitude; give both coordinates or neither".to_string())]
    );
    assert_eq!(
        coordinate_problems(&at(None, Some(36.7))),
        [("latitude", "a longitude without its latitude; give both coordinates or neither".to_string())]
    );
    let nan = rules::check(&at(Some(f64::NAN), Some(f64::INFINITY)), &plan);
    let invalid = nan.iter().filter(|p| matches!(p.kind, ProblemKind::Invalid { .. })).count();
    assert_eq!(invalid, 2, "{nan:?}");
    for text in ["36.39", "-1.5", "+12", "0", "180.000000000001"] {
        assert!(rules::values::coordinate(text).is_ok(), "{text}");
    }
    for text in ["", "36,39", "1e3", "NaN", "inf", "36.4N", "1234.5", "-", "."] {
        assert!(rules::values::coordinate(text).is_err(), "{text}");
    }
}

const HXL: &str = "Org,Sector,Pcode,Lat,Lon,People\n\
    #org+prog,#sector,#adm1+code,#geo+lat,#geo+lon,#targeted\n\
    Org A,MPC,SY02,36.392488,36.689563,50\n\
    Org A,FSC,SY02,,,70\n";

#[test]
fn hxl_reads_and_writes_coordinates_and_refuses_bad_ones_at_their_cell() {
    let mut plan = plan_with_area();
    let batch = read_hxl("4w.csv", HXL, None, &plan).unwrap_or_else(|e| panic!("{e}"));
    batch.apply(&mut plan, &stamp());
    let mut coordinates: Vec<_> =
        plan.activities.live().map(|r| (r.data.sector.clone(), r.data.latitude, r.data.longitude)).collect();
    coordinates.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(coordinates, [("FSC".into(), None, None), ("MPC".to_string(), Some(36.392488), Some(36.689563))]);

    let written = write_table(&plan, TableKind::Activities);
    assert!(written.lines().nth(1).unwrap().contains("#geo+lat,#geo+lon"), "{written}");
    let again = read_hxl("export.csv", &written, None, &plan_with_area()).unwrap();
    let Records::Activities(records) = &again.records else { panic!() };
    let live: Vec<(String, Activity)> = plan.activities.live().map(|r| (r.id.clone(), r.data.clone())).collect();
    assert_eq!(records, &live, "the coordinates come back as written");

    for (row, words) in [
        ("Org A,MPC,SY02,96.5,36.6,50", "96.5 is not a latitude"),
        ("Org A,MPC,SY02,36.4,,50", "a latitude without its longitude"),
        ("Org A,MPC,SY02,36°23',36.6,50", "decimal degrees"),
    ] {
        let text = format!("{}{row}\n", HXL.lines().take(2).map(|l| format!("{l}\n")).collect::<String>());
        let error = read_hxl("bad.csv", &text, None, &plan_with_area()).unwrap_err().to_string();
        assert!(error.contains(words), "{row}: {error}");
        assert!(error.contains("row 3"), "{error}");
    }
}

#[test]
fn spreadsheet_headers_for_coordinates_are_proposed() {
    for (header, tag) in [
        ("Latitude", "#geo+lat"),
        ("lat", "#geo+lat"),
        ("GPS Latitude", "#geo+lat"),
        ("GPS lat", "#geo+lat"),
        ("latitude_y", "#geo+lat"),
        ("Longitude", "#geo+lon"),
        ("lon", "#geo+lon"),
        ("GPS Longitude", "#geo+lon"),
        ("GPS long", "#geo+lon"),
        ("longitude_x", "#geo+lon"),
    ] {
        let raw = read_table("h.csv", format!("Partner,{header}\nOrg A,36.5\n").as_bytes(), None).unwrap();
        assert_eq!(propose_mapping(&raw).columns[1].hashtag.as_deref(), Some(tag), "{header}");
    }
    let text = "Partner,Cluster,Admin 1 Pcode,Latitude,Longitude,Beneficiaries\n\
        Org A,MPC,SY02,36.392488,36.689563,220\n\
        Org A,MPC,SY02,36.1,,80\n\
        Org B,MPC,SY02,NA,NA,10\n";
    let raw = read_table("4w.csv", text.as_bytes(), None).unwrap();
    let mapping = propose_mapping(&raw);
    let options = SheetOptions { create_areas: true, skip_bad_rows: true };
    let import = prepare(&raw, &mapping, &plan_with_area(), &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(import.rejected_rows().into_iter().collect::<Vec<_>>(), [3], "a latitude alone is refused");
    let mut plan = plan_with_area();
    for batch in import.batches {
        batch.apply(&mut plan, &stamp());
    }
    let mut found: Vec<_> = plan.activities.live().map(|r| (r.data.latitude, r.data.longitude)).collect();
    found.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(found, [(None, None), (Some(36.392488), Some(36.689563))]);
}

#[test]
fn plan_files_keep_coordinates_and_old_files_load_without_them() {
    let mut plan = plan_with_area();
    plan.activities.upsert("a1", at(Some(-33.868820), Some(151.209296)), &stamp());
    plan.activities.upsert("a2", at(None, None), &stamp());
    let text = write_plan_file(&plan, "cashplan test", "2024-01-01T00:00:00Z").unwrap();
    assert!(text.contains("\"latitude\":-33.86882") && !text.contains("\"latitude\":null"), "{text}");
    assert_eq!(read_plan_file("p.cashplan.json", &text), Ok(plan));
}

#[test]
fn cashplan_map_points_draws_the_real_4w_as_dots_on_the_real_boundaries() {
    let Some(real) = real_dir() else { return };
    let dir = plan_from_the_4w("map-points-real", &real);
    let plan = load(&dir.join("p.cashplan.json"));
    let with = plan.activities.live().filter(|r| r.data.latitude.is_some() && r.data.longitude.is_some()).count();
    let without = plan.activities.live().filter(|r| r.data.latitude.is_none()).count();
    assert!(with > 400, "{with} activities with coordinates");
    // Independently from the CSV: the rows without coordinates have NA in both columns.
    assert!(plan.activities.live().all(|r| r.data.latitude.is_some() == r.data.longitude.is_some()));
    let places: std::collections::BTreeSet<(String, String)> = plan
        .activities
        .live()
        .filter_map(|r| Some((r.data.latitude?.to_string(), r.data.longitude?.to_string())))
        .collect();

    let zip = real.join("cod-ab-syria/syr_adm0-2_uncs_unocha_20201217_shp.zip").display().to_string();
    let map = ["map", "p.cashplan.json", "--boundaries", &zip, "--level", "2", "--points", "--out", "dots.svg"];
    let run = cashplan(&dir, &map);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    let svg = std::fs::read_to_string(dir.join("dots.svg")).unwrap();
    let dots = svg.matches("<circle class=\"point\"").count();
    // Cancelled and suspended activities are not drawn; every place of the others is one dot.
    assert!(dots > 100 && dots <= places.len(), "{dots} dots, {} places, {without} without", places.len());
    assert!(run.stdout.contains(&format!("{dots} places with coordinates as dots")), "{}", run.stdout);
    assert!(svg.contains("a dot's area is in proportion to its people"));
    assert!(svg.contains(" people</text>"), "the legend's reference dots carry their numbers");

    let march = cashplan(&dir, &[&map[..7], &["--period", "2023-03", "--out", "march.svg"]].concat());
    assert_eq!(march.code, 0, "{}", march.stderr);
    let march_dots = std::fs::read_to_string(dir.join("march.svg")).unwrap().matches("<circle class=\"point\"").count();
    assert!(march_dots > 0 && march_dots < dots, "{march_dots} of {dots} dots in March");

    // The GeoJSON of the same map: one Point feature per activity of the dots the SVG draws.
    let geojson = cashplan(&dir, &[&map[..7], &["--format", "geojson", "--out", "x.geojson"]].concat());
    assert_eq!((geojson.code, geojson.stderr.as_str()), (0, ""), "{}", geojson.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("x.geojson")).unwrap()).unwrap();
    let points: Vec<&serde_json::Value> =
        json["features"].as_array().unwrap().iter().filter(|f| f["properties"]["layer"] == "activities").collect();
    assert!(points.len() >= dots && points.len() <= with, "{} points, {dots} dots", points.len());
    assert!(geojson
        .stdout
        .contains(&format!("{} activities with coordinates as points ({dots} places)", points.len())));
    for point in &points {
        let id = point["properties"]["id"].as_str().unwrap();
        let activity = &plan.activities.get(id).unwrap().data;
        let lon_lat = serde_json::json!([activity.longitude.unwrap(), activity.latitude.unwrap()]);
        assert_eq!(point["geometry"]["coordinates"], lon_lat, "{id}: longitude first");
        assert_eq!(point["properties"]["pcode"], activity.area.as_str());
    }
    let shared = cashplan(&dir, &[&map[..7], &["--protect-below", "5", "--out", "shared.svg"]].concat());
    assert_ne!(shared.code, 0);
    assert!(shared.stderr.contains("--points shows people per place"), "{}", shared.stderr);
}

/// The activities of one place, as a GIS officer reads them in the GeoJSON: `cashplan map
/// --points --format geojson` on a made-up plan and a one-area boundary file.
#[test]
fn cashplan_map_points_in_geojson_follow_the_filters_and_never_a_protected_map() {
    let dir = workdir("map-points-geojson");
    let mut plan = plan_with_area();
    let dated = |sector: &str, org: &str, lat_lon: Option<(f64, f64)>, targeted: u64| Activity {
        reporting_org: org.into(),
        sector: sector.into(),
        modality: Some(cashplan::model::Modality::Cash),
        month: cashplan::model::Month::parse("2024-03"),
        start: cashplan::model::IsoDate::parse("2024-03-01"),
        targeted: Some(targeted),
        ..at(lat_lon.map(|c| c.0), lat_lon.map(|c| c.1))
    };
    plan.activities.upsert("a1", dated("MPC", "Org A", Some((36.392488, 36.689563)), 50), &stamp());
    plan.activities.upsert("a2", dated("FSC", "Org B", Some((36.2, 37.1)), 70), &stamp());
    plan.activities.upsert("a3", dated("FSC", "Org B", None, 90), &stamp());
    std::fs::write(dir.join("p.json"), write_plan_file(&plan, "test", "2024-01-01T00:00:00Z").unwrap()).unwrap();
    let boundary = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ADM1_PCODE":"SY02","ADM1_EN":"Aleppo"},"geometry":{"type":"Polygon","coordinates":[[[36,36],[37.5,36],[37.5,37],[36,37],[36,36]]]}}]}"#;
    std::fs::write(dir.join("adm1.geojson"), boundary).unwrap();
    let map = |extra: &[&str]| -> Vec<serde_json::Value> {
        let base = ["map", "p.json", "--boundaries", "adm1.geojson", "--level", "1", "--format", "geojson"];
        let run = cashplan(&dir, &[&base[..], extra, &["--out", "m.geojson"]].concat());
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{extra:?}: {}", run.stdout);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("m.geojson")).unwrap()).unwrap();
        json["features"].as_array().unwrap().clone()
    };
    let ids = |features: &[serde_json::Value]| -> Vec<String> {
        let points = features.iter().filter(|f| f["geometry"]["type"] == "Point");
        points.map(|f| f["properties"]["id"].as_str().unwrap().to_string()).collect()
    };
    let all = map(&["--points"]);
    assert_eq!(ids(&all), ["a2", "a1"], "the larger place first, as the dots are drawn");
    let area = all.iter().find(|f| f["properties"]["layer"] == "areas").unwrap();
    assert_eq!(area["properties"]["pcode"], "SY02");
    let a1 = all.iter().find(|f| f["properties"]["id"] == "a1").unwrap();
    assert_eq!(a1["geometry"]["coordinates"], serde_json::json!([36.689563, 36.392488]), "longitude first");
    let p = &a1["properties"];
    assert_eq!(
        (&p["layer"], &p["organisation"], &p["sector"], &p["modality"], &p["pcode"], &p["status"], &p["month"]),
        (
            &"activities".into(),
            &"Org A".into(),
            &"MPC".into(),
            &"cash".into(),
            &"SY02".into(),
            &"ongoing".into(),
            &"2024-03".into()
        )
    );
    assert_eq!((p["targeted"].as_u64(), p["reached"].is_null()), (Some(50), true));
    // The filters of the drawing apply to the points.
    assert_eq!(ids(&map(&["--points", "--sector", "MPC"])), ["a1"]);
    assert_eq!(ids(&map(&["--points", "--organisation", "Org B"])), ["a2"]);
    assert!(ids(&map(&["--points", "--period", "2024-02"])).is_empty(), "before they start");
    assert_eq!(ids(&map(&["--points", "--modality", "cash", "--period", "2024-03"])), ["a2", "a1"]);
    assert!(ids(&map(&["--points", "--modality", "voucher"])).is_empty());
    // Without --points, none; protected for sharing, none (and --points is refused).
    assert!(ids(&map(&[])).is_empty());
    assert!(ids(&map(&["--protect-below", "5"])).is_empty());
    let refused = cashplan(
        &dir,
        &[
            "map",
            "p.json",
            "--boundaries",
            "adm1.geojson",
            "--points",
            "--protect-below",
            "5",
            "--format",
            "geojson",
            "--out",
            "x.geojson",
        ],
    );
    assert_ne!(refused.code, 0);
    // The SVG draws a dot for each place the GeoJSON has points at.
    let svg = cashplan(
        &dir,
        &["map", "p.json", "--boundaries", "adm1.geojson", "--level", "1", "--points", "--out", "m.svg"],
    );
    assert_eq!(svg.code, 0, "{}", svg.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("m.svg")).unwrap().matches(r#"<circle class="point""#).count(), 2);
}
