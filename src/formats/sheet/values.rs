//! What kind of values each hashtag holds, the distinct raw values of coded columns, and the
//! canonical value proposed for each, including compound values that set two fields.

use super::cells::is_missing;
use super::headers::header_key;
use super::mapping::{ColumnMapping, ValueChoice};
use super::RawTable;
use crate::model::sorting;
use crate::model::vocab::{fold, Vocabulary};
use crate::model::{Conditionality, Frequency, Modality, Restriction, Status, DEFAULT_SECTORS};
use std::collections::{BTreeMap, HashMap};

/// A closed list a coded column's values must come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Coded {
    Sector,
    Modality,
    Conditionality,
    Restriction,
    Status,
    Frequency,
    Currency,
}

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Coded(Coded),
    /// Listed for review but any text is kept (delivery channels).
    Free,
    /// Whole people or households; decimals are rounded with a warning.
    Count,
    Amount,
    Date,
    /// A reporting month, from a date or a month however written.
    Month,
    /// Kept as it is.
    Text,
}

/// Parts of a compound value are tried against these lists, in this order.
const COMPOUND_FIELDS: [Coded; 5] =
    [Coded::Modality, Coded::Conditionality, Coded::Restriction, Coded::Frequency, Coded::Sector];

/// Common sector spellings (folded) beyond the codes and names of the default sectors.
const SECTOR_ALIASES: &[(&str, &[&str])] = &[
    (
        "MPC",
        &[
            "multipurpose",
            "multipurposecash",
            "mpca",
            "mpct",
            "multisector",
            "multisectoral",
            "cashmultiusage",
            "multiusage",
            "abm",
        ],
    ),
    (
        "FSC",
        &[
            "food",
            "foodsecurity",
            "fss",
            "fsl",
            "foodsecurityandlivelihoods",
            "fsac",
            "foodassistance",
            "securitealimentaire",
            "sa",
        ],
    ),
    (
        "SHL",
        &["shelter", "nfi", "shelternfi", "shelterandnfi", "esnfi", "snfi", "abris", "abri", "abrisnfi", "abrisame"],
    ),
    ("WSH", &["water", "watersanitationhygiene", "eha", "eauhygieneassainissement"]),
    ("HEA", &["health", "sante"]),
    ("EDU", &["education", "educ"]),
    ("NUT", &["nutrition", "nut"]),
    ("PRO", &["protection", "gbv", "childprotection", "cp", "vbg"]),
    ("CCCM", &["campmanagement", "cccm"]),
    ("ERL", &["earlyrecovery", "livelihoods", "relevementprecoce"]),
    ("LOG", &["logistics", "logistique"]),
    ("IS", &["intersector", "intersectoral", "intersectorial", "is", "intersectorpin", "overall", "overallpin"]),
    ("ETC", &["telecommunications", "telecom"]),
];

const CURRENCY_ALIASES: &[(&str, &[&str])] = &[
    ("USD", &["$", "us$", "dollar", "dollars", "usdollar", "usdollars"]),
    ("EUR", &["€", "euro", "euros"]),
    ("TRY", &["tl", "₺", "lira", "turkishlira", "ytl"]),
    ("SYP", &["sp", "syrianpound", "syrianpounds", "ls"]),
    ("GBP", &["£", "pound", "pounds", "poundsterling"]),
];

impl Coded {
    /// The hashtag a compound value's extra part goes to.
    pub fn hashtag(self) -> &'static str {
        match self {
            Coded::Sector => "#sector",
            Coded::Modality => "#modality",
            Coded::Conditionality => "#modality+conditionality",
            Coded::Restriction => "#modality+restriction",
            Coded::Status => "#status",
            Coded::Frequency => "#frequency",
            Coded::Currency => "#currency",
        }
    }

    /// The canonical value when `raw` is a code or a known spelling of one.
    pub fn canonical(self, raw: &str) -> Option<String> {
        fn code<V: Vocabulary + PartialEq>(raw: &str) -> Option<String> {
            V::parse_loose(raw).map(|v| v.code().to_string())
        }
        let key = fold(raw);
        match self {
            Coded::Sector => {
                let key = header_key(raw);
                DEFAULT_SECTORS
                    .iter()
                    .find(|(code, name, _)| header_key(code) == key || header_key(name) == key)
                    .map(|(code, _, _)| *code)
                    .or_else(|| SECTOR_ALIASES.iter().find(|(_, a)| a.contains(&key.as_str())).map(|(c, _)| *c))
                    .map(str::to_string)
            }
            Coded::Modality => code::<Modality>(raw),
            Coded::Conditionality => code::<Conditionality>(raw),
            Coded::Restriction => code::<Restriction>(raw),
            Coded::Status => code::<Status>(raw),
            Coded::Frequency => code::<Frequency>(raw),
            Coded::Currency => {
                let trimmed = raw.trim();
                if trimmed.len() == 3 && trimmed.chars().all(|c| c.is_ascii_alphabetic()) {
                    return Some(trimmed.to_ascii_uppercase());
                }
                CURRENCY_ALIASES.iter().find(|(_, a)| a.contains(&key.as_str())).map(|(c, _)| c.to_string())
            }
        }
    }

    /// What the list accepts, for error messages.
    pub fn accepted(self) -> String {
        match self {
            Coded::Sector => {
                DEFAULT_SECTORS.iter().map(|(code, name, _)| format!("{code} ({name})")).collect::<Vec<_>>().join(", ")
            }
            Coded::Modality => Modality::accepted(),
            Coded::Conditionality => Conditionality::accepted(),
            Coded::Restriction => Restriction::accepted(),
            Coded::Status => Status::accepted(),
            Coded::Frequency => Frequency::accepted(),
            Coded::Currency => "a three-letter ISO 4217 code such as USD, EUR, TRY".to_string(),
        }
    }
}

