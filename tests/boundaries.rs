//! Boundary files in: the real Syria COD-AB (zipped shapefile and GeoJSON) read, mapped
//! and simplified; and broken files refused with a message naming the file and the area.

use cashplan::formats::boundaries::{
    import, propose_mapping, read_boundary_file, BoundaryError, GeometryProblem, ImportOptions,
};
use cashplan::model::boundary::BoundaryFeature;
use std::collections::{BTreeSet, HashSet};
use std::io::{Cursor, Read, Write};
use std::path::PathBuf;

const ZIP: &str = "syr_adm0-2_uncs_unocha_20201217_shp.zip";
const GEOJSON: &str = "syr_admbnda_adm1_uncs_unocha_20201217.geojson";

fn real(name: &str) -> Option<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [root.join("../shared/data/real/cod-ab-syria"), root.join("../../shared/data/real/cod-ab-syria")];
    let found: Option<PathBuf> = dirs.into_iter().map(|d| d.join(name)).find(|p| p.exists());
    if found.is_none() {
        eprintln!("\n!!! SKIPPED: {name} not found at ../shared/data/real/cod-ab-syria beside the project !!!\n");
    }
    found.map(|p| std::fs::read(p).unwrap())
}

/// The real zip's entries, to rebuild broken variants of it.
fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_string(), bytes)
        })
        .collect()
}

fn zipped(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The admin 1 and 2 layers only, changed by `edit` (name, bytes) → new entries.
fn variant(zip: &[u8], edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) -> Vec<u8> {
    let kept: Vec<(String, Vec<u8>)> = entries(zip)
        .into_iter()
        .filter(|(name, _)| !name.contains("adm0"))
        .filter_map(|(name, bytes)| Some((name.clone(), edit(&name, bytes)?)))
        .collect();
    zipped(&kept)
}

#[test]
fn the_syria_zip_has_three_levels_with_their_pcodes_names_and_parents() {
    let Some(bytes) = real(ZIP) else { return };
    let file = read_boundary_file(ZIP, &bytes).unwrap();
    let summary: Vec<(String, usize, Option<u8>)> = file
        .layers
        .iter()
        .map(|l| (l.name.clone(), l.features.len(), propose_mapping(&l.fields).map(|m| m.level)))
        .collect();
    assert_eq!(
        summary,
        [
            ("syr_admbnda_adm0_uncs_unocha_20201217".to_string(), 1, Some(0)),
            ("syr_admbnda_adm1_uncs_unocha_20201217".to_string(), 14, Some(1)),
            ("syr_admbnda_adm2_uncs_unocha_20201217".to_string(), 62, Some(2)),
        ]
    );
    let admin2 = &file.layers[2];
    assert!((70_000..80_000).contains(&admin2.vertex_count()), "{}", admin2.vertex_count());
    let (set, stats) = import(&file, &ImportOptions::default()).unwrap();
    for level in &stats {
        eprintln!(
            "admin {}: {} areas, {} → {} vertices",
            level.level, level.features, level.vertices_read, level.vertices_kept
        );
        assert!(level.vertices_kept * 8 < level.vertices_read, "a small fraction: {level:?}");
    }
    let afrin = set.features.iter().find(|f| f.pcode == "SY0203").unwrap();
    assert_eq!((afrin.level, afrin.parent.as_deref(), afrin.name()), (2, Some("SY02"), "Afrin"));
    assert_eq!(afrin.names.get("ar").map(String::as_str), Some("عفرين"));
    let aleppo = set.features.iter().find(|f| f.pcode == "SY02").unwrap();
    assert_eq!((aleppo.level, aleppo.parent.as_deref()), (1, Some("SY")));
    assert!(set.features.iter().flat_map(|f| f.shape.polygons.iter().flatten()).all(|r| r.len() >= 4));
}

fn points(feature: &BoundaryFeature) -> HashSet<(i32, i32)> {
    feature.shape.polygons.iter().flatten().flat_map(|r| r.points()).collect()
}

#[test]
fn admin_2_neighbours_keep_the_same_points_on_their_shared_borders() {
    let Some(bytes) = real(ZIP) else { return };
    let file = read_boundary_file(ZIP, &bytes).unwrap();
    let level2 = ImportOptions { level: Some(2), ..ImportOptions::default() };
    let (exact, _) = import(&file, &ImportOptions { tolerance: 0.0, ..level2.clone() }).unwrap();
    let (simple, _) = import(&file, &level2).unwrap();
    let exact_points: Vec<_> = exact.features.iter().map(points).collect();
    let simple_points: Vec<_> = simple.features.iter().map(points).collect();
    let mut neighbours = 0;
    for i in 0..exact_points.len() {
        for j in i + 1..exact_points.len() {
            let shared: HashSet<_> = exact_points[i].intersection(&exact_points[j]).copied().collect();
            if shared.len() < 2 {
                continue;
            }
            neighbours += 1;
            let kept_i: BTreeSet<_> = simple_points[i].intersection(&shared).collect();
            let kept_j: BTreeSet<_> = simple_points[j].intersection(&shared).collect();
            assert_eq!(kept_i, kept_j, "{} / {}", simple.features[i].pcode, simple.features[j].pcode);
        }
    }
    assert!(neighbours > 100, "{neighbours} pairs of neighbours");
    // Shapes stay recognisable: every area keeps its surface within 2 % (holes subtracted).
    for (before, after) in exact.features.iter().zip(&simple.features) {
        let (a, b) = (surface(before), surface(after));
        assert!((a - b).abs() <= 0.02 * a, "{}: {a} → {b}", before.pcode);
    }
}

/// The area inside a feature's rings in square stored units (shoelace; holes run the
/// other way round, so they are subtracted by taking each polygon's exterior minus holes).
fn surface(feature: &BoundaryFeature) -> f64 {
    let ring_area = |ring: &cashplan::model::boundary::Ring| {
        let points: Vec<(f64, f64)> = ring.points().map(|(x, y)| (f64::from(x), f64::from(y))).collect();
        (points.windows(2).map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1).sum::<f64>() / 2.0).abs()
    };
    feature
        .shape
        .polygons
        .iter()
        .map(|rings| ring_area(&rings[0]) - rings[1..].iter().map(ring_area).sum::<f64>())
        .sum()
}

