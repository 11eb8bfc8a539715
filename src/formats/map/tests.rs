//! The renderer on a small made-up map: what a reader must find in the SVG and GeoJSON.

use super::*;
use crate::engine::coverage::{Band, Percent};
use crate::model::boundary::{Ring, Shape};

fn square(x: i32, y: i32) -> Shape {
    let s = 10_000;
    Shape { polygons: vec![vec![Ring::from_points(&[(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)])]] }
}

fn feature(pcode: &str, name: &str, x: i32) -> BoundaryFeature {
    BoundaryFeature {
        pcode: pcode.into(),
        level: 2,
        parent: Some("SY02".into()),
        names: [("en".to_string(), name.to_string())].into(),
        shape: square(x, 350_000),
        source: "test".into(),
    }
}

fn figures(area: &str, pin: Option<u64>, reached: u64) -> AreaFigures {
    AreaFigures {
        area: area.into(),
        name: area.into(),
        people_in_need: pin,
        coverage: pin.and_then(|p| Percent::of(reached, p)),
        band: pin.and_then(|p| Band::of(reached, p)),
        gap: pin.map(|p| p.saturating_sub(reached)),
        reached: Some(reached),
        targeted: Some(reached * 2),
        partners: Some(2),
        overlaps: Some(1),
        compared: 4,
        outside: 1,
        outside_standard: Percent::of(1, 4),
        hidden: None,
    }
}

fn dot(longitude: f64, latitude: f64, people: u64, label: &str) -> MapPoint {
    MapPoint { longitude, latitude, people, label: label.into(), activities: Vec::new() }
}

/// `document` with other dots.
fn with_points<'a>(document: &MapDocument<'a>, points: &'a [MapPoint]) -> MapDocument<'a> {
    MapDocument {
        title: document.title.clone(),
        measure: document.measure,
        figures: document.figures,
        features: document.features.clone(),
        date: document.date.clone(),
        source: document.source.clone(),
        points,
    }
}

