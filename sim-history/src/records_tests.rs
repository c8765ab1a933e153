use super::*;

fn parse(text: &str) -> Result<Records, InputError> {
    parse_records(text, &RecordOptions::default())
}

fn opts(columns: &str, values: &str, date_format: Option<&str>) -> RecordOptions {
    RecordOptions::parse(&[columns.to_string()], &[values.to_string()], date_format).unwrap()
}

/// The header `ccsim run --records-out` writes, read with no mapping.
const ENGINE: &str = "arrival,contact_type,wait_s,outcome,handle_s,wrap_s,caller_id,group
2024-03-04T08:00:05,calls,0,answered,120.5,10,c1,team
2024-03-04T08:00:01,calls,35.2,abandoned,,,c2,
2024-03-04T08:01:00,chat,3,blocked,,,,
2024-03-04T08:02:00,calls,0,deflected,,,c2,
";

#[test]
fn reads_the_engine_header_as_is_sorted_by_arrival() {
    let r = parse(ENGINE).unwrap();
    assert_eq!(r.records.len(), 4);
    assert_eq!(r.records[0].line, 3, "sorted by arrival");
    assert_eq!(r.records[0].outcome, Outcome::Abandoned);
    assert_eq!(r.records[0].wait_s, 35.2);
    assert_eq!(r.records[0].handle_s, None);
    assert_eq!(r.records[1].handle_s, Some(120.5));
    assert_eq!(r.records[1].wrap_s, Some(10.0));
    assert_eq!(r.records[1].caller_id.as_deref(), Some("c1"));
    assert_eq!(r.records[2].outcome, Outcome::Blocked);
    assert_eq!(r.records[2].caller_id, None, "empty caller is unknown");
    assert!(!r.single_type && r.has_callers && !r.has_agents);
}

/// Three lines in the layout of the Anonymous Bank export (tab-separated, date + clock time).
const BANK: &str = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver
AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\tAGENT\t7:02:55\t7:05:41\t166\tDORIT
AA0101\t34539\t23317894\t2\tPS\t990201\t8:09:16\t8:09:22\t6\t8:09:22\t8:09:27\t5\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER
AA0101\t34540\t0\t0\tPS\t990201\t8:10:16\t8:10:22\t6\t8:10:22\t8:10:27\t5\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER
";

#[test]
fn reads_a_bank_export_with_mappings() {
    let o = opts(
        "date=date,arrival=vru_exit,wait_s=q_time,handle_s=ser_time,contact_type=type,agent=server,caller_id=customer_id",
        "outcome:AGENT=answered,HANG=abandoned,PHANTOM=skip,agent:NO_SERVER=,caller_id:0=",
        Some("%y%m%d"),
    );
    let r = parse_records(BANK, &o).unwrap();
    assert_eq!(r.records.len(), 2);
    assert_eq!(r.skipped, 1);
    let a = &r.records[0];
    assert_eq!(a.arrival.to_string(), "1999-02-01 07:02:56");
    assert_eq!((a.wait_s, a.handle_s), (0.0, Some(166.0)));
    assert_eq!(a.agent.as_deref(), Some("DORIT"));
    assert_eq!(a.caller_id, None, "customer 0 mapped to unknown");
    assert_eq!(r.records[1].caller_id.as_deref(), Some("23317894"));
    assert_eq!(r.records[1].agent, None);
}

#[test]
fn single_type_and_quirks_are_counted() {
    let r = parse("arrival,wait_s,outcome,handle_s\n2024-03-04T08:00,0,answered,0\n2024-03-04T08:01,4,abandoned,30\n2024-03-04T08:02,4,skip,\n").unwrap();
    assert!(r.single_type);
    assert_eq!(r.records[0].contact_type, DEFAULT_TYPE);
    assert_eq!((r.zero_handle, r.handle_ignored, r.skipped), (1, 1, 1));
}

fn err(text: &str) -> InputError {
    parse(text).unwrap_err()
}

#[test]
fn every_unreadable_cell_names_line_column_and_value() {
    let h = "arrival,contact_type,wait_s,outcome,handle_s,wrap_s\n";
    let ok = "2024-03-04T08:00,calls,1,answered,60,5\n";
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "2024-03-04T08:00,calls,-3,answered,60,5",
            "wait_s",
            "-3",
            "negative",
        ),
        (
            "2024-03-04T08:00,calls,abc,answered,60,5",
            "wait_s",
            "abc",
            "not a number",
        ),
        (
            "2024-03-04T08:00,calls,,answered,60,5",
            "wait_s",
            "",
            "empty",
        ),
        (
            "2024-03-04T08:00,calls,1,AGENT,60,5",
            "outcome",
            "AGENT",
            "--values outcome:AGENT=answered",
        ),
        (
            "2024-03-04T08:00,calls,1,answered,,5",
            "handle_s",
            "",
            "handle time",
        ),
        (
            "2024-03-04T08:00,calls,1,answered,-1,5",
            "handle_s",
            "-1",
            "negative",
        ),
        (
            "2024-03-04T08:00,calls,1,answered,60,-5",
            "wrap_s",
            "-5",
            "negative",
        ),
        (
            "2024-03-04T08:00,calls,1,answered,NaN,5",
            "handle_s",
            "NaN",
            "not a number",
        ),
        (
            "04/03/2024 08:00,calls,1,answered,60,5",
            "arrival",
            "04/03/2024 08:00",
            "YYYY-MM-DDTHH:MM",
        ),
        (
            "2024-03-04T08:00,,1,answered,60,5",
            "contact_type",
            "",
            "contact type is empty",
        ),
    ];
    for (row, column, value, msg) in cases {
        let e = err(&format!("{h}{ok}{row}\n"));
        assert_eq!(e.line, Some(3), "{row}: {e}");
        assert_eq!(e.column.as_deref(), Some(*column), "{row}: {e}");
        assert_eq!(e.value, *value, "{row}: {e}");
        assert!(e.to_string().contains(msg), "{row}: {e}");
    }
    let e = err(&format!("{h}{ok}2024-03-04T08:00,calls,1,bogus,60,5\n"));
    assert!(
        e.to_string()
            .contains("answered, abandoned, blocked, deflected"),
        "{e}"
    );
}

#[test]
fn file_level_problems_are_named() {
    let e = err("arrival,outcome\n2024-03-04T08:00,answered\n");
    assert!(e.to_string().contains("wait_s"), "{e}");
    let e = err("arrival,wait_s,outcome\n2024-03-04T08:00,0,answered\n");
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.to_string().contains("--columns handle_s=HEADER"), "{e}");
    let e = err("arrival,wait_s,outcome\n2024-03-04T08:00,0,skip\n");
    assert!(e.to_string().contains("no contacts"), "{e}");
    let e = RecordOptions::parse(&["wait=q_time".into()], &[], None).unwrap_err();
    assert!(e.to_string().contains("unknown column `wait`"), "{e}");
}

#[test]
fn date_and_clock_columns_report_their_own_errors() {
    let o = opts("date=day,arrival=time", "", Some("%y%m%d"));
    let text = "day,time,wait_s,outcome,handle_s\n990201,7:00:00,0,answered,5\n99x201,7:00:00,0,answered,5\n";
    let e = parse_records(text, &o).unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (Some(3), Some("day")), "{e}");
    let text = "day,time,wait_s,outcome,handle_s\n990201,25:00,0,answered,5\n";
    let e = parse_records(text, &o).unwrap_err();
    assert_eq!(
        (e.line, e.column.as_deref()),
        (Some(2), Some("time")),
        "{e}"
    );
    assert!(e.to_string().contains("time of day"), "{e}");
}
