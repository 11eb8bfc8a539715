//! The fields of a kind of record as people know them: a stable key (what problems and
//! forms refer to), a label in the user's words, the HXL hashtag files carry it under, and
//! what kind of value it holds.

/// What kind of value a field holds, which decides how its text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// Free text (a name, a description).
    Text,
    /// A whole number of people or households.
    Count,
    /// Money or another exact decimal of 0 or more.
    Amount,
    /// A decimal above 0 (a household size, an exchange rate).
    Positive,
    /// Degrees of latitude or longitude (WGS 84): a signed decimal.
    Coordinate,
    Currency,
    Date,
    /// A month `YYYY-MM`.
    Month,
    /// An area's P-code the plan knows.
    Area,
    /// A sector's code (or name) the plan knows.
    Sector,
    /// One value of a canonical list (`model::vocab`), named by the list.
    Choice(&'static str),
    /// `;`-separated values.
    List,
    /// Yes or no.
    Flag,
    /// An admin level from 1 to 4.
    Level,
    /// A severity from 1 to 5.
    Severity,
}

impl ValueType {
    /// Whether the field holds text people write freely (and that can hold anything).
    pub fn is_free_text(self) -> bool {
        matches!(self, ValueType::Text | ValueType::List)
    }
}

/// One field of a kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    /// The hashtag with attributes this field is exported and imported under.
    pub hxl: &'static str,
    pub value: ValueType,
    pub required: bool,
}

impl Field {
    pub const fn new(key: &'static str, label: &'static str, hxl: &'static str, value: ValueType) -> Field {
        Field { key, label, hxl, value, required: false }
    }

    pub const fn required(self) -> Field {
        Field { required: true, ..self }
    }
}

/// The field with this key among `fields`.
pub fn field<'a>(fields: &'a [Field], key: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.key == key)
}
