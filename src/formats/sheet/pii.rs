//! The personal-data guard: columns whose header or contents look like data about a person.
//!
//! A plan holds aggregate figures only and travels between organisations by email, so
//! beneficiary lists must never end up in it. Organisation names, admin names and the GPS
//! of villages or camps are not personal; the GPS of a household is.

use super::cells::is_missing;
use super::headers::header_key;
use super::RawTable;
use std::collections::HashSet;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiReason {
    PersonName,
    PhoneNumber,
    IdNumber,
    DateOfBirth,
    Email,
    HouseholdLocation,
}

impl fmt::Display for PiiReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PiiReason::PersonName => "it holds people's names",
            PiiReason::PhoneNumber => "it holds phone numbers",
            PiiReason::IdNumber => "it holds personal identification numbers",
            PiiReason::DateOfBirth => "it holds dates of birth",
            PiiReason::Email => "it holds email addresses",
            PiiReason::HouseholdLocation => "it holds the exact location of households",
        })
    }
}

/// A column refused because it looks like personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiiFinding {
    pub column: usize,
    pub header: String,
    pub reason: PiiReason,
    /// How many filled cells the column has (or, when found from the contents, how many
    /// cells look personal).
    pub sample_count: usize,
}

impl fmt::Display for PiiFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "column “{}” is left out: {} ({} cells). A plan holds aggregate figures only; remove personal data before sharing, or mark the column as not personal if this is wrong.",
            self.header, self.reason, self.sample_count
        )
    }
}

const NAME_HEADERS: &[&str] = &[
    "firstname",
    "lastname",
    "surname",
    "fullname",
    "familyname",
    "givenname",
    "middlename",
    "fathername",
    "mothername",
    "headofhousehold",
    "householdhead",
    "hohname",
    "chefdemenage",
    "prenom",
    "nomcomplet",
    "nometprenom",
];
const PERSON_WORDS: &[&str] = &[
    "beneficiar",
    "beneficiai",
    "recipient",
    "person",
    "individual",
    "member",
    "child",
    "caregiver",
    "head",
    "hoh",
    "respondent",
    "applicant",
    "guardian",
];
const PHONE_HEADERS: &[&str] = &["phone", "mobile", "telephone", "whatsapp", "msisdn", "contactnumber", "cellnumber"];
const ID_HEADERS: &[&str] = &[
    "nationalid",
    "idnumber",
    "idno",
    "passport",
    "idcard",
    "identitycard",
    "cartedidentite",
    "socialsecurity",
    "registrationnumber",
    "casenumber",
    "progres",
    "beneficiaryid",
    "householdid",
    "individualid",
    "personalid",
    "documentnumber",
    "unhcrid",
    "biometric",
];
const BIRTH_HEADERS: &[&str] =
    &["dateofbirth", "birthdate", "birthday", "datedenaissance", "yearofbirth", "anneedenaissance", "naissance"];
const EMAIL_HEADERS: &[&str] = &["email", "courriel"];
const GPS_WORDS: &[&str] = &["latitude", "longitude", "gps", "coordinate", "geoloc", "geopoint"];
/// Short forms only count at either end of a header (`hh_lat`), since `lat` is in `population`.
const GPS_ENDS: &[&str] = &["lat", "lon", "lng", "long"];
const HOUSEHOLD_WORDS: &[&str] = &[
    "household",
    "hh",
    "beneficiar",
    "home",
    "house",
    "dwelling",
    "tent",
    "recipient",
    "menage",
    "individual",
    "person",
    "family",
];

fn any_in(key: &str, words: &[&str]) -> bool {
    words.iter().any(|w| key.contains(w))
}

fn reason_from_header(header: &str) -> Option<PiiReason> {
    let key = header_key(header);
    let names_a_person = key.contains("name") || (key.starts_with("nom") && !key.starts_with("nombre"));
    if any_in(&key, NAME_HEADERS)
        || matches!(key.as_str(), "name" | "nom")
        || (names_a_person && any_in(&key, PERSON_WORDS))
    {
        return Some(PiiReason::PersonName);
    }
    if any_in(&key, PHONE_HEADERS) || matches!(key.as_str(), "tel" | "gsm" | "cell") {
        return Some(PiiReason::PhoneNumber);
    }
    if any_in(&key, ID_HEADERS) || matches!(key.as_str(), "cni" | "nin" | "ssn" | "idnational") {
        return Some(PiiReason::IdNumber);
    }
    if any_in(&key, BIRTH_HEADERS) || key == "dob" {
        return Some(PiiReason::DateOfBirth);
    }
    if any_in(&key, EMAIL_HEADERS) {
        return Some(PiiReason::Email);
    }
    let gps = any_in(&key, GPS_WORDS) || GPS_ENDS.iter().any(|w| key.starts_with(w) || key.ends_with(w));
    if gps && any_in(&key, HOUSEHOLD_WORDS) {
        return Some(PiiReason::HouseholdLocation);
    }
    None
}

