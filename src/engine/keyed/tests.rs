//! Key matching, replace against add, duplicates within a file and conflicts.

use super::*;
use crate::model::change::{apply, Change};
use crate::model::{IsoDate, Registered, Stamp};

fn stamp() -> Stamp {
    Stamp { at: "2024-03-01T00:00:00Z".into(), by: "test".into() }
}

fn act(org: &str, area: &str, what: &str, start: &str, reached: u64) -> Activity {
    Activity {
        reporting_org: org.into(),
        sector: "MPC".into(),
        area: area.into(),
        description: what.into(),
        start: IsoDate::parse(start),
        reached: Some(reached),
        ..Activity::default()
    }
}

fn plan_with(rows: &[(&str, Activity)]) -> Plan {
    let mut plan = Plan::empty("p", "P", "SYR", "USD", "2024-01-01T00:00:00Z");
    for (id, a) in rows {
        plan.activities.put(id, a.clone(), &stamp());
    }
    plan
}

fn rows(list: &[(&str, Activity)]) -> Vec<(String, Activity)> {
    list.iter().map(|(id, a)| (id.to_string(), a.clone())).collect()
}

fn statuses(keyed: &Keyed) -> Vec<&'static str> {
    keyed
        .rows
        .iter()
        .map(|r| match r.status {
            RowStatus::New => "new",
            RowStatus::Update(_) => "update",
            RowStatus::Unchanged => "unchanged",
            RowStatus::Conflicting { .. } => "conflicting",
        })
        .collect()
}

fn march() -> Option<Replace> {
    Some(Replace::month(Month::parse("2024-03").unwrap()))
}

#[test]
fn a_corrected_figure_updates_the_activity_it_keys_to() {
    let plan = plan_with(&[("a1", act("NRC", "SY01", "Cash", "2024-03-02", 100))]);
    // The reader gave the corrected row a new id (its cells changed).
    let keyed =
        classify(&plan, rows(&[("h-new", act("nrc", "sy01", "cash", "2024-03-20", 120))]), &RowKey::default(), None);
    assert_eq!(statuses(&keyed), ["update"]);
    assert_eq!(keyed.rows[0].id, "a1");
    let RowStatus::Update(changes) = &keyed.rows[0].status else { unreachable!() };
    let fields: Vec<_> = changes.iter().map(|c| (c.field, c.old.as_str(), c.new.as_str())).collect();
    assert_eq!(
        fields,
        [
            ("reporting_org", "NRC", "nrc"),
            ("area", "SY01", "sy01"),
            ("description", "Cash", "cash"),
            ("reached", "100", "120"),
            ("start", "2024-03-02", "2024-03-20")
        ]
    );
    // Under the old behaviour the same row is a second activity.
    let whole =
        classify(&plan, rows(&[("h-new", act("NRC", "SY01", "Cash", "2024-03-02", 120))]), &RowKey::WholeRow, None);
    assert_eq!(statuses(&whole), ["new"]);
    assert!(RowKey::WholeRow.double_counts() && !RowKey::default().double_counts());
}

#[test]
fn ids_match_first_and_new_rows_keep_free_ids() {
    let plan = plan_with(&[
        ("a1", act("NRC", "SY01", "Cash", "2024-03-02", 100)),
        ("a2", act("IRC", "SY02", "", "2024-03-01", 5)),
    ]);
    let incoming = rows(&[
        ("a1", act("NRC", "SY01", "Cash", "2024-03-02", 100)),
        ("a2", act("IRC", "SY02", "", "2024-03-01", 6)),
        ("a1-x", act("WFP", "SY03", "", "2024-03-01", 7)),
    ]);
    let keyed = classify(&plan, incoming.clone(), &RowKey::Id, None);
    assert_eq!(statuses(&keyed), ["unchanged", "update", "new"]);
    assert_eq!(keyed.counts(), KeyedCounts { new: 1, updated: 1, unchanged: 1, conflicting: 0, removed: 0 });
    assert_eq!(keyed.puts().iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["a2", "a1-x"]);
    // An id is the activity's identity, whatever else changed.
    let moved =
        classify(&plan, rows(&[("a1", act("NRC", "SY09", "Cash", "2024-03-02", 100))]), &RowKey::default(), None);
    assert_eq!((statuses(&moved), moved.rows[0].id.as_str()), (vec!["update"], "a1"));
    // A new row under key fields whose reader id a deleted activity holds gets another.
    let mut plan = plan_with(&[("k", act("NRC", "SY01", "", "2024-03-01", 1)), ("gone", act("X", "SY01", "", "", 1))]);
    plan.activities.delete("gone", &stamp());
    let taken =
        classify(&plan, rows(&[("gone", act("UNICEF", "SY09", "", "2024-03-01", 1))]), &RowKey::default(), None);
    assert_eq!((statuses(&taken), taken.rows[0].id.as_str()), (vec!["new"], "gone-2"));
    let fresh = classify(
        &plan,
        rows(&[("k", act("NRC", "SY01", "", "2024-03-01", 1)), ("k", act("IRC", "SY01", "", "2024-03-01", 1))]),
        &RowKey::default(),
        None,
    );
    assert_eq!(statuses(&fresh), ["unchanged", "conflicting"], "the same id twice in a file");
}

