//! The built-in list of header names partners use (English and French) and the hashtag
//! each means, like the HXL Proxy's taggers.
//!
//! Headers are matched by [`header_key`]: case, spaces, punctuation and accents ignored, so
//! `Admin 2 P-code`, `admin2pcode` and `ADMIN2_PCODE` are one header.

use crate::model::vocab::fold;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Headers with their hashtag; `None` means "known, but not imported" (totals the plan
/// computes itself, population subgroups the plan does not hold, free comments).
#[rustfmt::skip]
const KNOWN_HEADERS: &[(Option<&str>, &[&str])] = &[
    (Some("#org+prog"), &["reportingorganisation", "reportingorganization", "reportingorg", "reportingagency",
        "organisation", "organization", "org", "orgname", "organisationname", "organizationname", "agency",
        "partner", "partnername", "leadorganisation", "organisme", "partenaire", "agence", "structure",
        "organisationquirapporte"]),
    (Some("#org+impl"), &["implementingpartner", "implementingorganisation", "implementingorganization",
        "implementingagency", "implementer", "ip", "codeofimplementingpartner", "implementingpartnercode", "partenairedemiseenoeuvre", "partenaireoperationnel",
        "partenaireexecution"]),
    (Some("#org+funder"), &["fundingsource", "fundingorganisation", "fundingorganization", "donor", "donors",
        "funder", "funding", "fundingagencysource", "fundingagency", "bailleur", "bailleurdefonds", "bailleurs", "donateur", "sourcedefinancement",
        "financement"]),
    (Some("#sector"), &["cluster", "sector", "clustersector", "sectorcluster", "secteur", "clustersecteur"]),
    (Some("#activity"), &["activity", "activities", "activitydescription", "description", "activite", "activites",
        "typeofactivity", "activitytype"]),
    (Some("#meta+id"), &["id", "activityid", "rowid", "projectid", "projectcode", "identifiant"]),
    (Some("#adm1+code"), &["admin1pcode", "adm1pcode", "admin1code", "adm1code", "pcodeadmin1", "governoratepcode",
        "governoratecode", "provincepcode", "provincecode", "regionpcode", "regioncode", "statepcode",
        "pcoderegion", "coderegion", "pcodeadm1"]),
    (Some("#adm2+code"), &["admin2pcode", "adm2pcode", "admin2code", "adm2code", "pcodeadmin2", "districtpcode",
        "districtcode", "departementpcode", "departementcode", "codedepartement", "pcodedepartement",
        "countypcode", "pcodeadm2", "pcode", "areapcode", "areacode", "locationcode"]),
    (Some("#adm3+code"), &["admin3pcode", "adm3pcode", "admin3code", "adm3code", "pcodeadmin3", "subdistrictpcode",
        "subdistrictcode", "communepcode", "communecode", "codecommune", "pcodecommune", "pcodeadm3"]),
    (Some("#adm4+code"), &["admin4pcode", "adm4pcode", "admin4code", "adm4code", "pcodeadmin4", "communitypcode",
        "communitycode", "villagepcode", "villagecode", "localitepcode", "codelocalite", "pcodeadm4"]),
    (Some("#adm5+code"), &["neighbourhoodpcode", "neighborhoodpcode", "admin5pcode", "adm5pcode"]),
    (Some("#adm1+name"), &["governorate", "province", "region", "state", "admin1", "admin1name", "adm1name",
        "adm1", "nameadmin1", "gouvernorat", "governorates", "governoratesmohafaza", "mohafaza", "governoratemohafaza", "admin1nameen", "adm1en", "adm1nameen", "admin1en"]),
    (Some("#adm1+name+i_ar"), &["admin1namear", "adm1ar", "adm1namear", "admin1ar"]),
    (Some("#adm1+name+i_fr"), &["admin1namefr", "adm1fr", "adm1namefr", "admin1fr"]),
    (Some("#adm2+name+i_ar"), &["admin2namear", "adm2ar", "adm2namear", "admin2ar"]),
    (Some("#adm2+name+i_fr"), &["admin2namefr", "adm2fr", "adm2namefr", "admin2fr"]),
    (Some("#adm3+name+i_ar"), &["admin3namear", "adm3ar", "adm3namear", "admin3ar"]),
    (Some("#adm3+name+i_fr"), &["admin3namefr", "adm3fr", "adm3namefr", "admin3fr"]),
    (Some("#adm4+name+i_ar"), &["admin4namear", "adm4ar", "adm4namear", "admin4ar"]),
    (Some("#adm4+name+i_fr"), &["admin4namefr", "adm4fr", "adm4namefr", "admin4fr"]),
    (Some("#adm2+name"), &["district", "admin2", "admin2name", "adm2name", "adm2", "departement", "county",
        "cercle", "prefecture", "districts", "districtsmantika", "mantika", "districtmantika", "admin2nameen", "adm2en", "adm2nameen", "admin2en"]),
    (Some("#adm3+name"), &["subdistrict", "admin3", "admin3name", "adm3name", "adm3", "commune", "sousprefecture",
        "arrondissement", "subdistricts", "subdistrictsnahia", "nahia", "subdistrictnahia", "admin3nameen", "adm3en", "adm3nameen", "admin3en"]),
    (Some("#adm4+name"), &["community", "village", "admin4", "admin4name", "adm4name", "adm4", "localite",
        "locality", "town", "communities", "communitiestownvillage", "communitytownvillage", "admin4nameen", "adm4en", "adm4nameen", "admin4en"]),
    (Some("#adm5+name"), &["neighbourhood", "neighborhood", "quartier", "admin5", "admin5name"]),
    (Some("#loc+code"), &["locationpcode", "sitepcode", "campcode", "campcpcode", "sitecode"]),
    (Some("#loc+name"), &["campname", "site", "sitename", "camp", "location", "locationname", "nomdusite",
        "campsite", "sitecampname", "campsitename"]),
    (Some("#loc+type"), &["villagecamps", "villagecamp", "locationtype", "sitetype", "typedesite"]),
    (Some("#geo+lat"), &["latitude", "latitudey", "lat", "ycoordinate", "gpslatitude", "gpslat", "gpsy",
        "latitudegps", "gpscoordinateslatitude", "latitudedd", "latitudedecimal", "ylat"]),
    (Some("#geo+lon"), &["longitude", "longitudex", "lon", "long", "lng", "xcoordinate", "gpslongitude", "gpslon",
        "gpslong", "gpslng", "gpsx", "longitudegps", "gpscoordinateslongitude", "longitudedd",
        "longitudedecimal", "xlon", "xlong"]),
    (Some("#targeted+hh"), &["families", "households", "hh", "nbhh", "numberofhouseholds", "numberoffamilies",
        "targetedhouseholds", "householdstargeted", "targethh", "hhtargeted", "menages", "nombredemenages",
        "menagescibles", "familles", "familiestargeted"]),
    (Some("#targeted"), &["beneficiaries", "individuals", "people", "persons", "peopletargeted", "targeted",
        "target", "targetedpeople", "targetedindividuals", "numberofbeneficiaries", "totalbeneficiaries",
        "beneficiairies", "beneficiaires", "beneficiairescibles", "personnescibles", "personnes", "individus",
        "cible"]),
    (Some("#reached+hh"), &["householdsreached", "hhreached", "familiesreached", "reachedhouseholds",
        "menagesatteints", "menagesassistes"]),
    (Some("#reached"), &["reached", "peoplereached", "beneficiariesreached", "individualsreached",
        "personsreached", "reachedpeople", "ofindividualsreached", "numberofindividualsreached",
        "individualsreachedtotal", "personnesatteintes", "beneficiairesatteints", "atteints", "assisted",
        "peopleassisted"]),
    (Some("#inneed"), &["peopleinneed", "pin", "inneed", "personnesdansLebesoin", "personnesenbesoin",
        "pinindividuals"]),
    (Some("#severity"), &["severity", "sev", "severityscore", "severitylevel", "severityphase", "severite"]),
    (Some("#inneed+hh"), &["householdsinneed", "hhinneed", "pinhh", "menagesdansLebesoin"]),
    (Some("#targeted+m+adults"), &["men1860", "men", "adultmen", "males1859", "men1859", "hommes", "hommes1859",
        "males1860"]),
    (Some("#targeted+f+adults"), &["women1860", "women", "adultwomen", "females1859", "women1859", "femmes",
        "femmes1859", "females1860"]),
    (Some("#targeted+m+children"), &["boys18", "boys", "boys017", "boysunder18", "garcons", "garcons017",
        "males017"]),
    (Some("#targeted+f+children"), &["girls18", "girls", "girls017", "girlsunder18", "filles", "filles017",
        "females017"]),
    (Some("#targeted+m+elderly"), &["elderlymales60", "elderlymen", "elderlymales", "men60", "males60",
        "hommesages", "hommes60"]),
    (Some("#targeted+f+elderly"), &["elderlyfemales60", "elderlywomen", "elderlyfemales", "women60", "females60",
        "femmesagees", "femmes60"]),
    (Some("#modality"), &["modality", "modalities", "transfermodality", "modalityofassistance",
        "assistancemodality", "typeofassistance", "assistancetype", "modalite", "typedassistance", "cashorvoucher",
        "transfertype"]),
    (Some("#modality+conditionality"), &["conditionality", "conditionalities", "conditional", "conditionalite",
        "conditionnalite", "conditions"]),
    (Some("#modality+restriction"), &["restrictions", "restriction", "restricted", "restrictedunrestricted",
        "modalityrestrictions", "modalityandrestrictions", "modalityrestriction"]),
    (Some("#channel"), &["cashdeliverymechanism", "voucherdeliverymechanism", "deliverymechanism",
        "deliverychannel", "deliverymechanisms", "transfermechanism", "paymentmechanism", "paymentmethod",
        "channel", "mecanismedelivraison", "mecanismedetransfert", "mecanismedepaiement", "fsp",
        "financialserviceprovider"]),
    (Some("#currency"), &["currency", "transfercurrency", "devise", "monnaie", "currencyoftransfer", "currencycode"]),
    (Some("#currency+from"), &["fromcurrency", "currencyfrom", "basecurrency"]),
    (Some("#currency+to"), &["tocurrency", "currencyto", "localcurrency", "quotecurrency"]),
    // Not `fx_rate` or `exchange rate`: a 4W's rate used for its row, not a table of rates.
    (Some("#value+fx"), &["operationalrate", "unoperationalrate", "unorer", "operationalrateofexchange"]),
    (Some("#date"), &["effectivedate", "ratedate", "dateofrate", "dateeffective", "validfrom"]),
    (Some("#value+transfer+hh"), &["transfervalue", "transferamount", "amount", "amountperhh",
        "amountperhousehold", "valueperhh", "valueperhousehold", "value", "valueusd", "transfervalueusd",
        "transfervaluehh", "cashamount", "montant", "montantparmenage", "montantdutransfert", "valeurdutransfert",
        "valeur"]),
    (Some("#value+transfer+person"), &["amountperperson", "valueperperson", "transfervalueperperson",
        "amountperindividual", "montantparpersonne"]),
    (Some("#frequency"), &["transferfrequency", "frequency", "frequencyoftransfer", "paymentfrequency",
        "frequence", "frequencedutransfert", "frequencedestransferts"]),
    (Some("#indicator+payments"), &["numpayments", "numberofpayments", "payments", "nbpayments",
        "numberoftransfers", "nboftransfers", "transfers", "numberofinstallments", "installments",
        "nombredepaiements", "nombredetransferts", "nbtransferts", "tranches"]),
    (Some("#date+start"), &["startdate", "start", "datestart", "dateofstart", "from", "datededebut", "debut",
        "datedebut", "projectstart", "activitystart"]),
    (Some("#date+reported"), &["monthofactivity", "reportingmonth", "month", "reportingperiod",
        "monthofreporting", "moisderapport"]),
    (Some("#date+end"), &["enddate", "end", "dateend", "to", "datedefin", "fin", "datefin", "projectend",
        "activityend"]),
    (Some("#status"), &["projectstatus", "status", "activitystatus", "statut", "etat", "statutdelactivite"]),
    (Some("#beneficiary+criteria"), &["targetingcriteria", "targeting", "criteria", "selectioncriteria",
        "criteresdeciblage", "ciblage", "criteres"]),
    (Some("#indicator+hhsize"), &["householdsize", "hhsize", "familysize", "tailledesmenages", "taillemenage"]),
    // Known, not imported: the plan computes totals itself and holds no population subgroups.
    (None, &["femaleheadedhh", "idps", "hostcommunities", "returnees", "pwds", "previouslyassisted",
        "newlyassisted", "fxrate", "exchangerate", "totalvalueperhh", "totalusd", "totalvalue", "distributiondate",
        "comments", "comment", "remarks", "abbreviation", "acronym", "source", "responsetype", "type",
        "locationother"]),
];

/// A header reduced to letters and digits, lower case, without accents.
pub fn header_key(header: &str) -> String {
    fold(header).chars().map(strip_accent).filter(|c| c.is_alphanumeric()).collect()
}

fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        other => other,
    }
}

