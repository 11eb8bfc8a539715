//! What a wide sheet has one column per, told from the headers: a sector (`Food_PIN`,
//! `WASH Severity`), a month (`Jan-2023`, `2023-01`, `Reached Mar-23`) or a sex and age group
//! (`Women`, `Girls reached`, `F 18-59`). A sector or month becomes one row per value
//! (`reshape`); a sex and age group becomes the figure's breakdown (`#reached` for women is
//! `#reached+f+adults`).

use super::cells::{parse_month, DayOrder};
use super::headers::known_hashtag;
use super::mapping::Spread;
use super::values::{field_kind, Coded, FieldKind};
use crate::formats::hxl::SEX_AGE;
use crate::model::vocab::fold;

pub const BY_SECTOR: &str = "#sector";
pub const BY_MONTH: &str = "#date+reported";
/// Not a field of its own: the group is the figure's attributes (`f+adults`).
pub const BY_SEX_AGE: &str = "#sexage";

/// The fields a sheet may have one column per value of, with their word on the screen.
pub const SPREAD_BY: &[(&str, &str)] = &[(BY_SECTOR, "sector"), (BY_MONTH, "month"), (BY_SEX_AGE, "sex and age group")];

/// Headers longer than this many words are not read for a group (they are sentences).
const MAX_WORDS: usize = 12;

/// The sex and age groups, as the attributes a figure takes (`f+adults`) and their word.
pub fn sex_age_groups() -> impl Iterator<Item = (String, &'static str)> {
    SEX_AGE.iter().map(|(word, sex, age)| (format!("{sex}+{age}"), *word))
}

/// Whether a figure has a sex and age breakdown (people targeted and reached).
pub fn has_breakdown(hashtag: &str) -> bool {
    matches!(hashtag, "#targeted" | "#reached")
}

/// Whether a column mapped to this hashtag holds a figure that can be one column per group.
pub fn is_figure(hashtag: &str) -> bool {
    field_kind(hashtag) == FieldKind::Count || hashtag.starts_with("#severity")
}

/// What a header's figure and group are, when it names a group: the figure's hashtag (none
/// when the header is only a month, `Jan-2023`) and the group.
pub fn propose_spread(header: &str) -> Option<(Option<String>, Spread)> {
    let words: Vec<String> = header.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold).collect();
    if words.is_empty() || words.len() > MAX_WORDS {
        return None;
    }
    by_sector(&words).or_else(|| by_sex_age(&words)).or_else(|| by_month(&words))
}

/// The known figure the words name (`PIN`, `reached`), if they name one.
fn figure(words: &[&str]) -> Option<&'static str> {
    known_hashtag(&words.join(" ")).flatten().filter(|tag| is_figure(tag))
}

fn by_sector(words: &[String]) -> Option<(Option<String>, Spread)> {
    for cut in 1..words.len() {
        let (left, right) = (words[..cut].join(" "), words[cut..].join(" "));
        for (sector, figure_words) in [(&left, &right), (&right, &left)] {
            let Some(tag) = figure(&[figure_words.as_str()]) else { continue };
            if let Some(code) = Coded::Sector.canonical(sector) {
                return Some((Some(tag.to_string()), Spread { by: BY_SECTOR.into(), value: code }));
            }
        }
    }
    None
}

const FEMALE: &[&str] = &["women", "woman", "female", "females", "f", "femmes", "femme", "girls", "girl", "filles"];
const MALE: &[&str] = &["men", "man", "male", "males", "m", "hommes", "homme", "boys", "boy", "garcons", "garçons"];
const CHILDREN: &[&str] = &["girls", "girl", "boys", "boy", "filles", "garcons", "garçons", "children", "child"];
const ADULTS: &[&str] = &["women", "woman", "men", "man", "femmes", "hommes", "adult", "adults"];
const ELDERLY: &[&str] = &["elderly", "older", "old", "aged", "agees", "âgées", "ages", "âgés"];
const FILLER: &[&str] = &["years", "yrs", "y", "ans", "and", "to", "under", "below", "over", "above", "plus", "of"];

/// `Women`, `F 18-59`, `Girls reached`, `Elderly men targeted`: a sex and age group, with
/// the figure the other words name (people targeted when they name none, as for `Women`).
fn by_sex_age(words: &[String]) -> Option<(Option<String>, Spread)> {
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let sex = match (has(FEMALE), has(MALE)) {
        (true, false) => "f",
        (false, true) => "m",
        _ => return None,
    };
    let ages: Vec<u32> = words.iter().filter_map(|w| w.parse().ok()).collect();
    let under = words.iter().any(|w| w == "under" || w == "below");
    let age = if has(ELDERLY) {
        "elderly"
    } else if has(CHILDREN) {
        "children"
    } else if let Some(&first) = ages.first() {
        match (first, ages.get(1)) {
            (60.., _) => "elderly",
            (_, Some(&last)) if last <= 18 => "children",
            (first, None) if under && first <= 18 => "children",
            (18.., _) => "adults",
            _ => return None,
        }
    } else if has(ADULTS) {
        "adults"
    } else {
        return None;
    };
    let group: [&[&str]; 6] = [FEMALE, MALE, CHILDREN, ADULTS, ELDERLY, FILLER];
    let rest: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !group.iter().any(|list| list.contains(w)) && w.parse::<u32>().is_err())
        .collect();
    let figure = if rest.is_empty() { Some("#targeted") } else { figure(&rest) };
    let figure = figure.filter(|tag| has_breakdown(tag))?;
    Some((Some(figure.to_string()), Spread { by: BY_SEX_AGE.into(), value: format!("{sex}+{age}") }))
}