#[test]
fn the_geojson_admin_1_matches_the_shapefile() {
    let (Some(json), Some(zip)) = (real(GEOJSON), real(ZIP)) else { return };
    let from_json = import(&read_boundary_file(GEOJSON, &json).unwrap(), &ImportOptions::default()).unwrap().0;
    let one = ImportOptions { level: Some(1), ..ImportOptions::default() };
    let from_zip = import(&read_boundary_file(ZIP, &zip).unwrap(), &one).unwrap().0;
    let codes = |set: &cashplan::model::boundary::BoundarySet| {
        set.features.iter().map(|f| (f.pcode.clone(), f.name().to_string(), f.parent.clone())).collect::<Vec<_>>()
    };
    assert_eq!(codes(&from_json), codes(&from_zip));
    assert_eq!(from_json.features.len(), 14);
}

#[test]
fn broken_shapefiles_are_refused_naming_the_file_and_what_is_wrong() {
    let Some(bytes) = real(ZIP) else { return };
    let message = |bytes: &[u8]| read_boundary_file("syria.zip", bytes).unwrap_err().to_string();

    let no_dbf = variant(&bytes, |name, b| (!name.ends_with("adm2_uncs_unocha_20201217.dbf")).then_some(b));
    assert!(message(&no_dbf).starts_with(
        "syria.zip: syr_admbnda_adm2_uncs_unocha_20201217.shp has no syr_admbnda_adm2_uncs_unocha_20201217.dbf beside it"
    ));

    let truncated = variant(&bytes, |name, b| Some(if name.ends_with(".shp") { b[..b.len() / 2].to_vec() } else { b }));
    let text = message(&truncated);
    assert!(text.starts_with("syria.zip: syr_admbnda_adm1_uncs_unocha_20201217.shp cannot be read"), "{text}");
    assert!(text.contains("damaged or incomplete"), "{text}");

    let utm = r#"PROJCS["WGS_1984_UTM_Zone_37N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]]"#;
    let projected = variant(&bytes, |name, b| Some(if name.ends_with(".prj") { utm.as_bytes().to_vec() } else { b }));
    let text = message(&projected);
    assert!(text.contains("is in the coordinate system \"WGS_1984_UTM_Zone_37N\", not WGS 84"), "{text}");

    let only_dbf = variant(&bytes, |name, b| name.ends_with(".dbf").then_some(b));
    assert!(matches!(read_boundary_file("x.zip", &only_dbf), Err(BoundaryError::NoShapefile { .. })));

    let cut_zip = &bytes[..bytes.len() / 3];
    assert!(message(cut_zip).starts_with("syria.zip: the zip cannot be opened"), "{}", message(cut_zip));
    assert!(message(b"hello").starts_with("syria.zip: not a zipped shapefile or a GeoJSON file"));
}