/// The known headers by their key, folded once: the proposal looks every column up here,
/// so 50,000 columns take 50,000 look-ups, not 50,000 × 400 foldings.
fn known_by_key() -> &'static HashMap<String, Option<&'static str>> {
    static KNOWN: OnceLock<HashMap<String, Option<&'static str>>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut known = HashMap::new();
        for (tag, names) in KNOWN_HEADERS {
            for name in *names {
                // The first listing wins, as the list is read in order.
                known.entry(header_key(name)).or_insert(*tag);
            }
        }
        known
    })
}

/// The built-in proposal for a header: `Some(Some(tag))` to import it, `Some(None)` when
/// known but deliberately not imported, `None` when unknown.
pub fn known_hashtag(header: &str) -> Option<Option<&'static str>> {
    known_by_key().get(&header_key(header)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spacing_punctuation_and_accents_are_ignored() {
        for header in ["Admin 2 Pcode", "admin2pcode", "ADMIN2_PCODE", "Admin-2 P-code", "District code", "P-code"] {
            assert_eq!(known_hashtag(header), Some(Some("#adm2+code")), "{header}");
        }
        assert_eq!(known_hashtag("Value (USD)"), Some(Some("#value+transfer+hh")));
        assert_eq!(known_hashtag("Fréquence"), Some(Some("#frequency")));
        assert_eq!(known_hashtag("Bénéficiaires ciblés"), Some(Some("#targeted")));
        assert_eq!(known_hashtag("Ménages"), Some(Some("#targeted+hh")));
        assert_eq!(known_hashtag("total_usd"), Some(None));
        assert_eq!(known_hashtag("Favourite colour"), None);
    }

    #[test]
    fn no_header_is_listed_twice() {
        let mut seen = std::collections::BTreeMap::new();
        for (tag, names) in KNOWN_HEADERS {
            for name in *names {
                if let Some(previous) = seen.insert(header_key(name), tag) {
                    panic!("{name} is listed for {previous:?} and {tag:?}");
                }
            }
        }
    }
}
