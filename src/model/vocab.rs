//! The canonical value lists (modality, status, frequency, …) and the spellings they accept.
//!
//! Importers of every format share these lists, so `active`, `Ongoing` and `on-going` mean
//! the same thing whether they come from HXL, a spreadsheet or the app.

use serde::{Deserialize, Serialize};

/// A closed list of canonical values with accepted spellings.
pub trait Vocabulary: Sized + Copy + 'static {
    /// What the list is called in messages ("status", "frequency").
    const NAME: &'static str;
    /// Every value with its canonical code and extra accepted spellings (already folded).
    const VALUES: &'static [(Self, &'static str, &'static [&'static str])];

    fn code(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::VALUES.iter().find(|(v, _, _)| *v == self).map_or("", |(_, c, _)| c)
    }

    /// Understands the canonical code and common spellings, ignoring case, spaces,
    /// hyphens and underscores.
    fn parse_loose(text: &str) -> Option<Self> {
        let key = fold(text);
        Self::VALUES
            .iter()
            .find(|(_, code, aliases)| folds_to(code, &key) || aliases.contains(&key.as_str()))
            .map(|(v, _, _)| *v)
    }

    /// "cash, voucher, in-kind, service" — for error messages.
    fn accepted() -> String {
        Self::VALUES.iter().map(|(_, c, _)| *c).collect::<Vec<_>>().join(", ")
    }
}

/// Lower-case, with spaces, hyphens, underscores, slashes and dots removed.
pub fn fold(text: &str) -> String {
    folded(text).collect()
}

/// The characters of [`fold`], without building the string.
pub fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.trim().chars().filter(|c| !matches!(c, ' ' | '-' | '_' | '/' | '.' | '\u{a0}')).flat_map(char::to_lowercase)
}

/// Whether `text` folds to `key` (already folded). Importers call this for every cell, so
/// it compares without allocating.
pub fn folds_to(text: &str, key: &str) -> bool {
    folded(text).eq(key.chars())
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $label:literal, { $($variant:ident = $code:literal [$($alias:literal),*]),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }
        impl Vocabulary for $name {
            const NAME: &'static str = $label;
            const VALUES: &'static [(Self, &'static str, &'static [&'static str])] =
                &[$(($name::$variant, $code, &[$($alias),*])),+];
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary!(
    /// How assistance is delivered.
    Modality, "modality", {
        Cash = "cash" ["cashtransfer", "cashtransfers", "mpc", "cashbased"],
        Voucher = "voucher" ["vouchers", "evoucher", "papervoucher"],
        InKind = "in-kind" ["inkinddistribution", "kind", "goods", "nfi"],
        Service = "service" ["services", "servicedelivery"],
    }
);

vocabulary!(
    /// Whether the transfer asks something of the recipient.
    Conditionality, "conditionality", {
        Unconditional = "unconditional" ["uct", "none", "no"],
        Conditional = "conditional" ["conditionalother", "cct", "yes", "conditionaltraining"],
        CashForWork = "cash-for-work" ["cfw", "conditionalcashforwork", "cashforwork", "cashforassets", "cffa"],
    }
);

vocabulary!(
    /// Whether the money may be spent on anything.
    Restriction, "restriction", {
        Unrestricted = "unrestricted" ["cashunrestricted", "voucherunrestricted", "unrestrictedcash"],
        Restricted = "restricted" ["cashrestricted", "voucherrestricted", "commodityvoucher", "valuevoucherrestricted"],
    }
);

vocabulary!(
    /// How often a transfer is paid.
    Frequency, "frequency", {
        OneOff = "one-off" ["once", "onetime", "oneoff", "single", "onceoff", "lumpsum"],
        Weekly = "weekly" ["everyweek", "perweek"],
        Fortnightly = "fortnightly" ["biweekly", "everytwoweeks", "twiceamonth", "bimonthly2weeks"],
        Monthly = "monthly" ["everymonth", "permonth", "repeated", "recurrent", "recurring"],
        Quarterly = "quarterly" ["everythreemonths", "perquarter"],
    }
);

