//! A reporting round read: who is expected, who has reported (when, rows new, updated and
//! removed), who is late or sent a file with problems, the reminder list to copy into an
//! email, the receipts a keyed import records, and the roll-forward of a month's activities
//! to the next as a preview. Pure: today's date and the stamp are passed in.

use super::keyed::{in_month, Keyed};
use crate::model::rules::values::organisation_key;
use crate::model::sorting::set_of;
use crate::model::{Activity, IsoDate, Month, Plan, Receipt, Round, Status};
use std::collections::BTreeMap;

/// Where a partner stands in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerStatus {
    NotReceived,
    /// Nothing received and the due date has passed.
    Late,
    /// The latest file was imported whole.
    Received,
    /// The latest file had rows that could not be imported.
    WithProblems,
}

impl PartnerStatus {
    pub fn label(&self) -> &'static str {
        match self {
            PartnerStatus::NotReceived => "not received",
            PartnerStatus::Late => "late",
            PartnerStatus::Received => "received",
            PartnerStatus::WithProblems => "with problems",
        }
    }
}

/// One partner's line of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerLine {
    pub organisation: String,
    pub status: PartnerStatus,
    /// The latest file received.
    pub latest: Option<Receipt>,
    /// Files received in all.
    pub files: usize,
}

/// The partners to expect in a round of `period`: the plan's organisations that report
/// activities, and every organisation that reported activities before `period`, once each
/// by the one organisation key (the Organisations table's spelling first).
pub fn expected_partners(plan: &Plan, period: Month) -> Vec<String> {
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    let reporting: Vec<&Activity> = plan.activities.live().map(|r| &r.data).collect();
    for org in plan.organisations.live() {
        let key = organisation_key(&org.data.name);
        if reporting.iter().any(|a| organisation_key(&a.reporting_org) == key) {
            found.entry(key).or_insert_with(|| org.data.name.clone());
        }
    }
    for activity in reporting {
        let before = activity.start.is_some_and(|d| d.month_of() <= period);
        if before && !activity.reporting_org.trim().is_empty() {
            found.entry(organisation_key(&activity.reporting_org)).or_insert_with(|| activity.reporting_org.clone());
        }
    }
    found.into_values().collect()
}

/// The round of `period` as opened: the existing round (if any) with its receipts kept, the
/// due date given (else the one it had) and the partners listed (else those to expect).
pub fn open_round(plan: &Plan, period: Month, due: Option<IsoDate>, listed: Option<Vec<String>>) -> Round {
    let existing = plan.rounds.get(&Round::id_for(period)).map(|r| r.data.clone()).unwrap_or_default();
    let expected = listed.unwrap_or_else(|| expected_partners(plan, period));
    Round {
        period: period.to_string(),
        due: due.or(existing.due),
        expected: set_of(expected.into_iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty())),
        ..existing
    }
}

/// Every expected partner, then any other that sent a file, with its status on `today`.
pub fn round_status(round: &Round, today: IsoDate) -> Vec<PartnerLine> {
    let mut names: Vec<String> = round.expected.iter().cloned().collect();
    for receipt in &round.receipts {
        let key = organisation_key(&receipt.organisation);
        if !names.iter().any(|n| organisation_key(n) == key) {
            names.push(receipt.organisation.clone());
        }
    }
    names
        .into_iter()
        .map(|organisation| {
            let receipts: Vec<&Receipt> = round.receipts_of(&organisation).collect();
            let latest = receipts.last().map(|r| (*r).clone());
            let status = match &latest {
                Some(r) if r.problems > 0 => PartnerStatus::WithProblems,
                Some(_) => PartnerStatus::Received,
                None if round.due.is_some_and(|due| today > due) => PartnerStatus::Late,
                None => PartnerStatus::NotReceived,
            };
            PartnerLine { organisation, status, latest, files: receipts.len() }
        })
        .collect()
}

/// The lines to copy into a reminder: each partner not received, late or with problems.
pub fn reminders(round: &Round, today: IsoDate) -> Vec<String> {
    let due = round.due.map(|d| format!(", due {d}")).unwrap_or_default();
    round_status(round, today)
        .into_iter()
        .filter(|line| line.status != PartnerStatus::Received)
        .map(|line| match line.status {
            PartnerStatus::WithProblems => {
                let problems = line.latest.as_ref().map_or(0, |r| r.problems);
                format!(
                    "{}: your report for {} had {problems} rows we could not import; please correct and send it again.",
                    line.organisation, round.period
                )
            }
            _ => format!("{}: your report for {} is {}{due}.", line.organisation, round.period, line.status.label()),
        })
        .collect()
}

/// The receipts a keyed import records, one per partner its rows name.
pub fn receipts_of(keyed: &Keyed, file: &str, at: &str, set_aside: usize) -> Vec<Receipt> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for row in &keyed.rows {
        names
            .entry(organisation_key(&row.activity.reporting_org))
            .or_insert_with(|| row.activity.reporting_org.clone());
    }
    let only_one = keyed.counts_by_organisation().len() == 1;
    keyed
        .counts_by_organisation()
        .into_iter()
        .map(|(key, counts)| Receipt {
            organisation: names.get(&key).cloned().unwrap_or(key),
            at: at.to_string(),
            file: file.to_string(),
            new: counts.new,
            updated: counts.updated,
            unchanged: counts.unchanged,
            removed: counts.removed,
            // Rows set aside name no partner for sure: one partner's file carries them.
            problems: counts.conflicting + if only_one { set_aside } else { 0 },
        })
        .collect()
}

/// The round with these receipts added.
pub fn with_receipts(round: &Round, receipts: Vec<Receipt>) -> Round {
    let mut round = round.clone();
    round.receipts.extend(receipts);
    round
}

/// The activities of `from` copied into `to` as a preview: each activity running in `from`
/// and not already running in `to` is copied with its dates set to `to`'s first and last
/// day, its reach cleared (not yet reported) and a completed status made planned; ids are
/// `<id>-<to>`, so rolling forward twice proposes the same rows.
pub fn roll_forward(plan: &Plan, from: Month, to: Month, organisation: Option<&str>) -> Vec<(String, Activity)> {
    let (Some(first), Some(last)) = (to.first_day(), to.last_day()) else { return Vec::new() };
    let org = organisation.map(organisation_key);
    plan.activities
        .live()
        .filter(|r| in_month(&r.data, from) && !in_month(&r.data, to))
        .filter(|r| org.as_ref().is_none_or(|o| organisation_key(&r.data.reporting_org) == *o))
        .filter(|r| !matches!(r.data.status, Status::Cancelled | Status::Suspended))
        .map(|r| {
            let status = if r.data.status == Status::Completed { Status::Planned } else { r.data.status };
            let activity = Activity {
                start: Some(first),
                end: Some(last),
                status,
                reached: None,
                reached_households: None,
                reached_by_sex_age: None,
                ..r.data.clone()
            };
            (format!("{}-{to}", r.id), activity)
        })
        .filter(|(id, _)| plan.activities.get(id).is_none())
        .collect()
}

#[cfg(test)]
mod tests;
