//! Partner status, reminders, receipts from a keyed import, expected partners and the
//! roll-forward preview.

use super::*;
use crate::engine::keyed::{classify, Replace, RowKey};
use crate::model::{Organisation, Stamp};

fn stamp() -> Stamp {
    Stamp { at: "2024-04-01T00:00:00Z".into(), by: "test".into() }
}

fn date(text: &str) -> IsoDate {
    IsoDate::parse(text).unwrap()
}

fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

fn act(org: &str, area: &str, start: &str, end: &str, status: Status) -> Activity {
    Activity {
        reporting_org: org.into(),
        sector: "MPC".into(),
        area: area.into(),
        start: IsoDate::parse(start),
        end: IsoDate::parse(end),
        status,
        reached: Some(10),
        targeted: Some(20),
        ..Activity::default()
    }
}

fn receipt(org: &str, problems: usize) -> Receipt {
    Receipt {
        organisation: org.into(),
        at: "2024-04-05T10:00:00Z".into(),
        file: "f.xlsx".into(),
        problems,
        ..Receipt::default()
    }
}

#[test]
fn each_partner_is_received_late_not_received_or_with_problems() {
    let round = Round {
        period: "2024-03".into(),
        due: Some(date("2024-04-10")),
        expected: ["NRC", "IRC", "WFP"].iter().map(|s| s.to_string()).collect(),
        receipts: vec![receipt("nrc", 0), receipt("W.F.P.", 2), receipt("UNICEF", 0)],
    };
    let before = round_status(&round, date("2024-04-10"));
    let got: Vec<(&str, &str, usize)> =
        before.iter().map(|l| (l.organisation.as_str(), l.status.label(), l.files)).collect();
    assert_eq!(
        got,
        [("IRC", "not received", 0), ("NRC", "received", 1), ("WFP", "with problems", 1), ("UNICEF", "received", 1)]
    );
    let after = round_status(&round, date("2024-04-11"));
    assert_eq!(after[0].status, PartnerStatus::Late);
    assert_eq!(
        reminders(&round, date("2024-04-11")),
        [
            "IRC: your report for 2024-03 is late, due 2024-04-10.",
            "WFP: your report for 2024-03 had 2 rows we could not import; please correct and send it again."
        ]
    );
    // A corrected file received later clears the problems.
    let fixed = with_receipts(&round, vec![receipt("WFP", 0)]);
    assert_eq!(round_status(&fixed, date("2024-04-11"))[2].status, PartnerStatus::Received);
    assert_eq!(round_status(&fixed, date("2024-04-11"))[2].files, 2);
}

#[test]
fn a_keyed_import_records_one_receipt_per_partner() {
    let mut plan = Plan::empty("p", "P", "SYR", "USD", "2024-01-01T00:00:00Z");
    plan.activities.put("n1", act("NRC", "SY01", "2024-03-01", "", Status::Completed), &stamp());
    plan.activities.put("n2", act("NRC", "SY02", "2024-03-01", "", Status::Completed), &stamp());
    let mut changed = act("NRC", "SY01", "2024-03-01", "", Status::Completed);
    changed.reached = Some(15);
    let incoming =
        vec![("x".to_string(), changed), ("y".to_string(), act("IRC", "SY03", "2024-03-02", "", Status::Ongoing))];
    let keyed = classify(&plan, incoming, &RowKey::default(), Some(Replace::month(month("2024-03"))));
    let receipts = receipts_of(&keyed, "march.xlsx", "2024-04-02T09:00:00Z", 3);
    let got: Vec<_> =
        receipts.iter().map(|r| (r.organisation.as_str(), r.new, r.updated, r.removed, r.problems)).collect();
    assert_eq!(got, [("IRC", 1, 0, 0, 0), ("NRC", 0, 1, 1, 0)], "rows set aside are not laid on one of two partners");
    let one = classify(
        &plan,
        vec![("y".into(), act("IRC", "SY03", "2024-03-02", "", Status::Ongoing))],
        &RowKey::default(),
        None,
    );
    assert_eq!(receipts_of(&one, "irc.xlsx", "t", 3)[0].problems, 3);
}

#[test]
fn expected_partners_are_those_that_reported_before_once_each() {
    let mut plan = Plan::empty("p", "P", "SYR", "USD", "2024-01-01T00:00:00Z");
    plan.organisations.put("o-nrc", Organisation::named("Norwegian Refugee Council (NRC)"), &stamp());
    plan.organisations.put("o-donor", Organisation::named("ECHO"), &stamp());
    plan.activities.put("a", act("nrc", "SY01", "2024-01-01", "", Status::Completed), &stamp());
    plan.activities.put(
        "b",
        act("Norwegian Refugee Council (NRC)", "SY01", "2024-02-01", "", Status::Completed),
        &stamp(),
    );
    plan.activities.put("c", act("IRC", "SY01", "2024-02-01", "", Status::Completed), &stamp());
    plan.activities.put("d", act("Later", "SY01", "2024-05-01", "", Status::Planned), &stamp());
    assert_eq!(expected_partners(&plan, month("2024-03")), ["IRC", "Norwegian Refugee Council (NRC)", "nrc"]);
}

#[test]
fn roll_forward_copies_the_month_with_dates_status_and_reach_adjusted() {
    let mut plan = Plan::empty("p", "P", "SYR", "USD", "2024-01-01T00:00:00Z");
    plan.activities.put("done", act("NRC", "SY01", "2024-03-01", "2024-03-31", Status::Completed), &stamp());
    plan.activities.put("running", act("NRC", "SY02", "2024-01-01", "2024-06-30", Status::Ongoing), &stamp());
    plan.activities.put("going", act("IRC", "SY03", "2024-03-05", "", Status::Ongoing), &stamp());
    plan.activities.put("stopped", act("IRC", "SY04", "2024-03-05", "", Status::Cancelled), &stamp());
    plan.activities.put("feb", act("IRC", "SY05", "2024-02-05", "", Status::Ongoing), &stamp());
    let rolled = roll_forward(&plan, month("2024-03"), month("2024-04"), None);
    let ids: Vec<&str> = rolled.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["done-2024-04", "going-2024-04"], "running already covers April; cancelled and February stay");
    let (_, copy) = &rolled[0];
    assert_eq!(
        (copy.start, copy.end, copy.status, copy.reached, copy.targeted),
        (Some(date("2024-04-01")), Some(date("2024-04-30")), Status::Planned, None, Some(20))
    );
    assert_eq!(roll_forward(&plan, month("2024-03"), month("2024-04"), Some("irc")).len(), 1);
    for (id, a) in rolled {
        plan.activities.put(&id, a, &stamp());
    }
    assert!(roll_forward(&plan, month("2024-03"), month("2024-04"), None).is_empty(), "rolled once only");
}