/// Changes a zip entry (or drops it, with None).
type EntryEdit<'a> = &'a dyn Fn(&str, Vec<u8>) -> Option<Vec<u8>>;

#[test]
fn attribute_text_follows_the_cpg_and_is_utf_8_without_one() {
    let Some(bytes) = real(ZIP) else { return };
    let admin0 = |edit: EntryEdit| {
        let parts: Vec<(String, Vec<u8>)> = entries(&bytes)
            .into_iter()
            .filter(|(name, _)| name.contains("adm0"))
            .filter_map(|(name, b)| Some((name.clone(), edit(&name, b)?)))
            .collect();
        let file = read_boundary_file("adm0.zip", &zipped(&parts)).unwrap();
        file.layers[0].features[0].attributes.clone()
    };
    let without_cpg = admin0(&|name, b| (!name.ends_with(".cpg")).then_some(b));
    assert_eq!(without_cpg.get("ADM0_AR").map(String::as_str), Some("الجمهورية العربية السورية"));
    // "Syrian" with é in Windows-1252 (one byte, not UTF-8), and a .cpg that says so.
    let latin = admin0(&|name, b| {
        Some(if name.ends_with(".cpg") {
            b"1252".to_vec()
        } else if name.ends_with(".dbf") {
            let at = b.windows(6).position(|w| w == b"Syrian").unwrap();
            let mut b = b;
            b[at + 1] = 0xE9;
            b
        } else {
            b
        })
    });
    assert_eq!(latin.get("ADM0_EN").map(String::as_str), Some("Sérian Arab Republic"));
}

#[test]
fn broken_geojson_is_refused_naming_the_area() {
    let read = |text: &str| read_boundary_file("areas.geojson", text.as_bytes());
    let feature = |pcode: &str, geometry: &str| {
        format!(r#"{{"type":"Feature","properties":{{"ADM1_PCODE":"{pcode}"}},"geometry":{geometry}}}"#)
    };
    let collection =
        |features: &[String]| format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
    let square = r#"{"type":"Polygon","coordinates":[[[36,35],[37,35],[37,36],[36,35]]]}"#;
    assert!(read(&collection(&[feature("SY01", square)])).is_ok());

    let open = r#"{"type":"Polygon","coordinates":[[[36,35],[37,35],[37,36],[36,36]]]}"#;
    let error = read(&collection(&[feature("SY01", square), feature("SY02", open)])).unwrap_err();
    assert_eq!(
        error.to_string(),
        "areas.geojson: areas, area 2 (SY02): ring 1 is not closed (its last point is not its first)."
    );
    let line = r#"{"type":"LineString","coordinates":[[36,35],[37,35]]}"#;
    assert!(matches!(
        read(&collection(&[feature("SY03", line)])),
        Err(BoundaryError::InvalidGeometry { problem: GeometryProblem::NotPolygon { .. }, .. })
    ));
    let empty = read(&collection(&[feature("SY04", "null")])).unwrap_err();
    assert!(empty.to_string().ends_with("area 1 (SY04): it has no shape."), "{empty}");
    let metres = r#"{"type":"Polygon","coordinates":[[[4000000,3500000],[4100000,3500000],[4100000,3600000],[4000000,3500000]]]}"#;
    let projected = read(&collection(&[feature("SY05", metres)])).unwrap_err();
    assert!(projected.to_string().contains("not a longitude/latitude in WGS 84"), "{projected}");
    let crs = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[]}"#;
    assert!(matches!(read(crs), Err(BoundaryError::NotWgs84 { system, .. }) if system == "urn:ogc:def:crs:EPSG::3857"));
    let cut = read(&collection(&[feature("SY01", square)])[..40]).unwrap_err();
    assert!(cut.to_string().starts_with("areas.geojson: not valid GeoJSON"), "{cut}");
}
