//! No boundary reader panics, whatever bytes it is given: random bytes, truncated files,
//! and real files with bytes changed (zipped again, so the changes reach the shapefile and
//! dBase readers, not only the zip's checksums). A read that succeeds is
//! also imported (mapped and simplified), which must not panic either.

use cashplan::formats::boundaries::{import, read_boundary_file, ImportOptions};
use proptest::prelude::*;
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

fn read_and_import(bytes: &[u8]) {
    if let Ok(file) = read_boundary_file("fuzz", bytes) {
        let _ = import(&file, &ImportOptions::default());
    }
}

/// The parts of the real Syria admin 0 shapefile (.shp, .shx, .dbf, .prj, .cpg); empty when
/// the real data is absent.
fn parts() -> &'static Vec<(String, Vec<u8>)> {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let zip = "shared/data/real/cod-ab-syria/syr_adm0-2_uncs_unocha_20201217_shp.zip";
        let found =
            [root.join("..").join(zip), root.join("../..").join(zip)].iter().find_map(|p| std::fs::read(p).ok());
        let Some(bytes) = found else {
            eprintln!("\n!!! SKIPPED the real-file part: {zip} not found beside the project !!!\n");
            return Vec::new();
        };
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut parts = Vec::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            if entry.name().contains("adm0") {
                let mut content = Vec::new();
                entry.read_to_end(&mut content).unwrap();
                parts.push((entry.name().to_string(), content));
            }
        }
        parts
    })
}

/// A zip (without compression, with correct checksums) of the given parts.
fn zipped(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const GEOJSON: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ADM1_PCODE":"SY01","ADM1_EN":"Damascus","ADM0_PCODE":"SY"},"geometry":{"type":"MultiPolygon","coordinates":[[[[36,33],[36.5,33],[36.5,33.5],[36,33]],[[36.1,33.1],[36.2,33.1],[36.2,33.2],[36.1,33.1]]]]}}]}"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        read_and_import(&bytes);
        let mut zip_like = b"PK\x03\x04".to_vec();
        zip_like.extend(&bytes);
        read_and_import(&zip_like);
        let mut json_like = b"{\"type\":\"FeatureCollection\",\"features\":[".to_vec();
        json_like.extend(&bytes);
        read_and_import(&json_like);
    }

    #[test]
    fn truncated_or_changed_geojson_never_panics(cut in 0..GEOJSON.len(), at in 0..GEOJSON.len(), byte in any::<u8>()) {
        read_and_import(&GEOJSON.as_bytes()[..cut]);
        let mut changed = GEOJSON.as_bytes().to_vec();
        changed[at] = byte;
        read_and_import(&changed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn truncated_or_changed_shapefiles_never_panic(
        part in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let parts = parts();
        if parts.is_empty() {
            return Ok(());
        }
        let mut truncated = parts.clone();
        let (_, content) = &mut truncated[part.index(parts.len())];
        content.truncate(cut.index(content.len() + 1));
        read_and_import(&zipped(&truncated));
        let mut changed = parts.clone();
        for (which, at, byte) in changes {
            let (_, content) = &mut changed[which.index(parts.len())];
            if !content.is_empty() {
                let i = at.index(content.len());
                content[i] = byte;
            }
        }
        read_and_import(&zipped(&changed));
        let whole = zipped(parts);
        read_and_import(&whole[..cut.index(whole.len())]);
    }
}