fn with_document(measure: Measure, check: impl FnOnce(&MapDocument<'_>)) {
    with_protected_document(measure, None, check);
}

fn with_protected_document(
    measure: Measure,
    protect: Option<crate::model::disclosure::SmallCounts>,
    check: impl FnOnce(&MapDocument<'_>),
) {
    let features = [
        feature("SY0200", "Jebel Saman", 360_000),
        feature("SY0203", "Afrin & <Co>", 370_000),
        feature("SY0204", "Azaz", 380_000),
    ];
    let map = MapFigures {
        level: 2,
        period: Some("2024-03".into()),
        sector: Some("FSC".into()),
        organisation: None,
        modality: None,
        areas: vec![figures("SY0200", Some(12_000), 4_500), figures("SY0203", None, 300)],
        protect: None,
    };
    let map = match protect {
        Some(rule) => map.protected(rule),
        None => map,
    };
    let points = [dot(36.5, 35.5, 220, "Jandairis")];
    let document = MapDocument {
        title: "Food security coverage".into(),
        measure,
        figures: &map,
        features: features.iter().collect(),
        date: "2026-05-01".into(),
        source: "cashplan plan NW Syria; boundaries OCHA COD-AB".into(),
        points: &points,
    };
    check(&document);
}

#[test]
fn the_svg_names_every_area_its_class_and_figures_with_legend_and_disclaimer() {
    with_document(Measure::Coverage, |document| {
        let svg = render_svg(document);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("style="), "no inline styles (Content-Security-Policy)");
        assert!(svg.contains("<title id=\"cpm-title\">Food security coverage</title>"));
        assert!(svg.contains("Admin level 2 · Sector: FSC · Month: 2024-03 · Organisation: all · Modality: all"));
        assert!(svg.contains(
            "<title>Jebel Saman (SY0200): coverage 37.5 % (partial); people in need 12,000; reached 4,500; targeted \
             9,000; gap 7,500; partners 2; overlapping pairs 1; outside the agreed transfer value 25.0 % of 4 compared</title>"
        ));
        assert!(svg.contains(r#"class="area band-partial" data-pcode="SY0200""#));
        assert!(svg.contains(r#"class="area no-data" data-pcode="SY0203""#), "no need known: no data, not 0 %");
        assert!(svg.contains("Afrin &amp; &lt;Co&gt; (SY0203): coverage: no data"));
        assert!(svg.contains("Azaz (SY0204): not an area of the plan"));
        assert!(svg.contains("partial: 30 % to under 100 % (1 area)"));
        assert!(svg.contains("no data: no people in need recorded (2 areas)"));
        assert!(svg.contains("none: 0 %: nobody reached (0 areas)"));
        assert!(svg.contains(r#"<pattern id="cpm-band-none""#), "bands carry patterns, not colour alone");
        assert!(svg.contains("<title>Jandairis: 220 people</title>"));
        assert!(svg.contains(" km</text>") && svg.contains("North is up."));
        assert!(svg.contains(DISCLAIMER));
        assert!(svg.contains("Made 2026-05-01.") && svg.contains("Source: cashplan plan NW Syria"));
        assert_eq!(svg.matches("<path class=\"area").count(), 3);
    });
}

#[test]
fn dots_have_area_in_proportion_to_people_and_a_legend_in_words_and_numbers() {
    with_document(Measure::Coverage, |document| {
        let points = [dot(36.5, 35.5, 12_400, "Jandairis (3 activities)"), dot(36.6, 35.6, 3_100, "Afrin <camp>")];
        let with = |points: &[MapPoint]| render_svg(&with_points(document, points));
        let svg = with(&points);
        let radii: Vec<f64> = svg
            .split(r#"<circle class="point" "#)
            .skip(1)
            .map(|c| c.split(r#"r=""#).nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(radii.len(), 2);
        let ratio = (radii[0] / radii[1]).powi(2);
        assert!((ratio - 4.0).abs() < 0.05, "a quarter of the people, a quarter of the area: {ratio}");
        assert!(svg.contains("<title>Jandairis (3 activities): 12,400 people</title>"));
        assert!(svg.contains("Afrin &lt;camp&gt;"), "labels are escaped");
        assert!(svg.contains("Dots: 2 places with activities that carry coordinates; a dot's area is in proportion"));
        assert!(svg.contains(">10,000 people</text>") && svg.contains(">2,500 people</text>"), "{svg}");
        let without = with(&[]);
        assert!(!without.contains("<circle") && !without.contains("Dots:"));
    });
}

#[test]
fn the_geojson_carries_the_dots_activities_as_points_longitude_first() {
    use crate::engine::map::PointActivity;
    use crate::model::{IsoDate, Modality, Month, Status};
    let activity = |id: &str, longitude: f64, latitude: f64, reached: Option<u64>| PointActivity {
        id: id.into(),
        longitude,
        latitude,
        organisation: "SHAFAK".into(),
        sector: "MPC".into(),
        modality: Some(Modality::Cash),
        area: "SY0203".into(),
        site: Some("Jandairis camp".into()),
        status: Status::Ongoing,
        month: Month::parse("2024-03"),
        start: IsoDate::parse("2024-03-01"),
        end: None,
        targeted: Some(300),
        reached,
    };
    let places = [
        MapPoint {
            activities: vec![activity("a1", 36.5, 35.5, Some(220)), activity("a2", 36.500001, 35.500002, None)],
            ..dot(36.5, 35.5, 520, "Jandairis camp (2 activities)")
        },
        MapPoint { activities: vec![activity("a3", 36.9, 35.1, Some(40))], ..dot(36.9, 35.1, 40, "Azaz (1 activity)") },
    ];
    with_document(Measure::Reached, |document| {
        let render = |points: &[MapPoint]| {
            let document = with_points(document, points);
            (render_svg(&document), serde_json::from_str::<serde_json::Value>(&render_geojson(&document)).unwrap())
        };
        let (svg, json) = render(&places);
        let features = json["features"].as_array().unwrap();
        let layer = |name: &str| features.iter().filter(|f| f["properties"]["layer"] == name).collect::<Vec<_>>();
        assert_eq!(layer("areas").len(), 3, "the areas keep their features");
        assert!(layer("areas").iter().all(|f| f["geometry"]["type"] == "MultiPolygon"));
        let points = layer("activities");
        assert_eq!(points.len(), 3, "one point per activity of every dot the SVG draws");
        assert_eq!(svg.matches(r#"<circle class="point""#).count(), places.len());
        assert_eq!(points[0]["geometry"], serde_json::json!({"type": "Point", "coordinates": [36.5, 35.5]}));
        assert_eq!(points[1]["geometry"]["coordinates"], serde_json::json!([36.500001, 35.500002]), "its own");
        let p = &points[0]["properties"];
        assert_eq!(
            p,
            &serde_json::json!({
                "layer": "activities", "id": "a1", "organisation": "SHAFAK", "sector": "MPC", "modality": "cash",
                "pcode": "SY0203", "site": "Jandairis camp", "status": "ongoing", "month": "2024-03",
                "start": "2024-03-01", "end": null, "targeted": 300, "reached": 220, "people": 220
            })
        );
        assert_eq!(
            (points[1]["properties"]["reached"].is_null(), points[1]["properties"]["people"].as_u64()),
            (true, Some(300))
        );
        let (svg, json) = render(&[]);
        assert!(!svg.contains("<circle class=\"point\""));
        assert!(json["features"].as_array().unwrap().iter().all(|f| f["properties"]["layer"] == "areas"));
    });
}

#[test]
fn count_measures_have_round_classes_and_zero_apart_from_no_data() {
    with_document(Measure::Reached, |document| {
        let svg = render_svg(document);
        assert!(svg.contains("1 to 2,000 ("), "{svg}");
        assert!(svg.contains("6,001 or more ("));
        assert!(svg.contains(r#"class="area class-3" data-pcode="SY0200""#), "4,500 is in 4,001 to 6,000");
        assert!(svg.contains(r#"class="area class-1" data-pcode="SY0203""#));
        assert!(svg.contains("no data: nothing reported (1 area)"));
    });
}

#[test]
fn coverage_in_percent_has_classes_of_25_points_and_above_100_apart() {
    let over = figures("SY0204", Some(1_000), 1_200);
    let classes = classify(Measure::CoveragePercent, std::slice::from_ref(&over));
    let labels: Vec<&str> = classes.list.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "0 %",
            "above 0 % to 25 %",
            "above 25 % to 50 %",
            "above 50 % to 75 %",
            "above 75 % to 100 %",
            "above 100 %: people probably counted twice",
            "no data: no people in need recorded"
        ]
    );
    assert_eq!(classes.of(Measure::CoveragePercent, Some(&over)).key, "class-5");
    assert!(classes.list[5].marks.is_some(), "over 100 % is told apart by its marks too");
    let full = figures("SY0204", Some(1_000), 1_000);
    assert_eq!(classes.of(Measure::CoveragePercent, Some(&full)).key, "class-4");
    // Rounded to tenths, 0.04 % and 100.01 % would read 0.0 and 100.0: the band decides the ends.
    let few = figures("SY0204", Some(50_000), 20);
    assert_eq!(classes.of(Measure::CoveragePercent, Some(&few)).key, "class-1", "someone was reached");
    let just_over = figures("SY0204", Some(10_000), 10_001);
    assert_eq!(classes.of(Measure::CoveragePercent, Some(&just_over)).key, "class-5", "over 100 %");
    let nobody = figures("SY0204", Some(10_000), 0);
    assert_eq!(classes.of(Measure::CoveragePercent, Some(&nobody)).key, "class-0");
    with_document(Measure::CoveragePercent, |document| {
        let svg = render_svg(document);
        // 4,500 of 12,000 is 37.5 %.
        assert!(svg.contains(r#"class="area class-2" data-pcode="SY0200""#), "{svg}");
        assert!(svg.contains("Coverage of people in need (%)"));
        let geojson: serde_json::Value = serde_json::from_str(&render_geojson(document)).unwrap();
        let saman = &geojson["features"][0]["properties"];
        assert_eq!((saman["measure"].as_str(), saman["value"].as_f64()), (Some("coverage_percent"), Some(37.5)));
    });
}

#[test]
fn the_geojson_carries_the_figures_in_its_properties() {
    with_document(Measure::Gap, |document| {
        let json: serde_json::Value = serde_json::from_str(&render_geojson(document)).unwrap();
        assert_eq!(json["type"], "FeatureCollection");
        assert_eq!(json["disclaimer"], DISCLAIMER);
        let first = &json["features"][0];
        let p = &first["properties"];
        assert_eq!(
            (p["pcode"].as_str(), p["name"].as_str(), p["level"].as_u64()),
            (Some("SY0200"), Some("Jebel Saman"), Some(2))
        );
        assert_eq!(
            (p["measure"].as_str(), p["value"].as_f64(), p["band"].as_str()),
            (Some("gap"), Some(7500.0), Some("class-4"))
        );
        assert_eq!((p["coverage_pct"].as_f64(), p["coverage_band"].as_str()), (Some(37.5), Some("partial")));
        assert_eq!(first["geometry"]["coordinates"][0][0][1], serde_json::json!([37.0, 35.0]));
        let unknown = &json["features"][2]["properties"];
        assert_eq!((unknown["value"].is_null(), unknown["band"].as_str()), (true, Some("no-data")));
    });
}

#[test]
fn the_boundaries_export_reads_back_as_the_same_boundaries() {
    use crate::formats::boundaries::{import, read_boundary_file, ImportOptions};
    with_document(Measure::Gap, |document| {
        let text = boundaries_geojson(&document.features, 2);
        let read = read_boundary_file("admin2.geojson", text.as_bytes()).unwrap();
        let options = ImportOptions { tolerance: 0.0, ..ImportOptions::default() };
        let (set, _) = import(&read, &options).unwrap();
        // The reader may start a ring at another corner (where neighbours meet): compare
        // each feature's attributes and the corners of its rings.
        let summary = |f: &BoundaryFeature| {
            let mut corners: Vec<(i32, i32)> = f.shape.polygons.iter().flatten().flat_map(Ring::points).collect();
            corners.sort_unstable();
            corners.dedup();
            (f.pcode.clone(), f.level, f.parent.clone(), f.names.clone(), corners)
        };
        let back: Vec<_> = set.features.iter().map(summary).collect();
        let sent: Vec<_> = document.features.iter().map(|f| summary(f)).collect();
        assert_eq!(back, sent);
        assert_eq!(boundaries_geojson(&document.features, 3).matches("Feature\"").count(), 0);
    });
}

#[test]
fn a_protected_map_hides_small_counts_and_says_so_in_its_title_block_and_properties() {
    let rule = crate::model::disclosure::SmallCounts::below(500).unwrap();
    with_protected_document(Measure::Reached, Some(rule), |document| {
        let svg = render_svg(document);
        let note =
            "Protected for sharing: counts under 500 people are not shown, nor the coverage and gap beside them.";
        assert!(svg.contains(&format!(r#"class="privacy">{note}</text>"#)), "{svg}");
        assert!(svg.contains(r#"class="area hidden" data-pcode="SY0203""#), "300 reached is under 500");
        assert!(svg.contains("hidden: counts under 500 people, left out for sharing (1 area)"));
        assert!(svg.contains(
            "Afrin &amp; &lt;Co&gt; (SY0203): coverage: hidden (small counts); people in need no data; reached &lt;500"
        ));
        assert!(!svg.contains("reached 300") && !svg.contains(">300<"), "the small count is nowhere");
        assert!(svg.contains("reached 4,500"), "a large count stays");

        let json: serde_json::Value = serde_json::from_str(&render_geojson(document)).unwrap();
        assert_eq!(json["privacy"], note);
        let afrin = &json["features"][1]["properties"];
        assert_eq!((afrin["reached"].as_str(), afrin["value"].as_str()), (Some("<500"), Some("<500")));
        assert_eq!(afrin["targeted"].as_u64(), Some(600), "600 targeted is not small");
        assert!(afrin["gap"].is_null() && afrin["coverage_pct"].is_null());
        assert_eq!(afrin["privacy"], rule.note());
        let jebel = &json["features"][0]["properties"];
        assert_eq!((jebel["reached"].as_u64(), jebel.get("privacy")), (Some(4_500), None));
    });
    with_document(Measure::Reached, |document| {
        assert!(!render_svg(document).contains("Protected for sharing"));
        assert!(serde_json::from_str::<serde_json::Value>(&render_geojson(document)).unwrap().get("privacy").is_none());
    });
}