#[test]
fn rows_sharing_a_key_are_told_apart_by_content_or_are_conflicting() {
    let two_sites =
        [("s1", act("NRC", "SY01", "Cash", "2024-03-01", 10)), ("s2", act("NRC", "SY01", "Cash", "2024-03-05", 20))];
    // First import into an empty plan: both new, and flagged as sharing a key.
    let first = classify(&plan_with(&[]), rows(&two_sites), &RowKey::default(), None);
    assert_eq!((statuses(&first), first.shared_key_rows), (vec!["new", "new"], 2));
    let plan = plan_with(&two_sites);
    // One of the two corrected: the other is identical, so the corrected one is the update.
    let one = classify(
        &plan,
        rows(&[
            ("x", act("NRC", "SY01", "Cash", "2024-03-01", 10)),
            ("y", act("NRC", "SY01", "Cash", "2024-03-05", 25)),
        ]),
        &RowKey::default(),
        None,
    );
    assert_eq!(statuses(&one), ["unchanged", "update"]);
    assert_eq!(one.rows[1].id, "s2");
    // Both corrected: two rows against two activities cannot be paired.
    let both = classify(
        &plan,
        rows(&[
            ("x", act("NRC", "SY01", "Cash", "2024-03-01", 11)),
            ("y", act("NRC", "SY01", "Cash", "2024-03-05", 25)),
        ]),
        &RowKey::default(),
        march(),
    );
    assert_eq!(statuses(&both), ["conflicting", "conflicting"]);
    assert_eq!(both.rows[0].status, RowStatus::Conflicting { rows: 2, activities: 2 });
    assert!(both.removed.is_empty(), "activities a conflict names are not removed");
    // A key matching several activities, one row: conflicting too.
    let several =
        classify(&plan, rows(&[("z", act("NRC", "SY01", "Cash", "2024-03-09", 1))]), &RowKey::default(), None);
    assert_eq!(several.rows[0].status, RowStatus::Conflicting { rows: 1, activities: 2 });
    // With the start date in the key, every row is matched alone.
    let key = RowKey::parse("reporting_org, #adm1+code, Sector, start").unwrap();
    let dated = classify(
        &plan,
        rows(&[
            ("x", act("NRC", "SY01", "Cash", "2024-03-01", 11)),
            ("y", act("NRC", "SY01", "Cash", "2024-03-05", 25)),
        ]),
        &key,
        None,
    );
    assert_eq!(statuses(&dated), ["update", "update"]);
}

#[test]
fn replace_removes_the_partners_unmatched_activities_of_the_month_and_add_does_not() {
    let plan = plan_with(&[
        ("n1", act("NRC", "SY01", "Cash", "2024-03-01", 10)),
        ("n2", act("NRC", "SY02", "Cash", "2024-03-01", 20)),
        ("n3", act("NRC", "SY03", "Cash", "2024-02-01", 30)),
        ("n4", Activity { end: IsoDate::parse("2024-04-30"), ..act("NRC", "SY04", "Cash", "2024-01-15", 40) }),
        ("n5", act("NRC", "SY05", "Cash", "", 50)),
        ("i1", act("IRC", "SY01", "Cash", "2024-03-01", 60)),
    ]);
    let file = rows(&[("f1", act("N.R.C.", "SY01", "Cash", "2024-03-01", 10))]);
    let added = classify(&plan, file.clone(), &RowKey::default(), None);
    // The spelling of the organisation is the only change.
    assert_eq!((statuses(&added), added.removed.len()), (vec!["update"], 0));
    let replaced = classify(&plan, file, &RowKey::default(), march());
    let removed: Vec<&str> = replaced.removed.iter().map(|(id, _)| id.as_str()).collect();
    // n2 (March) and n4 (January to April) go; February, undated and IRC's stay.
    assert_eq!(removed, ["n2", "n4"]);
    assert_eq!(replaced.counts().removed, 2);
    let by_org = replaced.counts_by_organisation();
    assert_eq!((by_org["nrc"].updated, by_org["nrc"].removed), (1, 2));

    let mut applied = plan.clone();
    let change = Change::Batch {
        changes: vec![
            Change::Put { records: Activity::wrap_records(replaced.puts()) },
            Change::delete(crate::model::TableName::Activities, removed.iter().map(|s| s.to_string()).collect()),
        ],
    };
    let undo = apply(&mut applied, change, &stamp()).inverse;
    assert_eq!(applied.activities.len_live(), 4);
    apply(&mut applied, undo, &stamp());
    assert_eq!(applied, plan, "one undo step puts it all back");
}