/// `Jan-2023`, `2023-01`, `March 2023`, `PIN Mar-23`: a month, and the figure the other
/// words name (none when there are no other words).
fn by_month(words: &[String]) -> Option<(Option<String>, Spread)> {
    // The longest run of words that reads as a month; the rest name the figure.
    for len in (1..=words.len().min(3)).rev() {
        for start in 0..=words.len() - len {
            let Some(month) = parse_month(&words[start..start + len].join(" "), DayOrder::DayFirst) else { continue };
            let rest: Vec<&str> = words[..start].iter().chain(&words[start + len..]).map(String::as_str).collect();
            let figure = match rest.as_slice() {
                [] => None,
                rest => Some(figure(rest)?.to_string()),
            };
            return Some((figure, Spread { by: BY_MONTH.into(), value: month.to_string() }));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(header: &str) -> Option<(Option<String>, String, String)> {
        propose_spread(header).map(|(tag, s)| (tag, s.by, s.value))
    }

    fn group(tag: Option<&str>, by: &str, value: &str) -> Option<(Option<String>, String, String)> {
        Some((tag.map(str::to_string), by.to_string(), value.to_string()))
    }

    #[test]
    fn sector_figures_are_told_from_their_headers() {
        assert_eq!(spread("Food_PIN"), group(Some("#inneed"), BY_SECTOR, "FSC"));
        assert_eq!(spread("WASH_PIN"), group(Some("#inneed"), BY_SECTOR, "WSH"));
        assert_eq!(spread("PIN - Shelter"), group(Some("#inneed"), BY_SECTOR, "SHL"));
        assert_eq!(spread("Protection Severity"), group(Some("#severity"), BY_SECTOR, "PRO"));
        assert_eq!(spread("Intersector_PIN"), group(Some("#inneed"), BY_SECTOR, "IS"));
    }

    #[test]
    fn months_are_told_from_their_headers() {
        for header in ["Jan-2023", "2023-01", "January 2023", "01/2023", "Jan 23"] {
            assert_eq!(spread(header), group(None, BY_MONTH, "2023-01"), "{header}");
        }
        assert_eq!(spread("Reached Mar-2023"), group(Some("#reached"), BY_MONTH, "2023-03"));
        assert_eq!(spread("PIN 2023-02"), group(Some("#inneed"), BY_MONTH, "2023-02"));
        // Words that name no figure: not a month column.
        assert_eq!(spread("Comments Jan-2023"), None);
    }

    #[test]
    fn sex_and_age_groups_are_told_from_their_headers() {
        assert_eq!(spread("Women"), group(Some("#targeted"), BY_SEX_AGE, "f+adults"));
        assert_eq!(spread("Men"), group(Some("#targeted"), BY_SEX_AGE, "m+adults"));
        assert_eq!(spread("Girls"), group(Some("#targeted"), BY_SEX_AGE, "f+children"));
        assert_eq!(spread("Boys"), group(Some("#targeted"), BY_SEX_AGE, "m+children"));
        assert_eq!(spread("F 18-59"), group(Some("#targeted"), BY_SEX_AGE, "f+adults"));
        assert_eq!(spread("M 0-17"), group(Some("#targeted"), BY_SEX_AGE, "m+children"));
        assert_eq!(spread("F 60+"), group(Some("#targeted"), BY_SEX_AGE, "f+elderly"));
        assert_eq!(spread("Girls reached"), group(Some("#reached"), BY_SEX_AGE, "f+children"));
        assert_eq!(spread("Elderly men - reached"), group(Some("#reached"), BY_SEX_AGE, "m+elderly"));
        // People in need have no breakdown; a sex with no age is not a group; other words
        // that name no figure are not a group either.
        for other in ["Girls PIN", "Female", "M", "M&E officer", "Female headed households", "Women and men"] {
            assert_eq!(spread(other), None, "{other}");
        }
    }

    #[test]
    fn other_headers_name_no_group() {
        for other in ["Families", "cash_delivery_mechanism", "Food", "admin1Pcode", "Comments", "2023", "Q1 2023"] {
            assert_eq!(spread(other), None, "{other}");
        }
    }

    #[test]
    fn every_group_has_a_word() {
        let groups: Vec<String> = sex_age_groups().map(|(attrs, _)| attrs).collect();
        assert_eq!(groups, ["f+adults", "m+adults", "f+children", "m+children", "f+elderly", "m+elderly"]);
    }
}
