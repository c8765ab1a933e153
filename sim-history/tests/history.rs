//! Interval history import: the semantics of docs/history.md ("Interval history") and every
//! bad-input case with its line and column.

use sim_history::{ColumnMap, HistoryOptions, IntervalHistory, HISTORY_COLUMNS};

fn parse(text: &str) -> Result<IntervalHistory, sim_history::InputError> {
    IntervalHistory::parse(text, &HistoryOptions::default())
}

fn err(text: &str) -> sim_history::InputError {
    parse(text).expect_err("must be rejected")
}

const HEADER: &str = "interval_start,contact_type,offered\n";

#[test]
fn a_day_without_rows_is_missing_and_a_missing_interval_is_zero() {
    // Mon 4 March: 08:00 and 08:30 (08:15 has no row → zero); Tue 5 March: no rows → missing;
    // Wed 6 March: one row.
    let text = format!(
        "{HEADER}2024-03-04T08:00,a,10\n2024-03-04T08:30,a,7\n2024-03-04T08:45,a,3\n2024-03-06T09:00,a,4\n"
    );
    let h = parse(&text).unwrap();
    assert_eq!(h.interval_minutes, 15);
    assert_eq!(h.n_days, 3);
    let t = &h.types[0];
    assert_eq!(t.day_has_data, [true, false, true]);
    let ipd = h.intervals_per_day();
    assert_eq!(t.offered[32], 10.0); // 08:00
    assert_eq!(t.offered[33], 0.0); // 08:15: no row inside a day with rows = closed
    assert_eq!(t.offered[34], 7.0);
    assert_eq!(t.offered[ipd..2 * ipd].iter().sum::<f64>(), 0.0);
    assert!(
        !t.day_has_data[1],
        "a day without rows is never a day of zero volume"
    );
}

#[test]
fn day_with_rows_is_decided_for_the_file_within_each_types_span() {
    // b has no row on Tuesday, but a does: b's Tuesday is zero (closed), not missing.
    // c starts on Tuesday: its Monday is missing (before its first row).
    let text = format!(
        "{HEADER}2024-03-04T08:00,a,1\n2024-03-04T08:30,a,1\n2024-03-04T08:00,b,2\n\
         2024-03-05T08:00,a,1\n2024-03-05T08:00,c,5\n2024-03-06T08:00,b,2\n2024-03-06T08:00,c,1\n"
    );
    let h = parse(&text).unwrap();
    assert_eq!(h.find_type("a").unwrap().day_has_data, [true, true, false]);
    assert_eq!(h.find_type("b").unwrap().day_has_data, [true, true, true]);
    assert_eq!(h.find_type("c").unwrap().day_has_data, [false, true, true]);
}

#[test]
fn contact_type_may_be_absent_and_columns_mapped() {
    let text = "DateTime;Calls;AHT\n2024-03-04 08:00:00;5;300\n2024-03-04 09:00:00;6;200\n";
    let options = HistoryOptions {
        columns: ColumnMap::parse(
            &["interval_start=DateTime,offered=Calls,aht_s=AHT".into()],
            HISTORY_COLUMNS,
        )
        .unwrap(),
        default_type: "support".into(),
    };
    let h = IntervalHistory::parse(text, &options).unwrap();
    assert_eq!(h.types[0].id, "support");
    assert_eq!(h.interval_minutes, 60);
    assert_eq!(h.types[0].aht_s.as_ref().unwrap()[8], 300.0);
}

#[test]
fn reaggregates_by_summing_counts_and_weighting_times_by_handled() {
    let text = "interval_start,offered,handled,aht_s,asa_s\n\
                2024-03-04T08:00,10,8,100,10\n2024-03-04T08:15,20,2,400,40\n\
                2024-03-04T08:30,5,0,,\n2024-03-04T08:45,0,0,,\n";
    let h = parse(text).unwrap().aggregate(30).unwrap();
    let t = &h.types[0];
    assert_eq!(h.interval_minutes, 30);
    assert_eq!(t.offered[16], 30.0);
    assert_eq!(t.handled.as_ref().unwrap()[16], 10.0);
    assert!((t.aht_s.as_ref().unwrap()[16] - (8.0 * 100.0 + 2.0 * 400.0) / 10.0).abs() < 1e-9);
    assert!((t.asa_s.as_ref().unwrap()[16] - (8.0 * 10.0 + 2.0 * 40.0) / 10.0).abs() < 1e-9);
    assert_eq!(t.offered[17], 5.0);
    assert!(
        t.aht_s.as_ref().unwrap()[17].is_nan(),
        "no handled contacts: AHT unknown"
    );
    let e = parse(text).unwrap().aggregate(5).unwrap_err();
    assert!(e.to_string().contains("cannot be split into finer"), "{e}");
    let e = parse(text).unwrap().aggregate(40).unwrap_err();
    assert!(e.to_string().contains("multiple"), "{e}");
}