/// How cells of a column with this hashtag are read.
pub fn field_kind(hashtag: &str) -> FieldKind {
    let mut parts = hashtag.trim_start_matches('#').split('+');
    let name = parts.next().unwrap_or_default();
    let attributes: Vec<&str> = parts.collect();
    let has = |a: &str| attributes.contains(&a);
    match name {
        "sector" => FieldKind::Coded(Coded::Sector),
        "modality" if has("conditionality") => FieldKind::Coded(Coded::Conditionality),
        "modality" if has("restriction") => FieldKind::Coded(Coded::Restriction),
        "modality" => FieldKind::Coded(Coded::Modality),
        "status" => FieldKind::Coded(Coded::Status),
        "frequency" => FieldKind::Coded(Coded::Frequency),
        "currency" => FieldKind::Coded(Coded::Currency),
        "channel" => FieldKind::Free,
        "targeted" | "reached" | "inneed" | "affected" | "population" => FieldKind::Count,
        "indicator" if has("payments") => FieldKind::Count,
        "value" | "indicator" if !has("text") => FieldKind::Amount,
        "date" if has("reported") => FieldKind::Month,
        "date" => FieldKind::Date,
        _ => FieldKind::Text,
    }
}

/// The proposed meaning of a coded raw value: its own field from the whole value or one of
/// its parts, plus any other field a part names (`Voucher - Unrestricted` → voucher).
pub fn propose(field: Coded, hashtag: &str, raw: &str) -> Option<ValueChoice> {
    if is_missing(raw) {
        return None;
    }
    let parts: Vec<&str> = raw
        .split([',', ';', ':', '(', ')', '–', '—', '|', '+'])
        .flat_map(|p| p.split(" - ").flat_map(|q| q.split(" / ")))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let whole = field.canonical(raw);
    let own_part = parts.iter().position(|p| field.canonical(p).is_some());
    let own = whole.or_else(|| own_part.and_then(|i| parts.get(i)).and_then(|p| field.canonical(p)))?;
    let mut set = BTreeMap::from([(hashtag.to_string(), own)]);
    if parts.len() > 1 {
        for part in &parts {
            if field.canonical(part).is_some() {
                continue;
            }
            let other =
                COMPOUND_FIELDS.iter().filter(|f| **f != field).find_map(|f| f.canonical(part).map(|v| (*f, v)));
            if let Some((other, value)) = other {
                set.entry(other.hashtag().to_string()).or_insert(value);
            }
        }
    }
    Some(ValueChoice::Set(set))
}

/// What a raw value of a column with this hashtag means: the choice the mapping holds, else
/// the proposal. The mapping screen shows this and the import applies it, so a value shown
/// "(as proposed)" is imported as shown, whenever the column was mapped.
pub fn meaning(mapping: &ColumnMapping, hashtag: &str, raw: &str) -> Option<ValueChoice> {
    mapping.value_choice(hashtag, raw).cloned().or_else(|| match field_kind(hashtag) {
        FieldKind::Coded(field) => propose(field, hashtag, raw),
        _ => None,
    })
}

/// Stores the proposal of every coded value the mapping has no choice for yet, so a saved
/// mapping says in full what it does.
pub fn store_proposals(table: &RawTable, mapping: &mut ColumnMapping) {
    for listed in distinct_values(table, mapping) {
        if let (Some(choice), FieldKind::Coded(_)) = (listed.proposal, listed.kind) {
            if mapping.value_choice(&listed.hashtag, &listed.raw).is_none() {
                mapping.set_value(&listed.hashtag, &listed.raw, choice);
            }
        }
    }
}

/// One distinct raw value of a listed column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueCount {
    pub column: usize,
    pub header: String,
    pub hashtag: String,
    pub kind: FieldKind,
    /// The first spelling seen (others fold to the same key).
    pub raw: String,
    pub count: usize,
    /// The mapping's choice if it has one, else the proposal.
    pub proposal: Option<ValueChoice>,
}

