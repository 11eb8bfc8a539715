//! Is it WGS 84 longitude/latitude? The `.prj` of a shapefile (ESRI WKT) and the legacy
//! `crs` member of a GeoJSON file say which coordinate system the points are in.

/// Whether an ESRI WKT text describes WGS 84 geographic coordinates; otherwise the name
/// of the system it describes, for the message.
pub fn check_wkt(wkt: &str) -> Result<(), String> {
    let text = wkt.trim().trim_start_matches('\u{feff}');
    let upper = text.to_ascii_uppercase();
    let geographic = upper.starts_with("GEOGCS[") || upper.starts_with("GEOGCRS[");
    let wgs84 = ["WGS_1984", "WGS 84", "WGS84", "WGS_84"].iter().any(|name| upper.contains(name));
    if geographic && wgs84 {
        Ok(())
    } else {
        Err(system_name(text))
    }
}

/// The quoted name after the first `[` (e.g. `WGS_1984_UTM_Zone_37N`), else the text.
fn system_name(wkt: &str) -> String {
    let name = wkt.split_once('"').and_then(|(_, rest)| rest.split_once('"')).map(|(name, _)| name);
    let name = name.filter(|n| !n.trim().is_empty()).unwrap_or(wkt).trim();
    let short: String = name.chars().take(80).collect();
    if short.is_empty() {
        "unknown".to_string()
    } else {
        short
    }
}

/// Whether a GeoJSON `crs` name (`urn:ogc:def:crs:EPSG::4326`, `EPSG:4326`, `…:CRS84`)
/// means WGS 84 longitude/latitude.
pub fn is_wgs84_name(name: &str) -> bool {
    let upper = name.trim().to_ascii_uppercase();
    upper.ends_with("CRS84") || upper.ends_with(":4326") || upper.ends_with("::4326") || upper == "WGS84"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cod_ab_prj_is_wgs84_and_projections_are_named() {
        let cod = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(check_wkt(cod), Ok(()));
        let utm = r#"PROJCS["WGS_1984_UTM_Zone_37N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]]"#;
        assert_eq!(check_wkt(utm), Err("WGS_1984_UTM_Zone_37N".to_string()));
        let other_datum = r#"GEOGCS["GCS_Clarke_1880",DATUM["D_Clarke_1880"]]"#;
        assert_eq!(check_wkt(other_datum), Err("GCS_Clarke_1880".to_string()));
        assert_eq!(check_wkt(""), Err("unknown".to_string()));
    }

    #[test]
    fn geojson_crs_names() {
        assert!(is_wgs84_name("urn:ogc:def:crs:OGC:1.3:CRS84"));
        assert!(is_wgs84_name("urn:ogc:def:crs:EPSG::4326"));
        assert!(is_wgs84_name("EPSG:4326"));
        assert!(!is_wgs84_name("urn:ogc:def:crs:EPSG::3857"));
        assert!(!is_wgs84_name("EPSG:43260"));
    }
}