#[test]
fn a_row_set_aside_keeps_the_activity_its_id_stands_for() {
    let plan = plan_with(&[
        ("n1", act("NRC", "SY01", "Cash", "2024-03-01", 10)),
        ("n2", act("NRC", "SY02", "Cash", "2024-03-01", 20)),
        ("n3", act("NRC", "SY03", "Cash", "2024-03-01", 30)),
        ("i1", act("IRC", "SY01", "Cash", "2024-03-01", 60)),
    ]);
    let file = rows(&[("n1", act("NRC", "SY01", "Cash", "2024-03-01", 11))]);
    // (ids of the rows set aside, what the replacing file removes)
    let cases: [(&[&str], &[&str]); 5] = [
        (&[], &["n2", "n3"]),
        (&["n2"], &["n3"]),
        (&["n2", "n3"], &[]),
        // An id the plan does not have, or another partner's, changes nothing.
        (&["zz", "i1"], &["n2", "n3"]),
        // A row both kept and set aside (the same id twice) is still the update.
        (&["n1"], &["n2", "n3"]),
    ];
    for (set_aside, expected) in cases {
        let ids = set_aside.iter().map(|s| s.to_string()).collect();
        let replace =
            Replace { set_aside: SetAside { ids, without_id: 0 }, ..Replace::month(Month::parse("2024-03").unwrap()) };
        for key in [RowKey::Id, RowKey::default()] {
            let keyed = classify(&plan, file.clone(), &key, Some(replace.clone()));
            let removed: Vec<&str> = keyed.removed.iter().map(|(id, _)| id.as_str()).collect();
            assert_eq!(removed, expected, "set aside {set_aside:?}, key {}", key.code());
            assert_eq!(statuses(&keyed), ["update"]);
            assert_eq!(keyed.counts().removed, expected.len());
        }
    }
    // A row set aside without an id could stand for any of them: the removals stand, and
    // the preview can warn.
    let unknown = Replace {
        set_aside: SetAside { ids: BTreeSet::new(), without_id: 1 },
        ..Replace::month(Month::parse("2024-03").unwrap())
    };
    let held = classify(&plan, file.clone(), &RowKey::default(), Some(unknown));
    assert_eq!(held.removed.len(), 2);
    assert_eq!((held.set_aside_without_id, statuses(&held)), (1, vec!["update"]));
    // Without a replace month nothing is removed whatever was set aside.
    assert!(classify(&plan, file, &RowKey::Id, None).removed.is_empty());
}

#[test]
fn keys_are_read_from_names_hashtags_and_labels() {
    assert_eq!(RowKey::parse("id"), Ok(RowKey::Id));
    assert_eq!(RowKey::parse("Whole row"), Ok(RowKey::WholeRow));
    assert_eq!(
        RowKey::parse("#org+prog, Area, sector, What (description), start month, sector").unwrap().code(),
        "reporting_org,area,sector,description,start_month"
    );
    assert_eq!(RowKey::parse("org,nothing"), Err(KeyError::UnknownField { name: "org".into() }));
    assert_eq!(RowKey::parse(" , "), Err(KeyError::Empty));
    assert_eq!(RowKey::resolve(None, true), Ok(RowKey::Id));
    assert_eq!(RowKey::resolve(None, false), Ok(RowKey::default()));
    assert_eq!(RowKey::resolve(Some(&RowKey::Id), false), Err(KeyError::NoIdColumn));
    assert_eq!(RowKey::default().code(), DEFAULT_KEY.join(","));
}
