//! Overlaps summarised per area and sector: which organisations work there at the same
//! time, how many activity pairs overlap, when, and how much they target together.
//!
//! The list of pairs (`overlaps`) grows with the square of a busy area's activities — a
//! country-wide 5W of 100k activities holds millions of pairs — so screens read these
//! groups, computed in O(n log n) by counting instead of pairing, and list the pairs of one
//! group at a time (`overlap_pairs_in`).

use super::lookup::code_key;
use super::overlaps::{pairs_of, Overlap};
use crate::engine::coverage::Percent;
use crate::engine::gaps::runs_in_month;
use crate::model::sorting;
use crate::model::{vocab::fold, Activity, IsoDate, Month, Plan, Record};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Which activities an overlap must concern. The default is the whole plan.
#[derive(Clone, Copy, Default)]
pub struct OverlapScope<'a> {
    /// Only this sector (matched like P-codes: trimmed, any case).
    pub sector: Option<&'a str>,
    /// Only pairs whose shared period runs in this month.
    pub month: Option<Month>,
    /// Only pairs with at least one side passing this test (an organisation or modality
    /// filter: an overlap concerns both partners).
    pub involving: Option<&'a dyn Fn(&Activity) -> bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapGroup {
    /// The area code as the first involved activity spells it (trimmed).
    pub area: String,
    /// The sector code, upper case.
    pub sector: String,
    /// The organisations with at least one overlapping activity, each once (first spelling
    /// met, trimmed), sorted by their folded names.
    pub organisations: Vec<String>,
    /// Ids of the activities in at least one overlapping pair, sorted.
    pub activities: Vec<String>,
    /// Pairs of activities by different organisations whose dates overlap.
    pub pairs: u64,
    /// The earliest and latest day on which two organisations work at the same time; None
    /// at an end that is open.
    pub from: Option<IsoDate>,
    pub to: Option<IsoDate>,
    /// The sum of the targets of the overlapping activities (None when none gives one).
    pub combined_targeted: Option<u64>,
    pub people_in_need: Option<u64>,
    pub combined_pct_of_need: Option<Percent>,
}

/// Orders days with an open start before every date and an open end after every date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Day {
    Before,
    On(IsoDate),
    After,
}

fn start_of(a: &Activity) -> Day {
    a.start.map_or(Day::Before, Day::On)
}
fn end_of(a: &Activity) -> Day {
    a.end.map_or(Day::After, Day::On)
}

/// Sorted starts and ends of a set of activities, to count in O(log n) how many of them
/// overlap a given period.
#[derive(Default)]
struct Periods {
    starts: Vec<Day>,
    ends: Vec<Day>,
}

impl Periods {
    fn of<'r>(members: impl Iterator<Item = &'r Record<Activity>>) -> Periods {
        let (mut starts, mut ends): (Vec<Day>, Vec<Day>) =
            members.map(|r| (start_of(&r.data), end_of(&r.data))).unzip();
        sorting::sort(&mut starts);
        sorting::sort(&mut ends);
        Periods { starts, ends }
    }

    /// How many of these periods share at least a day with `[start, end]`.
    fn overlapping(&self, start: Day, end: Day) -> usize {
        let started = self.starts.partition_point(|s| *s <= end);
        let ended_before = self.ends.partition_point(|e| *e < start);
        started.saturating_sub(ended_before)
    }

    /// Pairs among these periods that share at least a day. Every period that ended before
    /// a start also began before it, so each period overlaps exactly the earlier-started
    /// ones that have not ended.
    fn overlapping_pairs(&self) -> u64 {
        // Saturating although `grouped` keeps only periods that end on or after their start:
        // bad data must never panic.
        self.starts
            .iter()
            .enumerate()
            .map(|(before, start)| before.saturating_sub(self.ends.partition_point(|e| e < start)) as u64)
            .sum()
    }
}

/// An activity of a group with its organisation as a small number: organisations are
/// folded once per activity, not at every comparison.
type Member<'r> = (&'r Record<Activity>, usize);

/// Numbers the members' organisations by folded name.
fn numbered<'r>(records: Vec<&'r Record<Activity>>) -> (Vec<Member<'r>>, usize) {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let members = records
        .into_iter()
        .map(|record| {
            let next = numbers.len();
            (record, *numbers.entry(org_key(&record.data)).or_insert(next))
        })
        .collect();
    (members, numbers.len())
}

/// The periods of a set of activities, whole and per organisation.
struct ByOrganisation {
    all: Periods,
    per_org: Vec<Periods>,
}

