//! One module per kind of record: the record type, its fields, its rules and how it is
//! named. Registered once in `model::registry`.

pub mod activity;
pub mod area;
pub mod boundary;
pub mod exchange_rate;
pub mod meb;
pub mod need;
pub mod organisation;
pub mod round;
pub mod sector;
pub mod standard;

/// A field's text from an optional value.
pub(crate) fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}
