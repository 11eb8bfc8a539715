//! Exchange rates as HXL in the cash 4W template's shape: without a `#currency+from` column
//! the rates are UN operational rates (units of the currency per US dollar), and the preview
//! and the command line say so.

use cashplan::formats::hxl::{read_hxl, ImportNote, TableKind};
use cashplan::model::{Plan, Stamp};
use cli_helpers::{cashplan, load, workdir};

mod cli_helpers;

fn plan() -> Plan {
    Plan::new("p1", "NW Syria", "SYR", "USD", &Stamp { at: "2024-05-01T00:00:00Z".into(), by: "test".into() })
}

/// The template's FX sheet with a hashtag row: "Currency Code" is the currency converted to.
const TEMPLATE: &str = "Type,Currency Code,Operational Rate,Effective Date,Source\n\
    ,#currency,#value+fx,#date,#meta+source\n\
    UN Operational,SYP,12500,2023-03-01,treasury.un.org\n\
    UN Operational,TRY,18.95,2023-03-01,treasury.un.org\n";

#[test]
fn rates_without_a_from_column_are_per_us_dollar_and_the_preview_says_so() {
    let plan = plan();
    let batch = read_hxl("fx.csv", TEMPLATE, None, &plan).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(batch.kind(), TableKind::ExchangeRates);
    assert_eq!(batch.notes, vec![ImportNote::RatesPerUsDollar]);
    let note = batch.notes[0].to_string();
    assert!(note.contains("per US dollar (USD)") && note.contains("#currency+from"), "{note}");
    assert_eq!(batch.preview.adds, 2);
    let mut plan = plan;
    batch.apply(&mut plan, &Stamp { at: "2024-05-01T00:00:00Z".into(), by: "test".into() });
    let try_rate = &plan.exchange_rates.get("USD|TRY|2023-03-01").expect("USD → TRY").data;
    assert_eq!((try_rate.from.as_str(), try_rate.to.as_str(), try_rate.rate), ("USD", "TRY", 18.95));
    assert_eq!(plan.exchange_rates.get("USD|SYP|2023-03-01").expect("USD → SYP").data.rate, 12500.0);
}

#[test]
fn a_from_column_is_read_as_given_with_no_note() {
    let text = "#currency+from,#currency+to,#value+fx,#date\nTRY,USD,0.0307,2024-03-01\n";
    let batch = read_hxl("rates.csv", text, None, &plan()).unwrap_or_else(|e| panic!("{e}"));
    assert!(batch.notes.is_empty(), "{:?}", batch.notes);
    let rates: Vec<String> = match &batch.records {
        cashplan::model::AnyRecords::ExchangeRates(rows) => rows.iter().map(|(id, _)| id.clone()).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(rates, vec!["TRY|USD|2024-03-01".to_string()]);
}

#[test]
fn a_dollar_row_in_a_per_dollar_file_is_refused_with_its_row() {
    // USD per USD is no exchange rate: the rules refuse it, at its row.
    let text = "#currency,#value+fx,#date\nUSD,1,2023-03-01\n";
    let errors = read_hxl("fx.csv", text, None, &plan()).expect_err("a rate from a currency to itself");
    assert!(errors.to_string().contains("row 2"), "{errors}");
}

#[test]
fn the_command_line_says_the_rates_are_per_us_dollar() {
    let dir = workdir("fx-per-dollar");
    assert_eq!(cashplan(&dir, &["new", "p.json", "--name", "FX", "--country", "SYR"]).code, 0);
    std::fs::write(dir.join("fx.csv"), TEMPLATE).unwrap();
    let run = cashplan(&dir, &["import", "p.json", "fx.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("fx.csv: note: no column gives the currency converted from"), "{}", run.stdout);
    assert_eq!(load(&dir.join("p.json")).exchange_rates.get("USD|TRY|2023-03-01").unwrap().data.rate, 18.95);
}
