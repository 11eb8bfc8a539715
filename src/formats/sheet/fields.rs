//! The fields a column can be mapped to, with the words a coordinator knows them by, and the
//! canonical values of coded fields, for the mapping screen.

use super::values::Coded;
use crate::model::{Conditionality, Frequency, Modality, Plan, Restriction, Status, Vocabulary};

/// Hashtag and human label of every field the import reads, in the order a 5W is laid out.
pub const TARGET_FIELDS: &[(&str, &str)] = &[
    ("#org+prog", "Organisation (reporting)"),
    ("#org+impl", "Implementing partner"),
    ("#org+funder", "Donor"),
    ("#sector", "Sector / cluster"),
    ("#adm1+code", "Admin 1 P-code"),
    ("#adm1+name", "Admin 1 name"),
    ("#adm2+code", "Admin 2 P-code"),
    ("#adm2+name", "Admin 2 name"),
    ("#adm3+code", "Admin 3 P-code"),
    ("#adm3+name", "Admin 3 name"),
    ("#adm4+code", "Admin 4 P-code"),
    ("#adm4+name", "Admin 4 name"),
    ("#loc+name", "Site or camp name"),
    ("#loc+code", "Site or camp code"),
    ("#geo+lat", "Latitude (decimal degrees, WGS 84)"),
    ("#geo+lon", "Longitude (decimal degrees, WGS 84)"),
    ("#activity", "Activity description"),
    ("#modality", "Modality (cash, voucher, in-kind)"),
    ("#modality+conditionality", "Conditionality"),
    ("#modality+restriction", "Restriction"),
    ("#channel", "Delivery mechanism"),
    ("#targeted", "People targeted"),
    ("#targeted+hh", "Households targeted"),
    ("#reached", "People reached"),
    ("#reached+hh", "Households reached"),
    ("#targeted+f+adults", "Women targeted"),
    ("#targeted+m+adults", "Men targeted"),
    ("#targeted+f+children", "Girls targeted"),
    ("#targeted+m+children", "Boys targeted"),
    ("#targeted+f+elderly", "Elderly women targeted"),
    ("#targeted+m+elderly", "Elderly men targeted"),
    ("#value+transfer+hh", "Transfer value per household"),
    ("#value+transfer+ind", "Transfer value per person"),
    ("#currency", "Currency"),
    ("#frequency", "Frequency"),
    ("#indicator+payments", "Number of payments"),
    ("#date+start", "Start date"),
    ("#date+end", "End date"),
    ("#date+reported", "Reporting month"),
    ("#status", "Status"),
    ("#beneficiary+criteria", "Targeting criteria"),
    ("#inneed", "People in need"),
    ("#severity", "Severity (1 to 5)"),
    ("#population", "Population"),
    ("#meta+id", "Row id"),
    ("#value+fx", "Exchange rate (units of the currency converted to)"),
    ("#currency+from", "Currency converted from"),
    ("#currency+to", "Currency converted to"),
    ("#date", "Date the rate applies from"),
];

/// "Organisation (reporting)": the mapping screen speaks the plan's words, the hashtag is the
/// option's value; a hashtag not in the list (a file's own hashtag row) is shown as it is.
pub fn field_label(hashtag: &str) -> String {
    let label = |tag: &str| TARGET_FIELDS.iter().find(|(t, _)| *t == tag).map(|(_, label)| *label);
    if let Some(label) = label(hashtag) {
        return label.to_string();
    }
    // A name in another language (`#adm1+name+i_ar`): the field, and the language.
    let (base, language) = hashtag.rsplit_once("+i_").unwrap_or((hashtag, ""));
    match (label(base), language_name(language)) {
        (Some(label), Some(language)) => format!("{label} in {language}"),
        _ => hashtag.to_string(),
    }
}

fn language_name(code: &str) -> Option<&'static str> {
    let names = [("ar", "Arabic"), ("en", "English"), ("fr", "French"), ("es", "Spanish"), ("ru", "Russian")];
    names.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
}

fn codes<V: Vocabulary + 'static>() -> Vec<String> {
    V::VALUES.iter().map(|(_, code, _)| code.to_string()).collect()
}

/// The values a coded field may take; sectors are the plan's.
pub fn canonical_values(field: Coded, plan: &Plan) -> Vec<String> {
    match field {
        Coded::Sector => plan.sectors.live().map(|r| r.data.code.clone()).collect(),
        Coded::Modality => codes::<Modality>(),
        Coded::Conditionality => codes::<Conditionality>(),
        Coded::Restriction => codes::<Restriction>(),
        Coded::Status => codes::<Status>(),
        Coded::Frequency => codes::<Frequency>(),
        Coded::Currency => {
            let mut list: Vec<String> =
                ["USD", "EUR", "TRY", "SYP", "UAH", "YER", "SDG", "AFN", "LBP", "IQD"].map(String::from).to_vec();
            let own = plan.currency.trim().to_uppercase();
            if !own.is_empty() && !list.contains(&own) {
                list.insert(0, own);
            }
            list
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::sheet::normalise_hashtag;

    #[test]
    fn every_target_is_a_normal_hashtag_listed_once() {
        for (i, (tag, _)) in TARGET_FIELDS.iter().enumerate() {
            assert_eq!(normalise_hashtag(tag).as_deref(), Some(*tag));
            assert!(TARGET_FIELDS.iter().skip(i + 1).all(|(other, _)| other != tag), "{tag} twice");
        }
        assert_eq!(field_label("#org+prog"), "Organisation (reporting)");
        assert_eq!(field_label("#adm1+name+i_ar"), "Admin 1 name in Arabic");
        assert_eq!(field_label("#adm1+name+i_xx"), "#adm1+name+i_xx");
        assert_eq!(field_label("#x+y"), "#x+y");
    }

    #[test]
    fn coded_fields_offer_their_canonical_values() {
        let plan = Plan::new("p", "P", "SYR", "SYP", &crate::model::Stamp { at: String::new(), by: String::new() });
        assert_eq!(canonical_values(Coded::Modality, &plan), ["cash", "voucher", "in-kind", "service"]);
        assert!(canonical_values(Coded::Sector, &plan).contains(&"MPC".to_string()));
        assert_eq!(canonical_values(Coded::Currency, &plan)[3], "SYP");
    }
}
