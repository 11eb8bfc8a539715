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
        let (mut starts, mut ends): (Vec<Day>, Vec<Day>) = members.map(|r| (start_of(&r.data), end_of(&r.data))).unzip();
        starts.sort_unstable();
        ends.sort_unstable();
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
        self.starts.iter().enumerate().map(|(before, start)| before.saturating_sub(self.ends.partition_point(|e| e < start)) as u64).sum()
    }
}

/// The periods of a set of activities, whole and per organisation.
struct ByOrganisation<'r> {
    all: Periods,
    per_org: HashMap<String, Periods>,
    members: Vec<&'r Record<Activity>>,
}

impl<'r> ByOrganisation<'r> {
    fn of(members: Vec<&'r Record<Activity>>) -> ByOrganisation<'r> {
        let mut by_org: HashMap<String, Vec<&Record<Activity>>> = HashMap::new();
        for record in &members {
            by_org.entry(org_key(&record.data)).or_default().push(record);
        }
        let per_org = by_org.into_iter().map(|(org, list)| (org, Periods::of(list.into_iter()))).collect();
        ByOrganisation { all: Periods::of(members.iter().copied()), per_org, members }
    }

    /// Activities of other organisations than `a`'s that overlap it.
    fn others_overlapping(&self, a: &Activity) -> usize {
        let (start, end) = (start_of(a), end_of(a));
        let same = self.per_org.get(&org_key(a)).map_or(0, |p| p.overlapping(start, end));
        self.all.overlapping(start, end).saturating_sub(same)
    }

    /// Overlapping pairs of different organisations.
    fn pairs(&self) -> u64 {
        let same: u64 = self.per_org.values().map(Periods::overlapping_pairs).sum();
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
pub(super) fn grouped<'p>(plan: &'p Plan, scope: &OverlapScope<'_>) -> BTreeMap<(String, String), Vec<&'p Record<Activity>>> {
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

fn summarise(members: Vec<&Record<Activity>>, sector: String, need: Option<u64>, involving: Option<&dyn Fn(&Activity) -> bool>) -> Option<OverlapGroup> {
    let all = ByOrganisation::of(members);
    let (pairs, involved): (u64, Vec<&Record<Activity>>) = match involving {
        None => (all.pairs(), all.members.iter().copied().filter(|r| all.others_overlapping(&r.data) > 0).collect()),
        Some(test) => {
            let (chosen, rest): (Vec<_>, Vec<_>) = all.members.iter().copied().partition(|r| test(&r.data));
            let chosen = ByOrganisation::of(chosen);
            // Pairs with a chosen side are all pairs but those with no chosen side.
            let pairs = all.pairs().saturating_sub(ByOrganisation::of(rest.clone()).pairs());
            let involved_chosen = chosen.members.iter().copied().filter(|r| all.others_overlapping(&r.data) > 0);
            let involved_rest = rest.into_iter().filter(|r| chosen.others_overlapping(&r.data) > 0);
            (pairs, involved_chosen.chain(involved_rest).collect())
        }
    };
    if pairs == 0 {
        return None;
    }
    let (from, to) = shared_span(&involved, involving);
    let mut involved = involved;
    involved.sort_by(|x, y| x.id.cmp(&y.id));
    let combined = involved.iter().filter_map(|r| r.data.targeted).reduce(u64::saturating_add);
    Some(OverlapGroup {
        area: involved.first().map(|r| r.data.area.trim().to_string()).unwrap_or_default(),
        sector,
        organisations: organisations(&involved),
        activities: involved.iter().map(|r| r.id.clone()).collect(),
        pairs,
        from,
        to,
        combined_targeted: combined,
        people_in_need: need,
        combined_pct_of_need: combined.zip(need).and_then(|(c, n)| Percent::of(c, n)),
    })
}

fn organisations(involved: &[&Record<Activity>]) -> Vec<String> {
    let mut by_key: BTreeMap<String, String> = BTreeMap::new();
    for record in involved {
        by_key.entry(org_key(&record.data)).or_insert_with(|| record.data.reporting_org.trim().to_string());
    }
    by_key.into_values().collect()
}

/// The first and last day on which a pair overlaps: sweeps the periods in time order,
/// counting who is at work, until two organisations are (one of them chosen, when a
/// test is given). Run backwards for the last day.
fn shared_span(involved: &[&Record<Activity>], involving: Option<&dyn Fn(&Activity) -> bool>) -> (Option<IsoDate>, Option<IsoDate>) {
    let chosen = |a: &Activity| involving.is_none_or(|test| test(a));
    let forward: Vec<(Day, Day, &Activity)> = involved.iter().map(|r| (start_of(&r.data), end_of(&r.data), &r.data)).collect();
    let first = first_shared_day(forward.clone(), &chosen, false);
    let last = first_shared_day(forward, &chosen, true);
    let date = |day: Option<Day>| match day {
        Some(Day::On(date)) => Some(date),
        _ => None,
    };
    (date(first), date(last))
}

/// The first day (the last when `backwards`) on which activities of two organisations,
/// one of them chosen, run at once.
fn first_shared_day(periods: Vec<(Day, Day, &Activity)>, chosen: &dyn Fn(&Activity) -> bool, backwards: bool) -> Option<Day> {
    // Events: (day, begins?, activity). Going forwards a period begins at its start; on a
    // tie beginnings come first because periods include both their ends.
    let mut events: Vec<(Day, bool, &Activity)> = Vec::with_capacity(periods.len() * 2);
    for (start, end, a) in periods {
        let (begin, finish) = if backwards { (end, start) } else { (start, end) };
        events.push((begin, true, a));
        events.push((finish, false, a));
    }
    events.sort_by(|x, y| {
        let by_day = if backwards { y.0.cmp(&x.0) } else { x.0.cmp(&y.0) };
        by_day.then(y.1.cmp(&x.1))
    });
    let mut running: HashMap<String, (usize, usize)> = HashMap::new();
    for (day, begins, a) in events {
        let entry = running.entry(org_key(a)).or_default();
        let chosen_here = usize::from(chosen(a));
        if begins {
            entry.0 += 1;
            entry.1 += chosen_here;
        } else {
            entry.0 = entry.0.saturating_sub(1);
            entry.1 = entry.1.saturating_sub(chosen_here);
            if entry.0 == 0 {
                running.remove(&org_key(a));
            }
            continue;
        }
        // Two organisations at work, one with a chosen activity: that activity and one of
        // the other organisation's make a pair.
        if running.len() >= 2 && running.values().any(|(_, chosen)| *chosen > 0) {
            return Some(day);
        }
    }
    None
}

/// The pairs behind one group (`area` and `sector` as the group spells them), in the
/// order `overlaps` lists them; at most `limit`, with the total.
pub fn overlap_pairs_in(plan: &Plan, area: &str, sector: &str, scope: &OverlapScope<'_>, limit: usize) -> (Vec<Overlap>, u64) {
    let key = (code_key(area), code_key(sector));
    let Some(members) = grouped(plan, scope).remove(&key) else { return (Vec::new(), 0) };
    let need = needs_of(plan).get(&key).copied();
    let mut pairs = pairs_of(members, &key.1, need, scope.involving);
    let total = pairs.len() as u64;
    pairs.truncate(limit);
    (pairs, total)
}