vocabulary!(
    /// Where an activity stands.
    Status, "status", {
        Planned = "planned" ["plan", "pipeline", "notstarted", "upcoming"],
        Ongoing = "ongoing" ["active", "inprogress", "running", "implementation", "started"],
        Completed = "completed" ["complete", "done", "finished", "closed"],
        Suspended = "suspended" ["onhold", "paused", "hold"],
        Cancelled = "cancelled" ["canceled", "cancel", "stopped", "dropped"],
    }
);

vocabulary!(
    /// The link to the national social protection system.
    SocialProtectionLink, "social protection link", {
        None = "none" ["no", "nolink", "na"],
        VerticalExpansion = "vertical-expansion" ["vertical", "topup"],
        HorizontalExpansion = "horizontal-expansion" ["horizontal"],
        Piggybacking = "piggybacking" ["piggyback", "piggybacked"],
        Alignment = "alignment" ["aligned", "shadowalignment"],
    }
);

vocabulary!(
    /// What a transfer value is counted per.
    ValueUnit, "value unit", {
        Household = "household" ["hh", "perhousehold", "family", "perfamily"],
        Person = "person" ["ind", "individual", "perperson", "perindividual", "capita", "percapita"],
        Day = "day" ["perday", "daily", "dailywage"],
    }
);

vocabulary!(
    /// The kind of organisation.
    OrgType, "organisation type", {
        Un = "UN" ["unagency", "unitednations"],
        Ingo = "INGO" ["international", "internationalngo"],
        Nngo = "NNGO" ["national", "nationalngo", "localngo", "lngo", "ngo"],
        Rcrc = "RCRC" ["redcross", "redcrescent", "nationalsociety", "ifrc", "icrc"],
        Government = "government" ["gov", "govt", "ministry", "authority"],
        Donor = "donor" ["funder"],
        Private = "private" ["privatesector", "company", "business"],
    }
);

impl Status {
    /// Planned, ongoing and completed activities count as targeted.
    pub fn counts_as_targeted(self) -> bool {
        matches!(self, Status::Planned | Status::Ongoing | Status::Completed)
    }
    /// Only ongoing and completed activities count as reached.
    pub fn counts_as_reached(self) -> bool {
        matches!(self, Status::Ongoing | Status::Completed)
    }
}

impl Modality {
    /// Cash and voucher transfers have a value to harmonise.
    pub fn is_transfer(self) -> bool {
        matches!(self, Modality::Cash | Modality::Voucher)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_map_to_canonical_values() {
        assert_eq!(Status::parse_loose("Active"), Some(Status::Ongoing));
        assert_eq!(Status::parse_loose("complete"), Some(Status::Completed));
        assert_eq!(Frequency::parse_loose("One time"), Some(Frequency::OneOff));
        assert_eq!(Frequency::parse_loose("once"), Some(Frequency::OneOff));
        assert_eq!(Frequency::parse_loose("bi-weekly"), Some(Frequency::Fortnightly));
        assert_eq!(Conditionality::parse_loose("Cash For Work"), Some(Conditionality::CashForWork));
        assert_eq!(Conditionality::parse_loose("Conditional - Cash For Work"), Some(Conditionality::CashForWork));
        assert_eq!(Restriction::parse_loose("Voucher - Unrestricted"), Some(Restriction::Unrestricted));
        assert_eq!(Modality::parse_loose("In-Kind"), Some(Modality::InKind));
        assert_eq!(Status::parse_loose("maybe"), None);
    }

    #[test]
    fn folding_ignores_case_spaces_and_punctuation() {
        assert_eq!(fold(" Cash-For_Work/x. "), "cashforworkx");
        assert!(folds_to("N/A", "na"));
        assert!(folds_to(" One-Time ", "onetime"));
        assert!(!folds_to("One time more", "onetime"));
    }

    #[test]
    fn codes_round_trip_through_serde() {
        let json = serde_json::to_string(&Frequency::OneOff).unwrap();
        assert_eq!(json, "\"one-off\"");
        assert_eq!(serde_json::from_str::<Frequency>(&json).unwrap(), Frequency::OneOff);
        assert_eq!(Status::accepted(), "planned, ongoing, completed, suspended, cancelled");
    }
}