/// The distinct non-missing values of every coded or free-text listed column, most
/// frequent first, for the user to review.
pub fn distinct_values(table: &RawTable, mapping: &ColumnMapping) -> Vec<ValueCount> {
    let mut listed = Vec::new();
    for (index, choice) in mapping.columns.iter().enumerate() {
        let Some(hashtag) = choice.hashtag.as_deref() else { continue };
        let kind = field_kind(hashtag);
        if !matches!(kind, FieldKind::Coded(_) | FieldKind::Free) {
            continue;
        }
        // Counted by spelling first (no allocation per cell), then each spelling folded once.
        let mut by_spelling: HashMap<&str, (usize, usize)> = HashMap::new();
        for (order, (_, cell)) in table.column(index).enumerate() {
            by_spelling.entry(cell).or_insert((order, 0)).1 += 1;
        }
        let mut spellings: Vec<(&str, (usize, usize))> =
            by_spelling.into_iter().filter(|(cell, _)| !is_missing(cell)).collect();
        sorting::sort_by_key(&mut spellings, |(_, (first_seen, _))| *first_seen);
        let mut by_key: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for (cell, (_, count)) in spellings {
            by_key.entry(fold(cell)).or_insert_with(|| (cell.to_string(), 0)).1 += count;
        }
        let mut values: Vec<ValueCount> = by_key
            .into_values()
            .map(|(raw, count)| {
                let proposal = meaning(mapping, hashtag, &raw);
                ValueCount {
                    column: index,
                    header: choice.header.clone(),
                    hashtag: hashtag.to_string(),
                    kind,
                    raw,
                    count,
                    proposal,
                }
            })
            .collect();
        sorting::sort_by(&mut values, |a, b| b.count.cmp(&a.count).then_with(|| a.raw.cmp(&b.raw)));
        listed.extend(values);
    }
    listed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pairs: &[(&str, &str)]) -> Option<ValueChoice> {
        Some(ValueChoice::Set(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()))
    }

    #[test]
    fn compound_values_set_two_fields() {
        assert_eq!(
            propose(Coded::Sector, "#sector", "Multipurpose - One time"),
            set(&[("#sector", "MPC"), ("#frequency", "one-off")])
        );
        assert_eq!(
            propose(Coded::Sector, "#sector", "Multipurpose - Repeated"),
            set(&[("#sector", "MPC"), ("#frequency", "monthly")])
        );
        let restriction = "#modality+restriction";
        assert_eq!(
            propose(Coded::Restriction, restriction, "Voucher - Unrestricted"),
            set(&[(restriction, "unrestricted"), ("#modality", "voucher")])
        );
        assert_eq!(
            propose(Coded::Restriction, restriction, "Cash - Unrestricted"),
            set(&[(restriction, "unrestricted"), ("#modality", "cash")])
        );
        let conditionality = "#modality+conditionality";
        assert_eq!(
            propose(Coded::Conditionality, conditionality, "Conditional - Cash For Work"),
            set(&[(conditionality, "cash-for-work")])
        );
        assert_eq!(
            propose(Coded::Conditionality, conditionality, "Conditional - Other"),
            set(&[(conditionality, "conditional")])
        );
    }

    #[test]
    fn sectors_and_currencies_by_code_name_or_alias() {
        for (raw, code) in [
            ("Food", "FSC"),
            ("Shelter/NFI", "SHL"),
            ("shelter", "SHL"),
            ("WASH", "WSH"),
            ("Multi-Purpose Cash", "MPC"),
            ("Santé", "HEA"),
        ] {
            assert_eq!(Coded::Sector.canonical(raw).as_deref(), Some(code), "{raw}");
        }
        assert_eq!(Coded::Currency.canonical("try").as_deref(), Some("TRY"));
        assert_eq!(Coded::Currency.canonical("US$").as_deref(), Some("USD"));
        assert_eq!(Coded::Currency.canonical("dollars US"), None);
        assert_eq!(propose(Coded::Status, "#status", "N/A"), None);
        assert_eq!(propose(Coded::Status, "#status", "whenever"), None);
    }

    #[test]
    fn kinds_follow_the_hashtag() {
        assert_eq!(field_kind("#targeted+hh"), FieldKind::Count);
        assert_eq!(field_kind("#indicator+payments"), FieldKind::Count);
        assert_eq!(field_kind("#value+transfer+hh"), FieldKind::Amount);
        assert_eq!(field_kind("#modality+restriction"), FieldKind::Coded(Coded::Restriction));
        assert_eq!(field_kind("#date+start"), FieldKind::Date);
        assert_eq!(field_kind("#channel"), FieldKind::Free);
        assert_eq!(field_kind("#adm1+code"), FieldKind::Text);
    }
}