fn digits(text: &str) -> Option<usize> {
    let allowed = text.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'));
    allowed.then(|| text.chars().filter(char::is_ascii_digit).count())
}

fn looks_like_phone(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('+') || t.starts_with('0')) && !t.contains('.') && digits(t).is_some_and(|n| (9..=15).contains(&n))
}

fn looks_like_email(text: &str) -> bool {
    let t = text.trim();
    !t.contains(' ') && t.split_once('@').is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
}

fn looks_like_id_number(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 10 && t.len() <= 20 && t.chars().all(|c| c.is_ascii_digit())
}

/// Content rules: most filled cells (and at least three) look personal. One pass over the
/// column, as every column of a 100k-row sheet is scanned.
fn reason_from_contents(cells: &[&str]) -> Option<(PiiReason, usize)> {
    let filled = cells.len();
    let (mut phones, mut emails, mut ids) = (0, 0, 0);
    for cell in cells {
        let t = cell.trim();
        phones += usize::from(looks_like_phone(t));
        emails += usize::from(looks_like_email(t));
        ids += usize::from(looks_like_id_number(t));
    }
    let most = |n: usize| n >= 3 && n * 2 > filled;
    if most(phones) {
        return Some((PiiReason::PhoneNumber, phones));
    }
    if most(emails) {
        return Some((PiiReason::Email, emails));
    }
    // Counting distinct cells hashes the whole column, so only for a column of id-like numbers.
    if !most(ids) {
        return None;
    }
    let distinct: HashSet<&&str> = cells.iter().collect();
    (distinct.len() * 10 >= filled * 9).then_some((PiiReason::IdNumber, ids))
}

/// Every column that looks like personal data, by its header or its contents.
pub fn scan_pii(table: &RawTable) -> Vec<PiiFinding> {
    let mut findings = Vec::new();
    for (index, header) in table.headers.iter().enumerate() {
        let filled = || table.column(index).map(|(_, c)| c).filter(|c| !is_missing(c));
        let found = match reason_from_header(header) {
            Some(reason) => Some((reason, filled().count())),
            None => reason_from_contents(&filled().collect::<Vec<_>>()),
        };
        if let Some((reason, sample_count)) = found {
            findings.push(PiiFinding { column: index, header: header.clone(), reason, sample_count });
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_headers_are_found() {
        let cases = [
            ("Beneficiary name", PiiReason::PersonName),
            ("First Name", PiiReason::PersonName),
            ("Head of household", PiiReason::PersonName),
            ("Nom du bénéficiaire", PiiReason::PersonName),
            ("Phone number", PiiReason::PhoneNumber),
            ("Téléphone", PiiReason::PhoneNumber),
            ("National ID", PiiReason::IdNumber),
            ("DOB", PiiReason::DateOfBirth),
            ("Date de naissance", PiiReason::DateOfBirth),
            ("E-mail", PiiReason::Email),
            ("HH GPS latitude", PiiReason::HouseholdLocation),
            ("household_longitude", PiiReason::HouseholdLocation),
        ];
        for (header, reason) in cases {
            assert_eq!(reason_from_header(header), Some(reason), "{header}");
        }
    }

    #[test]
    fn organisations_places_and_counts_are_not_personal() {
        for header in [
            "reporting_organisation",
            "Organisation name",
            "camp_name",
            "community",
            "latitude_y",
            "longitude_x",
            "female_headed_hh",
            "Nombre de ménages",
            "household population",
            "families",
            "Partner",
            "Admin 2 name",
        ] {
            assert_eq!(reason_from_header(header), None, "{header}");
        }
        assert_eq!(reason_from_contents(&["Shafak Organization (SO)", "Mercy-USA", "GOAL"]), None);
        assert_eq!(reason_from_contents(&["116550", "55950", "116550", "8850"]), None);
        assert_eq!(reason_from_contents(&["36.013896", "35.929008", "36.195065"]), None);
    }

    #[test]
    fn personal_contents_are_found() {
        assert_eq!(
            reason_from_contents(&["+963 944 123 456", "0944123457", "0944-123-458", "n/a"]),
            Some((PiiReason::PhoneNumber, 3))
        );
        assert_eq!(reason_from_contents(&["a@b.org", "c@d.org", "e@f.org"]), Some((PiiReason::Email, 3)));
        assert_eq!(
            reason_from_contents(&["12345678901", "12345678902", "12345678903"]),
            Some((PiiReason::IdNumber, 3))
        );
    }
}
