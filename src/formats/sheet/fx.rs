//! The exchange-rate sheet of a cash 4W template (`Type, Currency Code, Operational Rate,
//! Effective Date, Source`): its currency is the one converted to, and UN operational rates
//! are per US dollar, so the proposal says so as a value fixed for the whole file.

use super::mapping::ColumnMapping;
use crate::formats::hxl::OPERATIONAL_FROM;

/// Turns a proposal with a rate column into an exchange-rate mapping: the currency column is
/// the currency converted to, and without a column for the currency converted from, it is
/// the US dollar for the whole file.
pub fn settle_rates(mapping: &mut ColumnMapping) {
    let has = |m: &ColumnMapping, tag: &str| m.columns.iter().any(|c| c.hashtag.as_deref() == Some(tag));
    if !has(mapping, "#value+fx") {
        return;
    }
    if !has(mapping, "#currency+to") {
        if let Some(column) = mapping.columns.iter_mut().find(|c| c.hashtag.as_deref() == Some("#currency")) {
            column.hashtag = Some("#currency+to".into());
        }
    }
    if !has(mapping, "#currency+from") {
        mapping.fixed.entry("#currency+from".into()).or_insert_with(|| OPERATIONAL_FROM.into());
    }
}
