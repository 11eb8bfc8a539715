//! The synthetic plans the benchmarks measure, of realistic shape: 4 admin levels (14
//! governorates, 98 districts, 392 sub-districts, 1,960 communities with codes that are not
//! prefix-nested), 12 sectors, needs per community and sector, and any number of cash
//! activities, always the same for a size.

use cashplan::model::{
    Activity, Amount, Area, Frequency, IsoDate, Modality, Need, Plan, Stamp, Standard, Status, Transfer, ValueUnit,
    DEFAULT_SECTORS,
};

/// A small deterministic generator, so every run benchmarks the same plan.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn area(code: String, level: u8, parent: Option<&str>) -> Area {
    Area {
        names: Default::default(),
        name: format!("Area {code}"),
        code,
        level,
        parent: parent.map(str::to_string),
        population: None,
        household_size: None,
    }
}

pub fn synthetic_plan(activities: usize) -> Plan {
    let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "bench".into() };
    let mut plan = Plan::new("bench", "Benchmark", "SYR", "USD", &stamp);
    let mut communities = Vec::new();
    let mut sub_districts = Vec::new();
    for g in 1..=14 {
        let governorate = format!("SY{g:02}");
        plan.areas.upsert(&governorate, area(governorate.clone(), 1, None), &stamp);
        for d in 1..=7 {
            let district = format!("{governorate}{d:02}");
            plan.areas.upsert(&district, area(district.clone(), 2, Some(&governorate)), &stamp);
            for s in 1..=4 {
                let sub_district = format!("{district}{s:02}");
                plan.areas.upsert(&sub_district, area(sub_district.clone(), 3, Some(&district)), &stamp);
                for _ in 1..=5 {
                    let community = format!("C{:04}", communities.len() + 1);
                    plan.areas.upsert(&community, area(community.clone(), 4, Some(&sub_district)), &stamp);
                    communities.push(community);
                }
                sub_districts.push(sub_district);
            }
        }
    }
    let sectors: Vec<&str> = DEFAULT_SECTORS.iter().map(|(code, _, _)| *code).collect();
    let mut random = Lcg(42);
    for community in &communities {
        for sector in &sectors {
            let need = Need {
                area: community.clone(),
                sector: sector.to_string(),
                people_in_need: 100 + random.below(5_000),
                households_in_need: None,
                severity: Some(1 + random.below(5) as u8),
            };
            plan.needs.upsert(&Need::id_for(community, sector), need, &stamp);
        }
    }
    let statuses = [Status::Planned, Status::Ongoing, Status::Completed, Status::Suspended, Status::Cancelled];
    for i in 0..activities {
        let place = if random.below(10) == 0 { &sub_districts } else { &communities };
        let month = 1 + random.below(12) as u8;
        let activity = Activity {
            reporting_org: format!("Org {}", random.below(80)),
            sector: sectors[random.below(sectors.len() as u64) as usize].to_string(),
            area: place[random.below(place.len() as u64) as usize].clone(),
            targeted: Some(random.below(2_000)),
            reached: Some(random.below(2_000)),
            status: statuses[random.below(statuses.len() as u64) as usize],
            modality: Some(Modality::Cash),
            transfer: Some(Transfer {
                value: Amount::from_units(80 + random.below(80) as i64),
                unit: ValueUnit::Household,
                currency: "USD".into(),
            }),
            frequency: Some(Frequency::Monthly),
            start: IsoDate::new(2025, month, 1),
            end: IsoDate::new(2025, month, 28),
            ..Activity::default()
        };
        plan.activities.upsert(&format!("A{i:06}"), activity, &stamp);
    }
    let standard = Standard {
        sector: "MPC".into(),
        cash_for_work: false,
        area: None,
        value: Amount::from_units(120),
        unit: ValueUnit::Household,
        currency: "USD".into(),
        frequency: Frequency::Monthly,
        tolerance_pct: Amount::from_units(10),
        valid_from: None,
        valid_to: None,
        criteria: Default::default(),
        market_wage: None,
    };
    plan.standards.upsert("MPC", standard, &stamp);
    plan
}