#[test]
fn infers_each_allowed_interval_length() {
    for m in [5u32, 10, 15, 30, 60] {
        let mut text = HEADER.to_string();
        for k in 0..6 {
            let at = 8 * 60 + k * m;
            text.push_str(&format!("2024-03-04T{:02}:{:02},a,1\n", at / 60, at % 60));
        }
        assert_eq!(parse(&text).unwrap().interval_minutes, m);
    }
}

#[test]
fn duplicate_rows_name_both_lines() {
    let e = err(&format!(
        "{HEADER}2024-03-04T08:00,a,1\n2024-03-04T08:30,a,1\n2024-03-04T08:00,a,2\n"
    ));
    assert_eq!(e.line, Some(4));
    assert!(e.to_string().contains("already on line 2"), "{e}");
}

#[test]
fn negative_fractional_and_unparsable_values_name_line_column_value() {
    let cases = [
        ("2024-03-04T08:30,a,-3", "offered", "-3", "negative"),
        ("2024-03-04T08:30,a,2.5", "offered", "2.5", "whole number"),
        ("2024-03-04T08:30,a,many", "offered", "many", "whole number"),
        (
            "2024-03-04 8h30,a,3",
            "interval_start",
            "2024-03-04 8h30",
            "YYYY-MM-DDTHH:MM",
        ),
        ("2024-03-04T08:30,,3", "contact_type", "", "empty"),
    ];
    for (row, column, value, says) in cases {
        let e = err(&format!("{HEADER}2024-03-04T08:00,a,1\n{row}\n"));
        assert_eq!(e.line, Some(3), "{row}: {e}");
        assert_eq!(e.column.as_deref(), Some(column), "{row}: {e}");
        assert_eq!(e.value, value, "{row}: {e}");
        assert!(e.to_string().contains(says), "{row}: {e}");
    }
    let e = err("interval_start,offered,aht_s\n2024-03-04T08:00,1,-5\n");
    assert_eq!(
        (e.line, e.column.as_deref()),
        (Some(2), Some("aht_s")),
        "{e}"
    );
}

#[test]
fn mixed_interval_lengths_and_misaligned_starts_are_errors_with_line_and_column() {
    // 15-minute rows, then a start 5 minutes after the previous one
    let mut text = HEADER.to_string();
    for k in 0..8 {
        text.push_str(&format!(
            "2024-03-04T{:02}:{:02},a,1\n",
            8 + k / 4,
            (k % 4) * 15
        ));
    }
    text.push_str("2024-03-04T10:05,a,1\n");
    let e = err(&text);
    assert_eq!(
        (e.line, e.column.as_deref()),
        (Some(10), Some("interval_start")),
        "{e}"
    );
    assert!(e.to_string().contains("15-minute"), "{e}");

    // a day of 15-minute rows, then a whole day of 30-minute rows
    let mut text = HEADER.to_string();
    for k in 0..12 {
        text.push_str(&format!(
            "2024-03-04T{:02}:{:02},a,1\n",
            8 + k / 4,
            (k % 4) * 15
        ));
        text.push_str(&format!(
            "2024-03-05T{:02}:{:02},a,1\n",
            8 + k / 4,
            (k % 4) * 15
        ));
    }
    for k in 0..10 {
        text.push_str(&format!(
            "2024-03-06T{:02}:{:02},a,1\n",
            8 + k / 2,
            (k % 2) * 30
        ));
    }
    let e = err(&text);
    assert_eq!(e.line, Some(2 + 24 + 1), "{e}");
    assert!(e.to_string().contains("mixed interval lengths"), "{e}");

    // a gap that is no allowed length
    let e = err(&format!(
        "{HEADER}2024-03-04T08:00,a,1\n2024-03-04T08:07,a,1\n2024-03-04T08:14,a,1\n"
    ));
    assert!(e.to_string().contains("5, 10, 15, 30 or 60"), "{e}");
    assert_eq!(e.column.as_deref(), Some("interval_start"));
}

#[test]
fn missing_columns_and_empty_files_are_clear() {
    let e = err("interval_start,calls\n2024-03-04T08:00,1\n");
    assert!(e.to_string().contains("--columns offered=HEADER"), "{e}");
    let e = err("interval_start,offered\n");
    assert!(e.to_string().contains("no rows"), "{e}");
    let e = IntervalHistory::parse(
        "interval_start,offered\n2024-03-04T08:00,1\n",
        &HistoryOptions {
            columns: ColumnMap::parse(&["handled=Done".into()], HISTORY_COLUMNS).unwrap(),
            ..HistoryOptions::default()
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("`Done`"), "{e}");
}
