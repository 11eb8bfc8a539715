//! The record registry: every kind of record a plan holds, listed once. The list generates
//! the plan's tables, `TableName`, the visitors over every table and the enums that carry
//! records of any kind (see `model::kind`). A new kind is a module in `model::kinds` and
//! one line here.

use super::kind::{
    default_household_size, record_kinds, EntriesReceiver, Kind, RecordsReceiver, Registered, TablePairVisitor,
    TableVisitor, TableVisitorMut, DEFAULT_HOUSEHOLD_SIZE,
};
use super::kinds::activity::Activity;
use super::kinds::area::Area;
use super::kinds::boundary::BoundaryFeature;
use super::kinds::exchange_rate::ExchangeRate;
use super::kinds::meb::Meb;
use super::kinds::need::Need;
use super::kinds::organisation::Organisation;
use super::kinds::round::Round;
use super::kinds::sector::Sector;
use super::kinds::standard::Standard;
use super::record::{Entry, Table};

record_kinds! {
    /// Administrative areas, by P-code.
    Areas: areas => Area,
    /// Sectors (clusters) and their leads.
    Sectors: sectors => Sector,
    Organisations: organisations => Organisation,
    /// People in need per area and sector.
    Needs: needs => Need,
    /// The 5W.
    Activities: activities => Activity,
    /// Agreed transfer values.
    Standards: standards => Standard,
    /// Minimum Expenditure Baskets.
    Mebs: mebs => Meb,
    ExchangeRates: exchange_rates => ExchangeRate,
    /// Monthly reporting rounds and what each partner sent.
    Rounds: rounds => Round,
    /// Administrative boundaries (COD-AB), by P-code: the shapes maps are drawn on.
    Boundaries: boundaries => BoundaryFeature,
}
