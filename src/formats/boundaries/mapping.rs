//! Which attribute is what: the P-code, the names by language, the parent's P-code and the
//! admin level, proposed from the field names COD-AB files use (`ADM2_PCODE`, `ADM2_EN`,
//! `ADM2_AR`, `ADM1_PCODE`; older files `admin2Pcode`, `admin2Name_en`). The caller may
//! change the proposal before it is applied, as with the spreadsheet importer's columns.

use super::{BoundaryError, FeatureRef, Layer, RawPolygon};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A field holding the names in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameField {
    /// Lower-case language code (`en`, `ar`, …); `und` when the field does not say.
    pub language: String,
    pub field: String,
}

/// How a layer's attributes become a boundary feature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeMapping {
    /// The field with each area's own P-code.
    pub pcode: String,
    /// The admin level of the layer's areas.
    pub level: u8,
    /// The field with the P-code of the area one level up.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub names: Vec<NameField>,
}

/// What a COD-AB field name says: its admin level and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FieldRole {
    Pcode(u8),
    Name(u8, String),
}

/// `ADM2_PCODE` → P-code of level 2; `ADM2_EN`, `admin2Name_en` → level-2 name in `en`;
/// `ADM2_NAME` → a name in no stated language. Alternative names (`ADM2ALT1EN`) and
/// references (`ADM2_REF`) are not names.
fn role(field: &str) -> Option<FieldRole> {
    let key: String = field.chars().filter(|c| *c != '_').collect::<String>().to_ascii_lowercase();
    let rest = key.strip_prefix("admin").or_else(|| key.strip_prefix("adm"))?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let level: u8 = rest.get(..digits)?.parse().ok().filter(|l| *l <= 9)?;
    let what = rest.get(digits..)?;
    if what == "pcode" {
        return Some(FieldRole::Pcode(level));
    }
    let language = what.strip_prefix("name").unwrap_or(what);
    match language.len() {
        0 if what == "name" => Some(FieldRole::Name(level, "und".to_string())),
        2 if language.chars().all(|c| c.is_ascii_alphabetic()) => Some(FieldRole::Name(level, language.to_string())),
        _ => None,
    }
}

/// The mapping a COD-AB layer's field names suggest: the deepest `ADMn_PCODE` is the
/// areas' own P-code and level, `ADM(n-1)_PCODE` the parent, `ADMn_XX` the names. None
/// when no field looks like a P-code.
pub fn propose_mapping(fields: &[String]) -> Option<AttributeMapping> {
    let roles: Vec<(&String, FieldRole)> = fields.iter().filter_map(|f| Some((f, role(f)?))).collect();
    let pcode_at =
        |level: u8| roles.iter().find(|(_, r)| *r == FieldRole::Pcode(level)).map(|(field, _)| (*field).clone());
    let level = roles
        .iter()
        .filter_map(|(_, r)| match r {
            FieldRole::Pcode(level) => Some(*level),
            FieldRole::Name(..) => None,
        })
        .max()?;
    let names = roles
        .iter()
        .filter_map(|(field, r)| match r {
            FieldRole::Name(l, language) if *l == level => {
                Some(NameField { language: language.clone(), field: (*field).clone() })
            }
            _ => None,
        })
        .collect();
    Some(AttributeMapping { pcode: pcode_at(level)?, level, parent: level.checked_sub(1).and_then(pcode_at), names })
}

/// The P-code of a feature as its attributes most likely give it, to name it in messages.
pub fn likely_pcode(attributes: &BTreeMap<String, String>) -> Option<String> {
    let fields: Vec<String> = attributes.keys().cloned().collect();
    let mapping = propose_mapping(&fields)?;
    attributes.get(&mapping.pcode).filter(|p| !p.is_empty()).cloned()
}

/// A feature with its attributes mapped, before simplification.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedFeature {
    pub pcode: String,
    pub level: u8,
    pub parent: Option<String>,
    pub names: BTreeMap<String, String>,
    pub polygons: Vec<RawPolygon>,
    /// Where it is in its layer, for messages.
    pub at: FeatureRef,
}

/// Applies a mapping to every feature of a layer; every feature must have a P-code.
pub fn apply(file: &str, layer: &Layer, mapping: &AttributeMapping) -> Result<Vec<MappedFeature>, BoundaryError> {
    let fields = || layer.fields.join(", ");
    let named = mapping.names.iter().map(|n| &n.field);
    for field in std::iter::once(&mapping.pcode).chain(mapping.parent.iter()).chain(named) {
        if !layer.fields.contains(field) {
            return Err(BoundaryError::UnknownField {
                file: file.to_string(),
                layer: layer.name.clone(),
                field: field.clone(),
                fields: fields(),
            });
        }
    }
    let value = |attributes: &BTreeMap<String, String>, field: &str| {
        attributes.get(field).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    layer
        .features
        .iter()
        .enumerate()
        .map(|(index, feature)| {
            let at = FeatureRef { number: index + 1, pcode: None };
            let pcode = value(&feature.attributes, &mapping.pcode).ok_or_else(|| BoundaryError::MissingPcode {
                file: file.to_string(),
                layer: layer.name.clone(),
                feature: at.clone(),
                field: mapping.pcode.clone(),
            })?;
            let names = mapping
                .names
                .iter()
                .filter_map(|n| Some((n.language.clone(), value(&feature.attributes, &n.field)?)))
                .collect();
            Ok(MappedFeature {
                parent: mapping.parent.as_deref().and_then(|field| value(&feature.attributes, field)),
                level: mapping.level,
                names,
                polygons: feature.polygons.clone(),
                at: FeatureRef { pcode: Some(pcode.clone()), ..at },
                pcode,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn cod_ab_fields_give_pcode_level_parent_and_every_language() {
        let layer = fields(&[
            "Shape_Leng",
            "ADM2_EN",
            "ADM2_AR",
            "ADM2_PCODE",
            "ADM2_REF",
            "ADM2ALT1EN",
            "ADM1_EN",
            "ADM1_AR",
            "ADM1_PCODE",
            "ADM0_EN",
            "ADM0_PCODE",
            "validOn",
        ]);
        let mapping = propose_mapping(&layer).unwrap();
        assert_eq!((mapping.pcode.as_str(), mapping.level), ("ADM2_PCODE", 2));
        assert_eq!(mapping.parent.as_deref(), Some("ADM1_PCODE"));
        let languages: Vec<(&str, &str)> =
            mapping.names.iter().map(|n| (n.language.as_str(), n.field.as_str())).collect();
        assert_eq!(languages, [("en", "ADM2_EN"), ("ar", "ADM2_AR")]);
    }

    #[test]
    fn older_hdx_spellings_and_country_layers() {
        let mapping = propose_mapping(&fields(&["admin1Name_fr", "admin1Pcode", "admin0Pcode", "admin1Name"])).unwrap();
        assert_eq!(
            (mapping.pcode.as_str(), mapping.level, mapping.parent.as_deref()),
            ("admin1Pcode", 1, Some("admin0Pcode"))
        );
        assert_eq!(mapping.names.len(), 2);
        let country = propose_mapping(&fields(&["ADM0_EN", "ADM0_PCODE"])).unwrap();
        assert_eq!((country.level, country.parent), (0, None));
        assert_eq!(propose_mapping(&fields(&["NAME", "CODE", "ADM_REF"])), None);
    }
}