impl ByOrganisation {
    fn of(members: &[Member<'_>], orgs: usize) -> ByOrganisation {
        let mut by_org: Vec<Vec<&Record<Activity>>> = vec![Vec::new(); orgs];
        for &(record, org) in members {
            if let Some(list) = by_org.get_mut(org) {
                list.push(record);
            }
        }
        let per_org = by_org.into_iter().map(|list| Periods::of(list.into_iter())).collect();
        ByOrganisation { all: Periods::of(members.iter().map(|(r, _)| *r)), per_org }
    }

    /// Activities of other organisations than the member's that overlap it.
    fn others_overlapping(&self, (record, org): Member<'_>) -> usize {
        let (start, end) = (start_of(&record.data), end_of(&record.data));
        let same = self.per_org.get(org).map_or(0, |p| p.overlapping(start, end));
        self.all.overlapping(start, end).saturating_sub(same)
    }

    /// Overlapping pairs of different organisations.
    fn pairs(&self) -> u64 {
        let same: u64 = self.per_org.iter().map(Periods::overlapping_pairs).sum();
        self.all.overlapping_pairs().saturating_sub(same)
    }
}

/// Organisations are told apart the way pairs tell them apart: folded, so "Mercy Corps"
/// and "mercy-corps" are one.
fn org_key(a: &Activity) -> String {
    fold(&a.reporting_org)
}

/// A start after the end never overlaps anything; `cashplan check` reports it.
fn has_valid_period(a: &Activity) -> bool {
    start_of(a) <= end_of(a)
}

/// The activities the scope keeps, grouped by (area key, sector key).
pub(super) fn grouped<'p>(
    plan: &'p Plan,
    scope: &OverlapScope<'_>,
) -> BTreeMap<(String, String), Vec<&'p Record<Activity>>> {
    let sector = scope.sector.map(code_key);
    let mut groups: BTreeMap<(String, String), Vec<&Record<Activity>>> = BTreeMap::new();
    for record in plan.activities.live() {
        let a = &record.data;
        // Pairwise-overlapping periods share a day (Helly), so a pair's shared period runs
        // in the month exactly when both activities do.
        if !a.status.counts_as_targeted() || !has_valid_period(a) || scope.month.is_some_and(|m| !runs_in_month(a, m)) {
            continue;
        }
        let key = (code_key(&a.area), code_key(&a.sector));
        if sector.as_ref().is_none_or(|s| *s == key.1) {
            groups.entry(key).or_default().push(record);
        }
    }
    groups
}

pub(super) fn needs_of(plan: &Plan) -> HashMap<(String, String), u64> {
    plan.needs.live().map(|r| ((code_key(&r.data.area), code_key(&r.data.sector)), r.data.people_in_need)).collect()
}

/// One line per area and sector where activities of different organisations overlap in
/// time, sorted by area and sector.
pub fn overlap_groups(plan: &Plan, scope: &OverlapScope<'_>) -> Vec<OverlapGroup> {
    let needs = needs_of(plan);
    grouped(plan, scope)
        .into_iter()
        .filter_map(|((area, sector), members)| {
            let need = needs.get(&(area, sector.clone())).copied();
            summarise(members, sector, need, scope.involving)
        })
        .collect()
}

fn summarise(
    records: Vec<&Record<Activity>>,
    sector: String,
    need: Option<u64>,
    involving: Option<&dyn Fn(&Activity) -> bool>,
) -> Option<OverlapGroup> {
    let (members, orgs) = numbered(records);
    let all = ByOrganisation::of(&members, orgs);
    let (pairs, mut involved): (u64, Vec<Member>) = match involving {
        None => (all.pairs(), members.iter().copied().filter(|m| all.others_overlapping(*m) > 0).collect()),
        Some(test) => {
            let (chosen, rest): (Vec<Member>, Vec<Member>) = members.iter().copied().partition(|(r, _)| test(&r.data));
            let of_chosen = ByOrganisation::of(&chosen, orgs);
            // Pairs with a chosen side are all pairs but those with no chosen side.
            let pairs = all.pairs().saturating_sub(ByOrganisation::of(&rest, orgs).pairs());
            let involved_chosen = chosen.iter().copied().filter(|m| all.others_overlapping(*m) > 0);
            let involved_rest = rest.iter().copied().filter(|m| of_chosen.others_overlapping(*m) > 0);
            (pairs, involved_chosen.chain(involved_rest).collect())
        }
    };
    if pairs == 0 {
        return None;
    }
    let (from, to) = shared_span(&involved, orgs, involving);
    sorting::sort_by(&mut involved, |(x, _), (y, _)| x.id.cmp(&y.id));
    let combined = involved.iter().filter_map(|(r, _)| r.data.targeted).reduce(u64::saturating_add);
    Some(OverlapGroup {
        area: involved.first().map(|(r, _)| r.data.area.trim().to_string()).unwrap_or_default(),
        sector,
        organisations: organisations(&involved),
        activities: involved.iter().map(|(r, _)| r.id.clone()).collect(),
        pairs,
        from,
        to,
        combined_targeted: combined,
        people_in_need: need,
        combined_pct_of_need: combined.zip(need).and_then(|(c, n)| Percent::of(c, n)),
    })
}

fn organisations(involved: &[Member<'_>]) -> Vec<String> {
    let mut by_key: BTreeMap<String, String> = BTreeMap::new();
    for (record, _) in involved {
        by_key.entry(org_key(&record.data)).or_insert_with(|| record.data.reporting_org.trim().to_string());
    }
    by_key.into_values().collect()
}

/// The first and last day on which a pair overlaps: sweeps the periods in time order,
/// counting who is at work, until two organisations are (one of them chosen, when a
/// test is given). Run backwards for the last day.
fn shared_span(
    involved: &[Member<'_>],
    orgs: usize,
    involving: Option<&dyn Fn(&Activity) -> bool>,
) -> (Option<IsoDate>, Option<IsoDate>) {
    let periods: Vec<Period> = involved
        .iter()
        .map(|(r, org)| Period {
            start: start_of(&r.data),
            end: end_of(&r.data),
            org: *org,
            chosen: involving.is_none_or(|test| test(&r.data)),
        })
        .collect();
    let date = |day: Option<Day>| match day {
        Some(Day::On(date)) => Some(date),
        _ => None,
    };
    (date(first_shared_day(&periods, orgs, false)), date(first_shared_day(&periods, orgs, true)))
}

struct Period {
    start: Day,
    end: Day,
    org: usize,
    chosen: bool,
}

/// The first day (the last when `backwards`) on which activities of two organisations,
/// one of them chosen, run at once.
fn first_shared_day(periods: &[Period], orgs: usize, backwards: bool) -> Option<Day> {
    // Events: (day, begins?, period). Going forwards a period begins at its start; on a
    // tie beginnings come first because periods include both their ends.
    let mut events: Vec<(Day, bool, &Period)> = Vec::with_capacity(periods.len() * 2);
    for period in periods {
        let (begin, finish) = if backwards { (period.end, period.start) } else { (period.start, period.end) };
        events.push((begin, true, period));
        events.push((finish, false, period));
    }
    sorting::sort_by(&mut events, |x, y| {
        let by_day = if backwards { y.0.cmp(&x.0) } else { x.0.cmp(&y.0) };
        by_day.then(y.1.cmp(&x.1))
    });
    // Per organisation: activities at work, and how many of them are chosen.
    let mut running = vec![(0usize, 0usize); orgs];
    let (mut orgs_at_work, mut orgs_with_chosen) = (0usize, 0usize);
    for (day, begins, period) in events {
        let Some(entry) = running.get_mut(period.org) else { continue };
        let before = *entry;
        let chosen_here = usize::from(period.chosen);
        if begins {
            *entry = (entry.0 + 1, entry.1 + chosen_here);
        } else {
            *entry = (entry.0.saturating_sub(1), entry.1.saturating_sub(chosen_here));
        }
        let after = *entry;
        orgs_at_work = (orgs_at_work + usize::from(after.0 > 0)).saturating_sub(usize::from(before.0 > 0));
        orgs_with_chosen = (orgs_with_chosen + usize::from(after.1 > 0)).saturating_sub(usize::from(before.1 > 0));
        // Two organisations at work, one with a chosen activity: that activity and one of
        // the other organisation's make a pair.
        if begins && orgs_at_work >= 2 && orgs_with_chosen > 0 {
            return Some(day);
        }
    }
    None
}

/// The pairs behind one group (`area` and `sector` as the group spells them), in the
/// order `overlaps` lists them; at most `limit`, with the total.
pub fn overlap_pairs_in(
    plan: &Plan,
    area: &str,
    sector: &str,
    scope: &OverlapScope<'_>,
    limit: usize,
) -> (Vec<Overlap>, u64) {
    let key = (code_key(area), code_key(sector));
    let Some(members) = grouped(plan, scope).remove(&key) else { return (Vec::new(), 0) };
    let need = needs_of(plan).get(&key).copied();
    let mut pairs = pairs_of(members, &key.1, need, scope.involving);
    let total = pairs.len() as u64;
    pairs.truncate(limit);
    (pairs, total)
}
